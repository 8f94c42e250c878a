/** The per-vCPU timer state the kernel keeps (the rules are in arch-timer.ts). */

/** default_vtimer_irq / default_ptimer_irq (INTIDs). */
export const DEFAULT_VTIMER_IRQ = 27;
export const DEFAULT_PTIMER_IRQ = 30;

/** The kernel's per-vCPU timer bookkeeping (struct arch_timer_cpu and the contexts' irq numbers). */
export class ArchTimerCpu {
  vtimerIrq = DEFAULT_VTIMER_IRQ;
  ptimerIrq = DEFAULT_PTIMER_IRQ;
  /** timer_cpu.enabled: kvm_timer_enable succeeded at the first KVM_RUN. */
  enabled = false;
  /**
   * The contexts' irq.level: each timer's output (ENABLE && ISTATUS && !IMASK) as last reported, what
   * kvm_timer_should_fire() answers and what the vGIC's PPI line follows once the timer is enabled.
   */
  vLevel = false;
  pLevel = false;
  /** The two timer contexts as owners of their PPIs in the vGIC (kvm_vgic_set_owner). */
  readonly vtimerCtx = { timer: 'virt' } as const;
  readonly ptimerCtx = { timer: 'phys' } as const;
}
