/**
 * Memory slots mapped at stage 2 on demand, as Linux does: the guest's first fetch or access on a slot
 * page takes a stage-2 translation fault that kvm_handle_guest_abort() resolves in the kernel
 * (user_mem_abort maps the page; mmu.c) without exiting to userspace, while the hyp exit path has already
 * recorded its FAR in vcpu->arch.fault (__populate_fault_info, hyp/include/hyp/switch.h). Before
 * "KVM: arm64: Populate fault info for watchpoint" (5.10) a watchpoint exit reports that stale FAR in
 * debug.arch.far; with it (6.1) the watched address. Truth: the 5.10.223 kernel's record of the
 * conformance scenario watchpoint-far (far = 0x10300, the silent fetch fault; conformance/scenarios/
 * 13-watchpoint-far.json) and 6.1's, and the Linux sources named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KVM_EXIT_DEBUG, RUN_OFF, readU32, readU64 } from '../abi/index.ts';
import { REG_PC } from '../abi/one-reg.ts';
import { encodeGuestDebug } from '../abi/guest-debug.ts';
import { encodeVcpuInit, decodeVcpuInit } from '../abi/vcpu-init.ts';
import { experimentVm, type Machine } from './test-helpers.ts';
import type { KernelProfileName } from './profile.ts';

const ENABLE_USE_HW = 0x20001;

const SAME_PAGE: ReadonlyArray<readonly [number, readonly number[]]> = [[0x300, [
  0x10002801, // +0x300 adr  x1, 0x10800
  0xf9400423, // +0x304 ldr  x3, [x1, #8]
  0x14000000, // +0x308 b    .
]], [0x800, [0x33221100, 0x77665544, 0xbbaa9988, 0xffeeddcc]]];

const OTHER_PAGE: ReadonlyArray<readonly [number, readonly number[]]> = [[0x400, [
  0xd2820001, // +0x400 mov  x1, #0x1000
  0xf2a00021, // +0x404 movk x1, #0x1, lsl #16      (x1 = 0x11000, the slot's second page)
  0xf9400026, // +0x408 ldr  x6, [x1]
  0xf9440423, // +0x40c ldr  x3, [x1, #2056]        (0x11808)
  0x14000000, // +0x410 b    .
]]];

/** Watch the byte at `wvr` + 1 (BAS = 0b10), loads and stores, EL1 and EL0 (DBGWCR 0x5f). */
function watchAndRun(m: Machine, pcOffset: number, wvr: bigint): { exit: number; far: bigint; pc: bigint } {
  m.setPc(pcOffset);
  m.debug({ control: ENABLE_USE_HW, wcr: [0x5fn], wvr: [wvr] });
  m.vcpu.runVcpu();
  return {
    exit: readU32(m.vcpu.run, RUN_OFF.exitReason, m.e),
    far: readU64(m.vcpu.run, RUN_OFF.debugArchFar, m.e),
    pc: m.vcpu.getOneReg(REG_PC),
  };
}

for (const [profile, far] of [['5.10', 0x10300n], ['6.1', 0x10809n]] as const) {
  test(`${profile}: the silent stage-2 fault of the first fetch never reaches userspace; the watchpoint far is 0x${far.toString(16)}`, () => {
    const m = experimentVm(profile, 'le', SAME_PAGE);
    const r = watchAndRun(m, 0x300, 0x10808n);
    assert.equal(r.exit, KVM_EXIT_DEBUG, 'the first exit to userspace is the watchpoint');
    assert.equal(r.pc, 0x10304n);
    assert.equal(r.far, far);
    assert.equal(m.vcpu.arch.farEl2, profile === '5.10' ? 0x10300n : 0x10809n);
  });
}

for (const [profile, far] of [['5.10', 0x11000n], ['6.1', 0x11809n]] as const) {
  test(`${profile}: a data access is what maps the data page; the watchpoint after it reports far 0x${far.toString(16)}`, () => {
    const m = experimentVm(profile, 'le', OTHER_PAGE);
    const r = watchAndRun(m, 0x400, 0x11808n);
    assert.equal(r.exit, KVM_EXIT_DEBUG);
    assert.equal(r.pc, 0x1040cn);
    assert.equal(r.far, far);
    assert.equal(m.vcpu.arch.faultIpa, 0x11000n, 'fault.hpfar_el2 of the last stage-2 abort');
  });
}

test('5.10: stage 2 belongs to the VM: pages one vCPU faulted in do not fault on another (its fault info stays 0)', () => {
  const m = experimentVm('5.10', 'le', SAME_PAGE);
  // vCPU 0 faults the code page in, up to the watchpoint
  assert.equal(watchAndRun(m, 0x300, 0x10808n).far, 0x10300n);
  const v1 = m.vm.createVcpu(1);
  const target = decodeVcpuInit(m.vm.armPreferredTarget(), m.e).target;
  v1.armVcpuInit(encodeVcpuInit({ target, features: [] }, m.e));
  v1.setOneReg(REG_PC, 0x10300n);
  v1.setGuestDebug(encodeGuestDebug({ control: ENABLE_USE_HW, bcr: [], bvr: [], wcr: [0x5fn], wvr: [0x10808n] }, m.e));
  v1.runVcpu();
  assert.equal(readU32(v1.run, RUN_OFF.exitReason, m.e), KVM_EXIT_DEBUG);
  assert.equal(readU64(v1.run, RUN_OFF.debugArchFar, m.e), 0n, 'vcpu->arch.fault.far_el2 as allocated: no abort on this vCPU');
});

test('a slot deleted and created again starts unmapped at stage 2 (kvm_arch_flush_shadow_memslot)', () => {
  const m = experimentVm('5.10' satisfies KernelProfileName, 'le', SAME_PAGE);
  assert.equal(watchAndRun(m, 0x300, 0x10808n).far, 0x10300n);
  m.vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: 0x10000n, memory: new Uint8Array(0) });
  m.vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: 0x10000n, memory: m.mem });
  m.vcpu.arch.farEl2 = 0n; // forget the first fault, so only a new one can bring 0x10300 back
  assert.equal(watchAndRun(m, 0x300, 0x10808n).far, 0x10300n, 'the fetch faulted again');
});
