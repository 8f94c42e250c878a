import { BINUTILS_SYSREG_NAMES } from './sysregs-binutils.ts';

/**
 * Names of AArch64 System registers and System instructions by encoding (op0, op1, CRn, CRm, op2), for
 * naming the target of a trapped MSR/MRS/SYS (EC 0x18). Encodings from the Arm ARM register
 * descriptions, chapter D24 ("Accessing <reg>" tables), e.g. D24.3 for the debug registers; the set
 * covers every self-hosted debug register and the EL1/EL0 registers a bare-metal guest touches, plus
 * the EL2 registers a hypervisor traps on. Encodings not in this table are looked up in the names GNU
 * binutils knows (sysregs-binutils.ts, about 1000 more); anything else prints in the generic
 * `S<op0>_<op1>_C<n>_C<m>_<op2>` form that assemblers accept.
 */

export interface SysRegEncoding {
  op0: number;
  op1: number;
  crn: number;
  crm: number;
  op2: number;
}

type Row = [name: string, op0: number, op1: number, crn: number, crm: number, op2: number];

const ROWS: Row[] = [
  // Debug (op0 = 2): Arm ARM D24.3 "Debug registers".
  ['OSDTRRX_EL1', 2, 0, 0, 0, 2], ['MDCCINT_EL1', 2, 0, 0, 2, 0], ['MDSCR_EL1', 2, 0, 0, 2, 2],
  ['OSDTRTX_EL1', 2, 0, 0, 3, 2], ['MDSELR_EL1', 2, 0, 0, 4, 2], ['OSECCR_EL1', 2, 0, 0, 6, 2],
  ['MDRAR_EL1', 2, 0, 1, 0, 0], ['OSLAR_EL1', 2, 0, 1, 0, 4], ['OSLSR_EL1', 2, 0, 1, 1, 4],
  ['OSDLR_EL1', 2, 0, 1, 3, 4], ['DBGPRCR_EL1', 2, 0, 1, 4, 4],
  ['DBGCLAIMSET_EL1', 2, 0, 7, 8, 6], ['DBGCLAIMCLR_EL1', 2, 0, 7, 9, 6], ['DBGAUTHSTATUS_EL1', 2, 0, 7, 14, 6],
  ['MDCCSR_EL0', 2, 3, 0, 1, 0], ['DBGDTR_EL0', 2, 3, 0, 4, 0], ['DBGDTRRX_EL0', 2, 3, 0, 5, 0],
  ['DBGVCR32_EL2', 2, 4, 0, 7, 0],
  // Identification (op0 = 3, op1 = 0, CRn = 0).
  ['MIDR_EL1', 3, 0, 0, 0, 0], ['MPIDR_EL1', 3, 0, 0, 0, 5], ['REVIDR_EL1', 3, 0, 0, 0, 6],
  ['ID_PFR0_EL1', 3, 0, 0, 1, 0], ['ID_PFR1_EL1', 3, 0, 0, 1, 1], ['ID_DFR0_EL1', 3, 0, 0, 1, 2], ['ID_AFR0_EL1', 3, 0, 0, 1, 3],
  ['ID_MMFR0_EL1', 3, 0, 0, 1, 4], ['ID_MMFR1_EL1', 3, 0, 0, 1, 5], ['ID_MMFR2_EL1', 3, 0, 0, 1, 6], ['ID_MMFR3_EL1', 3, 0, 0, 1, 7],
  ['ID_ISAR0_EL1', 3, 0, 0, 2, 0], ['ID_ISAR1_EL1', 3, 0, 0, 2, 1], ['ID_ISAR2_EL1', 3, 0, 0, 2, 2], ['ID_ISAR3_EL1', 3, 0, 0, 2, 3],
  ['ID_ISAR4_EL1', 3, 0, 0, 2, 4], ['ID_ISAR5_EL1', 3, 0, 0, 2, 5], ['ID_MMFR4_EL1', 3, 0, 0, 2, 6], ['ID_ISAR6_EL1', 3, 0, 0, 2, 7],
  ['MVFR0_EL1', 3, 0, 0, 3, 0], ['MVFR1_EL1', 3, 0, 0, 3, 1], ['MVFR2_EL1', 3, 0, 0, 3, 2],
  ['ID_PFR2_EL1', 3, 0, 0, 3, 4], ['ID_DFR1_EL1', 3, 0, 0, 3, 5], ['ID_MMFR5_EL1', 3, 0, 0, 3, 6],
  ['ID_AA64PFR0_EL1', 3, 0, 0, 4, 0], ['ID_AA64PFR1_EL1', 3, 0, 0, 4, 1], ['ID_AA64PFR2_EL1', 3, 0, 0, 4, 2],
  ['ID_AA64ZFR0_EL1', 3, 0, 0, 4, 4], ['ID_AA64SMFR0_EL1', 3, 0, 0, 4, 5], ['ID_AA64FPFR0_EL1', 3, 0, 0, 4, 7],
  ['ID_AA64DFR0_EL1', 3, 0, 0, 5, 0], ['ID_AA64DFR1_EL1', 3, 0, 0, 5, 1], ['ID_AA64DFR2_EL1', 3, 0, 0, 5, 2],
  ['ID_AA64AFR0_EL1', 3, 0, 0, 5, 4], ['ID_AA64AFR1_EL1', 3, 0, 0, 5, 5],
  ['ID_AA64ISAR0_EL1', 3, 0, 0, 6, 0], ['ID_AA64ISAR1_EL1', 3, 0, 0, 6, 1], ['ID_AA64ISAR2_EL1', 3, 0, 0, 6, 2], ['ID_AA64ISAR3_EL1', 3, 0, 0, 6, 3],
  ['ID_AA64MMFR0_EL1', 3, 0, 0, 7, 0], ['ID_AA64MMFR1_EL1', 3, 0, 0, 7, 1], ['ID_AA64MMFR2_EL1', 3, 0, 0, 7, 2],
  ['ID_AA64MMFR3_EL1', 3, 0, 0, 7, 3], ['ID_AA64MMFR4_EL1', 3, 0, 0, 7, 4],
  ['CCSIDR_EL1', 3, 1, 0, 0, 0], ['CLIDR_EL1', 3, 1, 0, 0, 1], ['CCSIDR2_EL1', 3, 1, 0, 0, 2], ['AIDR_EL1', 3, 1, 0, 0, 7],
  ['CSSELR_EL1', 3, 2, 0, 0, 0], ['CTR_EL0', 3, 3, 0, 0, 1], ['DCZID_EL0', 3, 3, 0, 0, 7],
  // EL1 system control, translation, exception handling.
  ['SCTLR_EL1', 3, 0, 1, 0, 0], ['ACTLR_EL1', 3, 0, 1, 0, 1], ['CPACR_EL1', 3, 0, 1, 0, 2], ['SCTLR2_EL1', 3, 0, 1, 0, 3],
  ['ZCR_EL1', 3, 0, 1, 2, 0], ['SMCR_EL1', 3, 0, 1, 2, 6],
  ['TTBR0_EL1', 3, 0, 2, 0, 0], ['TTBR1_EL1', 3, 0, 2, 0, 1], ['TCR_EL1', 3, 0, 2, 0, 2], ['TCR2_EL1', 3, 0, 2, 0, 3],
  ['APIAKEYLO_EL1', 3, 0, 2, 1, 0], ['APIAKEYHI_EL1', 3, 0, 2, 1, 1], ['APIBKEYLO_EL1', 3, 0, 2, 1, 2], ['APIBKEYHI_EL1', 3, 0, 2, 1, 3],
  ['APDAKEYLO_EL1', 3, 0, 2, 2, 0], ['APDAKEYHI_EL1', 3, 0, 2, 2, 1], ['APDBKEYLO_EL1', 3, 0, 2, 2, 2], ['APDBKEYHI_EL1', 3, 0, 2, 2, 3],
  ['APGAKEYLO_EL1', 3, 0, 2, 3, 0], ['APGAKEYHI_EL1', 3, 0, 2, 3, 1],
  ['SPSR_EL1', 3, 0, 4, 0, 0], ['ELR_EL1', 3, 0, 4, 0, 1], ['SP_EL0', 3, 0, 4, 1, 0],
  ['SPSEL', 3, 0, 4, 2, 0], ['CURRENTEL', 3, 0, 4, 2, 2], ['PAN', 3, 0, 4, 2, 3], ['UAO', 3, 0, 4, 2, 4],
  ['ICC_PMR_EL1', 3, 0, 4, 6, 0],
  ['NZCV', 3, 3, 4, 2, 0], ['DAIF', 3, 3, 4, 2, 1], ['DIT', 3, 3, 4, 2, 5], ['SSBS', 3, 3, 4, 2, 6], ['TCO', 3, 3, 4, 2, 7],
  ['FPCR', 3, 3, 4, 4, 0], ['FPSR', 3, 3, 4, 4, 1],
  ['AFSR0_EL1', 3, 0, 5, 1, 0], ['AFSR1_EL1', 3, 0, 5, 1, 1], ['ESR_EL1', 3, 0, 5, 2, 0],
  ['ERRIDR_EL1', 3, 0, 5, 3, 0], ['ERRSELR_EL1', 3, 0, 5, 3, 1],
  ['FAR_EL1', 3, 0, 6, 0, 0], ['PAR_EL1', 3, 0, 7, 4, 0],
  ['PMINTENSET_EL1', 3, 0, 9, 14, 1], ['PMINTENCLR_EL1', 3, 0, 9, 14, 2],
  ['PMCR_EL0', 3, 3, 9, 12, 0], ['PMCNTENSET_EL0', 3, 3, 9, 12, 1], ['PMCNTENCLR_EL0', 3, 3, 9, 12, 2], ['PMOVSCLR_EL0', 3, 3, 9, 12, 3],
  ['PMSELR_EL0', 3, 3, 9, 12, 5], ['PMCEID0_EL0', 3, 3, 9, 12, 6], ['PMCEID1_EL0', 3, 3, 9, 12, 7],
  ['PMCCNTR_EL0', 3, 3, 9, 13, 0], ['PMUSERENR_EL0', 3, 3, 9, 14, 0], ['PMCCFILTR_EL0', 3, 3, 14, 15, 7],
  ['MAIR_EL1', 3, 0, 10, 2, 0], ['AMAIR_EL1', 3, 0, 10, 3, 0],
  ['VBAR_EL1', 3, 0, 12, 0, 0], ['RVBAR_EL1', 3, 0, 12, 0, 1], ['RMR_EL1', 3, 0, 12, 0, 2], ['ISR_EL1', 3, 0, 12, 1, 0],
  ['ICC_DIR_EL1', 3, 0, 12, 11, 1], ['ICC_RPR_EL1', 3, 0, 12, 11, 3], ['ICC_SGI1R_EL1', 3, 0, 12, 11, 5],
  ['ICC_IAR1_EL1', 3, 0, 12, 12, 0], ['ICC_EOIR1_EL1', 3, 0, 12, 12, 1], ['ICC_HPPIR1_EL1', 3, 0, 12, 12, 2],
  ['ICC_BPR1_EL1', 3, 0, 12, 12, 3], ['ICC_CTLR_EL1', 3, 0, 12, 12, 4], ['ICC_SRE_EL1', 3, 0, 12, 12, 5],
  ['ICC_IGRPEN0_EL1', 3, 0, 12, 12, 6], ['ICC_IGRPEN1_EL1', 3, 0, 12, 12, 7],
  ['CONTEXTIDR_EL1', 3, 0, 13, 0, 1], ['TPIDR_EL1', 3, 0, 13, 0, 4], ['SCXTNUM_EL1', 3, 0, 13, 0, 7],
  ['TPIDR_EL0', 3, 3, 13, 0, 2], ['TPIDRRO_EL0', 3, 3, 13, 0, 3], ['TPIDR2_EL0', 3, 3, 13, 0, 5], ['SCXTNUM_EL0', 3, 3, 13, 0, 7],
  ['RNDR', 3, 3, 2, 4, 0], ['RNDRRS', 3, 3, 2, 4, 1],
  // Generic timer (D24.8).
  ['CNTKCTL_EL1', 3, 0, 14, 1, 0],
  ['CNTFRQ_EL0', 3, 3, 14, 0, 0], ['CNTPCT_EL0', 3, 3, 14, 0, 1], ['CNTVCT_EL0', 3, 3, 14, 0, 2],
  ['CNTPCTSS_EL0', 3, 3, 14, 0, 5], ['CNTVCTSS_EL0', 3, 3, 14, 0, 6],
  ['CNTP_TVAL_EL0', 3, 3, 14, 2, 0], ['CNTP_CTL_EL0', 3, 3, 14, 2, 1], ['CNTP_CVAL_EL0', 3, 3, 14, 2, 2],
  ['CNTV_TVAL_EL0', 3, 3, 14, 3, 0], ['CNTV_CTL_EL0', 3, 3, 14, 3, 1], ['CNTV_CVAL_EL0', 3, 3, 14, 3, 2],
  // EL2 (what a hypervisor traps on or saves).
  ['VPIDR_EL2', 3, 4, 0, 0, 0], ['VMPIDR_EL2', 3, 4, 0, 0, 5],
  ['SCTLR_EL2', 3, 4, 1, 0, 0], ['ACTLR_EL2', 3, 4, 1, 0, 1],
  ['HCR_EL2', 3, 4, 1, 1, 0], ['MDCR_EL2', 3, 4, 1, 1, 1], ['CPTR_EL2', 3, 4, 1, 1, 2], ['HSTR_EL2', 3, 4, 1, 1, 3],
  ['HACR_EL2', 3, 4, 1, 1, 7],
  ['TTBR0_EL2', 3, 4, 2, 0, 0], ['TCR_EL2', 3, 4, 2, 0, 2], ['VTTBR_EL2', 3, 4, 2, 1, 0], ['VTCR_EL2', 3, 4, 2, 1, 2],
  ['SPSR_EL2', 3, 4, 4, 0, 0], ['ELR_EL2', 3, 4, 4, 0, 1], ['SP_EL1', 3, 4, 4, 1, 0],
  ['ESR_EL2', 3, 4, 5, 2, 0], ['FAR_EL2', 3, 4, 6, 0, 0], ['HPFAR_EL2', 3, 4, 6, 0, 4],
  ['MAIR_EL2', 3, 4, 10, 2, 0], ['VBAR_EL2', 3, 4, 12, 0, 0], ['TPIDR_EL2', 3, 4, 13, 0, 2],
  ['CNTVOFF_EL2', 3, 4, 14, 0, 3], ['CNTHCTL_EL2', 3, 4, 14, 1, 0],
  ['SP_EL2', 3, 6, 4, 1, 0],
];

/** System instructions (op0 = 1): cache maintenance, address translation, TLB maintenance (Arm ARM C5.3). */
const SYS_ROWS: Row[] = [
  ['IC IALLUIS', 1, 0, 7, 1, 0], ['IC IALLU', 1, 0, 7, 5, 0], ['IC IVAU', 1, 3, 7, 5, 1],
  ['DC IVAC', 1, 0, 7, 6, 1], ['DC ISW', 1, 0, 7, 6, 2], ['DC CSW', 1, 0, 7, 10, 2], ['DC CISW', 1, 0, 7, 14, 2],
  ['DC ZVA', 1, 3, 7, 4, 1], ['DC CVAC', 1, 3, 7, 10, 1], ['DC CVAU', 1, 3, 7, 11, 1], ['DC CVAP', 1, 3, 7, 12, 1],
  ['DC CVADP', 1, 3, 7, 13, 1], ['DC CIVAC', 1, 3, 7, 14, 1],
  ['AT S1E1R', 1, 0, 7, 8, 0], ['AT S1E1W', 1, 0, 7, 8, 1], ['AT S1E0R', 1, 0, 7, 8, 2], ['AT S1E0W', 1, 0, 7, 8, 3],
  ['TLBI VMALLE1IS', 1, 0, 8, 3, 0], ['TLBI VAE1IS', 1, 0, 8, 3, 1], ['TLBI ASIDE1IS', 1, 0, 8, 3, 2], ['TLBI VAAE1IS', 1, 0, 8, 3, 3],
  ['TLBI VMALLE1', 1, 0, 8, 7, 0], ['TLBI VAE1', 1, 0, 8, 7, 1], ['TLBI ASIDE1', 1, 0, 8, 7, 2], ['TLBI VAAE1', 1, 0, 8, 7, 3],
];

function key(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
}

const NAMES = new Map<number, string>();
for (const [name, op0, op1, crn, crm, op2] of [...ROWS, ...SYS_ROWS]) NAMES.set(key(op0, op1, crn, crm, op2), name);
// DBGBVR<n>_EL1, DBGBCR<n>_EL1, DBGWVR<n>_EL1, DBGWCR<n>_EL1: op0=2, op1=0, CRn=0, CRm=n, op2=4..7 (D24.3).
for (let n = 0; n < 16; n++) {
  NAMES.set(key(2, 0, 0, n, 4), `DBGBVR${n}_EL1`);
  NAMES.set(key(2, 0, 0, n, 5), `DBGBCR${n}_EL1`);
  NAMES.set(key(2, 0, 0, n, 6), `DBGWVR${n}_EL1`);
  NAMES.set(key(2, 0, 0, n, 7), `DBGWCR${n}_EL1`);
}

let binutils: Map<number, string> | undefined;
function binutilsNames(): Map<number, string> {
  if (!binutils) {
    binutils = new Map();
    for (const entry of BINUTILS_SYSREG_NAMES.split(';')) {
      if (!entry) continue;
      const sp = entry.indexOf(' ');
      binutils.set(parseInt(entry.slice(0, sp), 16), entry.slice(sp + 1));
    }
  }
  return binutils;
}

/** The generic assembler spelling of an encoding. */
export function genericSysRegName(e: SysRegEncoding): string {
  return `S${e.op0}_${e.op1}_C${e.crn}_C${e.crm}_${e.op2}`;
}

/**
 * The architected name for an encoding, or undefined. For MRS of DBGDTRRX_EL0's encoding the name is
 * DBGDTRRX_EL0 on reads and DBGDTRTX_EL0 on writes (same encoding, D24.3).
 */
export function sysRegName(e: SysRegEncoding, isRead = true): string | undefined {
  const k = key(e.op0, e.op1, e.crn, e.crm, e.op2);
  if (k === key(2, 3, 0, 5, 0)) return isRead ? 'DBGDTRRX_EL0' : 'DBGDTRTX_EL0';
  return NAMES.get(k) ?? binutilsNames().get(k);
}

/** The binutils-derived names, for consistency checks. */
export function binutilsSysRegTable(): Array<{ name: string } & SysRegEncoding> {
  return [...binutilsNames()].map(([k, name]) => ({ name, op0: k >> 14, op1: (k >> 11) & 7, crn: (k >> 7) & 15, crm: (k >> 3) & 15, op2: k & 7 }));
}

/** kvmdbg's own (encoding, name) pairs, e.g. for checking the table against an assembler. */
export function sysRegTable(): Array<{ name: string } & SysRegEncoding> {
  const out: Array<{ name: string } & SysRegEncoding> = [];
  for (const [k, name] of NAMES) {
    out.push({ name, op0: k >> 14, op1: (k >> 11) & 7, crn: (k >> 7) & 15, crm: (k >> 3) & 15, op2: k & 7 });
  }
  return out;
}
