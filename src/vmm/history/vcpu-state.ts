/**
 * A vCPU's state as a VMM saves and restores it on KVM (compare QEMU's kvm_arch_get/put_registers with
 * its cpreg list, and Firecracker's snapshot of a vCPU): KVM_GET_REG_LIST for the ids, KVM_GET_ONE_REG for
 * each value, KVM_GET_MP_STATE for the power state; restored with KVM_ARM_VCPU_INIT (which drops whatever
 * the kernel still had pending for the vCPU, such as a PSCI CPU_ON reset), KVM_SET_MP_STATE and
 * KVM_SET_ONE_REG.
 */
import {
  KVM_REG_ARM_COPROC_MASK, KVMDBG_REG_ARM_GROUP, KvmError, decodeMpState, decodeRegList, encodeMpState, encodeRegList,
  regListCount, type Endian, type KvmVcpu,
} from '../../abi/index.ts';
import { VmmError } from '../machine.ts';

export interface VcpuSnapshot {
  /** Values in the order of the vCPU's register list. */
  values: bigint[];
  /** KVM_MP_STATE_*. */
  mp: number;
}

/** KVM_GET_REG_LIST: first with no room (E2BIG tells the count), then with room for all. */
export function readRegList(vcpu: KvmVcpu, e: Endian): bigint[] {
  if (!vcpu.getRegList) throw new VmmError('this kernel backend has no KVM_GET_REG_LIST');
  const probe = encodeRegList(0, e);
  try {
    vcpu.getRegList(probe);
  } catch (err) {
    if (!(err instanceof KvmError) || err.errno !== 'E2BIG') throw err;
  }
  const list = encodeRegList(regListCount(probe, e), e);
  vcpu.getRegList(list);
  return decodeRegList(list, e);
}

const mpBuf = new Uint8Array(4);

export function saveVcpu(vcpu: KvmVcpu, ids: readonly bigint[], e: Endian): VcpuSnapshot {
  vcpu.getMpState(mpBuf);
  return { values: ids.map((id) => vcpu.getOneReg(id)), mp: decodeMpState(mpBuf, e) };
}

/**
 * Put every vCPU back: each is re-initialised (`init(i)`, KVM_ARM_VCPU_INIT as the machine made it) and
 * given its power state; then the model's own registers of all vCPUs (the physical counts, which
 * KVM_REG_ARM_TIMER_CNT's write turns into the VM's CNTVOFF), then every other register.
 */
export function restoreVcpus(vcpus: readonly KvmVcpu[], ids: readonly bigint[], snaps: readonly VcpuSnapshot[], e: Endian,
  init: (i: number) => void): void {
  const own = (id: bigint): boolean => (id & KVM_REG_ARM_COPROC_MASK) === KVMDBG_REG_ARM_GROUP;
  vcpus.forEach((vcpu, i) => {
    init(i);
    vcpu.setMpState(encodeMpState(snaps[i]!.mp, e));
  });
  vcpus.forEach((vcpu, i) => ids.forEach((id, k) => { if (own(id)) vcpu.setOneReg(id, snaps[i]!.values[k]!); }));
  vcpus.forEach((vcpu, i) => ids.forEach((id, k) => { if (!own(id)) vcpu.setOneReg(id, snaps[i]!.values[k]!); }));
}
