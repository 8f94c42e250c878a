/**
 * Random floating-point and integer operands weighted towards the cases that decide correctness:
 * signed zeros, denormals, the smallest and largest normals, infinities, quiet and signalling NaNs
 * with payloads, integers at the 2^31/2^32/2^63/2^64 conversion boundaries, halfway cases, and pairs
 * of operands that cancel or straddle the overflow and underflow thresholds.
 */
import type { Rng } from '../cpudiff/rng.ts';

/** Formats: exponent bits, fraction bits. */
export const FORMATS = { h: { e: 5, f: 10 }, s: { e: 8, f: 23 }, d: { e: 11, f: 52 } } as const;
export type Fmt = keyof typeof FORMATS;

function rand64(r: Rng): bigint { return (BigInt(r.u32()) << 32n) | BigInt(r.u32()); }
function randBits(r: Rng, n: number): bigint { return n <= 0 ? 0n : rand64(r) & ((1n << BigInt(n)) - 1n); }

/** Bits of a double as a bigint. */
export function doubleBits(x: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x, true);
  return dv.getBigUint64(0, true);
}

/** The bits of value x in format fmt, rounded to nearest (x must be in range). */
function fromNumber(fmt: Fmt, x: number): bigint {
  if (fmt === 'd') return doubleBits(x);
  const dv = new DataView(new ArrayBuffer(4));
  dv.setFloat32(0, x, true);
  const b = BigInt(dv.getUint32(0, true));
  if (fmt === 's') return b;
  // binary16 by truncation of the binary32 pattern's exponent range (used for small integers only)
  const sign = (b >> 31n) & 1n, e = Number((b >> 23n) & 0xffn) - 127 + 15, f = (b >> 13n) & 0x3ffn;
  if (x === 0) return sign << 15n;
  if (e <= 0 || e >= 31) return (sign << 15n) | (0x1fn << 10n);
  return (sign << 15n) | (BigInt(e) << 10n) | f;
}

/** A random operand of format fmt, as raw bits. */
export function fpValue(r: Rng, fmt: Fmt): bigint {
  const { e: E, f: F } = FORMATS[fmt];
  const emax = (1n << BigInt(E)) - 1n;
  const sign = r.bool() ? 1n << BigInt(E + F) : 0n;
  const pack = (exp: bigint, frac: bigint): bigint => sign | (exp << BigInt(F)) | (frac & ((1n << BigInt(F)) - 1n));
  const bias = Number(emax >> 1n);
  switch (r.int(20)) {
    case 0: return pack(0n, 0n);
    case 1: return pack(0n, r.pick([1n, (1n << BigInt(F)) - 1n, randBits(r, F) | 1n, 1n << BigInt(F - 1)]));
    case 2: return pack(0n, randBits(r, r.range(1, F)));
    case 3: return pack(r.pick([1n, 2n, emax - 1n, emax - 2n]), r.pick([0n, 1n, (1n << BigInt(F)) - 1n, randBits(r, F)]));
    case 4: return pack(emax, 0n);
    case 5: return pack(emax, (1n << BigInt(F - 1)) | randBits(r, r.range(0, F - 1))); // quiet NaN
    case 6: return pack(emax, randBits(r, r.range(1, F - 1)) | 1n); // signalling NaN
    case 7: { // small integers and halves
      const n = r.int(2000) / (r.bool() ? 1 : 2);
      return sign | fromNumber(fmt, n);
    }
    case 8: { // conversion boundaries
      if (fmt === 'h') return pack(BigInt(r.range(bias, bias + 15)), randBits(r, F));
      const k = r.pick([15, 16, 31, 32, 52, 53, 63, 64]);
      const base = 2 ** k;
      const x = r.pick([base, base - 1, base + 1, base - 0.5, base + 0.5, base * (1 - 2 ** -24), base * (1 + 2 ** -23)]);
      return sign | fromNumber(fmt, x);
    }
    case 9: case 10: // exponents near 1.0
      return pack(BigInt(bias + r.range(-30, 30)), randBits(r, F));
    case 11: // near underflow
      return pack(BigInt(r.range(1, Math.min(60, bias))), randBits(r, F));
    case 12: // near overflow
      return pack(emax - 1n - BigInt(r.int(Math.min(60, bias))), randBits(r, F));
    case 13: // halfway pattern: few significant bits, last kept bit set
      return pack(BigInt(bias + r.range(-5, 25)), (randBits(r, 6) << BigInt(F - 6)) | (1n << BigInt(r.int(F))));
    case 14: // one, two, 1.5, 3
      return sign | fromNumber(fmt, r.pick([1, 2, 1.5, 3, 0.5, 0.25]));
    default:
      return pack(randBits(r, E) % emax, randBits(r, F));
  }
}

/** A second operand related to the first: equal, negated, a few ulps away, or independent. */
export function fpPartner(r: Rng, fmt: Fmt, a: bigint): bigint {
  const { e: E, f: F } = FORMATS[fmt];
  const top = 1n << BigInt(E + F);
  switch (r.int(8)) {
    case 0: return a;
    case 1: return a ^ top;
    case 2: return (a ^ top) + BigInt(r.range(-3, 3)) & ((top << 1n) - 1n);
    case 3: { // same magnitude scaled by a power of two
      const exp = (a >> BigInt(F)) & ((1n << BigInt(E)) - 1n);
      const ne = exp + BigInt(r.range(-60, 60));
      if (ne <= 0n || ne >= (1n << BigInt(E)) - 1n) return fpValue(r, fmt);
      return (a & ~(((1n << BigInt(E)) - 1n) << BigInt(F))) | (ne << BigInt(F));
    }
    default: return fpValue(r, fmt);
  }
}

/** A 64-bit integer operand weighted to conversion boundaries. */
export function intValue(r: Rng): bigint {
  switch (r.int(5)) {
    case 0: return r.pick([0n, 1n, -1n, 2n ** 31n, 2n ** 31n - 1n, -(2n ** 31n), 2n ** 32n - 1n, 2n ** 53n + 1n,
      2n ** 63n - 1n, -(2n ** 63n), 2n ** 64n - 1n, 2n ** 24n + 1n, 2n ** 53n - 1n]) & (2n ** 64n - 1n);
    case 1: return BigInt(r.u32());
    case 2: return BigInt.asUintN(64, BigInt(r.range(-100000, 100000)));
    case 3: return rand64(r) >> BigInt(r.int(64));
    default: return rand64(r);
  }
}

/** A random FPCR: RMode, FZ, DN, AHP; other writable bits (Len, Stride) random too. */
export function fpcrValue(r: Rng): number {
  return ((r.int(4) << 22) | (r.int(2) << 24) | (r.int(2) << 25) | (r.int(2) << 26) | (r.int(4) === 0 ? r.int(8) << 16 : 0)) >>> 0;
}

/** A random 64-bit pattern. */
export { rand64 };
