/**
 * Register file layout (Int32Array, two ints per 64-bit register, little half first):
 *
 *   slot  0..30  X0..X30            ints [2n] = bits 31:0, [2n+1] = bits 63:32
 *   slot  31     the zero register (always 0; read operands that name XZR point here)
 *   slot  32     write sink (destinations that name XZR point here; never read)
 *   slot  33     SP of the current PSTATE.SPSel/EL (the other SP is banked in the CPU)
 */
export const SLOT_ZR = 31;
export const SLOT_SINK = 32;
export const SLOT_SP = 33;
export const NSLOTS = 34;

/** Offset of register field r (0..31) read as a source where 31 means XZR. */
export function rz(r: number): number { return (r === 31 ? SLOT_ZR : r) * 2; }
/** Offset of register field r written as a destination where 31 means XZR. */
export function wz(r: number): number { return (r === 31 ? SLOT_SINK : r) * 2; }
/** Offset of register field r where 31 means SP. */
export function rsp(r: number): number { return (r === 31 ? SLOT_SP : r) * 2; }
