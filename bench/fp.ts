/**
 * FP/SIMD speed against QEMU TCG in the same run: guests/bin/fpmath-gcc-O3.elf with its data words
 * `work` (1: the float-heavy part, a double matrix multiply, Mandelbrot rows and single-precision maths;
 * 2: the vectorised integer loops) and `reps` patched. Each side runs the guest at two repetition counts;
 * the difference of the CPU times cancels start-up, so the ratio is of the work alone. kvmdbg runs the
 * guest through the KVM model and the VMM (this process's CPU time); QEMU is qemu-system-aarch64 -M virt
 * -cpu cortex-a57 (its CPU time from the shell's `times`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

export interface FpBenchRow { name: string; kvmdbg: number; qemu: number; ratio: number }

/** Seconds per repetition of each workload on both, best of `runs`, and kvmdbg / QEMU. */
export async function benchFp(opts: { quick: boolean; runs: number }): Promise<FpBenchRow[]> {
  const elf = new Uint8Array(readFileSync(ELF));
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-fpbench-'));
  const out: FpBenchRow[] = [];
  try {
    for (const [name, work, kLo, kHi, qLo, qHi] of [
      ['float-heavy (matmul, Mandelbrot, floats)', 1n, 1n, opts.quick ? 12n : 40n, 10n, opts.quick ? 1000n : 4000n],
      ['vectorised integer (vecint)', 2n, 1n, opts.quick ? 60n : 200n, 10n, opts.quick ? 10000n : 40000n],
    ] as const) {
      // warm-up: V8 compiles the interpreter, the block compiler the hot blocks, which the measured machines
      // reuse (cpu/jit.ts shares compiled blocks in a process): the ratio is of the work once compiled
      await kvmdbgSeconds(patched(elf, { work, reps: kHi }));
      // best of each configuration, then their difference: the start-up and the noise of one run cancel
      let ka = Infinity, kb = Infinity, qa = Infinity, qb = Infinity;
      const p1 = join(dir, 'lo.elf'), p2 = join(dir, 'hi.elf');
      writeFileSync(p1, patched(elf, { work, reps: qLo }));
      writeFileSync(p2, patched(elf, { work, reps: qHi }));
      for (let i = 0; i < Math.max(3, opts.runs); i++) {
        ka = Math.min(ka, await kvmdbgSeconds(patched(elf, { work, reps: kLo })));
        kb = Math.min(kb, await kvmdbgSeconds(patched(elf, { work, reps: kHi })));
        qa = Math.min(qa, qemuSeconds(p1));
        qb = Math.min(qb, qemuSeconds(p2));
      }
      const k = (kb - ka) / Number(kHi - kLo), q = (qb - qa) / Number(qHi - qLo);
      out.push({ name, kvmdbg: k, qemu: q, ratio: k / q });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await benchFp({ quick: process.argv.includes('--quick'), runs: 1 });
  for (const r of rows) console.log(`${r.name}: kvmdbg ${(r.kvmdbg * 1e3).toFixed(2)} ms/rep, QEMU ${(r.qemu * 1e3).toFixed(3)} ms/rep, kvmdbg/QEMU ${r.ratio.toFixed(1)}x`);
}
