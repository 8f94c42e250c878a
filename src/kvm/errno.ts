/**
 * Kernel return values inside kvm/ follow the kernel's convention (handle_exit.c): > 0 resume the guest,
 * 0 exit to userspace with kvm_run filled in, < 0 a negative errno that KVM_RUN returns. These are the
 * errno numbers (asm-generic/errno-base.h, errno.h) and their names for KvmError.
 */
import type { Errno } from '../abi/backend.ts';

export const EPERM = 1;
export const ENOENT = 2;
export const EINTR = 4;
export const EIO = 5;
export const ENXIO = 6;
export const E2BIG = 7;
export const ENOEXEC = 8;
export const EAGAIN = 11;
export const EFAULT = 14;
export const EBUSY = 16;
export const EEXIST = 17;
export const ENODEV = 19;
export const EINVAL = 22;
export const ENOSYS = 38;

const NAMES: Readonly<Record<number, Errno>> = {
  [EPERM]: 'EPERM', [ENOENT]: 'ENOENT', [EINTR]: 'EINTR', [EIO]: 'EIO', [ENXIO]: 'ENXIO', [E2BIG]: 'E2BIG',
  [ENOEXEC]: 'ENOEXEC', [EAGAIN]: 'EAGAIN', [EFAULT]: 'EFAULT', [EBUSY]: 'EBUSY', [EEXIST]: 'EEXIST', [ENODEV]: 'ENODEV',
  [EINVAL]: 'EINVAL', [ENOSYS]: 'ENOSYS',
};

export function errnoName(errno: number): Errno {
  return NAMES[errno] ?? 'EINVAL';
}
