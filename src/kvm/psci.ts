/**
 * PSCI over HVC, emulated in the kernel: arch/arm64/kvm/psci.c (kvm_psci_call and the per-version
 * handlers) and the SMCCC front door in arch/arm64/kvm/hypercalls.c (kvm_hvc_call_handler).
 *
 * A vCPU initialised without KVM_ARM_VCPU_PSCI_0_2 gets KVM's private PSCI 0.1 (function ids from
 * 0x95c1ba5e, only CPU_ON/CPU_OFF); with it, the latest version the kernel knows (1.0 on 5.10, 1.1 on
 * 6.1) unless userspace pinned one through the KVM_REG_ARM_PSCI_VERSION firmware register.
 * SYSTEM_OFF/SYSTEM_RESET stop every vCPU and exit with KVM_EXIT_SYSTEM_EVENT; x0 is preloaded with
 * INTERNAL_FAILURE for a VMM that resumes anyway.
 */
import {
  KVM_ARM_VCPU_PSCI_0_2, KVM_EXIT_SYSTEM_EVENT, KVM_MP_STATE_RUNNABLE, KVM_SYSTEM_EVENT_RESET, KVM_SYSTEM_EVENT_SHUTDOWN,
  PSCI_0_2_FN64_AFFINITY_INFO, PSCI_0_2_FN64_CPU_ON, PSCI_0_2_FN64_CPU_SUSPEND, PSCI_0_2_FN_AFFINITY_INFO,
  PSCI_0_2_FN_CPU_OFF, PSCI_0_2_FN_CPU_ON, PSCI_0_2_FN_CPU_SUSPEND, PSCI_0_2_FN_MIGRATE_INFO_TYPE,
  PSCI_0_2_FN_PSCI_VERSION, PSCI_0_2_FN_SYSTEM_OFF, PSCI_0_2_FN_SYSTEM_RESET, PSCI_1_0_FN_PSCI_FEATURES,
  PSCI_RET_ALREADY_ON, PSCI_RET_INVALID_PARAMS, PSCI_RET_NOT_SUPPORTED, PSCI_RET_SUCCESS,
} from '../abi/constants.ts';
import { writeU32, writeU64, writeU8 } from '../abi/codec.ts';
import { RUN_OFF } from '../abi/kvm-run.ts';
import { ARM_SMCCC_HV_PV_TIME_FEATURES, ARM_SMCCC_HV_PV_TIME_ST, kvmHypercallPvFeatures, kvmInitStolenTime } from './pvtime.ts';
import { kvmArmVcpuPowerOff, kvmArmVcpuStopped, kvmVcpuWfi } from './power.ts';
import type { VcpuArch } from './vcpu-arch.ts';

export const KVM_ARM_PSCI_0_1 = 0x00000;
export const KVM_ARM_PSCI_0_2 = 0x00002;
export const KVM_ARM_PSCI_1_0 = 0x10000;
export const KVM_ARM_PSCI_1_1 = 0x10001;
/** KVM's pre-standard PSCI 0.1 function ids (KVM_PSCI_FN_BASE + n). */
export const KVM_PSCI_FN_CPU_OFF = 0x95c1ba5f;
export const KVM_PSCI_FN_CPU_ON = 0x95c1ba60;
export const PSCI_RET_INTERNAL_FAILURE = -6;
const PSCI_0_2_TOS_MP = 2;
const PSCI_0_2_AFFINITY_LEVEL_ON = 0;
const PSCI_0_2_AFFINITY_LEVEL_OFF = 1;
const PSCI_1_1_FN_SYSTEM_RESET2 = 0x84000012;
const PSCI_1_1_FN64_SYSTEM_RESET2 = 0xc4000012;
const KVM_SYSTEM_EVENT_RESET_FLAG_PSCI_RESET2 = 1n;
/** SMCCC function ids (include/linux/arm-smccc.h). */
const ARM_SMCCC_VERSION_FUNC_ID = 0x80000000;
const ARM_SMCCC_ARCH_FEATURES_FUNC_ID = 0x80000001;
const ARM_SMCCC_ARCH_WORKAROUND_1 = 0x80008000;
const ARM_SMCCC_ARCH_WORKAROUND_2 = 0x80007fff;
const ARM_SMCCC_VERSION_1_1 = 0x10001;
const SMCCC_RET_NOT_REQUIRED = -2;
const SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED = 1;

/** kvm_psci_version(). */
export function kvmPsciVersion(v: VcpuArch): number {
  if (!v.features.has(KVM_ARM_VCPU_PSCI_0_2)) return KVM_ARM_PSCI_0_1;
  return v.vm.psciVersion || v.profile.psciLatest;
}

/** smccc_set_retval(): x0..x3 (negative codes as the kernel's unsigned long). */
function setRetval(v: VcpuArch, a0: number | bigint, a1 = 0n, a2 = 0n, a3 = 0n): void {
  v.setReg(0, BigInt.asUintN(64, BigInt(a0)));
  v.setReg(1, a1);
  v.setReg(2, a2);
  v.setReg(3, a3);
}

/**
 * kvm_hvc_call_handler(): SMCCC_VERSION, SMCCC_ARCH_FEATURES (the modelled host is unaffected by the
 * Spectre variants the workaround ids name; stolen time is offered), the stolen-time calls (pvtime.ts),
 * everything else to PSCI. Returns 1 or 0 (handle-exit.ts).
 */
export function kvmHvcCallHandler(v: VcpuArch): number {
  const fn = Number(v.getReg(0) & 0xffffffffn);
  switch (fn) {
    case ARM_SMCCC_VERSION_FUNC_ID:
      setRetval(v, ARM_SMCCC_VERSION_1_1);
      return 1;
    case ARM_SMCCC_ARCH_FEATURES_FUNC_ID: {
      const feature = Number(v.getReg(1) & 0xffffffffn);
      let val = PSCI_RET_NOT_SUPPORTED;
      if (feature === ARM_SMCCC_ARCH_WORKAROUND_1) val = SMCCC_ARCH_WORKAROUND_RET_UNAFFECTED;
      else if (feature === ARM_SMCCC_ARCH_WORKAROUND_2) val = SMCCC_RET_NOT_REQUIRED;
      else if (feature === ARM_SMCCC_HV_PV_TIME_FEATURES) val = 0;
      setRetval(v, val);
      return 1;
    }
    case ARM_SMCCC_HV_PV_TIME_FEATURES:
      setRetval(v, kvmHypercallPvFeatures(v));
      return 1;
    case ARM_SMCCC_HV_PV_TIME_ST:
      setRetval(v, kvmInitStolenTime(v));
      return 1;
    default:
      return kvmPsciCall(v, fn);
  }
}

/** kvm_psci_call(): dispatch on the vCPU's PSCI version. */
export function kvmPsciCall(v: VcpuArch, fn: number): number {
  const version = kvmPsciVersion(v);
  if (version === KVM_ARM_PSCI_0_1) return kvmPsci01Call(v, fn);
  if (version === KVM_ARM_PSCI_0_2) return kvmPsci02Call(v, fn);
  return kvmPsci1xCall(v, fn, version === KVM_ARM_PSCI_1_1 ? 1 : 0);
}

function kvmPsci01Call(v: VcpuArch, fn: number): number {
  let val: number;
  if (fn === KVM_PSCI_FN_CPU_OFF) {
    kvmArmVcpuPowerOff(v);
    val = PSCI_RET_SUCCESS;
  } else if (fn === KVM_PSCI_FN_CPU_ON) {
    val = kvmPsciVcpuOn(v);
  } else {
    val = PSCI_RET_NOT_SUPPORTED;
  }
  setRetval(v, val);
  return 1;
}

function kvmPsci02Call(v: VcpuArch, fn: number): number {
  let val: number;
  let ret = 1;
  switch (fn) {
    case PSCI_0_2_FN_PSCI_VERSION:
      val = KVM_ARM_PSCI_0_2;
      break;
    case PSCI_0_2_FN_CPU_SUSPEND:
    case PSCI_0_2_FN64_CPU_SUSPEND:
      // kvm_psci_vcpu_suspend(): every suspend state is a WFI that keeps the registers.
      if (kvmVcpuWfi(v)) v.carriedSleep = 'suspend';
      val = PSCI_RET_SUCCESS;
      break;
    case PSCI_0_2_FN_CPU_OFF:
      kvmArmVcpuPowerOff(v);
      val = PSCI_RET_SUCCESS;
      break;
    case PSCI_0_2_FN_CPU_ON:
      narrowTo32bit(v);
      val = kvmPsciVcpuOn(v);
      break;
    case PSCI_0_2_FN64_CPU_ON:
      val = kvmPsciVcpuOn(v);
      break;
    case PSCI_0_2_FN_AFFINITY_INFO:
      narrowTo32bit(v);
      val = kvmPsciVcpuAffinityInfo(v);
      break;
    case PSCI_0_2_FN64_AFFINITY_INFO:
      val = kvmPsciVcpuAffinityInfo(v);
      break;
    case PSCI_0_2_FN_MIGRATE_INFO_TYPE:
      val = PSCI_0_2_TOS_MP;
      break;
    case PSCI_0_2_FN_SYSTEM_OFF:
      kvmPrepareSystemEvent(v, KVM_SYSTEM_EVENT_SHUTDOWN, 0n);
      val = PSCI_RET_INTERNAL_FAILURE;
      ret = 0;
      break;
    case PSCI_0_2_FN_SYSTEM_RESET:
      kvmPrepareSystemEvent(v, KVM_SYSTEM_EVENT_RESET, 0n);
      val = PSCI_RET_INTERNAL_FAILURE;
      ret = 0;
      break;
    default:
      val = PSCI_RET_NOT_SUPPORTED;
  }
  setRetval(v, val);
  return ret;
}

const PSCI_1_X_FEATURES = new Set<number>([
  PSCI_0_2_FN_PSCI_VERSION, PSCI_0_2_FN_CPU_SUSPEND, PSCI_0_2_FN64_CPU_SUSPEND, PSCI_0_2_FN_CPU_OFF,
  PSCI_0_2_FN_CPU_ON, PSCI_0_2_FN64_CPU_ON, PSCI_0_2_FN_AFFINITY_INFO, PSCI_0_2_FN64_AFFINITY_INFO,
  PSCI_0_2_FN_MIGRATE_INFO_TYPE, PSCI_0_2_FN_SYSTEM_OFF, PSCI_0_2_FN_SYSTEM_RESET, PSCI_1_0_FN_PSCI_FEATURES,
  ARM_SMCCC_VERSION_FUNC_ID,
]);

function kvmPsci1xCall(v: VcpuArch, fn: number, minor: number): number {
  let val = PSCI_RET_NOT_SUPPORTED;
  switch (fn) {
    case PSCI_0_2_FN_PSCI_VERSION:
      val = minor === 0 ? KVM_ARM_PSCI_1_0 : KVM_ARM_PSCI_1_1;
      break;
    case PSCI_1_0_FN_PSCI_FEATURES: {
      const arg = Number(v.getReg(1) & 0xffffffffn);
      if (PSCI_1_X_FEATURES.has(arg)) val = 0;
      else if (minor >= 1 && (arg === PSCI_1_1_FN_SYSTEM_RESET2 || arg === PSCI_1_1_FN64_SYSTEM_RESET2)) val = 0;
      break;
    }
    case PSCI_1_1_FN_SYSTEM_RESET2:
    case PSCI_1_1_FN64_SYSTEM_RESET2: {
      if (minor < 1) break;
      if (fn === PSCI_1_1_FN_SYSTEM_RESET2) narrowTo32bit(v);
      const arg = Number(v.getReg(1) & 0xffffffffn);
      // SYSTEM_WARM_RESET (0) or a vendor reset type (bit 31) are accepted; anything else is invalid.
      if (arg === 0 || arg >= 0x80000000) {
        kvmPrepareSystemEvent(v, KVM_SYSTEM_EVENT_RESET, KVM_SYSTEM_EVENT_RESET_FLAG_PSCI_RESET2);
        v.setReg(0, BigInt.asUintN(64, BigInt(PSCI_RET_INTERNAL_FAILURE)));
        return 0;
      }
      val = PSCI_RET_INVALID_PARAMS;
      break;
    }
    default:
      return kvmPsci02Call(v, fn);
  }
  setRetval(v, val);
  return 1;
}

/** kvm_psci_narrow_to_32bit(): a 32-bit function id only looks at the low halves of x1..x3. */
function narrowTo32bit(v: VcpuArch): void {
  for (let i = 1; i < 4; i++) v.setReg(i, v.getReg(i) & 0xffffffffn);
}

const MPIDR_HWID_BITMASK = 0xff00ffffffn;

/** kvm_psci_valid_affinity(): only affinity bits (6.1); 5.10 ignores the others. */
function kvmPsciValidAffinity(v: VcpuArch, affinity: bigint): boolean {
  return !v.profile.psciValidatesAffinity || (affinity & ~MPIDR_HWID_BITMASK) === 0n;
}

/** kvm_mpidr_to_vcpu(): the first vCPU (in creation order) whose MPIDR affinity is `mpidr`. */
function kvmMpidrToVcpu(v: VcpuArch, mpidr: bigint): VcpuArch | undefined {
  const aff = mpidr & MPIDR_HWID_BITMASK;
  return v.vm.vcpus().find((t) => t.mpidrAffInit === aff);
}

/**
 * kvm_psci_vcpu_on(): x1 = target MPIDR (only affinity bits allowed), x2 = entry point, x3 = context id.
 * An unknown target is INVALID_PARAMS (6.1 also for bits outside the affinity fields, which 5.10 masks
 * off); one that is not stopped is ALREADY_ON (INVALID_PARAMS for
 * PSCI 0.1). Otherwise the target is reset at its next entry (KVM_REQ_VCPU_RESET: PC = entry,
 * x0 = context id, everything else as KVM_ARM_VCPU_INIT leaves it) and becomes RUNNABLE.
 */
function kvmPsciVcpuOn(source: VcpuArch): number {
  const cpuId = source.getReg(1);
  if (!kvmPsciValidAffinity(source, cpuId)) return PSCI_RET_INVALID_PARAMS;
  const target = kvmMpidrToVcpu(source, cpuId);
  if (!target) return PSCI_RET_INVALID_PARAMS;
  if (!kvmArmVcpuStopped(target)) return kvmPsciVersion(source) !== KVM_ARM_PSCI_0_1 ? PSCI_RET_ALREADY_ON : PSCI_RET_INVALID_PARAMS;
  target.resetState = { pc: source.getReg(2), r0: source.getReg(3) };
  target.mpState = KVM_MP_STATE_RUNNABLE;
  return PSCI_RET_SUCCESS;
}

function kvmPsciVcpuAffinityInfo(v: VcpuArch): number {
  const targetAffinity = v.getReg(1);
  const lowestLevel = Number(v.getReg(2));
  if (!kvmPsciValidAffinity(v, targetAffinity)) return PSCI_RET_INVALID_PARAMS;
  if (lowestLevel < 0 || lowestLevel > 3) return PSCI_RET_INVALID_PARAMS;
  const shift = BigInt(lowestLevel === 3 ? 32 : lowestLevel * 8);
  const mask = MPIDR_HWID_BITMASK & ~((1n << shift) - 1n);
  const want = targetAffinity & mask;
  let matching = 0;
  for (const t of v.vm.vcpus()) {
    if ((t.mpidrAffInit & mask) !== want) continue;
    matching++;
    if (!kvmArmVcpuStopped(t)) return PSCI_0_2_AFFINITY_LEVEL_ON;
  }
  return matching ? PSCI_0_2_AFFINITY_LEVEL_OFF : PSCI_RET_INVALID_PARAMS;
}

/**
 * kvm_prepare_system_event(): stop every vCPU and describe the event. 5.10 clears the 16-byte
 * {type, flags} it knew; 6.1 clears {type, ndata, data[16]} and reports ndata = 1, data[0] = flags.
 */
function kvmPrepareSystemEvent(v: VcpuArch, type: number, flags: bigint): void {
  for (const t of v.vm.vcpus()) kvmArmVcpuPowerOff(t);
  const { run, e } = v;
  const start = RUN_OFF.systemEventType;
  const size = v.profile.systemEventHasNdata ? RUN_OFF.systemEventData + 16 * 8 - start : 16;
  for (let off = start; off < start + size; off++) writeU8(run, off, 0);
  writeU32(run, RUN_OFF.systemEventType, type, e);
  if (v.profile.systemEventHasNdata) {
    writeU32(run, RUN_OFF.systemEventNdata, 1, e);
    writeU64(run, RUN_OFF.systemEventData, flags, e);
  }
  writeU32(run, RUN_OFF.exitReason, KVM_EXIT_SYSTEM_EVENT, e);
}
