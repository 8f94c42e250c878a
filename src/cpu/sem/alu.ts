/**
 * Run-time helpers for the longer integer instructions, called by their templates (sem/ops-int.ts) in
 * both tiers: the general bitfield move, one-source and two-source data processing, multiply-long,
 * multiply-high, CRC32. Each takes the register file and the record's fields.
 */
import { out, shl64, lsr64, shift64, mul64, umulhi32, rbit32, rev32, rev16w, clz64, toBig, fromBig, add64 } from '../bits.ts';
import { crc32 } from '../crc.ts';

/** SBFM/UBFM/BFM in their general form: Xd = field of Xn from bit `sr`, `width` bits, placed at `pos`. */
export function bitfield(x: Int32Array, d: number, n: number, sr: number, width: number, pos: number, f: number): void {
  const kind = f & 3, is64 = (f & 4) !== 0;
  lsr64(x[n], is64 ? x[n + 1] : 0, sr);
  let lo = out[0], hi = out[1];
  if (width < 32) { lo &= (1 << width) - 1 | 0; if (width === 0) lo = 0; hi = 0; }
  else if (width < 64) hi &= width === 32 ? 0 : ((1 << (width - 32)) - 1);
  if (kind === 1) { // SBFM: sign-extend the field from bit width-1
    const top = width - 1;
    const sbit = top < 32 ? (lo >>> top) & 1 : (hi >>> (top - 32)) & 1;
    if (sbit) {
      if (width < 32) { lo |= ~((1 << width) - 1); hi = -1; }
      else if (width < 64) { hi |= width === 32 ? -1 : ~((1 << (width - 32)) - 1); }
    }
  }
  shl64(lo, hi, pos);
  lo = out[0]; hi = out[1];
  if (kind === 2) { // BFM: keep the destination bits outside the inserted field
    let mlo: number, mhi: number;
    if (width >= 64) { mlo = -1; mhi = -1; }
    else if (width >= 32) { mlo = -1; mhi = width === 32 ? 0 : (1 << (width - 32)) - 1; }
    else { mlo = (1 << width) - 1; mhi = 0; }
    shl64(mlo, mhi, pos); mlo = out[0]; mhi = out[1];
    lo = (x[d] & ~mlo) | (lo & mlo); hi = (x[d + 1] & ~mhi) | (hi & mhi);
  }
  x[d] = lo; x[d + 1] = is64 ? hi : 0;
}

/** RBIT, REV16, REV32, REV, CLZ, CLS (opc 0..5). */
export function dp1(x: Int32Array, d: number, n: number, opc: number, is64: boolean): void {
  const lo = x[n], hi = is64 ? x[n + 1] : 0;
  let rl: number, rh = 0;
  switch (opc) {
    case 0: if (is64) { rl = rbit32(hi); rh = rbit32(lo); } else rl = rbit32(lo); break;
    case 1: rl = rev16w(lo); rh = rev16w(hi); break;
    case 2: if (is64) { rl = rev32(lo); rh = rev32(hi); } else rl = rev32(lo); break;
    case 3: rl = rev32(hi); rh = rev32(lo); break;
    case 4: rl = is64 ? clz64(lo, hi) : Math.clz32(lo); break;
    default: {
      if (is64) { const s = hi >> 31; rl = clz64(lo ^ s, hi ^ s) - 1; }
      else { const s = lo >> 31; rl = Math.clz32(lo ^ s) - 1; }
      break;
    }
  }
  x[d] = rl; x[d + 1] = is64 ? rh : 0;
}

/**
 * x[d..d+1] = the unsigned 64-bit (ah:al) divided by b (1 <= b < 2^32), by long division in steps
 * of 32, 16 and 16 bits: each step divides a number below 2^48, whose quotient's floor a double
 * gives exactly (a quotient just below an integer k is at least 1/b below it, far more than the
 * rounding of a division of numbers that size).
 */
function divSmall(x: Int32Array, d: number, al: number, ah: number, b: number): void {
  const h = ah >>> 0, l = al >>> 0;
  const qh = Math.floor(h / b), r0 = h - qh * b;
  const n1 = r0 * 65536 + (l >>> 16), q1 = Math.floor(n1 / b), r1 = n1 - q1 * b;
  const n2 = r1 * 65536 + (l & 0xffff), q2 = Math.floor(n2 / b);
  x[d] = (q1 * 65536 + q2) | 0; x[d + 1] = qh | 0;
}

/** UDIV, SDIV (opc 2, 3; division by zero gives 0) and LSLV, LSRV, ASRV, RORV (opc 8..11). */
export function dp2(x: Int32Array, d: number, n: number, m: number, opc: number, is64: boolean): void {
  if (opc === 2 || opc === 3) {
    if (!is64) {
      const a = x[n], b = x[m];
      let r: number;
      if (b === 0) r = 0;
      else if (opc === 2) r = Math.floor((a >>> 0) / (b >>> 0)) | 0;
      else r = Math.trunc(a / b) | 0;
      x[d] = r; x[d + 1] = 0;
    } else if (x[m + 1] === 0 && x[m] !== 0 && (opc === 2 || (x[n + 1] >= 0 && x[m] > 0))) {
      divSmall(x, d, x[n], x[n + 1], x[m] >>> 0); // a 32-bit divisor (and, for SDIV, both positive)
    } else {
      let a = toBig(x[n], x[n + 1]), b = toBig(x[m], x[m + 1]);
      if (b === 0n) { x[d] = 0; x[d + 1] = 0; return; }
      if (opc === 3) { a = BigInt.asIntN(64, a); b = BigInt.asIntN(64, b); }
      fromBig(a / b); x[d] = out[0]; x[d + 1] = out[1];
    }
    return;
  }
  const type = opc - 8;
  if (is64) { shift64(x[n], x[n + 1], type, x[m] & 63); x[d] = out[0]; x[d + 1] = out[1]; }
  else {
    const s = x[m] & 31, v = x[n];
    x[d] = type === 0 ? v << s : type === 1 ? v >>> s : type === 2 ? v >> s : s === 0 ? v : (v >>> s) | (v << (32 - s));
    x[d + 1] = 0;
  }
}

/** MADD/MSUB on 64 bits (f bit 1: subtract). */
export function madd64(x: Int32Array, d: number, n: number, m: number, a: number, f: number): void {
  mul64(x[n], x[n + 1], x[m], x[m + 1]);
  let plo = out[0], phi = out[1];
  if (f & 2) { const l = (~plo >>> 0) + 1; plo = l | 0; phi = (~phi + (l > 0xffffffff ? 1 : 0)) | 0; }
  const l = (x[a] >>> 0) + (plo >>> 0);
  x[d + 1] = (x[a + 1] + phi + (l > 0xffffffff ? 1 : 0)) | 0; x[d] = l;
}

/** SMADDL/SMSUBL/UMADDL/UMSUBL (f bit 0: signed, bit 1: subtract). */
export function mull(x: Int32Array, d: number, n: number, m: number, ra: number, f: number): void {
  const a = x[n], b = x[m];
  let plo = Math.imul(a, b), phi = umulhi32(a, b);
  if (f & 1) phi = (phi - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
  if (f & 2) { const l = (~plo >>> 0) + 1; plo = l | 0; phi = (~phi + (l > 0xffffffff ? 1 : 0)) | 0; }
  add64(x[ra], x[ra + 1], plo, phi); x[d] = out[0]; x[d + 1] = out[1];
}

/** SMULH/UMULH (signed when `signed`): the high 64 bits of the 128-bit product, from 32-bit partial products. */
export function mulh(x: Int32Array, d: number, n: number, m: number, signed: number): void {
  const al = x[n], ah = x[n + 1], bl = x[m], bh = x[m + 1];
  // the four products of the halves, each split into its low and high words (unsigned)
  const ll = umulhi32(al, bl) >>> 0;
  const lhLo = Math.imul(al, bh) >>> 0, lhHi = umulhi32(al, bh) >>> 0;
  const hlLo = Math.imul(ah, bl) >>> 0, hlHi = umulhi32(ah, bl) >>> 0;
  const hhLo = Math.imul(ah, bh) >>> 0, hhHi = umulhi32(ah, bh) >>> 0;
  const w1 = ll + lhLo + hlLo; // bits 32..63, with what it carries into bit 64
  const w2 = hhLo + lhHi + hlHi + Math.floor(w1 / 4294967296);
  let lo = w2 >>> 0, hi = (hhHi + Math.floor(w2 / 4294967296)) | 0;
  if (signed) { // two's complement: minus b << 64 when a < 0, minus a << 64 when b < 0
    if (ah < 0) { const l = (lo >>> 0) - (bl >>> 0); lo = l >>> 0; hi = (hi - bh - (l < 0 ? 1 : 0)) | 0; }
    if (bh < 0) { const l = (lo >>> 0) - (al >>> 0); lo = l >>> 0; hi = (hi - ah - (l < 0 ? 1 : 0)) | 0; }
  }
  x[d] = lo | 0; x[d + 1] = hi;
}

/** CRC32{B,H,W,X} (sz 0..3) and CRC32C* (castagnoli = 1). */
export function crc(x: Int32Array, d: number, n: number, m: number, sz: number, castagnoli: number): void {
  x[d] = crc32(x[n], x[m], x[m + 1], 1 << sz, castagnoli === 1); x[d + 1] = 0;
}
