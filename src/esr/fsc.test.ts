import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fscDescription, ecFeatureTableMarkdown, EC_TABLE } from './index.ts';

// The DFSC table of Arm ARM D24.2.45 ("ISS encoding for an exception from a Data Abort"), written out
// here code by code; "All other values are reserved".
const DFSC: Record<number, RegExp> = {
  0x00: /^Address size fault, level 0/, 0x01: /^Address size fault, level 1$/, 0x02: /level 2$/, 0x03: /level 3$/,
  0x04: /^Translation fault, level 0$/, 0x05: /^Translation fault, level 1$/, 0x06: /^Translation fault, level 2$/, 0x07: /^Translation fault, level 3$/,
  0x08: /^Access flag fault, level 0$/, 0x09: /^Access flag fault, level 1$/, 0x0a: /^Access flag fault, level 2$/, 0x0b: /^Access flag fault, level 3$/,
  0x0c: /^Permission fault, level 0$/, 0x0d: /^Permission fault, level 1$/, 0x0e: /^Permission fault, level 2$/, 0x0f: /^Permission fault, level 3$/,
  0x10: /^Synchronous External abort, not on translation table walk/, 0x11: /^Synchronous Tag Check Fault$/,
  0x12: /^Synchronous External abort on translation table walk.*level -2$/, 0x13: /External abort on .*level -1$/,
  0x14: /External abort on .*level 0$/, 0x15: /External abort on .*level 1$/, 0x16: /External abort on .*level 2$/, 0x17: /External abort on .*level 3$/,
  0x18: /^Synchronous parity or ECC error on memory access, not on translation table walk$/,
  0x1b: /parity or ECC error .*level -1$/, 0x1c: /parity or ECC error .*level 0$/, 0x1d: /level 1$/, 0x1e: /level 2$/, 0x1f: /parity or ECC error .*level 3$/,
  0x21: /^Alignment fault$/, 0x22: /^Granule Protection Fault on .*level -2$/, 0x23: /^Granule Protection Fault on .*level -1$/,
  0x24: /^Granule Protection Fault on .*level 0$/, 0x25: /level 1$/, 0x26: /level 2$/, 0x27: /^Granule Protection Fault on .*level 3$/,
  0x28: /^Granule Protection Fault, not on translation table walk/, 0x29: /^Address size fault, level -1$/,
  0x2a: /^Translation fault, level -2$/, 0x2b: /^Translation fault, level -1$/, 0x2c: /^Address size fault, level -2$/,
  0x30: /^TLB conflict abort$/, 0x31: /^Unsupported atomic hardware update fault$/,
  0x34: /^IMPLEMENTATION DEFINED fault \(Lockdown\)$/, 0x35: /^IMPLEMENTATION DEFINED fault \(Unsupported Exclusive or Atomic access\)$/,
};

test('DFSC: every code the Arm ARM allocates has its meaning, every other code is reserved', () => {
  for (let code = 0; code < 64; code++) {
    const got = fscDescription(code, 'data');
    const want = DFSC[code];
    if (want) assert.match(got ?? '(reserved)', want, `DFSC 0x${code.toString(16)}`);
    else assert.equal(got, undefined, `DFSC 0x${code.toString(16)} is reserved`);
  }
});

test('IFSC excludes the data-only codes (Tag Check 0x11, Alignment 0x21, 0x35); debug ISS knows only 0b100010', () => {
  for (const code of [0x11, 0x21, 0x35]) assert.equal(fscDescription(code, 'instruction'), undefined);
  assert.match(fscDescription(0x07, 'instruction')!, /Translation fault, level 3/);
  assert.equal(fscDescription(0x22, 'debug'), 'Debug exception');
  assert.equal(fscDescription(0x10, 'debug'), undefined);
});

test('ecFeatureTableMarkdown lists every allocated EC with its esr.h name', () => {
  const md = ecFeatureTableMarkdown();
  const rows = md.trim().split('\n').slice(2);
  assert.equal(rows.length, EC_TABLE.length);
  assert.match(md, /^\| 0x3a \| `ESR_ELx_EC_VECTOR32` \| Vector Catch exception from AArch32 state \|/m);
  assert.match(md, /^\| 0x14 \| `ESR_ELx_EC_SYS128` \(not in Linux esr.h\) \|/m);
});
