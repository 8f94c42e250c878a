/**
 * KVM_GET/SET_ONE_REG of the SIMD&FP state (arch/arm64/kvm/guest.c get_core_reg/set_core_reg on
 * struct kvm_regs.fp_regs): v0..v31 as KVM_REG_SIZE_U128 ids, fpsr and fpcr as U32, reset by
 * KVM_ARM_VCPU_INIT as kvm_reset_vcpu clears fp_regs. The ids' offsets are the UAPI header's
 * (test/system/abi-headers.test.ts checks the layout against the real headers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/backend.ts';
import { KVM_REG_ARM64, KVM_REG_ARM_CORE, KVM_REG_SIZE_U32, KVM_REG_SIZE_U64, KVM_REG_SIZE_U128, REG_FPCR, REG_FPSR, REG_V } from '../abi/index.ts';
import { createModelKvm } from './index.ts';

const errno = (code: string) => (err: unknown): boolean => err instanceof KvmError && err.errno === code;

function initedVcpu(endian: 'le' | 'be') {
  const vm = createModelKvm({ profile: '6.1', endian }).createVm();
  const vcpu = vm.createVcpu(0);
  vcpu.armVcpuInit(vm.armPreferredTarget());
  return { vm, vcpu };
}

test('REG_V(n) is KVM_REG_ARM64 | KVM_REG_SIZE_U128 | KVM_REG_ARM_CORE | (offsetof(struct kvm_regs, fp_regs.vregs[n]) / 4)', () => {
  // fp_regs starts at 0x150 (after user_pt_regs 272, sp_el1, elr_el1, spsr[5]); vregs[n] at 0x150 + 16n
  for (const n of [0, 1, 31]) assert.equal(REG_V(n), KVM_REG_ARM64 | KVM_REG_SIZE_U128 | KVM_REG_ARM_CORE | BigInt((0x150 + 16 * n) / 4));
  assert.equal(REG_FPSR, KVM_REG_ARM64 | KVM_REG_SIZE_U32 | KVM_REG_ARM_CORE | BigInt((0x150 + 512) / 4));
  assert.equal(REG_FPCR, REG_FPSR + 1n);
  assert.throws(() => REG_V(32), RangeError);
});

for (const endian of ['le', 'be'] as const) {
  test(`KVM_SET_ONE_REG then KVM_GET_ONE_REG of v0..v31 returns all 128 bits (${endian} host)`, () => {
    const { vcpu } = initedVcpu(endian);
    const val = (n: number): bigint => (0x0123456789abcdefn << 64n) | (0xfedcba9876543210n ^ BigInt(n));
    for (let n = 0; n < 32; n++) vcpu.setOneReg(REG_V(n), val(n));
    for (let n = 0; n < 32; n++) assert.equal(vcpu.getOneReg(REG_V(n)), val(n), `v${n}`);
  });
}

test('fpsr and fpcr keep the bits the CPU implements (a Cortex-A57: no FZ16, no trap enables)', () => {
  const { vcpu } = initedVcpu('le');
  vcpu.setOneReg(REG_FPCR, 0xffffffffn);
  assert.equal(vcpu.getOneReg(REG_FPCR), 0x07f70000n);
  vcpu.setOneReg(REG_FPSR, 0xffffffffn);
  assert.equal(vcpu.getOneReg(REG_FPSR), 0xf800009fn);
});

test('a V register id with the wrong size is EINVAL; one past fp_regs is ENOENT', () => {
  const { vcpu } = initedVcpu('le');
  const v0off = REG_V(0) & 0xffffn;
  assert.throws(() => vcpu.getOneReg(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | v0off), errno('EINVAL'));
  assert.throws(() => vcpu.getOneReg(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (REG_FPSR & 0xffffn)), errno('EINVAL'));
  assert.throws(() => vcpu.getOneReg(KVM_REG_ARM64 | KVM_REG_SIZE_U128 | KVM_REG_ARM_CORE | (v0off + 1n)), errno('EINVAL'), 'inside v0');
});

test('KVM_ARM_VCPU_INIT clears fp_regs, as kvm_reset_vcpu does', () => {
  const { vm, vcpu } = initedVcpu('le');
  vcpu.setOneReg(REG_V(5), 123n);
  vcpu.setOneReg(REG_FPCR, 0x03000000n);
  vcpu.setOneReg(REG_FPSR, 0x10n);
  vcpu.armVcpuInit(vm.armPreferredTarget());
  assert.equal(vcpu.getOneReg(REG_V(5)), 0n);
  assert.equal(vcpu.getOneReg(REG_FPCR), 0n);
  assert.equal(vcpu.getOneReg(REG_FPSR), 0n);
});
