/**
 * The GICv2 distributor and the userspace view of the GICv2 CPU interface: arch/arm64/kvm/vgic/vgic-mmio-v2.c
 * (vgic_v2_dist_registers[], vgic_v2_cpu_registers[]). Offsets are GICD_* / GICC_* of the GICv2
 * architecture (include/linux/irqchip/arm-gic.h).
 */
import { KVM_VGIC_IMP_REV_2, EINVAL, type Vgic } from './vgic.ts';
import { VGIC_NR_PRIVATE_IRQS } from './vgic-irq.ts';
import {
  VGIC_ACCESS_32bit as A32, VGIC_ACCESS_8bit as A8, addrToIntid, fixed, perIrq, readActive, readConfig, readEnable,
  readGroup, readPending, readPriority, readRaz, ureadPending, uwriteCactive, uwriteCenable, uwriteCpending, uwriteSactive,
  uwriteSenable, uwriteSpending, writeCactive, writeCenable, writeConfig, writeCpending, writeGroup, writePriority,
  writeSactive, writeSenable, writeSpending, type MmioCtx, type ReadFn, type Region, type UWriteFn, type WriteFn,
} from './vgic-mmio.ts';

/** PRODUCT_ID_KVM ('K') and IMPLEMENTER_ARM (vgic.h): the IIDR fields KVM reports. */
export const PRODUCT_ID_KVM = 0x4b;
export const IMPLEMENTER_ARM = 0x43b;
const GICC_ARCH_VERSION_V2 = 2;

export function gicdIidr(vgic: Vgic): number {
  return ((PRODUCT_ID_KVM << 24) | (vgic.implementationRev << 12) | IMPLEMENTER_ARM) >>> 0;
}

/** GICD_CTLR (Enable), GICD_TYPER (ITLinesNumber, CPUNumber), GICD_IIDR. */
const readV2Misc: ReadFn = (x, addr) => {
  const { vgic } = x;
  switch (addr & 0x0c) {
    case 0x0: return vgic.enabled ? 1 : 0;
    case 0x4: return ((vgic.nrIrqs >> 5) - 1) | ((vgic.cpus.length - 1) << 5);
    case 0x8: return gicdIidr(vgic);
    default: return 0;
  }
};
const writeV2Misc: WriteFn = (x, addr, _len, val) => {
  if ((addr & 0x0c) === 0) {
    x.vgic.enabled = (val & 1) !== 0;
    x.vgic.kick();
  }
};
/** vgic_mmio_uaccess_write_v2_misc(): writing GICD_IIDR picks revision 2 or 3 and makes the groups writable. */
const uwriteV2Misc: UWriteFn = (x, addr, len, val) => {
  if ((addr & 0x0c) === 0x8) {
    const reg = readV2Misc(x, addr, len);
    if (((reg ^ val) & ~(0xf << 12)) !== 0) return EINVAL;
    const rev = (val >>> 12) & 0xf;
    if (rev < KVM_VGIC_IMP_REV_2 || rev > x.vgic.profile.vgicImplementationRev) return EINVAL;
    x.vgic.v2GroupsUserWritable = true;
    x.vgic.implementationRev = rev;
    return 0;
  }
  writeV2Misc(x, addr, len, val);
  return 0;
};
const uwriteV2Group: UWriteFn = (x, a, l, v) => {
  if (x.vgic.v2GroupsUserWritable) writeGroup(x, a, l, v);
  return 0;
};

/** vgic_mmio_write_sgir(): GICD_SGIR. TargetListFilter 0 = the list, 1 = all but self, 2 = self, 3 = reserved. */
const writeSgir: WriteFn = (x, _addr, _len, val) => {
  const { vgic, cpu } = x;
  const intid = val & 0xf;
  let targets = (val >>> 16) & 0xff;
  switch ((val >>> 24) & 3) {
    case 1: targets = ((1 << vgic.cpus.length) - 1) & ~(1 << cpu.index); break;
    case 2: targets = 1 << cpu.index; break;
    case 3: return;
  }
  for (const c of vgic.cpus) {
    if (!((targets >>> c.index) & 1)) continue;
    const irq = c.privateIrqs[intid]!;
    irq.pendingLatch = true;
    irq.source |= 1 << cpu.index;
  }
  vgic.kick();
};

const readTarget: ReadFn = (x, addr, len) => {
  const intid = addrToIntid(addr, 8);
  let v = 0;
  for (let i = 0; i < len; i++) v |= (x.vgic.getIrq(x.cpu, intid + i)?.targets ?? 0) << (8 * i);
  return v >>> 0;
};
/** vgic_mmio_write_target(): SPIs only; the target vCPU is the lowest one named (vCPU 0 if none). */
const writeTarget: WriteFn = (x, addr, len, val) => {
  const intid = addrToIntid(addr, 8);
  if (intid < VGIC_NR_PRIVATE_IRQS) return;
  const mask = (1 << x.vgic.cpus.length) - 1;
  for (let i = 0; i < len; i++) {
    const irq = x.vgic.getIrq(null, intid + i);
    if (!irq) continue;
    irq.targets = (val >>> (8 * i)) & mask;
    irq.targetVcpu = irq.targets ? 31 - Math.clz32(irq.targets & -irq.targets) : 0;
  }
  x.vgic.kick();
};

const readSgipend: ReadFn = (x, addr, len) => {
  const intid = addr & 0x0f;
  let v = 0;
  for (let i = 0; i < len; i++) v |= (x.cpu.privateIrqs[intid + i]!.source & 0xff) << (8 * i);
  return v >>> 0;
};
const writeSgipendc: WriteFn = (x, addr, len, val) => {
  const intid = addr & 0x0f;
  for (let i = 0; i < len; i++) {
    const irq = x.cpu.privateIrqs[intid + i]!;
    irq.source &= ~((val >>> (8 * i)) & 0xff);
    if (!irq.source) irq.pendingLatch = false;
  }
  x.vgic.kick();
};
const writeSgipends: WriteFn = (x, addr, len, val) => {
  const intid = addr & 0x0f;
  for (let i = 0; i < len; i++) {
    const irq = x.cpu.privateIrqs[intid + i]!;
    irq.source |= (val >>> (8 * i)) & 0xff;
    if (irq.source) irq.pendingLatch = true;
  }
  x.vgic.kick();
};

export const VGIC_V2_DIST_REGISTERS: readonly Region[] = [
  fixed(0x000, 12, A32, readV2Misc, writeV2Misc, undefined, uwriteV2Misc),
  perIrq(0x080, 1, A32, readGroup, writeGroup, undefined, uwriteV2Group),
  perIrq(0x100, 1, A32, readEnable, writeSenable, undefined, uwriteSenable),
  perIrq(0x180, 1, A32, readEnable, writeCenable, undefined, uwriteCenable),
  perIrq(0x200, 1, A32, readPending, writeSpending, ureadPending, uwriteSpending),
  perIrq(0x280, 1, A32, readPending, writeCpending, ureadPending, uwriteCpending),
  perIrq(0x300, 1, A32, readActive, writeSactive, readActive, uwriteSactive),
  perIrq(0x380, 1, A32, readActive, writeCactive, readActive, uwriteCactive),
  perIrq(0x400, 8, A32 | A8, readPriority, writePriority),
  perIrq(0x800, 8, A32 | A8, readTarget, writeTarget),
  perIrq(0xc00, 2, A32, readConfig, writeConfig),
  fixed(0xf00, 4, A32, readRaz, writeSgir),
  fixed(0xf10, 16, A32 | A8, readSgipend, writeSgipendc),
  fixed(0xf20, 16, A32 | A8, readSgipend, writeSgipends),
];

// ---- the CPU interface as userspace sees it (KVM_DEV_ARM_VGIC_GRP_CPU_REGS) ----

/** vgic_mmio_read_vcpuif(): GICC_CTLR, the PMR as GICH_VMCR.VMPriMask (5 bits), BPR, ABPR, IIDR. */
const readVcpuif: ReadFn = (x, addr) => {
  const m = x.cpu.vmcr;
  switch (addr & 0xff) {
    case 0x00: return m.grpen0 | (m.grpen1 << 1) | (m.ackctl << 2) | (m.fiqen << 3) | (m.cbpr << 4) | (m.eoim << 9);
    case 0x04: return (m.pmr >> 3) & 0x1f;
    case 0x08: return m.bpr;
    case 0x1c: return m.abpr;
    case 0xfc: return gicIidr();
    default: return 0;
  }
};
const writeVcpuif: WriteFn = (x, addr, _len, val) => {
  const m = x.cpu.vmcr;
  switch (addr & 0xff) {
    case 0x00:
      m.grpen0 = val & 1; m.grpen1 = (val >> 1) & 1; m.ackctl = (val >> 2) & 1;
      m.fiqen = (val >> 3) & 1; m.cbpr = (val >> 4) & 1; m.eoim = (val >> 9) & 1;
      break;
    case 0x04: m.pmr = (val << 3) & 0xf8; break;
    case 0x08: m.bpr = val & 7; break;
    case 0x1c: m.abpr = val & 7; break;
  }
  x.vgic.kick();
};

/** GICC_IIDR of the KVM CPU interface: product 'K', architecture version 2, implementer Arm. */
export function gicIidr(): number {
  return ((PRODUCT_ID_KVM << 20) | (GICC_ARCH_VERSION_V2 << 16) | IMPLEMENTER_ARM) >>> 0;
}

/** vgic_mmio_read_apr(): a GICv2 guest on a GICv3 host keeps its active priorities in ICH_AP1R0 only. */
const readApr: ReadFn = (x, addr) => (((addr >> 2) & 3) === 0 ? x.cpu.ap1r[0]! : 0);
const writeApr: WriteFn = (x, addr, _len, val) => {
  if (((addr >> 2) & 3) === 0) x.cpu.ap1r[0] = val >>> 0;
  x.vgic.kick();
};

export const VGIC_V2_CPU_REGISTERS: readonly Region[] = [
  fixed(0x00, 4, A32, readVcpuif, writeVcpuif),
  fixed(0x04, 4, A32, readVcpuif, writeVcpuif),
  fixed(0x08, 4, A32, readVcpuif, writeVcpuif),
  fixed(0x1c, 4, A32, readVcpuif, writeVcpuif),
  fixed(0xd0, 16, A32, readApr, writeApr),
  fixed(0xfc, 4, A32, readVcpuif, writeVcpuif),
];

export type { MmioCtx };
