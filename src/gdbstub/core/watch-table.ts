/**
 * GDB watchpoints and the hardware watchpoints that implement them. GDB asks for any length
 * (`Z2,addr,len`); one AArch64 watchpoint covers 1–8 contiguous bytes of a doubleword (DBGWCR.BAS) or an
 * aligned power-of-two block (MASK) (Arm ARM D2.10.5). The target is asked for the whole range first;
 * when it refuses, the range is split at doubleword boundaries and each piece inserted, all or nothing.
 * A stop names the piece that fired (the target identified it); `resolve()` maps that piece back to the
 * GDB watchpoint, whose address is what GDB expects in `watch:ADDR`.
 */
import type { HwWatchpointOps, WatchKind } from '../target.ts';

interface Piece { addr: bigint; len: number }
interface Entry { addr: bigint; len: number; kind: WatchKind; pieces: Piece[] }

/** Longest range split into pieces (GDB would not ask for more on a 16-register machine). */
const MAX_SPLIT_BYTES = 16 * 8;

export class WatchTable {
  private entries: Entry[] = [];

  insert(ops: HwWatchpointOps, addr: bigint, len: number, kind: WatchKind): boolean {
    if (len <= 0 || addr + BigInt(len) > 1n << 64n) return false;
    if (ops.insert(addr, len, kind)) {
      this.entries.push({ addr, len, kind, pieces: [{ addr, len }] });
      return true;
    }
    if (len > MAX_SPLIT_BYTES) return false;
    const pieces = splitAtDoublewords(addr, len);
    if (pieces.length === 1) return false;
    const done: Piece[] = [];
    for (const p of pieces) {
      if (!ops.insert(p.addr, p.len, kind)) {
        for (const q of done) ops.remove(q.addr, q.len, kind);
        return false;
      }
      done.push(p);
    }
    this.entries.push({ addr, len, kind, pieces });
    return true;
  }

  remove(ops: HwWatchpointOps, addr: bigint, len: number, kind: WatchKind): boolean {
    const i = this.entries.findIndex((e) => e.addr === addr && e.len === len && e.kind === kind);
    if (i < 0) return false;
    const [e] = this.entries.splice(i, 1);
    let ok = true;
    for (const p of e!.pieces) ok = ops.remove(p.addr, p.len, kind) && ok;
    return ok;
  }

  /** The GDB watchpoint one of whose pieces starts at `addr` with this kind; undefined when none (not ours). */
  resolve(addr: bigint, kind: WatchKind): { addr: bigint; kind: WatchKind } | undefined {
    return this.entries.find((e) => e.kind === kind && e.pieces.some((p) => p.addr === addr));
  }

  clear(): void {
    this.entries = [];
  }

  get size(): number {
    return this.entries.length;
  }
}

/** Splits [addr, addr+len) at 8-byte-aligned boundaries. */
export function splitAtDoublewords(addr: bigint, len: number): Piece[] {
  const out: Piece[] = [];
  let a = addr;
  const end = addr + BigInt(len);
  while (a < end) {
    const next = (a | 7n) + 1n;
    const stop = next < end ? next : end;
    out.push({ addr: a, len: Number(stop - a) });
    a = stop;
  }
  return out;
}
