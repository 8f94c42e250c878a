/**
 * GDB single-step rate on Debian's 6.1 kernel (opt-in with --real-guests): the same gdb-multiarch
 * script against `qemu-system-aarch64 -M virt -cpu cortex-a57 -smp 2 -S` and `kvmdbg run --kernel …
 * --smp 2 --gdb … -S` (test/system/kernel-gdb/harness.ts), booted with `nokaslr`: a hardware
 * breakpoint on start_kernel (System.map), continue, WARMUP_STEPS untimed stepi, then STEPS timed stepi
 * between two nanosecond timestamps (`shell date`), so boot, connection and warm-up are not counted.
 * Runs alternate QEMU, kvmdbg, … and the best of each counts. Result: steps per second of each and
 * kvmdbg's rate divided by QEMU's (goal: at least 1.5), and the CPU time per step of the stub and gdb
 * together (user + system of every thread, /proc/PID/stat, read at the same two points): on a loaded
 * machine the wall time is much waiting for a CPU, the CPU time steadier. kvmdbg's CPU time includes the
 * stub's lingering after each reply (src/gdbstub/transport/tcp.ts), which trades CPU for wake-ups.
 *
 * The warm-up does not bring kvmdbg to its steady rate: the stub's per-step functions (KVM_RUN, the
 * stop reply, the memory reads) are called a few times per stepi, and V8 is still optimizing them for a
 * few thousand steps (its compiler threads took about 117 us of CPU per step after 300 steps, 45 after
 * 2000, 10 after 4000, 3 after 10000). So the same session goes on stepping and times STEPS more from
 * step STEADY_AT (default 4000): the rate of a long stepping session, given beside the early one.
 * WARMUP, the third argument, moves the first window.
 *
 * Run alone: node --import tsx bench/gdb-stepi-kernel.ts [STEPS] [RUNS] [WARMUP] [STEADY_AT]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSymbolFile } from '../src/vmm/symbol-file.ts';
import { requireTool, type Stub } from '../test/system/gdb-harness.ts';
import { KernelStub, runGdbScript, type KernelGuest } from '../test/system/kernel-gdb/harness.ts';
import { fetchKernelSymbols, fetchRealGuests } from '../test/system/real-guests/fetch.ts';
import { buildInitramfs } from '../test/system/real-guests/initramfs.ts';

export const KERNEL_WARMUP_STEPS = 300;
/** The step at which the second, steady-state window starts. */
export const KERNEL_STEADY_AT = 4000;

export interface KernelStepiResult {
  steps: number;
  /** Untimed stepi before the timed ones. */
  warmup: number;
  qemuPerSecond: number;
  kvmdbgPerSecond: number;
  /** kvmdbg steps/s ÷ QEMU steps/s. */
  ratio: number;
  /** CPU ms per stepi of the stub plus gdb, in the timed loop (best run of each). */
  qemuCpuMs: number;
  kvmdbgCpuMs: number;
  /** The second window: `steps` stepi from step `steadyAt` of the same sessions (best run of each). */
  steadyAt: number;
  qemuSteadyPerSecond: number;
  kvmdbgSteadyPerSecond: number;
  steadyRatio: number;
}

/** User and system clock ticks of the stub (STUBPID) and of gdb (the shell's parent), fields 14 and 15. */
const CPU_TICKS = "$(cut -d' ' -f14,15 /proc/STUBPID/stat) $(cut -d' ' -f14,15 /proc/$PPID/stat)";

function script(startKernel: bigint, steps: number, warmup: number, steadyAt: number): string {
  const loop = (n: number): string[] => n > 0 ? ['set $i = 0', `while $i < ${n}`, '  stepi', '  set $i = $i + 1', 'end'] : [];
  const mark = (name: string): string => `shell echo ${name} $(date +%s%N) ${CPU_TICKS}`;
  return ['set pagination off', 'set confirm off', 'target remote 127.0.0.1:PORT', `hbreak *0x${startKernel.toString(16)}`, 'continue',
    'delete', ...loop(warmup), mark('T0'), ...loop(steps), mark('T1'), ...loop(steadyAt - warmup - steps), mark('T2'), ...loop(steps), mark('T3'),
    'kill', ''].join('\n');
}

interface Window { perSecond: number; cpuMs: number }

async function rate(stub: Stub, guest: KernelGuest, gdb: string, steps: number): Promise<{ early: Window; steady: Window }> {
  const s = await KernelStub.start(stub, guest);
  try {
    const r = await runGdbScript(s, gdb.replaceAll('STUBPID', String(s.child.pid)), { timeoutMs: 600_000 });
    const marks = [0, 1, 2, 3].map((k) => new RegExp(`^T${k} (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)$`, 'm').exec(r.stdout));
    if (r.status !== 0 || marks.some((m) => !m)) throw new Error(`gdb against ${stub} failed:\n${r.stdout}\n${r.stderr}\n${s.console.slice(-2000)}`);
    const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
    const window = (a: RegExpExecArray, b: RegExpExecArray): Window => {
      let ticks = 0;
      for (let i = 2; i <= 5; i++) ticks += Number(b[i]) - Number(a[i]);
      return { perSecond: steps / (Number(BigInt(b[1]!) - BigInt(a[1]!)) / 1e9), cpuMs: (ticks / hz) * 1000 / steps };
    };
    return { early: window(marks[0]!, marks[1]!), steady: window(marks[2]!, marks[3]!) };
  } finally {
    await s.stop();
  }
}

export async function benchGdbStepiKernel(opts: { steps?: number; runs?: number; warmup?: number; steadyAt?: number } = {}): Promise<KernelStepiResult> {
  requireTool('gdb-multiarch', 'gdb-multiarch');
  requireTool('qemu-system-aarch64', 'qemu-system-arm');
  const steps = opts.steps ?? 1000;
  const warmup = opts.warmup ?? KERNEL_WARMUP_STEPS;
  const runs = Math.max(1, opts.runs ?? 2);
  const steadyAt = Math.max(opts.steadyAt ?? KERNEL_STEADY_AT, warmup + steps);
  const g = fetchRealGuests();
  const startKernel = parseSymbolFile(readFileSync(fetchKernelSymbols().systemMap)).find((x) => x.name === 'start_kernel');
  if (!startKernel) throw new Error('start_kernel is not in System.map');
  const initrd = join(mkdtempSync(join(tmpdir(), 'kvmdbg-kstepi-')), 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
  const guest: KernelGuest = { kernel: g.kernel, initrd, append: 'console=ttyAMA0 nokaslr', smp: 2, gic: 3, memory: 512, wait: true };
  const gdb = script(startKernel.value, steps, warmup, steadyAt);
  let qemuPerSecond = 0;
  let kvmdbgPerSecond = 0;
  let qemuCpuMs = Infinity;
  let kvmdbgCpuMs = Infinity;
  let qemuSteadyPerSecond = 0;
  let kvmdbgSteadyPerSecond = 0;
  for (let i = 0; i < runs; i++) {
    const q = await rate('qemu', guest, gdb, steps);
    const k = await rate('kvmdbg', guest, gdb, steps);
    qemuPerSecond = Math.max(qemuPerSecond, q.early.perSecond);
    kvmdbgPerSecond = Math.max(kvmdbgPerSecond, k.early.perSecond);
    qemuCpuMs = Math.min(qemuCpuMs, q.early.cpuMs);
    kvmdbgCpuMs = Math.min(kvmdbgCpuMs, k.early.cpuMs);
    qemuSteadyPerSecond = Math.max(qemuSteadyPerSecond, q.steady.perSecond);
    kvmdbgSteadyPerSecond = Math.max(kvmdbgSteadyPerSecond, k.steady.perSecond);
  }
  return {
    steps, warmup, qemuPerSecond, kvmdbgPerSecond, ratio: kvmdbgPerSecond / qemuPerSecond, qemuCpuMs, kvmdbgCpuMs,
    steadyAt, qemuSteadyPerSecond, kvmdbgSteadyPerSecond, steadyRatio: kvmdbgSteadyPerSecond / qemuSteadyPerSecond,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = ['STEPS', 'RUNS', 'WARMUP', 'STEADY_AT'];
  const args = [1000, 2, KERNEL_WARMUP_STEPS, KERNEL_STEADY_AT].map((d, k) => {
    const text = process.argv[k + 2];
    const n = text === undefined ? d : Number(text);
    if (!Number.isSafeInteger(n) || n < (k < 2 ? 1 : 0)) {
      console.error(`bench/gdb-stepi-kernel.ts: ${names[k]} must be a whole number${k < 2 ? ' of at least 1' : ''}, got '${text}'\n` +
        'usage: node --import tsx bench/gdb-stepi-kernel.ts [STEPS] [RUNS] [WARMUP] [STEADY_AT]');
      process.exit(2);
    }
    return n;
  });
  const r = await benchGdbStepiKernel({ steps: args[0], runs: args[1], warmup: args[2], steadyAt: args[3] });
  console.log(`gdb stepi from start_kernel (${r.steps} after ${r.warmup} untimed): QEMU ${r.qemuPerSecond.toFixed(0)}/s, ` +
    `kvmdbg ${r.kvmdbgPerSecond.toFixed(0)}/s, kvmdbg/QEMU ${r.ratio.toFixed(2)} (goal >= 1.5); CPU ms per stepi (stub + gdb): ` +
    `QEMU ${r.qemuCpuMs.toFixed(3)}, kvmdbg ${r.kvmdbgCpuMs.toFixed(3)}, QEMU/kvmdbg ${(r.qemuCpuMs / r.kvmdbgCpuMs).toFixed(2)}`);
  console.log(`gdb stepi from step ${r.steadyAt} (${r.steps}): QEMU ${r.qemuSteadyPerSecond.toFixed(0)}/s, kvmdbg ${r.kvmdbgSteadyPerSecond.toFixed(0)}/s, ` +
    `kvmdbg/QEMU ${r.steadyRatio.toFixed(2)} (goal >= 1.5)`);
}
