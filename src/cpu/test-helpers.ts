/**
 * Test support: a CPU with 4 MiB of RAM at 0x4000_0000 (QEMU virt's RAM base) running a program
 * given as instruction words. Used only by the *.test.ts files beside it.
 */
import { A64Cpu } from './cpu.ts';
import { RunStop } from './api.ts';
import { allocHostMemory } from './host-memory.ts';

export const RAM_BASE = 0x40000000n;
export const RAM_SIZE = 4 << 20;

export interface Machine { cpu: A64Cpu; mem: Uint8Array; dv: DataView }

/** A hot loop of 1000 rounds: t = x0 + x1, x0 = t ^ (t ASR 3), x1 counting up to x2 (1000); then HVC #0. */
export const SUM_LOOP = [
  0xd2800000, // mov  x0, #0
  0xd2800001, // mov  x1, #0
  0xd2807d02, // mov  x2, #1000
  0x8b010000, // 1: add x0, x0, x1
  0xca800c00, //    eor x0, x0, x0, asr #3
  0x91000421, //    add x1, x1, #1
  0xeb02003f, //    cmp x1, x2
  0x54ffff81, //    b.ne 1b
  0xd4000002, // hvc  #0
];

/**
 * Load `words` at RAM_BASE + `at` (default 0), PC there, SP at the top of RAM. Blocks compile after
 * 500 jumps, so the loops of the tests run compiled code too.
 */
export function machine(words: number[], at = 0, host = false): Machine {
  const cpu = new A64Cpu();
  cpu.jitThreshold = 500;
  // host memory (as the KVM model maps guest RAM): where the WebAssembly tier can run the loops
  const mem = host ? allocHostMemory(RAM_SIZE) : new Uint8Array(RAM_SIZE);
  const dv = new DataView(mem.buffer);
  words.forEach((w, i) => dv.setUint32(at + i * 4, w >>> 0, true));
  cpu.mapRam(RAM_BASE, mem);
  cpu.setPc(RAM_BASE + BigInt(at));
  cpu.setSp(RAM_BASE + BigInt(RAM_SIZE));
  return { cpu, mem, dv };
}

/** Write words at an offset of RAM (and tell the CPU, as an outside writer must). */
export function poke(m: Machine, at: number, words: number[]): void {
  words.forEach((w, i) => m.dv.setUint32(at + i * 4, w >>> 0, true));
  m.cpu.invalidateCode(RAM_BASE + BigInt(at), words.length * 4);
}

/** `machine(words)` with VBAR_EL1 = RAM + 0x800 and `hvc #1` at the current-EL (SPx) and lower-EL synchronous vectors. */
export function withSyncVectors(words: number[]): Machine {
  const m = machine(words);
  m.cpu.setSysReg('VBAR_EL1', RAM_BASE + 0x800n);
  poke(m, 0xa00, [0xd4000022]); // VBAR + 0x200: hvc #1
  poke(m, 0xc00, [0xd4000022]); // VBAR + 0x400: hvc #1
  return m;
}

/** Run until the CPU traps to EL2 (the programs end with HVC #0) or `max` instructions. */
export function runToTrap(m: Machine, max = 100000): RunStop {
  return m.cpu.run(max);
}

/** ESR exception class. */
export function ec(esr: bigint): number { return Number((esr >> 26n) & 0x3fn); }

/**
 * Turn the MMU on over the first `pages` 4 KiB pages of RAM (at most 1024), mapped at their own
 * addresses as Normal memory, with 4 KiB pages (tables at RAM + 0x10000).
 */
export function identityMmu(m: Machine, pages: number): void {
  const PT = 0x10000, TABLE = 3, PAGE_NORMAL = 3 | (1 << 2) | (3 << 8) | (1 << 10); // AttrIndx 1, inner shareable, AF
  m.dv.setBigUint64(PT + 8, RAM_BASE + BigInt(PT + 0x1000 + TABLE), true); // L1[1]: VA 0x40000000.. (T0SZ 25)
  for (let t = 0; t * 512 < pages; t++) m.dv.setBigUint64(PT + 0x1000 + 8 * t, RAM_BASE + BigInt(PT + 0x2000 + 0x1000 * t + TABLE), true);
  for (let p = 0; p < pages; p++) m.dv.setBigUint64(PT + 0x2000 + 8 * p, RAM_BASE + BigInt(p * 0x1000 + PAGE_NORMAL), true);
  m.cpu.setSysReg('MAIR_EL1', 0xff00n);
  m.cpu.setSysReg('TCR_EL1', 25n | (1n << 23n) | (2n << 30n) | (2n << 32n)); // EPD1, TG1 4K, IPS 40 bits
  m.cpu.setSysReg('TTBR0_EL1', RAM_BASE + BigInt(PT));
  m.cpu.setSysReg('SCTLR_EL1', m.cpu.getSysReg('SCTLR_EL1') | 1n);
}
