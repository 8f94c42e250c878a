/**
 * Packet → feature handler. Pure with respect to the session: it returns an Outcome and never
 * touches the connection. A target exception becomes an error reply and a log line, so a misbehaving
 * target cannot end the session.
 */
import type { Packet } from '../protocol/packets/types.ts';
import { E_FAULT, type HandlerContext, type Outcome } from './context.ts';
import { breakpoint } from './handlers/breakpoints.ts';
import { qSupported, readFeatures } from './handlers/features.ts';
import { physicalMode, qemuSupported, readMemory, setPhysicalMode, writeMemory } from './handlers/memory.ts';
import { monitor } from './handlers/monitor.ts';
import { readAll, readOne, writeAll, writeOne } from './handlers/registers.ts';
import { resume, reverse, VCONT_SUPPORTED, vCont } from './handlers/resume.ts';
import { ATTACHED, currentThread, firstThreadInfo, readThreads, setThread, threadAlive, threadExtraInfo } from './handlers/threads.ts';
import { stopReply } from './stop-reply.ts';

export function dispatch(ctx: HandlerContext, p: Packet): Outcome {
  try {
    return handle(ctx, p);
  } catch (e) {
    ctx.log(`target error while handling '${p.t}': ${(e as Error).message ?? String(e)}`);
    return E_FAULT;
  }
}

function handle(ctx: HandlerContext, p: Packet): Outcome {
  switch (p.t) {
    case '?': return stopReply(ctx.lastStop, ctx.replyStyle, ctx.generalThread, ctx.lastWatch, regsAfter(ctx));
    case 'g': return readAll(ctx, p.thread);
    case 'G': return writeAll(ctx, p.data, p.thread);
    case 'p': return readOne(ctx, p.reg, p.thread);
    case 'P': return writeOne(ctx, p.reg, p.value, p.thread);
    case 'm': return readMemory(ctx, p.addr, p.len);
    case 'M':
    case 'X': return writeMemory(ctx, p.addr, p.data);
    case 'Z':
    case 'z': return breakpoint(ctx, p.t === 'Z', p.type, p.addr, p.kind);
    case 'vCont?': return VCONT_SUPPORTED;
    case 'vCont': return vCont(ctx, p.actions);
    case 'resume': return resume(ctx, p.action, p.addr);
    case 'reverse': return reverse(ctx, p.action);
    case 'H': return setThread(ctx, p.op, p.thread);
    case 'T': return threadAlive(ctx, p.thread);
    case 'qfThreadInfo': return firstThreadInfo(ctx);
    case 'qsThreadInfo': return 'l';
    case 'qThreadExtraInfo': return threadExtraInfo(ctx, p.thread);
    case 'qC': return currentThread(ctx);
    case 'qAttached': return ATTACHED;
    case 'qSupported': return qSupported(ctx, p.features);
    case 'qXfer:features:read': return readFeatures(ctx, p.annex, p.offset, p.length);
    case 'qXfer:threads:read': return readThreads(ctx, p.offset, p.length);
    case 'qRcmd': return monitor(ctx, p.command);
    case 'QStartNoAckMode':
      ctx.noAckRequested = true;
      return 'OK';
    case 'QThreadSuffixSupported': return 'OK';        // register packets may name their thread (lldb)
    case 'vMustReplyEmpty': return '';
    case 'Qqemu.PhyMemMode': return setPhysicalMode(ctx, p.physical);
    case 'qqemu.PhyMemMode': return physicalMode(ctx);
    case 'qqemu.Supported': return qemuSupported(ctx);
    case 'kill': return { kind: 'kill', reply: p.vKill };
    case 'D': return { kind: 'detach' };
    case 'unknown': return '';
  }
}

/** Registers to expedite in a T stop reply (none for W/X, or when the target cannot say). */
function regsAfter(ctx: HandlerContext) {
  const s = ctx.lastStop;
  if (s && !('thread' in s)) return undefined;
  return ctx.target.readCoreRegisters(s?.thread ?? ctx.generalThread);
}
