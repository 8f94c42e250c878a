/**
 * The timer registers KVM_GET/SET_ONE_REG reach in 6.1 (arch/arm64/kvm/guest.c is_timer_reg, and
 * arch_timer.c kvm_arm_timer_get_reg/set_reg): the virtual timer only, under ids whose CVAL and CNT
 * encodings are swapped by an old accident kept as ABI:
 *   KVM_REG_ARM_TIMER_CTL  SYS(3,3,14,3,1)  CNTV_CTL_EL0 (ISTATUS included on read, ignored on write)
 *   KVM_REG_ARM_TIMER_CVAL SYS(3,3,14,0,2)  CNTV_CVAL_EL0
 *   KVM_REG_ARM_TIMER_CNT  SYS(3,3,14,3,2)  CNTVCT_EL0; a write sets CNTVOFF = physical count - value
 *                                           for every vCPU of the VM (update_vtimer_cntvoff)
 * The physical count is the VM's (arch-timer.ts): the vCPU is brought up to it first, so CTL's ISTATUS
 * and CNT are read, and the offset computed, at the VM's present count.
 */
import { sysRegId } from '../abi/one-reg.ts';
import { kvmTimerSyncCounter } from './arch-timer.ts';
import type { VcpuArch } from './vcpu-arch.ts';

export const KVM_REG_ARM_TIMER_CTL = sysRegId(3, 3, 14, 3, 1);
export const KVM_REG_ARM_TIMER_CVAL = sysRegId(3, 3, 14, 0, 2);
export const KVM_REG_ARM_TIMER_CNT = sysRegId(3, 3, 14, 3, 2);

/** The register's value, or null when `id` is not a timer register. */
export function getTimerReg(v: VcpuArch, id: bigint): bigint | null {
  if (id === KVM_REG_ARM_TIMER_CTL || id === KVM_REG_ARM_TIMER_CNT) kvmTimerSyncCounter(v);
  switch (id) {
    case KVM_REG_ARM_TIMER_CTL: return v.cpu.getSysReg('CNTV_CTL_EL0');
    case KVM_REG_ARM_TIMER_CVAL: return v.cpu.getSysReg('CNTV_CVAL_EL0');
    case KVM_REG_ARM_TIMER_CNT: return v.cpu.getSysReg('CNTVCT_EL0');
    default: return null;
  }
}

/** Write a timer register; false when `id` is not one. */
export function setTimerReg(v: VcpuArch, id: bigint, value: bigint): boolean {
  switch (id) {
    case KVM_REG_ARM_TIMER_CTL: v.cpu.setSysReg('CNTV_CTL_EL0', value & 3n); return true;
    case KVM_REG_ARM_TIMER_CVAL: v.cpu.setSysReg('CNTV_CVAL_EL0', value); return true;
    case KVM_REG_ARM_TIMER_CNT: {
      kvmTimerSyncCounter(v);
      const off = BigInt.asUintN(64, v.cpu.getSysReg('CNTPCT_EL0') - value);
      for (const o of v.vm.vcpus()) {
        o.cpu.hyp.cntvoff = off;
        o.cpu.setPhysicalCount(BigInt(o.cpu.physicalCount)); // reports the virtual timer's output at the new offset
      }
      return true;
    }
    default: return false;
  }
}
