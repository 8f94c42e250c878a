/**
 * The FP core (src/cpu/fp) against QEMU: every scalar FP instruction of the list in fpdiff/kernels.ts
 * runs under qemu-aarch64 -cpu cortex-a57 on random operands weighted to the special values, in all four
 * rounding modes with FZ, DN and AHP on and off; the result register, x0, FPSR and NZCV must equal what
 * the core computes, both with its fast paths and with the exact path alone.
 *
 * FP_DIFF_CASES (default 60000) and FP_DIFF_SEED (default 1) override the amount and the seed.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './cpudiff/rng.ts';
import { FpOracle, type Inputs, type Outputs } from './fpdiff/runner.ts';
import { scalarKernels, FAST, EXACT, type Kernel, type FpImpl } from './fpdiff/kernels.ts';
import { fpValue, fpPartner, intValue, fpcrValue, rand64 } from './fpdiff/values.ts';

const envInt = (name: string, def: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${v}'`);
  return n;
};
const CASES = envInt('FP_DIFF_CASES', 60000);
const SEED = envInt('FP_DIFF_SEED', 1);

const kernels = scalarKernels();
const oracle = new FpOracle(kernels.map((k) => k.asm));
after(() => oracle.dispose());

function makeInputs(r: Rng, k: Kernel): Inputs {
  const q: [bigint, bigint][] = Array.from({ length: 8 }, () => [rand64(r), rand64(r)] as [bigint, bigint]);
  let prev: bigint | undefined;
  k.srcs.forEach((f, i) => {
    const width = f === 'h' ? 16 : f === 's' ? 32 : 64;
    const v = BigInt.asUintN(width, prev !== undefined && r.bool() ? fpPartner(r, f, prev) : fpValue(r, f));
    prev = v;
    q[i + 1][0] = r.bool() ? v : ((q[i + 1][0] >> BigInt(width)) << BigInt(width)) | v; // garbage above the scalar sometimes
  });
  return { fpcr: fpcrValue(r), x: [rand64(r), intValue(r), intValue(r), rand64(r)], nzcv: r.int(16), q };
}

const hex = (v: bigint, w = 16): string => v.toString(16).padStart(w, '0');
const fmtOut = (o: Outputs): string => `q0=${hex(o.q[0][1])}:${hex(o.q[0][0])} x0=${hex(o.x[0])} fpsr=${o.fpsr.toString(16)} nzcv=${o.nzcv.toString(2).padStart(4, '0')}`;
const same = (a: Outputs, b: Outputs): boolean => a.fpsr === b.fpsr && a.nzcv === b.nzcv &&
  a.q.every((q, k) => q[0] === b.q[k][0] && q[1] === b.q[k][1]) && a.x.every((v, k) => v === b.x[k]);

const r = new Rng(SEED);
const cases = Array.from({ length: CASES }, () => {
  const kernel = r.int(kernels.length);
  return { kernel, in: makeInputs(r, kernels[kernel]) };
});
let qemu: Outputs[] | undefined;
const qemuOut = (): Outputs[] => (qemu ??= oracle.run(cases));

function compare(impl: FpImpl): string[] {
  const out = qemuOut();
  const byKernel = new Map<number, string[]>();
  cases.forEach((c, i) => {
    const k = kernels[c.kernel];
    const mine = k.model(c.in, impl);
    if (same(mine, out[i])) return;
    const list = byKernel.get(c.kernel) ?? [];
    byKernel.set(c.kernel, list);
    if (list.length < 3) {
      const ins = [1, 2, 3].slice(0, k.srcs.length).map((j) => `q${j}=${hex(c.in.q[j][0])}`).join(' ');
      list.push(`${k.asm}  fpcr=${c.in.fpcr.toString(16)} ${ins}${k.intSrc ? ` x1=${hex(c.in.x[1])}` : ''}\n    qemu   ${fmtOut(out[i])}\n    kvmdbg ${fmtOut(mine)}`);
    }
  });
  return [...byKernel.values()].flat();
}

test(`QEMU oracle: FPCR keeps exactly the Cortex-A57's writable bits, and FPSR starts clear`, () => {
  const o = new FpOracle(['mrs x0, fpcr', 'mrs x0, fpsr']);
  try {
    const z: [bigint, bigint] = [0n, 0n];
    const [fpcr, fpsr] = o.run([0, 1].map((kernel) => ({ kernel, in: { fpcr: 0xffffffff, x: [0n, 0n, 0n, 0n], nzcv: 0, q: [z, z, z, z] } })));
    assert.equal(fpcr.x[0], 0x07f70000n, 'AHP DN FZ RMode Stride Len (no FZ16, no trap enables)');
    assert.equal(fpsr.x[0], 0n);
  } finally {
    o.dispose();
  }
});

test(`FP core (fast paths) matches QEMU on ${CASES} random scalar FP instructions over ${kernels.length} forms (seed ${SEED})`, () => {
  const bad = compare(FAST);
  assert.equal(bad.length, 0, `${bad.length} mismatches (first per form):\n${bad.slice(0, 60).join('\n')}`);
});

test(`FP core (exact path only) matches QEMU on the same ${CASES} instructions`, () => {
  const bad = compare(EXACT);
  assert.equal(bad.length, 0, `${bad.length} mismatches (first per form):\n${bad.slice(0, 60).join('\n')}`);
});
