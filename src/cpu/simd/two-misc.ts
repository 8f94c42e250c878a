/**
 * AdvSIMD two-register miscellaneous (vector and scalar): REV16/32/64, CLS CLZ CNT NOT RBIT, ABS NEG
 * SQABS SQNEG SUQADD USQADD, compares with zero, pairwise long adds (SADDLP UADALP ...), narrowing
 * (XTN SQXTN UQXTN SQXTUN), SHLL, and the floating-point forms: FABS FNEG FSQRT FRINT* FCVT[NPMZA][SU]
 * SCVTF UCVTF FCMxx #0 FRECPE FRSQRTE FRECPX URECPE URSQRTE FCVTN FCVTL FCVTXN.
 */
import * as fp from '../fp/index.ts';
import { fpRes, RN, RP, RM, RZ, RA, RO, H, S, D } from '../fp/state.ts';
import type { FpSimdState } from './state.ts';
import { get, put, getAny, putAny, clearHigh, clearAbove, satBig } from './lanes.ts';

const { fpSqrt, fpRoundInt, fpToFixed, fixedToFp, fpCompareCond, fpRecipEstimate, fpRSqrtEstimate, fpRecpX, fpConvert, recipEstimate, recipSqrtEstimate } = fp;

const RES: bigint[] = new Array(16).fill(0n);
const FL = new Int32Array(8);

/** Reads lane e of format fmt (S: 32-bit lanes, D: 64-bit) into (lo, hi). */
function laneLo(s: FpSimdState, r: number, e: number, fmt: number): number { return fmt === D ? s.v[r * 4 + 2 * e] : s.v[r * 4 + e]; }
function laneHi(s: FpSimdState, r: number, e: number, fmt: number): number { return fmt === D ? s.v[r * 4 + 2 * e + 1] : 0; }

/** The FP two-misc operation (U:a:opcode, 7 bits) on one lane, result in fpRes; false if unallocated. */
function fp2(op: number, fmt: number, lo: number, hi: number, fpcr: number, scalar: boolean): boolean {
  const rm = (fpcr >>> 22) & 3, size = fmt === D ? 64 : 32, sgn = 0x80000000 | 0;
  switch (op) {
    case 0b0011000: fpRoundInt(fmt, lo, hi, fpcr, RN, false); return !scalar;
    case 0b0011001: fpRoundInt(fmt, lo, hi, fpcr, RM, false); return !scalar;
    case 0b0111000: fpRoundInt(fmt, lo, hi, fpcr, RP, false); return !scalar;
    case 0b0111001: fpRoundInt(fmt, lo, hi, fpcr, RZ, false); return !scalar;
    case 0b1011000: fpRoundInt(fmt, lo, hi, fpcr, RA, false); return !scalar;
    case 0b1011001: fpRoundInt(fmt, lo, hi, fpcr, rm, true); return !scalar; // FRINTX
    case 0b1111001: fpRoundInt(fmt, lo, hi, fpcr, rm, false); return !scalar; // FRINTI
    case 0b0011010: fpToFixed(fmt, lo, hi, 0, false, size, fpcr, RN); return true;
    case 0b0011011: fpToFixed(fmt, lo, hi, 0, false, size, fpcr, RM); return true;
    case 0b0011100: fpToFixed(fmt, lo, hi, 0, false, size, fpcr, RA); return true;
    case 0b0111010: fpToFixed(fmt, lo, hi, 0, false, size, fpcr, RP); return true;
    case 0b0111011: fpToFixed(fmt, lo, hi, 0, false, size, fpcr, RZ); return true;
    case 0b1011010: fpToFixed(fmt, lo, hi, 0, true, size, fpcr, RN); return true;
    case 0b1011011: fpToFixed(fmt, lo, hi, 0, true, size, fpcr, RM); return true;
    case 0b1011100: fpToFixed(fmt, lo, hi, 0, true, size, fpcr, RA); return true;
    case 0b1111010: fpToFixed(fmt, lo, hi, 0, true, size, fpcr, RP); return true;
    case 0b1111011: fpToFixed(fmt, lo, hi, 0, true, size, fpcr, RZ); return true;
    case 0b0011101: fixedToFp(fmt, lo, hi, size, false, 0, fpcr, rm); return true; // SCVTF
    case 0b1011101: fixedToFp(fmt, lo, hi, size, true, 0, fpcr, rm); return true; // UCVTF
    case 0b0101100: mask(fmt, fpCompareCond(fmt, lo, hi, 0, 0, fpcr, 2)); return true; // FCMGT #0
    case 0b0101101: mask(fmt, fpCompareCond(fmt, lo, hi, 0, 0, fpcr, 0)); return true; // FCMEQ #0
    case 0b0101110: mask(fmt, fpCompareCond(fmt, 0, 0, lo, hi, fpcr, 2)); return true; // FCMLT #0
    case 0b1101100: mask(fmt, fpCompareCond(fmt, lo, hi, 0, 0, fpcr, 1)); return true; // FCMGE #0
    case 0b1101101: mask(fmt, fpCompareCond(fmt, 0, 0, lo, hi, fpcr, 1)); return true; // FCMLE #0
    case 0b0101111: if (scalar) return false; fpRes[0] = fmt === D ? lo : lo & ~sgn; fpRes[1] = fmt === D ? hi & ~sgn : 0; return true; // FABS
    case 0b1101111: if (scalar) return false; fpRes[0] = fmt === D ? lo : lo ^ sgn; fpRes[1] = fmt === D ? hi ^ sgn : 0; return true; // FNEG
    case 0b1111111: if (scalar) return false; fpSqrt(fmt, lo, hi, fpcr); return true;
    case 0b0111101: fpRecipEstimate(fmt, lo, hi, fpcr); return true;
    case 0b1111101: fpRSqrtEstimate(fmt, lo, hi, fpcr); return true;
    case 0b0111111: if (!scalar) return false; fpRecpX(fmt, lo, hi, fpcr); return true;
    case 0b0111100: // URECPE
      if (fmt !== S || scalar) return false;
      fpRes[0] = (lo >>> 31) === 0 ? -1 : recipEstimate((lo >>> 23) & 511) << 23; fpRes[1] = 0; return true;
    case 0b1111100: // URSQRTE
      if (fmt !== S || scalar) return false;
      fpRes[0] = (lo >>> 30) === 0 ? -1 : recipSqrtEstimate((lo >>> 23) & 511) << 23; fpRes[1] = 0; return true;
    default: return false;
  }
}

function mask(fmt: number, t: boolean): void { fpRes[0] = t ? -1 : 0; fpRes[1] = t && fmt === D ? -1 : 0; }

/** Narrowing FP conversions: FCVTN (f32->f16, f64->f32), FCVTXN (f64->f32, round to odd); FCVTL widening. */
function fcvtNarrowWiden(s: FpSimdState, w: number, scalar: boolean): boolean {
  const q = (w >>> 30) & 1, u = (w >>> 29) & 1, sz = (w >>> 22) & 1, opcode = (w >>> 12) & 31;
  const n = (w >>> 5) & 31, d = w & 31, fpcr = s.fpcr;
  if (opcode === 0b10111) { // FCVTL: half of Vn widened
    if (u || scalar) return false;
    const from = sz ? S : H, to = sz ? D : S;
    const lanes = sz ? 2 : 4;
    for (let e = 0; e < lanes; e++) {
      const idx = q * lanes + e;
      const lo = sz ? s.v[n * 4 + idx] : s.vh[n * 8 + idx];
      fpConvert(from, to, lo, 0, fpcr, (fpcr >>> 22) & 3);
      FL[2 * e] = fpRes[0]; FL[2 * e + 1] = fpRes[1];
    }
    for (let e = 0; e < lanes; e++) {
      if (sz) { s.v[d * 4 + 2 * e] = FL[2 * e]; s.v[d * 4 + 2 * e + 1] = FL[2 * e + 1]; }
      else s.v[d * 4 + e] = FL[2 * e];
    }
    return true;
  }
  // FCVTN / FCVTXN
  const xn = u === 1;
  if (xn && sz === 0) return false;
  const from = sz ? D : S, to = sz ? S : H;
  const lanes = scalar ? 1 : sz ? 2 : 4;
  if (scalar && !xn) return false;
  for (let e = 0; e < lanes; e++) {
    const lo = sz ? s.v[n * 4 + 2 * e] : s.v[n * 4 + e], hi = sz ? s.v[n * 4 + 2 * e + 1] : 0;
    fpConvert(from, to, lo, hi, fpcr, xn ? RO : (fpcr >>> 22) & 3);
    FL[e] = fpRes[0];
  }
  if (scalar) { s.v[d * 4] = FL[0]; s.v[d * 4 + 1] = 0; s.v[d * 4 + 2] = 0; s.v[d * 4 + 3] = 0; return true; }
  for (let e = 0; e < lanes; e++) {
    const idx = q * lanes + e;
    if (sz) s.v[d * 4 + idx] = FL[e]; else s.vh[d * 8 + idx] = FL[e];
  }
  if (!q) clearHigh(s, d);
  return true;
}

/** Count of leading sign bits (CLS) of an esize-bit value. */
function cls(v: number, esize: number): number {
  const x = (v << (32 - esize)) >> (32 - esize);
  const y = x < 0 ? ~x : x;
  return Math.clz32(y) - (32 - esize) - 1;
}
function clz(v: number, esize: number): number { return Math.clz32(v & (esize === 32 ? -1 : (1 << esize) - 1)) - (32 - esize); }
function popcnt8(v: number): number { v = v - ((v >>> 1) & 0x55); v = (v & 0x33) + ((v >>> 2) & 0x33); return (v + (v >>> 4)) & 15; }
function rbit8(v: number): number { let r = 0; for (let i = 0; i < 8; i++) if (v & (1 << i)) r |= 0x80 >> i; return r; }

export function twoMisc(s: FpSimdState, w: number, scalar: boolean): boolean {
  const q = (w >>> 30) & 1, u = (w >>> 29) & 1, size = (w >>> 22) & 3, opcode = (w >>> 12) & 31;
  const n = (w >>> 5) & 31, d = w & 31;
  if (opcode === 0b10110 || opcode === 0b10111) return fcvtNarrowWiden(s, w, scalar);
  if (opcode >= 0b11000 || (opcode >= 0b01100 && opcode <= 0b01111)) {
    if (opcode < 0b11000 && (size & 2) === 0) return false;
    // floating point
    const fmt = (size & 1) ? D : S;
    const op = (u << 6) | ((size >> 1) << 5) | opcode;
    if (!scalar && fmt === D && !q) return false;
    const lanes = scalar ? 1 : fmt === D ? 2 : q ? 4 : 2;
    for (let e = 0; e < lanes; e++) {
      if (!fp2(op, fmt, laneLo(s, n, e, fmt), laneHi(s, n, e, fmt), s.fpcr, scalar)) return false;
      FL[2 * e] = fpRes[0]; FL[2 * e + 1] = fpRes[1];
    }
    for (let e = 0; e < lanes; e++) {
      if (fmt === D) { s.v[d * 4 + 2 * e] = FL[2 * e]; s.v[d * 4 + 2 * e + 1] = FL[2 * e + 1]; }
      else s.v[d * 4 + e] = FL[2 * e];
    }
    if (scalar) clearAbove(s, d, fmt === D ? 64 : 32);
    else if (!q) clearHigh(s, d);
    return true;
  }
  const esize = 8 << size;
  const op = (u << 5) | opcode;
  if (scalar) {
    const ok = ((op === 0x03 || op === 0x07 || op === 0x23 || op === 0x27)) ||
      ((op === 0x08 || op === 0x09 || op === 0x0a || op === 0x0b || op === 0x28 || op === 0x29 || op === 0x2b) && size === 3) ||
      ((op === 0x14 || op === 0x32 || op === 0x34) && size !== 3);
    if (!ok) return false;
  }
  const lanesFull = (q ? 128 : 64) / esize;
  const v = s.v;
  switch (op) {
    case 0x00: case 0x01: case 0x20: { // REV64, REV16, REV32: reverse elements within containers
      const container = op === 0x00 ? 64 : op === 0x01 ? 16 : 32;
      if (esize >= container) return false;
      const per = container / esize;
      for (let e = 0; e < lanesFull; e++) RES[e] = BigInt(get(s, n, e, esize, false));
      for (let e = 0; e < lanesFull; e++) {
        const base = e - (e % per);
        put(s, d, e, esize, Number(RES[base + per - 1 - (e % per)]));
      }
      if (!q) clearHigh(s, d);
      return true;
    }
    case 0x05: if (size !== 0) return false; // CNT
      for (let i = 0; i < lanesFull; i++) RES[i] = BigInt(popcnt8(s.vb[n * 16 + i]));
      for (let i = 0; i < lanesFull; i++) s.vb[d * 16 + i] = Number(RES[i]);
      if (!q) clearHigh(s, d);
      return true;
    case 0x25: { // NOT (size 0), RBIT (size 1)
      if (size > 1) return false;
      const nb = q ? 16 : 8;
      for (let i = 0; i < nb; i++) RES[i] = BigInt(size === 0 ? ~s.vb[n * 16 + i] & 0xff : rbit8(s.vb[n * 16 + i]));
      for (let i = 0; i < nb; i++) s.vb[d * 16 + i] = Number(RES[i]);
      if (!q) clearHigh(s, d);
      return true;
    }
    case 0x04: case 0x24: { // CLS, CLZ
      if (size === 3) return false;
      for (let e = 0; e < lanesFull; e++) { const a = get(s, n, e, esize, false); RES[e] = BigInt(op === 0x04 ? cls(a, esize) : clz(a, esize)); }
      for (let e = 0; e < lanesFull; e++) put(s, d, e, esize, Number(RES[e]));
      if (!q) clearHigh(s, d);
      return true;
    }
    case 0x02: case 0x22: case 0x06: case 0x26: { // SADDLP UADDLP SADALP UADALP
      if (size === 3) return false;
      const signed = u === 0, acc = opcode === 6, outLanes = lanesFull / 2;
      for (let e = 0; e < outLanes; e++) {
        const r = getAny(s, n, 2 * e, esize, signed) + getAny(s, n, 2 * e + 1, esize, signed);
        RES[e] = acc ? r + getAny(s, d, e, 2 * esize, false) : r;
      }
      for (let e = 0; e < outLanes; e++) putAny(s, d, e, 2 * esize, RES[e]);
      if (!q) clearHigh(s, d);
      return true;
    }
    case 0x12: case 0x14: case 0x32: case 0x34: { // XTN SQXTN SQXTUN UQXTN (2)
      if (size === 3) return false;
      const lanes = scalar ? 1 : 64 / esize;
      for (let e = 0; e < lanes; e++) {
        const a = getAny(s, n, e, 2 * esize, op === 0x14 || op === 0x32);
        RES[e] = op === 0x12 ? a : satBig(a, esize, op !== 0x14);
      }
      if (scalar) { for (let k = 0; k < 4; k++) v[d * 4 + k] = 0; putAny(s, d, 0, esize, RES[0]); return true; }
      for (let e = 0; e < lanes; e++) putAny(s, d, q * lanes + e, esize, RES[e]);
      if (!q) clearHigh(s, d);
      return true;
    }
    case 0x33: { // SHLL(2): widen and shift by esize
      if (size === 3) return false;
      const lanes = 64 / esize;
      for (let e = 0; e < lanes; e++) RES[e] = getAny(s, n, q * lanes + e, esize, false) << BigInt(esize);
      for (let e = 0; e < lanes; e++) putAny(s, d, e, 2 * esize, RES[e]);
      return true;
    }
    default: break;
  }
  // element-wise integer ops
  if (!scalar && size === 3 && !q) return false;
  const lanes = scalar ? 1 : lanesFull;
  for (let e = 0; e < lanes; e++) {
    const a = getAny(s, n, e, esize, true);
    let r: bigint;
    switch (op) {
      case 0x03: r = satBig(BigInt.asUintN(esize, a) + getAny(s, d, e, esize, true), esize, false); break; // SUQADD: unsigned n + signed d
      case 0x23: r = satBig(getAny(s, d, e, esize, false) + a, esize, true); break; // USQADD: signed n + unsigned d
      case 0x07: r = satBig(a < 0n ? -a : a, esize, false); break; // SQABS
      case 0x27: r = satBig(-a, esize, false); break; // SQNEG
      case 0x08: r = a > 0n ? -1n : 0n; break; // CMGT #0
      case 0x09: r = a === 0n ? -1n : 0n; break; // CMEQ #0
      case 0x0a: r = a < 0n ? -1n : 0n; break; // CMLT #0
      case 0x0b: r = a < 0n ? -a : a; break; // ABS
      case 0x28: r = a >= 0n ? -1n : 0n; break; // CMGE #0
      case 0x29: r = a <= 0n ? -1n : 0n; break; // CMLE #0
      case 0x2b: r = -a; break; // NEG
      default: return false;
    }
    RES[e] = r;
  }
  for (let e = 0; e < lanes; e++) putAny(s, d, e, esize, RES[e]);
  if (scalar) clearAbove(s, d, esize);
  else if (!q) clearHigh(s, d);
  return true;
}

