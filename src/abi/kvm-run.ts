/**
 * Absolute offsets of the kvm_run fields the kernel model and the VMM touch on every exit, computed once
 * from the KVM_RUN descriptor (never retyped), so hot paths can use readU32(run, RUN_OFF.exitReason, e)
 * without a path lookup. Sizes: see the comments; the layout is in kvm-structs.ts.
 */
import { fieldInfo } from './layout.ts';
import { KVM_RUN } from './kvm-structs.ts';

const at = (path: string): number => fieldInfo(KVM_RUN, path).offset;

export const RUN_OFF = Object.freeze({
  /** __u8, in */
  requestInterruptWindow: at('request_interrupt_window'),
  /** __u8, in: return EINTR before entering the guest */
  immediateExit: at('immediate_exit'),
  /** __u32 */
  exitReason: at('exit_reason'),
  /** __u16: KVM_DEBUG_ARCH_HSR_HIGH_VALID on arm64 debug exits (5.19+) */
  flags: at('flags'),
  /** __u32 ESR_EL2[31:0] */
  debugArchHsr: at('debug.arch.hsr'),
  /** __u32 ESR_EL2[63:32], only with KVM_DEBUG_ARCH_HSR_HIGH_VALID; the padding hole before 5.19 */
  debugArchHsrHigh: at('debug.arch.hsr_high'),
  /** __u64, watchpoint exits */
  debugArchFar: at('debug.arch.far'),
  /** __u64 */
  mmioPhysAddr: at('mmio.phys_addr'),
  /** __u8[8] */
  mmioData: at('mmio.data'),
  /** __u32 */
  mmioLen: at('mmio.len'),
  /** __u8 */
  mmioIsWrite: at('mmio.is_write'),
  /** __u32 KVM_SYSTEM_EVENT_* */
  systemEventType: at('system_event.type'),
  /** __u32 */
  systemEventNdata: at('system_event.ndata'),
  /** __u64[16] (data[0] overlays the older `flags`) */
  systemEventData: at('system_event.data'),
  /** __u64 */
  armNisvEsrIss: at('arm_nisv.esr_iss'),
  /** __u64 */
  armNisvFaultIpa: at('arm_nisv.fault_ipa'),
  /** __u64 */
  hwHardwareExitReason: at('hw.hardware_exit_reason'),
  /** __u64 */
  failEntryReason: at('fail_entry.hardware_entry_failure_reason'),
  /** __u32 */
  internalSuberror: at('internal.suberror'),
  /** the 16 bytes of debug.arch */
  debugArch: at('debug.arch'),
  /** start of the 256-byte exit union */
  exitUnion: at('padding'),
});

/** sizeof(struct kvm_run) on arm64: also what KVM_GET_VCPU_MMAP_SIZE's mapping starts with. */
export const KVM_RUN_SIZE = KVM_RUN.size;
