/**
 * AdvSIMD permutes: TBL/TBX (table lookup over 1-4 consecutive registers), ZIP1/2, UZP1/2, TRN1/2 and
 * EXT.
 */
import type { FpSimdState } from './state.ts';
import { getAny, putAny, clearHigh } from './lanes.ts';

const BYTES = new Uint8Array(64);
const RES: bigint[] = new Array(16).fill(0n);
const OUT = new Uint8Array(16);

export function tbl(s: FpSimdState, w: number): boolean {
  const q = (w >>> 30) & 1, m = (w >>> 16) & 31, len = ((w >>> 13) & 3) + 1, tbx = (w >>> 12) & 1;
  const n = (w >>> 5) & 31, d = w & 31;
  if (((w >>> 22) & 3) !== 0) return false;
  for (let r = 0; r < len; r++) BYTES.set(s.vb.subarray(((n + r) & 31) * 16, ((n + r) & 31) * 16 + 16), r * 16);
  const nb = q ? 16 : 8, lim = len * 16;
  const out = OUT;
  for (let i = 0; i < nb; i++) {
    const idx = s.vb[m * 16 + i];
    out[i] = idx < lim ? BYTES[idx] : tbx ? s.vb[d * 16 + i] : 0;
  }
  s.vb.set(out.subarray(0, nb), d * 16);
  if (!q) clearHigh(s, d);
  return true;
}

export function zipUzpTrn(s: FpSimdState, w: number): boolean {
  const q = (w >>> 30) & 1, size = (w >>> 22) & 3, opcode = (w >>> 12) & 7;
  const m = (w >>> 16) & 31, n = (w >>> 5) & 31, d = w & 31;
  if ((opcode & 3) === 0 || (size === 3 && !q)) return false;
  const esize = 8 << size, lanes = (q ? 128 : 64) / esize, half = lanes / 2;
  const part = opcode >> 2; // 0: *1, 1: *2
  for (let e = 0; e < lanes; e++) {
    let r: number, idx: number;
    switch (opcode & 3) {
      case 1: { // UZP: even (part 0) or odd elements of Vn:Vm
        const k = 2 * e + part;
        r = k < lanes ? n : m; idx = k % lanes; break;
      }
      case 2: { // TRN
        const k = (e & ~1) + part;
        r = e & 1 ? m : n; idx = k; break;
      }
      default: { // ZIP
        const k = part * half + (e >> 1);
        r = e & 1 ? m : n; idx = k; break;
      }
    }
    RES[e] = getAny(s, r, idx, esize, false);
  }
  for (let e = 0; e < lanes; e++) putAny(s, d, e, esize, RES[e]);
  if (!q) clearHigh(s, d);
  return true;
}

export function ext(s: FpSimdState, w: number): boolean {
  const q = (w >>> 30) & 1, m = (w >>> 16) & 31, imm4 = (w >>> 11) & 15, n = (w >>> 5) & 31, d = w & 31;
  if (((w >>> 22) & 3) !== 0 || (!q && imm4 >= 8)) return false;
  const nb = q ? 16 : 8;
  BYTES.set(s.vb.subarray(n * 16, n * 16 + nb), 0);
  BYTES.set(s.vb.subarray(m * 16, m * 16 + nb), nb);
  s.vb.set(BYTES.subarray(imm4, imm4 + nb), d * 16);
  if (!q) clearHigh(s, d);
  return true;
}
