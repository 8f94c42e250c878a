/**
 * The vCPU fd's device attributes as arch_timer.c, pmu-emul.c and pvtime.c answer them (the conformance
 * scenarios vcpu-timer-attrs and vcpu-timer-clash record the same on Debian's kernels): the timer PPIs,
 * the PMU group of a vCPU without PMU, the stolen-time IPA and the SMCCC calls that reveal it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/backend.ts';
import {
  KVM_DEV_TYPE_ARM_VGIC_V3, REG_PC, REG_X, encodeCreateDevice, encodeDeviceAttr, encodeGuestDebug, encodeVcpuInit,
  readU32, readU64, writeU32, writeU64, type Endian,
} from '../abi/index.ts';
import { createModelKvm } from './index.ts';
import type { KernelProfileName } from './profile.ts';
import { putWords, steppingClock } from './test-helpers.ts';
import type { Vcpu } from './vcpu.ts';
import type { Vm } from './vm.ts';

const errno = (code: string) => (err: unknown): boolean => err instanceof KvmError && err.errno === code;
const BASE = 0x10000n;
const TIMER = 1, PMU = 0, PVTIME = 2;

function vmWith(p: KernelProfileName, e: Endian, n: number): { vm: Vm; vcpus: Vcpu[]; mem: Uint8Array } {
  const kvm = createModelKvm({ profile: p, endian: e, clock: steppingClock() });
  const vm = kvm.createVm() as Vm;
  const mem = kvm.allocGuestMemory(0x1000);
  putWords(mem, 0, [
    0xd42000a0, // +0x0 brk #0x5
    0xd503201f, // +0x4 nop
    0xd4000002, // +0x8 hvc #0x0
    0xd42000c0, // +0xc brk #0x6
  ]);
  vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: BASE, memory: mem });
  const vcpus = Array.from({ length: n }, (_, i) => {
    const v = vm.createVcpu(i);
    v.armVcpuInit(encodeVcpuInit({ target: 5, features: [2] }, e));
    v.setGuestDebug(encodeGuestDebug({ control: 0x10001, bcr: [], bvr: [], wcr: [], wvr: [] }, e));
    v.setOneReg(REG_PC, BASE);
    return v;
  });
  return { vm, vcpus, mem };
}

/** A GICv3 with its frames set up, ready to run. */
function addGic(vm: Vm, e: Endian): void {
  const d = vm.createDevice(encodeCreateDevice({ type: KVM_DEV_TYPE_ARM_VGIC_V3 }, e))!;
  const set = (group: number, attr: number, v: bigint, size: 4 | 8): void => {
    const b = new Uint8Array(size);
    if (size === 4) writeU32(b, 0, Number(v), e);
    else writeU64(b, 0, v, e);
    d.setDeviceAttr(encodeDeviceAttr({ group, attr: BigInt(attr) }, e), b);
  };
  set(3, 0, 128n, 4);
  set(4, 0, 0n, 4);
  set(0, 2, 0x0800_0000n, 8);
  set(0, 3, 0x080a_0000n, 8);
}

const a = (group: number, attr: number, e: Endian): Uint8Array => encodeDeviceAttr({ group, attr: BigInt(attr) }, e);
function u32(v: number, e: Endian): Uint8Array {
  const b = new Uint8Array(4);
  writeU32(b, 0, v, e);
  return b;
}
function getIrq(v: Vcpu, attr: number, e: Endian): number {
  const b = new Uint8Array(4);
  v.getDeviceAttr(a(TIMER, attr, e), b);
  return readU32(b, 0, e);
}

for (const p of ['6.1', '5.10'] as const) {
  for (const e of ['le', 'be'] as const) {
    const tag = `${p} ${e.toUpperCase()}`;

    test(`KVM_ARM_VCPU_TIMER_CTRL (${tag}): defaults 27 and 30; EINVAL without an in-kernel GIC or for a non-PPI; ENXIO for another attribute`, () => {
      const { vm, vcpus: [v] } = vmWith(p, e, 1);
      v!.hasDeviceAttr(a(TIMER, 0, e));
      v!.hasDeviceAttr(a(TIMER, 1, e));
      assert.throws(() => v!.hasDeviceAttr(a(TIMER, 4, e)), errno('ENXIO'));
      assert.equal(getIrq(v!, 0, e), 27);
      assert.equal(getIrq(v!, 1, e), 30);
      assert.throws(() => v!.setDeviceAttr(a(TIMER, 0, e), u32(28, e)), errno('EINVAL'), 'no in-kernel GIC');
      addGic(vm, e);
      assert.throws(() => v!.setDeviceAttr(a(TIMER, 0, e), u32(15, e)), errno('EINVAL'), 'an SGI');
      assert.throws(() => v!.setDeviceAttr(a(TIMER, 0, e), u32(32, e)), errno('EINVAL'), 'an SPI');
      assert.throws(() => v!.setDeviceAttr(a(TIMER, 5, e), u32(20, e)), errno('ENXIO'));
      assert.throws(() => v!.setDeviceAttr(a(TIMER, 5, e), u32(40, e)), errno('EINVAL'), 'the PPI check comes first');
      assert.throws(() => v!.setDeviceAttr(a(TIMER, 0, e), new Uint8Array(2)), errno('EFAULT'));
      assert.throws(() => v!.getDeviceAttr(a(TIMER, 0, e), new Uint8Array(2)), errno('EFAULT'));
    });

    test(`KVM_ARM_VCPU_TIMER_CTRL (${tag}): a new PPI applies to every vCPU; a clash fails the first KVM_RUN; ${p === '6.1' ? 'checked again at the next, then EBUSY' : 'the next runs unchecked and the timer stays disabled (no EBUSY)'}`, () => {
      const { vm, vcpus: [v0, v1] } = vmWith(p, e, 2);
      addGic(vm, e);
      v0!.setDeviceAttr(a(TIMER, 0, e), u32(28, e));
      assert.equal(getIrq(v1!, 0, e), 28);
      v1!.setDeviceAttr(a(TIMER, 1, e), u32(28, e));
      assert.throws(() => v0!.runVcpu(), errno('EINVAL'), 'both timers on PPI 28');
      v0!.setDeviceAttr(a(TIMER, 1, e), u32(30, e));
      v0!.runVcpu();
      if (p === '6.1') assert.throws(() => v0!.setDeviceAttr(a(TIMER, 0, e), u32(26, e)), errno('EBUSY'));
      else v0!.setDeviceAttr(a(TIMER, 0, e), u32(26, e)); // kvm_vcpu_first_run_init had set has_run_once before failing
      v1!.setDeviceAttr(a(TIMER, 0, e), u32(26, e));
      assert.equal(getIrq(v0!, 0, e), 26, 'vCPU 1 has not run: its set reaches vCPU 0 too');
    });

    test(`PMU attributes on a vCPU without PMU (${tag}): has ENXIO, set ENODEV, get of the IRQ EINVAL without a GIC, ENODEV with one`, () => {
      const { vm, vcpus: [v] } = vmWith(p, e, 1);
      assert.throws(() => v!.hasDeviceAttr(a(PMU, 0, e)), errno('ENXIO'));
      assert.throws(() => v!.setDeviceAttr(a(PMU, 0, e), u32(23, e)), errno('ENODEV'));
      assert.throws(() => v!.getDeviceAttr(a(PMU, 0, e), new Uint8Array(4)), errno('EINVAL'));
      addGic(vm, e);
      assert.throws(() => v!.getDeviceAttr(a(PMU, 0, e), new Uint8Array(4)), errno('ENODEV'));
      assert.throws(() => v!.hasDeviceAttr(a(7, 0, e)), errno('ENXIO'), 'an unknown group');
    });

    test(`stolen time (${tag}): the PVTIME IPA (aligned, in a slot, once), then PV_TIME_FEATURES and PV_TIME_ST find it and zero it`, () => {
      const { vcpus: [v], mem } = vmWith(p, e, 1);
      const ipa = (x: bigint): Uint8Array => {
        const b = new Uint8Array(8);
        writeU64(b, 0, x, e);
        return b;
      };
      const got = new Uint8Array(8);
      v!.getDeviceAttr(a(PVTIME, 0, e), got);
      assert.equal(readU64(got, 0, e), 0xffffffffffffffffn);
      const call = (x0: bigint, x1: bigint): bigint => {
        v!.setOneReg(REG_X(0), x0);
        v!.setOneReg(REG_X(1), x1);
        v!.setOneReg(REG_PC, BASE + 8n);
        v!.runVcpu();
        return v!.getOneReg(REG_X(0));
      };
      assert.equal(call(0x80000001n, 0xc5000020n), 0n, 'ARCH_FEATURES(PV_TIME_FEATURES)');
      assert.equal(call(0xc5000020n, 0xc5000021n), 0xffffffffffffffffn, 'no IPA yet: NOT_SUPPORTED');
      assert.throws(() => v!.setDeviceAttr(a(PVTIME, 0, e), ipa(BASE + 0x44n)), errno('EINVAL'));
      assert.throws(() => v!.setDeviceAttr(a(PVTIME, 0, e), ipa(0x1000n)), errno('EINVAL'));
      assert.throws(() => v!.setDeviceAttr(a(PVTIME, 1, e), ipa(BASE + 0x40n)), errno('ENXIO'));
      v!.setDeviceAttr(a(PVTIME, 0, e), ipa(BASE + 0x40n));
      assert.throws(() => v!.setDeviceAttr(a(PVTIME, 0, e), ipa(BASE + 0x80n)), errno('EEXIST'));
      mem.fill(0xee, 0x40, 0x80);
      assert.equal(call(0xc5000020n, 0xc5000021n), 0n);
      assert.equal(call(0xc5000021n, 0n), BASE + 0x40n);
      assert.deepEqual([...mem.subarray(0x40, 0x80)], new Array(64).fill(0));
      assert.equal(mem[0x80], 0, 'nothing beyond the 64 bytes was touched (it was 0)');
    });
  }
}
