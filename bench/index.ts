/**
 * npm run bench: kvmdbg's speed as ratios against QEMU measured in the same run.
 *
 * 1. Guest MIPS on bench1 of guests/bin/bench-gcc-O2.elf (a 5-instruction loop whose count is the data
 *    word `iters`, patched per run). Under kvmdbg, two software breakpoints (bench1's entry and its
 *    return address) delimit bench1, and the model counts its instructions. QEMU (`-M virt -cpu
 *    cortex-a57 -nographic -nic none -kernel`) runs two patched copies; the difference of their CPU times
 *    cancels QEMU's start-up, and the instruction difference is the per-iteration count times the
 *    difference of the loop counts (the program is deterministic, so QEMU executes the same instructions).
 *    Times are CPU seconds (this process, or QEMU's via the shell's `times`), so other load on the
 *    machine disturbs them less than wall time would.
 * 2. Debug-exit round trips per second: a guest spinning on BRK; userspace skips it (PC += 4) and
 *    re-enters, and the same through the debugger (a software breakpoint reported and stepped over).
 * 3. The slowdown of the whole bench guest (bench1's register loop and bench2's memory traffic) with
 *    4 watchpoints armed on pages the guest never touches (goal: at most 5 %): at least 5 runs of each
 *    configuration, alternated, best of each compared (a single run varies by tens of percent here).
 * 4. gdb-multiarch `stepi` rate against kvmdbg's GDB stub and QEMU's (bench/gdb-stepi.ts), and the wall
 *    time from a breakpoint's KVM_EXIT_DEBUG to the stop reply while 2 vCPUs run (bench/gdb-stop-latency.ts).
 * 5. FP/SIMD: the float-heavy and the vectorised integer parts of guests/bin/fpmath-gcc-O3.elf, seconds
 *    per repetition on kvmdbg and on QEMU TCG, both running the same repetition counts (bench/fp.ts).
 * 6. With --real-kvm: KVM_RUN round trips through the real /dev/kvm backend vs the model, in one boot of
 *    Debian's arm64 kernel under QEMU with EL2 (bench/realkvm.ts; downloads and boots, so opt-in).
 * 7. Stage-1 translation: the whole bench guest with the MMU off and with it on (4 KiB pages, an
 *    identity map set up before its first instruction), one machine each running the guest again and
 *    again from its entry, after an untimed warm-up; the median ratio of paired rounds (each several
 *    runs of each configuration, alternated) and its range, in main-thread CPU time (bench/mmu.ts).
 * 8. Cold start of the installed package (npm pack, then installed into an empty project): `kvmdbg esr
 *    0x0` against bare `node -e 0`, `kvmdbg run` of the default guest to its first instruction, and the
 *    same run to the process's exit against QEMU running that ELF to its exit, medians of 7 alternated
 *    runs (bench/cold-start.ts).
 * 9. With --real-guests: Debian's U-Boot to its prompt and Debian's 6.1 kernel to the end of a busybox
 *    /init (1 and 2 vCPUs), wall time against QEMU TCG, and kvmdbg's peak RSS for the 1-vCPU boot
 *    (bench/real-guests.ts; fetches the guests and boots Linux for minutes, so opt-in), and gdb-multiarch
 *    `stepi` from start_kernel of that kernel against both stubs (bench/gdb-stepi-kernel.ts).
 * Options: --quick (smaller counts), --runs N (best of N, default 3), --real-kvm, --real-guests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, count } from './args.ts';
import { KVM_GUESTDBG_ENABLE, REG_PC, encodeGuestDebug } from '../src/abi/index.ts';
import { createModelKvm, type Vcpu } from '../src/kvm/index.ts';
import { findSymbol, parseElf } from '../src/vmm/elf.ts';
import { Machine } from '../src/vmm/machine.ts';
import { VmmTarget } from '../src/vmm/target.ts';
import { buildElf, words } from '../src/vmm/testing/build-elf.ts';
import { RAM_BASE } from '../src/vmm/virt.ts';

const USAGE = 'npm run bench -- [--quick] [--runs N] [--real-kvm] [--real-guests]';
const { values } = benchArgs(USAGE, {
  quick: { type: 'boolean', default: false }, runs: { type: 'string' }, 'real-kvm': { type: 'boolean', default: false },
  'real-guests': { type: 'boolean', default: false },
});
const RUNS = count(USAGE, '--runs', values.runs, 3);
/** Runs of each configuration in the watchpoint comparison (best of each): its ratio is a small effect. */
const WATCH_PAIRS = Math.max(RUNS, 5);
const QUICK = values.quick;
const BENCH_ELF = fileURLToPath(new URL('../guests/bin/bench-gcc-O2.elf', import.meta.url));
const elf = readFileSync(BENCH_ELF);
const image = parseElf(elf, { base: RAM_BASE, size: 128n << 20n });
const iters = findSymbol(image, 'iters');
if (!iters) throw new Error(`${BENCH_ELF} has no 'iters' symbol`);

/** The ELF with the u64 `iters` set to n (patched in the file, inside the segment that holds it). */
function withIters(n: bigint): Uint8Array {
  const copy = new Uint8Array(elf);
  const v = new DataView(copy.buffer);
  const phoff = Number(v.getBigUint64(32, true));
  for (let i = 0; i < v.getUint16(56, true); i++) {
    const o = phoff + 56 * i;
    const paddr = v.getBigUint64(o + 24, true);
    const filesz = v.getBigUint64(o + 32, true);
    if (v.getUint32(o, true) === 1 && iters!.value >= paddr && iters!.value + 8n <= paddr + filesz) {
      v.setBigUint64(Number(v.getBigUint64(o + 8, true) + iters!.value - paddr), n, true);
      return copy;
    }
  }
  throw new Error('iters is not in a PT_LOAD segment with file data');
}

const now = (): number => Number(process.hrtime.bigint()) / 1e9;
/** CPU seconds (user + system) this process has used: robust against other load on the machine. */
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const best = <T extends { t: number }>(xs: T[]): T => xs.reduce((a, b) => (b.t < a.t ? b : a));

/**
 * Run the bench guest under kvmdbg and measure bench1 alone: software breakpoints at bench1's entry and
 * at its return address (read from x30 at the entry stop) delimit it, so ELF loading, start-up and
 * bench2 are not counted. Returns the CPU seconds and instructions retired inside bench1.
 */
async function kvmdbgRun(bytes: Uint8Array, watch: boolean): Promise<{ t: number; insns: number; total: number }> {
  const sys = createModelKvm({ profile: '6.1', endian: 'le' });
  const m = new Machine(sys, { uartTx: () => {} });
  m.load(bytes);
  const target = new VmmTarget(m);
  /** The model's CPU counts what it retires (bench only: a VMM has no such count). */
  const retired = (): number => (m.vcpu as Vcpu).cpu.retired;
  const bench1 = findSymbol(image, 'bench1');
  if (!bench1) throw new Error('the bench guest has no bench1 symbol');
  if (watch) {
    // four pages near the top of RAM, which the guest (image + 64 KiB stack at the bottom) never touches
    for (let p = 1n; p <= 4n; p++) target.insertWatchpoint(RAM_BASE + m.window.size - p * 0x10000n, 8, 'access');
  }
  const expect = async (kind: string): Promise<void> => {
    const s = await target.resume('continue');
    if (s.kind !== kind) throw new Error(`bench guest: expected ${kind}, got ${JSON.stringify(s, (_k, x) => (typeof x === 'bigint' ? x.toString(16) : x))}`);
  };
  const start = cpu();
  target.insertSwBreakpoint(bench1.value);
  await expect('swbreak');
  const lr = target.readCoreRegisters().x[30]!;
  target.removeSwBreakpoint(bench1.value);
  target.insertSwBreakpoint(lr);
  const c0 = cpu();
  const i0 = retired();
  await expect('swbreak');
  const t = cpu() - c0;
  const insns = retired() - i0;
  target.removeSwBreakpoint(lr);
  await expect('poweroff');
  return { t, insns, total: cpu() - start };
}

/** QEMU's CPU seconds (user + system of the child, from the shell's `times`). */
function qemuRun(path: string): { t: number } {
  const script = 'qemu-system-aarch64 -M virt -cpu cortex-a57 -nographic -nic none -kernel "$1" >/dev/null </dev/null || exit 3; times';
  const r = spawnSync('bash', ['-c', script, 'bench', path], { timeout: 300_000, encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`qemu-system-aarch64 failed: ${r.error?.message ?? r.stderr}`);
  // `times` prints the shell's user/system times, then its children's: "0m1.234s 0m0.056s"
  const lines = r.stdout.trim().split('\n');
  const secs = [...lines.at(-1)!.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (secs.length !== 2) throw new Error(`cannot read QEMU's CPU time from: ${r.stdout}`);
  return { t: secs[0]! + secs[1]! };
}

async function repeat<T extends { t: number }>(f: () => Promise<T> | T): Promise<T> {
  const xs: T[] = [];
  for (let i = 0; i < RUNS; i++) xs.push(await f());
  return best(xs);
}

/**
 * Round trips per second: a guest looping on `brk #1; b .-4` whose BRK userspace skips (PC += 4), or
 * looping on `nop; b .-4` with a debugger breakpoint on the nop (swbreak stop, then step over it).
 */
async function brkRoundTrips(viaDebugger: boolean, seconds: number): Promise<number> {
  const sys = createModelKvm({ profile: '6.1', endian: 'le' });
  const m = new Machine(sys, { uartTx: () => {} });
  const code = viaDebugger
    ? words(
      0xd503201f, // nop        <- the debugger's software breakpoint (BRK #0) goes here
      0x17ffffff, // b .-4
    )
    : words(
      0xd4200020, // brk #1     the guest's own BRK; userspace skips it
      0x17ffffff, // b .-4
    );
  m.load(buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: code }]).bytes);
  let n = 0;
  const t0 = now();
  const c0 = cpu();
  if (viaDebugger) {
    const t = new VmmTarget(m);
    t.insertSwBreakpoint(0x4008_0000n);
    while (now() - t0 < seconds) {
      const s = await t.resume('continue');
      if (s.kind !== 'swbreak') throw new Error(`expected swbreak, got ${s.kind}`);
      n++;
    }
  } else {
    // KVM_GUESTDBG_ENABLE alone: every guest BRK exits to userspace (MDCR_EL2.TDE)
    m.vcpu.setGuestDebug(encodeGuestDebug({ control: KVM_GUESTDBG_ENABLE, bcr: [], bvr: [], wcr: [], wvr: [] }, m.endian));
    while (now() - t0 < seconds) {
      const exit = m.runOnce();
      if (exit.reason !== 'DEBUG') continue;
      m.vcpu.setOneReg(REG_PC, m.vcpu.getOneReg(REG_PC) + 4n);
      n++;
    }
  }
  return n / (cpu() - c0);
}

function qemuVersion(): string {
  try {
    return execFileSync('qemu-system-aarch64', ['--version']).toString().split('\n')[0]!.trim();
  } catch {
    throw new Error('qemu-system-aarch64 is missing: install the Debian package qemu-system-arm');
  }
}

async function main(): Promise<void> {
  const qv = qemuVersion();
  const [n1, n2] = QUICK ? [20_000n, 1_000_000n] : [50_000n, 10_000_000n];
  const [q1, q2] = QUICK ? [1_000_000n, 30_000_000n] : [1_000_000n, 200_000_000n];
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-bench-'));
  try {
    await kvmdbgRun(withIters(n1), false);   // warm-up: let the JIT compile the interpreter first
    const k = await repeat(() => kvmdbgRun(withIters(n2), false));
    const perIter = k.insns / Number(n2);
    const kMips = k.insns / k.t / 1e6;
    const p1 = join(dir, 'bench-q1.elf');
    const p2 = join(dir, 'bench-q2.elf');
    writeFileSync(p1, withIters(q1));
    writeFileSync(p2, withIters(q2));
    const r1 = await repeat(() => qemuRun(p1));
    const r2 = await repeat(() => qemuRun(p2));
    const qMips = (perIter * Number(q2 - q1)) / (r2.t - r1.t) / 1e6;

    // Alternate the two configurations (which one goes first too) so that drifting machine load and
    // the garbage collections of earlier machines hit both alike; best of each.
    const wIters = QUICK ? 3_000_000n : n2;
    const w0s: number[] = [];
    const w4s: number[] = [];
    for (let i = 0; i < WATCH_PAIRS; i++) {
      for (const watch of i % 2 === 0 ? [true, false] : [false, true]) {
        (watch ? w4s : w0s).push((await kvmdbgRun(withIters(wIters), watch)).total);
      }
    }
    const w0 = { t: Math.min(...w0s) };
    const w4 = { t: Math.min(...w4s) };
    const slow = (w4.t / w0.t - 1) * 100;
    const rawRt = await brkRoundTrips(false, QUICK ? 0.5 : 2);
    const dbgRt = await brkRoundTrips(true, QUICK ? 0.5 : 2);
    const { benchGdbStepi, WARMUP_STEPS } = await import('./gdb-stepi.ts');
    const stepi = await benchGdbStepi({ steps: QUICK ? 300 : 2000, runs: RUNS, log: () => {} });
    const latency = await (await import('./gdb-stop-latency.ts')).benchGdbStopLatency({ hits: QUICK ? 100 : 300 });
    const real = values['real-kvm'] ? await (await import('./realkvm.ts')).realKvmBench() : null;
    const guests = values['real-guests'] ? await (await import('./real-guests.ts')).benchRealGuests(1) : null;
    const kstepi = values['real-guests'] ? await (await import('./gdb-stepi-kernel.ts')).benchGdbStepiKernel({ steps: QUICK ? 300 : 1000, runs: RUNS }) : null;
    const { benchColdStart, coldStartRows } = await import('./cold-start.ts');
    const cold = await benchColdStart(7);
    const fp = await (await import('./fp.ts')).benchFp({ quick: QUICK, runs: RUNS });
    const { benchMmu, MMU_BENCH } = await import('./mmu.ts');
    const mmu = benchMmu(elf, QUICK ? MMU_BENCH.quick : MMU_BENCH.full);

    const rows: [string, string, string][] = [
      ['guest MIPS, QEMU TCG (cortex-a57)', qMips.toFixed(1), `${qv}; ${perIter.toFixed(2)} insns/iteration`],
      ['guest MIPS, kvmdbg (KVM model)', kMips.toFixed(2), `bench1 alone, between two breakpoints (${k.insns} insns)`],
      ['kvmdbg / QEMU speed', `${(kMips / qMips).toFixed(3)}x`, `QEMU is ${(qMips / kMips).toFixed(1)} times faster`],
      ['BRK exit round trips/s (PC += 4)', rawRt.toFixed(0), 'KVM_RUN -> KVM_EXIT_DEBUG -> SET_ONE_REG PC'],
      ['BRK round trips/s via debugger', dbgRt.toFixed(0), 'swbreak stop + step over (2 exits each)'],
      ['4 idle watchpoints slowdown', `${slow.toFixed(1)} %`, `goal <= 5 %; whole guest run ${w0.t.toFixed(3)} s -> ${w4.t.toFixed(3)} s (iters ${wIters}, best of ${WATCH_PAIRS})`],
      ['gdb stepi/s, QEMU gdbstub', stepi.qemuPerSecond.toFixed(0), `${stepi.steps} stepi from gdb-multiarch after ${WARMUP_STEPS} untimed (wall time)`],
      ['gdb stepi/s, kvmdbg stub', stepi.kvmdbgPerSecond.toFixed(0), `kvmdbg / QEMU = ${stepi.ratio.toFixed(2)}x (goal >= 1.5x)`],
      ['breakpoint exit -> stop reply, 2 vCPUs', `${latency.medianMs.toFixed(3)} ms`,
        `median of ${latency.hits} hits (smp guest); 90th percentile ${latency.p90Ms.toFixed(3)} ms, max ${latency.maxMs.toFixed(3)} ms (goal <= 2 ms)`],
    ];
    for (const f of fp) {
      rows.push([`${f.name}, kvmdbg / QEMU`, `${f.ratio.toFixed(2)}x`,
        `ms per repetition: kvmdbg ${(f.kvmdbg * 1e3).toFixed(3)}, QEMU ${(f.qemu * 1e3).toFixed(3)}, both from ${f.lo} and ${f.hi} repetitions (goal <= 2x)`]);
    }
    rows.push(['MMU on / MMU off (4 KiB pages)', `${mmu.ratio.toFixed(2)}x`,
      `goal >= 0.7x; whole bench guest, ${mmu.onMips.toFixed(1)} vs ${mmu.offMips.toFixed(1)} MIPS (${mmu.clock}); ` +
      `median of ${mmu.rounds} alternated rounds of ${mmu.reps} runs each, range ${mmu.lo.toFixed(2)}-${mmu.hi.toFixed(2)}x`]);
    if (real) {
      rows.push(['KVM_RUN round trips/s, real KVM', real.real.perSecond.toFixed(0), `${real.kernel} under QEMU TCG with EL2, boot ${real.bootSeconds.toFixed(0)} s`]);
      rows.push(['KVM_RUN round trips/s, model', real.model.perSecond.toFixed(0), `same boot; real / model = ${real.ratio.toFixed(2)}x`]);
    }
    if (guests) {
      for (const g of guests.rows) {
        rows.push([`${g.name}, kvmdbg / QEMU`, `${(g.kvmdbg / g.qemu).toFixed(1)}x`, `wall s: kvmdbg ${g.kvmdbg.toFixed(1)}, QEMU ${g.qemu.toFixed(1)} (goal <= 2x)`]);
      }
      rows.push(['gdb stepi/s from start_kernel, QEMU', kstepi!.qemuPerSecond.toFixed(0), `Debian 6.1, 2 vCPUs, ${kstepi!.steps} stepi after ${kstepi!.warmup} untimed (wall time)`]);
      rows.push(['gdb stepi/s from start_kernel, kvmdbg', kstepi!.kvmdbgPerSecond.toFixed(0), `kvmdbg / QEMU = ${kstepi!.ratio.toFixed(2)}x (goal >= 1.5x)`]);
      rows.push(['CPU ms per stepi from start_kernel (stub + gdb)', `${kstepi!.kvmdbgCpuMs.toFixed(3)}`,
        `QEMU ${kstepi!.qemuCpuMs.toFixed(3)}: QEMU / kvmdbg = ${(kstepi!.qemuCpuMs / kstepi!.kvmdbgCpuMs).toFixed(2)}x (best run of each)`]);
      rows.push(['gdb stepi/s later in the session, QEMU', kstepi!.qemuSteadyPerSecond.toFixed(0), `${kstepi!.steps} stepi from step ${kstepi!.steadyAt} of the same session`]);
      rows.push(['gdb stepi/s later in the session, kvmdbg', kstepi!.kvmdbgSteadyPerSecond.toFixed(0), `kvmdbg / QEMU = ${kstepi!.steadyRatio.toFixed(2)}x (goal >= 1.5x)`]);
      rows.push(['peak RSS, Linux boot, 1 vCPU', `${(guests.peakRss / 2 ** 20).toFixed(0)} MiB`,
        `${(guests.peakRss / guests.guestRamWritten).toFixed(1)}x the ${(guests.guestRamWritten / 2 ** 20).toFixed(0)} MiB of guest RAM written (goal <= 1.5x); ` +
        `QEMU ${(guests.qemuPeakRss / 2 ** 20).toFixed(0)} MiB`]);
    }
    rows.push(...coldStartRows(cold));
    const w = [Math.max(...rows.map((r) => r[0].length)), Math.max(...rows.map((r) => r[1].length))];
    const line = `+${'-'.repeat(w[0]! + 2)}+${'-'.repeat(w[1]! + 2)}+`;
    console.log(`kvmdbg bench: CPU seconds, best of ${RUNS}${QUICK ? ' (--quick)' : ''}; bench1 iters ${n2} under kvmdbg, ${q1}/${q2} under QEMU`);
    console.log(line);
    for (const r of rows) console.log(`| ${r[0].padEnd(w[0]!)} | ${r[1].padStart(w[1]!)} | ${r[2]}`);
    console.log(line);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
