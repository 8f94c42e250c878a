/**
 * `vCont?`, `vCont;…`, `c`, `s`, `C`, `S`. The only thread takes the first action that names it (or
 * names all threads), as the GDB manual says actions are matched left to right. Resuming at a new
 * address (`c ADDR`) writes the pc first. Signals are accepted and dropped: the guest has none.
 */
import { REG_PC } from '../../arch/aarch64.ts';
import { matchesOurThread } from '../../protocol/packets/thread-id.ts';
import type { VContAction } from '../../protocol/packets/types.ts';
import { E_INVAL, type HandlerContext, type Outcome } from '../context.ts';

export const VCONT_SUPPORTED = 'vCont;c;C;s;S';

export function vCont(_ctx: HandlerContext, actions: VContAction[]): Outcome {
  const mine = actions.find((a) => matchesOurThread(a.thread));
  if (!mine) return E_INVAL;
  return { kind: 'resume', mode: mine.action === 's' ? 'step' : 'continue' };
}

export function resume(ctx: HandlerContext, action: 'c' | 's', addr?: bigint): Outcome {
  if (addr !== undefined) ctx.target.writeCoreRegister(REG_PC, addr);
  return { kind: 'resume', mode: action === 's' ? 'step' : 'continue' };
}
