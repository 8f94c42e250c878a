/**
 * The register-file machinery of arch/arm64/kvm/vgic/vgic-mmio.c: a device is a table of regions (offset,
 * length, bits per interrupt, allowed access widths, handlers for the guest and for userspace), looked up
 * by offset; an access of a width the region does not allow, misaligned, or naming an interrupt beyond
 * the ones that exist reads as zero and writes nothing. And the handlers shared by GICv2 and GICv3:
 * group, enable, pending, active, priority and configuration bits.
 *
 * Values are 32-bit numbers; a 64-bit access is the two 32-bit halves (the 64-bit registers' handlers pick
 * their half by address bit 2, as extract_bytes() and update_64bit_reg() do).
 */
import type { Vgic, VgicCpu } from './vgic.ts';
import { VGIC_CONFIG_EDGE, VGIC_CONFIG_LEVEL, VGIC_NR_PRIVATE_IRQS, VGIC_NR_SGIS, VGIC_PRI_BITS, type VgicIrq } from './vgic-irq.ts';

export const VGIC_ACCESS_8bit = 1;
export const VGIC_ACCESS_32bit = 2;
export const VGIC_ACCESS_64bit = 4;

/** Who performs an access: the vCPU whose registers (redistributor, CPU interface) it reaches. */
export interface MmioCtx {
  vgic: Vgic;
  cpu: VgicCpu;
}

export type ReadFn = (x: MmioCtx, addr: number, len: number) => number;
export type WriteFn = (x: MmioCtx, addr: number, len: number, val: number) => void;
/** Userspace write: returns 0 or a positive errno. */
export type UWriteFn = (x: MmioCtx, addr: number, len: number, val: number) => number;

/** struct vgic_register_region. */
export interface Region {
  offset: number;
  len: number;
  bitsPerIrq: number;
  access: number;
  read: ReadFn;
  write: WriteFn;
  uread?: ReadFn;
  uwrite?: UWriteFn;
}

/** REGISTER_DESC_WITH_BITS_PER_IRQ: one region covering 1024 interrupts. */
export function perIrq(offset: number, bits: number, access: number, read: ReadFn, write: WriteFn, uread?: ReadFn, uwrite?: UWriteFn): Region {
  return { offset, len: (bits * 1024) / 8, bitsPerIrq: bits, access, read, write, uread, uwrite };
}

/** REGISTER_DESC_WITH_LENGTH(_UACCESS). */
export function fixed(offset: number, len: number, access: number, read: ReadFn, write: WriteFn, uread?: ReadFn, uwrite?: UWriteFn): Region {
  return { offset, len, bitsPerIrq: 0, access, read, write, uread, uwrite };
}

export const readRaz: ReadFn = () => 0;
export const readRao: ReadFn = () => 0xffffffff;
export const writeWi: WriteFn = () => undefined;
export const uwriteWi: UWriteFn = () => 0;

/** VGIC_ADDR_TO_INTID(): the first interrupt a per-interrupt register's address covers. */
export function addrToIntid(addr: number, bits: number): number {
  return (((addr & ((bits * 1024) / 8 - 1)) * 8) / bits) >>> 0;
}

/** vgic_find_mmio_region() + check_region(). */
export function findRegion(regions: readonly Region[], vgic: Vgic, offset: number, len: number): Region | null {
  const r = regions.find((x) => offset >= x.offset && offset < x.offset + x.len);
  if (!r) return null;
  const flag = len === 1 ? VGIC_ACCESS_8bit : len === 4 ? VGIC_ACCESS_32bit : len === 8 ? VGIC_ACCESS_64bit : 0;
  if (!(r.access & flag) || offset % len) return null;
  if (r.bitsPerIrq && addrToIntid(offset, r.bitsPerIrq) >= vgic.nrIrqs) return null;
  return r;
}

/** dispatch_mmio_read(): a guest load; unknown registers read as zero. Returns the value (up to 64 bits). */
export function mmioRead(regions: readonly Region[], x: MmioCtx, offset: number, len: number): bigint {
  const r = findRegion(regions, x.vgic, offset, len);
  if (!r) return 0n;
  if (len === 8) return BigInt(r.read(x, offset, 4) >>> 0) | (BigInt(r.read(x, offset + 4, 4) >>> 0) << 32n);
  return BigInt(r.read(x, offset, len) >>> 0);
}

/** dispatch_mmio_write(): a guest store; unknown registers ignore it. */
export function mmioWrite(regions: readonly Region[], x: MmioCtx, offset: number, len: number, val: bigint): void {
  const r = findRegion(regions, x.vgic, offset, len);
  if (!r) return;
  if (len === 8) {
    r.write(x, offset, 4, Number(val & 0xffffffffn));
    r.write(x, offset + 4, 4, Number((val >> 32n) & 0xffffffffn));
    return;
  }
  r.write(x, offset, len, Number(val & 0xffffffffn));
}

/** vgic_uaccess(): a 32-bit userspace access through the uaccess handlers where a region has them. */
export function uaccess(regions: readonly Region[], x: MmioCtx, isWrite: boolean, offset: number, val: number): { errno: number; val: number } {
  const r = findRegion(regions, x.vgic, offset, 4);
  if (!r) return { errno: 0, val: 0 };
  if (!isWrite) return { errno: 0, val: (r.uread ?? r.read)(x, offset, 4) >>> 0 };
  if (r.uwrite) return { errno: r.uwrite(x, offset, 4, val), val };
  r.write(x, offset, 4, val);
  return { errno: 0, val };
}

/** The interrupt `intid` as a register access by `x.cpu` sees it (its own SGIs/PPIs). */
function irqAt(x: MmioCtx, intid: number): VgicIrq | null {
  return x.vgic.getIrq(x.cpu, intid);
}

/** Visit the interrupts a bit-per-interrupt access covers, with their bit. */
function eachBit(x: MmioCtx, addr: number, len: number, fn: (irq: VgicIrq, bit: number) => void): void {
  const intid = addrToIntid(addr, 1);
  for (let i = 0; i < len * 8; i++) {
    const irq = irqAt(x, intid + i);
    if (irq) fn(irq, i);
  }
}

function readBits(x: MmioCtx, addr: number, len: number, pred: (irq: VgicIrq) => boolean): number {
  let v = 0;
  eachBit(x, addr, len, (irq, i) => { if (pred(irq)) v |= 1 << i; });
  return v >>> 0;
}

/** Apply fn to the interrupts whose bit is set in val (for_each_set_bit), then re-evaluate the outputs. */
function setBits(x: MmioCtx, addr: number, len: number, val: number, fn: (irq: VgicIrq) => void): void {
  eachBit(x, addr, len, (irq, i) => { if ((val >>> i) & 1) fn(irq); });
  x.vgic.kick();
}

const isV2Sgi = (x: MmioCtx, irq: VgicIrq): boolean => !x.vgic.isV3 && irq.intid < VGIC_NR_SGIS;

export const readGroup: ReadFn = (x, a, l) => readBits(x, a, l, (irq) => irq.group !== 0);
export const writeGroup: WriteFn = (x, a, l, v) => {
  eachBit(x, a, l, (irq, i) => { irq.group = (v >>> i) & 1; });
  x.vgic.kick();
};
export const readEnable: ReadFn = (x, a, l) => readBits(x, a, l, (irq) => irq.enabled);
export const writeSenable: WriteFn = (x, a, l, v) => setBits(x, a, l, v, (irq) => { irq.enabled = true; });
export const writeCenable: WriteFn = (x, a, l, v) => setBits(x, a, l, v, (irq) => { irq.enabled = false; });
export const uwriteSenable: UWriteFn = (x, a, l, v) => (writeSenable(x, a, l, v), 0);
export const uwriteCenable: UWriteFn = (x, a, l, v) => (writeCenable(x, a, l, v), 0);

/** __read_pending(): the pending state; userspace on a GICv3 reads only the latch (line levels go separately). */
export const readPending: ReadFn = (x, a, l) => readBits(x, a, l, (irq) => irq.isPending());
export const ureadPending: ReadFn = (x, a, l) =>
  readBits(x, a, l, (irq) => (x.vgic.isV3 ? irq.pendingLatch : irq.isPending()));
/** vgic_mmio_write_spending(): GICv2 SGI bits are WI (GICD_SPENDSGIR does that). */
export const writeSpending: WriteFn = (x, a, l, v) =>
  setBits(x, a, l, v, (irq) => { if (!isV2Sgi(x, irq)) irq.pendingLatch = true; });
export const writeCpending: WriteFn = (x, a, l, v) =>
  setBits(x, a, l, v, (irq) => { if (!isV2Sgi(x, irq)) irq.pendingLatch = false; });
/** vgic_uaccess_write_spending(): a GICv2 SGI restored from userspace gets the vCPU itself as its source. */
export const uwriteSpending: UWriteFn = (x, a, l, v) => {
  setBits(x, a, l, v, (irq) => {
    irq.pendingLatch = true;
    if (isV2Sgi(x, irq)) irq.source |= 1 << x.cpu.index;
  });
  return 0;
};
export const uwriteCpending: UWriteFn = (x, a, l, v) => {
  setBits(x, a, l, v, (irq) => {
    if (isV2Sgi(x, irq)) irq.source = 0;
    irq.pendingLatch = false;
  });
  return 0;
};

export const readActive: ReadFn = (x, a, l) => readBits(x, a, l, (irq) => irq.active);
/** vgic_mmio_change_active(): a GICv2 SGI made active by a write records the writer as its source. */
function changeActive(x: MmioCtx, irq: VgicIrq, active: boolean): void {
  irq.active = active;
  irq.activeVcpu = active ? x.vgic.targetOracle(irq) : -1;
  if (active && isV2Sgi(x, irq)) irq.activeSource = x.cpu.index;
}
export const writeSactive: WriteFn = (x, a, l, v) => setBits(x, a, l, v, (irq) => changeActive(x, irq, true));
export const writeCactive: WriteFn = (x, a, l, v) => setBits(x, a, l, v, (irq) => changeActive(x, irq, false));
export const uwriteSactive: UWriteFn = (x, a, l, v) => (writeSactive(x, a, l, v), 0);
export const uwriteCactive: UWriteFn = (x, a, l, v) => (writeCactive(x, a, l, v), 0);

const PRI_MASK = (0xff << (8 - VGIC_PRI_BITS)) & 0xff;
export const readPriority: ReadFn = (x, a, l) => {
  const intid = addrToIntid(a, 8);
  let v = 0;
  for (let i = 0; i < l; i++) v |= (irqAt(x, intid + i)?.priority ?? 0) << (8 * i);
  return v >>> 0;
};
/** vgic_mmio_write_priority(): narrowed to the 5 bits the vGIC implements. */
export const writePriority: WriteFn = (x, a, l, v) => {
  const intid = addrToIntid(a, 8);
  for (let i = 0; i < l; i++) {
    const irq = irqAt(x, intid + i);
    if (irq) irq.priority = (v >>> (8 * i)) & PRI_MASK;
  }
  x.vgic.kick();
};

export const readConfig: ReadFn = (x, a, l) => {
  const intid = addrToIntid(a, 2);
  let v = 0;
  for (let i = 0; i < l * 4; i++) if (irqAt(x, intid + i)?.config === VGIC_CONFIG_EDGE) v |= 2 << (2 * i);
  return v >>> 0;
};
/** vgic_mmio_write_config(): SGIs and PPIs keep their trigger (the timer relies on level PPIs). */
export const writeConfig: WriteFn = (x, a, l, v) => {
  const intid = addrToIntid(a, 2);
  for (let i = 0; i < l * 4; i++) {
    if (intid + i < VGIC_NR_PRIVATE_IRQS) continue;
    const irq = irqAt(x, intid + i);
    if (irq) irq.config = (v >>> (2 * i + 1)) & 1 ? VGIC_CONFIG_EDGE : VGIC_CONFIG_LEVEL;
  }
  x.vgic.kick();
};

/** vgic_read_irq_line_level_info(): the line levels of 32 level-sensitive interrupts from `intid`. */
export function readLineLevelInfo(x: MmioCtx, intid: number): number {
  let v = 0;
  for (let i = 0; i < 32; i++) {
    if (intid + i < VGIC_NR_SGIS || intid + i >= x.vgic.nrIrqs) continue;
    const irq = irqAt(x, intid + i);
    if (irq && irq.config === VGIC_CONFIG_LEVEL && irq.lineLevel) v |= 1 << i;
  }
  return v >>> 0;
}

/** vgic_write_irq_line_level_info(): set regardless of the trigger, so the order of a restore does not matter. */
export function writeLineLevelInfo(x: MmioCtx, intid: number, val: number): void {
  for (let i = 0; i < 32; i++) {
    if (intid + i < VGIC_NR_SGIS || intid + i >= x.vgic.nrIrqs) continue;
    const irq = irqAt(x, intid + i);
    if (irq) irq.lineLevel = ((val >>> i) & 1) !== 0;
  }
  x.vgic.kick();
}
