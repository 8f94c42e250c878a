/**
 * The VMM with two vCPUs over the kernel model, on the smp guest (guests/smp.c; test/system/guests-qemu
 * checks that it prints what QEMU -smp 2 prints): the same run twice gives the same exits in the same order
 * (deterministic turns), breakpoints and watchpoints set once stop the vCPU that reaches them (they are
 * programmed on every vCPU with KVM_SET_GUEST_DEBUG), registers are that vCPU's, and a stop is all-stop.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { KVM_MP_STATE_RUNNABLE, KVM_MP_STATE_STOPPED, REG_PC } from '../../src/abi/index.ts';
import { createModelKvm } from '../../src/kvm/index.ts';
import { exitJson } from '../../src/vmm/exit-log.ts';
import { Machine } from '../../src/vmm/machine.ts';
import { VmmTarget } from '../../src/vmm/target.ts';

const root = join(import.meta.dirname, '..', '..');
const ELF = readFileSync(join(root, 'guests/bin/smp-gcc-O2.elf'));

function boot(smp = 2, quantum?: number): { m: Machine; t: VmmTarget; out: () => string; log: string[]; sym: (n: string) => bigint } {
  const tx: number[] = [];
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { smp, uartTx: (b) => tx.push(b) });
  const image = m.load(ELF);
  const log: string[] = [];
  m.onExit = (r, e) => log.push(exitJson(r, e));
  const sym = (n: string): bigint => {
    const s = image.symbols.find((x) => x.name === n);
    assert.ok(s, `symbol ${n}`);
    return s.value;
  };
  return { m, t: new VmmTarget(m, { quantum }), out: () => Buffer.from(tx).toString('latin1'), log, sym };
}

test('two vCPUs: vCPU 1 starts powered off (KVM_GET_MP_STATE), the device tree lists both MPIDRs as KVM reports them', () => {
  const { m } = boot();
  assert.equal(m.mpState(0), KVM_MP_STATE_RUNNABLE);
  assert.equal(m.mpState(1), KVM_MP_STATE_STOPPED);
  assert.deepEqual(m.mpidrs, [0x80000000n, 0x80000001n]);
  assert.equal(m.gicDevice?.version, 'v2');
});

test('deterministic turns: two runs of the smp guest give the same exits, vCPU by vCPU, and the same output', async () => {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    const b = boot(2, 5000);
    assert.deepEqual(await b.t.resume('continue'), { kind: 'poweroff', code: 0 });
    runs.push(b);
  }
  const [a, b] = runs as [ReturnType<typeof boot>, ReturnType<typeof boot>];
  assert.match(a.out(), /cpu1: MPIDR_EL1 0x80000001, context id 0x5eed0042\n/);
  assert.equal(a.out(), b.out());
  assert.deepEqual(a.log, b.log);
  const vcpus = new Set(a.log.map((l) => (JSON.parse(l) as { vcpu: number }).vcpu));
  assert.deepEqual([...vcpus].sort(), [0, 1], 'both vCPUs ran');
});

test('a breakpoint set once stops vCPU 1 in secondary_main, twice, with vCPU 1\'s registers; vCPU 0 waits meanwhile', async () => {
  const { t, m, sym } = boot();
  const at = sym('secondary_main');
  assert.equal(t.insertSwBreakpoint(at), true);
  for (const context of [0x5eed0001n, 0x5eed0042n]) {
    const stop = await t.resume('continue');
    assert.deepEqual(stop, { kind: 'swbreak', pc: at });
    assert.equal(t.stoppedVcpu(), 1);
    assert.equal(t.readCoreRegisters().x[0], context, 'x0 = the context id CPU_ON passed');
    t.selectVcpu(0);
    assert.notEqual(t.readCoreRegisters().pc, at, 'vCPU 0 is elsewhere');
    assert.equal(m.lastExit()?.vcpu, 1);
  }
  assert.equal(t.removeSwBreakpoint(at), true);
  assert.deepEqual(await t.resume('continue'), { kind: 'poweroff', code: 0 });
});

test('a hardware breakpoint and a write watchpoint are programmed on every vCPU: vCPU 1 hits them', async () => {
  const { t, sym } = boot();
  assert.equal(t.insertHwBreakpoint(sym('secondary_main')), true);
  assert.deepEqual(await t.resume('continue'), { kind: 'hwbreak', pc: sym('secondary_main') });
  assert.equal(t.stoppedVcpu(), 1);
  t.removeHwBreakpoint(sym('secondary_main'));
  assert.equal(t.insertWatchpoint(sym('result'), 8, 'write'), true);
  const stop = await t.resume('continue');
  assert.equal(stop.kind, 'watch');
  assert.equal(t.stoppedVcpu(), 1, 'the second CPU stores the result');
  assert.equal(stop.kind === 'watch' ? stop.addr : 0n, sym('result'));
});

test('a single step steps the selected vCPU only; a powered-off vCPU cannot step', async () => {
  const { t, m } = boot();
  t.selectVcpu(1);
  const stop = await t.resume('step');
  assert.equal(stop.kind, 'error');
  assert.match(stop.kind === 'error' ? stop.message : '', /vCPU 1 is powered off/);
  t.selectVcpu(0);
  const pc0 = m.vcpus[0]!.getOneReg(REG_PC);
  const pc1 = m.vcpus[1]!.getOneReg(REG_PC);
  assert.deepEqual(await t.resume('step'), { kind: 'step', pc: pc0 + 4n });
  assert.equal(m.vcpus[1]!.getOneReg(REG_PC), pc1);
  assert.throws(() => t.selectVcpu(2), /no vCPU 2: the machine has 2/);
});

test('--max-insns over two vCPUs: the limit stops the run, the same place every time', async () => {
  const stops = [];
  for (let i = 0; i < 2; i++) {
    const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { smp: 2, uartTx: () => {} });
    m.load(ELF);
    const t = new VmmTarget(m, { insnBudget: 4_567, quantum: 1000 });
    stops.push({ stop: await t.resume('continue'), vcpu: t.stoppedVcpu(), pcs: m.vcpus.map((v) => v.getOneReg(REG_PC)) });
  }
  assert.equal(stops[0]!.stop.kind, 'limit');
  assert.deepEqual(stops[0], stops[1]);
});
