/**
 * `Z0`/`z0` software breakpoints, `Z1`/`z1` hardware breakpoints, `Z2`–`Z4`/`z2`–`z4` watchpoints
 * (write, read, access). An unsupported type gets the empty reply (GDB then stops asking); a request the
 * target cannot satisfy (no free register, unaligned, impossible range) gets E1c, which GDB reports as
 * "Could not insert hardware breakpoint/watchpoint".
 */
import type { BreakKind } from '../../protocol/packets/types.ts';
import type { WatchKind } from '../../target.ts';
import { E_INVAL, E_NOSPC, type HandlerContext, type Outcome } from '../context.ts';

const WATCH_KINDS: Record<2 | 3 | 4, WatchKind> = { 2: 'write', 3: 'read', 4: 'access' };

export function breakpoint(ctx: HandlerContext, insert: boolean, type: BreakKind, addr: bigint, kind: number): Outcome {
  const hex = `0x${addr.toString(16)}`;
  if (type === 0 || type === 1) {
    const ops = type === 0 ? ctx.target.supportSwBreakpoint() : ctx.target.supportHwBreakpoint();
    if (!ops) return '';
    if (kind !== 4) return E_INVAL;                   // A64 instructions are 4 bytes
    if (insert) {
      if (ops.insert(addr, kind, ctx.generalThread)) return 'OK';
      ctx.log(`${type === 0 ? 'software' : 'hardware'} breakpoint at ${hex} refused by the target` +
        (type === 1 ? ` (the hardware has ${ctx.target.supportHwBreakpoint()!.limit()})` : ''));
      return E_NOSPC;
    }
    return ops.remove(addr, kind, ctx.generalThread) ? 'OK' : E_INVAL;
  }
  const ops = ctx.target.supportHwWatchpoint();
  if (!ops) return '';
  const wk = WATCH_KINDS[type];
  if (kind === 0) return E_INVAL;
  if (insert) {
    if (ctx.watches.insert(ops, addr, kind, wk)) return 'OK';
    ctx.log(`${wk} watchpoint of ${kind} bytes at ${hex} refused (the hardware has ${ops.limit()})`);
    return E_NOSPC;
  }
  return ctx.watches.remove(ops, addr, kind, wk) ? 'OK' : E_INVAL;
}
