/**
 * What KVM does with each exit from the guest: arch/arm64/kvm/handle_exit.c. Traps are dispatched through
 * a table indexed by exception class with the kernel's handler names (arm_exit_handlers[]); any class
 * without a handler gets kvmHandleUnknownEc, which makes the instruction UNDEFINED for the guest.
 *
 * Return convention of every handler, stated once (as above handle_exit() in Linux):
 *   > 0  resume the guest;
 *   = 0  exit to userspace, kvm_run.exit_reason (and its union member) filled in;
 *   < 0  a negative errno, which KVM_RUN returns.
 */
import { KVM_DEBUG_ARCH_HSR_HIGH_VALID, KVM_EXIT_DEBUG } from '../abi/constants.ts';
import { writeU16, writeU32, writeU64 } from '../abi/codec.ts';
import { RUN_OFF } from '../abi/kvm-run.ts';
import {
  ESR_ELx_EC_BKPT32, ESR_ELx_EC_BREAKPT_LOW, ESR_ELx_EC_BRK64, ESR_ELx_EC_DABT_LOW, ESR_ELx_EC_HVC64,
  ESR_ELx_EC_IABT_LOW, ESR_ELx_EC_MAX, ESR_ELx_EC_SMC64, ESR_ELx_EC_SOFTSTP_LOW, ESR_ELx_EC_SYS64,
  ESR_ELx_EC_WATCHPT_LOW, ESR_ELx_EC_WFx,
} from '../esr/ec.ts';
import { ESR_ELx_WFx_ISS_WFE, esrEc } from './emulate.ts';
import { kvmHandleGuestAbort } from './mmio.ts';
import { kvmVcpuWfi } from './power.ts';
import { kvmHvcCallHandler } from './psci.ts';
import { kvmHandleSysReg } from './sys-regs.ts';
import type { VcpuArch } from './vcpu-arch.ts';

export type ExitHandleFn = (v: VcpuArch) => number;

/**
 * kvm_handle_guest_debug(): a debug exception of the guest (BRK, hardware breakpoint, watchpoint,
 * software step) while userspace debugs it. THE PATCH, part 2 (18f3976fdb5d):
 *   hsr = ESR[31:0]; hsr_high = ESR[63:32]; flags = KVM_DEBUG_ARCH_HSR_HIGH_VALID (assigned, not OR-ed);
 *   far = FAR_EL2 only for watchpoints (every other exit leaves those 8 bytes as they were).
 * Profile 5.10 writes only hsr (and far for watchpoints, from the last stage-2 abort): the 4 bytes after
 * hsr and kvm_run.flags keep whatever was there. The PC is never advanced: it stays on the BRK, the
 * breakpointed or watchpointed instruction, or the next instruction to step.
 */
export function kvmHandleGuestDebug(v: VcpuArch): number {
  const { run, e, profile } = v;
  writeU32(run, RUN_OFF.exitReason, KVM_EXIT_DEBUG, e);
  writeU32(run, RUN_OFF.debugArchHsr, v.esrLo >>> 0, e);
  if (profile.writesHsrHigh) {
    writeU32(run, RUN_OFF.debugArchHsrHigh, Number((v.esr >> 32n) & 0xffffffffn), e);
    writeU16(run, RUN_OFF.flags, KVM_DEBUG_ARCH_HSR_HIGH_VALID, e);
  }
  switch (esrEc(v.esrLo)) {
    case ESR_ELx_EC_WATCHPT_LOW:
      writeU64(run, RUN_OFF.debugArchFar, v.farEl2, e);
      break;
    case ESR_ELx_EC_SOFTSTP_LOW:
      v.ssActivePending = false; // the pending step has been taken
      break;
  }
  return 0;
}

/** kvm_handle_unknown_ec(): an exit KVM has no emulation for is UNDEFINED for the guest. */
export function kvmHandleUnknownEc(v: VcpuArch): number {
  v.injectUndefined();
  return 1;
}

/**
 * kvm_handle_wfx(): WFE yields; WFI halts until an interrupt or a signal (kvm_vcpu_wfi, power.ts). A vCPU
 * with an interrupt to take (an IRQ/FIQ line set by KVM_IRQ_LINE, or one pending in the vGIC) goes on at
 * once; otherwise it waits for a signal, which then ends KVM_RUN with EINTR. Either way the instruction
 * completes, unless the sleep is carried into the next KVM_RUN (KVMDBG_CAP_IDLE_EXIT): then the PC stays
 * on the WFI until that KVM_RUN ends the sleep.
 */
export function kvmHandleWfx(v: VcpuArch): number {
  if (!(v.esrLo & ESR_ELx_WFx_ISS_WFE) && kvmVcpuWfi(v)) {
    v.carriedSleep = 'wfi';   // KVMDBG_CAP_IDLE_EXIT: completes in the KVM_RUN that ends the sleep
    return 1;
  }
  v.incrPc();
  return 1;
}

/** handle_hvc(): SMCCC/PSCI in the kernel; the immediate is not looked at. HVC's ELR is already past it. */
export function handleHvc(v: VcpuArch): number {
  const ret = kvmHvcCallHandler(v);
  if (ret < 0) {
    v.setReg(0, ~0n);
    return 1;
  }
  return ret;
}

/** handle_smc(): a trapped SMC (HCR_EL2.TSC) fails with x0 = ~0 and is stepped over (no EL3 to call). */
export function handleSmc(v: VcpuArch): number {
  v.setReg(0, ~0n);
  v.incrPc();
  return 1;
}

/** arm_exit_handlers[]: one handler per exception class, kvmHandleUnknownEc for the rest. */
export const ARM_EXIT_HANDLERS: readonly ExitHandleFn[] = (() => {
  const t = new Array<ExitHandleFn>(ESR_ELx_EC_MAX + 1).fill(kvmHandleUnknownEc);
  t[ESR_ELx_EC_WFx] = kvmHandleWfx;
  t[ESR_ELx_EC_HVC64] = handleHvc;
  t[ESR_ELx_EC_SMC64] = handleSmc;
  t[ESR_ELx_EC_SYS64] = kvmHandleSysReg;
  t[ESR_ELx_EC_IABT_LOW] = kvmHandleGuestAbort;
  t[ESR_ELx_EC_DABT_LOW] = kvmHandleGuestAbort;
  t[ESR_ELx_EC_SOFTSTP_LOW] = kvmHandleGuestDebug;
  t[ESR_ELx_EC_WATCHPT_LOW] = kvmHandleGuestDebug;
  t[ESR_ELx_EC_BREAKPT_LOW] = kvmHandleGuestDebug;
  t[ESR_ELx_EC_BKPT32] = kvmHandleGuestDebug;
  t[ESR_ELx_EC_BRK64] = kvmHandleGuestDebug;
  return Object.freeze(t);
})();

/** The kinds of exit from the guest (ARM_EXCEPTION_*): an interrupt or the end of a time slice, or a trap. */
export const ARM_EXCEPTION_IRQ = 0;
export const ARM_EXCEPTION_TRAP = 1;

/** handle_exit(): interrupts just resume; traps go through the table (AArch64 traps never fail their condition). */
export function handleExit(v: VcpuArch, exceptionIndex: number): number {
  if (exceptionIndex === ARM_EXCEPTION_IRQ) return 1;
  return ARM_EXIT_HANDLERS[esrEc(v.esrLo)]!(v);
}
