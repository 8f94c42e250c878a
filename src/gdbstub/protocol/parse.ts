/**
 * One table from packet name to parser, as the GDB manual's "Packets" chapter names them. Unknown
 * packets parse to `{ t: 'unknown' }` and get the empty reply (the RSP's "not supported").
 * @rsp tags list what is implemented; the README's packet table is built from them.
 */
import { ascii, startsWith } from './hex.ts';
import { parseH, parseT } from './packets/thread.ts';
import { parseG, parseGUpper, parseP, parsePUpper } from './packets/registers.ts';
import { parseM, parseMUpper, parseX } from './packets/memory.ts';
import { parseZ } from './packets/breakpoint.ts';
import { isVCont, parseResume, parseVCont } from './packets/vcont.ts';
import {
  parseQemuPacket, parseQRcmd, parseQSupported, parseQThreadExtraInfo, parseQXferFeatures, parseQXferThreads, parseSimple,
} from './packets/query.ts';
import { parseError, type Packet, type ParseError } from './packets/types.ts';

type Parser = (body: Uint8Array) => Packet | ParseError;

// @rsp ? g G p P m M X c s C S bs bc Z0 z0 Z1 z1 Z2 z2 Z3 z3 Z4 z4 H T D k
const BY_FIRST_BYTE: Record<string, Parser> = {
  '?': (b) => (b.length === 1 ? { t: '?' } : parseError("'?' takes no arguments")),
  g: parseG,
  G: parseGUpper,
  p: parseP,
  P: parsePUpper,
  m: parseM,
  M: parseMUpper,
  X: parseX,
  c: parseResume,
  s: parseResume,
  C: parseResume,
  S: parseResume,
  b: (b) => (b.length === 2 && (b[1] === 0x73 || b[1] === 0x63) ? { t: 'reverse', action: b[1] === 0x73 ? 's' : 'c' }
    : parseError("'b' is 'bs' or 'bc'")),
  Z: parseZ,
  z: parseZ,
  H: parseH,
  T: parseT,
  D: () => ({ t: 'D' }),                 // D and D;PID
  k: (b) => (b.length === 1 ? { t: 'kill', vKill: false } : parseError("'k' takes no arguments")),
};

/** Parses one packet body. Never throws. */
export function parsePacket(body: Uint8Array): Packet | ParseError {
  if (body.length === 0) return { t: 'unknown', name: '' };
  // @rsp vCont? vCont;c vCont;s qSupported qXfer:features:read qXfer:threads:read qRcmd qAttached qC qfThreadInfo qsThreadInfo qThreadExtraInfo QStartNoAckMode QThreadSuffixSupported vMustReplyEmpty vKill
  // @rsp Qqemu.PhyMemMode qqemu.PhyMemMode qqemu.Supported
  if (isVCont(body)) return parseVCont(body);
  if (startsWith(body, 'qSupported')) return parseQSupported(body);
  if (startsWith(body, 'qXfer:features:read:')) return parseQXferFeatures(body);
  if (startsWith(body, 'qXfer:threads:read:')) return parseQXferThreads(body);
  if (startsWith(body, 'qRcmd')) return parseQRcmd(body);
  if (startsWith(body, 'qThreadExtraInfo')) return parseQThreadExtraInfo(body);
  const qemu = parseQemuPacket(body);
  if (qemu !== undefined) return qemu;
  const simple = parseSimple(body);
  if (simple !== undefined) return simple;
  const first = String.fromCharCode(body[0]!);
  // Multi-letter packets (qXxx, vXxx, QXxx, jXxx, _Xxx) are unknown unless matched above.
  if (first === 'q' || first === 'Q' || first === 'v' || first === 'j' || first === '_' || first === 'x') {
    return { t: 'unknown', name: packetName(body) };
  }
  const parser = BY_FIRST_BYTE[first];
  return parser ? parser(body) : { t: 'unknown', name: packetName(body) };
}

/** The name of a packet for logs: `m`, `Z`… or a multi-letter name up to its first separator (≤ 32 chars). */
export function packetName(body: Uint8Array): string {
  if (body.length === 0) return '';
  if (!/[qQvj_]/.test(String.fromCharCode(body[0]!))) return String.fromCharCode(body[0]!);
  let end = 1;
  while (end < body.length && end < 32 && /[A-Za-z0-9_]/.test(String.fromCharCode(body[end]!))) end++;
  return ascii(body, 0, end);
}
