/**
 * `qRcmd` (GDB's `monitor …`): the target answers the command (Target.supportMonitor); its text goes
 * back as `O` console packets sized to the packet limit, then OK. Without monitor support the packet is
 * unsupported (empty reply), and GDB says so.
 */
import { encodeHexString } from '../../protocol/hex.ts';
import type { HandlerContext, Outcome } from '../context.ts';

export function monitor(ctx: HandlerContext, command: string): Outcome {
  const ops = ctx.target.supportMonitor();
  if (!ops) return '';
  return { kind: 'packets', replies: [...consoleChunks(ops.run(command.trim()), ctx.maxPacket), 'OK'] };
}

/** Splits text into `O<hex>` packets that fit the packet size. */
function consoleChunks(text: string, maxPacket: number): string[] {
  const per = Math.max(1, Math.floor((maxPacket - 2) / 2));
  const out: string[] = [];
  for (let i = 0; i < text.length; i += per) out.push('O' + encodeHexString(text.slice(i, i + per)));
  return out;
}
