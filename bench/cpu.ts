/**
 * Guest CPU speed on two tight loops, straight on the CPU model (no KVM model around it):
 *  - `reg`: s = (s + i) ^ (s >> 3) for i < N, five register-only instructions per iteration;
 *  - `mem`: ten instructions per iteration with a register-offset load and store (the general
 *    load/store path) and an immediate-offset load (the fast path), all on one data page.
 * Prints guest MIPS over wall time and over this process's CPU time (the second is the fairer
 * number on a shared machine). With --watch, each loop also runs with 4 watchpoints armed on RAM
 * pages it never touches, programmed as KVM does for a debugger (KVM_GUESTDBG_USE_HW: MDCR_EL2.TDE,
 * MDSCR_EL1.MDE, DBGWCRn with E = 1), alternating with runs without, and the slowdown of the best
 * run of each is printed. No assertion: speed is only measured in benchmarks.
 *   node --import tsx bench/cpu.ts [iterations] [--watch] [--runs N]
 */
import { benchArgs, count } from './args.ts';
import { createCpu } from '../src/cpu/index.ts';
import { RunStop } from '../src/cpu/api.ts';

const RAM = 0x40000000n;
const RAM_BYTES = 1 << 20;
/** SP: the iteration count is at [sp, #24], the `mem` loop's array at sp + 0x1000. */
const SP_OFF = 0x80000;

const PROGRAMS = {
  reg: [
    0xd2800000, // mov  x0, #0
    0xd2800001, // mov  x1, #0
    0xf9400fe2, // ldr  x2, [sp, #24]         (iteration count)
    0x8b010000, // 1: add  x0, x0, x1
    0xca800c00, //    eor  x0, x0, x0, asr #3
    0x91000421, //    add  x1, x1, #1
    0xeb02003f, //    cmp  x1, x2
    0x54ffff81, //    b.ne 1b
    0xd4000002, // hvc  #0
  ],
  mem: [
    0xd2800000, // mov  x0, #0
    0xd2800001, // mov  x1, #0
    0xf9400fe2, // ldr  x2, [sp, #24]         (iteration count)
    0x914007e4, // add  x4, sp, #0x1, lsl #12
    0x92401c25, // 1: and  x5, x1, #0xff
    0xf8657883, //    ldr  x3, [x4, x5, lsl #3]
    0x8b030000, //    add  x0, x0, x3
    0x8b010063, //    add  x3, x3, x1
    0xf8257883, //    str  x3, [x4, x5, lsl #3]
    0xf9400486, //    ldr  x6, [x4, #8]
    0xca460400, //    eor  x0, x0, x6, lsr #1
    0x91000421, //    add  x1, x1, #1
    0xeb02003f, //    cmp  x1, x2
    0x54fffee1, //    b.ne 1b
    0xd4000002, // hvc  #0
  ],
} as const;
export type Program = keyof typeof PROGRAMS;

/** DBGWCR: E, PAC = EL1 and EL0, LSC = load and store, BAS = all 8 bytes (Arm ARM D24.3.12). */
const WCR_ALL = 1n | (3n << 1n) | (3n << 3n) | (0xffn << 5n);
const MDSCR_MDE = 1n << 15n;

export function benchCpu(iterations: number, program: Program = 'reg', watchpoints = 0):
  { mips: number; seconds: number; cpuSeconds: number; cpuMips: number; result: bigint } {
  const cpu = createCpu();
  const mem = new Uint8Array(RAM_BYTES);
  const dv = new DataView(mem.buffer);
  PROGRAMS[program].forEach((w, i) => dv.setUint32(i * 4, w, true));
  dv.setBigUint64(SP_OFF + 24, BigInt(iterations), true);
  cpu.mapRam(RAM, mem);
  cpu.setPc(RAM);
  cpu.setSp(RAM + BigInt(SP_OFF));
  if (watchpoints > 0) {
    // what KVM_SET_GUEST_DEBUG with USE_HW leaves the CPU running with (src/kvm/debug.ts)
    cpu.hyp.tde = true;
    cpu.hyp.tda = true;
    cpu.setSysReg('MDSCR_EL1', MDSCR_MDE);
    for (let n = 0; n < watchpoints; n++) {
      // pages in the upper half of RAM: neither the code, nor the stack, nor the array
      cpu.setSysReg(`DBGWVR${n}_EL1`, RAM + BigInt(RAM_BYTES / 2 + n * 0x10000));
      cpu.setSysReg(`DBGWCR${n}_EL1`, WCR_ALL);
    }
  }
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const before = cpu.retired;
  let stop: RunStop = RunStop.Budget;
  while (stop === RunStop.Budget) stop = cpu.run(10_000_000);
  const seconds = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const cpuSeconds = (c1.user + c1.system) / 1e6;
  if (stop !== RunStop.TrapToEl2 || cpu.el2.esr >> 26n !== 0x16n) throw new Error(`bench loop stopped early (${stop}, ESR 0x${cpu.el2.esr.toString(16)})`);
  const insns = cpu.retired - before;
  return { mips: insns / seconds / 1e6, seconds, cpuSeconds, cpuMips: insns / cpuSeconds / 1e6, result: cpu.getX(0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const usage = 'node --import tsx bench/cpu.ts [iterations] [--watch] [--runs N]';
  const { values, positionals } = benchArgs(usage, { watch: { type: 'boolean', default: false }, runs: { type: 'string' } }, 1);
  const n = count(usage, 'iterations', positionals[0], 100_000_000);
  const runs = count(usage, '--runs', values.runs, 5);
  for (const p of Object.keys(PROGRAMS) as Program[]) {
    benchCpu(1_000_000, p); // warm up
    if (values.watch) benchCpu(1_000_000, p, 4);
    const r = benchCpu(n, p);
    console.log(`cpu ${p} loop: ${n} iterations, ${r.seconds.toFixed(2)} s, ${r.mips.toFixed(1)} guest MIPS (wall), ${r.cpuMips.toFixed(1)} per CPU-second, x0=0x${r.result.toString(16)}`);
    if (!values.watch) continue;
    // alternate so that drifting machine load hits both configurations alike; best CPU time of each
    let t0 = r.cpuSeconds, t4 = Infinity;
    for (let i = 0; i < runs; i++) {
      const w = benchCpu(n, p, 4);
      if (w.result !== r.result) throw new Error(`${p}: result 0x${w.result.toString(16)} with watchpoints, 0x${r.result.toString(16)} without`);
      t4 = Math.min(t4, w.cpuSeconds);
      if (i + 1 < runs) t0 = Math.min(t0, benchCpu(n, p).cpuSeconds);
    }
    console.log(`cpu ${p} loop, 4 idle watchpoints: ${t0.toFixed(3)} -> ${t4.toFixed(3)} CPU s (${((t4 / t0 - 1) * 100).toFixed(1)} %)`);
  }
}
