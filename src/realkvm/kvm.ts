/**
 * The `/dev/kvm` system file descriptor of a real Linux kernel (Documentation/virt/kvm/api.rst,
 * "System ioctls"; virt/kvm/kvm_main.c kvm_dev_ioctl). Every method is one ioctl through koffi; a
 * failure throws KvmError with the kernel's errno.
 */
import { IOCTLS, type Endian, type KvmSystem, type KvmVm } from '../abi/index.ts';
import { errnoError } from './errno.ts';
import { Host } from './host.ts';
import {
  ITIMER_REAL, ITIMERVAL_SIZE, MAP_ANONYMOUS, MAP_FAILED, MAP_NORESERVE, MAP_PRIVATE, O_CLOEXEC, O_RDWR, PROT_READ,
  PROT_WRITE, type Libc,
} from './libc.ts';
import { RealVm } from './vm.ts';

/** What the process shares with signal handling: one SIGALRM listener for all RealKvm objects. */
export interface SignalHooks {
  /** Install a handler for SIGALRM (so the signal interrupts KVM_RUN instead of killing the process). */
  installAlarmHandler(): void;
}

export class RealKvm implements KvmSystem {
  readonly backendName = 'real';
  readonly host: Host;
  private readonly timerval = new Uint8Array(ITIMERVAL_SIZE);

  constructor(
    readonly libc: Libc,
    readonly fd: number,
    readonly hostEndian: Endian,
    readonly kernelDescription: string,
    private readonly signals: SignalHooks,
  ) {
    this.host = new Host(libc, hostEndian);
  }

  get mappings(): Host['mappings'] {
    return this.host.mappings;
  }

  /** open(path, O_RDWR | O_CLOEXEC), as every VMM opens /dev/kvm. */
  static open(libc: Libc, path: string, hostEndian: Endian, kernelDescription: string, signals: SignalHooks): RealKvm {
    const fd = libc.open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) throw errnoError(libc.errno(), `open(${path})`);
    return new RealKvm(libc, fd, hostEndian, kernelDescription, signals);
  }

  /** An ioctl on any fd (integer argument), for callers outside the fd objects. */
  ioctlArg(fd: number, name: keyof typeof IOCTLS, arg: number | bigint): number {
    return this.host.ioctlArg(fd, name, arg);
  }

  /** KVM_GET_API_VERSION (argument 0: the kernel rejects anything else with EINVAL). */
  getApiVersion(): number {
    return this.ioctlArg(this.fd, 'KVM_GET_API_VERSION', 0);
  }

  /** KVM_CHECK_EXTENSION on the system fd: 0 for unsupported, else a capability-specific value. */
  checkExtension(cap: number): number {
    return this.ioctlArg(this.fd, 'KVM_CHECK_EXTENSION', cap);
  }

  /** KVM_GET_VCPU_MMAP_SIZE: the kvm_run page plus what follows it (8192 with 4 KiB pages on arm64). */
  getVcpuMmapSize(): number {
    return this.ioctlArg(this.fd, 'KVM_GET_VCPU_MMAP_SIZE', 0);
  }

  /** KVM_CREATE_VM: the type selects the IPA size on arm64 (0: 40 bits). */
  createVm(type = 0): KvmVm {
    return new RealVm(this.host, this.ioctlArg(this.fd, 'KVM_CREATE_VM', type), this.getVcpuMmapSize());
  }

  /** mmap(MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE), viewed as bytes; the mapping lives as long as the process. */
  allocGuestMemory(size: number): Uint8Array {
    if (!Number.isSafeInteger(size) || size <= 0) throw new RangeError(`guest memory size ${size} is not a positive integer`);
    const ptr = this.libc.mmap(null, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (ptr === MAP_FAILED) throw errnoError(this.libc.errno(), 'mmap(guest memory)');
    const bytes = new Uint8Array(this.libc.view(ptr, size));
    this.mappings.add(bytes, ptr);
    return bytes;
  }

  /**
   * setitimer(ITIMER_REAL, {interval = value = ms}): SIGALRM every `ms` ms. A handler is installed first
   * (the default action would end the process); a KVM_RUN in progress then returns EINTR with
   * exit_reason KVM_EXIT_INTR (arch/arm64/kvm/arm.c, kvm_arch_vcpu_ioctl_run checks signal_pending).
   */
  setTimerSignal(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`timer period ${ms} ms must be >= 0`);
    if (ms > 0) this.signals.installAlarmHandler();
    const usec = BigInt(Math.round(ms * 1000));
    const sec = usec / 1_000_000n;
    const rest = usec % 1_000_000n;
    const dv = new DataView(this.timerval.buffer);
    const le = this.hostEndian === 'le';
    // struct itimerval { struct timeval it_interval, it_value; }, timeval = { long tv_sec, tv_usec }
    for (const base of [0, 16]) {
      dv.setBigInt64(base, sec, le);
      dv.setBigInt64(base + 8, rest, le);
    }
    if (this.libc.setitimer(ITIMER_REAL, this.timerval, null) < 0) throw errnoError(this.libc.errno(), 'setitimer');
  }
}
