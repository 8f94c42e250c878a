/**
 * `H`, `T`, `qfThreadInfo`/`qsThreadInfo`, `qThreadExtraInfo`, `qC`, `qAttached`, `qXfer:threads:read`:
 * the target's threads (Target.threads()), all in process 1. `Hg`/`Hc` pick the thread later register
 * reads and steps act on.
 */
import type { ThreadId } from '../../protocol/packets/types.ts';
import { encodeHexString } from '../../protocol/hex.ts';
import type { Tid } from '../../target.ts';
import { E_INVAL, type HandlerContext, type Outcome } from '../context.ts';
import { namesThread, selectThread, threadIdText } from '../thread.ts';

export function setThread(ctx: HandlerContext, op: 'g' | 'c', thread: ThreadId): Outcome {
  const tid = selectThread(thread, ctx.target.threads());
  if (tid === undefined) return E_INVAL;
  if (op === 'g') ctx.generalThread = tid;
  else ctx.continueThread = tid;
  return 'OK';
}

/** The one live thread `id` names exactly (no all/any). */
export function liveThread(ctx: HandlerContext, id: ThreadId): Tid | undefined {
  return id.tid > 0 ? ctx.target.threads().find((t) => namesThread(id, t)) : undefined;
}

export function threadAlive(ctx: HandlerContext, thread: ThreadId): Outcome {
  return liveThread(ctx, thread) !== undefined ? 'OK' : E_INVAL;
}

/** Every thread in one reply (`qsThreadInfo` then says `l`). */
export function firstThreadInfo(ctx: HandlerContext): Outcome {
  return 'm' + ctx.target.threads().map((t) => threadIdText(t, ctx.replyStyle.multiprocess)).join(',');
}

/** `qThreadExtraInfo`: the target's text for the thread, hex-encoded (empty reply without support). */
export function threadExtraInfo(ctx: HandlerContext, thread: ThreadId): Outcome {
  const ops = ctx.target.supportThreadInfo();
  if (!ops) return '';
  const tid = liveThread(ctx, thread);
  return tid === undefined ? E_INVAL : encodeHexString(ops.extraInfo(tid));
}

export function currentThread(ctx: HandlerContext): Outcome {
  return `QC${threadIdText(ctx.generalThread, ctx.replyStyle.multiprocess)}`;
}

/** '1': we attached to an existing process (so GDB detaches, not kills, when it quits). */
export const ATTACHED = '1';

/**
 * `qXfer:threads:read`: the thread list in one packet, each thread's extra text as its element's content
 * (where GDB takes it from when it reads the list this way). Answered, but not offered in qSupported
 * (features.ts): GDB's parse of the XML at every stop costs it more than the qfThreadInfo +
 * qsThreadInfo round trips it makes instead.
 */
export function readThreads(ctx: HandlerContext, offset: number, length: number): Outcome {
  const info = ctx.target.supportThreadInfo();
  const threads = ctx.target.threads().map((t, core) => {
    const id = `id="${threadIdText(t, ctx.replyStyle.multiprocess)}" core="${core}"`;
    return info ? `<thread ${id}>${xmlText(info.extraInfo(t))}</thread>` : `<thread ${id}/>`;
  }).join('');
  return xferChunk(`<?xml version="1.0"?><threads>${threads}</threads>`, offset, length, ctx.maxPacket);
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One `qXfer` chunk: `m` + data while more follows, `l` + data for the last. */
export function xferChunk(text: string, offset: number, length: number, maxPacket: number): Outcome {
  if (offset > text.length) return E_INVAL;
  const part = text.slice(offset, offset + Math.min(length, maxPacket - 16));
  return (offset + part.length >= text.length ? 'l' : 'm') + part;
}
