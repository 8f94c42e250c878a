/**
 * Branches (Arm ARM C4.1.87 "Branches, Exception Generating and System instructions"): B, BL, B.cond,
 * CBZ/CBNZ, TBZ/TBNZ take PC + imm; BR, BLR, RET take a register. The tiers add the control flow
 * (the interpreter advances PC, the block compiler ends or loops its block).
 */
import { cond, lo, hi } from './emit.ts';
import type { V } from './emit.ts';
import type { OpDef } from './op.ts';

const OFF = 'offset from this instruction';

/**
 * The 64-bit address in register `n` as the PC holds it (core.ts): its signed value, or what
 * `c.wildPc` makes of an address beyond +-2^53 (a tagged one, or one no translation can map).
 */
export function regAddr(n: V): V {
  return `((${hi(n)} + 0x200000) >>> 22 === 0 ? ${hi(n)} * 4294967296 + (${lo(n)} >>> 0) : c.wildPc(${lo(n)}, ${hi(n)}))`;
}

export const BRANCH_OPS: readonly OpDef[] = [
  { name: 'B', what: 'B', fields: { imm: OFF }, branch: { taken: () => 'true' } },
  { name: 'BL', what: 'BL', fields: { imm: OFF }, branch: { taken: () => 'true', link: true } },
  { name: 'BCOND', what: 'B.cond', fields: { imm: OFF, imm2: 'condition' }, branch: { taken: (t) => cond(t.imm2) } },
  { name: 'CBZ_X', what: 'CBZ, 64-bit', fields: { n: 'Xt', imm: OFF }, branch: { taken: (t) => `(${lo(t.n)} | ${hi(t.n)}) === 0` } },
  { name: 'CBNZ_X', what: 'CBNZ, 64-bit', fields: { n: 'Xt', imm: OFF }, branch: { taken: (t) => `(${lo(t.n)} | ${hi(t.n)}) !== 0` } },
  { name: 'CBZ_W', what: 'CBZ, 32-bit', fields: { n: 'Wt', imm: OFF }, branch: { taken: (t) => `${lo(t.n)} === 0` } },
  { name: 'CBNZ_W', what: 'CBNZ, 32-bit', fields: { n: 'Wt', imm: OFF }, branch: { taken: (t) => `${lo(t.n)} !== 0` } },
  { name: 'TBZ', what: 'TBZ', fields: { n: 'the half of Xt holding the bit', imm: OFF, imm2: 'mask of the bit in that half' }, branch: { taken: (t) => `(${lo(t.n)} & ${t.imm2}) === 0` } },
  { name: 'TBNZ', what: 'TBNZ', fields: { n: 'the half of Xt holding the bit', imm: OFF, imm2: 'mask of the bit in that half' }, branch: { taken: (t) => `(${lo(t.n)} & ${t.imm2}) !== 0` } },
  { name: 'BR', what: 'BR', fields: { n: 'Xn' }, indirect: { target: (t) => regAddr(t.n) } },
  { name: 'BLR', what: 'BLR', fields: { n: 'Xn' }, indirect: { target: (t) => regAddr(t.n), link: true } },
  { name: 'RET', what: 'RET', fields: { n: 'Xn' }, indirect: { target: (t) => regAddr(t.n) } },
];
