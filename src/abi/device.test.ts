import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  decodeCreateDevice, decodeDeviceAttr, decodeIrqLevel, encodeCreateDevice, encodeDeviceAttr, encodeIrqLevel,
} from './device.ts';
import { KVM_ARM_IRQ_TYPE_PPI, KVM_ARM_IRQ_TYPE_SPI, kvmArmIrq } from './vgic.ts';

test('kvmArmIrq: the api.rst 4.25 layout vcpu2[31:28] type[27:24] vcpu[23:16] id[15:0]', () => {
  assert.equal(kvmArmIrq(KVM_ARM_IRQ_TYPE_SPI, 0, 33), 0x01000021); // the PL011's SPI 1
  assert.equal(kvmArmIrq(KVM_ARM_IRQ_TYPE_PPI, 1, 27), 0x0201001b);
  assert.equal(kvmArmIrq(KVM_ARM_IRQ_TYPE_PPI, 0x123, 30), 0x1223001e); // vCPU 0x123: vcpu2 = 1, vcpu = 0x23
  assert.throws(() => kvmArmIrq(16, 0, 0), RangeError);
  assert.throws(() => kvmArmIrq(1, 4096, 0), RangeError);
});

test('kvm_irq_level, kvm_create_device, kvm_device_attr: byte images in both orders, and back', () => {
  assert.deepEqual([...encodeIrqLevel({ irq: 0x01000021, level: 1 }, 'le')], [0x21, 0, 0, 1, 1, 0, 0, 0]);
  assert.deepEqual([...encodeIrqLevel({ irq: 0x01000021, level: 1 }, 'be')], [1, 0, 0, 0x21, 0, 0, 0, 1]);
  assert.deepEqual(decodeIrqLevel(encodeIrqLevel({ irq: 0xfedcba98, level: 0 }, 'be'), 'be'), { irq: 0xfedcba98, level: 0 });
  const cd = encodeCreateDevice({ type: 7, flags: 1 }, 'le');
  assert.deepEqual([...cd], [7, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  assert.deepEqual(decodeCreateDevice(cd, 'le'), { type: 7, fd: 0, flags: 1 });
  const a = encodeDeviceAttr({ group: 5, attr: 0x0000000100010080n }, 'be');
  assert.equal(a.length, 24);
  assert.deepEqual([...a.subarray(4, 16)], [0, 0, 0, 5, 0, 0, 0, 1, 0, 1, 0, 0x80]);
  assert.deepEqual(decodeDeviceAttr(a, 'be'), { flags: 0, group: 5, attr: 0x0000000100010080n, addr: 0n });
  assert.throws(() => decodeDeviceAttr(new Uint8Array(23), 'le'), RangeError);
});
