/**
 * AdvSIMD copy: DUP (element, general), INS (element, general), SMOV, UMOV, and the scalar DUP
 * (element), alias MOV. The element size is the lowest set bit of imm5.
 */
import type { FpSimdState } from './state.ts';
import { get, put, getAny, putAny, clearHigh } from './lanes.ts';

const xoff = (r: number): number => (r === 31 ? 62 : r * 2);
const xdst = (r: number): number => (r === 31 ? 64 : r * 2);

/** log2 of the element size in bytes from imm5, or -1 when reserved. */
function sizeOf(imm5: number): number {
  if (imm5 & 1) return 0;
  if (imm5 & 2) return 1;
  if (imm5 & 4) return 2;
  if (imm5 & 8) return 3;
  return -1;
}

export function copy(s: FpSimdState, w: number): boolean {
  const q = (w >>> 30) & 1, op = (w >>> 29) & 1, imm5 = (w >>> 16) & 31, imm4 = (w >>> 11) & 15;
  const n = (w >>> 5) & 31, d = w & 31;
  const sz = sizeOf(imm5);
  if (sz < 0) return false;
  const esize = 8 << sz;
  const index = imm5 >>> (sz + 1);
  const x = s.x;
  if (op === 1) { // INS (element)
    if (!q) return false;
    const src = imm4 >>> sz;
    putAny(s, d, index, esize, getAny(s, n, src, esize, false));
    return true;
  }
  switch (imm4) {
    case 0: { // DUP (element)
      if (sz === 3 && !q) return false;
      const e = getAny(s, n, index, esize, false);
      const lanes = (q ? 128 : 64) / esize;
      for (let i = 0; i < lanes; i++) putAny(s, d, i, esize, e);
      if (!q) clearHigh(s, d);
      return true;
    }
    case 1: { // DUP (general)
      if (sz === 3 && !q) return false;
      const r = xoff(n);
      const lanes = (q ? 128 : 64) / esize;
      if (sz === 3) {
        for (let i = 0; i < lanes; i++) { s.v[d * 4 + 2 * i] = x[r]; s.v[d * 4 + 2 * i + 1] = x[r + 1]; }
      } else {
        const val = x[r];
        for (let i = 0; i < lanes; i++) put(s, d, i, esize, val);
      }
      if (!q) clearHigh(s, d);
      return true;
    }
    case 3: { // INS (general)
      if (!q) return false;
      const r = xoff(n);
      if (sz === 3) { s.v[d * 4 + 2 * index] = x[r]; s.v[d * 4 + 2 * index + 1] = x[r + 1]; }
      else put(s, d, index, esize, x[r]);
      return true;
    }
    case 5: { // SMOV
      if (sz === 3 || (sz === 2 && !q)) return false;
      const val = get(s, n, index, esize, true), t = xdst(d);
      x[t] = val; x[t + 1] = q ? val >> 31 : 0;
      return true;
    }
    case 7: { // UMOV
      if ((sz === 3) !== (q === 1)) return false;
      const t = xdst(d);
      if (sz === 3) { x[t] = s.v[n * 4 + 2 * index]; x[t + 1] = s.v[n * 4 + 2 * index + 1]; }
      else { x[t] = get(s, n, index, esize, false); x[t + 1] = 0; }
      return true;
    }
    default: return false;
  }
}

/** Scalar DUP (element), alias MOV Vd, Vn.T[index]. */
export function scalarCopy(s: FpSimdState, w: number): boolean {
  const op = (w >>> 29) & 1, imm5 = (w >>> 16) & 31, imm4 = (w >>> 11) & 15;
  const n = (w >>> 5) & 31, d = w & 31;
  const sz = sizeOf(imm5);
  if (op !== 0 || imm4 !== 0 || sz < 0) return false;
  const esize = 8 << sz;
  const e = getAny(s, n, imm5 >>> (sz + 1), esize, false);
  s.v[d * 4] = 0; s.v[d * 4 + 1] = 0; s.v[d * 4 + 2] = 0; s.v[d * 4 + 3] = 0;
  putAny(s, d, 0, esize, e);
  return true;
}
