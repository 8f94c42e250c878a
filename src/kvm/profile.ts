/**
 * Kernel profiles: the arm64 KVM behaviours that differ between the kernels kvmdbg models, as data.
 * The rest of kvm/ is one code path that asks a profile a yes/no question where the kernels part ways.
 *
 * Ground truth: the conformance suite (conformance/, `npm run conformance`), which runs the same scenarios
 * on Debian's 5.10 and 6.1/6.12 kernels and on the model and compares kvm_run byte for byte (first recorded
 * on Debian 5.10.223 against 6.1.192, 6.12.117 and 7.2.13, which behaved identically), and the Linux
 * sources named per field.
 */

export type KernelProfileName = '5.10' | '6.1';

export interface KernelProfile {
  readonly name: KernelProfileName;
  /** One line for `--kernel` help and KvmSystem.kernelDescription. */
  readonly description: string;

  // ---- the hsr_high patch (18f3976fdb5d, v5.19) ----
  /** kvm_arch_vcpu_ioctl_run sets `run->flags = 0` after the immediate_exit check (arm.c). */
  readonly clearsFlagsOnRun: boolean;
  /**
   * kvm_handle_guest_debug writes debug.arch.hsr_high = ESR[63:32] and assigns
   * flags = KVM_DEBUG_ARCH_HSR_HIGH_VALID (handle_exit.c). Without it the 4 bytes after hsr keep
   * whatever an earlier exit or userspace left there.
   */
  readonly writesHsrHigh: boolean;

  // ---- later fixes the 6.1 kernels carry ----
  /**
   * "KVM: arm64: Populate fault info for watchpoint" (811154e234db): the hyp exit path records FAR_EL2
   * for watchpoint exits too, so debug.arch.far is the watched access. Without it vcpu->arch.fault.far_el2
   * is only refreshed by stage-2 aborts and a watchpoint exit reports the last one's address.
   */
  readonly watchpointFarFromFault: boolean;
  /**
   * "KVM: arm64: Preserve PSTATE.SS for the guest while single-step is enabled" (34fbdee086cf): the guest's
   * own PSTATE.SS is saved before entry and restored after exit. Without it a KVM_GET_ONE_REG of PSTATE
   * after a non-step exit shows the SS bit KVM forced (0x2003c5 instead of 0x3c5).
   */
  readonly preservesPstateSs: boolean;
  /**
   * "KVM: arm64: Clear PSTATE.SS when the Software Step state was Active-pending" (370531d1e95b): an exit
   * that left the step active-pending (PSTATE.SS = 0) is remembered (DBG_SS_ACTIVE_PENDING) and the next
   * entry does not re-arm PSTATE.SS, so no further instruction runs before the step exception.
   */
  readonly tracksStepActivePending: boolean;
  /**
   * kvm_incr_pc() only flags the increment; the hypervisor applies it (and any pending injected exception)
   * at guest entry, after kvm_arm_setup_debug has re-armed PSTATE.SS (5.11, "KVM: arm64: Move PC
   * rollback/increment to EL2"). The increment clears PSTATE.SS, so a step after an emulated instruction
   * (MMIO, trapped sysreg, HVC) is taken at once with ISV=0 (observation g4: 0xca000022). In 5.10
   * kvm_skip_instr() runs at once, setup re-arms SS afterwards and one more instruction executes (ISV=1).
   */
  readonly incrPcAtEntry: boolean;
  /** KVM_CAP_SET_GUEST_DEBUG2 answers KVM_GUESTDBG_VALID_MASK (0x30003); 0 before it existed. */
  readonly setGuestDebug2Cap: boolean;
  /** The guest's OS Lock is emulated (OSLAR_EL1 writes reach OSLSR_EL1.OSLK, 5.19 sys_regs.c/debug.c). */
  readonly emulatesOsLock: boolean;
  /** PSCI version KVM offers a vCPU with KVM_ARM_VCPU_PSCI_0_2 (KVM_ARM_PSCI_LATEST): 1.0 or 1.1. */
  readonly psciLatest: number;
  /** psci.c kvm_prepare_system_event sets system_event.ndata = 1 and data[0] = flags (5.18+). */
  readonly systemEventHasNdata: boolean;
  /**
   * The power state is vcpu->arch.mp_state with KVM_MP_STATE_SUSPENDED (5.19, "KVM: arm64: Track vCPU power
   * state using MP state values" and PSCI SYSTEM_SUSPEND): KVM_SET_MP_STATE accepts SUSPENDED. 5.10 keeps a
   * power_off flag and knows RUNNABLE and STOPPED only.
   */
  readonly mpStateSuspended: boolean;
  /**
   * PSCI CPU_ON and AFFINITY_INFO refuse a target with bits outside the MPIDR affinity fields
   * (kvm_psci_valid_affinity: INVALID_PARAMS, 6.1); 5.10 masks them off and looks the rest up
   * (conformance scenario psci-smp, step on.bits).
   */
  readonly psciValidatesAffinity: boolean;
  /** KVM_USER_MEM_SLOTS: slot ids must be below it (512 on 5.10 arm64, SHRT_MAX later). */
  readonly userMemSlots: number;

  // ---- the in-kernel GIC (vgic/; conformance scenarios vgic-v3*, rows "vgic") ----
  /**
   * A failed vGIC mapping at the first KVM_RUN kills the VM (kvm_vm_dead: every later ioctl EIO). In 5.10
   * kvm_vgic_map_resources() instead frees the distributor (__kvm_vgic_destroy: not initialised, no SPIs,
   * no redistributor regions) after the vCPU was already marked as run, so the next KVM_RUN enters the
   * guest and NR_IRQS reads 32 again.
   */
  readonly vgicMapFailureKillsVm: boolean;
  /** GICD_IIDR.Revision after vgic_init (KVM_VGIC_IMP_REV_LATEST): 2 on 5.10, 3 (GICR_CTLR.IR/CES) later. */
  readonly vgicImplementationRev: number;
  /** KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES before CTRL_INIT: ENXIO (6.1), 0 (5.10). */
  readonly vgicSavePendingNeedsInit: boolean;
  /** CPU_SYSREGS of a register KVM does not save: ENOENT (6.1, kvm_sys_reg_get_user), ENXIO (5.10). */
  readonly vgicUnknownSysregErrno: 'ENOENT' | 'ENXIO';
  /**
   * A redistributor region of either kind after a legacy (count 0) one: accepted for a counted region and
   * EEXIST for a second legacy one on 6.1; EINVAL for both on 5.10.
   */
  readonly vgicRegionAfterLegacy: 'accept' | 'einval';
  /**
   * A vGIC frame must end inside the IPA space too (6.1 vgic_check_iorange: E2BIG); 5.10's
   * vgic_check_ioaddr looked at the base only (conformance scenario vgic-v2-addr-end).
   */
  readonly vgicAddrChecksFrameEnd: boolean;
}

const KERNEL_5_10: KernelProfile = Object.freeze({
  name: '5.10',
  description: 'Linux 5.10 (Debian 5.10.223): before hsr_high; flags never written, stale watchpoint far',
  clearsFlagsOnRun: false,
  writesHsrHigh: false,
  watchpointFarFromFault: false,
  preservesPstateSs: false,
  tracksStepActivePending: false,
  incrPcAtEntry: false,
  setGuestDebug2Cap: false,
  emulatesOsLock: false,
  psciLatest: 0x10000,
  systemEventHasNdata: false,
  mpStateSuspended: false,
  psciValidatesAffinity: false,
  userMemSlots: 512,
  vgicMapFailureKillsVm: false,
  vgicImplementationRev: 2,
  vgicSavePendingNeedsInit: false,
  vgicUnknownSysregErrno: 'ENXIO',
  vgicRegionAfterLegacy: 'einval',
  vgicAddrChecksFrameEnd: false,
});

const KERNEL_6_1: KernelProfile = Object.freeze({
  name: '6.1',
  description: 'Linux 6.1 (Debian 6.1.192; 6.12 and 7.2 behave the same): hsr_high, flag, fixed far and step',
  clearsFlagsOnRun: true,
  writesHsrHigh: true,
  watchpointFarFromFault: true,
  preservesPstateSs: true,
  tracksStepActivePending: true,
  incrPcAtEntry: true,
  setGuestDebug2Cap: true,
  emulatesOsLock: true,
  psciLatest: 0x10001,
  systemEventHasNdata: true,
  mpStateSuspended: true,
  psciValidatesAffinity: true,
  userMemSlots: 32767,
  vgicMapFailureKillsVm: true,
  vgicImplementationRev: 3,
  vgicSavePendingNeedsInit: true,
  vgicUnknownSysregErrno: 'ENOENT',
  vgicRegionAfterLegacy: 'accept',
  vgicAddrChecksFrameEnd: true,
});

export const PROFILES: Readonly<Record<KernelProfileName, KernelProfile>> = Object.freeze({
  '5.10': KERNEL_5_10,
  '6.1': KERNEL_6_1,
});

/** The profile a front end uses when none is asked for. */
export const DEFAULT_KERNEL_PROFILE: KernelProfileName = '6.1';

/** Whether `name` is one of the profiles (an own key of PROFILES, never an Object.prototype name). */
export function isKernelProfileName(name: string): name is KernelProfileName {
  return Object.hasOwn(PROFILES, name);
}

/** Every profile with its one-line description (for `--kernel` help). */
export const KERNEL_PROFILES: readonly { name: KernelProfileName; description: string }[] = Object.freeze(
  Object.values(PROFILES).map((p) => Object.freeze({ name: p.name, description: p.description })),
);
