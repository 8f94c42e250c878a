/**
 * KVM_CHECK_EXTENSION: kvm_vm_ioctl_check_extension() (arch/arm64/kvm/arm.c) plus the generic answers of
 * kvm_vm_ioctl_check_extension_generic() (virt/kvm/kvm_main.c), for the capabilities the model has.
 * Unknown capabilities answer 0, as in the kernel. The modelled host is QEMU's `max` CPU under TCG:
 * 6 breakpoints, 4 watchpoints, 48-bit IPA limit. The model adds three capabilities of its own, all
 * enabled on a vCPU (vcpu.ts enableCap): KVMDBG_CAP_INSN_BUDGET (an exact instruction budget),
 * KVMDBG_CAP_SEAMLESS_ENTRY (an entry that keeps the exclusive monitor) and KVMDBG_CAP_IDLE_EXIT (an idle
 * VM's KVM_RUN returns instead of skipping its clock ahead).
 */
import {
  KVM_CAP_ARM_NISV_TO_USER, KVM_CAP_ARM_PSCI, KVM_CAP_READONLY_MEM, KVM_CAP_ARM_PSCI_0_2, KVM_CAP_ARM_VM_IPA_SIZE,
  KVM_CAP_GUEST_DEBUG_HW_BPS, KVM_CAP_GUEST_DEBUG_HW_WPS, KVM_CAP_IMMEDIATE_EXIT, KVM_CAP_MP_STATE, KVM_CAP_ONE_REG,
  KVM_CAP_SET_GUEST_DEBUG, KVM_CAP_SET_GUEST_DEBUG2, KVM_CAP_USER_MEMORY, KVM_GUESTDBG_VALID_MASK, KVMDBG_CAP_IDLE_EXIT,
  KVMDBG_CAP_INSN_BUDGET, KVMDBG_CAP_SEAMLESS_ENTRY,
} from '../abi/constants.ts';
import { CNTFRQ } from '../cpu/sysregs.ts';
import { KVM_CAP_ARM_IRQ_LINE_LAYOUT_2, KVM_CAP_DEVICE_CTRL, KVM_CAP_IRQCHIP, KVM_CAP_VCPU_ATTRIBUTES } from '../abi/vgic.ts';
import { NUM_BRPS, NUM_WRPS } from './debug.ts';
import type { KernelProfile } from './profile.ts';

/** linux/kvm.h capabilities the abi/ table does not list. */
export const KVM_CAP_NR_VCPUS = 9;
export const KVM_CAP_NR_MEMSLOTS = 10;
export const KVM_CAP_SYNC_MMU = 16;
export const KVM_CAP_MAX_VCPUS = 66;
export const KVM_CAP_MAX_VCPU_ID = 128;
/** kvm_ipa_limit of the modelled host. */
export const KVM_IPA_LIMIT = 48;
/** KVM_MAX_VCPUS on arm64 (the GICv3 limit). */
export const KVM_MAX_VCPUS = 512;

export function kvmVmIoctlCheckExtension(profile: KernelProfile, cap: number): number {
  switch (cap) {
    case KVM_CAP_USER_MEMORY:
    case KVM_CAP_ONE_REG:
    case KVM_CAP_IMMEDIATE_EXIT:
    case KVM_CAP_MP_STATE:
    case KVM_CAP_ARM_PSCI:
    case KVM_CAP_ARM_PSCI_0_2:
    case KVM_CAP_SET_GUEST_DEBUG:
    case KVM_CAP_ARM_NISV_TO_USER:
    case KVM_CAP_SYNC_MMU:
    case KVM_CAP_READONLY_MEM: // __KVM_HAVE_READONLY_MEM (kvm_vm_ioctl_check_extension_generic)
    case KVM_CAP_IRQCHIP: // vgic_present: the modelled host offers GICv2 and GICv3 vGICs
    case KVM_CAP_DEVICE_CTRL:
    case KVM_CAP_ARM_IRQ_LINE_LAYOUT_2:
    case KVM_CAP_VCPU_ATTRIBUTES: // the vCPU fd's device attributes (timer PPIs)
      return 1;
    case KVMDBG_CAP_INSN_BUDGET:
    case KVMDBG_CAP_SEAMLESS_ENTRY:
      return 1;
    case KVMDBG_CAP_IDLE_EXIT:
      return Number(CNTFRQ); // the frequency a VMM turns counts into wall time at
    case KVM_CAP_SET_GUEST_DEBUG2:
      return profile.setGuestDebug2Cap ? KVM_GUESTDBG_VALID_MASK : 0;
    case KVM_CAP_GUEST_DEBUG_HW_BPS:
      return NUM_BRPS;
    case KVM_CAP_GUEST_DEBUG_HW_WPS:
      return NUM_WRPS;
    case KVM_CAP_ARM_VM_IPA_SIZE:
      return KVM_IPA_LIMIT;
    case KVM_CAP_NR_MEMSLOTS:
      return profile.userMemSlots;
    case KVM_CAP_NR_VCPUS:
      return 1; // online host CPUs: the model runs on one thread
    case KVM_CAP_MAX_VCPUS:
    case KVM_CAP_MAX_VCPU_ID:
      return KVM_MAX_VCPUS;
    default:
      return 0;
  }
}
