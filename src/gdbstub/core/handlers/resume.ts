/**
 * `vCont?`, `vCont;…`, `c`, `s`, `C`, `S`. Each thread takes the first action that names it (or names all
 * threads), as the GDB manual says actions are matched left to right; a thread whose action is a step
 * is the one stepped, and the others stay stopped in all-stop mode. Resuming at a new address
 * (`c ADDR`) writes the pc first. Signals are accepted and dropped: the guest has none.
 */
import { REG_PC } from '../../arch/aarch64.ts';
import type { VContAction } from '../../protocol/packets/types.ts';
import { E_INVAL, type HandlerContext, type Outcome } from '../context.ts';
import { namesThread } from '../thread.ts';

export const VCONT_SUPPORTED = 'vCont;c;C;s;S';

export function vCont(ctx: HandlerContext, actions: VContAction[]): Outcome {
  let resumed = false;
  for (const tid of ctx.target.threads()) {
    const a = actions.find((x) => namesThread(x.thread, tid));
    if (!a) continue;
    if (a.action === 's') return { kind: 'resume', mode: 'step', thread: tid };
    resumed = true;
  }
  return resumed ? { kind: 'resume', mode: 'continue', thread: ctx.continueThread } : E_INVAL;
}

export function resume(ctx: HandlerContext, action: 'c' | 's', addr?: bigint): Outcome {
  if (addr !== undefined) ctx.target.writeCoreRegister(ctx.continueThread, REG_PC, addr);
  return { kind: 'resume', mode: action === 's' ? 'step' : 'continue', thread: ctx.continueThread };
}
