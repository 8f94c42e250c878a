/**
 * The /dev/kvm and VM ioctls of the model against the kernel's documented answers (api.rst) and what
 * the real kernels reported (conformance row caps: capabilities, IPA size; test/system/conformance-reference.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/backend.ts';
import {
  KVM_CAP_ARM_NISV_TO_USER, KVM_CAP_ARM_PSCI_0_2, KVM_CAP_ARM_VM_IPA_SIZE, KVM_CAP_GUEST_DEBUG_HW_BPS,
  KVM_CAP_GUEST_DEBUG_HW_WPS, KVM_CAP_IMMEDIATE_EXIT, KVM_CAP_ONE_REG, KVM_CAP_SET_GUEST_DEBUG,
  KVM_CAP_SET_GUEST_DEBUG2, KVM_CAP_USER_MEMORY, KVM_ARM_TARGET_GENERIC_V8, KVM_RUN_SIZE,
} from '../abi/index.ts';
import { decodeVcpuInit } from '../abi/vcpu-init.ts';
import { KERNEL_PROFILES, createModelKvm } from './index.ts';
import type { Vm } from './vm.ts';

const errno = (code: string) => (err: unknown): boolean => err instanceof KvmError && err.errno === code;

test('KVM_GET_API_VERSION is 12 and KVM_GET_VCPU_MMAP_SIZE two 4 KiB pages (kvm_run + coalesced MMIO ring)', () => {
  const kvm = createModelKvm({ profile: '6.1', endian: 'le' });
  assert.equal(kvm.getApiVersion(), 12);
  assert.equal(kvm.getVcpuMmapSize(), 8192);
  assert.ok(kvm.getVcpuMmapSize() >= KVM_RUN_SIZE);
  const vcpu = kvm.createVm().createVcpu(0);
  assert.equal(vcpu.run.length, 8192);
});

test('KVM_CHECK_EXTENSION: the values the real 6.1 and 5.10 kernels reported, SET_GUEST_DEBUG2 only on 6.1', () => {
  for (const [profile, debug2] of [['6.1', 0x30003], ['5.10', 0]] as const) {
    for (const endian of ['le', 'be'] as const) {
      const kvm = createModelKvm({ profile, endian });
      const vm = kvm.createVm();
      for (const check of [kvm.checkExtension.bind(kvm), vm.checkExtension.bind(vm)]) {
        assert.equal(check(KVM_CAP_SET_GUEST_DEBUG), 1);
        assert.equal(check(KVM_CAP_SET_GUEST_DEBUG2), debug2, `${profile} SET_GUEST_DEBUG2`);
        assert.equal(check(KVM_CAP_GUEST_DEBUG_HW_BPS), 6);
        assert.equal(check(KVM_CAP_GUEST_DEBUG_HW_WPS), 4);
        assert.equal(check(KVM_CAP_ARM_VM_IPA_SIZE), 48);
        for (const cap of [KVM_CAP_USER_MEMORY, KVM_CAP_ONE_REG, KVM_CAP_IMMEDIATE_EXIT, KVM_CAP_ARM_PSCI_0_2, KVM_CAP_ARM_NISV_TO_USER]) {
          assert.equal(check(cap), 1, `cap ${cap}`);
        }
        assert.equal(check(100000), 0, 'unknown capability');
      }
    }
  }
});

test('KVM_ARM_PREFERRED_TARGET: GENERIC_V8 (the target the real kernel reported on -cpu max), no features', () => {
  const vm = createModelKvm({ profile: '5.10', endian: 'be' }).createVm();
  assert.deepEqual(decodeVcpuInit(vm.armPreferredTarget(), 'be'), { target: KVM_ARM_TARGET_GENERIC_V8, features: [] });
});

test('KVM_CREATE_VM: EINVAL for unknown type bits or an IPA size outside 32..48', () => {
  const kvm = createModelKvm({ profile: '6.1', endian: 'le' });
  assert.throws(() => kvm.createVm(0x100), errno('EINVAL'));
  assert.throws(() => kvm.createVm(49), errno('EINVAL'));
  assert.throws(() => kvm.createVm(31), errno('EINVAL'));
  assert.equal((kvm.createVm(48) as Vm).ipaBits, 48);
  assert.equal((kvm.createVm(0) as Vm).ipaBits, 40);
});

test('KVM_SET_USER_MEMORY_REGION: alignment and flags EINVAL, overlap EEXIST, beyond the IPA space EFAULT', () => {
  const kvm = createModelKvm({ profile: '6.1', endian: 'le' });
  const vm = kvm.createVm();
  const mem = kvm.allocGuestMemory(0x2000);
  const region = (slot: number, base: bigint, memory = mem, flags = 0) => vm.setUserMemoryRegion({ slot, flags, guestPhysAddr: base, memory });
  assert.throws(() => region(0, 0x10000n, mem.subarray(0, 0x1800)), errno('EINVAL'), 'size not page-aligned');
  assert.throws(() => region(0, 0x10800n), errno('EINVAL'), 'address not page-aligned');
  assert.throws(() => region(0, 0x10000n, mem.subarray(0x800, 0x1800)), errno('EINVAL'), 'userspace_addr not page-aligned');
  assert.throws(() => region(0, 0x10000n, new Uint8Array(0x1000)), errno('EINVAL'), 'not mmapped guest memory');
  assert.throws(() => region(0, 0x10000n, mem, 0x4), errno('EINVAL'), 'unknown flag');
  assert.throws(() => region(0, 0x10000n, new Uint8Array(0)), errno('EINVAL'), 'deleting a slot that does not exist');
  region(0, 0x10000n);
  const other = kvm.allocGuestMemory(0x1000);
  assert.throws(() => region(1, 0x11000n, other), errno('EEXIST'), 'overlaps slot 0');
  assert.throws(() => region(1, 1n << 40n, other), errno('EFAULT'), 'beyond the 40-bit IPA space');
  region(1, 0x12000n, other);
  assert.throws(() => region(1, 0x20000n, kvm.allocGuestMemory(0x1000)), errno('EINVAL'), 'existing slot, other mapping');
  region(1, 0x20000n, other); // move
  region(1, 0x20000n, new Uint8Array(0)); // delete
  region(1, 0x12000n, other);
});

test('KVM_SET_USER_MEMORY_REGION: slot ids below KVM_USER_MEM_SLOTS (512 on 5.10, 32767 on 6.1)', () => {
  for (const [profile, ok] of [['5.10', false], ['6.1', true]] as const) {
    const kvm = createModelKvm({ profile, endian: 'le' });
    const vm = kvm.createVm();
    const set = (slot: number) => vm.setUserMemoryRegion({ slot, flags: 0, guestPhysAddr: 0x100000n * BigInt(slot % 100 + 1), memory: kvm.allocGuestMemory(0x1000) });
    set(511);
    if (ok) set(512); else assert.throws(() => set(512), errno('EINVAL'));
    assert.throws(() => set(0x10000), errno('EINVAL'), 'address space 1');
  }
});

test('KVM_CREATE_VCPU: EEXIST for an id in use, EINVAL beyond KVM_MAX_VCPUS', () => {
  const vm = createModelKvm({ profile: '6.1', endian: 'le' }).createVm();
  vm.createVcpu(0);
  vm.createVcpu(1);
  assert.throws(() => vm.createVcpu(0), errno('EEXIST'));
  assert.throws(() => vm.createVcpu(512), errno('EINVAL'));
});

test('KVM_ENABLE_CAP: only KVM_CAP_ARM_NISV_TO_USER, with zero flags', () => {
  const vm = createModelKvm({ profile: '6.1', endian: 'le' }).createVm() as Vm;
  assert.throws(() => vm.enableCap(KVM_CAP_ARM_NISV_TO_USER, 1), errno('EINVAL'));
  assert.throws(() => vm.enableCap(KVM_CAP_ONE_REG), errno('EINVAL'));
  vm.enableCap(KVM_CAP_ARM_NISV_TO_USER);
  assert.equal(vm.nisvToUser, true);
});

test('kernel profiles: listed with a description each; unknown profile or byte order rejected', () => {
  assert.deepEqual(KERNEL_PROFILES.map((p) => p.name), ['5.10', '6.1']);
  for (const p of KERNEL_PROFILES) assert.match(p.description, /Linux/);
  assert.throws(() => createModelKvm({ profile: '4.19' as '6.1', endian: 'le' }), /unknown kernel profile/);
  assert.throws(() => createModelKvm({ profile: '6.1', endian: 'pdp' as 'le' }), /byte order/);
});
