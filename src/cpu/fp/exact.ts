/**
 * The exact floating-point path: every operation of the FP core computed on exact values and rounded
 * once, following the Arm ARM shared pseudocode (FPUnpackBase, FPRoundBase, FPProcessNaNs, FPAdd,
 * FPMulAdd, FPConvert, FPToFixed, FPRoundInt, ...) step by step, for binary16, binary32 and binary64.
 *
 * A finite operand is held as sign, a BigInt integer mantissa and a power-of-two exponent, so sums,
 * products and fused multiply-adds are exact; quotients and square roots carry a sticky bit below the
 * rounding position. This path allocates (BigInt) and is used for what the double-precision fast paths
 * in arith.ts and convert.ts cannot prove correct: NaNs, infinities, zeros whose sign depends on the
 * rounding mode, denormals under FZ, results near the overflow and underflow boundaries, and every
 * operation the fast paths do not cover. The tests compare the fast paths with it.
 *
 * Operands are raw bits as (lo, hi) int32 halves (hi unused for 16- and 32-bit formats); results go to
 * fpRes and exceptions to fpFlags (state.ts).
 */
import {
  FPCR_AHP, FPCR_DN, FPCR_FZ, IOC, DZC, OFC, UFC, IXC, IDC, RN, RP, RM, RZ, RA, RO, H, S, D,
  fpFlags, fpRes, fpcrRounding,
} from './state.ts';

/** Format parameters, indexed by format (H, S, D). */
const EBITS = [5, 8, 11];
const FBITS = [10, 23, 52];
const BIAS = [15, 127, 1023];
const MINEXP = [-14, -126, -1022];
const BFBITS = [10n, 23n, 52n];

/** FPType */
export const T_NONZERO = 0, T_ZERO = 1, T_INF = 2, T_QNAN = 3, T_SNAN = 4;

/** Unpacked operands 0..2: type, sign, value = mant * 2^exp (finite non-zero), raw bits. */
const ty = new Int32Array(3);
const sg = new Int32Array(3);
const ex = new Int32Array(3);
const mt: bigint[] = [0n, 0n, 0n];
const rawLo = new Int32Array(3);
const rawHi = new Int32Array(3);

function bitLen(v: bigint): number { return v === 0n ? 0 : v.toString(2).length; }

/** Sets fpRes to sign:bexp:frac of format fmt. */
function pack(fmt: number, sign: number, bexp: number, frac: bigint): void {
  if (fmt === D) {
    fpRes[1] = (sign << 31) | (bexp << 20) | Number(frac >> 32n);
    fpRes[0] = Number(frac & 0xffffffffn) | 0;
  } else if (fmt === S) {
    fpRes[0] = (sign << 31) | (bexp << 23) | Number(frac);
    fpRes[1] = 0;
  } else {
    fpRes[0] = (sign << 15) | (bexp << 10) | Number(frac);
    fpRes[1] = 0;
  }
}

export function packZero(fmt: number, sign: number): void { pack(fmt, sign, 0, 0n); }
export function packInf(fmt: number, sign: number): void { pack(fmt, sign, (1 << EBITS[fmt]) - 1, 0n); }
function packMaxNormal(fmt: number, sign: number): void { pack(fmt, sign, (1 << EBITS[fmt]) - 2, (1n << BFBITS[fmt]) - 1n); }
/** FPDefaultNaN: positive, quiet, zero payload. */
export function packDefaultNaN(fmt: number): void { pack(fmt, 0, (1 << EBITS[fmt]) - 1, 1n << (BFBITS[fmt] - 1n)); }
/** A finite value with an exact power-of-two-free encoding: sign, biased exponent, fraction. */
function packNumber(fmt: number, sign: number, mant: bigint, exp: number): void {
  // exact by construction (used for constants such as 2.0 and 1.5)
  const f = FBITS[fmt];
  const n = bitLen(mant);
  const e = exp + n - 1;
  pack(fmt, sign, e + BIAS[fmt], ((mant << BigInt(f - n + 1)) & ((1n << BigInt(f)) - 1n)));
}

/**
 * FPUnpackBase into slot k. `cv` selects FPUnpackCV (conversions: AHP applies to binary16 inputs);
 * otherwise AHP is ignored. FZ flushes binary32/64 denormals (IDC); FZ16 does not exist in ARMv8.0.
 */
export function unpack(k: number, fmt: number, lo: number, hi: number, fpcr: number, cv = false): void {
  rawLo[k] = lo; rawHi[k] = hi;
  let sign: number, bexp: number, frac: bigint, qbit: number;
  if (fmt === D) {
    sign = hi >>> 31; bexp = (hi >>> 20) & 0x7ff;
    frac = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0);
    qbit = (hi >>> 19) & 1;
  } else if (fmt === S) {
    sign = lo >>> 31; bexp = (lo >>> 23) & 0xff; frac = BigInt(lo & 0x7fffff); qbit = (lo >>> 22) & 1;
  } else {
    sign = (lo >>> 15) & 1; bexp = (lo >>> 10) & 0x1f; frac = BigInt(lo & 0x3ff); qbit = (lo >>> 9) & 1;
  }
  sg[k] = sign;
  const emax = (1 << EBITS[fmt]) - 1;
  if (bexp === 0) {
    if (frac === 0n) { ty[k] = T_ZERO; return; }
    if (fmt !== H && (fpcr & FPCR_FZ) !== 0) { ty[k] = T_ZERO; fpFlags[0] |= IDC; return; }
    ty[k] = T_NONZERO; mt[k] = frac; ex[k] = MINEXP[fmt] - FBITS[fmt];
  } else if (bexp === emax && !(fmt === H && cv && (fpcr & FPCR_AHP) !== 0)) {
    ty[k] = frac === 0n ? T_INF : qbit ? T_QNAN : T_SNAN;
  } else {
    ty[k] = T_NONZERO; mt[k] = frac | (1n << BFBITS[fmt]); ex[k] = bexp - BIAS[fmt] - FBITS[fmt];
  }
}

function isNaNType(t: number): boolean { return t === T_QNAN || t === T_SNAN; }

/** FPProcessNaN of slot k: quiet it (IOC if it was signalling), or the default NaN under DN. */
function processNaN(k: number, fmt: number, fpcr: number): void {
  let lo = rawLo[k], hi = rawHi[k];
  if (ty[k] === T_SNAN) {
    if (fmt === D) hi |= 1 << 19; else if (fmt === S) lo |= 1 << 22; else lo |= 1 << 9;
    fpFlags[0] |= IOC;
  }
  if ((fpcr & FPCR_DN) !== 0) { packDefaultNaN(fmt); return; }
  fpRes[0] = lo; fpRes[1] = fmt === D ? hi : 0;
}

/** FPProcessNaNs of slots a, b: signalling first, then quiet, in operand order. */
function processNaNs2(a: number, b: number, fmt: number, fpcr: number): boolean {
  if (ty[a] === T_SNAN) processNaN(a, fmt, fpcr);
  else if (ty[b] === T_SNAN) processNaN(b, fmt, fpcr);
  else if (ty[a] === T_QNAN) processNaN(a, fmt, fpcr);
  else if (ty[b] === T_QNAN) processNaN(b, fmt, fpcr);
  else return false;
  return true;
}

/** FPProcessNaNs3 of slots 0 (addend), 1, 2. */
function processNaNs3(fmt: number, fpcr: number): boolean {
  if (ty[0] === T_SNAN) processNaN(0, fmt, fpcr);
  else if (ty[1] === T_SNAN) processNaN(1, fmt, fpcr);
  else if (ty[2] === T_SNAN) processNaN(2, fmt, fpcr);
  else if (ty[0] === T_QNAN) processNaN(0, fmt, fpcr);
  else if (ty[1] === T_QNAN) processNaN(1, fmt, fpcr);
  else if (ty[2] === T_QNAN) processNaN(2, fmt, fpcr);
  else return false;
  return true;
}

/**
 * FPRoundBase of the non-zero value (-1)^sign * mant * 2^exp, or with `sticky`, a value strictly
 * between mant * 2^exp and (mant + 1) * 2^exp whose lowest bit of mant is below the rounding position.
 * `ahp` selects the alternative half-precision output (conversions only).
 */
export function round(fmt: number, sign: number, mant: bigint, exp: number, fpcr: number, rmode: number, ahp = false): void {
  const F = FBITS[fmt], E = EBITS[fmt], minExp = MINEXP[fmt];
  const nb = bitLen(mant);
  const exponent = exp + nb - 1;
  if (fmt !== H && (fpcr & FPCR_FZ) !== 0 && exponent < minExp) {
    fpFlags[0] |= UFC;
    pack(fmt, sign, 0, 0n);
    return;
  }
  let biased = exponent - minExp + 1;
  if (biased < 0) biased = 0;
  const sh = (biased === 0 ? minExp : exponent) - F - exp;
  let im: bigint;
  let err = 0; // 0 exact, 1 below half, 2 half, 3 above half
  if (sh <= 0) im = mant << BigInt(-sh);
  else {
    const bs = BigInt(sh);
    im = mant >> bs;
    const rem = mant & ((1n << bs) - 1n);
    if (rem !== 0n) {
      const half = 1n << (bs - 1n);
      err = rem < half ? 1 : rem === half ? 2 : 3;
    }
  }
  if (biased === 0 && err !== 0) fpFlags[0] |= UFC;
  let up = false, toInf = false;
  switch (rmode) {
    case RN: up = err === 3 || (err === 2 && (im & 1n) === 1n); toInf = true; break;
    case RP: up = err !== 0 && sign === 0; toInf = sign === 0; break;
    case RM: up = err !== 0 && sign === 1; toInf = sign === 1; break;
    default: break; // RZ, RO
  }
  if (up) {
    im += 1n;
    if (im === 1n << BigInt(F)) biased = 1;
    if (im === 1n << BigInt(F + 1)) { biased++; im >>= 1n; }
  }
  if (err !== 0 && rmode === RO) im |= 1n;
  const fmask = (1n << BigInt(F)) - 1n;
  if (!(fmt === H && ahp)) {
    if (biased >= (1 << E) - 1) {
      if (toInf) packInf(fmt, sign); else packMaxNormal(fmt, sign);
      fpFlags[0] |= OFC;
      err = 1;
    } else pack(fmt, sign, biased, im & fmask);
  } else if (biased >= 1 << E) {
    pack(fmt, sign, (1 << E) - 1, fmask);
    fpFlags[0] |= IOC;
    err = 0;
  } else pack(fmt, sign, biased, im & fmask);
  if (err !== 0) fpFlags[0] |= IXC;
}

/** Signed exact value of slot k as (mant, exp) aligned to exponent e: mant * 2^(ex-e), negated if sign. */
function aligned(k: number, e: number): bigint {
  const m = mt[k] << BigInt(ex[k] - e);
  return sg[k] ? -m : m;
}

/** Rounds the signed exact value v * 2^e (v != 0). */
function roundSigned(fmt: number, v: bigint, e: number, fpcr: number, rmode: number): void {
  if (v < 0n) round(fmt, 1, -v, e, fpcr, rmode);
  else round(fmt, 0, v, e, fpcr, rmode);
}

/** FPAdd (sub: FPSub). */
export function add(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, sub = false): void {
  const rmode = fpcrRounding(fpcr);
  unpack(0, fmt, alo, ahi, fpcr);
  unpack(1, fmt, blo, bhi, fpcr);
  if (processNaNs2(0, 1, fmt, fpcr)) return;
  const s1 = sg[0], s2 = sub ? sg[1] ^ 1 : sg[1];
  const inf1 = ty[0] === T_INF, inf2 = ty[1] === T_INF, z1 = ty[0] === T_ZERO, z2 = ty[1] === T_ZERO;
  if (inf1 && inf2 && s1 !== s2) { packDefaultNaN(fmt); fpFlags[0] |= IOC; return; }
  if ((inf1 && s1 === 0) || (inf2 && s2 === 0)) { packInf(fmt, 0); return; }
  if ((inf1 && s1 === 1) || (inf2 && s2 === 1)) { packInf(fmt, 1); return; }
  if (z1 && z2 && s1 === s2) { packZero(fmt, s1); return; }
  let v: bigint, e: number;
  if (z1 && z2) { v = 0n; e = 0; }
  else if (z1) { sg[1] = s2; v = aligned(1, ex[1]); e = ex[1]; }
  else if (z2) { v = aligned(0, ex[0]); e = ex[0]; }
  else {
    sg[1] = s2;
    e = Math.min(ex[0], ex[1]);
    v = aligned(0, e) + aligned(1, e);
  }
  if (v === 0n) { packZero(fmt, rmode === RM ? 1 : 0); return; }
  roundSigned(fmt, v, e, fpcr, rmode);
}

/** FPMul, or FPMulX with `mulx` (infinity times zero is 2.0 with the product's sign). */
export function mul(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, mulx = false): void {
  unpack(0, fmt, alo, ahi, fpcr);
  unpack(1, fmt, blo, bhi, fpcr);
  if (processNaNs2(0, 1, fmt, fpcr)) return;
  const sign = sg[0] ^ sg[1];
  const inf1 = ty[0] === T_INF, inf2 = ty[1] === T_INF, z1 = ty[0] === T_ZERO, z2 = ty[1] === T_ZERO;
  if ((inf1 && z2) || (z1 && inf2)) {
    if (mulx) { packNumber(fmt, sign, 1n, 1); return; }
    packDefaultNaN(fmt); fpFlags[0] |= IOC; return;
  }
  if (inf1 || inf2) { packInf(fmt, sign); return; }
  if (z1 || z2) { packZero(fmt, sign); return; }
  round(fmt, sign, mt[0] * mt[1], ex[0] + ex[1], fpcr, fpcrRounding(fpcr));
}

/** FPDiv. */
export function div(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void {
  unpack(0, fmt, alo, ahi, fpcr);
  unpack(1, fmt, blo, bhi, fpcr);
  if (processNaNs2(0, 1, fmt, fpcr)) return;
  const sign = sg[0] ^ sg[1];
  const inf1 = ty[0] === T_INF, inf2 = ty[1] === T_INF, z1 = ty[0] === T_ZERO, z2 = ty[1] === T_ZERO;
  if ((inf1 && inf2) || (z1 && z2)) { packDefaultNaN(fmt); fpFlags[0] |= IOC; return; }
  if (inf1 || z2) { packInf(fmt, sign); if (!inf1) fpFlags[0] |= DZC; return; }
  if (z1 || inf2) { packZero(fmt, sign); return; }
  const a = mt[0], b = mt[1];
  let k = FBITS[fmt] + 4 + bitLen(b) - bitLen(a);
  if (k < 0) k = 0;
  const n = a << BigInt(k);
  const q = n / b;
  const sticky = n - q * b !== 0n ? 1n : 0n;
  round(fmt, sign, (q << 1n) | sticky, ex[0] - ex[1] - k - 1, fpcr, fpcrRounding(fpcr));
}

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLen(n) + 1) >> 1);
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/** FPSqrt. */
export function sqrt(fmt: number, lo: number, hi: number, fpcr: number): void {
  unpack(0, fmt, lo, hi, fpcr);
  const t = ty[0];
  if (isNaNType(t)) { processNaN(0, fmt, fpcr); return; }
  if (t === T_ZERO) { packZero(fmt, sg[0]); return; }
  if (t === T_INF && sg[0] === 0) { packInf(fmt, 0); return; }
  if (sg[0] === 1) { packDefaultNaN(fmt); fpFlags[0] |= IOC; return; }
  let m = mt[0], e = ex[0];
  if (e & 1) { m <<= 1n; e -= 1; }
  let k = FBITS[fmt] + 4 - (bitLen(m) >> 1);
  if (k < 0) k = 0;
  const n = m << BigInt(2 * k);
  const r = isqrt(n);
  const sticky = n - r * r !== 0n ? 1n : 0n;
  round(fmt, 0, (r << 1n) | sticky, e / 2 - k - 1, fpcr, fpcrRounding(fpcr));
}

/**
 * FPMulAdd: addend + op1 * op2 with one rounding. The negated forms (FMSUB, FNMADD, FNMSUB, FMLS)
 * negate their operands before the call, as the instructions' pseudocode does, so a negated NaN
 * operand propagates with its sign flipped.
 */
export function mulAdd(fmt: number, alo: number, ahi: number, blo: number, bhi: number, clo: number, chi: number, fpcr: number): void {
  const rmode = fpcrRounding(fpcr);
  unpack(0, fmt, alo, ahi, fpcr);
  unpack(1, fmt, blo, bhi, fpcr);
  unpack(2, fmt, clo, chi, fpcr);
  const inf1 = ty[1] === T_INF, inf2 = ty[2] === T_INF, z1 = ty[1] === T_ZERO, z2 = ty[2] === T_ZERO;
  const infZero = (inf1 && z2) || (z1 && inf2);
  if (ty[0] === T_QNAN && infZero) { packDefaultNaN(fmt); fpFlags[0] |= IOC; return; }
  if (processNaNs3(fmt, fpcr)) return;
  const infA = ty[0] === T_INF, zA = ty[0] === T_ZERO, sA = sg[0];
  const sP = sg[1] ^ sg[2];
  const infP = inf1 || inf2, zP = z1 || z2;
  if (infZero || (infA && infP && sA !== sP)) { packDefaultNaN(fmt); fpFlags[0] |= IOC; return; }
  if ((infA && sA === 0) || (infP && sP === 0)) { packInf(fmt, 0); return; }
  if ((infA && sA === 1) || (infP && sP === 1)) { packInf(fmt, 1); return; }
  if (zA && zP && sA === sP) { packZero(fmt, sA); return; }
  let v: bigint, e: number;
  if (zP && zA) { v = 0n; e = 0; }
  else if (zP) { v = aligned(0, ex[0]); e = ex[0]; }
  else {
    const pm = mt[1] * mt[2], pe = ex[1] + ex[2];
    const p = sP ? -pm : pm;
    if (zA) { v = p; e = pe; }
    else {
      e = Math.min(pe, ex[0]);
      v = (p << BigInt(pe - e)) + aligned(0, e);
    }
  }
  if (v === 0n) { packZero(fmt, rmode === RM ? 1 : 0); return; }
  roundSigned(fmt, v, e, fpcr, rmode);
}

/**
 * FPRecipStepFused (FRECPS: 2 - op1*op2) or FPRSqrtStepFused (FRSQRTS: (3 - op1*op2) / 2), fused,
 * with op1 negated first.
 */
export function stepFused(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, rsqrt: boolean): void {
  const rmode = fpcrRounding(fpcr);
  if (fmt === D) ahi ^= 1 << 31; else if (fmt === S) alo ^= 1 << 31; else alo ^= 1 << 15;
  unpack(0, fmt, alo, ahi, fpcr);
  unpack(1, fmt, blo, bhi, fpcr);
  if (processNaNs2(0, 1, fmt, fpcr)) return;
  const inf1 = ty[0] === T_INF, inf2 = ty[1] === T_INF, z1 = ty[0] === T_ZERO, z2 = ty[1] === T_ZERO;
  if ((inf1 && z2) || (z1 && inf2)) { if (rsqrt) packNumber(fmt, 0, 3n, -1); else packNumber(fmt, 0, 1n, 1); return; }
  if (inf1 || inf2) { packInf(fmt, sg[0] ^ sg[1]); return; }
  // constant 2 or 3 as mant * 2^0; the product as mant * 2^pe
  const c = rsqrt ? 3n : 2n;
  let v: bigint, e: number;
  if (z1 || z2) { v = c; e = 0; }
  else {
    const pm = mt[0] * mt[1], pe = ex[0] + ex[1];
    const p = (sg[0] ^ sg[1]) ? -pm : pm;
    e = Math.min(pe, 0);
    v = (p << BigInt(pe - e)) + (c << BigInt(-e));
  }
  if (rsqrt) e -= 1;
  if (v === 0n) { packZero(fmt, rmode === RM ? 1 : 0); return; }
  roundSigned(fmt, v, e, fpcr, rmode);
}

/** FPMax / FPMin (max = false). */
export function maxMin(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, max: boolean): void {
  unpack(0, fmt, alo, ahi, fpcr);
  unpack(1, fmt, blo, bhi, fpcr);
  if (processNaNs2(0, 1, fmt, fpcr)) return;
  const c = cmpValues(0, 1);
  const k = max ? (c > 0 ? 0 : 1) : (c < 0 ? 0 : 1);
  if (ty[k] === T_INF) { packInf(fmt, sg[k]); return; }
  if (ty[k] === T_ZERO) { packZero(fmt, max ? sg[0] & sg[1] : sg[0] | sg[1]); return; }
  round(fmt, sg[k], mt[k], ex[k], fpcr, fpcrRounding(fpcr));
}

/** FPMaxNum / FPMinNum: a single quiet NaN loses to a number. */
export function maxMinNum(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, max: boolean): void {
  unpack(0, fmt, alo, ahi, fpcr);
  unpack(1, fmt, blo, bhi, fpcr);
  const q1 = ty[0] === T_QNAN, q2 = ty[1] === T_QNAN;
  const infSign = max ? 1 : 0;
  if (q1 && !q2) { packInf(fmt, infSign); alo = fpRes[0]; ahi = fpRes[1]; }
  else if (!q1 && q2) { packInf(fmt, infSign); blo = fpRes[0]; bhi = fpRes[1]; }
  maxMin(fmt, alo, ahi, blo, bhi, fpcr, max);
}

/** Ordering class of a non-NaN slot: -inf -3, negative -2, zero 0, positive 2, +inf 3. */
function orderClass(k: number): number {
  const t = ty[k], s = sg[k];
  if (t === T_INF) return s ? -3 : 3;
  if (t === T_ZERO) return 0;
  return s ? -2 : 2;
}

/** Compares the non-NaN values of slots a and b: -1, 0, 1 (+0 equals -0). */
function cmpValues(a: number, b: number): number {
  const ca = orderClass(a), cb = orderClass(b);
  if (ca !== cb) return ca < cb ? -1 : 1;
  if (ca !== 2 && ca !== -2) return 0;
  const e = Math.min(ex[a], ex[b]);
  const x = aligned(a, e), y = aligned(b, e);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** FPCompare: NZCV (bits 3:0) for FCMP (signalNaNs false) and FCMPE (true). */
export function compare(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, signalNaNs: boolean): number {
  unpack(0, fmt, alo, ahi, fpcr);
  unpack(1, fmt, blo, bhi, fpcr);
  if (isNaNType(ty[0]) || isNaNType(ty[1])) {
    if (ty[0] === T_SNAN || ty[1] === T_SNAN || signalNaNs) fpFlags[0] |= IOC;
    return 0b0011;
  }
  const c = cmpValues(0, 1);
  return c === 0 ? 0b0110 : c < 0 ? 0b1000 : 0b0010;
}

/** FPCompareEQ (cond 0), FPCompareGE (1), FPCompareGT (2). */
export function compareCond(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, cond: number): boolean {
  unpack(0, fmt, alo, ahi, fpcr);
  unpack(1, fmt, blo, bhi, fpcr);
  if (isNaNType(ty[0]) || isNaNType(ty[1])) {
    if (cond !== 0 || ty[0] === T_SNAN || ty[1] === T_SNAN) fpFlags[0] |= IOC;
    return false;
  }
  const c = cmpValues(0, 1);
  return cond === 0 ? c === 0 : cond === 1 ? c >= 0 : c > 0;
}

/** FPConvert from format `from` to format `to` (FCVT, FCVTL, FCVTN; FCVTXN with RO). */
export function convert(from: number, to: number, lo: number, hi: number, fpcr: number, rmode: number): void {
  unpack(0, from, lo, hi, fpcr, true);
  const altHp = to === H && (fpcr & FPCR_AHP) !== 0;
  const t = ty[0], sign = sg[0];
  if (isNaNType(t)) {
    if (altHp) packZero(to, sign);
    else if ((fpcr & FPCR_DN) !== 0) packDefaultNaN(to);
    else {
      // FPConvertNaN: the payload below the quiet bit, left-aligned, and the quiet bit set
      let frac: bigint;
      if (from === D) frac = ((BigInt(hi & 0x7ffff) << 32n) | BigInt(lo >>> 0));
      else if (from === S) frac = BigInt(lo & 0x3fffff) << 29n;
      else frac = BigInt(lo & 0x1ff) << 42n;
      const F = FBITS[to];
      pack(to, sign, (1 << EBITS[to]) - 1, (1n << BigInt(F - 1)) | (frac >> BigInt(52 - F)));
    }
    if (t === T_SNAN || altHp) fpFlags[0] |= IOC;
    return;
  }
  if (t === T_INF) {
    if (altHp) { pack(to, sign, 31, 0x3ffn); fpFlags[0] |= IOC; }
    else packInf(to, sign);
    return;
  }
  if (t === T_ZERO) { packZero(to, sign); return; }
  round(to, sign, mt[0], ex[0], fpcr, rmode, altHp);
}

/** Magnitude split of slot 0 scaled by 2^fbits: integer part and the fraction class (0, <.5, .5, >.5). */
let fracClass = 0;
function scaledInt(fbits: number): bigint {
  const s = ex[0] + fbits;
  fracClass = 0;
  if (s >= 0) return mt[0] << BigInt(s);
  const bs = BigInt(-s);
  const i = mt[0] >> bs;
  const rem = mt[0] & ((1n << bs) - 1n);
  if (rem !== 0n) {
    const half = 1n << (bs - 1n);
    fracClass = rem < half ? 1 : rem === half ? 2 : 3;
  }
  return i;
}

/** Whether the magnitude rounds up under rmode, given its integer part's parity and sign. */
function roundsUp(rmode: number, sign: number, odd: boolean): boolean {
  const f = fracClass;
  if (f === 0) return false;
  switch (rmode) {
    case RN: return f === 3 || (f === 2 && odd);
    case RA: return f >= 2;
    case RP: return sign === 0;
    case RM: return sign === 1;
    default: return false;
  }
}

/**
 * FPToFixed: the value times 2^fbits rounded to an integer of `size` bits (32 or 64), signed or
 * unsigned, saturating with IOC; NaN gives 0 with IOC. Result in fpRes (hi = 0 for 32 bits).
 */
export function toFixed(fmt: number, lo: number, hi: number, fbits: number, unsigned: boolean, size: number, fpcr: number, rmode: number): void {
  unpack(0, fmt, lo, hi, fpcr);
  const t = ty[0], sign = sg[0];
  if (isNaNType(t)) { fpFlags[0] |= IOC; fpRes[0] = 0; fpRes[1] = 0; return; }
  let v: bigint;
  let inexact = false;
  if (t === T_ZERO) v = 0n;
  else if (t === T_INF) v = sign ? -(1n << 200n) : 1n << 200n;
  else {
    let m = scaledInt(fbits);
    if (roundsUp(rmode, sign, (m & 1n) === 1n)) m += 1n;
    inexact = fracClass !== 0;
    v = sign ? -m : m;
  }
  const bsz = BigInt(size);
  const lo2 = unsigned ? 0n : -(1n << (bsz - 1n));
  const hi2 = unsigned ? (1n << bsz) - 1n : (1n << (bsz - 1n)) - 1n;
  if (v < lo2) { v = lo2; fpFlags[0] |= IOC; }
  else if (v > hi2) { v = hi2; fpFlags[0] |= IOC; }
  else if (inexact) fpFlags[0] |= IXC;
  const u = BigInt.asUintN(size, v);
  fpRes[0] = Number(u & 0xffffffffn) | 0;
  fpRes[1] = size === 64 ? Number(u >> 32n) | 0 : 0;
}

/**
 * FixedToFP: the integer (lo, hi) of `size` bits, signed or unsigned, divided by 2^fbits and rounded
 * to format fmt (SCVTF, UCVTF).
 */
export function fromFixed(fmt: number, lo: number, hi: number, size: number, unsigned: boolean, fbits: number, fpcr: number, rmode: number): void {
  let v = size === 64 ? (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0) : BigInt(lo >>> 0);
  if (!unsigned) v = BigInt.asIntN(size, v);
  if (v === 0n) { packZero(fmt, 0); return; }
  if (v < 0n) round(fmt, 1, -v, -fbits, fpcr, rmode);
  else round(fmt, 0, v, -fbits, fpcr, rmode);
}

/** FPRoundInt (FRINTN/A/P/M/Z with exact = false; FRINTX and FRINTI's exact forms raise IXC). */
export function roundInt(fmt: number, lo: number, hi: number, fpcr: number, rmode: number, exact: boolean): void {
  unpack(0, fmt, lo, hi, fpcr);
  const t = ty[0], sign = sg[0];
  if (isNaNType(t)) { processNaN(0, fmt, fpcr); return; }
  if (t === T_INF) { packInf(fmt, sign); return; }
  if (t === T_ZERO) { packZero(fmt, sign); return; }
  let m = scaledInt(0);
  if (roundsUp(rmode, sign, (m & 1n) === 1n)) m += 1n;
  const inexact = fracClass !== 0;
  if (m === 0n) packZero(fmt, sign);
  else round(fmt, sign, m, 0, fpcr, RZ);
  if (inexact && exact) fpFlags[0] |= IXC;
}

/** FPRecpX: the exponent complemented, fraction zero. */
export function recpX(fmt: number, lo: number, hi: number, fpcr: number): void {
  unpack(0, fmt, lo, hi, fpcr);
  if (isNaNType(ty[0])) { processNaN(0, fmt, fpcr); return; }
  const E = EBITS[fmt];
  const bexp = fmt === D ? (hi >>> 20) & 0x7ff : fmt === S ? (lo >>> 23) & 0xff : (lo >>> 10) & 0x1f;
  const emax = (1 << E) - 1;
  pack(fmt, sg[0], bexp === 0 ? emax - 1 : ~bexp & emax, 0n);
}

/** RecipEstimate: 9-bit fixed point a in 256..511 (0.5 <= x < 1) to 256..511 (1 <= r < 2). */
export function recipEstimate(a: number): number {
  a = a * 2 + 1;
  const b = Math.floor((1 << 19) / a);
  return (b + 1) >> 1;
}

/** RecipSqrtEstimate: a in 128..511 (0.25 <= x < 1) to 256..511. */
export function recipSqrtEstimate(a: number): number {
  if (a < 256) a = a * 2 + 1;
  else { a = (a >> 1) << 1; a = (a + 1) * 2; }
  let b = 512;
  while (a * (b + 1) * (b + 1) < 1 << 28) b++;
  return (b + 1) >> 1;
}

/** The fraction field of slot 0's raw bits, left-aligned to 52 bits, and its biased exponent. */
function rawFrac52(fmt: number): { frac: bigint; exp: number } {
  const lo = rawLo[0], hi = rawHi[0];
  if (fmt === D) return { frac: (BigInt(hi & 0xfffff) << 32n) | BigInt(lo >>> 0), exp: (hi >>> 20) & 0x7ff };
  if (fmt === S) return { frac: BigInt(lo & 0x7fffff) << 29n, exp: (lo >>> 23) & 0xff };
  return { frac: BigInt(lo & 0x3ff) << 42n, exp: (lo >>> 10) & 0x1f };
}

const M52 = (1n << 52n) - 1n;

/** FPRecipEstimate (FRECPE). */
export function recipEstimateFP(fmt: number, lo: number, hi: number, fpcr: number): void {
  unpack(0, fmt, lo, hi, fpcr);
  const t = ty[0], sign = sg[0];
  if (isNaNType(t)) { processNaN(0, fmt, fpcr); return; }
  if (t === T_INF) { packZero(fmt, sign); return; }
  if (t === T_ZERO) { packInf(fmt, sign); fpFlags[0] |= DZC; return; }
  // |value| as mant * 2^e; compare with 2^-16, 2^-128, 2^-1024 and 2^14, 2^126, 2^1022
  const top = ex[0] + bitLen(mt[0]) - 1; // floor(log2 |value|)
  const tiny = fmt === H ? -16 : fmt === S ? -128 : -1024;
  if (top < tiny) {
    const r = fpcrRounding(fpcr);
    const toInf = r === RN || (r === RP && sign === 0) || (r === RM && sign === 1);
    if (toInf) packInf(fmt, sign); else packMaxNormal(fmt, sign);
    fpFlags[0] |= OFC | IXC;
    return;
  }
  const big = fmt === H ? 14 : fmt === S ? 126 : 1022;
  if (fmt !== H && (fpcr & FPCR_FZ) !== 0 && top >= big) { packZero(fmt, sign); fpFlags[0] |= UFC; return; }
  let { frac, exp } = rawFrac52(fmt);
  if (exp === 0) {
    if (((frac >> 51n) & 1n) === 0n) { exp = -1; frac = (frac << 2n) & M52; }
    else frac = (frac << 1n) & M52;
  }
  const scaled = 256 | Number(frac >> 44n);
  let rexp = (fmt === H ? 29 : fmt === S ? 253 : 2045) - exp;
  const est = recipEstimate(scaled);
  frac = BigInt(est & 0xff) << 44n;
  if (rexp === 0) frac = (1n << 51n) | (frac >> 1n);
  else if (rexp === -1) { frac = (1n << 50n) | (frac >> 2n); rexp = 0; }
  pack(fmt, sign, rexp, frac >> BigInt(52 - FBITS[fmt]));
}

/** FPRSqrtEstimate (FRSQRTE). */
export function rsqrtEstimateFP(fmt: number, lo: number, hi: number, fpcr: number): void {
  unpack(0, fmt, lo, hi, fpcr);
  const t = ty[0], sign = sg[0];
  if (isNaNType(t)) { processNaN(0, fmt, fpcr); return; }
  if (t === T_ZERO) { packInf(fmt, sign); fpFlags[0] |= DZC; return; }
  if (sign === 1) { packDefaultNaN(fmt); fpFlags[0] |= IOC; return; }
  if (t === T_INF) { packZero(fmt, 0); return; }
  let { frac, exp } = rawFrac52(fmt);
  if (exp === 0) {
    while (((frac >> 51n) & 1n) === 0n) { frac = (frac << 1n) & M52; exp--; }
    frac = (frac << 1n) & M52;
  }
  const scaled = (exp & 1) === 0 ? 256 | Number(frac >> 44n) : 128 | Number(frac >> 45n);
  const rexp = Math.floor(((fmt === H ? 44 : fmt === S ? 380 : 3068) - exp) / 2);
  const est = recipSqrtEstimate(scaled);
  pack(fmt, 0, rexp, (BigInt(est & 0xff) << 44n) >> BigInt(52 - FBITS[fmt]));
}

export { EBITS, FBITS, BIAS, MINEXP };
