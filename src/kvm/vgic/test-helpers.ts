/**
 * Shared by the vGIC tests: a model VM with vCPUs and a vGIC device, and the attribute calls as a VMM
 * makes them (struct kvm_device_attr bytes plus the value's bytes, encoded by hand in the host order).
 */
import { KvmError, type Endian, type KvmSystem } from '../../abi/backend.ts';
import { encodeCreateDevice, encodeDeviceAttr, encodeIrqLevel } from '../../abi/device.ts';
import { encodeVcpuInit } from '../../abi/vcpu-init.ts';
import {
  KVM_DEV_ARM_VGIC_CTRL_INIT, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_TYPE_ARM_VGIC_V2,
  KVM_DEV_TYPE_ARM_VGIC_V3, KVM_VGIC_V2_ADDR_TYPE_CPU, KVM_VGIC_V2_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_DIST,
  KVM_VGIC_V3_ADDR_TYPE_REDIST, kvmArmIrq,
} from '../../abi/vgic.ts';
import { KVM_ARM_TARGET_GENERIC_V8 } from '../../abi/constants.ts';
import { createModelKvm, type KernelProfileName } from '../index.ts';
import type { Vcpu } from '../vcpu.ts';
import type { Vm } from '../vm.ts';
import type { VgicDevice } from './vgic-kvm-device.ts';

/** QEMU virt's GIC frames (real-guests.md section 1). */
export const DIST = 0x0800_0000n;
export const CPUIF = 0x0801_0000n;
export const REDIST = 0x080a_0000n;

export const errno = (code: string) => (err: unknown): boolean => err instanceof KvmError && err.errno === code;

export function bytes(v: bigint | number, n: number, e: Endian): Uint8Array {
  const b = new Uint8Array(n);
  let x = BigInt.asUintN(n * 8, BigInt(v));
  for (let i = 0; i < n; i++, x >>= 8n) b[e === 'le' ? i : n - 1 - i] = Number(x & 0xffn);
  return b;
}

export function value(b: Uint8Array, e: Endian): bigint {
  let v = 0n;
  for (let i = 0; i < b.length; i++) v = (v << 8n) | BigInt(b[e === 'le' ? b.length - 1 - i : i]!);
  return v;
}

export interface GicVm {
  kvm: KvmSystem;
  vm: Vm;
  dev: VgicDevice;
  vcpus: Vcpu[];
  e: Endian;
  set(group: number, attr: bigint | number, v: bigint | number, size?: number): void;
  get(group: number, attr: bigint | number, size?: number): bigint;
  has(group: number, attr: bigint | number): void;
  irqLine(type: number, vcpu: number, num: number, level: number): void;
}

export function gicVm(opts: { model: 2 | 3; vcpus?: number; e?: Endian; profile?: KernelProfileName; init?: boolean }): GicVm {
  const e = opts.e ?? 'le';
  const kvm = createModelKvm({ profile: opts.profile ?? '6.1', endian: e });
  const vm = kvm.createVm() as Vm;
  const vcpus: Vcpu[] = [];
  for (let i = 0; i < (opts.vcpus ?? 1); i++) {
    const v = vm.createVcpu(i);
    if (opts.init !== false) v.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [] }, e));
    vcpus.push(v);
  }
  const dev = vm.createDevice(encodeCreateDevice({ type: opts.model === 2 ? KVM_DEV_TYPE_ARM_VGIC_V2 : KVM_DEV_TYPE_ARM_VGIC_V3 }, e))!;
  return attach(kvm, vm, dev, vcpus, e);
}

export function attach(kvm: KvmSystem, vm: Vm, dev: VgicDevice, vcpus: Vcpu[], e: Endian): GicVm {
  const a = (group: number, attr: bigint | number): Uint8Array => encodeDeviceAttr({ group, attr: BigInt(attr) }, e);
  return {
    kvm, vm, dev, vcpus, e,
    set: (group, attr, v, size = 4) => dev.setDeviceAttr(a(group, attr), bytes(v, size, e)),
    get: (group, attr, size = 4) => {
      const b = new Uint8Array(size);
      dev.getDeviceAttr(a(group, attr), b);
      return value(b, e);
    },
    has: (group, attr) => dev.hasDeviceAttr(a(group, attr)),
    irqLine: (type, vcpu, num, level) => vm.irqLine(encodeIrqLevel({ irq: kvmArmIrq(type, vcpu, num), level }, e)),
  };
}

/** The usual VMM sequence: addresses as QEMU's virt places them, then CTRL_INIT. */
export function placeAndInit(g: GicVm, model: 2 | 3): void {
  if (model === 2) {
    g.set(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, DIST, 8);
    g.set(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, CPUIF, 8);
  } else {
    g.set(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST, 8);
    g.set(KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST, 8);
  }
  g.set(KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, 0);
}
