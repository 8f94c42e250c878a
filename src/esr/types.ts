/**
 * The shapes the ESR decoder returns. A decoded ESR is a tree of bit ranges: the top level splits the
 * 64-bit register (RES0, ISS2, EC, IL, ISS), and a field with sub-fields is split into them completely,
 * so every bit of the input belongs to exactly one leaf field (named, RES0 or reserved). That is what
 * lets `encodeEsr` rebuild the input from the leaves.
 *
 * Field values are plain numbers: the widest field is ISS2 (24 bits), so every field fits; only the
 * whole 64-bit ESR is a bigint (and a `0x…` string in JSON).
 */

/** How a field relates to the architecture: an architected field, a RES0 range, or opaque bits. */
export type FieldKind = 'field' | 'res0' | 'impdef' | 'raw';

export interface EsrField {
  /** Arm ARM field name (`ISV`, `DFSC`, `WnR`…), or `RES0`. */
  name: string;
  /** The field's name spelled out, e.g. 'Instruction Syndrome Valid'. */
  longName?: string;
  /** Lowest bit of the field within the 64-bit ESR. */
  start: number;
  /** Number of bits. */
  width: number;
  value: number;
  /** What this value means, in a line. */
  description: string;
  /** A longer explanation (shown with `-v`). */
  detail?: string;
  kind: FieldKind;
  fields: EsrField[];
}

export interface EcInfo {
  value: number;
  /** Linux `esr.h` constant (`ESR_ELx_EC_WATCHPT_LOW`), or `ESR_ELx_EC_RESERVED_0xNN` when unallocated. */
  name: string;
  description: string;
}

export interface DecodedEsr {
  esr: bigint;
  ec: EcInfo;
  il: 0 | 1;
  /** ESR[24:0]. */
  iss: number;
  /** ESR[55:32]. */
  iss2: number;
  /** Top-level fields, most significant first. */
  fields: EsrField[];
  /** Oddities that do not stop decoding: RES0 bits set, reserved encodings, unallocated EC. */
  warnings: string[];
}
