/**
 * Reverse execution cost: the gdb test guest (test/system/gdb-guest) is stopped at main, made to spin
 * (spin_enabled = 1, written as gdb would), and run forward N instructions with history recorded; then
 * reverse single steps (GDB's `bs`) are timed against forward single steps of the same machine in
 * the same run (the peer): the median of five after five more (the first steps back also compile the
 * code of going back, and are shown apart). The memory history holds is set against the pages the guest
 * wrote: the first checkpoint's copy of the memory as it begins (the loaded image) apart, the copies
 * taken after it against the distinct pages written.
 *
 * Run alone: node --import tsx bench/history.ts [N] [INTERVAL] (N = 10^9 takes about two minutes on a loaded
 * 2-core machine).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { createModelKvm } from '../src/kvm/index.ts';
import { findSymbol, parseElf } from '../src/vmm/elf.ts';
import { Machine } from '../src/vmm/machine.ts';
import { VmmTarget } from '../src/vmm/target.ts';
import { DEFAULT_INTERVAL } from '../src/vmm/history/history.ts';
import { benchArgs, count } from './args.ts';

const ELF = fileURLToPath(new URL('../test/system/gdb-guest/gdb-guest.elf', import.meta.url));

export async function historyBench(n: number, interval = DEFAULT_INTERVAL): Promise<string> {
  const bytes = readFileSync(ELF);
  const image = parseElf(bytes, { base: 0x4000_0000n, size: 128n << 20n });
  const sym = (name: string): bigint => findSymbol(image, name)!.value;
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { uartTx: () => {} });
  m.load(bytes);
  const t = new VmmTarget(m, { insnBudget: n, history: { interval } });
  t.insertHwBreakpoint(sym('main'));
  await t.resume('continue');
  t.removeHwBreakpoint(sym('main'));
  t.writeMemory(sym('spin_enabled'), new Uint8Array([1]));
  const t0 = performance.now();
  await t.resume('continue');
  const forwardMs = performance.now() - t0;
  const h = t.historyApi()!;
  const back: number[] = [];
  const fwd: number[] = [];
  for (let k = 0; k < 10; k++) {
    const a = performance.now();
    await h.reverseStep();
    back.push(performance.now() - a);
  }
  // the first steps back also compile the code of going back; the median is over the later ones
  const first = back.slice(0, 5);
  back.splice(0, 5);
  for (let k = 0; k < 5; k++) {
    const a = performance.now();
    await t.resume('step');
    fwd.push(performance.now() - a);
  }
  const i = h.info();
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[2]!;
  return `history: ${i.now} instructions forward in ${forwardMs.toFixed(0)} ms; reverse stepi median ${med(back).toFixed(1)} ms ` +
    `(max ${Math.max(...back).toFixed(1)}; the first five: ${first.map((x) => x.toFixed(0)).join(', ')} ms), ` +
    `forward stepi median ${med(fwd).toFixed(2)} ms, ratio ${(med(back) / med(fwd)).toFixed(0)}; ` +
    `${i.checkpoints} checkpoints every ${interval} or more, ${(i.bytes / 1024).toFixed(0)} KiB of page copies: ` +
    `${(i.base / 1024).toFixed(0)} KiB of the memory as history begins, ${((i.bytes - i.base) / 1024).toFixed(0)} KiB for ` +
    `${i.pages} pages written (${((i.bytes - i.base) / Math.max(1, i.pages * 4096)).toFixed(1)}x); load average ${loadavg()[0]!.toFixed(1)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const usage = 'node --import tsx bench/history.ts [INSTRUCTIONS] [CHECKPOINT_INTERVAL]';
  const { positionals: p } = benchArgs(usage, {}, 2);
  const n = count(usage, 'INSTRUCTIONS', p[0], 50_000_000);
  const iv = count(usage, 'CHECKPOINT_INTERVAL', p[1], DEFAULT_INTERVAL);
  console.log(await historyBench(n, iv));
}
