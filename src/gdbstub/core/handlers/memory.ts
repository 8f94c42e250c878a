/**
 * `m`, `M`, `X`: guest memory. A read that runs into an unreadable page returns the readable prefix
 * (the RSP allows a short read) or E0e when not even the first byte is readable; reads are capped so the
 * hex reply fits in one packet.
 */
import { encodeHexBytes } from '../../protocol/hex.ts';
import { E_FAULT, type HandlerContext, type Outcome } from '../context.ts';

export function readMemory(ctx: HandlerContext, addr: bigint, len: number): Outcome {
  const n = Math.min(len, Math.floor((ctx.maxPacket - 4) / 2));
  if (n === 0) return '';
  if (addr + BigInt(n) > 1n << 64n) return E_FAULT;
  try {
    return encodeHexBytes(ctx.target.readMemory(addr, n));
  } catch {
    // find the readable prefix
    let ok = 0;
    while (ok < n && canRead(ctx, addr + BigInt(ok))) ok++;
    if (ok === 0) return E_FAULT;
    return encodeHexBytes(ctx.target.readMemory(addr, ok));
  }
}

function canRead(ctx: HandlerContext, a: bigint): boolean {
  try {
    ctx.target.readMemory(a, 1);
    return true;
  } catch {
    return false;
  }
}

export function writeMemory(ctx: HandlerContext, addr: bigint, data: Uint8Array): Outcome {
  if (data.length === 0) return 'OK';            // GDB probes X support with a zero-length write
  if (addr + BigInt(data.length) > 1n << 64n) return E_FAULT;
  try {
    ctx.target.writeMemory(addr, data);
    return 'OK';
  } catch (e) {
    ctx.log(`memory write of ${data.length} bytes at 0x${addr.toString(16)} failed: ${(e as Error).message}`);
    return E_FAULT;
  }
}
