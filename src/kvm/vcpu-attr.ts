/**
 * The vCPU fd's attribute ioctls (api.rst 4.81, Documentation/virt/kvm/devices/vcpu.rst; arch/arm64/kvm/
 * guest.c kvm_arm_vcpu_arch_set_attr/get_attr/has_attr), by group:
 *   - KVM_ARM_VCPU_PMU_V3_CTRL (0): the modelled vCPUs have no PMU (KVM_ARM_VCPU_PMU_V3 is refused at
 *     init), so set is ENODEV, get of the IRQ EINVAL without an in-kernel GIC and ENODEV with one, has and
 *     the other attributes ENXIO (pmu-emul.c);
 *   - KVM_ARM_VCPU_TIMER_CTRL (1): the timer PPIs (arch-timer.ts);
 *   - KVM_ARM_VCPU_PVTIME_CTRL (2): the stolen-time structure's IPA (pvtime.ts);
 *   - any other group: ENXIO.
 * Values are ints the attribute's `addr` points at: `data` here, in the host's byte order; a shorter
 * buffer is EFAULT. Same in both profiles.
 */
import { readU32, writeU32 } from '../abi/codec.ts';
import { decodeDeviceAttr } from '../abi/device.ts';
import { KVM_ARM_VCPU_PMU_V3_CTRL, KVM_ARM_VCPU_PMU_V3_IRQ, KVM_ARM_VCPU_PVTIME_CTRL, KVM_ARM_VCPU_TIMER_CTRL } from '../abi/vgic.ts';
import { kvmArmPvtimeGetAttr, kvmArmPvtimeHasAttr, kvmArmPvtimeSetAttr } from './pvtime.ts';
import { kvmArmTimerGetAttr, kvmArmTimerHasAttr, kvmArmTimerSetAttr } from './arch-timer.ts';
import { EFAULT, EINVAL, ENODEV, ENXIO } from './errno.ts';
import type { VcpuArch } from './vcpu-arch.ts';

/** kvm_arm_vcpu_arch_set_attr(). Returns 0 or a positive errno. */
export function kvmArmVcpuSetAttr(v: VcpuArch, attrBytes: Uint8Array, data: Uint8Array): number {
  const { group, attr } = decodeDeviceAttr(attrBytes, v.e);
  switch (group) {
    case KVM_ARM_VCPU_PMU_V3_CTRL:
      return ENODEV;
    case KVM_ARM_VCPU_TIMER_CTRL:
      if (!v.vm.vgic) return EINVAL;
      if (data.length < 4) return EFAULT;
      return kvmArmTimerSetAttr(v, attr, readU32(data, 0, v.e) | 0);
    case KVM_ARM_VCPU_PVTIME_CTRL:
      return kvmArmPvtimeSetAttr(v, attr, data);
    default:
      return ENXIO;
  }
}

/** kvm_arm_vcpu_arch_get_attr(). */
export function kvmArmVcpuGetAttr(v: VcpuArch, attrBytes: Uint8Array, data: Uint8Array): number {
  const { group, attr } = decodeDeviceAttr(attrBytes, v.e);
  switch (group) {
    case KVM_ARM_VCPU_PMU_V3_CTRL:
      if (attr !== BigInt(KVM_ARM_VCPU_PMU_V3_IRQ)) return ENXIO;
      return v.vm.vgic ? ENODEV : EINVAL;
    case KVM_ARM_VCPU_TIMER_CTRL: {
      const r = kvmArmTimerGetAttr(v, attr);
      if (r.errno) return r.errno;
      if (data.length < 4) return EFAULT;
      writeU32(data, 0, r.irq >>> 0, v.e);
      return 0;
    }
    case KVM_ARM_VCPU_PVTIME_CTRL:
      return kvmArmPvtimeGetAttr(v, attr, data);
    default:
      return ENXIO;
  }
}

/** kvm_arm_vcpu_arch_has_attr(). */
export function kvmArmVcpuHasAttr(v: VcpuArch, attrBytes: Uint8Array): number {
  const { group, attr } = decodeDeviceAttr(attrBytes, v.e);
  if (group === KVM_ARM_VCPU_TIMER_CTRL) return kvmArmTimerHasAttr(attr);
  if (group === KVM_ARM_VCPU_PVTIME_CTRL) return kvmArmPvtimeHasAttr(attr);
  return ENXIO;
}
