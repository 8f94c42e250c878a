/**
 * The run-time functions templates may call by name. Both tiers see exactly these: the generated
 * interpreter imports them (gen-exec.ts writes the import from this object's keys) and the block
 * compiler passes them to each compiled block.
 */
import { out, shl64, lsr64, asr64, shift64, shift32 } from '../bits.ts';
import { bitfield, dp1, dp2, madd64, mull, mulh, crc } from './alu.ts';
import { fpFlags } from '../fp/state.ts';

export const HELPERS = { out, shl64, lsr64, asr64, shift64, shift32, bitfield, dp1, dp2, madd64, mull, mulh, crc, fpFlags } as const;
export type HelperName = keyof typeof HELPERS;
