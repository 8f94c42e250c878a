/**
 * Stolen time for the guest (arch/arm64/kvm/pvtime.c, Documentation/virt/kvm/arm/pvtime.rst): userspace
 * gives each vCPU the IPA of a 64-byte structure through the vCPU attribute KVM_ARM_VCPU_PVTIME_CTRL /
 * KVM_ARM_VCPU_PVTIME_IPA; the guest finds it with the SMCCC calls PV_TIME_FEATURES and PV_TIME_ST, and the
 * kernel keeps `stolen_time` there (the time the vCPU thread was runnable but not running). The model's
 * vCPU thread is never preempted, so stolen time stays 0.
 *
 * The modelled host supports it (kvm_arm_pvtime_supported: sched_info on, as on Debian's kernels: the
 * conformance scenario vcpu-timer-attrs shows KVM_HAS_DEVICE_ATTR succeeding). Same in both profiles.
 */
import { readU64, writeU64 } from '../abi/codec.ts';
import { KVM_ARM_VCPU_PVTIME_IPA } from '../abi/vgic.ts';
import { EEXIST, EFAULT, EINVAL, ENXIO } from './errno.ts';
import type { VcpuArch } from './vcpu-arch.ts';

/** GPA_INVALID: no stolen-time structure. */
export const GPA_INVALID = 0xffffffffffffffffn;
/** SMCCC function ids (include/linux/arm-smccc.h). */
export const ARM_SMCCC_HV_PV_TIME_FEATURES = 0xc5000020;
export const ARM_SMCCC_HV_PV_TIME_ST = 0xc5000021;
const SMCCC_RET_SUCCESS = 0;
const SMCCC_RET_NOT_SUPPORTED = -1;
/** sizeof(struct pvclock_vcpu_stolen_time): revision, attributes, stolen_time, 48 bytes of padding. */
const STOLEN_TIME_SIZE = 64;

/** kvm_arm_pvtime_set_attr(): `data` holds the u64 IPA. Returns 0 or a positive errno. */
export function kvmArmPvtimeSetAttr(v: VcpuArch, attr: bigint, data: Uint8Array): number {
  if (attr !== BigInt(KVM_ARM_VCPU_PVTIME_IPA)) return ENXIO;
  if (data.length < 8) return EFAULT;
  const ipa = readU64(data, 0, v.e);
  if (ipa % 64n !== 0n) return EINVAL;
  if (v.stealBase !== GPA_INVALID) return EEXIST;
  if (v.vm.memslotFlags(ipa) === undefined) return EINVAL;
  v.stealBase = ipa;
  return 0;
}

/** kvm_arm_pvtime_get_attr(). */
export function kvmArmPvtimeGetAttr(v: VcpuArch, attr: bigint, data: Uint8Array): number {
  if (attr !== BigInt(KVM_ARM_VCPU_PVTIME_IPA)) return ENXIO;
  if (data.length < 8) return EFAULT;
  writeU64(data, 0, v.stealBase, v.e);
  return 0;
}

/** kvm_arm_pvtime_has_attr(). */
export function kvmArmPvtimeHasAttr(attr: bigint): number {
  return attr === BigInt(KVM_ARM_VCPU_PVTIME_IPA) ? 0 : ENXIO;
}

/** kvm_hypercall_pv_features(): PV_TIME_FEATURES and PV_TIME_ST exist once userspace set the IPA. */
export function kvmHypercallPvFeatures(v: VcpuArch): number {
  const feature = Number(v.getReg(1) & 0xffffffffn);
  if ((feature === ARM_SMCCC_HV_PV_TIME_FEATURES || feature === ARM_SMCCC_HV_PV_TIME_ST) && v.stealBase !== GPA_INVALID) {
    return SMCCC_RET_SUCCESS;
  }
  return SMCCC_RET_NOT_SUPPORTED;
}

/**
 * kvm_init_stolen_time() for PV_TIME_ST: the structure is zeroed in guest memory (revision 0, attributes
 * 0, stolen_time 0) and its IPA returned; without one, NOT_SUPPORTED.
 */
export function kvmInitStolenTime(v: VcpuArch): bigint | number {
  if (v.stealBase === GPA_INVALID) return SMCCC_RET_NOT_SUPPORTED;
  v.vm.writeGuest(v.stealBase, new Uint8Array(STOLEN_TIME_SIZE));
  return v.stealBase;
}
