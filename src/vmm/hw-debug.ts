/**
 * Values for the hardware breakpoint and watchpoint registers a VMM hands to KVM_SET_GUEST_DEBUG
 * (`kvm_guest_debug_arch.dbg_{b,w}{c,v}r`), and the rule that maps a watchpoint exit back to the
 * watchpoint that caused it.
 *
 * Register fields (Arm ARM D13.3 / "DBGBCR<n>_EL1", "DBGWCR<n>_EL1"):
 *
 *   DBGBCR: E[0] PMC[2:1] BAS[8:5] HMC[13] SSC[15:14] LBN[19:16] BT[23:20]
 *   DBGWCR: E[0] PAC[2:1] LSC[4:3] BAS[12:5] HMC[13] SSC[15:14] LBN[19:16] WT[20] MASK[28:24]
 *   DBGWVR: a doubleword-aligned address; BAS selects the watched bytes inside that doubleword, or
 *           MASK = n (3..31) watches the 2^n-byte block at an address aligned to 2^n (BAS must be 0xff).
 *
 * Every breakpoint is an unlinked address match at EL1 and EL0 (PMC = 0b11, BAS = 0b1111, as QEMU and
 * Firecracker program them); every watchpoint likewise (PAC = 0b11), LSC 0b01 load, 0b10 store, 0b11 both.
 */
import type { WatchKind } from './debug-api.ts';

export const BCR_E = 1n;
const BCR_PMC_EL1_EL0 = 0b11n << 1n;
const BCR_BAS_A64 = 0b1111n << 5n;
/** DBGBCR for an enabled address-match breakpoint at EL1 and EL0: 0x1e7. */
export const BCR_EXEC = BCR_E | BCR_PMC_EL1_EL0 | BCR_BAS_A64;

const LSC: Record<WatchKind, bigint> = { read: 0b01n, write: 0b10n, access: 0b11n };

/** One programmed watchpoint register pair. */
export interface WatchReg {
  wvr: bigint;
  wcr: bigint;
}

/** The watched bytes of one register: [lo, hi] inclusive. */
export interface WatchSpan {
  lo: bigint;
  hi: bigint;
}

/** DBGWCR for a BAS watchpoint over bytes `bas` (bit i = byte i of the doubleword). */
export function wcrBas(bas: number, kind: WatchKind): bigint {
  return 1n | (0b11n << 1n) | (LSC[kind] << 3n) | (BigInt(bas & 0xff) << 5n);
}

/** DBGWCR for a MASK watchpoint over an aligned 2^mask-byte block. */
export function wcrMask(mask: number, kind: WatchKind): bigint {
  return wcrBas(0xff, kind) | (BigInt(mask) << 24n);
}

/**
 * Split [addr, addr + len) into as few registers as the architecture allows: a MASK register for each
 * maximal aligned power-of-two block of at least 16 bytes, and a BAS register for each doubleword the
 * range only partly covers (or a whole aligned doubleword, BAS = 0xff). `len` is 1 .. 2^31.
 */
export function planWatchpoint(addr: bigint, len: number, kind: WatchKind): WatchReg[] {
  if (!Number.isInteger(len) || len < 1 || len > 2 ** 31) throw new RangeError(`watchpoint length ${len} is outside 1..2^31`);
  const regs: WatchReg[] = [];
  const end = addr + BigInt(len);
  let p = addr;
  while (p < end) {
    const dw = p & ~7n;
    if (p !== dw || end - p < 8n) {
      // A partial doubleword: the bytes from p up to the end of this doubleword or of the range.
      const stop = end < dw + 8n ? end : dw + 8n;
      let bas = 0;
      for (let b = p; b < stop; b++) bas |= 1 << Number(b - dw);
      regs.push({ wvr: dw, wcr: wcrBas(bas, kind) });
      p = stop;
      continue;
    }
    let size = 8n;
    while (size < 1n << 31n && (p & (size * 2n - 1n)) === 0n && p + size * 2n <= end) size *= 2n;
    const mask = size.toString(2).length - 1;
    regs.push({ wvr: p, wcr: mask === 3 ? wcrBas(0xff, kind) : wcrMask(mask, kind) });
    p += size;
  }
  return regs;
}

/** The bytes a programmed watchpoint register watches. */
export function watchSpan(reg: WatchReg): WatchSpan {
  const mask = Number((reg.wcr >> 24n) & 0x1fn);
  if (mask >= 3) {
    const base = reg.wvr & ~((1n << BigInt(mask)) - 1n);
    return { lo: base, hi: base + (1n << BigInt(mask)) - 1n };
  }
  const bas = Number((reg.wcr >> 5n) & 0xffn);
  const base = reg.wvr & ~7n;
  const first = 31 - Math.clz32(bas & -bas);        // lowest set bit (__ffs)
  const last = 31 - Math.clz32(bas);                 // highest set bit (__fls)
  return { lo: base + BigInt(first), hi: base + BigInt(last) };
}

/** Does a register with this DBGWCR fire for a write (WnR = 1) or a read (WnR = 0)? */
export function lscMatches(wcr: bigint, isWrite: boolean): boolean {
  const lsc = (wcr >> 3n) & 0b11n;
  return isWrite ? (lsc & 0b10n) !== 0n : (lsc & 0b01n) !== 0n;
}

/**
 * Distance from an access address to a watched span: 0 inside it, otherwise to its nearest end. This
 * is Linux's get_distance_from_watchpoint() (arch/arm64/kernel/hw_breakpoint.c): the reported FAR of a
 * watchpoint hit may lie below or beside the watched bytes (an access wider than, or straddling, the
 * watched range), so the kernel attributes the hit to the closest enabled watchpoint.
 */
export function distanceFromSpan(far: bigint, span: WatchSpan): bigint {
  if (far < span.lo) return span.lo - far;
  if (far > span.hi) return far - span.hi;
  return 0n;
}

/**
 * Choose the watchpoint a hit belongs to, as Linux's watchpoint_handler() does: among the watchpoints
 * whose access type matches WnR, the one at the smallest distance from FAR; the first wins a tie. When
 * none matches the access type (not expected from hardware), the nearest of all is taken.
 * Returns the index into `watchpoints`, or -1 when the list is empty.
 */
export function nearestWatchpoint(watchpoints: readonly { regs: readonly WatchReg[] }[], far: bigint, isWrite: boolean): number {
  let best = -1;
  let bestDist = 0n;
  for (const pass of [true, false]) {
    for (let i = 0; i < watchpoints.length; i++) {
      for (const reg of watchpoints[i]!.regs) {
        if (pass && !lscMatches(reg.wcr, isWrite)) continue;
        const d = distanceFromSpan(far, watchSpan(reg));
        if (best < 0 || d < bestDist) {
          best = i;
          bestDist = d;
        }
      }
    }
    if (best >= 0) return best;
  }
  return -1;
}
