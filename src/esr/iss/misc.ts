import { bits, flag, num, res0, reg, table, type FieldSpec } from '../field.ts';
import { fscDescription } from '../fsc.ts';
import { cvCond } from './sys.ts';
import type { IssLayoutResult } from './types.ts';

/**
 * The remaining ISS encodings, each from its Arm ARM D24.2.45 ESR_EL1 subsection named in the comment
 * above the decoder, with Linux esr.h names where it has them.
 */

/** "ISS encoding for exceptions with an unknown reason", Illegal Execution state, PC/SP alignment, SVE, PAC trap: all RES0. */
export function decodeRes0(): IssLayoutResult {
  return { specs: [res0(24, 0)], summary: 'no syndrome (ISS is RES0 for this class)' };
}

/** EC 0x1F: the ISS is IMPLEMENTATION DEFINED. */
export function decodeImpDef(): IssLayoutResult {
  return { specs: [{ name: 'IMPDEF', hi: 24, lo: 0, kind: 'impdef', longName: 'IMPLEMENTATION DEFINED syndrome', describe: (v) => `0x${v.toString(16)}` }], summary: 'IMPLEMENTATION DEFINED syndrome' };
}

/** An unallocated EC: the ISS has no architected meaning; shown as raw bits. */
export function decodeUnallocated(): IssLayoutResult {
  return { specs: [{ name: 'ISS', hi: 24, lo: 0, kind: 'raw', longName: 'ISS of an unallocated EC (not decoded)', describe: (v) => `0x${v.toString(16)}` }], summary: 'not decoded: the EC is reserved' };
}

/** "... from a WF* instruction" (EC 0x01); esr.h `ESR_ELx_WFx_ISS_RN`, `_RV`, `_TI`. */
export function decodeWfx(iss: number): IssLayoutResult {
  const specs: FieldSpec[] = [
    ...cvCond(), res0(19, 10), reg('RN', 9, 5, 'Register Number of the WFET/WFIT timeout argument'), res0(4, 3),
    flag('RV', 2, 'Register field Valid', 'RN is valid', 'RN is not valid'),
    table('TI', 1, 0, 'Trapped Instruction', { 0: 'WFI', 1: 'WFE', 2: 'WFIT', 3: 'WFET' }),
  ];
  return { specs, summary: ['WFI', 'WFE', 'WFIT', 'WFET'][bits(iss, 1, 0)] + ' trapped' };
}

/** "... from an access to SVE, Advanced SIMD or floating-point functionality" (EC 0x07). */
export function decodeFpAccess(): IssLayoutResult {
  return { specs: [...cvCond(), res0(19, 0)], summary: 'FP/Advanced SIMD/SVE/SME access trapped' };
}

/** "... from an LD64B or ST64B* instruction" (EC 0x0A); esr.h `ESR_ELx_ISS_OTHER_*`. */
const LS64: Record<number, string> = {
  0: 'ST64BV trapped', 1: 'ST64BV0 trapped', 2: 'LD64B or ST64B trapped',
  3: 'TSB CSYNC trapped (Linux ESR_ELx_ISS_OTHER_TSBCSYNC)', 4: 'PSB CSYNC trapped (Linux ESR_ELx_ISS_OTHER_PSBCSYNC)',
};
export function decodeLs64(iss: number): IssLayoutResult {
  return { specs: [table('ISS', 24, 0, 'Trapped instruction', LS64)], summary: LS64[iss] ?? 'reserved ISS value' };
}

/** "... from Branch Target Identification instruction" (EC 0x0D). */
export function decodeBti(iss: number): IssLayoutResult {
  return {
    specs: [res0(24, 2), num('BTYPE', 1, 0, 'PSTATE.BTYPE that caused the exception')],
    summary: `branch target exception, PSTATE.BTYPE=0b${bits(iss, 1, 0).toString(2).padStart(2, '0')}`,
  };
}

/** "... from HVC or SVC instruction execution" (EC 0x11, 0x12, 0x15, 0x16); esr.h `ESR_ELx_xVC_IMM_MASK`. */
export function decodeSvcHvc(iss: number, ec: number): IssLayoutResult {
  const mn = ec === 0x12 || ec === 0x16 ? 'HVC' : 'SVC';
  return {
    specs: [res0(24, 16), { ...num('imm16', 15, 0, 'Immediate of the instruction'), describe: (v) => `#0x${v.toString(16)}` }],
    summary: `${mn} #0x${bits(iss, 15, 0).toString(16)}`,
  };
}

/** "... from SMC instruction execution in AArch64 state" (EC 0x17). */
export function decodeSmc64(iss: number): IssLayoutResult {
  return {
    specs: [res0(24, 16), { ...num('imm16', 15, 0, 'Immediate of the SMC instruction'), describe: (v) => `#0x${v.toString(16)}` }],
    summary: `SMC #0x${bits(iss, 15, 0).toString(16)}`,
  };
}

/** "... from SMC instruction execution in AArch32 state" (EC 0x13). */
export function decodeSmc32(): IssLayoutResult {
  return {
    specs: [...cvCond(), flag('CCKNOWNPASS', 19, 'Condition code known to pass', 'the instruction passed its condition check',
      'the instruction might have failed its condition check'), res0(18, 0)],
    summary: 'SMC (AArch32)',
  };
}

/** "... from ERET, ERETAA, or ERETAB instruction" (EC 0x1A); esr.h `ESR_ELx_ERET_ISS_ERET`, `_ERETA`. */
export function decodeEret(iss: number): IssLayoutResult {
  const eret = bits(iss, 1, 1);
  return {
    specs: [res0(24, 2),
      flag('ERET', 1, 'ERETAA/ERETAB', 'ERETAA or ERETAB', 'ERET'),
      flag('ERETA', 0, 'Key used', 'B key (ERETAB)', 'A key (ERETAA)')],
    summary: eret ? (bits(iss, 0, 0) ? 'ERETAB trapped' : 'ERETAA trapped') : 'ERET trapped',
  };
}

/** "... from a TSTART instruction" (EC 0x1B). */
export function decodeTstart(): IssLayoutResult {
  return { specs: [res0(24, 10), reg('Rd', 9, 5, 'Destination register of TSTART'), res0(4, 0)], summary: 'TSTART trapped' };
}

/** "ISS encoding for a PAC Fail exception" (EC 0x1C). */
export function decodePacFail(iss: number): IssLayoutResult {
  return {
    specs: [res0(24, 2),
      flag('DnI', 1, 'Data or Instruction key', 'data key', 'instruction key'),
      flag('BnA', 0, 'B or A key', 'B key', 'A key')],
    summary: `authentication failed with ${bits(iss, 1, 1) ? 'a data' : 'an instruction'} ${bits(iss, 0, 0) ? 'B' : 'A'} key`,
  };
}

/** "ISS encoding for an exception due to SME functionality" (EC 0x1D); esr.h `ESR_ELx_SME_ISS_SMTC_*`. */
export function decodeSme(iss: number): IssLayoutResult {
  const SMTC = {
    0: 'SME disabled (CPACR_EL1.SMEN, CPTR_ELx)', 1: 'instruction illegal in the current PSTATE.SM',
    2: 'Streaming SVE mode disabled (PSTATE.SM is 0)', 3: 'ZA storage disabled (PSTATE.ZA is 0)', 4: 'ZT0 disabled (SMCR_ELx.EZT0)',
  };
  return { specs: [res0(24, 3), table('SMTC', 2, 0, 'SME Trap Code', SMTC)], summary: (SMTC as Record<number, string>)[bits(iss, 2, 0)] };
}

/** "ISS encoding for a GPC exception" (EC 0x1E, ESR_EL3 only, FEAT_RME). */
export function decodeGpc(iss: number): IssLayoutResult {
  const GPCSC = { 0x00: 'GPT address size fault at level 0', 0x04: 'GPT walk fault at level 0', 0x05: 'GPT walk fault at level 1',
    0x0c: 'GPT entry fault at level 0', 0x0d: 'GPT entry fault at level 1', 0x14: 'synchronous External abort on GPT fetch at level 0',
    0x15: 'synchronous External abort on GPT fetch at level 1' };
  return {
    specs: [res0(24, 22),
      flag('S2PTW', 21, 'Stage 2 page table walk', 'fault on a stage 2 walk', 'not on a stage 2 walk'),
      flag('InD', 20, 'Instruction not Data', 'instruction access', 'data access'),
      table('GPCSC', 19, 14, 'Granule Protection Check Status Code', GPCSC),
      flag('VNCR', 13, 'VNCR_EL2 access', 'from EL1 use of VNCR_EL2', 'not from VNCR_EL2'), res0(12, 9),
      flag('CM', 8, 'Cache Maintenance', 'cache maintenance instruction', 'not cache maintenance'),
      flag('S1PTW', 7, 'Stage 1 page table walk', 'fault on a stage 1 walk', 'not on a stage 1 walk'),
      flag('WnR', 6, 'Write not Read', 'write', 'read'),
      { name: 'xFSC', hi: 5, lo: 0, longName: 'Instruction or Data Fault Status Code', describe: (v) => fscDescription(v, 'data') ?? 'reserved' }],
    summary: (GPCSC as Record<number, string>)[bits(iss, 19, 14)] ?? 'granule protection check',
  };
}

/** "... from the Memory Copy and Memory Set instructions" (EC 0x27); esr.h `ESR_ELx_MOPS_ISS_*`. */
export function decodeMops(iss: number): IssLayoutResult {
  return {
    specs: [
      flag('MemInst', 24, 'Memory instruction class', 'a Memory Set (SET*) instruction', 'a Memory Copy (CPY*) instruction'),
      flag('isSETG', 23, 'SETG* instruction', 'a SETGM*/SETGE* instruction', 'not a SETG* instruction'),
      num('Options', 22, 19, 'Options field of the instruction'),
      flag('FromEpilogue', 18, 'From epilogue', 'an epilogue (CPYE*/SETE*) instruction', 'a prologue or main instruction'),
      flag('WrongOption', 17, 'Wrong algorithm option', 'the option used does not match PSTATE.C', 'the option was right'),
      flag('OptionA', 16, 'Algorithm option (PSTATE.C)', 'option A', 'option B'),
      res0(15, 15),
      reg('destreg', 14, 10, 'Destination address register'), reg('srcreg', 9, 5, 'Source address or data register'),
      reg('sizereg', 4, 0, 'Size register'),
    ],
    summary: `${bits(iss, 24, 24) ? 'SET' : 'CPY'} memory operation exception`,
  };
}

/** "... from a trapped floating-point exception" (EC 0x28, 0x2C); esr.h `ESR_ELx_FP_EXC_TFV`. */
export function decodeFpExc(iss: number): IssLayoutResult {
  const tfv = bits(iss, 23, 23) === 1;
  const trap = (name: string, bit: number, what: string) =>
    flag(name, bit, `${what} floating-point exception trapped`, tfv ? `${what} occurred` : 'UNKNOWN (TFV is 0)', tfv ? `no ${what}` : 'UNKNOWN (TFV is 0)');
  const hit = [['IOF', 0], ['DZF', 1], ['OFF', 2], ['UFF', 3], ['IXF', 4], ['IDF', 7]].filter(([, b]) => bits(iss, b as number, b as number)).map(([n]) => n);
  return {
    specs: [res0(24, 24),
      flag('TFV', 23, 'Trapped Fault Valid', 'IDF/IXF/UFF/OFF/DZF/IOF are valid', 'the trapped-exception bits are UNKNOWN'),
      res0(22, 11), num('VECITR', 10, 8, 'Vector iteration (AArch32: RES1; AArch64: UNKNOWN)'),
      trap('IDF', 7, 'Input Denormal'), res0(6, 5), trap('IXF', 4, 'Inexact'), trap('UFF', 3, 'Underflow'),
      trap('OFF', 2, 'Overflow'), trap('DZF', 1, 'Divide by Zero'), trap('IOF', 0, 'Invalid Operation')],
    summary: tfv ? (hit.length ? `trapped: ${hit.join(', ')}` : 'no trapped exception flagged') : 'trapped floating-point exception (which one is not recorded)',
  };
}

/** "ISS encoding for a GCS exception" (EC 0x2D); esr.h `ESR_ELx_ExType_*`, `ESR_ELx_IT_*`, Raddr/Rn/Rvalue masks. */
export function decodeGcs(iss: number): IssLayoutResult {
  const EXTYPE = { 0: 'Guarded Control Stack data check', 1: 'EXLOCK exception', 2: 'trapped GCSSTR or GCSSTTR' };
  const IT = { 0: 'RET', 1: 'GCSPOPM', 2: 'RETAA', 3: 'RETAB', 4: 'GCSSS1', 5: 'GCSSS2', 6: 'GCSPOPCX', 7: 'GCSPOPX' };
  return {
    specs: [res0(24, 24), table('ExType', 23, 20, 'Exception type', EXTYPE), res0(19, 15),
      reg('Raddr', 14, 10, 'Address register of a trapped GCSSTR/GCSSTTR'),
      reg('Rn', 9, 5, 'Register of the data check (Rvalue for GCSSTR/GCSSTTR)'),
      table('IT', 4, 0, 'Instruction type of a data check', IT)],
    summary: (EXTYPE as Record<number, string>)[bits(iss, 23, 20)] ?? 'GCS exception',
  };
}

/** "ISS encoding for an SError exception" (EC 0x2F); esr.h `ESR_ELx_IDS`, `ESR_ELx_AET_*`, `ESR_ELx_FSC_SERROR`. */
export function decodeSerror(iss: number): IssLayoutResult {
  const ids = flag('IDS', 24, 'IMPLEMENTATION DEFINED syndrome', 'ISS[23:0] are IMPLEMENTATION DEFINED', 'ISS has the architected layout');
  if (bits(iss, 24, 24)) {
    return { specs: [ids, { name: 'IMPDEF', hi: 23, lo: 0, kind: 'impdef', longName: 'IMPLEMENTATION DEFINED syndrome', describe: (v) => `0x${v.toString(16)}` }], summary: 'IMPLEMENTATION DEFINED SError' };
  }
  const AET = { 0: 'Uncontainable (UC)', 1: 'Unrecoverable state (UEU)', 2: 'Restartable state (UEO)', 3: 'Recoverable state (UER)', 6: 'Corrected (CE)' };
  const dfsc = bits(iss, 5, 0);
  const dfscSpec = table('DFSC', 5, 0, 'Data Fault Status Code', { 0x00: 'Uncategorized error', 0x11: 'Asynchronous SError interrupt' });
  const aet = table('AET', 12, 10, 'Asynchronous Error Type', AET);
  const ea = flag('EA', 9, 'External abort type', 'IMPLEMENTATION DEFINED class 1', 'class 0');
  const specs: FieldSpec[] = [ids];
  if (dfsc === 0x11) {
    specs.push(res0(23, 19),
      flag('ELS', 18, 'Meaning of ELR_ELx', 'the SError was synchronous to the instruction at ELR_ELx', 'ELR_ELx does not indicate the cause'),
      table('WU', 17, 16, 'Write Update', { 0: 'not a store, or the location might have been updated', 2: 'store that did not update the location', 3: 'store that updated the location' }),
      flag('VFV', 15, 'FAR Valid', 'FAR_ELx holds a virtual address for the error', 'FAR_ELx is not valid'),
      flag('PFV', 14, 'PFAR Valid', 'PFAR_ELx is valid', 'PFAR_ELx is UNKNOWN'),
      flag('IESB', 13, 'Implicit Error Synchronization event', 'synchronized by an implicit error synchronization event and taken immediately', 'not synchronized by an IESB'),
      aet, ea, res0(8, 8),
      flag('WnRV', 7, 'WnR Valid', 'WnR is valid', 'WnR is not valid'),
      flag('WnR', 6, 'Write not Read', 'write', 'read'), dfscSpec);
  } else {
    specs.push(res0(23, 13), aet, ea, res0(8, 6), dfscSpec);
  }
  return { specs, summary: dfsc === 0x11 ? `asynchronous SError, ${(AET as Record<number, string>)[bits(iss, 12, 10)] ?? 'reserved AET'}` : 'uncategorized SError' };
}

/** "ISS encoding for a Profiling exception" (EC 0x3D, FEAT_EBEP/SPE_EXC/TRBE_EXC). */
export function decodeProfiling(iss: number): IssLayoutResult {
  return {
    specs: [res0(24, 6), num('FSC', 5, 1, 'Why the Profiling exception was generated'),
      flag('SYNC', 0, 'Synchronous', 'taken synchronously', 'taken asynchronously')],
    summary: `profiling exception, FSC=${bits(iss, 5, 1)}`,
  };
}
