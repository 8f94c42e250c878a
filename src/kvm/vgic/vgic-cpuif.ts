/**
 * The virtual CPU interface: what the guest's acknowledge, end-of-interrupt, deactivate and
 * highest-pending reads do, for the GICv3 system registers (vgic-sys-reg-v3.ts) and the GICv2 GICC page
 * (vgic-cpuif-v2.ts) alike. The rules are those of arch/arm64/kvm/hyp/vgic-v3-sr.c (__vgic_v3_read_iar,
 * __vgic_v3_write_eoir, __vgic_v3_write_dir, __vgic_v3_read_hppir, ...), KVM's software model of the
 * hardware's virtual interface, applied to the interrupts queued for the vCPU; folding the result back
 * into the interrupt follows vgic_v3_fold_lr_state (an acknowledged edge loses its pending latch, a
 * deactivated level-sensitive interrupt loses its latch too).
 */
import { HOST_PRE_BITS, PMR_MASK, type Vgic, type VgicCpu } from './vgic.ts';
import { INTID_SPURIOUS, VGIC_CONFIG_EDGE, VGIC_NR_SGIS, type VgicIrq } from './vgic-irq.ts';

/** GICv2: the highest pending interrupt is group 1 but this acknowledge is for group 0 (GICC_IAR, AckCtl 0). */
export const INTID_GROUP1_ONLY = 1022;

const isV2Sgi = (vgic: Vgic, irq: VgicIrq): boolean => !vgic.isV3 && irq.intid < VGIC_NR_SGIS;

/** __vgic_v3_set_active_priority(): mark the interrupt's group priority active. */
function setActivePriority(vgic: Vgic, c: VgicCpu, pri: number, grp: number): void {
  const ap = vgic.priToPre(c, pri, grp) >> (8 - HOST_PRE_BITS);
  const regs = grp && vgic.isV3 ? c.ap1r : vgic.isV3 ? c.ap0r : c.ap1r;
  regs[ap >> 5] = (regs[ap >> 5]! | (1 << (ap & 31))) >>> 0;
}

/** __vgic_v3_clear_highest_active_priority(): the priority drop; returns the dropped priority (0xff: none). */
function clearHighestActivePriority(c: VgicCpu): number {
  for (let i = 0; i < 4; i++) {
    const ap0 = c.ap0r[i]!, ap1 = c.ap1r[i]!;
    if (!ap0 && !ap1) continue;
    const c0 = ap0 ? 31 - Math.clz32(ap0 & -ap0) : 32;
    const c1 = ap1 ? 31 - Math.clz32(ap1 & -ap1) : 32;
    if (c0 < c1) c.ap0r[i] = (ap0 & ~(1 << c0)) >>> 0;
    else c.ap1r[i] = (ap1 & ~(1 << c1)) >>> 0;
    return ((i * 32 + Math.min(c0, c1)) << (8 - HOST_PRE_BITS)) & 0xff;
  }
  return 0xff;
}

/**
 * Acknowledge (ICC_IARn_EL1, GICC_IAR/AIAR) for group `grp`. A GICv2 GICC_IAR with AckCtl also takes a
 * group 1 interrupt (`ackBothGroups`), and without it answers 1022 when a group 1 interrupt is the
 * highest. Anything masked by the priority mask or the running priority gives 1023.
 * GICv2 SGIs return the requesting CPU in bits 12:10.
 */
export function acknowledge(vgic: Vgic, c: VgicCpu, grp: number, ackBothGroups = false): number {
  const h = vgic.hppi(c);
  if (!h) return INTID_SPURIOUS;
  if (h.group !== grp) {
    if (!vgic.isV3 && grp === 0 && h.group === 1 && !ackBothGroups) return INTID_GROUP1_ONLY;
    if (!(ackBothGroups && grp === 0)) return INTID_SPURIOUS;
  }
  if ((c.vmcr.pmr & PMR_MASK) <= h.priority) return INTID_SPURIOUS;
  if (vgic.runningPriority(c) <= vgic.priToPre(c, h.priority, h.group)) return INTID_SPURIOUS;
  let value = h.intid;
  h.active = true;
  h.activeVcpu = c.index;
  if (isV2Sgi(vgic, h)) {
    const src = 31 - Math.clz32(h.source & -h.source);
    h.source &= ~(1 << src);
    h.activeSource = src;
    h.pendingLatch = h.source !== 0;
    value |= src << 10;
  } else if (h.config === VGIC_CONFIG_EDGE) {
    h.pendingLatch = false;
  }
  setActivePriority(vgic, c, h.priority, h.group);
  vgic.kick();
  return value;
}

/** The active interrupt of this vCPU with this INTID (and, for GICv2 SGIs, this source): __vgic_v3_find_active_lr. */
function findActive(vgic: Vgic, c: VgicCpu, value: number): VgicIrq | null {
  const intid = vgic.isV3 ? value & 0xffffff : value & 0x3ff;
  const irq = vgic.getIrq(c, intid);
  if (!irq || !irq.active || vgic.targetOracle(irq) !== c.index) return null;
  if (isV2Sgi(vgic, irq) && irq.activeSource !== ((value >> 10) & 7)) return null;
  return irq;
}

/** Deactivation; a level-sensitive interrupt's latch goes with it (vgic_v3_fold_lr_state on an empty LR). */
function deactivate(irq: VgicIrq): void {
  irq.active = false;
  irq.activeVcpu = -1;
  if (irq.config !== VGIC_CONFIG_EDGE) irq.pendingLatch = false;
}

/**
 * End of interrupt (ICC_EOIRn_EL1, GICC_EOIR/AEOIR) for group `grp`: always drops the running priority;
 * with EOImode 0 also deactivates the interrupt, if it is active here, of that group, and the one whose
 * priority was dropped.
 */
export function endOfInterrupt(vgic: Vgic, c: VgicCpu, grp: number, value: number): void {
  const actPrio = clearHighestActivePriority(c);
  const irq = findActive(vgic, c, value);
  if (irq && !c.vmcr.eoim && irq.group === grp && vgic.priToPre(c, irq.priority, grp) === actPrio) deactivate(irq);
  vgic.kick();
}

/** Deactivate (ICC_DIR_EL1, GICC_DIR): only with EOImode 1; the priority is not touched. */
export function deactivateInterrupt(vgic: Vgic, c: VgicCpu, value: number): void {
  if (!c.vmcr.eoim) return;
  const irq = findActive(vgic, c, value);
  if (irq) deactivate(irq);
  vgic.kick();
}

/** Highest pending interrupt (ICC_HPPIRn_EL1, GICC_HPPIR/AHPPIR) for group `grp`, ignoring the masks. */
export function highestPending(vgic: Vgic, c: VgicCpu, grp: number, ackBothGroups = false): number {
  const h = vgic.hppi(c);
  if (!h) return INTID_SPURIOUS;
  if (h.group !== grp) {
    if (!vgic.isV3 && grp === 0 && h.group === 1) return ackBothGroups ? h.intid : INTID_GROUP1_ONLY;
    return INTID_SPURIOUS;
  }
  if (isV2Sgi(vgic, h)) return h.intid | ((31 - Math.clz32(h.source & -h.source)) << 10);
  return h.intid;
}

/** The lowest binary point a group accepts (BPR0: 8 - PREbits - 1, BPR1 one more). */
export function bprMin(grp: number): number {
  return 8 - HOST_PRE_BITS - (grp ? 0 : 1);
}

export { PMR_MASK } from './vgic.ts';
