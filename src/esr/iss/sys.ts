import { bits, flag, num, res0, reg, table, type FieldSpec } from '../field.ts';
import { genericSysRegName, sysRegName } from '../sysregs.ts';
import type { IssLayoutResult } from './types.ts';

/**
 * System register and coprocessor access traps.
 * Arm ARM D24.2.45 ESR_EL1: "ISS encoding for an exception from MSR, MRS, or System instruction
 * execution in AArch64 state" (EC 0x18), "... from MSRR, MRRS, or 128-bit System instruction execution"
 * (EC 0x14), "... from an MCR or MRC access" (0x03/0x05/0x08), "... from an MCRR or MRRC access"
 * (0x04/0x0C), "... from an LDC or STC instruction" (0x06). Linux esr.h `ESR_ELx_SYS64_ISS_*`,
 * `ESR_ELx_CP15_32_ISS_*`, `ESR_ELx_CP15_64_ISS_*`, `ESR_ELx_CV`, `ESR_ELx_COND_MASK`.
 */

export const ESR_ELx_SYS64_ISS_DIR_READ = 1;
export const ESR_ELx_SYS64_ISS_DIR_WRITE = 0;

/** CV[24] and COND[23:20], shared by the AArch32 trap encodings. */
export function cvCond(): FieldSpec[] {
  return [
    flag('CV', 24, 'Condition code valid', 'COND holds the condition of the trapped instruction', 'COND is not valid'),
    { name: 'COND', hi: 23, lo: 20, longName: 'Condition code of the trapped instruction', describe: condName },
  ];
}

const CONDS = ['EQ', 'NE', 'CS', 'CC', 'MI', 'PL', 'VS', 'VC', 'HI', 'LS', 'GE', 'LT', 'GT', 'LE', 'AL', 'NV'];
function condName(v: number): string {
  return v === 14 ? 'AL (unconditional; AArch64 traps report 0b1110)' : CONDS[v] ?? `${v}`;
}

const direction = (readIs: string, writeIs: string) =>
  flag('Direction', 0, 'Direction of the trapped instruction', `read (${readIs})`, `write (${writeIs})`);

/**
 * MSR (immediate) PSTATE fields: op0=0, CRn=4, keyed by op1:op2, the immediate in CRm
 * (Arm ARM C5.2 "PSTATE field access" / C6.2 MSR (immediate)).
 */
const PSTATE_FIELDS: Record<string, string> = {
  '0:3': 'UAO', '0:4': 'PAN', '0:5': 'SPSel', '3:1': 'SSBS', '3:2': 'DIT', '3:4': 'TCO', '3:6': 'DAIFSet', '3:7': 'DAIFClr',
};

/** The target of an MSR/MRS/SYS, by encoding; op0=0 is the PSTATE/hint space, op0=1 system instructions. */
function describeSys(op0: number, op1: number, crn: number, crm: number, op2: number, rt: number, read: boolean, pair: boolean): string {
  const e = { op0, op1, crn, crm, op2 };
  const known = sysRegName(e, read);
  const name = known ?? genericSysRegName(e);
  const r = pair ? `x${rt}, x${rt + 1}` : `x${rt}`;
  if (op0 === 1) {
    const reg = rt === 31 && !read ? '' : `, x${rt}`;
    if (known) return read ? `${known} (read form), x${rt}` : `${known}${reg}`;
    return `${read ? 'SYSL' : 'SYS'} #${op1}, C${crn}, C${crm}, #${op2}${reg}`;
  }
  if (op0 === 0) {
    const field = crn === 4 ? PSTATE_FIELDS[`${op1}:${op2}`] : undefined;
    return field ? `MSR ${field}, #${crm}` : `MSR (immediate)/hint space ${name}`;
  }
  const suffix = known ? '' : (crn === 11 || crn === 15) && op0 === 3 ? ' (IMPLEMENTATION DEFINED register)' : ' (register not in kvmdbg\'s name table)';
  const mn = pair ? (read ? 'MRRS' : 'MSRR') : read ? 'MRS' : 'MSR';
  return read ? `${mn} ${r}, ${name}${suffix}` : `${mn} ${name}, ${r}${suffix}`;
}

/** EC 0x18. */
export function decodeSys64(iss: number): IssLayoutResult {
  const [op0, op2, op1, crn, rt, crm] = [bits(iss, 21, 20), bits(iss, 19, 17), bits(iss, 16, 14), bits(iss, 13, 10), bits(iss, 9, 5), bits(iss, 4, 1)];
  const read = bits(iss, 0, 0) === ESR_ELx_SYS64_ISS_DIR_READ;
  const specs: FieldSpec[] = [
    res0(24, 22), num('Op0', 21, 20, 'Op0'), num('Op2', 19, 17, 'Op2'), num('Op1', 16, 14, 'Op1'), num('CRn', 13, 10, 'CRn'),
    reg('Rt', 9, 5, 'General-purpose register transferred'), num('CRm', 4, 1, 'CRm'),
    direction('MRS or SYSL', 'MSR or SYS'),
  ];
  return { specs, summary: describeSys(op0, op1, crn, crm, op2, rt, read, false) };
}

/** EC 0x14 (FEAT_SYSREG128/SYSINSTR128): like 0x18 but Rt[9:6] names an even/odd register pair. */
export function decodeSys128(iss: number): IssLayoutResult {
  const [op0, op2, op1, crn, rtHalf, crm] = [bits(iss, 21, 20), bits(iss, 19, 17), bits(iss, 16, 14), bits(iss, 13, 10), bits(iss, 9, 6), bits(iss, 4, 1)];
  const read = bits(iss, 0, 0) === 1;
  const specs: FieldSpec[] = [
    res0(24, 22), num('Op0', 21, 20, 'Op0'), num('Op2', 19, 17, 'Op2'), num('Op1', 16, 14, 'Op1'), num('CRn', 13, 10, 'CRn'),
    { name: 'Rt', hi: 9, lo: 6, longName: 'Register pair X[Rt*2], X[Rt*2+1]', describe: (v) => `x${v * 2}, x${v * 2 + 1}` },
    res0(5, 5), num('CRm', 4, 1, 'CRm'), direction('MRRS or SYSPL', 'MSRR or SYSP'),
  ];
  return { specs, summary: describeSys(op0, op1, crn, crm, op2, rtHalf * 2, read, true) };
}

/** EC 0x03, 0x05, 0x08: MCR/MRC (and VMRS for 0x08). */
export function decodeMcr(iss: number, ec: number): IssLayoutResult {
  const cp = ec === 0x03 ? 'p15' : ec === 0x05 ? 'p14' : 'p10';
  const read = bits(iss, 0, 0) === 1;
  const specs: FieldSpec[] = [
    ...cvCond(), num('Opc2', 19, 17, 'Opc2'), num('Opc1', 16, 14, 'Opc1'), num('CRn', 13, 10, 'CRn'),
    reg('Rt', 9, 5, 'General-purpose register transferred (AArch64 view)'), num('CRm', 4, 1, 'CRm'),
    direction('MRC/VMRS', 'MCR'),
  ];
  const s = `${read ? 'MRC' : 'MCR'} ${cp}, ${bits(iss, 16, 14)}, r${bits(iss, 9, 5)}, c${bits(iss, 13, 10)}, c${bits(iss, 4, 1)}, ${bits(iss, 19, 17)}`;
  return { specs, summary: s };
}

/** EC 0x04, 0x0C: MCRR/MRRC. */
export function decodeMcrr(iss: number, ec: number): IssLayoutResult {
  const cp = ec === 0x04 ? 'p15' : 'p14';
  const read = bits(iss, 0, 0) === 1;
  const specs: FieldSpec[] = [
    ...cvCond(), num('Opc1', 19, 16, 'Opc1'), res0(15, 15),
    reg('Rt2', 14, 10, 'Second general-purpose register transferred'), reg('Rt', 9, 5, 'First general-purpose register transferred'),
    num('CRm', 4, 1, 'CRm'), direction('MRRC', 'MCRR'),
  ];
  return { specs, summary: `${read ? 'MRRC' : 'MCRR'} ${cp}, ${bits(iss, 19, 16)}, r${bits(iss, 9, 5)}, r${bits(iss, 14, 10)}, c${bits(iss, 4, 1)}` };
}

/** EC 0x06: LDC/STC to DBGDTRRXint/DBGDTRTXint. */
export function decodeLdc(iss: number): IssLayoutResult {
  const specs: FieldSpec[] = [
    ...cvCond(), num('imm8', 19, 12, 'Immediate offset'), res0(11, 10),
    reg('Rn', 9, 5, 'Base register (UNKNOWN for the literal form)'),
    flag('Offset', 4, 'Offset direction', 'offset added', 'offset subtracted'),
    table('AM', 3, 1, 'Addressing mode', { 0: 'immediate unindexed', 1: 'immediate post-indexed', 2: 'immediate offset', 3: 'immediate pre-indexed', 4: 'literal unindexed (reserved for LDC in T32)', 6: 'literal offset' }),
    direction('LDC', 'STC'),
  ];
  return { specs, summary: bits(iss, 0, 0) ? 'LDC' : 'STC' };
}
