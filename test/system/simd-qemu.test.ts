/**
 * The SIMD&FP executors (src/cpu/simd) against QEMU, one instruction at a time: random instructions of
 * every data-processing group (fpdiff/forms.ts, as binutils assembles them) run under qemu-aarch64
 * -cpu cortex-a57 from random registers (lanes weighted to the special FP values and boundary
 * integers), random FPCR (all rounding modes, FZ, DN, AHP) and NZCV; v0..v7, x0..x3, FPSR and NZCV
 * after the instruction must equal what execSimdFp computes from the same word and state.
 *
 * SIMD_DIFF_FORMS (default 3000), SIMD_DIFF_CASES (default 40000) and SIMD_DIFF_SEED (default 1).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from './cpudiff/rng.ts';
import { FpOracle, type Inputs, type Outputs } from './fpdiff/runner.ts';
import { randomForm } from './fpdiff/forms.ts';
import { acceptedForms } from './fpdiff/assemble.ts';
import { fpValue, intValue, fpcrValue, rand64 } from './fpdiff/values.ts';
import { execSimdFp } from '../../src/cpu/simd/exec.ts';
import { newVRegs, type FpSimdState } from '../../src/cpu/simd/state.ts';
import { fpFlags } from '../../src/cpu/fp/state.ts';
import { createCpu } from '../../src/cpu/index.ts';
import type { GuestCpu } from '../../src/cpu/api.ts';

const envInt = (name: string, def: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${v}'`);
  return n;
};
const FORMS = envInt('SIMD_DIFF_FORMS', 3000);
const CASES = envInt('SIMD_DIFF_CASES', 40000);
const SEED = envInt('SIMD_DIFF_SEED', 1);

const r = new Rng(SEED);
const forms = acceptedForms([...new Set(Array.from({ length: FORMS }, () => randomForm(r)))]);
const oracle = new FpOracle(forms);
after(() => oracle.dispose());

/** A 128-bit register value: FP lanes of one format, integer lanes, or random bits. */
function qValue(): [bigint, bigint] {
  const half = (): bigint => {
    switch (r.int(5)) {
      case 0: return BigInt.asUintN(64, fpValue(r, 'd'));
      case 1: return (BigInt.asUintN(32, fpValue(r, 's')) << 32n) | BigInt.asUintN(32, fpValue(r, 's'));
      case 2: { let v = 0n; for (let k = 0; k < 4; k++) v |= BigInt.asUintN(16, fpValue(r, 'h')) << BigInt(16 * k); return v; }
      case 3: return BigInt.asUintN(64, intValue(r));
      default: return rand64(r);
    }
  };
  return [half(), half()];
}

const cases = Array.from({ length: CASES }, () => {
  const kernel = r.int(forms.length);
  const inp: Inputs = {
    fpcr: fpcrValue(r), nzcv: r.int(16),
    x: [intValue(r), intValue(r), intValue(r), rand64(r)],
    q: Array.from({ length: 8 }, qValue),
  };
  return { kernel, in: inp };
});

function model(word: number, inp: Inputs): Outputs | 'UNDEFINED' {
  const regs = newVRegs();
  const x = new Int32Array(68);
  inp.x.forEach((v, k) => { x[2 * k] = Number(v & 0xffffffffn) | 0; x[2 * k + 1] = Number((v >> 32n) & 0xffffffffn) | 0; });
  const s: FpSimdState = { ...regs, x, fpcr: inp.fpcr, nf: (inp.nzcv >> 3) & 1, zf: (inp.nzcv >> 2) & 1, cf: (inp.nzcv >> 1) & 1, vf: inp.nzcv & 1 };
  inp.q.forEach((q, k) => {
    for (let h = 0; h < 2; h++) {
      s.v[k * 4 + 2 * h] = Number(q[h] & 0xffffffffn) | 0;
      s.v[k * 4 + 2 * h + 1] = Number(q[h] >> 32n) | 0;
    }
  });
  fpFlags[0] = 0;
  if (!execSimdFp(s, word)) return 'UNDEFINED';
  const u = (k: number): bigint => BigInt(s.v[k] >>> 0);
  return {
    q: Array.from({ length: 8 }, (_, k) => [u(k * 4) | (u(k * 4 + 1) << 32n), u(k * 4 + 2) | (u(k * 4 + 3) << 32n)] as [bigint, bigint]),
    x: Array.from({ length: 4 }, (_, k) => BigInt(x[2 * k] >>> 0) | (BigInt(x[2 * k + 1] >>> 0) << 32n)),
    fpsr: fpFlags[0] >>> 0, nzcv: (s.nf << 3) | (s.zf << 2) | (s.cf << 1) | s.vf,
  };
}

/** The same instruction run by the whole CPU (decode, FPEN check, dispatch) from the same state, at EL1. */
const CODE = 0x40000000n;
let cpu: GuestCpu | undefined;
const ram = new Uint8Array(0x10000);
const ramDv = new DataView(ram.buffer);
function onCpu(word: number, inp: Inputs): Outputs | 'UNDEFINED' {
  if (!cpu) {
    cpu = createCpu();
    cpu.mapRam(CODE, ram);
    ramDv.setUint32(0, 0xd5181040, true); // msr cpacr_el1, x0
    cpu.setX(0, 3n << 20n); // FPEN = 0b11: no trap at EL0 or EL1
    cpu.setPc(CODE);
    cpu.run(1);
  }
  let undef = false;
  cpu.onUndefined = () => { undef = true; };
  ramDv.setUint32(0x100, word, true);
  cpu.invalidateCode(CODE + 0x100n, 4);
  inp.x.forEach((v, k) => cpu!.setX(k, v));
  inp.q.forEach((q, k) => cpu!.setVReg(k, (q[1] << 64n) | q[0]));
  cpu.setSysReg('FPCR', BigInt(inp.fpcr));
  cpu.setSysReg('FPSR', 0n);
  cpu.setPstate(((inp.nzcv << 28) | 0x3c5) >>> 0);
  cpu.setPc(CODE + 0x100n);
  cpu.run(1);
  if (undef) return 'UNDEFINED';
  return {
    q: Array.from({ length: 8 }, (_, k) => { const v = cpu!.getVReg(k); return [v & 0xffffffffffffffffn, v >> 64n] as [bigint, bigint]; }),
    x: Array.from({ length: 4 }, (_, k) => cpu!.getX(k)),
    fpsr: Number(cpu.getSysReg('FPSR')), nzcv: cpu.getPstate() >>> 28,
  };
}

const hex = (v: bigint): string => v.toString(16).padStart(16, '0');
function diff(a: Outputs, b: Outputs): string[] {
  const out: string[] = [];
  a.q.forEach((q, k) => { if (q[0] !== b.q[k][0] || q[1] !== b.q[k][1]) out.push(`v${k} qemu=${hex(q[1])}:${hex(q[0])} kvmdbg=${hex(b.q[k][1])}:${hex(b.q[k][0])}`); });
  a.x.forEach((v, k) => { if (v !== b.x[k]) out.push(`x${k} qemu=${hex(v)} kvmdbg=${hex(b.x[k])}`); });
  if (a.fpsr !== b.fpsr) out.push(`fpsr qemu=${a.fpsr.toString(16)} kvmdbg=${b.fpsr.toString(16)}`);
  if (a.nzcv !== b.nzcv) out.push(`nzcv qemu=${a.nzcv} kvmdbg=${b.nzcv}`);
  return out;
}

let qemuOut: Outputs[] | undefined;

function check(run: (word: number, inp: Inputs) => Outputs | 'UNDEFINED'): void {
  const q = (qemuOut ??= oracle.run(cases));
  const byForm = new Map<string, string[]>();
  let bad = 0;
  cases.forEach((c, i) => {
    const word = oracle.words[c.kernel];
    const m = run(word, c.in);
    const d = m === 'UNDEFINED' ? ['kvmdbg: UNDEFINED'] : diff(q[i], m);
    if (!d.length) return;
    bad++;
    const name = forms[c.kernel];
    const key = name.split(' ')[0];
    const list = byForm.get(key) ?? [];
    byForm.set(key, list);
    if (list.length < 2) {
      const ins = c.in.q.map((v, k) => `v${k}=${hex(v[1])}:${hex(v[0])}`).join(' ');
      list.push(`${name} (${word.toString(16).padStart(8, '0')}) fpcr=${c.in.fpcr.toString(16)} nzcv=${c.in.nzcv} x=${c.in.x.map(hex).join(',')}\n      ${ins}\n      ${d.join('\n      ')}`);
    }
  });
  const summary = [...byForm.keys()].join(' ');
  assert.equal(bad, 0, `${bad} of ${CASES} differ; mnemonics: ${summary}\n${[...byForm.values()].flat().slice(0, 40).join('\n')}`);
}

test(`SIMD&FP executors match QEMU on ${CASES} random instructions of ${forms.length} forms (seed ${SEED})`, () => check(model));

test(`the kvmdbg CPU (decode, FPEN, dispatch) matches QEMU on the same ${CASES} instructions`, () => check(onCpu));
