import {
  ESR_ELx_EC_BKPT32, ESR_ELx_EC_BREAKPT_CUR, ESR_ELx_EC_BREAKPT_LOW, ESR_ELx_EC_BRK64, ESR_ELx_EC_DABT_CUR,
  ESR_ELx_EC_DABT_LOW, ESR_ELx_EC_IABT_CUR, ESR_ELx_EC_IABT_LOW, ESR_ELx_EC_SOFTSTP_CUR, ESR_ELx_EC_SOFTSTP_LOW,
  ESR_ELx_EC_VECTOR32, ESR_ELx_EC_WATCHPT_CUR, ESR_ELx_EC_WATCHPT_LOW,
} from './ec.ts';

/**
 * Small, allocation-free accessors for the VMM, the KVM model and the GDB stub (the moral equivalents
 * of Linux's `ESR_ELx_EC()`, `ESR_ELx_ISS()`, `esr_brk_comment()`, `esr_is_data_abort()`). They take a
 * bigint ESR, or a number holding its low 32 bits (e.g. `kvm_run.debug.arch.hsr`).
 */

type Esr = bigint | number;
const low32 = (esr: Esr): number => (typeof esr === 'bigint' ? Number(esr & 0xffff_ffffn) : esr >>> 0);

/** ESR_ELx_EC(esr): bits [31:26]. */
export function esrEc(esr: Esr): number {
  return low32(esr) >>> 26;
}
/** ESR_ELx_IL: bit 25. */
export function esrIl(esr: Esr): 0 | 1 {
  return ((low32(esr) >>> 25) & 1) as 0 | 1;
}
/** ESR_ELx_ISS(esr): bits [24:0]. */
export function esrIss(esr: Esr): number {
  return low32(esr) & 0x1ff_ffff;
}
/** ESR_ELx_ISS2(esr): bits [55:32] (0 for a 32-bit input). */
export function esrIss2(esr: Esr): number {
  return typeof esr === 'bigint' ? Number((esr >> 32n) & 0xff_ffffn) : 0;
}

export const isWatchpointEc = (ec: number): boolean => ec === ESR_ELx_EC_WATCHPT_LOW || ec === ESR_ELx_EC_WATCHPT_CUR;
export const isBreakpointEc = (ec: number): boolean => ec === ESR_ELx_EC_BREAKPT_LOW || ec === ESR_ELx_EC_BREAKPT_CUR;
export const isSoftwareStepEc = (ec: number): boolean => ec === ESR_ELx_EC_SOFTSTP_LOW || ec === ESR_ELx_EC_SOFTSTP_CUR;
/** BRK (A64) or BKPT (A32/T32): a software breakpoint instruction. */
export const isBreakInstructionEc = (ec: number): boolean => ec === ESR_ELx_EC_BRK64 || ec === ESR_ELx_EC_BKPT32;
export const isDataAbortEc = (ec: number): boolean => ec === ESR_ELx_EC_DABT_LOW || ec === ESR_ELx_EC_DABT_CUR;
export const isInstructionAbortEc = (ec: number): boolean => ec === ESR_ELx_EC_IABT_LOW || ec === ESR_ELx_EC_IABT_CUR;
/** The classes KVM routes to kvm_handle_guest_debug (arch/arm64/kvm/handle_exit.c), plus vector catch. */
export const isDebugEc = (ec: number): boolean =>
  isWatchpointEc(ec) || isBreakpointEc(ec) || isSoftwareStepEc(ec) || isBreakInstructionEc(ec) || ec === ESR_ELx_EC_VECTOR32;

/** Watchpoint WnR (ISS bit 6): true for a write. Meaningful only when isWatchpointEc(esrEc(esr)). */
export function watchpointWnR(esr: Esr): boolean {
  return ((low32(esr) >>> 6) & 1) === 1;
}
/** Watchpoint CM (ISS bit 8): the access was a cache maintenance instruction. */
export function watchpointCM(esr: Esr): boolean {
  return ((low32(esr) >>> 8) & 1) === 1;
}
/** Watchpoint number (WPT, ISS[23:18]) when WPTV (ISS bit 17) says it is valid, else undefined. */
export function watchpointNumber(esr: Esr): number | undefined {
  const v = low32(esr);
  return (v >>> 17) & 1 ? (v >>> 18) & 0x3f : undefined;
}
/** Software step ISV (bit 24): an instruction was stepped. */
export function stepIsv(esr: Esr): boolean {
  return ((low32(esr) >>> 24) & 1) === 1;
}
/** Software step EX (bit 6), valid only when ISV is 1: the stepped instruction was a Load-Exclusive. */
export function stepEx(esr: Esr): boolean {
  return stepIsv(esr) && ((low32(esr) >>> 6) & 1) === 1;
}
/** esr_brk_comment(): the imm16 of BRK/BKPT (ESR_ELx_BRK64_ISS_COMMENT_MASK). */
export function brkComment(esr: Esr): number {
  return low32(esr) & 0xffff;
}
/** Data Abort WnR (bit 6). */
export function dataAbortWnR(esr: Esr): boolean {
  return ((low32(esr) >>> 6) & 1) === 1;
}
