/**
 * The /dev/kvm model: a Linux arm64 KVM kernel as seen through its ioctls and the kvm_run page, for a
 * chosen kernel version and host byte order. Where the hsr_high patch lives:
 *   - Vcpu.runVcpu: `run->flags = 0` at KVM_RUN entry (profile 6.1);
 *   - handle-exit.ts kvmHandleGuestDebug: hsr, hsr_high, the flag, far only for watchpoints.
 *
 * @module
 */
import type { Endian, KvmSystem } from '../abi/backend.ts';
import type { GuestCpu } from '../cpu/api.ts';
import { createCpu } from '../cpu/index.ts';
import { Kvm } from './kvm.ts';
import type { HostClock } from './signal-timer.ts';
import { isKernelProfileName, PROFILES, type KernelProfileName } from './profile.ts';

export {
  DEFAULT_KERNEL_PROFILE, isKernelProfileName, KERNEL_PROFILES, PROFILES, type KernelProfile, type KernelProfileName,
} from './profile.ts';
export { Kvm } from './kvm.ts';
export { HOST_CLOCK, type HostClock } from './signal-timer.ts';
export { Vm } from './vm.ts';
export { Vcpu } from './vcpu.ts';

export interface ModelKvmOptions {
  profile: KernelProfileName;
  endian: Endian;
  /** The CPU each vCPU runs on (default: cpu/'s AArch64 interpreter). */
  createCpu?: () => GuestCpu;
  /**
   * The clock of the timer signal (setTimerSignal) and of a vCPU sleeping until it: default the host's.
   * A supplied clock makes the EINTR points of a run reproducible (the unit tests use one).
   */
  clock?: HostClock;
}

export function createModelKvm(opts: ModelKvmOptions): KvmSystem {
  const profile = isKernelProfileName(opts.profile) ? PROFILES[opts.profile] : undefined;
  if (!profile) throw new Error(`unknown kernel profile '${String(opts.profile)}' (known: ${Object.keys(PROFILES).join(', ')})`);
  if (opts.endian !== 'le' && opts.endian !== 'be') throw new Error(`host byte order must be 'le' or 'be', got '${String(opts.endian)}'`);
  return new Kvm(profile, opts.endian, opts.createCpu ?? createCpu, opts.clock);
}
