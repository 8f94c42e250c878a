/**
 * AdvSIMD modified immediate (MOVI MVNI ORR BIC FMOV vector) and shift by immediate (vector and
 * scalar): SSHR USHR SSRA USRA SRSHR URSHR SRSRA URSRA SRI SHL SLI SQSHL UQSHL SQSHLU, the narrowing
 * shifts (SHRN RSHRN SQSHRN UQSHRN SQRSHRN UQRSHRN SQSHRUN SQRSHRUN), SSHLL USHLL, and the fixed-point
 * conversions SCVTF UCVTF FCVTZS FCVTZU with #fbits.
 */
import * as fp from '../fp/index.ts';
import { fpRes, RZ, S, D } from '../fp/state.ts';
import type { FpSimdState } from './state.ts';
import { get, put, getAny, putAny, clearHigh, clearAbove, sat, satBig, R } from './lanes.ts';
import { vfpExpandImm } from './fp-scalar.ts';

const { fpToFixed, fixedToFp } = fp;
const RES: bigint[] = new Array(16).fill(0n);
const FL = new Int32Array(8);

/** AdvSIMDExpandImm(op, cmode, imm8) as (lo, hi) into out; false when reserved. */
function expandImm(op: number, cmode: number, imm8: number, out: Int32Array): boolean {
  let lo: number;
  switch (cmode >> 1) {
    case 0: case 1: case 2: case 3: lo = imm8 << (8 * (cmode >> 1)); out[0] = lo; out[1] = lo; return true;
    case 4: case 5: { const h = imm8 << (8 * ((cmode >> 1) & 1)); lo = h | (h << 16); out[0] = lo; out[1] = lo; return true; }
    case 6: lo = (cmode & 1) === 0 ? (imm8 << 8) | 0xff : (imm8 << 16) | 0xffff; out[0] = lo; out[1] = lo; return true;
    default:
      if ((cmode & 1) === 0 && op === 0) { lo = imm8 * 0x01010101; out[0] = lo; out[1] = lo; return true; }
      if ((cmode & 1) === 0 && op === 1) {
        let l = 0, h = 0;
        for (let i = 0; i < 4; i++) { if (imm8 & (1 << i)) l |= 0xff << (8 * i); if (imm8 & (1 << (i + 4))) h |= 0xff << (8 * i); }
        out[0] = l; out[1] = h; return true;
      }
      if ((cmode & 1) === 1 && op === 0) { vfpExpandImm(imm8, S); out[0] = fpRes[0]; out[1] = fpRes[0]; return true; }
      vfpExpandImm(imm8, D); out[0] = fpRes[0]; out[1] = fpRes[1]; return true;
  }
}

const IMM = new Int32Array(2);

export function modImm(s: FpSimdState, w: number): boolean {
  const q = (w >>> 30) & 1, op = (w >>> 29) & 1, cmode = (w >>> 12) & 15, o2 = (w >>> 11) & 1, d = w & 31;
  const imm8 = (((w >>> 16) & 7) << 5) | ((w >>> 5) & 31);
  if (o2) return false;
  if (cmode === 15 && op === 1 && !q) return false;
  if (!expandImm(op, cmode, imm8, IMM)) return false;
  const v = s.v, o = d * 4;
  let lo = IMM[0], hi = IMM[1];
  const orrBic = (cmode & 1) === 1 && cmode < 12;
  if (orrBic) {
    // ORR (op 0) / BIC (op 1) with the 32- or 16-bit shifted immediate
    for (let k = 0; k < (q ? 4 : 2); k++) v[o + k] = op ? v[o + k] & ~(k & 1 ? hi : lo) : v[o + k] | (k & 1 ? hi : lo);
  } else {
    if (op === 1 && cmode !== 14 && cmode !== 15) { lo = ~lo; hi = ~hi; } // MVNI
    v[o] = lo; v[o + 1] = hi;
    if (q) { v[o + 2] = lo; v[o + 3] = hi; }
  }
  if (!q) clearHigh(s, d);
  return true;
}

export function shiftImm(s: FpSimdState, w: number, scalar: boolean): boolean {
  const q = (w >>> 30) & 1, u = (w >>> 29) & 1, immh = (w >>> 19) & 15, immb = (w >>> 16) & 7, opcode = (w >>> 11) & 31;
  const n = (w >>> 5) & 31, d = w & 31;
  if (immh === 0) return false;
  const hsb = 31 - Math.clz32(immh);
  const esize = 8 << hsb;
  const immhb = (immh << 3) | immb;
  const narrow = opcode >= 0b10000 && opcode <= 0b10011;
  const long = opcode === 0b10100;
  if ((narrow || long) && hsb === 3) return false;
  const rshift = (narrow ? 2 * esize : 2 * esize) - immhb; // right shift amount (in the source element size for narrowing)
  const lshift = immhb - esize;
  if (opcode === 0b11100 || opcode === 0b11111) { // fixed-point conversions
    if (hsb < 2) return false; // half precision needs FEAT_FP16
    const fmt = hsb === 3 ? D : S;
    if (!scalar && fmt === D && !q) return false;
    const fbits = 2 * esize - immhb;
    const lanes = scalar ? 1 : fmt === D ? 2 : q ? 4 : 2;
    const v = s.v, size = fmt === D ? 64 : 32;
    for (let e = 0; e < lanes; e++) {
      const lo = fmt === D ? v[n * 4 + 2 * e] : v[n * 4 + e], hi = fmt === D ? v[n * 4 + 2 * e + 1] : 0;
      if (opcode === 0b11100) fixedToFp(fmt, lo, hi, size, u === 1, fbits, s.fpcr, (s.fpcr >>> 22) & 3);
      else fpToFixed(fmt, lo, hi, fbits, u === 1, size, s.fpcr, RZ);
      FL[2 * e] = fpRes[0]; FL[2 * e + 1] = fpRes[1];
    }
    for (let e = 0; e < lanes; e++) {
      if (fmt === D) { v[d * 4 + 2 * e] = FL[2 * e]; v[d * 4 + 2 * e + 1] = FL[2 * e + 1]; } else v[d * 4 + e] = FL[2 * e];
    }
    if (scalar) clearAbove(s, d, size);
    else if (!q) clearHigh(s, d);
    return true;
  }
  const op = (u << 5) | opcode;
  if (scalar) {
    const only64 = [0x00, 0x20, 0x02, 0x22, 0x04, 0x24, 0x06, 0x26, 0x28, 0x0a, 0x2a].includes(op);
    const any = op === 0x0e || op === 0x2e || op === 0x2c;
    const nar = [0x12, 0x32, 0x13, 0x33, 0x30, 0x31].includes(op);
    if (only64 ? hsb !== 3 : !(any || nar)) return false;
  } else {
    if (!long && !narrow && hsb === 3 && !q) return false;
    if (![0x00, 0x20, 0x02, 0x22, 0x04, 0x24, 0x06, 0x26, 0x28, 0x0a, 0x2a, 0x0e, 0x2e, 0x2c,
      0x10, 0x11, 0x12, 0x13, 0x30, 0x31, 0x32, 0x33, 0x14, 0x34].includes(op)) return false;
  }
  const signed = u === 0;
  if (narrow) {
    const lanes = scalar ? 1 : 64 / esize, wide = 2 * esize;
    const sh = BigInt(rshift);
    const round = (opcode & 1) === 1;
    for (let e = 0; e < lanes; e++) {
      // SHRN/RSHRN: any sign (truncated); SQSHRN: signed->signed; UQSHRN: unsigned->unsigned; SQSHRUN: signed->unsigned
      const srcSigned = op === 0x12 || op === 0x13 || op === 0x30 || op === 0x31;
      let a = getAny(s, n, e, wide, srcSigned);
      if (round) a += 1n << (sh - 1n);
      a >>= sh;
      RES[e] = op === 0x10 || op === 0x11 ? a : satBig(a, esize, !(op === 0x12 || op === 0x13));
    }
    if (scalar) { s.v[d * 4] = 0; s.v[d * 4 + 1] = 0; s.v[d * 4 + 2] = 0; s.v[d * 4 + 3] = 0; putAny(s, d, 0, esize, RES[0]); return true; }
    for (let e = 0; e < lanes; e++) putAny(s, d, q * lanes + e, esize, RES[e]);
    if (!q) clearHigh(s, d);
    return true;
  }
  if (long && esize <= 16) { // SSHLL / USHLL (2), results of at most 32 bits: exact on numbers
    const lanes = 64 / esize, f = 2 ** lshift;
    for (let e = 0; e < lanes; e++) R[e] = get(s, n, q * lanes + e, esize, signed) * f;
    for (let e = 0; e < lanes; e++) put(s, d, e, 2 * esize, R[e]);
    return true;
  }
  if (long) { // SSHLL / USHLL (2)
    const lanes = 64 / esize;
    for (let e = 0; e < lanes; e++) RES[e] = getAny(s, n, q * lanes + e, esize, signed) << BigInt(lshift);
    for (let e = 0; e < lanes; e++) putAny(s, d, e, 2 * esize, RES[e]);
    return true;
  }
  const lanes = scalar ? 1 : (q ? 128 : 64) / esize;
  if (esize <= 32) { // exact on numbers
    const srcS = op === 0x2c || signed, pr = 2 ** rshift, half = rshift > 0 ? 2 ** (rshift - 1) : 0, pl = 2 ** lshift;
    const emask = esize === 32 ? -1 : (1 << esize) - 1;
    for (let e = 0; e < lanes; e++) {
      const a = get(s, n, e, esize, srcS), acc = get(s, d, e, esize, false);
      let r: number;
      switch (op & 31) {
        case 0x00: r = Math.floor(a / pr); break;
        case 0x02: r = acc + Math.floor(a / pr); break;
        case 0x04: r = Math.floor((a + half) / pr); break;
        case 0x06: r = acc + Math.floor((a + half) / pr); break;
        case 0x08: { const mask = rshift >= esize ? 0 : (emask >>> rshift); r = (acc & ~mask) | (((a & emask) >>> rshift) & mask); break; }
        case 0x0a: { if (!u) { r = a * pl; break; } const mask = (emask << lshift) & emask; r = (acc & ~mask) | ((a << lshift) & mask); break; }
        case 0x0c: r = sat(a * pl, esize, true); break;
        default: r = sat(a * pl, esize, !signed); break;
      }
      R[e] = r;
    }
    for (let e = 0; e < lanes; e++) put(s, d, e, esize, R[e]);
    if (scalar) clearAbove(s, d, esize);
    else if (!q) clearHigh(s, d);
    return true;
  }
  const eb = BigInt(esize), rs = BigInt(rshift), ls = BigInt(lshift);
  const emask = (1n << eb) - 1n;
  const srcSigned = op === 0x2c || signed; // SQSHLU shifts a signed value
  for (let e = 0; e < lanes; e++) {
    const a = getAny(s, n, e, esize, srcSigned);
    const acc = getAny(s, d, e, esize, false);
    let r: bigint;
    switch (op & 31) {
      case 0x00: r = a >> rs; break; // SSHR USHR
      case 0x02: r = acc + (a >> rs); break; // SSRA USRA
      case 0x04: r = (a + (1n << (rs - 1n))) >> rs; break; // SRSHR URSHR
      case 0x06: r = acc + ((a + (1n << (rs - 1n))) >> rs); break; // SRSRA URSRA
      case 0x08: { // SRI
        const mask = rs >= eb ? 0n : emask >> rs;
        r = (acc & ~mask) | ((BigInt.asUintN(esize, a) >> rs) & mask); break;
      }
      case 0x0a: { // SHL / SLI
        if (!u) { r = a << ls; break; }
        const mask = (emask << ls) & emask;
        r = (acc & ~mask) | ((a << ls) & mask); break;
      }
      case 0x0c: r = satBig(a << ls, esize, true); break; // SQSHLU (signed source)
      default: r = satBig(a << ls, esize, !signed); break; // SQSHL UQSHL
    }
    RES[e] = r;
  }
  for (let e = 0; e < lanes; e++) putAny(s, d, e, esize, RES[e]);
  if (scalar) clearAbove(s, d, esize);
  else if (!q) clearHigh(s, d);
  return true;
}
