/**
 * A vCPU's power state and the places where its thread waits in the kernel, as arch/arm64/kvm/arm.c
 * keeps them (6.1: vcpu->arch.mp_state, KVM_REQ_SLEEP, KVM_REQ_SUSPEND; 5.10: vcpu->arch.power_off):
 *   - STOPPED: powered off (KVM_ARM_VCPU_POWER_OFF, PSCI CPU_OFF, SYSTEM_OFF/RESET of any vCPU,
 *     KVM_SET_MP_STATE); KVM_RUN sleeps until PSCI CPU_ON makes it RUNNABLE again (kvm_vcpu_sleep);
 *   - SUSPENDED (6.1 only, KVM_SET_MP_STATE): KVM_RUN waits as in WFI and, once an interrupt is pending,
 *     exits with KVM_SYSTEM_EVENT_WAKEUP; the state sticks until userspace makes the vCPU RUNNABLE;
 *   - a WFI or PSCI CPU_SUSPEND with nothing pending halts the vCPU until an interrupt (kvm_vcpu_wfi).
 * How a sleeping thread wakes in a single-threaded model: signal-timer.ts.
 */
import { writeU32, writeU8 } from '../abi/codec.ts';
import {
  KVM_EXIT_SYSTEM_EVENT, KVM_MP_STATE_RUNNABLE, KVM_MP_STATE_STOPPED, KVM_MP_STATE_SUSPENDED, KVM_SYSTEM_EVENT_WAKEUP,
} from '../abi/constants.ts';
import { RUN_OFF } from '../abi/kvm-run.ts';
import { kvmCpuHasPendingTimer, kvmTimerEarliestExp } from './arch-timer.ts';
import type { VcpuArch } from './vcpu-arch.ts';

/** kvm_arm_vcpu_power_off(): STOPPED, and the thread goes to sleep before the next guest entry (KVM_REQ_SLEEP). */
export function kvmArmVcpuPowerOff(v: VcpuArch): void {
  v.mpState = KVM_MP_STATE_STOPPED;
  v.reqSleep = true;
}

/** kvm_arm_vcpu_stopped(). */
export function kvmArmVcpuStopped(v: VcpuArch): boolean {
  return v.mpState === KVM_MP_STATE_STOPPED;
}

/** kvm_arm_vcpu_suspend(): SUSPENDED, handled before the next guest entry (KVM_REQ_SUSPEND). */
export function kvmArmVcpuSuspend(v: VcpuArch): void {
  v.mpState = KVM_MP_STATE_SUSPENDED;
  v.reqSuspend = true;
}

/**
 * kvm_arch_vcpu_runnable(): an interrupt line is up (HCR_EL2.VI/VF from KVM_IRQ_LINE without an in-kernel
 * GIC) or the vGIC has an interrupt pending for the vCPU, and the vCPU is not stopped.
 */
export function kvmArchVcpuRunnable(v: VcpuArch): boolean {
  if (kvmArmVcpuStopped(v)) return false;
  if (v.hcrVi || v.hcrVf) return true;
  const vgic = v.vm.vgic;
  const c = vgic?.cpus[v.vcpuIdx];
  return !!(vgic && c && vgic.vcpuPendingIrq(c));
}

/**
 * kvm_vcpu_wfi(): sync the CPU interface state back (kvm_vgic_vmcr_sync, so the priority mask and group
 * enables the runnable check reads are current), then halt (kvm_vcpu_halt). True when the sleep is
 * carried into the next KVM_RUN (KVMDBG_CAP_IDLE_EXIT, see kvmVcpuBlock).
 */
export function kvmVcpuWfi(v: VcpuArch): boolean {
  const vgic = v.vm.vgic;
  const c = vgic?.cpus[v.vcpuIdx];
  if (vgic?.initialized && c) vgic.vmcrSync(c);
  return kvmVcpuBlock(v);
}

/**
 * kvm_vcpu_check_block(): the vCPU may go on: it is runnable (an interrupt pending for it) or one of its
 * timers should fire (kvm_cpu_has_pending_timer), at the VM's present count.
 */
export function kvmVcpuCheckBlock(v: VcpuArch): boolean {
  return kvmCpuHasPendingTimer(v) || kvmArchVcpuRunnable(v);
}

/**
 * kvm_vcpu_block(): sleep until kvm_vcpu_check_block() lets the vCPU go on or a signal comes. The thread
 * would sleep while the clock runs on: other vCPUs' instructions move it, or, once every vCPU of the VM
 * sleeps so (or is stopped, and none has become runnable), nothing does, and the wait lasts until the
 * earliest timer deadline of any vCPU (the background timer of kvm_timer_schedule firing): the VM's count
 * skips there at once, which makes a timer interrupt after an idle period come at an exact count. If that
 * wakes this vCPU, the WFI completes without leaving KVM_RUN. Otherwise the vCPU is marked blocked and the
 * wait ends by a signal (signal-timer.ts): KVM_RUN returns EINTR and the VMM runs another vCPU, which may
 * be the one the skip woke.
 *
 * With KVMDBG_CAP_IDLE_EXIT the skip is not taken at once: the vCPU is marked blocked, the deadline kept
 * (KVMDBG_REG_IDLE_UNTIL) and true returned, so that KVM_RUN returns EINTR carrying the sleep; the KVM_RUN
 * that resumes it (skipAllowed) takes the skip, if the vCPU still has nothing to wake it. Returns false
 * when the sleep ended (or ends by a signal) in this KVM_RUN.
 */
export function kvmVcpuBlock(v: VcpuArch): boolean {
  let skip = v.skipAllowed;
  v.skipAllowed = false;
  for (;;) {
    if (kvmVcpuCheckBlock(v)) return false;
    const others = v.vm.vcpus().filter((o) => o !== v);
    if (!others.every((o) => !o.initialized || kvmArmVcpuStopped(o) || (o.blocked && !kvmVcpuCheckBlock(o)))) break;
    let next = Infinity;
    for (const o of [v, ...others]) if (o.initialized && !kvmArmVcpuStopped(o)) next = Math.min(next, kvmTimerEarliestExp(o));
    if (next === Infinity) break;
    if (v.idleExit && !skip) {
      v.blocked = true;
      v.idleUntil = v.vm.counter + next;
      return true;
    }
    skip = false;
    v.vm.counter += next;
  }
  v.blocked = true;
  v.vm.timer.block();
  return false;
}

/**
 * kvm_vcpu_sleep() (KVM_REQ_SLEEP): wait until the vCPU is no longer stopped. Only a signal ends the wait
 * in the model; the vCPU is then still stopped and asks to sleep again at its next entry.
 */
export function kvmVcpuSleep(v: VcpuArch): void {
  if (!kvmArmVcpuStopped(v)) return;
  v.vm.timer.block();
  v.reqSleep = true;
}

/**
 * kvm_vcpu_suspend() (KVM_REQ_SUSPEND, 6.1): a SUSPENDED vCPU waits as in WFI and stays suspended (the
 * request is made again). Woken by a pending interrupt, it exits with KVM_SYSTEM_EVENT_WAKEUP (the
 * system_event member cleared first, ndata 0): returns 0. Woken by a signal: returns 1, and the signal
 * check ends KVM_RUN with EINTR; so does a sleep carried into the next KVM_RUN (KVMDBG_CAP_IDLE_EXIT).
 */
export function kvmVcpuSuspend(v: VcpuArch): number {
  if (v.mpState !== KVM_MP_STATE_SUSPENDED) return 1;
  const carried = kvmVcpuWfi(v);
  v.reqSuspend = true;
  if (carried) {
    // KVMDBG_CAP_IDLE_EXIT: KVM_RUN returns EINTR; the request, made again, resumes the wait
    v.carriedSleep = 'request';
    return 1;
  }
  if (!kvmArchVcpuRunnable(v)) {
    // Woken by a timer whose interrupt the vGIC does not deliver: Linux goes round again at once, and
    // would spin until a signal; the single-threaded model takes that signal now.
    if (!v.vm.timer.pending()) v.vm.timer.block();
    return 1;
  }
  const { run, e } = v;
  for (let off = RUN_OFF.systemEventType; off < RUN_OFF.systemEventData + 16 * 8; off++) writeU8(run, off, 0);
  writeU32(run, RUN_OFF.systemEventType, KVM_SYSTEM_EVENT_WAKEUP, e);
  writeU32(run, RUN_OFF.exitReason, KVM_EXIT_SYSTEM_EVENT, e);
  return 0;
}

/**
 * KVM_SET_MP_STATE's state change (kvm_arch_vcpu_ioctl_set_mpstate): RUNNABLE is stored as is (no reset,
 * no wake-up request: a vCPU userspace restarts resumes where it was), STOPPED powers off, SUSPENDED
 * suspends (6.1; 5.10 knows RUNNABLE and STOPPED only). Returns false for any other state (EINVAL).
 */
export function kvmArchVcpuSetMpState(v: VcpuArch, state: number): boolean {
  switch (state) {
    case KVM_MP_STATE_RUNNABLE:
      v.mpState = KVM_MP_STATE_RUNNABLE;
      return true;
    case KVM_MP_STATE_STOPPED:
      kvmArmVcpuPowerOff(v);
      return true;
    case KVM_MP_STATE_SUSPENDED:
      if (!v.profile.mpStateSuspended) return false;
      kvmArmVcpuSuspend(v);
      return true;
    default:
      return false;
  }
}
