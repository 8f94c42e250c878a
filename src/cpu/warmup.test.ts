/**
 * The warm-up program (warmup.ts) gives the interpreter's type feedback for every op of sem/table.ts:
 * stepped one instruction at a time, it executes each op at least once and ends at its HVC, having
 * taken every exception it asks for (SVC, BRK, UDF, alignment faults) through its own vector.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { A64Cpu } from './cpu.ts';
import { RunStop } from './api.ts';
import { decode } from './decode.ts';
import { OPS } from './sem/table.ts';
import { SIMDFP_OPS } from './sem/ops-simdfp.ts';
import { ADVSIMD_OPS } from './sem/ops-advsimd.ts';
import { R_FL, R_IMM2, R_N, K_SIZE, K_LOAD, K_SIGNED, K_TO64, K_UNPRIV, K_PRFM, K_AR, K_PAIR, K_ALIGN } from './record.ts';
import { LDST_MODES, WARM_UP, WARM_UP_FP_BEGIN, WARM_UP_FP_END, WARM_UP_LDST, WARM_UP_LDST_AT, WARM_UP_RAM, WARM_UP_RAM_HIGH, WARM_UP_VBAR, ldstWord, warmUpMemory } from './warmup.ts';
import {
  ESR_ELx_EC_BRK64, ESR_ELx_EC_DABT_CUR, ESR_ELx_EC_DABT_LOW, ESR_ELx_EC_FP_ASIMD, ESR_ELx_EC_HVC64, ESR_ELx_EC_SVC64, ESR_ELx_EC_UNKNOWN,
} from '../esr/ec.ts';
import { ESR_ELx_FSC_ALIGN } from '../esr/fsc.ts';
import { ec } from './test-helpers.ts';
import { X_SP } from './regs.ts';

const LDST = OPS.findIndex((d) => d?.name === 'LDST');
/** The LDST flags of the forms that never take its fast path (unprivileged, prefetch, acquire/release, exclusive). */
const PLAIN = K_UNPRIV | K_PRFM | K_AR | K_PAIR | K_ALIGN;
/** An LDST record's form as its fast path branches on it: load or store, size, extension, addressing mode. */
function ldstForm(rec: Int32Array): string {
  const fl = rec[R_FL]!;
  const ext = (fl & K_SIGNED) === 0 ? '' : (fl & K_TO64) !== 0 ? ' signed to 64' : ' signed to 32';
  return `${(fl & K_LOAD) !== 0 ? 'load' : 'store'} ${1 << (fl & K_SIZE)}${ext} ${LDST_MODES[rec[R_IMM2]!]}`;
}

/**
 * Every LDST form, as ldstForm names it, that the fast path branches on (opLDST in exec.gen.ts): loads
 * (every size, extension and addressing mode) and stores. LDR/STR (register) of a byte, word or
 * doubleword decode to ops of their own (LDRB_R... STRX_R).
 */
function ldstForms(): { loads: string[]; stores: string[] } {
  const loads: string[] = [], stores: string[] = [];
  for (const mode of LDST_MODES) {
    for (const size of [1, 2, 4, 8]) {
      if (mode !== 'register' || size === 2) { loads.push(`load ${size} ${mode}`); stores.push(`store ${size} ${mode}`); }
      if (size < 8) loads.push(`load ${size} signed to 64 ${mode}`);
      if (size < 4) loads.push(`load ${size} signed to 32 ${mode}`);
    }
  }
  return { loads, stores };
}

/** Step the program at `ram` to its HVC: the ops it executed and the exception classes it took through its vector. */
function stepThrough(fp: boolean, ram: number): { seen: Set<number>; taken: Set<number>; fpen: bigint; ldst: { ram: Set<string>; mmio: Set<string> } } {
  const cpu = new A64Cpu();
  const mem = warmUpMemory(fp);
  const dv = new DataView(mem.buffer);
  cpu.mapRam(BigInt(ram), mem);
  cpu.setPc(BigInt(ram));
  const seen = new Set<number>();
  const rec = new Int32Array(8);
  const taken = new Set<number>();
  const ldst = { ram: new Set<string>(), mmio: new Set<string>() };
  for (let k = 0; ; k++) {
    assert.ok(k < 5000, 'the program ends within 5000 instructions');
    const off = Number(cpu.getPc()) - ram;
    if (off === WARM_UP_VBAR + 0x200) { // a synchronous exception entered its vector
      const esr = Number(cpu.getSysReg('ESR_EL1'));
      taken.add(ec(BigInt(esr)));
      if (ec(BigInt(esr)) === ESR_ELx_EC_DABT_CUR) assert.equal(esr & 0x3f, ESR_ELx_FSC_ALIGN, 'its data aborts are alignment faults');
    }
    seen.add(decode(dv.getUint32(off, true), rec, 0));
    const form = rec[0] === LDST && (rec[R_FL]! & PLAIN) === 0 ? ldstForm(rec) : null;
    if (cpu.run(1) === RunStop.TrapToEl2) {
      const e = ec(cpu.el2.esr);
      if (e === ESR_ELx_EC_HVC64) break;
      if (form !== null) ldst.mmio.add(form);
      assert.equal(e, ESR_ELx_EC_DABT_LOW, `only MMIO and the final HVC stop it (EC 0x${e.toString(16)})`);
      cpu.setPc(cpu.getPc() + 4n);
    } else if (form !== null) ldst.ram.add(form);
  }
  assert.equal(Number(cpu.getPc()), ram + 4 * (WARM_UP.indexOf(0xd4000002) + 1), 'stops after the HVC that ends the program');
  return { seen, taken, fpen: (cpu.getSysReg('CPACR_EL1') >> 20n) & 3n, ldst };
}

/** The ops of the SIMD&FP groups (sem/ops-simdfp.ts, sem/ops-advsimd.ts). */
const SIMDFP = new Set([...SIMDFP_OPS, ...ADVSIMD_OPS].map((d) => OPS.indexOf(d)));

// at both places the warm-up runs it (cpu.ts): the program is position independent
for (const ram of [WARM_UP_RAM, WARM_UP_RAM_HIGH]) test(`the warm-up program at 0x${ram.toString(16)} executes every op of the table and ends at its HVC`, () => {
  const { seen, taken } = stepThrough(true, ram);
  const missing = OPS.map((d, op) => (op > 0 && !seen.has(op) ? d?.name : undefined)).filter((n) => n !== undefined);
  assert.deepEqual(missing, [], 'ops the warm-up never executes');
  // the FP trap before CPACR_EL1.FPEN is set, SVC, BRK, UDF, unaligned accesses to Device memory (MMU off)
  assert.deepEqual([...taken].sort((a, b) => a - b),
    [ESR_ELx_EC_UNKNOWN, ESR_ELx_EC_FP_ASIMD, ESR_ELx_EC_SVC64, ESR_ELx_EC_DABT_CUR, ESR_ELx_EC_BRK64]);
});

for (const ram of [WARM_UP_RAM, WARM_UP_RAM_HIGH]) test(`without its SIMD&FP part the warm-up at 0x${ram.toString(16)} still executes every other op, and the SIMD&FP trap`, () => {
  assert.ok(WARM_UP_FP_BEGIN > 0 && WARM_UP_FP_END > WARM_UP_FP_BEGIN, 'the SIMD&FP part is found in the program');
  assert.ok(SIMDFP.size > 0 && !SIMDFP.has(-1));
  const { seen, taken, fpen } = stepThrough(false, ram);
  assert.equal(fpen, 0n, 'CPACR_EL1.FPEN stays clear: every SIMD&FP instruction it reaches traps');
  const missing = OPS.map((d, op) => (op > 0 && !SIMDFP.has(op) && !seen.has(op) ? d?.name : undefined)).filter((n) => n !== undefined);
  assert.deepEqual(missing, [], 'ops outside SIMD&FP that the integer warm-up never executes');
  assert.deepEqual([...taken].sort((a, b) => a - b),
    [ESR_ELx_EC_UNKNOWN, ESR_ELx_EC_FP_ASIMD, ESR_ELx_EC_SVC64, ESR_ELx_EC_DABT_CUR, ESR_ELx_EC_BRK64]);
});

test('the warm-up runs every form of the general single-register load/store (LDST) on RAM and on MMIO', () => {
  // one that first runs in a guest would throw the optimised interpreter code away
  const { loads, stores } = ldstForms();
  const forms = [...loads, ...stores];
  const { ldst } = stepThrough(true, WARM_UP_RAM);
  const sorted = (a: Iterable<string>): string[] => [...a].sort();
  assert.deepEqual(sorted(forms.filter((f) => !ldst.ram.has(f))), [], 'forms never run on RAM (fast path)');
  assert.deepEqual(sorted(forms.filter((f) => !ldst.mmio.has(f))), [], 'forms never run on MMIO (outside every window)');
});

test('the second warm-up program runs every LDST form with SP as base, and every LDST store onto a page holding code', () => {
  // each form's fast path checks SP's alignment and looks at a code page's records on its own: one a
  // guest reaches first throws the optimised interpreter code away (opLDST in exec.gen.ts)
  const { loads, stores } = ldstForms();
  for (const ram of [WARM_UP_RAM, WARM_UP_RAM_HIGH]) {
    const cpu = new A64Cpu();
    const mem = warmUpMemory(false);
    const dv = new DataView(mem.buffer);
    cpu.mapRam(BigInt(ram), mem);
    cpu.setPc(BigInt(ram + WARM_UP_LDST_AT));
    const onSp = new Set<string>(), besideCode = new Set<string>();
    let stpBeside = false;
    const rec = new Int32Array(8);
    let looked: boolean; // the store looked at the records of the page holding code (its fast path's sCodeFree)
    const sCodeFree = cpu.sCodeFree.bind(cpu);
    cpu.sCodeFree = (o: number, n: number): boolean => { looked = true; return sCodeFree(o, n); };
    for (let k = 0; ; k++) {
      assert.ok(k < 200, 'the program ends within 200 instructions');
      const off = Number(cpu.getPc()) - ram;
      assert.ok(off >= WARM_UP_LDST_AT && off < WARM_UP_LDST_AT + 4 * WARM_UP_LDST.length, 'it runs straight through its own code');
      const word = dv.getUint32(off, true);
      const op = decode(word, rec, 0);
      const form = op === LDST ? ldstForm(rec) : null;
      looked = false;
      const stop = cpu.run(1);
      if (stop === RunStop.TrapToEl2) {
        assert.equal(ec(cpu.el2.esr), ESR_ELx_EC_HVC64, 'only its HVC stops it');
        break;
      }
      assert.equal(stop, RunStop.Budget);
      if (word === 0x29021b85) stpBeside = looked; // stp w5, w6, [x28, #16]
      if (form === null) continue;
      if (rec[R_N] === X_SP) onSp.add(form); else if (looked) besideCode.add(form);
    }
    assert.equal(Number(cpu.getPc()) - ram, WARM_UP_LDST_AT + 4 * WARM_UP_LDST.length, 'stops after its HVC, at the end');
    assert.equal(Number(cpu.getSp()) - ram, 0x2800, 'SP is back where it started');
    assert.equal(Number(cpu.getX(28)) - ram, 0x3800, 'x28 too, on the page of the code');
    assert.deepEqual([...loads, ...stores].filter((f) => !onSp.has(f)).sort(), [], 'forms never run with SP as base');
    assert.deepEqual(stores.filter((f) => !besideCode.has(f)).sort(), [], 'store forms never run beside code');
    assert.ok(stpBeside, 'the 32-bit STP stores beside code');
  }
  // the encoder against the assembler's words (GNU as): a sample of each mode
  assert.equal(ldstWord(3, 0, 'offset', 31, 5, -8, 6), 0xf81f83e5, 'stur x5, [sp, #-8]');
  assert.equal(ldstWord(3, 0, 'pre-index', 31, 5, -16, 6), 0xf81f0fe5, 'str x5, [sp, #-16]!');
  assert.equal(ldstWord(3, 1, 'post-index', 31, 5, 16, 6), 0xf84107e5, 'ldr x5, [sp], #16');
  assert.equal(ldstWord(0, 2, 'offset', 31, 5, -8, 6), 0x389f83e5, 'ldursb x5, [sp, #-8]');
  assert.equal(ldstWord(0, 3, 'offset', 31, 5, -8, 6), 0x38df83e5, 'ldursb w5, [sp, #-8]');
  assert.equal(ldstWord(2, 2, 'offset', 31, 5, -8, 6), 0xb89f83e5, 'ldursw x5, [sp, #-8]');
  assert.equal(ldstWord(1, 0, 'register', 28, 5, 0, 6), 0x78266b85, 'strh w5, [x28, x6]');
});
