import { ascii, decodeHexBytes, indexOf, parseHexU32, startsWith } from '../hex.ts';
import { parseThreadId } from './thread-id.ts';
import { parseError, type Packet, type ParseError } from './types.ts';

/** `qSupported[:FEATURE;…]`: the client's features (`name+`, `name-`, `name=value`). */
export function parseQSupported(body: Uint8Array): Packet | ParseError {
  if (body.length === 10) return { t: 'qSupported', features: [] };
  if (body[10] !== 0x3a) return parseError("expected 'qSupported:'");
  const text = ascii(body, 11);
  return { t: 'qSupported', features: text.length === 0 ? [] : text.split(';') };
}

/** `qXfer:threads:read::OFFSET,LENGTH` (the annex is empty). */
export function parseQXferThreads(body: Uint8Array): Packet | ParseError {
  const r = parseQXferFeatures(body, 'qXfer:threads:read:'.length);
  if ('parseError' in r) return r;
  if (r.t !== 'qXfer:features:read' || r.annex !== '') return parseError('the threads object has no annex');
  return { t: 'qXfer:threads:read', offset: r.offset, length: r.length };
}

/** `qXfer:features:read:ANNEX:OFFSET,LENGTH`. */
export function parseQXferFeatures(body: Uint8Array, start = 'qXfer:features:read:'.length): Packet | ParseError {
  const colon = indexOf(body, 0x3a, start);
  if (colon < 0) return parseError('expected ANNEX:OFFSET,LENGTH');
  const comma = indexOf(body, 0x2c, colon + 1);
  if (comma < 0) return parseError('expected OFFSET,LENGTH');
  const offset = parseHexU32(body, colon + 1, comma);
  const length = parseHexU32(body, comma + 1, body.length);
  if (offset === undefined || length === undefined) return parseError('offset/length are not hex');
  return { t: 'qXfer:features:read', annex: ascii(body, start, colon), offset, length };
}

/** `qRcmd,HEX`: a monitor command, hex-encoded text. */
export function parseQRcmd(body: Uint8Array): Packet | ParseError {
  if (body[5] !== 0x2c) return parseError("expected 'qRcmd,'");
  const bytes = decodeHexBytes(body, 6);
  if (bytes === undefined) return parseError('command is not hex byte pairs');
  return { t: 'qRcmd', command: ascii(bytes) };
}

/** Packets without arguments, matched exactly; `qAttached:PID` is accepted too. */
export function parseSimple(body: Uint8Array): Packet | ParseError | undefined {
  const n = body.length;
  if (startsWith(body, 'qAttached') && (n === 9 || body[9] === 0x3a)) return { t: 'qAttached' };
  if (n === 2 && body[0] === 0x71 && body[1] === 0x43) return { t: 'qC' };
  if (n === 12 && startsWith(body, 'qfThreadInfo')) return { t: 'qfThreadInfo' };
  if (n === 12 && startsWith(body, 'qsThreadInfo')) return { t: 'qsThreadInfo' };
  if (n === 15 && startsWith(body, 'QStartNoAckMode')) return { t: 'QStartNoAckMode' };
  if (n === 15 && startsWith(body, 'vMustReplyEmpty')) return { t: 'vMustReplyEmpty' };
  if (n === 22 && startsWith(body, 'QThreadSuffixSupported')) return { t: 'QThreadSuffixSupported' };
  if (startsWith(body, 'vKill') && (n === 5 || body[5] === 0x3b)) return { t: 'kill', vKill: true };
  return undefined;
}

/** `qThreadExtraInfo,THREAD-ID`: the text GDB shows for a thread in `info threads`. */
export function parseQThreadExtraInfo(body: Uint8Array): Packet | ParseError {
  const start = 'qThreadExtraInfo,'.length;
  if (body[start - 1] !== 0x2c) return parseError("expected 'qThreadExtraInfo,THREAD-ID'");
  const thread = parseThreadId(body, start, body.length);
  return thread === undefined ? parseError('bad thread-id') : { t: 'qThreadExtraInfo', thread };
}

/**
 * QEMU's physical-memory mode (its gdbstub's `qemu.PhyMemMode` commands): `Qqemu.PhyMemMode:0|1` sets it,
 * `qqemu.PhyMemMode` asks; `qqemu.Supported` lists the qemu.* features.
 */
export function parseQemuPacket(body: Uint8Array): Packet | ParseError | undefined {
  if (startsWith(body, 'Qqemu.PhyMemMode:')) {
    const v = ascii(body, 'Qqemu.PhyMemMode:'.length);
    if (v !== '0' && v !== '1') return parseError('Qqemu.PhyMemMode takes 0 or 1');
    return { t: 'Qqemu.PhyMemMode', physical: v === '1' };
  }
  if (body.length === 16 && startsWith(body, 'qqemu.PhyMemMode')) return { t: 'qqemu.PhyMemMode' };
  if (body.length === 15 && startsWith(body, 'qqemu.Supported')) return { t: 'qqemu.Supported' };
  return undefined;
}
