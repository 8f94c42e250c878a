/**
 * A VM file descriptor of the model kernel: memory slots, capabilities, vCPU creation.
 * One method per VM ioctl, named after it; failures throw KvmError with the kernel's errno.
 */
import { KvmError, type Endian, type KvmVm, type UserMemoryRegion } from '../abi/backend.ts';
import { KVM_CAP_ARM_NISV_TO_USER, KVM_MEM_LOG_DIRTY_PAGES, KVM_MEM_READONLY } from '../abi/constants.ts';
import { decodeCreateDevice, decodeIrqLevel } from '../abi/device.ts';
import { KVM_DIRTY_LOG } from '../abi/kvm-structs.ts';
import { decodeDirtyLog, dirtyBitmapBytes, dirtyPages } from '../abi/reg-list.ts';
import { encodeVcpuInit } from '../abi/vcpu-init.ts';
import {
  KVM_ARM_IRQ_CPU_FIQ, KVM_ARM_IRQ_NUM_MASK, KVM_ARM_IRQ_NUM_SHIFT, KVM_ARM_IRQ_TYPE_CPU, KVM_ARM_IRQ_TYPE_MASK,
  KVM_ARM_IRQ_TYPE_PPI, KVM_ARM_IRQ_TYPE_SHIFT, KVM_ARM_IRQ_TYPE_SPI, KVM_ARM_IRQ_VCPU2_MASK, KVM_ARM_IRQ_VCPU2_SHIFT,
  KVM_ARM_IRQ_VCPU_MASK, KVM_ARM_IRQ_VCPU_SHIFT, KVM_CREATE_DEVICE_TEST, KVM_DEV_TYPE_ARM_VGIC_V2,
  KVM_DEV_TYPE_ARM_VGIC_V3, KVM_DEV_TYPE_MAX,
} from '../abi/vgic.ts';
import type { GuestCpu } from '../cpu/api.ts';
import { KVM_CAP_MAX_VCPUS, KVM_CAP_MAX_VCPU_ID, KVM_MAX_VCPUS, kvmVmIoctlCheckExtension } from './caps.ts';
import { EINVAL, ENODEV, ENXIO, errnoName } from './errno.ts';
import type { KernelProfile } from './profile.ts';
import type { SignalTimer } from './signal-timer.ts';
import { Vcpu } from './vcpu.ts';
import type { VcpuArch, VmContext } from './vcpu-arch.ts';
import { E2BIG, EBUSY, EEXIST, Vgic, type VgicCpu } from './vgic/vgic.ts';
import { connectVgicCpu } from './vgic/vgic-cpu-if.ts';
import { VgicDevice } from './vgic/vgic-kvm-device.ts';
import { registerRedist, v3CheckBase } from './vgic/vgic-mmio-v3.ts';
import { VGIC_NR_PRIVATE_IRQS, VGIC_NR_SGIS } from './vgic/vgic-irq.ts';

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
  /** The dirty bitmap (kvm_dirty_bitmap_bytes long) while KVM_MEM_LOG_DIRTY_PAGES is set, else null. */
  dirty: Uint8Array | null;
}

export class Vm implements KvmVm, VmContext {
  nisvToUser = false;
  psciVersion = 0;
  vgic: Vgic | null = null;
  vmDead = false;
  counter = 0;
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

  /**
   * KVM_CHECK_EXTENSION on the VM fd (api.rst 4.4; arm.c kvm_vm_ioctl_check_extension): as on /dev/kvm,
   * except KVM_CAP_MAX_VCPUS/MAX_VCPU_ID, which answer this VM's limit (8 once it has a GICv2).
   */
  checkExtension(cap: number): number {
    if (cap === KVM_CAP_MAX_VCPUS || cap === KVM_CAP_MAX_VCPU_ID) return this.maxVcpus;
    return kvmVmIoctlCheckExtension(this.profile, cap);
  }

  /** kvm->max_vcpus: KVM_MAX_VCPUS until a vGIC sets its own limit. */
  get maxVcpus(): number {
    return this.vgic?.maxVcpus ?? KVM_MAX_VCPUS;
  }

  /** kvm_vm_ioctl() and kvm_vcpu_ioctl() refuse everything with EIO once the VM is dead. */
  checkAlive(ioctl: string): void {
    if (this.vmDead) throw new KvmError('EIO', ioctl, 'the VM is dead (a failed vGIC mapping)');
  }

  /**
   * KVM_CREATE_DEVICE (api.rst 4.80; virt/kvm/kvm_main.c kvm_ioctl_create_device, arch/arm64/kvm/vgic/
   * vgic-init.c kvm_vgic_create). A type beyond the table or not registered is ENODEV (the model
   * registers the GICv2 and GICv3 vGICs; no ITS); with KVM_CREATE_DEVICE_TEST the answer stops there
   * and null comes back. Then: a second vGIC is EEXIST, a VM with a vCPU that has run is EBUSY, more
   * vCPUs than the model allows (8 for a GICv2) is E2BIG. The VM's vCPUs get their GIC state.
   */
  createDevice(cd: Uint8Array): VgicDevice | null {
    this.checkAlive('KVM_CREATE_DEVICE');
    if (cd.length < 12) throw new KvmError('EFAULT', 'KVM_CREATE_DEVICE', 'struct kvm_create_device is 12 bytes');
    const { type, flags } = decodeCreateDevice(cd, this.e);
    const fail = (errno: number, why: string): never => {
      throw new KvmError(errnoName(errno), 'KVM_CREATE_DEVICE', why);
    };
    if (type >= KVM_DEV_TYPE_MAX || (type !== KVM_DEV_TYPE_ARM_VGIC_V2 && type !== KVM_DEV_TYPE_ARM_VGIC_V3)) {
      fail(ENODEV, `device type ${type} is not available`);
    }
    if (flags & KVM_CREATE_DEVICE_TEST) return null;
    if (this.vgic) fail(EEXIST, 'the VM already has an in-kernel interrupt controller');
    if (this.vcpuList.some((v) => v.arch.hasRunOnce)) fail(EBUSY, 'a vCPU has already run');
    const vgic = new Vgic(type as typeof KVM_DEV_TYPE_ARM_VGIC_V2 | typeof KVM_DEV_TYPE_ARM_VGIC_V3, this.profile);
    if (this.vcpuList.length > vgic.maxVcpus) fail(E2BIG, `${this.vcpuList.length} vCPUs, a GICv2 serves ${vgic.maxVcpus}`);
    for (const v of this.vcpuList) connectVgicCpu(vgic, vgic.addVcpu(v.arch.vcpuIdx, v.arch.vcpuId, this.mpidrOf(v.arch.vcpuIdx)), v.cpu);
    this.vgic = vgic;
    return new VgicDevice(this as { vgic: Vgic; ipaBits: number; e: Endian; vmDead: boolean });
  }

  /**
   * KVM_IRQ_LINE (api.rst 4.25; arch/arm64/kvm/arm.c kvm_vm_ioctl_irq_line). `irq` = vcpu2[31:28]
   * type[27:24] vcpu[23:16] num[15:0], the vCPU index being 256 * vcpu2 + vcpu:
   *  - CPU: the vCPU's IRQ (0) or FIQ (1) pin; ENXIO with an in-kernel GIC, EINVAL for a bad vCPU or pin;
   *  - PPI (16..31) of a vCPU, SPI (32..) of the VM: ENXIO without an in-kernel GIC, EINVAL for a bad
   *    vCPU or INTID; a GICv3 not yet initialised is EBUSY, a GICv2 initialises itself.
   * Level-sensitive interrupts follow `level`; an edge-triggered one is raised by level 1.
   */
  irqLine(irqLevel: Uint8Array): void {
    this.checkAlive('KVM_IRQ_LINE');
    if (irqLevel.length < 8) throw new KvmError('EFAULT', 'KVM_IRQ_LINE', 'struct kvm_irq_level is 8 bytes');
    const { irq, level } = decodeIrqLevel(irqLevel, this.e);
    const type = (irq >>> KVM_ARM_IRQ_TYPE_SHIFT) & KVM_ARM_IRQ_TYPE_MASK;
    const vcpuIdx = ((irq >>> KVM_ARM_IRQ_VCPU_SHIFT) & KVM_ARM_IRQ_VCPU_MASK) +
      ((irq >>> KVM_ARM_IRQ_VCPU2_SHIFT) & KVM_ARM_IRQ_VCPU2_MASK) * (KVM_ARM_IRQ_VCPU_MASK + 1);
    const num = (irq >>> KVM_ARM_IRQ_NUM_SHIFT) & KVM_ARM_IRQ_NUM_MASK;
    const r = this.irqLineInner(type, vcpuIdx, num, level !== 0);
    if (r) throw new KvmError(errnoName(r), 'KVM_IRQ_LINE', `type ${type}, vcpu ${vcpuIdx}, num ${num}`);
  }

  private irqLineInner(type: number, vcpuIdx: number, num: number, level: boolean): number {
    const vgic = this.vgic;
    const vcpu = this.vcpuList[vcpuIdx];
    switch (type) {
      case KVM_ARM_IRQ_TYPE_CPU: {
        if (vgic) return ENXIO;
        if (!vcpu || num > KVM_ARM_IRQ_CPU_FIQ) return EINVAL;
        // vcpu_interrupt_line(): HCR_EL2.VI or VF follows the level.
        if (num === KVM_ARM_IRQ_CPU_FIQ) vcpu.arch.hcrVf = level;
        else vcpu.arch.hcrVi = level;
        vcpu.arch.cpu.setInterruptLine(num === KVM_ARM_IRQ_CPU_FIQ ? 'fiq' : 'irq', level);
        return 0;
      }
      case KVM_ARM_IRQ_TYPE_PPI:
        if (!vgic) return ENXIO;
        if (!vcpu || num < VGIC_NR_SGIS || num >= VGIC_NR_PRIVATE_IRQS) return EINVAL;
        // As Linux, the PPI goes to the vCPU whose *index* equals this vCPU's id.
        return vgic.injectIrq(vcpu.arch.vcpuId, num, level);
      case KVM_ARM_IRQ_TYPE_SPI:
        if (!vgic) return ENXIO;
        if (num < VGIC_NR_PRIVATE_IRQS) return EINVAL;
        return vgic.injectIrq(0, num, level);
    }
    return EINVAL;
  }

  /**
   * kvm_vgic_map_resources() (vgic-init.c, vgic_v2/v3_map_resources), run by each vCPU's first KVM_RUN
   * until it succeeds. GICv2: ENXIO without both addresses, EINVAL if the frames overlap, then vgic_init.
   * GICv3: ENXIO if a vCPU has no redistributor or the distributor no address, EINVAL on an overlap,
   * EBUSY if CTRL_INIT was not done. A failure kills the VM (kvm_vm_dead): every later ioctl is EIO;
   * profile 5.10 frees the distributor instead (see KernelProfile.vgicMapFailureKillsVm).
   */
  vgicMapResources(): number {
    const vgic = this.vgic;
    if (!vgic || vgic.ready) return 0;
    let ret = 0;
    if (!vgic.isV3) {
      const d = vgic.distBase, c = vgic.cpuBase;
      if (d === null || c === null) ret = ENXIO;
      else if (!(d + 0x1000n <= c || c + 0x2000n <= d)) ret = EINVAL;
      else ret = vgic.init();
    } else if (vgic.cpus.some((c) => c.rdBase === null) || vgic.distBase === null) {
      ret = ENXIO;
    } else if (!v3CheckBase(vgic, this.ipaBits)) {
      ret = EINVAL;
    } else if (!vgic.initialized) {
      ret = EBUSY;
    }
    if (!ret) vgic.ready = true;
    else if (this.profile.vgicMapFailureKillsVm) this.vmDead = true;
    else vgic.destroyDist();
    return ret;
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
        const logging = (flags & KVM_MEM_LOG_DIRTY_PAGES) !== 0;
        if (logging !== (old.dirty !== null)) this.setDirtyLogging(old, logging);
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
    const slotState: Memslot = { id, flags, base, memory, s2: new Uint8Array(size / PAGE_SIZE), dirty: old?.dirty ?? null };
    this.slots.set(id, slotState);
    const readOnly = (flags & KVM_MEM_READONLY) !== 0;
    for (const v of this.vcpuList) v.cpu.mapRam(base, memory, { lazy: true, readOnly });
    const logging = (flags & KVM_MEM_LOG_DIRTY_PAGES) !== 0;
    slotState.dirty = null;
    if (logging) this.setDirtyLogging(slotState, true);
  }

  /**
   * Dirty logging turned on or off for a slot (kvm_prepare_memory_region allocates or frees the bitmap;
   * arm64's kvm_arch_commit_memory_region write-protects the whole slot at stage 2 when logging starts,
   * kvm_mmu_wp_memory_region). Pages made writable again stay so when logging stops.
   */
  private setDirtyLogging(s: Memslot, on: boolean): void {
    s.dirty = on ? new Uint8Array(dirtyBitmapBytes(s.memory.length / PAGE_SIZE)) : null;
    if (on) for (const v of this.vcpuList) v.cpu.stage2SetWritable(s.base, s.memory.length, false);
  }

  /**
   * KVM_GET_DIRTY_LOG (api.rst 4.8; virt/kvm/kvm_main.c kvm_vm_ioctl_get_dirty_log,
   * kvm_get_dirty_log_protect without KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2, which the model does not offer):
   * an address space other than 0 or a slot id at or beyond KVM_USER_MEM_SLOTS is EINVAL; a slot that
   * does not exist or does not log (no KVM_MEM_LOG_DIRTY_PAGES) is ENOENT. The bitmap is copied out and
   * cleared, and the pages it had set are write-protected again (kvm_arch_mmu_enable_log_dirty_pt_masked)
   * so their next write is logged; a bitmap buffer shorter than kvm_dirty_bitmap_bytes is EFAULT (the
   * bits are cleared all the same, as the kernel clears them before copy_to_user). Same in both profiles.
   */
  getDirtyLog(log: Uint8Array, bitmap: Uint8Array): void {
    this.checkAlive('KVM_GET_DIRTY_LOG');
    if (log.length < KVM_DIRTY_LOG.size) throw new KvmError('EFAULT', 'KVM_GET_DIRTY_LOG', 'struct kvm_dirty_log is 16 bytes');
    const { slot } = decodeDirtyLog(log, this.e);
    const asId = slot >>> 16, id = slot & 0xffff;
    if (asId !== 0 || id >= this.profile.userMemSlots) throw new KvmError('EINVAL', 'KVM_GET_DIRTY_LOG', `slot ${slot}`);
    const s = this.slots.get(id);
    if (!s || !s.dirty) throw new KvmError('ENOENT', 'KVM_GET_DIRTY_LOG', s ? `slot ${id} does not log dirty pages` : `slot ${id} does not exist`);
    const bits = s.dirty.slice();
    s.dirty.fill(0);
    for (const p of dirtyPages(bits)) {
      for (const v of this.vcpuList) v.cpu.stage2SetWritable(s.base + BigInt(p * PAGE_SIZE), PAGE_SIZE, false);
    }
    if (bitmap.length < bits.length) throw new KvmError('EFAULT', 'KVM_GET_DIRTY_LOG', `the bitmap needs ${bits.length} bytes`);
    bitmap.set(bits);
  }

  /**
   * A write permission fault on a page of a writable slot (user_mem_abort with FSC_PERM): the page was
   * write-protected for dirty logging. Mark it dirty while the slot logs (mark_page_dirty_in_slot) and
   * give every vCPU write access to it again. False when the address is in no writable slot.
   */
  writeFault(ipa: bigint): boolean {
    for (const s of this.slots.values()) {
      if (ipa < s.base || ipa >= s.base + BigInt(s.memory.length) || (s.flags & KVM_MEM_READONLY)) continue;
      const p = Number((ipa - s.base) / BigInt(PAGE_SIZE));
      if (s.dirty) s.dirty[p >> 3]! |= 1 << (p & 7);
      for (const v of this.vcpuList) v.cpu.stage2SetWritable(s.base + BigInt(p * PAGE_SIZE), PAGE_SIZE, true);
      return true;
    }
    return false;
  }

  /**
   * KVM_ARM_PREFERRED_TARGET (api.rst 4.83; arm.c kvm_vcpu_preferred_target): the target the host CPU
   * supports (KVM_ARM_TARGET_GENERIC_V8 for the modelled `max` CPU) and no features.
   */
  armPreferredTarget(): Uint8Array {
    return encodeVcpuInit({ target: this.kvm.preferredTarget, features: [] }, this.e);
  }

  /**
   * KVM_CREATE_VCPU (api.rst 4.7; kvm_main.c kvm_vm_ioctl_create_vcpu, arm.c kvm_arch_vcpu_precreate,
   * kvm_arch_vcpu_create): no more vCPUs than kvm->max_vcpus and ids below it (EINVAL; 8 with a GICv2),
   * none once the vGIC is initialised (EBUSY), then the vGIC state (a GICv3 places its redistributor:
   * EINVAL if the regions are bad), then each id once (EEXIST). The vCPU sees every memory slot.
   */
  createVcpu(id: number): Vcpu {
    this.checkAlive('KVM_CREATE_VCPU');
    if (!Number.isInteger(id) || id < 0 || id >= KVM_MAX_VCPUS) throw new KvmError('EINVAL', 'KVM_CREATE_VCPU', `id ${id}`);
    if (this.vcpuList.length >= this.maxVcpus) throw new KvmError('EINVAL', 'KVM_CREATE_VCPU', `the VM has its ${this.maxVcpus} vCPUs`);
    if (this.vgic?.initialized) throw new KvmError('EBUSY', 'KVM_CREATE_VCPU', 'the vGIC is initialised');
    if (id >= this.maxVcpus) throw new KvmError('EINVAL', 'KVM_CREATE_VCPU', `id ${id} beyond the VM's ${this.maxVcpus} vCPUs`);
    const idx = this.vcpuList.length;
    let gicCpu: VgicCpu | null = null;
    if (this.vgic) {
      gicCpu = this.vgic.addVcpu(idx, id, this.mpidrOf(idx));
      const r = this.vgic.isV3 ? registerRedist(this.vgic, gicCpu, this.ipaBits) : 0;
      if (r) {
        this.vgic.cpus.length = idx;
        throw new KvmError(errnoName(r), 'KVM_CREATE_VCPU', 'the redistributor regions are invalid');
      }
    }
    if (this.vcpuList.some((v) => v.arch.vcpuId === id)) {
      if (this.vgic) this.vgic.cpus.length = idx;
      throw new KvmError('EEXIST', 'KVM_CREATE_VCPU', `vCPU ${id} exists`);
    }
    const cpu = this.kvm.createCpu();
    for (const s of this.slots.values()) {
      cpu.mapRam(s.base, s.memory, { lazy: true, readOnly: (s.flags & KVM_MEM_READONLY) !== 0 });
      s.s2.forEach((m, p) => { if (m) cpu.stage2Map(s.base + BigInt(p * PAGE_SIZE), PAGE_SIZE); });
      // a logging slot is write-protected for the new vCPU too (its first write per page faults and is logged)
      if (s.dirty) cpu.stage2SetWritable(s.base, s.memory.length, false);
    }
    // one Inner Shareable domain per VM, and HCR_EL2.FB as HCR_GUEST_FLAGS sets it: a guest's TLBI
    // reaches every vCPU of the VM
    cpu.hyp.fb = true;
    for (const v of this.vcpuList) cpu.shareTlbsWith(v.cpu);
    const vcpu = new Vcpu(this, id, cpu, this.kvm.mmapSize, this.kvm.preferredTarget);
    vcpu.arch.vcpuIdx = idx;
    this.vcpuList.push(vcpu);
    if (this.vgic && gicCpu) connectVgicCpu(this.vgic, gicCpu, cpu);
    // kvm_timer_vcpu_init(): the virtual offset becomes the present count, for every vCPU of the VM
    // (update_vtimer_cntvoff), so CNTVCT_EL0 starts at 0 when the vCPU is created.
    cpu.setPhysicalCount(BigInt(this.counter));
    for (const v of this.vcpuList) v.cpu.hyp.cntvoff = BigInt(this.counter);
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

  writeGuest(ipa: bigint, bytes: Uint8Array): boolean {
    for (let i = 0; i < bytes.length; i++) {
      const a = ipa + BigInt(i);
      const s = [...this.slots.values()].find((x) => a >= x.base && a < x.base + BigInt(x.memory.length));
      if (!s) return false;
      s.memory[Number(a - s.base)] = bytes[i]!;
      // kvm_write_guest() -> mark_page_dirty(): the kernel's own writes are logged too
      if (s.dirty) {
        const p = Number((a - s.base) / BigInt(PAGE_SIZE));
        s.dirty[p >> 3]! |= 1 << (p & 7);
      }
    }
    for (const v of this.vcpuList) v.cpu.invalidateCode(ipa, bytes.length);
    return true;
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

  /** kvm_vcpu_get_mpidr_aff() of the vCPU at `index`: its reset_mpidr() affinity once KVM_ARM_VCPU_INIT ran, 0 before. */
  private mpidrOf(index: number): () => number {
    return () => {
      const v = this.vcpuList[index];
      return v ? Number(v.arch.mpidrAffInit) : 0;
    };
  }

  /** The vCPU at this index (kvm_get_vcpu), for tests and the CPU wiring. */
  vcpuAt(index: number): Vcpu | undefined {
    return this.vcpuList[index];
  }

  vcpus(): readonly VcpuArch[] {
    return this.vcpuList.map((v) => v.arch);
  }
}

