/**
 * DebugTarget behaviour against a scripted kernel: the ioctl sequence a debugger must issue (as gdb and
 * QEMU do it: remove, single-step, reinsert), the Arm ARM exception entry for a guest BRK (D1.3), and the
 * control words of KVM_SET_GUEST_DEBUG (api.rst; arm64 KVM_GUESTDBG_* values).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KVMDBG_CAP_INSN_BUDGET, REG_ELR_EL1, REG_PC, REG_PSTATE, REG_SPSR_EL1, REG_X } from '../abi/index.ts';
import { REG_ESR_EL1, REG_VBAR_EL1 } from './inject.ts';
import { Machine, VmmError } from './machine.ts';
import { VmmTarget } from './target.ts';
import { buildElf, words } from './testing/build-elf.ts';
import { ScriptedKvm, budgetExit, debugExit, eintr, mmioWriteExit, shutdownExit, type Step } from './testing/scripted-kvm.ts';

const ENTRY = 0x4008_0000n;
const CODE = words(
  0xd503201f, // nop
  0xd503201f, // nop
  0xd4200000, // brk #0 (the guest's own, at +8)
  0x14000000, // b .
);

function setup(k: ScriptedKvm): { m: Machine; t: VmmTarget; tx: number[] } {
  const tx: number[] = [];
  const m = new Machine(k, { memorySize: 1 << 20, uartTx: (b) => tx.push(b) });
  m.load(buildElf(ENTRY, [{ paddr: ENTRY, data: CODE }]).bytes);
  return { m, t: new VmmTarget(m), tx };
}

const at = (pc: bigint, s: Step): Step => (k) => { s(k); k.regs.set(REG_PC, pc); };
const word = (k: ScriptedKvm, addr: bigint): number => new DataView(k.memory!.buffer).getUint32(Number(addr - 0x4000_0000n), true);

test('machine: VM, memory slot, vCPU and PSCI 0.2 init in order; entry state EL1h, x0 = 0, PC = e_entry', () => {
  const k = new ScriptedKvm();
  k.regs.set(REG_X(0), 0x1234n);
  setup(k);
  assert.deepEqual(k.calls, ['KVM_CREATE_VM', 'KVM_SET_USER_MEMORY_REGION', 'KVM_CREATE_VCPU', 'KVM_ARM_VCPU_INIT']);
  assert.equal(k.regs.get(REG_PC), ENTRY);
  assert.equal(k.regs.get(REG_PSTATE), 0x3c5n);
  assert.equal(k.regs.get(REG_X(0)), 0n);
  assert.equal(word(k, ENTRY + 8n), 0xd4200000);
});

test('software breakpoint: BRK in memory, original shown to readers, swbreak, then step over (restore, SINGLESTEP, reinsert)', async () => {
  const k = new ScriptedKvm();
  const { t } = setup(k);
  const bp = ENTRY + 4n;
  assert.equal(t.insertSwBreakpoint(bp), true);
  assert.equal(word(k, bp), 0xd4200000);
  assert.deepEqual([...t.readMemory(bp, 4)], [0x1f, 0x20, 0x03, 0xd5], 'reads show the nop, not the BRK');
  let wordDuringStep = 0;
  k.then(
    at(bp, debugExit(0xf2000000)),                                              // brk #0 at our address
    at(bp + 4n, (kk) => { wordDuringStep = word(kk, bp); debugExit(0xcb000022)(kk); }), // the step
    at(bp + 8n, shutdownExit()),
  );
  assert.deepEqual(await t.resume('continue'), { kind: 'swbreak', pc: bp });
  assert.equal(k.debugs.at(-1)!.control, 0x10001, 'ENABLE | USE_SW_BP');
  assert.deepEqual(await t.resume('continue'), { kind: 'poweroff', code: 0 });
  assert.equal(wordDuringStep, 0xd503201f, 'the original instruction is in memory while stepping over');
  assert.equal(word(k, bp), 0xd4200000, 'the BRK is back afterwards');
  assert.deepEqual(k.debugs.map((d) => d.control), [0x10001, 0x10003, 0x10001]);
});

test('a BRK the debugger did not plant is delivered to the guest: ELR=PC, SPSR=PSTATE, ESR_EL1=ESR, PC=VBAR+0x200', async () => {
  const k = new ScriptedKvm();
  const { t } = setup(k);
  t.insertSwBreakpoint(ENTRY);   // enables guest debugging, so every BRK exits
  k.regs.set(REG_VBAR_EL1, 0x4008_0800n);
  k.then(at(ENTRY + 8n, debugExit(0xf2000005)), shutdownExit());
  k.regs.set(REG_PC, ENTRY + 4n);
  assert.deepEqual(await t.resume('continue'), { kind: 'poweroff', code: 0 });
  assert.equal(k.regs.get(REG_ELR_EL1), ENTRY + 8n);
  assert.equal(k.regs.get(REG_SPSR_EL1), 0x3c5n);
  assert.equal(k.regs.get(REG_ESR_EL1), 0xf2000005n);
  assert.equal(k.regs.get(REG_PSTATE), 0x3c5n);
  assert.equal(k.regs.get(REG_PC), 0x4008_0a00n);
});

test("a debugger breakpoint on the guest's own BRK: stepping over it delivers the guest's BRK to its vector", async () => {
  const k = new ScriptedKvm();
  const { t } = setup(k);
  k.regs.set(REG_VBAR_EL1, 0x4008_0800n);
  const bp = ENTRY + 8n;                             // the guest's brk #0
  t.insertSwBreakpoint(bp);
  k.then(
    at(bp, debugExit(0xf2000000)),                   // our BRK
    at(bp, debugExit(0xf2000000)),                   // stepping over: the guest's own BRK executes
    shutdownExit(),
  );
  assert.deepEqual(await t.resume('continue'), { kind: 'swbreak', pc: bp });
  assert.deepEqual(await t.resume('continue'), { kind: 'poweroff', code: 0 });
  assert.equal(k.calls.filter((c) => c === 'KVM_RUN').length, 3);
  assert.equal(k.regs.get(REG_ELR_EL1), bp);
  assert.equal(k.regs.get(REG_ESR_EL1), 0xf2000000n);
  assert.equal(word(k, bp), 0xd4200000, 'our BRK is back');
});

test('a guest BRK with no vector table in RAM stops with an error that says so', async () => {
  const k = new ScriptedKvm();
  const { t } = setup(k);
  t.insertSwBreakpoint(ENTRY);
  k.regs.set(REG_PC, ENTRY + 4n);
  k.then(at(ENTRY + 8n, debugExit(0xf2000007)));
  const stop = await t.resume('continue');
  assert.equal(stop.kind, 'error');
  assert.match(stop.kind === 'error' ? stop.message : '', /BRK #0x7 .*VBAR_EL1 vector 0x200 is outside RAM/);
});

test('watchpoint: the stop names the nearest watchpoint and its kind; resuming steps the access with watchpoints removed', async () => {
  const k = new ScriptedKvm();
  const { t } = setup(k);
  assert.equal(t.insertWatchpoint(0x4009_0004n, 4, 'write'), true);
  assert.equal(t.insertWatchpoint(0x4009_0100n, 8, 'read'), true);
  k.then(
    at(ENTRY + 4n, debugExit(0xd2000062, 0x4009_0000n)),   // an 8-byte store below the watched bytes
    at(ENTRY + 8n, debugExit(0xcb000022)),
    at(ENTRY + 8n, shutdownExit()),
  );
  const stop = await t.resume('continue');
  assert.deepEqual(stop, { kind: 'watch', pc: ENTRY + 4n, watchKind: 'write', addr: 0x4009_0004n, far: 0x4009_0000n });
  assert.deepEqual(k.debugs[0]!.wvr.slice(0, 2), [0x4009_0000n, 0x4009_0100n]);
  assert.deepEqual(k.debugs[0]!.wcr.slice(0, 2), [0x1e17n, 0x1fefn]);   // BAS 0xf0 store; BAS 0xff load
  assert.equal(k.debugs[0]!.control, 0x20001);
  assert.equal(await t.resume('continue').then((s) => s.kind), 'poweroff');
  assert.equal(k.debugs[1]!.control, 0x20003);
  assert.deepEqual(k.debugs[1]!.wcr.slice(0, 2), [0n, 0n], 'no watchpoint armed while stepping over the access');
  assert.deepEqual(k.debugs[2]!.wcr.slice(0, 2), [0x1e17n, 0x1fefn], 'and back afterwards');
});

test('hardware breakpoints and watchpoint registers are limited by KVM_CAP_GUEST_DEBUG_HW_BPS/_WPS', () => {
  const k = new ScriptedKvm('le', 2, 4);
  const { t } = setup(k);
  assert.deepEqual(t.hwLimits(), { breakpoints: 2, watchpoints: 4 });
  assert.equal(t.insertHwBreakpoint(ENTRY), true);
  assert.equal(t.insertHwBreakpoint(ENTRY + 4n), true);
  assert.equal(t.insertHwBreakpoint(ENTRY + 8n), false);
  assert.equal(t.insertHwBreakpoint(ENTRY + 2n), false, 'unaligned');
  assert.equal(t.insertWatchpoint(0x4009_0006n, 20, 'write'), true);   // 0x..06-07, 08-0f, 10-17, 18-19: 4 registers
  assert.equal(t.insertWatchpoint(0x4009_0100n, 1, 'write'), false);
  assert.equal(t.removeWatchpoint(0x4009_0006n, 20, 'write'), true);
  assert.equal(t.insertWatchpoint(0x4009_0100n, 1, 'write'), true);
});

test('hardware breakpoint: hwbreak stop, then the resume steps over it with the breakpoint removed', async () => {
  const k = new ScriptedKvm('be');
  const { t } = setup(k);
  t.insertHwBreakpoint(ENTRY + 4n);
  k.then(at(ENTRY + 4n, debugExit(0xc2000022)), at(ENTRY + 8n, debugExit(0xcb000022)), at(ENTRY + 8n, shutdownExit()));
  assert.deepEqual(await t.resume('continue'), { kind: 'hwbreak', pc: ENTRY + 4n });
  assert.deepEqual([k.debugs[0]!.bcr[0], k.debugs[0]!.bvr[0], k.debugs[0]!.control], [0x1e7n, ENTRY + 4n, 0x20001]);
  assert.equal((await t.resume('continue')).kind, 'poweroff');
  assert.deepEqual([k.debugs[1]!.bcr[0], k.debugs[1]!.control], [0n, 0x20003]);
  assert.deepEqual([k.debugs[2]!.bcr[0], k.debugs[2]!.control], [0x1e7n, 0x20001]);
});

test('single step returns each step exit; MMIO exits in between are served', async () => {
  const k = new ScriptedKvm();
  const { t, tx } = setup(k);
  k.then(mmioWriteExit(0x0900_0000n, 0x41), at(ENTRY + 4n, debugExit(0xca000022)));
  assert.deepEqual(await t.resume('step'), { kind: 'step', pc: ENTRY + 4n });
  assert.deepEqual(tx, [0x41]);
  assert.equal(k.debugs[0]!.control, 0x3);
});

test('KVM_SET_GUEST_DEBUG refusing the raw control word is an error stop naming the errno', async () => {
  const k = new ScriptedKvm();
  const m = new Machine(k, { memorySize: 1 << 20, uartTx: () => {} });
  m.load(buildElf(ENTRY, [{ paddr: ENTRY, data: CODE }]).bytes);
  const t = new VmmTarget(m, { rawControl: 0x5 });
  const stop = await t.resume('continue');
  assert.deepEqual(stop, { kind: 'error', message: 'KVM_SET_GUEST_DEBUG with control 0x5 failed: EINVAL' });
});

test('EINTR: interrupt() and the limit check are honoured there; the timer is armed only while running', async () => {
  const k = new ScriptedKvm();
  const { m } = setup(k);
  const limit: { message?: string } = {};
  const t = new VmmTarget(m, { checkLimit: () => limit.message, tickMs: 7 });
  k.then(eintr(), eintr());
  setImmediate(() => t.interrupt());
  assert.equal((await t.resume('continue')).kind, 'interrupted');
  limit.message = 'stopped: test limit';
  k.then(eintr());
  assert.deepEqual(await t.resume('continue'), { kind: 'limit', pc: ENTRY, limit: 'check', message: 'stopped: test limit' });
  assert.deepEqual(k.calls.filter((c) => c.startsWith('timer')), ['timer 7', 'timer 0', 'timer 7', 'timer 0']);
  assert.equal(m.lastExit()?.errno, 'EINTR');
});

test('limits between debug stops: with no EINTR at all, the limit check ends a run of single steps once a timer period has passed', async () => {
  const k = new ScriptedKvm();
  const { m } = setup(k);
  const deadline = Date.now() + 30;
  const t = new VmmTarget(m, { checkLimit: () => (Date.now() >= deadline ? 'time is up' : undefined), tickMs: 5 });
  for (let i = 0; i < 200_000; i++) k.then(at(ENTRY, debugExit(0xcb000022)));
  let stop;
  let steps = 0;
  for (; steps < 200_000; steps++) {
    stop = await t.resume('step');
    if (stop.kind !== 'step') break;
  }
  assert.equal(stop?.kind, 'limit', `${steps} steps and never a limit`);
  assert.ok(!k.calls.some((c) => c === 'EINTR'));
});

test('interrupt() between MMIO exits: honoured once a timer period has passed, without waiting for an EINTR', async () => {
  const k = new ScriptedKvm();
  const { m, tx } = setup(k);
  const t = new VmmTarget(m, { tickMs: 5 });
  for (let i = 0; i < 200_000; i++) k.then(mmioWriteExit(0x0900_0000n, 0x2e));
  setTimeout(() => t.interrupt(), 20);
  const stop = await t.resume('continue');
  assert.equal(stop.kind, 'interrupted', JSON.stringify(stop, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v)));
  assert.ok(tx.length > 0 && tx.length < 200_000, `${tx.length} bytes written before the interrupt`);
});

test('insnBudget: KVM_ENABLE_CAP(KVMDBG_CAP_INSN_BUDGET, N) before the first KVM_RUN; KVMDBG_EXIT_INSN_BUDGET is a limit stop', async () => {
  const k = new ScriptedKvm();
  k.caps.set(KVMDBG_CAP_INSN_BUDGET, 1);
  const { m } = setup(k);
  const t = new VmmTarget(m, { insnBudget: 42 });
  k.then(at(ENTRY + 8n, budgetExit()));
  assert.deepEqual(await t.resume('continue'), { kind: 'limit', pc: ENTRY + 8n, limit: 'insn-budget', message: 'instruction budget of 42 used up' });
  assert.deepEqual(k.calls.slice(-3), ['KVM_GET_MP_STATE', `KVM_ENABLE_CAP 0x${KVMDBG_CAP_INSN_BUDGET.toString(16)} 42`, 'KVM_RUN']);
  assert.ok(!k.calls.some((c) => c.startsWith('timer')), 'no timer signal: the budget returns control');
});

test('turns: with the instruction budget, each turn is a quantum; the budget exit ends it, the next one is armed', async () => {
  const k = new ScriptedKvm();
  k.caps.set(KVMDBG_CAP_INSN_BUDGET, 1);
  const { m } = setup(k);
  const t = new VmmTarget(m, { quantum: 1000, insnBudget: 2500 });
  k.then(budgetExit(), mmioWriteExit(0x0900_0000n, 0x41), budgetExit(), eintr(), at(ENTRY + 4n, budgetExit()));
  assert.deepEqual(await t.resume('continue'), { kind: 'limit', pc: ENTRY + 4n, limit: 'insn-budget', message: 'instruction budget of 2500 used up' });
  const cap = `KVM_ENABLE_CAP 0x${KVMDBG_CAP_INSN_BUDGET.toString(16)}`;
  assert.deepEqual(k.calls.filter((c) => c.startsWith('KVM_ENABLE_CAP') || c === 'KVM_RUN'), [
    `${cap} 1000`, 'KVM_RUN',                   // turn 1: the quantum
    `${cap} 1000`, 'KVM_RUN', 'KVM_RUN',        // turn 2: an MMIO exit inside it
    `${cap} 500`, 'KVM_RUN',                    // turn 3: what the limit leaves; the vCPU blocks (EINTR)
    'KVM_RUN',                                  // turn 4: the same budget goes on, and ends the run
  ]);
});

test('an interrupt after an MMIO exit: the access is completed with immediate_exit before the stop, then cleared', async () => {
  const k = new ScriptedKvm();
  const { t } = setup(k);
  k.then(mmioWriteExit(0x0900_0000n, 0x41));
  setImmediate(() => t.interrupt());
  const stop = await t.resume('continue');
  assert.equal(stop.kind, 'interrupted');
  assert.deepEqual(k.calls.filter((c) => c.startsWith('KVM_RUN')), ['KVM_RUN', 'KVM_RUN immediate_exit']);
  assert.equal(k.run[1], 0, 'immediate_exit (byte 1) cleared again');
});

test('insnBudget on a kernel without KVMDBG_CAP_INSN_BUDGET (Linux): VmmError saying so, nothing enabled', () => {
  const k = new ScriptedKvm();
  const { m } = setup(k);
  assert.throws(() => new VmmTarget(m, { insnBudget: 42 }), (e: unknown) => e instanceof VmmError && /counts no guest instructions/.test(e.message));
  assert.ok(!k.calls.some((c) => c.startsWith('KVM_ENABLE_CAP')));
});
