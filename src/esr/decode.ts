import { ecEntry, type IssLayout } from './ec.ts';
import { layout, res0, Warnings, hex, type FieldSpec } from './field.ts';
import { iss2Specs } from './iss2.ts';
import { decodeDataAbort, decodeInstructionAbort } from './iss/abort.ts';
import { decodeBreakInstruction, decodeBreakpoint, decodeSoftwareStep, decodeWatchpoint } from './iss/debug.ts';
import {
  decodeBti, decodeEret, decodeFpAccess, decodeFpExc, decodeGcs, decodeGpc, decodeImpDef, decodeLs64, decodeMops,
  decodePacFail, decodeProfiling, decodeRes0, decodeSerror, decodeSme, decodeSmc32, decodeSmc64, decodeSvcHvc,
  decodeTstart, decodeUnallocated, decodeWfx,
} from './iss/misc.ts';
import { decodeLdc, decodeMcr, decodeMcrr, decodeSys128, decodeSys64 } from './iss/sys.ts';
import type { IssDecoder } from './iss/types.ts';
import type { DecodedEsr, EsrField } from './types.ts';

/**
 * ESR_ELx as a whole: Arm ARM D24.2.45 ESR_EL1 (and ESR_EL2/ESR_EL3, same layout):
 * RES0 [63:56], ISS2 [55:32], EC [31:26], IL [25], ISS [24:0].
 */

const ISS_DECODERS: Record<IssLayout, IssDecoder> = {
  res0: decodeRes0, impdef: decodeImpDef, unallocated: decodeUnallocated, wfx: decodeWfx, mcr: decodeMcr, mcrr: decodeMcrr,
  ldc: decodeLdc, 'fp-access': decodeFpAccess, ls64: decodeLs64, bti: decodeBti, 'svc-hvc': decodeSvcHvc, smc32: decodeSmc32,
  smc64: decodeSmc64, sys64: decodeSys64, sys128: decodeSys128, eret: decodeEret, tstart: decodeTstart, 'pac-fail': decodePacFail,
  sme: decodeSme, gpc: decodeGpc, iabt: decodeInstructionAbort, dabt: decodeDataAbort, mops: decodeMops, 'fp-exc': decodeFpExc,
  gcs: decodeGcs, serror: decodeSerror, breakpoint: decodeBreakpoint, step: decodeSoftwareStep, watchpoint: decodeWatchpoint,
  brk: decodeBreakInstruction, profiling: decodeProfiling,
};

const U64 = (1n << 64n) - 1n;

/** Decodes a 64-bit ESR_ELx value. Never throws for a value in 0..2^64-1; oddities become warnings. */
export function decodeEsr(value: bigint): DecodedEsr {
  if (typeof value !== 'bigint' || value < 0n || value > U64) {
    throw new RangeError(`ESR must be a bigint in 0..2^64-1, got ${String(value)}`);
  }
  const low = Number(value & 0xffff_ffffn);
  const high = Number(value >> 32n);
  const ecValue = low >>> 26;
  const il = ((low >>> 25) & 1) as 0 | 1;
  const iss = low & 0x1ff_ffff;
  const iss2 = high & 0xff_ffff;
  const entry = ecEntry(ecValue);
  const w = new Warnings();
  if (entry.iss === 'unallocated') w.add(`EC 0x${ecValue.toString(16)} is not allocated by the Arm architecture (reserved); ISS not decoded`);

  const top = layout(high >>> 24, 7, 56, [res0(7, 0)], w, 'ESR');
  const iss2Field: EsrField = {
    name: 'ISS2', longName: 'Instruction Specific Syndrome 2', start: 32, width: 24, value: iss2, kind: 'field',
    description: iss2 === 0 ? 'no ISS2 information' : `ISS2 (${entry.iss2 === 'other' ? 'RES0 for this class' : 'see fields'})`,
    fields: layout(iss2, 23, 32, iss2Specs(entry.iss2), w, `ISS2 of ${entry.name}`),
  };
  const ecField: EsrField = {
    name: 'EC', longName: 'Exception Class', start: 26, width: 6, value: ecValue, kind: 'field',
    description: entry.description, detail: `${entry.name}; ISS: ${entry.issSection}`, fields: [],
  };
  const ilField: EsrField = {
    name: 'IL', longName: 'Instruction Length', start: 25, width: 1, value: il, kind: 'field',
    description: il ? '32-bit instruction trapped (also used for aborts, SError and most debug exceptions)' : '16-bit instruction trapped', fields: [],
  };
  const decoded = ISS_DECODERS[entry.iss](iss, ecValue);
  const issFields = layout(iss, 24, 0, decoded.specs as FieldSpec[], w, `ISS of ${entry.name}`);
  const issField: EsrField = {
    name: 'ISS', longName: 'Instruction Specific Syndrome', start: 0, width: 25, value: iss, kind: 'field',
    description: decoded.summary ?? hex(iss), detail: entry.issSection, fields: issFields,
  };
  return {
    esr: value,
    ec: { value: ecValue, name: entry.name, description: entry.description },
    il, iss, iss2,
    fields: [...top, iss2Field, ecField, ilField, issField],
    warnings: w.list,
  };
}
