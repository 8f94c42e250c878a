/**
 * The arm64 in-kernel interrupt controller's UAPI: device types (include/uapi/linux/kvm.h), the vGIC
 * attribute groups and address types, the KVM_IRQ_LINE encoding and the vCPU timer attributes
 * (arch/arm64/include/uapi/asm/kvm.h), with the values of Linux 6.1's headers. The system test compares
 * every entry of VGIC_HEADER_CONSTANTS with the real header macro.
 */

// ---- capabilities (linux/kvm.h) ----
export const KVM_CAP_IRQCHIP = 0;
export const KVM_CAP_DEVICE_CTRL = 89;
export const KVM_CAP_VCPU_ATTRIBUTES = 127;
/** KVM_IRQ_LINE takes vcpu2 in bits 31:28 (vCPU indexes above 255). */
export const KVM_CAP_ARM_IRQ_LINE_LAYOUT_2 = 174;

// ---- KVM_CREATE_DEVICE (linux/kvm.h enum kvm_device_type) ----
/** kvm_create_device.flags: only ask whether the type exists. */
export const KVM_CREATE_DEVICE_TEST = 1;
export const KVM_DEV_TYPE_ARM_VGIC_V2 = 5;
export const KVM_DEV_TYPE_ARM_VGIC_V3 = 7;
export const KVM_DEV_TYPE_ARM_VGIC_ITS = 8;
/** One past the last device type of 6.1 (KVM_DEV_TYPE_ARM_PV_TIME is 10). */
export const KVM_DEV_TYPE_MAX = 11;

// ---- vGIC address types (KVM_DEV_ARM_VGIC_GRP_ADDR attributes) and frame sizes ----
export const KVM_VGIC_V2_ADDR_TYPE_DIST = 0;
export const KVM_VGIC_V2_ADDR_TYPE_CPU = 1;
export const KVM_VGIC_V2_DIST_SIZE = 0x1000;
export const KVM_VGIC_V2_CPU_SIZE = 0x2000;
export const KVM_VGIC_V3_ADDR_TYPE_DIST = 2;
export const KVM_VGIC_V3_ADDR_TYPE_REDIST = 3;
export const KVM_VGIC_ITS_ADDR_TYPE = 4;
/** Value: count[63:52] | base[51:16] | flags[15:12] | index[11:0] (vgic.h KVM_VGIC_V3_RDIST_*, kernel-internal). */
export const KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION = 5;
export const KVM_VGIC_V3_DIST_SIZE = 0x10000;
/** One redistributor: RD_base and SGI_base frames of 64 KiB each. */
export const KVM_VGIC_V3_REDIST_SIZE = 0x20000;

// ---- vGIC attribute groups (Device Control API: ARM VGIC) ----
export const KVM_DEV_ARM_VGIC_GRP_ADDR = 0;
export const KVM_DEV_ARM_VGIC_GRP_DIST_REGS = 1;
/** v2 only: the CPU interface registers; attr = vcpu_index[39:32] | offset. */
export const KVM_DEV_ARM_VGIC_GRP_CPU_REGS = 2;
export const KVM_DEV_ARM_VGIC_CPUID_SHIFT = 32;
export const KVM_DEV_ARM_VGIC_CPUID_MASK = 0xffn << 32n;
export const KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT = 32;
export const KVM_DEV_ARM_VGIC_V3_MPIDR_MASK = 0xffffffffn << 32n;
export const KVM_DEV_ARM_VGIC_OFFSET_SHIFT = 0;
export const KVM_DEV_ARM_VGIC_OFFSET_MASK = 0xffffffffn;
export const KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK = 0xffff;
export const KVM_DEV_ARM_VGIC_GRP_NR_IRQS = 3;
export const KVM_DEV_ARM_VGIC_GRP_CTRL = 4;
export const KVM_DEV_ARM_VGIC_GRP_REDIST_REGS = 5;
export const KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS = 6;
export const KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO = 7;
export const KVM_DEV_ARM_VGIC_GRP_ITS_REGS = 8;
export const KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT = 10;
export const KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK = 0x3fffffn << 10n;
export const KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK = 0x3ff;
export const VGIC_LEVEL_INFO_LINE_LEVEL = 0;
export const KVM_DEV_ARM_VGIC_CTRL_INIT = 0;
export const KVM_DEV_ARM_ITS_SAVE_TABLES = 1;
export const KVM_DEV_ARM_ITS_RESTORE_TABLES = 2;
export const KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES = 3;
export const KVM_DEV_ARM_ITS_CTRL_RESET = 4;

// ---- vCPU device attributes (KVM_SET_DEVICE_ATTR on a vCPU fd) ----
export const KVM_ARM_VCPU_PMU_V3_CTRL = 0;
export const KVM_ARM_VCPU_PMU_V3_IRQ = 0;
export const KVM_ARM_VCPU_PMU_V3_INIT = 1;
export const KVM_ARM_VCPU_TIMER_CTRL = 1;
export const KVM_ARM_VCPU_TIMER_IRQ_VTIMER = 0;
export const KVM_ARM_VCPU_TIMER_IRQ_PTIMER = 1;
export const KVM_ARM_VCPU_PVTIME_CTRL = 2;
/** The IPA of the vCPU's stolen-time structure (64-byte aligned, in a memory slot). */
export const KVM_ARM_VCPU_PVTIME_IPA = 0;

// ---- KVM_IRQ_LINE's irq field on arm64 (api.rst 4.25) ----
export const KVM_ARM_IRQ_VCPU2_SHIFT = 28;
export const KVM_ARM_IRQ_VCPU2_MASK = 0xf;
export const KVM_ARM_IRQ_TYPE_SHIFT = 24;
export const KVM_ARM_IRQ_TYPE_MASK = 0xf;
export const KVM_ARM_IRQ_VCPU_SHIFT = 16;
export const KVM_ARM_IRQ_VCPU_MASK = 0xff;
export const KVM_ARM_IRQ_NUM_SHIFT = 0;
export const KVM_ARM_IRQ_NUM_MASK = 0xffff;
/** Without an in-kernel GIC: the vCPU's IRQ (0) or FIQ (1) pin. */
export const KVM_ARM_IRQ_TYPE_CPU = 0;
/** An SPI, INTID 32..1019; the vCPU fields are ignored. */
export const KVM_ARM_IRQ_TYPE_SPI = 1;
/** A PPI of one vCPU, INTID 16..31. */
export const KVM_ARM_IRQ_TYPE_PPI = 2;
export const KVM_ARM_IRQ_CPU_IRQ = 0;
export const KVM_ARM_IRQ_CPU_FIQ = 1;

/** The `irq` value of struct kvm_irq_level for `type`, vCPU index and INTID (or CPU pin). */
export function kvmArmIrq(type: number, vcpuIndex: number, num: number): number {
  const ok = (v: number, max: number): boolean => Number.isInteger(v) && v >= 0 && v <= max;
  if (!ok(type, KVM_ARM_IRQ_TYPE_MASK) || !ok(vcpuIndex, 0xfff) || !ok(num, KVM_ARM_IRQ_NUM_MASK)) {
    throw new RangeError(`KVM_IRQ_LINE irq: type ${type}, vcpu ${vcpuIndex}, num ${num}: a field is out of range`);
  }
  return (((vcpuIndex >> 8) << KVM_ARM_IRQ_VCPU2_SHIFT) | (type << KVM_ARM_IRQ_TYPE_SHIFT) |
    ((vcpuIndex & KVM_ARM_IRQ_VCPU_MASK) << KVM_ARM_IRQ_VCPU_SHIFT) | (num << KVM_ARM_IRQ_NUM_SHIFT)) >>> 0;
}

/** Every constant above by its C macro name, for the header check (bigint where the macro is 64-bit). */
export const VGIC_HEADER_CONSTANTS: Readonly<Record<string, number | bigint>> = Object.freeze({
  KVM_CAP_IRQCHIP, KVM_CAP_DEVICE_CTRL, KVM_CAP_VCPU_ATTRIBUTES, KVM_CAP_ARM_IRQ_LINE_LAYOUT_2,
  KVM_CREATE_DEVICE_TEST, KVM_DEV_TYPE_ARM_VGIC_V2, KVM_DEV_TYPE_ARM_VGIC_V3, KVM_DEV_TYPE_ARM_VGIC_ITS,
  KVM_DEV_TYPE_MAX,
  KVM_VGIC_V2_ADDR_TYPE_DIST, KVM_VGIC_V2_ADDR_TYPE_CPU, KVM_VGIC_V2_DIST_SIZE, KVM_VGIC_V2_CPU_SIZE,
  KVM_VGIC_V3_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_REDIST, KVM_VGIC_ITS_ADDR_TYPE,
  KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, KVM_VGIC_V3_DIST_SIZE, KVM_VGIC_V3_REDIST_SIZE,
  KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, KVM_DEV_ARM_VGIC_GRP_CPU_REGS,
  KVM_DEV_ARM_VGIC_CPUID_SHIFT, KVM_DEV_ARM_VGIC_CPUID_MASK, KVM_DEV_ARM_VGIC_V3_MPIDR_SHIFT,
  KVM_DEV_ARM_VGIC_V3_MPIDR_MASK, KVM_DEV_ARM_VGIC_OFFSET_SHIFT, KVM_DEV_ARM_VGIC_OFFSET_MASK,
  KVM_DEV_ARM_VGIC_SYSREG_INSTR_MASK, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, KVM_DEV_ARM_VGIC_GRP_CTRL,
  KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO,
  KVM_DEV_ARM_VGIC_GRP_ITS_REGS, KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_SHIFT, KVM_DEV_ARM_VGIC_LINE_LEVEL_INFO_MASK,
  KVM_DEV_ARM_VGIC_LINE_LEVEL_INTID_MASK, VGIC_LEVEL_INFO_LINE_LEVEL, KVM_DEV_ARM_VGIC_CTRL_INIT,
  KVM_DEV_ARM_ITS_SAVE_TABLES, KVM_DEV_ARM_ITS_RESTORE_TABLES, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES,
  KVM_DEV_ARM_ITS_CTRL_RESET,
  KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ, KVM_ARM_VCPU_PMU_V3_INIT, KVM_ARM_VCPU_TIMER_CTRL,
  KVM_ARM_VCPU_TIMER_IRQ_VTIMER, KVM_ARM_VCPU_TIMER_IRQ_PTIMER, KVM_ARM_VCPU_PVTIME_CTRL, KVM_ARM_VCPU_PVTIME_IPA,
  KVM_ARM_IRQ_VCPU2_SHIFT, KVM_ARM_IRQ_VCPU2_MASK, KVM_ARM_IRQ_TYPE_SHIFT, KVM_ARM_IRQ_TYPE_MASK,
  KVM_ARM_IRQ_VCPU_SHIFT, KVM_ARM_IRQ_VCPU_MASK, KVM_ARM_IRQ_NUM_SHIFT, KVM_ARM_IRQ_NUM_MASK,
  KVM_ARM_IRQ_TYPE_CPU, KVM_ARM_IRQ_TYPE_SPI, KVM_ARM_IRQ_TYPE_PPI, KVM_ARM_IRQ_CPU_IRQ, KVM_ARM_IRQ_CPU_FIQ,
});
