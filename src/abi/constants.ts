/**
 * Constants of the arm64 KVM UAPI, with the values of Linux's headers (include/uapi/linux/kvm.h,
 * arch/arm64/include/uapi/asm/kvm.h, include/uapi/linux/psci.h). The system test compares each one
 * with the real header macro.
 */

/** KVM_GET_API_VERSION's answer since 2.6.22. */
export const KVM_API_VERSION = 12;

// ---- kvm_run.exit_reason (linux/kvm.h; api.rst "kvm_run") ----
export const KVM_EXIT_UNKNOWN = 0;
export const KVM_EXIT_EXCEPTION = 1;
export const KVM_EXIT_IO = 2;
export const KVM_EXIT_HYPERCALL = 3;
export const KVM_EXIT_DEBUG = 4;
export const KVM_EXIT_HLT = 5;
export const KVM_EXIT_MMIO = 6;
export const KVM_EXIT_IRQ_WINDOW_OPEN = 7;
export const KVM_EXIT_SHUTDOWN = 8;
export const KVM_EXIT_FAIL_ENTRY = 9;
export const KVM_EXIT_INTR = 10;
export const KVM_EXIT_INTERNAL_ERROR = 17;
export const KVM_EXIT_SYSTEM_EVENT = 24;
export const KVM_EXIT_ARM_NISV = 28;

/**
 * kvmdbg's model kernel only, not Linux: KVM_RUN ended because the vCPU's instruction budget
 * (KVMDBG_CAP_INSN_BUDGET below) is used up. Far above Linux's exit reasons so the two never meet.
 */
export const KVMDBG_EXIT_INSN_BUDGET = 0x6b640001;

/** The exit reasons above by value, for messages. */
export const EXIT_REASON_NAMES: Readonly<Record<number, string>> = Object.freeze({
  [KVM_EXIT_UNKNOWN]: 'KVM_EXIT_UNKNOWN',
  [KVM_EXIT_EXCEPTION]: 'KVM_EXIT_EXCEPTION',
  [KVM_EXIT_IO]: 'KVM_EXIT_IO',
  [KVM_EXIT_HYPERCALL]: 'KVM_EXIT_HYPERCALL',
  [KVM_EXIT_DEBUG]: 'KVM_EXIT_DEBUG',
  [KVM_EXIT_HLT]: 'KVM_EXIT_HLT',
  [KVM_EXIT_MMIO]: 'KVM_EXIT_MMIO',
  [KVM_EXIT_IRQ_WINDOW_OPEN]: 'KVM_EXIT_IRQ_WINDOW_OPEN',
  [KVM_EXIT_SHUTDOWN]: 'KVM_EXIT_SHUTDOWN',
  [KVM_EXIT_FAIL_ENTRY]: 'KVM_EXIT_FAIL_ENTRY',
  [KVM_EXIT_INTR]: 'KVM_EXIT_INTR',
  [KVM_EXIT_INTERNAL_ERROR]: 'KVM_EXIT_INTERNAL_ERROR',
  [KVM_EXIT_SYSTEM_EVENT]: 'KVM_EXIT_SYSTEM_EVENT',
  [KVM_EXIT_ARM_NISV]: 'KVM_EXIT_ARM_NISV',
  [KVMDBG_EXIT_INSN_BUDGET]: 'KVMDBG_EXIT_INSN_BUDGET',
});

// ---- kvm_run.flags (api.rst "kvm_run", flags) ----
/**
 * arm64, KVM_EXIT_DEBUG: debug.arch.hsr_high holds ESR_EL2[63:32]. Added in 5.19 together with the
 * field; a kernel without it never sets this bit (and never clears flags), so userspace must test it.
 */
export const KVM_DEBUG_ARCH_HSR_HIGH_VALID = 1 << 0;

// ---- kvm_guest_debug.control (linux/kvm.h generic bits, asm/kvm.h arm64 bits) ----
export const KVM_GUESTDBG_ENABLE = 0x00000001;
export const KVM_GUESTDBG_SINGLESTEP = 0x00000002;
export const KVM_GUESTDBG_USE_SW_BP = 1 << 16;
export const KVM_GUESTDBG_USE_HW = 1 << 17;
/**
 * The control bits arm64 accepts (KVM_GUESTDBG_VALID_MASK in arch/arm64/kvm/guest.c, not a UAPI macro):
 * anything else makes KVM_SET_GUEST_DEBUG fail with EINVAL. KVM_CAP_SET_GUEST_DEBUG2 reports it.
 */
export const KVM_GUESTDBG_VALID_MASK =
  KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_USE_HW;

/** Number of entries in each dbg_* array of kvm_guest_debug_arch (the architectural maximum). */
export const KVM_ARM_MAX_DBG_REGS = 16;

// ---- capabilities (linux/kvm.h KVM_CAP_*) ----
export const KVM_CAP_USER_MEMORY = 3;
export const KVM_CAP_MP_STATE = 14;
export const KVM_CAP_SET_GUEST_DEBUG = 23;
export const KVM_CAP_ONE_REG = 70;
export const KVM_CAP_READONLY_MEM = 81;
export const KVM_CAP_ARM_PSCI = 87;
export const KVM_CAP_ARM_PSCI_0_2 = 102;
export const KVM_CAP_GUEST_DEBUG_HW_BPS = 119;
export const KVM_CAP_GUEST_DEBUG_HW_WPS = 120;
export const KVM_CAP_IMMEDIATE_EXIT = 136;
export const KVM_CAP_ARM_VM_IPA_SIZE = 165;
export const KVM_CAP_ARM_NISV_TO_USER = 177;
export const KVM_CAP_SET_GUEST_DEBUG2 = 195;
/**
 * kvmdbg's model kernel only, not Linux: an exact guest instruction budget per vCPU, for a VMM that must
 * stop a guest after exactly N instructions (Linux offers a VMM no exact count: the PMU's counters
 * overflow with skid). KVM_CHECK_EXTENSION answers 1 on the model and 0 (unknown) on Linux.
 *
 * Arm it with KVM_ENABLE_CAP on the vCPU fd: cap = KVMDBG_CAP_INSN_BUDGET, flags = 0, args[0] = N.
 * Once the vCPU has completed N more guest instructions (those the CPU retires, plus those KVM
 * completes by emulation such as an MMIO access; a debug exception or an abort that leaves the PC on
 * its instruction completes none), KVM_RUN returns 0 with exit_reason KVMDBG_EXIT_INSN_BUDGET before
 * the next instruction, and again on every KVM_RUN until the budget is armed anew. args[0] = 0
 * disarms it. EINVAL for flags other than 0, N above 2^53 - 1, or on a VM fd. Far above Linux's
 * capability numbers so the two never meet.
 */
export const KVMDBG_CAP_INSN_BUDGET = 0x6b640001;
/**
 * kvmdbg's model kernel only, not Linux: the vCPU's next KVM_RUN enters the guest as if it had not left
 * it, for a VMM re-executing a recorded run that stopped the guest where the recorded run did not. Every
 * guest entry is an ERET from EL2, which opens the guest's local exclusive monitor (Arm ARM,
 * AArch64.ExceptionReturn: ClearExclusiveLocal), so a stop between a load-exclusive and its
 * store-exclusive would make the store fail where the recorded run's succeeded; with this, the entry
 * leaves the monitor as the last exit left it, and the guest goes on exactly as recorded.
 *
 * KVM_ENABLE_CAP on the vCPU fd: cap = KVMDBG_CAP_SEAMLESS_ENTRY, flags = 0, args[0] = 1 for the next
 * KVM_RUN that enters the guest (used up by it), 0 to take it back. EINVAL otherwise.
 */
export const KVMDBG_CAP_SEAMLESS_ENTRY = 0x6b640002;
/**
 * kvmdbg's model kernel only, not Linux: an idle guest's time can pass in wall time. The model counts
 * time in instructions; when every vCPU of the VM sleeps in the kernel (a WFI or PSCI CPU_SUSPEND with
 * nothing pending, a SUSPENDED or a stopped vCPU) and a timer deadline lies ahead, the VM's count skips
 * to that deadline inside KVM_RUN (kvm/power.ts). A real host would sleep until its timer fired; a VMM
 * that wants the same (an interactive guest must not spin a host CPU on timer ticks, nor run its clock
 * ahead of the wall clock) enables this on each vCPU with KVM_ENABLE_CAP on the vCPU fd: cap =
 * KVMDBG_CAP_IDLE_EXIT, flags = 0, args[0] = 1 (0 turns it off).
 *
 * Then, where the count would skip, KVM_RUN returns -EINTR with exit_reason KVM_EXIT_INTR, as when a
 * signal ends the sleep, but the sleep is carried into the next KVM_RUN of that vCPU: a WFI has not
 * completed (the PC is still on it, the instruction not counted), and KVMDBG_REG_IDLE_UNTIL (abi/one-reg.ts)
 * reads the physical count of the deadline. The next KVM_RUN goes on sleeping where the last one
 * stopped: if nothing has changed, the count skips to the deadline and the run goes on exactly as without
 * the capability, instruction for instruction; if an interrupt became pending meanwhile (KVM_IRQ_LINE for
 * a device's input), the sleep ends there without the skip, as it would on a host whose timer had not
 * fired yet. So a VMM can wait in wall time for the deadline (KVMDBG_REG_IDLE_UNTIL minus
 * KVMDBG_REG_PHYS_COUNT, at the frequency below) or for input of its own, and a VMM that re-enters at
 * once gets the run it gets without the capability. KVM_SET_ONE_REG, KVM_ARM_VCPU_INIT and
 * KVM_SET_MP_STATE drop a carried sleep (a WFI still at the PC then executes again).
 *
 * KVM_CHECK_EXTENSION answers the counter's frequency in Hz (CNTFRQ_EL0, 62.5 MHz as on QEMU's virt),
 * 0 on Linux. EINVAL for flags other than 0, args[0] other than 0 or 1, or on a VM fd.
 */
export const KVMDBG_CAP_IDLE_EXIT = 0x6b640003;

// ---- kvm_userspace_memory_region.flags ----
export const KVM_MEM_LOG_DIRTY_PAGES = 1 << 0;
/** The slot is read-only for the guest: writes exit to userspace as KVM_EXIT_MMIO (api.rst 4.35). */
export const KVM_MEM_READONLY = 1 << 1;

// ---- kvm_run.system_event.type ----
export const KVM_SYSTEM_EVENT_SHUTDOWN = 1;
export const KVM_SYSTEM_EVENT_RESET = 2;
export const KVM_SYSTEM_EVENT_CRASH = 3;
export const KVM_SYSTEM_EVENT_WAKEUP = 4;
export const KVM_SYSTEM_EVENT_SUSPEND = 5;

// ---- kvm_mp_state.mp_state (linux/kvm.h; api.rst 4.38 KVM_GET_MP_STATE) ----
/** The vCPU runs. */
export const KVM_MP_STATE_RUNNABLE = 0;
/** x86 only: halted in the kernel until an interrupt (arm64 keeps a halted vCPU RUNNABLE). */
export const KVM_MP_STATE_HALTED = 3;
/** arm64: powered off (PSCI CPU_OFF, KVM_ARM_VCPU_POWER_OFF); KVM_RUN sleeps until PSCI CPU_ON. */
export const KVM_MP_STATE_STOPPED = 5;
/** arm64 (5.19+): suspended, waiting for a wakeup event (exits with KVM_SYSTEM_EVENT_WAKEUP). */
export const KVM_MP_STATE_SUSPENDED = 10;

// ---- kvm_vcpu_init (asm/kvm.h) ----
export const KVM_ARM_TARGET_CORTEX_A57 = 2;
export const KVM_ARM_TARGET_GENERIC_V8 = 5;
/** Feature bit numbers in kvm_vcpu_init.features[]. */
export const KVM_ARM_VCPU_POWER_OFF = 0;
export const KVM_ARM_VCPU_EL1_32BIT = 1;
export const KVM_ARM_VCPU_PSCI_0_2 = 2;
export const KVM_ARM_VCPU_PMU_V3 = 3;

// ---- PSCI function ids and return codes (linux/psci.h; SMC Calling Convention function ids) ----
export const PSCI_0_2_FN_BASE = 0x84000000;
/** Added to a 32-bit function id to get the SMC64 variant. */
export const PSCI_0_2_64BIT = 0x40000000;
export const PSCI_0_2_FN_PSCI_VERSION = 0x84000000;
export const PSCI_0_2_FN_CPU_SUSPEND = 0x84000001;
export const PSCI_0_2_FN_CPU_OFF = 0x84000002;
export const PSCI_0_2_FN_CPU_ON = 0x84000003;
export const PSCI_0_2_FN_AFFINITY_INFO = 0x84000004;
export const PSCI_0_2_FN_MIGRATE_INFO_TYPE = 0x84000006;
export const PSCI_0_2_FN_SYSTEM_OFF = 0x84000008;
export const PSCI_0_2_FN_SYSTEM_RESET = 0x84000009;
export const PSCI_0_2_FN64_CPU_SUSPEND = 0xc4000001;
export const PSCI_0_2_FN64_CPU_ON = 0xc4000003;
export const PSCI_0_2_FN64_AFFINITY_INFO = 0xc4000004;
export const PSCI_1_0_FN_PSCI_FEATURES = 0x8400000a;
export const PSCI_RET_SUCCESS = 0;
export const PSCI_RET_NOT_SUPPORTED = -1;
export const PSCI_RET_INVALID_PARAMS = -2;
export const PSCI_RET_DENIED = -3;
export const PSCI_RET_ALREADY_ON = -4;

/**
 * Every numeric constant above by its C macro name, so the header check can walk them all.
 * (Not listed: KVM_GUESTDBG_VALID_MASK, which is kernel-internal and is checked as the OR of the bits.)
 */
export const HEADER_CONSTANTS: Readonly<Record<string, number>> = Object.freeze({
  KVM_API_VERSION,
  KVM_EXIT_UNKNOWN, KVM_EXIT_EXCEPTION, KVM_EXIT_IO, KVM_EXIT_HYPERCALL, KVM_EXIT_DEBUG, KVM_EXIT_HLT,
  KVM_EXIT_MMIO, KVM_EXIT_IRQ_WINDOW_OPEN, KVM_EXIT_SHUTDOWN, KVM_EXIT_FAIL_ENTRY, KVM_EXIT_INTR,
  KVM_EXIT_INTERNAL_ERROR, KVM_EXIT_SYSTEM_EVENT, KVM_EXIT_ARM_NISV,
  KVM_DEBUG_ARCH_HSR_HIGH_VALID,
  KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP, KVM_GUESTDBG_USE_SW_BP, KVM_GUESTDBG_USE_HW,
  KVM_ARM_MAX_DBG_REGS,
  KVM_CAP_USER_MEMORY, KVM_CAP_MP_STATE, KVM_CAP_SET_GUEST_DEBUG, KVM_CAP_ONE_REG, KVM_CAP_READONLY_MEM, KVM_CAP_ARM_PSCI,
  KVM_CAP_ARM_PSCI_0_2, KVM_CAP_GUEST_DEBUG_HW_BPS, KVM_CAP_GUEST_DEBUG_HW_WPS, KVM_CAP_IMMEDIATE_EXIT, KVM_CAP_ARM_VM_IPA_SIZE,
  KVM_CAP_ARM_NISV_TO_USER, KVM_CAP_SET_GUEST_DEBUG2,
  KVM_MEM_LOG_DIRTY_PAGES, KVM_MEM_READONLY,
  KVM_SYSTEM_EVENT_SHUTDOWN, KVM_SYSTEM_EVENT_RESET, KVM_SYSTEM_EVENT_CRASH, KVM_SYSTEM_EVENT_WAKEUP,
  KVM_SYSTEM_EVENT_SUSPEND,
  KVM_MP_STATE_RUNNABLE, KVM_MP_STATE_HALTED, KVM_MP_STATE_STOPPED, KVM_MP_STATE_SUSPENDED,
  KVM_ARM_TARGET_CORTEX_A57, KVM_ARM_TARGET_GENERIC_V8,
  KVM_ARM_VCPU_POWER_OFF, KVM_ARM_VCPU_EL1_32BIT, KVM_ARM_VCPU_PSCI_0_2, KVM_ARM_VCPU_PMU_V3,
  PSCI_0_2_FN_BASE, PSCI_0_2_64BIT,
  PSCI_0_2_FN_PSCI_VERSION, PSCI_0_2_FN_CPU_SUSPEND, PSCI_0_2_FN_CPU_OFF, PSCI_0_2_FN_CPU_ON,
  PSCI_0_2_FN_AFFINITY_INFO, PSCI_0_2_FN_MIGRATE_INFO_TYPE, PSCI_0_2_FN_SYSTEM_OFF, PSCI_0_2_FN_SYSTEM_RESET,
  PSCI_0_2_FN64_CPU_SUSPEND, PSCI_0_2_FN64_CPU_ON, PSCI_0_2_FN64_AFFINITY_INFO, PSCI_1_0_FN_PSCI_FEATURES,
  PSCI_RET_SUCCESS, PSCI_RET_NOT_SUPPORTED, PSCI_RET_INVALID_PARAMS, PSCI_RET_DENIED, PSCI_RET_ALREADY_ON,
});
