/**
 * The contract between the guest CPU (`cpu/`) and the kernel model (`kvm/`).
 *
 * The CPU models an AArch64 core running at EL1/EL0 under a hypervisor: everything the architecture
 * would route to EL2 (HVC, stage-2 aborts on addresses that are not RAM or not yet mapped at stage 2, debug exceptions while
 * MDCR_EL2.TDE is set, trapped system-register accesses, trapped WFx) stops `run()` with the EL2
 * syndrome filled in, exactly as the hardware would present it to the hypervisor in ESR_EL2, FAR_EL2
 * and HPFAR_EL2. The CPU knows nothing of KVM: `kvm/` reads these values and decides what to do.
 *
 * Public values that can exceed 53 bits are `bigint`; the hot paths inside the CPU never allocate one.
 */

/** Why `run()` returned. */
export const enum RunStop {
  /** The instruction budget given to `run()` is used up; nothing else happened. */
  Budget = 0,
  /** An exception was taken to EL2: see `el2`. PC is the preferred return address. */
  TrapToEl2 = 1,
}

/** What the hardware reports to EL2 when it takes an exception there. */
export interface El2Syndrome {
  /** ESR_EL2, all 64 bits (ISS2 in 55:32). */
  esr: bigint;
  /** FAR_EL2: the faulting virtual address (data aborts, watchpoints). UNKNOWN otherwise: kept as last written. */
  far: bigint;
  /** The faulting intermediate physical address for a stage-2 abort (HPFAR_EL2 with the page offset restored). */
  faultIpa: bigint;
}

/**
 * Hypervisor controls the kernel model sets before entering the guest, named after the EL2 register
 * bits they stand for.
 */
export interface HypControls {
  /** MDCR_EL2.TDE: debug exceptions (breakpoint, watchpoint, software step, BRK) from EL1/EL0 go to EL2. */
  tde: boolean;
  /** MDCR_EL2.TDA: guest MRS/MSR of the debug registers (DBG*, MDSCR_EL1) trap to EL2 (EC 0x18). */
  tda: boolean;
  /** MDCR_EL2.TDOSA: guest accesses to OSLAR/OSLSR/OSDLR trap to EL2 (EC 0x18). */
  tdosa: boolean;
  /** HCR_EL2.TWI: WFI traps to EL2 (EC 0x01). */
  twi: boolean;
  /**
   * HCR_EL2.FB: TLB maintenance at EL1 is broadcast in the Inner Shareable domain (`shareTlbsWith`)
   * whatever its form, as KVM runs its guests (HCR_GUEST_FLAGS). Absent: only the IS forms are.
   */
  fb?: boolean;
  /** VMPIDR_EL2: what MPIDR_EL1 reads at EL1 (the hypervisor loads the vCPU's MPIDR_EL1 here). */
  vmpidr: bigint;
  /** CNTVOFF_EL2: CNTVCT_EL0 = CNTPCT_EL0 - cntvoff (the virtual timer compares with CNTVCT). */
  cntvoff: bigint;
  /**
   * HCR_EL2.TID3 as a table: the value the hypervisor answers for a trapped read of an ID register (keyed
   * by op0:op1:CRn:CRm:op2), given up front so the read needs no trap. ID registers not in it read as the
   * CPU's own.
   */
  idRegs?: ReadonlyMap<number, bigint>;
}

/** System registers the kernel model reads and writes by name (the ONE_REG and debug paths). */
export type SysRegName =
  | 'SP_EL0' | 'SP_EL1' | 'ELR_EL1' | 'SPSR_EL1' | 'ESR_EL1' | 'FAR_EL1' | 'VBAR_EL1' | 'SCTLR_EL1'
  | 'CNTKCTL_EL1' | 'CNTV_CTL_EL0' | 'CNTV_CVAL_EL0' | 'CNTP_CTL_EL0' | 'CNTP_CVAL_EL0' | 'CNTVCT_EL0' | 'CNTPCT_EL0'
  | 'MDSCR_EL1' | 'OSLSR_EL1' | 'OSDLR_EL1' | 'CONTEXTIDR_EL1' | 'TPIDR_EL1' | 'TPIDR_EL0' | 'FPSR' | 'FPCR'
  | 'ACTLR_EL1' | 'CPACR_EL1' | 'TTBR0_EL1' | 'TTBR1_EL1' | 'TCR_EL1' | 'AFSR0_EL1' | 'AFSR1_EL1' | 'PAR_EL1'
  | 'MAIR_EL1' | 'AMAIR_EL1' | 'CSSELR_EL1' | 'TPIDRRO_EL0'
  | `DBGBCR${number}_EL1` | `DBGBVR${number}_EL1` | `DBGWCR${number}_EL1` | `DBGWVR${number}_EL1`;

/**
 * The GIC CPU interface system registers (ICC_*) as a GICv3's CPU interface serves them. Keys are the
 * packed encodings op0:op1:CRn:CRm:op2 (bits 15:0 of ARM64_SYS_REG, as in sysregs.ts). The kernel
 * model's vGIC CPU interface (kvm/vgic/vgic-cpu-if.ts `GicCpuInterface`) has this shape.
 */
export interface GicSysRegs {
  /** Is this encoding a register of the CPU interface? Others stay the CPU's. */
  isIccReg(key: number): boolean;
  /** MRS: the value, or undefined when the access is UNDEFINED. */
  readIcc(key: number): bigint | undefined;
  /** MSR: false when the access is UNDEFINED. */
  writeIcc(key: number, value: bigint): boolean;
}

/** How `mapRam` maps a region. */
export interface MapRamOptions {
  /**
   * Stage 2 maps the region's pages on demand, as Linux does with a memory slot: until `stage2Map`
   * covers a page, a data access there is a Data Abort to EL2 and a fetch an Instruction Abort
   * (stage-2 translation fault, level 3; FAR/faultIpa = the address; the instruction does not execute).
   */
  lazy?: boolean;
  /**
   * Stage 2 maps the region without write permission (a KVM_MEM_READONLY slot): loads and fetches read
   * it, a store takes a stage-2 permission fault to EL2 (Data Abort, FSC permission level 3, WnR = 1,
   * the syndrome as for any stage-2 abort; nothing is written).
   */
  readOnly?: boolean;
}

export interface GuestCpu {
  /**
   * Map guest RAM at a guest physical address (a KVM memory slot). Accesses elsewhere abort to EL2.
   * Without `lazy`, every page is mapped at stage 2 from the start.
   */
  mapRam(base: bigint, bytes: Uint8Array, options?: MapRamOptions): void;
  unmapRam(base: bigint): void;
  /** Map the RAM pages overlapping [ipa, ipa+len) at stage 2 (what the hypervisor does on a translation fault). */
  stage2Map(ipa: bigint, len: number): void;
  /**
   * Give or take away stage-2 write permission on the RAM pages overlapping [ipa, ipa+len) (what the
   * hypervisor does to log dirty pages): a store to a page without it takes a stage-2 permission fault to
   * EL2 (as on a read-only region, whose pages never become writable). Pages start writable.
   */
  stage2SetWritable(ipa: bigint, len: number, writable: boolean): void;
  /**
   * Put this CPU in the Inner Shareable domain of `other` (the vCPUs of one VM): a TLB maintenance
   * instruction of an Inner Shareable form (TLBI ...IS), or any form under HCR_EL2.FB, run by one of
   * them invalidates the TLBs of all. Throws a RangeError for a CPU of another implementation.
   */
  shareTlbsWith(other: GuestCpu): void;

  /** Execute at most `maxInsns` instructions. */
  run(maxInsns: number): RunStop;
  /**
   * An exception return into this CPU from a higher EL (a hypervisor's ERET to its guest): the local
   * exclusive monitor goes to the Open Access state, as AArch64.ExceptionReturn() has it
   * (ClearExclusiveLocal), so a store-exclusive after it fails unless a load-exclusive comes first.
   */
  exceptionReturnFromEl2(): void;
  /** Instructions retired since creation. */
  readonly retired: number;
  /**
   * Set the physical count (CNTPCT_EL0) as a hypervisor restoring a saved vCPU does: from here it goes on
   * advancing with retired instructions and WFI waits; the timers' outputs are reported at once.
   */
  setPhysicalCount(count: bigint): void;
  /** Valid after `run()` returned `TrapToEl2`. */
  readonly el2: El2Syndrome;
  /** Set by the hypervisor before entry. */
  readonly hyp: HypControls;

  getX(n: number): bigint;            // n = 0..30
  setX(n: number, v: bigint): void;
  getSp(): bigint;                    // the SP selected by PSTATE
  setSp(v: bigint): void;
  getPc(): bigint;
  setPc(v: bigint): void;
  /** PSTATE in SPSR format (NZCV 31:28, SS 21, IL 20, D/A/I/F 9:6, M 4:0). */
  getPstate(): number;
  setPstate(v: number): void;
  getSysReg(name: SysRegName): bigint;
  setSysReg(name: SysRegName, v: bigint): void;
  /** SIMD&FP register Vn (n = 0..31), all 128 bits (bits 63:0 are Dn). */
  getVReg(n: number): bigint;
  setVReg(n: number, v: bigint): void;

  /**
   * Take a synchronous exception to EL1 as the hardware would (ESR_EL1, FAR_EL1 when `far` is given,
   * ELR_EL1 = current PC, SPSR_EL1 = PSTATE, PSTATE masked, PC = VBAR_EL1 + vector offset).
   * The kernel model uses it to inject exceptions (an UNDEF for an unhandled trap, a re-delivered BRK).
   */
  injectSyncException(esr: bigint, far?: bigint): void;

  /**
   * The virtual IRQ and FIQ inputs (Arm ARM D1.3.4, "Virtual interrupts"): what HCR_EL2.VI/VF or the GIC
   * virtual CPU interface assert while the hypervisor routes physical interrupts to EL2 (HCR_EL2.IMO/FMO
   * set, as KVM always does). Level-sensitive: an input stays asserted until it is set false. While it is
   * asserted and PSTATE.I (IRQ) or PSTATE.F (FIQ) is clear, the CPU takes the interrupt to EL1 before the
   * next instruction (VBAR_EL1 + 0x80 / 0x100 from the current-EL or lower-EL group, ELR_EL1 = the
   * instruction not executed, SPSR_EL1 = PSTATE, DAIF all set); the entry counts as one in `retired`.
   * May be called during `run()` (from a `gicSysRegs` write), the CPU then stops straight-line code.
   */
  setInterruptLine(line: 'irq' | 'fiq', level: boolean): void;
  /**
   * Make a virtual SError pending (HCR_EL2.VSE with VSESR_EL2 = `esr`'s ISS): taken to EL1 at +0x180
   * when PSTATE.A is clear, with ESR_EL1 = EC 0x2F | IL | ISS, after which it is no longer pending.
   */
  injectVirtualSError(iss: number): void;
  /** Which of vIRQ, vFIQ, vSError are pending (ISR_EL1 layout: A bit 8, I bit 7, F bit 6). */
  pendingInterrupts(): number;
  /**
   * The GIC CPU interface the ICC_* registers go to (a GICv3 with system-register access); null: they
   * are UNDEFINED. With one attached, ID_AA64PFR0_EL1.GIC reads 1 as on QEMU's virt with a GICv3.
   */
  gicSysRegs: GicSysRegs | null;

  /**
   * The generic timers' interrupt outputs (timer.ts): called whenever the virtual or the EL1 physical
   * timer's output (ENABLE && ISTATUS && !IMASK) changes level, at the exact instruction count where it
   * does (the physical count is instructions retired plus the time skipped by `waitForTimer`). The
   * kernel model feeds them to the GIC as PPIs (27 and 30 by default). May be called during `run()`.
   */
  onTimerOutput: ((timer: 'virt' | 'phys', level: boolean) => void) | undefined;
  /**
   * Wait as a WFI does for the next timer event: if an enabled, unmasked timer will fire, advance the
   * counters to its CVAL without executing (the output rises, `onTimerOutput` is called) and return
   * true; false when no timer can fire. A WFI the CPU completes itself (HCR_EL2.TWI clear) with no
   * interrupt input asserted does this; a hypervisor that traps WFI calls it to halt deterministically.
   */
  waitForTimer(): boolean;
  /**
   * The physical count (CNTPCT_EL0) between runs, as a number: instructions retired plus the time skipped
   * by WFI or set by `setPhysicalCount`. The counter is the system's, one for every PE: a hypervisor
   * running several vCPUs on one clock loads its count (`setPhysicalCount`) before each entry and reads it
   * back here after.
   */
  readonly physicalCount: number;
  /**
   * Counts from the present physical count until an enabled, unmasked timer's output rises by the passing
   * of time alone (its CVAL is ahead); Infinity when no timer will.
   */
  ticksToTimerEvent(): number;

  /** Tell the CPU that guest memory in [addr, addr+len) was written from outside (predecode invalidation). */
  invalidateCode(addr: bigint, len: number): void;

  /**
   * Optional observer of every instruction that raises the UNDEFINED exception in the guest (not
   * implemented by this CPU, or architecturally UNDEFINED): its encoding and address.
   */
  onUndefined?: ((word: number, pc: bigint) => void) | undefined;
}
