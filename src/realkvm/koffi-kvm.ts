/**
 * The real `/dev/kvm` behind the KvmSystem interface, for Node on an arm64 Linux host, through koffi
 * (libc's open, ioctl, mmap, gettid, timer_create, timer_settime). Every ioctl is one koffi call; structs
 * travel as the bytes abi/ encodes; a failing call throws KvmError with the kernel's errno.
 *
 * Pitfall kept in mind (measured on arm64): KVM_GET_API_VERSION and KVM_GET_VCPU_MMAP_SIZE reject a
 * non-zero third argument, so the argument is always passed explicitly (fixed 3-argument prototypes;
 * AAPCS64 passes variadic and named integer arguments alike).
 */
import koffi from 'koffi';
import { endianness } from 'node:os';
import {
  IOCTLS,
  KVM_USERSPACE_MEMORY_REGION,
  KVM_VCPU_INIT,
  KvmError,
  fieldInfo,
  regIdSize,
  writeU32,
  writeU64,
  readU32,
  readU64,
  type Endian,
  type Errno,
  type KvmSystem,
  type KvmVcpu,
  type KvmVm,
  type UserMemoryRegion,
} from '../abi/index.ts';

const O_RDWR = 2;
const O_CLOEXEC = 0x80000;
const PROT_READ_WRITE = 3;
const MAP_SHARED = 0x01;
const MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
const MAP_FAILED = (1n << 64n) - 1n;
const SIGALRM = 14;
const SIGEV_THREAD_ID = 4;
const CLOCK_MONOTONIC = 1;

/** Linux errno numbers (asm-generic) of the names KvmError carries. */
const ERRNO: Record<number, Errno> = {
  1: 'EPERM', 2: 'ENOENT', 4: 'EINTR', 5: 'EIO', 6: 'ENXIO', 7: 'E2BIG', 8: 'ENOEXEC', 9: 'EBADF', 11: 'EAGAIN',
  12: 'ENOMEM', 14: 'EFAULT', 16: 'EBUSY', 17: 'EEXIST', 22: 'EINVAL', 28: 'ENOSPC', 34: 'ERANGE', 38: 'ENOSYS',
  95: 'EOPNOTSUPP',
};

interface Libc {
  open: (path: string, flags: number) => number;
  close: (fd: number) => number;
  ioctlArg: (fd: number, req: number, arg: number) => number;
  ioctlPtr: (fd: number, req: number, arg: Uint8Array) => number;
  mmap: (addr: null, len: number, prot: number, flags: number, fd: number, off: number) => bigint;
  gettid: () => number;
  timerCreate: (clock: number, sev: Uint8Array, out: Uint8Array) => number;
  timerSettime: (timer: bigint, flags: number, spec: Uint8Array, old: null) => number;
}

let libc: Libc | undefined;
function loadLibc(): Libc {
  if (libc) return libc;
  const lib = koffi.load('libc.so.6');
  libc = {
    open: lib.func('int open(const char *path, int flags)'),
    close: lib.func('int close(int fd)'),
    ioctlArg: lib.func('ioctl', 'int', ['int', 'unsigned long', 'unsigned long']),
    ioctlPtr: lib.func('ioctl', 'int', ['int', 'unsigned long', 'void *']),
    mmap: lib.func('void *mmap(void *addr, size_t len, int prot, int flags, int fd, int64_t off)'),
    gettid: lib.func('int gettid(void)'),
    timerCreate: lib.func('timer_create', 'int', ['int', 'void *', 'void *']),
    timerSettime: lib.func('timer_settime', 'int', ['uint64_t', 'int', 'void *', 'void *']),
  };
  return libc;
}

function fail(ioctl: string): never {
  const n = koffi.errno();
  const name = ERRNO[n];
  throw new KvmError(name ?? 'EIO', ioctl, name ? undefined : `errno ${n}`);
}

function checked(ioctl: string, rc: number): number {
  if (rc < 0) fail(ioctl);
  return rc;
}

function mapShared(c: Libc, fd: number, size: number, what: string): Uint8Array {
  const p = c.mmap(null, size, PROT_READ_WRITE, fd < 0 ? MAP_PRIVATE_ANONYMOUS : MAP_SHARED, fd, 0);
  if (BigInt(p) === MAP_FAILED) fail(what);
  return new Uint8Array(koffi.view(p, size) as ArrayBuffer);
}

/** Addresses of the guest memory this process mapped, so a memory slot can name its userspace_addr. */
const addresses = new WeakMap<ArrayBuffer, bigint>();

class RealVcpu implements KvmVcpu {
  readonly run: Uint8Array;
  constructor(private readonly c: Libc, private readonly fd: number, mmapSize: number, private readonly e: Endian) {
    this.run = mapShared(c, fd, mmapSize, 'mmap(kvm_run)');
  }
  armVcpuInit(init: Uint8Array): void {
    checked('KVM_ARM_VCPU_INIT', this.c.ioctlPtr(this.fd, IOCTLS.KVM_ARM_VCPU_INIT, Buffer.from(init)));
  }
  private oneReg(ioctl: 'KVM_GET_ONE_REG' | 'KVM_SET_ONE_REG', id: bigint, value: Uint8Array): void {
    const reg = Buffer.alloc(16);
    writeU64(reg, 0, id, this.e);
    writeU64(reg, 8, BigInt(koffi.address(value)), this.e);
    checked(ioctl, this.c.ioctlPtr(this.fd, IOCTLS[ioctl], reg));
  }
  getOneReg(id: bigint): bigint {
    const size = regIdSize(id);
    if (size > 8) throw new KvmError('EINVAL', 'KVM_GET_ONE_REG', `register of ${size} bytes: use a wider accessor`);
    const v = Buffer.alloc(8);
    this.oneReg('KVM_GET_ONE_REG', id, v);
    return size === 8 ? readU64(v, 0, this.e) : BigInt(readU32(v, 0, this.e));
  }
  setOneReg(id: bigint, value: bigint): void {
    const size = regIdSize(id);
    if (size > 8) throw new KvmError('EINVAL', 'KVM_SET_ONE_REG', `register of ${size} bytes: use a wider accessor`);
    const v = Buffer.alloc(8);
    if (size === 8) writeU64(v, 0, value, this.e);
    else writeU32(v, 0, Number(value & 0xffffffffn), this.e);
    this.oneReg('KVM_SET_ONE_REG', id, v);
  }
  setGuestDebug(dbg: Uint8Array): void {
    checked('KVM_SET_GUEST_DEBUG', this.c.ioctlPtr(this.fd, IOCTLS.KVM_SET_GUEST_DEBUG, Buffer.from(dbg)));
  }
  runVcpu(): void {
    checked('KVM_RUN', this.c.ioctlArg(this.fd, IOCTLS.KVM_RUN, 0));
  }
}

class RealVm implements KvmVm {
  constructor(private readonly c: Libc, private readonly fd: number, private readonly mmapSize: number, private readonly e: Endian) {}
  checkExtension(cap: number): number {
    return checked('KVM_CHECK_EXTENSION', this.c.ioctlArg(this.fd, IOCTLS.KVM_CHECK_EXTENSION, cap));
  }
  setUserMemoryRegion(region: UserMemoryRegion): void {
    const addr = addresses.get(region.memory.buffer as ArrayBuffer);
    if (addr === undefined) throw new KvmError('EFAULT', 'KVM_SET_USER_MEMORY_REGION', 'memory not from allocGuestMemory');
    const s = KVM_USERSPACE_MEMORY_REGION;
    const b = Buffer.alloc(s.size);
    writeU32(b, fieldInfo(s, 'slot').offset, region.slot, this.e);
    writeU32(b, fieldInfo(s, 'flags').offset, region.flags, this.e);
    writeU64(b, fieldInfo(s, 'guest_phys_addr').offset, region.guestPhysAddr, this.e);
    writeU64(b, fieldInfo(s, 'memory_size').offset, BigInt(region.memory.length), this.e);
    writeU64(b, fieldInfo(s, 'userspace_addr').offset, addr + BigInt(region.memory.byteOffset), this.e);
    checked('KVM_SET_USER_MEMORY_REGION', this.c.ioctlPtr(this.fd, IOCTLS.KVM_SET_USER_MEMORY_REGION, b));
  }
  armPreferredTarget(): Uint8Array {
    const b = Buffer.alloc(KVM_VCPU_INIT.size);
    checked('KVM_ARM_PREFERRED_TARGET', this.c.ioctlPtr(this.fd, IOCTLS.KVM_ARM_PREFERRED_TARGET, b));
    return new Uint8Array(b);
  }
  createVcpu(id: number): KvmVcpu {
    const fd = checked('KVM_CREATE_VCPU', this.c.ioctlArg(this.fd, IOCTLS.KVM_CREATE_VCPU, id));
    return new RealVcpu(this.c, fd, this.mmapSize, this.e);
  }
}

class RealKvm implements KvmSystem {
  readonly backendName = 'real';
  readonly hostEndian: Endian = endianness() === 'LE' ? 'le' : 'be';
  readonly kernelDescription: string;
  private timer: bigint | undefined;
  private readonly c = loadLibc();
  private readonly fd: number;

  constructor(path: string, release: string) {
    this.fd = this.c.open(path, O_RDWR | O_CLOEXEC);
    if (this.fd < 0) fail(`open(${path})`);
    this.kernelDescription = `Linux ${release} (${path})`;
  }
  getApiVersion(): number {
    return checked('KVM_GET_API_VERSION', this.c.ioctlArg(this.fd, IOCTLS.KVM_GET_API_VERSION, 0));
  }
  checkExtension(cap: number): number {
    return checked('KVM_CHECK_EXTENSION', this.c.ioctlArg(this.fd, IOCTLS.KVM_CHECK_EXTENSION, cap));
  }
  getVcpuMmapSize(): number {
    return checked('KVM_GET_VCPU_MMAP_SIZE', this.c.ioctlArg(this.fd, IOCTLS.KVM_GET_VCPU_MMAP_SIZE, 0));
  }
  createVm(type = 0): KvmVm {
    const fd = checked('KVM_CREATE_VM', this.c.ioctlArg(this.fd, IOCTLS.KVM_CREATE_VM, type));
    return new RealVm(this.c, fd, this.getVcpuMmapSize(), this.hostEndian);
  }
  allocGuestMemory(size: number): Uint8Array {
    const p = this.c.mmap(null, size, PROT_READ_WRITE, MAP_PRIVATE_ANONYMOUS, -1, 0);
    if (BigInt(p) === MAP_FAILED) fail('mmap(guest memory)');
    const ab = koffi.view(p, size) as ArrayBuffer;
    addresses.set(ab, BigInt(p));
    return new Uint8Array(ab);
  }
  /**
   * A POSIX timer that sends SIGALRM to this thread (SIGEV_THREAD_ID), not to the process: Node has
   * helper threads, and a process-directed signal taken by one of them would not interrupt KVM_RUN.
   * Node's own SIGALRM handler (a no-op here) keeps the signal from killing the process.
   */
  setTimerSignal(ms: number): void {
    if (this.timer === undefined) {
      process.on('SIGALRM', () => {});
      const sev = Buffer.alloc(64);
      writeU32(sev, 8, SIGALRM, this.hostEndian);
      writeU32(sev, 12, SIGEV_THREAD_ID, this.hostEndian);
      writeU32(sev, 16, this.c.gettid(), this.hostEndian);
      const id = Buffer.alloc(8);
      if (this.c.timerCreate(CLOCK_MONOTONIC, sev, id) < 0) fail('timer_create');
      this.timer = readU64(id, 0, this.hostEndian);
    }
    const spec = Buffer.alloc(32);
    const ns = BigInt(ms) * 1_000_000n;
    for (const off of [0, 16]) {
      writeU64(spec, off, ns / 1_000_000_000n, this.hostEndian);
      writeU64(spec, off + 8, ns % 1_000_000_000n, this.hostEndian);
    }
    if (this.c.timerSettime(this.timer, 0, spec, null) < 0) fail('timer_settime');
  }
}

/** Opens the real KVM device (default /dev/kvm). `release` is only for kernelDescription. */
export function openRealKvm(path = '/dev/kvm', release = 'host'): KvmSystem {
  return new RealKvm(path, release);
}
