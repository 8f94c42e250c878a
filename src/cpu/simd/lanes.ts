/**
 * Element access for the AdvSIMD executors: lanes of 8, 16 and 32 bits as numbers, 64-bit lanes as
 * BigInt (rare, slow-path widths for the integer operations that need full 64-bit arithmetic), and
 * the saturation helpers of the Arm pseudocode (SignedSatQ, UnsignedSatQ) that set FPSR.QC.
 *
 * Executors read every source lane into scratch before writing any destination lane, so a
 * destination that is also a source behaves as the pseudocode's whole-register reads.
 */
import { fpFlags, QC } from '../fp/state.ts';
import type { FpSimdState } from './state.ts';

/** Scratch lanes: results of up to 16 elements (and a second bank for pairwise/widening ops). */
export const R = new Float64Array(16);
export const A = new Float64Array(16);
export const B = new Float64Array(16);
export const C = new Float64Array(16);

/** Element i of Vr, esize 8/16/32, unsigned or signed. */
export function get(s: FpSimdState, r: number, i: number, esize: number, signed: boolean): number {
  switch (esize) {
    case 8: { const b = s.vb[r * 16 + i]; return signed ? (b << 24) >> 24 : b; }
    case 16: { const h = s.vh[r * 8 + i]; return signed ? (h << 16) >> 16 : h; }
    default: { const w = s.v[r * 4 + i]; return signed ? w : w >>> 0; }
  }
}

/** Writes the low esize bits of the integer val (a double, possibly negative or above 2^32) to element i. */
export function put(s: FpSimdState, r: number, i: number, esize: number, val: number): void {
  switch (esize) {
    case 8: s.vb[r * 16 + i] = val; break; // typed arrays keep the low bits (modulo 2^8)
    case 16: s.vh[r * 8 + i] = val; break;
    default: s.v[r * 4 + i] = val; break; // ToInt32: modulo 2^32
  }
}

/** 64-bit element i (0 or 1) of Vr as a BigInt. */
export function get64(s: FpSimdState, r: number, i: number, signed: boolean): bigint {
  const u = (BigInt(s.v[r * 4 + 2 * i + 1] >>> 0) << 32n) | BigInt(s.v[r * 4 + 2 * i] >>> 0);
  return signed ? BigInt.asIntN(64, u) : u;
}

/** Writes the low 64 bits of val to 64-bit element i of Vr. */
export function put64(s: FpSimdState, r: number, i: number, val: bigint): void {
  const u = BigInt.asUintN(64, val);
  s.v[r * 4 + 2 * i] = Number(u & 0xffffffffn) | 0;
  s.v[r * 4 + 2 * i + 1] = Number(u >> 32n) | 0;
}

/** Zeroes the upper 64 bits of Vr (a 64-bit vector result). */
export function clearHigh(s: FpSimdState, r: number): void { s.v[r * 4 + 2] = 0; s.v[r * 4 + 3] = 0; }

/** Zeroes Vr above its low `bits` bits (a scalar result). */
export function clearAbove(s: FpSimdState, r: number, bits: number): void {
  const o = r * 4;
  if (bits === 8) { s.v[o] &= 0xff; s.v[o + 1] = 0; }
  else if (bits === 16) { s.v[o] &= 0xffff; s.v[o + 1] = 0; }
  else if (bits === 32) s.v[o + 1] = 0;
  s.v[o + 2] = 0; s.v[o + 3] = 0;
}

/** SignedSatQ / UnsignedSatQ of an integer number result to esize bits (<= 32), setting QC on saturation. */
export function sat(v: number, esize: number, unsigned: boolean): number {
  const max = unsigned ? 2 ** esize - 1 : 2 ** (esize - 1) - 1;
  const min = unsigned ? 0 : -(2 ** (esize - 1));
  if (v > max) { fpFlags[0] |= QC; return max; }
  if (v < min) { fpFlags[0] |= QC; return min; }
  return v;
}

/** SatQ for 64-bit lanes. */
export function sat64(v: bigint, unsigned: boolean): bigint {
  const max = unsigned ? (1n << 64n) - 1n : (1n << 63n) - 1n;
  const min = unsigned ? 0n : -(1n << 63n);
  if (v > max) { fpFlags[0] |= QC; return max; }
  if (v < min) { fpFlags[0] |= QC; return min; }
  return v;
}

/** SatQ to esize bits for any width, BigInt. */
export function satBig(v: bigint, esize: number, unsigned: boolean): bigint {
  const e = BigInt(esize);
  const max = unsigned ? (1n << e) - 1n : (1n << (e - 1n)) - 1n;
  const min = unsigned ? 0n : -(1n << (e - 1n));
  if (v > max) { fpFlags[0] |= QC; return max; }
  if (v < min) { fpFlags[0] |= QC; return min; }
  return v;
}

/** Writes V register d's element i for any esize (8..64) from a BigInt or number. */
export function putAny(s: FpSimdState, r: number, i: number, esize: number, val: bigint): void {
  if (esize === 64) put64(s, r, i, val);
  else put(s, r, i, esize, Number(BigInt.asIntN(32, val)));
}

/** Reads element i of any esize as a BigInt. */
export function getAny(s: FpSimdState, r: number, i: number, esize: number, signed: boolean): bigint {
  return esize === 64 ? get64(s, r, i, signed) : BigInt(get(s, r, i, esize, signed));
}
