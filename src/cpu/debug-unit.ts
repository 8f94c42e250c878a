/**
 * The self-hosted debug unit of the guest CPU (Arm ARM D2): the debug system registers (MDSCR_EL1,
 * the OS lock and OS double lock, DBGPRCR_EL1, 6 breakpoints of which 2 context-aware, 4 watchpoints),
 * whether debug exceptions are enabled, breakpoint and watchpoint matching, and the software-step
 * bookkeeping that the CPU's checked path (cpu.ts `debugOne`) reads and updates.
 *
 * It holds state and answers questions; the CPU takes the exceptions. Nothing here runs per
 * instruction on the fast path: the CPU asks only when a flag it keeps says a check is needed.
 */
import { SR, NUM_BRPS, NUM_WRPS, NUM_CTX_CMPS } from './sysregs.ts';
import { PAGE, type Region } from './memory.ts';

/** What `write` did with a system register key. */
export const enum DebugWrite {
  /** Not a debug register: the CPU handles it. */
  NotMine = -1,
  /** Writing it is UNDEFINED (a read-only or unimplemented debug register). */
  Undefined = 0,
  /** Written; the enabled breakpoints, step or OS lock may have changed. */
  Done = 1,
  /** Written a watchpoint register: the watched pages must be flagged again. */
  WatchChanged = 2,
  /** Written, nothing that decides debug exceptions changed (DBGCLAIM*). */
  Stored = 3,
}

/** VA bits 48:2 of a DBGBVR/DBGWVR value. */
const VA_MASK = 0x1fffffffffffcn;
/**
 * The address a DBGBVR/DBGWVR value compares with, as the CPU holds virtual addresses (signed,
 * core.ts): bits 48:2, sign-extended from bit 48 (bits 63:49 of the register are RESS).
 */
function vaOf(v: bigint): number { return Number(BigInt.asIntN(49, v & VA_MASK)); }

export class DebugUnit {
  mdscr = 0;
  /** OSLSR_EL1.OSLK. */
  oslk = 0;
  osdlr = 0;
  dbgprcr = 0;
  readonly bcr = new Int32Array(NUM_BRPS);
  readonly bvr: bigint[] = new Array<bigint>(NUM_BRPS).fill(0n);
  readonly wcr = new Int32Array(NUM_WRPS);
  readonly wvr: bigint[] = new Array<bigint>(NUM_WRPS).fill(0n);

  // derived state (recompute)
  /** Software step is active (MDSCR_EL1.SS with debug exceptions enabled). */
  stepActive = false;
  /** Some address or context breakpoint can match. */
  bpOn = false;
  /** An unlinked context-ID breakpoint can match anywhere. */
  bpAllPages = false;
  /** Page bases of the enabled address breakpoints. */
  bpPages: number[] = [];

  // software-step bookkeeping (Arm ARM D2.12)
  /** ESR ISV and EX of the step exception that will be taken (ISV = 0 after exception entry or ERET). */
  ssIsv = 0;
  ssEx = 0;
  /** The instruction just stepped was a load-exclusive (EX = 1). */
  lastLdex = false;
  /** The instruction just stepped was an exception return. */
  eretDone = false;
  /** The checked path is executing its one instruction (no breakpoint-page bail-out). */
  inDebugOne = false;

  /** AArch64.GenerateDebugExceptionsFrom for an EL1/EL0 PE with EL2 present and no EL3. */
  enabledFrom(el: number, d: boolean, tde: boolean): boolean {
    if (this.oslk !== 0) return false;
    if ((this.osdlr & 1) !== 0 && (this.dbgprcr & 1) === 0) return false; // DoubleLockStatus()
    if (tde) return true; // EL_D = EL2 is above EL1/EL0
    if (el === 1) return (this.mdscr & (1 << 13)) !== 0 && !d;
    return true;
  }

  /** Recompute the derived state; returns 1 when some watchpoint can match (the CPU's wpOn), else 0. */
  recompute(el: number, d: boolean, tde: boolean): number {
    const en = this.enabledFrom(el, d, tde);
    const mde = (this.mdscr & (1 << 15)) !== 0;
    this.stepActive = en && (this.mdscr & 1) !== 0;
    let anyB = false, all = false;
    const pages: number[] = [];
    if (en && mde) {
      for (let n = 0; n < NUM_BRPS; n++) {
        const c = this.bcr[n];
        if ((c & 1) === 0) continue;
        const bt = (c >>> 20) & 15;
        if (bt === 0 || bt === 1) { anyB = true; pages.push(Math.floor(vaOf(this.bvr[n]) / PAGE) * PAGE); }
        else if (bt === 2) { anyB = true; all = true; }
      }
    }
    this.bpOn = anyB; this.bpAllPages = all; this.bpPages = pages;
    let anyW = false;
    if (en && mde) for (let n = 0; n < NUM_WRPS; n++) if ((this.wcr[n] & 1) !== 0) anyW = true;
    return anyW ? 1 : 0;
  }

  /**
   * Flag the RAM pages an enabled watchpoint covers (whatever MDE/KDE/OS lock say: the flag only
   * sends accesses there to the checked path, which then asks whether watchpoints are enabled).
   * Called when DBGWCR/DBGWVR or the RAM map change, not per exception.
   */
  markWatchedPages(regions: readonly Region[]): void {
    for (const r of regions) r.clearWatched();
    for (let n = 0; n < NUM_WRPS; n++) {
      const c = this.wcr[n];
      if ((c & 1) === 0) continue;
      const mask = (c >>> 24) & 31;
      const wv = vaOf(this.wvr[n]);
      const start = mask >= 3 ? Math.floor(wv / 2 ** mask) * 2 ** mask : wv - (wv % 8);
      const len = mask >= 3 ? 2 ** mask : 8;
      for (const r of regions) r.markWatched(start, len);
    }
  }

  /** Can an enabled watchpoint cover some address of [lo, hi) (whatever it watches for)? */
  watchOverlaps(lo: number, hi: number): boolean {
    for (let n = 0; n < NUM_WRPS; n++) {
      const c = this.wcr[n];
      if ((c & 1) === 0) continue;
      const mask = (c >>> 24) & 31;
      const wv = vaOf(this.wvr[n]);
      const start = mask >= 3 ? Math.floor(wv / 2 ** mask) * 2 ** mask : wv - (((wv % 8) + 8) % 8);
      const len = mask >= 3 ? 2 ** mask : 8;
      if (start < hi && start + len > lo) return true;
    }
    return false;
  }

  pageHasBp(pageBase: number): boolean {
    if (this.bpAllPages) return true;
    const p = Math.floor(pageBase / PAGE) * PAGE;
    for (const q of this.bpPages) if (q === p) return true;
    return false;
  }

  /** Linked context-ID breakpoint `lbn` matches CONTEXTIDR_EL1 `ctx` (AArch64.BreakpointValueMatch). */
  private ctxLinkMatch(lbn: number, ctx: bigint): boolean {
    if (lbn < NUM_BRPS - NUM_CTX_CMPS || lbn >= NUM_BRPS) return false;
    const c = this.bcr[lbn];
    if ((c & 1) === 0 || ((c >>> 20) & 15) !== 3) return false;
    return (this.bvr[lbn] & 0xffffffffn) === ctx;
  }

  /** Breakpoint match for the instruction at `pc` (AArch64.BreakpointMatch / StateMatch). */
  breakpointHit(pc: number, el: number, ctx: bigint): boolean {
    for (let n = 0; n < NUM_BRPS; n++) {
      const c = this.bcr[n];
      if ((c & 1) === 0) continue;
      const pmc = (c >>> 1) & 3;
      if (el === 1 ? (pmc & 1) === 0 : (pmc & 2) === 0) continue;
      const bt = (c >>> 20) & 15;
      if (bt === 0 || bt === 1) {
        if (((c >>> 5) & 15) === 0) continue;
        if (vaOf(this.bvr[n]) !== pc) continue;
        if (bt === 1 && !this.ctxLinkMatch((c >>> 16) & 15, ctx)) continue;
        return true;
      }
      if (bt === 2 && n >= NUM_BRPS - NUM_CTX_CMPS && (this.bvr[n] & 0xffffffffn) === ctx) return true;
    }
    return false;
  }

  /**
   * Watchpoint match of an access to [a, a+size) at exception level `el` (AArch64.WatchpointMatch).
   * Returns the FAR to report, the first watched byte the access touches (a naturally aligned block
   * of one byte, which is also QEMU's choice), or NaN when no watchpoint matches (addresses may be negative).
   */
  watchHit(a: number, size: number, write: boolean, el: number, ctx: bigint): number {
    for (let n = 0; n < NUM_WRPS; n++) {
      const c = this.wcr[n];
      if ((c & 1) === 0) continue;
      const lsc = (c >>> 3) & 3;
      if (lsc === 0 || (write ? (lsc & 2) === 0 : (lsc & 1) === 0)) continue;
      const pac = (c >>> 1) & 3;
      if (el === 1 ? (pac & 1) === 0 : (pac & 2) === 0) continue;
      if (((c >>> 20) & 1) !== 0 && !this.ctxLinkMatch((c >>> 16) & 15, ctx)) continue;
      const mask = (c >>> 24) & 31;
      const wv = vaOf(this.wvr[n]);
      let hit = NaN;
      if (mask >= 3) {
        const bs = 2 ** mask, start = Math.floor(wv / bs) * bs;
        if (a < start + bs && a + size > start) hit = Math.max(a, start);
      } else if (mask === 0) {
        const m8 = ((wv % 8) + 8) % 8;
        let bas = (c >>> 5) & 0xff, dw = wv - m8;
        if (m8 === 4) { dw = wv; bas &= 0xf; } // word-aligned DBGWVR: only BAS[3:0] (deprecated)
        const lo = Math.max(a, dw), hi = Math.min(a + size, dw + 8);
        for (let b = lo; b < hi; b++) if ((bas >>> (b - dw)) & 1) { hit = b; break; }
      }
      if (hit === hit) return hit;
    }
    return NaN;
  }

  /**
   * MRS of a debug register: its value, undefined when reading it is UNDEFINED, null when `key` is
   * not a debug register.
   */
  read(key: number): bigint | undefined | null {
    switch (key) {
      case SR.MDSCR_EL1: return BigInt(this.mdscr >>> 0);
      case SR.OSLSR_EL1: return BigInt(0x8 | (this.oslk << 1));
      case SR.OSDLR_EL1: return BigInt(this.osdlr);
      case SR.DBGPRCR_EL1: return BigInt(this.dbgprcr);
      case SR.OSLAR_EL1: return undefined;
      case SR.MDCCSR_EL0: case SR.DBGCLAIMSET_EL1: case SR.DBGCLAIMCLR_EL1: return 0n;
      default: break;
    }
    if (key >>> 14 === 2 && ((key >>> 7) & 0x7f) === 0) { // DBG{B,W}{V,C}R<n>
      const n = (key >>> 3) & 15, op2 = key & 7;
      if (op2 === 4 && n < NUM_BRPS) return this.bvr[n];
      if (op2 === 5 && n < NUM_BRPS) return BigInt(this.bcr[n] >>> 0);
      if (op2 === 6 && n < NUM_WRPS) return this.wvr[n];
      if (op2 === 7 && n < NUM_WRPS) return BigInt(this.wcr[n] >>> 0);
      return undefined;
    }
    return null;
  }

  /** MSR of a debug register (see DebugWrite). */
  write(key: number, v: bigint): DebugWrite {
    switch (key) {
      case SR.MDSCR_EL1: this.mdscr = Number(v & 0xffffffffn) | 0; return DebugWrite.Done;
      case SR.OSLAR_EL1: this.oslk = Number(v & 1n); return DebugWrite.Done;
      case SR.OSDLR_EL1: this.osdlr = Number(v & 1n); return DebugWrite.Done;
      case SR.DBGPRCR_EL1: this.dbgprcr = Number(v & 1n); return DebugWrite.Done;
      case SR.DBGCLAIMSET_EL1: case SR.DBGCLAIMCLR_EL1: return DebugWrite.Stored;
      case SR.OSLSR_EL1: case SR.MDCCSR_EL0: return DebugWrite.Undefined;
      default: break;
    }
    if (key >>> 14 === 2 && ((key >>> 7) & 0x7f) === 0) {
      const n = (key >>> 3) & 15, op2 = key & 7;
      if (op2 === 4 && n < NUM_BRPS) { this.bvr[n] = v; return DebugWrite.Done; }
      if (op2 === 5 && n < NUM_BRPS) {
        // BAS[1] reads as BAS[0] and BAS[3] as BAS[2] (halfword granules only, as QEMU models it)
        let c = Number(v & 0xffffffffn) | 0;
        c = (c & ~(0xa << 5)) | ((c & (0x5 << 5)) << 1);
        this.bcr[n] = c;
        return DebugWrite.Done;
      }
      if (op2 === 6 && n < NUM_WRPS) { this.wvr[n] = v; return DebugWrite.WatchChanged; }
      if (op2 === 7 && n < NUM_WRPS) { this.wcr[n] = Number(v & 0xffffffffn) | 0; return DebugWrite.WatchChanged; }
      return DebugWrite.Undefined;
    }
    return DebugWrite.NotMine;
  }
}
