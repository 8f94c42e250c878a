/**
 * `qSupported` and `qXfer:features:read`. What we advertise follows from the Target's support*()
 * accessors: swbreak+/hwbreak+ only with the matching breakpoint support, the fpu feature only with
 * FP register access.
 */
import { targetXml } from '../../arch/aarch64.ts';
import { E_INVAL, type HandlerContext, type Outcome } from '../context.ts';
import { threadIdText } from '../thread.ts';

export function qSupported(ctx: HandlerContext, clientFeatures: string[]): Outcome {
  const t = ctx.target;
  const style = ctx.replyStyle;
  style.multiprocess = clientFeatures.includes('multiprocess+');
  style.swbreak = t.supportSwBreakpoint() !== undefined && clientFeatures.includes('swbreak+');
  style.hwbreak = t.supportHwBreakpoint() !== undefined && clientFeatures.includes('hwbreak+');
  const out = [`PacketSize=${ctx.maxPacket.toString(16)}`, 'qXfer:features:read+', 'qXfer:threads:read+', 'vContSupported+', 'QStartNoAckMode+'];
  if (style.multiprocess) out.push('multiprocess+');
  if (style.swbreak) out.push('swbreak+');
  if (style.hwbreak) out.push('hwbreak+');
  return out.join(';');
}

/**
 * `qXfer:threads:read`: the thread list in one packet. GDB refreshes its thread list at every stop;
 * this replaces the qfThreadInfo + qsThreadInfo pair (two round trips) with one.
 */
export function readThreads(ctx: HandlerContext, offset: number, length: number): Outcome {
  const threads = ctx.target.threads()
    .map((t, core) => `<thread id="${threadIdText(t, ctx.replyStyle.multiprocess)}" core="${core}"/>`).join('');
  const xml = `<?xml version="1.0"?><threads>${threads}</threads>`;
  return chunk(xml, offset, length, ctx.maxPacket);
}

function chunk(text: string, offset: number, length: number, maxPacket: number): Outcome {
  if (offset > text.length) return E_INVAL;
  const part = text.slice(offset, offset + Math.min(length, maxPacket - 16));
  return (offset + part.length >= text.length ? 'l' : 'm') + part;
}

/** Serves `target.xml` in chunks: `m` + data while more follows, `l` + data for the last chunk. */
export function readFeatures(ctx: HandlerContext, annex: string, offset: number, length: number): Outcome {
  if (annex !== 'target.xml') return E_INVAL;
  return chunk(targetXml(ctx.target.supportFpRegisters() !== undefined), offset, length, ctx.maxPacket);
}
