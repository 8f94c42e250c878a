/**
 * The vCPU ioctls other than KVM_RUN, against arch/arm64/kvm/guest.c, arm.c and reset.c and the
 * experiment's observations (EINVAL for control 0x5 / 0x40001, SINGLESTEP alone accepted).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/backend.ts';
import {
  KVM_ARM_TARGET_CORTEX_A57, KVM_ARM_TARGET_GENERIC_V8, KVM_ARM_VCPU_EL1_32BIT, KVM_ARM_VCPU_PMU_V3,
  KVM_ARM_VCPU_PSCI_0_2, KVM_REG_ARM64, KVM_REG_ARM_CORE, KVM_REG_SIZE_U32, KVM_REG_SIZE_U64, REG_ELR_EL1,
  REG_FPSR, REG_PC, REG_PSTATE, REG_SP, REG_SP_EL1, REG_SPSR_EL1, REG_X, coreRegId, encodeGuestDebug,
  encodeVcpuInit, sysRegId,
} from '../abi/index.ts';
import { createModelKvm } from './index.ts';
import type { Vcpu } from './vcpu.ts';
import { KVM_REG_ARM_PSCI_VERSION } from './one-reg.ts';

const errno = (code: string) => (err: unknown): boolean => err instanceof KvmError && err.errno === code;
const MDSCR_EL1 = sysRegId(2, 0, 0, 2, 2);
const DBGBCR0_EL1 = sysRegId(2, 0, 0, 0, 5);
const DBGWVR3_EL1 = sysRegId(2, 0, 0, 3, 6);
const ESR_EL1 = sysRegId(3, 0, 5, 2, 0);
const FAR_EL1 = sysRegId(3, 0, 6, 0, 0);
const VBAR_EL1 = sysRegId(3, 0, 12, 0, 0);
const OSLSR_EL1 = sysRegId(2, 0, 1, 1, 4);

function freshVcpu(profile: '6.1' | '5.10' = '6.1', e: 'le' | 'be' = 'le') {
  const vm = createModelKvm({ profile, endian: e }).createVm();
  return { vm, vcpu: vm.createVcpu(0), e };
}

const dbg = (control: number, e: 'le' | 'be') => encodeGuestDebug({ control, bcr: [], bvr: [], wcr: [], wvr: [] }, e);

for (const profile of ['6.1', '5.10'] as const) {
  test(`KVM_SET_GUEST_DEBUG (${profile}): EINVAL when control has bits outside 0x30003, checked before ENABLE`, () => {
    for (const e of ['le', 'be'] as const) {
      const { vcpu } = freshVcpu(profile, e);
      for (const control of [0x5, 0x40001, 0x4, 0x80000000, 0x40000]) {
        assert.throws(() => vcpu.setGuestDebug(dbg(control, e)), errno('EINVAL'), `0x${control.toString(16)}`);
      }
      for (const control of [0x0, 0x1, 0x2, 0x3, 0x10001, 0x20001, 0x30003]) vcpu.setGuestDebug(dbg(control, e));
      assert.throws(() => vcpu.setGuestDebug(new Uint8Array(519)), errno('EFAULT'));
    }
  });
}

test('KVM_ARM_VCPU_INIT: EINVAL for another target, ENOENT for unknown feature bits, EINVAL for features the host lacks', () => {
  const { vcpu, e } = freshVcpu();
  assert.throws(() => vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_CORTEX_A57, features: [] }, e)), errno('EINVAL'));
  assert.throws(() => vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [7] }, e)), errno('ENOENT'));
  assert.throws(() => vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [100] }, e)), errno('ENOENT'));
  assert.throws(() => vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [KVM_ARM_VCPU_EL1_32BIT] }, e)), errno('EINVAL'));
  assert.throws(() => vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [KVM_ARM_VCPU_PMU_V3] }, e)), errno('EINVAL'));
  assert.throws(() => vcpu.getOneReg(REG_PC), errno('ENOEXEC'), 'still uninitialised');
  vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [KVM_ARM_VCPU_PSCI_0_2] }, e));
  assert.throws(() => vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [] }, e)), errno('EINVAL'), 'features must repeat');
});

test('KVM_ARM_VCPU_INIT resets the vCPU: PSTATE 0x3c5 (EL1h, DAIF masked), PC 0, x0..x30 0', () => {
  const { vm, vcpu, e } = freshVcpu('5.10', 'be');
  vcpu.armVcpuInit(vm.armPreferredTarget());
  vcpu.setOneReg(REG_PC, 0x1234n);
  vcpu.setOneReg(REG_X(7), 77n);
  vcpu.setOneReg(REG_PSTATE, 0x3c4n);
  vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [] }, e));
  assert.equal(vcpu.getOneReg(REG_PSTATE), 0x3c5n);
  assert.equal(vcpu.getOneReg(REG_PC), 0n);
  assert.equal(vcpu.getOneReg(REG_X(7)), 0n);
});

test('KVM_ARM_VCPU_INIT resets both timers\' CTL to 0 (kvm_timer_vcpu_reset): a timer left firing drops its output', () => {
  const { vm, vcpu, e } = freshVcpu();
  vcpu.armVcpuInit(vm.armPreferredTarget());
  const cpu = (vcpu as Vcpu).arch.cpu;
  const outputs: string[] = [];
  cpu.onTimerOutput = (t, level) => outputs.push(`${t}:${level ? 1 : 0}`);
  cpu.setSysReg('CNTV_CTL_EL0', 1n); // enabled, CVAL 0: met at once
  cpu.setSysReg('CNTP_CTL_EL0', 3n); // enabled but masked
  assert.equal(cpu.getSysReg('CNTV_CTL_EL0'), 5n);
  vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [] }, e));
  assert.equal(cpu.getSysReg('CNTV_CTL_EL0'), 0n);
  assert.equal(cpu.getSysReg('CNTP_CTL_EL0'), 0n);
  assert.deepEqual(outputs, ['virt:1', 'virt:0']);
});

test('KVM_GET/SET_ONE_REG core registers: ENOENT beyond struct kvm_regs, EINVAL inside a register or for the wrong size', () => {
  const { vm, vcpu } = freshVcpu();
  assert.throws(() => vcpu.getOneReg(REG_PC), errno('ENOEXEC'));
  vcpu.armVcpuInit(vm.armPreferredTarget());
  const core = (off: number, size = KVM_REG_SIZE_U64) => KVM_REG_ARM64 | size | KVM_REG_ARM_CORE | BigInt(off);
  assert.throws(() => vcpu.getOneReg(core(0x1000)), errno('ENOENT'));
  assert.throws(() => vcpu.getOneReg(core(1)), errno('EINVAL'), 'middle of regs[0]');
  assert.throws(() => vcpu.getOneReg(core(64, KVM_REG_SIZE_U32)), errno('EINVAL'), 'pc read as 32 bits');
  assert.throws(() => vcpu.setOneReg(REG_PSTATE, 0x3d3n), errno('EINVAL'), 'AArch32 SVC mode');
  assert.throws(() => vcpu.getOneReg(0x7000000000000000n), errno('EINVAL'), 'not an arm64 id');
  const values: Array<[bigint, bigint]> = [
    [REG_X(0), 0x0123456789abcdefn], [REG_X(30), 0xfedcba9876543210n], [REG_SP, 0x80000n], [REG_SP_EL1, 0x90000n],
    [REG_ELR_EL1, 0x4000n], [REG_SPSR_EL1, 0x3c5n], [REG_PC, 0x40000000n], [REG_PSTATE, 0x600003c5n],
    [coreRegId('spsr[3]'), 0x1d3n],
  ];
  for (const [id, v] of values) vcpu.setOneReg(id, v);
  for (const [id, v] of values) assert.equal(vcpu.getOneReg(id), v, `id 0x${id.toString(16)}`);
  assert.equal(vcpu.getOneReg(REG_FPSR), 0n, 'fp_regs.fpsr after reset');
});

test('KVM_GET/SET_ONE_REG system registers: debug registers, MDSCR/ESR/FAR/VBAR; unknown or non-64-bit ids ENOENT', () => {
  const { vm, vcpu } = freshVcpu();
  vcpu.armVcpuInit(vm.armPreferredTarget());
  // reset_unknown() leaves 0x1de7ec7edbadc0de in ESR_EL1 and FAR_EL1; VBAR_EL1 and MDSCR_EL1 reset to 0.
  assert.equal(vcpu.getOneReg(ESR_EL1), 0x1de7ec7edbadc0den);
  assert.equal(vcpu.getOneReg(FAR_EL1), 0x1de7ec7edbadc0den);
  assert.equal(vcpu.getOneReg(VBAR_EL1), 0n);
  assert.equal(vcpu.getOneReg(OSLSR_EL1), 0x8n);
  for (const [id, v] of [[MDSCR_EL1, 0x8000n], [DBGBCR0_EL1, 0x1e7n], [DBGWVR3_EL1, 0x10800n], [ESR_EL1, 0xf2001234n],
    [FAR_EL1, 0x10800n], [VBAR_EL1, 0x800n]] as const) {
    vcpu.setOneReg(id, v);
    assert.equal(vcpu.getOneReg(id), v);
  }
  assert.throws(() => vcpu.getOneReg(sysRegId(3, 7, 15, 15, 7)), errno('ENOENT'));
  assert.throws(() => vcpu.getOneReg((MDSCR_EL1 & ~0x00f0000000000000n) | KVM_REG_SIZE_U32), errno('ENOENT'));
  assert.throws(() => vcpu.setOneReg(OSLSR_EL1, 0x9n), errno('EINVAL'), 'only OSLK may change');
});

test('KVM_REG_ARM_PSCI_VERSION: 1.1 on 6.1, 1.0 on 5.10, 0.1 without KVM_ARM_VCPU_PSCI_0_2; settable to a version of the same family', () => {
  for (const [profile, latest] of [['6.1', 0x10001n], ['5.10', 0x10000n]] as const) {
    const { vcpu, e } = freshVcpu(profile);
    vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [KVM_ARM_VCPU_PSCI_0_2] }, e));
    assert.equal(vcpu.getOneReg(KVM_REG_ARM_PSCI_VERSION), latest);
    assert.throws(() => vcpu.setOneReg(KVM_REG_ARM_PSCI_VERSION, 0n), errno('EINVAL'));
    vcpu.setOneReg(KVM_REG_ARM_PSCI_VERSION, 2n);
    assert.equal(vcpu.getOneReg(KVM_REG_ARM_PSCI_VERSION), 2n);
    const plain = freshVcpu(profile).vcpu;
    plain.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [] }, e));
    assert.equal(plain.getOneReg(KVM_REG_ARM_PSCI_VERSION), 0n);
  }
});
