/**
 * FP arithmetic for binary32 and binary64 (FADD, FSUB, FMUL, FDIV, FSQRT, FMADD and the fused
 * AdvSIMD forms), with a fast path on JavaScript doubles wherever its result is provably the Arm
 * result, and the exact path (exact.ts) for everything else.
 *
 * binary64: the double result of + - * / sqrt is correctly rounded to nearest; the exact error term
 * (TwoSum, TwoProduct, or the remainder of a quotient or square root) decides IXC and, for the directed
 * modes, whether the result moves one ulp. A fused multiply-add is the Boldo-Melquiond emulation:
 * the product split exactly, the low-order sum rounded to odd, one final rounding. The fast path is
 * taken only for finite operands (no denormals when FZ flushes them) whose result lies strictly between
 * the smallest normal and the largest finite number, so there is no NaN, flush, underflow or overflow
 * to decide (Arm detects underflow before rounding, which such a result never is).
 *
 * binary32: operands are exact in a double; the double result rounded to odd, then to binary32, is
 * the correctly rounded binary32 result (53 >= 24 + 2), and the binary32 result's difference to the
 * odd-rounded double has the sign of the exact error.
 */
import { FPCR_FZ, IXC, RN, RP, RM, S, D, fpFlags, fpRes } from './state.ts';
import * as exact from './exact.ts';
import * as host from './host.ts';

const { f64, setF64, setF64Step, f64Hi, f32, f32Bits, f32Step, roundOdd, twoProductErr, twoSumErr } = host;

const MIN64 = 2.2250738585072014e-308;
const MAX64 = 1.7976931348623157e308;
const MIN32 = 1.1754943508222875e-38;
const MAX32 = 3.4028234663852886e38;
const EXP64 = 0x7ff00000;
const EXP32 = 0x7f800000;

/** Writes the binary64 r (correctly rounded to nearest, normal) after an error of sign dir under FPCR's mode. */
function finish64(r: number, dir: number, fpcr: number): void {
  if (dir === 0) { setF64(r); return; }
  fpFlags[0] |= IXC;
  const rm = (fpcr >>> 22) & 3;
  if (rm === RN) setF64(r);
  else if (rm === RP) { if (dir > 0) setF64Step(r, true); else setF64(r); }
  else if (rm === RM) { if (dir < 0) setF64Step(r, false); else setF64(r); }
  else if ((dir > 0) !== (r > 0)) setF64Step(r, r < 0); // towards zero
  else setF64(r);
}

/** The binary32 bits of r (correctly rounded to nearest, normal) after an error of sign dir. */
function finish32(r: number, dir: number, fpcr: number): number {
  const b = f32Bits(r);
  if (dir === 0) return b;
  fpFlags[0] |= IXC;
  const rm = (fpcr >>> 22) & 3;
  if (rm === RN) return b;
  if (rm === RP) return dir > 0 ? f32Step(b, true) : b;
  if (rm === RM) return dir < 0 ? f32Step(b, false) : b;
  return (dir > 0) !== (r > 0) ? f32Step(b, r < 0) : b;
}

/** Both binary64 operands finite, and not denormal if FZ flushes them. */
function ok64(ahi: number, bhi: number, fpcr: number): boolean {
  const ea = ahi & EXP64, eb = bhi & EXP64;
  return ea !== EXP64 && eb !== EXP64 && ((fpcr & FPCR_FZ) === 0 || (ea !== 0 && eb !== 0));
}

function ok32(a: number, b: number, fpcr: number): boolean {
  const ea = a & EXP32, eb = b & EXP32;
  return ea !== EXP32 && eb !== EXP32 && ((fpcr & FPCR_FZ) === 0 || (ea !== 0 && eb !== 0));
}

function addSub64(alo: number, ahi: number, blo: number, bhi: number, fpcr: number, sub: boolean): void {
  if (ok64(ahi, bhi, fpcr)) {
    const a = f64(alo, ahi);
    const b = sub ? -f64(blo, bhi) : f64(blo, bhi);
    const s = a + b;
    const m = Math.abs(s);
    if (m > MIN64 && m < MAX64) { finish64(s, twoSumErr(a, b, s), fpcr); return; }
  }
  exact.add(D, alo, ahi, blo, bhi, fpcr, sub);
}

/** FPAdd, binary64. */
export function f64Add(alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void { addSub64(alo, ahi, blo, bhi, fpcr, false); }
/** FPSub, binary64. */
export function f64Sub(alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void { addSub64(alo, ahi, blo, bhi, fpcr, true); }

/** Biased exponents allowing TwoProduct on the fast path: both in 1..2000 and their sum at least 1100. */
function prodOk(ea: number, eb: number): boolean {
  return ea >= 1 && ea <= 2000 && eb >= 1 && eb <= 2000 && ea + eb >= 1100;
}

/** FPMul, binary64. */
export function f64Mul(alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void {
  if (prodOk((ahi >>> 20) & 0x7ff, (bhi >>> 20) & 0x7ff)) {
    const a = f64(alo, ahi), b = f64(blo, bhi);
    const p = a * b;
    const m = Math.abs(p);
    if (m > MIN64 && m < MAX64) { finish64(p, twoProductErr(a, b, p), fpcr); return; }
  }
  exact.mul(D, alo, ahi, blo, bhi, fpcr);
}

/** FPDiv, binary64. */
export function f64Div(alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void {
  const eb = (bhi >>> 20) & 0x7ff, ea = (ahi >>> 20) & 0x7ff;
  if (ea >= 1 && ea <= 2046 && eb >= 1 && eb <= 2000) {
    const a = f64(alo, ahi), b = f64(blo, bhi);
    const q = a / b;
    const m = Math.abs(q);
    if (m > MIN64 && m < MAX64 && prodOk((f64Hi(q) >>> 20) & 0x7ff, eb)) {
      const p = q * b;
      const r = (a - p) - twoProductErr(q, b, p);
      finish64(q, b > 0 ? r : -r, fpcr);
      return;
    }
  }
  exact.div(D, alo, ahi, blo, bhi, fpcr);
}

/** FPSqrt, binary64. */
export function f64Sqrt(lo: number, hi: number, fpcr: number): void {
  const e = (hi >>> 20) & 0x7ff;
  if (hi > 0 && e >= 100 && e <= 2000) {
    const a = f64(lo, hi);
    const q = Math.sqrt(a);
    const p = q * q;
    finish64(q, (a - p) - twoProductErr(q, q, p), fpcr);
    return;
  }
  exact.sqrt(D, lo, hi, fpcr);
}

/** FPMulAdd, binary64: a + b*c with one rounding. */
export function f64MulAdd(alo: number, ahi: number, blo: number, bhi: number, clo: number, chi: number, fpcr: number): void {
  const ea = ahi & EXP64;
  if (ea !== EXP64 && ((fpcr & FPCR_FZ) === 0 || ea !== 0 || (ahi & 0x7fffffff | alo) === 0)
    && (ea >>> 20) <= 2000 && prodOk((bhi >>> 20) & 0x7ff, (chi >>> 20) & 0x7ff)) {
    const a = f64(alo, ahi), b = f64(blo, bhi), c = f64(clo, chi);
    const uh = b * c;
    if (Math.abs(uh) < MAX64) {
      const ul = twoProductErr(b, c, uh);
      const th = a + uh;
      const tl = twoSumErr(a, uh, th);
      const v0 = tl + ul;
      const e1 = twoSumErr(tl, ul, v0);
      const v = roundOdd(v0, e1);
      const z = th + v;
      const m = Math.abs(z);
      if (m > 1e-289 && m < MAX64) {
        const e2 = twoSumErr(th, v, z);
        if (e1 === 0) { finish64(z, e2, fpcr); return; }
        if (((fpcr >>> 22) & 3) === RN) { fpFlags[0] |= IXC; setF64(z); return; }
      }
    }
  }
  exact.mulAdd(D, alo, ahi, blo, bhi, clo, chi, fpcr);
}

function addSub32(a: number, b: number, fpcr: number, sub: boolean): number {
  if (ok32(a, b, fpcr)) {
    const x = f32(a);
    const y = sub ? -f32(b) : f32(b);
    const s = roundOdd(x + y, twoSumErr(x, y, x + y));
    const r = Math.fround(s);
    const m = Math.abs(r);
    if (m > MIN32 && m < MAX32) return finish32(r, s - r, fpcr);
  }
  exact.add(S, a, 0, b, 0, fpcr, sub);
  return fpRes[0];
}

/** FPAdd, binary32: the result's bits. */
export function f32Add(a: number, b: number, fpcr: number): number { return addSub32(a, b, fpcr, false); }
/** FPSub, binary32. */
export function f32Sub(a: number, b: number, fpcr: number): number { return addSub32(a, b, fpcr, true); }

/** FPMul, binary32. */
export function f32Mul(a: number, b: number, fpcr: number): number {
  if (ok32(a, b, fpcr)) {
    const p = f32(a) * f32(b);
    const r = Math.fround(p);
    const m = Math.abs(r);
    if (m > MIN32 && m < MAX32) return finish32(r, p - r, fpcr);
  }
  exact.mul(S, a, 0, b, 0, fpcr);
  return fpRes[0];
}

/** FPDiv, binary32. */
export function f32Div(a: number, b: number, fpcr: number): number {
  if (ok32(a, b, fpcr) && (b & 0x7fffffff) !== 0) {
    const x = f32(a), y = f32(b);
    const r = Math.fround(x / y);
    const m = Math.abs(r);
    if (m > MIN32 && m < MAX32) {
      const rem = x - r * y;
      return finish32(r, y > 0 ? rem : -rem, fpcr);
    }
  }
  exact.div(S, a, 0, b, 0, fpcr);
  return fpRes[0];
}

/** FPSqrt, binary32. */
export function f32Sqrt(a: number, fpcr: number): number {
  if (a > 0 && (a & EXP32) !== EXP32 && ((fpcr & FPCR_FZ) === 0 || (a & EXP32) !== 0)) {
    const x = f32(a);
    const r = Math.fround(Math.sqrt(x));
    return finish32(r, x - r * r, fpcr);
  }
  exact.sqrt(S, a, 0, fpcr);
  return fpRes[0];
}

/** FPMulAdd, binary32: a + b*c with one rounding. */
export function f32MulAdd(a: number, b: number, c: number, fpcr: number): number {
  if (ok32(b, c, fpcr) && ok32(a, a, fpcr)) {
    const x = f32(a);
    const p = f32(b) * f32(c);
    const s0 = x + p;
    const s = roundOdd(s0, twoSumErr(x, p, s0));
    const r = Math.fround(s);
    const m = Math.abs(r);
    if (m > MIN32 && m < MAX32) return finish32(r, s - r, fpcr);
  }
  exact.mulAdd(S, a, 0, b, 0, c, 0, fpcr);
  return fpRes[0];
}

/** FPAdd/FPSub of format fmt; result in fpRes. */
export function fpAdd(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, sub = false): void {
  if (fmt === D) addSub64(alo, ahi, blo, bhi, fpcr, sub);
  else if (fmt === S) { fpRes[0] = addSub32(alo, blo, fpcr, sub); fpRes[1] = 0; }
  else exact.add(fmt, alo, ahi, blo, bhi, fpcr, sub);
}

/** FPMul of format fmt; result in fpRes. */
export function fpMul(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void {
  if (fmt === D) f64Mul(alo, ahi, blo, bhi, fpcr);
  else if (fmt === S) { fpRes[0] = f32Mul(alo, blo, fpcr); fpRes[1] = 0; }
  else exact.mul(fmt, alo, ahi, blo, bhi, fpcr);
}

/** FPDiv of format fmt; result in fpRes. */
export function fpDiv(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void {
  if (fmt === D) f64Div(alo, ahi, blo, bhi, fpcr);
  else if (fmt === S) { fpRes[0] = f32Div(alo, blo, fpcr); fpRes[1] = 0; }
  else exact.div(fmt, alo, ahi, blo, bhi, fpcr);
}

/** FPSqrt of format fmt; result in fpRes. */
export function fpSqrt(fmt: number, lo: number, hi: number, fpcr: number): void {
  if (fmt === D) f64Sqrt(lo, hi, fpcr);
  else if (fmt === S) { fpRes[0] = f32Sqrt(lo, fpcr); fpRes[1] = 0; }
  else exact.sqrt(fmt, lo, hi, fpcr);
}

/** FPMulAdd of format fmt (addend a); result in fpRes. */
export function fpMulAdd(fmt: number, alo: number, ahi: number, blo: number, bhi: number, clo: number, chi: number, fpcr: number): void {
  if (fmt === D) f64MulAdd(alo, ahi, blo, bhi, clo, chi, fpcr);
  else if (fmt === S) { fpRes[0] = f32MulAdd(alo, blo, clo, fpcr); fpRes[1] = 0; }
  else exact.mulAdd(fmt, alo, ahi, blo, bhi, clo, chi, fpcr);
}
