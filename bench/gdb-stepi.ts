/**
 * GDB single-step rate: the same gdb-multiarch batch script runs N `stepi` on the spinning gdb test guest
 * (test/system/gdb-guest) against `qemu-system-aarch64 … -gdb tcp:… -S` and against
 * `kvmdbg run … --gdb … -S`, in the same run. The script prints a nanosecond timestamp (`shell date`)
 * just before and after the timed stepi loop, so start-up and connection are not counted. Both stubs
 * get the same untimed warm-up loop of WARMUP_STEPS stepi first (kvmdbg's JavaScript is still being
 * compiled by V8 during its first few hundred round trips; QEMU is native code but gets the same
 * loop), so the figure is the steady rate of each. Runs alternate QEMU, kvmdbg, QEMU, kvmdbg… so that
 * drifting machine load hits both alike, and the best run of each counts. The result is steps per
 * second for each stub and kvmdbg's rate divided by QEMU's (goal: at least 1.5).
 *
 * Run alone: node --import tsx bench/gdb-stepi.ts [STEPS] [RUNS]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { requireTool, runGdb, type Stub } from '../test/system/gdb-harness.ts';
import { benchArgs, count } from './args.ts';

export interface StepiResult {
  steps: number;
  qemuPerSecond: number;
  kvmdbgPerSecond: number;
  /** kvmdbg steps/s ÷ QEMU steps/s. */
  ratio: number;
  /** CPU ms per stepi of the stub plus gdb, in the timed loop (best run of each). */
  qemuCpuMs: number;
  kvmdbgCpuMs: number;
}

/**
 * user and system CPU clock ticks of the stub and of gdb itself (the shell's parent), from
 * /proc/PID/stat fields 14 and 15: on a loaded machine wall time is mostly waiting for a CPU, while
 * the CPU time each side spends per step is steadier.
 */
const CPU_TICKS = "$(cut -d' ' -f14,15 /proc/STUBPID/stat) $(cut -d' ' -f14,15 /proc/$PPID/stat)";

/** Untimed stepi before the timed loop, the same for both stubs. */
export const WARMUP_STEPS = 300;

function script(steps: number): string {
  return `set pagination off
set confirm off
file ELF
target remote 127.0.0.1:PORT
break main
continue
set var spin_enabled = 1
delete
set $i = 0
while $i < ${WARMUP_STEPS}
  stepi
  set $i = $i + 1
end
set $i = 0
shell echo T0 $(date +%s%N) ${CPU_TICKS}
while $i < ${steps}
  stepi
  set $i = $i + 1
end
shell echo T1 $(date +%s%N) ${CPU_TICKS}
print spins
kill
`;
}

async function rate(stub: Stub, steps: number): Promise<{ perSecond: number; cpuMs: number }> {
  const r = await runGdb(stub, script(steps), { timeoutMs: 300000 });
  const t0 = /T0 (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(r.stdout);
  const t1 = /T1 (\d+) (\d+) (\d+) (\d+) (\d+)/.exec(r.stdout);
  if (r.status !== 0 || !t0 || !t1) throw new Error(`gdb against ${stub} failed:\n${r.stdout}\n${r.stderr}\n${r.stubOutput}`);
  const seconds = Number(BigInt(t1[1]!) - BigInt(t0[1]!)) / 1e9;
  let ticks = 0;
  for (let i = 2; i <= 5; i++) ticks += Number(t1[i]) - Number(t0[i]);
  const hz = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  return { perSecond: steps / seconds, cpuMs: (ticks / hz) * 1000 / steps };
}

/** Measures both stubs and prints one line each plus the ratio. */
export async function benchGdbStepi(opts: { steps?: number; runs?: number; log?: (line: string) => void } = {}): Promise<StepiResult> {
  requireTool('gdb-multiarch', 'gdb-multiarch');
  requireTool('qemu-system-aarch64', 'qemu-system-arm');
  const steps = opts.steps ?? 2000;
  const log = opts.log ?? ((l: string) => console.log(l));
  const runs = Math.max(1, opts.runs ?? 2);
  let qemuPerSecond = 0;
  let kvmdbgPerSecond = 0;
  let qemuCpuMs = Infinity;
  let kvmdbgCpuMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const q = await rate('qemu', steps);
    const k = await rate('kvmdbg', steps);
    qemuPerSecond = Math.max(qemuPerSecond, q.perSecond);
    kvmdbgPerSecond = Math.max(kvmdbgPerSecond, k.perSecond);
    qemuCpuMs = Math.min(qemuCpuMs, q.cpuMs);
    kvmdbgCpuMs = Math.min(kvmdbgCpuMs, k.cpuMs);
  }
  const ratio = kvmdbgPerSecond / qemuPerSecond;
  log(`gdb stepi (${steps} steps after ${WARMUP_STEPS} untimed, best of ${runs}): QEMU ${qemuPerSecond.toFixed(0)}/s, kvmdbg ${kvmdbgPerSecond.toFixed(0)}/s, ` +
    `ratio kvmdbg/QEMU ${ratio.toFixed(2)} (goal >= 1.5); CPU ms per stepi (stub + gdb): QEMU ${qemuCpuMs.toFixed(3)}, ` +
    `kvmdbg ${kvmdbgCpuMs.toFixed(3)}, QEMU/kvmdbg ${(qemuCpuMs / kvmdbgCpuMs).toFixed(2)}`);
  return { steps, qemuPerSecond, kvmdbgPerSecond, ratio, qemuCpuMs, kvmdbgCpuMs };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const usage = 'node --import tsx bench/gdb-stepi.ts [STEPS] [RUNS]';
  const { positionals: p } = benchArgs(usage, {}, 2);
  await benchGdbStepi({ steps: count(usage, 'STEPS', p[0], 2000), runs: count(usage, 'RUNS', p[1], 2) });
}
