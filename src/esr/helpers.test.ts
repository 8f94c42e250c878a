import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  esrEc, esrIl, esrIss, esrIss2, isWatchpointEc, isBreakpointEc, isSoftwareStepEc, isBreakInstructionEc, isDebugEc,
  watchpointWnR, watchpointCM, watchpointNumber, stepIsv, stepEx, brkComment, makeEsr, ecName, ecTable,
  ESR_ELx_EC_WATCHPT_LOW, ESR_ELx_EC_SOFTSTP_LOW, ESR_ELx_EC_BRK64, ESR_ELx_EC_BREAKPT_LOW, ESR_ELx_EC_VECTOR32,
} from './index.ts';

// Values from real Linux KVM debug exits (conformance rows a–d, test/system/conformance-reference.ts).
test('helpers on KVM debug exits: EC, IL, ISS and the debug-class predicates', () => {
  assert.equal(esrEc(0xd2000062n), ESR_ELx_EC_WATCHPT_LOW);
  assert.equal(esrEc(0xd2000062), 0x34); // hsr as a number works too
  assert.equal(esrIl(0xd2000062n), 1);
  assert.equal(esrIss(0xf2001234n), 0x1234);
  assert.equal(esrIss2(0xab_f200_4321n), 0xab);
  assert.ok(isWatchpointEc(esrEc(0xd2000022n)) && isWatchpointEc(0x35) && !isWatchpointEc(0x24));
  assert.ok(isBreakpointEc(esrEc(0xc2000022n)) && isBreakpointEc(0x31));
  assert.ok(isSoftwareStepEc(esrEc(0xcb000022n)) && isSoftwareStepEc(0x33));
  assert.ok(isBreakInstructionEc(esrEc(0xf2001234n)) && isBreakInstructionEc(0x38));
  for (const ec of [0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x38, 0x3a, 0x3c]) assert.ok(isDebugEc(ec), `0x${ec.toString(16)}`);
  for (const ec of [0x00, 0x15, 0x18, 0x24, 0x25, 0x2f]) assert.ok(!isDebugEc(ec));
});

test('helpers: watchpoint WnR/CM/number, step ISV/EX, BRK comment', () => {
  assert.equal(watchpointWnR(0xd2000062n), true);
  assert.equal(watchpointWnR(0xd2000022n), false);
  assert.equal(watchpointCM(0xd2000162n), true);
  assert.equal(watchpointNumber(0xd2000062n), undefined);
  assert.equal(watchpointNumber(0xd2000062 | (1 << 17) | (9 << 18)), 9);
  assert.equal(stepIsv(0xcb000022n), true);
  assert.equal(stepIsv(0xca000022n), false);
  assert.equal(stepEx(0xcb000062n), true);
  assert.equal(stepEx(0xca000062n), false, 'EX is not valid when ISV is 0');
  assert.equal(brkComment(0xf2004321n), 0x4321);
});

test('makeEsr builds the syndromes QEMU syndrome.h gives for debug events', () => {
  assert.equal(makeEsr({ ec: ESR_ELx_EC_BRK64, iss: 0x1234 }), 0xf2001234n);
  assert.equal(makeEsr({ ec: ESR_ELx_EC_BREAKPT_LOW, iss: 0x22 }), 0xc2000022n);
  assert.equal(makeEsr({ ec: ESR_ELx_EC_SOFTSTP_LOW, iss: (1 << 24) | 0x22 }), 0xcb000022n);
  assert.equal(makeEsr({ ec: ESR_ELx_EC_WATCHPT_LOW, iss: 0x62 }), 0xd2000062n);
  assert.equal(makeEsr({ ec: ESR_ELx_EC_VECTOR32, iss: 0x22, iss2: 1 }), 0x1_ea000022n);
  assert.throws(() => makeEsr({ ec: 64 }), /ec must be an integer in 0..63/);
  assert.throws(() => makeEsr({ ec: 0, iss: 1 << 25 }), /iss must be/);
});

test('ecName and ecTable: Linux esr.h names for every class Linux defines', () => {
  // The list of ESR_ELx_EC_* macros in arch/arm64/include/asm/esr.h (v6.14).
  const linux: Record<number, string> = {
    0x00: 'UNKNOWN', 0x01: 'WFx', 0x03: 'CP15_32', 0x04: 'CP15_64', 0x05: 'CP14_MR', 0x06: 'CP14_LS', 0x07: 'FP_ASIMD',
    0x08: 'CP10_ID', 0x09: 'PAC', 0x0a: 'OTHER', 0x0c: 'CP14_64', 0x0d: 'BTI', 0x0e: 'ILL', 0x11: 'SVC32', 0x12: 'HVC32',
    0x13: 'SMC32', 0x15: 'SVC64', 0x16: 'HVC64', 0x17: 'SMC64', 0x18: 'SYS64', 0x19: 'SVE', 0x1a: 'ERET', 0x1c: 'FPAC',
    0x1d: 'SME', 0x1f: 'IMP_DEF', 0x20: 'IABT_LOW', 0x21: 'IABT_CUR', 0x22: 'PC_ALIGN', 0x24: 'DABT_LOW', 0x25: 'DABT_CUR',
    0x26: 'SP_ALIGN', 0x27: 'MOPS', 0x28: 'FP_EXC32', 0x2c: 'FP_EXC64', 0x2d: 'GCS', 0x2f: 'SERROR', 0x30: 'BREAKPT_LOW',
    0x31: 'BREAKPT_CUR', 0x32: 'SOFTSTP_LOW', 0x33: 'SOFTSTP_CUR', 0x34: 'WATCHPT_LOW', 0x35: 'WATCHPT_CUR', 0x38: 'BKPT32',
    0x3a: 'VECTOR32', 0x3c: 'BRK64',
  };
  for (const [v, n] of Object.entries(linux)) assert.equal(ecName(Number(v)), `ESR_ELx_EC_${n}`);
  const flagged = ecTable().filter((e) => e.linux).map((e) => e.value).sort((a, b) => a - b);
  assert.deepEqual(flagged, Object.keys(linux).map(Number).sort((a, b) => a - b));
  for (const e of ecTable()) assert.match(e.issSection, /^Arm ARM D24\.2\.45 ESR_EL1, "ISS encoding for /, e.name);
});
