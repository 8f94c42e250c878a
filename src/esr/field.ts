import type { EsrField, FieldKind } from './types.ts';

/**
 * Building blocks for the ISS decoders. A decoder describes a register range as a list of
 * `FieldSpec`s (most significant first); `layout` checks that they tile the range exactly, extracts
 * each value, and turns RES0 bits that are set into warnings (never errors: a newer architecture
 * version may have given them a meaning we do not know yet).
 */

export interface FieldSpec {
  name: string;
  /** Highest bit, relative to the register being laid out (ISS bit numbers for ISS fields). */
  hi: number;
  lo: number;
  longName?: string;
  kind?: FieldKind;
  /** One-line meaning of a value; an absent entry prints nothing beyond the value. */
  describe?: (v: number) => string;
  detail?: string;
  /** Values the architecture reserves; decoding them adds a warning. */
  reserved?: (v: number) => boolean;
}

export class Warnings {
  readonly list: string[] = [];
  add(text: string): void {
    this.list.push(text);
  }
}

/** Bits hi..lo of a value of up to 32 bits (ISS, ISS2), as an unsigned number. */
export function bits(value: number, hi: number, lo: number): number {
  const width = hi - lo + 1;
  return width >= 32 ? value >>> lo : (value >>> lo) & ((1 << width) - 1);
}

export function hex(v: number | bigint): string {
  return `0x${v.toString(16)}`;
}

export function range(hi: number, lo: number): string {
  return hi === lo ? `${hi}` : `${hi}..${lo}`;
}

/** A RES0 range. */
export function res0(hi: number, lo: number): FieldSpec {
  return { name: 'RES0', hi, lo, kind: 'res0', longName: 'Reserved, RES0' };
}

/** A single-bit flag with the two meanings. */
export function flag(name: string, bit: number, longName: string, ifSet: string, ifClear: string, detail?: string): FieldSpec {
  return { name, hi: bit, lo: bit, longName, describe: (v) => (v ? ifSet : ifClear), detail };
}

/** A field whose meaning is a lookup; values missing from the table are reserved. */
export function table(name: string, hi: number, lo: number, longName: string, values: Record<number, string>, detail?: string): FieldSpec {
  return {
    name, hi, lo, longName, detail,
    describe: (v) => values[v] ?? 'reserved value',
    reserved: (v) => values[v] === undefined,
  };
}

/** A register number field (Rt, Rn, SRT…): describes the value as `x<n>`. */
export function reg(name: string, hi: number, lo: number, longName: string): FieldSpec {
  return { name, hi, lo, longName, describe: (v) => (v === 31 ? 'x31 (xzr/sp, or the AArch32 register 15)' : `x${v}`) };
}

/** A plain number field. */
export function num(name: string, hi: number, lo: number, longName: string, detail?: string): FieldSpec {
  return { name, hi, lo, longName, detail, describe: (v) => `${v}` };
}

/**
 * Lays `specs` over `value`, whose bit 0 sits at ESR bit `base`. `specs` must tile [top..0] with no gap
 * or overlap (a programming error otherwise, so it throws).
 */
export function layout(value: number, top: number, base: number, specs: FieldSpec[], w: Warnings, where: string): EsrField[] {
  let next = top;
  const out: EsrField[] = [];
  for (const s of specs) {
    if (s.hi !== next || s.lo > s.hi) throw new Error(`esr: field layout of ${where} broken at ${s.name} [${s.hi}:${s.lo}]`);
    next = s.lo - 1;
    const v = bits(value, s.hi, s.lo);
    const kind = s.kind ?? 'field';
    let description = s.describe ? s.describe(v) : kind === 'res0' ? (v === 0 ? 'reserved, zero' : 'reserved, but NOT zero') : '';
    if (kind === 'res0' && v !== 0) {
      w.add(`${where}: bits ${range(s.hi + base, s.lo + base)} are RES0 but hold ${hex(v)}`);
    } else if (s.reserved?.(v)) {
      w.add(`${where}: ${s.name} = ${hex(v)} is a reserved value`);
      if (!s.describe) description = 'reserved value';
    }
    const f: EsrField = {
      name: s.name, start: s.lo + base, width: s.hi - s.lo + 1, value: v, description, kind, fields: [],
    };
    if (s.longName) f.longName = s.longName;
    if (s.detail) f.detail = s.detail;
    out.push(f);
  }
  if (next !== -1) throw new Error(`esr: field layout of ${where} leaves bits ${next}..0 uncovered`);
  return out;
}
