/**
 * The virtual timer through KVM_GET/SET_ONE_REG as Linux 6.1 and 5.10 expose it (guest.c is_timer_reg,
 * arch_timer.c kvm_arm_timer_get_reg/set_reg): TIMER_CTL with ISTATUS, TIMER_CVAL, TIMER_CNT setting
 * the VM's CNTVOFF; the guest's MRS sees the same values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REG_PC } from '../abi/index.ts';
import { createModelKvm } from './index.ts';
import { KVM_REG_ARM_TIMER_CNT, KVM_REG_ARM_TIMER_CTL, KVM_REG_ARM_TIMER_CVAL } from './timer-regs.ts';
import { SLOT_BASE, putWords } from './test-helpers.ts';
import type { Vcpu } from './vcpu.ts';

for (const profile of ['6.1', '5.10'] as const) {
  test(`ONE_REG timer registers (${profile}): CTL reads ISTATUS and ignores it on write, CVAL round-trips, CNT sets CNTVOFF for every vCPU`, () => {
    const kvm = createModelKvm({ profile, endian: 'le' });
    const vm = kvm.createVm();
    const mem = kvm.allocGuestMemory(0x10000);
    putWords(mem, 0, [0xd503201f, 0xd503201f, 0xd53be044, 0x14000000]); // nop; nop; mrs x4, cntvct_el0; b .
    vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: BigInt(SLOT_BASE), memory: mem });
    const a = vm.createVcpu(0), b = vm.createVcpu(1);
    for (const v of [a, b]) { v.armVcpuInit(vm.armPreferredTarget()); v.setOneReg(REG_PC, BigInt(SLOT_BASE)); }

    assert.equal(a.getOneReg(KVM_REG_ARM_TIMER_CTL), 0n);
    a.setOneReg(KVM_REG_ARM_TIMER_CVAL, 0x1234n);
    assert.equal(a.getOneReg(KVM_REG_ARM_TIMER_CVAL), 0x1234n);
    a.setOneReg(KVM_REG_ARM_TIMER_CTL, 0x7n); // ISTATUS is read-only
    assert.equal((a as Vcpu).arch.cpu.getSysReg('CNTV_CTL_EL0') & 3n, 3n);
    a.setOneReg(KVM_REG_ARM_TIMER_CNT, 0x2000n);
    assert.equal(a.getOneReg(KVM_REG_ARM_TIMER_CNT), 0x2000n);
    assert.equal(a.getOneReg(KVM_REG_ARM_TIMER_CTL), 0x7n, 'ENABLE | IMASK | ISTATUS: CNTVCT 0x2000 >= CVAL 0x1234');
    assert.equal(b.getOneReg(KVM_REG_ARM_TIMER_CNT), 0x2000n, 'the offset is the VM\'s');
    a.setOneReg(KVM_REG_ARM_TIMER_CNT, 0x1000n);
    assert.equal(a.getOneReg(KVM_REG_ARM_TIMER_CTL), 0x3n, 'not met any more');

    const cpu = (a as Vcpu).arch.cpu;
    cpu.stage2Map(BigInt(SLOT_BASE), 0x1000); // what the kernel model does on the first fault
    cpu.run(3);
    assert.equal(cpu.getX(4), 0x1003n, 'the guest reads CNTVCT = the value written + its instructions');
    assert.equal(a.getOneReg(KVM_REG_ARM_TIMER_CNT), 0x1003n);
  });
}
