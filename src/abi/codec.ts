/**
 * Reading and writing integers in a byte buffer in an explicit byte order ('le' or 'be'), never the
 * host's. The fixed-width accessors are plain byte arithmetic: no DataView, no allocation (64-bit values
 * are returned as bigint, which the caller asked for). Offsets are checked; a bad offset or an
 * out-of-range value throws RangeError instead of silently reading undefined or truncating.
 */
import type { Endian } from './backend.ts';
import { fieldInfo, fieldType, type FieldInfo, type StructLayout } from './layout.ts';

function check(buf: Uint8Array, off: number, n: number): void {
  if (!(off >= 0 && off + n <= buf.length) || (off | 0) !== off) {
    throw new RangeError(`offset ${off} + ${n} bytes outside a ${buf.length}-byte buffer`);
  }
}

/** 2 ** bits for the widths the codec writes: `2 ** bits` with a variable `bits` is a call of pow. */
const SPAN: Readonly<Record<number, number>> = { 8: 2 ** 8, 16: 2 ** 16, 32: 2 ** 32 };

function checkValue(v: number, bits: number): void {
  // Accept the unsigned range and, for convenience, the signed one (stored two's complement).
  const span = SPAN[bits] ?? 2 ** bits;
  if (!Number.isInteger(v) || v < -span / 2 || v >= span) {
    throw new RangeError(`value ${v} does not fit in ${bits} bits`);
  }
}

export function readU8(buf: Uint8Array, off: number, _e?: Endian): number {
  check(buf, off, 1);
  return buf[off]!;
}

export function readU16(buf: Uint8Array, off: number, e: Endian): number {
  check(buf, off, 2);
  return e === 'le' ? buf[off]! | (buf[off + 1]! << 8) : (buf[off]! << 8) | buf[off + 1]!;
}

export function readU32(buf: Uint8Array, off: number, e: Endian): number {
  check(buf, off, 4);
  const b0 = buf[off]!, b1 = buf[off + 1]!, b2 = buf[off + 2]!, b3 = buf[off + 3]!;
  return (e === 'le' ? b0 | (b1 << 8) | (b2 << 16) | (b3 << 24) : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
}

/** The low (`which` 0) or high (1) 32-bit half of a 64-bit field, as a number: for hot paths. */
export function readU64Half(buf: Uint8Array, off: number, which: 0 | 1, e: Endian): number {
  const lowFirst = e === 'le';
  return readU32(buf, off + ((which === 0) === lowFirst ? 0 : 4), e);
}

export function readU64(buf: Uint8Array, off: number, e: Endian): bigint {
  const lo = readU64Half(buf, off, 0, e);
  const hi = readU64Half(buf, off, 1, e);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

export function writeU8(buf: Uint8Array, off: number, v: number, _e?: Endian): void {
  check(buf, off, 1);
  checkValue(v, 8);
  buf[off] = v & 0xff;
}

export function writeU16(buf: Uint8Array, off: number, v: number, e: Endian): void {
  check(buf, off, 2);
  checkValue(v, 16);
  const hi = (v >>> 8) & 0xff, lo = v & 0xff;
  buf[off] = e === 'le' ? lo : hi;
  buf[off + 1] = e === 'le' ? hi : lo;
}

export function writeU32(buf: Uint8Array, off: number, v: number, e: Endian): void {
  check(buf, off, 4);
  checkValue(v, 32);
  if (e === 'le') {
    buf[off] = v & 0xff; buf[off + 1] = (v >>> 8) & 0xff; buf[off + 2] = (v >>> 16) & 0xff; buf[off + 3] = (v >>> 24) & 0xff;
  } else {
    buf[off] = (v >>> 24) & 0xff; buf[off + 1] = (v >>> 16) & 0xff; buf[off + 2] = (v >>> 8) & 0xff; buf[off + 3] = v & 0xff;
  }
}

/** Writes a 64-bit field from two 32-bit halves (no bigint): for hot paths. */
export function writeU64Halves(buf: Uint8Array, off: number, hi: number, lo: number, e: Endian): void {
  check(buf, off, 8);
  writeU32(buf, off + (e === 'le' ? 0 : 4), lo >>> 0, e);
  writeU32(buf, off + (e === 'le' ? 4 : 0), hi >>> 0, e);
}

const U64_MAX = (1n << 64n) - 1n;
const S64_MIN = -(1n << 63n);

export function writeU64(buf: Uint8Array, off: number, v: bigint, e: Endian): void {
  if (typeof v !== 'bigint' || v < S64_MIN || v > U64_MAX) throw new RangeError(`value ${v} does not fit in 64 bits`);
  const u = BigInt.asUintN(64, v);
  writeU64Halves(buf, off, Number(u >> 32n), Number(u & 0xffffffffn), e);
}

/** A 128-bit field (`__uint128_t`): the whole value in the given byte order. */
export function readU128(buf: Uint8Array, off: number, e: Endian): bigint {
  const first = readU64(buf, off, e), second = readU64(buf, off + 8, e);
  return e === 'le' ? (second << 64n) | first : (first << 64n) | second;
}

export function writeU128(buf: Uint8Array, off: number, v: bigint, e: Endian): void {
  if (typeof v !== 'bigint' || v < 0n || v >= 1n << 128n) throw new RangeError(`value ${v} does not fit in 128 bits`);
  const lo = v & U64_MAX, hi = v >> 64n;
  writeU64(buf, off, e === 'le' ? lo : hi, e);
  writeU64(buf, off + 8, e === 'le' ? hi : lo, e);
}

const scalarCache = new WeakMap<StructLayout, Map<string, FieldInfo>>();

/** The scalar field at `path`, resolved once per struct and path (later calls do not allocate). */
function scalarField(s: StructLayout, path: string): FieldInfo {
  let cache = scalarCache.get(s);
  if (!cache) scalarCache.set(s, (cache = new Map()));
  const hit = cache.get(path);
  if (hit) return hit;
  const info = fieldInfo(s, path);
  if (fieldType(s, path).kind !== 'scalar') {
    throw new Error(`${s.name}.${path} is ${info.type}, not a scalar: name an element or a member`);
  }
  cache.set(path, info);
  return info;
}

/** Reads the scalar at `path` (e.g. 'debug.arch.hsr', 'regs.regs[3]'): number up to 4 bytes, bigint for 8 and 16. */
export function readField(buf: Uint8Array, s: StructLayout, path: string, e: Endian): number | bigint {
  const { offset, size } = scalarField(s, path);
  switch (size) {
    case 1: return readU8(buf, offset);
    case 2: return readU16(buf, offset, e);
    case 4: return readU32(buf, offset, e);
    case 8: return readU64(buf, offset, e);
    default: return readU128(buf, offset, e);
  }
}

/** Writes the scalar at `path`. 8- and 16-byte fields take a bigint (or a safe integer number). */
export function writeField(buf: Uint8Array, s: StructLayout, path: string, v: number | bigint, e: Endian): void {
  const { offset, size } = scalarField(s, path);
  if (size <= 4) {
    if (typeof v !== 'number') throw new TypeError(`${s.name}.${path} is ${size * 8}-bit: pass a number`);
    if (size === 1) writeU8(buf, offset, v);
    else if (size === 2) writeU16(buf, offset, v, e);
    else writeU32(buf, offset, v, e);
    return;
  }
  if (typeof v === 'number' && !Number.isSafeInteger(v)) throw new RangeError(`value ${v} is not a safe integer: pass a bigint`);
  const big = typeof v === 'bigint' ? v : BigInt(v);
  if (size === 8) writeU64(buf, offset, big, e);
  else writeU128(buf, offset, big, e);
}
