/**
 * FP/SIMD speed against QEMU TCG in the same run: guests/bin/fpmath-gcc-O3.elf with its data words
 * `work` (1: the float-heavy part, a double matrix multiply, Mandelbrot rows and single-precision maths;
 * 2: the vectorised integer loops) and `reps` patched. Both sides run the same two copies of the guest,
 * at `lo` and at `hi` repetitions; the difference of their CPU times is the time of hi - lo repetitions
 * with start-up, loading and each side's first translation of the code cancelled. `lo` is large enough
 * that kvmdbg's per-machine start (the interpreter runs a branch target `hot` times before its block is
 * compiled) and QEMU's translation happen inside it, and hi - lo makes the difference well over a
 * hundred milliseconds on both sides (without --quick), so the ratio is of the work at steady state on
 * both. kvmdbg runs the guest through the KVM model and the VMM (this process's CPU time), after untimed runs that let V8
 * optimise the interpreter and the compiled blocks (shared by every machine of a process, as they would
 * be in a long-running kvmdbg); QEMU is qemu-system-aarch64 -M virt -cpu cortex-a57 (its CPU time from
 * the shell's `times`). The four runs alternate, best of each. The whole-run times at `hi` (start-up
 * included, kvmdbg's in an already warm process) are returned too.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, count } from './args.ts';
import { createModelKvm } from '../src/kvm/index.ts';
import { findSymbol, parseElf } from '../src/vmm/elf.ts';
import { Machine } from '../src/vmm/machine.ts';
import { VmmTarget } from '../src/vmm/target.ts';
import { RAM_BASE } from '../src/vmm/virt.ts';

const ELF = fileURLToPath(new URL('../guests/bin/fpmath-gcc-O3.elf', import.meta.url));

function patched(elf: Uint8Array, words: Record<string, bigint>): Uint8Array {
  const image = parseElf(elf, { base: RAM_BASE, size: 128n << 20n });
  const copy = new Uint8Array(elf);
  const v = new DataView(copy.buffer);
  const phoff = Number(v.getBigUint64(32, true));
  for (const [name, val] of Object.entries(words)) {
    const sym = findSymbol(image, name);
    if (!sym) throw new Error(`${ELF} has no '${name}' symbol`);
    let done = false;
    for (let i = 0; i < v.getUint16(56, true) && !done; i++) {
      const o = phoff + 56 * i;
      const paddr = v.getBigUint64(o + 24, true), filesz = v.getBigUint64(o + 32, true);
      if (v.getUint32(o, true) === 1 && sym.value >= paddr && sym.value + 8n <= paddr + filesz) {
        v.setBigUint64(Number(v.getBigUint64(o + 8, true) + sym.value - paddr), val, true);
        done = true;
      }
    }
    if (!done) throw new Error(`'${name}' is not in a loaded segment`);
  }
  return copy;
}

const cpuSeconds = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };

async function kvmdbgSeconds(bytes: Uint8Array): Promise<number> {
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { uartTx: () => {} });
  m.load(bytes);
  const target = new VmmTarget(m);
  const t0 = cpuSeconds();
  const s = await target.resume('continue');
  if (s.kind !== 'poweroff') throw new Error(`fpmath guest: expected poweroff, got ${s.kind}`);
  return cpuSeconds() - t0;
}

function qemuSeconds(path: string): number {
  const script = 'qemu-system-aarch64 -M virt -cpu cortex-a57 -nographic -nic none -kernel "$1" >/dev/null </dev/null || exit 3; times';
  const r = spawnSync('bash', ['-c', script, 'bench', path], { timeout: 600_000, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`qemu-system-aarch64 failed: ${r.error?.message ?? r.stderr}`);
  const secs = [...r.stdout.trim().split('\n').at(-1)!.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return secs[0]! + secs[1]!;
}

export interface FpBenchRow {
  name: string;
  /** Repetitions of the two copies each side ran. */
  lo: number; hi: number;
  /** CPU seconds per repetition (from the difference) on each side, and kvmdbg / QEMU. */
  kvmdbg: number; qemu: number; ratio: number;
  /** CPU seconds of the whole run at `hi` (best) on each side. */
  kvmdbgRun: number; qemuRun: number;
}

/** Seconds per repetition of each workload on both, best of `runs`, and kvmdbg / QEMU. */
export async function benchFp(opts: { quick: boolean; runs: number }): Promise<FpBenchRow[]> {
  const elf = new Uint8Array(readFileSync(ELF));
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-fpbench-'));
  const out: FpBenchRow[] = [];
  try {
    // a float-heavy repetition takes ~0.8 ms on QEMU here, a vecint one ~0.05 ms: a vecint branch
    // target run once per repetition reaches the block compiler's threshold (10000 jumps) only after as
    // many repetitions, so its lo is past that
    for (const [name, work, lo, hi] of [
      ['float-heavy (matmul, Mandelbrot, floats)', 1n, 20n, opts.quick ? 120n : 300n],
      ['vectorised integer (vecint)', 2n, 11000n, opts.quick ? 12000n : 14000n],
    ] as const) {
      const loElf = patched(elf, { work, reps: lo }), hiElf = patched(elf, { work, reps: hi });
      const p1 = join(dir, 'lo.elf'), p2 = join(dir, 'hi.elf');
      writeFileSync(p1, loElf);
      writeFileSync(p2, hiElf);
      // untimed: V8 optimises the interpreter and the blocks the measured machines then find compiled
      for (let i = 0; i < 2; i++) await kvmdbgSeconds(hiElf);
      let ka = Infinity, kb = Infinity, qa = Infinity, qb = Infinity;
      for (let i = 0; i < Math.max(3, opts.runs); i++) {
        ka = Math.min(ka, await kvmdbgSeconds(loElf));
        qa = Math.min(qa, qemuSeconds(p1));
        kb = Math.min(kb, await kvmdbgSeconds(hiElf));
        qb = Math.min(qb, qemuSeconds(p2));
      }
      const k = (kb - ka) / Number(hi - lo), q = (qb - qa) / Number(hi - lo);
      out.push({ name, lo: Number(lo), hi: Number(hi), kvmdbg: k, qemu: q, ratio: k / q, kvmdbgRun: kb, qemuRun: qb });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const usage = 'node --import tsx bench/fp.ts [--quick] [--runs N]';
  const { values } = benchArgs(usage, { quick: { type: 'boolean', default: false }, runs: { type: 'string' } });
  const runs = count(usage, '--runs', values.runs, 3);
  const rows = await benchFp({ quick: values.quick!, runs });
  for (const r of rows) {
    console.log(`${r.name}: kvmdbg ${(r.kvmdbg * 1e3).toFixed(3)} ms/rep, QEMU ${(r.qemu * 1e3).toFixed(3)} ms/rep, kvmdbg/QEMU ${r.ratio.toFixed(2)}x` +
      ` (reps ${r.lo} and ${r.hi}; whole run at ${r.hi}: kvmdbg ${r.kvmdbgRun.toFixed(3)} s, QEMU ${r.qemuRun.toFixed(3)} s)`);
  }
}
