/**
 * `qRcmd` (GDB's `monitor …`): the target answers the command (Target.supportMonitor); its text goes
 * back as `O` console packets sized to the packet limit, then OK. Without monitor support the packet is
 * unsupported (empty reply), and GDB says so. A command that runs the guest answers once it is over
 * (the session waits as for a resume); if it fails, the reply is E0e and the failure is logged.
 */
import { encodeHexString } from '../../protocol/hex.ts';
import { E_FAULT, type HandlerContext, type Outcome } from '../context.ts';

export function monitor(ctx: HandlerContext, command: string): Outcome {
  const ops = ctx.target.supportMonitor();
  if (!ops) return '';
  const text = ops.run(command.trim());
  const replies = (t: string): string[] => [...consoleChunks(t, ctx.maxPacket), 'OK'];
  if (typeof text === 'string') return { kind: 'packets', replies: replies(text) };
  return {
    kind: 'wait',
    replies: text.then(replies, (e: unknown) => {
      ctx.log(`target error while handling 'qRcmd': ${(e as Error).message ?? String(e)}`);
      return [E_FAULT];
    }),
  };
}

/** Splits text into `O<hex>` packets that fit the packet size. */
function consoleChunks(text: string, maxPacket: number): string[] {
  const per = Math.max(1, Math.floor((maxPacket - 2) / 2));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += per) out.push('O' + encodeHexString(text.slice(i, i + per)));
  return out;
}
