/**
 * The cost of stage-1 translation: the compiled-C `bench` guest (guests/bin, bench1 and bench2: a
 * register loop, then CRC32 and an insertion sort over memory) under the KVM model, from reset to
 * PSCI SYSTEM_OFF, with the MMU off as it boots and with the MMU on before its first instruction:
 * 4 KiB pages identity-mapping the first 64 MiB of RAM (Normal write-back) and the PL011 (Device),
 * TCR_EL1.T0SZ = 16, so every translation is a 4-level walk. The guest's output must not change.
 *
 * One run of the guest is 1.9 M instructions, under 10 ms once the code is compiled: too short to time
 * alone, and on a fresh machine mostly decoding and block compilation, which with V8 optimising on its
 * own threads moved single runs by a factor of two and made the old best-of-5 figure anything from
 * 0.5x to 6x from one process to the next. So:
 *  - each configuration has one machine, and the guest is run on it again and again from its entry
 *    (`machine`): the code stays compiled, and every run translates its accesses afresh (the vCPU
 *    reset and the MMU registers written again empty the TLB);
 *  - the process's warm-up is left out: untimed samples of both configurations come first;
 *  - a sample is `reps` runs in one configuration; a round is one sample of each, which goes first
 *    alternating from round to round, so drifting load hits both alike; its ratio is MMU-on MIPS /
 *    MMU-off MIPS;
 *  - the figure is the median of the rounds' ratios, with their range beside it.
 * Times are the CPU time of the main thread (bench/thread-cpu.ts), which leaves out V8's compiler and
 * GC threads; where that cannot be read, the process's CPU time, which is printed too but varies more.
 * No assertion: speed is only measured in benchmarks. The goal: MMU on >= 0.7x MMU off.
 *   node --import tsx bench/mmu.ts [--rounds N] [--reps N] [--quick] [--elf NAME]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchArgs, count } from './args.ts';
import type { Vcpu } from '../src/kvm/index.ts';
import { REG_PC, REG_PSTATE } from '../src/abi/index.ts';
import { PSTATE_EL1H_DAIF, RAM_BASE, UART_BASE } from '../src/vmm/virt.ts';
import { loadGuest, runToShutdown } from './guests.ts';
import { processCpuMs, threadCpuMs } from './thread-cpu.ts';

const DIR = fileURLToPath(new URL('../guests/bin/', import.meta.url));

/** Where the tables go (RAM offset), how much RAM they map. */
const PT_OFF = 100 << 20;
const MAPPED = 64 << 20;
const MAIR = 0xff00n; // attr 0 Device-nGnRnE, attr 1 Normal write-back
const NORMAL = 3 | (1 << 2) | (3 << 8) | (1 << 10); // page, AttrIndx 1, inner shareable, AF
const DEVICE = 3 | (1 << 10); // page, AttrIndx 0, AF (and PXN/UXN in the high word)
const TABLE = 3;


/** 4 KiB identity tables for [RAM_BASE, RAM_BASE + MAPPED) and the UART page, written into `ram`. */
function buildTables(ram: Uint8Array): bigint {
  const dv = new DataView(ram.buffer, ram.byteOffset, ram.byteLength);
  let next = PT_OFF;
  const alloc = (): number => { const o = next; next += 4096; new Uint8Array(ram.buffer, ram.byteOffset + o, 4096).fill(0); return o; };
  const pa = (off: number): number => Number(RAM_BASE) + off;
  const put = (tableOff: number, idx: number, lo: number, hi = 0): void => {
    dv.setUint32(tableOff + idx * 8, lo >>> 0, true);
    dv.setUint32(tableOff + idx * 8 + 4, hi >>> 0, true);
  };
  const l0 = alloc(), l1 = alloc();
  put(l0, 0, pa(l1) | TABLE);
  const tableFor = (va: number): number => {
    // the L3 table of `va` (below 4 GiB), made on first use
    const i1 = Math.floor(va / 2 ** 30), i2 = Math.floor(va / 2 ** 21) % 512;
    let l2 = dv.getUint32(l1 + i1 * 8, true);
    if (l2 === 0) { const t = alloc(); put(l1, i1, pa(t) | TABLE); l2 = pa(t) | TABLE; }
    const l2off = (l2 & ~0xfff) - Number(RAM_BASE);
    let l3 = dv.getUint32(l2off + i2 * 8, true);
    if (l3 === 0) { const t = alloc(); put(l2off, i2, pa(t) | TABLE); l3 = pa(t) | TABLE; }
    return (l3 & ~0xfff) - Number(RAM_BASE);
  };
  for (let a = Number(RAM_BASE); a < Number(RAM_BASE) + MAPPED; a += 4096) put(tableFor(a), (a / 4096) % 512, a | NORMAL);
  const u = Number(UART_BASE);
  put(tableFor(u), (u / 4096) % 512, u | DEVICE, (1 << 21) | (1 << 22));
  return BigInt(pa(l0));
}

/** The clock samples are timed with: the main thread's CPU time if it can be read, else the process's. */
const clockMs = threadCpuMs ?? processCpuMs;
const CLOCK = threadCpuMs ? 'main-thread CPU time' : 'process CPU time';

/** Turn the MMU on (the identity map at `root`) as the guest's first instruction would find it. */
function mmuOn(cpu: Vcpu['cpu'], root: bigint): void {
  cpu.setSysReg('MAIR_EL1', MAIR);
  // T0SZ = 16, IRGN0 = ORGN0 = write-back, SH0 inner, TG0 = 4K, EPD1, TG1 = 4K, IPS = 40 bits
  cpu.setSysReg('TCR_EL1', 16n | (1n << 8n) | (1n << 10n) | (3n << 12n) | (1n << 23n) | (2n << 30n) | (2n << 32n));
  cpu.setSysReg('TTBR0_EL1', root);
  cpu.setSysReg('SCTLR_EL1', cpu.getSysReg('SCTLR_EL1') | 1n | (1n << 2n) | (1n << 12n));
}

/**
 * One machine with the guest loaded, its MMU on (identity map) if `mmu`, and `run()`, which runs the
 * guest to SYSTEM_OFF and puts it back at its entry: the vCPU reset (KVM_ARM_VCPU_INIT, as a VMM
 * resets it), x0..x30 = 0, EL1h with DAIF masked, the MMU on again. RAM is not cleared, so the code
 * the guest ran stays decoded and compiled, as in a guest that keeps running: the runs after the
 * first measure execution, not the block compiler (the guest starts by clearing its .bss, and nothing
 * else it writes changes what it computes).
 */
function machine(elf: Uint8Array, mmu: boolean): { run: () => { ms: number; procMs: number; insns: number; out: string } } {
  const { m, out } = loadGuest(elf);
  const cpu = (m.vcpu as Vcpu).cpu;
  const entry = m.vcpu.getOneReg(REG_PC);
  const root = mmu ? buildTables(m.ram) : 0n;
  if (mmu) mmuOn(cpu, root);
  let first: string | undefined;
  return {
    run: () => {
      out.text = '';
      const i0 = cpu.retired;
      const p0 = processCpuMs(), t0 = clockMs();
      runToShutdown(m);
      const ms = clockMs() - t0, procMs = processCpuMs() - p0;
      if (mmu && (cpu.getSysReg('SCTLR_EL1') & 1n) === 0n) throw new Error('the MMU was off at the end of the run');
      const r = { ms, procMs, insns: cpu.retired - i0, out: out.text };
      first ??= r.out;
      if (r.out !== first) throw new Error(`run again from its entry, the guest printed something else:\n${r.out}\n---\n${first}`);
      m.reinitVcpu(0);
      m.vcpu.setOneReg(REG_PSTATE, PSTATE_EL1H_DAIF);
      m.vcpu.setOneReg(REG_PC, entry);
      if (mmu) mmuOn(cpu, root);
      return r;
    },
  };
}

/** `reps` runs of the guest on machine `g`: milliseconds on `clockMs` and of process CPU, instructions, output. */
function sample(g: ReturnType<typeof machine>, reps: number): { ms: number; procMs: number; insns: number; out: string } {
  let ms = 0, procMs = 0, insns = 0, out = '';
  for (let r = 0; r < reps; r++) {
    const x = g.run();
    ms += x.ms; procMs += x.procMs; insns += x.insns; out = x.out;
  }
  return { ms, procMs, insns, out };
}

export interface MmuBench {
  /** Median over the rounds of MMU-on MIPS / MMU-off MIPS, and the lowest and highest round. */
  ratio: number; lo: number; hi: number;
  /** Median MIPS of each configuration (per second of `clock`). */
  offMips: number; onMips: number;
  /** The median ratio and its range in process CPU time (V8's compiler and GC threads included). */
  procRatio: number; procLo: number; procHi: number;
  rounds: number; reps: number;
  /** Instructions of one run with the MMU off. */
  insns: number;
  clock: string;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * Paired rounds of `elf` with the MMU off and on (see the top of this file). Throws if the guest
 * prints something else with the MMU on. Instruction counts differ a little: the first touch of each
 * table page is a stage-2 fault of the lazily mapped memory, which counts as one.
 */
export function benchMmu(elf: Uint8Array, opts: { rounds: number; reps: number; warmups?: number }): MmuBench {
  const { rounds, reps } = opts;
  const machines = [machine(elf, false), machine(elf, true)];
  for (let w = 0; w < (opts.warmups ?? 2); w++) for (const g of machines) sample(g, reps);
  const ratios: number[] = [], procRatios: number[] = [], offs: number[] = [], ons: number[] = [];
  let outOff = '', outOn = '', insns = 0;
  for (let i = 0; i < rounds; i++) {
    let off = 0, on = 0, procOff = 0, procOn = 0;
    for (const mmu of i % 2 === 0 ? [false, true] : [true, false]) {
      const s = sample(machines[mmu ? 1 : 0]!, reps);
      const mips = s.insns / s.ms / 1e3, procMips = s.insns / s.procMs / 1e3;
      if (mmu) { on = mips; procOn = procMips; outOn = s.out; } else { off = mips; procOff = procMips; outOff = s.out; insns = s.insns / reps; }
    }
    ratios.push(on / off); procRatios.push(procOn / procOff); offs.push(off); ons.push(on);
  }
  if (outOn !== outOff) throw new Error(`the guest printed something else with the MMU on:\n${outOn}\n---\n${outOff}`);
  return {
    ratio: median(ratios), lo: Math.min(...ratios), hi: Math.max(...ratios), offMips: median(offs), onMips: median(ons),
    procRatio: median(procRatios), procLo: Math.min(...procRatios), procHi: Math.max(...procRatios),
    rounds, reps, insns, clock: CLOCK,
  };
}

/** Rounds and runs per sample for `npm run bench` (and --quick). */
export const MMU_BENCH = { full: { rounds: 9, reps: 16 }, quick: { rounds: 5, reps: 6 } };

if (import.meta.url === `file://${process.argv[1]}`) {
  const usage = 'node --import tsx bench/mmu.ts [--rounds N] [--reps N] [--quick] [--elf NAME]';
  const { values } = benchArgs(usage, {
    rounds: { type: 'string' }, reps: { type: 'string' }, quick: { type: 'boolean', default: false },
    elf: { type: 'string', default: 'bench-gcc-O2.elf' },
  });
  const d = values.quick ? MMU_BENCH.quick : MMU_BENCH.full;
  const r = benchMmu(readFileSync(DIR + values.elf!), { rounds: count(usage, '--rounds', values.rounds, d.rounds), reps: count(usage, '--reps', values.reps, d.reps) });
  console.log(`${values.elf}: ${r.insns} insns a run; MMU off ${r.offMips.toFixed(1)} MIPS, MMU on (4 KiB pages) ${r.onMips.toFixed(1)} MIPS ` +
    `(medians, ${r.clock}): ${r.ratio.toFixed(3)}x [${r.lo.toFixed(3)}-${r.hi.toFixed(3)}], median of ${r.rounds} paired rounds of ${r.reps} runs each; ` +
    `in process CPU time ${r.procRatio.toFixed(3)}x [${r.procLo.toFixed(3)}-${r.procHi.toFixed(3)}]`);
}
