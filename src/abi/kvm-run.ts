/**
 * Absolute offsets of the kvm_run fields the kernel model and the VMM touch on every exit, computed once
 * from the KVM_RUN descriptor (never retyped), so hot paths can use readU32(run, RUN_OFF.exitReason, e)
 * without a path lookup. Sizes: see the comments; the layout is in kvm-structs.ts.
 */
import { fieldInfo } from './layout.ts';
import { KVM_RUN } from './kvm-structs.ts';

/** The kvm_run path of each RUN_OFF entry (C member designators, usable in offsetof). */
export const RUN_FIELDS = Object.freeze({
  /** __u8, in */
  requestInterruptWindow: 'request_interrupt_window',
  /** __u8, in: return EINTR before entering the guest */
  immediateExit: 'immediate_exit',
  /** __u32 */
  exitReason: 'exit_reason',
  /** __u16: KVM_DEBUG_ARCH_HSR_HIGH_VALID on arm64 debug exits (5.19+) */
  flags: 'flags',
  /** __u32 ESR_EL2[31:0] */
  debugArchHsr: 'debug.arch.hsr',
  /** __u32 ESR_EL2[63:32], only with KVM_DEBUG_ARCH_HSR_HIGH_VALID; the padding hole before 5.19 */
  debugArchHsrHigh: 'debug.arch.hsr_high',
  /** __u64, watchpoint exits */
  debugArchFar: 'debug.arch.far',
  /** the 16 bytes of debug.arch */
  debugArch: 'debug.arch',
  /** __u64 */
  mmioPhysAddr: 'mmio.phys_addr',
  /** __u8[8] */
  mmioData: 'mmio.data',
  /** __u32 */
  mmioLen: 'mmio.len',
  /** __u8 */
  mmioIsWrite: 'mmio.is_write',
  /** __u32 KVM_SYSTEM_EVENT_* */
  systemEventType: 'system_event.type',
  /** __u32 */
  systemEventNdata: 'system_event.ndata',
  /** __u64[16] (data[0] overlays the older `flags`) */
  systemEventData: 'system_event.data',
  /** __u64 */
  armNisvEsrIss: 'arm_nisv.esr_iss',
  /** __u64 */
  armNisvFaultIpa: 'arm_nisv.fault_ipa',
  /** __u64 */
  hwHardwareExitReason: 'hw.hardware_exit_reason',
  /** __u64 */
  failEntryReason: 'fail_entry.hardware_entry_failure_reason',
  /** __u32 */
  internalSuberror: 'internal.suberror',
  /** start of the 256-byte exit union */
  exitUnion: 'padding',
});

export type RunField = keyof typeof RUN_FIELDS;

/** Absolute byte offsets in kvm_run of the RUN_FIELDS, e.g. RUN_OFF.exitReason = 8. */
export const RUN_OFF: Readonly<Record<RunField, number>> = Object.freeze(
  Object.fromEntries(Object.entries(RUN_FIELDS).map(([k, p]) => [k, fieldInfo(KVM_RUN, p).offset])) as Record<RunField, number>,
);

/** sizeof(struct kvm_run) on arm64: also what KVM_GET_VCPU_MMAP_SIZE's mapping starts with. */
export const KVM_RUN_SIZE = KVM_RUN.size;
