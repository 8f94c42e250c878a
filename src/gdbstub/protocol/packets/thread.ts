import { parseThreadId } from './thread-id.ts';
import { parseError, type Packet, type ParseError } from './types.ts';

/** `Hg THREAD-ID` / `Hc THREAD-ID`: pick the thread for later register (g) or resume (c) operations. */
export function parseH(body: Uint8Array): Packet | ParseError {
  const op = body[1];
  if (op !== 0x67 && op !== 0x63) return parseError("H needs 'g' or 'c'");
  const thread = parseThreadId(body, 2, body.length);
  if (thread === undefined) return parseError('bad thread-id');
  return { t: 'H', op: op === 0x67 ? 'g' : 'c', thread };
}

/** `T THREAD-ID`: is the thread alive? */
export function parseT(body: Uint8Array): Packet | ParseError {
  const thread = parseThreadId(body, 1, body.length);
  return thread === undefined ? parseError('bad thread-id') : { t: 'T', thread };
}
