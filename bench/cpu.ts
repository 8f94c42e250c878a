/**
 * Guest CPU speed on a tight loop: s = (s + i) ^ (s >> 3) for i < N, five instructions per
 * iteration. Prints guest MIPS over wall time and over this process's CPU time (the second is the
 * fairer number on a shared machine). No assertion: speed is only measured in benchmarks.
 *   node --import tsx bench/cpu.ts [iterations]
 */
import { createCpu } from '../src/cpu/index.ts';
import { RunStop } from '../src/cpu/api.ts';

const RAM = 0x40000000n;
const code = [
  0xd2800000, // mov  x0, #0
  0xd2800001, // mov  x1, #0
  0xf9400fe2, // ldr  x2, [sp, #24]         (iteration count)
  0x8b010000, // 1: add  x0, x0, x1
  0xca800c00, //    eor  x0, x0, x0, asr #3
  0x91000421, //    add  x1, x1, #1
  0xeb02003f, //    cmp  x1, x2
  0x54ffff81, //    b.ne 1b
  0xd4000002, // hvc  #0
];

export function benchCpu(iterations: number): { mips: number; seconds: number; cpuMips: number; result: bigint } {
  const cpu = createCpu();
  const mem = new Uint8Array(1 << 20);
  const dv = new DataView(mem.buffer);
  code.forEach((w, i) => dv.setUint32(i * 4, w, true));
  dv.setBigUint64(0x80000 + 24, BigInt(iterations), true);
  cpu.mapRam(RAM, mem);
  cpu.setPc(RAM);
  cpu.setSp(RAM + 0x80000n);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const before = cpu.retired;
  let stop: RunStop = RunStop.Budget;
  while (stop === RunStop.Budget) stop = cpu.run(10_000_000);
  const seconds = (performance.now() - t0) / 1000;
  const c1 = process.cpuUsage(c0);
  const cpuSeconds = (c1.user + c1.system) / 1e6;
  const insns = cpu.retired - before;
  return { mips: insns / seconds / 1e6, seconds, cpuMips: insns / cpuSeconds / 1e6, result: cpu.getX(0) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 100_000_000);
  benchCpu(1_000_000); // warm up
  const r = benchCpu(n);
  console.log(`cpu tight loop: ${n} iterations, ${r.seconds.toFixed(2)} s, ${r.mips.toFixed(1)} guest MIPS (wall), ${r.cpuMips.toFixed(1)} per CPU-second, x0=0x${r.result.toString(16)}`);
}
