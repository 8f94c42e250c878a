// Generated from src/cpu/sem/ by src/cpu/gen-exec.ts: do not edit. Change the semantics in sem/,
// then run `npm run gen:cpu`; `npm test` fails while this file is stale.
/**
 * The interpreter: the dispatch loop over predecoded records (record.ts), one case per op of
 * sem/table.ts with that op's template inlined. Registers are int32 halves (regs.ts), so nothing here
 * allocates. Whatever is rare leaves the straight-line code through a method of the CPU and the loop
 * then re-reads the page it is executing, because that method may have changed PC, EL or the code cache.
 */
import type { CpuCore } from './core.ts';
import { HELPERS } from './sem/helpers.ts';

// Copied once: reading an imported binding can cost a getter call per access after transforms.
const { out, shl64, lsr64, asr64, shift64, shift32, bitfield, dp1, dp2, madd64, mull, mulh, crc, fpFlags } = HELPERS;

/** Op ids: the index of each op in sem/table.ts. */
export const enum Op {
  UNDECODED = 0,
  UDF = 1,
  SVC = 2,
  HVC = 3,
  BRK = 4,
  ERET = 5,
  MRS = 6,
  MSR = 7,
  MSRI = 8,
  WFI = 9,
  WFE = 10,
  ISB = 11,
  CLREX = 12,
  SYS = 13,
  MRSC = 14,
  MRSV = 15,
  NOP = 16,
  MOVC = 17,
  MOVK = 18,
  ADR = 19,
  ADRP = 20,
  ADDI_X = 21,
  ADDI_W = 22,
  SUBI_X = 23,
  SUBI_W = 24,
  ADDSI_X = 25,
  ADDSI_W = 26,
  SUBSI_X = 27,
  SUBSI_W = 28,
  ANDI_X = 29,
  ANDI_W = 30,
  ORRI_X = 31,
  ORRI_W = 32,
  EORI_X = 33,
  EORI_W = 34,
  ANDSI_X = 35,
  ANDSI_W = 36,
  LSLI_X = 37,
  LSLI_W = 38,
  LSRI_X = 39,
  LSRI_W = 40,
  ASRI_X = 41,
  ASRI_W = 42,
  BFX = 43,
  EXTR = 44,
  ADD_X = 45,
  ADD_W = 46,
  SUB_X = 47,
  SUB_W = 48,
  ADDS_X = 49,
  ADDS_W = 50,
  SUBS_X = 51,
  SUBS_W = 52,
  AND_X = 53,
  AND_W = 54,
  ORR_X = 55,
  ORR_W = 56,
  EOR_X = 57,
  EOR_W = 58,
  ANDS_X = 59,
  ANDS_W = 60,
  ADDEXT = 61,
  ADC = 62,
  CCMP = 63,
  CSEL = 64,
  DP1 = 65,
  DP2 = 66,
  CRC = 67,
  MADD = 68,
  MULL = 69,
  MULH = 70,
  B = 71,
  BL = 72,
  BCOND = 73,
  CBZ_X = 74,
  CBNZ_X = 75,
  CBZ_W = 76,
  CBNZ_W = 77,
  TBZ = 78,
  TBNZ = 79,
  BR = 80,
  BLR = 81,
  RET = 82,
  LDRX_UI = 83,
  LDRW_UI = 84,
  LDRB_UI = 85,
  STRX_UI = 86,
  STRW_UI = 87,
  STRB_UI = 88,
  LDRX_R = 89,
  LDRW_R = 90,
  LDRB_R = 91,
  STRX_R = 92,
  STRW_R = 93,
  STRB_R = 94,
  LDST = 95,
  LDLIT = 96,
  LDSTP = 97,
  LDX = 98,
  STX = 99,
  SIMDFP = 100,
  FADD_D = 101,
  FSUB_D = 102,
  FMUL_D = 103,
  FDIV_D = 104,
  FNMUL_D = 105,
  FADD_S = 106,
  FSUB_S = 107,
  FMUL_S = 108,
  FDIV_S = 109,
  FNMUL_S = 110,
  FCMP_D = 111,
  FCMP_S = 112,
  FMOV_V = 113,
  FMOV_VI = 114,
  FMOV_TOV = 115,
  FMOV_FROMV = 116,
  VLDR_Q = 117,
  VLDRR_Q = 118,
  VLDP_Q = 119,
  VSTR_Q = 120,
  VSTRR_Q = 121,
  VSTP_Q = 122,
  VLDR_D = 123,
  VLDRR_D = 124,
  VLDP_D = 125,
  VSTR_D = 126,
  VSTRR_D = 127,
  VSTP_D = 128,
  VLDR_S = 129,
  VLDRR_S = 130,
  VLDP_S = 131,
  VSTR_S = 132,
  VSTRR_S = 133,
  VSTP_S = 134,
  FADDV = 135,
  FSUBV = 136,
  FMULV = 137,
  FDIVV = 138,
  ADDV = 139,
  SUBV = 140,
  MULV = 141,
  MLAV = 142,
  MLSV = 143,
  SMAXV = 144,
  SMINV = 145,
  UMAXV = 146,
  UMINV = 147,
  CMGTV = 148,
  CMGEV = 149,
  CMHIV = 150,
  CMHSV = 151,
  CMEQV = 152,
  CMTSTV = 153,
  ANDV = 154,
  BICV = 155,
  ORRV = 156,
  ORNV = 157,
  EORV = 158,
  BSLV = 159,
  BITV = 160,
  BIFV = 161,
  SHLV = 162,
  USHRV = 163,
  SSHRV = 164,
  USRAV = 165,
  SSRAV = 166,
  USHLLV = 167,
  SSHLLV = 168,
  UADDLV = 169,
  SADDLV = 170,
  USUBLV = 171,
  SSUBLV = 172,
  UADDWV = 173,
  SADDWV = 174,
  USUBWV = 175,
  SSUBWV = 176,
  UMULLV = 177,
  SMULLV = 178,
  UMLALV = 179,
  SMLALV = 180,
  UMLSLV = 181,
  SMLSLV = 182,
  UZP1V = 183,
  UZP2V = 184,
  TRN1V = 185,
  TRN2V = 186,
  ZIP1V = 187,
  ZIP2V = 188,
}

/** ConditionHolds (Arm ARM J1) for a condition known only at run time. */
export function condHolds(c: CpuCore, cc: number): boolean {
  switch (cc) {
    case 0: return c.zf === 1;
    case 1: return !(c.zf === 1);
    case 2: return c.cf === 1;
    case 3: return !(c.cf === 1);
    case 4: return c.nf === 1;
    case 5: return !(c.nf === 1);
    case 6: return c.vf === 1;
    case 7: return !(c.vf === 1);
    case 8: return (c.cf === 1 && c.zf === 0);
    case 9: return !((c.cf === 1 && c.zf === 0));
    case 10: return c.nf === c.vf;
    case 11: return !(c.nf === c.vf);
    case 12: return (c.nf === c.vf && c.zf === 0);
    case 13: return !((c.nf === c.vf && c.zf === 0));
    case 14: return true;
    case 15: return true;
    default: return true;
  }
}

/**
 * Run at most `max` instructions from c.pc. Returns how many were executed (an exception taken
 * instead of an instruction counts as one). Stops early when a slow path sets c.stopReq.
 */
export function exec(c: CpuCore, max: number): number {
  let x = c.x;
  let pc = c.pc;
  let dec = c.curDec, base = c.curBase;
  let n = 0;
  let jumped = false;
  loop: while (n < max) {
    let off = pc - base;
    if (off < 0 || off > 4092 || (off & 3) !== 0) {
      c.pc = pc;
      const f = c.fetchPage();
      dec = c.curDec; base = c.curBase; pc = c.pc;
      if (f !== 0) {
        if (f === 3) break; // entering a page with a breakpoint: the checked path takes over
        n++; // the fetch took an exception (to EL1: go on at the vector; to EL2: stop)
        if (c.stopReq) break;
        continue;
      }
      off = pc - base;
      if (n > 0) jumped = true; // entering a page: a place to look for a block, as after a branch
    }
    // a branch target, or where straight-line code resumes after a system instruction or an exception
    // (which end compiled blocks) or on entering a page: run its compiled block, or count towards compiling one
    if (jumped) {
      jumped = false;
      if (c.jit) {
        const bi = off >> 2;
        const f = c.curBlocks[bi];
        if (f !== undefined) {
          if (f !== null) {
            c.curN = n;
            const r = f(c, max - n);
            x = c.x; // a WebAssembly block may have moved it (into host memory), whether or not it ran
            if (r > 0) {
              n += r; pc = c.pc; dec = c.curDec; base = c.curBase;
              if (c.stopReq) break;
              jumped = true;
              continue;
            }
          }
        } else {
          const h = ++c.curHeat[bi];
          if (h > c.hot || h === c.hotW || h === c.hotW >> 3) c.compileAt(bi);
        }
      }
    }
    const i = off << 1;
    let op = dec[i];
    if (op === 0) op = c.decodeAt(dec, i, pc);
    n++;
    switch (op) {
      case 11: { // ISB: ISB
         pc += 4; break;
      }
      case 14: { // MRSC: MRS of CNTPCT_EL0, CNTVCT_EL0
        const $d = dec[i + 1], $imm = dec[i + 4], $fl = dec[i + 7]; if (!c.counterRead($fl, $d, n)) { c.pc = pc; c.curN = n; c.mrs($imm, $d); pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } pc += 4; break;
      }
      case 15: { // MRSV: MRS of SP_EL0, TPIDR_EL1, TPIDR_EL0, TPIDRRO_EL0
        const $d = dec[i + 1], $imm = dec[i + 4], $imm2 = dec[i + 5], $fl = dec[i + 7]; if ($fl === 0 || c.el1h) { x[$d] = x[$imm2]; x[$d + 1] = x[$imm2 + 1]; } else { c.pc = pc; c.curN = n; c.mrs($imm, $d); pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } pc += 4; break;
      }
      case 16: { // NOP: NOP and the hint space (YIELD, BTI, PACIASP...), DSB, DMB
         pc += 4; break;
      }
      case 17: { // MOVC: MOVZ, MOVN, MOV (wide immediate): Xd = a 64-bit constant
        const $d = dec[i + 1], $imm = dec[i + 4], $imm2 = dec[i + 5]; x[$d] = $imm; x[$d + 1] = $imm2; pc += 4; break;
      }
      case 18: { // MOVK: MOVK: insert 16 bits
        const $d = dec[i + 1], $imm = dec[i + 4], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { const h = $d + $imm2; x[h] = (x[h] & $imm3) | $imm; }if (($fl === 0)) {  x[$d + 1] = 0; } pc += 4; break;
      }
      case 19: { // ADR: ADR: Xd = PC + imm
        const $d = dec[i + 1], $imm = dec[i + 4]; { const _v = pc + $imm, _h = Math.floor(_v / 4294967296); x[$d] = _v - _h * 4294967296; x[$d + 1] = _h; } pc += 4; break;
      }
      case 20: { // ADRP: ADRP: Xd = (PC & ~0xfff) + imm * 4096
        const $d = dec[i + 1], $imm = dec[i + 4]; { const p = pc; { const _v = p - (p & 4095) + $imm * 4096, _h = Math.floor(_v / 4294967296); x[$d] = _v - _h * 4294967296; x[$d + 1] = _h; } } pc += 4; break;
      }
      case 21: { // ADDI_X: ADD (immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const l = x[$n], r = (l + $imm) | 0; x[$d + 1] = (r >>> 0) < (l >>> 0) ? (x[$n + 1] + 1) | 0 : x[$n + 1]; x[$d] = r; } pc += 4; break;
      }
      case 22: { // ADDI_W: ADD (immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; x[$d] = (x[$n] + $imm) | 0; x[$d + 1] = 0; pc += 4; break;
      }
      case 23: { // SUBI_X: SUB (immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const l = x[$n], r = (l - $imm) | 0; x[$d + 1] = (l >>> 0) < $imm ? (x[$n + 1] - 1) | 0 : x[$n + 1]; x[$d] = r; } pc += 4; break;
      }
      case 24: { // SUBI_W: SUB (immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; x[$d] = (x[$n] - $imm) | 0; x[$d + 1] = 0; pc += 4; break;
      }
      case 27: { // SUBSI_X: SUBS, CMP (immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const _al = x[$n], _ah = x[$n + 1], _bl = ~$imm, _bh = -1; const _l = (_al >>> 0) + (_bl >>> 0) + 1; const _h = (_ah >>> 0) + (_bh >>> 0) + (_l > 0xffffffff ? 1 : 0); const _rl = _l | 0, _rh = _h | 0; x[$d] = _rl; x[$d + 1] = _rh; c.nf = _rh >>> 31; c.zf = (_rl | _rh) === 0 ? 1 : 0; c.cf = _h > 0xffffffff ? 1 : 0; c.vf = ((_ah ^ _rh) & (_bh ^ _rh)) >>> 31; } pc += 4; break;
      }
      case 28: { // SUBSI_W: SUBS, CMP (immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const _a = x[$n], _b = ~$imm; const _s = (_a >>> 0) + (_b >>> 0) + 1; const _r = _s | 0; x[$d] = _r; x[$d + 1] = 0; c.nf = _r >>> 31; c.zf = _r === 0 ? 1 : 0; c.cf = _s > 0xffffffff ? 1 : 0; c.vf = ((_a ^ _r) & (_b ^ _r)) >>> 31; } pc += 4; break;
      }
      case 29: { // ANDI_X: AND (immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; x[$d] = x[$n] & $imm; x[$d + 1] = x[$n + 1] & $imm2; pc += 4; break;
      }
      case 30: { // ANDI_W: AND (immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; x[$d] = x[$n] & $imm; x[$d + 1] = 0; pc += 4; break;
      }
      case 31: { // ORRI_X: ORR, MOV (bitmask immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; x[$d] = x[$n] | $imm; x[$d + 1] = x[$n + 1] | $imm2; pc += 4; break;
      }
      case 32: { // ORRI_W: ORR, MOV (bitmask immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; x[$d] = x[$n] | $imm; x[$d + 1] = 0; pc += 4; break;
      }
      case 33: { // EORI_X: EOR (immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; x[$d] = x[$n] ^ $imm; x[$d + 1] = x[$n + 1] ^ $imm2; pc += 4; break;
      }
      case 34: { // EORI_W: EOR (immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; x[$d] = x[$n] ^ $imm; x[$d + 1] = 0; pc += 4; break;
      }
      case 35: { // ANDSI_X: ANDS, TST (immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const rl = x[$n] & $imm, rh = x[$n + 1] & $imm2; x[$d] = rl; x[$d + 1] = rh; c.nf = rh >>> 31; c.zf = (rl | rh) === 0 ? 1 : 0; c.cf = 0; c.vf = 0; } pc += 4; break;
      }
      case 36: { // ANDSI_W: ANDS, TST (immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const r = x[$n] & $imm; x[$d] = r; x[$d + 1] = 0; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = 0; c.vf = 0; } pc += 4; break;
      }
      case 37: { // LSLI_X: LSL (immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; shl64(x[$n], x[$n + 1], $imm); x[$d] = out[0]; x[$d + 1] = out[1]; pc += 4; break;
      }
      case 38: { // LSLI_W: LSL (immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; x[$d] = x[$n] << $imm; x[$d + 1] = 0; pc += 4; break;
      }
      case 39: { // LSRI_X: LSR (immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; lsr64(x[$n], x[$n + 1], $imm); x[$d] = out[0]; x[$d + 1] = out[1]; pc += 4; break;
      }
      case 40: { // LSRI_W: LSR (immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; x[$d] = x[$n] >>> $imm; x[$d + 1] = 0; pc += 4; break;
      }
      case 41: { // ASRI_X: ASR (immediate), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; asr64(x[$n], x[$n + 1], $imm); x[$d] = out[0]; x[$d + 1] = out[1]; pc += 4; break;
      }
      case 42: { // ASRI_W: ASR (immediate), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; x[$d] = x[$n] >> $imm; x[$d + 1] = 0; pc += 4; break;
      }
      case 43: { // BFX: SBFM, BFM, UBFM in general (SBFX, UBFX, BFI, BFXIL, SBFIZ, UBFIZ, SXTB...)
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; bitfield(x, $d, $n, $imm, $imm2, $imm3, $fl); pc += 4; break;
      }
      case 44: { // EXTR: EXTR, ROR (immediate)
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $fl = dec[i + 7]; if (($fl === 0)) { if (($imm === 0)) { x[$d] = x[$m]; } else { x[$d] = (x[$m] >>> $imm) | (x[$n] << (32 - $imm)); } x[$d + 1] = 0; } else { if (($imm === 0)) { x[$d] = x[$m]; x[$d + 1] = x[$m + 1]; } else { { lsr64(x[$m], x[$m + 1], $imm); const rl = out[0], rh = out[1]; shl64(x[$n], x[$n + 1], 64 - $imm); x[$d] = rl | out[0]; x[$d + 1] = rh | out[1]; } } } pc += 4; break;
      }
      case 45: { // ADD_X: ADD (shifted register), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; { let bl, bh; if (($imm3 === 0)) { bl = x[$m]; bh = x[$m + 1]; } else { shift64(x[$m], x[$m + 1], $imm2, $imm3); bl = out[0]; bh = out[1]; } { const _al = x[$n], _ah = x[$n + 1], _bl = bl, _bh = bh; const _rl = (_al + _bl) | 0; x[$d + 1] = (_ah + _bh + ((_rl >>> 0) < (_al >>> 0) ? 1 : 0)) | 0; x[$d] = _rl; } } pc += 4; break;
      }
      case 46: { // ADD_W: ADD (shifted register), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; { let bl; if (($imm3 === 0)) { bl = x[$m]; } else { shift32(x[$m], $imm2, $imm3); bl = out[0]; } x[$d] = (x[$n] + bl) | 0; x[$d + 1] = 0; } pc += 4; break;
      }
      case 47: { // SUB_X: SUB, NEG (shifted register), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; { let bl, bh; if (($imm3 === 0)) { bl = x[$m]; bh = x[$m + 1]; } else { shift64(x[$m], x[$m + 1], $imm2, $imm3); bl = out[0]; bh = out[1]; } const nl = x[$n]; x[$d + 1] = (x[$n + 1] - bh - ((nl >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; x[$d] = (nl - bl) | 0; } pc += 4; break;
      }
      case 48: { // SUB_W: SUB, NEG (shifted register), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; { let bl; if (($imm3 === 0)) { bl = x[$m]; } else { shift32(x[$m], $imm2, $imm3); bl = out[0]; } x[$d] = (x[$n] - bl) | 0; x[$d + 1] = 0; } pc += 4; break;
      }
      case 51: { // SUBS_X: SUBS, CMP, NEGS (shifted register), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; { let bl, bh; if (($imm3 === 0)) { bl = x[$m]; bh = x[$m + 1]; } else { shift64(x[$m], x[$m + 1], $imm2, $imm3); bl = out[0]; bh = out[1]; } { const _al = x[$n], _ah = x[$n + 1], _bl = ~bl, _bh = ~bh; const _l = (_al >>> 0) + (_bl >>> 0) + 1; const _h = (_ah >>> 0) + (_bh >>> 0) + (_l > 0xffffffff ? 1 : 0); const _rl = _l | 0, _rh = _h | 0; x[$d] = _rl; x[$d + 1] = _rh; c.nf = _rh >>> 31; c.zf = (_rl | _rh) === 0 ? 1 : 0; c.cf = _h > 0xffffffff ? 1 : 0; c.vf = ((_ah ^ _rh) & (_bh ^ _rh)) >>> 31; } } pc += 4; break;
      }
      case 52: { // SUBS_W: SUBS, CMP, NEGS (shifted register), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; { let bl; if (($imm3 === 0)) { bl = x[$m]; } else { shift32(x[$m], $imm2, $imm3); bl = out[0]; } { const _a = x[$n], _b = ~bl; const _s = (_a >>> 0) + (_b >>> 0) + 1; const _r = _s | 0; x[$d] = _r; x[$d + 1] = 0; c.nf = _r >>> 31; c.zf = _r === 0 ? 1 : 0; c.cf = _s > 0xffffffff ? 1 : 0; c.vf = ((_a ^ _r) & (_b ^ _r)) >>> 31; } } pc += 4; break;
      }
      case 54: { // AND_W: AND, BIC (shifted register), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { let bl; if (($imm3 === 0)) { bl = x[$m]; } else { shift32(x[$m], $imm2, $imm3); bl = out[0]; } if ((($fl & 1) !== 0)) { bl = ~bl; } const r = x[$n] & bl; x[$d] = r; x[$d + 1] = 0; } pc += 4; break;
      }
      case 55: { // ORR_X: ORR, ORN, MOV, MVN (shifted register), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { let bl, bh; if (($imm3 === 0)) { bl = x[$m]; bh = x[$m + 1]; } else { shift64(x[$m], x[$m + 1], $imm2, $imm3); bl = out[0]; bh = out[1]; } if ((($fl & 1) !== 0)) { bl = ~bl; bh = ~bh; } const rl = x[$n] | bl, rh = x[$n + 1] | bh; x[$d] = rl; x[$d + 1] = rh; } pc += 4; break;
      }
      case 56: { // ORR_W: ORR, ORN, MOV, MVN (shifted register), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { let bl; if (($imm3 === 0)) { bl = x[$m]; } else { shift32(x[$m], $imm2, $imm3); bl = out[0]; } if ((($fl & 1) !== 0)) { bl = ~bl; } const r = x[$n] | bl; x[$d] = r; x[$d + 1] = 0; } pc += 4; break;
      }
      case 58: { // EOR_W: EOR, EON (shifted register), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { let bl; if (($imm3 === 0)) { bl = x[$m]; } else { shift32(x[$m], $imm2, $imm3); bl = out[0]; } if ((($fl & 1) !== 0)) { bl = ~bl; } const r = x[$n] ^ bl; x[$d] = r; x[$d + 1] = 0; } pc += 4; break;
      }
      case 64: { // CSEL: CSEL, CSINC, CSINV, CSNEG (CSET, CINC, CINV, CNEG...)
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $fl = dec[i + 7]; if (condHolds(c, $imm)) { x[$d] = x[$n]; x[$d + 1] = ((($fl & 1) !== 0) ? x[$n + 1] : 0); } else { { let rl = x[$m], rh = ((($fl & 1) !== 0) ? x[$m + 1] : 0); if ((($fl & 2) !== 0)) { rl = ~rl; rh = ~rh; } if ((($fl & 4) !== 0)) { { const l = (rl >>> 0) + 1; rl = l | 0; if (l > 0xffffffff) rh = (rh + 1) | 0; } } x[$d] = rl; x[$d + 1] = ((($fl & 1) !== 0) ? rh : 0); } } pc += 4; break;
      }
      case 65: { // DP1: RBIT, REV16, REV32, REV, CLZ, CLS
        const $d = dec[i + 1], $n = dec[i + 2], $imm2 = dec[i + 5], $fl = dec[i + 7]; dp1(x, $d, $n, $imm2, $fl === 1); pc += 4; break;
      }
      case 66: { // DP2: UDIV, SDIV, LSLV, LSRV, ASRV, RORV
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; dp2(x, $d, $n, $m, $imm2, $fl === 1); pc += 4; break;
      }
      case 67: { // CRC: CRC32B/H/W/X, CRC32CB/CH/CW/CX
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; crc(x, $d, $n, $m, $imm2, $imm3); pc += 4; break;
      }
      case 68: { // MADD: MADD, MSUB, MUL, MNEG
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $fl = dec[i + 7]; if ((($fl & 1) !== 0)) { madd64(x, $d, $n, $m, $imm, $fl); } else { { const p = Math.imul(x[$n], x[$m]); x[$d] = ((($fl & 2) !== 0) ? (x[$imm] - p) | 0 : (x[$imm] + p) | 0); x[$d + 1] = 0; } } pc += 4; break;
      }
      case 69: { // MULL: SMADDL, SMSUBL, UMADDL, UMSUBL (SMULL, UMULL...)
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $fl = dec[i + 7]; mull(x, $d, $n, $m, $imm, $fl); pc += 4; break;
      }
      case 70: { // MULH: SMULH, UMULH
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $fl = dec[i + 7]; mulh(x, $d, $n, $m, $fl); pc += 4; break;
      }
      case 71: { // B: B
        const $imm = dec[i + 4]; pc += $imm; jumped = true; break;
      }
      case 72: { // BL: BL
        const $imm = dec[i + 4]; { const _v = pc + 4, _h = Math.floor(_v / 4294967296); x[60] = _v - _h * 4294967296; x[61] = _h; } pc += $imm; jumped = true; break;
      }
      case 73: { // BCOND: B.cond
        const $imm = dec[i + 4], $imm2 = dec[i + 5]; if (condHolds(c, $imm2)) { pc += $imm; } else pc += 4; jumped = true; break;
      }
      case 74: { // CBZ_X: CBZ, 64-bit
        const $n = dec[i + 2], $imm = dec[i + 4]; if ((x[$n] | x[$n + 1]) === 0) { pc += $imm; } else pc += 4; jumped = true; break;
      }
      case 75: { // CBNZ_X: CBNZ, 64-bit
        const $n = dec[i + 2], $imm = dec[i + 4]; if ((x[$n] | x[$n + 1]) !== 0) { pc += $imm; } else pc += 4; jumped = true; break;
      }
      case 76: { // CBZ_W: CBZ, 32-bit
        const $n = dec[i + 2], $imm = dec[i + 4]; if (x[$n] === 0) { pc += $imm; } else pc += 4; jumped = true; break;
      }
      case 77: { // CBNZ_W: CBNZ, 32-bit
        const $n = dec[i + 2], $imm = dec[i + 4]; if (x[$n] !== 0) { pc += $imm; } else pc += 4; jumped = true; break;
      }
      case 78: { // TBZ: TBZ
        const $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; if ((x[$n] & $imm2) === 0) { pc += $imm; } else pc += 4; jumped = true; break;
      }
      case 79: { // TBNZ: TBNZ
        const $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; if ((x[$n] & $imm2) !== 0) { pc += $imm; } else pc += 4; jumped = true; break;
      }
      case 80: { // BR: BR
        const $n = dec[i + 2]; const tgt = ((x[$n + 1] + 0x200000) >>> 22 === 0 ? x[$n + 1] * 4294967296 + (x[$n] >>> 0) : c.wildPc(x[$n], x[$n + 1])); pc = tgt; jumped = true; break;
      }
      case 81: { // BLR: BLR
        const $n = dec[i + 2]; const tgt = ((x[$n + 1] + 0x200000) >>> 22 === 0 ? x[$n + 1] * 4294967296 + (x[$n] >>> 0) : c.wildPc(x[$n], x[$n + 1])); { const _v = pc + 4, _h = Math.floor(_v / 4294967296); x[60] = _v - _h * 4294967296; x[61] = _h; } pc = tgt; jumped = true; break;
      }
      case 82: { // RET: RET
        const $n = dec[i + 2]; const tgt = ((x[$n + 1] + 0x200000) >>> 22 === 0 ? x[$n + 1] * 4294967296 + (x[$n] >>> 0) : c.wildPc(x[$n], x[$n + 1])); pc = tgt; jumped = true; break;
      }
      case 83: { // LDRX_UI: LDR (immediate, unsigned offset), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { const dv = c.dDv; x[$d] = dv.getInt32(o, true); x[$d + 1] = dv.getInt32(o + 4, true); } else { c.pc = pc; c.curN = n; if (!c.memOp(83, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } pc += 4; break;
      }
      case 84: { // LDRW_UI: LDR (immediate, unsigned offset), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { x[$d] = c.dDv.getInt32(o, true); x[$d + 1] = 0; } else { c.pc = pc; c.curN = n; if (!c.memOp(84, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } pc += 4; break;
      }
      case 85: { // LDRB_UI: LDRB (immediate, unsigned offset)
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.dLen && (c.dFlags[o >>> 12] & 6) === 0) { x[$d] = c.dDv.getUint8(o); x[$d + 1] = 0; } else { c.pc = pc; c.curN = n; if (!c.memOp(85, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } pc += 4; break;
      }
      case 86: { // STRX_UI: STR (immediate, unsigned offset), 64-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 7) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv; dv.setInt32(o, x[$d], true); dv.setInt32(o + 4, x[$d + 1], true); } else { c.pc = pc; c.curN = n; if (!c.memOp(86, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } pc += 4; break;
      }
      case 87: { // STRW_UI: STR (immediate, unsigned offset), 32-bit
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.sLen && (o & 3) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 4))) { c.sDv.setInt32(o, x[$d], true); } else { c.pc = pc; c.curN = n; if (!c.memOp(87, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } pc += 4; break;
      }
      case 88: { // STRB_UI: STRB (immediate, unsigned offset)
        const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.sLen && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 1))) { c.sDv.setUint8(o, x[$d]); } else { c.pc = pc; c.curN = n; if (!c.memOp(88, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } pc += 4; break;
      }
      case 97: { // LDSTP: LDP, STP, LDPSW, LDNP, STNP
        const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $imm2 = dec[i + 5], $fl = dec[i + 7]; if ((($fl & 3) === 3)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; if ((($fl & 4) !== 0)) { const ea = (($imm2 === 1) ? a : a + $imm); let o = ea - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(ea); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 16 <= c.dLen && (o & 7) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 15) >>> 12]) & 6) === 0) { const dv = c.dDv; const a0 = dv.getInt32(o, true), a1 = dv.getInt32(o + 4, true), b0 = dv.getInt32(o + 8, true), b1 = dv.getInt32(o + 12, true); x[$d] = a0; x[$d + 1] = a1; x[$m] = b0; x[$m + 1] = b1; if (($imm2 !== 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { c.pc = pc; c.curN = n; if (!c.memOp(97, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } else { const ea = (($imm2 === 1) ? a : a + $imm); let o = ea - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(ea); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 16 <= c.sLen && (o & 7) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 15) >>> 12]) === 0 || c.sCodeFree(o, 16))) { const dv = c.sDv; dv.setInt32(o, x[$d], true); dv.setInt32(o + 4, x[$d + 1], true); dv.setInt32(o + 8, x[$m], true); dv.setInt32(o + 12, x[$m + 1], true); if (($imm2 !== 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { c.pc = pc; c.curN = n; if (!c.memOp(97, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } } } else { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; if ((($fl & 4) !== 0)) { const ea = (($imm2 === 1) ? a : a + $imm); let o = ea - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(ea); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 3) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 7) >>> 12]) & 6) === 0) { const dv = c.dDv; const a0 = dv.getInt32(o, true), b0 = dv.getInt32(o + 4, true); x[$d] = a0; x[$d + 1] = ((($fl & 8) !== 0) ? a0 >> 31 : 0); x[$m] = b0; x[$m + 1] = ((($fl & 8) !== 0) ? b0 >> 31 : 0); if (($imm2 !== 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { c.pc = pc; c.curN = n; if (!c.memOp(97, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } else { const ea = (($imm2 === 1) ? a : a + $imm); let o = ea - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(ea); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 3) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 7) >>> 12]) === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv; dv.setInt32(o, x[$d], true); dv.setInt32(o + 4, x[$m], true); if (($imm2 !== 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { c.pc = pc; c.curN = n; if (!c.memOp(97, dec, i)) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; } dec = c.curDec; base = c.curBase; } } } } pc += 4; break;
      }
      default: { // the cold ops, each a function of its own (COLD)
        c.pc = pc; c.curN = n; jumped = COLD[op]!(c, x, dec, i); pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop;
      }
    }
  }
  c.pc = pc;
  return n;
}

/**
 * One instruction of an op that makes a call anyway (gen-exec.ts `isCold`), by op id: each such op's
 * case is a function of its own, kept out of `exec` so the loop stays small enough for V8 to optimise
 * quickly, and apart from the others, so V8 optimises only those a guest runs often (one function
 * holding them all took TurboFan 35-135 ms, U-Boot's first blocks waiting behind it on the one
 * compiler thread). Runs the record at `i` from c.pc and leaves c.pc at the next instruction to
 * execute; `exec` then re-reads PC, the page and stopReq. Returns true when the op left
 * straight-line code (a system instruction, which compiled blocks end before, or an exception
 * taken): `exec` then looks for a compiled block where execution goes on, as after a branch, instead
 * of interpreting up to the next branch.
 */
const COLD: readonly ((c: CpuCore, x: Int32Array, dec: Int32Array, i: number) => boolean)[] = [
  coldUndef, // 0
  coldUDF, // 1
  coldSVC, // 2
  coldHVC, // 3
  coldBRK, // 4
  coldERET, // 5
  coldMRS, // 6
  coldMSR, // 7
  coldMSRI, // 8
  coldWFI, // 9
  coldWFE, // 10
  coldUndef, // 11 ISB: a case of exec
  coldCLREX, // 12
  coldSYS, // 13
  coldUndef, // 14 MRSC: a case of exec
  coldUndef, // 15 MRSV: a case of exec
  coldUndef, // 16 NOP: a case of exec
  coldUndef, // 17 MOVC: a case of exec
  coldUndef, // 18 MOVK: a case of exec
  coldUndef, // 19 ADR: a case of exec
  coldUndef, // 20 ADRP: a case of exec
  coldUndef, // 21 ADDI_X: a case of exec
  coldUndef, // 22 ADDI_W: a case of exec
  coldUndef, // 23 SUBI_X: a case of exec
  coldUndef, // 24 SUBI_W: a case of exec
  coldADDSI_X, // 25
  coldADDSI_W, // 26
  coldUndef, // 27 SUBSI_X: a case of exec
  coldUndef, // 28 SUBSI_W: a case of exec
  coldUndef, // 29 ANDI_X: a case of exec
  coldUndef, // 30 ANDI_W: a case of exec
  coldUndef, // 31 ORRI_X: a case of exec
  coldUndef, // 32 ORRI_W: a case of exec
  coldUndef, // 33 EORI_X: a case of exec
  coldUndef, // 34 EORI_W: a case of exec
  coldUndef, // 35 ANDSI_X: a case of exec
  coldUndef, // 36 ANDSI_W: a case of exec
  coldUndef, // 37 LSLI_X: a case of exec
  coldUndef, // 38 LSLI_W: a case of exec
  coldUndef, // 39 LSRI_X: a case of exec
  coldUndef, // 40 LSRI_W: a case of exec
  coldUndef, // 41 ASRI_X: a case of exec
  coldUndef, // 42 ASRI_W: a case of exec
  coldUndef, // 43 BFX: a case of exec
  coldUndef, // 44 EXTR: a case of exec
  coldUndef, // 45 ADD_X: a case of exec
  coldUndef, // 46 ADD_W: a case of exec
  coldUndef, // 47 SUB_X: a case of exec
  coldUndef, // 48 SUB_W: a case of exec
  coldADDS_X, // 49
  coldADDS_W, // 50
  coldUndef, // 51 SUBS_X: a case of exec
  coldUndef, // 52 SUBS_W: a case of exec
  coldAND_X, // 53
  coldUndef, // 54 AND_W: a case of exec
  coldUndef, // 55 ORR_X: a case of exec
  coldUndef, // 56 ORR_W: a case of exec
  coldEOR_X, // 57
  coldUndef, // 58 EOR_W: a case of exec
  coldANDS_X, // 59
  coldANDS_W, // 60
  coldADDEXT, // 61
  coldADC, // 62
  coldCCMP, // 63
  coldUndef, // 64 CSEL: a case of exec
  coldUndef, // 65 DP1: a case of exec
  coldUndef, // 66 DP2: a case of exec
  coldUndef, // 67 CRC: a case of exec
  coldUndef, // 68 MADD: a case of exec
  coldUndef, // 69 MULL: a case of exec
  coldUndef, // 70 MULH: a case of exec
  coldUndef, // 71 B: a case of exec
  coldUndef, // 72 BL: a case of exec
  coldUndef, // 73 BCOND: a case of exec
  coldUndef, // 74 CBZ_X: a case of exec
  coldUndef, // 75 CBNZ_X: a case of exec
  coldUndef, // 76 CBZ_W: a case of exec
  coldUndef, // 77 CBNZ_W: a case of exec
  coldUndef, // 78 TBZ: a case of exec
  coldUndef, // 79 TBNZ: a case of exec
  coldUndef, // 80 BR: a case of exec
  coldUndef, // 81 BLR: a case of exec
  coldUndef, // 82 RET: a case of exec
  coldUndef, // 83 LDRX_UI: a case of exec
  coldUndef, // 84 LDRW_UI: a case of exec
  coldUndef, // 85 LDRB_UI: a case of exec
  coldUndef, // 86 STRX_UI: a case of exec
  coldUndef, // 87 STRW_UI: a case of exec
  coldUndef, // 88 STRB_UI: a case of exec
  coldLDRX_R, // 89
  coldLDRW_R, // 90
  coldLDRB_R, // 91
  coldSTRX_R, // 92
  coldSTRW_R, // 93
  coldSTRB_R, // 94
  coldLDST, // 95
  coldLDLIT, // 96
  coldUndef, // 97 LDSTP: a case of exec
  coldLDX, // 98
  coldSTX, // 99
  coldSIMDFP, // 100
  coldFADD_D, // 101
  coldFSUB_D, // 102
  coldFMUL_D, // 103
  coldFDIV_D, // 104
  coldFNMUL_D, // 105
  coldFADD_S, // 106
  coldFSUB_S, // 107
  coldFMUL_S, // 108
  coldFDIV_S, // 109
  coldFNMUL_S, // 110
  coldFCMP_D, // 111
  coldFCMP_S, // 112
  coldFMOV_V, // 113
  coldFMOV_VI, // 114
  coldFMOV_TOV, // 115
  coldFMOV_FROMV, // 116
  coldVLDR_Q, // 117
  coldVLDRR_Q, // 118
  coldVLDP_Q, // 119
  coldVSTR_Q, // 120
  coldVSTRR_Q, // 121
  coldVSTP_Q, // 122
  coldVLDR_D, // 123
  coldVLDRR_D, // 124
  coldVLDP_D, // 125
  coldVSTR_D, // 126
  coldVSTRR_D, // 127
  coldVSTP_D, // 128
  coldVLDR_S, // 129
  coldVLDRR_S, // 130
  coldVLDP_S, // 131
  coldVSTR_S, // 132
  coldVSTRR_S, // 133
  coldVSTP_S, // 134
  coldFADDV, // 135
  coldFSUBV, // 136
  coldFMULV, // 137
  coldFDIVV, // 138
  coldADDV, // 139
  coldSUBV, // 140
  coldMULV, // 141
  coldMLAV, // 142
  coldMLSV, // 143
  coldSMAXV, // 144
  coldSMINV, // 145
  coldUMAXV, // 146
  coldUMINV, // 147
  coldCMGTV, // 148
  coldCMGEV, // 149
  coldCMHIV, // 150
  coldCMHSV, // 151
  coldCMEQV, // 152
  coldCMTSTV, // 153
  coldANDV, // 154
  coldBICV, // 155
  coldORRV, // 156
  coldORNV, // 157
  coldEORV, // 158
  coldBSLV, // 159
  coldBITV, // 160
  coldBIFV, // 161
  coldSHLV, // 162
  coldUSHRV, // 163
  coldSSHRV, // 164
  coldUSRAV, // 165
  coldSSRAV, // 166
  coldUSHLLV, // 167
  coldSSHLLV, // 168
  coldUADDLV, // 169
  coldSADDLV, // 170
  coldUSUBLV, // 171
  coldSSUBLV, // 172
  coldUADDWV, // 173
  coldSADDWV, // 174
  coldUSUBWV, // 175
  coldSSUBWV, // 176
  coldUMULLV, // 177
  coldSMULLV, // 178
  coldUMLALV, // 179
  coldSMLALV, // 180
  coldUMLSLV, // 181
  coldSMLSLV, // 182
  coldUZP1V, // 183
  coldUZP2V, // 184
  coldTRN1V, // 185
  coldTRN2V, // 186
  coldZIP1V, // 187
  coldZIP2V, // 188
];

/** The table's entry for the ops `exec` runs itself (never called) and op 0: UNDEFINED, as a last resort. */
function coldUndef(c: CpuCore): boolean {
  c.undef();
  return true;
}

/** UDF: every UNDEFINED or unimplemented encoding (its case in `exec`, cold). */
function coldUDF(c: CpuCore, _x: Int32Array, _dec: Int32Array, _i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // UDF: every UNDEFINED or unimplemented encoding
      c.pc = pc; c.undef(); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** SVC: SVC (its case in `exec`, cold). */
function coldSVC(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // SVC: SVC
      const $imm = dec[i + 4]; c.pc = pc; c.svc($imm); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** HVC: HVC (its case in `exec`, cold). */
function coldHVC(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // HVC: HVC
      const $imm = dec[i + 4]; c.pc = pc; c.hvc($imm); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** BRK: BRK (its case in `exec`, cold). */
function coldBRK(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // BRK: BRK
      const $imm = dec[i + 4]; c.pc = pc; c.brk($imm); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** ERET: ERET (its case in `exec`, cold). */
function coldERET(c: CpuCore, _x: Int32Array, _dec: Int32Array, _i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // ERET: ERET
      c.pc = pc; c.eret(); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** MRS: MRS (its case in `exec`, cold). */
function coldMRS(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // MRS: MRS
      const $d = dec[i + 1], $imm = dec[i + 4]; c.pc = pc; c.mrs($imm, $d); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** MSR: MSR (register) (its case in `exec`, cold). */
function coldMSR(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // MSR: MSR (register)
      const $n = dec[i + 2], $imm = dec[i + 4]; c.pc = pc; c.msr($imm, $n); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** MSRI: MSR (immediate): DAIFSet, DAIFClr, SPSel (its case in `exec`, cold). */
function coldMSRI(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // MSRI: MSR (immediate): DAIFSet, DAIFClr, SPSel
      const $imm = dec[i + 4], $imm2 = dec[i + 5]; c.pc = pc; c.msrImm($imm, $imm2); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** WFI: WFI (its case in `exec`, cold). */
function coldWFI(c: CpuCore, _x: Int32Array, _dec: Int32Array, _i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // WFI: WFI
      c.pc = pc; c.wfi(); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** WFE: WFE, SEV, SEVL: the event register (its case in `exec`, cold). */
function coldWFE(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // WFE: WFE, SEV, SEVL: the event register
      const $imm = dec[i + 4]; c.pc = pc; c.wfe($imm); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** CLREX: CLREX (its case in `exec`, cold). */
function coldCLREX(c: CpuCore, _x: Int32Array, _dec: Int32Array, _i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // CLREX: CLREX
      c.pc = pc; c.clrex(); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** SYS: SYS: DC, IC, AT, TLBI (its case in `exec`, cold). */
function coldSYS(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  const pc = c.pc;
  switch (0) {
    case 0: { // SYS: SYS: DC, IC, AT, TLBI
      const $n = dec[i + 2], $imm = dec[i + 4]; c.pc = pc; c.sysInsn($imm, $n); return true;
    }
  }
  c.pc = pc;
  return false;
}

/** ADDSI_X: ADDS, CMN (immediate), 64-bit (its case in `exec`, cold). */
function coldADDSI_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ADDSI_X: ADDS, CMN (immediate), 64-bit
      opADDSI_X(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ADDSI_W: ADDS, CMN (immediate), 32-bit (its case in `exec`, cold). */
function coldADDSI_W(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ADDSI_W: ADDS, CMN (immediate), 32-bit
      opADDSI_W(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ADDS_X: ADDS, CMN (shifted register), 64-bit (its case in `exec`, cold). */
function coldADDS_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ADDS_X: ADDS, CMN (shifted register), 64-bit
      opADDS_X(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ADDS_W: ADDS, CMN (shifted register), 32-bit (its case in `exec`, cold). */
function coldADDS_W(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ADDS_W: ADDS, CMN (shifted register), 32-bit
      opADDS_W(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** AND_X: AND, BIC (shifted register), 64-bit (its case in `exec`, cold). */
function coldAND_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // AND_X: AND, BIC (shifted register), 64-bit
      opAND_X(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** EOR_X: EOR, EON (shifted register), 64-bit (its case in `exec`, cold). */
function coldEOR_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // EOR_X: EOR, EON (shifted register), 64-bit
      opEOR_X(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ANDS_X: ANDS, BICS, TST (shifted register), 64-bit (its case in `exec`, cold). */
function coldANDS_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ANDS_X: ANDS, BICS, TST (shifted register), 64-bit
      opANDS_X(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ANDS_W: ANDS, BICS, TST (shifted register), 32-bit (its case in `exec`, cold). */
function coldANDS_W(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ANDS_W: ANDS, BICS, TST (shifted register), 32-bit
      opANDS_W(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ADDEXT: ADD, ADDS, SUB, SUBS, CMP, CMN (extended register) (its case in `exec`, cold). */
function coldADDEXT(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ADDEXT: ADD, ADDS, SUB, SUBS, CMP, CMN (extended register)
      opADDEXT(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ADC: ADC, ADCS, SBC, SBCS, NGC, NGCS (its case in `exec`, cold). */
function coldADC(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ADC: ADC, ADCS, SBC, SBCS, NGC, NGCS
      opADC(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** CCMP: CCMP, CCMN (register and immediate) (its case in `exec`, cold). */
function coldCCMP(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // CCMP: CCMP, CCMN (register and immediate)
      opCCMP(c, x, dec, i); pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** LDRX_R: LDR (register), 64-bit (its case in `exec`, cold). */
function coldLDRX_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // LDRX_R: LDR (register), 64-bit
      if (!opLDRX_R(c, x, dec, i)) { c.pc = pc; if (!c.memOp(89, dec, i)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** LDRW_R: LDR (register), 32-bit (its case in `exec`, cold). */
function coldLDRW_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // LDRW_R: LDR (register), 32-bit
      if (!opLDRW_R(c, x, dec, i)) { c.pc = pc; if (!c.memOp(90, dec, i)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** LDRB_R: LDRB (register) (its case in `exec`, cold). */
function coldLDRB_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // LDRB_R: LDRB (register)
      if (!opLDRB_R(c, x, dec, i)) { c.pc = pc; if (!c.memOp(91, dec, i)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** STRX_R: STR (register), 64-bit (its case in `exec`, cold). */
function coldSTRX_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // STRX_R: STR (register), 64-bit
      if (!opSTRX_R(c, x, dec, i)) { c.pc = pc; if (!c.memOp(92, dec, i)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** STRW_R: STR (register), 32-bit (its case in `exec`, cold). */
function coldSTRW_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // STRW_R: STR (register), 32-bit
      if (!opSTRW_R(c, x, dec, i)) { c.pc = pc; if (!c.memOp(93, dec, i)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** STRB_R: STRB (register) (its case in `exec`, cold). */
function coldSTRB_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // STRB_R: STRB (register)
      if (!opSTRB_R(c, x, dec, i)) { c.pc = pc; if (!c.memOp(94, dec, i)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** LDST: every other single-register load/store: LDR/STR/LDUR/STUR/LDTR/STTR{B,H,SB,SH,SW}, pre/post-index, register offset, LDAR/STLR, PRFM (its case in `exec`, cold). */
function coldLDST(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // LDST: every other single-register load/store: LDR/STR/LDUR/STUR/LDTR/STTR{B,H,SB,SH,SW}, pre/post-index, register offset, LDAR/STLR, PRFM
      if (!opLDST(c, x, dec, i)) { c.pc = pc; if (!c.memOp(95, dec, i)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** LDLIT: LDR (literal), LDRSW (literal), PRFM (literal) (its case in `exec`, cold). */
function coldLDLIT(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // LDLIT: LDR (literal), LDRSW (literal), PRFM (literal)
      c.pc = pc; if (!c.memOp(96, dec, i)) return true; pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** LDX: LDXR, LDAXR, LDXP, LDAXP (its case in `exec`, cold). */
function coldLDX(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // LDX: LDXR, LDAXR, LDXP, LDAXP
      c.pc = pc; if (!c.memOp(98, dec, i)) return true; pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** STX: STXR, STLXR, STXP, STLXP (its case in `exec`, cold). */
function coldSTX(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // STX: STXR, STLXR, STXP, STLXP
      c.pc = pc; if (!c.memOp(99, dec, i)) return true; pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SIMDFP: every SIMD&FP instruction (scalar FP, AdvSIMD, crypto, their loads and stores) (its case in `exec`, cold). */
function coldSIMDFP(c: CpuCore, _x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SIMDFP: every SIMD&FP instruction (scalar FP, AdvSIMD, crypto, their loads and stores)
      const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FADD_D: FADD (scalar, double precision) (its case in `exec`, cold). */
function coldFADD_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FADD_D: FADD (scalar, double precision)
      if (!opFADD_D(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FSUB_D: FSUB (scalar, double precision) (its case in `exec`, cold). */
function coldFSUB_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FSUB_D: FSUB (scalar, double precision)
      if (!opFSUB_D(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FMUL_D: FMUL (scalar, double precision) (its case in `exec`, cold). */
function coldFMUL_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FMUL_D: FMUL (scalar, double precision)
      if (!opFMUL_D(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FDIV_D: FDIV (scalar, double precision) (its case in `exec`, cold). */
function coldFDIV_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FDIV_D: FDIV (scalar, double precision)
      if (!opFDIV_D(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FNMUL_D: FNMUL (scalar, double precision) (its case in `exec`, cold). */
function coldFNMUL_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FNMUL_D: FNMUL (scalar, double precision)
      if (!opFNMUL_D(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FADD_S: FADD (scalar, single precision) (its case in `exec`, cold). */
function coldFADD_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FADD_S: FADD (scalar, single precision)
      if (!opFADD_S(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FSUB_S: FSUB (scalar, single precision) (its case in `exec`, cold). */
function coldFSUB_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FSUB_S: FSUB (scalar, single precision)
      if (!opFSUB_S(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FMUL_S: FMUL (scalar, single precision) (its case in `exec`, cold). */
function coldFMUL_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FMUL_S: FMUL (scalar, single precision)
      if (!opFMUL_S(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FDIV_S: FDIV (scalar, single precision) (its case in `exec`, cold). */
function coldFDIV_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FDIV_S: FDIV (scalar, single precision)
      if (!opFDIV_S(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FNMUL_S: FNMUL (scalar, single precision) (its case in `exec`, cold). */
function coldFNMUL_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FNMUL_S: FNMUL (scalar, single precision)
      if (!opFNMUL_S(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FCMP_D: FCMP, FCMPE (double precision, register or #0.0) (its case in `exec`, cold). */
function coldFCMP_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FCMP_D: FCMP, FCMPE (double precision, register or #0.0)
      if (!opFCMP_D(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FCMP_S: FCMP, FCMPE (single precision, register or #0.0) (its case in `exec`, cold). */
function coldFCMP_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FCMP_S: FCMP, FCMPE (single precision, register or #0.0)
      if (!opFCMP_S(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FMOV_V: FMOV (register): Dd = Dn or Sd = Sn (its case in `exec`, cold). */
function coldFMOV_V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FMOV_V: FMOV (register): Dd = Dn or Sd = Sn
      if (!opFMOV_V(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FMOV_VI: FMOV (scalar, immediate): the expanded constant (its case in `exec`, cold). */
function coldFMOV_VI(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FMOV_VI: FMOV (scalar, immediate): the expanded constant
      if (!opFMOV_VI(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FMOV_TOV: FMOV (general): Dd = Xn or Sd = Wn (its case in `exec`, cold). */
function coldFMOV_TOV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FMOV_TOV: FMOV (general): Dd = Xn or Sd = Wn
      if (!opFMOV_TOV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FMOV_FROMV: FMOV (general): Xd = Dn or Wd = Sn (its case in `exec`, cold). */
function coldFMOV_FROMV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FMOV_FROMV: FMOV (general): Xd = Dn or Wd = Sn
      if (!opFMOV_FROMV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VLDR_Q: LDR/LDUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Qt (its case in `exec`, cold). */
function coldVLDR_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VLDR_Q: LDR/LDUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Qt
      if (!opVLDR_Q(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VLDRR_Q: LDR (SIMD&FP, register offset), Qt (its case in `exec`, cold). */
function coldVLDRR_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VLDRR_Q: LDR (SIMD&FP, register offset), Qt
      if (!opVLDRR_Q(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VLDP_Q: LDP/LDNP (SIMD&FP), Qt1 and Qt2 (its case in `exec`, cold). */
function coldVLDP_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VLDP_Q: LDP/LDNP (SIMD&FP), Qt1 and Qt2
      if (!opVLDP_Q(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VSTR_Q: STR/STUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Qt (its case in `exec`, cold). */
function coldVSTR_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VSTR_Q: STR/STUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Qt
      if (!opVSTR_Q(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VSTRR_Q: STR (SIMD&FP, register offset), Qt (its case in `exec`, cold). */
function coldVSTRR_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VSTRR_Q: STR (SIMD&FP, register offset), Qt
      if (!opVSTRR_Q(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VSTP_Q: STP/STNP (SIMD&FP), Qt1 and Qt2 (its case in `exec`, cold). */
function coldVSTP_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VSTP_Q: STP/STNP (SIMD&FP), Qt1 and Qt2
      if (!opVSTP_Q(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VLDR_D: LDR/LDUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Dt (its case in `exec`, cold). */
function coldVLDR_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VLDR_D: LDR/LDUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Dt
      if (!opVLDR_D(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VLDRR_D: LDR (SIMD&FP, register offset), Dt (its case in `exec`, cold). */
function coldVLDRR_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VLDRR_D: LDR (SIMD&FP, register offset), Dt
      if (!opVLDRR_D(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VLDP_D: LDP/LDNP (SIMD&FP), Dt1 and Dt2 (its case in `exec`, cold). */
function coldVLDP_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VLDP_D: LDP/LDNP (SIMD&FP), Dt1 and Dt2
      if (!opVLDP_D(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VSTR_D: STR/STUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Dt (its case in `exec`, cold). */
function coldVSTR_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VSTR_D: STR/STUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Dt
      if (!opVSTR_D(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VSTRR_D: STR (SIMD&FP, register offset), Dt (its case in `exec`, cold). */
function coldVSTRR_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VSTRR_D: STR (SIMD&FP, register offset), Dt
      if (!opVSTRR_D(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VSTP_D: STP/STNP (SIMD&FP), Dt1 and Dt2 (its case in `exec`, cold). */
function coldVSTP_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VSTP_D: STP/STNP (SIMD&FP), Dt1 and Dt2
      if (!opVSTP_D(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VLDR_S: LDR/LDUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), St (its case in `exec`, cold). */
function coldVLDR_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VLDR_S: LDR/LDUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), St
      if (!opVLDR_S(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VLDRR_S: LDR (SIMD&FP, register offset), St (its case in `exec`, cold). */
function coldVLDRR_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VLDRR_S: LDR (SIMD&FP, register offset), St
      if (!opVLDRR_S(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VLDP_S: LDP/LDNP (SIMD&FP), St1 and St2 (its case in `exec`, cold). */
function coldVLDP_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VLDP_S: LDP/LDNP (SIMD&FP), St1 and St2
      if (!opVLDP_S(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VSTR_S: STR/STUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), St (its case in `exec`, cold). */
function coldVSTR_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VSTR_S: STR/STUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), St
      if (!opVSTR_S(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VSTRR_S: STR (SIMD&FP, register offset), St (its case in `exec`, cold). */
function coldVSTRR_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VSTRR_S: STR (SIMD&FP, register offset), St
      if (!opVSTRR_S(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** VSTP_S: STP/STNP (SIMD&FP), St1 and St2 (its case in `exec`, cold). */
function coldVSTP_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // VSTP_S: STP/STNP (SIMD&FP), St1 and St2
      if (!opVSTP_S(c, x, dec, i)) { const $imm3 = dec[i + 6]; c.pc = pc; if (!c.fpInsn($imm3)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FADDV: FADD (vector: 2S, 4S, 2D) (its case in `exec`, cold). */
function coldFADDV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FADDV: FADD (vector: 2S, 4S, 2D)
      if (!opFADDV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FSUBV: FSUB (vector: 2S, 4S, 2D) (its case in `exec`, cold). */
function coldFSUBV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FSUBV: FSUB (vector: 2S, 4S, 2D)
      if (!opFSUBV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FMULV: FMUL (vector: 2S, 4S, 2D) (its case in `exec`, cold). */
function coldFMULV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FMULV: FMUL (vector: 2S, 4S, 2D)
      if (!opFMULV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** FDIVV: FDIV (vector: 2S, 4S, 2D) (its case in `exec`, cold). */
function coldFDIVV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // FDIVV: FDIV (vector: 2S, 4S, 2D)
      if (!opFDIVV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ADDV: ADDV (vector) (its case in `exec`, cold). */
function coldADDV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ADDV: ADDV (vector)
      if (!opADDV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SUBV: SUBV (vector) (its case in `exec`, cold). */
function coldSUBV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SUBV: SUBV (vector)
      if (!opSUBV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** MULV: MUL (vector) (its case in `exec`, cold). */
function coldMULV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // MULV: MUL (vector)
      if (!opMULV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** MLAV: MLA (vector) (its case in `exec`, cold). */
function coldMLAV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // MLAV: MLA (vector)
      if (!opMLAV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** MLSV: MLS (vector) (its case in `exec`, cold). */
function coldMLSV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // MLSV: MLS (vector)
      if (!opMLSV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SMAXV: SMAX (vector) (its case in `exec`, cold). */
function coldSMAXV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SMAXV: SMAX (vector)
      if (!opSMAXV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SMINV: SMIN (vector) (its case in `exec`, cold). */
function coldSMINV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SMINV: SMIN (vector)
      if (!opSMINV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** UMAXV: UMAX (vector) (its case in `exec`, cold). */
function coldUMAXV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // UMAXV: UMAX (vector)
      if (!opUMAXV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** UMINV: UMIN (vector) (its case in `exec`, cold). */
function coldUMINV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // UMINV: UMIN (vector)
      if (!opUMINV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** CMGTV: CMGT (register, vector) (its case in `exec`, cold). */
function coldCMGTV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // CMGTV: CMGT (register, vector)
      if (!opCMGTV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** CMGEV: CMGE (register, vector) (its case in `exec`, cold). */
function coldCMGEV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // CMGEV: CMGE (register, vector)
      if (!opCMGEV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** CMHIV: CMHI (register, vector) (its case in `exec`, cold). */
function coldCMHIV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // CMHIV: CMHI (register, vector)
      if (!opCMHIV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** CMHSV: CMHS (register, vector) (its case in `exec`, cold). */
function coldCMHSV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // CMHSV: CMHS (register, vector)
      if (!opCMHSV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** CMEQV: CMEQ (register, vector) (its case in `exec`, cold). */
function coldCMEQV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // CMEQV: CMEQ (register, vector)
      if (!opCMEQV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** CMTSTV: CMTST (vector) (its case in `exec`, cold). */
function coldCMTSTV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // CMTSTV: CMTST (vector)
      if (!opCMTSTV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ANDV: ANDV (vector) (its case in `exec`, cold). */
function coldANDV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ANDV: ANDV (vector)
      if (!opANDV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** BICV: BICV (vector) (its case in `exec`, cold). */
function coldBICV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // BICV: BICV (vector)
      if (!opBICV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ORRV: ORRV (vector) (its case in `exec`, cold). */
function coldORRV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ORRV: ORRV (vector)
      if (!opORRV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ORNV: ORNV (vector) (its case in `exec`, cold). */
function coldORNV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ORNV: ORNV (vector)
      if (!opORNV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** EORV: EORV (vector) (its case in `exec`, cold). */
function coldEORV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // EORV: EORV (vector)
      if (!opEORV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** BSLV: BSLV (vector) (its case in `exec`, cold). */
function coldBSLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // BSLV: BSLV (vector)
      if (!opBSLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** BITV: BITV (vector) (its case in `exec`, cold). */
function coldBITV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // BITV: BITV (vector)
      if (!opBITV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** BIFV: BIFV (vector) (its case in `exec`, cold). */
function coldBIFV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // BIFV: BIFV (vector)
      if (!opBIFV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SHLV: SHLV (vector) (its case in `exec`, cold). */
function coldSHLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SHLV: SHLV (vector)
      if (!opSHLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** USHRV: USHRV (vector) (its case in `exec`, cold). */
function coldUSHRV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // USHRV: USHRV (vector)
      if (!opUSHRV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SSHRV: SSHRV (vector) (its case in `exec`, cold). */
function coldSSHRV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SSHRV: SSHRV (vector)
      if (!opSSHRV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** USRAV: USRAV (vector) (its case in `exec`, cold). */
function coldUSRAV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // USRAV: USRAV (vector)
      if (!opUSRAV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SSRAV: SSRAV (vector) (its case in `exec`, cold). */
function coldSSRAV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SSRAV: SSRAV (vector)
      if (!opSSRAV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** USHLLV: USHLL, USHLL2, UXTL, UXTL2 (8- and 16-bit sources) (its case in `exec`, cold). */
function coldUSHLLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // USHLLV: USHLL, USHLL2, UXTL, UXTL2 (8- and 16-bit sources)
      if (!opUSHLLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SSHLLV: SSHLL, SSHLL2, SXTL, SXTL2 (8- and 16-bit sources) (its case in `exec`, cold). */
function coldSSHLLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SSHLLV: SSHLL, SSHLL2, SXTL, SXTL2 (8- and 16-bit sources)
      if (!opSSHLLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** UADDLV: UADDL, UADDL2 (its case in `exec`, cold). */
function coldUADDLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // UADDLV: UADDL, UADDL2
      if (!opUADDLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SADDLV: SADDL, SADDL2 (its case in `exec`, cold). */
function coldSADDLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SADDLV: SADDL, SADDL2
      if (!opSADDLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** USUBLV: USUBL, USUBL2 (its case in `exec`, cold). */
function coldUSUBLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // USUBLV: USUBL, USUBL2
      if (!opUSUBLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SSUBLV: SSUBL, SSUBL2 (its case in `exec`, cold). */
function coldSSUBLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SSUBLV: SSUBL, SSUBL2
      if (!opSSUBLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** UADDWV: UADDW, UADDW2 (its case in `exec`, cold). */
function coldUADDWV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // UADDWV: UADDW, UADDW2
      if (!opUADDWV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SADDWV: SADDW, SADDW2 (its case in `exec`, cold). */
function coldSADDWV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SADDWV: SADDW, SADDW2
      if (!opSADDWV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** USUBWV: USUBW, USUBW2 (its case in `exec`, cold). */
function coldUSUBWV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // USUBWV: USUBW, USUBW2
      if (!opUSUBWV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SSUBWV: SSUBW, SSUBW2 (its case in `exec`, cold). */
function coldSSUBWV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SSUBWV: SSUBW, SSUBW2
      if (!opSSUBWV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** UMULLV: UMULL, UMULL2 (its case in `exec`, cold). */
function coldUMULLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // UMULLV: UMULL, UMULL2
      if (!opUMULLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SMULLV: SMULL, SMULL2 (its case in `exec`, cold). */
function coldSMULLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SMULLV: SMULL, SMULL2
      if (!opSMULLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** UMLALV: UMLAL, UMLAL2 (its case in `exec`, cold). */
function coldUMLALV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // UMLALV: UMLAL, UMLAL2
      if (!opUMLALV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SMLALV: SMLAL, SMLAL2 (its case in `exec`, cold). */
function coldSMLALV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SMLALV: SMLAL, SMLAL2
      if (!opSMLALV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** UMLSLV: UMLSL, UMLSL2 (its case in `exec`, cold). */
function coldUMLSLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // UMLSLV: UMLSL, UMLSL2
      if (!opUMLSLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** SMLSLV: SMLSL, SMLSL2 (its case in `exec`, cold). */
function coldSMLSLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // SMLSLV: SMLSL, SMLSL2
      if (!opSMLSLV(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** UZP1V: UZP1V (vector) (its case in `exec`, cold). */
function coldUZP1V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // UZP1V: UZP1V (vector)
      if (!opUZP1V(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** UZP2V: UZP2V (vector) (its case in `exec`, cold). */
function coldUZP2V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // UZP2V: UZP2V (vector)
      if (!opUZP2V(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** TRN1V: TRN1V (vector) (its case in `exec`, cold). */
function coldTRN1V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // TRN1V: TRN1V (vector)
      if (!opTRN1V(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** TRN2V: TRN2V (vector) (its case in `exec`, cold). */
function coldTRN2V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // TRN2V: TRN2V (vector)
      if (!opTRN2V(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ZIP1V: ZIP1V (vector) (its case in `exec`, cold). */
function coldZIP1V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ZIP1V: ZIP1V (vector)
      if (!opZIP1V(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ZIP2V: ZIP2V (vector) (its case in `exec`, cold). */
function coldZIP2V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  let pc = c.pc;
  switch (0) {
    case 0: { // ZIP2V: ZIP2V (vector)
      if (!opZIP2V(c, x, dec, i)) { const $imm = dec[i + 4]; c.pc = pc; if (!c.fpInsn($imm)) return true; } pc += 4; break;
    }
  }
  c.pc = pc;
  return false;
}

/** ADDSI_X: ADDS, CMN (immediate), 64-bit. */
function opADDSI_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const _al = x[$n], _ah = x[$n + 1], _bl = $imm, _bh = 0; const _l = (_al >>> 0) + (_bl >>> 0) + 0; const _h = (_ah >>> 0) + (_bh >>> 0) + (_l > 0xffffffff ? 1 : 0); const _rl = _l | 0, _rh = _h | 0; x[$d] = _rl; x[$d + 1] = _rh; c.nf = _rh >>> 31; c.zf = (_rl | _rh) === 0 ? 1 : 0; c.cf = _h > 0xffffffff ? 1 : 0; c.vf = ((_ah ^ _rh) & (_bh ^ _rh)) >>> 31; }
}

/** ADDSI_W: ADDS, CMN (immediate), 32-bit. */
function opADDSI_W(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4]; { const _a = x[$n], _b = $imm; const _s = (_a >>> 0) + (_b >>> 0) + 0; const _r = _s | 0; x[$d] = _r; x[$d + 1] = 0; c.nf = _r >>> 31; c.zf = _r === 0 ? 1 : 0; c.cf = _s > 0xffffffff ? 1 : 0; c.vf = ((_a ^ _r) & (_b ^ _r)) >>> 31; }
}

/** ADDS_X: ADDS, CMN (shifted register), 64-bit. */
function opADDS_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; { let bl, bh; if (($imm3 === 0)) { bl = x[$m]; bh = x[$m + 1]; } else { shift64(x[$m], x[$m + 1], $imm2, $imm3); bl = out[0]; bh = out[1]; } { const _al = x[$n], _ah = x[$n + 1], _bl = bl, _bh = bh; const _l = (_al >>> 0) + (_bl >>> 0) + 0; const _h = (_ah >>> 0) + (_bh >>> 0) + (_l > 0xffffffff ? 1 : 0); const _rl = _l | 0, _rh = _h | 0; x[$d] = _rl; x[$d + 1] = _rh; c.nf = _rh >>> 31; c.zf = (_rl | _rh) === 0 ? 1 : 0; c.cf = _h > 0xffffffff ? 1 : 0; c.vf = ((_ah ^ _rh) & (_bh ^ _rh)) >>> 31; } }
}

/** ADDS_W: ADDS, CMN (shifted register), 32-bit. */
function opADDS_W(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; { let bl; if (($imm3 === 0)) { bl = x[$m]; } else { shift32(x[$m], $imm2, $imm3); bl = out[0]; } { const _a = x[$n], _b = bl; const _s = (_a >>> 0) + (_b >>> 0) + 0; const _r = _s | 0; x[$d] = _r; x[$d + 1] = 0; c.nf = _r >>> 31; c.zf = _r === 0 ? 1 : 0; c.cf = _s > 0xffffffff ? 1 : 0; c.vf = ((_a ^ _r) & (_b ^ _r)) >>> 31; } }
}

/** AND_X: AND, BIC (shifted register), 64-bit. */
function opAND_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { let bl, bh; if (($imm3 === 0)) { bl = x[$m]; bh = x[$m + 1]; } else { shift64(x[$m], x[$m + 1], $imm2, $imm3); bl = out[0]; bh = out[1]; } if ((($fl & 1) !== 0)) { bl = ~bl; bh = ~bh; } const rl = x[$n] & bl, rh = x[$n + 1] & bh; x[$d] = rl; x[$d + 1] = rh; }
}

/** EOR_X: EOR, EON (shifted register), 64-bit. */
function opEOR_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { let bl, bh; if (($imm3 === 0)) { bl = x[$m]; bh = x[$m + 1]; } else { shift64(x[$m], x[$m + 1], $imm2, $imm3); bl = out[0]; bh = out[1]; } if ((($fl & 1) !== 0)) { bl = ~bl; bh = ~bh; } const rl = x[$n] ^ bl, rh = x[$n + 1] ^ bh; x[$d] = rl; x[$d + 1] = rh; }
}

/** ANDS_X: ANDS, BICS, TST (shifted register), 64-bit. */
function opANDS_X(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { let bl, bh; if (($imm3 === 0)) { bl = x[$m]; bh = x[$m + 1]; } else { shift64(x[$m], x[$m + 1], $imm2, $imm3); bl = out[0]; bh = out[1]; } if ((($fl & 1) !== 0)) { bl = ~bl; bh = ~bh; } const rl = x[$n] & bl, rh = x[$n + 1] & bh; x[$d] = rl; x[$d + 1] = rh; c.nf = rh >>> 31; c.zf = (rl | rh) === 0 ? 1 : 0; c.cf = 0; c.vf = 0; }
}

/** ANDS_W: ANDS, BICS, TST (shifted register), 32-bit. */
function opANDS_W(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { let bl; if (($imm3 === 0)) { bl = x[$m]; } else { shift32(x[$m], $imm2, $imm3); bl = out[0]; } if ((($fl & 1) !== 0)) { bl = ~bl; } const r = x[$n] & bl; x[$d] = r; x[$d + 1] = 0; c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = 0; c.vf = 0; }
}

/** ADDEXT: ADD, ADDS, SUB, SUBS, CMP, CMN (extended register). */
function opADDEXT(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; { let bl = x[$m], bh = x[$m + 1]; switch ($imm2) { case 0: bl &= 0xff; bh = 0; break; case 1: bl &= 0xffff; bh = 0; break; case 2: bh = 0; break; case 4: bl = (bl << 24) >> 24; bh = bl >> 31; break; case 5: bl = (bl << 16) >> 16; bh = bl >> 31; break; case 6: bh = bl >> 31; break; default: break; }if (!($imm3 === 0)) {  shl64(bl, bh, $imm3); bl = out[0]; bh = out[1]; } if ((($fl & 1) !== 0)) { if ((($fl & 2) !== 0)) { if ((($fl & 4) !== 0)) { { const _al = x[$n], _ah = x[$n + 1], _bl = ~bl, _bh = ~bh; const _l = (_al >>> 0) + (_bl >>> 0) + 1; const _h = (_ah >>> 0) + (_bh >>> 0) + (_l > 0xffffffff ? 1 : 0); const _rl = _l | 0, _rh = _h | 0; x[$d] = _rl; x[$d + 1] = _rh; c.nf = _rh >>> 31; c.zf = (_rl | _rh) === 0 ? 1 : 0; c.cf = _h > 0xffffffff ? 1 : 0; c.vf = ((_ah ^ _rh) & (_bh ^ _rh)) >>> 31; } } else { { const _al = x[$n], _ah = x[$n + 1], _bl = ~bl, _bh = ~bh; const _rl = (_al + _bl + 1) | 0; x[$d + 1] = (_ah + _bh + ((_rl >>> 0) <= (_al >>> 0) ? 1 : 0)) | 0; x[$d] = _rl; } } } else { if ((($fl & 4) !== 0)) { { const _al = x[$n], _ah = x[$n + 1], _bl = bl, _bh = bh; const _l = (_al >>> 0) + (_bl >>> 0) + 0; const _h = (_ah >>> 0) + (_bh >>> 0) + (_l > 0xffffffff ? 1 : 0); const _rl = _l | 0, _rh = _h | 0; x[$d] = _rl; x[$d + 1] = _rh; c.nf = _rh >>> 31; c.zf = (_rl | _rh) === 0 ? 1 : 0; c.cf = _h > 0xffffffff ? 1 : 0; c.vf = ((_ah ^ _rh) & (_bh ^ _rh)) >>> 31; } } else { { const _al = x[$n], _ah = x[$n + 1], _bl = bl, _bh = bh; const _rl = (_al + _bl) | 0; x[$d + 1] = (_ah + _bh + ((_rl >>> 0) < (_al >>> 0) ? 1 : 0)) | 0; x[$d] = _rl; } } } } else { if ((($fl & 2) !== 0)) { if ((($fl & 4) !== 0)) { { const _a = x[$n], _b = ~bl; const _s = (_a >>> 0) + (_b >>> 0) + 1; const _r = _s | 0; x[$d] = _r; x[$d + 1] = 0; c.nf = _r >>> 31; c.zf = _r === 0 ? 1 : 0; c.cf = _s > 0xffffffff ? 1 : 0; c.vf = ((_a ^ _r) & (_b ^ _r)) >>> 31; } } else { x[$d] = (x[$n] + ~bl + 1) | 0; x[$d + 1] = 0; } } else { if ((($fl & 4) !== 0)) { { const _a = x[$n], _b = bl; const _s = (_a >>> 0) + (_b >>> 0) + 0; const _r = _s | 0; x[$d] = _r; x[$d + 1] = 0; c.nf = _r >>> 31; c.zf = _r === 0 ? 1 : 0; c.cf = _s > 0xffffffff ? 1 : 0; c.vf = ((_a ^ _r) & (_b ^ _r)) >>> 31; } } else { x[$d] = (x[$n] + bl) | 0; x[$d + 1] = 0; } } } }
}

/** ADC: ADC, ADCS, SBC, SBCS, NGC, NGCS. */
function opADC(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $fl = dec[i + 7]; { const cin = c.cf; if ((($fl & 1) !== 0)) { if ((($fl & 4) !== 0)) { { const _al = x[$n], _ah = x[$n + 1], _bl = ((($fl & 2) !== 0) ? ~x[$m] : x[$m]), _bh = ((($fl & 2) !== 0) ? ~x[$m + 1] : x[$m + 1]); const _l = (_al >>> 0) + (_bl >>> 0) + cin; const _h = (_ah >>> 0) + (_bh >>> 0) + (_l > 0xffffffff ? 1 : 0); const _rl = _l | 0, _rh = _h | 0; x[$d] = _rl; x[$d + 1] = _rh; c.nf = _rh >>> 31; c.zf = (_rl | _rh) === 0 ? 1 : 0; c.cf = _h > 0xffffffff ? 1 : 0; c.vf = ((_ah ^ _rh) & (_bh ^ _rh)) >>> 31; } } else { { const _ah = x[$n + 1], _bh = ((($fl & 2) !== 0) ? ~x[$m + 1] : x[$m + 1]); const _l = (x[$n] >>> 0) + (((($fl & 2) !== 0) ? ~x[$m] : x[$m]) >>> 0) + cin; x[$d + 1] = (_ah + _bh + (_l > 0xffffffff ? 1 : 0)) | 0; x[$d] = _l; } } } else { if ((($fl & 4) !== 0)) { { const _a = x[$n], _b = ((($fl & 2) !== 0) ? ~x[$m] : x[$m]); const _s = (_a >>> 0) + (_b >>> 0) + cin; const _r = _s | 0; x[$d] = _r; x[$d + 1] = 0; c.nf = _r >>> 31; c.zf = _r === 0 ? 1 : 0; c.cf = _s > 0xffffffff ? 1 : 0; c.vf = ((_a ^ _r) & (_b ^ _r)) >>> 31; } } else { x[$d] = (x[$n] + ((($fl & 2) !== 0) ? ~x[$m] : x[$m]) + cin) | 0; x[$d + 1] = 0; } } }
}

/** CCMP: CCMP, CCMN (register and immediate). */
function opCCMP(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (condHolds(c, $imm)) { if ((($fl & 1) !== 0)) { { const _al = x[$n], _ah = x[$n + 1], _bl = ((($fl & 2) !== 0) ? ~((($fl & 4) !== 0) ? $imm2 : x[$m]) : ((($fl & 4) !== 0) ? $imm2 : x[$m])), _bh = ((($fl & 2) !== 0) ? ~((($fl & 4) !== 0) ? 0 : x[$m + 1]) : ((($fl & 4) !== 0) ? 0 : x[$m + 1])); const _l = (_al >>> 0) + (_bl >>> 0) + ((($fl & 2) !== 0) ? 1 : 0); const _h = (_ah >>> 0) + (_bh >>> 0) + (_l > 0xffffffff ? 1 : 0); const _rl = _l | 0, _rh = _h | 0; x[64] = _rl; x[65] = _rh; c.nf = _rh >>> 31; c.zf = (_rl | _rh) === 0 ? 1 : 0; c.cf = _h > 0xffffffff ? 1 : 0; c.vf = ((_ah ^ _rh) & (_bh ^ _rh)) >>> 31; } } else { { const _a = x[$n], _b = ((($fl & 2) !== 0) ? ~((($fl & 4) !== 0) ? $imm2 : x[$m]) : ((($fl & 4) !== 0) ? $imm2 : x[$m])); const _s = (_a >>> 0) + (_b >>> 0) + ((($fl & 2) !== 0) ? 1 : 0); const _r = _s | 0; x[64] = _r; x[65] = 0; c.nf = _r >>> 31; c.zf = _r === 0 ? 1 : 0; c.cf = _s > 0xffffffff ? 1 : 0; c.vf = ((_a ^ _r) & (_b ^ _r)) >>> 31; } } } else { c.nf = ($d >> 3) & 1; c.zf = ($d >> 2) & 1; c.cf = ($d >> 1) & 1; c.vf = $d & 1; }
}

/** LDRX_R: LDR (register), 64-bit (the fast path; false when it declines). */
function opLDRX_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm3 = dec[i + 6]; { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { const dv = c.dDv; x[$d] = dv.getInt32(o, true); x[$d + 1] = dv.getInt32(o + 4, true); } else { return false; } }
  return true;
}

/** LDRW_R: LDR (register), 32-bit (the fast path; false when it declines). */
function opLDRW_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm3 = dec[i + 6]; { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { x[$d] = c.dDv.getInt32(o, true); x[$d + 1] = 0; } else { return false; } }
  return true;
}

/** LDRB_R: LDRB (register) (the fast path; false when it declines). */
function opLDRB_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm3 = dec[i + 6]; { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.dLen && (c.dFlags[o >>> 12] & 6) === 0) { x[$d] = c.dDv.getUint8(o); x[$d + 1] = 0; } else { return false; } }
  return true;
}

/** STRX_R: STR (register), 64-bit (the fast path; false when it declines). */
function opSTRX_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm3 = dec[i + 6]; { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 7) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv; dv.setInt32(o, x[$d], true); dv.setInt32(o + 4, x[$d + 1], true); } else { return false; } }
  return true;
}

/** STRW_R: STR (register), 32-bit (the fast path; false when it declines). */
function opSTRW_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm3 = dec[i + 6]; { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.sLen && (o & 3) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 4))) { c.sDv.setInt32(o, x[$d], true); } else { return false; } }
  return true;
}

/** STRB_R: STRB (register) (the fast path; false when it declines). */
function opSTRB_R(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm3 = dec[i + 6]; { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.sLen && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 1))) { c.sDv.setUint8(o, x[$d]); } else { return false; } }
  return true;
}

/** LDST: every other single-register load/store: LDR/STR/LDUR/STUR/LDTR/STTR{B,H,SB,SH,SW}, pre/post-index, register offset, LDAR/STLR, PRFM (the fast path; false when it declines). */
function opLDST(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; if ((($fl & 992) === 0)) { if ((($fl & 4) !== 0)) { if ((($fl & 3) === 3)) { if (($imm2 === 0)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { const dv = c.dDv; x[$d] = dv.getInt32(o, true); x[$d + 1] = dv.getInt32(o + 4, true); } else { return false; } } } else { if (($imm2 === 3)) { { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { const dv = c.dDv; x[$d] = dv.getInt32(o, true); x[$d + 1] = dv.getInt32(o + 4, true); } else { return false; } } } else { if (($imm2 === 2)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { const dv = c.dDv; x[$d] = dv.getInt32(o, true); x[$d + 1] = dv.getInt32(o + 4, true); { const _v = a, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } else { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { const dv = c.dDv; x[$d] = dv.getInt32(o, true); x[$d + 1] = dv.getInt32(o + 4, true); { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } } } } else { if ((($fl & 3) === 2)) { if (($imm2 === 0)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt32(o, true); x[$d] = v; x[$d + 1] = v >> 31; } } else { x[$d] = c.dDv.getInt32(o, true); x[$d + 1] = 0; } } else { return false; } } } else { if (($imm2 === 3)) { { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt32(o, true); x[$d] = v; x[$d + 1] = v >> 31; } } else { x[$d] = c.dDv.getInt32(o, true); x[$d + 1] = 0; } } else { return false; } } } else { if (($imm2 === 2)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt32(o, true); x[$d] = v; x[$d + 1] = v >> 31; } } else { x[$d] = c.dDv.getInt32(o, true); x[$d + 1] = 0; } { const _v = a, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } else { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt32(o, true); x[$d] = v; x[$d + 1] = v >> 31; } } else { x[$d] = c.dDv.getInt32(o, true); x[$d + 1] = 0; } { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } } } } else { if ((($fl & 3) === 1)) { if (($imm2 === 0)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 2 <= c.dLen && (o & 1) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt16(o, true); x[$d] = v; x[$d + 1] = ((($fl & 16) !== 0) ? v >> 31 : 0); } } else { x[$d] = c.dDv.getUint16(o, true); x[$d + 1] = 0; } } else { return false; } } } else { if (($imm2 === 3)) { { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 2 <= c.dLen && (o & 1) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt16(o, true); x[$d] = v; x[$d + 1] = ((($fl & 16) !== 0) ? v >> 31 : 0); } } else { x[$d] = c.dDv.getUint16(o, true); x[$d + 1] = 0; } } else { return false; } } } else { if (($imm2 === 2)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 2 <= c.dLen && (o & 1) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt16(o, true); x[$d] = v; x[$d + 1] = ((($fl & 16) !== 0) ? v >> 31 : 0); } } else { x[$d] = c.dDv.getUint16(o, true); x[$d + 1] = 0; } { const _v = a, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } else { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 2 <= c.dLen && (o & 1) === 0 && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt16(o, true); x[$d] = v; x[$d + 1] = ((($fl & 16) !== 0) ? v >> 31 : 0); } } else { x[$d] = c.dDv.getUint16(o, true); x[$d + 1] = 0; } { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } } } } else { if (($imm2 === 0)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.dLen && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt8(o); x[$d] = v; x[$d + 1] = ((($fl & 16) !== 0) ? v >> 31 : 0); } } else { x[$d] = c.dDv.getUint8(o); x[$d + 1] = 0; } } else { return false; } } } else { if (($imm2 === 3)) { { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.dLen && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt8(o); x[$d] = v; x[$d + 1] = ((($fl & 16) !== 0) ? v >> 31 : 0); } } else { x[$d] = c.dDv.getUint8(o); x[$d + 1] = 0; } } else { return false; } } } else { if (($imm2 === 2)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.dLen && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt8(o); x[$d] = v; x[$d + 1] = ((($fl & 16) !== 0) ? v >> 31 : 0); } } else { x[$d] = c.dDv.getUint8(o); x[$d + 1] = 0; } { const _v = a, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } else { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; let o = a - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.dLen && (c.dFlags[o >>> 12] & 6) === 0) { if ((($fl & 8) !== 0)) { { const v = c.dDv.getInt8(o); x[$d] = v; x[$d + 1] = ((($fl & 16) !== 0) ? v >> 31 : 0); } } else { x[$d] = c.dDv.getUint8(o); x[$d + 1] = 0; } { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } } } } } } } else { if ((($fl & 3) === 3)) { if (($imm2 === 0)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 7) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv; dv.setInt32(o, x[$d], true); dv.setInt32(o + 4, x[$d + 1], true); } else { return false; } } } else { if (($imm2 === 3)) { { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 7) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv; dv.setInt32(o, x[$d], true); dv.setInt32(o + 4, x[$d + 1], true); } else { return false; } } } else { if (($imm2 === 2)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 7) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv; dv.setInt32(o, x[$d], true); dv.setInt32(o + 4, x[$d + 1], true); { const _v = a, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } else { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 7) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv; dv.setInt32(o, x[$d], true); dv.setInt32(o + 4, x[$d + 1], true); { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } } } } else { if ((($fl & 3) === 2)) { if (($imm2 === 0)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.sLen && (o & 3) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 4))) { c.sDv.setInt32(o, x[$d], true); } else { return false; } } } else { if (($imm2 === 3)) { { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.sLen && (o & 3) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 4))) { c.sDv.setInt32(o, x[$d], true); } else { return false; } } } else { if (($imm2 === 2)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.sLen && (o & 3) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 4))) { c.sDv.setInt32(o, x[$d], true); { const _v = a, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } else { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.sLen && (o & 3) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 4))) { c.sDv.setInt32(o, x[$d], true); { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } } } } else { if ((($fl & 3) === 1)) { if (($imm2 === 0)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 2 <= c.sLen && (o & 1) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 2))) { c.sDv.setUint16(o, x[$d], true); } else { return false; } } } else { if (($imm2 === 3)) { { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 2 <= c.sLen && (o & 1) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 2))) { c.sDv.setUint16(o, x[$d], true); } else { return false; } } } else { if (($imm2 === 2)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 2 <= c.sLen && (o & 1) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 2))) { c.sDv.setUint16(o, x[$d], true); { const _v = a, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } else { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 2 <= c.sLen && (o & 1) === 0 && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 2))) { c.sDv.setUint16(o, x[$d], true); { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } } } } else { if (($imm2 === 0)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.sLen && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 1))) { c.sDv.setUint8(o, x[$d]); } else { return false; } } } else { if (($imm2 === 3)) { { let ol = x[$m], oh; if ((($imm3 & 1792) === 512)) { oh = 0; } else { if ((($imm3 & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm3 & 7) === 0)) { oh = (oh << ($imm3 & 7)) | (ol >>> (32 - ($imm3 & 7))); ol <<= ($imm3 & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const a = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0); let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.sLen && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 1))) { c.sDv.setUint8(o, x[$d]); } else { return false; } } } else { if (($imm2 === 2)) { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + $imm; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.sLen && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 1))) { c.sDv.setUint8(o, x[$d]); { const _v = a, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } else { { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0; let o = a - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(a); if ((($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 1 <= c.sLen && (c.sFlags[o >>> 12] === 0 || c.sCodeFree(o, 1))) { c.sDv.setUint8(o, x[$d]); { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } else { return false; } } } } } } } } } } else { return false; }
  return true;
}

/** FADD_D: FADD (scalar, double precision) (the fast path; false when it declines). */
function opFADD_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vd = c.vd, _x = vd[$n * 2], _y = vd[$m * 2], _r = _x + _y, _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 2.2250738585072014e-308 && _a < Infinity) || (_r === 0 && true))) { vd[$d * 2] = _r; vd[$d * 2 + 1] = 0; } else { return false; } }
  return true;
}

/** FSUB_D: FSUB (scalar, double precision) (the fast path; false when it declines). */
function opFSUB_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vd = c.vd, _x = vd[$n * 2], _y = vd[$m * 2], _r = _x - _y, _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 2.2250738585072014e-308 && _a < Infinity) || (_r === 0 && true))) { vd[$d * 2] = _r; vd[$d * 2 + 1] = 0; } else { return false; } }
  return true;
}

/** FMUL_D: FMUL (scalar, double precision) (the fast path; false when it declines). */
function opFMUL_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vd = c.vd, _x = vd[$n * 2], _y = vd[$m * 2], _r = _x * _y, _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 2.2250738585072014e-308 && _a < Infinity) || (_r === 0 && (_x === 0 || _y === 0)))) { vd[$d * 2] = _r; vd[$d * 2 + 1] = 0; } else { return false; } }
  return true;
}

/** FDIV_D: FDIV (scalar, double precision) (the fast path; false when it declines). */
function opFDIV_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vd = c.vd, _x = vd[$n * 2], _y = vd[$m * 2], _r = _x / _y, _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 2.2250738585072014e-308 && _a < Infinity) || (_r === 0 && _x === 0))) { vd[$d * 2] = _r; vd[$d * 2 + 1] = 0; } else { return false; } }
  return true;
}

/** FNMUL_D: FNMUL (scalar, double precision) (the fast path; false when it declines). */
function opFNMUL_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vd = c.vd, _x = vd[$n * 2], _y = vd[$m * 2], _r = -(_x * _y), _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 2.2250738585072014e-308 && _a < Infinity) || (_r === 0 && (_x === 0 || _y === 0)))) { vd[$d * 2] = _r; vd[$d * 2 + 1] = 0; } else { return false; } }
  return true;
}

/** FADD_S: FADD (scalar, single precision) (the fast path; false when it declines). */
function opFADD_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vs = c.vs, _x = vs[$n * 4], _y = vs[$m * 4], _r = Math.fround(_x + _y), _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 1.1754943508222875e-38 && _a < Infinity) || (_r === 0 && true))) { const v = c.v; vs[$d * 4] = _r; v[$d * 4 + 1] = 0; v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; } else { return false; } }
  return true;
}

/** FSUB_S: FSUB (scalar, single precision) (the fast path; false when it declines). */
function opFSUB_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vs = c.vs, _x = vs[$n * 4], _y = vs[$m * 4], _r = Math.fround(_x - _y), _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 1.1754943508222875e-38 && _a < Infinity) || (_r === 0 && true))) { const v = c.v; vs[$d * 4] = _r; v[$d * 4 + 1] = 0; v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; } else { return false; } }
  return true;
}

/** FMUL_S: FMUL (scalar, single precision) (the fast path; false when it declines). */
function opFMUL_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vs = c.vs, _x = vs[$n * 4], _y = vs[$m * 4], _r = Math.fround(_x * _y), _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 1.1754943508222875e-38 && _a < Infinity) || (_r === 0 && (_x === 0 || _y === 0)))) { const v = c.v; vs[$d * 4] = _r; v[$d * 4 + 1] = 0; v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; } else { return false; } }
  return true;
}

/** FDIV_S: FDIV (scalar, single precision) (the fast path; false when it declines). */
function opFDIV_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vs = c.vs, _x = vs[$n * 4], _y = vs[$m * 4], _r = Math.fround(_x / _y), _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 1.1754943508222875e-38 && _a < Infinity) || (_r === 0 && _x === 0))) { const v = c.v; vs[$d * 4] = _r; v[$d * 4 + 1] = 0; v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; } else { return false; } }
  return true;
}

/** FNMUL_S: FNMUL (scalar, single precision) (the fast path; false when it declines). */
function opFNMUL_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3]; { const vs = c.vs, _x = vs[$n * 4], _y = vs[$m * 4], _r = Math.fround(-(_x * _y)), _a = Math.abs(_r); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a > 1.1754943508222875e-38 && _a < Infinity) || (_r === 0 && (_x === 0 || _y === 0)))) { const v = c.v; vs[$d * 4] = _r; v[$d * 4 + 1] = 0; v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; } else { return false; } }
  return true;
}

/** FCMP_D: FCMP, FCMPE (double precision, register or #0.0) (the fast path; false when it declines). */
function opFCMP_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $n = dec[i + 2], $m = dec[i + 3], $fl = dec[i + 7]; { const fv = c.vd, _a = fv[$n * 2], _b = ($fl === 1 ? 0 : fv[$m * 2]); let _ok = false; if (c.fpen === 3 && (c.fpcr & 0x01000000) === 0) { if (_a < _b) { c.nf = 1; c.zf = 0; c.cf = 0; c.vf = 0; _ok = true; } else if (_a > _b) { c.nf = 0; c.zf = 0; c.cf = 1; c.vf = 0; _ok = true; } else if (_a === _b) { c.nf = 0; c.zf = 1; c.cf = 1; c.vf = 0; _ok = true; } } if (!_ok) { return false; } }
  return true;
}

/** FCMP_S: FCMP, FCMPE (single precision, register or #0.0) (the fast path; false when it declines). */
function opFCMP_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $n = dec[i + 2], $m = dec[i + 3], $fl = dec[i + 7]; { const fv = c.vs, _a = fv[$n * 4], _b = ($fl === 1 ? 0 : fv[$m * 4]); let _ok = false; if (c.fpen === 3 && (c.fpcr & 0x01000000) === 0) { if (_a < _b) { c.nf = 1; c.zf = 0; c.cf = 0; c.vf = 0; _ok = true; } else if (_a > _b) { c.nf = 0; c.zf = 0; c.cf = 1; c.vf = 0; _ok = true; } else if (_a === _b) { c.nf = 0; c.zf = 1; c.cf = 1; c.vf = 0; _ok = true; } } if (!_ok) { return false; } }
  return true;
}

/** FMOV_V: FMOV (register): Dd = Dn or Sd = Sn (the fast path; false when it declines). */
function opFMOV_V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $fl = dec[i + 7]; if (c.fpen === 3) { const v = c.v; v[$d * 4] = v[$n * 4]; v[$d * 4 + 1] = ($fl === 1 ? v[$n * 4 + 1] : 0); v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; } else { return false; }
  return true;
}

/** FMOV_VI: FMOV (scalar, immediate): the expanded constant (the fast path; false when it declines). */
function opFMOV_VI(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $imm2 = dec[i + 5], $imm3 = dec[i + 6]; if (c.fpen === 3) { const v = c.v; v[$d * 4] = $imm2; v[$d * 4 + 1] = $imm3; v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; } else { return false; }
  return true;
}

/** FMOV_TOV: FMOV (general): Dd = Xn or Sd = Wn (the fast path; false when it declines). */
function opFMOV_TOV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $fl = dec[i + 7]; if (c.fpen === 3) { const v = c.v; v[$d * 4] = x[$n]; v[$d * 4 + 1] = ($fl === 1 ? x[$n + 1] : 0); v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; } else { return false; }
  return true;
}

/** FMOV_FROMV: FMOV (general): Xd = Dn or Wd = Sn (the fast path; false when it declines). */
function opFMOV_FROMV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $fl = dec[i + 7]; if (c.fpen === 3) { const v = c.v; x[$d] = v[$n * 4]; x[$d + 1] = ($fl === 1 ? v[$n * 4 + 1] : 0); } else { return false; }
  return true;
}

/** VLDR_Q: LDR/LDUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Qt (the fast path; false when it declines). */
function opVLDR_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.dBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 16 <= c.dLen && (o & 15) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 15) >>> 12]) & 6) === 0) { const dv = c.dDv, v = c.v; v[$d * 4] = dv.getInt32(o + 0, true); v[$d * 4 + 1] = dv.getInt32(o + 4, true); v[$d * 4 + 2] = dv.getInt32(o + 8, true); v[$d * 4 + 3] = dv.getInt32(o + 12, true); if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VLDRR_Q: LDR (SIMD&FP, register offset), Qt (the fast path; false when it declines). */
function opVLDRR_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4]; { let ol = x[$m], oh; if ((($imm & 1792) === 512)) { oh = 0; } else { if ((($imm & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm & 7) === 0)) { oh = (oh << ($imm & 7)) | (ol >>> (32 - ($imm & 7))); ol <<= ($imm & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const o = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0) - c.dBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 16 <= c.dLen && (o & 15) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 15) >>> 12]) & 6) === 0) { const dv = c.dDv, v = c.v; v[$d * 4] = dv.getInt32(o + 0, true); v[$d * 4 + 1] = dv.getInt32(o + 4, true); v[$d * 4 + 2] = dv.getInt32(o + 8, true); v[$d * 4 + 3] = dv.getInt32(o + 12, true);  } else { return false; } }
  return true;
}

/** VLDP_Q: LDP/LDNP (SIMD&FP), Qt1 and Qt2 (the fast path; false when it declines). */
function opVLDP_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.dBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 32 <= c.dLen && (o & 15) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 31) >>> 12]) & 6) === 0) { const dv = c.dDv, v = c.v; v[$d * 4] = dv.getInt32(o + 0, true); v[$d * 4 + 1] = dv.getInt32(o + 4, true); v[$d * 4 + 2] = dv.getInt32(o + 8, true); v[$d * 4 + 3] = dv.getInt32(o + 12, true); v[$m * 4] = dv.getInt32(o + 16 + 0, true); v[$m * 4 + 1] = dv.getInt32(o + 16 + 4, true); v[$m * 4 + 2] = dv.getInt32(o + 16 + 8, true); v[$m * 4 + 3] = dv.getInt32(o + 16 + 12, true); if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VSTR_Q: STR/STUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Qt (the fast path; false when it declines). */
function opVSTR_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.sBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 16 <= c.sLen && (o & 15) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 15) >>> 12]) === 0 || c.sCodeFree(o, 16))) { const dv = c.sDv, v = c.v; dv.setInt32(o + 0, v[$d * 4], true); dv.setInt32(o + 4, v[$d * 4 + 1], true); dv.setInt32(o + 8, v[$d * 4 + 2], true); dv.setInt32(o + 12, v[$d * 4 + 3], true); if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VSTRR_Q: STR (SIMD&FP, register offset), Qt (the fast path; false when it declines). */
function opVSTRR_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4]; { let ol = x[$m], oh; if ((($imm & 1792) === 512)) { oh = 0; } else { if ((($imm & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm & 7) === 0)) { oh = (oh << ($imm & 7)) | (ol >>> (32 - ($imm & 7))); ol <<= ($imm & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const o = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0) - c.sBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 16 <= c.sLen && (o & 15) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 15) >>> 12]) === 0 || c.sCodeFree(o, 16))) { const dv = c.sDv, v = c.v; dv.setInt32(o + 0, v[$d * 4], true); dv.setInt32(o + 4, v[$d * 4 + 1], true); dv.setInt32(o + 8, v[$d * 4 + 2], true); dv.setInt32(o + 12, v[$d * 4 + 3], true);  } else { return false; } }
  return true;
}

/** VSTP_Q: STP/STNP (SIMD&FP), Qt1 and Qt2 (the fast path; false when it declines). */
function opVSTP_Q(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.sBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 32 <= c.sLen && (o & 15) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 31) >>> 12]) === 0 || c.sCodeFree(o, 32))) { const dv = c.sDv, v = c.v; dv.setInt32(o + 0, v[$d * 4], true); dv.setInt32(o + 4, v[$d * 4 + 1], true); dv.setInt32(o + 8, v[$d * 4 + 2], true); dv.setInt32(o + 12, v[$d * 4 + 3], true); dv.setInt32(o + 16 + 0, v[$m * 4], true); dv.setInt32(o + 16 + 4, v[$m * 4 + 1], true); dv.setInt32(o + 16 + 8, v[$m * 4 + 2], true); dv.setInt32(o + 16 + 12, v[$m * 4 + 3], true); if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VLDR_D: LDR/LDUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Dt (the fast path; false when it declines). */
function opVLDR_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.dBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 7) >>> 12]) & 6) === 0) { const dv = c.dDv, v = c.v; v[$d * 4] = dv.getInt32(o + 0, true); v[$d * 4 + 1] = dv.getInt32(o + 4, true); v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VLDRR_D: LDR (SIMD&FP, register offset), Dt (the fast path; false when it declines). */
function opVLDRR_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4]; { let ol = x[$m], oh; if ((($imm & 1792) === 512)) { oh = 0; } else { if ((($imm & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm & 7) === 0)) { oh = (oh << ($imm & 7)) | (ol >>> (32 - ($imm & 7))); ol <<= ($imm & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const o = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0) - c.dBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 7) >>> 12]) & 6) === 0) { const dv = c.dDv, v = c.v; v[$d * 4] = dv.getInt32(o + 0, true); v[$d * 4 + 1] = dv.getInt32(o + 4, true); v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0;  } else { return false; } }
  return true;
}

/** VLDP_D: LDP/LDNP (SIMD&FP), Dt1 and Dt2 (the fast path; false when it declines). */
function opVLDP_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.dBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 16 <= c.dLen && (o & 7) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 15) >>> 12]) & 6) === 0) { const dv = c.dDv, v = c.v; v[$d * 4] = dv.getInt32(o + 0, true); v[$d * 4 + 1] = dv.getInt32(o + 4, true); v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; v[$m * 4] = dv.getInt32(o + 8 + 0, true); v[$m * 4 + 1] = dv.getInt32(o + 8 + 4, true); v[$m * 4 + 2] = 0; v[$m * 4 + 3] = 0; if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VSTR_D: STR/STUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), Dt (the fast path; false when it declines). */
function opVSTR_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.sBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 7) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 7) >>> 12]) === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv, v = c.v; dv.setInt32(o + 0, v[$d * 4], true); dv.setInt32(o + 4, v[$d * 4 + 1], true); if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VSTRR_D: STR (SIMD&FP, register offset), Dt (the fast path; false when it declines). */
function opVSTRR_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4]; { let ol = x[$m], oh; if ((($imm & 1792) === 512)) { oh = 0; } else { if ((($imm & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm & 7) === 0)) { oh = (oh << ($imm & 7)) | (ol >>> (32 - ($imm & 7))); ol <<= ($imm & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const o = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0) - c.sBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 7) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 7) >>> 12]) === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv, v = c.v; dv.setInt32(o + 0, v[$d * 4], true); dv.setInt32(o + 4, v[$d * 4 + 1], true);  } else { return false; } }
  return true;
}

/** VSTP_D: STP/STNP (SIMD&FP), Dt1 and Dt2 (the fast path; false when it declines). */
function opVSTP_D(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.sBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 16 <= c.sLen && (o & 7) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 15) >>> 12]) === 0 || c.sCodeFree(o, 16))) { const dv = c.sDv, v = c.v; dv.setInt32(o + 0, v[$d * 4], true); dv.setInt32(o + 4, v[$d * 4 + 1], true); dv.setInt32(o + 8 + 0, v[$m * 4], true); dv.setInt32(o + 8 + 4, v[$m * 4 + 1], true); if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VLDR_S: LDR/LDUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), St (the fast path; false when it declines). */
function opVLDR_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.dBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 3) >>> 12]) & 6) === 0) { const dv = c.dDv, v = c.v; v[$d * 4] = dv.getInt32(o + 0, true); v[$d * 4 + 1] = 0; v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VLDRR_S: LDR (SIMD&FP, register offset), St (the fast path; false when it declines). */
function opVLDRR_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4]; { let ol = x[$m], oh; if ((($imm & 1792) === 512)) { oh = 0; } else { if ((($imm & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm & 7) === 0)) { oh = (oh << ($imm & 7)) | (ol >>> (32 - ($imm & 7))); ol <<= ($imm & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const o = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0) - c.dBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 3) >>> 12]) & 6) === 0) { const dv = c.dDv, v = c.v; v[$d * 4] = dv.getInt32(o + 0, true); v[$d * 4 + 1] = 0; v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0;  } else { return false; } }
  return true;
}

/** VLDP_S: LDP/LDNP (SIMD&FP), St1 and St2 (the fast path; false when it declines). */
function opVLDP_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.dBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.dLen && (o & 3) === 0 && ((c.dFlags[o >>> 12] | c.dFlags[(o + 7) >>> 12]) & 6) === 0) { const dv = c.dDv, v = c.v; v[$d * 4] = dv.getInt32(o + 0, true); v[$d * 4 + 1] = 0; v[$d * 4 + 2] = 0; v[$d * 4 + 3] = 0; v[$m * 4] = dv.getInt32(o + 4 + 0, true); v[$m * 4 + 1] = 0; v[$m * 4 + 2] = 0; v[$m * 4 + 3] = 0; if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VSTR_S: STR/STUR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), St (the fast path; false when it declines). */
function opVSTR_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.sBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.sLen && (o & 3) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 3) >>> 12]) === 0 || c.sCodeFree(o, 4))) { const dv = c.sDv, v = c.v; dv.setInt32(o + 0, v[$d * 4], true); if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** VSTRR_S: STR (SIMD&FP, register offset), St (the fast path; false when it declines). */
function opVSTRR_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4]; { let ol = x[$m], oh; if ((($imm & 1792) === 512)) { oh = 0; } else { if ((($imm & 1792) === 1536)) { oh = ol >> 31; } else { oh = x[$m + 1]; } } if (!(($imm & 7) === 0)) { oh = (oh << ($imm & 7)) | (ol >>> (32 - ($imm & 7))); ol <<= ($imm & 7); } const l = (x[$n] >>> 0) + (ol >>> 0); const o = ((x[$n + 1] + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0) - c.sBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 4 <= c.sLen && (o & 3) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 3) >>> 12]) === 0 || c.sCodeFree(o, 4))) { const dv = c.sDv, v = c.v; dv.setInt32(o + 0, v[$d * 4], true);  } else { return false; } }
  return true;
}

/** VSTP_S: STP/STNP (SIMD&FP), St1 and St2 (the fast path; false when it declines). */
function opVSTP_S(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm = dec[i + 4], $imm2 = dec[i + 5]; { const a = x[$n + 1] * 4294967296 + (x[$n] >>> 0) + 0, o = (($imm2 === 1) ? a : a + $imm) - c.sBase; if (c.fpen === 3 && (($n === 66) ? (x[66] & 15) === 0 : true) && o >= 0 && o + 8 <= c.sLen && (o & 3) === 0 && ((c.sFlags[o >>> 12] | c.sFlags[(o + 7) >>> 12]) === 0 || c.sCodeFree(o, 8))) { const dv = c.sDv, v = c.v; dv.setInt32(o + 0, v[$d * 4], true); dv.setInt32(o + 4 + 0, v[$m * 4], true); if (!($imm2 === 0)) { { const _v = a + $imm, _h = Math.floor(_v / 4294967296); x[$n] = _v - _h * 4294967296; x[$n + 1] = _h; } } } else { return false; } }
  return true;
}

/** FADDV: FADD (vector: 2S, 4S, 2D) (the fast path; false when it declines). */
function opFADDV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $fl = dec[i + 7]; { if ($fl === 0) { const F = c.vs; const _x0 = F[$n * 4], _y0 = F[$m * 4], _r0 = Math.fround(_x0 + _y0), _a0 = Math.abs(_r0); const _x1 = F[$n * 4 + 1], _y1 = F[$m * 4 + 1], _r1 = Math.fround(_x1 + _y1), _a1 = Math.abs(_r1); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 1.1754943508222875e-38 && _a0 < Infinity) || (_r0 === 0 && true)) && ((_a1 > 1.1754943508222875e-38 && _a1 < Infinity) || (_r1 === 0 && true))) { F[$d * 4] = _r0; F[$d * 4 + 1] = _r1; c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } else { return false; } } else if ($fl === 1) { const F = c.vs; const _x0 = F[$n * 4], _y0 = F[$m * 4], _r0 = Math.fround(_x0 + _y0), _a0 = Math.abs(_r0); const _x1 = F[$n * 4 + 1], _y1 = F[$m * 4 + 1], _r1 = Math.fround(_x1 + _y1), _a1 = Math.abs(_r1); const _x2 = F[$n * 4 + 2], _y2 = F[$m * 4 + 2], _r2 = Math.fround(_x2 + _y2), _a2 = Math.abs(_r2); const _x3 = F[$n * 4 + 3], _y3 = F[$m * 4 + 3], _r3 = Math.fround(_x3 + _y3), _a3 = Math.abs(_r3); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 1.1754943508222875e-38 && _a0 < Infinity) || (_r0 === 0 && true)) && ((_a1 > 1.1754943508222875e-38 && _a1 < Infinity) || (_r1 === 0 && true)) && ((_a2 > 1.1754943508222875e-38 && _a2 < Infinity) || (_r2 === 0 && true)) && ((_a3 > 1.1754943508222875e-38 && _a3 < Infinity) || (_r3 === 0 && true))) { F[$d * 4] = _r0; F[$d * 4 + 1] = _r1; F[$d * 4 + 2] = _r2; F[$d * 4 + 3] = _r3; } else { return false; } } else { const F = c.vd; const _x0 = F[$n * 2], _y0 = F[$m * 2], _r0 = _x0 + _y0, _a0 = Math.abs(_r0); const _x1 = F[$n * 2 + 1], _y1 = F[$m * 2 + 1], _r1 = _x1 + _y1, _a1 = Math.abs(_r1); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 2.2250738585072014e-308 && _a0 < Infinity) || (_r0 === 0 && true)) && ((_a1 > 2.2250738585072014e-308 && _a1 < Infinity) || (_r1 === 0 && true))) { F[$d * 2] = _r0; F[$d * 2 + 1] = _r1; } else { return false; } } }
  return true;
}

/** FSUBV: FSUB (vector: 2S, 4S, 2D) (the fast path; false when it declines). */
function opFSUBV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $fl = dec[i + 7]; { if ($fl === 0) { const F = c.vs; const _x0 = F[$n * 4], _y0 = F[$m * 4], _r0 = Math.fround(_x0 - _y0), _a0 = Math.abs(_r0); const _x1 = F[$n * 4 + 1], _y1 = F[$m * 4 + 1], _r1 = Math.fround(_x1 - _y1), _a1 = Math.abs(_r1); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 1.1754943508222875e-38 && _a0 < Infinity) || (_r0 === 0 && true)) && ((_a1 > 1.1754943508222875e-38 && _a1 < Infinity) || (_r1 === 0 && true))) { F[$d * 4] = _r0; F[$d * 4 + 1] = _r1; c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } else { return false; } } else if ($fl === 1) { const F = c.vs; const _x0 = F[$n * 4], _y0 = F[$m * 4], _r0 = Math.fround(_x0 - _y0), _a0 = Math.abs(_r0); const _x1 = F[$n * 4 + 1], _y1 = F[$m * 4 + 1], _r1 = Math.fround(_x1 - _y1), _a1 = Math.abs(_r1); const _x2 = F[$n * 4 + 2], _y2 = F[$m * 4 + 2], _r2 = Math.fround(_x2 - _y2), _a2 = Math.abs(_r2); const _x3 = F[$n * 4 + 3], _y3 = F[$m * 4 + 3], _r3 = Math.fround(_x3 - _y3), _a3 = Math.abs(_r3); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 1.1754943508222875e-38 && _a0 < Infinity) || (_r0 === 0 && true)) && ((_a1 > 1.1754943508222875e-38 && _a1 < Infinity) || (_r1 === 0 && true)) && ((_a2 > 1.1754943508222875e-38 && _a2 < Infinity) || (_r2 === 0 && true)) && ((_a3 > 1.1754943508222875e-38 && _a3 < Infinity) || (_r3 === 0 && true))) { F[$d * 4] = _r0; F[$d * 4 + 1] = _r1; F[$d * 4 + 2] = _r2; F[$d * 4 + 3] = _r3; } else { return false; } } else { const F = c.vd; const _x0 = F[$n * 2], _y0 = F[$m * 2], _r0 = _x0 - _y0, _a0 = Math.abs(_r0); const _x1 = F[$n * 2 + 1], _y1 = F[$m * 2 + 1], _r1 = _x1 - _y1, _a1 = Math.abs(_r1); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 2.2250738585072014e-308 && _a0 < Infinity) || (_r0 === 0 && true)) && ((_a1 > 2.2250738585072014e-308 && _a1 < Infinity) || (_r1 === 0 && true))) { F[$d * 2] = _r0; F[$d * 2 + 1] = _r1; } else { return false; } } }
  return true;
}

/** FMULV: FMUL (vector: 2S, 4S, 2D) (the fast path; false when it declines). */
function opFMULV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $fl = dec[i + 7]; { if ($fl === 0) { const F = c.vs; const _x0 = F[$n * 4], _y0 = F[$m * 4], _r0 = Math.fround(_x0 * _y0), _a0 = Math.abs(_r0); const _x1 = F[$n * 4 + 1], _y1 = F[$m * 4 + 1], _r1 = Math.fround(_x1 * _y1), _a1 = Math.abs(_r1); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 1.1754943508222875e-38 && _a0 < Infinity) || (_r0 === 0 && (_x0 === 0 || _y0 === 0))) && ((_a1 > 1.1754943508222875e-38 && _a1 < Infinity) || (_r1 === 0 && (_x1 === 0 || _y1 === 0)))) { F[$d * 4] = _r0; F[$d * 4 + 1] = _r1; c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } else { return false; } } else if ($fl === 1) { const F = c.vs; const _x0 = F[$n * 4], _y0 = F[$m * 4], _r0 = Math.fround(_x0 * _y0), _a0 = Math.abs(_r0); const _x1 = F[$n * 4 + 1], _y1 = F[$m * 4 + 1], _r1 = Math.fround(_x1 * _y1), _a1 = Math.abs(_r1); const _x2 = F[$n * 4 + 2], _y2 = F[$m * 4 + 2], _r2 = Math.fround(_x2 * _y2), _a2 = Math.abs(_r2); const _x3 = F[$n * 4 + 3], _y3 = F[$m * 4 + 3], _r3 = Math.fround(_x3 * _y3), _a3 = Math.abs(_r3); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 1.1754943508222875e-38 && _a0 < Infinity) || (_r0 === 0 && (_x0 === 0 || _y0 === 0))) && ((_a1 > 1.1754943508222875e-38 && _a1 < Infinity) || (_r1 === 0 && (_x1 === 0 || _y1 === 0))) && ((_a2 > 1.1754943508222875e-38 && _a2 < Infinity) || (_r2 === 0 && (_x2 === 0 || _y2 === 0))) && ((_a3 > 1.1754943508222875e-38 && _a3 < Infinity) || (_r3 === 0 && (_x3 === 0 || _y3 === 0)))) { F[$d * 4] = _r0; F[$d * 4 + 1] = _r1; F[$d * 4 + 2] = _r2; F[$d * 4 + 3] = _r3; } else { return false; } } else { const F = c.vd; const _x0 = F[$n * 2], _y0 = F[$m * 2], _r0 = _x0 * _y0, _a0 = Math.abs(_r0); const _x1 = F[$n * 2 + 1], _y1 = F[$m * 2 + 1], _r1 = _x1 * _y1, _a1 = Math.abs(_r1); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 2.2250738585072014e-308 && _a0 < Infinity) || (_r0 === 0 && (_x0 === 0 || _y0 === 0))) && ((_a1 > 2.2250738585072014e-308 && _a1 < Infinity) || (_r1 === 0 && (_x1 === 0 || _y1 === 0)))) { F[$d * 2] = _r0; F[$d * 2 + 1] = _r1; } else { return false; } } }
  return true;
}

/** FDIVV: FDIV (vector: 2S, 4S, 2D) (the fast path; false when it declines). */
function opFDIVV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $fl = dec[i + 7]; { if ($fl === 0) { const F = c.vs; const _x0 = F[$n * 4], _y0 = F[$m * 4], _r0 = Math.fround(_x0 / _y0), _a0 = Math.abs(_r0); const _x1 = F[$n * 4 + 1], _y1 = F[$m * 4 + 1], _r1 = Math.fround(_x1 / _y1), _a1 = Math.abs(_r1); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 1.1754943508222875e-38 && _a0 < Infinity) || (_r0 === 0 && _x0 === 0)) && ((_a1 > 1.1754943508222875e-38 && _a1 < Infinity) || (_r1 === 0 && _x1 === 0))) { F[$d * 4] = _r0; F[$d * 4 + 1] = _r1; c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } else { return false; } } else if ($fl === 1) { const F = c.vs; const _x0 = F[$n * 4], _y0 = F[$m * 4], _r0 = Math.fround(_x0 / _y0), _a0 = Math.abs(_r0); const _x1 = F[$n * 4 + 1], _y1 = F[$m * 4 + 1], _r1 = Math.fround(_x1 / _y1), _a1 = Math.abs(_r1); const _x2 = F[$n * 4 + 2], _y2 = F[$m * 4 + 2], _r2 = Math.fround(_x2 / _y2), _a2 = Math.abs(_r2); const _x3 = F[$n * 4 + 3], _y3 = F[$m * 4 + 3], _r3 = Math.fround(_x3 / _y3), _a3 = Math.abs(_r3); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 1.1754943508222875e-38 && _a0 < Infinity) || (_r0 === 0 && _x0 === 0)) && ((_a1 > 1.1754943508222875e-38 && _a1 < Infinity) || (_r1 === 0 && _x1 === 0)) && ((_a2 > 1.1754943508222875e-38 && _a2 < Infinity) || (_r2 === 0 && _x2 === 0)) && ((_a3 > 1.1754943508222875e-38 && _a3 < Infinity) || (_r3 === 0 && _x3 === 0))) { F[$d * 4] = _r0; F[$d * 4 + 1] = _r1; F[$d * 4 + 2] = _r2; F[$d * 4 + 3] = _r3; } else { return false; } } else { const F = c.vd; const _x0 = F[$n * 2], _y0 = F[$m * 2], _r0 = _x0 / _y0, _a0 = Math.abs(_r0); const _x1 = F[$n * 2 + 1], _y1 = F[$m * 2 + 1], _r1 = _x1 / _y1, _a1 = Math.abs(_r1); if (c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0 && ((_a0 > 2.2250738585072014e-308 && _a0 < Infinity) || (_r0 === 0 && _x0 === 0)) && ((_a1 > 2.2250738585072014e-308 && _a1 < Infinity) || (_r1 === 0 && _x1 === 0))) { F[$d * 2] = _r0; F[$d * 2 + 1] = _r1; } else { return false; } } }
  return true;
}

/** ADDV: ADDV (vector) (the fast path; false when it declines). */
function opADDV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) A[_d + _k] = A[_n + _k] + A[_m + _k]; } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) A[_d + _k] = A[_n + _k] + A[_m + _k]; } else if ($fl === 2) { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) A[_d + _k] = A[_n + _k] + A[_m + _k]; } else { const v = c.v; { const _nl = v[$n * 4], _nh = v[$n * 4 + 1], _ml = v[$m * 4], _mh = v[$m * 4 + 1]; const _l = (_nl >>> 0) + (_ml >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_nh + _mh + (_l > 0xffffffff ? 1 : 0)) | 0; } { const _nl = v[$n * 4 + 2], _nh = v[$n * 4 + 3], _ml = v[$m * 4 + 2], _mh = v[$m * 4 + 3]; const _l = (_nl >>> 0) + (_ml >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_nh + _mh + (_l > 0xffffffff ? 1 : 0)) | 0; } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** SUBV: SUBV (vector) (the fast path; false when it declines). */
function opSUBV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) A[_d + _k] = A[_n + _k] - A[_m + _k]; } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) A[_d + _k] = A[_n + _k] - A[_m + _k]; } else if ($fl === 2) { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) A[_d + _k] = A[_n + _k] - A[_m + _k]; } else { const v = c.v; { const _nl = v[$n * 4], _nh = v[$n * 4 + 1], _ml = v[$m * 4], _mh = v[$m * 4 + 1]; const _l = (_nl >>> 0) - (_ml >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_nh - _mh - (_l < 0 ? 1 : 0)) | 0; } { const _nl = v[$n * 4 + 2], _nh = v[$n * 4 + 3], _ml = v[$m * 4 + 2], _mh = v[$m * 4 + 3]; const _l = (_nl >>> 0) - (_ml >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_nh - _mh - (_l < 0 ? 1 : 0)) | 0; } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** MULV: MUL (vector) (the fast path; false when it declines). */
function opMULV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = _a * _b; } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = _a * _b; } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = Math.imul(_a, _b); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** MLAV: MLA (vector) (the fast path; false when it declines). */
function opMLAV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = A[_d + _k] + _a * _b; } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = A[_d + _k] + _a * _b; } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = A[_d + _k] + Math.imul(_a, _b); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** MLSV: MLS (vector) (the fast path; false when it declines). */
function opMLSV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = A[_d + _k] - _a * _b; } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = A[_d + _k] - _a * _b; } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = A[_d + _k] - Math.imul(_a, _b); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** SMAXV: SMAX (vector) (the fast path; false when it declines). */
function opSMAXV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (((_a << 24) >> 24) > ((_b << 24) >> 24) ? _a : _b); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (((_a << 16) >> 16) > ((_b << 16) >> 16) ? _a : _b); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a > _b ? _a : _b); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** SMINV: SMIN (vector) (the fast path; false when it declines). */
function opSMINV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (((_a << 24) >> 24) < ((_b << 24) >> 24) ? _a : _b); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (((_a << 16) >> 16) < ((_b << 16) >> 16) ? _a : _b); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a < _b ? _a : _b); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** UMAXV: UMAX (vector) (the fast path; false when it declines). */
function opUMAXV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a > _b ? _a : _b); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a > _b ? _a : _b); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = ((_a >>> 0) > (_b >>> 0) ? _a : _b); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** UMINV: UMIN (vector) (the fast path; false when it declines). */
function opUMINV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a < _b ? _a : _b); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a < _b ? _a : _b); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = ((_a >>> 0) < (_b >>> 0) ? _a : _b); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** CMGTV: CMGT (register, vector) (the fast path; false when it declines). */
function opCMGTV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (((_a << 24) >> 24) > ((_b << 24) >> 24) ? -1 : 0); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (((_a << 16) >> 16) > ((_b << 16) >> 16) ? -1 : 0); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a > _b ? -1 : 0); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** CMGEV: CMGE (register, vector) (the fast path; false when it declines). */
function opCMGEV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (((_a << 24) >> 24) >= ((_b << 24) >> 24) ? -1 : 0); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (((_a << 16) >> 16) >= ((_b << 16) >> 16) ? -1 : 0); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a >= _b ? -1 : 0); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** CMHIV: CMHI (register, vector) (the fast path; false when it declines). */
function opCMHIV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a > _b ? -1 : 0); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a > _b ? -1 : 0); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = ((_a >>> 0) > (_b >>> 0) ? -1 : 0); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** CMHSV: CMHS (register, vector) (the fast path; false when it declines). */
function opCMHSV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a >= _b ? -1 : 0); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a >= _b ? -1 : 0); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = ((_a >>> 0) >= (_b >>> 0) ? -1 : 0); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** CMEQV: CMEQ (register, vector) (the fast path; false when it declines). */
function opCMEQV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a === _b ? -1 : 0); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a === _b ? -1 : 0); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = (_a === _b ? -1 : 0); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** CMTSTV: CMTST (vector) (the fast path; false when it declines). */
function opCMTSTV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = ((_a & _b) !== 0 ? -1 : 0); } } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = ((_a & _b) !== 0 ? -1 : 0); } } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = ((_a & _b) !== 0 ? -1 : 0); } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** ANDV: ANDV (vector) (the fast path; false when it declines). */
function opANDV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5]; if (c.fpen === 3) { const v = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) v[_d + _k] = v[_n + _k] & v[_m + _k]; if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** BICV: BICV (vector) (the fast path; false when it declines). */
function opBICV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5]; if (c.fpen === 3) { const v = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) v[_d + _k] = v[_n + _k] & ~v[_m + _k]; if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** ORRV: ORRV (vector) (the fast path; false when it declines). */
function opORRV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5]; if (c.fpen === 3) { const v = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) v[_d + _k] = v[_n + _k] | v[_m + _k]; if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** ORNV: ORNV (vector) (the fast path; false when it declines). */
function opORNV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5]; if (c.fpen === 3) { const v = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) v[_d + _k] = v[_n + _k] | ~v[_m + _k]; if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** EORV: EORV (vector) (the fast path; false when it declines). */
function opEORV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5]; if (c.fpen === 3) { const v = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) v[_d + _k] = v[_n + _k] ^ v[_m + _k]; if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** BSLV: BSLV (vector) (the fast path; false when it declines). */
function opBSLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5]; if (c.fpen === 3) { const v = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) v[_d + _k] = v[_m + _k] ^ ((v[_m + _k] ^ v[_n + _k]) & v[_d + _k]); if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** BITV: BITV (vector) (the fast path; false when it declines). */
function opBITV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5]; if (c.fpen === 3) { const v = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) v[_d + _k] = v[_d + _k] ^ ((v[_d + _k] ^ v[_n + _k]) & v[_m + _k]); if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** BIFV: BIFV (vector) (the fast path; false when it declines). */
function opBIFV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5]; if (c.fpen === 3) { const v = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) v[_d + _k] = v[_d + _k] ^ ((v[_d + _k] ^ v[_n + _k]) & ~v[_m + _k]); if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** SHLV: SHLV (vector) (the fast path; false when it declines). */
function opSHLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) A[_d + _k] = A[_n + _k] << $imm3; } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) A[_d + _k] = A[_n + _k] << $imm3; } else { const A = c.v, _n = $n * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) A[_d + _k] = A[_n + _k] << $imm3; } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** USHRV: USHRV (vector) (the fast path; false when it declines). */
function opUSHRV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) A[_d + _k] = A[_n + _k] >>> $imm3; } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) A[_d + _k] = A[_n + _k] >>> $imm3; } else { const A = c.v, _n = $n * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) A[_d + _k] = (A[_n + _k] >>> 0) >>> $imm3; } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** SSHRV: SSHRV (vector) (the fast path; false when it declines). */
function opSSHRV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) A[_d + _k] = ((A[_n + _k] << 24) >> 24) >> $imm3; } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) A[_d + _k] = ((A[_n + _k] << 16) >> 16) >> $imm3; } else { const A = c.v, _n = $n * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) A[_d + _k] = A[_n + _k] >> $imm3; } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** USRAV: USRAV (vector) (the fast path; false when it declines). */
function opUSRAV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) A[_d + _k] = A[_d + _k] + (A[_n + _k] >>> $imm3); } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) A[_d + _k] = A[_d + _k] + (A[_n + _k] >>> $imm3); } else { const A = c.v, _n = $n * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) A[_d + _k] = A[_d + _k] + ((A[_n + _k] >>> 0) >>> $imm3); } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** SSRAV: SSRAV (vector) (the fast path; false when it declines). */
function opSSRAV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const A = c.vb, _n = $n * 16, _d = $d * 16; for (let _k = 0; _k < (($imm2 === 1) ? 16 : 8); _k++) A[_d + _k] = A[_d + _k] + (((A[_n + _k] << 24) >> 24) >> $imm3); } else if ($fl === 1) { const A = c.vh, _n = $n * 8, _d = $d * 8; for (let _k = 0; _k < (($imm2 === 1) ? 8 : 4); _k++) A[_d + _k] = A[_d + _k] + (((A[_n + _k] << 16) >> 16) >> $imm3); } else { const A = c.v, _n = $n * 4, _d = $d * 4; for (let _k = 0; _k < (($imm2 === 1) ? 4 : 2); _k++) A[_d + _k] = A[_d + _k] + (A[_n + _k] >> $imm3); } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** USHLLV: USHLL, USHLL2, UXTL, UXTL2 (8- and 16-bit sources) (the fast path; false when it declines). */
function opUSHLLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = 0; const _a1 = Nv[_n + _h + 1], _b1 = 0; const _a2 = Nv[_n + _h + 2], _b2 = 0; const _a3 = Nv[_n + _h + 3], _b3 = 0; const _a4 = Nv[_n + _h + 4], _b4 = 0; const _a5 = Nv[_n + _h + 5], _b5 = 0; const _a6 = Nv[_n + _h + 6], _b6 = 0; const _a7 = Nv[_n + _h + 7], _b7 = 0; Wv[_d + 0] = _a0 << $imm3; Wv[_d + 1] = _a1 << $imm3; Wv[_d + 2] = _a2 << $imm3; Wv[_d + 3] = _a3 << $imm3; Wv[_d + 4] = _a4 << $imm3; Wv[_d + 5] = _a5 << $imm3; Wv[_d + 6] = _a6 << $imm3; Wv[_d + 7] = _a7 << $imm3; } else { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = 0; const _a1 = Nv[_n + _h + 1], _b1 = 0; const _a2 = Nv[_n + _h + 2], _b2 = 0; const _a3 = Nv[_n + _h + 3], _b3 = 0; Wv[_d + 0] = _a0 << $imm3; Wv[_d + 1] = _a1 << $imm3; Wv[_d + 2] = _a2 << $imm3; Wv[_d + 3] = _a3 << $imm3; } } else { return false; }
  return true;
}

/** SSHLLV: SSHLL, SSHLL2, SXTL, SXTL2 (8- and 16-bit sources) (the fast path; false when it declines). */
function opSSHLLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $imm3 = dec[i + 6], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = 0; const _a1 = Nv[_n + _h + 1], _b1 = 0; const _a2 = Nv[_n + _h + 2], _b2 = 0; const _a3 = Nv[_n + _h + 3], _b3 = 0; const _a4 = Nv[_n + _h + 4], _b4 = 0; const _a5 = Nv[_n + _h + 5], _b5 = 0; const _a6 = Nv[_n + _h + 6], _b6 = 0; const _a7 = Nv[_n + _h + 7], _b7 = 0; Wv[_d + 0] = ((_a0 << 24) >> 24) << $imm3; Wv[_d + 1] = ((_a1 << 24) >> 24) << $imm3; Wv[_d + 2] = ((_a2 << 24) >> 24) << $imm3; Wv[_d + 3] = ((_a3 << 24) >> 24) << $imm3; Wv[_d + 4] = ((_a4 << 24) >> 24) << $imm3; Wv[_d + 5] = ((_a5 << 24) >> 24) << $imm3; Wv[_d + 6] = ((_a6 << 24) >> 24) << $imm3; Wv[_d + 7] = ((_a7 << 24) >> 24) << $imm3; } else { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = 0; const _a1 = Nv[_n + _h + 1], _b1 = 0; const _a2 = Nv[_n + _h + 2], _b2 = 0; const _a3 = Nv[_n + _h + 3], _b3 = 0; Wv[_d + 0] = ((_a0 << 16) >> 16) << $imm3; Wv[_d + 1] = ((_a1 << 16) >> 16) << $imm3; Wv[_d + 2] = ((_a2 << 16) >> 16) << $imm3; Wv[_d + 3] = ((_a3 << 16) >> 16) << $imm3; } } else { return false; }
  return true;
}

/** UADDLV: UADDL, UADDL2 (the fast path; false when it declines). */
function opUADDLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = _a0 + _b0; Wv[_d + 1] = _a1 + _b1; Wv[_d + 2] = _a2 + _b2; Wv[_d + 3] = _a3 + _b3; Wv[_d + 4] = _a4 + _b4; Wv[_d + 5] = _a5 + _b5; Wv[_d + 6] = _a6 + _b6; Wv[_d + 7] = _a7 + _b7; } else if ($fl === 1) { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = _a0 + _b0; Wv[_d + 1] = _a1 + _b1; Wv[_d + 2] = _a2 + _b2; Wv[_d + 3] = _a3 + _b3; } else { const v = c.v, _h = (($imm2 === 1) ? 2 : 0), _n = $n * 4, _m = $m * 4; const _al0 = v[_n + _h + 0], _ah0 = 0; const _bl0 = v[_m + _h + 0], _bh0 = 0; const _al1 = v[_n + _h + 1], _ah1 = 0; const _bl1 = v[_m + _h + 1], _bh1 = 0; { const _l = (_al0 >>> 0) + (_bl0 >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_ah0 + _bh0 + (_l > 0xffffffff ? 1 : 0)) | 0; } { const _l = (_al1 >>> 0) + (_bl1 >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_ah1 + _bh1 + (_l > 0xffffffff ? 1 : 0)) | 0; } } } else { return false; }
  return true;
}

/** SADDLV: SADDL, SADDL2 (the fast path; false when it declines). */
function opSADDLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = ((_a0 << 24) >> 24) + ((_b0 << 24) >> 24); Wv[_d + 1] = ((_a1 << 24) >> 24) + ((_b1 << 24) >> 24); Wv[_d + 2] = ((_a2 << 24) >> 24) + ((_b2 << 24) >> 24); Wv[_d + 3] = ((_a3 << 24) >> 24) + ((_b3 << 24) >> 24); Wv[_d + 4] = ((_a4 << 24) >> 24) + ((_b4 << 24) >> 24); Wv[_d + 5] = ((_a5 << 24) >> 24) + ((_b5 << 24) >> 24); Wv[_d + 6] = ((_a6 << 24) >> 24) + ((_b6 << 24) >> 24); Wv[_d + 7] = ((_a7 << 24) >> 24) + ((_b7 << 24) >> 24); } else if ($fl === 1) { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = ((_a0 << 16) >> 16) + ((_b0 << 16) >> 16); Wv[_d + 1] = ((_a1 << 16) >> 16) + ((_b1 << 16) >> 16); Wv[_d + 2] = ((_a2 << 16) >> 16) + ((_b2 << 16) >> 16); Wv[_d + 3] = ((_a3 << 16) >> 16) + ((_b3 << 16) >> 16); } else { const v = c.v, _h = (($imm2 === 1) ? 2 : 0), _n = $n * 4, _m = $m * 4; const _al0 = v[_n + _h + 0], _ah0 = (_al0 >> 31); const _bl0 = v[_m + _h + 0], _bh0 = (_bl0 >> 31); const _al1 = v[_n + _h + 1], _ah1 = (_al1 >> 31); const _bl1 = v[_m + _h + 1], _bh1 = (_bl1 >> 31); { const _l = (_al0 >>> 0) + (_bl0 >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_ah0 + _bh0 + (_l > 0xffffffff ? 1 : 0)) | 0; } { const _l = (_al1 >>> 0) + (_bl1 >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_ah1 + _bh1 + (_l > 0xffffffff ? 1 : 0)) | 0; } } } else { return false; }
  return true;
}

/** USUBLV: USUBL, USUBL2 (the fast path; false when it declines). */
function opUSUBLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = _a0 - _b0; Wv[_d + 1] = _a1 - _b1; Wv[_d + 2] = _a2 - _b2; Wv[_d + 3] = _a3 - _b3; Wv[_d + 4] = _a4 - _b4; Wv[_d + 5] = _a5 - _b5; Wv[_d + 6] = _a6 - _b6; Wv[_d + 7] = _a7 - _b7; } else if ($fl === 1) { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = _a0 - _b0; Wv[_d + 1] = _a1 - _b1; Wv[_d + 2] = _a2 - _b2; Wv[_d + 3] = _a3 - _b3; } else { const v = c.v, _h = (($imm2 === 1) ? 2 : 0), _n = $n * 4, _m = $m * 4; const _al0 = v[_n + _h + 0], _ah0 = 0; const _bl0 = v[_m + _h + 0], _bh0 = 0; const _al1 = v[_n + _h + 1], _ah1 = 0; const _bl1 = v[_m + _h + 1], _bh1 = 0; { const _l = (_al0 >>> 0) - (_bl0 >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_ah0 - _bh0 - (_l < 0 ? 1 : 0)) | 0; } { const _l = (_al1 >>> 0) - (_bl1 >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_ah1 - _bh1 - (_l < 0 ? 1 : 0)) | 0; } } } else { return false; }
  return true;
}

/** SSUBLV: SSUBL, SSUBL2 (the fast path; false when it declines). */
function opSSUBLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = ((_a0 << 24) >> 24) - ((_b0 << 24) >> 24); Wv[_d + 1] = ((_a1 << 24) >> 24) - ((_b1 << 24) >> 24); Wv[_d + 2] = ((_a2 << 24) >> 24) - ((_b2 << 24) >> 24); Wv[_d + 3] = ((_a3 << 24) >> 24) - ((_b3 << 24) >> 24); Wv[_d + 4] = ((_a4 << 24) >> 24) - ((_b4 << 24) >> 24); Wv[_d + 5] = ((_a5 << 24) >> 24) - ((_b5 << 24) >> 24); Wv[_d + 6] = ((_a6 << 24) >> 24) - ((_b6 << 24) >> 24); Wv[_d + 7] = ((_a7 << 24) >> 24) - ((_b7 << 24) >> 24); } else if ($fl === 1) { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = ((_a0 << 16) >> 16) - ((_b0 << 16) >> 16); Wv[_d + 1] = ((_a1 << 16) >> 16) - ((_b1 << 16) >> 16); Wv[_d + 2] = ((_a2 << 16) >> 16) - ((_b2 << 16) >> 16); Wv[_d + 3] = ((_a3 << 16) >> 16) - ((_b3 << 16) >> 16); } else { const v = c.v, _h = (($imm2 === 1) ? 2 : 0), _n = $n * 4, _m = $m * 4; const _al0 = v[_n + _h + 0], _ah0 = (_al0 >> 31); const _bl0 = v[_m + _h + 0], _bh0 = (_bl0 >> 31); const _al1 = v[_n + _h + 1], _ah1 = (_al1 >> 31); const _bl1 = v[_m + _h + 1], _bh1 = (_bl1 >> 31); { const _l = (_al0 >>> 0) - (_bl0 >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_ah0 - _bh0 - (_l < 0 ? 1 : 0)) | 0; } { const _l = (_al1 >>> 0) - (_bl1 >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_ah1 - _bh1 - (_l < 0 ? 1 : 0)) | 0; } } } else { return false; }
  return true;
}

/** UADDWV: UADDW, UADDW2 (the fast path; false when it declines). */
function opUADDWV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Wv[_nw + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Wv[_nw + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Wv[_nw + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Wv[_nw + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Wv[_nw + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Wv[_nw + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Wv[_nw + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Wv[_nw + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = _a0 + _b0; Wv[_d + 1] = _a1 + _b1; Wv[_d + 2] = _a2 + _b2; Wv[_d + 3] = _a3 + _b3; Wv[_d + 4] = _a4 + _b4; Wv[_d + 5] = _a5 + _b5; Wv[_d + 6] = _a6 + _b6; Wv[_d + 7] = _a7 + _b7; } else if ($fl === 1) { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Wv[_nw + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Wv[_nw + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Wv[_nw + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Wv[_nw + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = _a0 + _b0; Wv[_d + 1] = _a1 + _b1; Wv[_d + 2] = _a2 + _b2; Wv[_d + 3] = _a3 + _b3; } else { const v = c.v, _h = (($imm2 === 1) ? 2 : 0), _n = $n * 4, _m = $m * 4; const _al0 = v[_n + 0], _ah0 = v[_n + 1]; const _bl0 = v[_m + _h + 0], _bh0 = 0; const _al1 = v[_n + 2], _ah1 = v[_n + 3]; const _bl1 = v[_m + _h + 1], _bh1 = 0; { const _l = (_al0 >>> 0) + (_bl0 >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_ah0 + _bh0 + (_l > 0xffffffff ? 1 : 0)) | 0; } { const _l = (_al1 >>> 0) + (_bl1 >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_ah1 + _bh1 + (_l > 0xffffffff ? 1 : 0)) | 0; } } } else { return false; }
  return true;
}

/** SADDWV: SADDW, SADDW2 (the fast path; false when it declines). */
function opSADDWV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Wv[_nw + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Wv[_nw + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Wv[_nw + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Wv[_nw + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Wv[_nw + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Wv[_nw + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Wv[_nw + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Wv[_nw + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = _a0 + ((_b0 << 24) >> 24); Wv[_d + 1] = _a1 + ((_b1 << 24) >> 24); Wv[_d + 2] = _a2 + ((_b2 << 24) >> 24); Wv[_d + 3] = _a3 + ((_b3 << 24) >> 24); Wv[_d + 4] = _a4 + ((_b4 << 24) >> 24); Wv[_d + 5] = _a5 + ((_b5 << 24) >> 24); Wv[_d + 6] = _a6 + ((_b6 << 24) >> 24); Wv[_d + 7] = _a7 + ((_b7 << 24) >> 24); } else if ($fl === 1) { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Wv[_nw + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Wv[_nw + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Wv[_nw + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Wv[_nw + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = _a0 + ((_b0 << 16) >> 16); Wv[_d + 1] = _a1 + ((_b1 << 16) >> 16); Wv[_d + 2] = _a2 + ((_b2 << 16) >> 16); Wv[_d + 3] = _a3 + ((_b3 << 16) >> 16); } else { const v = c.v, _h = (($imm2 === 1) ? 2 : 0), _n = $n * 4, _m = $m * 4; const _al0 = v[_n + 0], _ah0 = v[_n + 1]; const _bl0 = v[_m + _h + 0], _bh0 = (_bl0 >> 31); const _al1 = v[_n + 2], _ah1 = v[_n + 3]; const _bl1 = v[_m + _h + 1], _bh1 = (_bl1 >> 31); { const _l = (_al0 >>> 0) + (_bl0 >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_ah0 + _bh0 + (_l > 0xffffffff ? 1 : 0)) | 0; } { const _l = (_al1 >>> 0) + (_bl1 >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_ah1 + _bh1 + (_l > 0xffffffff ? 1 : 0)) | 0; } } } else { return false; }
  return true;
}

/** USUBWV: USUBW, USUBW2 (the fast path; false when it declines). */
function opUSUBWV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Wv[_nw + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Wv[_nw + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Wv[_nw + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Wv[_nw + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Wv[_nw + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Wv[_nw + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Wv[_nw + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Wv[_nw + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = _a0 - _b0; Wv[_d + 1] = _a1 - _b1; Wv[_d + 2] = _a2 - _b2; Wv[_d + 3] = _a3 - _b3; Wv[_d + 4] = _a4 - _b4; Wv[_d + 5] = _a5 - _b5; Wv[_d + 6] = _a6 - _b6; Wv[_d + 7] = _a7 - _b7; } else if ($fl === 1) { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Wv[_nw + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Wv[_nw + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Wv[_nw + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Wv[_nw + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = _a0 - _b0; Wv[_d + 1] = _a1 - _b1; Wv[_d + 2] = _a2 - _b2; Wv[_d + 3] = _a3 - _b3; } else { const v = c.v, _h = (($imm2 === 1) ? 2 : 0), _n = $n * 4, _m = $m * 4; const _al0 = v[_n + 0], _ah0 = v[_n + 1]; const _bl0 = v[_m + _h + 0], _bh0 = 0; const _al1 = v[_n + 2], _ah1 = v[_n + 3]; const _bl1 = v[_m + _h + 1], _bh1 = 0; { const _l = (_al0 >>> 0) - (_bl0 >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_ah0 - _bh0 - (_l < 0 ? 1 : 0)) | 0; } { const _l = (_al1 >>> 0) - (_bl1 >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_ah1 - _bh1 - (_l < 0 ? 1 : 0)) | 0; } } } else { return false; }
  return true;
}

/** SSUBWV: SSUBW, SSUBW2 (the fast path; false when it declines). */
function opSSUBWV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Wv[_nw + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Wv[_nw + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Wv[_nw + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Wv[_nw + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Wv[_nw + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Wv[_nw + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Wv[_nw + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Wv[_nw + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = _a0 - ((_b0 << 24) >> 24); Wv[_d + 1] = _a1 - ((_b1 << 24) >> 24); Wv[_d + 2] = _a2 - ((_b2 << 24) >> 24); Wv[_d + 3] = _a3 - ((_b3 << 24) >> 24); Wv[_d + 4] = _a4 - ((_b4 << 24) >> 24); Wv[_d + 5] = _a5 - ((_b5 << 24) >> 24); Wv[_d + 6] = _a6 - ((_b6 << 24) >> 24); Wv[_d + 7] = _a7 - ((_b7 << 24) >> 24); } else if ($fl === 1) { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Wv[_nw + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Wv[_nw + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Wv[_nw + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Wv[_nw + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = _a0 - ((_b0 << 16) >> 16); Wv[_d + 1] = _a1 - ((_b1 << 16) >> 16); Wv[_d + 2] = _a2 - ((_b2 << 16) >> 16); Wv[_d + 3] = _a3 - ((_b3 << 16) >> 16); } else { const v = c.v, _h = (($imm2 === 1) ? 2 : 0), _n = $n * 4, _m = $m * 4; const _al0 = v[_n + 0], _ah0 = v[_n + 1]; const _bl0 = v[_m + _h + 0], _bh0 = (_bl0 >> 31); const _al1 = v[_n + 2], _ah1 = v[_n + 3]; const _bl1 = v[_m + _h + 1], _bh1 = (_bl1 >> 31); { const _l = (_al0 >>> 0) - (_bl0 >>> 0); v[$d * 4] = _l; v[$d * 4 + 1] = (_ah0 - _bh0 - (_l < 0 ? 1 : 0)) | 0; } { const _l = (_al1 >>> 0) - (_bl1 >>> 0); v[$d * 4 + 2] = _l; v[$d * 4 + 3] = (_ah1 - _bh1 - (_l < 0 ? 1 : 0)) | 0; } } } else { return false; }
  return true;
}

/** UMULLV: UMULL, UMULL2 (the fast path; false when it declines). */
function opUMULLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = _a0 * _b0; Wv[_d + 1] = _a1 * _b1; Wv[_d + 2] = _a2 * _b2; Wv[_d + 3] = _a3 * _b3; Wv[_d + 4] = _a4 * _b4; Wv[_d + 5] = _a5 * _b5; Wv[_d + 6] = _a6 * _b6; Wv[_d + 7] = _a7 * _b7; } else { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = _a0 * _b0; Wv[_d + 1] = _a1 * _b1; Wv[_d + 2] = _a2 * _b2; Wv[_d + 3] = _a3 * _b3; } } else { return false; }
  return true;
}

/** SMULLV: SMULL, SMULL2 (the fast path; false when it declines). */
function opSMULLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = ((_a0 << 24) >> 24) * ((_b0 << 24) >> 24); Wv[_d + 1] = ((_a1 << 24) >> 24) * ((_b1 << 24) >> 24); Wv[_d + 2] = ((_a2 << 24) >> 24) * ((_b2 << 24) >> 24); Wv[_d + 3] = ((_a3 << 24) >> 24) * ((_b3 << 24) >> 24); Wv[_d + 4] = ((_a4 << 24) >> 24) * ((_b4 << 24) >> 24); Wv[_d + 5] = ((_a5 << 24) >> 24) * ((_b5 << 24) >> 24); Wv[_d + 6] = ((_a6 << 24) >> 24) * ((_b6 << 24) >> 24); Wv[_d + 7] = ((_a7 << 24) >> 24) * ((_b7 << 24) >> 24); } else { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = ((_a0 << 16) >> 16) * ((_b0 << 16) >> 16); Wv[_d + 1] = ((_a1 << 16) >> 16) * ((_b1 << 16) >> 16); Wv[_d + 2] = ((_a2 << 16) >> 16) * ((_b2 << 16) >> 16); Wv[_d + 3] = ((_a3 << 16) >> 16) * ((_b3 << 16) >> 16); } } else { return false; }
  return true;
}

/** UMLALV: UMLAL, UMLAL2 (the fast path; false when it declines). */
function opUMLALV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = Wv[_d + 0] + _a0 * _b0; Wv[_d + 1] = Wv[_d + 1] + _a1 * _b1; Wv[_d + 2] = Wv[_d + 2] + _a2 * _b2; Wv[_d + 3] = Wv[_d + 3] + _a3 * _b3; Wv[_d + 4] = Wv[_d + 4] + _a4 * _b4; Wv[_d + 5] = Wv[_d + 5] + _a5 * _b5; Wv[_d + 6] = Wv[_d + 6] + _a6 * _b6; Wv[_d + 7] = Wv[_d + 7] + _a7 * _b7; } else { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = Wv[_d + 0] + _a0 * _b0; Wv[_d + 1] = Wv[_d + 1] + _a1 * _b1; Wv[_d + 2] = Wv[_d + 2] + _a2 * _b2; Wv[_d + 3] = Wv[_d + 3] + _a3 * _b3; } } else { return false; }
  return true;
}

/** SMLALV: SMLAL, SMLAL2 (the fast path; false when it declines). */
function opSMLALV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = Wv[_d + 0] + ((_a0 << 24) >> 24) * ((_b0 << 24) >> 24); Wv[_d + 1] = Wv[_d + 1] + ((_a1 << 24) >> 24) * ((_b1 << 24) >> 24); Wv[_d + 2] = Wv[_d + 2] + ((_a2 << 24) >> 24) * ((_b2 << 24) >> 24); Wv[_d + 3] = Wv[_d + 3] + ((_a3 << 24) >> 24) * ((_b3 << 24) >> 24); Wv[_d + 4] = Wv[_d + 4] + ((_a4 << 24) >> 24) * ((_b4 << 24) >> 24); Wv[_d + 5] = Wv[_d + 5] + ((_a5 << 24) >> 24) * ((_b5 << 24) >> 24); Wv[_d + 6] = Wv[_d + 6] + ((_a6 << 24) >> 24) * ((_b6 << 24) >> 24); Wv[_d + 7] = Wv[_d + 7] + ((_a7 << 24) >> 24) * ((_b7 << 24) >> 24); } else { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = Wv[_d + 0] + ((_a0 << 16) >> 16) * ((_b0 << 16) >> 16); Wv[_d + 1] = Wv[_d + 1] + ((_a1 << 16) >> 16) * ((_b1 << 16) >> 16); Wv[_d + 2] = Wv[_d + 2] + ((_a2 << 16) >> 16) * ((_b2 << 16) >> 16); Wv[_d + 3] = Wv[_d + 3] + ((_a3 << 16) >> 16) * ((_b3 << 16) >> 16); } } else { return false; }
  return true;
}

/** UMLSLV: UMLSL, UMLSL2 (the fast path; false when it declines). */
function opUMLSLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = Wv[_d + 0] - _a0 * _b0; Wv[_d + 1] = Wv[_d + 1] - _a1 * _b1; Wv[_d + 2] = Wv[_d + 2] - _a2 * _b2; Wv[_d + 3] = Wv[_d + 3] - _a3 * _b3; Wv[_d + 4] = Wv[_d + 4] - _a4 * _b4; Wv[_d + 5] = Wv[_d + 5] - _a5 * _b5; Wv[_d + 6] = Wv[_d + 6] - _a6 * _b6; Wv[_d + 7] = Wv[_d + 7] - _a7 * _b7; } else { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = Wv[_d + 0] - _a0 * _b0; Wv[_d + 1] = Wv[_d + 1] - _a1 * _b1; Wv[_d + 2] = Wv[_d + 2] - _a2 * _b2; Wv[_d + 3] = Wv[_d + 3] - _a3 * _b3; } } else { return false; }
  return true;
}

/** SMLSLV: SMLSL, SMLSL2 (the fast path; false when it declines). */
function opSMLSLV(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { const Nv = c.vb, Wv = c.vh, _h = (($imm2 === 1) ? 8 : 0), _n = $n * 16, _m = $m * 16, _nw = $n * 8, _d = $d * 8; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; const _a4 = Nv[_n + _h + 4], _b4 = Nv[_m + _h + 4]; const _a5 = Nv[_n + _h + 5], _b5 = Nv[_m + _h + 5]; const _a6 = Nv[_n + _h + 6], _b6 = Nv[_m + _h + 6]; const _a7 = Nv[_n + _h + 7], _b7 = Nv[_m + _h + 7]; Wv[_d + 0] = Wv[_d + 0] - ((_a0 << 24) >> 24) * ((_b0 << 24) >> 24); Wv[_d + 1] = Wv[_d + 1] - ((_a1 << 24) >> 24) * ((_b1 << 24) >> 24); Wv[_d + 2] = Wv[_d + 2] - ((_a2 << 24) >> 24) * ((_b2 << 24) >> 24); Wv[_d + 3] = Wv[_d + 3] - ((_a3 << 24) >> 24) * ((_b3 << 24) >> 24); Wv[_d + 4] = Wv[_d + 4] - ((_a4 << 24) >> 24) * ((_b4 << 24) >> 24); Wv[_d + 5] = Wv[_d + 5] - ((_a5 << 24) >> 24) * ((_b5 << 24) >> 24); Wv[_d + 6] = Wv[_d + 6] - ((_a6 << 24) >> 24) * ((_b6 << 24) >> 24); Wv[_d + 7] = Wv[_d + 7] - ((_a7 << 24) >> 24) * ((_b7 << 24) >> 24); } else { const Nv = c.vh, Wv = c.v, _h = (($imm2 === 1) ? 4 : 0), _n = $n * 8, _m = $m * 8, _nw = $n * 4, _d = $d * 4; const _a0 = Nv[_n + _h + 0], _b0 = Nv[_m + _h + 0]; const _a1 = Nv[_n + _h + 1], _b1 = Nv[_m + _h + 1]; const _a2 = Nv[_n + _h + 2], _b2 = Nv[_m + _h + 2]; const _a3 = Nv[_n + _h + 3], _b3 = Nv[_m + _h + 3]; Wv[_d + 0] = Wv[_d + 0] - ((_a0 << 16) >> 16) * ((_b0 << 16) >> 16); Wv[_d + 1] = Wv[_d + 1] - ((_a1 << 16) >> 16) * ((_b1 << 16) >> 16); Wv[_d + 2] = Wv[_d + 2] - ((_a2 << 16) >> 16) * ((_b2 << 16) >> 16); Wv[_d + 3] = Wv[_d + 3] - ((_a3 << 16) >> 16) * ((_b3 << 16) >> 16); } } else { return false; }
  return true;
}

/** UZP1V: UZP1V (vector) (the fast path; false when it declines). */
function opUZP1V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { if ($imm2 === 1) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 0]; const _t1 = A[_n + 2]; const _t2 = A[_n + 4]; const _t3 = A[_n + 6]; const _t4 = A[_n + 8]; const _t5 = A[_n + 10]; const _t6 = A[_n + 12]; const _t7 = A[_n + 14]; const _t8 = A[_m + 0]; const _t9 = A[_m + 2]; const _t10 = A[_m + 4]; const _t11 = A[_m + 6]; const _t12 = A[_m + 8]; const _t13 = A[_m + 10]; const _t14 = A[_m + 12]; const _t15 = A[_m + 14]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; A[_d + 8] = _t8; A[_d + 9] = _t9; A[_d + 10] = _t10; A[_d + 11] = _t11; A[_d + 12] = _t12; A[_d + 13] = _t13; A[_d + 14] = _t14; A[_d + 15] = _t15; } else { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 0]; const _t1 = A[_n + 2]; const _t2 = A[_n + 4]; const _t3 = A[_n + 6]; const _t4 = A[_m + 0]; const _t5 = A[_m + 2]; const _t6 = A[_m + 4]; const _t7 = A[_m + 6]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } } else if ($fl === 1) { if ($imm2 === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 0]; const _t1 = A[_n + 2]; const _t2 = A[_n + 4]; const _t3 = A[_n + 6]; const _t4 = A[_m + 0]; const _t5 = A[_m + 2]; const _t6 = A[_m + 4]; const _t7 = A[_m + 6]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } else { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 0]; const _t1 = A[_n + 2]; const _t2 = A[_m + 0]; const _t3 = A[_m + 2]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } } else { if ($imm2 === 1) { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 0]; const _t1 = A[_n + 2]; const _t2 = A[_m + 0]; const _t3 = A[_m + 2]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; A[_d + 0] = _t0; A[_d + 1] = _t1; } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** UZP2V: UZP2V (vector) (the fast path; false when it declines). */
function opUZP2V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { if ($imm2 === 1) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 1]; const _t1 = A[_n + 3]; const _t2 = A[_n + 5]; const _t3 = A[_n + 7]; const _t4 = A[_n + 9]; const _t5 = A[_n + 11]; const _t6 = A[_n + 13]; const _t7 = A[_n + 15]; const _t8 = A[_m + 1]; const _t9 = A[_m + 3]; const _t10 = A[_m + 5]; const _t11 = A[_m + 7]; const _t12 = A[_m + 9]; const _t13 = A[_m + 11]; const _t14 = A[_m + 13]; const _t15 = A[_m + 15]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; A[_d + 8] = _t8; A[_d + 9] = _t9; A[_d + 10] = _t10; A[_d + 11] = _t11; A[_d + 12] = _t12; A[_d + 13] = _t13; A[_d + 14] = _t14; A[_d + 15] = _t15; } else { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 1]; const _t1 = A[_n + 3]; const _t2 = A[_n + 5]; const _t3 = A[_n + 7]; const _t4 = A[_m + 1]; const _t5 = A[_m + 3]; const _t6 = A[_m + 5]; const _t7 = A[_m + 7]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } } else if ($fl === 1) { if ($imm2 === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 1]; const _t1 = A[_n + 3]; const _t2 = A[_n + 5]; const _t3 = A[_n + 7]; const _t4 = A[_m + 1]; const _t5 = A[_m + 3]; const _t6 = A[_m + 5]; const _t7 = A[_m + 7]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } else { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 1]; const _t1 = A[_n + 3]; const _t2 = A[_m + 1]; const _t3 = A[_m + 3]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } } else { if ($imm2 === 1) { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 1]; const _t1 = A[_n + 3]; const _t2 = A[_m + 1]; const _t3 = A[_m + 3]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 1]; const _t1 = A[_m + 1]; A[_d + 0] = _t0; A[_d + 1] = _t1; } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** TRN1V: TRN1V (vector) (the fast path; false when it declines). */
function opTRN1V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { if ($imm2 === 1) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 2]; const _t3 = A[_m + 2]; const _t4 = A[_n + 4]; const _t5 = A[_m + 4]; const _t6 = A[_n + 6]; const _t7 = A[_m + 6]; const _t8 = A[_n + 8]; const _t9 = A[_m + 8]; const _t10 = A[_n + 10]; const _t11 = A[_m + 10]; const _t12 = A[_n + 12]; const _t13 = A[_m + 12]; const _t14 = A[_n + 14]; const _t15 = A[_m + 14]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; A[_d + 8] = _t8; A[_d + 9] = _t9; A[_d + 10] = _t10; A[_d + 11] = _t11; A[_d + 12] = _t12; A[_d + 13] = _t13; A[_d + 14] = _t14; A[_d + 15] = _t15; } else { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 2]; const _t3 = A[_m + 2]; const _t4 = A[_n + 4]; const _t5 = A[_m + 4]; const _t6 = A[_n + 6]; const _t7 = A[_m + 6]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } } else if ($fl === 1) { if ($imm2 === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 2]; const _t3 = A[_m + 2]; const _t4 = A[_n + 4]; const _t5 = A[_m + 4]; const _t6 = A[_n + 6]; const _t7 = A[_m + 6]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } else { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 2]; const _t3 = A[_m + 2]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } } else { if ($imm2 === 1) { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 2]; const _t3 = A[_m + 2]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; A[_d + 0] = _t0; A[_d + 1] = _t1; } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** TRN2V: TRN2V (vector) (the fast path; false when it declines). */
function opTRN2V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { if ($imm2 === 1) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 1]; const _t1 = A[_m + 1]; const _t2 = A[_n + 3]; const _t3 = A[_m + 3]; const _t4 = A[_n + 5]; const _t5 = A[_m + 5]; const _t6 = A[_n + 7]; const _t7 = A[_m + 7]; const _t8 = A[_n + 9]; const _t9 = A[_m + 9]; const _t10 = A[_n + 11]; const _t11 = A[_m + 11]; const _t12 = A[_n + 13]; const _t13 = A[_m + 13]; const _t14 = A[_n + 15]; const _t15 = A[_m + 15]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; A[_d + 8] = _t8; A[_d + 9] = _t9; A[_d + 10] = _t10; A[_d + 11] = _t11; A[_d + 12] = _t12; A[_d + 13] = _t13; A[_d + 14] = _t14; A[_d + 15] = _t15; } else { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 1]; const _t1 = A[_m + 1]; const _t2 = A[_n + 3]; const _t3 = A[_m + 3]; const _t4 = A[_n + 5]; const _t5 = A[_m + 5]; const _t6 = A[_n + 7]; const _t7 = A[_m + 7]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } } else if ($fl === 1) { if ($imm2 === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 1]; const _t1 = A[_m + 1]; const _t2 = A[_n + 3]; const _t3 = A[_m + 3]; const _t4 = A[_n + 5]; const _t5 = A[_m + 5]; const _t6 = A[_n + 7]; const _t7 = A[_m + 7]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } else { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 1]; const _t1 = A[_m + 1]; const _t2 = A[_n + 3]; const _t3 = A[_m + 3]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } } else { if ($imm2 === 1) { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 1]; const _t1 = A[_m + 1]; const _t2 = A[_n + 3]; const _t3 = A[_m + 3]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 1]; const _t1 = A[_m + 1]; A[_d + 0] = _t0; A[_d + 1] = _t1; } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** ZIP1V: ZIP1V (vector) (the fast path; false when it declines). */
function opZIP1V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { if ($imm2 === 1) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 1]; const _t3 = A[_m + 1]; const _t4 = A[_n + 2]; const _t5 = A[_m + 2]; const _t6 = A[_n + 3]; const _t7 = A[_m + 3]; const _t8 = A[_n + 4]; const _t9 = A[_m + 4]; const _t10 = A[_n + 5]; const _t11 = A[_m + 5]; const _t12 = A[_n + 6]; const _t13 = A[_m + 6]; const _t14 = A[_n + 7]; const _t15 = A[_m + 7]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; A[_d + 8] = _t8; A[_d + 9] = _t9; A[_d + 10] = _t10; A[_d + 11] = _t11; A[_d + 12] = _t12; A[_d + 13] = _t13; A[_d + 14] = _t14; A[_d + 15] = _t15; } else { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 1]; const _t3 = A[_m + 1]; const _t4 = A[_n + 2]; const _t5 = A[_m + 2]; const _t6 = A[_n + 3]; const _t7 = A[_m + 3]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } } else if ($fl === 1) { if ($imm2 === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 1]; const _t3 = A[_m + 1]; const _t4 = A[_n + 2]; const _t5 = A[_m + 2]; const _t6 = A[_n + 3]; const _t7 = A[_m + 3]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } else { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 1]; const _t3 = A[_m + 1]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } } else { if ($imm2 === 1) { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; const _t2 = A[_n + 1]; const _t3 = A[_m + 1]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 0]; const _t1 = A[_m + 0]; A[_d + 0] = _t0; A[_d + 1] = _t1; } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}

/** ZIP2V: ZIP2V (vector) (the fast path; false when it declines). */
function opZIP2V(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {
  const $d = dec[i + 1], $n = dec[i + 2], $m = dec[i + 3], $imm2 = dec[i + 5], $fl = dec[i + 7]; if (c.fpen === 3) { if ($fl === 0) { if ($imm2 === 1) { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 8]; const _t1 = A[_m + 8]; const _t2 = A[_n + 9]; const _t3 = A[_m + 9]; const _t4 = A[_n + 10]; const _t5 = A[_m + 10]; const _t6 = A[_n + 11]; const _t7 = A[_m + 11]; const _t8 = A[_n + 12]; const _t9 = A[_m + 12]; const _t10 = A[_n + 13]; const _t11 = A[_m + 13]; const _t12 = A[_n + 14]; const _t13 = A[_m + 14]; const _t14 = A[_n + 15]; const _t15 = A[_m + 15]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; A[_d + 8] = _t8; A[_d + 9] = _t9; A[_d + 10] = _t10; A[_d + 11] = _t11; A[_d + 12] = _t12; A[_d + 13] = _t13; A[_d + 14] = _t14; A[_d + 15] = _t15; } else { const A = c.vb, _n = $n * 16, _m = $m * 16, _d = $d * 16; const _t0 = A[_n + 4]; const _t1 = A[_m + 4]; const _t2 = A[_n + 5]; const _t3 = A[_m + 5]; const _t4 = A[_n + 6]; const _t5 = A[_m + 6]; const _t6 = A[_n + 7]; const _t7 = A[_m + 7]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } } else if ($fl === 1) { if ($imm2 === 1) { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 4]; const _t1 = A[_m + 4]; const _t2 = A[_n + 5]; const _t3 = A[_m + 5]; const _t4 = A[_n + 6]; const _t5 = A[_m + 6]; const _t6 = A[_n + 7]; const _t7 = A[_m + 7]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; A[_d + 4] = _t4; A[_d + 5] = _t5; A[_d + 6] = _t6; A[_d + 7] = _t7; } else { const A = c.vh, _n = $n * 8, _m = $m * 8, _d = $d * 8; const _t0 = A[_n + 2]; const _t1 = A[_m + 2]; const _t2 = A[_n + 3]; const _t3 = A[_m + 3]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } } else { if ($imm2 === 1) { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 2]; const _t1 = A[_m + 2]; const _t2 = A[_n + 3]; const _t3 = A[_m + 3]; A[_d + 0] = _t0; A[_d + 1] = _t1; A[_d + 2] = _t2; A[_d + 3] = _t3; } else { const A = c.v, _n = $n * 4, _m = $m * 4, _d = $d * 4; const _t0 = A[_n + 1]; const _t1 = A[_m + 1]; A[_d + 0] = _t0; A[_d + 1] = _t1; } } if (($imm2 === 0)) { c.v[$d * 4 + 2] = 0; c.v[$d * 4 + 3] = 0; } } else { return false; }
  return true;
}
