/**
 * The GICv2 CPU interface page a GICv2 guest uses (GICC_*, the GIC architecture v2 "CPU interface
 * register map"). On a real host KVM maps the hardware's virtual CPU interface (GICV) there
 * (vgic_v2_map_resources); the model emulates that interface in the kernel, with the acknowledge and
 * completion rules of vgic-cpuif.ts. Only aligned 32-bit accesses do anything; others read as zero.
 */
import { KVM_VGIC_V2_CPU_SIZE } from '../../abi/vgic.ts';
import { acknowledge, bprMin, deactivateInterrupt, endOfInterrupt, highestPending, PMR_MASK } from './vgic-cpuif.ts';
import type { Vgic, VgicCpu } from './vgic.ts';

/**
 * GICC_IIDR as the guest reads it: the host's virtual CPU interface answers, not KVM (whose KVM_DEV_ARM_VGIC_GRP_CPU_REGS
 * view says 0x04b2043b). The modelled host's is QEMU's GICv2 (revision 2, implementer Arm), as a guest
 * under Debian 6.1 on QEMU 7.2 with gic-version=2 reads it (conformance scenario vgic-v2, run2).
 */
export const HOST_GICV_IIDR = 0x0002043b;

export const GICC_CTLR = 0x00;
export const GICC_PMR = 0x04;
export const GICC_BPR = 0x08;
export const GICC_IAR = 0x0c;
export const GICC_EOIR = 0x10;
export const GICC_RPR = 0x14;
export const GICC_HPPIR = 0x18;
export const GICC_ABPR = 0x1c;
export const GICC_AIAR = 0x20;
export const GICC_AEOIR = 0x24;
export const GICC_AHPPIR = 0x28;
export const GICC_APR0 = 0xd0;
export const GICC_IIDR = 0xfc;
export const GICC_DIR = 0x1000;

/** A guest load from the CPU interface page at `offset`. */
export function gicv2CpuifRead(vgic: Vgic, c: VgicCpu, offset: number, len: number): number {
  if (len !== 4 || offset & 3 || offset >= KVM_VGIC_V2_CPU_SIZE) return 0;
  const m = c.vmcr;
  switch (offset) {
    case GICC_CTLR: return m.grpen0 | (m.grpen1 << 1) | (m.ackctl << 2) | (m.fiqen << 3) | (m.cbpr << 4) | (m.eoim << 9);
    case GICC_PMR: return m.pmr & PMR_MASK;
    case GICC_BPR: return vgic.bpr(c, 0);
    case GICC_ABPR: return vgic.bpr(c, 1);
    case GICC_IAR: return acknowledge(vgic, c, 0, m.ackctl !== 0);
    case GICC_AIAR: return acknowledge(vgic, c, 1);
    case GICC_RPR: return vgic.runningPriority(c);
    case GICC_HPPIR: return highestPending(vgic, c, 0, m.ackctl !== 0);
    case GICC_AHPPIR: return highestPending(vgic, c, 1);
    case GICC_APR0: return c.ap1r[0]!;
    case GICC_IIDR: return HOST_GICV_IIDR;
    default: return 0;
  }
}

/** A guest store to the CPU interface page at `offset`. */
export function gicv2CpuifWrite(vgic: Vgic, c: VgicCpu, offset: number, len: number, val: number): void {
  if (len !== 4 || offset & 3 || offset >= KVM_VGIC_V2_CPU_SIZE) return;
  const m = c.vmcr;
  switch (offset) {
    case GICC_CTLR:
      m.grpen0 = val & 1; m.grpen1 = (val >> 1) & 1; m.ackctl = (val >> 2) & 1;
      m.fiqen = (val >> 3) & 1; m.cbpr = (val >> 4) & 1; m.eoim = (val >> 9) & 1;
      break;
    case GICC_PMR: m.pmr = val & PMR_MASK; break;
    case GICC_BPR: m.bpr = Math.max(val & 7, bprMin(0)); break;
    case GICC_ABPR: m.abpr = Math.max(val & 7, bprMin(1)); break;
    case GICC_EOIR: {
      // With AckCtl the group 0 register also completes group 1 interrupts.
      const irq = vgic.getIrq(c, val & 0x3ff);
      endOfInterrupt(vgic, c, m.ackctl && irq ? irq.group : 0, val);
      return;
    }
    case GICC_AEOIR: endOfInterrupt(vgic, c, 1, val); return;
    case GICC_DIR: deactivateInterrupt(vgic, c, val); return;
    case GICC_APR0: c.ap1r[0] = val >>> 0; break;
    default: return;
  }
  vgic.kick();
}
