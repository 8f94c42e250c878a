/**
 * The VM's virtual GIC (struct vgic_dist) and each vCPU's part of it (struct vgic_cpu), with the core of
 * arch/arm64/kvm/vgic/vgic.c and vgic-init.c: creation, vgic_init, map_resources, interrupt lookup,
 * the target oracle and injection.
 *
 * Linux queues pending interrupts on per-vCPU lists and loads them into the hardware's list registers at
 * guest entry; the hardware's virtual CPU interface then acknowledges and completes them. The model has
 * no hardware to lend the guest, so the CPU interface (vgic-cpuif.ts) works on these interrupt records
 * directly, as if every interrupt queued for a vCPU sat in a list register. Which interrupt the guest sees
 * and when is the same; the hardware's list-register limit (which KVM hides from the guest) does not exist.
 */
import { KVM_DEV_TYPE_ARM_VGIC_V2, KVM_DEV_TYPE_ARM_VGIC_V3 } from '../../abi/vgic.ts';
import { EAGAIN, EBUSY, EEXIST, EINVAL } from '../errno.ts';
import type { KernelProfile } from '../profile.ts';
import {
  VGIC_CONFIG_EDGE, VGIC_CONFIG_LEVEL, VGIC_NR_IRQS_LEGACY, VGIC_NR_PRIVATE_IRQS, VGIC_NR_SGIS, VgicIrq,
} from './vgic-irq.ts';

export { E2BIG, EBUSY, EEXIST, EFAULT, EINVAL, ENODEV, ENOENT, ENXIO } from '../errno.ts';

export const VGIC_V2_MAX_CPUS = 8;
export const VGIC_V3_MAX_CPUS = 512;
/** KVM_VGIC_IMP_REV_3 (include/kvm/arm_vgic.h): the revision that adds GICR_CTLR.{IW,CES,RWP}. */
export const KVM_VGIC_IMP_REV_3 = 3;
export const KVM_VGIC_IMP_REV_2 = 2;

/** The modelled host's ICH_VTR_EL2 as KVM reads it: 5 priority and preemption bits, 24-bit IDs, A3V, no SEIS. */
export const HOST_PRI_BITS = 5;
export const HOST_PRE_BITS = 5;
/** ICH_VTR_EL2.IDbits = 1 (24 bits), ICC_CTLR_EL1.IDbits as KVM reports it. */
export const HOST_ID_BITS = 1;
export const HOST_A3V = 1;
export const HOST_SEIS = 0;

export type VgicModel = typeof KVM_DEV_TYPE_ARM_VGIC_V2 | typeof KVM_DEV_TYPE_ARM_VGIC_V3;

/** struct vgic_vmcr: the CPU interface's control state in a version-neutral form. */
export interface VgicVmcr {
  grpen0: number;
  grpen1: number;
  ackctl: number;
  fiqen: number;
  cbpr: number;
  eoim: number;
  /** Binary point of group 1 (ICC_BPR1 / GICC_ABPR). */
  abpr: number;
  /** Binary point of group 0 (ICC_BPR0 / GICC_BPR). */
  bpr: number;
  /** Priority mask, 8-bit ICC_PMR_EL1 format. */
  pmr: number;
}

/** struct vgic_redist_region: `count` redistributors from `base` (count 0: as many as there are vCPUs). */
export interface RedistRegion {
  index: number;
  base: bigint;
  count: number;
  freeIndex: number;
}

/** GICR_PENDBASER's reset value (INITIAL_PENDBASER_VALUE: inner RaWb, outer same, inner shareable). */
const INITIAL_PENDBASER_VALUE = (7n << 7n) | (1n << 10n);

/** struct vgic_cpu: one vCPU's private interrupts, CPU interface state and redistributor. */
export class VgicCpu {
  readonly privateIrqs: VgicIrq[] = [];
  vmcr: VgicVmcr = { grpen0: 0, grpen1: 0, ackctl: 0, fiqen: 0, cbpr: 0, eoim: 0, abpr: 0, bpr: 0, pmr: 0 };
  /** ICH_AP0Rn / ICH_AP1Rn (a GICv2 guest's single GICC_APR lives in ap1r, as on a GICv3 host). */
  readonly ap0r = [0, 0, 0, 0];
  readonly ap1r = [0, 0, 0, 0];
  /** ICC_SRE_EL1 as the guest reads it. */
  sre = 0n;
  numPriBits = HOST_PRI_BITS;
  numIdBits = HOST_ID_BITS;
  /** The redistributor (v3): its region, its slot in it, its base address (null: not yet placed). */
  rdreg: RedistRegion | null = null;
  rdregIndex = 0;
  rdBase: bigint | null = null;
  pendbaser = 0n;
  /** Last values handed to the interrupt outputs. */
  irqOut = false;
  fiqOut = false;
  /** Called when the vIRQ/vFIQ outputs change (the CPU adapter sets it). */
  onLines: ((irq: boolean, fiq: boolean) => void) | null = null;

  /** The vCPU's affinity as the vGIC sees it (routing, GICR_TYPER, SGI targets, userspace's MPIDR attrs). */
  get mpidr(): number {
    return this.mpidrOf() & 0xffffff;
  }

  /**
   * `mpidrOf` reads the vCPU's MPIDR_EL1 affinity (Aff2.Aff1.Aff0) now: kvm_vcpu_get_mpidr_aff() reads the
   * register that reset_mpidr() fills at KVM_ARM_VCPU_INIT, so before that it is 0.
   */
  constructor(readonly index: number, readonly vcpuId: number, private readonly mpidrOf: () => number) {
    // kvm_vgic_vcpu_init(): SGIs enabled and edge-triggered, PPIs level-sensitive.
    for (let i = 0; i < VGIC_NR_PRIVATE_IRQS; i++) {
      const irq = new VgicIrq(i, index);
      if (i < VGIC_NR_SGIS) {
        irq.enabled = true;
        irq.config = VGIC_CONFIG_EDGE;
      } else {
        irq.config = VGIC_CONFIG_LEVEL;
      }
      this.privateIrqs.push(irq);
    }
  }
}

export class Vgic {
  /** kvm->arch.vgic.vgic_model. */
  readonly model: VgicModel;
  /** vgic_dist_base, vgic_cpu_base (v2); null is VGIC_ADDR_UNDEF. */
  distBase: bigint | null = null;
  cpuBase: bigint | null = null;
  readonly rdRegions: RedistRegion[] = [];
  nrSpis = 0;
  initialized = false;
  /** dist->ready: the MMIO regions are mapped (first KVM_RUN). */
  ready = false;
  /** GICD_CTLR enable (group 1 for v3, EnableGrp0 for v2 as KVM keeps one bit). */
  enabled = false;
  implementationRev = 0;
  v2GroupsUserWritable = false;
  spis: VgicIrq[] = [];
  readonly cpus: VgicCpu[] = [];
  /** kvm->max_vcpus once the vGIC exists. */
  readonly maxVcpus: number;

  constructor(model: VgicModel, readonly profile: KernelProfile) {
    this.model = model;
    this.maxVcpus = model === KVM_DEV_TYPE_ARM_VGIC_V2 ? VGIC_V2_MAX_CPUS : VGIC_V3_MAX_CPUS;
  }

  get isV3(): boolean {
    return this.model === KVM_DEV_TYPE_ARM_VGIC_V3;
  }

  /** VGIC_NR_PRIVATE_IRQS + nr_spis. */
  get nrIrqs(): number {
    return this.nrSpis + VGIC_NR_PRIVATE_IRQS;
  }

  /** kvm_vgic_vcpu_init() for a vCPU created after (or found by) the device: its private interrupts. */
  addVcpu(index: number, vcpuId: number, mpidrOf: () => number): VgicCpu {
    const c = new VgicCpu(index, vcpuId, mpidrOf);
    this.cpus[index] = c;
    return c;
  }

  /** kvm_mpidr_to_vcpu(): the vCPU with this affinity (Aff2.Aff1.Aff0), or -1. */
  mpidrToVcpu(mpidr: number): number {
    for (const c of this.cpus) if (c.mpidr === (mpidr & 0xffffff)) return c.index;
    return -1;
  }

  /** vgic_get_irq(): SGIs and PPIs of `cpu`, SPIs of the VM, null for anything else (no LPIs: no ITS). */
  getIrq(cpu: VgicCpu | null, intid: number): VgicIrq | null {
    if (intid < VGIC_NR_PRIVATE_IRQS) return cpu ? cpu.privateIrqs[intid]! : null;
    if (intid < this.nrIrqs) return this.spis[intid - VGIC_NR_PRIVATE_IRQS]!;
    return null;
  }

  /**
   * vgic_target_oracle(): the vCPU an interrupt belongs to now. An active one stays where it was
   * acknowledged; an enabled, pending one goes to its target, unless the distributor is disabled; any
   * other is nobody's (-1).
   */
  targetOracle(irq: VgicIrq): number {
    if (irq.active) return irq.activeVcpu >= 0 ? irq.activeVcpu : irq.targetVcpu;
    if (irq.enabled && irq.isPending()) return this.enabled ? irq.targetVcpu : -1;
    return -1;
  }

  /**
   * vgic_init(): freeze the number of SPIs (256 interrupts unless NR_IRQS said otherwise), build the SPIs
   * (targeting vCPU 0; group 0 on v2, group 1 on v3), set the groups and routing of every vCPU's private
   * interrupts, reset each CPU interface (vgic_v2/v3_enable). EBUSY while a vCPU is being created is not
   * reachable here (creation is one call).
   */
  init(): number {
    if (this.initialized) return 0;
    if (!this.nrSpis) this.nrSpis = VGIC_NR_IRQS_LEGACY - VGIC_NR_PRIVATE_IRQS;
    this.spis = [];
    for (let i = 0; i < this.nrSpis; i++) {
      const irq = new VgicIrq(i + VGIC_NR_PRIVATE_IRQS, this.cpus.length ? 0 : -1);
      irq.group = this.isV3 ? 1 : 0;
      this.spis.push(irq);
    }
    for (const c of this.cpus) {
      for (const irq of c.privateIrqs) {
        if (this.isV3) {
          irq.group = 1;
          irq.mpidr = c.mpidr;
        } else {
          irq.group = 0;
          irq.targets = (1 << c.index) & 0xff;
        }
      }
      this.vcpuEnable(c);
    }
    if (!this.implementationRev) this.implementationRev = this.profile.vgicImplementationRev;
    this.initialized = true;
    return 0;
  }

  /** vgic_v2_enable() / vgic_v3_enable(): VMCR zero; a GICv3 guest sees SRE = DIB | DFB | SRE. */
  private vcpuEnable(c: VgicCpu): void {
    c.vmcr = { grpen0: 0, grpen1: 0, ackctl: 0, fiqen: this.isV3 ? 1 : 0, cbpr: 0, eoim: 0, abpr: 0, bpr: 0, pmr: 0 };
    if (this.isV3) {
      c.sre = 0x7n;
      c.pendbaser = INITIAL_PENDBASER_VALUE;
    } else {
      c.sre = 0n;
    }
    c.numPriBits = HOST_PRI_BITS;
    c.numIdBits = HOST_ID_BITS;
  }

  /**
   * kvm_vgic_dist_destroy() as 5.10's failed mapping calls it (__kvm_vgic_destroy): back to not initialised,
   * no SPIs, no redistributor regions; addresses, the model and the vCPUs' placed redistributors stay.
   */
  destroyDist(): void {
    this.ready = false;
    this.initialized = false;
    this.spis = [];
    this.nrSpis = 0;
    if (this.isV3) this.rdRegions.length = 0;
  }

  /** vgic_lazy_init(): a GICv2 initialises itself on first use; a GICv3 must have had CTRL_INIT (EBUSY). */
  lazyInit(): number {
    if (this.initialized) return 0;
    if (this.isV3) return EBUSY;
    return this.init();
  }

  /**
   * kvm_vgic_inject_irq(): a device (userspace: KVM_IRQ_LINE) drives an interrupt. Level-sensitive: the
   * line follows `level`; edge-triggered: a rising call latches it pending, a falling one is ignored.
   * `cpuIndex` names the vCPU for PPIs.
   */
  injectIrq(cpuIndex: number, intid: number, level: boolean, owner: object | null = null): number {
    const ret = this.lazyInit();
    if (ret) return ret;
    const cpu = this.cpus[cpuIndex] ?? null;
    if (!cpu && intid < VGIC_NR_PRIVATE_IRQS) return EINVAL;
    const irq = this.getIrq(cpu, intid);
    if (!irq) return EINVAL;
    // vgic_validate_injection(): only the owner (none for userspace), and only a change of level or a
    // rising edge, does anything.
    if (irq.owner !== owner) return 0;
    if (irq.config === VGIC_CONFIG_LEVEL ? irq.lineLevel === level : !level) return 0;
    if (irq.config === VGIC_CONFIG_LEVEL) irq.lineLevel = level;
    else irq.pendingLatch = true;
    this.kick();
    return 0;
  }

  /**
   * kvm_vgic_set_owner(): an in-kernel device claims a PPI or SPI of vCPU `cpuIndex`. EAGAIN before
   * vgic_init, EINVAL for an INTID that is neither, EEXIST when another owner has it; 0 otherwise.
   */
  setOwner(cpuIndex: number, intid: number, owner: object): number {
    if (!this.initialized) return EAGAIN;
    const irq = intid >= VGIC_NR_SGIS ? this.getIrq(this.cpus[cpuIndex] ?? null, intid) : null;
    if (!irq) return EINVAL;
    if (irq.owner && irq.owner !== owner) return EEXIST;
    irq.owner = owner;
    return 0;
  }

  /**
   * Re-evaluate every vCPU's interrupt outputs after a state change (the kvm_vcpu_kick of
   * vgic_queue_irq_unlock): the CPU sees a new vIRQ/vFIQ level at once.
   */
  kick(): void {
    for (const c of this.cpus) {
      if (!c) continue;
      const { irq, fiq } = this.lines(c);
      if (irq !== c.irqOut || fiq !== c.fiqOut) {
        c.irqOut = irq;
        c.fiqOut = fiq;
        c.onLines?.(irq, fiq);
      }
    }
  }

  /**
   * vgic_v3_put / vgic_v2 put at the end of a KVM_RUN: the VMCR is read back from the hardware, which
   * holds binary points no lower than their minimum. A value userspace wrote shows through until the
   * vCPU runs (conformance vgic-v3 sys.bpr0.after, vgic-v2 v2.cpu.bpr.after: 0 before the run, 2 and 3
   * after, on Debian 6.1 and 5.10). The priority mask keeps all 8 bits (sys.pmr.after: 0xff stays 0xff);
   * only the guest's view of it drops the unimplemented bits.
   */
  vmcrSync(c: VgicCpu): void {
    const min0 = 8 - HOST_PRE_BITS - 1;
    c.vmcr.bpr = Math.max(c.vmcr.bpr, min0);
    c.vmcr.abpr = Math.max(c.vmcr.abpr, min0 + 1);
  }

  // ---- what the CPU interface signals (the hardware's view of the list registers) ----

  /** The binary point of a group, as the CPU interface applies it (__vgic_v3_get_bpr0/1, clamped to the minimum). */
  bpr(c: VgicCpu, grp: number): number {
    const min0 = 8 - HOST_PRE_BITS - 1;
    const bpr0 = Math.max(c.vmcr.bpr, min0);
    if (!grp) return bpr0;
    if (c.vmcr.cbpr) return Math.min(bpr0 + 1, 7);
    return Math.max(c.vmcr.abpr, min0 + 1);
  }

  /** __vgic_v3_pri_to_pre(): the group priority, sub-priority bits cleared (group 0 uses BPR0 + 1). */
  priToPre(c: VgicCpu, pri: number, grp: number): number {
    const bpr = grp ? this.bpr(c, 1) : this.bpr(c, 0) + 1;
    return pri & ((0xff << bpr) & 0xff);
  }

  /**
   * __vgic_v3_get_highest_active_priority(): the running priority, from the lowest bit set in the active
   * priority registers, scaled back to 8 bits; 0xff when nothing is active.
   */
  runningPriority(c: VgicCpu): number {
    const shift = 8 - HOST_PRE_BITS;
    for (let i = 0; i < 4; i++) {
      const v = (c.ap0r[i]! | c.ap1r[i]!) >>> 0;
      if (v) return ((i * 32 + ctz32(v)) << shift) & 0xff;
    }
    return 0xff;
  }

  /** Is this group's interrupt delivery enabled at the CPU interface (ICH_VMCR VENG0/VENG1)? */
  groupEnabled(c: VgicCpu, grp: number): boolean {
    return (grp ? c.vmcr.grpen1 : c.vmcr.grpen0) !== 0;
  }

  /**
   * The highest-priority pending interrupt of this vCPU (__vgic_v3_highest_priority_lr over the
   * interrupts queued to it): pending, not active, enabled, routed here, its group enabled. Equal
   * priorities go to the lowest INTID.
   */
  hppi(c: VgicCpu): VgicIrq | null {
    let best: VgicIrq | null = null;
    const consider = (irq: VgicIrq): void => {
      if (irq.active || !irq.enabled || !irq.isPending()) return;
      if (this.targetOracle(irq) !== c.index || !this.groupEnabled(c, irq.group)) return;
      if (!best || irq.priority < best.priority) best = irq;
    };
    for (const irq of c.privateIrqs) consider(irq);
    for (const irq of this.spis) consider(irq);
    return best;
  }

  /**
   * kvm_vgic_vcpu_pending_irq(): what wakes a vCPU from WFI: with the distributor enabled, an interrupt of
   * this vCPU that is pending, enabled, not active and above the priority mask (groups and running
   * priority are not looked at).
   */
  vcpuPendingIrq(c: VgicCpu): boolean {
    if (!this.enabled) return false;
    const pmr = c.vmcr.pmr & PMR_MASK;
    const hit = (irq: VgicIrq): boolean =>
      irq.isPending() && irq.enabled && !irq.active && irq.priority < pmr && this.targetOracle(irq) === c.index;
    return c.privateIrqs.some(hit) || this.spis.some(hit);
  }

  /**
   * The virtual IRQ and FIQ outputs: the highest-priority pending interrupt is signalled when its
   * priority beats the priority mask and its group priority beats the running priority. Group 1 is an
   * IRQ; group 0 is an FIQ on a GICv3 (VFIQEn is RES1) and on a GICv2 with GICC_CTLR.FIQEn, else an IRQ.
   */
  lines(c: VgicCpu): { irq: boolean; fiq: boolean } {
    const h = this.hppi(c);
    if (!h || h.priority >= (c.vmcr.pmr & PMR_MASK) || this.priToPre(c, h.priority, h.group) >= this.runningPriority(c)) {
      return { irq: false, fiq: false };
    }
    const fiq = h.group === 0 && (this.isV3 || c.vmcr.fiqen !== 0);
    return { irq: !fiq, fiq };
  }
}

/** The priority bits the CPU interface implements (ICC_PMR_EL1 / GICC_PMR low bits read as zero). */
export const PMR_MASK = (0xff << (8 - HOST_PRE_BITS)) & 0xff;

/** Count of trailing zero bits of a non-zero 32-bit value (__ffs). */
export function ctz32(v: number): number {
  return 31 - Math.clz32(v & -v);
}
