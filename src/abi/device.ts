/**
 * Codecs of the device-control and interrupt-line structs (api.rst 4.25 KVM_IRQ_LINE, 4.80 KVM_CREATE_DEVICE,
 * 4.81 KVM_SET/GET/HAS_DEVICE_ATTR): struct kvm_irq_level, kvm_create_device, kvm_device_attr, in an
 * explicit byte order. The encoders do not judge the values: rejecting them is the kernel's job.
 */
import type { Endian } from './backend.ts';
import { readField, writeField } from './codec.ts';
import { KVM_CREATE_DEVICE, KVM_DEVICE_ATTR, KVM_IRQ_LEVEL } from './kvm-structs.ts';

export interface IrqLevel {
  /** The arm64 encoding of kvmArmIrq(). */
  irq: number;
  level: number;
}

export function encodeIrqLevel(v: IrqLevel, e: Endian): Uint8Array {
  const b = new Uint8Array(KVM_IRQ_LEVEL.size);
  writeField(b, KVM_IRQ_LEVEL, 'irq', v.irq >>> 0, e);
  writeField(b, KVM_IRQ_LEVEL, 'level', v.level >>> 0, e);
  return b;
}

export function decodeIrqLevel(b: Uint8Array, e: Endian): IrqLevel {
  if (b.length < KVM_IRQ_LEVEL.size) throw new RangeError(`kvm_irq_level is ${KVM_IRQ_LEVEL.size} bytes, got ${b.length}`);
  return { irq: readField(b, KVM_IRQ_LEVEL, 'irq', e) as number, level: readField(b, KVM_IRQ_LEVEL, 'level', e) as number };
}

export interface CreateDevice {
  type: number;
  flags?: number;
  /** Written by the kernel. */
  fd?: number;
}

export function encodeCreateDevice(v: CreateDevice, e: Endian): Uint8Array {
  const b = new Uint8Array(KVM_CREATE_DEVICE.size);
  writeField(b, KVM_CREATE_DEVICE, 'type', v.type >>> 0, e);
  writeField(b, KVM_CREATE_DEVICE, 'fd', (v.fd ?? 0) >>> 0, e);
  writeField(b, KVM_CREATE_DEVICE, 'flags', (v.flags ?? 0) >>> 0, e);
  return b;
}

export function decodeCreateDevice(b: Uint8Array, e: Endian): Required<CreateDevice> {
  if (b.length < KVM_CREATE_DEVICE.size) throw new RangeError(`kvm_create_device is ${KVM_CREATE_DEVICE.size} bytes, got ${b.length}`);
  return {
    type: readField(b, KVM_CREATE_DEVICE, 'type', e) as number,
    fd: readField(b, KVM_CREATE_DEVICE, 'fd', e) as number,
    flags: readField(b, KVM_CREATE_DEVICE, 'flags', e) as number,
  };
}

export interface DeviceAttr {
  flags?: number;
  group: number;
  attr: bigint;
  /** The userspace address of the value; backends that pass the value as bytes ignore it. */
  addr?: bigint;
}

export function encodeDeviceAttr(v: DeviceAttr, e: Endian): Uint8Array {
  const b = new Uint8Array(KVM_DEVICE_ATTR.size);
  writeField(b, KVM_DEVICE_ATTR, 'flags', (v.flags ?? 0) >>> 0, e);
  writeField(b, KVM_DEVICE_ATTR, 'group', v.group >>> 0, e);
  writeField(b, KVM_DEVICE_ATTR, 'attr', BigInt.asUintN(64, v.attr), e);
  writeField(b, KVM_DEVICE_ATTR, 'addr', BigInt.asUintN(64, v.addr ?? 0n), e);
  return b;
}

export function decodeDeviceAttr(b: Uint8Array, e: Endian): Required<DeviceAttr> {
  if (b.length < KVM_DEVICE_ATTR.size) throw new RangeError(`kvm_device_attr is ${KVM_DEVICE_ATTR.size} bytes, got ${b.length}`);
  return {
    flags: readField(b, KVM_DEVICE_ATTR, 'flags', e) as number,
    group: readField(b, KVM_DEVICE_ATTR, 'group', e) as number,
    attr: readField(b, KVM_DEVICE_ATTR, 'attr', e) as bigint,
    addr: readField(b, KVM_DEVICE_ATTR, 'addr', e) as bigint,
  };
}
