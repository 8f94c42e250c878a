/**
 * The GICv3 CPU interface system registers, ICC_*_EL1, as a GICv3 guest reaches them and as userspace
 * saves and restores them:
 *  - guest accesses follow the hardware virtual interface as arch/arm64/kvm/hyp/vgic-v3-sr.c models it
 *    (__vgic_v3_perform_cpuif_access) and the traps of sys_regs.c (access_gic_sgi, access_gic_sre,
 *    read_from_write_only / write_to_read_only: UNDEFINED);
 *  - KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS follows arch/arm64/kvm/vgic-sys-reg-v3.c (gic_v3_icc_reg_descs[]).
 * Registers are named by their encoding op0:op1:CRn:CRm:op2 packed as in ARM64_SYS_REG (bits 15:0).
 */
import { ENOENT, EINVAL, HOST_A3V, HOST_SEIS, type Vgic, type VgicCpu } from './vgic.ts';
import { acknowledge, bprMin, deactivateInterrupt, endOfInterrupt, highestPending, PMR_MASK } from './vgic-cpuif.ts';
import { dispatchSgi } from './vgic-mmio-v3.ts';

export const sysRegEnc = (op0: number, op1: number, crn: number, crm: number, op2: number): number =>
  (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

export const ICC_PMR_EL1 = sysRegEnc(3, 0, 4, 6, 0);
export const ICC_IAR0_EL1 = sysRegEnc(3, 0, 12, 8, 0);
export const ICC_EOIR0_EL1 = sysRegEnc(3, 0, 12, 8, 1);
export const ICC_HPPIR0_EL1 = sysRegEnc(3, 0, 12, 8, 2);
export const ICC_BPR0_EL1 = sysRegEnc(3, 0, 12, 8, 3);
export const ICC_AP0R0_EL1 = sysRegEnc(3, 0, 12, 8, 4);
export const ICC_AP1R0_EL1 = sysRegEnc(3, 0, 12, 9, 0);
export const ICC_DIR_EL1 = sysRegEnc(3, 0, 12, 11, 1);
export const ICC_RPR_EL1 = sysRegEnc(3, 0, 12, 11, 3);
export const ICC_SGI1R_EL1 = sysRegEnc(3, 0, 12, 11, 5);
export const ICC_ASGI1R_EL1 = sysRegEnc(3, 0, 12, 11, 6);
export const ICC_SGI0R_EL1 = sysRegEnc(3, 0, 12, 11, 7);
export const ICC_IAR1_EL1 = sysRegEnc(3, 0, 12, 12, 0);
export const ICC_EOIR1_EL1 = sysRegEnc(3, 0, 12, 12, 1);
export const ICC_HPPIR1_EL1 = sysRegEnc(3, 0, 12, 12, 2);
export const ICC_BPR1_EL1 = sysRegEnc(3, 0, 12, 12, 3);
export const ICC_CTLR_EL1 = sysRegEnc(3, 0, 12, 12, 4);
export const ICC_SRE_EL1 = sysRegEnc(3, 0, 12, 12, 5);
export const ICC_IGRPEN0_EL1 = sysRegEnc(3, 0, 12, 12, 6);
export const ICC_IGRPEN1_EL1 = sysRegEnc(3, 0, 12, 12, 7);

/**
 * Is this encoding one of the ICC_*_EL1 registers: ICC_PMR_EL1, or CRm 8, 9, 11 or 12 of op0 3, op1 0,
 * CRn 12? The rest of that CRn is not the GIC's (VBAR_EL1 is CRm 0, ISR_EL1 CRm 1).
 */
export function isIccReg(enc: number): boolean {
  if (enc === ICC_PMR_EL1) return true;
  if ((enc & ~0x7f) !== sysRegEnc(3, 0, 12, 0, 0)) return false;
  const crm = (enc >> 3) & 15;
  return crm === 8 || crm === 9 || crm === 11 || crm === 12;
}

/** The active-priority register index an AP0Rn/AP1Rn encoding names, or -1. */
function aprIndex(enc: number, base: number): number {
  return enc >= base && enc < base + 4 ? enc - base : -1;
}

/** ICC_CTLR_EL1 as the guest and userspace read it (__vgic_v3_read_ctlr, get_gic_ctlr). */
function readCtlr(c: VgicCpu): bigint {
  return BigInt(((c.numPriBits - 1) << 8) | (c.numIdBits << 11) | (HOST_SEIS << 14) | (HOST_A3V << 15) |
    (c.vmcr.eoim << 1) | c.vmcr.cbpr);
}

/**
 * A guest MRS of an ICC_* register: the value, or undefined when the access is UNDEFINED (a write-only
 * register, an AP0Rn/AP1Rn beyond the implemented ones, any register but ICC_SRE_EL1 on a GICv2 VM).
 */
export function readIcc(vgic: Vgic, c: VgicCpu, enc: number): bigint | undefined {
  if (!vgic.isV3) return enc === ICC_SRE_EL1 ? c.sre : undefined;
  const m = c.vmcr;
  switch (enc) {
    case ICC_IAR0_EL1: return BigInt(acknowledge(vgic, c, 0));
    case ICC_IAR1_EL1: return BigInt(acknowledge(vgic, c, 1));
    case ICC_HPPIR0_EL1: return BigInt(highestPending(vgic, c, 0));
    case ICC_HPPIR1_EL1: return BigInt(highestPending(vgic, c, 1));
    case ICC_RPR_EL1: return BigInt(vgic.runningPriority(c));
    case ICC_PMR_EL1: return BigInt(m.pmr & PMR_MASK);
    case ICC_BPR0_EL1: return BigInt(vgic.bpr(c, 0));
    case ICC_BPR1_EL1: return BigInt(vgic.bpr(c, 1));
    case ICC_CTLR_EL1: return readCtlr(c);
    case ICC_SRE_EL1: return c.sre;
    case ICC_IGRPEN0_EL1: return BigInt(m.grpen0);
    case ICC_IGRPEN1_EL1: return BigInt(m.grpen1);
  }
  const n0 = aprIndex(enc, ICC_AP0R0_EL1), n1 = aprIndex(enc, ICC_AP1R0_EL1);
  if (n0 === 0) return BigInt(c.ap0r[0]!);
  if (n1 === 0) return BigInt(c.ap1r[0]!);
  return undefined;
}

/** A guest MSR of an ICC_* register: false when the access is UNDEFINED. */
export function writeIcc(vgic: Vgic, c: VgicCpu, enc: number, value: bigint): boolean {
  if (!vgic.isV3) return enc === ICC_SRE_EL1;
  const m = c.vmcr;
  const v = Number(value & 0xffffffffn);
  switch (enc) {
    case ICC_EOIR0_EL1: endOfInterrupt(vgic, c, 0, v); return true;
    case ICC_EOIR1_EL1: endOfInterrupt(vgic, c, 1, v); return true;
    case ICC_DIR_EL1: deactivateInterrupt(vgic, c, v); return true;
    case ICC_SGI1R_EL1: dispatchSgi(vgic, c, value, true); return true;
    case ICC_ASGI1R_EL1:
    case ICC_SGI0R_EL1: dispatchSgi(vgic, c, value, false); return true;
    case ICC_PMR_EL1: m.pmr = v & PMR_MASK; break;
    // __vgic_v3_write_bpr0/1: below the minimum reads back as the minimum; BPR1 is ignored with CBPR.
    case ICC_BPR0_EL1: m.bpr = Math.max(v & 7, bprMin(0)); break;
    case ICC_BPR1_EL1: if (!m.cbpr) m.abpr = Math.max(v & 7, bprMin(1)); break;
    case ICC_CTLR_EL1: m.cbpr = v & 1; m.eoim = (v >> 1) & 1; break;
    case ICC_SRE_EL1: return true; // RAO/WI: no bypass, SRE fixed
    case ICC_IGRPEN0_EL1: m.grpen0 = v & 1; break;
    case ICC_IGRPEN1_EL1: m.grpen1 = v & 1; break;
    default: {
      const n0 = aprIndex(enc, ICC_AP0R0_EL1), n1 = aprIndex(enc, ICC_AP1R0_EL1);
      if (n0 === 0) c.ap0r[0] = v >>> 0;
      else if (n1 === 0) c.ap1r[0] = v >>> 0;
      else return false; // read-only registers (IAR, HPPIR, RPR) and unimplemented APRs
    }
  }
  vgic.kick();
  return true;
}

/** vgic_v3_max_apr_idx(): 0 with 5 priority bits, 1 with 6, 3 with 7. */
function maxAprIdx(c: VgicCpu): number {
  return c.numPriBits === 7 ? 3 : c.numPriBits === 6 ? 1 : 0;
}

/** The registers KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS knows (gic_v3_icc_reg_descs[]). */
const USER_REGS = new Set([
  ICC_PMR_EL1, ICC_BPR0_EL1, ICC_AP0R0_EL1, ICC_AP0R0_EL1 + 1, ICC_AP0R0_EL1 + 2, ICC_AP0R0_EL1 + 3,
  ICC_AP1R0_EL1, ICC_AP1R0_EL1 + 1, ICC_AP1R0_EL1 + 2, ICC_AP1R0_EL1 + 3, ICC_BPR1_EL1, ICC_CTLR_EL1, ICC_SRE_EL1,
  ICC_IGRPEN0_EL1, ICC_IGRPEN1_EL1,
]);

export function hasUserIccReg(enc: number): boolean {
  return USER_REGS.has(enc);
}

/** kvm_sys_reg_get_user() over gic_v3_icc_reg_descs[]: ENOENT for other registers, EINVAL for APRs beyond the implemented. */
export function getUserIcc(c: VgicCpu, enc: number): { errno: number; value: bigint } {
  if (!USER_REGS.has(enc)) return { errno: ENOENT, value: 0n };
  const m = c.vmcr;
  const n0 = aprIndex(enc, ICC_AP0R0_EL1), n1 = aprIndex(enc, ICC_AP1R0_EL1);
  if (n0 >= 0 || n1 >= 0) {
    const n = Math.max(n0, n1);
    if (n > maxAprIdx(c)) return { errno: EINVAL, value: 0n };
    return { errno: 0, value: BigInt(n0 >= 0 ? c.ap0r[n]! : c.ap1r[n]!) };
  }
  switch (enc) {
    case ICC_PMR_EL1: return { errno: 0, value: BigInt(m.pmr & 0xff) };
    case ICC_BPR0_EL1: return { errno: 0, value: BigInt(m.bpr & 7) };
    case ICC_BPR1_EL1: return { errno: 0, value: BigInt(m.cbpr ? Math.min(m.bpr + 1, 7) : m.abpr & 7) };
    case ICC_CTLR_EL1: return { errno: 0, value: readCtlr(c) };
    case ICC_SRE_EL1: return { errno: 0, value: c.sre };
    case ICC_IGRPEN0_EL1: return { errno: 0, value: BigInt(m.grpen0 & 1) };
    default: return { errno: 0, value: BigInt(m.grpen1 & 1) };
  }
}

/** kvm_sys_reg_set_user(): set_gic_ctlr refuses more priority or ID bits than the host has, or other SEIS/A3V. */
export function setUserIcc(vgic: Vgic, c: VgicCpu, enc: number, value: bigint): number {
  if (!USER_REGS.has(enc)) return ENOENT;
  const m = c.vmcr;
  const v = Number(value & 0xffffffffn);
  const n0 = aprIndex(enc, ICC_AP0R0_EL1), n1 = aprIndex(enc, ICC_AP1R0_EL1);
  if (n0 >= 0 || n1 >= 0) {
    const n = Math.max(n0, n1);
    if (n > maxAprIdx(c)) return EINVAL;
    (n0 >= 0 ? c.ap0r : c.ap1r)[n] = v >>> 0;
  } else {
    switch (enc) {
      case ICC_PMR_EL1: m.pmr = v & 0xff; break;
      case ICC_BPR0_EL1: m.bpr = v & 7; break;
      case ICC_BPR1_EL1: if (!m.cbpr) m.abpr = v & 7; break;
      case ICC_SRE_EL1: if (!(v & 1)) return EINVAL; break;
      case ICC_IGRPEN0_EL1: m.grpen0 = v & 1; break;
      case ICC_IGRPEN1_EL1: m.grpen1 = v & 1; break;
      case ICC_CTLR_EL1: {
        const priBits = ((v >> 8) & 7) + 1;
        const idBits = (v >> 11) & 7;
        if (priBits > c.numPriBits || idBits > c.numIdBits) return EINVAL;
        if (((v >> 14) & 1) !== HOST_SEIS || ((v >> 15) & 1) !== HOST_A3V) return EINVAL;
        c.numPriBits = priBits;
        c.numIdBits = idBits;
        m.cbpr = v & 1;
        m.eoim = (v >> 1) & 1;
        break;
      }
    }
  }
  vgic.kick();
  return 0;
}
