/**
 * SIMD&FP instructions as the CPU runs them: the CPACR_EL1.FPEN trap (EC 0x07 to EL1), then the
 * data-processing executors of simd/ or the load/store plan (simd/ldst.ts) checked whole before any
 * effect through `beginAccess` (access.ts); the V registers through the public API.
 * The state (V0..V31, FPCR, FPSR) is in core.ts; FPCR/FPSR/CPACR as system registers in sysreg-access.ts.
 */
import { MemCpu } from './access.ts';
import { IL } from './exceptions.ts';
import { X_SP } from './regs.ts';
import { execSimdFp } from './simd/exec.ts';
import { planLdSt, plan as ldPlan, replicate as replicateLd } from './simd/ldst.ts';
import { ESR_ELx_EC_FP_ASIMD, ESR_ELx_EC_SP_ALIGN } from '../esr/ec.ts';

export abstract class FpCpu extends MemCpu {
  /** CPACR_EL1.FPEN traps SIMD&FP at the current EL. */
  protected fpTrapped(): boolean {
    const fpen = this.fpen;
    return fpen === 0 || fpen === 2 || (fpen === 1 && this.el === 0);
  }

  /** The SIMD&FP access trap (EC 0x07, to EL1). */
  protected fpTrap(): void {
    this.takeEl1((ESR_ELx_EC_FP_ASIMD << 26) | IL, this.pc);
  }

  /**
   * A SIMD&FP instruction (word w): the FPEN trap first, then the data-processing executors or the
   * load/store plan (simd/); UNDEFINED when the encoding is unallocated on a Cortex-A57.
   */
  fpInsn(w: number): boolean {
    if (this.priming) return true;
    if (this.fpTrapped()) { this.fpTrap(); return false; }
    if (((w >>> 25) & 7) === 7) {
      if (!execSimdFp(this, w)) { this.undef(); return false; }
      return true;
    }
    if (!planLdSt(this, w, this.pc)) { this.undef(); return false; }
    const x = this.x, p = ldPlan;
    if (p.spBase && this.spAlignCheck() && (x[X_SP] & 15) !== 0) {
      this.takeEl1((ESR_ELx_EC_SP_ALIGN << 26) | IL, this.pc);
      return false;
    }
    if (!this.beginAccess(p.alo, p.ahi, p.total, p.align, false, !p.load, false, 0)) return false;
    const vb = this.vb;
    if (p.load) {
      const v = this.v;
      for (let k = 0; k < 32; k++) if ((p.zero >>> k) & 1) { v[4 * k] = 0; v[4 * k + 1] = 0; v[4 * k + 2] = 0; v[4 * k + 3] = 0; }
      for (let e = 0; e < p.n; e++) {
        const at = p.reg[e] * 16 + p.lane[e], m = p.mem[e];
        for (let b = 0; b < p.bytes[e]; b++) vb[at + b] = this.accRead8(m + b);
      }
      for (let k = 0; k < 32; k++) if ((p.zeroHigh >>> k) & 1) { v[4 * k + 2] = 0; v[4 * k + 3] = 0; }
      if (p.repBytes !== 0) replicateLd(this);
    } else {
      for (let e = 0; e < p.n; e++) {
        const at = p.reg[e] * 16 + p.lane[e], m = p.mem[e];
        for (let b = 0; b < p.bytes[e]; b++) this.accWrite8(m + b, vb[at + b]);
      }
      this.accStored(p.total);
    }
    if (p.wb >= 0) { x[p.wb] = p.wlo; x[p.wb + 1] = p.whi; }
    return true;
  }

  /** SIMD&FP register Vn (n = 0..31), all 128 bits. */
  getVReg(n: number): bigint {
    if (!Number.isInteger(n) || n < 0 || n > 31) throw new RangeError(`v${n}: SIMD&FP registers are v0..v31`);
    const v = this.v;
    let r = 0n;
    for (let k = 3; k >= 0; k--) r = (r << 32n) | BigInt(v[n * 4 + k] >>> 0);
    return r;
  }

  setVReg(n: number, val: bigint): void {
    if (!Number.isInteger(n) || n < 0 || n > 31) throw new RangeError(`v${n}: SIMD&FP registers are v0..v31`);
    const u = BigInt.asUintN(128, val);
    for (let k = 0; k < 4; k++) this.v[n * 4 + k] = Number((u >> BigInt(32 * k)) & 0xffffffffn) | 0;
  }
}
