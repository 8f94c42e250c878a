import { hexValue } from '../hex.ts';
import type { ThreadId } from './types.ts';

/**
 * Parses a thread-id at [start, end): `p<pid>.<tid>`, `p<pid>`, `<tid>`, where each part is hex or
 * `-1` (all) ("thread-id syntax" in the GDB manual, Packets). Returns undefined when malformed.
 */
export function parseThreadId(buf: Uint8Array, start: number, end: number): ThreadId | undefined {
  if (start >= end) return undefined;
  if (buf[start] === 0x70 /* p */) {
    let dot = -1;
    for (let i = start + 1; i < end; i++) if (buf[i] === 0x2e) { dot = i; break; }
    const pid = part(buf, start + 1, dot < 0 ? end : dot);
    if (pid === undefined) return undefined;
    if (dot < 0) return { pid, tid: -1 };
    const tid = part(buf, dot + 1, end);
    return tid === undefined ? undefined : { pid, tid };
  }
  const tid = part(buf, start, end);
  return tid === undefined ? undefined : { tid };
}

function part(buf: Uint8Array, start: number, end: number): number | undefined {
  if (end - start === 2 && buf[start] === 0x2d && buf[start + 1] === 0x31) return -1;
  if (start >= end || end - start > 8) return undefined;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = hexValue(buf[i]!);
    if (d < 0) return undefined;
    v = v * 16 + d;
  }
  return v;
}
