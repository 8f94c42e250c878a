import type { FieldSpec } from '../field.ts';

/** What an ISS decoder returns: the fields tiling ISS[24:0], and a one-line summary of the whole ISS. */
export interface IssLayoutResult {
  specs: FieldSpec[];
  summary?: string;
}

export type IssDecoder = (iss: number, ec: number) => IssLayoutResult;
