/**
 * A real device file descriptor (KVM_CREATE_DEVICE; api.rst 4.80-4.81, virt/kvm/kvm_main.c
 * kvm_device_ioctl): the attribute ioctls with struct kvm_device_attr's `addr` pointing at a native copy of
 * the caller's value bytes, copied back after a KVM_GET_DEVICE_ATTR. The vCPU fd's attribute ioctls
 * share the shape (attrIoctl).
 */
import { KVM_DEVICE_ATTR, KvmError, writeField, type KvmDevice } from '../abi/index.ts';
import { errnoError } from './errno.ts';
import type { Host } from './host.ts';
import { MAP_ANONYMOUS, MAP_FAILED, MAP_PRIVATE, PROT_READ, PROT_WRITE } from './libc.ts';

/** Offset of the value inside the scratch page (after struct kvm_device_attr). */
const VALUE_OFF = 64;
const SCRATCH_SIZE = 4096;
const MAX_VALUE = SCRATCH_SIZE - VALUE_OFF;

/** One anonymous page: struct kvm_device_attr at 0, the value it points at at VALUE_OFF. */
export class AttrScratch {
  private constructor(readonly bytes: Uint8Array, readonly addr: bigint) {}

  static map(kvm: Host): AttrScratch {
    const p = kvm.libc.mmap(null, SCRATCH_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p === MAP_FAILED) throw errnoError(kvm.libc.errno(), 'mmap(scratch)');
    return new AttrScratch(new Uint8Array(kvm.libc.view(p, SCRATCH_SIZE)), p);
  }

  /** KVM_SET/GET/HAS_DEVICE_ATTR on `fd` with the caller's struct and value bytes. */
  attrIoctl(kvm: Host, fd: number, name: 'KVM_SET_DEVICE_ATTR' | 'KVM_GET_DEVICE_ATTR' | 'KVM_HAS_DEVICE_ATTR', attr: Uint8Array, data?: Uint8Array): void {
    if (attr.length < KVM_DEVICE_ATTR.size) throw new KvmError('EFAULT', name, 'struct kvm_device_attr is 24 bytes');
    if (data && data.length > MAX_VALUE) throw new KvmError('EFAULT', name, `a ${data.length}-byte value does not fit the scratch page`);
    const b = this.bytes;
    b.set(attr.subarray(0, KVM_DEVICE_ATTR.size), 0);
    writeField(b, KVM_DEVICE_ATTR, 'addr', this.addr + BigInt(VALUE_OFF), kvm.endian);
    if (data) b.set(data, VALUE_OFF);
    try {
      kvm.ioctlPtr(fd, name, b.subarray(0, KVM_DEVICE_ATTR.size));
    } finally {
      if (data && name === 'KVM_GET_DEVICE_ATTR') data.set(b.subarray(VALUE_OFF, VALUE_OFF + data.length));
    }
  }
}

export class RealDevice implements KvmDevice {
  private readonly scratch: AttrScratch;

  constructor(private readonly kvm: Host, readonly fd: number) {
    this.scratch = AttrScratch.map(kvm);
  }

  setDeviceAttr(attr: Uint8Array, data: Uint8Array): void {
    this.scratch.attrIoctl(this.kvm, this.fd, 'KVM_SET_DEVICE_ATTR', attr, data);
  }

  getDeviceAttr(attr: Uint8Array, data: Uint8Array): void {
    this.scratch.attrIoctl(this.kvm, this.fd, 'KVM_GET_DEVICE_ATTR', attr, data);
  }

  hasDeviceAttr(attr: Uint8Array): void {
    this.scratch.attrIoctl(this.kvm, this.fd, 'KVM_HAS_DEVICE_ATTR', attr);
  }
}
