/**
 * Fault status codes: the DFSC/IFSC field, ISS[5:0], of Data and Instruction Aborts.
 *
 * Source: Arm ARM D24.2.45 ESR_EL1, "ISS encoding for an exception from a Data Abort", field DFSC, and
 * "... from an Instruction Abort", field IFSC. Level -1 and -2 codes come with FEAT_LPA2 and FEAT_D128,
 * Granule Protection Faults with FEAT_RME (the same code table is the FSC of TRBSR_EL3.MSS, where
 * 0b100010 is the level -2 GPF). Linux names some groups in esr.h (`ESR_ELx_FSC_FAULT`,
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
/** Alignment fault (data aborts only). */
export const ESR_ELx_FSC_ALIGN = 0x21;
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
  m.set(0x22, `Granule Protection Fault ${TTW}, level -2`);
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
  // In the ISS of a debug exception the only code is 0b100010; in an abort the same code is a GPF (level -2).
  if (kind === 'debug') return fsc === FSC_DEBUG ? 'Debug exception' : undefined;
  if (kind === 'instruction' && DATA_ONLY.has(fsc)) return undefined;
  return FSC.get(fsc);
}

/**
 * Synchronous External abort, not on a walk or on a walk at any level: the Arm ARM's
 * `DFSC == 0b010000, or DFSC == 0b01001x or DFSC == 0b0101xx` (0x10, 0x12..0x17), the codes for which
 * a Data Abort carries SET (FEAT_RAS), WU (FEAT_RASv2) and PFV (FEAT_PFAR).
 */
export function isSyncExternalAbort(fsc: number): boolean {
  return fsc === 0x10 || (fsc >= 0x12 && fsc <= 0x17);
}

/**
 * The codes for which a Data Abort carries LST (FEAT_LS64): the Arm ARM's condition is
 * `(DFSC == 0b00xxxx || DFSC == 0b101011) && DFSC != 0b0000xx`, i.e. Translation, Access flag and
 * Permission faults at levels 0..3 and the level -1 Translation fault.
 */
export function carriesLst(fsc: number): boolean {
  return (fsc >= 0x04 && fsc <= 0x0f) || fsc === 0x2b;
}
