/**
 * Comparisons and min/max (FCMP, FCMPE, FCCMP, FCMxx, FACxx, FMAX, FMIN, FMAXNM, FMINNM and their
 * vector and pairwise forms). Ordered operands that FZ leaves alone are compared as doubles; NaNs
 * (IOC rules, propagation) and flushed denormals (IDC, and they compare as zero) go to the exact path.
 */
import { FPCR_FZ, S, D, fpRes } from './state.ts';
import * as exact from './exact.ts';
import * as host from './host.ts';

const { f64, f32 } = host;

/** Whether (lo, hi) of fmt is finite or infinite but not NaN, and not a denormal that FZ flushes. */
function plain(fmt: number, lo: number, hi: number, fpcr: number): boolean {
  if (fmt === D) {
    const e = hi & 0x7ff00000;
    if (e === 0x7ff00000) return ((hi & 0xfffff) | lo) === 0;
    return e !== 0 || (fpcr & FPCR_FZ) === 0 || ((hi & 0xfffff) | lo) === 0;
  }
  if (fmt === S) {
    const e = lo & 0x7f800000;
    if (e === 0x7f800000) return (lo & 0x7fffff) === 0;
    return e !== 0 || (fpcr & FPCR_FZ) === 0 || (lo & 0x7fffff) === 0;
  }
  return false;
}

function value(fmt: number, lo: number, hi: number): number { return fmt === D ? f64(lo, hi) : f32(lo); }

/** FPCompare: NZCV in bits 3:0 (FCMP with signalNaNs = false, FCMPE with true). */
export function fpCompare(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, signalNaNs: boolean): number {
  if (plain(fmt, alo, ahi, fpcr) && plain(fmt, blo, bhi, fpcr)) {
    const a = value(fmt, alo, ahi), b = value(fmt, blo, bhi);
    return a === b ? 0b0110 : a < b ? 0b1000 : 0b0010;
  }
  return exact.compare(fmt, alo, ahi, blo, bhi, fpcr, signalNaNs);
}

export const CMP_EQ = 0, CMP_GE = 1, CMP_GT = 2;

/** FPCompareEQ / GE / GT (cond CMP_*): the AdvSIMD compares' predicate. */
export function fpCompareCond(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, cond: number): boolean {
  if (plain(fmt, alo, ahi, fpcr) && plain(fmt, blo, bhi, fpcr)) {
    const a = value(fmt, alo, ahi), b = value(fmt, blo, bhi);
    return cond === CMP_EQ ? a === b : cond === CMP_GE ? a >= b : a > b;
  }
  return exact.compareCond(fmt, alo, ahi, blo, bhi, fpcr, cond);
}

/** FPMax (max) or FPMin; result in fpRes. */
export function fpMaxMin(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, max: boolean): void {
  if (plain(fmt, alo, ahi, fpcr) && plain(fmt, blo, bhi, fpcr)) {
    const a = value(fmt, alo, ahi), b = value(fmt, blo, bhi);
    if (a !== b) {
      const first = max ? a > b : a < b;
      fpRes[0] = first ? alo : blo;
      fpRes[1] = fmt === D ? (first ? ahi : bhi) : 0;
      return;
    }
    if (a !== 0) { fpRes[0] = alo; fpRes[1] = fmt === D ? ahi : 0; return; }
  }
  exact.maxMin(fmt, alo, ahi, blo, bhi, fpcr, max);
}

/** FPMaxNum (max) or FPMinNum; result in fpRes. */
export function fpMaxMinNum(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, max: boolean): void {
  if (plain(fmt, alo, ahi, fpcr) && plain(fmt, blo, bhi, fpcr)) { fpMaxMin(fmt, alo, ahi, blo, bhi, fpcr, max); return; }
  exact.maxMinNum(fmt, alo, ahi, blo, bhi, fpcr, max);
}


