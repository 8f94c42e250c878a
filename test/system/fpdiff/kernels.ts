/**
 * The scalar FP instructions compared with QEMU, each with its operands' formats and a model that
 * computes the expected q0, x0, FPSR and NZCV with kvmdbg's FP core (fast paths or exact path).
 */
import * as fast from '../../../src/cpu/fp/index.ts';
import * as exact from '../../../src/cpu/fp/exact.ts';
import { fpFlags, fpRes, RN, RP, RM, RZ, RA, RO, H, S, D } from '../../../src/cpu/fp/state.ts';
import type { Inputs, Outputs } from './runner.ts';
import type { Fmt } from './values.ts';

/** The operations a model needs, implemented either by the fast paths or by the exact path alone. */
export interface FpImpl {
  add(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, sub: boolean): void;
  mul(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void;
  div(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number): void;
  sqrt(fmt: number, lo: number, hi: number, fpcr: number): void;
  mulAdd(fmt: number, alo: number, ahi: number, blo: number, bhi: number, clo: number, chi: number, fpcr: number): void;
  maxMin(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, max: boolean): void;
  maxMinNum(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, max: boolean): void;
  compare(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, signal: boolean): number;
  compareCond(fmt: number, alo: number, ahi: number, blo: number, bhi: number, fpcr: number, cond: number): boolean;
  toFixed(fmt: number, lo: number, hi: number, fbits: number, unsigned: boolean, size: number, fpcr: number, rmode: number): void;
  fromFixed(fmt: number, lo: number, hi: number, size: number, unsigned: boolean, fbits: number, fpcr: number, rmode: number): void;
  convert(from: number, to: number, lo: number, hi: number, fpcr: number, rmode: number): void;
  roundInt(fmt: number, lo: number, hi: number, fpcr: number, rmode: number, exactFlag: boolean): void;
}

export const FAST: FpImpl = {
  add: fast.fpAdd, mul: fast.fpMul, div: fast.fpDiv, sqrt: fast.fpSqrt, mulAdd: fast.fpMulAdd,
  maxMin: fast.fpMaxMin, maxMinNum: fast.fpMaxMinNum, compare: fast.fpCompare, compareCond: fast.fpCompareCond,
  toFixed: fast.fpToFixed, fromFixed: fast.fixedToFp, convert: fast.fpConvert, roundInt: fast.fpRoundInt,
};

export const EXACT: FpImpl = {
  add: exact.add, mul: (f, a, b, c, d, r) => exact.mul(f, a, b, c, d, r), div: exact.div, sqrt: exact.sqrt, mulAdd: exact.mulAdd,
  maxMin: exact.maxMin, maxMinNum: exact.maxMinNum, compare: exact.compare, compareCond: exact.compareCond,
  toFixed: exact.toFixed, fromFixed: exact.fromFixed, convert: exact.convert, roundInt: exact.roundInt,
};

/** Which inputs a kernel reads: fp operands in q1..q3 of a format, or an integer in x1. */
export interface Kernel {
  asm: string;
  /** Formats of the FP operands read from q1, q2, q3 (in order); empty for integer sources. */
  srcs: Fmt[];
  /** Reads x1 as an integer source. */
  intSrc?: boolean;
  model(inp: Inputs, impl: FpImpl): Outputs;
}

const FMT: Record<Fmt, number> = { h: H, s: S, d: D };
const SIGN: Record<Fmt, bigint> = { h: 1n << 15n, s: 1n << 31n, d: 1n << 63n };
const lo32 = (v: bigint): number => Number(v & 0xffffffffn) | 0;
const hi32 = (v: bigint): number => Number((v >> 32n) & 0xffffffffn) | 0;
const mask = (f: Fmt): bigint => (f === 'h' ? 0xffffn : f === 's' ? 0xffffffffn : 0xffffffffffffffffn);
/** Operand k (1..3) of format f from q[k]. */
const opnd = (inp: Inputs, k: number, f: Fmt): bigint => inp.q[k][0] & mask(f);
const res64 = (): bigint => (BigInt(fpRes[1] >>> 0) << 32n) | BigInt(fpRes[0] >>> 0);

/** Runs fn with FPSR cleared and returns the flags it raised. */
function flags(fn: () => void): number { fpFlags[0] = 0; fn(); return fpFlags[0]; }

/** Output with q0 = the scalar result zero-extended (a scalar FP write clears the rest of the vector). */
function scalarOut(inp: Inputs, v: bigint, fpsr: number): Outputs {
  return { q: [[v, 0n], ...inp.q.slice(1)], x: inp.x, fpsr, nzcv: inp.nzcv };
}

function binary(name: string, f: Fmt, op: (impl: FpImpl, fmt: number, a: bigint, b: bigint, fpcr: number) => bigint): Kernel {
  return {
    asm: `${name} ${f}0, ${f}1, ${f}2`, srcs: [f, f],
    model(inp, impl) {
      let v = 0n;
      const fl = flags(() => { v = op(impl, FMT[f], opnd(inp, 1, f), opnd(inp, 2, f), inp.fpcr); });
      return scalarOut(inp, v & mask(f), fl);
    },
  };
}

function unary(name: string, f: Fmt, op: (impl: FpImpl, fmt: number, a: bigint, fpcr: number) => bigint, to: Fmt = f): Kernel {
  return {
    asm: `${name} ${to}0, ${f}1`, srcs: [f],
    model(inp, impl) {
      let v = 0n;
      const fl = flags(() => { v = op(impl, FMT[f], opnd(inp, 1, f), inp.fpcr); });
      return scalarOut(inp, v & mask(to), fl);
    },
  };
}

const call2 = (fn: (alo: number, ahi: number, blo: number, bhi: number) => void) => (a: bigint, b: bigint): bigint => {
  fn(lo32(a), hi32(a), lo32(b), hi32(b));
  return res64();
};

const rmodeOf = (fpcr: number): number => (fpcr >>> 22) & 3;

export function scalarKernels(): Kernel[] {
  const ks: Kernel[] = [];
  for (const f of ['s', 'd'] as const) {
    const sgn = SIGN[f];
    ks.push(
      binary('fadd', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.add(m, al, ah, bl, bh, c, false))(a, b)),
      binary('fsub', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.add(m, al, ah, bl, bh, c, true))(a, b)),
      binary('fmul', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.mul(m, al, ah, bl, bh, c))(a, b)),
      binary('fnmul', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.mul(m, al, ah, bl, bh, c))(a, b) ^ sgn),
      binary('fdiv', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.div(m, al, ah, bl, bh, c))(a, b)),
      binary('fmax', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.maxMin(m, al, ah, bl, bh, c, true))(a, b)),
      binary('fmin', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.maxMin(m, al, ah, bl, bh, c, false))(a, b)),
      binary('fmaxnm', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.maxMinNum(m, al, ah, bl, bh, c, true))(a, b)),
      binary('fminnm', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.maxMinNum(m, al, ah, bl, bh, c, false))(a, b)),
      binary('fabd', f, (i, m, a, b, c) => call2((al, ah, bl, bh) => i.add(m, al, ah, bl, bh, c, true))(a, b) & ~sgn),
      binary('fmulx', f, (_i, m, a, b, c) => call2((al, ah, bl, bh) => exact.mul(m, al, ah, bl, bh, c, true))(a, b)),
      binary('frecps', f, (_i, m, a, b, c) => call2((al, ah, bl, bh) => fast.fpStepFused(m, al, ah, bl, bh, c, false))(a, b)),
      binary('frsqrts', f, (_i, m, a, b, c) => call2((al, ah, bl, bh) => fast.fpStepFused(m, al, ah, bl, bh, c, true))(a, b)),
    );
    for (const [name, negA, neg1] of [['fmadd', false, false], ['fmsub', false, true], ['fnmadd', true, true], ['fnmsub', true, false]] as const) {
      ks.push({
        asm: `${name} ${f}0, ${f}1, ${f}2, ${f}3`, srcs: [f, f, f],
        model(inp, impl) {
          const n = opnd(inp, 1, f) ^ (neg1 ? sgn : 0n), mm = opnd(inp, 2, f), a = opnd(inp, 3, f) ^ (negA ? sgn : 0n);
          const fl = flags(() => impl.mulAdd(FMT[f], lo32(a), hi32(a), lo32(n), hi32(n), lo32(mm), hi32(mm), inp.fpcr));
          return scalarOut(inp, res64() & mask(f), fl);
        },
      });
    }
    const u1 = (fn: (lo: number, hi: number, fpcr: number) => void) => (_i: FpImpl, _m: number, a: bigint, fpcr: number): bigint => { fn(lo32(a), hi32(a), fpcr); return res64(); };
    const m = FMT[f];
    ks.push(
      unary('fsqrt', f, (i, mm, a, c) => { i.sqrt(mm, lo32(a), hi32(a), c); return res64(); }),
      unary('fabs', f, (_i, _m, a) => a & ~sgn),
      unary('fneg', f, (_i, _m, a) => a ^ sgn),
      unary('frecpe', f, u1((lo, hi, c) => fast.fpRecipEstimate(m, lo, hi, c))),
      unary('frsqrte', f, u1((lo, hi, c) => fast.fpRSqrtEstimate(m, lo, hi, c))),
      unary('frecpx', f, u1((lo, hi, c) => fast.fpRecpX(m, lo, hi, c))),
    );
    for (const [suffix, rm, ex] of [['n', RN, false], ['a', RA, false], ['p', RP, false], ['m', RM, false], ['z', RZ, false], ['x', -1, true], ['i', -1, false]] as const) {
      ks.push(unary(`frint${suffix}`, f, (i, mm, a, c) => { i.roundInt(mm, lo32(a), hi32(a), c, rm < 0 ? rmodeOf(c) : rm, ex); return res64(); }));
    }
    for (const [name, signal, zero] of [['fcmp', false, false], ['fcmpe', true, false], ['fcmp', false, true], ['fcmpe', true, true]] as const) {
      ks.push({
        asm: `${name} ${f}1, ${zero ? '#0.0' : `${f}2`}`, srcs: zero ? [f] : [f, f],
        model(inp, impl) {
          const a = opnd(inp, 1, f), b = zero ? 0n : opnd(inp, 2, f);
          let nzcv = 0;
          const fl = flags(() => { nzcv = impl.compare(m, lo32(a), hi32(a), lo32(b), hi32(b), inp.fpcr, signal); });
          return { q: inp.q, x: inp.x, fpsr: fl, nzcv };
        },
      });
    }
    // AdvSIMD scalar compares: all ones or zero
    for (const [name, cond, abs, zero, swap] of [
      ['fcmeq', 0, false, false, false], ['fcmge', 1, false, false, false], ['fcmgt', 2, false, false, false],
      ['facge', 1, true, false, false], ['facgt', 2, true, false, false],
      ['fcmeq', 0, false, true, false], ['fcmge', 1, false, true, false], ['fcmgt', 2, false, true, false],
      ['fcmle', 1, false, true, true], ['fcmlt', 2, false, true, true],
    ] as const) {
      ks.push({
        asm: `${name} ${f}0, ${f}1, ${zero ? '#0.0' : `${f}2`}`, srcs: zero ? [f] : [f, f],
        model(inp, impl) {
          let a = opnd(inp, 1, f), b = zero ? 0n : opnd(inp, 2, f);
          if (abs) { a &= ~sgn; b &= ~sgn; }
          if (swap) [a, b] = [b, a];
          let t = false;
          const fl = flags(() => { t = impl.compareCond(m, lo32(a), hi32(a), lo32(b), hi32(b), inp.fpcr, cond); });
          return scalarOut(inp, t ? mask(f) : 0n, fl);
        },
      });
    }
    // to integer in every rounding mode, and fixed point
    for (const [suffix, rm] of [['n', RN], ['a', RA], ['p', RP], ['m', RM], ['z', RZ]] as const) {
      for (const u of [false, true]) {
        for (const r of ['w', 'x'] as const) {
          ks.push(toInt(`fcvt${suffix}${u ? 'u' : 's'} ${r}0, ${f}1`, f, u, r === 'w' ? 32 : 64, 0, rm));
        }
      }
    }
    for (const u of [false, true]) {
      for (const fb of [1, 5, 16, 31, 32]) ks.push(toInt(`fcvtz${u ? 'u' : 's'} w0, ${f}1, #${fb}`, f, u, 32, fb, RZ));
      for (const fb of [1, 17, 32, 52, 63, 64]) ks.push(toInt(`fcvtz${u ? 'u' : 's'} x0, ${f}1, #${fb}`, f, u, 64, fb, RZ));
      for (const r of ['w', 'x'] as const) {
        const size = r === 'w' ? 32 : 64;
        for (const fb of [0, 1, 7, 32, ...(size === 64 ? [33, 64] : [])]) {
          ks.push({
            asm: `${u ? 'u' : 's'}cvtf ${f}0, ${r}1${fb ? `, #${fb}` : ''}`, srcs: [], intSrc: true,
            model(inp, impl) {
              const x = inp.x[1];
              const fl = flags(() => impl.fromFixed(m, lo32(x), hi32(x), size, u, fb, inp.fpcr, rmodeOf(inp.fpcr)));
              return scalarOut(inp, res64() & mask(f), fl);
            },
          });
        }
      }
    }
  }
  // between formats
  for (const [to, from] of [['d', 's'], ['s', 'd'], ['h', 's'], ['h', 'd'], ['s', 'h'], ['d', 'h']] as const) {
    ks.push(unary('fcvt', from, (i, m, a, c) => { i.convert(m, FMT[to], lo32(a), hi32(a), c, rmodeOf(c)); return res64(); }, to));
  }
  ks.push(unary('fcvtxn', 'd', (i, m, a, c) => { i.convert(m, S, lo32(a), hi32(a), c, RO); return res64(); }, 's'));
  return ks;
}

function toInt(asm: string, f: Fmt, unsigned: boolean, size: number, fbits: number, rm: number): Kernel {
  return {
    asm, srcs: [f],
    model(inp, impl) {
      const a = opnd(inp, 1, f);
      const fl = flags(() => impl.toFixed(FMT[f], lo32(a), hi32(a), fbits, unsigned, size, inp.fpcr, rm));
      return { q: inp.q, x: [res64(), ...inp.x.slice(1)], fpsr: fl, nzcv: inp.nzcv };
    },
  };
}
