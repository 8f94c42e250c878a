/**
 * Record layout of predecoded instructions (the op ids are `Op` in interp.ts, next to the switch
 * that dispatches on them, so the bundler inlines them as literals).
 *
 * Each guest page of 4096 bytes has an Int32Array of 1024 records of REC ints:
 *   [0] op id (0 = not decoded yet)   [1] d   [2] n   [3] m
 *   [4] imm   [5] imm2                [6] imm3 [7] flags (op-specific)
 * Register operands are stored as offsets into the register file (slot * 2, see regs.ts), so
 * XZR/WZR and SP are resolved at decode time.
 */
export const REC = 8;

/**
 * A compiled block (jit.ts): `(budget) => executed`. Never executes more than `budget`
 * instructions, returns 0 untouched when the budget is below the block length, leaves PC in the CPU.
 */
export type BlockFn = (budget: number) => number;
export const REC_SHIFT = 3;


/** LDST/LDLIT/LDSTP/LDX/STX flags word ([7]). */
export const K_SIZE = 3;        // log2 of the access size in bytes
export const K_LOAD = 1 << 2;
export const K_SIGNED = 1 << 3;
export const K_TO64 = 1 << 4;   // sign-extend to 64 bits (else to 32)
export const K_UNPRIV = 1 << 5; // LDTR/STTR: checked as an EL0 access
export const K_PRFM = 1 << 6;   // prefetch: no access
export const K_AR = 1 << 7;     // acquire/release
export const K_PAIR = 1 << 8;   // exclusive pair
export const K_ALIGN = 1 << 9;  // alignment always checked (exclusives, acquire/release)

/** LDST/LDSTP addressing modes ([5]). */
export const M_OFF = 0, M_POST = 1, M_PRE = 2, M_REG = 3;
