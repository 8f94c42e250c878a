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
import type { SysRegName } from '../cpu/api.ts';
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
import { findReg, type SysRegDesc } from './sys-regs.ts';
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

/**
 * A core register resolved from its kvm_regs path once: its size and how the vCPU reads and writes it
 * (write: 0, EINVAL, or null when the model keeps no such register).
 */
interface CoreSlot {
  size: number;
  read(v: VcpuArch): bigint | null;
  write(v: VcpuArch, val: bigint): number | null;
}

function coreSlot(path: string, size: number): CoreSlot {
  const x = /^regs\.regs\[(\d+)\]$/.exec(path);
  if (x) {
    const n = Number(x[1]);
    return { size, read: (v) => v.cpu.getX(n), write: (v, val) => (v.cpu.setX(n, val), 0) };
  }
  const spsr = /^spsr\[(\d)\]$/.exec(path);
  if (spsr) {
    const i = Number(spsr[1]);
    if (i === 0) return { size, read: (v) => v.cpu.getSysReg('SPSR_EL1'), write: (v, val) => (v.cpu.setSysReg('SPSR_EL1', val), 0) };
    return { size, read: (v) => v.spsrAa32[i - 1]!, write: (v, val) => ((v.spsrAa32[i - 1] = val), 0) };
  }
  const vr = /^fp_regs\.vregs\[(\d+)\]$/.exec(path);
  if (vr) {
    const n = Number(vr[1]);
    return { size, read: (v) => v.cpu.getVReg(n), write: (v, val) => (v.cpu.setVReg(n, val), 0) };
  }
  const sys = (name: SysRegName): CoreSlot => ({ size, read: (v) => v.cpu.getSysReg(name), write: (v, val) => (v.cpu.setSysReg(name, val), 0) });
  switch (path) {
    case 'regs.sp': return sys('SP_EL0');
    case 'regs.pc': return { size, read: (v) => v.cpu.getPc(), write: (v, val) => (v.cpu.setPc(val), 0) };
    case 'regs.pstate': return {
      size,
      read: (v) => BigInt(v.cpu.getPstate() >>> 0),
      write: (v, val) => {
        const mode = Number(val & BigInt(PSR_MODE_MASK));
        // AArch64 EL0t/EL1t/EL1h only: the modelled host has no AArch32.
        if (mode !== PSR_MODE_EL0t && mode !== PSR_MODE_EL1t && mode !== PSR_MODE_EL1h) return EINVAL;
        return v.cpu.setPstate(Number(val & 0xffffffffn)), 0;
      },
    };
    case 'sp_el1': return sys('SP_EL1');
    case 'elr_el1': return sys('ELR_EL1');
    // fpsr/fpcr are written as the guest's MSR would (RES0 and unimplemented bits dropped)
    case 'fp_regs.fpsr': return sys('FPSR');
    case 'fp_regs.fpcr': return sys('FPCR');
    default: return { size, read: () => null, write: () => null };
  }
}

/**
 * The slot of each kvm_regs word offset (null: not the start of a register, EINVAL), resolved once:
 * KVM_GET/SET_ONE_REG of a core register is an array index, with no path to build or match per call.
 */
const CORE_SLOTS: readonly (CoreSlot | null)[] = Array.from({ length: NR_CORE_WORDS }, (_, off) => {
  const r = coreReg(off);
  return r ? coreSlot(r.path, r.size) : null;
});

/**
 * The ids validateCore has accepted, with their slots: KVM_GET/SET_ONE_REG look here first, so a register
 * read again is one lookup, no checks.
 */
const CORE_BY_ID = new Map<bigint, CoreSlot>();

/** A core register id not seen before (kvmArmGetReg/SetReg looked in CORE_BY_ID): checked, then kept there. */
function validateCore(id: bigint): CoreSlot | number {
  const off = Number(id & 0xffffn);
  const size = regIdSize(id);
  if (off >= NR_CORE_WORDS || off + size / 4 >= NR_CORE_WORDS) return ENOENT;
  const r = CORE_SLOTS[off]!;
  if (!r || r.size !== size) return EINVAL;
  CORE_BY_ID.set(id, r);
  return r;
}

const NO_FP = 'no such core register';

function coreValue(v: VcpuArch, r: CoreSlot): Result {
  const value = r.read(v);
  return value === null ? { errno: ENOENT, value: 0n, detail: NO_FP } : { errno: 0, value: BigInt.asUintN(r.size * 8, value) };
}

function setCore(v: VcpuArch, r: CoreSlot, value: bigint): { errno: number; detail?: string } {
  const res = r.write(v, BigInt.asUintN(r.size * 8, value));
  return res === null ? { errno: ENOENT, detail: NO_FP } : { errno: res };
}

/**
 * The sys_regs.c entries of the KVM_REG_ARM64_SYSREG ids found so far (the timer ids, which guest.c
 * answers before the table, never come here): the next access to the same id is one lookup.
 */
const SYS_BY_ID = new Map<bigint, SysRegDesc>();

function sysRegOf(id: bigint, d: { op0: number; op1: number; crn: number; crm: number; op2: number }): SysRegDesc | undefined {
  const r = findReg(d.op0, d.op1, d.crn, d.crm, d.op2);
  if (r) SYS_BY_ID.set(id, r);
  return r;
}

/** kvm_arm_get_reg(). */
export function kvmArmGetReg(v: VcpuArch, id: bigint): Result {
  // the VMM's scheduler reads the count around every KVM_RUN: no map lookups before its group's switch
  if (id === KVMDBG_REG_INSN_COUNT) return getKvmdbgReg(v, id);
  const known = CORE_BY_ID.get(id);
  if (known) return coreValue(v, known);
  const sys = SYS_BY_ID.get(id);
  if (sys?.get) return { errno: 0, value: sys.get(v) };
  if (!checkArch(id)) return { errno: EINVAL, value: 0n };
  const group = id & KVM_REG_ARM_COPROC_MASK;
  if (group === KVM_REG_ARM_CORE) {
    const r = validateCore(id);
    if (typeof r === 'number') return { errno: r, value: 0n };
    return coreValue(v, r);
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
      const r = sysRegOf(id, d);
      if (r?.get) return { errno: 0, value: r.get(v) };
    }
  }
  return { errno: ENOENT, value: 0n };
}

/** kvm_arm_set_reg(). */
export function kvmArmSetReg(v: VcpuArch, id: bigint, value: bigint): { errno: number; detail?: string } {
  const known = CORE_BY_ID.get(id);
  if (known) return setCore(v, known, value);
  const sys = SYS_BY_ID.get(id);
  if (sys?.set) return { errno: sys.set(v, BigInt.asUintN(64, value)) };
  if (!checkArch(id)) return { errno: EINVAL };
  const group = id & KVM_REG_ARM_COPROC_MASK;
  if (group === KVM_REG_ARM_CORE) {
    const r = validateCore(id);
    if (typeof r === 'number') return { errno: r };
    return setCore(v, r, value);
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
      const r = sysRegOf(id, d);
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
