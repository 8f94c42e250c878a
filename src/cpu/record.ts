/**
 * Predecoded instruction records.
 *
 * Each 4 KiB page of guest RAM that has been executed gets an Int32Array of 1024 records of REC ints
 * (memory.ts), filled by the decoder (decode.ts) on first execution. The fields, by name:
 *
 *   [R_OP]    op id (`Op`, exec.gen.ts; 0 = not decoded yet)
 *   [R_D]     destination register offset      [R_N]    first source register offset
 *   [R_M]     second source register offset    [R_IMM]  immediate
 *   [R_IMM2]  second immediate                 [R_IMM3] third immediate
 *   [R_FL]    op-specific flags
 *
 * What each field holds for an op is written beside its semantics in sem/ (the `fields` of its
 * definition). Register operands are offsets into the register file (regs.ts).
 */
export const REC = 8;
export const REC_SHIFT = 3;
export const R_OP = 0;
export const R_D = 1;
export const R_N = 2;
export const R_M = 3;
export const R_IMM = 4;
export const R_IMM2 = 5;
export const R_IMM3 = 6;
export const R_FL = 7;

/**
 * A compiled block (jit.ts): `(cpu, budget) => executed`, `cpu` the CpuCore that runs it. Never executes
 * more than `budget` instructions, returns 0 untouched when the budget is below the block length,
 * leaves PC in the CPU.
 */
export type BlockFn = (cpu: object, budget: number) => number;

/** R_FL of the load/store ops (LDST, LDLIT, LDSTP, LDX, STX and the *_UI fast forms). */
export const K_SIZE = 3;        // log2 of the access size in bytes
export const K_LOAD = 1 << 2;
export const K_SIGNED = 1 << 3;
export const K_TO64 = 1 << 4;   // sign-extend to 64 bits (else to 32)
export const K_UNPRIV = 1 << 5; // LDTR/STTR: checked as an EL0 access
export const K_PRFM = 1 << 6;   // prefetch: no access
export const K_AR = 1 << 7;     // acquire/release
export const K_PAIR = 1 << 8;   // exclusive pair
export const K_ALIGN = 1 << 9;  // alignment always checked (exclusives, acquire/release)

/** R_IMM2 of LDST/LDSTP: the addressing mode. */
export const M_OFF = 0, M_POST = 1, M_PRE = 2, M_REG = 3;
