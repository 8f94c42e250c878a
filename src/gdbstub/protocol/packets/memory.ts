import { indexOf, parseHexBig, parseHexU32, decodeHexBytes, unescapeBinary } from '../hex.ts';
import { parseError, type Packet, type ParseError } from './types.ts';

/** Parses `ADDR,LEN` at [start, end). */
function addrLen(body: Uint8Array, start: number, end: number): { addr: bigint; len: number } | ParseError {
  const comma = indexOf(body, 0x2c, start, end);
  if (comma < 0) return parseError('expected ADDR,LENGTH');
  const addr = parseHexBig(body, start, comma);
  if (addr === undefined) return parseError('address is not 1..16 hex digits');
  const len = parseHexU32(body, comma + 1, end);
  if (len === undefined) return parseError('length is not a 32-bit hex number');
  return { addr, len };
}

/** `m ADDR,LENGTH`: read memory. */
export function parseM(body: Uint8Array): Packet | ParseError {
  const r = addrLen(body, 1, body.length);
  return 'parseError' in r ? r : { t: 'm', addr: r.addr, len: r.len };
}

/** `M ADDR,LENGTH:XX…`: write memory, data as hex pairs. */
export function parseMUpper(body: Uint8Array): Packet | ParseError {
  const colon = indexOf(body, 0x3a, 1);
  if (colon < 0) return parseError("expected ':' before the data");
  const r = addrLen(body, 1, colon);
  if ('parseError' in r) return r;
  const data = decodeHexBytes(body, colon + 1, body.length);
  if (data === undefined) return parseError('data is not hex byte pairs');
  if (data.length !== r.len) return parseError(`length ${r.len} but ${data.length} data bytes`);
  return { t: 'M', addr: r.addr, data };
}

/** `X ADDR,LENGTH:binary`: write memory, data binary with '}' escapes. */
export function parseX(body: Uint8Array): Packet | ParseError {
  const colon = indexOf(body, 0x3a, 1);
  if (colon < 0) return parseError("expected ':' before the data");
  const r = addrLen(body, 1, colon);
  if ('parseError' in r) return r;
  const data = unescapeBinary(body, colon + 1, body.length);
  if (data === undefined) return parseError("binary data ends in a lone '}'");
  if (data.length !== r.len) return parseError(`length ${r.len} but ${data.length} data bytes`);
  return { t: 'X', addr: r.addr, data };
}
