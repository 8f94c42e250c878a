/**
 * The two forms a template takes must compute the same thing: the interpreter's, where the record's
 * fields are read at run time (and bitfields, 64-bit immediate shifts and MADD call the alu.ts and
 * bits.ts helpers), and the block compiler's, where the fields are literals and those ops are inline
 * code with their branches decided at compile time. Every encoding of SBFM/BFM/UBFM (both sizes, every
 * immr and imms) and of the 64-bit MADD/MSUB (every register pattern that matters: Xd aliasing an
 * operand, XZR as addend), and of the data-processing forms with a shifted or extended register operand
 * (every shift type and amount, every extension), is decoded by the real decoder and run both ways on
 * random registers, flags included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decode } from '../decode.ts';
import { OPS } from './table.ts';
import { HELPERS } from './helpers.ts';
import type { T } from './emit.ts';
import { REC, R_D, R_N, R_M, R_IMM, R_IMM2, R_IMM3, R_FL } from '../record.ts';
import { NSLOTS, SLOT_ZR } from '../regs.ts';

/** What the flag-setting forms write besides the registers. */
interface Flags { nf: number; zf: number; cf: number; vf: number }
type Run = (x: Int32Array, c: Flags) => void;
const NAMES = Object.keys(HELPERS);
const VALUES = Object.values(HELPERS);
const FIELDS = [['d', R_D], ['n', R_N], ['m', R_M], ['imm', R_IMM], ['imm2', R_IMM2], ['imm3', R_IMM3], ['fl', R_FL]] as const;
const noLeave = (): string => { throw new Error('these ops never leave'); };

/** The op's template for record `rec`, as the interpreter (`literal` false) or a compiled block runs it. */
function tier(rec: Int32Array, literal: boolean): Run {
  const def = OPS[rec[0]!]!;
  const f = (k: number, name: string): string => (literal ? String(rec[k]) : `$${name}`);
  const t: T = {
    d: f(R_D, 'd'), n: f(R_N, 'n'), m: f(R_M, 'm'), imm: f(R_IMM, 'imm'), imm2: f(R_IMM2, 'imm2'), imm3: f(R_IMM3, 'imm3'), fl: f(R_FL, 'fl'),
    pc: '0', op: String(rec[0]), i: '0', count: '0', leave: noLeave, call: noLeave, mem: noLeave,
  };
  const prelude = literal ? '' : `const ${FIELDS.map(([n, k]) => `$${n} = ${rec[k]}`).join(', ')};`;
  const fn = new Function(...NAMES, 'x', 'c', `${prelude} ${def.exec!(t)}`) as (...a: unknown[]) => void;
  return (x, c) => fn(...VALUES, x, c);
}

function agree(word: number, regs: Int32Array[]): void {
  const rec = new Int32Array(REC);
  decode(word, rec, 0);
  const [interp, block] = [tier(rec, false), tier(rec, true)];
  for (const r of regs) {
    const a = r.slice(), b = r.slice();
    a[SLOT_ZR * 2] = 0; a[SLOT_ZR * 2 + 1] = 0; b[SLOT_ZR * 2] = 0; b[SLOT_ZR * 2 + 1] = 0;
    const fa: Flags = { nf: 2, zf: 2, cf: 2, vf: 2 }, fb: Flags = { ...fa };
    interp(a, fa); block(b, fb);
    assert.deepEqual(b, a, `${OPS[rec[0]!]!.name} 0x${(word >>> 0).toString(16)}: block and interpreter differ`);
    assert.deepEqual(fb, fa, `${OPS[rec[0]!]!.name} 0x${(word >>> 0).toString(16)}: flags differ`);
  }
}

const edge = fc.constantFrom(0, -1, 1, 0x7fffffff, -0x80000000, 0x80, 0xff, 0x8000, 0xffff);
const registers = fc.array(fc.array(fc.oneof(fc.integer(), edge), { minLength: NSLOTS * 2, maxLength: NSLOTS * 2 }).map((a) => Int32Array.from(a)),
  { minLength: 4, maxLength: 4 });

test('SBFM, BFM, UBFM: every encoding computes the same in a compiled block as in the interpreter', () => {
  const regs = fc.sample(registers, 1)[0]!;
  let n = 0;
  for (const sf of [0, 1]) {
    for (const opc of [0, 1, 2]) {
      for (let immr = 0; immr < (sf ? 64 : 32); immr++) {
        for (let imms = 0; imms < (sf ? 64 : 32); imms++) {
          // Xd = X1 (aliasing Xn for half of them), Xn = X1 or X2
          const rn = 1 + (imms & 1), rd = 1;
          agree(((sf << 31) | (opc << 29) | (0b100110 << 23) | (sf << 22) | (immr << 16) | (imms << 10) | (rn << 5) | rd) >>> 0, regs);
          n++;
        }
      }
    }
  }
  assert.equal(n, 3 * (64 * 64 + 32 * 32));
});

test('MADD, MSUB, MUL, MNEG (64-bit): the same in a compiled block as in the interpreter', () => {
  fc.assert(fc.property(fc.nat(1), fc.constantFrom(1, 2, 3, 31), fc.constantFrom(1, 2, 3, 31), fc.constantFrom(1, 2, 3, 31),
    fc.constantFrom(1, 2, 3), registers, (o0, rm, ra, rn, rd, regs) => {
      agree((0x9b000000 | (rm << 16) | (o0 << 15) | (ra << 10) | (rn << 5) | rd) >>> 0, regs);
    }), { numRuns: 2000 });
});

test('LSL, LSR, ASR (immediate, 64-bit): every amount the same in a compiled block as in the interpreter', () => {
  const regs = fc.sample(registers, 1)[0]!;
  for (let s = 0; s < 64; s++) {
    agree((0xd3400000 | (((64 - s) & 63) << 16) | ((63 - s) << 10) | (2 << 5) | 1) >>> 0, regs); // LSL (UBFM alias)
    agree((0xd3400000 | (s << 16) | (63 << 10) | (2 << 5) | 1) >>> 0, regs); // LSR
    agree((0x93400000 | (s << 16) | (63 << 10) | (1 << 5) | 1) >>> 0, regs); // ASR, Xd = Xn
  }
});

test('shifted register operands (ADD/SUB/ADDS/SUBS, AND/ORR/EOR/ANDS/BIC...): every type and amount the same in both tiers', () => {
  const regs = fc.sample(registers, 1)[0]!;
  let n = 0;
  for (const sf of [0, 1]) {
    for (let imm6 = 0; imm6 < (sf ? 64 : 32); imm6++) {
      for (let shift = 0; shift < 4; shift++) {
        for (let opS = 0; opS < 4; opS++) { // ADD, ADDS, SUB, SUBS (shifted register; ROR is reserved)
          if (shift < 3) { agree(((sf << 31) | (opS << 29) | (0b01011 << 24) | (shift << 22) | (3 << 16) | (imm6 << 10) | (2 << 5) | (1 + (imm6 & 1))) >>> 0, regs); n++; }
        }
        for (let opc = 0; opc < 4; opc++) { // AND, ORR, EOR, ANDS and their inverted forms (N)
          for (const inv of [0, 1]) {
            agree(((sf << 31) | (opc << 29) | (0b01010 << 24) | (shift << 22) | (inv << 21) | (3 << 16) | (imm6 << 10) | (2 << 5) | (1 + (imm6 & 1))) >>> 0, regs);
            n++;
          }
        }
      }
    }
  }
  assert.equal(n, (64 + 32) * (3 * 4 + 4 * 4 * 2));
});

test('extended register operands (ADD/SUB/ADDS/SUBS with UXTB..SXTX and LSL #0..4): every form the same in both tiers', () => {
  const regs = fc.sample(registers, 1)[0]!;
  let n = 0;
  for (const sf of [0, 1]) {
    for (let opS = 0; opS < 4; opS++) {
      for (let option = 0; option < 8; option++) {
        for (let imm3 = 0; imm3 <= 4; imm3++) {
          agree(((sf << 31) | (opS << 29) | (0b01011001 << 21) | (3 << 16) | (option << 13) | (imm3 << 10) | (2 << 5) | (1 + (imm3 & 1))) >>> 0, regs);
          n++;
        }
      }
    }
  }
  assert.equal(n, 2 * 4 * 8 * 5);
});
