/**
 * The one description of a debug exit: the flag rule decides which bytes are ESR bits, and far counts
 * only for ESR_ELx_EC_WATCHPT_LOW, the one class for which Linux's kvm_handle_guest_debug writes it.
 * Byte vectors: the S1/S2 rows of conformance/ (5.10 with stale padding, 6.1 with the flag).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeDebugArch } from './debug-exit.ts';
import { describeDebugExit, formatDebugExit } from './debug-exit-view.ts';

const bytes = (s: string): Uint8Array => Uint8Array.from(s.split(' '), (b) => parseInt(b, 16));
const view = (hex: string, flags: number) => describeDebugExit(decodeDebugArch(bytes(hex), flags, 'le'), flags, 'le');

test('describeDebugExit: with the flag, hsr_high is ESR[63:32] and the verdict gives all 64 bits', () => {
  const v = view('21 43 00 f2 00 00 00 00 88 77 66 55 44 33 22 11', 1);
  assert.equal(v.verdict, 'ESR = 0x00000000f2004321 (all 64 bits)');
  assert.deepEqual(v.fields.map((f) => [f.name, f.value]), [['hsr', '0xf2004321'], ['hsr_high', '0x00000000'], ['far', '0x1122334455667788']]);
  assert.equal(v.farWritten, false, 'BRK: far is stale');
  assert.equal(v.flagsText, '0x0001: KVM_DEBUG_ARCH_HSR_HIGH_VALID set');
});

test('describeDebugExit: without the flag, the stale bytes 4..7 are named and not taken for ESR bits', () => {
  const v = view('21 43 00 f2 ab 00 00 00 88 77 66 55 44 33 22 11', 0);
  assert.equal(v.verdict, 'ESR[31:0] = 0xf2004321; ESR[63:32] unknown');
  assert.equal(v.fields[1]!.value, 'unknown');
  assert.match(v.fields[1]!.meaning, /bytes 4\.\.7 \(ab 00 00 00\) are not ESR\[63:32\]/);
  assert.match(formatDebugExit(v), /^flags {4}0x0000: KVM_DEBUG_ARCH_HSR_HIGH_VALID clear$/m);
});

test('describeDebugExit: far is written for EC 0x34 (WATCHPT_LOW) only, not for WATCHPT_CUR, step or breakpoint', () => {
  const esrBytes = (esr: number) => [0, 8, 16, 24].map((s) => ((esr >>> s) & 0xff).toString(16).padStart(2, '0')).join(' ');
  const far = ' 00 00 00 00 00 08 01 00 00 00 00 00';
  assert.equal(view(esrBytes(0xd2000062) + far, 1).farWritten, true);
  assert.match(view(esrBytes(0xd2000062) + far, 1).fields[2]!.meaning, /FAR of the watchpoint hit/);
  for (const esr of [0xd6000062, 0xca000022, 0xc2000022, 0xf2000000]) assert.equal(view(esrBytes(esr) + far, 1).farWritten, false, esr.toString(16));
});
