/**
 * A real VM file descriptor (api.rst "VM ioctls"; virt/kvm/kvm_main.c kvm_vm_ioctl and
 * arch/arm64/kvm/arm.c kvm_arch_vm_ioctl).
 */
import {
  KVM_CREATE_DEVICE, KVM_CREATE_DEVICE_TEST, KVM_IRQ_LEVEL, KVM_USERSPACE_MEMORY_REGION, KVM_VCPU_INIT, KvmError,
  decodeCreateDevice, writeField, type KvmVcpu, type KvmVm, type UserMemoryRegion,
} from '../abi/index.ts';
import { RealDevice } from './device.ts';
import type { Host } from './host.ts';
import { RealVcpu } from './vcpu.ts';

export class RealVm implements KvmVm {
  private readonly regionBuf = new Uint8Array(KVM_USERSPACE_MEMORY_REGION.size);
  private readonly slots = new Map<number, { gpa: bigint; ptr: bigint; size: number }>();

  constructor(
    private readonly kvm: Host,
    readonly fd: number,
    /** KVM_GET_VCPU_MMAP_SIZE, asked once by the system fd. */
    private readonly runSize: number,
  ) {}

  /** KVM_CHECK_EXTENSION on the VM fd (answers for this VM, e.g. its IPA size). */
  checkExtension(cap: number): number {
    return this.kvm.ioctlArg(this.fd, 'KVM_CHECK_EXTENSION', cap);
  }

  /**
   * KVM_SET_USER_MEMORY_REGION with `userspace_addr` the host address of `memory`, which must come from
   * allocGuestMemory (a heap buffer could be collected while the guest still uses it).
   */
  setUserMemoryRegion(region: UserMemoryRegion): void {
    const ptr = this.kvm.mappings.addressOf(region.memory);
    if (ptr === null) {
      throw new KvmError('EFAULT', 'KVM_SET_USER_MEMORY_REGION', 'memory does not come from allocGuestMemory');
    }
    const e = this.kvm.endian;
    const b = this.regionBuf;
    const S = KVM_USERSPACE_MEMORY_REGION;
    writeField(b, S, 'slot', region.slot, e);
    writeField(b, S, 'flags', region.flags, e);
    writeField(b, S, 'guest_phys_addr', region.guestPhysAddr, e);
    writeField(b, S, 'memory_size', BigInt(region.memory.length), e);
    writeField(b, S, 'userspace_addr', ptr, e);
    this.kvm.ioctlPtr(this.fd, 'KVM_SET_USER_MEMORY_REGION', b);
    if (region.memory.length === 0) this.slots.delete(region.slot);
    else this.slots.set(region.slot, { gpa: region.guestPhysAddr, ptr, size: region.memory.length });
  }

  /** KVM_ARM_PREFERRED_TARGET: the kernel fills a struct kvm_vcpu_init. */
  armPreferredTarget(): Uint8Array {
    const b = new Uint8Array(KVM_VCPU_INIT.size);
    this.kvm.ioctlPtr(this.fd, 'KVM_ARM_PREFERRED_TARGET', b);
    return b;
  }

  /** KVM_CREATE_VCPU, then mmap of its kvm_run (KVM_GET_VCPU_MMAP_SIZE bytes, MAP_SHARED on the vCPU fd). */
  createVcpu(id: number): KvmVcpu {
    const fd = this.kvm.ioctlArg(this.fd, 'KVM_CREATE_VCPU', id);
    return RealVcpu.map(this.kvm, fd, this.runSize);
  }

  /** KVM_CREATE_DEVICE with the bytes of struct kvm_create_device; the kernel's fd becomes a RealDevice. */
  createDevice(cd: Uint8Array): RealDevice | null {
    if (cd.length < KVM_CREATE_DEVICE.size) throw new KvmError('EFAULT', 'KVM_CREATE_DEVICE', 'struct kvm_create_device is 12 bytes');
    const b = cd.slice(0, KVM_CREATE_DEVICE.size);
    this.kvm.ioctlPtr(this.fd, 'KVM_CREATE_DEVICE', b);
    const { fd, flags } = decodeCreateDevice(b, this.kvm.endian);
    return flags & KVM_CREATE_DEVICE_TEST ? null : new RealDevice(this.kvm, fd);
  }

  /** KVM_IRQ_LINE with the bytes of struct kvm_irq_level. */
  irqLine(irqLevel: Uint8Array): void {
    if (irqLevel.length < KVM_IRQ_LEVEL.size) throw new KvmError('EFAULT', 'KVM_IRQ_LINE', 'struct kvm_irq_level is 8 bytes');
    this.kvm.ioctlPtr(this.fd, 'KVM_IRQ_LINE', irqLevel.slice(0, KVM_IRQ_LEVEL.size));
  }

  /**
   * After userspace writes instructions into guest memory: clean the data cache to the point of
   * unification and invalidate the instruction cache over the host mapping (libgcc __clear_cache), as
   * the architecture requires for self- or cross-modified code (Arm ARM B2.4.4).
   */
  syncGuestCode(guestPhysAddr: bigint, len: number): void {
    const clear = this.kvm.libc.clearCache;
    if (!clear || len <= 0) return;
    for (const s of this.slots.values()) {
      const lo = guestPhysAddr > s.gpa ? guestPhysAddr : s.gpa;
      const hi = guestPhysAddr + BigInt(len) < s.gpa + BigInt(s.size) ? guestPhysAddr + BigInt(len) : s.gpa + BigInt(s.size);
      if (lo < hi) clear(s.ptr + (lo - s.gpa), s.ptr + (hi - s.gpa));
    }
  }
}
