/**
 * Integer element operations of AdvSIMD on unbounded integers (BigInt), as the Arm pseudocode writes
 * them: operands are the lanes' values already sign- or zero-extended, results are reduced to the
 * element size by the caller (or saturated here, setting FPSR.QC).
 */
import { satBig } from './lanes.ts';

/** Shift by a signed register amount (SSHL, USHL, SRSHL, URSHL, SQSHL, UQSHL, SQRSHL, UQRSHL). */
export function shiftReg(a: bigint, shiftByte: bigint, esize: number, unsigned: boolean, round: boolean, saturate: boolean): bigint {
  const sh = Number(BigInt.asIntN(8, shiftByte));
  let r: bigint;
  if (sh >= 0) r = a << BigInt(Math.min(sh, 200));
  else {
    const n = BigInt(Math.min(-sh, 200));
    r = round ? (a + (1n << (n - 1n))) >> n : a >> n;
  }
  if (saturate) return satBig(r, esize, unsigned);
  return r;
}

/** The integer three-same operation `op` (U:opcode, 6 bits) on a, b with accumulator d. Returns undefined for none. */
export function int3(op: number, a: bigint, b: bigint, d: bigint, esize: number, sizeField: number): bigint | undefined {
  const u = (op & 32) !== 0;
  const e = BigInt(esize);
  switch (op & 31) {
    case 0x00: return (a + b) >> 1n; // SHADD/UHADD
    case 0x01: return satBig(a + b, esize, u); // SQADD/UQADD
    case 0x02: return (a + b + 1n) >> 1n; // SRHADD/URHADD
    case 0x04: return (a - b) >> 1n; // SHSUB/UHSUB
    case 0x05: return satBig(a - b, esize, u); // SQSUB/UQSUB
    case 0x06: return a > b ? -1n : 0n; // CMGT/CMHI
    case 0x07: return a >= b ? -1n : 0n; // CMGE/CMHS
    case 0x08: return shiftReg(a, b, esize, u, false, false);
    case 0x09: return shiftReg(a, b, esize, u, false, true);
    case 0x0a: return shiftReg(a, b, esize, u, true, false);
    case 0x0b: return shiftReg(a, b, esize, u, true, true);
    case 0x0c: return a > b ? a : b; // SMAX/UMAX
    case 0x0d: return a < b ? a : b; // SMIN/UMIN
    case 0x0e: return a > b ? a - b : b - a; // SABD/UABD
    case 0x0f: return d + (a > b ? a - b : b - a); // SABA/UABA
    case 0x10: return u ? a - b : a + b; // ADD/SUB
    case 0x11: return u ? (a === b ? -1n : 0n) : (a & b) !== 0n ? -1n : 0n; // CMEQ/CMTST (operands read unsigned)
    case 0x12: return u ? d - a * b : d + a * b; // MLA/MLS
    case 0x13: return u ? (sizeField === 0 ? polyMul(a, b, esize) : undefined) : a * b; // MUL/PMUL
    case 0x16: { // SQDMULH / SQRDMULH (signed operands)
      const p = 2n * a * b + (u ? 1n << (e - 1n) : 0n);
      return satBig(p >> e, esize, false);
    }
    default: return undefined;
  }
}

/** Polynomial (carry-less) multiply of two esize-bit values, low esize bits of the result. */
export function polyMul(a: bigint, b: bigint, esize: number): bigint {
  let r = 0n;
  const ua = BigInt.asUintN(esize, a), ub = BigInt.asUintN(esize, b);
  for (let i = 0n; i < BigInt(esize); i++) if ((ub >> i) & 1n) r ^= ua << i;
  return r;
}

/** Full carry-less product (PMULL): 2*esize bits. */
export function polyMulFull(a: bigint, b: bigint, esize: number): bigint {
  let r = 0n;
  const ua = BigInt.asUintN(esize, a), ub = BigInt.asUintN(esize, b);
  for (let i = 0n; i < BigInt(esize); i++) if ((ub >> i) & 1n) r ^= ua << i;
  return r;
}
