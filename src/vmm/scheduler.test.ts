/**
 * The deterministic scheduler's notion of an idle guest (Scheduler.allIdle), on a stand-in machine whose
 * vCPUs report the instruction counts the test gives them: a turn that ran instructions before it blocked
 * may have woken the others, so only a round after it with none run shows every vCPU waiting.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KVMDBG_REG_INSN_COUNT } from '../abi/index.ts';
import { Scheduler } from './scheduler.ts';
import type { Machine } from './machine.ts';

function standIn(n: number): { machine: Machine; counts: number[] } {
  const counts = new Array<number>(n).fill(0);
  const vcpus = counts.map((_, i) => ({
    getOneReg: (id: bigint): bigint => { assert.equal(id, KVMDBG_REG_INSN_COUNT); return BigInt(counts[i]!); },
    enableCap: (): void => {},
  }));
  const machine = { vm: { checkExtension: (): number => 1 }, vcpus, mpState: (): number => 0, endian: 'le' } as unknown as Machine;
  return { machine, counts };
}

test('two vCPUs: one that ran before blocking keeps the guest from being idle; a round with nothing run makes it idle', () => {
  const { machine, counts } = standIn(2);
  const s = new Scheduler(machine);
  assert.equal(s.pick(), 0);
  counts[0]! += 100; // vCPU 0 runs, then sleeps in WFI
  s.after('blocked');
  assert.equal(s.allIdle, false);
  assert.equal(s.pick(), 1);
  counts[1]! += 50; // vCPU 1 runs (an IPI to vCPU 0), then sleeps too
  s.after('blocked');
  assert.equal(s.allIdle, false, 'vCPU 1 ran after vCPU 0 blocked: vCPU 0 may be runnable now');
  assert.equal(s.pick(), 0);
  counts[0]! += 10; // it was: it takes the interrupt, and sleeps again
  s.after('blocked');
  assert.equal(s.allIdle, false);
  assert.equal(s.pick(), 1);
  s.after('blocked'); // vCPU 1 runs nothing: still asleep, and nothing ran since vCPU 0 blocked
  assert.equal(s.allIdle, true, 'a round with no instruction after the first blocked turn');
  assert.equal(s.pick(), 0);
  s.after('blocked');
  assert.equal(s.allIdle, true);
  assert.equal(s.pick(), 1);
  counts[1]! += 1; // input arrived for vCPU 1
  s.after('budget');
  assert.equal(s.allIdle, false);
});

test('one vCPU: a turn that ends blocked makes the guest idle, whatever it ran before', () => {
  const { machine, counts } = standIn(1);
  const s = new Scheduler(machine);
  assert.equal(s.pick(), 0);
  counts[0]! += 5;
  s.after('blocked');
  assert.equal(s.allIdle, true);
});

test('an instruction limit or quantum that is not a whole number of instructions is refused at once, naming it', () => {
  const { machine } = standIn(1);
  for (const limit of [NaN, -1, 1.5, Infinity, 2 ** 53]) {
    assert.throws(() => new Scheduler(machine, { limit }), (e: unknown) => e instanceof RangeError && e.message.startsWith(`instruction limit ${limit}:`));
  }
  for (const quantum of [NaN, 0, 2.5]) {
    assert.throws(() => new Scheduler(machine, { quantum }), (e: unknown) => e instanceof RangeError && e.message.startsWith(`quantum ${quantum}:`));
  }
  assert.doesNotThrow(() => new Scheduler(machine, { limit: 0, quantum: 1 }));
});
