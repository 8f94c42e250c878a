/**
 * The arch timer as KVM presents it to userspace (arch/arm64/kvm/arch_timer.c): each vCPU has a virtual
 * and a physical EL1 timer whose interrupts are PPIs of the in-kernel GIC, 27 and 30 unless userspace
 * chose others through the vCPU's KVM_ARM_VCPU_TIMER_CTRL attributes before the first KVM_RUN.
 *
 *  - KVM_SET_DEVICE_ATTR (kvm_arm_timer_set_attr): EINVAL without an in-kernel GIC or for an INTID that
 *    is not a PPI (16..31), EBUSY once this vCPU's timer is enabled (its first KVM_RUN), ENXIO for an
 *    attribute other than IRQ_VTIMER/IRQ_PTIMER; the new number applies to every vCPU of the VM
 *    (set_timer_irqs), the other timer keeping this vCPU's number;
 *  - KVM_GET_DEVICE_ATTR: the vCPU's number; KVM_HAS_DEVICE_ATTR: both exist, anything else ENXIO;
 *  - the first KVM_RUN (kvm_timer_enable) with an in-kernel GIC: EINVAL when the two timers share a PPI or
 *    the vCPUs disagree (timer_irqs_are_valid), else the timer is enabled.
 * A vCPU created later starts with the defaults (kvm_timer_vcpu_init), as in Linux.
 */
import { KVM_ARM_VCPU_TIMER_IRQ_PTIMER, KVM_ARM_VCPU_TIMER_IRQ_VTIMER } from '../abi/vgic.ts';
import { EBUSY, EINVAL, ENXIO } from './errno.ts';
export { ArchTimerCpu, DEFAULT_PTIMER_IRQ, DEFAULT_VTIMER_IRQ } from './arch-timer-cpu.ts';
import type { VcpuArch } from './vcpu-arch.ts';

const irqIsPpi = (irq: number): boolean => irq >= 16 && irq < 32;

/** kvm_arm_timer_set_attr(); `irq` is the int userspace's pointer gave. Returns 0 or a positive errno. */
export function kvmArmTimerSetAttr(v: VcpuArch, attr: bigint, irq: number): number {
  if (!v.vm.vgic) return EINVAL;
  if (!irqIsPpi(irq)) return EINVAL;
  if (v.archTimer.enabled) return EBUSY;
  let vt: number, pt: number;
  if (attr === BigInt(KVM_ARM_VCPU_TIMER_IRQ_VTIMER)) [vt, pt] = [irq, v.archTimer.ptimerIrq];
  else if (attr === BigInt(KVM_ARM_VCPU_TIMER_IRQ_PTIMER)) [vt, pt] = [v.archTimer.vtimerIrq, irq];
  else return ENXIO;
  // set_timer_irqs(): every vCPU of the VM
  for (const other of v.vm.vcpus()) {
    other.archTimer.vtimerIrq = vt;
    other.archTimer.ptimerIrq = pt;
  }
  return 0;
}

/** kvm_arm_timer_get_attr(): the INTID, or ENXIO for another attribute. */
export function kvmArmTimerGetAttr(v: VcpuArch, attr: bigint): { errno: number; irq: number } {
  if (attr === BigInt(KVM_ARM_VCPU_TIMER_IRQ_VTIMER)) return { errno: 0, irq: v.archTimer.vtimerIrq };
  if (attr === BigInt(KVM_ARM_VCPU_TIMER_IRQ_PTIMER)) return { errno: 0, irq: v.archTimer.ptimerIrq };
  return { errno: ENXIO, irq: 0 };
}

/** kvm_arm_timer_has_attr(). */
export function kvmArmTimerHasAttr(attr: bigint): number {
  return attr === BigInt(KVM_ARM_VCPU_TIMER_IRQ_VTIMER) || attr === BigInt(KVM_ARM_VCPU_TIMER_IRQ_PTIMER) ? 0 : ENXIO;
}

/**
 * kvm_timer_enable() at the vCPU's first KVM_RUN: without an in-kernel GIC the timer is simply enabled;
 * with one, both PPIs must differ (kvm_vgic_set_owner refuses a second owner) and every vCPU must use the
 * same two (timer_irqs_are_valid), else EINVAL. Returns 0 or a positive errno.
 */
export function kvmTimerEnable(v: VcpuArch): number {
  const t = v.archTimer;
  if (t.enabled) return 0;
  if (v.vm.vgic) {
    if (t.vtimerIrq === t.ptimerIrq) return EINVAL;
    if (v.vm.vcpus().some((o) => o.archTimer.vtimerIrq !== t.vtimerIrq || o.archTimer.ptimerIrq !== t.ptimerIrq)) return EINVAL;
  }
  t.enabled = true;
  return 0;
}
