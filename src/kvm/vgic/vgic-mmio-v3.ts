/**
 * The GICv3 distributor and redistributors: arch/arm64/kvm/vgic/vgic-mmio-v3.c (vgic_v3_dist_registers[],
 * vgic_v3_rd_registers[], the redistributor regions, vgic_v3_dispatch_sgi). No ITS: LPIs do not exist,
 * GICR_CTLR.EnableLPIs stays 0. Offsets are GICD_* / GICR_* (include/linux/irqchip/arm-gic-v3.h).
 */
import { KVM_VGIC_V3_DIST_SIZE, KVM_VGIC_V3_REDIST_SIZE } from '../../abi/vgic.ts';
import { EEXIST, EINVAL, E2BIG, KVM_VGIC_IMP_REV_2, KVM_VGIC_IMP_REV_3, type RedistRegion, type Vgic, type VgicCpu } from './vgic.ts';
import { VGIC_NR_PRIVATE_IRQS } from './vgic-irq.ts';
import {
  VGIC_ACCESS_32bit as A32, VGIC_ACCESS_64bit as A64, VGIC_ACCESS_8bit as A8, addrToIntid, fixed, readActive,
  readConfig, readEnable, readGroup, readPending, readPriority, readRao, readRaz, ureadPending, uwriteCactive,
  uwriteCenable, uwriteSactive, uwriteSenable, uwriteWi, writeCactive, writeCenable, writeConfig, writeCpending,
  writeGroup, writePriority, writeSactive, writeSenable, writeSpending, writeWi, type ReadFn, type Region,
  type UWriteFn, type WriteFn,
} from './vgic-mmio.ts';
import { IMPLEMENTER_ARM, PRODUCT_ID_KVM, gicdIidr } from './vgic-mmio-v2.ts';

const SZ_64K = 0x10000;
/** INTERRUPT_ID_BITS_SPIS: GICD_TYPER.IDbits without an ITS. */
const INTERRUPT_ID_BITS_SPIS = 10;

/** GICD_CTLR (EnableGrp1A, ARE_NS and DS always set), GICD_TYPER, GICD_TYPER2 (0), GICD_IIDR. */
const readV3Misc: ReadFn = (x, addr) => {
  const { vgic } = x;
  switch (addr & 0x0c) {
    case 0x0: return ((vgic.enabled ? 1 << 1 : 0) | (1 << 4) | (1 << 6)) >>> 0;
    case 0x4: return (((vgic.nrIrqs >> 5) - 1) | ((INTERRUPT_ID_BITS_SPIS - 1) << 19)) >>> 0;
    case 0x8: return gicdIidr(vgic);
    default: return 0;
  }
};
const writeV3Misc: WriteFn = (x, addr, _len, val) => {
  if ((addr & 0x0c) === 0) {
    x.vgic.enabled = (val & (1 << 1)) !== 0;
    x.vgic.kick();
  }
};
/** vgic_mmio_uaccess_write_v3_misc(): TYPER2 must match, IIDR may pick revision 2 or 3. */
const uwriteV3Misc: UWriteFn = (x, addr, len, val) => {
  switch (addr & 0x0c) {
    case 0xc: return val !== readV3Misc(x, addr, len) ? EINVAL : 0;
    case 0x8: {
      const reg = readV3Misc(x, addr, len);
      if (((reg ^ val) & ~(0xf << 12)) !== 0) return EINVAL;
      const rev = (val >>> 12) & 0xf;
      if (rev < KVM_VGIC_IMP_REV_2 || rev > x.vgic.profile.vgicImplementationRev) return EINVAL;
      x.vgic.implementationRev = rev;
      return 0;
    }
    case 0x0:
      x.vgic.enabled = (val & (1 << 1)) !== 0;
      x.vgic.kick();
      return 0;
  }
  return 0;
};

/** GICD_IROUTER<n>: Aff2.Aff1.Aff0 kept, the upper word RAZ/WI (no Aff3), the target follows the affinity. */
const readIrouter: ReadFn = (x, addr) => {
  const irq = x.vgic.getIrq(null, addrToIntid(addr, 64));
  return irq && !(addr & 4) ? irq.mpidr : 0;
};
const writeIrouter: WriteFn = (x, addr, _len, val) => {
  if (addr & 4) return;
  const irq = x.vgic.getIrq(null, addrToIntid(addr, 64));
  if (!irq) return;
  irq.mpidr = val & 0xffffff;
  irq.targetVcpu = x.vgic.mpidrToVcpu(irq.mpidr);
  x.vgic.kick();
};

/** vgic_v3_uaccess_write_pending(): userspace restores the latch of every bit, set or clear. */
const uwritePendingV3: UWriteFn = (x, addr, len, val) => {
  const intid = addrToIntid(addr, 1);
  for (let i = 0; i < len * 8; i++) {
    const irq = x.vgic.getIrq(x.cpu, intid + i);
    if (irq) irq.pendingLatch = ((val >>> i) & 1) !== 0;
  }
  x.vgic.kick();
  return 0;
};

/** GICD_PIDR2: ArchRev 3. */
const readIdregs: ReadFn = (_x, addr) => ((addr & 0xffff) === 0xffe8 ? 0x3b : 0);

/** REGISTER_DESC_WITH_BITS_PER_IRQ_SHARED: the private interrupts' part RAZ/WI, the SPIs' part live. */
function shared(off: number, bits: number, access: number, read: ReadFn, write: WriteFn, uread?: ReadFn, uwrite?: UWriteFn): Region[] {
  const priv = (bits * VGIC_NR_PRIVATE_IRQS) / 8;
  return [
    fixed(off, priv, access, readRaz, writeWi),
    { offset: off + priv, len: (bits * (1024 - VGIC_NR_PRIVATE_IRQS)) / 8, bitsPerIrq: bits, access, read, write, uread, uwrite },
  ];
}

export const VGIC_V3_DIST_REGISTERS: readonly Region[] = [
  fixed(0x0000, 16, A32, readV3Misc, writeV3Misc, undefined, uwriteV3Misc),
  fixed(0x0010, 4, A32, readRao, writeWi),
  ...shared(0x0080, 1, A32, readGroup, writeGroup),
  ...shared(0x0100, 1, A32, readEnable, writeSenable, undefined, uwriteSenable),
  ...shared(0x0180, 1, A32, readEnable, writeCenable, undefined, uwriteCenable),
  ...shared(0x0200, 1, A32, readPending, writeSpending, ureadPending, uwritePendingV3),
  ...shared(0x0280, 1, A32, readPending, writeCpending, readRaz, uwriteWi),
  ...shared(0x0300, 1, A32, readActive, writeSactive, readActive, uwriteSactive),
  ...shared(0x0380, 1, A32, readActive, writeCactive, readActive, uwriteCactive),
  ...shared(0x0400, 8, A32 | A8, readPriority, writePriority),
  ...shared(0x0800, 8, A32 | A8, readRaz, writeWi),
  ...shared(0x0c00, 2, A32, readConfig, writeConfig),
  ...shared(0x0d00, 1, A32, readRaz, writeWi),
  ...shared(0x6000, 64, A64 | A32, readIrouter, writeIrouter),
  fixed(0xffd0, 48, A32, readIdregs, writeWi),
];

// ---- redistributor (RD_base at 0, SGI_base at 64 KiB) ----

/** GICR_CTLR: EnableLPIs 0 (no ITS); IR and CES from implementation revision 3. */
const readRCtlr: ReadFn = (x) => (x.vgic.implementationRev >= KVM_VGIC_IMP_REV_3 ? (1 << 2) | (1 << 1) : 0);

/** vgic_mmio_vcpu_rdist_is_last(): GICR_TYPER.Last for the last redistributor of a contiguous run. */
function rdistIsLast(vgic: Vgic, c: VgicCpu): boolean {
  const rd = c.rdreg;
  if (!rd) return false;
  if (c.rdregIndex < rd.freeIndex - 1) return false;
  if (rd.count && c.rdregIndex === rd.count - 1) {
    const end = rd.base + BigInt(rd.count * KVM_VGIC_V3_REDIST_SIZE);
    return !vgic.rdRegions.some((r) => r.base === end && r.freeIndex > 0);
  }
  return true;
}

/** GICR_TYPER: Affinity in 63:32, Processor_Number in 23:8, Last in 4. */
const readRTyper: ReadFn = (x, addr) => {
  const lo = ((x.cpu.vcpuId & 0xffff) << 8) | (rdistIsLast(x.vgic, x.cpu) ? 1 << 4 : 0);
  return (addr & 4 ? x.cpu.mpidr & 0xffffff : lo) >>> 0;
};
const readRIidr: ReadFn = () => ((PRODUCT_ID_KVM << 24) | IMPLEMENTER_ARM) >>> 0;
const readPendbase: ReadFn = (x, addr) => {
  const v = x.cpu.pendbaser & ~(1n << 62n);
  return Number((addr & 4 ? v >> 32n : v) & 0xffffffffn);
};

export const VGIC_V3_RD_REGISTERS: readonly Region[] = [
  fixed(0x0000, 4, A32, readRCtlr, writeWi),
  fixed(0x0010, 4, A32, readRaz, writeWi),
  fixed(0x0004, 4, A32, readRIidr, writeWi),
  fixed(0x0008, 8, A64 | A32, readRTyper, writeWi, undefined, uwriteWi),
  fixed(0x0014, 4, A32, readRaz, writeWi),
  fixed(0x0070, 8, A64 | A32, readRaz, writeWi),
  fixed(0x0078, 8, A64 | A32, readPendbase, writeWi),
  fixed(0x00a0, 8, A64 | A32, readRaz, writeWi),
  fixed(0x00b0, 8, A64 | A32, readRaz, writeWi),
  fixed(0x00c0, 4, A32, readRaz, writeWi),
  fixed(0xffd0, 48, A32, readIdregs, writeWi),
  fixed(SZ_64K + 0x080, 4, A32, readGroup, writeGroup),
  fixed(SZ_64K + 0x100, 4, A32, readEnable, writeSenable, undefined, uwriteSenable),
  fixed(SZ_64K + 0x180, 4, A32, readEnable, writeCenable, undefined, uwriteCenable),
  fixed(SZ_64K + 0x200, 4, A32, readPending, writeSpending, ureadPending, uwritePendingV3),
  fixed(SZ_64K + 0x280, 4, A32, readPending, writeCpending, readRaz, uwriteWi),
  fixed(SZ_64K + 0x300, 4, A32, readActive, writeSactive, readActive, uwriteSactive),
  fixed(SZ_64K + 0x380, 4, A32, readActive, writeCactive, readActive, uwriteCactive),
  fixed(SZ_64K + 0x400, 32, A32 | A8, readPriority, writePriority),
  fixed(SZ_64K + 0xc00, 8, A32, readConfig, writeConfig),
  fixed(SZ_64K + 0xd00, 4, A32, readRaz, writeWi),
  fixed(SZ_64K + 0xe00, 4, A32, readRaz, writeWi),
];

// ---- redistributor placement (vgic_v3_alloc_redist_region, vgic_register_redist_iodev, vgic_v3_check_base) ----

/** vgic_v3_rd_region_size(): `count` redistributors, or one per vCPU for the legacy single region. */
export function rdRegionSize(vgic: Vgic, rd: RedistRegion): bigint {
  return BigInt((rd.count || vgic.cpus.length) * KVM_VGIC_V3_REDIST_SIZE);
}

function rdistOverlap(vgic: Vgic, base: bigint, size: bigint): boolean {
  return vgic.rdRegions.some((r) => base + size > r.base && base < r.base + rdRegionSize(vgic, r));
}

/**
 * vgic_check_iorange(): EEXIST if already set, EINVAL misaligned or wrapping, E2BIG beyond the IPA space
 * (with `checkEnd` false, as 5.10's vgic_check_ioaddr, only the base must be inside it).
 */
export function checkIorange(ipaBits: number, current: bigint | null, addr: bigint, align: bigint, size: bigint, checkEnd = true): number {
  if (current !== null) return EEXIST;
  if (addr % align || size % align) return EINVAL;
  if (addr + size > 0xffffffffffffffffn) return EINVAL;
  if (addr >> BigInt(ipaBits) || (checkEnd && addr + size > 1n << BigInt(ipaBits))) return E2BIG;
  return 0;
}

/** vgic_v3_check_base(): every region inside the IPA space and none overlapping the distributor. */
export function v3CheckBase(vgic: Vgic, ipaBits: number): boolean {
  for (const r of vgic.rdRegions) if (checkIorange(ipaBits, null, r.base, BigInt(SZ_64K), rdRegionSize(vgic, r))) return false;
  if (vgic.distBase === null) return true;
  return !rdistOverlap(vgic, vgic.distBase, BigInt(KVM_VGIC_V3_DIST_SIZE));
}

/** vgic_register_redist_iodev(): give the vCPU the next free redistributor slot, if a region has one. */
export function registerRedist(vgic: Vgic, c: VgicCpu, ipaBits: number): number {
  if (c.rdBase !== null) return 0;
  const rd = vgic.rdRegions.find((r) => !r.count || r.freeIndex < r.count);
  if (!rd) return 0;
  if (!v3CheckBase(vgic, ipaBits)) return EINVAL;
  c.rdreg = rd;
  c.rdregIndex = rd.freeIndex;
  c.rdBase = rd.base + BigInt(rd.freeIndex * KVM_VGIC_V3_REDIST_SIZE);
  rd.freeIndex++;
  return 0;
}

/**
 * vgic_v3_set_redist_base() / vgic_v3_alloc_redist_region(): add region `index` (0 first, then in order)
 * of `count` redistributors (0: the legacy single region sized by the vCPUs). EINVAL for a wrong index,
 * for a legacy region after counted ones, for an overlap; EEXIST for a second legacy region (5.10: EINVAL
 * for anything after a legacy region); then place every vCPU.
 */
export function setRedistBase(vgic: Vgic, index: number, base: bigint, count: number, ipaBits: number): number {
  const size = BigInt((count || vgic.cpus.length) * KVM_VGIC_V3_REDIST_SIZE);
  if (base + size > 0xffffffffffffffffn) return EINVAL;
  const last = vgic.rdRegions[vgic.rdRegions.length - 1];
  if (!last) {
    if (index !== 0) return EINVAL;
  } else if (vgic.profile.vgicRegionAfterLegacy === 'einval') {
    if (!count || !last.count || index !== last.index + 1) return EINVAL;
  } else {
    if (!count && last.count) return EINVAL;
    if (!count) return EEXIST;
    if (index !== last.index + 1) return EINVAL;
  }
  if (!count && vgic.distBase !== null &&
    base + size > vgic.distBase && base < vgic.distBase + BigInt(KVM_VGIC_V3_DIST_SIZE)) return EINVAL;
  if (rdistOverlap(vgic, base, size)) return EINVAL;
  const r = checkIorange(ipaBits, null, base, BigInt(SZ_64K), size);
  if (r) return r;
  const rd: RedistRegion = { index, base, count, freeIndex: 0 };
  vgic.rdRegions.push(rd);
  for (const c of vgic.cpus) {
    const ret = registerRedist(vgic, c, ipaBits);
    if (ret) {
      // vgic_register_all_redist_iodevs() failed: unplace and drop the region.
      for (const d of vgic.cpus) if (d.rdreg === rd) { d.rdreg = null; d.rdBase = null; }
      vgic.rdRegions.pop();
      return ret;
    }
  }
  return 0;
}

/**
 * vgic_v3_dispatch_sgi(): ICC_SGI1R_EL1 (and ICC_SGI0R/ASGI1R with allowGroup1 false). INTID in 27:24,
 * IRM (bit 40) = all but self, else Aff3.Aff2.Aff1 (55:48, 39:32, 23:16) plus a 16-bit Aff0 target list.
 * A group 1 SGI is only raised by a group 1 request.
 */
export function dispatchSgi(vgic: Vgic, src: VgicCpu, reg: bigint, allowGroup1: boolean): void {
  const sgi = Number((reg >> 24n) & 0xfn);
  const broadcast = ((reg >> 40n) & 1n) !== 0n;
  let targets = Number(reg & 0xffffn);
  const aff = Number(((reg >> 16n) & 0xffn) << 8n | ((reg >> 32n) & 0xffn) << 16n) + Number((reg >> 48n) & 0xffn) * 2 ** 32;
  for (const c of vgic.cpus) {
    if (!broadcast && targets === 0) break;
    if (broadcast && c.index === src.vcpuId) continue;
    if (!broadcast) {
      const level0 = c.mpidr & 0xff;
      if ((c.mpidr & 0xffff00) !== aff || !((targets >> level0) & 1)) continue;
      targets &= ~(1 << level0);
    }
    const irq = c.privateIrqs[sgi]!;
    if (!irq.group || allowGroup1) irq.pendingLatch = true;
  }
  vgic.kick();
}
