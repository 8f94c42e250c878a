/**
 * Bit-level views of JavaScript numbers for the fast paths: a binary64 (lo, hi) pair or a binary32
 * pattern to a number and back, one-ulp steps, and the error-free transformations (TwoSum, Dekker's
 * TwoProduct) the fast paths use to know a result's exact rounding error.
 *
 * The scratch arrays alias one buffer, so which int32 holds the low word depends on the host's byte
 * order; LO and HI are fixed once at load time.
 */
import { fpRes } from './state.ts';

const F64 = new Float64Array(1);
const I64 = new Int32Array(F64.buffer);
const F32 = new Float32Array(1);
const I32 = new Int32Array(F32.buffer);
const LE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LE ? 0 : 1;
const HI = LE ? 1 : 0;

/** The binary64 value of bits (lo, hi). Not for NaNs (their payload is not preserved by every engine). */
export function f64(lo: number, hi: number): number { I64[LO] = lo; I64[HI] = hi; return F64[0]; }
/** Writes the bits of x to fpRes. */
export function setF64(x: number): void { F64[0] = x; fpRes[0] = I64[LO]; fpRes[1] = I64[HI]; }
/** Low word of x's bits. */
export function f64Lo(x: number): number { F64[0] = x; return I64[LO]; }
/** High word of x's bits. */
export function f64Hi(x: number): number { F64[0] = x; return I64[HI]; }
/** The binary32 value of bits b. Not for NaNs. */
export function f32(b: number): number { I32[0] = b; return F32[0]; }
/** The binary32 bits of x (x must already be representable; rounds to nearest otherwise). */
export function f32Bits(x: number): number { F32[0] = x; return I32[0]; }

/**
 * Writes x (a finite non-zero binary64) moved one ulp towards +infinity (`up`) or -infinity to fpRes.
 */
export function setF64Step(x: number, up: boolean): void {
  F64[0] = x;
  let lo = I64[LO], hi = I64[HI];
  if ((x > 0) === up) { lo = (lo + 1) | 0; if (lo === 0) hi = (hi + 1) | 0; }
  else { if (lo === 0) hi = (hi - 1) | 0; lo = (lo - 1) | 0; }
  fpRes[0] = lo; fpRes[1] = hi;
}

/** x (a finite non-zero binary64) moved one ulp towards +infinity (`up`) or -infinity. */
export function f64Step(x: number, up: boolean): number {
  F64[0] = x;
  let lo = I64[LO], hi = I64[HI];
  if ((x > 0) === up) { lo = (lo + 1) | 0; if (lo === 0) hi = (hi + 1) | 0; }
  else { if (lo === 0) hi = (hi - 1) | 0; lo = (lo - 1) | 0; }
  I64[LO] = lo; I64[HI] = hi;
  return F64[0];
}

/** x rounded to odd: if err (the exact value minus x) is non-zero and x's last bit is 0, the neighbour towards err. */
export function roundOdd(x: number, err: number): number {
  if (err === 0) return x;
  F64[0] = x;
  if ((I64[LO] & 1) !== 0) return x;
  return f64Step(x, err > 0);
}

/** Bits of the binary32 x (finite non-zero) moved one ulp towards +infinity (`up`) or -infinity. */
export function f32Step(bits: number, up: boolean): number {
  return (bits >= 0) === up ? (bits + 1) | 0 : (bits - 1) | 0;
}

const SPLIT = 134217729; // 2^27 + 1

/**
 * The exact error a*b - p of p = a*b rounded (Dekker's TwoProduct with Veltkamp splitting). Exact when
 * a and b are below 2^996 in magnitude and the product of their ulps is at least 2^-1074.
 */
export function twoProductErr(a: number, b: number, p: number): number {
  let t = SPLIT * a;
  const ah = t - (t - a), al = a - ah;
  t = SPLIT * b;
  const bh = t - (t - b), bl = b - bh;
  return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

/** The exact error a + b - s of s = a + b rounded (Knuth's TwoSum; exact unless s overflows). */
export function twoSumErr(a: number, b: number, s: number): number {
  const bb = s - a;
  return (a - (s - bb)) + (b - bb);
}
