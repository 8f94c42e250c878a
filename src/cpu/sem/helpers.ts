/**
 * The run-time functions templates may call by name. The block compiler passes all of them to each
 * compiled block; the generated interpreter takes those its code names (gen-exec.ts), which leaves
 * out what only a block's inline forms use (umulhi32).
 */
import { out, shl64, lsr64, asr64, shift64, shift32, umulhi32 } from '../bits.ts';
import { bitfield, dp1, dp2, madd64, mull, mulh, crc } from './alu.ts';
import { fpFlags } from '../fp/state.ts';

export const HELPERS = { out, shl64, lsr64, asr64, shift64, shift32, umulhi32, bitfield, dp1, dp2, madd64, mull, mulh, crc, fpFlags } as const;
export type HelperName = keyof typeof HELPERS;
