/**
 * The libc calls the real backend makes, through koffi (loaded lazily, on first use, so hosts that
 * never select the real backend never load a native module).
 *
 * ioctl(2) is variadic in C; every request is declared here with a FIXED third argument (an integer or a
 * pointer). A variadic call that omits the argument leaves junk in x2 on arm64, and the kernel rejects
 * KVM_GET_API_VERSION / KVM_GET_VCPU_MMAP_SIZE whose argument is not 0 (virt/kvm/kvm_main.c,
 * kvm_dev_ioctl). On AAPCS64 named and variadic integer arguments travel in the same registers, so the
 * fixed declaration calls the same function correctly.
 *
 * Constants are the Linux generic (asm-generic) values that arm64 uses: fcntl.h, mman-common.h,
 * linux/time.h. Pointers are bigint in koffi 3.
 */
export const O_RDWR = 0o2;
export const O_CLOEXEC = 0o2000000;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_ANONYMOUS = 0x20;
export const MAP_NORESERVE = 0x4000;
export const ITIMER_REAL = 0;
/** mmap's MAP_FAILED, (void *)-1, as koffi returns it. */
export const MAP_FAILED = (1n << 64n) - 1n;
/** sizeof(struct itimerval) on LP64: two struct timeval of two longs. */
export const ITIMERVAL_SIZE = 32;

export interface Libc {
  open(path: string, flags: number): number;
  close(fd: number): number;
  /** ioctl(fd, req, unsigned long arg) */
  ioctlArg(fd: number, req: number, arg: number | bigint): number;
  /** ioctl(fd, req, void *arg) with a buffer passed in place (the kernel's writes are visible after). */
  ioctlPtr(fd: number, req: number, arg: Uint8Array): number;
  mmap(addr: null, len: number | bigint, prot: number, flags: number, fd: number, off: number | bigint): bigint;
  setitimer(which: number, value: Uint8Array, old: null): number;
  /** The errno of the last call on this thread. */
  errno(): number;
  /** An ArrayBuffer over `len` bytes of native memory at `ptr`. */
  view(ptr: bigint, len: number): ArrayBuffer;
  /** The address of a buffer's first byte. */
  address(buf: Uint8Array): bigint;
  /** libgcc's __clear_cache(begin, end): DC CVAU + IC IVAU over the range; null where it is not found. */
  clearCache: ((begin: bigint, end: bigint) => void) | null;
}

let loaded: Promise<Libc> | undefined;

/** Loads koffi and declares the calls; the first caller pays, later callers share the promise. */
export function loadLibc(): Promise<Libc> {
  loaded ??= (async () => {
    // koffi's CommonJS entry, on purpose: its ES-module entry finds the native binary through
    // import.meta.dirname, which Node 18 (Debian bookworm's nodejs) does not have.
    const { createRequire } = await import('node:module');
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const lib = koffi.load('libc.so.6');
    const open = lib.func('open', 'int', ['str', 'int']);
    const close = lib.func('close', 'int', ['int']);
    const ioctlArg = lib.func('ioctl', 'int', ['int', 'unsigned long', 'unsigned long']);
    const ioctlPtr = lib.func('ioctl', 'int', ['int', 'unsigned long', 'void *']);
    const mmap = lib.func('mmap', 'void *', ['void *', 'size_t', 'int', 'int', 'int', 'int64_t']);
    const setitimer = lib.func('setitimer', 'int', ['int', 'void *', 'void *']);
    let clearCache: Libc['clearCache'] = null;
    try {
      const gcc = koffi.load('libgcc_s.so.1');
      const fn = gcc.func('__clear_cache', 'void', ['void *', 'void *']);
      clearCache = (b, e) => void fn(b, e);
    } catch {
      // x86 libgcc_s has no __clear_cache (its caches are coherent): clearCache stays null.
    }
    return {
      open: (p, f) => open(p, f) as number,
      close: (fd) => close(fd) as number,
      ioctlArg: (fd, req, arg) => ioctlArg(fd, req, arg) as number,
      ioctlPtr: (fd, req, arg) => ioctlPtr(fd, req, arg) as number,
      mmap: (a, len, prot, flags, fd, off) => BigInt(mmap(a, len, prot, flags, fd, off) as bigint),
      setitimer: (w, v, o) => setitimer(w, v, o) as number,
      errno: () => koffi.errno(),
      view: (ptr, len) => koffi.view(ptr, len),
      address: (buf) => koffi.address(buf),
      clearCache,
    };
  })();
  return loaded;
}
