/**
 * An idle guest waits in wall time (VmmTarget's idle 'wait', kernel capability KVMDBG_CAP_IDLE_EXIT) and
 * the run is the one that skipped its clock ahead: the truth is the same guest run with 'skip' (the clock
 * moved to each deadline inside KVM_RUN, today's default). The guest: the committed timer guest
 * (guests/timer.c, which QEMU runs the same way in test/system), whose WFIs wait for timer deadlines with
 * nothing else to run. The wall clock is the test's own, so nothing depends on the machine's load: its
 * timers fire at once and move its time on by what was asked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KVMDBG_REG_INSN_COUNT, KVMDBG_REG_PHYS_COUNT } from '../../src/abi/index.ts';
import { createModelKvm } from '../../src/kvm/index.ts';
import type { InputEvent } from '../../src/vmm/history/history.ts';
import { Machine } from '../../src/vmm/machine.ts';
import { VmmTarget, type WallClock } from '../../src/vmm/target.ts';

const TIMER = readFileSync(new URL('../../guests/bin/timer-gcc-O2.elf', import.meta.url));

/** A wall clock whose timers fire on the next turn of the event loop, its time moved on by their length. */
function testClock(onTimer?: (n: number) => void): WallClock & { asked: number[] } {
  let t = 0;
  const asked: number[] = [];
  return {
    asked,
    now: () => t,
    after(ms, f) {
      let live = true;
      asked.push(ms);
      setImmediate(() => {
        if (!live) return;
        t += ms;
        onTimer?.(asked.length);
        f();
      });
      return () => { live = false; };
    },
  };
}

interface Run { out: string; insns: bigint; phys: bigint; idleExits: number; t: VmmTarget; m: Machine }

async function run(opts: { idle?: 'skip' | 'wait'; clock?: WallClock; history?: boolean; script?: readonly InputEvent[] }): Promise<Run> {
  const out: number[] = [];
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { memorySize: 16 << 20, uartTx: (b) => out.push(b) });
  m.load(TIMER);
  let idleExits = 0;
  m.onExit = (_, exit) => { if (exit.reason === 'INTR' && m.idleTicks(0) > 0) idleExits++; };
  const t = new VmmTarget(m, {
    idle: opts.idle, wallClock: opts.clock, history: opts.history || opts.script ? { script: opts.script } : undefined,
  });
  const stop = await t.resume('continue');
  assert.equal(stop.kind, 'poweroff', JSON.stringify(stop));
  const v = m.vcpus[0]!;
  return { out: Buffer.from(out).toString('latin1'), insns: v.getOneReg(KVMDBG_REG_INSN_COUNT), phys: v.getOneReg(KVMDBG_REG_PHYS_COUNT), idleExits, t, m };
}

test('idle wait: KVM_RUN returns EINTR carrying the sleep, the VMM waits the deadline out in wall time, and the run equals the one that skipped (output, instructions, count)', async () => {
  const skip = await run({ idle: 'skip' });
  assert.equal(skip.idleExits, 0, 'skip: the capability is not enabled, the clock skips inside KVM_RUN');
  assert.match(skip.out, /timer: 0 failures/);
  const clock = testClock();
  const wait = await run({ idle: 'wait', clock });
  assert.ok(wait.idleExits > 0, 'the VMM saw KVM_RUN return EINTR with a sleep carried');
  assert.equal(wait.t.idleWaits.count, wait.idleExits, 'one wait per carried sleep');
  // the waits add up to the time skipped: the counter's ticks at 62.5 MHz (CNTFRQ_EL0)
  const skippedMs = Number(skip.phys - skip.insns) / 62_500;
  assert.ok(Math.abs(wait.t.idleWaits.ms - skippedMs) < 1e-6 * skippedMs + 1e-3, `waited ${wait.t.idleWaits.ms} ms, the skips were ${skippedMs} ms`);
  assert.deepEqual({ out: wait.out, insns: wait.insns, phys: wait.phys }, { out: skip.out, insns: skip.insns, phys: skip.phys });
});

test('idle wait: console input that arrives during a wait is delivered at the carried sleep, recorded so ("halt"), and a replay that does not wait delivers it at the same point and runs the same', async () => {
  const out: number[] = [];
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { memorySize: 16 << 20, uartTx: (b) => out.push(b) });
  m.load(TIMER);
  const clock = testClock((n) => { if (n === 2) m.input.push([0x78]); }); // a byte typed during the second wait
  const t = new VmmTarget(m, { idle: 'wait', wallClock: clock, history: {} });
  assert.equal((await t.resume('continue')).kind, 'poweroff');
  const recorded = t.history!.inputs.map((e) => ({ ...e }));
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0]!.halt, true, 'delivered while vCPU 0 slept in its carried WFI');
  const waitedMs = t.idleWaits.ms;

  const replay = await run({ idle: 'skip', script: recorded });
  assert.deepEqual(replay.t.history!.inputs, recorded, 'the byte entered the FIFO at the same point');
  assert.equal(replay.out, Buffer.from(out).toString('latin1'));
  assert.equal(replay.insns, m.vcpus[0]!.getOneReg(KVMDBG_REG_INSN_COUNT));
  assert.equal(replay.phys, m.vcpus[0]!.getOneReg(KVMDBG_REG_PHYS_COUNT));
  assert.ok(waitedMs > 0 && replay.t.idleWaits.count === 0, 'the replay skipped instead of waiting');
});
