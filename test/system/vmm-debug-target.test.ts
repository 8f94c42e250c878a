/**
 * The VMM's DebugTarget over the real kernel model, checked against what real Linux KVM does
 * (the conformance rows, conformance/README.md): capability counts 6 breakpoints / 4 watchpoints, step exits
 * 0xcb000022 with the PC on the next instruction, the PC left on a BRK, breakpoint or watched access,
 * a load/store watchpoint reporting WnR for each access, and interrupt() honoured between turns.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModelKvm } from '../../src/kvm/index.ts';
import { Machine } from '../../src/vmm/machine.ts';
import { VmmTarget } from '../../src/vmm/target.ts';
import { buildElf, words } from '../../src/vmm/testing/build-elf.ts';

const BASE = 0x4008_0000n;
const CODE = words(
  0xd28000a1, // +0x00 mov  x1, #0x5
  0x91000421, // +0x04 add  x1, x1, #0x1
  0xd2880122, // +0x08 mov  x2, #0x4009
  0xd370bc42, // +0x0c lsl  x2, x2, #16          x2 = 0x40090000
  0xf9000041, // +0x10 str  x1, [x2]
  0xf9400043, // +0x14 ldr  x3, [x2]
  0x14000000, // +0x18 b    .
);

function target(kernel: '5.10' | '6.1' = '6.1', endian: 'le' | 'be' = 'le'): { t: VmmTarget; m: Machine } {
  const m = new Machine(createModelKvm({ profile: kernel, endian }), { uartTx: () => {} });
  m.load(buildElf(BASE, [{ paddr: BASE, data: CODE }]).bytes);
  return { t: new VmmTarget(m, { tickMs: 5 }), m };
}

test('hardware limits come from KVM_CAP_GUEST_DEBUG_HW_BPS/_WPS: 6 and 4, as real KVM reported', () => {
  assert.deepEqual(target().t.hwLimits(), { breakpoints: 6, watchpoints: 4 });
});

for (const [kernel, endian] of [['6.1', 'le'], ['5.10', 'be']] as const) {
  test(`step, breakpoints and a load/store watchpoint through the model (${kernel}, ${endian})`, async () => {
    const { t, m } = target(kernel, endian);
    assert.deepEqual(await t.resume('step'), { kind: 'step', pc: BASE + 4n });
    assert.equal(m.lastExit()!.debug!.esr, 0xcb000022n, 'step ESR: EC 0x32, IL, ISV=1, IFSC 0x22');
    assert.equal(t.readCoreRegisters().x[1], 5n);

    assert.equal(t.insertSwBreakpoint(BASE + 0xcn), true);
    assert.deepEqual([...t.readMemory(BASE + 0xcn, 4)], [0x42, 0xbc, 0x70, 0xd3], 'reads show the lsl, not the BRK');
    assert.equal(t.insertHwBreakpoint(BASE + 0x14n), true);
    assert.equal(t.insertWatchpoint(0x4009_0000n, 8, 'access'), true);

    assert.deepEqual(await t.resume('continue'), { kind: 'swbreak', pc: BASE + 0xcn });
    assert.equal(m.lastExit()!.debug!.esr, 0xf2000000n);
    const w = await t.resume('continue');
    assert.deepEqual({ ...w, far: undefined }, { kind: 'watch', pc: BASE + 0x10n, watchKind: 'access', addr: 0x4009_0000n, far: undefined });
    assert.equal(m.lastExit()!.debug!.esr, 0xd2000062n, 'store: WnR = 1');
    if (kernel === '6.1') assert.equal(w.kind === 'watch' ? w.far : 0n, 0x4009_0000n);
    assert.deepEqual([...t.readMemory(0x4009_0000n, 8)], [0, 0, 0, 0, 0, 0, 0, 0], 'the store has not happened');
    // the step over the store runs into the hardware breakpoint on the load, which is reported first
    assert.deepEqual(await t.resume('continue'), { kind: 'hwbreak', pc: BASE + 0x14n });
    assert.equal(m.lastExit()!.debug!.esr, 0xc2000022n);
    assert.deepEqual([...t.readMemory(0x4009_0000n, 8)], [6, 0, 0, 0, 0, 0, 0, 0]);
    const r = await t.resume('continue');
    assert.equal(r.kind, 'watch');
    assert.equal(m.lastExit()!.debug!.esr, 0xd2000022n, 'load: WnR = 0');
    assert.equal(r.kind === 'watch' ? r.pc : 0n, BASE + 0x14n);
  });
}

test('registers written through the API are what the guest runs with', async () => {
  const { t } = target();
  t.writeRegister(32, BASE + 0x8n);                 // skip the two movs
  t.writeRegister(1, 0x77n);
  assert.deepEqual(await t.resume('step'), { kind: 'step', pc: BASE + 0xcn });
  await t.resume('step');
  await t.resume('step');                            // str x1, [x2]
  assert.deepEqual([...t.readMemory(0x4009_0000n, 2)], [0x77, 0]);
  const regs = t.readCoreRegisters();
  assert.equal(regs.cpsr & 0xf, 0x5, 'EL1h');
  assert.equal(regs.pc, BASE + 0x14n);
  assert.throws(() => t.readMemory(0x1000n, 4), /outside guest RAM/);
  t.writeRegister(40, 0x0123456789abcdef_fedcba9876543210n);   // v6, 128 bits through KVM_SET_ONE_REG
  assert.equal(t.readFpRegister(40), 0x0123456789abcdef_fedcba9876543210n);
  assert.throws(() => t.writeRegister(68, 0n), /register 68/);
});

test('interrupt() stops a spinning guest at the end of a turn (the instruction budget returns, no timer signal)', async () => {
  const { t, m } = target();
  setTimeout(() => t.interrupt(), 50);
  const stop = await t.resume('continue');
  assert.deepEqual(stop, { kind: 'interrupted', pc: BASE + 0x18n });
  assert.equal(m.lastExit()!.errno, null);
  assert.equal(m.lastExit()!.exitReason, 0x6b640001, 'KVMDBG_EXIT_INSN_BUDGET');
});
