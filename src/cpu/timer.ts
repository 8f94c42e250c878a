/**
 * The EL1 generic timers (Arm ARM D11.2): the virtual timer (CNTV_*, compared with CNTVCT = CNTPCT -
 * CNTVOFF) and the EL1 physical timer (CNTP_*, compared with CNTPCT). Each has CTL (ENABLE bit 0,
 * IMASK bit 1, ISTATUS bit 2 read-only) and a 64-bit CVAL; TVAL is the signed 32-bit view CVAL - count.
 * The condition is met when count - CVAL >= 0 as unsigned 64-bit values compare (count >= CVAL); the
 * output (the interrupt request to the GIC) is ENABLE && ISTATUS && !IMASK. With ENABLE clear, ISTATUS
 * reads 0 as in QEMU (the architecture leaves it UNKNOWN).
 *
 * Time is the CPU's physical count, which advances with retired instructions (and jumps forward when a
 * WFI waits for a timer), so a timer interrupt happens at an exact instruction count in every run.
 */

/** CNTx_CTL bits. */
export const CTL_ENABLE = 1;
export const CTL_IMASK = 2;
export const CTL_ISTATUS = 4;

/** Counts below this are exact doubles. */
const EXACT = 2n ** 53n;

/** One timer: CTL's writable bits and CVAL. */
export class Timer {
  ctl = 0;
  private cv = 0n;
  /**
   * CVAL as a number when a double holds it exactly, else -1: what the run loop compares the count
   * with at every slice (`outputN`, `ticksN`), without BigInt arithmetic. A guest's CVAL is a count
   * near the current one, far below 2^53. -0 (CVAL 0) is a double: V8 gives the field that
   * representation from the start, so the first CVAL beyond 2^31 changes no map under optimised code.
   */
  cvalN = -0;
  get cval(): bigint { return this.cv; }
  set cval(v: bigint) { this.cv = v; this.cvalN = v >= 0n && v < EXACT ? Number(v) : -1; }

  /** ISTATUS for this count (already in the timer's own view: virtual or physical). */
  status(count: bigint): boolean {
    return (this.ctl & CTL_ENABLE) !== 0 && count >= this.cval;
  }

  /** CTL as MRS reads it. */
  readCtl(count: bigint): bigint {
    return BigInt(this.ctl | (this.status(count) ? CTL_ISTATUS : 0));
  }

  /** The interrupt output for this count. */
  output(count: bigint): boolean {
    return (this.ctl & CTL_IMASK) === 0 && this.status(count);
  }

  /** TVAL as MRS reads it: CVAL - count, low 32 bits. */
  readTval(count: bigint): bigint {
    return BigInt.asUintN(32, this.cval - count);
  }

  /** MSR TVAL: CVAL = count + SignExtend(TVAL[31:0]). */
  writeTval(count: bigint, v: bigint): void {
    this.cval = BigInt.asUintN(64, count + BigInt.asIntN(32, v));
  }

  /**
   * The count at which the output will rise, if it is low now and will rise by the passing of time
   * alone (enabled, not masked, CVAL ahead); null otherwise.
   */
  deadline(count: bigint): bigint | null {
    if ((this.ctl & (CTL_ENABLE | CTL_IMASK)) !== CTL_ENABLE || count >= this.cval) return null;
    return this.cval;
  }

  /** `output` for a count held in a number (exact), when cvalN is not -1. */
  outputN(count: number): boolean {
    return (this.ctl & (CTL_ENABLE | CTL_IMASK)) === CTL_ENABLE && count >= this.cvalN;
  }

  /** Counts from `count` (a number, exact) to `deadline`, Infinity when there is none; when cvalN is not -1. */
  ticksN(count: number): number {
    return (this.ctl & (CTL_ENABLE | CTL_IMASK)) !== CTL_ENABLE || count >= this.cvalN ? Infinity : this.cvalN - count;
  }
}
