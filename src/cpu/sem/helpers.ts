/**
 * The run-time functions templates may call by name. Both tiers see exactly these: the generated
 * interpreter imports them (gen-exec.ts writes the import from this object's keys) and the block
 * compiler passes them to each compiled block.
 */
import { out, shl64, lsr64, asr64, shift64, shift32 } from '../bits.ts';
import { bitfield, dp1, dp2, madd64, mull, mulh, crc } from './alu.ts';
import { fpFlags } from '../fp/state.ts';

/**
 * Writes a double (an exact integer, possibly negative) into Xd as its 64-bit two's complement. The low
 * half is v minus the high half's multiple, not `v % 2**32`: V8 compiles a `%` of doubles to a call of C's fmod.
 */
export function setX(x: Int32Array, d: number, v: number): void {
  const h = Math.floor(v / 4294967296);
  x[d] = v - h * 4294967296; x[d + 1] = h;
}

export const HELPERS = { out, shl64, lsr64, asr64, shift64, shift32, bitfield, dp1, dp2, madd64, mull, mulh, crc, setX, fpFlags } as const;
export type HelperName = keyof typeof HELPERS;
