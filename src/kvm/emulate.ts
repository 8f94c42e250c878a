/**
 * Syndrome accessors of arch/arm64/include/asm/kvm_emulate.h, over the low 32 bits of ESR_EL2 (every
 * field KVM reads for these exception classes lives there; Arm ARM D24.2 ESR_EL2). Same names as the
 * kernel's kvm_vcpu_* helpers so a grep lands here.
 */

/** ESR_ELx.IL: the trapped instruction was 32 bits wide. */
export const ESR_ELx_IL = 1 << 25;
/** Data abort ISS (ESR_ELx_ISV, _SAS, _SSE, _SRT, _SF, _CM, _S1PTW, _WNR), Arm ARM D24.2 "ISS encoding for a Data Abort". */
export const ESR_ELx_ISV = 1 << 24;
export const ESR_ELx_CM = 1 << 8;
export const ESR_ELx_S1PTW = 1 << 7;
export const ESR_ELx_WNR = 1 << 6;
export const ESR_ELx_FSC = 0x3f;
/** Fault status without the level bits, and the types kvm_handle_guest_abort accepts. */
export const ESR_ELx_FSC_TYPE = 0x3c;
export const ESR_ELx_FSC_FAULT = 0x04;
export const ESR_ELx_FSC_ACCESS = 0x08;
export const ESR_ELx_FSC_PERM = 0x0c;
/** Synchronous external abort, the FSC inject_abt64 reports. */
export const ESR_ELx_FSC_EXTABT = 0x10;
/** WFx ISS: TI[0] = WFE, TI[1] = WFxT, RV. */
export const ESR_ELx_WFx_ISS_WFE = 1 << 0;
export const ESR_ELx_WFx_ISS_WFxT = 1 << 1;

export const esrEc = (esr: number): number => esr >>> 26;
export const kvmVcpuTrapIlIs32bit = (esr: number): boolean => (esr & ESR_ELx_IL) !== 0;
export const kvmVcpuDabtIsvalid = (esr: number): boolean => (esr & ESR_ELx_ISV) !== 0;
/** Access size in bytes: 1 << SAS. */
export const kvmVcpuDabtGetAs = (esr: number): number => 1 << ((esr >>> 22) & 3);
export const kvmVcpuDabtIssext = (esr: number): boolean => ((esr >>> 21) & 1) !== 0;
export const kvmVcpuDabtGetRd = (esr: number): number => (esr >>> 16) & 0x1f;
export const kvmVcpuDabtIssf = (esr: number): boolean => ((esr >>> 15) & 1) !== 0;
export const kvmVcpuDabtIsCm = (esr: number): boolean => (esr & ESR_ELx_CM) !== 0;
export const kvmVcpuAbtIss1tw = (esr: number): boolean => (esr & ESR_ELx_S1PTW) !== 0;
/** WnR, or a stage-1 walk (which KVM counts as a write). */
export const kvmVcpuDabtIswrite = (esr: number): boolean => (esr & ESR_ELx_WNR) !== 0 || kvmVcpuAbtIss1tw(esr);
export const kvmVcpuTrapGetFaultType = (esr: number): number => esr & ESR_ELx_FSC_TYPE;
/** The ISS KVM_EXIT_ARM_NISV hands to userspace: only CM, WnR and the FSC (kvm_vcpu_dabt_iss_nisv_sanitized). */
export const kvmVcpuDabtIssNisvSanitized = (esr: number): number => esr & (ESR_ELx_CM | ESR_ELx_WNR | ESR_ELx_FSC);
export const kvmVcpuHvcGetImm = (esr: number): number => esr & 0xffff;
/** SYS64 ISS: Rt (kvm_vcpu_sys_get_rt). */
export const kvmVcpuSysGetRt = (esr: number): number => (esr >>> 5) & 0x1f;

/** struct sys_reg_params, decoded from a SYS64 syndrome (esr_sys64_to_params). */
export interface SysRegParams {
  op0: number;
  op1: number;
  crn: number;
  crm: number;
  op2: number;
  isWrite: boolean;
  regval: bigint;
}

export function esrSys64ToParams(esr: number): SysRegParams {
  return {
    op0: (esr >>> 20) & 3,
    op2: (esr >>> 17) & 7,
    op1: (esr >>> 14) & 7,
    crn: (esr >>> 10) & 0xf,
    crm: (esr >>> 1) & 0xf,
    isWrite: (esr & 1) === 0,
    regval: 0n,
  };
}

/** PSTATE bits KVM touches (SPSR format). */
export const DBG_SPSR_SS = 1 << 21;
export const PSR_BTYPE_MASK = 3 << 10;
export const PSR_D_BIT = 1 << 9;
export const PSR_MODE_MASK = 0x1f;
export const PSR_MODE_EL0t = 0x0;
export const PSR_MODE_EL1t = 0x4;
export const PSR_MODE_EL1h = 0x5;
/** VCPU_RESET_PSTATE_EL1: EL1h with D, A, I, F masked (0x3c5). */
export const VCPU_RESET_PSTATE_EL1 = 0x3c5;
/** MDSCR_EL1 bits (Arm ARM D24.3.20). */
export const DBG_MDSCR_SS = 1n << 0n;
export const DBG_MDSCR_KDE = 1n << 13n;
export const DBG_MDSCR_MDE = 1n << 15n;
