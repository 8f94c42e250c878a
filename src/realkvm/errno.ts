/**
 * Linux errno numbers (include/uapi/asm-generic/errno-base.h and errno.h; arm64 uses the generic table)
 * for the errnos a KVM ioctl can return, mapped to the names KvmError carries, so the real backend throws
 * exactly what the model throws for the same failure.
 */
import { KvmError, type Errno } from '../abi/index.ts';

/** errno number → name, for the names `Errno` admits. */
export const LINUX_ERRNO: Readonly<Record<number, Errno>> = Object.freeze({
  1: 'EPERM', 2: 'ENOENT', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG', 8: 'ENOEXEC', 9: 'EBADF',
  11: 'EAGAIN', 12: 'ENOMEM', 14: 'EFAULT', 16: 'EBUSY', 17: 'EEXIST', 19: 'ENODEV', 22: 'EINVAL', 28: 'ENOSPC',
  34: 'ERANGE', 38: 'ENOSYS', 95: 'EOPNOTSUPP',
});

/** Names of errnos outside that set that opening or misusing a device commonly gives, for messages. */
const OTHER_NAMES: Readonly<Record<number, string>> = { 13: 'EACCES', 25: 'ENOTTY' };

/** An errno the kernel returned that KvmError has no name for (KvmError's errno is a closed set). */
export class UnmappedErrnoError extends Error {
  override name = 'UnmappedErrnoError';
  constructor(readonly errnoNumber: number, readonly ioctl: string) {
    super(`${ioctl}: errno ${errnoNumber}${OTHER_NAMES[errnoNumber] ? ` (${OTHER_NAMES[errnoNumber]})` : ''}, which kvmdbg's KvmError does not name`);
  }
}

/** The error for a failed call: KvmError with the kernel's errno, verbatim. */
export function errnoError(errnoNumber: number, ioctl: string, detail?: string): KvmError | UnmappedErrnoError {
  const name = LINUX_ERRNO[errnoNumber];
  if (!name) return new UnmappedErrnoError(errnoNumber, ioctl);
  return name === 'EINTR' ? KvmError.routine(name, ioctl, detail) : new KvmError(name, ioctl, detail);
}
