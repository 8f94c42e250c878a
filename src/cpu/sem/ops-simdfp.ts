/**
 * SIMD&FP instructions (Arm ARM C4.1.95 data processing, C4.1.89 loads and stores of SIMD&FP
 * registers). One op for the whole group: `c.fpInsn(word)` (simd-fp.ts) checks the CPACR_EL1.FPEN
 * trap, then runs the executors of simd/ or the load/store plan, inside compiled blocks too.
 */
import type { OpDef } from './op.ts';

export const SIMDFP_OPS: readonly OpDef[] = [
  {
    name: 'SIMDFP', what: 'every SIMD&FP instruction (scalar FP, AdvSIMD, crypto, their loads and stores)',
    fields: { imm: 'the instruction word' },
    exec: (t) => t.call(`c.fpInsn(${t.imm})`),
  },
];
