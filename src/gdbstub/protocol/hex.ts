/**
 * Hex and binary helpers for the GDB Remote Serial Protocol (RSP). Pure: no Node, no DOM, no throw.
 * Numbers in packets are big-endian hex text ("40080000"); data is hex byte pairs or, in X packets,
 * binary with '}' escapes (GDB manual, "Overview" of the Remote Protocol: "Binary data … escaped
 * with '}' (0x7d) followed by the original character XORed with 0x20").
 */

const HEX_DIGITS = '0123456789abcdef';
/** '00'..'ff', lower-case. */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) => HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!);

/** The value of one ASCII hex digit, or -1. */
export function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Parses bytes [start, end) as an unsigned hex number (1..16 digits), or undefined. */
export function parseHexBig(buf: Uint8Array, start = 0, end = buf.length): bigint | undefined {
  if (end <= start || end - start > 16) return undefined;
  let hi = 0;
  let lo = 0;
  const n = end - start;
  for (let i = start; i < end; i++) {
    const v = hexValue(buf[i]!);
    if (v < 0) return undefined;
    // digits beyond the low 8 go into hi
    if (end - i > 8) hi = hi * 16 + v;
    else lo = lo * 16 + v;
  }
  return n > 8 ? (BigInt(hi) << 32n) | BigInt(lo) : BigInt(lo);
}

/** Parses bytes [start, end) as an unsigned hex number that fits in 32 bits, or undefined. */
export function parseHexU32(buf: Uint8Array, start = 0, end = buf.length): number | undefined {
  if (end <= start) return undefined;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = hexValue(buf[i]!);
    if (d < 0) return undefined;
    v = v * 16 + d;
    if (v > 0xffffffff) return undefined;
  }
  return v;
}

/** Decodes hex byte pairs [start, end) into a new array, or undefined on odd length / bad digit. */
export function decodeHexBytes(buf: Uint8Array, start = 0, end = buf.length): Uint8Array | undefined {
  const n = end - start;
  if (n < 0 || n % 2 !== 0) return undefined;
  const out = new Uint8Array(n / 2);
  for (let i = 0; i < out.length; i++) {
    const h = hexValue(buf[start + 2 * i]!);
    const l = hexValue(buf[start + 2 * i + 1]!);
    if (h < 0 || l < 0) return undefined;
    out[i] = (h << 4) | l;
  }
  return out;
}

/** Hex text of bytes, two lowercase digits each. */
export function encodeHexBytes(data: Uint8Array): string {
  let s = '';
  for (let i = 0; i < data.length; i++) {
    const b = data[i]!;
    s += HEX_DIGITS[b >> 4]! + HEX_DIGITS[b & 15]!;
  }
  return s;
}

/**
 * Hex text of a string's UTF-8 bytes (qRcmd input and `O` console output). Written out rather than
 * using TextEncoder so that protocol/ needs no host (Node or DOM) API.
 */
export function encodeHexString(text: string): string {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) bytes.push(c);
    else if (c < 0x800) bytes.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) bytes.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else bytes.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return encodeHexBytes(Uint8Array.from(bytes));
}

/** Hex text of an unsigned number, without leading zeros ("0" for zero). */
export function hexNumber(v: bigint | number): string {
  return v.toString(16);
}

/** `width` bytes of `v`, little-endian, as hex pairs (register transfer in the target's byte order). */
export function hexLe(v: bigint, width: number): string {
  // Two 32-bit halves as Numbers, then byte pairs from a table: no BigInt per byte (a stop reply
  // formats 34 registers, and that is per stepi).
  const x = BigInt.asUintN(width * 8, v);
  let s = '';
  for (let i = 0; i < width; i += 4) {
    let w = Number(BigInt.asUintN(32, i === 0 ? x : x >> BigInt(8 * i)));
    for (let j = i; j < width && j < i + 4; j++) {
      s += HEX_PAIRS[w & 0xff]!;
      w >>>= 8;
    }
  }
  return s;
}

/** Reads `width` little-endian bytes (as hex pairs starting at `start`) into a bigint, or undefined. */
export function parseHexLe(buf: Uint8Array, start: number, width: number): bigint | undefined {
  if (start + 2 * width > buf.length) return undefined;
  let v = 0n;
  for (let i = width - 1; i >= 0; i--) {
    const h = hexValue(buf[start + 2 * i]!);
    const l = hexValue(buf[start + 2 * i + 1]!);
    if (h < 0 || l < 0) return undefined;
    v = (v << 8n) | BigInt((h << 4) | l);
  }
  return v;
}

/**
 * Removes '}' escapes from binary data [start, end) (X packets). Returns undefined when the data ends
 * in a lone '}'.
 */
export function unescapeBinary(buf: Uint8Array, start = 0, end = buf.length): Uint8Array | undefined {
  let n = 0;
  for (let i = start; i < end; i++, n++) if (buf[i] === 0x7d) i++;
  const out = new Uint8Array(n);
  let j = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x7d) {
      if (i + 1 >= end) return undefined;
      out[j++] = buf[++i]! ^ 0x20;
    } else out[j++] = c;
  }
  return out;
}

/** Finds byte `c` in [start, end); -1 when absent. */
export function indexOf(buf: Uint8Array, c: number, start = 0, end = buf.length): number {
  for (let i = start; i < end; i++) if (buf[i] === c) return i;
  return -1;
}

/** True when bytes at `start` equal the ASCII text `prefix`. */
export function startsWith(buf: Uint8Array, prefix: string, start = 0): boolean {
  if (buf.length - start < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (buf[start + i] !== prefix.charCodeAt(i)) return false;
  return true;
}

/** ASCII text of bytes [start, end) (for names and logs; packets are ASCII outside X data). */
export function ascii(buf: Uint8Array, start = 0, end = buf.length): string {
  let s = '';
  for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]!);
  return s;
}
