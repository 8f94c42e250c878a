/**
 * The cost of stage-1 translation: the compiled-C `bench` guest (guests/bin, bench1 and bench2: a
 * register loop, then CRC32 and an insertion sort over memory) under the KVM model, from reset to
 * PSCI SYSTEM_OFF, with the MMU off as it boots and with the MMU on before its first instruction:
 * 4 KiB pages identity-mapping the first 64 MiB of RAM (Normal write-back) and the PL011 (Device),
 * TCR_EL1.T0SZ = 16, so every translation is a 4-level walk. The runs alternate, so drifting machine
 * load hits both alike, and the best CPU time of each is compared (goal: MMU on >= 0.7x MMU off). The
 * guest's output must not change. No assertion: speed is only measured in benchmarks.
 *   node --import tsx bench/mmu.ts [--runs N] [--elf NAME]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Vcpu } from '../src/kvm/index.ts';
import { RAM_BASE, UART_BASE } from '../src/vmm/virt.ts';
import { loadGuest, runToShutdown } from './guests.ts';

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

/** One run to SYSTEM_OFF: CPU seconds, instructions, output. */
function run(elf: Uint8Array, mmu: boolean): { t: number; insns: number; out: string } {
  const { m, out } = loadGuest(elf);
  const cpu = (m.vcpu as Vcpu).cpu;
  if (mmu) {
    const root = buildTables(m.ram);
    cpu.setSysReg('MAIR_EL1', MAIR);
    // T0SZ = 16, IRGN0 = ORGN0 = write-back, SH0 inner, TG0 = 4K, EPD1, TG1 = 4K, IPS = 40 bits
    cpu.setSysReg('TCR_EL1', 16n | (1n << 8n) | (1n << 10n) | (3n << 12n) | (1n << 23n) | (2n << 30n) | (2n << 32n));
    cpu.setSysReg('TTBR0_EL1', root);
    cpu.setSysReg('SCTLR_EL1', cpu.getSysReg('SCTLR_EL1') | 1n | (1n << 2n) | (1n << 12n));
  }
  const t = runToShutdown(m);
  if (mmu && (cpu.getSysReg('SCTLR_EL1') & 1n) === 0n) throw new Error('the MMU was off at the end of the run');
  return { t, insns: cpu.retired, out: out.text };
}

/**
 * Alternated runs of `elf` with the MMU off and on; best CPU time of each. Throws if the guest prints
 * something else with the MMU on. Instruction counts differ a little: the first touch of each table
 * page is a stage-2 fault of the lazily mapped memory, which counts as one.
 */
export function benchMmu(elf: Uint8Array, runs: number): { offMips: number; onMips: number; ratio: number; insns: number } {
  let off = Infinity, on = Infinity, nOff = 0, nOn = 0, outOff = '', outOn = '';
  for (let i = 0; i < runs; i++) {
    for (const mmu of i % 2 === 0 ? [false, true] : [true, false]) { // which goes first alternates too
      const r = run(elf, mmu);
      if (mmu) { on = Math.min(on, r.t); nOn = r.insns; outOn = r.out; } else { off = Math.min(off, r.t); nOff = r.insns; outOff = r.out; }
    }
  }
  if (outOn !== outOff) throw new Error(`the guest printed something else with the MMU on:\n${outOn}\n---\n${outOff}`);
  const offMips = nOff / off / 1e6, onMips = nOn / on / 1e6;
  return { offMips, onMips, ratio: onMips / offMips, insns: nOff };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, elf: { type: 'string', default: 'bench-gcc-O2.elf' } } });
  const runs = Math.max(1, Number(values.runs) || 5);
  const r = benchMmu(readFileSync(DIR + values.elf!), runs);
  console.log(`${values.elf}: ${r.insns} insns; MMU off ${r.offMips.toFixed(1)} MIPS, MMU on (4 KiB pages) ${r.onMips.toFixed(1)} MIPS ` +
    `per CPU-second: ${r.ratio.toFixed(2)}x (best of ${runs})`);
}
