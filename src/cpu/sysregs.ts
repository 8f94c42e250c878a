/**
 * System register encodings (op0, op1, CRn, CRm, op2) packed as in bits 20:5 of MRS/MSR, and the
 * identification values of a Cortex-A57 as QEMU's `-cpu cortex-a57` reports them
 * (Cortex-A57 TRM, "AArch64 register summary"; QEMU target/arm/cpu64.c aarch64_a57_initfn).
 */
export function sr(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

/** Fields of a packed key, for the EC 0x18 syndrome. */
export function keyFields(k: number): { op0: number; op1: number; crn: number; crm: number; op2: number } {
  return { op0: k >>> 14, op1: (k >>> 11) & 7, crn: (k >>> 7) & 15, crm: (k >>> 3) & 15, op2: k & 7 };
}

export const SR = {
  // identification
  MIDR_EL1: sr(3, 0, 0, 0, 0), MPIDR_EL1: sr(3, 0, 0, 0, 5), REVIDR_EL1: sr(3, 0, 0, 0, 6),
  ID_AA64PFR0_EL1: sr(3, 0, 0, 4, 0), ID_AA64DFR0_EL1: sr(3, 0, 0, 5, 0),
  ID_AA64ISAR0_EL1: sr(3, 0, 0, 6, 0), ID_AA64MMFR0_EL1: sr(3, 0, 0, 7, 0),
  CTR_EL0: sr(3, 3, 0, 0, 1), DCZID_EL0: sr(3, 3, 0, 0, 7), CLIDR_EL1: sr(3, 1, 0, 0, 1),
  CCSIDR_EL1: sr(3, 1, 0, 0, 0), CSSELR_EL1: sr(3, 2, 0, 0, 0),
  // EL1 system control
  SCTLR_EL1: sr(3, 0, 1, 0, 0), ACTLR_EL1: sr(3, 0, 1, 0, 1), CPACR_EL1: sr(3, 0, 1, 0, 2),
  TTBR0_EL1: sr(3, 0, 2, 0, 0), TTBR1_EL1: sr(3, 0, 2, 0, 1), TCR_EL1: sr(3, 0, 2, 0, 2),
  SPSR_EL1: sr(3, 0, 4, 0, 0), ELR_EL1: sr(3, 0, 4, 0, 1), SP_EL0: sr(3, 0, 4, 1, 0),
  SPSEL: sr(3, 0, 4, 2, 0), CURRENTEL: sr(3, 0, 4, 2, 2), DAIF: sr(3, 3, 4, 2, 1), NZCV: sr(3, 3, 4, 2, 0),
  FPCR: sr(3, 3, 4, 4, 0), FPSR: sr(3, 3, 4, 4, 1),
  AFSR0_EL1: sr(3, 0, 5, 1, 0), AFSR1_EL1: sr(3, 0, 5, 1, 1), ESR_EL1: sr(3, 0, 5, 2, 0),
  FAR_EL1: sr(3, 0, 6, 0, 0), PAR_EL1: sr(3, 0, 7, 4, 0),
  MAIR_EL1: sr(3, 0, 10, 2, 0), AMAIR_EL1: sr(3, 0, 10, 3, 0),
  VBAR_EL1: sr(3, 0, 12, 0, 0), ISR_EL1: sr(3, 0, 12, 1, 0),
  CONTEXTIDR_EL1: sr(3, 0, 13, 0, 1), TPIDR_EL1: sr(3, 0, 13, 0, 4),
  TPIDR_EL0: sr(3, 3, 13, 0, 2), TPIDRRO_EL0: sr(3, 3, 13, 0, 3),
  // generic timer
  CNTKCTL_EL1: sr(3, 0, 14, 1, 0), CNTFRQ_EL0: sr(3, 3, 14, 0, 0),
  CNTPCT_EL0: sr(3, 3, 14, 0, 1), CNTVCT_EL0: sr(3, 3, 14, 0, 2),
  CNTP_TVAL_EL0: sr(3, 3, 14, 2, 0), CNTP_CTL_EL0: sr(3, 3, 14, 2, 1), CNTP_CVAL_EL0: sr(3, 3, 14, 2, 2),
  CNTV_TVAL_EL0: sr(3, 3, 14, 3, 0), CNTV_CTL_EL0: sr(3, 3, 14, 3, 1), CNTV_CVAL_EL0: sr(3, 3, 14, 3, 2),
  // debug (op0 = 2)
  MDCCINT_EL1: sr(2, 0, 0, 2, 0), MDSCR_EL1: sr(2, 0, 0, 2, 2), MDCCSR_EL0: sr(2, 3, 0, 1, 0),
  OSLAR_EL1: sr(2, 0, 1, 0, 4), OSLSR_EL1: sr(2, 0, 1, 1, 4), OSDLR_EL1: sr(2, 0, 1, 3, 4),
  DBGPRCR_EL1: sr(2, 0, 1, 4, 4), DBGCLAIMSET_EL1: sr(2, 0, 7, 8, 6), DBGCLAIMCLR_EL1: sr(2, 0, 7, 9, 6),
  DBGAUTHSTATUS_EL1: sr(2, 0, 7, 14, 6), MDRAR_EL1: sr(2, 0, 1, 0, 0),
} as const;

export const DBGBVR = (n: number): number => sr(2, 0, 0, n, 4);
export const DBGBCR = (n: number): number => sr(2, 0, 0, n, 5);
export const DBGWVR = (n: number): number => sr(2, 0, 0, n, 6);
export const DBGWCR = (n: number): number => sr(2, 0, 0, n, 7);

/** ID_AA64DFR0_EL1: PMUVer 1, TraceVer 0, DebugVer 6 (Armv8.0), BRPs 5, WRPs 3, CTX_CMPs 1. */
export const ID_AA64DFR0_EL1_VALUE = 0x10305106n;

/** ID_DFR0_EL1 (the AArch32 view): PerfMon 3 (PMUv3), MProfDbg 1, CopSDbg/CopDbg 6. */
export const ID_DFR0_EL1_VALUE = 0x03010066n;

/** Number of breakpoints / watchpoints / context-aware breakpoints: ID_AA64DFR0_EL1.BRPs, WRPs, CTX_CMPs, each + 1. */
export const NUM_BRPS = 1 + Number((ID_AA64DFR0_EL1_VALUE >> 12n) & 0xfn);
export const NUM_WRPS = 1 + Number((ID_AA64DFR0_EL1_VALUE >> 20n) & 0xfn);
export const NUM_CTX_CMPS = 1 + Number((ID_AA64DFR0_EL1_VALUE >> 28n) & 0xfn);

/** Read-only identification values (Cortex-A57 r1p0 as modelled by QEMU). */
export const ID_VALUES: ReadonlyMap<number, bigint> = new Map<number, bigint>([
  [SR.MIDR_EL1, 0x411fd070n], [SR.MPIDR_EL1, 0x80000000n], [SR.REVIDR_EL1, 0n],
  [SR.ID_AA64PFR0_EL1, 0x00002222n], [sr(3, 0, 0, 4, 1), 0n],
  [SR.ID_AA64DFR0_EL1, ID_AA64DFR0_EL1_VALUE], [sr(3, 0, 0, 5, 1), 0n], [sr(3, 0, 0, 5, 4), 0n], [sr(3, 0, 0, 5, 5), 0n],
  [SR.ID_AA64ISAR0_EL1, 0x00011120n], [sr(3, 0, 0, 6, 1), 0n],
  [SR.ID_AA64MMFR0_EL1, 0x00001124n], [sr(3, 0, 0, 7, 1), 0n], [sr(3, 0, 0, 7, 2), 0n],
  // AArch32 identification registers (readable from AArch64 EL1)
  [sr(3, 0, 0, 1, 0), 0x00000131n], [sr(3, 0, 0, 1, 1), 0x00011011n], [sr(3, 0, 0, 1, 2), ID_DFR0_EL1_VALUE],
  [sr(3, 0, 0, 1, 3), 0n], [sr(3, 0, 0, 1, 4), 0x10101105n], [sr(3, 0, 0, 1, 5), 0x40000000n],
  [sr(3, 0, 0, 1, 6), 0x01260000n], [sr(3, 0, 0, 1, 7), 0x02102211n],
  [sr(3, 0, 0, 2, 0), 0x02101110n], [sr(3, 0, 0, 2, 1), 0x13112111n], [sr(3, 0, 0, 2, 2), 0x21232042n],
  [sr(3, 0, 0, 2, 3), 0x01112131n], [sr(3, 0, 0, 2, 4), 0x00011142n], [sr(3, 0, 0, 2, 5), 0x00011121n],
  [sr(3, 0, 0, 3, 0), 0x10110222n], [sr(3, 0, 0, 3, 1), 0x12111111n], [sr(3, 0, 0, 3, 2), 0x00000043n],
  [SR.CTR_EL0, 0x8444c004n], [SR.DCZID_EL0, 4n], [SR.CLIDR_EL1, 0x0a200023n],
  [SR.MDRAR_EL1, 0n], [SR.DBGAUTHSTATUS_EL1, 0xaan], [SR.ISR_EL1, 0n],
]);

/** CCSIDR_EL1 for CSSELR 0 (L1D), 1 (L1I), 2 (L2). */
export const CCSIDR = [0x701fe00an, 0x201fe012n, 0x70ffe07an];

/** SCTLR_EL1 reset value of the Cortex-A57 (MMU off, caches off, RES1 bits). */
export const SCTLR_RESET = 0x00c50838n;

/** CNTFRQ_EL0 as on QEMU's virt machine: 62.5 MHz. */
export const CNTFRQ = 62500000n;

/** Registers that MDCR_EL2.TDA traps (the debug registers proper and MDSCR_EL1). */
export function isTdaReg(k: number): boolean {
  if (k >>> 14 !== 2) return false;
  const { op1, crn, op2 } = keyFields(k);
  if (op1 === 0 && crn === 0 && op2 >= 4) return true; // DBGB/W{V,C}R
  return k === SR.MDSCR_EL1 || k === SR.MDCCINT_EL1 || k === SR.MDCCSR_EL0 ||
    k === SR.DBGCLAIMSET_EL1 || k === SR.DBGCLAIMCLR_EL1 || k === SR.DBGAUTHSTATUS_EL1;
}

/** Registers that MDCR_EL2.TDOSA traps (the OS lock and power-down registers). */
export function isTdosaReg(k: number): boolean {
  return k === SR.OSLAR_EL1 || k === SR.OSLSR_EL1 || k === SR.OSDLR_EL1 || k === SR.DBGPRCR_EL1;
}
