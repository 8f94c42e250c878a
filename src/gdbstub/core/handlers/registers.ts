/**
 * `g`, `G`, `p`, `P`: the core registers (x0–x30, sp, pc, cpsr), the fpu feature (v0–v31, fpsr, fpcr) and
 * the system registers of the thread `Hg` selected. A system register the target cannot read now is sent
 * as `x` digits, which GDB shows as `<unavailable>`.
 */
import { CORE_REG_COUNT, G_PACKET_BYTES, REG_CPSR, REG_FPCR, REG_FPSR, REG_V0, regSize, sysRegBase } from '../../arch/aarch64.ts';
import { encodeHexBytes, hexLe } from '../../protocol/hex.ts';
import { E_INVAL, E_NOTSUP, type HandlerContext, type Outcome } from '../context.ts';
import { registerLayout } from '../layout.ts';

export function readAll(ctx: HandlerContext): Outcome {
  const r = ctx.target.readCoreRegisters(ctx.generalThread);
  let s = '';
  for (let i = 0; i < 31; i++) s += hexLe(r.x[i] ?? 0n, 8);
  return s + hexLe(r.sp, 8) + hexLe(r.pc, 8) + hexLe(BigInt(r.cpsr >>> 0), 4);
}

export function writeAll(ctx: HandlerContext, data: Uint8Array): Outcome {
  if (data.length < G_PACKET_BYTES) return E_INVAL;
  const layout = registerLayout(ctx.target);
  for (let n = 0; n < CORE_REG_COUNT; n++) {
    ctx.target.writeCoreRegister(ctx.generalThread, n, le(data, n * 8, regSize(n, layout)));
  }
  return 'OK';
}

export function readOne(ctx: HandlerContext, reg: number): Outcome {
  const layout = registerLayout(ctx.target);
  const size = regSize(reg, layout);
  if (size === 0) return E_INVAL;
  const t = ctx.generalThread;
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

export function writeOne(ctx: HandlerContext, reg: number, value: Uint8Array): Outcome {
  const layout = registerLayout(ctx.target);
  const size = regSize(reg, layout);
  if (size === 0 || value.length !== size) return E_INVAL;
  const t = ctx.generalThread;
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
