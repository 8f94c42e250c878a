/**
 * CRC32 and CRC32C instructions (Arm ARM C6.2.76/77): reflected polynomials 0x04C11DB7 and
 * 0x1EDC6F41, no initial or final inversion, data bytes consumed little-endian.
 */
function table(poly: number): Int32Array {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = (c & 1) ? (c >>> 1) ^ poly : c >>> 1;
    t[i] = c;
  }
  return t;
}
const T = table(0xedb88320);
const TC = table(0x82f63b78);

/** The byte-at-a-time table of CRC32 (or, `castagnoli`, CRC32C): what WebAssembly blocks look bytes up in. */
export function crcTable(castagnoli: boolean): Int32Array { return castagnoli ? TC : T; }

/** acc = Wn, data = the low `bytes` bytes of (lo, hi). */
export function crc32(acc: number, lo: number, hi: number, bytes: number, castagnoli: boolean): number {
  const t = castagnoli ? TC : T;
  let c = acc;
  for (let i = 0; i < bytes; i++) {
    const b = i < 4 ? (lo >>> (8 * i)) & 0xff : (hi >>> (8 * (i - 4))) & 0xff;
    c = (c >>> 8) ^ t[(c ^ b) & 0xff];
  }
  return c | 0;
}
