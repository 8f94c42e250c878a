/**
 * KVM_GET_ONE_REG / KVM_SET_ONE_REG register ids for arm64 (api.rst "KVM_SET_ONE_REG", arm64 part;
 * linux/kvm.h KVM_REG_*; asm/kvm.h KVM_REG_ARM_CORE, KVM_REG_ARM64_SYSREG):
 *   bits 63:56 architecture (KVM_REG_ARM64), 55:52 log2 of the size in bytes, 31:16 register group,
 *   and for the core group the offset into struct kvm_regs in 32-bit words (KVM_REG_ARM_CORE_REG);
 *   for system registers op0:op1:CRn:CRm:op2 packed into bits 15:0.
 */
import { fieldInfo, flattenLayout } from './layout.ts';
import { KVM_REGS } from './kvm-structs.ts';

export const KVM_REG_ARM64 = 0x6000000000000000n;
export const KVM_REG_ARCH_MASK = 0xff00000000000000n;
export const KVM_REG_SIZE_SHIFT = 52n;
export const KVM_REG_SIZE_MASK = 0x00f0000000000000n;
export const KVM_REG_SIZE_U32 = 0x0020000000000000n;
export const KVM_REG_SIZE_U64 = 0x0030000000000000n;
export const KVM_REG_SIZE_U128 = 0x0040000000000000n;
export const KVM_REG_ARM_COPROC_MASK = 0x000000000fff0000n;
export const KVM_REG_ARM_CORE = 0x0010n << 16n;
export const KVM_REG_ARM64_SYSREG = 0x0013n << 16n;

const SIZE_BITS: Record<number, bigint> = { 4: KVM_REG_SIZE_U32, 8: KVM_REG_SIZE_U64, 16: KVM_REG_SIZE_U128 };

/**
 * The id of a core register, named by its path in struct kvm_regs: 'regs.regs[0]'..'regs.regs[30]',
 * 'regs.sp', 'regs.pc', 'regs.pstate', 'sp_el1', 'elr_el1', 'spsr[0]'..'spsr[4]', 'fp_regs.vregs[n]'
 * (128-bit), 'fp_regs.fpsr', 'fp_regs.fpcr' (32-bit). The size field follows the C field's size.
 */
export function coreRegId(path: string): bigint {
  const f = fieldInfo(KVM_REGS, path);
  const size = SIZE_BITS[f.size];
  if (size === undefined || f.type.includes('[') || f.type.startsWith('struct')) {
    throw new Error(`kvm_regs.${path} (${f.type}) is not a single register`);
  }
  return KVM_REG_ARM64 | size | KVM_REG_ARM_CORE | BigInt(f.offset / 4);
}

export function REG_X(n: number): bigint {
  if (!Number.isInteger(n) || n < 0 || n > 30) throw new RangeError(`x${n}: general registers are x0..x30`);
  return coreRegId(`regs.regs[${n}]`);
}
export const REG_SP = coreRegId('regs.sp');
export const REG_PC = coreRegId('regs.pc');
export const REG_PSTATE = coreRegId('regs.pstate');
export const REG_SP_EL1 = coreRegId('sp_el1');
export const REG_ELR_EL1 = coreRegId('elr_el1');
/** spsr[KVM_SPSR_EL1] (index 0). */
export const REG_SPSR_EL1 = coreRegId('spsr[0]');
/** KVM_REG_ARM_CORE_REG(fp_regs.vregs[n]): the 128-bit SIMD&FP register Vn. */
export function REG_V(n: number): bigint {
  if (!Number.isInteger(n) || n < 0 || n > 31) throw new RangeError(`v${n}: SIMD&FP registers are v0..v31`);
  return coreRegId(`fp_regs.vregs[${n}]`);
}
export const REG_FPSR = coreRegId('fp_regs.fpsr');
export const REG_FPCR = coreRegId('fp_regs.fpcr');

/** ARM64_SYS_REG(op0, op1, crn, crm, op2): a 64-bit system register id. */
export function sysRegId(op0: number, op1: number, crn: number, crm: number, op2: number): bigint {
  const ok = (v: number, max: number): boolean => Number.isInteger(v) && v >= 0 && v <= max;
  if (!ok(op0, 3) || !ok(op1, 7) || !ok(crn, 15) || !ok(crm, 15) || !ok(op2, 7)) {
    throw new RangeError(`sysreg S${op0}_${op1}_C${crn}_C${crm}_${op2}: a field is out of range`);
  }
  const enc = (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
  return KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG | BigInt(enc);
}

/** Size in bytes encoded in a register id (KVM_REG_SIZE). */
export function regIdSize(id: bigint): number {
  return 1 << Number((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

/** What a register id names, as the kernel's kvm_arm_get_reg dispatch sees it. */
export type DecodedRegId =
  | { kind: 'core'; offset: number; size: number; path: string | null }
  | { kind: 'sysreg'; op0: number; op1: number; crn: number; crm: number; op2: number; size: number }
  | { kind: 'other'; size: number };

const CORE_PATHS = new Map<number, string>();
for (const f of flattenLayout(KVM_REGS)) {
  const t = /^(.*)\[(\d+)\]$/.exec(f.type);
  if (!t) {
    CORE_PATHS.set(f.offset, f.name);
    continue;
  }
  const n = Number(t[2]);
  const elem = f.size / n;
  for (let i = 0; i < n; i++) CORE_PATHS.set(f.offset + i * elem, `${f.name}[${i}]`);
}

/**
 * Splits an id into its group and fields. For core ids, `path` is the kvm_regs field that starts at
 * that offset (null if none does, which the kernel rejects with EINVAL).
 */
export function decodeRegId(id: bigint): DecodedRegId {
  const size = regIdSize(id);
  if ((id & KVM_REG_ARCH_MASK) !== KVM_REG_ARM64) return { kind: 'other', size };
  const group = id & KVM_REG_ARM_COPROC_MASK;
  const low = Number(id & 0xffffn);
  if (group === KVM_REG_ARM_CORE) {
    const offset = Number(id & 0xffffn) * 4;
    return { kind: 'core', offset, size, path: CORE_PATHS.get(offset) ?? null };
  }
  if (group === KVM_REG_ARM64_SYSREG) {
    return {
      kind: 'sysreg', size,
      op0: (low >> 14) & 3, op1: (low >> 11) & 7, crn: (low >> 7) & 15, crm: (low >> 3) & 15, op2: low & 7,
    };
  }
  return { kind: 'other', size };
}

/** KVM_REG_ARM_FW: the firmware pseudo-registers (asm/kvm.h); KVM_REG_ARM_PSCI_VERSION is its register 0. */
export const KVM_REG_ARM_FW = 0x0014n << 16n;
export const KVM_REG_ARM_PSCI_VERSION = KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_FW | 0n;

/**
 * kvmdbg's model kernel only, not Linux: a ONE_REG group for the vCPU state that exact replay needs and
 * Linux 6.1 gives userspace no way to read or write. KVM_GET_REG_LIST lists these ids last, after
 * Linux's groups; KVM_GET/SET_ONE_REG reach them like any other register (64-bit). Linux has no group
 * 0xd6b, so its kernels answer ENOENT. Group numbers far above Linux's (0x10..0x16) so the two never meet.
 *
 *  - KVMDBG_REG_INSN_COUNT: the guest instructions the vCPU has completed since it was created, counted
 *    as KVMDBG_CAP_INSN_BUDGET counts them (abi/constants.ts). Writable: a VMM that restores a saved
 *    vCPU puts its count back, and a budget armed afterwards counts from there.
 *  - KVMDBG_REG_PHYS_COUNT: the physical count (CNTPCT_EL0), one for the whole VM, which in the model
 *    advances with the instructions every vCPU retires and the time an idle VM skips. Writable on any vCPU,
 *    for all of them (restoring it moves both timers' time base; write it before KVM_REG_ARM_TIMER_CNT,
 *    which derives CNTVOFF from it). Linux's physical
 *    counter is the host's and cannot be written (6.4 added an offset, KVM_ARM_SET_COUNTER_OFFSET).
 *  - KVMDBG_REG_PTIMER_CTL / _CVAL: the EL1 physical timer's CNTP_CTL_EL0 (ENABLE, IMASK; ISTATUS read
 *    only) and CNTP_CVAL_EL0, which 6.1 keeps from userspace (its KVM_REG_ARM_PTIMER_* ids answer ENOENT).
 *  - KVMDBG_REG_IDLE_UNTIL: read only, and not in KVM_GET_REG_LIST (it is a report of the last KVM_RUN,
 *    not state to save): the physical count at which the sleep a KVM_RUN carried into the next one ends
 *    (KVMDBG_CAP_IDLE_EXIT, abi/constants.ts), 0 when the vCPU carries none. KVM_SET_ONE_REG: EINVAL.
 */
export const KVMDBG_REG_ARM_GROUP = 0x0d6bn << 16n;
const kvmdbgReg = (n: number): bigint => KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVMDBG_REG_ARM_GROUP | BigInt(n);
export const KVMDBG_REG_INSN_COUNT = kvmdbgReg(0);
export const KVMDBG_REG_PHYS_COUNT = kvmdbgReg(1);
export const KVMDBG_REG_PTIMER_CTL = kvmdbgReg(2);
export const KVMDBG_REG_PTIMER_CVAL = kvmdbgReg(3);
export const KVMDBG_REG_IDLE_UNTIL = kvmdbgReg(4);
/** The model's own registers, in the order KVM_GET_REG_LIST gives them. */
export const KVMDBG_REGS: readonly bigint[] = [KVMDBG_REG_INSN_COUNT, KVMDBG_REG_PHYS_COUNT, KVMDBG_REG_PTIMER_CTL, KVMDBG_REG_PTIMER_CVAL];
