/**
 * Thread-ids in replies and which threads a thread-id in a request names. The stub shows one process,
 * pid 1; its threads are the target's (Target.threads()).
 */
import type { ThreadId } from '../protocol/packets/types.ts';
import type { Tid } from '../target.ts';

/** `p1.TID` with multiprocess, else `TID` (hex). */
export function threadIdText(tid: Tid, multiprocess: boolean): string {
  const t = tid.toString(16);
  return multiprocess ? `p1.${t}` : t;
}

/** Whether `id` names thread `tid`: the same tid, or all (-1) / any (0), in our process (or any or all). */
export function namesThread(id: ThreadId | undefined, tid: Tid): boolean {
  if (id === undefined) return true;
  const pidOk = id.pid === undefined || id.pid === -1 || id.pid === 0 || id.pid === 1;
  return pidOk && (id.tid === -1 || id.tid === 0 || id.tid === tid);
}

/**
 * The one thread `id` selects among `threads` (for `Hg`, `Hc`): a listed tid, or the first thread for
 * any (0) and all (-1). Undefined when it names no live thread.
 */
export function selectThread(id: ThreadId, threads: readonly Tid[]): Tid | undefined {
  return threads.find((t) => namesThread(id, t));
}
