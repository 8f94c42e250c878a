/**
 * 64-bit integer arithmetic on pairs of 32-bit halves, for the interpreter's hot paths.
 *
 * A 64-bit value is (lo, hi), each an int32 holding the raw bits. Helpers that produce a 64-bit
 * result write it to `out[0]` (lo) and `out[1]` (hi) instead of allocating; callers copy it at once.
 */
export const out = new Int32Array(2);

const TWO32 = 4294967296;

/** Logical shift left by s (0..63). */
export function shl64(lo: number, hi: number, s: number): void {
  if (s === 0) { out[0] = lo; out[1] = hi; }
  else if (s < 32) { out[1] = (hi << s) | (lo >>> (32 - s)); out[0] = lo << s; }
  else { out[1] = lo << (s - 32); out[0] = 0; }
}

/** Logical shift right by s (0..63). */
export function lsr64(lo: number, hi: number, s: number): void {
  if (s === 0) { out[0] = lo; out[1] = hi; }
  else if (s < 32) { out[0] = (lo >>> s) | (hi << (32 - s)); out[1] = hi >>> s; }
  else { out[0] = hi >>> (s - 32); out[1] = 0; }
}

/** Arithmetic shift right by s (0..63). */
export function asr64(lo: number, hi: number, s: number): void {
  if (s === 0) { out[0] = lo; out[1] = hi; }
  else if (s < 32) { out[0] = (lo >>> s) | (hi << (32 - s)); out[1] = hi >> s; }
  else { out[0] = hi >> (s - 32); out[1] = hi >> 31; }
}

/** Rotate right by s (0..63). */
export function ror64(lo: number, hi: number, s: number): void {
  if (s === 0) { out[0] = lo; out[1] = hi; return; }
  if (s >= 32) { const t = lo; lo = hi; hi = t; s -= 32; if (s === 0) { out[0] = lo; out[1] = hi; return; } }
  out[0] = (lo >>> s) | (hi << (32 - s));
  out[1] = (hi >>> s) | (lo << (32 - s));
}

/** Shift of a 64-bit operand by type (0 LSL, 1 LSR, 2 ASR, 3 ROR). */
export function shift64(lo: number, hi: number, type: number, s: number): void {
  switch (type) {
    case 0: shl64(lo, hi, s); break;
    case 1: lsr64(lo, hi, s); break;
    case 2: asr64(lo, hi, s); break;
    default: ror64(lo, hi, s); break;
  }
}

/** Shift of a 32-bit operand by type; result in out[0], out[1] = 0. */
export function shift32(v: number, type: number, s: number): void {
  out[1] = 0;
  if (s === 0) { out[0] = v; return; }
  switch (type) {
    case 0: out[0] = v << s; break;
    case 1: out[0] = v >>> s; break;
    case 2: out[0] = v >> s; break;
    default: out[0] = (v >>> s) | (v << (32 - s)); break;
  }
}

/** High 32 bits of the unsigned 64-bit product of two uint32 values. */
export function umulhi32(a: number, b: number): number {
  a >>>= 0; b >>>= 0;
  const al = a & 0xffff, ah = a >>> 16, bl = b & 0xffff, bh = b >>> 16;
  const ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + Math.floor(mid / 65536)) | 0;
}

/** Low 64 bits of a 64x64 product. */
export function mul64(alo: number, ahi: number, blo: number, bhi: number): void {
  out[0] = Math.imul(alo, blo);
  out[1] = (umulhi32(alo, blo) + Math.imul(alo, bhi) + Math.imul(ahi, blo)) | 0;
}

/** Add two 64-bit values (no flags). */
export function add64(alo: number, ahi: number, blo: number, bhi: number): void {
  const l = (alo >>> 0) + (blo >>> 0);
  out[0] = l;
  out[1] = (ahi + bhi + (l > 0xffffffff ? 1 : 0)) | 0;
}

/** The pair as an unsigned bigint (slow paths and the public API only). */
export function toBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** A bigint as a pair (mod 2^64) in out. */
export function fromBig(v: bigint): void {
  out[0] = Number(v & 0xffffffffn) | 0;
  out[1] = Number((v >> 32n) & 0xffffffffn) | 0;
}

/** The pair as a non-negative double; exact below 2^53, used for guest addresses. */
export function toNum(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}

/** Count leading zeros of a 64-bit value. */
export function clz64(lo: number, hi: number): number {
  return hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
}

/** Reverse the bits of a 32-bit value. */
export function rbit32(v: number): number {
  v = ((v >>> 1) & 0x55555555) | ((v & 0x55555555) << 1);
  v = ((v >>> 2) & 0x33333333) | ((v & 0x33333333) << 2);
  v = ((v >>> 4) & 0x0f0f0f0f) | ((v & 0x0f0f0f0f) << 4);
  v = ((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8);
  return (v >>> 16) | (v << 16);
}

/** Byte-reverse a 32-bit value. */
export function rev32(v: number): number {
  return ((v >>> 24) | ((v >>> 8) & 0xff00) | ((v & 0xff00) << 8) | (v << 24)) | 0;
}

/** Byte-reverse each halfword of a 32-bit value. */
export function rev16w(v: number): number {
  return (((v >>> 8) & 0x00ff00ff) | ((v & 0x00ff00ff) << 8)) | 0;
}

/**
 * DecodeBitMasks (Arm ARM J1 shared pseudocode) for logical immediates: the wmask as a pair in out.
 * Returns false for a reserved encoding.
 */
export function decodeBitMasks(n: number, imms: number, immr: number, is64: boolean): boolean {
  const combined = (n << 6) | (~imms & 0x3f);
  if (combined === 0) return false;
  const len = 31 - Math.clz32(combined);
  if (len < 1) return false;
  if (!is64 && len > 5) return false;
  const esize = 1 << len;
  const levels = esize - 1;
  const s = imms & levels;
  const r = immr & levels;
  if (s === levels) return false;
  // element: s+1 ones rotated right by r within esize bits
  let elo: number, ehi: number;
  const ones = s + 1;
  if (ones >= 32) { elo = -1; ehi = ones === 64 ? -1 : (1 << (ones - 32)) - 1; }
  else { elo = (1 << ones) - 1 | 0; if (ones === 32) elo = -1; ehi = 0; }
  if (r !== 0) {
    if (esize === 64) { ror64(elo, ehi, r); elo = out[0]; ehi = out[1]; }
    else {
      const m = esize === 32 ? -1 : (1 << esize) - 1;
      elo = ((elo >>> r) | (elo << (esize - r))) & m;
    }
  }
  // replicate
  if (esize < 32) {
    let v = elo & ((1 << esize) - 1);
    for (let w = esize; w < 32; w *= 2) v = v | (v << w);
    elo = v; ehi = v;
  } else if (esize === 32) { ehi = elo; }
  out[0] = elo; out[1] = is64 ? ehi : 0;
  return true;
}
