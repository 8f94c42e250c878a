/**
 * Fault status codes: the DFSC/IFSC field, ISS[5:0], of Data and Instruction Aborts.
 *
 * Source: Arm ARM D24.2.45 ESR_EL1, "ISS encoding for an exception from a Data Abort", field DFSC, and
 * "... from an Instruction Abort", field IFSC. Level -1 and -2 codes come with FEAT_LPA2 and FEAT_D128,
 * Granule Protection Faults with FEAT_RME. Linux names some groups in esr.h (`ESR_ELx_FSC_FAULT`,
 * `ESR_ELx_FSC_ACCESS`, `ESR_ELx_FSC_PERM`, `ESR_ELx_FSC_SEA_TTW(n)`, `ESR_ELx_FSC_SECC_TTW(n)`,
 * `ESR_ELx_FSC_ADDRSZ_L(n)`, `ESR_ELx_FSC_EXTABT`, `ESR_ELx_FSC_MTE`).
 */

export const ESR_ELx_FSC = 0x3f;
export const ESR_ELx_FSC_TYPE = 0x3c;
export const ESR_ELx_FSC_LEVEL = 0x03;
export const ESR_ELx_FSC_EXTABT = 0x10;
export const ESR_ELx_FSC_MTE = 0x11;
export const ESR_ELx_FSC_ACCESS = 0x08;
export const ESR_ELx_FSC_FAULT = 0x04;
export const ESR_ELx_FSC_PERM = 0x0c;
export const ESR_ELx_FSC_SECC = 0x18;
export const ESR_ELx_FSC_ADDRSZ = 0x00;
/** The code every debug exception reports in its IFSC/DFSC (breakpoint, step, watchpoint, vector catch). */
export const FSC_DEBUG = 0x22;

const TTW = 'on translation table walk or hardware update of translation table';

function build(): Map<number, string> {
  const m = new Map<number, string>();
  for (let l = 0; l <= 3; l++) {
    m.set(0x00 + l, `Address size fault, level ${l}${l === 0 ? ' or translation table base register' : ''}`);
    m.set(0x04 + l, `Translation fault, level ${l}`);
    m.set(0x08 + l, `Access flag fault, level ${l}`);
    m.set(0x0c + l, `Permission fault, level ${l}`);
    m.set(0x14 + l, `Synchronous External abort ${TTW}, level ${l}`);
    m.set(0x1c + l, `Synchronous parity or ECC error on memory access ${TTW}, level ${l}`);
    m.set(0x24 + l, `Granule Protection Fault ${TTW}, level ${l}`);
  }
  m.set(0x10, 'Synchronous External abort, not on translation table walk or hardware update of translation table');
  m.set(0x11, 'Synchronous Tag Check Fault');
  m.set(0x12, `Synchronous External abort ${TTW}, level -2`);
  m.set(0x13, `Synchronous External abort ${TTW}, level -1`);
  m.set(0x18, 'Synchronous parity or ECC error on memory access, not on translation table walk');
  m.set(0x1b, `Synchronous parity or ECC error on memory access ${TTW}, level -1`);
  m.set(0x21, 'Alignment fault');
  m.set(0x22, 'Debug exception');
  m.set(0x23, `Granule Protection Fault ${TTW}, level -1`);
  m.set(0x28, 'Granule Protection Fault, not on translation table walk or hardware update of translation table');
  m.set(0x29, 'Address size fault, level -1');
  m.set(0x2a, 'Translation fault, level -2');
  m.set(0x2b, 'Translation fault, level -1');
  m.set(0x2c, 'Address size fault, level -2');
  m.set(0x30, 'TLB conflict abort');
  m.set(0x31, 'Unsupported atomic hardware update fault');
  m.set(0x34, 'IMPLEMENTATION DEFINED fault (Lockdown)');
  m.set(0x35, 'IMPLEMENTATION DEFINED fault (Unsupported Exclusive or Atomic access)');
  return m;
}

const FSC = build();
/** Codes only a Data Abort reports. */
const DATA_ONLY = new Set([0x11, 0x21, 0x35]);

/** Meaning of a fault status code, or undefined when reserved for that abort kind. */
export function fscDescription(fsc: number, kind: 'data' | 'instruction' | 'debug'): string | undefined {
  if (kind === 'debug') return fsc === FSC_DEBUG ? FSC.get(fsc) : undefined;
  if (fsc === FSC_DEBUG) return undefined; // debug exceptions have their own ECs
  if (kind === 'instruction' && DATA_ONLY.has(fsc)) return undefined;
  return FSC.get(fsc);
}

/** Synchronous External abort (not on walk, or on walk at any level): 0x10, 0x12..0x17. */
export function isSyncExternalAbort(fsc: number): boolean {
  return fsc === 0x10 || (fsc >= 0x12 && fsc <= 0x17);
}

/** Translation, Access flag or Permission fault at any level (the faults that can carry LST). */
export function isTranslationAccessOrPermission(fsc: number): boolean {
  return (fsc >= 0x04 && fsc <= 0x0f) || fsc === 0x2a || fsc === 0x2b;
}
