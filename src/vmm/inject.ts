/**
 * Deliver a synchronous exception to the guest's EL1 as the architecture would have, with ONE_REG
 * writes from userspace (what QEMU's kvm_arm_handle_debug does through arm_cpu_do_interrupt for a debug
 * exit that is not its own). Arm ARM D1.3 "Exception entry" / D1.3.1 "Exception vectors":
 *
 *   ELR_EL1  = the preferred return address (for BRK: the BRK instruction itself)
 *   SPSR_EL1 = PSTATE before the exception
 *   ESR_EL1  = the syndrome (the full 64 bits the kernel reported, as the flag rule allows)
 *   PSTATE   = EL1h with D, A, I, F masked (0x3c5); PSTATE.SS and IL are cleared
 *   PC       = VBAR_EL1 + vector offset: 0x000 current EL with SP_EL0, 0x200 current EL with SP_ELx,
 *              0x400 lower EL using AArch64 (+0 for a synchronous exception)
 */
import { REG_ELR_EL1, REG_PC, REG_PSTATE, REG_SPSR_EL1, sysRegId, type KvmVcpu } from '../abi/index.ts';
import { PSTATE_EL1H_DAIF } from './virt.ts';

/** ESR_EL1: S3_0_C5_C2_0. */
export const REG_ESR_EL1 = sysRegId(3, 0, 5, 2, 0);
/** VBAR_EL1: S3_0_C12_C0_0. */
export const REG_VBAR_EL1 = sysRegId(3, 0, 12, 0, 0);

/** Offset of the synchronous vector for an exception taken to EL1 from a context with PSTATE `pstate`. */
export function syncVectorOffset(pstate: bigint): bigint {
  const m = Number(pstate & 0x1fn);
  if (m & 0x10) return 0x600n;                      // from AArch32 (not used by our guests)
  const el = (m >> 2) & 3;
  if (el === 0) return 0x400n;                      // lower EL, AArch64
  return (m & 1) === 1 ? 0x200n : 0x000n;           // current EL: SP_ELx or SP_EL0
}

/** Take the exception; returns the new PC (the vector). */
export function injectSyncException(vcpu: KvmVcpu, esr: bigint): bigint {
  const pc = vcpu.getOneReg(REG_PC);
  const pstate = vcpu.getOneReg(REG_PSTATE);
  const vbar = vcpu.getOneReg(REG_VBAR_EL1);
  const target = vbar + syncVectorOffset(pstate);
  vcpu.setOneReg(REG_ELR_EL1, pc);
  vcpu.setOneReg(REG_SPSR_EL1, pstate & ~(1n << 21n));   // a debugger's own PSTATE.SS is not the guest's
  vcpu.setOneReg(REG_ESR_EL1, esr);
  vcpu.setOneReg(REG_PSTATE, PSTATE_EL1H_DAIF);
  vcpu.setOneReg(REG_PC, target);
  return target;
}
