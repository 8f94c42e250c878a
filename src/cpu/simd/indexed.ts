/**
 * AdvSIMD vector x indexed element (vector and scalar): MUL MLA MLS, SMULL UMULL SMLAL UMLAL SMLSL
 * UMLSL, SQDMULL SQDMLAL SQDMLSL SQDMULH SQRDMULH, FMUL FMULX FMLA FMLS by element.
 */
import * as fp from '../fp/index.ts';
import { fpRes, S, D } from '../fp/state.ts';
import type { FpSimdState } from './state.ts';
import { getAny, putAny, clearHigh, clearAbove, satBig } from './lanes.ts';

const { fpMul, fpMulAdd, fpMulSlow } = fp;
const RES: bigint[] = new Array(16).fill(0n);
const FL = new Int32Array(8);

export function indexed(s: FpSimdState, w: number, scalar: boolean): boolean {
  const q = (w >>> 30) & 1, u = (w >>> 29) & 1, size = (w >>> 22) & 3, opcode = (w >>> 12) & 15;
  const L = (w >>> 21) & 1, M = (w >>> 20) & 1, H = (w >>> 11) & 1;
  const rmLo = (w >>> 16) & 15, n = (w >>> 5) & 31, d = w & 31;
  const isFp = !u ? opcode === 1 || opcode === 5 || opcode === 9 : opcode === 9;
  if (isFp) {
    if (size < 2) return false; // half precision needs FEAT_FP16
    const fmt = size === 3 ? D : S;
    if (fmt === D && (L || (!scalar && !q))) return false;
    const index = fmt === D ? H : (H << 1) | L;
    const m = (M << 4) | rmLo;
    const v = s.v;
    const blo = fmt === D ? v[m * 4 + 2 * index] : v[m * 4 + index], bhi = fmt === D ? v[m * 4 + 2 * index + 1] : 0;
    const lanes = scalar ? 1 : fmt === D ? 2 : q ? 4 : 2;
    const sgn = 0x80000000 | 0;
    for (let e = 0; e < lanes; e++) {
      let alo = fmt === D ? v[n * 4 + 2 * e] : v[n * 4 + e], ahi = fmt === D ? v[n * 4 + 2 * e + 1] : 0;
      const dlo = fmt === D ? v[d * 4 + 2 * e] : v[d * 4 + e], dhi = fmt === D ? v[d * 4 + 2 * e + 1] : 0;
      if (opcode === 9) {
        if (u) fpMulSlow(fmt, alo, ahi, blo, bhi, s.fpcr, true); else fpMul(fmt, alo, ahi, blo, bhi, s.fpcr);
      } else {
        if (opcode === 5) { if (fmt === D) ahi ^= sgn; else alo ^= sgn; }
        fpMulAdd(fmt, dlo, dhi, alo, ahi, blo, bhi, s.fpcr);
      }
      FL[2 * e] = fpRes[0]; FL[2 * e + 1] = fpRes[1];
    }
    for (let e = 0; e < lanes; e++) {
      if (fmt === D) { v[d * 4 + 2 * e] = FL[2 * e]; v[d * 4 + 2 * e + 1] = FL[2 * e + 1]; } else v[d * 4 + e] = FL[2 * e];
    }
    if (scalar) clearAbove(s, d, fmt === D ? 64 : 32);
    else if (!q) clearHigh(s, d);
    return true;
  }
  // integer
  if (size !== 1 && size !== 2) return false;
  const esize = 8 << size;
  const index = size === 1 ? (H << 2) | (L << 1) | M : (H << 1) | L;
  const m = size === 1 ? rmLo : (M << 4) | rmLo;
  const op = (u << 4) | opcode;
  const long = opcode === 2 || opcode === 3 || opcode === 6 || opcode === 7 || opcode === 10 || opcode === 11;
  const satOp = !u && (opcode === 3 || opcode === 7 || opcode === 11 || opcode === 12 || opcode === 13);
  if (scalar) { if (!satOp) return false; }
  else if (!((u && (opcode === 0 || opcode === 4 || opcode === 2 || opcode === 6 || opcode === 10)) ||
    (!u && (opcode === 8 || opcode === 2 || opcode === 6 || opcode === 10 || satOp)))) return false;
  const signed = !u;
  const b = getAny(s, m, index, esize, signed);
  if (long) {
    const lanes = scalar ? 1 : 64 / esize, part = scalar ? 0 : q * lanes, wide = 2 * esize;
    for (let e = 0; e < lanes; e++) {
      const a = getAny(s, n, part + e, esize, signed), acc = getAny(s, d, e, wide, signed);
      let r: bigint;
      switch (opcode) {
        case 2: r = acc + a * b; break;
        case 6: r = acc - a * b; break;
        case 10: r = a * b; break;
        case 3: r = satBig(acc + satBig(2n * a * b, wide, false), wide, false); break;
        case 7: r = satBig(acc - satBig(2n * a * b, wide, false), wide, false); break;
        default: r = satBig(2n * a * b, wide, false); break; // 11 SQDMULL
      }
      RES[e] = r;
    }
    for (let e = 0; e < lanes; e++) putAny(s, d, e, wide, RES[e]);
    if (scalar) clearAbove(s, d, wide);
    return true;
  }
  const lanes = scalar ? 1 : (q ? 128 : 64) / esize;
  const eb = BigInt(esize);
  for (let e = 0; e < lanes; e++) {
    const a = getAny(s, n, e, esize, signed), acc = getAny(s, d, e, esize, signed);
    let r: bigint;
    switch (op) {
      case 0x08: r = a * b; break; // MUL
      case 0x10: r = acc + a * b; break; // MLA
      case 0x14: r = acc - a * b; break; // MLS
      case 0x0c: r = satBig((2n * a * b) >> eb, esize, false); break; // SQDMULH
      default: r = satBig((2n * a * b + (1n << (eb - 1n))) >> eb, esize, false); break; // SQRDMULH
    }
    RES[e] = r;
  }
  for (let e = 0; e < lanes; e++) putAny(s, d, e, esize, RES[e]);
  if (scalar) clearAbove(s, d, esize);
  else if (!q) clearHigh(s, d);
  return true;
}
