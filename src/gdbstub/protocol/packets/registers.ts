import { decodeHexBytes, indexOf, parseHexU32, startsWith } from '../hex.ts';
import { parseThreadId } from './thread-id.ts';
import { parseError, type Packet, type ParseError, type ThreadId } from './types.ts';

const SUFFIX = ';thread:';

/**
 * lldb's thread suffix (QThreadSuffixSupported, lldb's docs/lldb-gdb-remote.txt): once the stub accepts
 * it, lldb names the thread of each register packet at its end, `p20;thread:0002;`, instead of sending
 * `Hg` first. Returns where the packet's own arguments end and the thread named, or a ParseError.
 */
function threadSuffix(body: Uint8Array): { end: number; thread?: ThreadId } | ParseError {
  const at = indexOf(body, 0x3b, 1);
  if (at < 0) return { end: body.length };
  if (!startsWith(body, SUFFIX, at)) return parseError("expected ';thread:ID;' after the arguments");
  const last = body[body.length - 1] === 0x3b ? body.length - 1 : body.length;
  const thread = parseThreadId(body, at + SUFFIX.length, last);
  return thread === undefined ? parseError('bad thread-id in the thread suffix') : { end: at, thread };
}

function withThread<P extends Packet>(p: P, thread: ThreadId | undefined): P {
  return thread === undefined ? p : { ...p, thread };
}

/** `g`: read all general registers. */
export function parseG(body: Uint8Array): Packet | ParseError {
  const s = threadSuffix(body);
  if ('parseError' in s) return s;
  return s.end === 1 ? withThread({ t: 'g' }, s.thread) : parseError("'g' takes no arguments");
}

/** `G XX…`: write all general registers (hex bytes in target order). */
export function parseGUpper(body: Uint8Array): Packet | ParseError {
  const s = threadSuffix(body);
  if ('parseError' in s) return s;
  const data = decodeHexBytes(body, 1, s.end);
  return data === undefined ? parseError('register data is not hex byte pairs') : withThread({ t: 'G', data }, s.thread);
}

/** `p N`: read register N (hex). */
export function parseP(body: Uint8Array): Packet | ParseError {
  const s = threadSuffix(body);
  if ('parseError' in s) return s;
  const reg = parseHexU32(body, 1, s.end);
  return reg === undefined ? parseError('register number is not hex') : withThread({ t: 'p', reg }, s.thread);
}

/** `P N=XX…`: write register N. */
export function parsePUpper(body: Uint8Array): Packet | ParseError {
  const s = threadSuffix(body);
  if ('parseError' in s) return s;
  const eq = indexOf(body, 0x3d, 1, s.end);
  if (eq < 0) return parseError("expected '=' after the register number");
  const reg = parseHexU32(body, 1, eq);
  if (reg === undefined) return parseError('register number is not hex');
  const value = decodeHexBytes(body, eq + 1, s.end);
  if (value === undefined || value.length === 0) return parseError('register value is not hex byte pairs');
  return withThread({ t: 'P', reg, value }, s.thread);
}
