/**
 * The kernel's per-vCPU state (struct kvm_vcpu and the parts of struct kvm_vcpu_arch kvmdbg models) and
 * the small helpers every exit handler uses: register access with XZR semantics (vcpu_get_reg), the PC
 * increment (kvm_incr_pc / kvm_skip_instr) and exception injection (inject_fault.c).
 *
 * The guest's architectural state lives in the GuestCpu itself (it plays the role of the saved vCPU
 * context); what is only the kernel's bookkeeping lives here.
 */
import type { Endian } from '../abi/backend.ts';
import { KVM_MP_STATE_RUNNABLE } from '../abi/constants.ts';
import type { GuestCpu } from '../cpu/api.ts';
import { ESR_ELx_EC_DABT_LOW, ESR_ELx_EC_IABT_CUR, ESR_ELx_EC_IABT_LOW, ESR_ELx_EC_UNKNOWN } from '../esr/ec.ts';
import {
  DBG_SPSR_SS, ESR_ELx_FSC_EXTABT, ESR_ELx_IL, PSR_BTYPE_MASK, PSR_MODE_EL0t, PSR_MODE_MASK, kvmVcpuTrapIlIs32bit,
} from './emulate.ts';
import { ArchTimerCpu } from './arch-timer-cpu.ts';
import { InsnBudget } from './insn-budget.ts';
import type { KernelProfile } from './profile.ts';
import type { SignalTimer } from './signal-timer.ts';
import type { Vgic } from './vgic/vgic.ts';

/** struct kvm_guest_debug_arch as the kernel keeps it: 16 values each. */
export interface DebugRegs {
  bcr: bigint[];
  bvr: bigint[];
  wcr: bigint[];
  wvr: bigint[];
}

export function newDebugRegs(): DebugRegs {
  const z = (): bigint[] => new Array<bigint>(16).fill(0n);
  return { bcr: z(), bvr: z(), wcr: z(), wvr: z() };
}

/** How a sleep carried from one KVM_RUN into the next completes (VcpuArch.carriedSleep). */
export type CarriedSleep = 'wfi' | 'suspend' | 'request';

/** What a vCPU needs from its VM (struct kvm). */
export interface VmContext {
  readonly profile: KernelProfile;
  readonly e: Endian;
  readonly timer: SignalTimer;
  /** KVM_CAP_ARM_NISV_TO_USER was enabled (KVM_ARCH_FLAG_RETURN_NISV_IO_ABORT_TO_USER). */
  readonly nisvToUser: boolean;
  /** IPA size of the VM in bits (40 for type 0). */
  readonly ipaBits: number;
  /** kvm->arch.psci_version as set through KVM_REG_ARM_PSCI_VERSION, 0 when never set. */
  psciVersion: number;
  /**
   * gfn_to_memslot(): the flags of the memory slot backing this guest physical address
   * (KVM_MEM_READONLY: not writable, gfn_to_hva_memslot_prot), or undefined outside every slot.
   */
  memslotFlags(ipa: bigint): number | undefined;
  /** kvm_write_guest(): copy into guest memory (inside memory slots); false if some byte is outside them. */
  writeGuest(ipa: bigint, bytes: Uint8Array): boolean;
  /**
   * Map the page holding `ipa` (inside a memory slot) at stage 2 for every vCPU: the VM's stage-2 tables
   * are shared (kvm_pgtable_stage2_map in user_mem_abort). A slot created or moved later starts unmapped.
   */
  mapStage2Page(ipa: bigint): void;
  /**
   * A stage-2 write permission fault at `ipa`: log the page if its slot logs dirty pages and make it
   * writable for every vCPU; false when `ipa` is in no writable slot (vm.ts).
   */
  writeFault(ipa: bigint): boolean;
  /** Every vCPU of the VM (kvm_for_each_vcpu). */
  vcpus(): readonly VcpuArch[];
  /** kvm->arch.vgic once KVM_CREATE_DEVICE made one (irqchip_in_kernel), else null. */
  readonly vgic: Vgic | null;
  /** kvm_vgic_map_resources() at a vCPU's first KVM_RUN: 0 or a positive errno (which kills the VM). */
  vgicMapResources(): number;
  /** kvm->vm_dead: every ioctl answers EIO. */
  readonly vmDead: boolean;
  /**
   * The VM's physical count (what kvm_phys_timer_read() gives): guest instructions of every vCPU plus
   * the time an idle VM skipped; arch-timer.ts keeps each vCPU's CPU in step with it.
   */
  counter: number;
}

/** PSCI CPU_ON's request for a stopped vCPU (struct vcpu_reset_state). */
export interface ResetState {
  pc: bigint;
  r0: bigint;
}

/** OSLSR_EL1.OSLM = 0b10 (OS Lock implemented), OSLK clear: KVM's reset value. */
export const OSLSR_EL1_OSLM_IMPLEMENTED = 0x8n;
export const OSLSR_EL1_OSLK = 0x2n;

export class VcpuArch {
  // ---- struct kvm_vcpu ----
  /** vcpu->guest_debug: the KVM_GUESTDBG_* control bits, 0 when userspace is not debugging. */
  guestDebug = 0;
  /** vcpu->mmio_needed: the last exit was KVM_EXIT_MMIO and KVM_RUN must complete it. */
  mmioNeeded = false;

  // ---- vcpu->arch.fault: the syndrome of the last exit ----
  /** ESR_EL2, 64 bits. */
  esr = 0n;
  /** ESR_EL2[31:0] as a number (every field KVM decodes is there). */
  esrLo = 0;
  /** fault.far_el2: refreshed only where the hyp exit path calls __populate_fault_info. */
  farEl2 = 0n;
  /** fault.hpfar_el2 with the page offset from FAR: the faulting IPA of a stage-2 abort. */
  faultIpa = 0n;

  // ---- debug (debug.c) ----
  /** The guest's view of its breakpoint/watchpoint registers (vcpu_debug_state). */
  readonly vcpuDebugState = newDebugRegs();
  /** Userspace's registers from KVM_SET_GUEST_DEBUG with USE_HW (external_debug_state). */
  externalDebugState = newDebugRegs();
  /** debug_ptr points at externalDebugState (else at vcpuDebugState). */
  debugPtrExternal = false;
  /** What the hardware breakpoint/watchpoint registers hold (the CPU's), as last loaded or saved. */
  readonly hwDebug = newDebugRegs();
  /** DEBUG_DIRTY: the world switch loads and saves the debug registers. */
  debugDirty = false;
  /** DBG_SS_ACTIVE_PENDING (6.1): the last exit left the software step active-pending. */
  ssActivePending = false;
  /** guest_debug_preserved: the guest's own MDSCR_EL1 and PSTATE.SS while KVM borrows them. */
  preservedMdscr = 0n;
  preservedPstateSs = false;
  /** The guest's OSLSR_EL1 (the OS Lock is the guest's, not the hardware's). */
  oslsr = OSLSR_EL1_OSLM_IMPLEMENTED;
  /** MDCCINT_EL1, which only exists as a trapped register. */
  mdccint = 0n;

  // ---- deferred adjustments applied at guest entry (5.11+: __kvm_adjust_pc) ----
  /** INCREMENT_PC. */
  pendingIncrPc = false;
  /** PENDING_EXCEPTION with its syndrome. */
  pendingException: { esr: bigint; far: bigint | undefined } | null = null;

  // ---- power state (power.ts, PSCI) ----
  /** vcpu->arch.mp_state: KVM_MP_STATE_RUNNABLE, _STOPPED or _SUSPENDED (5.10: power_off as STOPPED). */
  mpState: number = KVM_MP_STATE_RUNNABLE;
  /** KVM_REQ_SLEEP: a stopped vCPU sleeps before its next guest entry. */
  reqSleep = false;
  /** KVM_REQ_SUSPEND: a suspended vCPU waits for a wakeup before its next guest entry. */
  reqSuspend = false;
  /** A CPU_ON request waiting for this vCPU (KVM_REQ_VCPU_RESET with vcpu->arch.reset_state). */
  resetState: ResetState | null = null;
  /**
   * The vCPU's thread sleeps in kvm_vcpu_block() (a WFI or CPU_SUSPEND with nothing pending): set when
   * KVM_RUN gave the thread back for that reason (power.ts), cleared when the guest is entered again.
   * A VM whose vCPUs all sleep so (or are stopped) is idle and its clock skips to the next timer deadline.
   */
  blocked = false;
  /** KVMDBG_CAP_IDLE_EXIT is enabled: KVM_RUN returns where an idle VM's count would skip (power.ts). */
  idleExit = false;
  /**
   * A sleep the last KVM_RUN carried into the next (KVMDBG_CAP_IDLE_EXIT), and what completes it: 'wfi'
   * the trapped WFI (the PC steps over it once the sleep ends); 'suspend' nothing, PSCI CPU_SUSPEND's HVC
   * having completed; 'request' nothing either, a SUSPENDED vCPU's request waiting again. Null for none.
   */
  carriedSleep: CarriedSleep | null = null;
  /** The physical count the carried sleep waits for (KVMDBG_REG_IDLE_UNTIL); 0 with none. */
  idleUntil = 0;
  /** The next kvm_vcpu_block() may skip the count: the carried sleep is resumed by this KVM_RUN. */
  skipAllowed = false;

  /** vcpu_has_run_once(): KVM_RUN got past kvm_arch_vcpu_run_pid_change once. */
  hasRunOnce = false;
  /** This vCPU's index in the VM (vcpu->vcpu_idx, creation order). */
  vcpuIdx = 0;
  /** HCR_EL2.VI / VF as KVM_IRQ_LINE's CPU type sets them without an in-kernel GIC (vcpu_interrupt_line). */
  hcrVi = false;
  hcrVf = false;

  // ---- KVM_ARM_VCPU_INIT ----
  /** vcpu->arch.target, -1 before the first KVM_ARM_VCPU_INIT. */
  target = -1;
  /** vcpu->arch.features: bit numbers. */
  features = new Set<number>();
  /** kvm_regs.spsr[1..4] (abt, und, irq, fiq): AArch32 banks, kept for ONE_REG only. */
  readonly spsrAa32: bigint[] = [0n, 0n, 0n, 0n];

  /** vcpu->arch.steal.base: the stolen-time structure's IPA, all ones for none (pvtime.ts). */
  stealBase = 0xffffffffffffffffn;
  /** The timers' PPIs and whether kvm_timer_enable ran (arch-timer.ts). */
  readonly archTimer = new ArchTimerCpu();

  /** The model's instruction budget (KVMDBG_CAP_INSN_BUDGET). */
  readonly insnBudget = new InsnBudget();
  /** KVMDBG_CAP_SEAMLESS_ENTRY: the next KVM_RUN's first entry keeps the exclusive monitor. */
  seamlessEntry = false;

  constructor(
    readonly vm: VmContext,
    readonly vcpuId: number,
    readonly cpu: GuestCpu,
    readonly run: Uint8Array,
  ) {}

  get profile(): KernelProfile {
    return this.vm.profile;
  }

  get e(): Endian {
    return this.vm.e;
  }

  /** kvm_vcpu_initialized(). */
  get initialized(): boolean {
    return this.target !== -1;
  }

  /** MPIDR affinity as reset_mpidr() derives it from the vCPU id (Aff0 = id[3:0], Aff1 = id[11:4], Aff2 = id[19:12]). */
  get mpidrAff(): bigint {
    return BigInt((((this.vcpuId >> 12) & 0xff) << 16 | ((this.vcpuId >> 4) & 0xff) << 8 | (this.vcpuId & 0xf)) >>> 0);
  }

  /**
   * kvm_vcpu_get_mpidr_aff(): the affinity fields (MPIDR_HWID_BITMASK) of the vCPU's MPIDR_EL1, which
   * KVM_ARM_VCPU_INIT's reset sets (reset_mpidr) and KVM_SET_ONE_REG may change; 0 before the first init,
   * as the zeroed system registers read.
   */
  get mpidrAffInit(): bigint {
    return this.initialized ? this.cpu.hyp.vmpidr & 0xff00ffffffn : 0n;
  }

  /** kvm_vcpu_os_lock_enabled() (5.19+; before, the guest's OS Lock was RAZ/WI). */
  osLockEnabled(): boolean {
    return this.profile.emulatesOsLock && (this.oslsr & OSLSR_EL1_OSLK) !== 0n;
  }

  /** vcpu_get_reg(): register 31 reads as zero (XZR). */
  getReg(n: number): bigint {
    return n === 31 ? 0n : this.cpu.getX(n);
  }

  /** vcpu_set_reg(): writes to register 31 are discarded. */
  setReg(n: number, v: bigint): void {
    if (n !== 31) this.cpu.setX(n, BigInt.asUintN(64, v));
  }

  /**
   * kvm_incr_pc(): step over the emulated instruction. 5.10 does it at once (kvm_skip_instr); later
   * kernels flag it and the hypervisor applies it on the next guest entry or before KVM_RUN returns.
   */
  incrPc(): void {
    this.insnBudget.emulated();
    // the emulated instruction completes now: the clock counts it (the trap did not)
    this.cpu.setPhysicalCount(this.cpu.getSysReg('CNTPCT_EL0') + 1n);
    if (this.profile.incrPcAtEntry) this.pendingIncrPc = true;
    else this.skipInstr();
  }

  /** kvm_skip_instr(): PC += 4, BTYPE cleared, and the step state machine advanced (PSTATE.SS = 0). */
  skipInstr(): void {
    this.cpu.setPc(BigInt.asUintN(64, this.cpu.getPc() + 4n));
    this.cpu.setPstate(this.cpu.getPstate() & ~(PSR_BTYPE_MASK | DBG_SPSR_SS));
  }

  /** __kvm_adjust_pc(): apply a pending exception or PC increment. */
  adjustPc(): void {
    const ex = this.pendingException;
    if (ex) {
      this.pendingException = null;
      this.cpu.injectSyncException(ex.esr, ex.far);
    } else if (this.pendingIncrPc) {
      this.pendingIncrPc = false;
      this.skipInstr();
    }
  }

  /** kvm_pend_exception(): deferred to guest entry on 5.11+, taken at once on 5.10. */
  private pendException(esr: bigint, far?: bigint): void {
    this.insnBudget.exceptionInjected();
    // as an exception the CPU takes itself, the injected one is a step of the clock
    this.cpu.setPhysicalCount(this.cpu.getSysReg('CNTPCT_EL0') + 1n);
    if (this.profile.incrPcAtEntry) {
      this.pendingIncrPc = false;
      this.pendingException = { esr, far };
    } else {
      this.cpu.injectSyncException(esr, far);
    }
  }

  /** kvm_inject_undefined() (inject_undef64): an Unknown-reason exception to EL1. */
  injectUndefined(): void {
    let esr = ESR_ELx_EC_UNKNOWN << 26;
    if (kvmVcpuTrapIlIs32bit(this.esrLo)) esr |= ESR_ELx_IL;
    this.pendException(BigInt(esr >>> 0));
  }

  /** kvm_inject_dabt() / kvm_inject_pabt() (inject_abt64): a synchronous external abort at `addr`. */
  injectAbort(isIabt: boolean, addr: bigint): void {
    let esr = 0;
    if (kvmVcpuTrapIlIs32bit(this.esrLo)) esr |= ESR_ELx_IL;
    const fromEl0 = (this.cpu.getPstate() & PSR_MODE_MASK) === PSR_MODE_EL0t;
    esr |= (fromEl0 ? ESR_ELx_EC_IABT_LOW : ESR_ELx_EC_IABT_CUR) << 26;
    // ORing DABT_LOW turns IABT_LOW/IABT_CUR into DABT_LOW/DABT_CUR, as the kernel does.
    if (!isIabt) esr |= ESR_ELx_EC_DABT_LOW << 26;
    this.pendException(BigInt((esr | ESR_ELx_FSC_EXTABT) >>> 0), addr);
  }
}
