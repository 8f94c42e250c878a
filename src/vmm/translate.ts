/**
 * What a vCPU's virtual address means, for the debugger: its stage-1 registers read with KVM_GET_ONE_REG
 * (the KVM_REG_ARM64_SYSREG ids of SCTLR_EL1, TCR_EL1, TTBR0/1_EL1 and ID_AA64MMFR0_EL1) and the walk of
 * stage1.ts over guest memory read through the memory slots.
 */
import { KvmError, sysRegId, type KvmVcpu } from '../abi/index.ts';
import type { Stage1Regs } from './stage1.ts';

export const REG_SCTLR_EL1 = sysRegId(3, 0, 1, 0, 0);
export const REG_TTBR0_EL1 = sysRegId(3, 0, 2, 0, 0);
export const REG_TTBR1_EL1 = sysRegId(3, 0, 2, 0, 1);
export const REG_TCR_EL1 = sysRegId(3, 0, 2, 0, 2);
export const REG_ID_AA64MMFR0_EL1 = sysRegId(3, 0, 0, 7, 0);

/**
 * ID_AA64MMFR0_EL1 for a kernel that does not let userspace read it: ARMv8.0's widest (48-bit PA,
 * 4K, 16K and 64K granules), so a walk never refuses what the guest's own CPU could do.
 */
const MMFR0_UNKNOWN = 0x0010_0005n;

/** Reads one register; a KvmError (ENOENT: the kernel does not offer it) becomes undefined. */
function tryGet(vcpu: KvmVcpu, id: bigint): bigint | undefined {
  try {
    return vcpu.getOneReg(id);
  } catch (e) {
    if (e instanceof KvmError) return undefined;
    throw e;
  }
}

/**
 * The stage-1 registers of a vCPU. Throws a message naming the register when one the walk needs is
 * missing (TCR/TTBR only matter once SCTLR_EL1.M is set).
 */
export function readStage1Regs(vcpu: KvmVcpu, mmfr0: bigint | undefined): Stage1Regs {
  const sctlr = need(vcpu, REG_SCTLR_EL1, 'SCTLR_EL1');
  const mmuOn = (sctlr & 1n) !== 0n;
  return {
    sctlr,
    tcr: mmuOn ? need(vcpu, REG_TCR_EL1, 'TCR_EL1') : 0n,
    ttbr0: mmuOn ? need(vcpu, REG_TTBR0_EL1, 'TTBR0_EL1') : 0n,
    ttbr1: mmuOn ? need(vcpu, REG_TTBR1_EL1, 'TTBR1_EL1') : 0n,
    mmfr0: mmfr0 ?? MMFR0_UNKNOWN,
  };
}

/**
 * A register the walk needs (a module function, not a closure made per walk: under tsx every named
 * closure costs a defineProperty of its name, and gdb walks several times per stepi).
 */
function need(vcpu: KvmVcpu, id: bigint, name: string): bigint {
  const v = tryGet(vcpu, id);
  if (v === undefined) throw new Error(`cannot translate: KVM_GET_ONE_REG of ${name} fails on this kernel`);
  return v;
}

/** ID_AA64MMFR0_EL1 of a vCPU, or undefined when the kernel does not let userspace read it. */
export function readMmfr0(vcpu: KvmVcpu): bigint | undefined {
  return tryGet(vcpu, REG_ID_AA64MMFR0_EL1);
}
