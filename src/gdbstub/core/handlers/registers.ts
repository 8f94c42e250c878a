/**
 * `g`, `G`, `p`, `P`: the core registers (x0–x30, sp, pc, cpsr), the fpu feature (v0–v31, fpsr, fpcr) and
 * the system registers of the thread `Hg` selected, or of the thread lldb's `;thread:ID;` suffix names (an E16
 * when it names no live thread). A system register the target cannot read now is sent as `x` digits, which
 * GDB shows as `<unavailable>`.
 */
import { CORE_REG_COUNT, G_PACKET_BYTES, REG_CPSR, REG_FPCR, REG_FPSR, REG_V0, regSize, sysRegBase } from '../../arch/aarch64.ts';
import { encodeHexBytes, hexLe } from '../../protocol/hex.ts';
import type { ThreadId } from '../../protocol/packets/types.ts';
import type { Tid } from '../../target.ts';
import { E_INVAL, E_NOTSUP, type HandlerContext, type Outcome } from '../context.ts';
import { registerLayout } from '../layout.ts';
import { liveThread } from './threads.ts';

/** The thread a register packet acts on: its suffix's, else the `Hg` one. */
function registerThread(ctx: HandlerContext, suffix: ThreadId | undefined): Tid | undefined {
  return suffix === undefined ? ctx.generalThread : liveThread(ctx, suffix);
}

export function readAll(ctx: HandlerContext, thread?: ThreadId): Outcome {
  const t = registerThread(ctx, thread);
  if (t === undefined) return E_INVAL;
  const r = ctx.target.readCoreRegisters(t);
  let s = '';
  for (let i = 0; i < 31; i++) s += hexLe(r.x[i] ?? 0n, 8);
  return s + hexLe(r.sp, 8) + hexLe(r.pc, 8) + hexLe(BigInt(r.cpsr >>> 0), 4);
}

export function writeAll(ctx: HandlerContext, data: Uint8Array, thread?: ThreadId): Outcome {
  const t = registerThread(ctx, thread);
  if (data.length < G_PACKET_BYTES || t === undefined) return E_INVAL;
  const layout = registerLayout(ctx.target);
  for (let n = 0; n < CORE_REG_COUNT; n++) {
    ctx.target.writeCoreRegister(t, n, le(data, n * 8, regSize(n, layout)));
  }
  return 'OK';
}

export function readOne(ctx: HandlerContext, reg: number, thread?: ThreadId): Outcome {
  const layout = registerLayout(ctx.target);
  const size = regSize(reg, layout);
  const t = registerThread(ctx, thread);
  if (size === 0 || t === undefined) return E_INVAL;
  if (reg < CORE_REG_COUNT) {
    const r = ctx.target.readCoreRegisters(t);
    const v = reg <= 30 ? r.x[reg] ?? 0n : reg === 31 ? r.sp : reg === 32 ? r.pc : BigInt(r.cpsr >>> 0);
    return hexLe(v, size);
  }
  const sysBase = sysRegBase(layout);
  if (reg >= sysBase) {
    const v = ctx.target.supportSystemRegisters()!.read(t, reg - sysBase);
    return v === undefined ? 'xx'.repeat(8) : hexLe(v, 8);
  }
  const fp = ctx.target.supportFpRegisters()!;
  if (reg === REG_FPSR) return hexLe(BigInt(fp.readFpsr(t) >>> 0), 4);
  if (reg === REG_FPCR) return hexLe(BigInt(fp.readFpcr(t) >>> 0), 4);
  return encodeHexBytes(fp.readV(t, reg - REG_V0));
}

export function writeOne(ctx: HandlerContext, reg: number, value: Uint8Array, thread?: ThreadId): Outcome {
  const layout = registerLayout(ctx.target);
  const size = regSize(reg, layout);
  const t = registerThread(ctx, thread);
  if (size === 0 || value.length !== size || t === undefined) return E_INVAL;
  if (reg <= REG_CPSR) {
    ctx.target.writeCoreRegister(t, reg, le(value, 0, size));
    return 'OK';
  }
  const sysBase = sysRegBase(layout);
  if (reg >= sysBase) return ctx.target.supportSystemRegisters()!.write(t, reg - sysBase, le(value, 0, 8)) ? 'OK' : E_NOTSUP;
  return ctx.target.supportFpRegisters()!.write(t, reg, value) ? 'OK' : E_NOTSUP;
}

function le(data: Uint8Array, off: number, width: number): bigint {
  let v = 0n;
  for (let i = width - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[off + i]!);
  return v;
}
