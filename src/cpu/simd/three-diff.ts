/**
 * AdvSIMD three different (vector and scalar): widening (SADDL UADDW SMULL SMLAL SABAL SABDL ...),
 * narrowing high half (ADDHN RADDHN SUBHN RSUBHN), saturating doubling (SQDMULL SQDMLAL SQDMLSL) and
 * polynomial PMULL/PMULL2 (8-bit, and the Cryptographic Extension's 64-bit form).
 */
import type { FpSimdState } from './state.ts';
import { getAny, putAny, clearHigh, clearAbove, satBig } from './lanes.ts';
import { polyMulFull } from './int-ops.ts';

const RES: bigint[] = new Array(16).fill(0n);

export function threeDiff(s: FpSimdState, w: number, scalar: boolean): boolean {
  const q = (w >>> 30) & 1, u = (w >>> 29) & 1, size = (w >>> 22) & 3, opcode = (w >>> 12) & 15;
  const m = (w >>> 16) & 31, n = (w >>> 5) & 31, d = w & 31;
  if (scalar) {
    if (u || (opcode !== 9 && opcode !== 11 && opcode !== 13) || (size !== 1 && size !== 2)) return false;
  } else {
    if (opcode === 15) return false;
    if (opcode === 14) { if (u || (size !== 0 && size !== 3)) return false; }
    else if (size === 3) return false;
    if ((opcode === 9 || opcode === 11 || opcode === 13) && (u || size === 0)) return false;
  }
  const esize = 8 << size;
  if (opcode === 14 && size === 3) { // PMULL/PMULL2 64x64 -> 128
    const p = polyMulFull(getAny(s, n, q, 64, false), getAny(s, m, q, 64, false), 64);
    putAny(s, d, 0, 64, p);
    putAny(s, d, 1, 64, p >> 64n);
    return true;
  }
  const lanes = scalar ? 1 : 64 / esize;
  const part = scalar ? 0 : q * lanes; // source lane offset for the "2" forms
  const signed = u === 0;
  const wide = 2 * esize;
  if (opcode === 4 || opcode === 6) { // ADDHN/RADDHN/SUBHN/RSUBHN: wide sources, narrow result to a half
    for (let e = 0; e < lanes; e++) {
      const a = getAny(s, n, e, wide, false), b = getAny(s, m, e, wide, false);
      let r = opcode === 4 ? a + b : a - b;
      if (u) r += 1n << BigInt(esize - 1);
      RES[e] = r >> BigInt(esize);
    }
    for (let e = 0; e < lanes; e++) putAny(s, d, part + e, esize, RES[e]);
    if (!q) clearHigh(s, d);
    return true;
  }
  for (let e = 0; e < lanes; e++) {
    const b = getAny(s, m, part + e, esize, signed);
    const a = opcode === 1 || opcode === 3 ? getAny(s, n, e, wide, signed) : getAny(s, n, part + e, esize, signed);
    const acc = getAny(s, d, e, wide, signed);
    let r: bigint;
    switch (opcode) {
      case 0: case 1: r = a + b; break;
      case 2: case 3: r = a - b; break;
      case 5: r = acc + (a > b ? a - b : b - a); break;
      case 7: r = a > b ? a - b : b - a; break;
      case 8: r = acc + a * b; break;
      case 10: r = acc - a * b; break;
      case 12: r = a * b; break;
      case 9: r = satBig(acc + satBig(2n * a * b, wide, false), wide, false); break;
      case 11: r = satBig(acc - satBig(2n * a * b, wide, false), wide, false); break;
      case 13: r = satBig(2n * a * b, wide, false); break;
      default: r = polyMulFull(a, b, esize); break; // PMULL 8-bit
    }
    RES[e] = r;
  }
  for (let e = 0; e < lanes; e++) putAny(s, d, e, wide, RES[e]);
  if (scalar) clearAbove(s, d, wide);
  return true;
}
