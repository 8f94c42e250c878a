/**
 * First run in a fresh process against the steady state: for each compiled-C guest of guests/bin (and
 * bench1's guest), one new Node process per run loads the modules, then runs the guest from reset to
 * PSCI SYSTEM_OFF `--repeat` times on fresh machines. Its first run pays what a cold process pays (the
 * CPU's warm-up program, V8 compiling the interpreter and the block compiler, tables made on first use);
 * the best of the repeats is the steady state. Reported per guest and summed: the median over `--runs`
 * processes of the first run, and the best repeat, in CPU milliseconds of the whole process (user +
 * system, V8's compiler and GC threads included) and of its main thread alone (/proc schedstat).
 *
 * With `--base DIR` (another checkout, e.g. a `git worktree` of an older commit with node_modules), the
 * same guests run under it too, process for process alternated with this checkout, and the ratios
 * this / base are printed: the way to check that a change costs a cold process nothing. Only ELFs
 * identical in both checkouts are compared.
 *   node --import tsx bench/first-run.ts [--runs N] [--repeat N] [--filter S] [--base DIR]
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { benchArgs, count } from './args.ts';
import { processCpuMs as processMs, threadCpuMs } from './thread-cpu.ts';

const HERE = fileURLToPath(new URL('..', import.meta.url));

interface Sample { load: number; first: number; firstMain: number; best: number; bestMain: number; insns: number }

/** The child: load `root`'s modules, run `elf` `repeat` times, print one JSON line. */
async function child(root: string, elf: string, repeat: number): Promise<void> {
  const mainThreadMs = threadCpuMs ?? ((): number => NaN);
  const c0 = processMs();
  const { runGuest } = await import(pathToFileURL(join(root, 'bench/guests.ts')).href) as
    { runGuest: (e: Uint8Array) => { t: number; insns: number; out: string } };
  const bytes = readFileSync(elf);
  const s: Sample = { load: processMs() - c0, first: 0, firstMain: 0, best: Infinity, bestMain: Infinity, insns: 0 };
  for (let i = 0; i < repeat; i++) {
    const p = processMs(), m = mainThreadMs();
    const r = runGuest(bytes);
    const t = processMs() - p, tm = mainThreadMs() - m;
    if (i === 0) { s.first = t; s.firstMain = tm; }
    if (t < s.best) s.best = t;
    if (tm < s.bestMain) s.bestMain = tm;
    s.insns = r.insns;
  }
  console.log(JSON.stringify(s));
}

function spawnChild(root: string, elf: string, repeat: number): Sample {
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', root, '--elf', elf, '--repeat', String(repeat)],
    { cwd: root, encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`child for ${elf} under ${root} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Sample;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function main(): Promise<void> {
  const usage = 'node --import tsx bench/first-run.ts [--runs N] [--repeat N] [--filter S] [--base DIR]';
  const { values } = benchArgs(usage, {
    child: { type: 'string' }, elf: { type: 'string' }, repeat: { type: 'string' }, runs: { type: 'string' },
    filter: { type: 'string', default: '' }, base: { type: 'string' },
  });
  const repeat = count(usage, '--repeat', values.repeat, 5);
  if (values.child) return child(values.child, values.elf!, repeat);
  const runs = count(usage, '--runs', values.runs, 3);
  const dir = join(HERE, 'guests/bin');
  const roots = values.base ? [HERE, values.base] : [HERE];
  // one vCPU here: the smp guests would wait for their second CPU forever
  const files = readdirSync(dir).filter((f) => f.endsWith('.elf') && !f.startsWith('smp-') && f.includes(values.filter!)).sort()
    .filter((f) => roots.every((r) => {
      try { return readFileSync(join(r, 'guests/bin', f)).equals(readFileSync(join(dir, f))); } catch { return false; }
    }));
  if (files.length === 0) throw new Error('no guest to run');
  const samples = roots.map(() => new Map<string, Sample[]>(files.map((f) => [f, []])));
  for (let k = 0; k < runs; k++) {
    for (const f of files) {
      // alternate which checkout goes first, round by round
      const order = k % 2 === 0 ? roots.map((_, i) => i) : roots.map((_, i) => roots.length - 1 - i);
      for (const i of order) samples[i]!.get(f)!.push(spawnChild(roots[i]!, join(dir, f), repeat));
    }
  }
  const keys = ['load', 'first', 'firstMain', 'best', 'bestMain'] as const;
  const med = (i: number, f: string): Record<(typeof keys)[number], number> =>
    Object.fromEntries(keys.map((key) => [key, median(samples[i]!.get(f)!.map((s) => s[key]))])) as Record<(typeof keys)[number], number>;
  const tot = roots.map(() => Object.fromEntries(keys.map((key) => [key, 0])) as Record<(typeof keys)[number], number>);
  const fmt = (x: number): string => x.toFixed(1).padStart(7);
  console.log(`${'guest'.padEnd(24)}${roots.map((_, i) => (i ? '   | base:' : '') + '   first  (main)    best  (main)').join('')}${roots.length > 1 ? '   first ratio  best ratio' : ''}`);
  for (const f of files) {
    const ms = roots.map((_, i) => med(i, f));
    ms.forEach((m, i) => keys.forEach((key) => { tot[i]![key] += m[key]; }));
    console.log(`${f.padEnd(24)}${ms.map((m, i) => (i ? '   |      ' : '') + fmt(m.first) + fmt(m.firstMain) + ' ' + fmt(m.best) + fmt(m.bestMain)).join('')}` +
      (ms.length > 1 ? `   ${(ms[0]!.first / ms[1]!.first).toFixed(2).padStart(8)}x  ${(ms[0]!.best / ms[1]!.best).toFixed(2).padStart(8)}x` : ''));
  }
  console.log(`${'total'.padEnd(24)}${tot.map((m, i) => (i ? '   |      ' : '') + fmt(m.first) + fmt(m.firstMain) + ' ' + fmt(m.best) + fmt(m.bestMain)).join('')}` +
    (tot.length > 1 ? `   ${(tot[0]!.first / tot[1]!.first).toFixed(2).padStart(8)}x  ${(tot[0]!.best / tot[1]!.best).toFixed(2).padStart(8)}x` : ''));
  if (tot.length > 1) {
    console.log(`main thread only: first ${(tot[0]!.firstMain / tot[1]!.firstMain).toFixed(2)}x, best ${(tot[0]!.bestMain / tot[1]!.bestMain).toFixed(2)}x; ` +
      `module loading ${tot[0]!.load / files.length | 0} vs ${tot[1]!.load / files.length | 0} ms per process`);
  }
  console.log(`CPU ms, medians of ${runs} fresh processes per guest${roots.length > 1 ? ' and checkout' : ''}; best of ${repeat} runs in each process`);
}

await main();
