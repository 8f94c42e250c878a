/**
 * KVM ioctl request numbers, built the way include/uapi/asm-generic/ioctl.h builds them (arm64 uses the
 * generic encoding): bits 31:30 direction (1 = userspace writes, 2 = userspace reads), 29:16 argument
 * size, 15:8 type (KVMIO = 0xae), 7:0 number. Sizes come from the struct layouts, not retyped.
 */
import {
  KVM_CREATE_DEVICE, KVM_DEVICE_ATTR, KVM_DIRTY_LOG, KVM_ENABLE_CAP, KVM_REG_LIST, KVM_GUEST_DEBUG, KVM_IRQ_LEVEL, KVM_MP_STATE, KVM_ONE_REG, KVM_REGS,
  KVM_USERSPACE_MEMORY_REGION, KVM_VCPU_INIT,
} from './kvm-structs.ts';

export const KVMIO = 0xae;
export const IOC_NONE = 0;
export const IOC_WRITE = 1;
export const IOC_READ = 2;

/** _IOC(dir, type, nr, size) as an unsigned 32-bit number. */
export function ioc(dir: number, type: number, nr: number, size: number): number {
  if (dir < 0 || dir > 3 || type < 0 || type > 0xff || nr < 0 || nr > 0xff || size < 0 || size > 0x3fff) {
    throw new RangeError(`_IOC(${dir}, ${type}, ${nr}, ${size}): a field is out of range`);
  }
  return ((dir << 30) | (size << 16) | (type << 8) | nr) >>> 0;
}
export const io = (type: number, nr: number): number => ioc(IOC_NONE, type, nr, 0);
export const ior = (type: number, nr: number, size: number): number => ioc(IOC_READ, type, nr, size);
export const iow = (type: number, nr: number, size: number): number => ioc(IOC_WRITE, type, nr, size);
export const iowr = (type: number, nr: number, size: number): number => ioc(IOC_READ | IOC_WRITE, type, nr, size);

/** The ioctls kvmdbg's backends speak, by their Linux names (linux/kvm.h "ioctls for ..." sections). */
export const IOCTLS = Object.freeze({
  // system fd
  KVM_GET_API_VERSION: io(KVMIO, 0x00),
  KVM_CREATE_VM: io(KVMIO, 0x01),
  KVM_CHECK_EXTENSION: io(KVMIO, 0x03),
  KVM_GET_VCPU_MMAP_SIZE: io(KVMIO, 0x04),
  // VM fd
  KVM_CREATE_VCPU: io(KVMIO, 0x41),
  KVM_GET_DIRTY_LOG: iow(KVMIO, 0x42, KVM_DIRTY_LOG.size),
  KVM_SET_USER_MEMORY_REGION: iow(KVMIO, 0x46, KVM_USERSPACE_MEMORY_REGION.size),
  KVM_IRQ_LINE: iow(KVMIO, 0x61, KVM_IRQ_LEVEL.size),
  KVM_ENABLE_CAP: iow(KVMIO, 0xa3, KVM_ENABLE_CAP.size),
  KVM_ARM_PREFERRED_TARGET: ior(KVMIO, 0xaf, KVM_VCPU_INIT.size),
  KVM_CREATE_DEVICE: iowr(KVMIO, 0xe0, KVM_CREATE_DEVICE.size),
  // device fd and vCPU fd (arm64's VM fd answers these with EINVAL: kvm_arch_vm_ioctl has no case for them)
  KVM_SET_DEVICE_ATTR: iow(KVMIO, 0xe1, KVM_DEVICE_ATTR.size),
  KVM_GET_DEVICE_ATTR: iow(KVMIO, 0xe2, KVM_DEVICE_ATTR.size),
  KVM_HAS_DEVICE_ATTR: iow(KVMIO, 0xe3, KVM_DEVICE_ATTR.size),
  // vCPU fd
  KVM_RUN: io(KVMIO, 0x80),
  KVM_GET_REGS: ior(KVMIO, 0x81, KVM_REGS.size),
  KVM_SET_REGS: iow(KVMIO, 0x82, KVM_REGS.size),
  KVM_GET_MP_STATE: ior(KVMIO, 0x98, KVM_MP_STATE.size),
  KVM_SET_MP_STATE: iow(KVMIO, 0x99, KVM_MP_STATE.size),
  KVM_SET_GUEST_DEBUG: iow(KVMIO, 0x9b, KVM_GUEST_DEBUG.size),
  KVM_GET_ONE_REG: iow(KVMIO, 0xab, KVM_ONE_REG.size),
  KVM_SET_ONE_REG: iow(KVMIO, 0xac, KVM_ONE_REG.size),
  KVM_ARM_VCPU_INIT: iow(KVMIO, 0xae, KVM_VCPU_INIT.size),
  KVM_GET_REG_LIST: iowr(KVMIO, 0xb0, KVM_REG_LIST.size),
});

export type IoctlName = keyof typeof IOCTLS;

/** The name of an ioctl number, or null if it is not one kvmdbg knows. */
export function ioctlName(nr: number): IoctlName | null {
  for (const [k, v] of Object.entries(IOCTLS)) if (v === nr >>> 0) return k as IoctlName;
  return null;
}
