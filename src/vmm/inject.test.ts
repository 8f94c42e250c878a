/** Vector offsets of Arm ARM D1.3.1 (Table D1-7): synchronous exceptions taken to EL1. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syncVectorOffset } from './inject.ts';
import { classifyDebugExit } from './debug-class.ts';

test('exception vector: current EL with SP_EL1 (EL1h) 0x200, with SP_EL0 (EL1t) 0x000, from EL0 0x400', () => {
  assert.equal(syncVectorOffset(0x3c5n), 0x200n);      // EL1h, DAIF masked
  assert.equal(syncVectorOffset(0x3c4n), 0x000n);      // EL1t
  assert.equal(syncVectorOffset(0x0n), 0x400n);        // EL0t
  assert.equal(syncVectorOffset(0x2003c5n), 0x200n);   // PSTATE.SS set does not change it
  assert.equal(syncVectorOffset(0x10n), 0x600n);       // AArch32 EL0
});

test('debug exit classes from the observed real-KVM ESR values', () => {
  assert.deepEqual(classifyDebugExit(0xf2001234), { ec: 0x3c, cls: 'brk', imm: 0x1234, isWrite: false });
  assert.equal(classifyDebugExit(0xc2000022).cls, 'hwbreak');
  assert.equal(classifyDebugExit(0xcb000022).cls, 'step');
  assert.equal(classifyDebugExit(0xca000022).cls, 'step');
  assert.deepEqual(classifyDebugExit(0xd2000062), { ec: 0x34, cls: 'watch', imm: 0x62, isWrite: true });
  assert.equal(classifyDebugExit(0xd2000022).isWrite, false);
  assert.equal(classifyDebugExit(0xe2000000).cls, 'bkpt32');
  assert.equal(classifyDebugExit(0x96000050).cls, 'other');
});
