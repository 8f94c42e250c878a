/**
 * System registers as the guest reaches them: MRS/MSR (with the EL0 and hypervisor traps), MSR
 * (immediate), SYS (cache maintenance, address translation, TLB maintenance), WFI, WFE, CLREX (ISB
 * has nothing to do: sem/ops-sys.ts).
 * The encodings and identification values are in sysregs.ts, the debug registers in debug-unit.ts.
 */
import type { GicSysRegs } from './api.ts';
import { FpCpu } from './simd-fp.ts';
import { Timer } from './timer.ts';
import { fpsrOf, setFpsrOf, FPCR_MASK, FPSR_MASK } from './fp/state.ts';
import { IL } from './exceptions.ts';
import { DebugWrite } from './debug-unit.ts';
import * as bits from './bits.ts';
import * as sysregs from './sysregs.ts';
import { regNum } from './regs.ts';
import { X_SP_EL0, X_TPIDR_EL0, X_TPIDR_EL1, X_TPIDRRO_EL0 } from './regs.ts';
import { ESR_ELx_EC_SYS64, ESR_ELx_EC_WFx } from '../esr/ec.ts';
import { ESR_ELx_FSC_ALIGN } from '../esr/fsc.ts';

// Copied once: reading an imported binding can cost a getter call per access after transforms.
const { out, toBig, fromBig } = bits;
const { SR, sr, keyFields, ID_VALUES, CCSIDR, SCTLR_RESET, CNTFRQ, isTdaReg, isTdosaReg } = sysregs;

const DC_ZVA = sr(1, 3, 7, 4, 1);
/** IC IVAU, DC CVAC, DC CVAU, DC CIVAC: allowed at EL0 when SCTLR_EL1.UCI is set. */
const EL0_CACHE_OPS = [sr(1, 3, 7, 5, 1), sr(1, 3, 7, 10, 1), sr(1, 3, 7, 11, 1), sr(1, 3, 7, 14, 1)];

/** ICC_SRE_EL1: a GIC CPU interface that has it offers system-register access (a GICv3). */
const ICC_SRE_EL1 = sr(3, 0, 12, 12, 5);

const enum El0Access { Allowed, Trap, Undefined }
const trapUnless = (ok: boolean): El0Access => ok ? El0Access.Allowed : El0Access.Trap;

export abstract class SysCpu extends FpCpu {
  gicSysRegs: GicSysRegs | null = null;
  onTimerOutput: ((timer: 'virt' | 'phys', level: boolean) => void) | undefined = undefined;
  /** The virtual and the EL1 physical timer (timer.ts) and their outputs as last reported. */
  protected readonly vtimer = new Timer();
  protected readonly ptimer = new Timer();
  private vOut = false;
  private pOut = false;
  /** The EL0/EL1 system registers without a dedicated field, by packed encoding (sysregs.ts). */
  protected readonly sys = new Map<number, bigint>();

  constructor() {
    super();
    for (const k of [SR.ACTLR_EL1, SR.CPACR_EL1, SR.TTBR0_EL1, SR.TTBR1_EL1, SR.TCR_EL1,
      SR.AFSR0_EL1, SR.AFSR1_EL1, SR.PAR_EL1, SR.MAIR_EL1, SR.AMAIR_EL1,
      SR.CONTEXTIDR_EL1, SR.CNTKCTL_EL1,
      SR.CSSELR_EL1, SR.MDCCINT_EL1]) {
      this.sys.set(k, 0n);
    }
    this.sys.set(SR.SCTLR_EL1, SCTLR_RESET);
    this.updateSctlr();
  }

  protected contextId(): bigint { return this.sys.get(SR.CONTEXTIDR_EL1)!; }

  protected updateSctlr(): void {
    const s = this.sys.get(SR.SCTLR_EL1)!;
    this.sctlr = Number(s & 0xffffffffn) | 0;
    // M (bit 0) off: Device memory; A (bit 1): alignment checking of all accesses
    this.alignStrict = ((s & 1n) === 0n && this.strictDeviceAlignment) || (s & 2n) !== 0n;
    this.s1.on = (s & 1n) !== 0n;
    this.s1.wxn = (s & (1n << 19n)) !== 0n;
    this.tlbFlushAll();
  }

  // ---------------------------------------------------------------- MSR (immediate), MRS, MSR

  msrImm(f: number, crm: number): void {
    if (f === 0x1e || f === 0x1f) { // DAIFSet, DAIFClr (op1 = 3, op2 = 6/7)
      if (this.el === 0 && (this.sctlr & 0x200) === 0) { // SCTLR_EL1.UMA: the syndrome names MSR (immediate)
        const iss = (((f >> 3) & 7) << 14) | ((f & 7) << 17) | (4 << 10) | (31 << 5) | (crm << 1); // op0 0, op1, CRn 4, CRm = imm, op2
        this.takeEl1((ESR_ELx_EC_SYS64 << 26) | IL | iss, this.pc); return;
      }
      this.daif = f === 0x1e ? this.daif | crm : this.daif & ~crm;
    } else if (f === 0x05) { // SPSel
      if (this.el === 0) { this.undef(); return; }
      this.setMode(this.el, crm & 1);
    } else { this.undef(); return; } // PAN, UAO, SSBS, DIT...: not on Cortex-A57
    this.pc += 4;
    this.afterStateChange();
  }

  /** ISS of a trapped MSR/MRS/SYS (EC 0x18). */
  protected sysIss(key: number, rt: number, read: boolean): number {
    const f = keyFields(key);
    return (f.op0 << 20) | (f.op2 << 17) | (f.op1 << 14) | (f.crn << 10) | (rt << 5) | (f.crm << 1) | (read ? 1 : 0);
  }

  mrs(key: number, t: number): void { this.mrsMsr(key, true, t); }
  msr(key: number, t: number): void { this.mrsMsr(key, false, t); }

  private mrsMsr(key: number, read: boolean, t: number): void {
    const rt = regNum(t);
    if (this.el === 0) {
      const a = this.el0Access(key, read);
      if (a === El0Access.Trap) { this.takeEl1((ESR_ELx_EC_SYS64 << 26) | IL | this.sysIss(key, rt, read), this.pc); return; }
      if (a === El0Access.Undefined) { this.undef(); return; }
    }
    if (this.el === 1 && ((this.hyp.tda && isTdaReg(key)) || (this.hyp.tdosa && isTdosaReg(key)))) {
      this.trapEl2((ESR_ELx_EC_SYS64 << 26) | IL | this.sysIss(key, rt, read), this.pc, null, null);
      return;
    }
    if ((key === SR.FPCR || key === SR.FPSR) && this.fpTrapped()) { this.fpTrap(); return; }
    if (read && (key === SR.CNTPCT_EL0 || key === SR.CNTVCT_EL0) && this.readCounter(key === SR.CNTVCT_EL0 ? 1 : 0, t, this.curN)) { this.pc += 4; return; }
    const x = this.x;
    const gic = this.gicSysRegs;
    if (gic !== null && gic.isIccReg(key)) { // the GIC CPU interface answers without leaving the guest
      if (read) {
        const v = gic.readIcc(key);
        if (v === undefined) { this.undef(); return; }
        fromBig(v); x[t] = out[0]; x[t + 1] = out[1];
      } else if (!gic.writeIcc(key, toBig(x[t], x[t + 1]))) { this.undef(); return; }
      this.pc += 4;
      return;
    }
    if (read) {
      const v = this.readSys(key);
      if (v === undefined) { this.undef(); return; }
      fromBig(v); x[t] = out[0]; x[t + 1] = out[1];
    } else {
      if (!this.writeSys(key, toBig(x[t], x[t + 1]))) { this.undef(); return; }
    }
    this.pc += 4;
  }

  /**
   * An MRS/MSR at EL0: allowed, trapped to EL1 by an EL1 control (EC 0x18: SCTLR_EL1.UMA for DAIF, UCT for
   * CTR_EL0, CNTKCTL_EL1 for the counters and timers; AArch64.SystemRegisterTrap), or UNDEFINED (a
   * register EL0 never reaches, a write of a read-only one).
   */
  private el0Access(key: number, read: boolean): El0Access {
    const kctl = Number(this.sys.get(SR.CNTKCTL_EL1)!);
    switch (key) {
      case SR.NZCV: case SR.TPIDR_EL0: case SR.FPCR: case SR.FPSR: return El0Access.Allowed;
      case SR.TPIDRRO_EL0: case SR.DCZID_EL0: return read ? El0Access.Allowed : El0Access.Undefined;
      case SR.DAIF: return trapUnless((this.sctlr & 0x200) !== 0);
      case SR.CTR_EL0: return read ? trapUnless((this.sctlr & 0x8000) !== 0) : El0Access.Undefined;
      case SR.CNTFRQ_EL0: return read ? trapUnless((kctl & 3) !== 0) : El0Access.Undefined;
      case SR.CNTVCT_EL0: return read ? trapUnless((kctl & 2) !== 0) : El0Access.Undefined;
      case SR.CNTPCT_EL0: return read ? trapUnless((kctl & 1) !== 0) : El0Access.Undefined;
      case SR.CNTV_CTL_EL0: case SR.CNTV_CVAL_EL0: case SR.CNTV_TVAL_EL0: return trapUnless((kctl & 0x100) !== 0);
      case SR.CNTP_CTL_EL0: case SR.CNTP_CVAL_EL0: case SR.CNTP_TVAL_EL0: return trapUnless((kctl & 0x200) !== 0);
      default: return El0Access.Undefined;
    }
  }

  /**
   * MRS of CNTPCT_EL0 or CNTVCT_EL0 (`virt` 1) into the register at offset `t` in numbers, not BigInt,
   * `n` being curN at the instruction: firmware polls the counter in its delay loops (U-Boot read it
   * about 2 million times on its way to the prompt, and BigInt arithmetic and conversion took a
   * quarter of its CPU). The count is an exact number; so is CNTVOFF as KVM sets it (the counter when
   * the VM's first vCPU was made). False, for readSys's BigInt path, when the virtual count would wrap
   * below zero or CNTVOFF is no such number.
   */
  private readCounter(virt: number, t: number, n: number): boolean {
    let v = this.retired + n + this.idleTicks;
    if (virt !== 0) {
      const off = this.cntvoffN;
      if (off < 0 || v < off) return false;
      v -= off;
    }
    const h = Math.floor(v / 4294967296);
    this.x[t] = v - h * 4294967296; this.x[t + 1] = h;
    return true;
  }

  /** The op MRSC (sem/ops-sys.ts): a counter read inside straight-line code, at EL1 (EL0's may trap). */
  counterRead(virt: number, t: number, n: number): boolean {
    return this.el !== 0 && this.readCounter(virt, t, n);
  }

  /** CNTPCT: instructions retired (this one included) plus the counts WFI skipped. */
  private pcount(): bigint { return BigInt(this.physicalCount); }
  /** CNTVCT = CNTPCT - CNTVOFF_EL2. */
  private vcount(): bigint { return BigInt.asUintN(64, this.pcount() - this.hyp.cntvoff); }

  /**
   * Can the timers be compared with physical count `n` in numbers: CNTVOFF, the virtual count and both
   * CVALs exact doubles? What run() asks at every slice is then answered without BigInt arithmetic.
   */
  private timersInNumbers(n: number): boolean {
    const off = this.cntvoffN;
    return off >= 0 && n >= off && this.vtimer.cvalN >= 0 && this.ptimer.cvalN >= 0;
  }

  /** Report timer outputs that changed level since the last report (at the current count). */
  protected updateTimerOutputs(): void {
    const vt = this.vtimer, pt = this.ptimer;
    if (((vt.ctl | pt.ctl) & 1) === 0 && !this.vOut && !this.pOut) return; // both off
    const pc = this.physicalCount, exact = this.timersInNumbers(pc);
    const v = exact ? vt.outputN(pc - this.cntvoffN) : vt.output(this.vcount()), p = exact ? pt.outputN(pc) : pt.output(this.pcount());
    if (v !== this.vOut) { this.vOut = v; this.onTimerOutput?.('virt', v); }
    if (p !== this.pOut) { this.pOut = p; this.onTimerOutput?.('phys', p); }
  }

  get physicalCount(): number { return this.retired + this.curN + this.idleTicks; }

  /** Counts until the next timer output rises by time alone (Infinity: none). */
  ticksToTimerEvent(): number {
    const vt = this.vtimer, pt = this.ptimer;
    if (((vt.ctl | pt.ctl) & 1) === 0) return Infinity;
    const n = this.physicalCount;
    if (this.timersInNumbers(n)) return Math.min(vt.ticksN(n - this.cntvoffN), pt.ticksN(n));
    const vc = this.vcount(), pc = this.pcount();
    const dv = this.vtimer.deadline(vc), dp = this.ptimer.deadline(pc);
    const a = dv === null ? Infinity : Number(dv - vc);
    const b = dp === null ? Infinity : Number(dp - pc);
    return Math.min(a, b);
  }

  setPhysicalCount(count: bigint): void {
    const c = BigInt.asUintN(64, count);
    if (c >= 1n << 53n) throw new RangeError(`setPhysicalCount: ${c} is beyond the modelled count`);
    this.idleTicks = Number(c) - this.retired - this.curN;
    this.timerChanged();
  }

  waitForTimer(): boolean {
    const t = this.ticksToTimerEvent();
    if (t === Infinity) return false;
    this.idleTicks += t;
    this.updateTimerOutputs();
    return true;
  }

  /** A timer register changed: report the outputs now and let run() recompute its slice. */
  private timerChanged(): void {
    this.updateTimerOutputs();
    this.stopReq = true;
  }

  /** Value of a system register as MRS sees it, or undefined if reading it is UNDEFINED. */
  protected readSys(key: number): bigint | undefined {
    switch (key) {
      case SR.NZCV: return BigInt(((this.nf << 31) | (this.zf << 30) | (this.cf << 29) | (this.vf << 28)) >>> 0);
      case SR.DAIF: return BigInt(this.daif << 6);
      case SR.CURRENTEL: return BigInt(this.el << 2);
      case SR.SPSEL: return BigInt(this.spsel);
      case SR.SP_EL0: return this.spsel === 0 ? undefined : this.sreg(X_SP_EL0);
      case SR.TPIDR_EL1: return this.sreg(X_TPIDR_EL1);
      case SR.TPIDR_EL0: return this.sreg(X_TPIDR_EL0);
      case SR.TPIDRRO_EL0: return this.sreg(X_TPIDRRO_EL0);
      case SR.ESR_EL1: return this.esrEl1;
      case SR.ELR_EL1: return this.elrEl1;
      case SR.SPSR_EL1: return this.spsrEl1;
      case SR.FAR_EL1: return this.farEl1;
      case SR.VBAR_EL1: return this.vbarEl1;
      case SR.CNTFRQ_EL0: return CNTFRQ;
      case SR.CNTVCT_EL0: return this.vcount();
      case SR.CNTPCT_EL0: return this.pcount();
      case SR.CNTV_CTL_EL0: return this.vtimer.readCtl(this.vcount());
      case SR.CNTV_CVAL_EL0: return this.vtimer.cval;
      case SR.CNTV_TVAL_EL0: return this.vtimer.readTval(this.vcount());
      case SR.CNTP_CTL_EL0: return this.ptimer.readCtl(this.pcount());
      case SR.CNTP_CVAL_EL0: return this.ptimer.cval;
      case SR.CNTP_TVAL_EL0: return this.ptimer.readTval(this.pcount());
      case SR.CCSIDR_EL1: return CCSIDR[Number(this.sys.get(SR.CSSELR_EL1)! >> 1n) & 3] ?? 0n;
      case SR.FPCR: return BigInt(this.fpcr >>> 0);
      case SR.FPSR: return BigInt(fpsrOf(this) >>> 0);
      case SR.MPIDR_EL1: return this.hyp.vmpidr;
      // DZP (bit 4): DC ZVA is prohibited, at EL0 while SCTLR_EL1.DZE is clear
      case SR.DCZID_EL0: return ID_VALUES.get(key)! | (this.el === 0 && (this.sctlr & 0x4000) === 0 ? 0x10n : 0n);
      case SR.ISR_EL1: return BigInt(this.pendingInterrupts());
      case SR.ID_AA64PFR0_EL1: // GIC (bits 27:24) = 1: the GICv3 system-register interface is implemented
        return ID_VALUES.get(key)! | (this.gicSysRegs?.isIccReg(ICC_SRE_EL1) ? 1n << 24n : 0n);
      default: break;
    }
    const d = this.dbg.read(key);
    if (d !== null) return d;
    const id = ID_VALUES.get(key);
    if (id !== undefined) return this.hyp.idRegs?.get(key) ?? id;
    if (key >>> 14 === 3 && ((key >>> 11) & 7) === 0 && ((key >>> 7) & 15) === 0 && ((key >>> 3) & 15) >= 1)
      return 0n; // unallocated ID register space reads as zero (D24.2 "ID registers")
    return this.sys.get(key);
  }

  private sreg(o: number): bigint { return toBig(this.x[o], this.x[o + 1]); }
  private setSreg(o: number, v: bigint): void { fromBig(v); this.x[o] = out[0]; this.x[o + 1] = out[1]; }

  /** MSR; false if writing this register is UNDEFINED. */
  protected writeSys(key: number, v: bigint): boolean {
    switch (key) {
      case SR.NZCV: { const n = Number(v >> 28n) & 15; this.nf = n >> 3; this.zf = (n >> 2) & 1; this.cf = (n >> 1) & 1; this.vf = n & 1; return true; }
      case SR.DAIF: this.daif = Number(v >> 6n) & 15; this.afterStateChange(); return true;
      case SR.SPSEL: this.setMode(this.el, Number(v & 1n)); this.afterStateChange(); return true;
      case SR.SP_EL0: if (this.spsel === 0) return false; this.setSreg(X_SP_EL0, v); return true;
      case SR.TPIDR_EL1: this.setSreg(X_TPIDR_EL1, v); return true;
      case SR.TPIDR_EL0: this.setSreg(X_TPIDR_EL0, v); return true;
      case SR.TPIDRRO_EL0: this.setSreg(X_TPIDRRO_EL0, v); return true;
      case SR.ESR_EL1: this.esrEl1 = v; return true;
      case SR.ELR_EL1: this.elrEl1 = v; return true;
      case SR.SPSR_EL1: this.spsrEl1 = v; return true;
      case SR.FAR_EL1: this.farEl1 = v; return true;
      case SR.VBAR_EL1: this.vbarEl1 = v; return true;
      case SR.SCTLR_EL1: this.sys.set(key, v); this.updateSctlr(); return true;
      case SR.CPACR_EL1: this.sys.set(key, v); this.fpen = Number((v >> 20n) & 3n); return true;
      // the registers of stage-1 translation: what the TLB holds was found with the old values; a TTBR
      // write changes the tables and maybe the ASID, and TLB entries stay tagged with theirs (mmu.ts)
      case SR.TCR_EL1: this.sys.set(key, v); this.s1.setTcr(v); this.tlbFlushAll(); return true;
      case SR.TTBR0_EL1: this.sys.set(key, v); this.s1.setTtbr0(v); this.dropWindows(); return true;
      case SR.TTBR1_EL1: this.sys.set(key, v); this.s1.setTtbr1(v); this.dropWindows(); return true;
      case SR.MAIR_EL1: this.sys.set(key, v); this.s1.setMair(v); this.tlbFlushAll(); return true;
      case SR.FPCR: this.fpcr = Number(v & BigInt(FPCR_MASK)); return true;
      case SR.FPSR: setFpsrOf(this, Number(v & BigInt(FPSR_MASK))); return true;
      case SR.CONTEXTIDR_EL1: this.sys.set(key, v & 0xffffffffn); this.afterStateChange(); return true;
      case SR.CNTV_CTL_EL0: this.vtimer.ctl = Number(v & 3n); this.timerChanged(); return true;
      case SR.CNTV_CVAL_EL0: this.vtimer.cval = v; this.timerChanged(); return true;
      case SR.CNTV_TVAL_EL0: this.vtimer.writeTval(this.vcount(), v); this.timerChanged(); return true;
      case SR.CNTP_CTL_EL0: this.ptimer.ctl = Number(v & 3n); this.timerChanged(); return true;
      case SR.CNTP_CVAL_EL0: this.ptimer.cval = v; this.timerChanged(); return true;
      case SR.CNTP_TVAL_EL0: this.ptimer.writeTval(this.pcount(), v); this.timerChanged(); return true;
      case SR.CURRENTEL: case SR.CNTFRQ_EL0: case SR.CNTVCT_EL0: case SR.CNTPCT_EL0:
      case SR.CCSIDR_EL1: case SR.ISR_EL1: case SR.CTR_EL0: case SR.DCZID_EL0:
        return false;
      default: break;
    }
    const dw = this.dbg.write(key, v);
    if (dw !== DebugWrite.NotMine) {
      if (dw === DebugWrite.Undefined) return false;
      if (dw === DebugWrite.WatchChanged) this.markWatchedPages();
      if (dw !== DebugWrite.Stored) this.afterStateChange();
      return true;
    }
    if (ID_VALUES.has(key)) return false;
    if (!this.sys.has(key)) return false;
    this.sys.set(key, v);
    return true;
  }

  // ---------------------------------------------------------------- SYS, WFI, WFE, CLREX

  /** SYS: data/instruction cache maintenance, address translation, TLB maintenance. */
  sysInsn(key: number, t: number): void {
    const x = this.x;
    const f = keyFields(key);
    if (this.el === 0) {
      const allowed = key === DC_ZVA ? (this.sctlr & 0x4000) !== 0 // SCTLR_EL1.DZE
        : EL0_CACHE_OPS.includes(key) ? (this.sctlr & 0x4000000) !== 0 : false; // SCTLR_EL1.UCI
      if (!allowed) {
        if (key === DC_ZVA || EL0_CACHE_OPS.includes(key)) this.takeEl1((ESR_ELx_EC_SYS64 << 26) | IL | this.sysIss(key, regNum(t), false), this.pc);
        else this.undef();
        return;
      }
    }
    if (key === DC_ZVA) {
      // DC ZVA to any type of Device memory (all data accesses with the MMU off) is an Alignment
      // fault whatever the address (Arm ARM C5.3.28); FAR is the address given in Xt.
      if ((this.sctlr & 1) === 0 && this.strictDeviceAlignment) {
        this.dataAbortEl1(ESR_ELx_FSC_ALIGN, true, toBig(x[t], x[t + 1]));
        return;
      }
      if (!this.zeroBlock(t)) return;
    } else if (f.crn === 7 && f.crm === 8 && f.op1 === 0 && f.op2 <= 3) {
      // AT S1E1R, S1E1W, S1E0R, S1E0W
      const par = this.addressTranslate(x[t], x[t + 1], (f.op2 & 1) !== 0, f.op2 >= 2);
      if (par === undefined) return;
      this.sys.set(SR.PAR_EL1, par);
    } else if (f.crn === 7 && (f.op1 === 0 || f.op1 === 3)) {
      // cache maintenance: no caches are modelled; DC IVAC, CVAC, CVAU, CIVAC and IC IVAU translate their
      // address (AArch64.DC, AArch64.IC: a fault is a Data Abort with CM = 1)
      if (f.op2 === 1 && (f.op1 === 0 ? f.crm === 6 : f.crm === 5 || f.crm === 10 || f.crm === 11 || f.crm === 14) && !this.cacheOpVa(x[t], x[t + 1])) return;
    } else if (f.crn === 8 && f.op1 === 0 && (f.crm === 3 || f.crm === 7)) {
      // TLBI VMALLE1, VAE1, ASIDE1, VAAE1, VALE1, VAALE1 (CRm 7) and their Inner Shareable forms (CRm 3),
      // which reach every CPU of the domain (all forms do under HCR_EL2.FB)
      const bcast = f.crm === 3 || this.hyp.fb === true;
      if (f.op2 === 1 || f.op2 === 3 || f.op2 === 5 || f.op2 === 7) {
        // Xt[43:0] is VA[55:12]; the VA is sign-extended from bit 55
        const page = (x[t + 1] & 0xfff) * 4294967296 + (x[t] >>> 0);
        this.tlbi((page >= 2 ** 43 ? page - 2 ** 44 : page) * 4096, bcast);
      } else if (f.op2 === 0 || f.op2 === 2) this.tlbi(null, bcast);
      else { this.undef(); return; }
    } else if (f.crn === 8 && f.op1 === 0) {
      // other TLBI encodings at EL1 (range and outer shareable forms are not in ARMv8.0)
      this.undef(); return;
    } else { this.undef(); return; }
    this.pc += 4;
  }

  wfi(): void {
    if (this.el === 0 && (this.sctlr & 0x10000) === 0) { // SCTLR_EL1.nTWI
      this.takeEl1((ESR_ELx_EC_WFx << 26) | IL | (1 << 24) | (0xe << 20), this.pc); return;
    }
    if (this.hyp.twi) { this.trapEl2((ESR_ELx_EC_WFx << 26) | IL | (1 << 24) | (0xe << 20), this.pc, null, null); return; }
    // An asserted input (masked or not) completes the WFI at once; else wait for the next timer event
    // (the counters jump to it); with none, complete at once (a spurious wake-up is allowed).
    if (this.intLines === 0) this.waitForTimer();
    this.pc += 4;
  }

  /**
   * WFE, SEV, SEVL (Arm ARM C6.2 WFE; D1.6 "Wait for Event"). SEV and SEVL set the Event Register (SEV's
   * event to the other PEs is not modelled). WFE with the register set clears it and completes; with it
   * clear, at EL0 with SCTLR_EL1.nTWE = 0 it traps to EL1 (EC 0x01, CV 1, COND 0xE, TI 1), else it would
   * wait for an event: it completes at once, a spurious wake-up being allowed (KVM does not trap WFE of
   * a vCPU alone on its host CPU: HCR_EL2.TWE clear).
   */
  wfe(hint: number): void {
    if (hint !== 2) { this.eventReg = 1; this.pc += 4; return; }
    if (this.eventReg !== 0) { this.eventReg = 0; this.pc += 4; return; }
    if (this.el === 0 && (this.sctlr & 0x40000) === 0) { // SCTLR_EL1.nTWE
      this.takeEl1((ESR_ELx_EC_WFx << 26) | IL | (1 << 24) | (0xe << 20) | 1, this.pc); return;
    }
    this.pc += 4;
  }

  clrex(): void { this.exAddr = -1; this.pc += 4; }
}
