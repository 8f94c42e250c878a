import type { DecodedEsr, EsrField } from './types.ts';

/**
 * Re-encoding: the inverse of `decodeEsr`. The decoder's fields tile the register (each field with
 * sub-fields is split into them completely), so OR-ing every leaf value at its position rebuilds the
 * ESR, RES0 and reserved bits included.
 */

function leaves(fields: readonly EsrField[], out: EsrField[] = []): EsrField[] {
  for (const f of fields) {
    if (f.fields.length) leaves(f.fields, out);
    else out.push(f);
  }
  return out;
}

/** Leaf fields (no sub-fields), most significant first. */
export function leafFields(fields: readonly EsrField[]): EsrField[] {
  return leaves(fields);
}

export function encodeEsr(fields: readonly EsrField[] | DecodedEsr): bigint {
  const list = Array.isArray(fields) ? fields : (fields as DecodedEsr).fields;
  let v = 0n;
  for (const f of leaves(list)) {
    if (!Number.isInteger(f.value) || f.value < 0 || f.value >= 2 ** f.width) {
      throw new RangeError(`field ${f.name} [${f.start + f.width - 1}:${f.start}] cannot hold ${f.value}`);
    }
    v |= BigInt(f.value) << BigInt(f.start);
  }
  return v;
}

/**
 * Builds an ESR from its main parts (EC, IL, ISS, ISS2), as a VMM or CPU model would when raising an
 * exception. Values are masked to their widths; out-of-range values throw.
 */
export function makeEsr(parts: { ec: number; il?: 0 | 1; iss?: number; iss2?: number }): bigint {
  const { ec, il = 1, iss = 0, iss2 = 0 } = parts;
  const check = (n: string, v: number, w: number) => {
    if (!Number.isInteger(v) || v < 0 || v >= 2 ** w) throw new RangeError(`${n} must be an integer in 0..${2 ** w - 1}, got ${v}`);
  };
  check('ec', ec, 6); check('il', il, 1); check('iss', iss, 25); check('iss2', iss2, 24);
  return (BigInt(iss2) << 32n) | BigInt(((ec << 26) | (il << 25) | iss) >>> 0);
}
