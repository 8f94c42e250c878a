/**
 * AdvSIMD three same (vector and scalar; Arm ARM C4.1.95 "Advanced SIMD three same", "Advanced SIMD
 * scalar three same"): integer arithmetic, compares, shifts by register, saturating forms, logical
 * (AND BIC ORR ORN EOR BSL BIT BIF), pairwise (ADDP SMAXP ...), and the floating-point forms (FADD FMLA
 * FMULX FCMxx FMAX FMINNM FRECPS ... and their pairwise versions).
 */
import * as fp from '../fp/index.ts';
import { fpRes, S, D } from '../fp/state.ts';
import type { FpSimdState } from './state.ts';
import { get, put, getAny, putAny, clearHigh, clearAbove, sat, R } from './lanes.ts';
import { int3 } from './int-ops.ts';

const { fpAdd, fpMul, fpDiv, fpMulAdd, fpMaxMin, fpMaxMinNum, fpCompareCond, fpStepFused, fpMulSlow } = fp;

/**
 * The integer three-same operation o5 (U in u) on lanes of at most 32 bits as exact numbers; NaN for the
 * operations left to the BigInt path (shifts by register, PMUL, 32-bit SQDMULH), which never have
 * side effects before NaN.
 */
function int3n(o5: number, u: number, a: number, b: number, acc: number, esize: number): number {
  switch (o5) {
    case 0x00: return Math.floor((a + b) / 2);
    case 0x01: return sat(a + b, esize, u === 1);
    case 0x02: return Math.floor((a + b + 1) / 2);
    case 0x04: return Math.floor((a - b) / 2);
    case 0x05: return sat(a - b, esize, u === 1);
    case 0x06: return a > b ? -1 : 0;
    case 0x07: return a >= b ? -1 : 0;
    case 0x0c: return a > b ? a : b;
    case 0x0d: return a < b ? a : b;
    case 0x0e: return a > b ? a - b : b - a;
    case 0x0f: return acc + (a > b ? a - b : b - a);
    case 0x10: return u ? a - b : a + b;
    case 0x11: return u ? (a === b ? -1 : 0) : (a & b) !== 0 ? -1 : 0;
    case 0x12: { const p = esize === 32 ? Math.imul(a, b) : a * b; return u ? acc - p : acc + p; }
    case 0x13: return u ? NaN : esize === 32 ? Math.imul(a, b) : a * b;
    case 0x16:
      if (esize !== 16) return NaN;
      return sat(Math.floor((2 * a * b + (u ? 0x8000 : 0)) / 65536), 16, false);
    default: return NaN;
  }
}

/** FP lane scratch: results of up to 4 lanes as (lo, hi). */
const FL = new Int32Array(8);
const BIGS: bigint[] = new Array(16).fill(0n);

/**
 * The FP three-same operation (U:a:opcode<2:0>, 5 bits) on lanes (alo, ahi), (blo, bhi), accumulator
 * (dlo, dhi); result in fpRes. False if unallocated.
 */
export function fp3(op: number, fmt: number, alo: number, ahi: number, blo: number, bhi: number, dlo: number, dhi: number, fpcr: number): boolean {
  const sgn = 0x80000000 | 0;
  switch (op) {
    case 0b00000: fpMaxMinNum(fmt, alo, ahi, blo, bhi, fpcr, true); return true; // FMAXNM
    case 0b00001: fpMulAdd(fmt, dlo, dhi, alo, ahi, blo, bhi, fpcr); return true; // FMLA
    case 0b00010: fpAdd(fmt, alo, ahi, blo, bhi, fpcr); return true; // FADD
    case 0b00011: fpMulSlow(fmt, alo, ahi, blo, bhi, fpcr, true); return true; // FMULX
    case 0b00100: setMask(fmt, fpCompareCond(fmt, alo, ahi, blo, bhi, fpcr, 0)); return true; // FCMEQ
    case 0b00110: fpMaxMin(fmt, alo, ahi, blo, bhi, fpcr, true); return true; // FMAX
    case 0b00111: fpStepFused(fmt, alo, ahi, blo, bhi, fpcr, false); return true; // FRECPS
    case 0b01000: fpMaxMinNum(fmt, alo, ahi, blo, bhi, fpcr, false); return true; // FMINNM
    case 0b01001: // FMLS: the first multiplicand negated
      if (fmt === D) ahi ^= sgn; else alo ^= sgn;
      fpMulAdd(fmt, dlo, dhi, alo, ahi, blo, bhi, fpcr); return true;
    case 0b01010: fpAdd(fmt, alo, ahi, blo, bhi, fpcr, true); return true; // FSUB
    case 0b01110: fpMaxMin(fmt, alo, ahi, blo, bhi, fpcr, false); return true; // FMIN
    case 0b01111: fpStepFused(fmt, alo, ahi, blo, bhi, fpcr, true); return true; // FRSQRTS
    case 0b10000: fpMaxMinNum(fmt, alo, ahi, blo, bhi, fpcr, true); return true; // FMAXNMP
    case 0b10010: fpAdd(fmt, alo, ahi, blo, bhi, fpcr); return true; // FADDP
    case 0b10011: fpMul(fmt, alo, ahi, blo, bhi, fpcr); return true; // FMUL
    case 0b10100: setMask(fmt, fpCompareCond(fmt, alo, ahi, blo, bhi, fpcr, 1)); return true; // FCMGE
    case 0b10101: return absCmp(fmt, alo, ahi, blo, bhi, fpcr, 1); // FACGE
    case 0b10110: fpMaxMin(fmt, alo, ahi, blo, bhi, fpcr, true); return true; // FMAXP
    case 0b10111: fpDiv(fmt, alo, ahi, blo, bhi, fpcr); return true; // FDIV
    case 0b11000: fpMaxMinNum(fmt, alo, ahi, blo, bhi, fpcr, false); return true; // FMINNMP
    case 0b11010: // FABD
      fpAdd(fmt, alo, ahi, blo, bhi, fpcr, true);
      if (fmt === D) fpRes[1] &= ~sgn; else fpRes[0] &= ~sgn;
      return true;
    case 0b11100: setMask(fmt, fpCompareCond(fmt, alo, ahi, blo, bhi, fpcr, 2)); return true; // FCMGT
    case 0b11101: return absCmp(fmt, alo, ahi, blo, bhi, fpcr, 2); // FACGT
    case 0b11110: fpMaxMin(fmt, alo, ahi, blo, bhi, fpcr, false); return true; // FMINP
    default: return false;
  }
}

function setMask(fmt: number, t: boolean): void {
  fpRes[0] = t ? -1 : 0;
  fpRes[1] = t && fmt === D ? -1 : 0;
}

/** FACGE/FACGT: compare the absolute values. */
function absCmp(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, cond: number): boolean {
  const m = 0x7fffffff;
  if (fmt === D) setMask(fmt, fpCompareCond(fmt, alo, ahi & m, blo, bhi & m, fpcr, cond));
  else setMask(fmt, fpCompareCond(fmt, alo & m, 0, blo & m, 0, fpcr, cond));
  return true;
}

/** Pairwise FP ops: FMAXNMP FADDP FMAXP FMINNMP FMINP (U=1 forms that read adjacent pairs). */
function fpPairwise(op: number): boolean {
  return op === 0b10000 || op === 0b10010 || op === 0b10110 || op === 0b11000 || op === 0b11110;
}

/** Vector or scalar three same. */
export function threeSame(s: FpSimdState, w: number, scalar: boolean): boolean {
  const q = (w >>> 30) & 1, u = (w >>> 29) & 1, size = (w >>> 22) & 3, opcode = (w >>> 11) & 31;
  const m = (w >>> 16) & 31, n = (w >>> 5) & 31, d = w & 31;
  if (opcode >= 0x18) { // floating point
    const fmt = (size & 1) ? D : S;
    const op = (u << 4) | ((size >> 1) << 3) | (opcode & 7);
    if (scalar) {
      // scalar forms: FMULX FCMEQ FRECPS FRSQRTS FCMGE FACGE FABD FCMGT FACGT
      if (![0b00011, 0b00100, 0b00111, 0b01111, 0b10100, 0b10101, 0b11010, 0b11100, 0b11101].includes(op)) return false;
      const v = s.v;
      if (!fp3(op, fmt, v[n * 4], v[n * 4 + 1], v[m * 4], v[m * 4 + 1], 0, 0, s.fpcr)) return false;
      v[d * 4] = fpRes[0]; v[d * 4 + 1] = fmt === D ? fpRes[1] : 0; v[d * 4 + 2] = 0; v[d * 4 + 3] = 0;
      return true;
    }
    if (fmt === D && q === 0) return false;
    const esize = fmt === D ? 64 : 32;
    const lanes = (q ? 128 : 64) / esize;
    const v = s.v;
    const pair = fpPairwise(op);
    for (let e = 0; e < lanes; e++) {
      let ar: number, ae: number, br: number, be: number;
      if (pair) {
        // concatenate Vm:Vn, take elements 2e and 2e+1
        const k = 2 * e;
        ar = k < lanes ? n : m; ae = k % lanes;
        br = k + 1 < lanes ? n : m; be = (k + 1) % lanes;
      } else { ar = n; ae = e; br = m; be = e; }
      const ao = fmt === D ? ar * 4 + ae * 2 : ar * 4 + ae, bo = fmt === D ? br * 4 + be * 2 : br * 4 + be;
      const dof = fmt === D ? d * 4 + e * 2 : d * 4 + e;
      if (!fp3(op, fmt, v[ao], fmt === D ? v[ao + 1] : 0, v[bo], fmt === D ? v[bo + 1] : 0, v[dof], fmt === D ? v[dof + 1] : 0, s.fpcr)) return false;
      FL[2 * e] = fpRes[0]; FL[2 * e + 1] = fpRes[1];
    }
    for (let e = 0; e < lanes; e++) {
      if (fmt === D) { v[d * 4 + 2 * e] = FL[2 * e]; v[d * 4 + 2 * e + 1] = FL[2 * e + 1]; }
      else v[d * 4 + e] = FL[2 * e];
    }
    if (!q) clearHigh(s, d);
    return true;
  }
  if (opcode === 0x03) { // logical, by bytes
    if (scalar) return false;
    const words = q ? 4 : 2, v = s.v;
    for (let k = 0; k < words; k++) {
      const a = v[n * 4 + k], b = v[m * 4 + k], dd = v[d * 4 + k];
      let r: number;
      switch ((u << 2) | size) {
        case 0: r = a & b; break;
        case 1: r = a & ~b; break;
        case 2: r = a | b; break;
        case 3: r = a | ~b; break;
        case 4: r = a ^ b; break;
        case 5: r = (dd & a) | (~dd & b); break; // BSL
        case 6: r = (dd & ~b) | (a & b); break; // BIT
        default: r = (dd & b) | (a & ~b); break; // BIF
      }
      v[d * 4 + k] = r;
    }
    if (!q) clearHigh(s, d);
    return true;
  }
  const op = (u << 5) | opcode;
  const esize = 8 << size;
  const o5 = op & 31;
  if (scalar) {
    const ok = o5 === 0x01 || o5 === 0x05 || o5 === 0x09 || o5 === 0x0b ||
      ((o5 === 0x06 || o5 === 0x07 || o5 === 0x08 || o5 === 0x0a || o5 === 0x10 || o5 === 0x11) && size === 3) ||
      (o5 === 0x16 && (size === 1 || size === 2));
    if (!ok) return false;
  } else {
    if (size === 3 && !q) return false;
    if (size === 3 && (o5 === 0x00 || o5 === 0x02 || o5 === 0x04 || (o5 >= 0x0c && o5 <= 0x0f) || (o5 >= 0x12 && o5 <= 0x15))) return false;
    if (op === 0x33 && size !== 0) return false; // PMUL
    if (o5 === 0x16 && size !== 1 && size !== 2) return false;
    if (op === 0x37) return false;
  }
  const lanes = scalar ? 1 : (q ? 128 : 64) / esize;
  const signed = o5 <= 0x0f || o5 === 0x14 || o5 === 0x15 ? u === 0 : o5 === 0x16;
  const pairwise = !scalar && ((op & 31) === 0x14 || (op & 31) === 0x15 || op === 0x17);
  if (esize <= 32) { // exact on numbers for the common operations
    let ok = true;
    for (let e = 0; e < lanes && ok; e++) {
      if (pairwise) {
        const k = 2 * e;
        const a = get(s, k < lanes ? n : m, k % lanes, esize, signed), b = get(s, k + 1 < lanes ? n : m, (k + 1) % lanes, esize, signed);
        R[e] = op === 0x17 ? a + b : o5 === 0x14 ? (a > b ? a : b) : (a < b ? a : b);
      } else {
        const r = int3n(o5, u, get(s, n, e, esize, signed), get(s, m, e, esize, signed), get(s, d, e, esize, signed), esize);
        if (Number.isNaN(r)) ok = false; else R[e] = r;
      }
    }
    if (ok) {
      for (let e = 0; e < lanes; e++) put(s, d, e, esize, R[e]);
      if (scalar) clearAbove(s, d, esize);
      else if (!q) clearHigh(s, d);
      return true;
    }
  }
  for (let e = 0; e < lanes; e++) {
    let a: bigint, b: bigint;
    if (pairwise) {
      const k = 2 * e;
      a = getAny(s, k < lanes ? n : m, k % lanes, esize, signed);
      b = getAny(s, k + 1 < lanes ? n : m, (k + 1) % lanes, esize, signed);
      const r = op === 0x17 ? a + b : (op & 31) === 0x14 ? (a > b ? a : b) : (a < b ? a : b);
      BIGS[e] = r;
      continue;
    }
    a = getAny(s, n, e, esize, signed);
    b = getAny(s, m, e, esize, signed);
    const acc = getAny(s, d, e, esize, signed);
    const r = int3(op, a, b, acc, esize, size);
    if (r === undefined) return false;
    BIGS[e] = r;
  }
  for (let e = 0; e < lanes; e++) putAny(s, d, e, esize, BIGS[e]);
  if (scalar) clearAbove(s, d, esize);
  else if (!q) clearHigh(s, d);
  return true;
}

