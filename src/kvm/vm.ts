/**
 * A VM file descriptor of the model kernel: memory slots, capabilities, vCPU creation.
 * One method per VM ioctl, named after it; failures throw KvmError with the kernel's errno.
 */
import { KvmError, type Endian, type KvmVm, type UserMemoryRegion } from '../abi/backend.ts';
import { KVM_CAP_ARM_NISV_TO_USER, KVM_MEM_LOG_DIRTY_PAGES, KVM_MEM_READONLY } from '../abi/constants.ts';
import { encodeVcpuInit } from '../abi/vcpu-init.ts';
import type { GuestCpu } from '../cpu/api.ts';
import { KVM_MAX_VCPUS, kvmVmIoctlCheckExtension } from './caps.ts';
import type { KernelProfile } from './profile.ts';
import type { SignalTimer } from './signal-timer.ts';
import { Vcpu } from './vcpu.ts';
import type { VcpuArch, VmContext } from './vcpu-arch.ts';

export const PAGE_SIZE = 4096;

/** What a VM needs from /dev/kvm. */
export interface KvmContext {
  readonly profile: KernelProfile;
  readonly e: Endian;
  readonly timer: SignalTimer;
  readonly mmapSize: number;
  readonly preferredTarget: number;
  readonly createCpu: () => GuestCpu;
  /** Memory came from allocGuestMemory (the model's access_ok()). */
  isGuestMemory(mem: Uint8Array): boolean;
}

interface Memslot {
  id: number;
  flags: number;
  base: bigint;
  memory: Uint8Array;
  /** Per page: mapped at stage 2 (1) or not yet (0). Linux maps a slot's pages on the guest's first access. */
  s2: Uint8Array;
}

export class Vm implements KvmVm, VmContext {
  nisvToUser = false;
  psciVersion = 0;
  private readonly slots = new Map<number, Memslot>();
  private readonly vcpuList: Vcpu[] = [];

  constructor(private readonly kvm: KvmContext, readonly ipaBits: number) {}

  get profile(): KernelProfile {
    return this.kvm.profile;
  }

  get e(): Endian {
    return this.kvm.e;
  }

  get timer(): SignalTimer {
    return this.kvm.timer;
  }

  /** KVM_CHECK_EXTENSION on the VM fd (api.rst 4.4; arm.c kvm_vm_ioctl_check_extension): as on /dev/kvm. */
  checkExtension(cap: number): number {
    return kvmVmIoctlCheckExtension(this.profile, cap);
  }

  /**
   * KVM_ENABLE_CAP on the VM fd (api.rst 4.37; arm.c kvm_vm_ioctl_enable_cap). Only
   * KVM_CAP_ARM_NISV_TO_USER is modelled: data aborts without a valid syndrome then exit with
   * KVM_EXIT_ARM_NISV instead of failing KVM_RUN with ENOSYS. Non-zero flags or another cap: EINVAL.
   */
  enableCap(cap: number, flags = 0): void {
    if (flags !== 0 || cap !== KVM_CAP_ARM_NISV_TO_USER) throw new KvmError('EINVAL', 'KVM_ENABLE_CAP', `cap ${cap}`);
    this.nisvToUser = true;
  }

  /**
   * KVM_SET_USER_MEMORY_REGION (api.rst 4.35; virt/kvm/kvm_main.c __kvm_set_memory_region, arm64
   * mmu.c kvm_arch_prepare_memory_region). Size, guest address and the userspace mapping must be 4 KiB
   * aligned, the slot id below KVM_USER_MEM_SLOTS (512 on 5.10, 32767 on 6.1), the flags known: else
   * EINVAL. Size 0 deletes the slot (EINVAL if there is none). A new or moved slot that overlaps another is
   * EEXIST; one that ends beyond the VM's IPA space is EFAULT. An existing slot may only move or change
   * its dirty-logging flag (same mapping and size, else EINVAL; check_memory_region_flags and the
   * KVM_MR_FLAGS_ONLY rule that KVM_MEM_READONLY cannot change). KVM_MEM_READONLY (arm64 defines
   * __KVM_HAVE_READONLY_MEM in both profiles) makes stage 2 map the slot without write permission:
   * reads and fetches are plain memory, a write exits to userspace as KVM_EXIT_MMIO (mmu.c
   * kvm_handle_guest_abort, `write_fault && !writable`).
   */
  setUserMemoryRegion(region: UserMemoryRegion): void {
    const fail = (errno: 'EINVAL' | 'EEXIST' | 'EFAULT', why: string): never => {
      throw new KvmError(errno, 'KVM_SET_USER_MEMORY_REGION', why);
    };
    const { slot, flags, guestPhysAddr: base, memory } = region;
    if (flags & ~(KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY)) fail('EINVAL', `unknown flags 0x${flags.toString(16)}`);
    const size = memory.length;
    if (size % PAGE_SIZE) fail('EINVAL', 'memory_size is not a multiple of 4096');
    if (base % BigInt(PAGE_SIZE) !== 0n || base < 0n) fail('EINVAL', 'guest_phys_addr is not 4 KiB aligned');
    if (size && (memory.byteOffset % PAGE_SIZE || !this.kvm.isGuestMemory(memory))) {
      fail('EINVAL', 'userspace_addr is not page-aligned memory from allocGuestMemory');
    }
    const asId = slot >>> 16;
    const id = slot & 0xffff;
    if (!Number.isInteger(slot) || slot < 0 || asId !== 0 || id >= this.profile.userMemSlots) fail('EINVAL', `slot ${slot}`);
    if (base + BigInt(size) > 0xffffffffffffffffn) fail('EINVAL', 'guest_phys_addr + memory_size wraps');

    const old = this.slots.get(id);
    if (size === 0) {
      if (!old) fail('EINVAL', `slot ${id} does not exist`);
      this.slots.delete(id);
      for (const v of this.vcpuList) v.cpu.unmapRam(old!.base);
      return;
    }
    if (old) {
      const sameMapping = old.memory.buffer === memory.buffer && old.memory.byteOffset === memory.byteOffset;
      if (!sameMapping || old.memory.length !== size || ((flags ^ old.flags) & KVM_MEM_READONLY)) {
        fail('EINVAL', `slot ${id} exists with another mapping or size`);
      }
      if (base === old.base) {
        old.flags = flags;
        return;
      }
    }
    for (const s of this.slots.values()) {
      if (s.id !== id && base < s.base + BigInt(s.memory.length) && s.base < base + BigInt(size)) {
        fail('EEXIST', `overlaps slot ${s.id}`);
      }
    }
    if (base + BigInt(size) > 1n << BigInt(this.ipaBits)) fail('EFAULT', `beyond the ${this.ipaBits}-bit IPA space`);
    if (old) for (const v of this.vcpuList) v.cpu.unmapRam(old.base);
    this.slots.set(id, { id, flags, base, memory, s2: new Uint8Array(size / PAGE_SIZE) });
    const readOnly = (flags & KVM_MEM_READONLY) !== 0;
    for (const v of this.vcpuList) v.cpu.mapRam(base, memory, { lazy: true, readOnly });
  }

  /**
   * KVM_ARM_PREFERRED_TARGET (api.rst 4.83; arm.c kvm_vcpu_preferred_target): the target the host CPU
   * supports (KVM_ARM_TARGET_GENERIC_V8 for the modelled `max` CPU) and no features.
   */
  armPreferredTarget(): Uint8Array {
    return encodeVcpuInit({ target: this.kvm.preferredTarget, features: [] }, this.e);
  }

  /**
   * KVM_CREATE_VCPU (api.rst 4.7; kvm_main.c kvm_vm_ioctl_create_vcpu): ids from 0 to KVM_MAX_VCPUS-1
   * (EINVAL otherwise), each once (EEXIST). The vCPU sees every memory slot.
   */
  createVcpu(id: number): Vcpu {
    if (!Number.isInteger(id) || id < 0 || id >= KVM_MAX_VCPUS) throw new KvmError('EINVAL', 'KVM_CREATE_VCPU', `id ${id}`);
    if (this.vcpuList.some((v) => v.arch.vcpuId === id)) throw new KvmError('EEXIST', 'KVM_CREATE_VCPU', `vCPU ${id} exists`);
    const cpu = this.kvm.createCpu();
    for (const s of this.slots.values()) {
      cpu.mapRam(s.base, s.memory, { lazy: true, readOnly: (s.flags & KVM_MEM_READONLY) !== 0 });
      s.s2.forEach((m, p) => { if (m) cpu.stage2Map(s.base + BigInt(p * PAGE_SIZE), PAGE_SIZE); });
    }
    const vcpu = new Vcpu(this, id, cpu, this.kvm.mmapSize, this.kvm.preferredTarget);
    this.vcpuList.push(vcpu);
    return vcpu;
  }

  /**
   * Not an ioctl: userspace wrote instructions into guest memory (a software breakpoint, new code), which
   * on an arm64 host it follows with cache maintenance. The model's vCPUs drop their predecoded copies.
   */
  syncGuestCode(guestPhysAddr: bigint, len: number): void {
    if (!Number.isSafeInteger(len) || len < 0) throw new RangeError(`syncGuestCode: bad length ${len}`);
    for (const v of this.vcpuList) v.cpu.invalidateCode(guestPhysAddr, len);
  }

  memslotFlags(ipa: bigint): number | undefined {
    for (const s of this.slots.values()) if (ipa >= s.base && ipa < s.base + BigInt(s.memory.length)) return s.flags;
    return undefined;
  }

  mapStage2Page(ipa: bigint): void {
    for (const s of this.slots.values()) {
      if (ipa < s.base || ipa >= s.base + BigInt(s.memory.length)) continue;
      const p = Number((ipa - s.base) / BigInt(PAGE_SIZE));
      s.s2[p] = 1;
      for (const v of this.vcpuList) v.cpu.stage2Map(s.base + BigInt(p * PAGE_SIZE), PAGE_SIZE);
    }
  }

  vcpus(): readonly VcpuArch[] {
    return this.vcpuList.map((v) => v.arch);
  }
}
