/**
 * What every real file-descriptor object shares: the libc calls, the host byte order, the guest memory
 * mappings, and the two ioctl shapes (integer argument, pointer argument) that turn a -1 return into
 * KvmError with the kernel's errno. Request numbers come from abi/ IOCTLS by name.
 */
import { IOCTLS, type Endian } from '../abi/index.ts';
import { errnoError } from './errno.ts';
import type { Libc } from './libc.ts';
import { GuestMappings } from './mappings.ts';

export class Host {
  readonly mappings = new GuestMappings();

  constructor(readonly libc: Libc, readonly endian: Endian) {}

  /** An ioctl with an integer argument; returns the kernel's non-negative result. */
  ioctlArg(fd: number, name: keyof typeof IOCTLS, arg: number | bigint): number {
    const r = this.libc.ioctlArg(fd, IOCTLS[name], arg);
    if (r < 0) throw errnoError(this.libc.errno(), name);
    return r;
  }

  /** An ioctl with a pointer argument: the buffer's bytes in, the kernel's writes visible after. */
  ioctlPtr(fd: number, name: keyof typeof IOCTLS, buf: Uint8Array): number {
    const r = this.libc.ioctlPtr(fd, IOCTLS[name], buf);
    if (r < 0) throw errnoError(this.libc.errno(), name);
    return r;
  }
}
