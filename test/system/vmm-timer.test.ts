/**
 * The VMM over the kernel model on the timer guest (guests/timer.c; guests-arch.test.ts checks it prints
 * guests/expected/timer.gicv*.expected, as QEMU does): its timer interrupts come at exact instruction
 * counts, so the same run twice gives the same output, the same exits in the same order and the same
 * number of instructions retired.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createModelKvm } from '../../src/kvm/index.ts';
import type { Vcpu } from '../../src/kvm/vcpu.ts';
import { exitJson } from '../../src/vmm/exit-log.ts';
import { Machine } from '../../src/vmm/machine.ts';
import { VmmTarget } from '../../src/vmm/target.ts';

const root = join(import.meta.dirname, '..', '..');
const ELF = readFileSync(join(root, 'guests/bin/timer-gcc-O2.elf'));

async function run(gic: 'v2' | 'v3'): Promise<{ out: string; log: string[]; retired: number; count: bigint }> {
  const tx: number[] = [];
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { gic, uartTx: (b) => tx.push(b) });
  m.load(ELF);
  const log: string[] = [];
  m.onExit = (r, e) => log.push(exitJson(r, e));
  assert.deepEqual(await new VmmTarget(m, {}).resume('continue'), { kind: 'poweroff', code: 0 });
  const cpu = (m.vcpus[0] as Vcpu).arch.cpu;
  return { out: Buffer.from(tx).toString('latin1'), log, retired: cpu.retired, count: cpu.getSysReg('CNTPCT_EL0') };
}

for (const gic of ['v2', 'v3'] as const) {
  test(`timer guest, GIC${gic}: two runs give the same output, exits, instructions retired and count`, async () => {
    const a = await run(gic), b = await run(gic);
    assert.equal(a.out, readFileSync(join(root, `guests/expected/timer.gic${gic}.expected`), 'utf8'));
    assert.equal(b.out, a.out);
    assert.deepEqual(b.log, a.log);
    assert.equal(b.retired, a.retired);
    assert.equal(b.count, a.count);
    assert.ok(a.count > BigInt(a.retired) + 100_000n, `the idle periods were skipped (count ${a.count}, ${a.retired} instructions)`);
  });
}
