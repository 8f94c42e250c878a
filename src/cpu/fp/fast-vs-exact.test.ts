/**
 * The fast paths (arith.ts, convert.ts, compare.ts) against the exact path (exact.ts) on random
 * operands weighted to the boundaries where a double-based shortcut could go wrong: every bit of the
 * result and every FPSR flag must agree. (The exact path itself is checked against QEMU in
 * test/system/fp-qemu.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fp from './index.ts';
import * as exact from './exact.ts';
import { fpFlags, fpRes, S, D } from './state.ts';

/** xorshift128+ style generator on int32 state; deterministic per seed. */
function rng(seed: number): () => number {
  let a = seed | 0 || 1, b = 0x9e3779b9 | 0;
  return () => {
    a ^= a << 13; a ^= a >>> 17; a ^= a << 5;
    b = (b + 0x6d2b79f5) | 0;
    return (a ^ b) >>> 0;
  };
}

/** A random binary64 (hi word, lo word) or binary32 (lo) pattern weighted to special exponents. */
function operand(next: () => number, fmt: number): [number, number] {
  const k = next() % 16;
  const sign = next() & 0x80000000;
  if (fmt === D) {
    let e: number;
    if (k < 2) e = 0;
    else if (k < 4) e = 0x7ff;
    else if (k < 6) e = 1 + (next() % 60);
    else if (k < 8) e = 0x7fe - (next() % 60);
    else if (k < 11) e = 1023 + (next() % 61) - 30;
    else e = next() % 0x7ff;
    let fhi = next() & 0xfffff, lo = next() | 0;
    if (next() % 4 === 0) { fhi &= 0xff000; lo = 0; }
    if (k === 0 && next() % 2) { fhi = 0; lo = 0; }
    return [lo, sign | (e << 20) | fhi];
  }
  let e: number;
  if (k < 2) e = 0;
  else if (k < 4) e = 0xff;
  else if (k < 6) e = 1 + (next() % 30);
  else if (k < 8) e = 0xfe - (next() % 30);
  else if (k < 11) e = 127 + (next() % 31) - 15;
  else e = next() % 0xff;
  let f = next() & 0x7fffff;
  if (next() % 4 === 0) f &= 0x7f0000;
  if (k === 0 && next() % 2) f = 0;
  return [sign | (e << 23) | f, 0];
}

/** A second operand: the first one nudged, negated, or independent. */
function partner(next: () => number, fmt: number, a: [number, number]): [number, number] {
  switch (next() % 4) {
    case 0: return fmt === D ? [(a[0] + (next() % 5) - 2) | 0, a[1] ^ 0x80000000] : [(a[0] ^ 0x80000000) + (next() % 5) - 2 | 0, 0];
    case 1: return fmt === D ? [a[0], (a[1] + (((next() % 61) - 30) << 20)) | 0] : [(a[0] + (((next() % 31) - 15) << 23)) | 0, 0];
    default: return operand(next, fmt);
  }
}

const FPCRS = [0, 1 << 22, 2 << 22, 3 << 22, 1 << 24, (1 << 24) | (3 << 22), 1 << 25, (1 << 25) | (1 << 24) | (1 << 22)];

function run(fn: () => void): [number, number, number] {
  fpFlags[0] = 0; fpRes[0] = 0x5a5a5a5a; fpRes[1] = 0x5a5a5a5a;
  fn();
  return [fpRes[0], fpRes[1], fpFlags[0]];
}

function agree(name: string, n: number, fmt: number, fast: (a: [number, number], b: [number, number], c: [number, number], fpcr: number) => void,
  slow: (a: [number, number], b: [number, number], c: [number, number], fpcr: number) => void): void {
  const next = rng(name.length * 7919 + fmt);
  for (let i = 0; i < n; i++) {
    const a = operand(next, fmt), b = partner(next, fmt, a), c = next() % 3 === 0 ? partner(next, fmt, a) : operand(next, fmt);
    const fpcr = FPCRS[next() % FPCRS.length];
    const f = run(() => fast(a, b, c, fpcr));
    const s = run(() => slow(a, b, c, fpcr));
    if (f[0] !== s[0] || f[1] !== s[1] || f[2] !== s[2]) {
      const h = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
      assert.fail(`${name} ${fmt === D ? 'double' : 'single'} fpcr=${h(fpcr)} a=${h(a[1])}${h(a[0])} b=${h(b[1])}${h(b[0])} c=${h(c[1])}${h(c[0])}: ` +
        `fast ${h(f[1])}${h(f[0])} flags ${f[2].toString(16)}, exact ${h(s[1])}${h(s[0])} flags ${s[2].toString(16)}`);
    }
  }
}

const N = 40000;
for (const fmt of [S, D]) {
  const w = fmt === D ? 'binary64' : 'binary32';
  test(`FADD/FSUB ${w}: fast path gives the exact path's bits and flags`, () => {
    agree('add', N, fmt, (a, b, _c, r) => fp.fpAdd(fmt, a[0], a[1], b[0], b[1], r), (a, b, _c, r) => exact.add(fmt, a[0], a[1], b[0], b[1], r));
    agree('sub', N, fmt, (a, b, _c, r) => fp.fpAdd(fmt, a[0], a[1], b[0], b[1], r, true), (a, b, _c, r) => exact.add(fmt, a[0], a[1], b[0], b[1], r, true));
  });
  test(`FMUL/FDIV/FSQRT ${w}: fast path gives the exact path's bits and flags`, () => {
    agree('mul', N, fmt, (a, b, _c, r) => fp.fpMul(fmt, a[0], a[1], b[0], b[1], r), (a, b, _c, r) => exact.mul(fmt, a[0], a[1], b[0], b[1], r));
    agree('div', N, fmt, (a, b, _c, r) => fp.fpDiv(fmt, a[0], a[1], b[0], b[1], r), (a, b, _c, r) => exact.div(fmt, a[0], a[1], b[0], b[1], r));
    agree('sqrt', N, fmt, (a, _b, _c, r) => fp.fpSqrt(fmt, a[0] & (fmt === S ? 0x7fffffff : -1), a[1] & 0x7fffffff, r),
      (a, _b, _c, r) => exact.sqrt(fmt, a[0] & (fmt === S ? 0x7fffffff : -1), a[1] & 0x7fffffff, r));
  });
  test(`FMADD ${w}: fused fast path gives the exact path's bits and flags`, () => {
    agree('fma', 2 * N, fmt, (a, b, c, r) => fp.fpMulAdd(fmt, c[0], c[1], a[0], a[1], b[0], b[1], r),
      (a, b, c, r) => exact.mulAdd(fmt, c[0], c[1], a[0], a[1], b[0], b[1], r));
  });
  test(`FCMP/FMAX/FMINNM ${w}: fast path gives the exact path's result and flags`, () => {
    agree('cmp', N, fmt, (a, b, _c, r) => { fpRes[0] = fp.fpCompare(fmt, a[0], a[1], b[0], b[1], r, false); fpRes[1] = 0; },
      (a, b, _c, r) => { fpRes[0] = exact.compare(fmt, a[0], a[1], b[0], b[1], r, false); fpRes[1] = 0; });
    agree('max', N, fmt, (a, b, _c, r) => fp.fpMaxMin(fmt, a[0], a[1], b[0], b[1], r, true), (a, b, _c, r) => exact.maxMin(fmt, a[0], a[1], b[0], b[1], r, true));
    agree('minnm', N, fmt, (a, b, _c, r) => fp.fpMaxMinNum(fmt, a[0], a[1], b[0], b[1], r, false), (a, b, _c, r) => exact.maxMinNum(fmt, a[0], a[1], b[0], b[1], r, false));
  });
  test(`FCVT*/FRINT*/SCVTF ${w}: fast conversions give the exact path's bits and flags`, () => {
    for (const rm of [0, 1, 2, 3, 4]) {
      for (const [u, size, fb] of [[false, 32, 0], [true, 32, 0], [false, 64, 0], [true, 64, 0], [false, 32, 16], [true, 64, 40]] as const) {
        agree(`toFixed${rm}${u}${size}${fb}`, 3000, fmt, (a, _b, _c, r) => fp.fpToFixed(fmt, a[0], a[1], fb, u, size, r, rm),
          (a, _b, _c, r) => exact.toFixed(fmt, a[0], a[1], fb, u, size, r, rm));
        if (rm < 4) agree(`fromFixed${rm}${u}${size}${fb}`, 3000, fmt, (a, _b, _c, r) => fp.fixedToFp(fmt, a[0], a[1] >> (a[0] & 31), size, u, fb, r, rm),
          (a, _b, _c, r) => exact.fromFixed(fmt, a[0], a[1] >> (a[0] & 31), size, u, fb, r, rm));
      }
      agree(`roundInt${rm}`, 5000, fmt, (a, _b, _c, r) => fp.fpRoundInt(fmt, a[0], a[1], r, rm, rm === 1), (a, _b, _c, r) => exact.roundInt(fmt, a[0], a[1], r, rm, rm === 1));
    }
    const other = fmt === D ? S : D;
    for (const rm of [0, 1, 2, 3, 5]) {
      agree(`convert${rm}`, 10000, fmt, (a, _b, _c, r) => fp.fpConvert(fmt, other, a[0], a[1], r, rm), (a, _b, _c, r) => exact.convert(fmt, other, a[0], a[1], r, rm));
    }
  });
}

const bits = (f: () => void): string => { fpFlags[0] = 0; f(); return `${(fpRes[1] >>> 0).toString(16)}:${(fpRes[0] >>> 0).toString(16)} ${fpFlags[0].toString(16)}`; };

test('binary64 facts: 0.1 + 0.2 rounds up with IXC; 1/3 in each rounding mode; 1/0 raises DZC', () => {
  // 0.1 = 3fb999999999999a, 0.2 = 3fc999999999999a, sum 0.30000000000000004 = 3fd3333333333334
  assert.equal(bits(() => fp.f64Add(0x9999999a, 0x3fb99999, 0x9999999a, 0x3fc99999, 0)), '3fd33333:33333334 10');
  // 1/3 = 0x3fd5555555555555 (round down to nearest), +inf rounding gives ...556
  assert.equal(bits(() => fp.f64Div(0, 0x3ff00000, 0, 0x40080000, 0)), '3fd55555:55555555 10');
  assert.equal(bits(() => fp.f64Div(0, 0x3ff00000, 0, 0x40080000, 1 << 22)), '3fd55555:55555556 10');
  assert.equal(bits(() => fp.f64Div(0, 0xbff00000, 0, 0x40080000, 2 << 22)), 'bfd55555:55555556 10');
  assert.equal(bits(() => fp.f64Div(0, 0x3ff00000, 0, 0, 0)), '7ff00000:0 2');
});

test('FMADD is fused: (1 + 2^-52) * (1 - 2^-52) - 1 is -2^-104 exactly, not the 0 of a separate multiply', () => {
  // a = 1 + 2^-52 (3ff0000000000001), b = 1 - 2^-52 (3feffffffffffffe), c = -1; exact a*b + c = -2^-104
  assert.equal(bits(() => fp.f64MulAdd(0, 0xbff00000, 1, 0x3ff00000, -2, 0x3fefffff, 0)), 'b9700000:0 0');
});

test('NaN propagation: signalling before quiet, first operand first, quieted, default NaN under DN', () => {
  // qNaN 7ff8...1 + sNaN 7ff0...2: the sNaN wins, quieted to 7ff8...2, IOC
  assert.equal(bits(() => fp.f64Add(1, 0x7ff80000, 2, 0x7ff00000, 0)), '7ff80000:2 1');
  // two quiet NaNs: the first
  assert.equal(bits(() => fp.f64Add(1, 0xfff80000, 2, 0x7ff80000, 0)), 'fff80000:1 0');
  // DN: default NaN 7ff8000000000000
  assert.equal(bits(() => fp.f64Add(1, 0xfff80000, 2, 0x7ff80000, 1 << 25)), '7ff80000:0 0');
  // binary32 sNaN ff800001 -> ffc00001
  fpFlags[0] = 0;
  assert.equal(fp.f32Mul(0xff800001 | 0, 0x3f800000, 0) >>> 0, 0xffc00001);
  assert.equal(fpFlags[0], 1);
});

test('FZ: a denormal input is flushed with IDC; a denormal result is flushed with UFC and without IXC', () => {
  // 2^-1074 + 0 under FZ: input flushed, +0, IDC
  assert.equal(bits(() => fp.f64Add(1, 0, 0, 0, 1 << 24)), '0:0 80');
  // 2^-1000 * 2^-30 = 2^-1030 (exact denormal): FZ flushes with UFC; without FZ exact, no flags
  assert.equal(bits(() => fp.f64Mul(0, (1023 - 1000) << 20, 0, (1023 - 30) << 20, 1 << 24)), '0:0 8');
  assert.equal(bits(() => fp.f64Mul(0, (1023 - 1000) << 20, 0, (1023 - 30) << 20, 0)), '1000:0 0');
});

test('Underflow is detected before rounding: a result that rounds up to the smallest normal still raises UFC', () => {
  // (2^-1022 - 2^-1075) is between the largest denormal and 2^-1022; 2^-1022 * (1 - 2^-53) rounds to 2^-1022
  // binary64: 0x0010000000000000 * 0x3fefffffffffffff = 2^-1022 * (1 - 2^-53) -> rounds to 2^-1022, UFC|IXC
  assert.equal(bits(() => fp.f64Mul(0, 0x00100000, -1, 0x3fefffff, 0)), '100000:0 18');
});

test('FPToFixed saturates with IOC and no IXC; NaN converts to 0 with IOC', () => {
  // 2^40 to int32: saturate 7fffffff
  assert.equal(bits(() => fp.fpToFixed(D, 0, (1023 + 40) << 20, 0, false, 32, 0, 3)), '0:7fffffff 1');
  assert.equal(bits(() => fp.fpToFixed(D, 0, 0x7ff80000, 0, false, 64, 0, 3)), '0:0 1');
  // -1.5 to unsigned: 0 with IOC
  assert.equal(bits(() => fp.fpToFixed(D, 0, 0xbff80000 | 0, 0, true, 32, 0, 0)), '0:0 1');
  // 2.5 ties: even (2) for FCVTNS, away (3) for FCVTAS, with IXC
  assert.equal(bits(() => fp.fpToFixed(D, 0, 0x40040000, 0, false, 32, 0, 0)), '0:2 10');
  assert.equal(bits(() => fp.fpToFixed(D, 0, 0x40040000, 0, false, 32, 0, 4)), '0:3 10');
});

test('FRECPE/FRSQRTE follow the Arm ARM estimate tables', () => {
  // RecipEstimate(256) = 511, RecipEstimate(511) = 256, RecipSqrtEstimate(128) = 511
  assert.equal(fp.recipEstimate(256), 511);
  assert.equal(fp.recipEstimate(511), 256);
  assert.equal(fp.recipSqrtEstimate(128), 511);
  // FRECPE(2.0f) and FRSQRTE(4.0f) are both 0.49902344 (0x3eff8000)
  assert.equal(bits(() => exact.recipEstimateFP(S, 0x40000000, 0, 0)), '0:3eff8000 0');
  assert.equal(bits(() => exact.rsqrtEstimateFP(S, 0x40800000, 0, 0)), '0:3eff8000 0');
  // FRECPE(+0) = +inf with DZC; FRSQRTE(-1) = default NaN with IOC
  assert.equal(bits(() => exact.recipEstimateFP(D, 0, 0, 0)), '7ff00000:0 2');
  assert.equal(bits(() => exact.rsqrtEstimateFP(S, 0xbf800000 | 0, 0, 0)), '0:7fc00000 1');
});
