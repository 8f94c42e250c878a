/**
 * `H`, `T`, `qfThreadInfo`/`qsThreadInfo`, `qC`, `qAttached`: the target's threads (Target.threads()),
 * all in process 1. `Hg`/`Hc` pick the thread later register reads and steps act on.
 */
import type { ThreadId } from '../../protocol/packets/types.ts';
import { E_INVAL, type HandlerContext, type Outcome } from '../context.ts';
import { namesThread, selectThread, threadIdText } from '../thread.ts';

export function setThread(ctx: HandlerContext, op: 'g' | 'c', thread: ThreadId): Outcome {
  const tid = selectThread(thread, ctx.target.threads());
  if (tid === undefined) return E_INVAL;
  if (op === 'g') ctx.generalThread = tid;
  else ctx.continueThread = tid;
  return 'OK';
}

export function threadAlive(ctx: HandlerContext, thread: ThreadId): Outcome {
  return thread.tid > 0 && ctx.target.threads().some((t) => namesThread(thread, t)) ? 'OK' : E_INVAL;
}

/** Every thread in one reply (`qsThreadInfo` then says `l`). */
export function firstThreadInfo(ctx: HandlerContext): Outcome {
  return 'm' + ctx.target.threads().map((t) => threadIdText(t, ctx.replyStyle.multiprocess)).join(',');
}

export function currentThread(ctx: HandlerContext): Outcome {
  return `QC${threadIdText(ctx.generalThread, ctx.replyStyle.multiprocess)}`;
}

/** '1': we attached to an existing process (so GDB detaches, not kills, when it quits). */
export const ATTACHED = '1';
