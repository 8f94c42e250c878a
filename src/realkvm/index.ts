/**
 * The real /dev/kvm backend: the same KvmSystem → KvmVm → KvmVcpu interface as the kernel model in kvm/,
 * implemented with open/ioctl/mmap/setitimer from libc through koffi, on arm64 Linux hosts. koffi is
 * loaded only when this backend is opened.
 *
 * @module
 */
import { existsSync } from 'node:fs';
import { endianness, release, version } from 'node:os';
import type { KvmSystem } from '../abi/index.ts';
import { RealKvm, type SignalHooks } from './kvm.ts';
import { loadLibc } from './libc.ts';

export { RealKvm } from './kvm.ts';
export { RealVm } from './vm.ts';
export { RealVcpu } from './vcpu.ts';
export { errnoError, LINUX_ERRNO, UnmappedErrnoError } from './errno.ts';

export const DEV_KVM = '/dev/kvm';

export interface HostFacts {
  platform: string;
  arch: string;
  devKvmExists: boolean;
}

export function hostFacts(path = DEV_KVM): HostFacts {
  return { platform: process.platform, arch: process.arch, devKvmExists: existsSync(path) };
}

/** Why the real backend cannot run on this host, or null when it can (arm64 Linux with /dev/kvm). */
export function realKvmUnavailable(h: HostFacts = hostFacts()): string | null {
  if (h.platform !== 'linux' || h.arch !== 'arm64') {
    return `the real KVM backend needs an arm64 Linux host; this one is ${h.platform}/${h.arch} (use --backend model)`;
  }
  if (!h.devKvmExists) {
    return `${DEV_KVM} does not exist: the kernel has no KVM (CONFIG_KVM), or the CPU was not booted at EL2 (use --backend model)`;
  }
  return null;
}

let alarmInstalled = false;
const processSignals: SignalHooks = {
  installAlarmHandler() {
    if (alarmInstalled) return;
    // The listener's presence is what matters: Node then catches SIGALRM in C, and the signal only
    // interrupts the ioctl in progress (KVM_RUN returns EINTR, which the kernel does not restart).
    process.on('SIGALRM', () => {});
    alarmInstalled = true;
  },
};

/** Opens `path` (default /dev/kvm) as a KvmSystem; fails with a message if the host cannot. */
export async function openRealKvm(path = DEV_KVM): Promise<KvmSystem> {
  const why = realKvmUnavailable(hostFacts(path));
  if (why) throw new Error(why);
  const libc = await loadLibc();
  const desc = `Linux ${release()} (${version()})`;
  return RealKvm.open(libc, path, endianness() === 'LE' ? 'le' : 'be', desc, processSignals);
}
