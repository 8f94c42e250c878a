/**
 * EL1's controls over EL0 and the Event Register where the guests/el0 guest cannot reach: both execution
 * tiers, and SEV/SEVL. The rules: Arm ARM AArch64.CheckSPAlignment (SCTLR_EL1.SA/SA0), WFE with
 * AArch64.CheckForWFxTrap (SCTLR_EL1.nTWE, taken only when the Event Register is clear), D1.6 "Wait for
 * Event" (SEV and SEVL set the register, WFE clears it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RAM_BASE, withSyncVectors } from './test-helpers.ts';
import { RunStop } from './api.ts';


test('SP alignment (SCTLR_EL1.SA): a load based on SP faults (EC 0x26) once SP is misaligned, also from a compiled block', () => {
  const m = withSyncVectors([
    0xd2804b02, // 0x00 mov  x2, #600
    0xf94003e0, // 0x04 loop: ldr x0, [sp]      (compiled after 500 jumps)
    0xf1000442, // 0x08 subs x2, x2, #1
    0x54ffffc1, // 0x0c b.ne loop
    0xd10023ff, // 0x10 sub  sp, sp, #8
    0x17fffffc, // 0x14 b    loop
  ]);
  const sp = m.cpu.getSp() - 0x100n;
  m.cpu.setSp(sp);
  assert.equal(m.cpu.run(100000), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0xa04n, 'in the current-EL synchronous vector');
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x9a000000n, 'EC 0x26, IL, ISS 0');
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 4n);
  assert.equal(m.cpu.getSysReg('SP_EL1'), sp - 8n);
  assert.equal(m.cpu.getX(2), 0n, 'the 600 aligned loads ran before');
});

test('WFE at EL0 with SCTLR_EL1.nTWE = 0: traps (EC 0x01, TI = 1) only when the Event Register is clear; SEVL sets it', () => {
  const m = withSyncVectors([
    0xd503205f, // 0x00 wfe               (register clear: traps)
    0xd50320bf, // 0x04 sevl
    0xd503205f, // 0x08 wfe               (consumes the event)
    0xd503205f, // 0x0c wfe               (traps)
  ]);
  m.cpu.setSysReg('SCTLR_EL1', m.cpu.getSysReg('SCTLR_EL1') & ~(1n << 18n));
  m.cpu.setPstate(0); // EL0t
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0xc04n, 'in the lower-EL synchronous vector');
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x07e00001n, 'EC 0x01, IL, CV 1, COND 0xE, TI 1 (WFE)');
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE);
  m.cpu.setPc(RAM_BASE + 4n);
  m.cpu.setPstate(0);
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 0xcn, 'the first WFE after SEVL completed');
});

test('WFE with SCTLR_EL1.nTWE = 1, or at EL1, completes; SEV sets the register as SEVL does', () => {
  const m = withSyncVectors([
    0xd503205f, // 0x00 wfe
    0xd503209f, // 0x04 sev
    0xd503205f, // 0x08 wfe
    0xd503205f, // 0x0c wfe
    0xd4000002, // 0x10 hvc #0
  ]);
  m.cpu.setPstate(0); // EL0t, nTWE = 1 at reset
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0xc04n, 'EL0 reached the HVC (UNDEFINED at EL0): no WFE trapped');
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 0x10n);
  const e = withSyncVectors([0xd503205f, 0xd503205f, 0xd4000002]); // wfe; wfe; hvc #0 at EL1 with nTWE = 0
  e.cpu.setSysReg('SCTLR_EL1', e.cpu.getSysReg('SCTLR_EL1') & ~(1n << 18n));
  assert.equal(e.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(e.cpu.getPc(), RAM_BASE + 0xcn, 'the HVC trapped with PC past it: both WFEs completed');
});
