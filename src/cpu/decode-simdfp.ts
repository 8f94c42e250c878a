/**
 * SIMD&FP words to records (decode.ts hands over every word of the SIMD&FP groups). The forms that
 * have ops of their own in sem/ops-simdfp.ts get their fields predecoded; every other word, and every
 * word of these forms outside their allocated encodings, becomes `Op.SIMDFP` with the word in `imm`,
 * which the executors of simd/ decode when it runs. Each record keeps the word in `imm`: the ops'
 * general path runs it through the same executors.
 */
import { Op } from './exec.gen.ts';
import { rz, wz, rsp } from './regs.ts';
import { M_OFF, M_POST, M_PRE } from './record.ts';
import { vfpExpandImm } from './simd/fp-scalar.ts';
import { fpRes, S, D } from './fp/state.ts';

function set(r: Int32Array, i: number, op: number, d: number, n: number, m: number,
  imm: number, imm2: number, imm3: number, flags: number): number {
  r[i] = op; r[i + 1] = d; r[i + 2] = n; r[i + 3] = m;
  r[i + 4] = imm; r[i + 5] = imm2; r[i + 6] = imm3; r[i + 7] = flags;
  return op;
}

/** FP data-processing (2 source) opcode (bits 15:12) to its ops, double and single. */
const ARITH_D: Partial<Record<number, number>> = { 0: Op.FMUL_D, 1: Op.FDIV_D, 2: Op.FADD_D, 3: Op.FSUB_D, 8: Op.FNMUL_D };
const ARITH_S: Partial<Record<number, number>> = { 0: Op.FMUL_S, 1: Op.FDIV_S, 2: Op.FADD_S, 3: Op.FSUB_S, 8: Op.FNMUL_S };

function sext(v: number, bits: number): number { return (v << (32 - bits)) >> (32 - bits); }

/** Ops of the SIMD&FP loads and stores with a fast path, by log2 of the register size (2 S, 3 D, 4 Q). */
const VLDR: Partial<Record<number, number>> = { 2: Op.VLDR_S, 3: Op.VLDR_D, 4: Op.VLDR_Q };
const VSTR: Partial<Record<number, number>> = { 2: Op.VSTR_S, 3: Op.VSTR_D, 4: Op.VSTR_Q };
const VLDRR: Partial<Record<number, number>> = { 2: Op.VLDRR_S, 3: Op.VLDRR_D, 4: Op.VLDRR_Q };
const VSTRR: Partial<Record<number, number>> = { 2: Op.VSTRR_S, 3: Op.VSTRR_D, 4: Op.VSTRR_Q };
const VLDP: Partial<Record<number, number>> = { 2: Op.VLDP_S, 3: Op.VLDP_D, 4: Op.VLDP_Q };
const VSTP: Partial<Record<number, number>> = { 2: Op.VSTP_S, 3: Op.VSTP_D, 4: Op.VSTP_Q };

/**
 * The SIMD&FP loads and stores of S, D and Q registers with an op of their own (C4.1.89: load/store
 * register with an immediate or register offset, load/store pair); -1 for every other word.
 */
function decodeLdSt(w: number, r: Int32Array, i: number): number {
  const rt = w & 31, rn = (w >>> 5) & 31;
  if ((w & 0x3c000000) === 0x2c000000) { // load/store pair (SIMD&FP): opc 00 S, 01 D, 10 Q
    const opc = w >>> 30, mode = (w >>> 23) & 3, ld = (w >>> 22) & 1, rt2 = (w >>> 10) & 31;
    if (opc === 3 || (ld && rt === rt2)) return -1; // UNDEFINED; CONSTRAINED UNPREDICTABLE
    const lg = 2 + opc;
    const op = (ld ? VLDP : VSTP)[lg]!;
    const m = mode === 1 ? M_POST : mode === 3 ? M_PRE : M_OFF;
    return set(r, i, op, rt, rsp(rn), rt2, sext((w >>> 15) & 0x7f, 7) * (1 << lg), m, w, lg);
  }
  if ((w & 0x3b000000) !== 0x39000000 && (w & 0x3b200000) !== 0x38000000 && (w & 0x3b200c00) !== 0x38200800) return -1;
  if (((w >>> 26) & 1) === 0) return -1;
  // load/store register (SIMD&FP): size:opc<1> gives the register size, opc<0> the direction
  const size = w >>> 30, opc = (w >>> 22) & 3;
  let lg: number;
  if ((opc & 2) === 0) lg = size;
  else if (size === 0) lg = 4;
  else return -1;
  const ld = (opc & 1) === 1;
  if (lg < 2) return -1; // B and H: the executors
  if ((w & 0x3f000000) === 0x3d000000) { // unsigned immediate
    return set(r, i, (ld ? VLDR : VSTR)[lg]!, rt, rsp(rn), 0, ((w >>> 10) & 0xfff) * (1 << lg), M_OFF, w, lg);
  }
  if (((w >>> 21) & 1) === 0) { // unscaled, post-index, pre-index (10: unprivileged, none for SIMD&FP)
    const op4 = (w >>> 10) & 3;
    if (op4 === 2) return -1;
    const m = op4 === 0 ? M_OFF : op4 === 1 ? M_POST : M_PRE;
    return set(r, i, (ld ? VLDR : VSTR)[lg]!, rt, rsp(rn), 0, sext((w >>> 12) & 0x1ff, 9), m, w, lg);
  }
  const option = (w >>> 13) & 7, amount = (w >>> 12) & 1 ? lg : 0; // register offset
  if ((option & 2) === 0) return -1;
  return set(r, i, (ld ? VLDRR : VSTRR)[lg]!, rt, rsp(rn), rz((w >>> 16) & 31), (option << 8) | amount, 0, w, lg);
}

/** AdvSIMD three same, integer: (U << 5 | opcode) to the op and the largest lane size (log2 bytes) it is decoded for. */
const THREE_SAME: Partial<Record<number, [number, number]>> = {
  0x10: [Op.ADDV, 3], 0x30: [Op.SUBV, 3], 0x13: [Op.MULV, 2], 0x12: [Op.MLAV, 2], 0x32: [Op.MLSV, 2],
  0x0c: [Op.SMAXV, 2], 0x0d: [Op.SMINV, 2], 0x2c: [Op.UMAXV, 2], 0x2d: [Op.UMINV, 2],
  0x06: [Op.CMGTV, 2], 0x07: [Op.CMGEV, 2], 0x26: [Op.CMHIV, 2], 0x27: [Op.CMHSV, 2], 0x31: [Op.CMEQV, 2], 0x11: [Op.CMTSTV, 2],
};
/** The logical three-same operations by U:size. */
const LOGIC = [Op.ANDV, Op.BICV, Op.ORRV, Op.ORNV, Op.EORV, Op.BSLV, Op.BITV, Op.BIFV];
/** AdvSIMD three different, 8- and 16-bit sources: (U << 4 | opcode) to the op. */
const THREE_DIFF: Partial<Record<number, number>> = {
  0x00: Op.SADDLV, 0x10: Op.UADDLV, 0x01: Op.SADDWV, 0x11: Op.UADDWV, 0x02: Op.SSUBLV, 0x12: Op.USUBLV,
  0x03: Op.SSUBWV, 0x13: Op.USUBWV, 0x08: Op.SMLALV, 0x18: Op.UMLALV, 0x0a: Op.SMLSLV, 0x1a: Op.UMLSLV,
  0x0c: Op.SMULLV, 0x1c: Op.UMULLV,
};
/** The permutes by opcode (bits 14:12). */
const PERMUTE: Partial<Record<number, number>> = { 1: Op.UZP1V, 2: Op.TRN1V, 3: Op.ZIP1V, 5: Op.UZP2V, 6: Op.TRN2V, 7: Op.ZIP2V };

/** The AdvSIMD vector forms with ops of their own (sem/ops-advsimd.ts); -1 for every other word. */
function decodeAdvSimd(w: number, r: Int32Array, i: number): number {
  const rd = w & 31, rn = (w >>> 5) & 31, rm = (w >>> 16) & 31, q = (w >>> 30) & 1, u = (w >>> 29) & 1, size = (w >>> 22) & 3;
  if ((w & 0x9f200400) === 0x0e200400) { // three same
    const opcode = (w >>> 11) & 31;
    if (opcode >= 0x18) { // floating point: FADD FSUB FMUL FDIV
      const sz = size & 1, a = size >> 1, key = (u << 6) | (a << 5) | opcode;
      const op = key === 0x1a ? Op.FADDV : key === 0x3a ? Op.FSUBV : key === 0x5b ? Op.FMULV : key === 0x5f ? Op.FDIVV : -1;
      if (op < 0 || (sz === 1 && q === 0)) return -1;
      return set(r, i, op, rd, rn, rm, w, 0, 0, sz === 1 ? 2 : q);
    }
    if (opcode === 0x03) return set(r, i, LOGIC[(u << 2) | size], rd, rn, rm, w, q, 0, 2);
    const e = THREE_SAME[(u << 5) | opcode];
    if (e === undefined || size > e[1] || (size === 3 && q === 0)) return -1;
    return set(r, i, e[0], rd, rn, rm, w, q, 0, size);
  }
  if ((w & 0x9f800400) === 0x0f000400 && ((w >>> 19) & 15) !== 0) { // shift by immediate
    const immh = (w >>> 19) & 15, immhb = (w >>> 16) & 0x7f, opcode = (w >>> 11) & 31;
    const e = immh & 8 ? 3 : immh & 4 ? 2 : immh & 2 ? 1 : 0, bits = 8 << e;
    if (e === 3) return -1;
    if (opcode === 0x0a && u === 0) return set(r, i, Op.SHLV, rd, rn, 0, w, q, immhb - bits, e);
    if (opcode === 0x14 && e < 2) return set(r, i, u ? Op.USHLLV : Op.SSHLLV, rd, rn, 0, w, q, immhb - bits, e);
    const sh = 2 * bits - immhb;
    if (sh === bits) return -1; // a shift by the whole lane: the executors
    if (opcode === 0x00) return set(r, i, u ? Op.USHRV : Op.SSHRV, rd, rn, 0, w, q, sh, e);
    if (opcode === 0x02) return set(r, i, u ? Op.USRAV : Op.SSRAV, rd, rn, 0, w, q, sh, e);
    return -1;
  }
  if ((w & 0x9f200c00) === 0x0e200000) { // three different
    const opcode = (w >>> 12) & 15, op = THREE_DIFF[(u << 4) | opcode];
    if (op === undefined || size > (opcode < 4 ? 2 : 1)) return -1; // 32-bit sources: the additions and subtractions only
    return set(r, i, op, rd, rn, rm, w, q, 0, size);
  }
  if ((w & 0xbf208c00) === 0x0e000800) { // UZP, TRN, ZIP
    const op = PERMUTE[(w >>> 12) & 7];
    if (op === undefined || size === 3) return -1;
    return set(r, i, op, rd, rn, rm, w, q, 0, size);
  }
  return -1;
}

/** Decode the SIMD&FP word `w` (data processing or load/store) into r[i..i+7]; returns the op id. */
export function decodeSimdFp(w: number, r: Int32Array, i: number): number {
  if (((w >>> 25) & 7) !== 7) { // loads and stores
    const op = decodeLdSt(w, r, i);
    return op >= 0 ? op : set(r, i, Op.SIMDFP, 0, 0, 0, w, 0, 0, 0);
  }
  const rd = w & 31, rn = (w >>> 5) & 31, rm = (w >>> 16) & 31, ptype = (w >>> 22) & 3;
  if (ptype < 2) {
    const dbl = ptype === 1;
    if ((w & 0xff200c00) === 0x1e200800) { // FP data-processing (2 source)
      const op = (dbl ? ARITH_D : ARITH_S)[(w >>> 12) & 15];
      if (op !== undefined) return set(r, i, op, rd, rn, rm, w, 0, 0, 0);
    } else if ((w & 0xff20fc07) === 0x1e202000) { // FCMP, FCMPE
      const zero = (w >>> 3) & 1;
      if (zero === 0 || rm === 0) return set(r, i, dbl ? Op.FCMP_D : Op.FCMP_S, 0, rn, rm, w, 0, 0, zero);
    } else if ((w & 0xff3ffc00) === 0x1e204000) { // FMOV (register)
      return set(r, i, Op.FMOV_V, rd, rn, 0, w, 0, 0, dbl ? 1 : 0);
    } else if ((w & 0xff201fe0) === 0x1e201000) { // FMOV (scalar, immediate)
      vfpExpandImm((w >>> 13) & 0xff, dbl ? D : S);
      return set(r, i, Op.FMOV_VI, rd, 0, 0, w, fpRes[0], fpRes[1], 0);
    }
  }
  const adv = decodeAdvSimd(w, r, i);
  if (adv >= 0) return adv;
  switch (w & 0xfffffc00) { // FMOV (general), same size
    case 0x9e670000 | 0: return set(r, i, Op.FMOV_TOV, rd, rz(rn), 0, w, 0, 0, 1);
    case 0x1e270000: return set(r, i, Op.FMOV_TOV, rd, rz(rn), 0, w, 0, 0, 0);
    case 0x9e660000 | 0: return set(r, i, Op.FMOV_FROMV, wz(rd), rn, 0, w, 0, 0, 1);
    case 0x1e260000: return set(r, i, Op.FMOV_FROMV, wz(rd), rn, 0, w, 0, 0, 0);
  }
  return set(r, i, Op.SIMDFP, 0, 0, 0, w, 0, 0, 0);
}
