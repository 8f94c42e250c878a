/**
 * The Cryptographic Extension (ARMv8.0, advertised by the Cortex-A57's ID_AA64ISAR0_EL1: AES with
 * PMULL, SHA1, SHA256): AESE AESD AESMC AESIMC, SHA1C SHA1P SHA1M SHA1H SHA1SU0 SHA1SU1, SHA256H
 * SHA256H2 SHA256SU0 SHA256SU1, as the Arm ARM pseudocode defines them on the register's bytes and
 * words. (PMULL/PMULL2 64-bit is in three-diff.ts.)
 */
import type { FpSimdState } from './state.ts';

/**
 * The AES S-box and its inverse, computed from the GF(2^8) inverse and the affine map (FIPS-197 5.1.1).
 * The inverse comes from the powers of 3, which generate the field's 255 nonzero elements: with 3^i
 * = x, x^-1 = 3^(255 - i). (Searching each element's inverse among all 255 took ~10 ms at every start.)
 */
const SBOX = new Uint8Array(256);
const INV_SBOX = new Uint8Array(256);
{
  const pow = new Uint8Array(255), log = new Uint8Array(256);
  for (let i = 0, p = 1; i < 255; i++) { pow[i] = p; log[p] = i; p ^= xt(p); }
  for (let x = 0; x < 256; x++) {
    const inv = x === 0 ? 0 : pow[(255 - log[x]!) % 255]!;
    let s = inv;
    for (let k = 1; k <= 4; k++) s ^= ((inv << k) | (inv >>> (8 - k))) & 0xff;
    s ^= 0x63;
    SBOX[x] = s; INV_SBOX[s] = x;
  }
}

function xt(b: number): number { return ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff; }
function gmul(a: number, b: number): number {
  let r = 0;
  while (b) { if (b & 1) r ^= a; a = xt(a); b >>= 1; }
  return r;
}

const ST = new Uint8Array(16);
const T2 = new Uint8Array(16);

export function aes(s: FpSimdState, w: number): boolean {
  const opcode = (w >>> 12) & 31, n = (w >>> 5) & 31, d = w & 31;
  if (((w >>> 22) & 3) !== 0 || opcode < 4 || opcode > 7) return false;
  const vb = s.vb;
  if (opcode === 4 || opcode === 5) {
    for (let i = 0; i < 16; i++) ST[i] = vb[d * 16 + i] ^ vb[n * 16 + i];
    for (let c = 0; c < 4; c++) {
      for (let r = 0; r < 4; r++) {
        if (opcode === 4) T2[r + 4 * c] = SBOX[ST[r + 4 * ((c + r) % 4)]]; // ShiftRows then SubBytes
        else T2[r + 4 * ((c + r) % 4)] = INV_SBOX[ST[r + 4 * c]]; // InvShiftRows then InvSubBytes
      }
    }
  } else {
    for (let i = 0; i < 16; i++) ST[i] = vb[n * 16 + i];
    for (let c = 0; c < 4; c++) {
      const a0 = ST[4 * c], a1 = ST[4 * c + 1], a2 = ST[4 * c + 2], a3 = ST[4 * c + 3];
      if (opcode === 6) { // MixColumns
        T2[4 * c] = xt(a0) ^ (xt(a1) ^ a1) ^ a2 ^ a3;
        T2[4 * c + 1] = a0 ^ xt(a1) ^ (xt(a2) ^ a2) ^ a3;
        T2[4 * c + 2] = a0 ^ a1 ^ xt(a2) ^ (xt(a3) ^ a3);
        T2[4 * c + 3] = (xt(a0) ^ a0) ^ a1 ^ a2 ^ xt(a3);
      } else { // InvMixColumns
        T2[4 * c] = gmul(a0, 14) ^ gmul(a1, 11) ^ gmul(a2, 13) ^ gmul(a3, 9);
        T2[4 * c + 1] = gmul(a0, 9) ^ gmul(a1, 14) ^ gmul(a2, 11) ^ gmul(a3, 13);
        T2[4 * c + 2] = gmul(a0, 13) ^ gmul(a1, 9) ^ gmul(a2, 14) ^ gmul(a3, 11);
        T2[4 * c + 3] = gmul(a0, 11) ^ gmul(a1, 13) ^ gmul(a2, 9) ^ gmul(a3, 14);
      }
    }
  }
  vb.set(T2, d * 16);
  return true;
}

const rol = (x: number, k: number): number => (x << k) | (x >>> (32 - k));
const ror = (x: number, k: number): number => (x >>> k) | (x << (32 - k));
const choose = (x: number, y: number, z: number): number => ((y ^ z) & x) ^ z;
const parity = (x: number, y: number, z: number): number => x ^ y ^ z;
const majority = (x: number, y: number, z: number): number => (x & y) | ((x | y) & z);

const X = new Int32Array(4);
const Y = new Int32Array(4);
const W = new Int32Array(4);
const RW = new Int32Array(4);

export function sha3(s: FpSimdState, w: number): boolean {
  const opcode = (w >>> 12) & 7, m = (w >>> 16) & 31, n = (w >>> 5) & 31, d = w & 31;
  if (((w >>> 22) & 3) !== 0 || opcode === 7) return false;
  const v = s.v;
  for (let k = 0; k < 4; k++) { X[k] = v[d * 4 + k]; Y[k] = v[n * 4 + k]; W[k] = v[m * 4 + k]; }
  if (opcode <= 2) { // SHA1C, SHA1P, SHA1M: X = abcd, Y<31:0> = e
    const f = opcode === 0 ? choose : opcode === 1 ? parity : majority;
    let y = Y[0];
    for (let e = 0; e < 4; e++) {
      const t = f(X[1], X[2], X[3]);
      y = (y + rol(X[0], 5) + t + W[e]) | 0;
      X[1] = rol(X[1], 30);
      const top = X[3];
      X[3] = X[2]; X[2] = X[1]; X[1] = X[0]; X[0] = y; y = top;
    }
    for (let k = 0; k < 4; k++) v[d * 4 + k] = X[k];
    return true;
  }
  if (opcode === 3) { // SHA1SU0: (n<63:0> : d<127:64>) ^ d ^ m
    RW[0] = X[2]; RW[1] = X[3]; RW[2] = Y[0]; RW[3] = Y[1];
    for (let k = 0; k < 4; k++) v[d * 4 + k] = RW[k] ^ X[k] ^ W[k];
    return true;
  }
  if (opcode === 6) { // SHA256SU1
    const t0 = [Y[1], Y[2], Y[3], W[0]];
    const s1 = (x: number): number => ror(x, 17) ^ ror(x, 19) ^ (x >>> 10);
    RW[0] = (s1(W[2]) + X[0] + t0[0]) | 0;
    RW[1] = (s1(W[3]) + X[1] + t0[1]) | 0;
    RW[2] = (s1(RW[0]) + X[2] + t0[2]) | 0;
    RW[3] = (s1(RW[1]) + X[3] + t0[3]) | 0;
    for (let k = 0; k < 4; k++) v[d * 4 + k] = RW[k];
    return true;
  }
  // SHA256H (opcode 4): hash(X = d, Y = n); SHA256H2 (5): hash(X = n, Y = d), result Y
  const part1 = opcode === 4;
  const xa = part1 ? X : Y, ya = part1 ? Y : X;
  const hx = Int32Array.from(xa), hy = Int32Array.from(ya);
  for (let e = 0; e < 4; e++) {
    const chs = choose(hy[0], hy[1], hy[2]);
    const maj = majority(hx[0], hx[1], hx[2]);
    const t = (hy[3] + (ror(hy[0], 6) ^ ror(hy[0], 11) ^ ror(hy[0], 25)) + chs + W[e]) | 0;
    hx[3] = (t + hx[3]) | 0;
    hy[3] = (t + (ror(hx[0], 2) ^ ror(hx[0], 13) ^ ror(hx[0], 22)) + maj) | 0;
    // ROL(Y:X, 32)
    const xTop = hx[3], yTop = hy[3];
    hx[3] = hx[2]; hx[2] = hx[1]; hx[1] = hx[0]; hx[0] = yTop;
    hy[3] = hy[2]; hy[2] = hy[1]; hy[1] = hy[0]; hy[0] = xTop;
  }
  const res = part1 ? hx : hy;
  for (let k = 0; k < 4; k++) v[d * 4 + k] = res[k];
  return true;
}

export function sha2(s: FpSimdState, w: number): boolean {
  const opcode = (w >>> 12) & 31, n = (w >>> 5) & 31, d = w & 31;
  if (((w >>> 22) & 3) !== 0 || opcode > 2) return false;
  const v = s.v;
  if (opcode === 0) { // SHA1H
    const r = rol(v[n * 4], 30);
    v[d * 4] = r; v[d * 4 + 1] = 0; v[d * 4 + 2] = 0; v[d * 4 + 3] = 0;
    return true;
  }
  for (let k = 0; k < 4; k++) { X[k] = v[d * 4 + k]; Y[k] = v[n * 4 + k]; }
  if (opcode === 1) { // SHA1SU1
    const t = [X[0] ^ Y[1], X[1] ^ Y[2], X[2] ^ Y[3], X[3]];
    RW[0] = rol(t[0], 1); RW[1] = rol(t[1], 1); RW[2] = rol(t[2], 1); RW[3] = rol(t[3], 1) ^ rol(t[0], 2);
  } else { // SHA256SU0
    const t = [X[1], X[2], X[3], Y[0]];
    for (let e = 0; e < 4; e++) RW[e] = ((ror(t[e], 7) ^ ror(t[e], 18) ^ (t[e] >>> 3)) + X[e]) | 0;
  }
  for (let k = 0; k < 4; k++) v[d * 4 + k] = RW[k];
  return true;
}
