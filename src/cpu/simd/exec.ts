/**
 * SIMD&FP data processing (Arm ARM C4.1.95, bits 28:25 = x111): the group of an instruction word and
 * its executor. `execSimdFp(s, w)` runs one instruction on the state and returns false when the
 * encoding is UNDEFINED on an ARMv8.0 Cortex-A57 (with the Cryptographic Extension), in which case it
 * has changed nothing.
 *
 * The group masks follow the encoding tables (and the order in which their patterns overlap: modified
 * immediate is a subset of shift by immediate).
 */
import type { FpSimdState } from './state.ts';
import { execScalarFp } from './fp-scalar.ts';
import { threeSame } from './three-same.ts';
import { threeDiff } from './three-diff.ts';
import { twoMisc } from './two-misc.ts';
import { acrossLanes, scalarPairwise } from './across.ts';
import { copy, scalarCopy } from './copy.ts';
import { indexed } from './indexed.ts';
import { modImm, shiftImm } from './shift-imm.ts';
import { tbl, zipUzpTrn, ext } from './permute.ts';
import { aes, sha3, sha2 } from './crypto.ts';

/** Executes the SIMD&FP data-processing instruction `w`; false if UNDEFINED. */
export function execSimdFp(s: FpSimdState, w: number): boolean {
  if ((w & 0x50000000) === 0x10000000) return execScalarFp(s, w); // bit 28 = 1, bit 30 = 0
  if ((w & 0x9f200400) === 0x0e200400) return threeSame(s, w, false);
  if ((w & 0x9f200c00) === 0x0e200000) return threeDiff(s, w, false);
  if ((w & 0x9f3e0c00) === 0x0e200800) return twoMisc(s, w, false);
  if ((w & 0x9f3e0c00) === 0x0e300800) return acrossLanes(s, w);
  if ((w & 0x9fe08400) === 0x0e000400) return copy(s, w);
  if ((w & 0x9f000400) === 0x0f000000) return indexed(s, w, false);
  if ((w & 0x9ff80400) === 0x0f000400) return modImm(s, w);
  if ((w & 0x9f800400) === 0x0f000400) return shiftImm(s, w, false);
  if ((w & 0xbf208c00) === 0x0e000000) return tbl(s, w);
  if ((w & 0xbf208c00) === 0x0e000800) return zipUzpTrn(s, w);
  if ((w & 0xbf208400) === 0x2e000000) return ext(s, w);
  if ((w & 0xdf200400) === 0x5e200400) return threeSame(s, w, true);
  if ((w & 0xdf200c00) === 0x5e200000) return threeDiff(s, w, true);
  if ((w & 0xdf3e0c00) === 0x5e200800) return twoMisc(s, w, true);
  if ((w & 0xdf3e0c00) === 0x5e300800) return scalarPairwise(s, w);
  if ((w & 0xdfe08400) === 0x5e000400) return scalarCopy(s, w);
  if ((w & 0xdf000400) === 0x5f000000) return indexed(s, w, true);
  if ((w & 0xdf800400) === 0x5f000400) return shiftImm(s, w, true);
  if ((w & 0xff3e0c00) === 0x4e280800) return aes(s, w);
  if ((w & 0xff208c00) === 0x5e000000) return sha3(s, w);
  if ((w & 0xff3e0c00) === 0x5e280800) return sha2(s, w);
  return false;
}
