/**
 * Stop replies (GDB manual, "Stop Reply Packets"). Breakpoints and steps are SIGTRAP (T05) with the
 * `swbreak:`/`hwbreak:` reason the client asked for in qSupported; watchpoints add
 * `watch:`/`rwatch:`/`awatch:` and the address of the watchpoint as GDB inserted it; an interrupt is
 * SIGINT (T02); power-off is `W` with the exit status; a VMM failure is `X06` (SIGABRT).
 * T replies carry the core registers ("expedited" `n:r;` pairs) so GDB does not need a `g` round trip
 * after every stop (QEMU sends none; gdbserver sends a few).
 */
import type { CoreRegisters, StopReason, Tid, WatchKind } from '../target.ts';
import { hexLe } from '../protocol/hex.ts';
import type { ReplyStyle } from './context.ts';
import { threadIdText } from './thread.ts';

export const SIGINT = 2;
export const SIGTRAP = 5;
export const SIGABRT = 6;

const WATCH_KEY = { write: 'watch', read: 'rwatch', access: 'awatch' } as const;

function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

/**
 * `watch` is the GDB-level watchpoint the stop maps to (see WatchTable.resolve); `current` is the thread
 * named when there has been no stop yet.
 */
export function stopReply(
  stop: StopReason | undefined, style: ReplyStyle, current: Tid, watch?: { addr: bigint; kind: WatchKind }, regs?: CoreRegisters,
): string {
  const tid = stop && 'thread' in stop ? stop.thread : current;
  const thread = `thread:${threadIdText(tid, style.multiprocess)};` + (regs ? expedite(regs) : '');
  if (stop === undefined) return `T${hex2(SIGTRAP)}${thread}`;
  switch (stop.kind) {
    case 'swbreak': return `T${hex2(SIGTRAP)}${thread}${style.swbreak ? 'swbreak:;' : ''}`;
    case 'hwbreak': return `T${hex2(SIGTRAP)}${thread}${style.hwbreak ? 'hwbreak:;' : ''}`;
    case 'step': return `T${hex2(SIGTRAP)}${thread}`;
    case 'watch':
      return `T${hex2(SIGTRAP)}${thread}${WATCH_KEY[watch?.kind ?? stop.watchKind]}:${(watch?.addr ?? stop.addr).toString(16)};`;
    case 'interrupted': return `T${hex2(SIGINT)}${thread}`;
    case 'history-begin': return `T${hex2(SIGTRAP)}${thread}replaylog:begin;`;
    case 'poweroff': return `W${hex2(stop.code)}`;
    case 'reset': return 'W00';
    case 'error': return `X${hex2(SIGABRT)}`;
  }
}

/** Stops after which there is no guest to debug. */
export function isFinal(stop: StopReason): boolean {
  return stop.kind === 'poweroff' || stop.kind === 'reset' || stop.kind === 'error';
}

/**
 * The last `n:value;` text made for each register number, with its value: from one stop to the next
 * (a stepi) most registers keep their value, and their text is reused rather than formatted again.
 */
const lastValue: (bigint | undefined)[] = new Array(34);
const lastText: string[] = new Array(34);

function pair(n: number, v: bigint, width: number): string {
  if (lastValue[n] === v) return lastText[n]!;
  const text = `${n.toString(16)}:${hexLe(v, width)};`;
  lastValue[n] = v;
  lastText[n] = text;
  return text;
}

/** `n:value;` for x0–x30, sp, pc (8 bytes) and cpsr (4 bytes), numbers in hex as in `p`. */
function expedite(r: CoreRegisters): string {
  const parts = new Array<string>(34);
  for (let i = 0; i < 31; i++) parts[i] = pair(i, r.x[i] ?? 0n, 8);
  parts[31] = pair(31, r.sp, 8);
  parts[32] = pair(32, r.pc, 8);
  parts[33] = pair(33, BigInt(r.cpsr >>> 0), 4);
  return parts.join('');
}
