/**
 * PSTATE, exceptions and the debug state that decides when the checked path runs (Arm ARM D1.3
 * "Exception entry", D1.4 "Exception return", D2 for the debug parts).
 *
 * Exceptions the architecture takes at EL1 go through VBAR_EL1 with ESR/ELR/SPSR/FAR_EL1; everything
 * routed to EL2 stops `run()` with the EL2 syndrome (api.ts), as the hardware presents it to a
 * hypervisor. The exception classes and fault status codes are esr/'s (Linux esr.h names).
 */
import type { El2Syndrome, HypControls } from './api.ts';
import { RunStop } from './api.ts';
import { CpuCore, WILD_PC } from './core.ts';
import { DebugUnit } from './debug-unit.ts';
import { X_SP, X_SP_EL0 } from './regs.ts';
import {
  ESR_ELx_EC_BRK64, ESR_ELx_EC_HVC64, ESR_ELx_EC_ILL, ESR_ELx_EC_SERROR, ESR_ELx_EC_SVC64, ESR_ELx_EC_UNKNOWN,
} from '../esr/ec.ts';

/** ESR_ELx.IL: a 32-bit instruction (every A64 syndrome here). */
export const IL = 1 << 25;
/** Data Abort ISS: ISV (the syndrome below is valid), SAS, SSE, SRT, SF, AR, WnR (Arm ARM D24.2.45). */
export const ISS_ISV = 1 << 24;
export const ISS_SSE = 1 << 21;
export const ISS_SF = 1 << 15;
export const ISS_AR = 1 << 14;
export const ISS_WNR = 1 << 6;
export const ISS_SAS_SHIFT = 22;
export const ISS_SRT_SHIFT = 16;

/**
 * The interrupt inputs, as bits of `intLines` placed like their masks in `daif` (A 4, I 2, F 1), so
 * `intLines & ~daif` is what can be taken.
 */
export const INT_VSERROR = 4;
export const INT_VIRQ = 2;
export const INT_VFIQ = 1;

/** 2^53: counts and offsets below it are exact numbers. */
const EXACT = 2n ** 53n;

/** The hypervisor's controls of `core`, whose `cntvoffN` follows what is written to `cntvoff`. */
function hypControls(core: CpuCore): HypControls {
  let voff = 0n;
  return {
    tde: false, tda: false, tdosa: false, twi: false, vmpidr: 0x80000000n,
    get cntvoff(): bigint { return voff; },
    set cntvoff(v: bigint) { voff = v; core.cntvoffN = v >= 0n && v < EXACT ? Number(v) : -1; },
  };
}

/** A record of an instruction that raised the UNDEFINED exception. */
export interface UndefinedRecord { word: number; pc: bigint }

export abstract class ExcCpu extends CpuCore {
  readonly el2: El2Syndrome = { esr: 0n, far: 0n, faultIpa: 0n };
  readonly hyp: HypControls = hypControls(this);
  protected stopReason: RunStop = RunStop.Budget;

  // PSTATE (besides NZCV in CpuCore)
  protected el = 1;
  protected spsel = 1;
  protected daif = 0xf; // D A I F in bits 3..0
  protected ss = 0;
  protected il = 0;

  // the registers exception entry and return use
  protected esrEl1 = 0n;
  protected elrEl1 = 0n;
  protected spsrEl1 = 0n;
  protected farEl1 = 0n;
  protected vbarEl1 = 0n;

  /** Asserted interrupt inputs (INT_VIRQ, INT_VFIQ, INT_VSERROR). */
  protected intLines = 0;
  /** The ISS a pending virtual SError reports (VSESR_EL2). */
  protected vsesr = 0;

  /** The Event Register (Arm ARM D1.6.1): set by an exception return, SEV and SEVL; WFE consumes it. */
  protected eventReg = 0;

  /** Breakpoints, watchpoints, software step, OS lock and their registers (debug-unit.ts). */
  protected readonly dbg = new DebugUnit();

  /**
   * Called for every instruction word that raises the UNDEFINED exception (not implemented here or
   * architecturally UNDEFINED), with its address. The last 64 are also kept in `undefinedLog`.
   */
  onUndefined: ((word: number, pc: bigint) => void) | undefined = undefined;
  readonly undefinedLog: UndefinedRecord[] = [];

  /** The instruction word at `pc` (0 when it cannot be read), for the UNDEFINED log. */
  protected abstract wordAt(pc: number): number;

  // ---------------------------------------------------------------- PC

  /** The 64-bit address a PC value (core.ts `pc`) stands for. */
  protected pcBig(pc: number): bigint {
    return pc === WILD_PC ? BigInt.asUintN(64, (BigInt(this.wildHi) << 32n) | BigInt(this.wildLo >>> 0)) : BigInt.asUintN(64, BigInt(pc));
  }

  /** Branch to the 64-bit address `v` (exception entry and return, the debugger). */
  protected setPcBig(v: bigint): void {
    const lo = Number(v & 0xffffffffn) | 0, hi = Number((v >> 32n) & 0xffffffffn) | 0;
    this.pc = (hi + 0x200000) >>> 22 === 0 ? hi * 4294967296 + (lo >>> 0) : this.wildPc(lo, hi);
  }

  // ---------------------------------------------------------------- PSTATE

  protected spIndex(): number { return this.el === 0 || this.spsel === 0 ? 0 : 2; }

  /** Change EL and SPSel, banking the SP that stops being current. */
  protected setMode(el: number, spsel: number): void {
    const x = this.x;
    let i = X_SP_EL0 + this.spIndex();
    x[i] = x[X_SP]; x[i + 1] = x[X_SP + 1];
    const elChange = el !== this.el;
    this.el = el; this.spsel = spsel;
    this.el1h = el === 1 && spsel === 1;
    if (elChange) this.elChanged();
    i = X_SP_EL0 + this.spIndex();
    x[X_SP] = x[i]; x[X_SP + 1] = x[i + 1];
  }

  /** The exception level changed (translations cached for the old one may not hold). */
  protected elChanged(): void { /* the MMU layer overrides */ }

  /** PSTATE in SPSR format (NZCV 31:28, SS 21, IL 20, D/A/I/F 9:6, M 4:0). */
  getPstate(): number {
    return ((this.nf << 31) | (this.zf << 30) | (this.cf << 29) | (this.vf << 28) | (this.ss << 21) | (this.il << 20) |
      (this.daif << 6) | (this.el << 2) | this.spsel) >>> 0;
  }

  // ---------------------------------------------------------------- exception entry

  /**
   * Take a synchronous exception to EL1 (Arm ARM D1.3 "Exception entry"): ESR/ELR/SPSR (and FAR
   * when given), PSTATE.{EL,SP} = EL1h, DAIF all masked, SS and IL cleared, PC to the vector.
   */
  protected takeEl1(esr: number, ret: number, far?: bigint): void {
    this.esrEl1 = BigInt(esr >>> 0);
    if (far !== undefined) this.farEl1 = far;
    this.enterEl1(0, ret);
  }

  /**
   * The part of exception entry to EL1 common to every kind: ELR/SPSR, EL1h, DAIF masked, PC to the
   * vector `kind` (0 synchronous, 0x80 IRQ, 0x100 FIQ, 0x180 SError) of the group the exception comes
   * from (current EL with SP_EL0, current EL with SP_ELx, lower EL using AArch64).
   */
  private enterEl1(kind: number, ret: number): void {
    const spsr = this.getPstate();
    const fromEl = this.el, fromSp = this.spsel;
    this.elrEl1 = this.pcBig(ret);
    this.spsrEl1 = BigInt(spsr >>> 0);
    const off = (fromEl === 0 ? 0x400 : fromSp ? 0x200 : 0) + kind;
    this.setMode(1, 1);
    this.daif = 0xf; this.ss = 0; this.il = 0;
    this.exAddr = -1;
    this.dbg.ssIsv = 0;
    this.setPcBig((this.vbarEl1 & ~0x7ffn) + BigInt(off));
    this.afterStateChange();
  }

  // ---------------------------------------------------------------- interrupts

  /** The inputs that are asserted and not masked by PSTATE.{A,I,F}. */
  protected deliverable(): number { return this.intLines & ~this.daif & 7; }

  /**
   * Take the highest-priority deliverable interrupt (the caller checked there is one) before the
   * instruction at PC, which becomes ELR_EL1. Among virtual interrupts QEMU takes vIRQ, then vFIQ,
   * then vSError (arm_cpu_exec_interrupt); the architecture leaves their order open.
   */
  protected takeInterrupt(): void {
    const p = this.deliverable();
    if (p & INT_VIRQ) this.enterEl1(0x80, this.pc);
    else if (p & INT_VFIQ) this.enterEl1(0x100, this.pc);
    else {
      this.intLines &= ~INT_VSERROR; // HCR_EL2.VSE is cleared when the virtual SError is taken
      this.esrEl1 = BigInt(((ESR_ELx_EC_SERROR << 26) | IL | (this.vsesr & 0x1ffffff)) >>> 0);
      this.enterEl1(0x180, this.pc);
    }
  }

  setInterruptLine(line: 'irq' | 'fiq', level: boolean): void {
    const bit = line === 'irq' ? INT_VIRQ : line === 'fiq' ? INT_VFIQ : 0;
    if (bit === 0) throw new RangeError(`setInterruptLine: unknown line ${String(line)}`);
    this.intLines = level ? this.intLines | bit : this.intLines & ~bit;
    if (this.deliverable() !== 0) this.stopReq = true;
  }

  injectVirtualSError(iss: number): void {
    if (!Number.isInteger(iss) || iss < 0 || iss > 0x1ffffff) throw new RangeError(`injectVirtualSError: ISS ${iss} is not 25 bits`);
    this.vsesr = iss;
    this.intLines |= INT_VSERROR;
    if (this.deliverable() !== 0) this.stopReq = true;
  }

  /** ISR_EL1: A (bit 8), I (bit 7), F (bit 6) pending. */
  pendingInterrupts(): number {
    const l = this.intLines;
    return ((l & INT_VSERROR) ? 0x100 : 0) | ((l & INT_VIRQ) ? 0x80 : 0) | ((l & INT_VFIQ) ? 0x40 : 0);
  }

  /** Stop `run()` with an exception to EL2: the syndrome, FAR_EL2 and the fault IPA when given. */
  protected trapEl2(esr: number, ret: number, far: bigint | null, ipa: bigint | null): void {
    this.el2.esr = BigInt(esr >>> 0);
    if (far !== null) this.el2.far = far;
    if (ipa !== null) this.el2.faultIpa = ipa;
    this.pc = ret;
    this.stopReq = true;
    this.stopReason = RunStop.TrapToEl2;
  }

  undef(): void {
    const word = this.wordAt(this.pc);
    const rec = { word, pc: this.pcBig(this.pc) };
    this.undefinedLog.push(rec);
    if (this.undefinedLog.length > 64) this.undefinedLog.shift();
    this.onUndefined?.(word, rec.pc);
    this.takeEl1((ESR_ELx_EC_UNKNOWN << 26) | IL, this.pc);
  }

  /** BRK, breakpoint, watchpoint and step exceptions go to EL2 under MDCR_EL2.TDE, else to EL1. */
  protected debugException(ecLow: number, iss: number, far: bigint | null): void {
    if (this.hyp.tde) this.trapEl2((ecLow << 26) | IL | iss, this.pc, far, null);
    else {
      const ec = ecLow === ESR_ELx_EC_BRK64 ? ecLow : this.el === 1 ? ecLow + 1 : ecLow;
      this.takeEl1((ec << 26) | IL | iss, this.pc, far ?? undefined);
    }
  }

  injectSyncException(esr: bigint, far?: bigint): void {
    this.takeEl1(Number(esr & 0xffffffffn), this.pc, far);
    this.esrEl1 = BigInt.asUintN(64, esr);
  }

  // ---------------------------------------------------------------- exception-generating instructions

  svc(imm: number): void {
    this.ssAdvance();
    this.takeEl1((ESR_ELx_EC_SVC64 << 26) | IL | imm, this.pc + 4);
  }

  hvc(imm: number): void {
    if (this.el === 0) { this.undef(); return; }
    this.ssAdvance();
    this.trapEl2((ESR_ELx_EC_HVC64 << 26) | IL | imm, this.pc + 4, null, null);
  }

  brk(imm: number): void {
    this.debugException(ESR_ELx_EC_BRK64, imm, null);
  }

  /** SVC/HVC complete before their exception: the step state machine advances first (D2.11). */
  private ssAdvance(): void {
    if ((this.dbg.mdscr & 1) !== 0 && this.ss === 1) { this.ss = 0; this.dbg.ssIsv = 1; this.dbg.ssEx = 0; }
  }

  /** ERET (Arm ARM C6.2.84, AArch64.ExceptionReturn). */
  eret(): void {
    if (this.el === 0) { this.undef(); return; }
    const spsr = Number(this.spsrEl1 & 0xffffffffn);
    const elr = this.elrEl1;
    const m = spsr & 0x1f;
    const srcEnabled = this.debugEnabledFrom(this.el, (this.daif & 8) !== 0);
    this.nf = (spsr >>> 31) & 1; this.zf = (spsr >>> 30) & 1; this.cf = (spsr >>> 29) & 1; this.vf = (spsr >>> 28) & 1;
    this.daif = (spsr >>> 6) & 0xf;
    if (m === 0 || m === 4 || m === 5) {
      this.setMode(m >>> 2, m & 1);
      this.il = (spsr >>> 20) & 1;
    } else {
      this.il = 1; // illegal exception return: EL and SP unchanged (D1.4.6)
    }
    const dstEnabled = this.debugEnabledFrom(this.el, (this.daif & 8) !== 0);
    this.ss = (this.dbg.mdscr & 1) !== 0 && !srcEnabled && dstEnabled ? (spsr >>> 21) & 1 : 0;
    this.setPcBig(elr);
    this.exAddr = -1;
    this.dbg.ssIsv = 0;
    this.dbg.eretDone = true;
    this.eventReg = 1;
    this.afterStateChange();
  }

  /** The illegal execution state exception, taken instead of the next instruction while PSTATE.IL is set. */
  protected illegalState(): void {
    this.takeEl1((ESR_ELx_EC_ILL << 26) | IL, this.pc);
  }

  // ---------------------------------------------------------------- debug state (Arm ARM D2; registers in debug-unit.ts)

  /** AArch64.GenerateDebugExceptionsFrom for an EL1/EL0 PE with EL2 present and no EL3. */
  protected debugEnabledFrom(el: number, d: boolean): boolean {
    return this.dbg.enabledFrom(el, d, this.hyp.tde);
  }

  /** After PSTATE or a debug register changed: recompute what the fast paths may skip, leave exec() if checks are due. */
  protected afterStateChange(): void {
    this.recomputeDebug();
    if (this.needsChecks() || this.deliverable() !== 0) this.stopReq = true;
  }

  protected recomputeDebug(): void {
    this.wpOn = this.dbg.recompute(this.el, (this.daif & 8) !== 0, this.hyp.tde);
  }

  /** The next instruction must run on the checked path (step, illegal state, a breakpoint on its page). */
  protected needsChecks(): boolean {
    const g = this.dbg;
    return g.stepActive || this.il !== 0 || ((g.mdscr & 1) !== 0 && this.ss === 1) ||
      (g.bpOn && g.pageHasBp(this.pc));
  }
}
