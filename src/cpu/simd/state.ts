/**
 * The SIMD&FP register file and the state the FP/SIMD executors work on.
 *
 * V0..V31 are 128 bits each, 4 ints per register in one Int32Array: v[4r + k] holds bits 32k+31..32k
 * of Vr (k = 0..3). Byte and halfword views of the same buffer give lane access; lane i of an
 * element size s is at byte offset 16r + i*s/8, which is the architectural lane order on a
 * little-endian host (the only kind Node.js runs on; checked at load).
 *
 * FPSR's cumulative bits live in fpFlags[0] (fp/state.ts) while a CPU runs, QC (bit 27) included.
 */
export interface FpSimdState {
  /** V registers as int32 words. */
  readonly v: Int32Array;
  /** The same bytes. */
  readonly vb: Uint8Array;
  /** The same as halfwords. */
  readonly vh: Uint16Array;
  /** General registers (regs.ts layout). */
  readonly x: Int32Array;
  /** FPCR. */
  fpcr: number;
  /** NZCV as four 0/1 ints. */
  nf: number; zf: number; cf: number; vf: number;
}

if (new Uint8Array(new Uint32Array([1]).buffer)[0] !== 1) throw new Error('the SIMD register file needs a little-endian host');

/**
 * A fresh register file with its views. The binary64 (`vd`, Dr at index 2r) and binary32 (`vs`, Sr at
 * 4r) views are for the fast paths of sem/ops-simdfp.ts: they read values, never NaNs' bits (an engine
 * may change a NaN's payload through a float view), and write only finite results.
 */
export function newVRegs(): { v: Int32Array; vb: Uint8Array; vh: Uint16Array; vd: Float64Array; vs: Float32Array } {
  const v = new Int32Array(32 * 4);
  return { v, vb: new Uint8Array(v.buffer), vh: new Uint16Array(v.buffer), vd: new Float64Array(v.buffer), vs: new Float32Array(v.buffer) };
}

/** Element `i` of size `esize` bits (8, 16, 32) of register r, unsigned. */
export function elemU(s: FpSimdState, r: number, i: number, esize: number): number {
  if (esize === 8) return s.vb[r * 16 + i];
  if (esize === 16) return s.vh[r * 8 + i];
  return s.v[r * 4 + i] >>> 0;
}

/** Element `i` of size `esize` bits (8, 16, 32) of register r, sign-extended. */
export function elemS(s: FpSimdState, r: number, i: number, esize: number): number {
  if (esize === 8) return (s.vb[r * 16 + i] << 24) >> 24;
  if (esize === 16) return (s.vh[r * 8 + i] << 16) >> 16;
  return s.v[r * 4 + i];
}

/** Writes the low `esize` bits of val to element i of register r. */
export function setElem(s: FpSimdState, r: number, i: number, esize: number, val: number): void {
  if (esize === 8) s.vb[r * 16 + i] = val;
  else if (esize === 16) s.vh[r * 8 + i] = val;
  else s.v[r * 4 + i] = val;
}

/** Zeroes bits 127:64 of Vr (a 64-bit vector or scalar write). */
export function clearHigh(s: FpSimdState, r: number): void { s.v[r * 4 + 2] = 0; s.v[r * 4 + 3] = 0; }
