/**
 * `vCont?`, `vCont;…`, `c`, `s`, `C`, `S`. Each thread takes the leftmost action that names it (or names
 * all threads), as the GDB manual says actions are matched; threads no action names stay stopped (all-stop).
 * gdb's `stepi` with other threads present sends `vCont;s:p1.1;c:p1.-1`: thread 1 steps, the others may
 * run — the Target decides whether they do (ResumeRequest). A step that names every thread (`vCont;s`,
 * `s`) steps the `Hc` thread. Resuming at a new address (`c ADDR`) writes the pc first. Signals are
 * accepted and dropped: the guest has none.
 */
import { REG_PC } from '../../arch/aarch64.ts';
import type { VContAction } from '../../protocol/packets/types.ts';
import type { Tid } from '../../target.ts';
import { E_INVAL, type HandlerContext, type Outcome } from '../context.ts';
import { namesThread } from '../thread.ts';

export const VCONT_SUPPORTED = 'vCont;c;C;s;S';

/** A step action for all threads (-1, no thread-id) or any thread (0). */
function stepsAnyThread(a: VContAction): boolean {
  return a.action === 's' && (a.thread === undefined || a.thread.tid <= 0);
}

export function vCont(ctx: HandlerContext, actions: VContAction[]): Outcome {
  let step: Tid | undefined;
  const run: Tid[] = [];
  for (const tid of ctx.target.threads()) {
    const a = actions.find((x) => namesThread(x.thread, tid));
    if (!a) continue;
    if (a.action === 'c') {
      run.push(tid);
      continue;
    }
    if (stepsAnyThread(a)) {
      step ??= ctx.continueThread;
      continue;
    }
    if (step !== undefined && step !== tid) {
      ctx.log(`vCont steps threads ${step} and ${tid}: one stepping thread at a time is supported`);
      return E_INVAL;
    }
    step = tid;
  }
  if (step === undefined && run.length === 0) {
    ctx.log('vCont names no live thread');
    return E_INVAL;
  }
  return { kind: 'resume', request: step === undefined ? { run } : { step, run: run.filter((t) => t !== step) } };
}

/**
 * `bs` / `bc`: as `s` / `c` (the `Hc` thread steps), backwards. E22 when the target cannot go back
 * (no reverse execution, or not now: its reason is logged).
 */
export function reverse(ctx: HandlerContext, action: 'c' | 's'): Outcome {
  const ops = ctx.target.supportReverseExecution?.();
  const why = ops ? ops.unavailable() : 'the target has no reverse execution';
  if (why !== undefined) {
    ctx.log(`b${action}: ${why}`);
    return E_INVAL;
  }
  const all = ctx.target.threads();
  const request = action === 's'
    ? { step: ctx.continueThread, run: all.filter((t) => t !== ctx.continueThread), reverse: true }
    : { run: all, reverse: true };
  return { kind: 'resume', request };
}

export function resume(ctx: HandlerContext, action: 'c' | 's', addr?: bigint): Outcome {
  if (addr !== undefined) ctx.target.writeCoreRegister(ctx.continueThread, REG_PC, addr);
  const all = ctx.target.threads();
  // as QEMU: `s` steps the Hc thread and lets the others run, `c` runs them all
  return { kind: 'resume', request: action === 's' ? { step: ctx.continueThread, run: all.filter((t) => t !== ctx.continueThread) } : { run: all } };
}
