/** `H`, `T`, `qfThreadInfo`/`qsThreadInfo`, `qC`, `qAttached`: one thread, p1.1, always alive. */
import { matchesOurThread } from '../../protocol/packets/thread-id.ts';
import type { ThreadId } from '../../protocol/packets/types.ts';
import { E_INVAL, type HandlerContext, type Outcome } from '../context.ts';
import { threadIdText } from '../thread.ts';

export function setThread(_ctx: HandlerContext, thread: ThreadId): Outcome {
  return matchesOurThread(thread) ? 'OK' : E_INVAL;
}

export function threadAlive(_ctx: HandlerContext, thread: ThreadId): Outcome {
  return thread.tid === 1 && matchesOurThread(thread) ? 'OK' : E_INVAL;
}

export function firstThreadInfo(ctx: HandlerContext): Outcome {
  return `m${threadIdText(ctx.replyStyle.multiprocess)}`;
}

export function currentThread(ctx: HandlerContext): Outcome {
  return `QC${threadIdText(ctx.replyStyle.multiprocess)}`;
}

/** '1': we attached to an existing process (so GDB detaches, not kills, when it quits). */
export const ATTACHED = '1';
