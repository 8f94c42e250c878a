/**
 * KVM_GET_ONE_REG / KVM_SET_ONE_REG for arm64: arch/arm64/kvm/guest.c (kvm_arm_get_reg, get/set_core_reg,
 * validate_core_offset), the firmware pseudo-registers of hypercalls.c (KVM_REG_ARM_PSCI_VERSION) and the
 * system registers of sys_regs.c. Returns 0 or a positive errno; the caller turns it into KvmError.
 *
 *  - Core registers (struct kvm_regs): an offset beyond the struct is ENOENT; an offset that is not the
 *    start of a register, or a size that does not match it, is EINVAL. PSTATE must name EL0t/EL1t/EL1h.
 *  - System registers: unknown, or not 64-bit, is ENOENT.
 */
import { KVM_ARM_VCPU_PSCI_0_2 } from '../abi/constants.ts';
import { KVM_REGS } from '../abi/kvm-structs.ts';
import {
  KVM_REG_ARCH_MASK, KVM_REG_ARM64, KVM_REG_ARM_COPROC_MASK, KVM_REG_ARM_CORE, KVM_REG_ARM64_SYSREG, KVM_REG_ARM_FW,
  KVM_REG_ARM_PSCI_VERSION, KVM_REG_SIZE_MASK, KVMDBG_REG_ARM_GROUP, KVMDBG_REG_INSN_COUNT, KVMDBG_REG_PHYS_COUNT,
  KVMDBG_REG_IDLE_UNTIL, KVMDBG_REG_PTIMER_CTL, KVMDBG_REG_PTIMER_CVAL, decodeRegId, regIdSize,
} from '../abi/one-reg.ts';
import { PSR_MODE_EL0t, PSR_MODE_EL1h, PSR_MODE_EL1t, PSR_MODE_MASK } from './emulate.ts';
import { kvmSetVmCounter, kvmTimerSyncCounter } from './arch-timer.ts';
import { EINVAL, ENOENT } from './errno.ts';
import { KVM_ARM_PSCI_0_1, KVM_ARM_PSCI_0_2, KVM_ARM_PSCI_1_0, KVM_ARM_PSCI_1_1, kvmPsciVersion } from './psci.ts';
import { findReg } from './sys-regs.ts';
import { getTimerReg, setTimerReg } from './timer-regs.ts';
import type { VcpuArch } from './vcpu-arch.ts';

export { KVM_REG_ARM_PSCI_VERSION };

export const NR_CORE_WORDS = KVM_REGS.size / 4;

/** The register a core offset names, and its size (core_reg_size_from_offset), or null (EINVAL). */
export function coreReg(offsetWords: number): { path: string; size: number } | null {
  const d = decodeRegId(KVM_REG_ARM64 | KVM_REG_ARM_CORE | BigInt(offsetWords));
  const path = d.kind === 'core' ? d.path : null;
  if (path === null) return null;
  if (/^regs\.(regs\[\d+\]|sp|pc|pstate)$|^sp_el1$|^elr_el1$|^spsr\[\d\]$/.test(path)) return { path, size: 8 };
  if (/^fp_regs\.vregs\[\d+\]$/.test(path)) return { path, size: 16 };
  if (path === 'fp_regs.fpsr' || path === 'fp_regs.fpcr') return { path, size: 4 };
  return null;
}

type Result = { errno: number; value: bigint; detail?: string };

/** "We currently use nothing arch-specific in upper 32 bits": bits 63:32 but the size must be KVM_REG_ARM64's. */
function checkArch(id: bigint): boolean {
  return (id & ~KVM_REG_SIZE_MASK) >> 32n === KVM_REG_ARM64 >> 32n;
}

function validateCore(id: bigint): { path: string; size: number } | number {
  const off = Number(id & 0xffffn);
  const size = regIdSize(id);
  if (off >= NR_CORE_WORDS || off + size / 4 >= NR_CORE_WORDS) return ENOENT;
  const r = coreReg(off);
  if (!r || r.size !== size) return EINVAL;
  return r;
}

function readCore(v: VcpuArch, path: string): bigint | null {
  const { cpu } = v;
  const x = /^regs\.regs\[(\d+)\]$/.exec(path);
  if (x) return cpu.getX(Number(x[1]));
  const spsr = /^spsr\[(\d)\]$/.exec(path);
  if (spsr) return spsr[1] === '0' ? cpu.getSysReg('SPSR_EL1') : v.spsrAa32[Number(spsr[1]) - 1]!;
  const vr = /^fp_regs\.vregs\[(\d+)\]$/.exec(path);
  if (vr) return cpu.getVReg(Number(vr[1]));
  switch (path) {
    case 'regs.sp': return cpu.getSysReg('SP_EL0');
    case 'regs.pc': return cpu.getPc();
    case 'regs.pstate': return BigInt(cpu.getPstate() >>> 0);
    case 'sp_el1': return cpu.getSysReg('SP_EL1');
    case 'elr_el1': return cpu.getSysReg('ELR_EL1');
    case 'fp_regs.fpsr': return cpu.getSysReg('FPSR');
    case 'fp_regs.fpcr': return cpu.getSysReg('FPCR');
    default: return null;
  }
}

function writeCore(v: VcpuArch, path: string, val: bigint): number | null {
  const { cpu } = v;
  const x = /^regs\.regs\[(\d+)\]$/.exec(path);
  if (x) return cpu.setX(Number(x[1]), val), 0;
  const spsr = /^spsr\[(\d)\]$/.exec(path);
  if (spsr) {
    if (spsr[1] === '0') cpu.setSysReg('SPSR_EL1', val);
    else v.spsrAa32[Number(spsr[1]) - 1] = val;
    return 0;
  }
  const vr = /^fp_regs\.vregs\[(\d+)\]$/.exec(path);
  if (vr) return cpu.setVReg(Number(vr[1]), val), 0;
  switch (path) {
    case 'regs.sp': return cpu.setSysReg('SP_EL0', val), 0;
    case 'regs.pc': return cpu.setPc(val), 0;
    case 'regs.pstate': {
      const mode = Number(val & BigInt(PSR_MODE_MASK));
      // AArch64 EL0t/EL1t/EL1h only: the modelled host has no AArch32.
      if (mode !== PSR_MODE_EL0t && mode !== PSR_MODE_EL1t && mode !== PSR_MODE_EL1h) return EINVAL;
      return cpu.setPstate(Number(val & 0xffffffffn)), 0;
    }
    case 'sp_el1': return cpu.setSysReg('SP_EL1', val), 0;
    case 'elr_el1': return cpu.setSysReg('ELR_EL1', val), 0;
    // fpsr/fpcr are written as the guest's MSR would (RES0 and unimplemented bits dropped)
    case 'fp_regs.fpsr': return cpu.setSysReg('FPSR', val), 0;
    case 'fp_regs.fpcr': return cpu.setSysReg('FPCR', val), 0;
    default: return null;
  }
}

const NO_FP = 'no such core register';

/** kvm_arm_get_reg(). */
export function kvmArmGetReg(v: VcpuArch, id: bigint): Result {
  if (!checkArch(id)) return { errno: EINVAL, value: 0n };
  const group = id & KVM_REG_ARM_COPROC_MASK;
  if (group === KVM_REG_ARM_CORE) {
    const r = validateCore(id);
    if (typeof r === 'number') return { errno: r, value: 0n };
    const value = readCore(v, r.path);
    return value === null ? { errno: ENOENT, value: 0n, detail: NO_FP } : { errno: 0, value: BigInt.asUintN(r.size * 8, value) };
  }
  if (group === KVM_REG_ARM_FW) {
    if (id !== KVM_REG_ARM_PSCI_VERSION) return { errno: ENOENT, value: 0n };
    return { errno: 0, value: BigInt(kvmPsciVersion(v)) };
  }
  if (group === KVMDBG_REG_ARM_GROUP) return getKvmdbgReg(v, id);
  const timer = getTimerReg(v, id); // is_timer_reg() before the sys_reg table, as guest.c does
  if (timer !== null) return { errno: 0, value: timer };
  if (group === KVM_REG_ARM64_SYSREG && regIdSize(id) === 8) {
    const d = decodeRegId(id);
    if (d.kind === 'sysreg' && (id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_COPROC_MASK | 0xffffn)) === 0n) {
      const r = findReg(d.op0, d.op1, d.crn, d.crm, d.op2);
      if (r?.get) return { errno: 0, value: r.get(v) };
    }
  }
  return { errno: ENOENT, value: 0n };
}

/** kvm_arm_set_reg(). */
export function kvmArmSetReg(v: VcpuArch, id: bigint, value: bigint): { errno: number; detail?: string } {
  if (!checkArch(id)) return { errno: EINVAL };
  const group = id & KVM_REG_ARM_COPROC_MASK;
  if (group === KVM_REG_ARM_CORE) {
    const r = validateCore(id);
    if (typeof r === 'number') return { errno: r };
    const res = writeCore(v, r.path, BigInt.asUintN(r.size * 8, value));
    return res === null ? { errno: ENOENT, detail: NO_FP } : { errno: res };
  }
  if (group === KVM_REG_ARM_FW) {
    if (id !== KVM_REG_ARM_PSCI_VERSION) return { errno: ENOENT };
    const wants02 = v.features.has(KVM_ARM_VCPU_PSCI_0_2);
    const ok02 = [KVM_ARM_PSCI_0_2, KVM_ARM_PSCI_1_0, ...(v.profile.psciLatest >= KVM_ARM_PSCI_1_1 ? [KVM_ARM_PSCI_1_1] : [])];
    const val = Number(BigInt.asUintN(32, value));
    if (value >> 32n === 0n && ((val === KVM_ARM_PSCI_0_1 && !wants02) || (ok02.includes(val) && wants02))) {
      v.vm.psciVersion = val;
      return { errno: 0 };
    }
    return { errno: EINVAL };
  }
  if (group === KVMDBG_REG_ARM_GROUP) return setKvmdbgReg(v, id, BigInt.asUintN(64, value));
  if (setTimerReg(v, id, BigInt.asUintN(64, value))) return { errno: 0 };
  if (group === KVM_REG_ARM64_SYSREG && regIdSize(id) === 8) {
    const d = decodeRegId(id);
    if (d.kind === 'sysreg' && (id & ~(KVM_REG_ARCH_MASK | KVM_REG_SIZE_MASK | KVM_REG_ARM_COPROC_MASK | 0xffffn)) === 0n) {
      const r = findReg(d.op0, d.op1, d.crn, d.crm, d.op2);
      if (r?.set) return { errno: r.set(v, BigInt.asUintN(64, value)) };
    }
  }
  return { errno: ENOENT };
}

/** The model's own registers (abi/one-reg.ts KVMDBG_REG_*): ENOENT for an id of the group it does not have. */
function getKvmdbgReg(v: VcpuArch, id: bigint): Result {
  switch (id) {
    case KVMDBG_REG_INSN_COUNT: return { errno: 0, value: BigInt(v.insnBudget.completed) };
    case KVMDBG_REG_PHYS_COUNT: kvmTimerSyncCounter(v); return { errno: 0, value: v.cpu.getSysReg('CNTPCT_EL0') };
    case KVMDBG_REG_PTIMER_CTL: return { errno: 0, value: v.cpu.getSysReg('CNTP_CTL_EL0') };
    case KVMDBG_REG_PTIMER_CVAL: return { errno: 0, value: v.cpu.getSysReg('CNTP_CVAL_EL0') };
    case KVMDBG_REG_IDLE_UNTIL: return { errno: 0, value: v.carriedSleep ? BigInt(v.idleUntil) : 0n };
    default: return { errno: ENOENT, value: 0n };
  }
}

/** Writes of the model's own registers; a count beyond 2^53 - 1 is EINVAL. */
function setKvmdbgReg(v: VcpuArch, id: bigint, value: bigint): { errno: number; detail?: string } {
  const tooBig = value > BigInt(Number.MAX_SAFE_INTEGER);
  switch (id) {
    case KVMDBG_REG_INSN_COUNT:
      if (tooBig) return { errno: EINVAL, detail: `instruction count ${value} is beyond 2^53 - 1` };
      v.insnBudget.completed = Number(value);
      return { errno: 0 };
    case KVMDBG_REG_PHYS_COUNT:
      if (tooBig) return { errno: EINVAL, detail: `physical count ${value} is beyond 2^53 - 1` };
      kvmSetVmCounter(v, Number(value));
      return { errno: 0 };
    // ISTATUS (bit 2) is the timer's to compute: only ENABLE and IMASK are stored, as for TIMER_CTL
    case KVMDBG_REG_PTIMER_CTL: v.cpu.setSysReg('CNTP_CTL_EL0', value & 3n); return { errno: 0 };
    case KVMDBG_REG_PTIMER_CVAL: v.cpu.setSysReg('CNTP_CVAL_EL0', value); return { errno: 0 };
    case KVMDBG_REG_IDLE_UNTIL: return { errno: EINVAL, detail: 'KVMDBG_REG_IDLE_UNTIL is read only' };
    default: return { errno: ENOENT };
  }
}
