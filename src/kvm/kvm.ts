/**
 * The /dev/kvm file descriptor of the model kernel. One method per system ioctl, named after it; it
 * creates VMs, which create vCPUs (Kvm -> Vm -> Vcpu, as the kernel's file descriptors).
 */
import { KvmError, type Endian, type KvmSystem } from '../abi/backend.ts';
import { KVM_API_VERSION, KVM_ARM_TARGET_GENERIC_V8 } from '../abi/constants.ts';
import type { GuestCpu } from '../cpu/api.ts';
import { allocHostMemory } from '../cpu/host-memory.ts';
import { KVM_IPA_LIMIT, kvmVmIoctlCheckExtension } from './caps.ts';
import type { KernelProfile } from './profile.ts';
import { SignalTimer, type HostClock } from './signal-timer.ts';
import { PAGE_SIZE, Vm, type KvmContext } from './vm.ts';

/** KVM_PHYS_SHIFT: the IPA size of a VM created with type 0. */
const KVM_PHYS_SHIFT = 40;
/** ARM64_MIN_PARANGE_BITS: the smallest IPA size a VM type may ask for. */
const ARM64_MIN_PARANGE_BITS = 32;
/** KVM_VM_TYPE_ARM_IPA_SIZE_MASK: the only bits of the KVM_CREATE_VM type arm64 knows. */
const KVM_VM_TYPE_ARM_IPA_SIZE_MASK = 0xff;

export class Kvm implements KvmSystem {
  readonly backendName = 'model';
  private readonly timer: SignalTimer;
  private readonly guestMemory = new WeakSet<ArrayBufferLike>();
  private readonly ctx: KvmContext;

  constructor(readonly profile: KernelProfile, readonly hostEndian: Endian, createCpu: () => GuestCpu, clock?: HostClock) {
    this.timer = new SignalTimer(clock);
    this.ctx = {
      profile, e: hostEndian, timer: this.timer, mmapSize: this.getVcpuMmapSize(),
      preferredTarget: KVM_ARM_TARGET_GENERIC_V8, createCpu,
      isGuestMemory: (mem) => this.guestMemory.has(mem.buffer),
    };
  }

  get kernelDescription(): string {
    return `model of ${this.profile.description}, ${this.hostEndian === 'le' ? 'little' : 'big'}-endian host`;
  }

  /** KVM_GET_API_VERSION (api.rst 4.1): 12, the only version there has ever been since 2.6.22. */
  getApiVersion(): number {
    return KVM_API_VERSION;
  }

  /** KVM_CHECK_EXTENSION (api.rst 4.4; arm.c kvm_vm_ioctl_check_extension): see caps.ts; profiles differ in SET_GUEST_DEBUG2. */
  checkExtension(cap: number): number {
    return kvmVmIoctlCheckExtension(this.profile, cap);
  }

  /**
   * KVM_GET_VCPU_MMAP_SIZE (api.rst 4.5; virt/kvm/kvm_main.c kvm_dev_ioctl): one page for struct kvm_run
   * plus one for the coalesced-MMIO ring (arm64 has KVM_MMIO), with 4 KiB pages: 8192.
   */
  getVcpuMmapSize(): number {
    return 2 * PAGE_SIZE;
  }

  /**
   * KVM_CREATE_VM (api.rst 4.2; arm64 kvm_init_stage2_mmu): type 0 gives a 40-bit IPA space; bits 7:0 may
   * ask for 32..48 bits (KVM_CAP_ARM_VM_IPA_SIZE); anything else is EINVAL. Same in both profiles.
   */
  createVm(type = 0): Vm {
    if (!Number.isInteger(type) || type < 0 || type & ~KVM_VM_TYPE_ARM_IPA_SIZE_MASK) {
      throw new KvmError('EINVAL', 'KVM_CREATE_VM', `type 0x${type.toString(16)}`);
    }
    const ipaBits = type & KVM_VM_TYPE_ARM_IPA_SIZE_MASK || KVM_PHYS_SHIFT;
    if (ipaBits > KVM_IPA_LIMIT || ipaBits < ARM64_MIN_PARANGE_BITS) {
      throw new KvmError('EINVAL', 'KVM_CREATE_VM', `IPA size ${ipaBits} outside ${ARM64_MIN_PARANGE_BITS}..${KVM_IPA_LIMIT}`);
    }
    return new Vm(this.ctx, ipaBits);
  }

  /** mmap(MAP_ANONYMOUS) of `size` bytes, rounded up to whole pages, zero-filled. */
  allocGuestMemory(size: number): Uint8Array {
    if (!Number.isSafeInteger(size) || size <= 0) throw new KvmError('EINVAL', 'mmap', `size ${size}`);
    // where the CPU's WebAssembly blocks reach it (cpu/host-memory.ts)
    const mem = allocHostMemory(Math.ceil(size / PAGE_SIZE) * PAGE_SIZE);
    this.guestMemory.add(mem.buffer);
    return mem;
  }

  /** setitimer(ITIMER_REAL) with a SIGALRM handler: KVM_RUN then returns EINTR at least every `ms`. */
  setTimerSignal(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new KvmError('EINVAL', 'setitimer', `period ${ms} ms`);
    this.timer.arm(ms);
  }
}
