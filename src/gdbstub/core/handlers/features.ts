/**
 * `qSupported` and `qXfer:features:read`. What we advertise follows from the Target's support*()
 * accessors: swbreak+/hwbreak+ only with the matching breakpoint support, the fpu feature only with
 * FP register access, the system-register feature only with system register access.
 */
import { targetXml } from '../../arch/aarch64.ts';
import { E_INVAL, type HandlerContext, type Outcome } from '../context.ts';
import { registerLayout } from '../layout.ts';
import { xferChunk } from './threads.ts';

export function qSupported(ctx: HandlerContext, clientFeatures: string[]): Outcome {
  const t = ctx.target;
  const style = ctx.replyStyle;
  style.multiprocess = clientFeatures.includes('multiprocess+');
  style.swbreak = t.supportSwBreakpoint() !== undefined && clientFeatures.includes('swbreak+');
  style.hwbreak = t.supportHwBreakpoint() !== undefined && clientFeatures.includes('hwbreak+');
  // qXfer:threads:read is served (threads.ts) but not offered: gdb refreshes its thread list at every
  // stop, and parsing the XML list (expat, with threads.dtd) costs gdb more than the qfThreadInfo +
  // qsThreadInfo pair it sends instead, one round trip more included: under callgrind, gdb 13's stepi on
  // Debian's kernel took 792k instructions with the XML list and 654k without; the stub also reads no
  // vCPU state for it (the extra text comes from qThreadExtraInfo, asked only by `info threads`).
  const out = [`PacketSize=${ctx.maxPacket.toString(16)}`, 'qXfer:features:read+', 'vContSupported+', 'QStartNoAckMode+'];
  if (style.multiprocess) out.push('multiprocess+');
  if (style.swbreak) out.push('swbreak+');
  if (style.hwbreak) out.push('hwbreak+');
  if (t.supportReverseExecution?.()) out.push('ReverseStep+', 'ReverseContinue+');
  return out.join(';');
}

/** Serves `target.xml` in chunks: `m` + data while more follows, `l` + data for the last chunk. */
export function readFeatures(ctx: HandlerContext, annex: string, offset: number, length: number): Outcome {
  if (annex !== 'target.xml') return E_INVAL;
  return xferChunk(targetXml(registerLayout(ctx.target)), offset, length, ctx.maxPacket);
}
