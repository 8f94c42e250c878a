/**
 * `m`, `M`, `X`: guest memory as the `Hg` thread sees it (its virtual addresses, or guest-physical ones in
 * physical-memory mode). A read that runs into an unreadable page returns the readable prefix (the RSP
 * allows a short read) or E0e when not even the first byte is readable; reads are capped so the hex reply
 * fits in one packet. `Qqemu.PhyMemMode:0|1` / `qqemu.PhyMemMode` switch and report the mode, as QEMU's stub.
 */
import { encodeHexBytes } from '../../protocol/hex.ts';
import { E_FAULT, type HandlerContext, type Outcome } from '../context.ts';

/** Bytes tried at once while looking for the readable prefix of a failed read (a page is at least 4 KiB). */
const PROBE = 0x1000;

export function readMemory(ctx: HandlerContext, addr: bigint, len: number): Outcome {
  const n = Math.min(len, Math.floor((ctx.maxPacket - 4) / 2));
  if (n === 0) return '';
  if (addr + BigInt(n) > 1n << 64n) return E_FAULT;
  const t = ctx.generalThread;
  try {
    return encodeHexBytes(ctx.target.readMemory(t, addr, n));
  } catch {
    // the readable prefix: whole 4 KiB pieces up to the first that fails, then byte by byte in it
    let ok = 0;
    while (ok < n) {
      const a = addr + BigInt(ok);
      const piece = Math.min(n - ok, PROBE - Number(a & BigInt(PROBE - 1)));
      if (!canRead(ctx, a, piece)) break;
      ok += piece;
    }
    while (ok < n && canRead(ctx, addr + BigInt(ok), 1)) ok++;
    if (ok === 0) return E_FAULT;
    return encodeHexBytes(ctx.target.readMemory(t, addr, ok));
  }
}

function canRead(ctx: HandlerContext, a: bigint, len: number): boolean {
  try {
    ctx.target.readMemory(ctx.generalThread, a, len);
    return true;
  } catch {
    return false;
  }
}

export function writeMemory(ctx: HandlerContext, addr: bigint, data: Uint8Array): Outcome {
  if (data.length === 0) return 'OK';            // GDB probes X support with a zero-length write
  if (addr + BigInt(data.length) > 1n << 64n) return E_FAULT;
  try {
    ctx.target.writeMemory(ctx.generalThread, addr, data);
    return 'OK';
  } catch (e) {
    ctx.log(`memory write of ${data.length} bytes at 0x${addr.toString(16)} failed: ${(e as Error).message}`);
    return E_FAULT;
  }
}

export function setPhysicalMode(ctx: HandlerContext, physical: boolean): Outcome {
  const ops = ctx.target.supportPhysicalMemoryMode();
  if (!ops) return '';
  ops.set(physical);
  ctx.log(`memory packets now address ${physical ? 'guest-physical memory' : 'virtual addresses'}`);
  return 'OK';
}

export function physicalMode(ctx: HandlerContext): Outcome {
  const ops = ctx.target.supportPhysicalMemoryMode();
  return ops ? (ops.get() ? '1' : '0') : '';
}

/** `qqemu.Supported`: the qemu.* features we answer (QEMU also lists sstepbits and sstep). */
export function qemuSupported(ctx: HandlerContext): Outcome {
  return ctx.target.supportPhysicalMemoryMode() ? 'PhyMemMode' : '';
}
