import { bits, flag, num, res0, type FieldSpec } from '../field.ts';
import { FSC_DEBUG, fscDescription } from '../fsc.ts';
import type { IssLayoutResult } from './types.ts';

/**
 * ISS of the debug exception classes.
 * Arm ARM D24.2.45 ESR_EL1: "ISS encoding for an exception from a Breakpoint or Vector Catch debug
 * exception", "... from a Software Step exception", "... from a Watchpoint exception", "... from execution
 * of a Breakpoint instruction"; the step syndrome rules are D2.11.9.1 (Table D2-23). Linux esr.h
 * `ESR_ELx_BRK64_ISS_COMMENT_MASK`, `ESR_ELx_WNR`, `ESR_ELx_CM`, `ESR_ELx_VNCR`.
 */

function debugFsc(name: 'IFSC' | 'DFSC'): FieldSpec {
  return {
    name, hi: 5, lo: 0, longName: name === 'IFSC' ? 'Instruction Fault Status Code' : 'Data Fault Status Code',
    describe: (v) => fscDescription(v, 'debug') ?? `not the debug code 0b100010 (reserved here)`,
    reserved: (v) => v !== FSC_DEBUG,
  };
}

/** EC 0x30/0x31 (hardware breakpoint) and 0x3A (AArch32 vector catch): only IFSC is defined. */
export function decodeBreakpoint(_iss: number, ec: number): IssLayoutResult {
  return { specs: [res0(24, 6), debugFsc('IFSC')], summary: ec === 0x3a ? 'vector catch' : 'hardware breakpoint' };
}

/** EC 0x32/0x33: ISV says whether EX is valid; EX=1 when the stepped instruction was a Load-Exclusive. */
export function decodeSoftwareStep(iss: number): IssLayoutResult {
  const isv = bits(iss, 24, 24) === 1;
  const specs: FieldSpec[] = [
    flag('ISV', 24, 'Instruction Syndrome Valid', 'an instruction was stepped; EX is valid',
      'no instruction was stepped (step taken from the active-pending state); EX is RES0',
      'ISV=0 when the step exception is taken before any instruction completed, e.g. right after ERET or after clearing PSTATE.D (Arm ARM D2.11.9.1).'),
    res0(23, 7),
    isv
      ? flag('EX', 6, 'Exclusive operation', 'the stepped instruction was a Load-Exclusive', 'the stepped instruction was not a Load-Exclusive')
      : { ...res0(6, 6), name: 'EX', longName: 'Exclusive operation (RES0 because ISV is 0)' },
    debugFsc('IFSC'),
  ];
  const what = !isv ? 'software step, no instruction stepped' : bits(iss, 6, 6) ? 'software step after a Load-Exclusive' : 'software step after one instruction';
  return { specs, summary: what };
}

/** EC 0x34/0x35. WPT/WPTV/WPF/FnP come with FEAT_Debugv8p9 and later; older cores report them as 0. */
export function decodeWatchpoint(iss: number): IssLayoutResult {
  const wptv = bits(iss, 17, 17) === 1;
  const specs: FieldSpec[] = [
    res0(24, 24),
    { name: 'WPT', hi: 23, lo: 18, longName: 'Watchpoint number', describe: (v) => (wptv ? `watchpoint ${v}` : `${v} (not valid, WPTV is 0)`) },
    flag('WPTV', 17, 'Watchpoint number Valid', 'WPT holds the number of the watchpoint that fired', 'WPT is not valid'),
    flag('WPF', 16, 'Watchpoint might be false-positive', 'the watchpoint might be a false positive', 'the watchpoint matched'),
    flag('FnP', 15, 'FAR not Precise', 'FAR holds an address in the watched region, not necessarily the access address',
      'FAR holds an address the access touched (Arm ARM D2.9.8: any address of the access in the watched block)'),
    res0(14, 14),
    flag('VNCR', 13, 'VNCR_EL2 access (FEAT_NV2)', 'watchpoint came from EL1 use of VNCR_EL2', 'not from a VNCR_EL2 access'),
    res0(12, 11),
    flag('FnV', 10, 'FAR not Valid', 'FAR is not valid', 'FAR is valid'),
    res0(9, 9),
    flag('CM', 8, 'Cache Maintenance', 'the access was a cache maintenance instruction', 'not a cache maintenance instruction'),
    res0(7, 7),
    flag('WnR', 6, 'Write not Read', 'the access was a write', 'the access was a read'),
    debugFsc('DFSC'),
  ];
  const dir = bits(iss, 6, 6) ? 'write' : 'read';
  return { specs, summary: `watchpoint hit on a ${dir}${wptv ? ` (watchpoint ${bits(iss, 23, 18)})` : ''}` };
}

/** EC 0x38 (BKPT, AArch32) and 0x3C (BRK, AArch64): the 16-bit comment. */
export function decodeBreakInstruction(iss: number, ec: number): IssLayoutResult {
  const imm = bits(iss, 15, 0);
  return {
    specs: [res0(24, 16), { ...num('Comment', 15, 0, 'Instruction comment field (imm16)'), describe: (v) => `#0x${v.toString(16)}` }],
    summary: `${ec === 0x38 ? 'BKPT' : 'BRK'} #0x${imm.toString(16)}`,
  };
}
