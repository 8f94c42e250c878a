import { bits, flag, res0, table, reg, type FieldSpec } from '../field.ts';
import { carriesLst, fscDescription, isSyncExternalAbort } from '../fsc.ts';
import type { IssLayoutResult } from './types.ts';

/**
 * Instruction and Data Abort ISS (EC 0x20/0x21 and 0x24/0x25).
 * Arm ARM D24.2.45 ESR_EL1, "ISS encoding for an exception from a Data Abort" and "... from an
 * Instruction Abort"; Linux esr.h `ESR_ELx_ISV`, `ESR_ELx_SAS`, `ESR_ELx_SSE`, `ESR_ELx_SRT_MASK`,
 * `ESR_ELx_SF`, `ESR_ELx_AR`, `ESR_ELx_VNCR`, `ESR_ELx_SET_MASK`, `ESR_ELx_FnV`, `ESR_ELx_EA`,
 * `ESR_ELx_CM`, `ESR_ELx_S1PTW`, `ESR_ELx_WNR`, `ESR_ELx_FSC`.
 */

/**
 * Synchronous Error Type, ISS[12:11] (FEAT_RAS): for a Data Abort whenever the DFSC is a synchronous
 * External abort (isSyncExternalAbort), for an Instruction Abort when the IFSC is 0b010000.
 */
const SET_VALUES = { 0: 'Recoverable state (UER)', 2: 'Uncontainable (UC)', 3: 'Restartable state (UEO)' };
/** Load/Store Type, ISS[12:11] (FEAT_LS64). */
const LST_VALUES = {
  0: 'instruction not specified', 1: 'an ST64BV instruction', 2: 'an LD64B or ST64B instruction', 3: 'an ST64BV0 instruction',
};
const WU_VALUES = {
  0: 'not a store, or the location might have been updated',
  2: 'store or translation table update that did not update the location',
  3: 'store or translation table update that updated the location',
};

function fsc(name: 'DFSC' | 'IFSC', kind: 'data' | 'instruction'): FieldSpec {
  return {
    name, hi: 5, lo: 0, longName: kind === 'data' ? 'Data Fault Status Code' : 'Instruction Fault Status Code',
    describe: (v) => fscDescription(v, kind) ?? 'reserved fault status code',
    reserved: (v) => fscDescription(v, kind) === undefined,
  };
}

const fnv = flag('FnV', 10, 'FAR not Valid', 'FAR is not valid, it holds an UNKNOWN value', 'FAR is valid',
  'Only meaningful for a synchronous External abort not on a translation table walk; otherwise 0.');
const ea = flag('EA', 9, 'External abort type', 'IMPLEMENTATION DEFINED External abort class 1', 'External abort class 0 (or not an External abort)');
const s1ptw = flag('S1PTW', 7, 'Stage 2 fault on a stage 1 translation table walk',
  'stage 2 fault on an access made for a stage 1 translation table walk', 'not a stage 2 fault on a stage 1 table walk');
const topLevel = flag('TopLevel', 21, 'TopLevel fault (FEAT_THE; ESR_EL2 only, RES0 in ESR_EL1)',
  'fault due to TopLevel0/TopLevel1 translation table control', 'not a TopLevel fault');
const pfv = flag('PFV', 14, 'PFAR Valid (FEAT_PFAR)', 'PFAR_ELx holds the faulting physical address', 'PFAR_ELx is UNKNOWN');

function setOrRes0(code: number): FieldSpec {
  return code === 0x10 ? table('SET', 12, 11, 'Synchronous Error Type', SET_VALUES) : res0(12, 11);
}

export function decodeInstructionAbort(iss: number): IssLayoutResult {
  const code = bits(iss, 5, 0);
  const specs: FieldSpec[] = [
    res0(24, 22), topLevel, res0(20, 15),
    isSyncExternalAbort(code) ? pfv : res0(14, 14),
    res0(13, 13), setOrRes0(code), fnv, ea, res0(8, 8), s1ptw, res0(6, 6), fsc('IFSC', 'instruction'),
  ];
  return { specs, summary: fscDescription(code, 'instruction') ?? `reserved IFSC 0x${code.toString(16)}` };
}

export function decodeDataAbort(iss: number): IssLayoutResult {
  const code = bits(iss, 5, 0);
  const isv = bits(iss, 24, 24) === 1;
  const specs: FieldSpec[] = [
    flag('ISV', 24, 'Instruction Syndrome Valid', 'ISS[23:14] hold a valid instruction syndrome', 'no valid instruction syndrome; ISS[23:14] hold other information'),
  ];
  if (isv) {
    specs.push(
      table('SAS', 23, 22, 'Syndrome Access Size', { 0: 'byte', 1: 'halfword', 2: 'word', 3: 'doubleword' }),
      flag('SSE', 21, 'Syndrome Sign Extend', 'the loaded value is sign-extended', 'no sign extension'),
      reg('SRT', 20, 16, 'Syndrome Register Transfer'),
      flag('SF', 15, 'Sixty-Four', 'the instruction loads/stores a 64-bit register', 'the instruction loads/stores a 32-bit register'),
      flag('AR', 14, 'Acquire/Release', 'instruction has acquire/release semantics', 'no acquire/release semantics'),
    );
  } else {
    const external = isSyncExternalAbort(code);
    specs.push(res0(23, 22), topLevel, res0(20, 18));
    specs.push(external ? table('WU', 17, 16, 'Write Update (FEAT_RASv2)', WU_VALUES) : res0(17, 16));
    specs.push(flag('FnP', 15, 'FAR not Precise', 'FAR holds an address within a naturally-aligned granule containing the fault',
      'FAR holds the faulting virtual address (when FnV is 0)'));
    specs.push(external ? pfv : res0(14, 14));
  }
  specs.push(flag('VNCR', 13, 'VNCR_EL2 access (FEAT_NV2)', 'fault came from EL1 use of VNCR_EL2', 'not from a VNCR_EL2 access'));
  if (isSyncExternalAbort(code)) specs.push(table('SET', 12, 11, 'Synchronous Error Type (FEAT_RAS)', SET_VALUES));
  else if (carriesLst(code)) specs.push(table('LST', 12, 11, 'Load/Store Type (FEAT_LS64)', LST_VALUES));
  else specs.push(res0(12, 11));
  specs.push(
    fnv, ea,
    flag('CM', 8, 'Cache Maintenance', 'fault came from a cache maintenance or address translation instruction', 'not from a cache maintenance instruction'),
    s1ptw,
    flag('WnR', 6, 'Write not Read', 'abort caused by writing to memory', 'abort caused by reading from memory'),
    fsc('DFSC', 'data'),
  );
  const what = fscDescription(code, 'data') ?? `reserved DFSC 0x${code.toString(16)}`;
  const dir = bits(iss, 6, 6) ? 'write' : 'read';
  return { specs, summary: `${what} (${dir})` };
}
