/**
 * Exception classes: ESR_ELx.EC, bits [31:26].
 *
 * Source: Arm ARM (DDI0487 M.a) D24.2.45 "ESR_EL1, Exception Syndrome Register (EL1)", field EC, and
 * the same table in ESR_EL2/ESR_EL3, which add the classes only those registers report. Constant names
 * are Linux's (`arch/arm64/include/asm/esr.h`, `ESR_ELx_EC_*`) so that a grep for a kernel name lands
 * here; classes Linux does not name yet (0x14, 0x1B, 0x1E, 0x3D) get names in the same style and
 * `linux: false`.
 *
 * This table is also the feature list of the decoder: `ecTable()` feeds the README generator.
 */

/** Which ISS layout an EC uses (one decoder per layout, in iss/). */
export type IssLayout =
  | 'res0' | 'impdef' | 'wfx' | 'mcr' | 'mcrr' | 'ldc' | 'fp-access' | 'ls64' | 'bti' | 'svc-hvc' | 'smc32'
  | 'smc64' | 'sys64' | 'sys128' | 'eret' | 'tstart' | 'pac-fail' | 'sme' | 'gpc' | 'iabt' | 'dabt' | 'mops'
  | 'fp-exc' | 'gcs' | 'serror' | 'breakpoint' | 'step' | 'watchpoint' | 'brk' | 'profiling' | 'unallocated';

/** Which ISS2 layout an EC uses (ESR[55:32]). */
export type Iss2Layout = 'dabt' | 'iabt' | 'watchpoint' | 'other';

export interface EcEntry {
  value: number;
  /** `ESR_ELx_EC_*` name. */
  name: string;
  /** Arm ARM wording of the class. */
  description: string;
  /** Arm ARM subsection of ESR_ELx that defines the ISS for this class. */
  issSection: string;
  iss: IssLayout;
  iss2: Iss2Layout;
  /** Architecture feature or state the class needs, when it is not always present. */
  feature?: string;
  /** Which ESR_ELx registers can report it ('EL1+' when any). */
  reportedIn: 'EL1+' | 'EL2+' | 'EL2' | 'EL3';
  /** Whether Linux's esr.h defines the constant. */
  linux: boolean;
}

const S = (title: string) => `Arm ARM D24.2.45 ESR_EL1, "ISS encoding for ${title}"`;

function ec(value: number, name: string, description: string, iss: IssLayout, issTitle: string,
  extra: Partial<Pick<EcEntry, 'feature' | 'reportedIn' | 'linux' | 'iss2'>> = {}): EcEntry {
  return {
    value, name, description, iss, issSection: S(issTitle), iss2: extra.iss2 ?? 'other',
    reportedIn: extra.reportedIn ?? 'EL1+', linux: extra.linux ?? true,
    ...(extra.feature ? { feature: extra.feature } : {}),
  };
}

/** Every allocated EC, in numeric order. */
export const EC_TABLE: readonly EcEntry[] = [
  ec(0x00, 'ESR_ELx_EC_UNKNOWN', 'Unknown reason', 'res0', 'exceptions with an unknown reason'),
  ec(0x01, 'ESR_ELx_EC_WFx', 'Trapped WFI, WFE, WFIT or WFET instruction execution', 'wfx', 'an exception from a WF* instruction'),
  ec(0x03, 'ESR_ELx_EC_CP15_32', 'Trapped MCR or MRC access with coproc=0b1111', 'mcr', 'an exception from an MCR or MRC access', { feature: 'AArch32' }),
  ec(0x04, 'ESR_ELx_EC_CP15_64', 'Trapped MCRR or MRRC access with coproc=0b1111', 'mcrr', 'an exception from an MCRR or MRRC access', { feature: 'AArch32' }),
  ec(0x05, 'ESR_ELx_EC_CP14_MR', 'Trapped MCR or MRC access with coproc=0b1110', 'mcr', 'an exception from an MCR or MRC access', { feature: 'AArch32' }),
  ec(0x06, 'ESR_ELx_EC_CP14_LS', 'Trapped LDC or STC access', 'ldc', 'an exception from an LDC or STC instruction', { feature: 'AArch32' }),
  ec(0x07, 'ESR_ELx_EC_FP_ASIMD', 'Access to SME, SVE, Advanced SIMD or floating-point functionality trapped by CPACR_EL1.FPEN, CPTR_EL2.FPEN/TFP or CPTR_EL3.TFP', 'fp-access',
    'an exception from an access to SVE, Advanced SIMD or floating-point functionality, resulting from the FPEN and TFP traps'),
  ec(0x08, 'ESR_ELx_EC_CP10_ID', 'Trapped VMRS access, from ID group trap (coproc=0b1010)', 'mcr', 'an exception from an MCR or MRC access', { feature: 'AArch32', reportedIn: 'EL2' }),
  ec(0x09, 'ESR_ELx_EC_PAC', 'Trapped use of a Pointer authentication instruction because HCR_EL2.API or SCR_EL3.API is 0', 'res0',
    'an exception from a Pointer Authentication instruction when HCR_EL2.API == 0 || SCR_EL3.API == 0', { feature: 'FEAT_PAuth', reportedIn: 'EL2+' }),
  ec(0x0a, 'ESR_ELx_EC_OTHER', 'Trapped execution of an LD64B, ST64B, ST64BV or ST64BV0 instruction (Linux also files TSB/PSB CSYNC traps here)', 'ls64',
    'an exception from an LD64B or ST64B* instruction', { feature: 'FEAT_LS64' }),
  ec(0x0c, 'ESR_ELx_EC_CP14_64', 'Trapped MRRC access with coproc=0b1110', 'mcrr', 'an exception from an MCRR or MRRC access', { feature: 'AArch32' }),
  ec(0x0d, 'ESR_ELx_EC_BTI', 'Branch Target Exception', 'bti', 'an exception from Branch Target Identification instruction', { feature: 'FEAT_BTI' }),
  ec(0x0e, 'ESR_ELx_EC_ILL', 'Illegal Execution state', 'res0', 'an exception from an Illegal Execution state, or a PC or SP alignment fault'),
  ec(0x11, 'ESR_ELx_EC_SVC32', 'SVC instruction execution in AArch32 state', 'svc-hvc', 'an exception from HVC or SVC instruction execution', { feature: 'AArch32' }),
  ec(0x12, 'ESR_ELx_EC_HVC32', 'HVC instruction execution in AArch32 state, when HVC is not disabled', 'svc-hvc', 'an exception from HVC or SVC instruction execution', { feature: 'AArch32', reportedIn: 'EL2' }),
  ec(0x13, 'ESR_ELx_EC_SMC32', 'SMC instruction execution in AArch32 state, when SMC is not disabled', 'smc32', 'an exception from SMC instruction execution in AArch32 state', { feature: 'AArch32', reportedIn: 'EL2+' }),
  ec(0x14, 'ESR_ELx_EC_SYS128', 'Trapped MSRR, MRRS or 128-bit System instruction execution in AArch64 state', 'sys128',
    'an exception from MSRR, MRRS, or 128-bit System instruction execution in AArch64 state', { feature: 'FEAT_SYSREG128 or FEAT_SYSINSTR128', linux: false }),
  ec(0x15, 'ESR_ELx_EC_SVC64', 'SVC instruction execution in AArch64 state', 'svc-hvc', 'an exception from HVC or SVC instruction execution'),
  ec(0x16, 'ESR_ELx_EC_HVC64', 'HVC instruction execution in AArch64 state, when HVC is not disabled', 'svc-hvc', 'an exception from HVC or SVC instruction execution', { reportedIn: 'EL2+' }),
  ec(0x17, 'ESR_ELx_EC_SMC64', 'SMC instruction execution in AArch64 state, when SMC is not disabled', 'smc64', 'an exception from SMC instruction execution in AArch64 state', { reportedIn: 'EL2+' }),
  ec(0x18, 'ESR_ELx_EC_SYS64', 'Trapped MSR, MRS or System instruction execution in AArch64 state', 'sys64', 'an exception from MSR, MRS, or System instruction execution in AArch64 state'),
  ec(0x19, 'ESR_ELx_EC_SVE', 'Access to SVE functionality trapped by CPACR_EL1.ZEN, CPTR_EL2.ZEN/TZ or CPTR_EL3.EZ', 'res0',
    'an exception from an access to SVE functionality, resulting from CPACR_EL1.ZEN, CPTR_EL2.ZEN, CPTR_EL2.TZ, or CPTR_EL3.EZ', { feature: 'FEAT_SVE' }),
  ec(0x1a, 'ESR_ELx_EC_ERET', 'Trapped ERET, ERETAA or ERETAB instruction execution', 'eret', 'an exception from ERET, ERETAA, or ERETAB instruction', { feature: 'FEAT_NV', reportedIn: 'EL2' }),
  ec(0x1b, 'ESR_ELx_EC_TSTART', 'Exception from an access to a TSTART instruction (TME disabled)', 'tstart', 'an exception from a TSTART instruction', { feature: 'FEAT_TME', linux: false }),
  ec(0x1c, 'ESR_ELx_EC_FPAC', 'Exception from a Pointer Authentication instruction authentication failure', 'pac-fail', 'a PAC Fail exception', { feature: 'FEAT_FPAC' }),
  ec(0x1d, 'ESR_ELx_EC_SME', 'Access to SME functionality trapped by CPACR_EL1.SMEN, CPTR_EL2.SMEN/TSM, CPTR_EL3.ESM, or an instruction illegal for the current PSTATE.SM or PSTATE.ZA', 'sme',
    'an exception due to SME functionality', { feature: 'FEAT_SME' }),
  ec(0x1e, 'ESR_ELx_EC_GPC', 'Granule Protection Check exception', 'gpc', 'a GPC exception', { feature: 'FEAT_RME', reportedIn: 'EL3', linux: false }),
  ec(0x1f, 'ESR_ELx_EC_IMP_DEF', 'IMPLEMENTATION DEFINED exception taken to EL3', 'impdef', 'an IMPLEMENTATION DEFINED exception to EL3', { reportedIn: 'EL3' }),
  ec(0x20, 'ESR_ELx_EC_IABT_LOW', 'Instruction Abort from a lower Exception level', 'iabt', 'an exception from an Instruction Abort', { iss2: 'iabt' }),
  ec(0x21, 'ESR_ELx_EC_IABT_CUR', 'Instruction Abort taken without a change in Exception level', 'iabt', 'an exception from an Instruction Abort', { iss2: 'iabt' }),
  ec(0x22, 'ESR_ELx_EC_PC_ALIGN', 'PC alignment fault exception', 'res0', 'an exception from an Illegal Execution state, or a PC or SP alignment fault'),
  ec(0x24, 'ESR_ELx_EC_DABT_LOW', 'Data Abort exception from a lower Exception level', 'dabt', 'an exception from a Data Abort', { iss2: 'dabt' }),
  ec(0x25, 'ESR_ELx_EC_DABT_CUR', 'Data Abort exception taken without a change in Exception level', 'dabt', 'an exception from a Data Abort', { iss2: 'dabt' }),
  ec(0x26, 'ESR_ELx_EC_SP_ALIGN', 'SP alignment fault exception', 'res0', 'an exception from an Illegal Execution state, or a PC or SP alignment fault'),
  ec(0x27, 'ESR_ELx_EC_MOPS', 'Memory Operation Exception (CPYx/SETx)', 'mops', 'an exception from the Memory Copy and Memory Set instructions', { feature: 'FEAT_MOPS' }),
  ec(0x28, 'ESR_ELx_EC_FP_EXC32', 'Trapped floating-point exception taken from AArch32 state', 'fp-exc', 'an exception from a trapped floating-point exception', { feature: 'AArch32' }),
  ec(0x2c, 'ESR_ELx_EC_FP_EXC64', 'Trapped floating-point exception taken from AArch64 state', 'fp-exc', 'an exception from a trapped floating-point exception'),
  ec(0x2d, 'ESR_ELx_EC_GCS', 'Guarded Control Stack exception', 'gcs', 'a GCS exception', { feature: 'FEAT_GCS' }),
  ec(0x2f, 'ESR_ELx_EC_SERROR', 'SError exception', 'serror', 'an SError exception'),
  ec(0x30, 'ESR_ELx_EC_BREAKPT_LOW', 'Breakpoint exception from a lower Exception level', 'breakpoint', 'an exception from a Breakpoint or Vector Catch debug exception'),
  ec(0x31, 'ESR_ELx_EC_BREAKPT_CUR', 'Breakpoint exception taken without a change in Exception level', 'breakpoint', 'an exception from a Breakpoint or Vector Catch debug exception'),
  ec(0x32, 'ESR_ELx_EC_SOFTSTP_LOW', 'Software Step exception from a lower Exception level', 'step', 'an exception from a Software Step exception'),
  ec(0x33, 'ESR_ELx_EC_SOFTSTP_CUR', 'Software Step exception taken without a change in Exception level', 'step', 'an exception from a Software Step exception'),
  ec(0x34, 'ESR_ELx_EC_WATCHPT_LOW', 'Watchpoint exception from a lower Exception level', 'watchpoint', 'an exception from a Watchpoint exception', { iss2: 'watchpoint' }),
  ec(0x35, 'ESR_ELx_EC_WATCHPT_CUR', 'Watchpoint exception taken without a change in Exception level', 'watchpoint', 'an exception from a Watchpoint exception', { iss2: 'watchpoint' }),
  ec(0x38, 'ESR_ELx_EC_BKPT32', 'BKPT instruction execution in AArch32 state', 'brk', 'an exception from execution of a Breakpoint instruction', { feature: 'AArch32' }),
  ec(0x3a, 'ESR_ELx_EC_VECTOR32', 'Vector Catch exception from AArch32 state', 'breakpoint', 'an exception from a Breakpoint or Vector Catch debug exception', { feature: 'AArch32', reportedIn: 'EL2' }),
  ec(0x3c, 'ESR_ELx_EC_BRK64', 'BRK instruction execution in AArch64 state', 'brk', 'an exception from execution of a Breakpoint instruction'),
  ec(0x3d, 'ESR_ELx_EC_PMU', 'Profiling exception (PMU exception)', 'profiling', 'a Profiling exception', { feature: 'FEAT_EBEP, FEAT_SPE_EXC or FEAT_TRBE_EXC', linux: false }),
];

const BY_VALUE: ReadonlyMap<number, EcEntry> = new Map(EC_TABLE.map((e) => [e.value, e]));

/** The entry for an EC, or an 'unallocated' entry (never throws for 0..63). */
export function ecEntry(value: number): EcEntry {
  const known = BY_VALUE.get(value);
  if (known) return known;
  const h = value.toString(16).padStart(2, '0').toUpperCase();
  return {
    value, name: `ESR_ELx_EC_RESERVED_0x${h}`, description: `Unallocated exception class 0x${h} (reserved)`,
    issSection: 'Arm ARM D24.2.45 ESR_EL1, field EC (unallocated values are reserved)', iss: 'unallocated', iss2: 'other',
    reportedIn: 'EL1+', linux: false,
  };
}

/** The `ESR_ELx_EC_*` name of an EC value (reserved ones included). */
export function ecName(value: number): string {
  return ecEntry(value).name;
}

/** The table, for documentation generators (README feature list). */
export function ecTable(): readonly EcEntry[] {
  return EC_TABLE;
}

// Linux esr.h constants, one per allocated class.
export const ESR_ELx_EC_UNKNOWN = 0x00;
export const ESR_ELx_EC_WFx = 0x01;
export const ESR_ELx_EC_CP15_32 = 0x03;
export const ESR_ELx_EC_CP15_64 = 0x04;
export const ESR_ELx_EC_CP14_MR = 0x05;
export const ESR_ELx_EC_CP14_LS = 0x06;
export const ESR_ELx_EC_FP_ASIMD = 0x07;
export const ESR_ELx_EC_CP10_ID = 0x08;
export const ESR_ELx_EC_PAC = 0x09;
export const ESR_ELx_EC_OTHER = 0x0a;
export const ESR_ELx_EC_CP14_64 = 0x0c;
export const ESR_ELx_EC_BTI = 0x0d;
export const ESR_ELx_EC_ILL = 0x0e;
export const ESR_ELx_EC_SVC32 = 0x11;
export const ESR_ELx_EC_HVC32 = 0x12;
export const ESR_ELx_EC_SMC32 = 0x13;
export const ESR_ELx_EC_SYS128 = 0x14;
export const ESR_ELx_EC_SVC64 = 0x15;
export const ESR_ELx_EC_HVC64 = 0x16;
export const ESR_ELx_EC_SMC64 = 0x17;
export const ESR_ELx_EC_SYS64 = 0x18;
export const ESR_ELx_EC_SVE = 0x19;
export const ESR_ELx_EC_ERET = 0x1a;
export const ESR_ELx_EC_TSTART = 0x1b;
export const ESR_ELx_EC_FPAC = 0x1c;
export const ESR_ELx_EC_SME = 0x1d;
export const ESR_ELx_EC_GPC = 0x1e;
export const ESR_ELx_EC_IMP_DEF = 0x1f;
export const ESR_ELx_EC_IABT_LOW = 0x20;
export const ESR_ELx_EC_IABT_CUR = 0x21;
export const ESR_ELx_EC_PC_ALIGN = 0x22;
export const ESR_ELx_EC_DABT_LOW = 0x24;
export const ESR_ELx_EC_DABT_CUR = 0x25;
export const ESR_ELx_EC_SP_ALIGN = 0x26;
export const ESR_ELx_EC_MOPS = 0x27;
export const ESR_ELx_EC_FP_EXC32 = 0x28;
export const ESR_ELx_EC_FP_EXC64 = 0x2c;
export const ESR_ELx_EC_GCS = 0x2d;
export const ESR_ELx_EC_SERROR = 0x2f;
export const ESR_ELx_EC_BREAKPT_LOW = 0x30;
export const ESR_ELx_EC_BREAKPT_CUR = 0x31;
export const ESR_ELx_EC_SOFTSTP_LOW = 0x32;
export const ESR_ELx_EC_SOFTSTP_CUR = 0x33;
export const ESR_ELx_EC_WATCHPT_LOW = 0x34;
export const ESR_ELx_EC_WATCHPT_CUR = 0x35;
export const ESR_ELx_EC_BKPT32 = 0x38;
export const ESR_ELx_EC_VECTOR32 = 0x3a;
export const ESR_ELx_EC_BRK64 = 0x3c;
export const ESR_ELx_EC_PMU = 0x3d;
export const ESR_ELx_EC_MAX = 0x3f;

// Register layout (esr.h ESR_ELx_EC_SHIFT, ESR_ELx_IL_SHIFT, ESR_ELx_ISS_MASK, ESR_ELx_ISS2_SHIFT/MASK).
export const ESR_ELx_EC_SHIFT = 26;
export const ESR_ELx_EC_WIDTH = 6;
export const ESR_ELx_IL_SHIFT = 25;
export const ESR_ELx_ISS_MASK = 0x1ffffff;
export const ESR_ELx_ISS2_SHIFT = 32;
/** GENMASK_ULL(55, 32). */
export const ESR_ELx_ISS2_MASK = 0x00ff_ffff_0000_0000n;
