import { decodeHexBytes, indexOf, parseHexU32 } from '../hex.ts';
import { parseError, type Packet, type ParseError } from './types.ts';

/** `g`: read all general registers. */
export function parseG(body: Uint8Array): Packet | ParseError {
  return body.length === 1 ? { t: 'g' } : parseError("'g' takes no arguments");
}

/** `G XX…`: write all general registers (hex bytes in target order). */
export function parseGUpper(body: Uint8Array): Packet | ParseError {
  const data = decodeHexBytes(body, 1, body.length);
  return data === undefined ? parseError('register data is not hex byte pairs') : { t: 'G', data };
}

/** `p N`: read register N (hex). */
export function parseP(body: Uint8Array): Packet | ParseError {
  const reg = parseHexU32(body, 1, body.length);
  return reg === undefined ? parseError('register number is not hex') : { t: 'p', reg };
}

/** `P N=XX…`: write register N. */
export function parsePUpper(body: Uint8Array): Packet | ParseError {
  const eq = indexOf(body, 0x3d, 1);
  if (eq < 0) return parseError("expected '=' after the register number");
  const reg = parseHexU32(body, 1, eq);
  if (reg === undefined) return parseError('register number is not hex');
  const value = decodeHexBytes(body, eq + 1, body.length);
  if (value === undefined || value.length === 0) return parseError('register value is not hex byte pairs');
  return { t: 'P', reg, value };
}
