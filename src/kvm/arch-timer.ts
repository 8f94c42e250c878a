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
 * with one, each timer context becomes the owner of its PPI on this vCPU (kvm_vgic_set_owner, which
 * refuses a second owner, so both PPIs must differ) and every vCPU must use the same two
 * (timer_irqs_are_valid), else EINVAL. Returns 0 or a positive errno. Once owned, a PPI follows only its
 * timer: KVM_IRQ_LINE on it is ignored (vgic_validate_injection).
 */
export function kvmTimerEnable(v: VcpuArch): number {
  const t = v.archTimer;
  if (t.enabled) return 0;
  const vgic = v.vm.vgic;
  if (vgic) {
    if (vgic.setOwner(v.vcpuIdx, t.vtimerIrq, t.vtimerCtx) || vgic.setOwner(v.vcpuIdx, t.ptimerIrq, t.ptimerCtx)) return EINVAL;
    if (v.vm.vcpus().some((o) => o.archTimer.vtimerIrq !== t.vtimerIrq || o.archTimer.ptimerIrq !== t.ptimerIrq)) return EINVAL;
  }
  t.enabled = true;
  return 0;
}

/**
 * The VM's physical counter (the host's CNTPCT that kvm_phys_timer_read() reads, shared by every vCPU):
 * in the model it counts the guest instructions of all vCPUs plus the time an idle VM skips (power.ts),
 * so every vCPU reads the same count at the same point of a run and the run is deterministic. A vCPU's
 * CPU keeps its own copy while it runs; this brings the two together, the later winning (a CPU run
 * outside KVM_RUN, as unit tests do, moves the VM's count on), and reports the timer outputs that change
 * at the new count (kvm_timer_vcpu_load's kvm_timer_update_state).
 */
export function kvmTimerSyncCounter(v: VcpuArch): void {
  const vm = v.vm;
  const c = v.cpu.physicalCount;
  if (c > vm.counter) vm.counter = c;
  else if (c < vm.counter) v.cpu.setPhysicalCount(BigInt(vm.counter));
}

/**
 * The VM's physical count set from outside (the model's KVMDBG_REG_PHYS_COUNT, which a VMM restoring a
 * saved VM writes): the count is one for the whole VM, so every vCPU moves to it, back or forth.
 */
export function kvmSetVmCounter(v: VcpuArch, count: number): void {
  v.vm.counter = count;
  for (const o of v.vm.vcpus()) o.cpu.setPhysicalCount(BigInt(count));
}

/**
 * kvm_timer_update_irq(): a timer output changed level (the CPU reports it at the exact count). The
 * level is kept in the timer context and, once the timer is enabled and the in-kernel GIC initialised,
 * driven into the vGIC as this vCPU's PPI (kvm_vgic_inject_irq with vcpu_id, the timer as owner),
 * level-sensitive: the interrupt is pending while the output is high, so an interrupt the guest completes
 * with the condition still met is taken again.
 */
export function kvmTimerUpdateIrq(v: VcpuArch, timer: 'virt' | 'phys', level: boolean): void {
  const t = v.archTimer;
  if (timer === 'virt') t.vLevel = level;
  else t.pLevel = level;
  kvmTimerInject(v, timer);
}

function kvmTimerInject(v: VcpuArch, timer: 'virt' | 'phys'): void {
  const t = v.archTimer;
  const vgic = v.vm.vgic;
  if (!t.enabled || !vgic?.initialized) return;
  const virt = timer === 'virt';
  vgic.injectIrq(v.vcpuId, virt ? t.vtimerIrq : t.ptimerIrq, virt ? t.vLevel : t.pLevel, virt ? t.vtimerCtx : t.ptimerCtx);
}

/**
 * kvm_timer_vcpu_load() before a guest entry: the vCPU's counter catches up with the VM's and both
 * timer levels are (re)driven into the vGIC (a no-op when the line is already at that level).
 */
export function kvmTimerVcpuLoad(v: VcpuArch): void {
  kvmTimerSyncCounter(v);
  kvmTimerInject(v, 'virt');
  kvmTimerInject(v, 'phys');
}

/**
 * kvm_cpu_has_pending_timer(): one of the vCPU's timers should fire now (kvm_timer_should_fire: ENABLE,
 * ISTATUS, not IMASK), at the VM's present count. This wakes a blocked vCPU whatever the vGIC does with
 * the interrupt.
 */
export function kvmCpuHasPendingTimer(v: VcpuArch): boolean {
  kvmTimerSyncCounter(v);
  return v.archTimer.vLevel || v.archTimer.pLevel;
}

/**
 * Counts from the VM's present count until one of the vCPU's timers fires by the passing of time (the
 * deadline kvm_timer_schedule() arms its background timer for), Infinity for none.
 */
export function kvmTimerEarliestExp(v: VcpuArch): number {
  kvmTimerSyncCounter(v);
  return v.cpu.ticksToTimerEvent();
}
