/**
 * The class of a KVM_EXIT_DEBUG, from the exception class of the ESR the kernel reported (Arm ARM D17.2.37
 * "ESR_EL2": EC is bits [31:26], so it is always inside `hsr` and never needs the high half). These are
 * the only classes arm64 KVM turns into KVM_EXIT_DEBUG (arch/arm64/kvm/handle_exit.c, arm_exit_handlers[]
 * slots that point at kvm_handle_guest_debug), all "lower EL" because they come from the guest.
 */
import {
  ESR_ELx_EC_BKPT32, ESR_ELx_EC_BREAKPT_LOW, ESR_ELx_EC_BRK64, ESR_ELx_EC_SOFTSTP_LOW, ESR_ELx_EC_WATCHPT_LOW,
  brkComment, esrEc, watchpointWnR,
} from '../esr/index.ts';

export type DebugClass = 'brk' | 'hwbreak' | 'step' | 'watch' | 'bkpt32' | 'other';

export interface DebugExitInfo {
  ec: number;
  cls: DebugClass;
  /** BRK/BKPT comment, ISS[15:0]. */
  imm: number;
  /** Watchpoints: WnR, ISS[6] (1 = the access was a write). */
  isWrite: boolean;
}

/** Decode the parts of an ESR a debugger needs; `hsr` is ESR[31:0]. */
export function classifyDebugExit(hsr: number): DebugExitInfo {
  const ec = esrEc(hsr);
  const cls: DebugClass =
    ec === ESR_ELx_EC_BRK64 ? 'brk'
      : ec === ESR_ELx_EC_BREAKPT_LOW ? 'hwbreak'
        : ec === ESR_ELx_EC_SOFTSTP_LOW ? 'step'
          : ec === ESR_ELx_EC_WATCHPT_LOW ? 'watch'
            : ec === ESR_ELx_EC_BKPT32 ? 'bkpt32'
              : 'other';
  return { ec, cls, imm: brkComment(hsr), isWrite: cls === 'watch' && watchpointWnR(hsr) };
}

/** A one-word name for logs: the esr.h macro suffix. */
export const DEBUG_CLASS_NAMES: Record<DebugClass, string> = {
  brk: 'BRK64', hwbreak: 'BREAKPT_LOW', step: 'SOFTSTP_LOW', watch: 'WATCHPT_LOW', bkpt32: 'BKPT32', other: 'OTHER',
};
