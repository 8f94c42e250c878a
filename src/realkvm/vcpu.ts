/**
 * A real vCPU file descriptor (api.rst "vcpu ioctls"; arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl and
 * guest.c for ONE_REG). `run` is the kernel's kvm_run page itself, mmapped from the vCPU fd and viewed
 * as bytes, so the VMM reads exits through the same abi/ codecs as the model's buffer.
 */
import {
  KVM_ONE_REG, readU32, readU64, readU128, regIdSize, writeField, writeU32, writeU64, writeU128, type KvmVcpu,
} from '../abi/index.ts';
import { AttrScratch } from './device.ts';
import { errnoError } from './errno.ts';
import type { Host } from './host.ts';
import { MAP_ANONYMOUS, MAP_FAILED, MAP_PRIVATE, MAP_SHARED, PROT_READ, PROT_WRITE } from './libc.ts';

/** Offset of the register value inside the scratch page (after struct kvm_one_reg). */
const VALUE_OFF = 64;
const SCRATCH_SIZE = 4096;

export class RealVcpu implements KvmVcpu {
  /** The page the attribute ioctls point `addr` into, mapped on first use. */
  private attrScratch: AttrScratch | undefined;

  private get attrs(): AttrScratch {
    return (this.attrScratch ??= AttrScratch.map(this.kvm));
  }

  private constructor(
    private readonly kvm: Host,
    readonly fd: number,
    readonly run: Uint8Array,
    /** One anonymous page: struct kvm_one_reg at 0, the value it points at at VALUE_OFF. */
    private readonly scratch: Uint8Array,
    private readonly scratchAddr: bigint,
  ) {}

  static map(kvm: Host, fd: number, size: number): RealVcpu {
    const runPtr = kvm.libc.mmap(null, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (runPtr === MAP_FAILED) throw errnoError(kvm.libc.errno(), 'mmap(kvm_run)');
    const scratchPtr = kvm.libc.mmap(null, SCRATCH_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (scratchPtr === MAP_FAILED) throw errnoError(kvm.libc.errno(), 'mmap(scratch)');
    return new RealVcpu(
      kvm, fd, new Uint8Array(kvm.libc.view(runPtr, size)), new Uint8Array(kvm.libc.view(scratchPtr, SCRATCH_SIZE)), scratchPtr,
    );
  }

  /** KVM_ARM_VCPU_INIT with the bytes of struct kvm_vcpu_init. */
  armVcpuInit(init: Uint8Array): void {
    this.kvm.ioctlPtr(this.fd, 'KVM_ARM_VCPU_INIT', init);
  }

  private oneReg(id: bigint): number {
    const e = this.kvm.endian;
    writeField(this.scratch, KVM_ONE_REG, 'id', id, e);
    writeField(this.scratch, KVM_ONE_REG, 'addr', this.scratchAddr + BigInt(VALUE_OFF), e);
    const size = regIdSize(id);
    if (size !== 4 && size !== 8 && size !== 16) {
      // Larger registers (SVE) would need a bigger value buffer than kvmdbg hands out.
      throw errnoError(22, 'KVM_GET_ONE_REG', `register size ${size} bytes is not supported by kvmdbg`);
    }
    return size;
  }

  /** KVM_GET_ONE_REG: the value as an unsigned integer of the id's size (32, 64 or 128 bits). */
  getOneReg(id: bigint): bigint {
    const size = this.oneReg(id);
    this.kvm.ioctlPtr(this.fd, 'KVM_GET_ONE_REG', this.scratch);
    const e = this.kvm.endian;
    if (size === 4) return BigInt(readU32(this.scratch, VALUE_OFF, e));
    if (size === 8) return readU64(this.scratch, VALUE_OFF, e);
    return readU128(this.scratch, VALUE_OFF, e);
  }

  /** KVM_SET_ONE_REG. */
  setOneReg(id: bigint, value: bigint): void {
    const size = this.oneReg(id);
    const e = this.kvm.endian;
    if (size === 4) writeU32(this.scratch, VALUE_OFF, Number(BigInt.asUintN(32, value)), e);
    else if (size === 8) writeU64(this.scratch, VALUE_OFF, BigInt.asUintN(64, value), e);
    else writeU128(this.scratch, VALUE_OFF, BigInt.asUintN(128, value), e);
    this.kvm.ioctlPtr(this.fd, 'KVM_SET_ONE_REG', this.scratch);
  }

  /** KVM_SET_GUEST_DEBUG with the bytes of struct kvm_guest_debug (EINVAL for control bits outside 0x30003). */
  setGuestDebug(dbg: Uint8Array): void {
    this.kvm.ioctlPtr(this.fd, 'KVM_SET_GUEST_DEBUG', dbg);
  }

  /** KVM_ENABLE_CAP with the bytes of struct kvm_enable_cap (arm64 Linux enables no capability on a vCPU: EINVAL). */
  enableCap(cap: Uint8Array): void {
    this.kvm.ioctlPtr(this.fd, 'KVM_ENABLE_CAP', cap);
  }

  /** KVM_GET_MP_STATE: the kernel writes struct kvm_mp_state into `mp`. */
  getMpState(mp: Uint8Array): void {
    this.kvm.ioctlPtr(this.fd, 'KVM_GET_MP_STATE', mp);
  }

  /** KVM_SET_MP_STATE with the bytes of struct kvm_mp_state. */
  setMpState(mp: Uint8Array): void {
    this.kvm.ioctlPtr(this.fd, 'KVM_SET_MP_STATE', mp);
  }

  /** KVM_SET_DEVICE_ATTR on the vCPU fd (timer PPIs, PMU): `addr` points at a native copy of `data`. */
  setDeviceAttr(attr: Uint8Array, data: Uint8Array): void {
    this.attrs.attrIoctl(this.kvm, this.fd, 'KVM_SET_DEVICE_ATTR', attr, data);
  }

  /** KVM_GET_DEVICE_ATTR on the vCPU fd; the value comes back into `data`. */
  getDeviceAttr(attr: Uint8Array, data: Uint8Array): void {
    this.attrs.attrIoctl(this.kvm, this.fd, 'KVM_GET_DEVICE_ATTR', attr, data);
  }

  /** KVM_HAS_DEVICE_ATTR on the vCPU fd. */
  hasDeviceAttr(attr: Uint8Array): void {
    this.attrs.attrIoctl(this.kvm, this.fd, 'KVM_HAS_DEVICE_ATTR', attr);
  }

  /** KVM_RUN (argument 0). EINTR when a signal arrived: exit_reason is then KVM_EXIT_INTR. */
  runVcpu(): void {
    this.kvm.ioctlArg(this.fd, 'KVM_RUN', 0);
  }
}
