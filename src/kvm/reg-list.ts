/**
 * KVM_GET_REG_LIST for arm64 (api.rst 4.84; arch/arm64/kvm/guest.c kvm_arm_num_regs,
 * kvm_arm_copy_reg_indices; sys_regs.c kvm_arm_copy_sys_reg_indices / walk_sys_regs): every id that
 * KVM_GET_ONE_REG and KVM_SET_ONE_REG accept for the vCPU, group by group in the kernel's order:
 *  1. core registers (copy_core_reg_indices): each kvm_regs field once, at the word offset where it
 *     starts, with the size of the field (U64 for x0..x30, sp, pc, pstate, sp_el1, elr_el1, spsr[5];
 *     U128 for v0..v31; U32 for fpsr, fpcr). No SVE on the modelled host, so the V registers are listed;
 *  2. firmware registers (kvm_arm_copy_fw_reg_indices): those the model has, KVM_REG_ARM_PSCI_VERSION;
 *  3. the virtual timer (copy_timer_indices): TIMER_CTL, TIMER_CNT, TIMER_CVAL, in that order;
 *  4. system registers (walk_sys_regs): the table's registers that have storage, by encoding;
 *  5. the model's own group (abi/one-reg.ts KVMDBG_REGS), which no Linux has.
 * Linux also lists the invariant ID registers and the CCSIDR demux registers, which the model's ONE_REG
 * does not serve (ENOENT), so they are not listed either: the list is exactly what ONE_REG reaches.
 */
import {
  KVM_REG_ARM64, KVM_REG_ARM64_SYSREG, KVM_REG_ARM_CORE, KVM_REG_ARM_PSCI_VERSION, KVM_REG_SIZE_U128, KVM_REG_SIZE_U32,
  KVM_REG_SIZE_U64, KVMDBG_REGS,
} from '../abi/one-reg.ts';
import { coreReg, NR_CORE_WORDS } from './one-reg.ts';
import { sysRegIndices } from './sys-regs.ts';
import { KVM_REG_ARM_TIMER_CNT, KVM_REG_ARM_TIMER_CTL, KVM_REG_ARM_TIMER_CVAL } from './timer-regs.ts';

const SIZE: Record<number, bigint> = { 4: KVM_REG_SIZE_U32, 8: KVM_REG_SIZE_U64, 16: KVM_REG_SIZE_U128 };

/** copy_core_reg_indices(): word offsets where a register starts and is aligned to its size. */
function coreIndices(): bigint[] {
  const out: bigint[] = [];
  for (let i = 0; i < NR_CORE_WORDS; i++) {
    const r = coreReg(i);
    if (!r || i % (r.size / 4) !== 0) continue; // core_reg_size_from_offset: EINVAL unless aligned
    out.push(KVM_REG_ARM64 | SIZE[r.size]! | KVM_REG_ARM_CORE | BigInt(i));
  }
  return out;
}

let cached: readonly bigint[] | undefined;

/** kvm_arm_copy_reg_indices(): the same for every vCPU of the model (no SVE, no PMU). */
export function kvmArmRegIndices(): readonly bigint[] {
  cached ??= Object.freeze([
    ...coreIndices(),
    KVM_REG_ARM_PSCI_VERSION,
    KVM_REG_ARM_TIMER_CTL, KVM_REG_ARM_TIMER_CNT, KVM_REG_ARM_TIMER_CVAL,
    ...sysRegIndices().map((k) => KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | BigInt(k)),
    ...KVMDBG_REGS,
  ]);
  return cached;
}
