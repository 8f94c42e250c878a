/**
 * Conversions (FCVT*, SCVTF/UCVTF, FRINT*, FCVT between formats) with fast paths on doubles for the
 * common cases: in-range binary32/64 to integer, 32-bit and small 64-bit integers to floating point,
 * binary32 <-> binary64 of normal numbers, rounding to an integral value below 2^52 (2^23). The rest
 * goes to the exact path.
 */
import { FPCR_FZ, IXC, RP, RM, RZ, RA, S, D, fpFlags, fpRes } from './state.ts';
import * as exact from './exact.ts';
import * as host from './host.ts';

const { f64, setF64, f32, f32Bits, f32Step } = host;

const TWO32 = 4294967296;
const TWO53 = 9007199254740992;
const MIN32 = 1.1754943508222875e-38;
const MAX32 = 3.4028234663852886e38;

/** 2^k for integer k in -1074..1023 (exact). */
function pow2(k: number): number { return Math.pow(2, k); }

/** x rounded to an integral double under rmode (|x| < 2^53). */
function roundToIntegral(x: number, rmode: number): number {
  switch (rmode) {
    case RZ: return Math.trunc(x);
    case RM: return Math.floor(x);
    case RP: return Math.ceil(x);
    default: {
      const t = Math.trunc(x);
      const d = Math.abs(x - t);
      if (d < 0.5) return t;
      if (d > 0.5 || rmode === RA) return x < 0 ? t - 1 : t + 1;
      // tie: to even
      return t % 2 === 0 ? t : x < 0 ? t - 1 : t + 1;
    }
  }
}

/**
 * FPToFixed: fmt value times 2^fbits to a signed or unsigned integer of `size` bits under rmode;
 * result in fpRes.
 */
export function fpToFixed(fmt: number, lo: number, hi: number, fbits: number, unsigned: boolean, size: number, fpcr: number, rmode: number): void {
  let x = 0, ok = false;
  if (fmt === D) {
    const e = (hi >>> 20) & 0x7ff;
    if (e !== 0x7ff && (e !== 0 || (fpcr & FPCR_FZ) === 0)) { x = f64(lo, hi); ok = true; }
  } else if (fmt === S) {
    const e = (lo >>> 23) & 0xff;
    if (e !== 0xff && (e !== 0 || (fpcr & FPCR_FZ) === 0)) { x = f32(lo); ok = true; }
  }
  if (ok) {
    if (fbits !== 0) x *= pow2(fbits);
    if (Math.abs(x) < TWO53) {
      const i = roundToIntegral(x, rmode);
      const min = unsigned ? 0 : -pow2(size - 1);
      const max = unsigned ? pow2(size) - 1 : pow2(size - 1) - 1;
      if (i >= min && i <= max) {
        if (i !== x) fpFlags[0] |= IXC;
        fpRes[0] = i | 0;
        fpRes[1] = size === 64 ? Math.floor(i / TWO32) | 0 : 0;
        return;
      }
    }
  }
  exact.toFixed(fmt, lo, hi, fbits, unsigned, size, fpcr, rmode);
}

/** FixedToFP: the signed or unsigned integer (lo, hi) of `size` bits divided by 2^fbits, to fmt; result in fpRes. */
export function fixedToFp(fmt: number, lo: number, hi: number, size: number, unsigned: boolean, fbits: number, fpcr: number, rmode: number): void {
  let v: number;
  if (size === 32) v = unsigned ? lo >>> 0 : lo | 0;
  else if (unsigned ? (hi >>> 21) === 0 : (hi >> 21) === 0 || (hi >> 21) === -1) v = (unsigned ? hi >>> 0 : hi | 0) * TWO32 + (lo >>> 0);
  else { exact.fromFixed(fmt, lo, hi, size, unsigned, fbits, fpcr, rmode); return; }
  if (v === 0) { fpRes[0] = 0; fpRes[1] = 0; return; }
  const x = fbits === 0 ? v : v / pow2(fbits);
  if (fmt === D) { setF64(x); return; }
  if (fmt === S) {
    const r = Math.fround(x);
    const b = f32Bits(r);
    if (r === x) { fpRes[0] = b; fpRes[1] = 0; return; }
    fpFlags[0] |= IXC;
    const dir = x - r;
    let out = b;
    if (rmode === RP) { if (dir > 0) out = f32Step(b, true); }
    else if (rmode === RM) { if (dir < 0) out = f32Step(b, false); }
    else if (rmode === RZ) { if ((dir > 0) !== (r > 0)) out = f32Step(b, r < 0); }
    fpRes[0] = out; fpRes[1] = 0;
    return;
  }
  exact.fromFixed(fmt, lo, hi, size, unsigned, fbits, fpcr, rmode);
}

/** FPConvert from format `from` to `to` under rmode; result in fpRes. */
export function fpConvert(from: number, to: number, lo: number, hi: number, fpcr: number, rmode: number): void {
  if (from === S && to === D) {
    const e = (lo >>> 23) & 0xff;
    if (e !== 0xff && (e !== 0 || (fpcr & FPCR_FZ) === 0)) { setF64(f32(lo)); return; }
  } else if (from === D && to === S && rmode <= RZ) {
    const e = (hi >>> 20) & 0x7ff;
    if (e !== 0x7ff && e !== 0) {
      const x = f64(lo, hi);
      const r = Math.fround(x);
      const m = Math.abs(r);
      if (m > MIN32 && m < MAX32) {
        const b = f32Bits(r);
        let out = b;
        if (r !== x) {
          fpFlags[0] |= IXC;
          const dir = x - r;
          if (rmode === RP) { if (dir > 0) out = f32Step(b, true); }
          else if (rmode === RM) { if (dir < 0) out = f32Step(b, false); }
          else if (rmode === RZ) { if ((dir > 0) !== (r > 0)) out = f32Step(b, r < 0); }
        }
        fpRes[0] = out; fpRes[1] = 0;
        return;
      }
    }
  }
  exact.convert(from, to, lo, hi, fpcr, rmode);
}

/** FPRoundInt (FRINT*): integral value of the same format under rmode; `exact` raises IXC when inexact. */
export function fpRoundInt(fmt: number, lo: number, hi: number, fpcr: number, rmode: number, exactFlag: boolean): void {
  if (fmt === D) {
    const e = (hi >>> 20) & 0x7ff;
    if (e >= 1075 && e !== 0x7ff) { fpRes[0] = lo; fpRes[1] = hi; return; } // already integral
    if (e !== 0 && e < 1075) {
      const x = f64(lo, hi);
      const i = roundToIntegral(x, rmode);
      if (i !== x && exactFlag) fpFlags[0] |= IXC;
      if (i === 0) { fpRes[0] = 0; fpRes[1] = hi & (1 << 31); } else setF64(i);
      return;
    }
  } else if (fmt === S) {
    const e = (lo >>> 23) & 0xff;
    if (e >= 150 && e !== 0xff) { fpRes[0] = lo; fpRes[1] = 0; return; }
    if (e !== 0 && e < 150) {
      const x = f32(lo);
      const i = roundToIntegral(x, rmode);
      if (i !== x && exactFlag) fpFlags[0] |= IXC;
      fpRes[0] = i === 0 ? lo & (1 << 31) : f32Bits(i);
      fpRes[1] = 0;
      return;
    }
  }
  exact.roundInt(fmt, lo, hi, fpcr, rmode, exactFlag);
}
