/**
 * One interrupt as the vGIC keeps it: struct vgic_irq (include/kvm/arm_vgic.h). SGIs and PPIs exist once
 * per vCPU, SPIs once per VM. The interrupt's architectural state (pending, active, enabled, priority,
 * group, trigger, routing) is all here; the CPU interface reads it directly.
 */

export const VGIC_NR_SGIS = 16;
export const VGIC_NR_PPIS = 16;
export const VGIC_NR_PRIVATE_IRQS = VGIC_NR_SGIS + VGIC_NR_PPIS;
export const VGIC_MAX_PRIVATE = VGIC_NR_PRIVATE_IRQS - 1;
export const VGIC_MAX_SPI = 1019;
export const VGIC_MAX_RESERVED = 1023;
export const VGIC_NR_IRQS_LEGACY = 256;
/** The vGIC keeps the top 5 bits of a priority (vgic.h VGIC_PRI_BITS): GICD_IPRIORITYR bits 2:0 read as 0. */
export const VGIC_PRI_BITS = 5;
/** INTID returned by an acknowledge with nothing to acknowledge (ICC_IAR1_EL1_SPURIOUS). */
export const INTID_SPURIOUS = 1023;

export const VGIC_CONFIG_EDGE = 0;
export const VGIC_CONFIG_LEVEL = 1;

export class VgicIrq {
  /** Level-sensitive input as the device drives it (level only). */
  lineLevel = false;
  /** The pending latch of edges, SGIs and GICD_ISPENDR writes. */
  pendingLatch = false;
  active = false;
  enabled = false;
  /** 8-bit priority, bits 2:0 zero. */
  priority = 0;
  /** 0 = group 0, 1 = group 1. */
  group = 0;
  config: typeof VGIC_CONFIG_EDGE | typeof VGIC_CONFIG_LEVEL = VGIC_CONFIG_EDGE;
  /** GICv2 GICD_ITARGETSR byte (SPIs). */
  targets = 0;
  /** GICv3 GICD_IROUTER affinity Aff2.Aff1.Aff0 (SPIs). */
  mpidr = 0;
  /** GICv2 SGIs: the vCPUs (by index) whose SGI is pending here, and the one whose SGI is active. */
  source = 0;
  activeSource = 0;
  /**
   * Index of the vCPU the interrupt goes to (target_vcpu): its own vCPU for SGIs and PPIs; for SPIs the
   * first vCPU in ITARGETSR (v2) or the vCPU with the IROUTER affinity (v3), -1 for none.
   */
  targetVcpu: number;
  /**
   * Where an active interrupt stays until it is deactivated (irq->vcpu of a queued interrupt): an SPI
   * retargeted while active is still completed by the vCPU that acknowledged it. -1 when not active.
   */
  activeVcpu = -1;
  /**
   * The in-kernel device that drives this interrupt (irq->owner: a timer context), null for none. Only the
   * owner's injections count (vgic_validate_injection); userspace's KVM_IRQ_LINE has no owner.
   */
  owner: object | null = null;

  constructor(readonly intid: number, targetVcpu: number) {
    this.targetVcpu = targetVcpu;
  }

  /** irq_is_pending(): the latch for edges; latch or line for level-sensitive interrupts. */
  isPending(): boolean {
    return this.config === VGIC_CONFIG_EDGE ? this.pendingLatch : this.pendingLatch || this.lineLevel;
  }
}
