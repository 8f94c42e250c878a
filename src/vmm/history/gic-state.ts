/**
 * The in-kernel GIC's state as a VMM saves and restores it on KVM: through the vGIC device's register
 * groups (KVM_GET/SET_DEVICE_ATTR), the way QEMU's hw/intc/arm_gic_kvm.c (kvm_arm_gic_get/put) and
 * hw/intc/arm_gicv3_kvm.c (kvm_arm_gicv3_get/put) do it, following Linux's
 * Documentation/virt/kvm/devices/arm-vgic.rst and arm-vgic-v3.rst.
 *
 * GICv2 (attr = vCPU id << 32 | offset): the distributor (KVM_DEV_ARM_VGIC_GRP_DIST_REGS: GICD_CTLR,
 * IGROUPR, ISENABLER, ISPENDR, ISACTIVER, IPRIORITYR, ITARGETSR, ICFGR, SPENDSGIR; the banked private
 * words once per vCPU) and each CPU interface (KVM_DEV_ARM_VGIC_GRP_CPU_REGS: GICC_CTLR, PMR, BPR, ABPR,
 * APR). Group bits are writable by userspace once it has written GICD_IIDR back (the kernel then knows
 * userspace restores groups), which the restore does first.
 *
 * GICv3 (attr = affinity << 32 | offset): the distributor's SPI registers, each redistributor's
 * SGI_base registers (KVM_DEV_ARM_VGIC_GRP_REDIST_REGS), each CPU interface's ICC_* registers
 * (KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS: SRE, CTLR, IGRPEN0/1, PMR, BPR0/1, the AP0R/AP1R the CTLR's
 * PRIbits implement) and the line levels of level-sensitive interrupts (KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO),
 * which a GICv3's ISPENDR leaves out for userspace: there it is the pending latch alone, set and cleared
 * by a write of the saved value.
 *
 * A set-bit register (ISENABLER, ISPENDR, ISACTIVER, SPENDSGIR) is restored by writing its clear twin
 * with all ones first, then the saved bits, as QEMU does. On a GICv2 a saved pending bit becomes the
 * pending latch (the kernel's ABI has no separate line level there); the lines the VMM itself drives
 * are driven again by their devices after the restore.
 */
import {
  KVM_DEV_ARM_VGIC_GRP_CPU_REGS, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
  KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, KvmError,
  encodeDeviceAttr, readU32, readU64, writeU32, writeU64, type Endian, type KvmDevice,
} from '../../abi/index.ts';
import type { InKernelGic } from '../gic.ts';
import { VmmError } from '../machine.ts';

/** One register of the plan: read on save; on restore `clear` (if any) gets all ones, then the value. */
interface Reg {
  group: number;
  attr: Uint8Array;
  size: 4 | 8;
  clear?: Uint8Array;
}

/** Saved values, in the order of the plan's registers. */
export type GicSnapshot = Float64Array;

const SGI_BASE = 0x10000;
/** ICC_* encodings (op0:op1:CRn:CRm:op2 in bits 15:0, as KVM_DEV_ARM_VGIC_SYSREG packs them). */
const icc = (crn: number, crm: number, op2: number): number => (3 << 14) | (0 << 11) | (crn << 7) | (crm << 3) | op2;
const ICC_PMR_EL1 = icc(4, 6, 0);
const ICC_BPR0_EL1 = icc(12, 8, 3);
const ICC_AP0R0_EL1 = icc(12, 8, 4);
const ICC_AP1R0_EL1 = icc(12, 9, 0);
const ICC_BPR1_EL1 = icc(12, 12, 3);
const ICC_CTLR_EL1 = icc(12, 12, 4);
const ICC_SRE_EL1 = icc(12, 12, 5);
const ICC_IGRPEN0_EL1 = icc(12, 12, 6);
const ICC_IGRPEN1_EL1 = icc(12, 12, 7);

export class GicState {
  private readonly regs: Reg[] = [];
  private readonly buf = new Uint8Array(8);
  /** GICv2: GICD_IIDR, written back before the groups so that they are restored. */
  private readonly iidr: Reg | undefined;

  /**
   * `affinities`: each vCPU's MPIDR_EL1 (v3 names a redistributor and CPU interface by its affinity,
   * v2 names a vCPU by its id, the index here).
   */
  constructor(private readonly gic: InKernelGic, affinities: readonly bigint[], private readonly e: Endian) {
    const dev = gic.device;
    const nrIrqs = this.get(dev, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, this.attr(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0n), 4);
    if (gic.version === 'v2') {
      const D = KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
      const at = (cpu: number, off: number): bigint => (BigInt(cpu) << 32n) | BigInt(off);
      this.iidr = this.reg(D, at(0, 0x008), 4);
      affinities.forEach((_, cpu) => {
        // the banked words of the private interrupts; with vCPU 0, the SPIs too. Routing and trigger
        // before pending and active state, so that they land on the right vCPU with the right trigger.
        const words = cpu === 0 ? nrIrqs / 32 : 1;
        for (let w = 0; w < words; w++) {
          this.regs.push(this.reg(D, at(cpu, 0x080 + 4 * w), 4));
          this.regs.push(this.reg(D, at(cpu, 0x100 + 4 * w), 4, at(cpu, 0x180 + 4 * w)));
        }
        for (let w = 8; w < words * 8; w++) this.regs.push(this.reg(D, at(cpu, 0x800 + 4 * w), 4));
        for (let w = 2; w < words * 2; w++) this.regs.push(this.reg(D, at(cpu, 0xc00 + 4 * w), 4));
        for (let w = 0; w < words; w++) {
          this.regs.push(this.reg(D, at(cpu, 0x200 + 4 * w), 4, at(cpu, 0x280 + 4 * w)));
          this.regs.push(this.reg(D, at(cpu, 0x300 + 4 * w), 4, at(cpu, 0x380 + 4 * w)));
        }
        for (let w = 0; w < words * 8; w++) this.regs.push(this.reg(D, at(cpu, 0x400 + 4 * w), 4));
        // SGIs: pending per source (GICD_SPENDSGIR), after ISPENDR (whose SGI bits the kernel ignores)
        for (let w = 0; w < 4; w++) this.regs.push(this.reg(D, at(cpu, 0xf20 + 4 * w), 4, at(cpu, 0xf10 + 4 * w)));
        const C = KVM_DEV_ARM_VGIC_GRP_CPU_REGS;
        for (const off of [0x00, 0x04, 0x08, 0x1c, 0xd0, 0xd4, 0xd8, 0xdc]) this.regs.push(this.reg(C, at(cpu, off), 4));
      });
      this.regs.push(this.reg(D, at(0, 0x000), 4));  // GICD_CTLR last
      return;
    }
    const D = KVM_DEV_ARM_VGIC_GRP_DIST_REGS, R = KVM_DEV_ARM_VGIC_GRP_REDIST_REGS;
    const aff = affinities.map((m) => ((m >> 8n) & 0xff000000n) | (m & 0xffffffn));
    aff.forEach((a) => {
      const at = (off: number): bigint => (a << 32n) | BigInt(off);
      this.regs.push(this.reg(R, at(SGI_BASE + 0x080), 4));
      this.regs.push(this.reg(R, at(SGI_BASE + 0x100), 4, at(SGI_BASE + 0x180)));
      this.regs.push(this.reg(R, at(SGI_BASE + 0xc04), 4));
      this.regs.push(this.reg(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, at(0), 4));
      this.regs.push(this.reg(R, at(SGI_BASE + 0x200), 4));
      this.regs.push(this.reg(R, at(SGI_BASE + 0x300), 4, at(SGI_BASE + 0x380)));
      for (let w = 0; w < 8; w++) this.regs.push(this.reg(R, at(SGI_BASE + 0x400 + 4 * w), 4));
    });
    const at = (off: number): bigint => BigInt(off);
    for (let w = 1; w < nrIrqs / 32; w++) {
      this.regs.push(this.reg(D, at(0x080 + 4 * w), 4));
      this.regs.push(this.reg(D, at(0x100 + 4 * w), 4, at(0x180 + 4 * w)));
    }
    for (let w = 2; w < nrIrqs / 16; w++) this.regs.push(this.reg(D, at(0xc00 + 4 * w), 4));
    for (let i = 32; i < nrIrqs; i++) {
      this.regs.push(this.reg(D, at(0x6000 + 8 * i), 4));
      this.regs.push(this.reg(D, at(0x6004 + 8 * i), 4));
    }
    for (let w = 1; w < nrIrqs / 32; w++) {
      this.regs.push(this.reg(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, (aff[0]! << 32n) | BigInt(32 * w), 4));
      this.regs.push(this.reg(D, at(0x200 + 4 * w), 4));
      this.regs.push(this.reg(D, at(0x300 + 4 * w), 4, at(0x380 + 4 * w)));
    }
    for (let w = 8; w < nrIrqs / 4; w++) this.regs.push(this.reg(D, at(0x400 + 4 * w), 4));
    const S = KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS;
    aff.forEach((a) => {
      const at = (enc: number): bigint => (a << 32n) | BigInt(enc);
      // how many active-priority registers: ICC_CTLR_EL1.PRIbits (vgic_v3_max_apr_idx)
      const ctlr = this.get(dev, S, this.attr(S, at(ICC_CTLR_EL1)), 8);
      const pri = ((ctlr >> 8) & 7) + 1;
      const aprs = pri === 7 ? 4 : pri === 6 ? 2 : 1;
      for (const enc of [ICC_SRE_EL1, ICC_CTLR_EL1, ICC_IGRPEN0_EL1, ICC_IGRPEN1_EL1, ICC_PMR_EL1, ICC_BPR0_EL1, ICC_BPR1_EL1]) {
        this.regs.push(this.reg(S, at(enc), 8));
      }
      for (let n = 0; n < aprs; n++) {
        this.regs.push(this.reg(S, at(ICC_AP0R0_EL1 + n), 8));
        this.regs.push(this.reg(S, at(ICC_AP1R0_EL1 + n), 8));
      }
    });
    this.regs.push(this.reg(D, at(0x000), 4));   // GICD_CTLR last
  }

  private attr(group: number, attr: bigint): Uint8Array {
    return encodeDeviceAttr({ group, attr }, this.e);
  }

  private reg(group: number, attr: bigint, size: 4 | 8, clear?: bigint): Reg {
    return { group, attr: this.attr(group, attr), size, clear: clear === undefined ? undefined : this.attr(group, clear) };
  }

  private get(dev: KvmDevice, group: number, attr: Uint8Array, size: 4 | 8): number {
    const b = this.buf.subarray(0, size);
    this.io('KVM_GET_DEVICE_ATTR', group, () => dev.getDeviceAttr(attr, b));
    return size === 4 ? readU32(b, 0, this.e) : Number(readU64(b, 0, this.e));
  }

  private set(dev: KvmDevice, group: number, attr: Uint8Array, size: 4 | 8, v: number): void {
    const b = this.buf.subarray(0, size);
    if (size === 4) writeU32(b, 0, v >>> 0, this.e);
    else writeU64(b, 0, BigInt(v), this.e);
    this.io('KVM_SET_DEVICE_ATTR', group, () => dev.setDeviceAttr(attr, b));
  }

  private io(what: string, group: number, f: () => void): void {
    try {
      f();
    } catch (err) {
      if (err instanceof KvmError) throw new VmmError(`in-kernel GIC${this.gic.version} state: ${what} (group ${group}) failed: ${err.errno}`);
      throw err;
    }
  }

  /** Every register of the plan, read now. */
  save(): GicSnapshot {
    const dev = this.gic.device;
    const out = new Float64Array(this.regs.length);
    this.regs.forEach((r, k) => { out[k] = this.get(dev, r.group, r.attr, r.size); });
    return out;
  }

  /** Put a saved state back (every vCPU stopped). */
  restore(s: GicSnapshot): void {
    const dev = this.gic.device;
    if (this.iidr) this.set(dev, this.iidr.group, this.iidr.attr, 4, this.get(dev, this.iidr.group, this.iidr.attr, 4));
    this.regs.forEach((r, k) => {
      if (r.clear) this.set(dev, r.group, r.clear, 4, 0xffffffff);
      this.set(dev, r.group, r.attr, r.size, s[k]!);
    });
  }
}
