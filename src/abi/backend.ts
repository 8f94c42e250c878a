/**
 * The userspace view of `/dev/kvm`: one object per file descriptor (system fd → VM fd → vCPU fd), one
 * method per ioctl, named after it (compare rust-vmm's kvm-ioctls). `vmm/` sees the kernel only through
 * these calls and the `kvm_run` bytes; `kvm/` (the model) and a real-`/dev/kvm` backend implement them.
 *
 * Structs that the real ioctls take by pointer are passed here as their bytes, encoded with the `abi/`
 * codecs in the backend's host byte order (`kvm_guest_debug`, `kvm_vcpu_init`), so that the kernel side
 * parses exactly what a kernel would. A failing ioctl throws `KvmError` with the kernel's errno.
 */

export type Endian = 'le' | 'be';

export type Errno =
  | 'EPERM' | 'ENOENT' | 'EINTR' | 'EIO' | 'ENXIO' | 'E2BIG' | 'ENOEXEC' | 'EBADF' | 'EAGAIN' | 'ENOMEM'
  | 'EFAULT' | 'EBUSY' | 'EEXIST' | 'ENODEV' | 'EINVAL' | 'ENOSPC' | 'ERANGE' | 'ENOSYS' | 'EOPNOTSUPP';

/** An ioctl failed: `errno` is what the kernel returned, `ioctl` names the call (e.g. 'KVM_RUN'). */
export class KvmError extends Error {
  override name = 'KvmError';
  constructor(
    readonly errno: Errno,
    readonly ioctl: string,
    detail?: string,
  ) {
    super(`${ioctl}: ${errno}${detail ? ` (${detail})` : ''}`);
  }

  /**
   * The error of an ioctl that fails as a matter of course, KVM_RUN's EINTR (at every signal; with two
   * vCPUs, at every turn of one asleep in WFI: 12,797 times in a Linux boot): made without a stack
   * trace, which cost ~15 us each, more than the whole exit. The message is the same.
   */
  static routine(errno: Errno, ioctl: string, detail?: string): KvmError {
    // V8's Error.stackTraceLimit (this module is in the browser bundle too, where it may not exist)
    const E = Error as unknown as { stackTraceLimit?: number };
    const limit = E.stackTraceLimit;
    if (typeof limit !== 'number') return new KvmError(errno, ioctl, detail);
    E.stackTraceLimit = 0;
    try {
      return new KvmError(errno, ioctl, detail);
    } finally {
      E.stackTraceLimit = limit;
    }
  }
}

/** `struct kvm_userspace_memory_region`, with the userspace mapping as the bytes themselves. */
export interface UserMemoryRegion {
  slot: number;
  flags: number;
  guestPhysAddr: bigint;
  /** Backing memory obtained from `KvmSystem.allocGuestMemory` (its length is `memory_size`). */
  memory: Uint8Array;
}

/** The `/dev/kvm` file descriptor. */
export interface KvmSystem {
  /** 'model' (the kernel model in `kvm/`) or 'real' (`/dev/kvm` through FFI). */
  readonly backendName: string;
  /** Byte order of every struct exchanged with this kernel, `kvm_run` included. */
  readonly hostEndian: Endian;
  /** A human description: kernel profile or `uname -r`. */
  readonly kernelDescription: string;
  /** KVM_GET_API_VERSION: 12. */
  getApiVersion(): number;
  /** KVM_CHECK_EXTENSION on the system fd. */
  checkExtension(cap: number): number;
  /** KVM_GET_VCPU_MMAP_SIZE: the size of the `kvm_run` mapping. */
  getVcpuMmapSize(): number;
  /** KVM_CREATE_VM (type 0: 40-bit IPA). */
  createVm(type?: number): KvmVm;
  /** Anonymous, page-aligned userspace memory to back a memory slot (mmap(MAP_ANONYMOUS)). */
  allocGuestMemory(size: number): Uint8Array;
  /**
   * Arm a periodic timer signal for the calling thread (setitimer(ITIMER_REAL) + a SIGALRM handler), so
   * that a KVM_RUN in progress returns EINTR (exit_reason KVM_EXIT_INTR) at least every `ms`
   * milliseconds; 0 disarms. A single-threaded VMM uses it to service its event loop.
   */
  setTimerSignal(ms: number): void;
}

/** A VM file descriptor. */
export interface KvmVm {
  /** KVM_CHECK_EXTENSION on the VM fd. */
  checkExtension(cap: number): number;
  /** KVM_SET_USER_MEMORY_REGION. A zero-sized region deletes the slot. */
  setUserMemoryRegion(region: UserMemoryRegion): void;
  /** KVM_ARM_PREFERRED_TARGET: the bytes of `struct kvm_vcpu_init`. */
  armPreferredTarget(): Uint8Array;
  /** KVM_CREATE_VCPU. */
  createVcpu(id: number): KvmVcpu;
  /**
   * Not an ioctl: the cache maintenance a VMM performs after writing instructions into guest memory
   * (software breakpoints, code loaded into a running VM) so that vCPUs fetch the new bytes. On an
   * arm64 host that is __builtin___clear_cache (DC CVAU + IC IVAU) over the host mapping of
   * [guestPhysAddr, guestPhysAddr + len); the model drops its predecoded copy of those pages.
   */
  syncGuestCode?(guestPhysAddr: bigint, len: number): void;
  /**
   * KVM_CREATE_DEVICE with the bytes of `struct kvm_create_device`: the new device, or null when `flags`
   * has KVM_CREATE_DEVICE_TEST (the type exists, nothing was created).
   */
  createDevice?(cd: Uint8Array): KvmDevice | null;
  /** KVM_IRQ_LINE with the bytes of `struct kvm_irq_level`. */
  irqLine?(irqLevel: Uint8Array): void;
  /**
   * KVM_GET_DIRTY_LOG with the bytes of `struct kvm_dirty_log`; `bitmap` stands for the memory its
   * `dirty_bitmap` points at, which the kernel fills (one bit per page of the slot, abi/reg-list.ts) and
   * which must hold kvm_dirty_bitmap_bytes (EFAULT otherwise). The slot's bits are cleared as they are read.
   */
  getDirtyLog?(log: Uint8Array, bitmap: Uint8Array): void;
}

/**
 * The attribute ioctls of a device fd (and of a vCPU fd): `attr` is the bytes of `struct kvm_device_attr`
 * (its `addr` field is not looked at); `data` stands for the memory `addr` points at, in the backend's
 * byte order: the kernel reads it (set) or writes it (get), a __u32 or __u64 as the group defines, and an
 * access beyond its end is EFAULT.
 */
export interface KvmDeviceAttrs {
  /** KVM_SET_DEVICE_ATTR. */
  setDeviceAttr(attr: Uint8Array, data: Uint8Array): void;
  /** KVM_GET_DEVICE_ATTR. */
  getDeviceAttr(attr: Uint8Array, data: Uint8Array): void;
  /** KVM_HAS_DEVICE_ATTR: returns when the attribute exists, throws (ENXIO...) otherwise. */
  hasDeviceAttr(attr: Uint8Array): void;
}

/** A device file descriptor (KVM_CREATE_DEVICE). */
export type KvmDevice = KvmDeviceAttrs;

/** A vCPU file descriptor. */
export interface KvmVcpu {
  /** The mmapped `struct kvm_run` (KVM_GET_VCPU_MMAP_SIZE bytes), shared with the kernel. */
  readonly run: Uint8Array;
  /** KVM_ARM_VCPU_INIT with the bytes of `struct kvm_vcpu_init`. */
  armVcpuInit(init: Uint8Array): void;
  /** KVM_GET_ONE_REG for a 64-bit (or narrower) register id. */
  getOneReg(id: bigint): bigint;
  /** KVM_SET_ONE_REG. */
  setOneReg(id: bigint, value: bigint): void;
  /**
   * KVM_GET_REG_LIST with the bytes of `struct kvm_reg_list` and the room after it (abi/reg-list.ts):
   * `n` in says how many ids fit, out how many the vCPU has (E2BIG when they do not fit).
   */
  getRegList?(list: Uint8Array): void;
  /** KVM_SET_GUEST_DEBUG with the bytes of `struct kvm_guest_debug`. */
  setGuestDebug(dbg: Uint8Array): void;
  /**
   * KVM_GET_MP_STATE: fills the bytes of `struct kvm_mp_state` with the vCPU's power state
   * (KVM_MP_STATE_RUNNABLE, _STOPPED or _SUSPENDED on arm64).
   */
  getMpState(mp: Uint8Array): void;
  /** KVM_SET_MP_STATE with the bytes of `struct kvm_mp_state` (EINVAL for a state arm64 does not have). */
  setMpState(mp: Uint8Array): void;
  /** KVM_RUN: returns when the vCPU exits; the exit is described in `run`. Throws KvmError (e.g. EINTR). */
  runVcpu(): void;
  /**
   * KVM_ENABLE_CAP on the vCPU fd with the bytes of `struct kvm_enable_cap` (see abi/enable-cap.ts);
   * EINVAL for a capability the kernel cannot enable there.
   */
  enableCap(cap: Uint8Array): void;
  /** KVM_SET_DEVICE_ATTR on the vCPU fd (timer and PMU attributes). */
  setDeviceAttr?(attr: Uint8Array, data: Uint8Array): void;
  /** KVM_GET_DEVICE_ATTR on the vCPU fd. */
  getDeviceAttr?(attr: Uint8Array, data: Uint8Array): void;
  /** KVM_HAS_DEVICE_ATTR on the vCPU fd. */
  hasDeviceAttr?(attr: Uint8Array): void;
}
