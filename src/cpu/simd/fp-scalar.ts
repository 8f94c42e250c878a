/**
 * Scalar floating-point instructions (Arm ARM C4.1.96 "Floating-point data-processing"): FMOV, the
 * one-, two- and three-source arithmetic, FCMP/FCMPE/FCCMP/FCSEL, conversions to and from general
 * registers (integer and fixed point), all in binary32 and binary64, with FCVT to and from binary16.
 * ARMv8.0 has no half-precision arithmetic: those encodings are UNDEFINED, as on a Cortex-A57.
 *
 * Each executor takes the instruction word and returns false when the encoding is UNDEFINED, before
 * changing any state.
 */
import * as fp from '../fp/index.ts';
import { fpRes, RN, RP, RM, RZ, RA, H, S, D } from '../fp/state.ts';
import type { FpSimdState } from './state.ts';

const { fpAdd, fpMul, fpDiv, fpSqrt, fpMulAdd, fpMaxMin, fpMaxMinNum, fpCompare, fpToFixed, fixedToFp, fpConvert, fpRoundInt } = fp;

/** ptype 00 single, 01 double, 11 half; 10 reserved. */
function fmtOf(ptype: number): number { return ptype === 0 ? S : ptype === 1 ? D : ptype === 3 ? H : -1; }

/** Writes a scalar of format fmt from fpRes into Vd, zeroing the rest of the register. */
export function writeScalar(s: FpSimdState, d: number, fmt: number): void {
  const v = s.v, o = d * 4;
  v[o] = fmt === H ? fpRes[0] & 0xffff : fpRes[0];
  v[o + 1] = fmt === D ? fpRes[1] : 0;
  v[o + 2] = 0; v[o + 3] = 0;
}

const xoff = (r: number): number => (r === 31 ? 62 : r * 2); // XZR reads the zero slot (regs.ts SLOT_ZR)
const xdst = (r: number): number => (r === 31 ? 64 : r * 2); // XZR writes go to the sink (SLOT_SINK)

/** FP data-processing (1 source): FMOV, FABS, FNEG, FSQRT, FCVT, FRINT*. */
export function fp1Src(s: FpSimdState, w: number): boolean {
  const ptype = (w >>> 22) & 3, opc = (w >>> 15) & 0x3f, n = (w >>> 5) & 31, d = w & 31;
  if ((w >>> 29) !== 0) return false; // M, S
  const fmt = fmtOf(ptype);
  const v = s.v, lo = v[n * 4], hi = v[n * 4 + 1];
  if ((opc & 0x3c) === 0x04) { // FCVT
    const to = fmtOf(opc & 3);
    if (fmt < 0 || to < 0 || to === fmt) return false;
    fpConvert(fmt, to, lo, hi, s.fpcr, (s.fpcr >>> 22) & 3);
    writeScalar(s, d, to);
    return true;
  }
  if (fmt !== S && fmt !== D) return false;
  const sign = fmt === D ? 0 : 0x80000000 | 0, signHi = fmt === D ? 0x80000000 | 0 : 0;
  switch (opc) {
    case 0: fpRes[0] = lo; fpRes[1] = hi; break; // FMOV
    case 1: fpRes[0] = lo & ~sign; fpRes[1] = hi & ~signHi; break; // FABS
    case 2: fpRes[0] = lo ^ sign; fpRes[1] = hi ^ signHi; break; // FNEG
    case 3: fpSqrt(fmt, lo, hi, s.fpcr); break;
    case 8: fpRoundInt(fmt, lo, hi, s.fpcr, RN, false); break;
    case 9: fpRoundInt(fmt, lo, hi, s.fpcr, RP, false); break;
    case 10: fpRoundInt(fmt, lo, hi, s.fpcr, RM, false); break;
    case 11: fpRoundInt(fmt, lo, hi, s.fpcr, RZ, false); break;
    case 12: fpRoundInt(fmt, lo, hi, s.fpcr, RA, false); break;
    case 14: fpRoundInt(fmt, lo, hi, s.fpcr, (s.fpcr >>> 22) & 3, true); break; // FRINTX
    case 15: fpRoundInt(fmt, lo, hi, s.fpcr, (s.fpcr >>> 22) & 3, false); break; // FRINTI
    default: return false;
  }
  writeScalar(s, d, fmt);
  return true;
}

/** FP data-processing (2 source): FMUL FDIV FADD FSUB FMAX FMIN FMAXNM FMINNM FNMUL. */
export function fp2Src(s: FpSimdState, w: number): boolean {
  const ptype = (w >>> 22) & 3, opc = (w >>> 12) & 15, m = (w >>> 16) & 31, n = (w >>> 5) & 31, d = w & 31;
  const fmt = fmtOf(ptype);
  if ((w >>> 29) !== 0 || (fmt !== S && fmt !== D) || opc > 8) return false;
  const v = s.v, alo = v[n * 4], ahi = v[n * 4 + 1], blo = v[m * 4], bhi = v[m * 4 + 1], fpcr = s.fpcr;
  switch (opc) {
    case 0: fpMul(fmt, alo, ahi, blo, bhi, fpcr); break;
    case 1: fpDiv(fmt, alo, ahi, blo, bhi, fpcr); break;
    case 2: fpAdd(fmt, alo, ahi, blo, bhi, fpcr); break;
    case 3: fpAdd(fmt, alo, ahi, blo, bhi, fpcr, true); break;
    case 4: fpMaxMin(fmt, alo, ahi, blo, bhi, fpcr, true); break;
    case 5: fpMaxMin(fmt, alo, ahi, blo, bhi, fpcr, false); break;
    case 6: fpMaxMinNum(fmt, alo, ahi, blo, bhi, fpcr, true); break;
    case 7: fpMaxMinNum(fmt, alo, ahi, blo, bhi, fpcr, false); break;
    default: // FNMUL: the product negated, NaN included
      fpMul(fmt, alo, ahi, blo, bhi, fpcr);
      if (fmt === D) fpRes[1] ^= 0x80000000; else fpRes[0] ^= 0x80000000;
      break;
  }
  writeScalar(s, d, fmt);
  return true;
}

/** FP data-processing (3 source): FMADD FMSUB FNMADD FNMSUB, fused. */
export function fp3Src(s: FpSimdState, w: number): boolean {
  const ptype = (w >>> 22) & 3, o1 = (w >>> 21) & 1, o0 = (w >>> 15) & 1;
  const m = (w >>> 16) & 31, a = (w >>> 10) & 31, n = (w >>> 5) & 31, d = w & 31;
  const fmt = fmtOf(ptype);
  if ((w >>> 29) !== 0 || (fmt !== S && fmt !== D)) return false;
  const v = s.v;
  let alo = v[a * 4], ahi = v[a * 4 + 1], nlo = v[n * 4], nhi = v[n * 4 + 1];
  const sgn = 0x80000000 | 0;
  if (o1) { if (fmt === D) ahi ^= sgn; else alo ^= sgn; }
  if (o0 !== o1) { if (fmt === D) nhi ^= sgn; else nlo ^= sgn; }
  fpMulAdd(fmt, alo, ahi, nlo, nhi, v[m * 4], v[m * 4 + 1], s.fpcr);
  writeScalar(s, d, fmt);
  return true;
}

function setNzcv(s: FpSimdState, nzcv: number): void {
  s.nf = (nzcv >>> 3) & 1; s.zf = (nzcv >>> 2) & 1; s.cf = (nzcv >>> 1) & 1; s.vf = nzcv & 1;
}

/** FCMP, FCMPE (register or #0.0). */
export function fpCompareInsn(s: FpSimdState, w: number): boolean {
  const ptype = (w >>> 22) & 3, m = (w >>> 16) & 31, n = (w >>> 5) & 31, opc2 = w & 31;
  const fmt = fmtOf(ptype);
  if ((w >>> 29) !== 0 || (fmt !== S && fmt !== D) || ((w >>> 14) & 3) !== 0 || (opc2 & 7) !== 0) return false;
  const v = s.v;
  const zero = (opc2 & 8) !== 0;
  const blo = zero ? 0 : v[m * 4], bhi = zero ? 0 : v[m * 4 + 1];
  setNzcv(s, fpCompare(fmt, v[n * 4], v[n * 4 + 1], blo, bhi, s.fpcr, (opc2 & 16) !== 0));
  return true;
}

/** ConditionHolds (Arm ARM J1) on the state's flags. */
export function condHolds(s: FpSimdState, cc: number): boolean {
  let r: boolean;
  switch (cc >> 1) {
    case 0: r = s.zf === 1; break;
    case 1: r = s.cf === 1; break;
    case 2: r = s.nf === 1; break;
    case 3: r = s.vf === 1; break;
    case 4: r = s.cf === 1 && s.zf === 0; break;
    case 5: r = s.nf === s.vf; break;
    case 6: r = s.nf === s.vf && s.zf === 0; break;
    default: return true;
  }
  return (cc & 1) !== 0 ? !r : r;
}

/** FCCMP, FCCMPE. */
export function fpCondCompare(s: FpSimdState, w: number): boolean {
  const ptype = (w >>> 22) & 3, m = (w >>> 16) & 31, cc = (w >>> 12) & 15, n = (w >>> 5) & 31;
  const fmt = fmtOf(ptype);
  if ((w >>> 29) !== 0 || (fmt !== S && fmt !== D)) return false;
  if (condHolds(s, cc)) {
    const v = s.v;
    setNzcv(s, fpCompare(fmt, v[n * 4], v[n * 4 + 1], v[m * 4], v[m * 4 + 1], s.fpcr, (w & 16) !== 0));
  } else setNzcv(s, w & 15);
  return true;
}

/** FCSEL. */
export function fpCondSelect(s: FpSimdState, w: number): boolean {
  const ptype = (w >>> 22) & 3, m = (w >>> 16) & 31, cc = (w >>> 12) & 15, n = (w >>> 5) & 31, d = w & 31;
  const fmt = fmtOf(ptype);
  if ((w >>> 29) !== 0 || (fmt !== S && fmt !== D)) return false;
  const src = condHolds(s, cc) ? n : m;
  fpRes[0] = s.v[src * 4]; fpRes[1] = s.v[src * 4 + 1];
  writeScalar(s, d, fmt);
  return true;
}

/** VFPExpandImm: the 8-bit FMOV immediate as binary32 or binary64 bits (into fpRes). */
export function vfpExpandImm(imm8: number, fmt: number): void {
  const sign = (imm8 >>> 7) & 1, b6 = (imm8 >>> 6) & 1, rest = imm8 & 0x3f;
  if (fmt === D) {
    // sign : NOT(b6) : Replicate(b6, 8) : imm8<5:0> : Zeros(48)
    const exp = ((b6 ^ 1) << 10) | (b6 ? 0xff << 2 : 0) | (rest >>> 4);
    fpRes[1] = (sign << 31) | (exp << 20) | ((rest & 15) << 16);
    fpRes[0] = 0;
  } else {
    const exp = ((b6 ^ 1) << 7) | (b6 ? 0x1f << 2 : 0) | (rest >>> 4);
    fpRes[0] = (sign << 31) | (exp << 23) | ((rest & 15) << 19);
    fpRes[1] = 0;
  }
}

/** FMOV (scalar, immediate). */
export function fpImm(s: FpSimdState, w: number): boolean {
  const ptype = (w >>> 22) & 3, imm5 = (w >>> 5) & 31, d = w & 31;
  const fmt = fmtOf(ptype);
  if ((w >>> 29) !== 0 || (fmt !== S && fmt !== D) || imm5 !== 0) return false;
  vfpExpandImm((w >>> 13) & 0xff, fmt);
  writeScalar(s, d, fmt);
  return true;
}

/** Conversion between FP and integer: FCVT[NPMZA][SU], SCVTF, UCVTF, FMOV (general). */
export function fpIntConv(s: FpSimdState, w: number): boolean {
  const sf = w >>> 31, ptype = (w >>> 22) & 3, rmode = (w >>> 19) & 3, opc = (w >>> 16) & 7;
  const n = (w >>> 5) & 31, d = w & 31;
  if (((w >>> 29) & 1) !== 0) return false;
  const x = s.x, v = s.v;
  if (opc === 6 || opc === 7) { // FMOV
    const toGen = opc === 6;
    let part: number;
    if (rmode === 0 && sf === 0 && ptype === 0) part = 32;
    else if (rmode === 0 && sf === 1 && ptype === 1) part = 64;
    else if (rmode === 1 && sf === 1 && ptype === 2) part = 128;
    else return false;
    if (toGen) {
      const t = xdst(d);
      if (part === 32) { x[t] = v[n * 4]; x[t + 1] = 0; }
      else if (part === 64) { x[t] = v[n * 4]; x[t + 1] = v[n * 4 + 1]; }
      else { x[t] = v[n * 4 + 2]; x[t + 1] = v[n * 4 + 3]; }
    } else {
      const src = xoff(n), o = d * 4;
      if (part === 128) { v[o + 2] = x[src]; v[o + 3] = x[src + 1]; }
      else { v[o] = x[src]; v[o + 1] = part === 64 ? x[src + 1] : 0; v[o + 2] = 0; v[o + 3] = 0; }
    }
    return true;
  }
  const fmt = fmtOf(ptype);
  if (fmt !== S && fmt !== D) return false;
  const size = sf ? 64 : 32;
  if (opc === 2 || opc === 3) { // SCVTF, UCVTF
    if (rmode !== 0) return false;
    const src = xoff(n);
    fixedToFp(fmt, x[src], x[src + 1], size, opc === 3, 0, s.fpcr, (s.fpcr >>> 22) & 3);
    writeScalar(s, d, fmt);
    return true;
  }
  if (opc === 4 || opc === 5) { if (rmode !== 0) return false; } // FCVTA*
  else if (opc > 1) return false;
  const mode = opc >= 4 ? RA : rmode === 0 ? RN : rmode === 1 ? RP : rmode === 2 ? RM : RZ;
  fpToFixed(fmt, v[n * 4], v[n * 4 + 1], 0, (opc & 1) === 1, size, s.fpcr, mode);
  const t = xdst(d);
  x[t] = fpRes[0]; x[t + 1] = fpRes[1];
  return true;
}

/** Conversion between FP and fixed point: SCVTF, UCVTF, FCVTZS, FCVTZU with #fbits. */
export function fpFixedConv(s: FpSimdState, w: number): boolean {
  const sf = w >>> 31, ptype = (w >>> 22) & 3, rmode = (w >>> 19) & 3, opc = (w >>> 16) & 7, scale = (w >>> 10) & 63;
  const n = (w >>> 5) & 31, d = w & 31;
  const fmt = fmtOf(ptype);
  if (((w >>> 29) & 1) !== 0 || (fmt !== S && fmt !== D) || (sf === 0 && scale < 32)) return false;
  const fbits = 64 - scale, size = sf ? 64 : 32, x = s.x;
  if (rmode === 0 && (opc === 2 || opc === 3)) {
    const src = xoff(n);
    fixedToFp(fmt, x[src], x[src + 1], size, opc === 3, fbits, s.fpcr, (s.fpcr >>> 22) & 3);
    writeScalar(s, d, fmt);
    return true;
  }
  if (rmode === 3 && (opc === 0 || opc === 1)) {
    fpToFixed(fmt, s.v[n * 4], s.v[n * 4 + 1], fbits, opc === 1, size, s.fpcr, RZ);
    const t = xdst(d);
    x[t] = fpRes[0]; x[t + 1] = fpRes[1];
    return true;
  }
  return false;
}

/**
 * The scalar FP group of the word (bits 28:24 = 11110 or 11111, bit 30 = 0), executed. False when
 * UNDEFINED.
 */
export function execScalarFp(s: FpSimdState, w: number): boolean {
  if ((w & 0x01000000) !== 0) return fp3Src(s, w);
  if ((w & 0x00200000) === 0) return fpFixedConv(s, w);
  switch ((w >>> 10) & 3) {
    case 1: return fpCondCompare(s, w);
    case 2: return fp2Src(s, w);
    case 3: return fpCondSelect(s, w);
    default: {
      const op = (w >>> 12) & 15;
      if (op & 1) return fpImm(s, w);
      if (op & 2) return fpCompareInsn(s, w);
      if (op & 4) return fp1Src(s, w);
      if (op & 8) return false;
      return fpIntConv(s, w);
    }
  }
}


