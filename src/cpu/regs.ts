/**
 * Register file layout (Int32Array, two ints per 64-bit register, low half first):
 *
 *   slot  0..30  X0..X30            ints [2n] = bits 31:0, [2n+1] = bits 63:32
 *   slot  31     the zero register (always 0; read operands that name XZR point here)
 *   slot  32     write sink (destinations that name XZR point here; never read)
 *   slot  33     SP of the current PSTATE.SPSel/EL
 *   slot  34..38 the system registers MRS reads without leaving straight-line code (sem/ops-sys.ts
 *                MRSV): the SPs not selected (SP_EL0, SP_EL1: exceptions.ts banks them), TPIDR_EL1,
 *                TPIDR_EL0, TPIDRRO_EL0. Here rather than in a separate array so that they move with
 *                the register file (wasm-tier.ts `home`) and WebAssembly blocks read them in place.
 *
 * Predecoded records (record.ts) hold register operands as offsets into this array (slot * 2), so
 * XZR/WZR and SP are resolved once, at decode time.
 */
export const SLOT_ZR = 31;
export const SLOT_SINK = 32;
export const SLOT_SP = 33;
export const NSLOTS = 39;

/** Offset of Xn's low half (n = 0..30). */
export const xo = (n: number): number => n * 2;
/** Offset of X30, the link register BL and BLR write. */
export const X_LR = 60;
/** Offset of the current SP. */
export const X_SP = SLOT_SP * 2;
/** Offset of the zero register. */
export const X_ZR = SLOT_ZR * 2;
/** Offsets of the banked SPs (SP_EL0, then SP_EL1) and of the thread ID registers. */
export const X_SP_EL0 = 68;
export const X_SP_EL1 = 70;
export const X_TPIDR_EL1 = 72;
export const X_TPIDR_EL0 = 74;
export const X_TPIDRRO_EL0 = 76;

/** Offset of register field r (0..31) read as a source where 31 means XZR. */
export function rz(r: number): number { return (r === 31 ? SLOT_ZR : r) * 2; }
/** Offset of register field r written as a destination where 31 means XZR. */
export function wz(r: number): number { return (r === 31 ? SLOT_SINK : r) * 2; }
/** Offset of register field r where 31 means SP. */
export function rsp(r: number): number { return (r === 31 ? SLOT_SP : r) * 2; }
/** The register number (0..31, 31 for XZR/SP) an offset stands for, as a syndrome reports it. */
export function regNum(off: number): number { return Math.min(off >> 1, 31); }
