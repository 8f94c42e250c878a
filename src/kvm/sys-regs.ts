/**
 * Trapped system-register accesses (EC 0x18) and the system registers of KVM_GET/SET_ONE_REG:
 * arch/arm64/kvm/sys_regs.c (kvm_handle_sys_reg, emulate_sys_reg, perform_access and the debug entries of
 * sys_reg_descs[]: trap_bvr/bcr/wvr/wcr, trap_debug_regs, trap_oslar_el1, trap_oslsr_el1, trap_raz_wi).
 *
 * KVM traps the guest's debug registers (MDCR_EL2.TDA) whenever it owns them or the guest is not using
 * them, and always the OS Lock registers (TDOSA). A trapped access works on the guest's saved copy, never
 * on what is loaded for userspace's debugging. An access KVM has no entry for is UNDEFINED for the guest.
 */
import type { SysRegName } from '../cpu/api.ts';
import { esrSys64ToParams, kvmVcpuSysGetRt, type SysRegParams } from './emulate.ts';
import { OSLSR_EL1_OSLK, type VcpuArch } from './vcpu-arch.ts';

type AccessFn = (v: VcpuArch, p: SysRegParams) => boolean;

/** One row of the model's sys_reg_descs[]. */
export interface SysRegDesc {
  name: string;
  op0: number; op1: number; crn: number; crm: number; op2: number;
  /** The trap handler; returns false when it injected an exception (no PC increment). */
  access: AccessFn;
  /** KVM_GET_ONE_REG / KVM_SET_ONE_REG, when userspace can reach it. */
  get?: (v: VcpuArch) => bigint;
  set?: (v: VcpuArch, val: bigint) => number;
  /**
   * false: left out of KVM_GET_REG_LIST although ONE_REG reaches it. Linux's descriptors of SPSR_EL1,
   * ELR_EL1, SP_EL0 and SP_EL1 have no storage of their own (the core registers hold them), so
   * walk_sys_regs skips them.
   */
  listed?: boolean;
}

const ignoreWrite = (): boolean => true;
/** trap_raz_wi(): reads as zero, writes ignored. */
const trapRazWi: AccessFn = (_v, p) => {
  if (!p.isWrite) p.regval = 0n;
  return ignoreWrite();
};
/** read_from_write_only() / write_to_read_only(): UNDEFINED for the guest. */
const undef: AccessFn = (v) => {
  v.injectUndefined();
  return false;
};

type DbgKind = 'bcr' | 'bvr' | 'wcr' | 'wvr';

/** trap_bvr() and friends: the guest's copy (vcpu_debug_state), all 64 bits; a write makes it DEBUG_DIRTY. */
function trapDbgReg(kind: DbgKind, n: number): AccessFn {
  return (v, p) => {
    if (p.isWrite) {
      v.vcpuDebugState[kind][n] = p.regval;
      v.debugDirty = true;
    } else {
      p.regval = v.vcpuDebugState[kind][n]!;
    }
    return true;
  };
}

/** trap_debug_regs() on a register that the CPU holds for the guest (MDSCR_EL1). */
function trapCpuDebugReg(name: SysRegName): AccessFn {
  return (v, p) => {
    if (p.isWrite) {
      v.cpu.setSysReg(name, p.regval);
      v.debugDirty = true;
    } else {
      p.regval = v.cpu.getSysReg(name);
    }
    return true;
  };
}

/** trap_oslar_el1() (6.1): OSLAR_EL1.OSLK goes to the guest's OSLSR_EL1.OSLK; 5.10: RAZ/WI. */
const trapOslar: AccessFn = (v, p) => {
  if (!v.profile.emulatesOsLock) return trapRazWi(v, p);
  if (!p.isWrite) return undef(v, p);
  v.oslsr = (v.oslsr & ~OSLSR_EL1_OSLK) | ((p.regval & 1n) !== 0n ? OSLSR_EL1_OSLK : 0n);
  return true;
};

/** trap_oslsr_el1(): read-only; 5.10 ignores writes and reads OSLM only. */
const trapOslsr: AccessFn = (v, p) => {
  if (p.isWrite) return v.profile.emulatesOsLock ? undef(v, p) : ignoreWrite();
  p.regval = v.profile.emulatesOsLock ? v.oslsr : 0x8n;
  return true;
};

function cpuReg(name: SysRegName, op0: number, op1: number, crn: number, crm: number, op2: number): SysRegDesc {
  return {
    name, op0, op1, crn, crm, op2,
    access: (v, p) => (p.isWrite ? v.cpu.setSysReg(name, p.regval) : (p.regval = v.cpu.getSysReg(name)), true),
    get: (v) => v.cpu.getSysReg(name),
    set: (v, val) => (v.cpu.setSysReg(name, val), 0),
  };
}

function buildTable(): SysRegDesc[] {
  const t: SysRegDesc[] = [];
  for (let n = 0; n < 16; n++) {
    for (const [kind, op2] of [['bvr', 4], ['bcr', 5], ['wvr', 6], ['wcr', 7]] as const) {
      t.push({
        name: `DBG${kind.toUpperCase()}${n}_EL1`, op0: 2, op1: 0, crn: 0, crm: n, op2,
        access: trapDbgReg(kind, n),
        get: (v) => v.vcpuDebugState[kind][n]!,
        set: (v, val) => ((v.vcpuDebugState[kind][n] = val), 0),
      });
    }
  }
  t.push(
    { name: 'MDCCINT_EL1', op0: 2, op1: 0, crn: 0, crm: 2, op2: 0,
      access: (v, p) => (p.isWrite ? ((v.mdccint = p.regval), (v.debugDirty = true)) : (p.regval = v.mdccint), true),
      get: (v) => v.mdccint, set: (v, val) => ((v.mdccint = val), 0) },
    { ...cpuReg('MDSCR_EL1', 2, 0, 0, 2, 2), access: trapCpuDebugReg('MDSCR_EL1') },
    { name: 'MDRAR_EL1', op0: 2, op1: 0, crn: 1, crm: 0, op2: 0, access: trapRazWi },
    { name: 'OSLAR_EL1', op0: 2, op1: 0, crn: 1, crm: 0, op2: 4, access: trapOslar },
    { name: 'OSLSR_EL1', op0: 2, op1: 0, crn: 1, crm: 1, op2: 4, access: trapOslsr,
      get: (v) => v.oslsr,
      // set_oslsr_el1(): only OSLK may differ from the reset value.
      set: (v, val) => (((val ^ 0x8n) & ~OSLSR_EL1_OSLK) !== 0n ? 22 : ((v.oslsr = val), 0)) },
    { name: 'OSDLR_EL1', op0: 2, op1: 0, crn: 1, crm: 3, op2: 4, access: trapRazWi },
    { name: 'DBGPRCR_EL1', op0: 2, op1: 0, crn: 1, crm: 4, op2: 4, access: trapRazWi },
    { name: 'DBGCLAIMSET_EL1', op0: 2, op1: 0, crn: 7, crm: 8, op2: 6, access: trapRazWi },
    { name: 'DBGCLAIMCLR_EL1', op0: 2, op1: 0, crn: 7, crm: 9, op2: 6, access: trapRazWi },
    { name: 'MDCCSR_EL0', op0: 2, op1: 3, crn: 0, crm: 1, op2: 0, access: trapRazWi },
    { name: 'DBGDTR_EL0', op0: 2, op1: 3, crn: 0, crm: 4, op2: 0, access: trapRazWi },
    { name: 'DBGDTRRX_EL0', op0: 2, op1: 3, crn: 0, crm: 5, op2: 0, access: trapRazWi },
    // Never trapped: the guest reads VMPIDR_EL2, which the world switch loads from the vCPU's MPIDR_EL1.
    { name: 'MPIDR_EL1', op0: 3, op1: 0, crn: 0, crm: 0, op2: 5, access: undef,
      get: (v) => v.cpu.hyp.vmpidr, set: (v, val) => ((v.cpu.hyp.vmpidr = val), 0) },
    cpuReg('SCTLR_EL1', 3, 0, 1, 0, 0),
    cpuReg('ACTLR_EL1', 3, 0, 1, 0, 1),
    cpuReg('CPACR_EL1', 3, 0, 1, 0, 2),
    cpuReg('TTBR0_EL1', 3, 0, 2, 0, 0),
    cpuReg('TTBR1_EL1', 3, 0, 2, 0, 1),
    cpuReg('TCR_EL1', 3, 0, 2, 0, 2),
    { ...cpuReg('SPSR_EL1', 3, 0, 4, 0, 0), listed: false },
    { ...cpuReg('ELR_EL1', 3, 0, 4, 0, 1), listed: false },
    { ...cpuReg('SP_EL0', 3, 0, 4, 1, 0), listed: false },
    cpuReg('AFSR0_EL1', 3, 0, 5, 1, 0),
    cpuReg('AFSR1_EL1', 3, 0, 5, 1, 1),
    cpuReg('ESR_EL1', 3, 0, 5, 2, 0),
    cpuReg('FAR_EL1', 3, 0, 6, 0, 0),
    cpuReg('PAR_EL1', 3, 0, 7, 4, 0),
    cpuReg('MAIR_EL1', 3, 0, 10, 2, 0),
    cpuReg('AMAIR_EL1', 3, 0, 10, 3, 0),
    cpuReg('VBAR_EL1', 3, 0, 12, 0, 0),
    cpuReg('CONTEXTIDR_EL1', 3, 0, 13, 0, 1),
    cpuReg('TPIDR_EL1', 3, 0, 13, 0, 4),
    cpuReg('CNTKCTL_EL1', 3, 0, 14, 1, 0),
    cpuReg('CSSELR_EL1', 3, 2, 0, 0, 0),
    cpuReg('TPIDR_EL0', 3, 3, 13, 0, 2),
    cpuReg('TPIDRRO_EL0', 3, 3, 13, 0, 3),
    { ...cpuReg('SP_EL1', 3, 4, 4, 1, 0), listed: false },
  );
  return t;
}

const key = (op0: number, op1: number, crn: number, crm: number, op2: number): number =>
  (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

const SYS_REG_DESCS = new Map<number, SysRegDesc>(buildTable().map((r) => [key(r.op0, r.op1, r.crn, r.crm, r.op2), r]));

/**
 * The ids KVM_GET_REG_LIST gives for the table (walk_sys_regs): every register userspace can read, in
 * the table's order, which is by encoding as sys_reg_descs[] must be (check_sysreg_table).
 */
export function sysRegIndices(): number[] {
  return [...SYS_REG_DESCS.entries()].filter(([, r]) => r.get && r.listed !== false).map(([k]) => k).sort((a, b) => a - b);
}

export function findReg(op0: number, op1: number, crn: number, crm: number, op2: number): SysRegDesc | undefined {
  return SYS_REG_DESCS.get(key(op0, op1, crn, crm, op2));
}

/** kvm_handle_sys_reg(): emulate a trapped MRS/MSR. Always resumes the guest (returns 1). */
export function kvmHandleSysReg(v: VcpuArch): number {
  const rt = kvmVcpuSysGetRt(v.esrLo);
  const p = esrSys64ToParams(v.esrLo);
  p.regval = v.getReg(rt);
  const r = findReg(p.op0, p.op1, p.crn, p.crm, p.op2);
  if (!r) {
    // "Unsupported guest sys_reg access": UNDEFINED for the guest.
    v.injectUndefined();
    return 1;
  }
  // perform_access(): step over the instruction only if the access was emulated.
  if (r.access(v, p)) v.incrPc();
  if (!p.isWrite) v.setReg(rt, p.regval);
  return 1;
}
