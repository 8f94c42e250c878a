import { flag, num, res0, type FieldSpec } from './field.ts';
import type { Iss2Layout } from './ec.ts';

/**
 * ISS2, ESR_ELx[55:32] (esr.h `ESR_ELx_ISS2_SHIFT`, `ESR_ELx_ISS2_MASK`).
 * Arm ARM D24.2.45 ESR_EL1, field ISS2: "ISS2 encoding for an exception from a Data Abort", "... from
 * an Instruction Abort", "... from a Watchpoint exception", and "ISS2 encoding for all other
 * exceptions" (all RES0). Bit numbers below are ISS2 bits (ESR bit = ISS2 bit + 32). Linux esr.h names
 * the Data Abort ones `ESR_ELx_TnD`, `ESR_ELx_TagAccess`, `ESR_ELx_GCS`, `ESR_ELx_Overlay`,
 * `ESR_ELx_DirtyBit`, `ESR_ELx_Xs_MASK`.
 */

export const ESR_ELx_Xs_SHIFT = 0;
export const ESR_ELx_DirtyBit_SHIFT = 5;
export const ESR_ELx_Overlay_SHIFT = 6;
export const ESR_ELx_AssuredOnly_SHIFT = 7;
export const ESR_ELx_GCS_SHIFT = 8;
export const ESR_ELx_TagAccess_SHIFT = 9;
export const ESR_ELx_TnD_SHIFT = 10;
export const ESR_ELx_HDBSSF_SHIFT = 11;

const assuredOnly = (what: string) => flag('AssuredOnly', 7, 'AssuredOnly flag (FEAT_THE)', `the ${what} is due to AssuredOnly`, `not due to AssuredOnly`);
const overlay = (what: string) => flag('Overlay', 6, 'Overlay flag (FEAT_S1POE/FEAT_S2POE)', `the ${what} is due to Overlay permissions`, 'not due to Overlay permissions');

export function iss2Specs(kind: Iss2Layout): FieldSpec[] {
  switch (kind) {
    case 'dabt':
      return [
        res0(23, 12),
        flag('HDBSSF', 11, 'HDBSS fault (FEAT_HDBSS)', 'the fault was caused by the HDBSS (full, or a write to it)', 'not caused by the HDBSS'),
        flag('TnD', 10, 'Tag not Data (FEAT_MTE_STORE_ONLY/CANONICAL_TAGS)', 'the Permission fault is due to an Allocation Tag write to Canonically Tagged memory', 'not due to an Allocation Tag access'),
        flag('TagAccess', 9, 'NoTagAccess fault (FEAT_MTE_PERM)', 'the Permission fault is due to the NoTagAccess memory attribute', 'not due to NoTagAccess'),
        flag('GCS', 8, 'Guarded Control Stack data access (FEAT_GCS)', 'the Data Abort is due to a GCS data access', 'not a GCS data access'),
        assuredOnly('Data Abort'),
        overlay('Data Abort'),
        flag('DirtyBit', 5, 'DirtyBit flag (FEAT_S1PIE/FEAT_S2PIE)', 'the Permission fault is due to dirty state', 'not due to dirty state'),
        { ...num('Xs', 4, 0, 'Status register of ST64BV/ST64BV0 (FEAT_LS64_V/ACCDATA)'), describe: (v) => `x${v} (for an ST64BV/ST64BV0 fault; else RES0)` },
      ];
    case 'iabt':
      return [res0(23, 8), assuredOnly('Instruction Abort'), overlay('Instruction Abort'), res0(5, 0)];
    case 'watchpoint':
      return [res0(23, 9), flag('GCS', 8, 'Guarded Control Stack data access (FEAT_GCS)', 'the watchpoint hit a GCS data access', 'not a GCS data access'), res0(7, 0)];
    default:
      return [res0(23, 0)];
  }
}
