/**
 * The vGIC device file descriptor: KVM_SET/GET/HAS_DEVICE_ATTR of a KVM_DEV_TYPE_ARM_VGIC_V2 or _V3 device,
 * as arch/arm64/kvm/vgic/vgic-kvm-device.c implements them (Linux 6.1; Documentation/virt/kvm/devices/
 * arm-vgic.rst and arm-vgic-v3.rst). Every errno below is that file's, in its order of checks.
 *
 * The attribute's value travels as bytes in the host byte order (`data`): 4 bytes for NR_IRQS, the register
 * groups and LEVEL_INFO, 8 for ADDR and CPU_SYSREGS. A buffer too short for what the kernel reads or
 * writes is EFAULT, as get_user/put_user would fault.
 */
import { KvmError, type Endian, type KvmDevice } from '../../abi/backend.ts';
import { readU32, readU64, writeU32, writeU64 } from '../../abi/codec.ts';
import { decodeDeviceAttr } from '../../abi/device.ts';
import {
  KVM_DEV_ARM_VGIC_CTRL_INIT, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_DEV_ARM_VGIC_GRP_CPU_REGS, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS,
  KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, KVM_DEV_ARM_VGIC_GRP_NR_IRQS,
  KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, KVM_VGIC_V2_ADDR_TYPE_CPU,
  KVM_VGIC_V2_ADDR_TYPE_DIST, KVM_VGIC_V2_CPU_SIZE, KVM_VGIC_V2_DIST_SIZE, KVM_VGIC_V3_ADDR_TYPE_DIST,
  KVM_VGIC_V3_ADDR_TYPE_REDIST, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, KVM_VGIC_V3_DIST_SIZE,
} from '../../abi/vgic.ts';
import { errnoName } from '../errno.ts';
import { EBUSY, EFAULT, EINVAL, ENODEV, ENOENT, ENXIO, type Vgic, type VgicCpu } from './vgic.ts';
import { VGIC_MAX_RESERVED, VGIC_NR_PRIVATE_IRQS } from './vgic-irq.ts';
import { findRegion, readLineLevelInfo, uaccess, writeLineLevelInfo, type Region } from './vgic-mmio.ts';
import { VGIC_V2_CPU_REGISTERS, VGIC_V2_DIST_REGISTERS } from './vgic-mmio-v2.ts';
import { VGIC_V3_DIST_REGISTERS, VGIC_V3_RD_REGISTERS, checkIorange, setRedistBase } from './vgic-mmio-v3.ts';
import { getUserIcc, hasUserIccReg, setUserIcc } from './vgic-sys-reg-v3.ts';

/** VGIC_ADDR_UNDEF as userspace reads it back. */
const VGIC_ADDR_UNDEF = 0xffffffffffffffffn;
const SZ_4K = 0x1000n;
const SZ_64K = 0x10000n;
/** Fields of a KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION value (vgic.h KVM_VGIC_V3_RDIST_*). */
const RDIST_INDEX_MASK = 0xfffn;
const RDIST_FLAGS_SHIFT = 12n;
const RDIST_BASE_MASK = ((1n << 52n) - 1n) & ~0xffffn;
const RDIST_COUNT_SHIFT = 52n;

/** What the device needs of its VM. */
export interface VgicDeviceHost {
  readonly vgic: Vgic;
  readonly ipaBits: number;
  readonly e: Endian;
  /** kvm->vm_dead: a failed vGIC mapping killed the VM; every ioctl is EIO. */
  readonly vmDead: boolean;
}

type Access = { write: true; data: Uint8Array } | { write: false; data: Uint8Array };

export class VgicDevice implements KvmDevice {
  constructor(private readonly host: VgicDeviceHost) {}

  private get vgic(): Vgic {
    return this.host.vgic;
  }

  /** KVM_SET_DEVICE_ATTR (vgic_v2_set_attr / vgic_v3_set_attr). */
  setDeviceAttr(attr: Uint8Array, data: Uint8Array): void {
    this.ioctl('KVM_SET_DEVICE_ATTR', attr, (group, a) => this.access(group, a, { write: true, data }));
  }

  /** KVM_GET_DEVICE_ATTR (vgic_v2_get_attr / vgic_v3_get_attr). */
  getDeviceAttr(attr: Uint8Array, data: Uint8Array): void {
    this.ioctl('KVM_GET_DEVICE_ATTR', attr, (group, a) => this.access(group, a, { write: false, data }));
  }

  /** KVM_HAS_DEVICE_ATTR (vgic_v2_has_attr / vgic_v3_has_attr): returns, or ENXIO (EINVAL for a bad vCPU). */
  hasDeviceAttr(attr: Uint8Array): void {
    this.ioctl('KVM_HAS_DEVICE_ATTR', attr, (group, a) => (this.vgic.isV3 ? this.hasV3(group, a) : this.hasV2(group, a)));
  }

  /** kvm_device_ioctl(): EIO on a dead VM, EFAULT for a short struct, then the accessor's errno. */
  private ioctl(name: string, attr: Uint8Array, fn: (group: number, attr: bigint) => number): void {
    if (this.host.vmDead) throw new KvmError('EIO', name, 'the VM is dead (a failed vGIC mapping)');
    if (attr.length < 24) throw new KvmError('EFAULT', name, 'struct kvm_device_attr is 24 bytes');
    const a = decodeDeviceAttr(attr, this.host.e);
    const r = fn(a.group, a.attr);
    if (r) throw new KvmError(errnoName(r), name, `group ${a.group}, attr 0x${a.attr.toString(16)}`);
  }

  private access(group: number, attr: bigint, io: Access): number {
    if (this.vgic.isV3) {
      if (group === KVM_DEV_ARM_VGIC_GRP_DIST_REGS || group === KVM_DEV_ARM_VGIC_GRP_REDIST_REGS ||
        group === KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS || group === KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO) {
        return this.v3RegsAccess(group, attr, io);
      }
    } else if (group === KVM_DEV_ARM_VGIC_GRP_DIST_REGS || group === KVM_DEV_ARM_VGIC_GRP_CPU_REGS) {
      return this.v2RegsAccess(group, attr, io);
    }
    return io.write ? this.setCommon(group, attr, io.data) : this.getCommon(group, attr, io.data);
  }

  // ---- vgic_set_common_attr / vgic_get_common_attr ----

  private setCommon(group: number, attr: bigint, data: Uint8Array): number {
    const vgic = this.vgic;
    switch (group) {
      case KVM_DEV_ARM_VGIC_GRP_ADDR: {
        const r = this.addr(attr, { write: true, data });
        return r === ENODEV ? ENXIO : r;
      }
      case KVM_DEV_ARM_VGIC_GRP_NR_IRQS: {
        if (data.length < 4) return EFAULT;
        const val = readU32(data, 0, this.host.e);
        // At least 32 SPIs, at most 1023 interrupts (VGIC_MAX_RESERVED), a multiple of 32.
        if (val < VGIC_NR_PRIVATE_IRQS + 32 || val > VGIC_MAX_RESERVED || val & 31) return EINVAL;
        if (vgic.ready || vgic.nrSpis) return EBUSY;
        vgic.nrSpis = val - VGIC_NR_PRIVATE_IRQS;
        return 0;
      }
      case KVM_DEV_ARM_VGIC_GRP_CTRL:
        if (attr === BigInt(KVM_DEV_ARM_VGIC_CTRL_INIT)) return vgic.init();
        if (attr === BigInt(KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES)) {
          if (!vgic.isV3) return ENXIO;
          // vgic_v3_save_pending_tables(): no LPIs without an ITS, so nothing to write.
          return vgic.initialized || !vgic.profile.vgicSavePendingNeedsInit ? 0 : ENXIO;
        }
        return ENXIO;
    }
    return ENXIO;
  }

  private getCommon(group: number, attr: bigint, data: Uint8Array): number {
    switch (group) {
      case KVM_DEV_ARM_VGIC_GRP_ADDR: {
        const r = this.addr(attr, { write: false, data });
        return r === ENODEV ? ENXIO : r;
      }
      case KVM_DEV_ARM_VGIC_GRP_NR_IRQS:
        if (data.length < 4) return EFAULT;
        writeU32(data, 0, this.vgic.nrSpis + VGIC_NR_PRIVATE_IRQS, this.host.e);
        return 0;
    }
    return ENXIO;
  }

  /**
   * kvm_vgic_addr(): set or read a base address. The frames are checked for alignment, double assignment
   * and the IPA size here; overlaps of a GICv3's frames only when the first KVM_RUN maps them.
   */
  private addr(attr: bigint, io: Access): number {
    const vgic = this.vgic;
    const { e, ipaBits } = this.host;
    let value = 0n;
    if (io.write || attr === BigInt(KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION)) {
      if (io.data.length < 8) return EFAULT;
      value = readU64(io.data, 0, e);
    }
    const put = (v: bigint): number => {
      if (io.data.length < 8) return EFAULT;
      writeU64(io.data, 0, v, e);
      return 0;
    };
    const needV2 = !vgic.isV3 ? 0 : ENODEV;
    const needV3 = vgic.isV3 ? 0 : ENODEV;
    let field: 'distBase' | 'cpuBase';
    let align: bigint;
    let size: bigint;
    switch (attr) {
      case BigInt(KVM_VGIC_V2_ADDR_TYPE_DIST):
        if (needV2) return needV2;
        [field, align, size] = ['distBase', SZ_4K, BigInt(KVM_VGIC_V2_DIST_SIZE)];
        break;
      case BigInt(KVM_VGIC_V2_ADDR_TYPE_CPU):
        if (needV2) return needV2;
        [field, align, size] = ['cpuBase', SZ_4K, BigInt(KVM_VGIC_V2_CPU_SIZE)];
        break;
      case BigInt(KVM_VGIC_V3_ADDR_TYPE_DIST):
        if (needV3) return needV3;
        [field, align, size] = ['distBase', SZ_64K, BigInt(KVM_VGIC_V3_DIST_SIZE)];
        break;
      case BigInt(KVM_VGIC_V3_ADDR_TYPE_REDIST):
        if (needV3) return needV3;
        if (io.write) return setRedistBase(vgic, 0, value, 0, ipaBits);
        return put(vgic.rdRegions[0]?.base ?? VGIC_ADDR_UNDEF);
      case BigInt(KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION): {
        if (needV3) return needV3;
        const index = Number(value & RDIST_INDEX_MASK);
        if (io.write) {
          const count = Number(value >> RDIST_COUNT_SHIFT);
          const flags = Number((value >> RDIST_FLAGS_SHIFT) & 0xfn);
          if (!count || flags) return EINVAL;
          return setRedistBase(vgic, index, value & RDIST_BASE_MASK, count, ipaBits);
        }
        const rd = vgic.rdRegions.find((r) => r.index === index);
        if (!rd) return ENOENT;
        return put(BigInt(index) | rd.base | (BigInt(rd.count) << RDIST_COUNT_SHIFT));
      }
      default:
        return ENODEV;
    }
    if (!io.write) return put(vgic[field] ?? VGIC_ADDR_UNDEF);
    const r = checkIorange(ipaBits, vgic[field], value, align, size, vgic.profile.vgicAddrChecksFrameEnd);
    if (!r) vgic[field] = value;
    return r;
  }

  // ---- register groups ----

  /** vgic_v2_parse_attr(): the vCPU by id in attr[39:32] (EINVAL if none), the offset in attr[31:0]. */
  private v2Parse(attr: bigint): { cpu: VgicCpu | undefined; offset: number } {
    const id = Number((attr >> 32n) & 0xffn);
    return { cpu: this.vgic.cpus.find((c) => c.vcpuId === id), offset: Number(attr & 0xffffffffn) };
  }

  /** vgic_v2_attr_regs_access(): initialises a GICv2 on demand, then a 32-bit register access. */
  private v2RegsAccess(group: number, attr: bigint, io: Access): number {
    const { cpu, offset } = this.v2Parse(attr);
    if (!cpu) return EINVAL;
    const { e } = this.host;
    let val = 0;
    if (io.write) {
      if (io.data.length < 4) return EFAULT;
      val = readU32(io.data, 0, e);
    }
    const ret = this.vgic.init();
    if (ret) return ret;
    const regions = group === KVM_DEV_ARM_VGIC_GRP_CPU_REGS ? VGIC_V2_CPU_REGISTERS : VGIC_V2_DIST_REGISTERS;
    const r = uaccess(regions, { vgic: this.vgic, cpu }, io.write, offset, val);
    if (r.errno) return r.errno;
    if (!io.write) {
      if (io.data.length < 4) return EFAULT;
      writeU32(io.data, 0, r.val, e);
    }
    return 0;
  }

  /**
   * vgic_v3_parse_attr(): the vCPU whose MPIDR is in attr[63:32] (Aff3.Aff2.Aff1.Aff0, one byte each),
   * vCPU 0 for the distributor; EINVAL if there is none.
   */
  private v3Parse(group: number, attr: bigint): { cpu: VgicCpu | undefined; offset: number } {
    let cpu: VgicCpu | undefined;
    if (group !== KVM_DEV_ARM_VGIC_GRP_DIST_REGS) {
      const aff = Number((attr >> 32n) & 0xffffffffn);
      const idx = aff >>> 24 ? -1 : this.vgic.mpidrToVcpu(aff);
      cpu = idx >= 0 ? this.vgic.cpus[idx] : undefined;
    } else {
      cpu = this.vgic.cpus[0];
    }
    return { cpu, offset: Number(attr & 0xffffffffn) };
  }

  /** vgic_v3_attr_regs_access(): EBUSY before CTRL_INIT; CPU_SYSREGS values are 64-bit. */
  private v3RegsAccess(group: number, attr: bigint, io: Access): number {
    const vgic = this.vgic;
    const { e } = this.host;
    const { cpu, offset } = this.v3Parse(group, attr);
    if (!cpu) return EINVAL;
    const isUaccess = group !== KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS;
    let val = 0;
    if (isUaccess && io.write) {
      if (io.data.length < 4) return EFAULT;
      val = readU32(io.data, 0, e);
    }
    if (!vgic.initialized) return EBUSY;
    const x = { vgic, cpu };
    switch (group) {
      case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
      case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS: {
        const regions = group === KVM_DEV_ARM_VGIC_GRP_DIST_REGS ? VGIC_V3_DIST_REGISTERS : VGIC_V3_RD_REGISTERS;
        const r = uaccess(regions, x, io.write, offset, val);
        if (r.errno) return r.errno;
        val = r.val;
        break;
      }
      case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS: {
        const enc = offset & 0xffff;
        if (io.write) {
          if (io.data.length < 8) return EFAULT;
          const r = setUserIcc(vgic, cpu, enc, readU64(io.data, 0, e));
          return r === ENOENT && vgic.profile.vgicUnknownSysregErrno === 'ENXIO' ? ENXIO : r;
        }
        const r = getUserIcc(cpu, enc);
        if (r.errno === ENOENT && vgic.profile.vgicUnknownSysregErrno === 'ENXIO') return ENXIO;
        if (r.errno) return r.errno;
        if (io.data.length < 8) return EFAULT;
        writeU64(io.data, 0, r.value, e);
        return 0;
      }
      default: {
        // LEVEL_INFO: info type in attr[31:10] (only VGIC_LEVEL_INFO_LINE_LEVEL), INTID in attr[9:0].
        if (((attr >> 10n) & 0x3fffffn) !== 0n) return EINVAL;
        const intid = Number(attr & 0x3ffn);
        if (intid % 32) return EINVAL;
        if (io.write) writeLineLevelInfo(x, intid, val);
        else val = readLineLevelInfo(x, intid);
      }
    }
    if (!io.write) {
      if (io.data.length < 4) return EFAULT;
      writeU32(io.data, 0, val, e);
    }
    return 0;
  }

  /** vgic_v2/v3_has_attr_regs(): an aligned 32-bit register that exists (for the interrupts that exist now). */
  private hasRegs(regions: readonly Region[], cpu: VgicCpu | undefined, offset: number): number {
    if (!cpu) return EINVAL;
    if (offset & 3) return ENXIO;
    return findRegion(regions, this.vgic, offset, 4) ? 0 : ENXIO;
  }

  private hasV2(group: number, attr: bigint): number {
    switch (group) {
      case KVM_DEV_ARM_VGIC_GRP_ADDR:
        return attr === BigInt(KVM_VGIC_V2_ADDR_TYPE_DIST) || attr === BigInt(KVM_VGIC_V2_ADDR_TYPE_CPU) ? 0 : ENXIO;
      case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
      case KVM_DEV_ARM_VGIC_GRP_CPU_REGS: {
        const { cpu, offset } = this.v2Parse(attr);
        return this.hasRegs(group === KVM_DEV_ARM_VGIC_GRP_CPU_REGS ? VGIC_V2_CPU_REGISTERS : VGIC_V2_DIST_REGISTERS, cpu, offset);
      }
      case KVM_DEV_ARM_VGIC_GRP_NR_IRQS:
        return 0;
      case KVM_DEV_ARM_VGIC_GRP_CTRL:
        return attr === BigInt(KVM_DEV_ARM_VGIC_CTRL_INIT) ? 0 : ENXIO;
    }
    return ENXIO;
  }

  private hasV3(group: number, attr: bigint): number {
    switch (group) {
      case KVM_DEV_ARM_VGIC_GRP_ADDR:
        return [KVM_VGIC_V3_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_REDIST, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION]
          .some((t) => attr === BigInt(t)) ? 0 : ENXIO;
      case KVM_DEV_ARM_VGIC_GRP_DIST_REGS:
      case KVM_DEV_ARM_VGIC_GRP_REDIST_REGS:
      case KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS: {
        const { cpu, offset } = this.v3Parse(group, attr);
        if (group === KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS) return !cpu ? EINVAL : hasUserIccReg(offset & 0xffff) ? 0 : ENXIO;
        return this.hasRegs(group === KVM_DEV_ARM_VGIC_GRP_DIST_REGS ? VGIC_V3_DIST_REGISTERS : VGIC_V3_RD_REGISTERS, cpu, offset);
      }
      case KVM_DEV_ARM_VGIC_GRP_NR_IRQS:
        return 0;
      case KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO:
        return ((attr >> 10n) & 0x3fffffn) === 0n ? 0 : ENXIO;
      case KVM_DEV_ARM_VGIC_GRP_CTRL:
        return attr === BigInt(KVM_DEV_ARM_VGIC_CTRL_INIT) || attr === BigInt(KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES) ? 0 : ENXIO;
    }
    return ENXIO;
  }
}
