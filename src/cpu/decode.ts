/**
 * A64 decoder: one instruction word to one predecoded record (layout in record.ts).
 *
 * Follows the encoding index of the Arm ARM (DDI0487, C4.1 "A64 instruction set encoding"): the
 * top-level op0 field (bits 28:25) picks data processing (immediate / register), branches and
 * system, loads and stores, or SIMD&FP. Anything not implemented becomes Op.UDF (the executor raises
 * the UNDEFINED exception and reports the word). Constants that depend only on the word and its
 * address (ADR/ADRP, MOVZ/MOVN, logical immediates, literal addresses) are folded here.
 */
import { Op } from './exec.gen.ts';
import { decodeBitMasks, out } from './bits.ts';
import { rz, wz, rsp, X_SP_EL0, X_TPIDR_EL0, X_TPIDR_EL1, X_TPIDRRO_EL0 } from './regs.ts';
import { decodeSimdFp } from './decode-simdfp.ts';
import {
  K_LOAD, K_SIGNED, K_TO64, K_UNPRIV, K_PRFM, K_AR, K_PAIR, K_ALIGN, M_OFF, M_POST, M_PRE, M_REG,
} from './record.ts';
import { SR } from './sysregs.ts';

/** The registers MRSV reads: key -> [offset in the register file (regs.ts), 1 when only EL1h may read it so]. */
const MRSV_REGS = new Map<number, readonly [number, number]>([
  [SR.SP_EL0, [X_SP_EL0, 1]], [SR.TPIDR_EL1, [X_TPIDR_EL1, 1]],
  [SR.TPIDR_EL0, [X_TPIDR_EL0, 0]], [SR.TPIDRRO_EL0, [X_TPIDRRO_EL0, 0]],
]);

function set(r: Int32Array, i: number, op: number, d: number, n: number, m: number,
  imm: number, imm2: number, imm3: number, flags: number): number {
  r[i] = op; r[i + 1] = d; r[i + 2] = n; r[i + 3] = m;
  r[i + 4] = imm; r[i + 5] = imm2; r[i + 6] = imm3; r[i + 7] = flags;
  return op;
}

function sext(v: number, bits: number): number { return (v << (32 - bits)) >> (32 - bits); }

/** Decode `w` into r[i..i+7]; returns the op id. */
export function decode(w: number, r: Int32Array, i: number): number {
  const op0 = (w >>> 25) & 0xf;
  if ((op0 & 0xe) === 0x8) return decodeDpImm(w, r, i);
  if ((op0 & 0xe) === 0xa) return decodeBranchSys(w, r, i);
  if ((op0 & 0x5) === 0x4) return decodeLdSt(w, r, i);
  if ((op0 & 0x7) === 0x5) return decodeDpReg(w, r, i);
  if ((op0 & 0x7) === 0x7) return decodeSimdFp(w, r, i);
  return set(r, i, Op.UDF, 0, 0, 0, 0, 0, 0, 0);
}

function udf(r: Int32Array, i: number): number { return set(r, i, Op.UDF, 0, 0, 0, 0, 0, 0, 0); }

function movc(r: Int32Array, i: number, d: number, lo: number, hi: number): number {
  return set(r, i, Op.MOVC, d, 0, 0, lo, hi, 0, 0);
}

function decodeDpImm(w: number, r: Int32Array, i: number): number {
  const sf = w >>> 31;
  const rd = w & 31, rn = (w >>> 5) & 31;
  switch ((w >>> 23) & 7) {
    case 0: case 1: { // ADR, ADRP: PC-relative, computed when executed
      const immlo = (w >>> 29) & 3, immhi = sext((w >>> 5) & 0x7ffff, 19);
      if (sf) return set(r, i, Op.ADRP, wz(rd), 0, 0, immhi * 4 + immlo, 0, 0, 0);
      return set(r, i, Op.ADR, wz(rd), 0, 0, immhi * 4 + immlo, 0, 0, 0);
    }
    case 2: { // add/sub immediate
      const op = (w >>> 30) & 1, s = (w >>> 29) & 1, sh = (w >>> 22) & 1;
      const imm = ((w >>> 10) & 0xfff) << (sh ? 12 : 0);
      const d = s ? wz(rd) : rsp(rd), n = rsp(rn);
      const ops = [Op.ADDI_W, Op.ADDI_X, Op.ADDSI_W, Op.ADDSI_X, Op.SUBI_W, Op.SUBI_X, Op.SUBSI_W, Op.SUBSI_X];
      return set(r, i, ops[op * 4 + s * 2 + sf], d, n, 0, imm, 0, 0, 0);
    }
    case 4: { // logical immediate
      const opc = (w >>> 29) & 3, nbit = (w >>> 22) & 1;
      if (!sf && nbit) return udf(r, i);
      if (!decodeBitMasks(nbit, (w >>> 10) & 63, (w >>> 16) & 63, sf === 1)) return udf(r, i);
      const d = opc === 3 ? wz(rd) : rsp(rd);
      const ops = [Op.ANDI_W, Op.ANDI_X, Op.ORRI_W, Op.ORRI_X, Op.EORI_W, Op.EORI_X, Op.ANDSI_W, Op.ANDSI_X];
      return set(r, i, ops[opc * 2 + sf], d, rz(rn), 0, out[0], out[1], 0, 0);
    }
    case 5: { // move wide
      const opc = (w >>> 29) & 3, hw = (w >>> 21) & 3, imm16 = (w >>> 5) & 0xffff;
      if (opc === 1 || (!sf && hw >= 2)) return udf(r, i);
      const half = hw >> 1, sh = (hw & 1) * 16;
      const part = (imm16 << sh) | 0;
      if (opc === 3) return set(r, i, Op.MOVK, wz(rd), 0, 0, part, half, ~(0xffff << sh), sf); // [7]=0: W form zeroes 63:32
      let lo = half ? 0 : part, hi = half ? part : 0;
      if (opc === 0) { lo = ~lo; hi = ~hi; }
      if (!sf) hi = 0;
      return movc(r, i, wz(rd), lo, hi);
    }
    case 6: { // bitfield
      const opc = (w >>> 29) & 3, nbit = (w >>> 22) & 1;
      const immr = (w >>> 16) & 63, imms = (w >>> 10) & 63;
      if (opc === 3 || nbit !== sf || (!sf && (immr > 31 || imms > 31))) return udf(r, i);
      const size = sf ? 64 : 32;
      const d = wz(rd), n = rz(rn);
      if (opc === 2 && imms !== size - 1 && imms + 1 === immr) // LSL
        return set(r, i, sf ? Op.LSLI_X : Op.LSLI_W, d, n, 0, size - immr, 0, 0, 0);
      if (opc === 2 && imms === size - 1) return set(r, i, sf ? Op.LSRI_X : Op.LSRI_W, d, n, 0, immr, 0, 0, 0);
      if (opc === 0 && imms === size - 1) return set(r, i, sf ? Op.ASRI_X : Op.ASRI_W, d, n, 0, immr, 0, 0, 0);
      let sr: number, width: number, pos: number;
      if (imms >= immr) { sr = immr; width = imms - immr + 1; pos = 0; }
      else { sr = 0; width = imms + 1; pos = size - immr; }
      const kind = opc === 0 ? 1 : opc === 1 ? 2 : 0;
      return set(r, i, Op.BFX, d, n, 0, sr, width, pos, kind | (sf << 2));
    }
    case 7: { // extract
      const op21 = (w >>> 29) & 3, nbit = (w >>> 22) & 1, o0 = (w >>> 21) & 1, imms = (w >>> 10) & 63;
      if (op21 !== 0 || o0 !== 0 || nbit !== sf || (!sf && imms > 31)) return udf(r, i);
      return set(r, i, Op.EXTR, wz(rd), rz(rn), rz((w >>> 16) & 31), imms, 0, 0, sf);
    }
    default: return udf(r, i);
  }
}

function decodeBranchSys(w: number, r: Int32Array, i: number): number {
  const top = w >>> 24;
  if (((w >>> 26) & 0x1f) === 0x05) { // B, BL
    const off = sext(w & 0x3ffffff, 26) * 4;
    return set(r, i, w >>> 31 ? Op.BL : Op.B, 60, 0, 0, off, 0, 0, 0);
  }
  if (top === 0x54) { // B.cond
    if (w & 0x10) return udf(r, i);
    return set(r, i, Op.BCOND, 0, 0, 0, sext((w >>> 5) & 0x7ffff, 19) * 4, w & 15, 0, 0);
  }
  if (((w >>> 25) & 0x3f) === 0x1a) { // CBZ/CBNZ
    const sf = w >>> 31, nz = (w >>> 24) & 1;
    const op = sf ? (nz ? Op.CBNZ_X : Op.CBZ_X) : (nz ? Op.CBNZ_W : Op.CBZ_W);
    return set(r, i, op, 0, rz(w & 31), 0, sext((w >>> 5) & 0x7ffff, 19) * 4, 0, 0, 0);
  }
  if (((w >>> 25) & 0x3f) === 0x1b) { // TBZ/TBNZ
    const bit = ((w >>> 31) << 5) | ((w >>> 19) & 31);
    const half = bit >> 5, mask = 1 << (bit & 31);
    return set(r, i, (w >>> 24) & 1 ? Op.TBNZ : Op.TBZ, 0, rz(w & 31) + half, 0,
      sext((w >>> 5) & 0x3fff, 14) * 4, mask, 0, 0);
  }
  if (top === 0xd4) { // exception generation
    const opc = (w >>> 21) & 7, imm16 = (w >>> 5) & 0xffff, op2 = (w >>> 2) & 7, ll = w & 3;
    if (op2 !== 0) return udf(r, i);
    if (opc === 0 && ll === 1) return set(r, i, Op.SVC, 0, 0, 0, imm16, 0, 0, 0);
    if (opc === 0 && ll === 2) return set(r, i, Op.HVC, 0, 0, 0, imm16, 0, 0, 0);
    if (opc === 1 && ll === 0) return set(r, i, Op.BRK, 0, 0, 0, imm16, 0, 0, 0);
    return udf(r, i); // SMC (no EL3), HLT (halting debug off), DCPSn
  }
  if ((w >>> 22) === 0x354) return decodeSystem(w, r, i);
  if (((w >>> 25) & 0x7f) === 0x6b) { // branch to register
    const opc = (w >>> 21) & 15, op2 = (w >>> 16) & 31, op3 = (w >>> 10) & 63, rn = (w >>> 5) & 31, op4 = w & 31;
    if (op2 !== 31 || op3 !== 0) return udf(r, i); // pointer-authenticated forms: no FEAT_PAuth
    if (opc === 0 && op4 === 0) return set(r, i, Op.BR, 0, rz(rn), 0, 0, 0, 0, 0);
    if (opc === 1 && op4 === 0) return set(r, i, Op.BLR, 60, rz(rn), 0, 0, 0, 0, 0);
    if (opc === 2 && op4 === 0) return set(r, i, Op.RET, 0, rz(rn), 0, 0, 0, 0, 0);
    if (opc === 4 && rn === 31 && op4 === 0) return set(r, i, Op.ERET, 0, 0, 0, 0, 0, 0, 0);
    return udf(r, i);
  }
  return udf(r, i);
}

function decodeSystem(w: number, r: Int32Array, i: number): number {
  const l = (w >>> 21) & 1, op0 = (w >>> 19) & 3, op1 = (w >>> 16) & 7;
  const crn = (w >>> 12) & 15, crm = (w >>> 8) & 15, op2 = (w >>> 5) & 7, rt = w & 31;
  const key = (w >>> 5) & 0xffff; // op0:op1:CRn:CRm:op2
  if (op0 === 0 && l === 0) {
    if (crn === 2 && rt === 31) { // hints
      const h = (crm << 3) | op2;
      if (h === 3) return set(r, i, Op.WFI, 0, 0, 0, 0, 0, 0, 0);
      if (h === 2 || h === 4 || h === 5) return set(r, i, Op.WFE, 0, 0, 0, h, 0, 0, 0); // WFE, SEV, SEVL
      // NOP, YIELD, and the hint space that is architecturally NOP without the feature (ESB, PSB, CSDB,
      // PACIASP/AUTIASP..., BTI).
      return set(r, i, Op.NOP, 0, 0, 0, 0, 0, 0, 0);
    }
    if (crn === 3 && rt === 31) { // barriers
      if (op2 === 2) return set(r, i, Op.CLREX, 0, 0, 0, 0, 0, 0, 0);
      if (op2 === 4 || op2 === 5) return set(r, i, Op.NOP, 0, 0, 0, 0, 0, 0, 0); // DSB, DMB
      if (op2 === 6) return set(r, i, Op.ISB, 0, 0, 0, 0, 0, 0, 0);
      return udf(r, i); // SB, SSBB encodings of DSB with CRm 0/4 are still DSB: handled above
    }
    if (crn === 4 && rt === 31) return set(r, i, Op.MSRI, 0, 0, 0, (op1 << 3) | op2, crm, 0, 0);
    return udf(r, i);
  }
  if (op0 === 1) { // SYS/SYSL: DC, IC, AT, TLBI
    if (l) return udf(r, i);
    return set(r, i, Op.SYS, 0, rz(rt), 0, key, 0, 0, 0);
  }
  if (op0 >= 2) {
    if (l) {
      if (key === SR.CNTPCT_EL0 || key === SR.CNTVCT_EL0) return set(r, i, Op.MRSC, wz(rt), 0, 0, key, 0, 0, key === SR.CNTVCT_EL0 ? 1 : 0);
      const v = MRSV_REGS.get(key);
      if (v !== undefined) return set(r, i, Op.MRSV, wz(rt), 0, 0, key, v[0], 0, v[1]);
      return set(r, i, Op.MRS, wz(rt), 0, 0, key, 0, 0, 0);
    }
    return set(r, i, Op.MSR, 0, rz(rt), 0, key, 0, 0, 0);
  }
  return udf(r, i);
}

function decodeLdSt(w: number, r: Int32Array, i: number): number {
  const v = (w >>> 26) & 1;
  const size = w >>> 30;
  const rt = w & 31, rn = (w >>> 5) & 31;
  const b2924 = (w >>> 24) & 0x3f;
  // AdvSIMD load/store multiple and single structure (b31 = 0, b29:25 = 00110): simd/ldst.ts decodes them
  if ((w & 0xbe000000) === 0x0c000000) return set(r, i, Op.SIMDFP, 0, 0, 0, w, 0, 0, 0);
  if (b2924 === 0x08) { // load/store exclusive and ordered (b29:24 = 001000)
    if (v) return udf(r, i);
    const o2 = (w >>> 23) & 1, ld = (w >>> 22) & 1, o1 = (w >>> 21) & 1, rs = (w >>> 16) & 31;
    const o0 = (w >>> 15) & 1, rt2 = (w >>> 10) & 31;
    if (o2 === 0) {
      if (o1 === 1 && size < 2) return udf(r, i); // CASP (FEAT_LSE)
      const pair = o1 ? K_PAIR : 0;
      const k = size | pair | (o0 ? K_AR : 0) | K_ALIGN;
      if (ld) return set(r, i, Op.LDX, wz(rt), rsp(rn), wz(rt2), 0, 0, 0, k | K_LOAD);
      return set(r, i, Op.STX, rz(rt), rsp(rn), rz(rt2), 0, 0, wz(rs), k);
    }
    if (o1 === 0 && o0 === 1) { // LDAR / STLR
      const k = size | K_AR | K_ALIGN | (ld ? K_LOAD : 0);
      return set(r, i, Op.LDST, ld ? wz(rt) : rz(rt), rsp(rn), 0, 0, M_OFF, 0, k);
    }
    return udf(r, i); // LDLAR/STLLR (FEAT_LOR), CAS (FEAT_LSE)
  }
  if ((b2924 & 0x3b) === 0x18) { // load register (literal): b29:27 = 011, b25:24 = 00
    if (v) return set(r, i, Op.SIMDFP, 0, 0, 0, w, 0, 0, 0);
    const opc = w >>> 30;
    const off = sext((w >>> 5) & 0x7ffff, 19) * 4;
    let k: number;
    if (opc === 0) k = 2 | K_LOAD;
    else if (opc === 1) k = 3 | K_LOAD;
    else if (opc === 2) k = 2 | K_LOAD | K_SIGNED | K_TO64;
    else k = 3 | K_PRFM;
    return set(r, i, Op.LDLIT, wz(rt), 0, 0, off, 0, 0, k);
  }
  if (((w >>> 27) & 7) === 5) { // load/store pair
    if (v) return decodeSimdFp(w, r, i);
    const opc = w >>> 30, mode = (w >>> 23) & 3, ld = (w >>> 22) & 1;
    const rt2 = (w >>> 10) & 31;
    let k: number;
    if (opc === 0) k = 2;
    else if (opc === 1 && ld) k = 2 | K_SIGNED | K_TO64;
    else if (opc === 2) k = 3;
    else return udf(r, i); // STGP (FEAT_MTE) and reserved
    if (ld) k |= K_LOAD;
    const sc = k & 3;
    const imm = sext((w >>> 15) & 0x7f, 7) << sc;
    const m = mode === 1 ? M_POST : mode === 3 ? M_PRE : M_OFF;
    // Overlapping Rt/Rt2/Rn are CONSTRAINED UNPREDICTABLE; like QEMU we execute them (the later
    // register write wins: Rt2 over Rt, the base writeback over both).
    const d1 = ld ? wz(rt) : rz(rt), d2 = ld ? wz(rt2) : rz(rt2);
    return set(r, i, Op.LDSTP, d1, rsp(rn), d2, imm, m, 0, k);
  }
  if (((w >>> 27) & 7) === 7) { // load/store register
    if (v) return decodeSimdFp(w, r, i);
    const opc = (w >>> 22) & 3;
    let k = size;
    if (opc === 0) k |= 0;
    else if (opc === 1) k |= K_LOAD;
    else if (size === 3) { if (opc === 2) k |= K_PRFM; else return udf(r, i); }
    else if (size === 2 && opc === 3) return udf(r, i);
    else k |= K_LOAD | K_SIGNED | (opc === 2 ? K_TO64 : 0);
    const ld = (k & K_LOAD) !== 0;
    const t = ld ? wz(rt) : rz(rt);
    if ((w >>> 24) & 1) { // unsigned immediate
      const imm = ((w >>> 10) & 0xfff) << size;
      if (!(k & (K_PRFM | K_SIGNED))) {
        const n = rsp(rn);
        if (size === 3) return set(r, i, ld ? Op.LDRX_UI : Op.STRX_UI, t, n, 0, imm, 0, 0, k);
        if (size === 2) return set(r, i, ld ? Op.LDRW_UI : Op.STRW_UI, t, n, 0, imm, 0, 0, k);
        if (size === 0) return set(r, i, ld ? Op.LDRB_UI : Op.STRB_UI, t, n, 0, imm, 0, 0, k);
      }
      return set(r, i, Op.LDST, t, rsp(rn), 0, imm, M_OFF, 0, k);
    }
    const b21 = (w >>> 21) & 1, op4 = (w >>> 10) & 3;
    if (b21 === 0) {
      const imm9 = sext((w >>> 12) & 0x1ff, 9);
      if (op4 === 0) return set(r, i, Op.LDST, t, rsp(rn), 0, imm9, M_OFF, 0, k);
      if (op4 === 2) {
        if (k & K_PRFM) return udf(r, i);
        return set(r, i, Op.LDST, t, rsp(rn), 0, imm9, M_OFF, 0, k | K_UNPRIV);
      }
      if (k & K_PRFM) return udf(r, i);
      return set(r, i, Op.LDST, t, rsp(rn), 0, imm9, op4 === 1 ? M_POST : M_PRE, 0, k);
    }
    if (op4 === 2) { // register offset
      const option = (w >>> 13) & 7, s = (w >>> 12) & 1;
      if ((option & 2) === 0) return udf(r, i);
      const amount = s ? size : 0;
      if (!(k & (K_PRFM | K_SIGNED)) && size !== 1) { // the common forms have a fast path
        const ops = ld ? [Op.LDRB_R, 0, Op.LDRW_R, Op.LDRX_R] : [Op.STRB_R, 0, Op.STRW_R, Op.STRX_R];
        return set(r, i, ops[size], t, rsp(rn), rz((w >>> 16) & 31), 0, M_REG, (option << 8) | amount, k);
      }
      return set(r, i, Op.LDST, t, rsp(rn), rz((w >>> 16) & 31), 0, M_REG, (option << 8) | amount, k);
    }
    return udf(r, i); // atomic memory operations (FEAT_LSE), LDRAA/LDRAB (FEAT_PAuth)
  }
  return udf(r, i);
}

function decodeDpReg(w: number, r: Int32Array, i: number): number {
  const sf = w >>> 31;
  const rd = w & 31, rn = (w >>> 5) & 31, rm = (w >>> 16) & 31;
  const op1 = (w >>> 28) & 1, op2 = (w >>> 21) & 15;
  if (op1 === 0) {
    if ((op2 & 8) === 0) { // logical (shifted register)
      const opc = (w >>> 29) & 3, shift = (w >>> 22) & 3, nbit = (w >>> 21) & 1, imm6 = (w >>> 10) & 63;
      if (!sf && imm6 > 31) return udf(r, i);
      const ops = [Op.AND_W, Op.AND_X, Op.ORR_W, Op.ORR_X, Op.EOR_W, Op.EOR_X, Op.ANDS_W, Op.ANDS_X];
      return set(r, i, ops[opc * 2 + sf], wz(rd), rz(rn), rz(rm), 0, shift, imm6, nbit);
    }
    const op = (w >>> 30) & 1, s = (w >>> 29) & 1;
    if ((op2 & 1) === 0) { // add/sub (shifted register)
      const shift = (w >>> 22) & 3, imm6 = (w >>> 10) & 63;
      if (shift === 3 || (!sf && imm6 > 31)) return udf(r, i);
      const ops = [Op.ADD_W, Op.ADD_X, Op.ADDS_W, Op.ADDS_X, Op.SUB_W, Op.SUB_X, Op.SUBS_W, Op.SUBS_X];
      return set(r, i, ops[op * 4 + s * 2 + sf], wz(rd), rz(rn), rz(rm), 0, shift, imm6, 0);
    }
    // add/sub (extended register)
    const opt = (w >>> 22) & 3, option = (w >>> 13) & 7, imm3 = (w >>> 10) & 7;
    if (opt !== 0 || imm3 > 4) return udf(r, i);
    const d = s ? wz(rd) : rsp(rd);
    return set(r, i, Op.ADDEXT, d, rsp(rn), rz(rm), 0, option, imm3, sf | (op << 1) | (s << 2));
  }
  if (op2 === 0) { // add/sub with carry
    if (((w >>> 10) & 63) !== 0) return udf(r, i);
    const op = (w >>> 30) & 1, s = (w >>> 29) & 1;
    return set(r, i, Op.ADC, wz(rd), rz(rn), rz(rm), 0, 0, 0, sf | (op << 1) | (s << 2));
  }
  if (op2 === 2) { // conditional compare
    const op = (w >>> 30) & 1, s = (w >>> 29) & 1, isImm = (w >>> 11) & 1;
    if (!s || (w >>> 10) & 1 || (w >>> 4) & 1) return udf(r, i);
    return set(r, i, Op.CCMP, w & 15, rz(rn), rz(rm), (w >>> 12) & 15, rm, 0, sf | (op << 1) | (isImm << 2));
  }
  if (op2 === 4) { // conditional select
    const op = (w >>> 30) & 1, s = (w >>> 29) & 1, o2 = (w >>> 10) & 3;
    if (s || o2 > 1) return udf(r, i);
    return set(r, i, Op.CSEL, wz(rd), rz(rn), rz(rm), (w >>> 12) & 15, 0, 0, sf | (op << 1) | (o2 << 2));
  }
  if (op2 === 6) {
    const s = (w >>> 29) & 1, opcode = (w >>> 10) & 63;
    if (s) return udf(r, i);
    if (((w >>> 30) & 1) === 0) { // data processing (2 source)
      if (opcode >= 2 && opcode <= 11 && opcode !== 4 && opcode !== 5 && opcode !== 6 && opcode !== 7)
        return set(r, i, Op.DP2, wz(rd), rz(rn), rz(rm), 0, opcode, 0, sf);
      if ((opcode & 0x38) === 0x10) { // CRC32{B,H,W,X}, CRC32C*
        const sz = opcode & 3, c = (opcode >>> 2) & 1;
        if ((sz === 3) !== (sf === 1)) return udf(r, i);
        return set(r, i, Op.CRC, wz(rd), rz(rn), rz(rm), 0, sz, c, 0);
      }
      return udf(r, i);
    }
    // data processing (1 source)
    if (rm !== 0 || opcode > 5) return udf(r, i);
    if (!sf && opcode === 3) return udf(r, i);
    return set(r, i, Op.DP1, wz(rd), rz(rn), 0, 0, opcode, 0, sf);
  }
  if (op2 & 8) { // data processing (3 source)
    const op54 = (w >>> 29) & 3, op31 = (w >>> 21) & 7, o0 = (w >>> 15) & 1, ra = (w >>> 10) & 31;
    if (op54 !== 0) return udf(r, i);
    if (op31 === 0) return set(r, i, Op.MADD, wz(rd), rz(rn), rz(rm), rz(ra), 0, 0, sf | (o0 << 1));
    if (!sf) return udf(r, i);
    if (op31 === 1 || op31 === 5) // SMADDL/SMSUBL, UMADDL/UMSUBL
      return set(r, i, Op.MULL, wz(rd), rz(rn), rz(rm), rz(ra), 0, 0, (op31 === 1 ? 1 : 0) | (o0 << 1));
    if ((op31 === 2 || op31 === 6) && o0 === 0) // SMULH, UMULH
      return set(r, i, Op.MULH, wz(rd), rz(rn), rz(rm), 0, 0, 0, op31 === 2 ? 1 : 0);
    return udf(r, i);
  }
  return udf(r, i);
}
