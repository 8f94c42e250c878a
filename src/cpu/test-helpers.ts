/**
 * Test support: a CPU with 4 MiB of RAM at 0x4000_0000 (QEMU virt's RAM base) running a program
 * given as instruction words. Used only by the *.test.ts files beside it.
 */
import { A64Cpu } from './cpu.ts';
import { RunStop } from './api.ts';

export const RAM_BASE = 0x40000000n;
export const RAM_SIZE = 4 << 20;

export interface Machine { cpu: A64Cpu; mem: Uint8Array; dv: DataView }

/**
 * Load `words` at RAM_BASE + `at` (default 0), PC there, SP at the top of RAM. Blocks compile after
 * 500 jumps, so the loops of the tests run compiled code too.
 */
export function machine(words: number[], at = 0): Machine {
  const cpu = new A64Cpu();
  cpu.jitThreshold = 500;
  const mem = new Uint8Array(RAM_SIZE);
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
