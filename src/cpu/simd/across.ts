/**
 * AdvSIMD across lanes (ADDV SADDLV UADDLV SMAXV UMAXV SMINV UMINV FMAXV FMINV FMAXNMV FMINNMV) and
 * scalar pairwise (ADDP FADDP FMAXP FMINP FMAXNMP FMINNMP on a two-element vector).
 */
import * as fp from '../fp/index.ts';
import { fpRes, S, D } from '../fp/state.ts';
import type { FpSimdState } from './state.ts';
import { getAny, putAny, clearAbove } from './lanes.ts';

const { fpAdd, fpMaxMin, fpMaxMinNum } = fp;

/** One FP reduction step of op (0 FMAXNM, 1 FMINNM, 2 FMAX, 3 FMIN, 4 FADD) on two lanes; result in fpRes. */
function fpStep(op: number, fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void {
  switch (op) {
    case 0: fpMaxMinNum(fmt, alo, ahi, blo, bhi, fpcr, true); break;
    case 1: fpMaxMinNum(fmt, alo, ahi, blo, bhi, fpcr, false); break;
    case 2: fpMaxMin(fmt, alo, ahi, blo, bhi, fpcr, true); break;
    case 3: fpMaxMin(fmt, alo, ahi, blo, bhi, fpcr, false); break;
    default: fpAdd(fmt, alo, ahi, blo, bhi, fpcr); break;
  }
}

export function acrossLanes(s: FpSimdState, w: number): boolean {
  const q = (w >>> 30) & 1, u = (w >>> 29) & 1, size = (w >>> 22) & 3, opcode = (w >>> 12) & 31;
  const n = (w >>> 5) & 31, d = w & 31;
  if (opcode === 0b01100 || opcode === 0b01111) { // FP, 4S only
    if (!u || !q || (size & 1) !== 0) return false;
    const op = (opcode === 0b01100 ? 0 : 2) + (size >> 1);
    const v = s.v, o = n * 4, fpcr = s.fpcr;
    // Reduce: op(op(e0, e1), op(e2, e3))
    fpStep(op, S, v[o], 0, v[o + 1], 0, fpcr);
    const x = fpRes[0];
    fpStep(op, S, v[o + 2], 0, v[o + 3], 0, fpcr);
    fpStep(op, S, x, 0, fpRes[0], 0, fpcr);
    v[d * 4] = fpRes[0]; v[d * 4 + 1] = 0; v[d * 4 + 2] = 0; v[d * 4 + 3] = 0;
    return true;
  }
  if (size === 3 || (size === 2 && !q)) return false;
  const esize = 8 << size, lanes = (q ? 128 : 64) / esize;
  let r: bigint;
  let outSize = esize;
  if (opcode === 0b00011) { // SADDLV / UADDLV
    r = 0n;
    for (let e = 0; e < lanes; e++) r += getAny(s, n, e, esize, u === 0);
    outSize = 2 * esize;
  } else if (opcode === 0b01010 || opcode === 0b11010) { // MAXV / MINV
    const max = opcode === 0b01010;
    r = getAny(s, n, 0, esize, u === 0);
    for (let e = 1; e < lanes; e++) {
      const a = getAny(s, n, e, esize, u === 0);
      if (max ? a > r : a < r) r = a;
    }
  } else if (opcode === 0b11011 && !u) { // ADDV
    r = 0n;
    for (let e = 0; e < lanes; e++) r += getAny(s, n, e, esize, false);
  } else return false;
  const v = s.v;
  v[d * 4] = 0; v[d * 4 + 1] = 0; v[d * 4 + 2] = 0; v[d * 4 + 3] = 0;
  putAny(s, d, 0, outSize, r);
  return true;
}

export function scalarPairwise(s: FpSimdState, w: number): boolean {
  const u = (w >>> 29) & 1, size = (w >>> 22) & 3, opcode = (w >>> 12) & 31;
  const n = (w >>> 5) & 31, d = w & 31;
  const v = s.v;
  if (!u) {
    if (opcode !== 0b11011 || size !== 3) return false; // ADDP (scalar)
    putAny(s, d, 0, 64, getAny(s, n, 0, 64, false) + getAny(s, n, 1, 64, false));
    v[d * 4 + 2] = 0; v[d * 4 + 3] = 0;
    return true;
  }
  let op: number;
  if (opcode === 0b01100) op = size >> 1; // FMAXNMP / FMINNMP
  else if (opcode === 0b01101 && (size >> 1) === 0) op = 4; // FADDP
  else if (opcode === 0b01111) op = 2 + (size >> 1); // FMAXP / FMINP
  else return false;
  const fmt = (size & 1) ? D : S;
  if (fmt === D) fpStep(op, D, v[n * 4], v[n * 4 + 1], v[n * 4 + 2], v[n * 4 + 3], s.fpcr);
  else fpStep(op, S, v[n * 4], 0, v[n * 4 + 1], 0, s.fpcr);
  v[d * 4] = fpRes[0]; v[d * 4 + 1] = fpRes[1];
  clearAbove(s, d, fmt === D ? 64 : 32);
  return true;
}
