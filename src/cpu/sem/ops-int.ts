/**
 * Integer data processing (Arm ARM C4.1.86 "Data Processing -- Immediate", C4.1.88 "Data Processing --
 * Register"): moves, add/subtract, logical, shifts, bitfields, conditional select and compare,
 * multiply and divide, CRC32. Register fields are offsets into the register file (regs.ts).
 */
import { IF, SEL, eq, has, lit, lo, hi, setX, sum, shl64c, lsr64c, shift64c, addWithCarry64, addWithCarry32, logicFlags64, logicFlags32, cond, operand2, type T, type V } from './emit.ts';
import type { OpDef } from './op.ts';
import { SLOT_SINK, X_ZR } from '../regs.ts';
import { out, shl64 } from '../bits.ts';

/** The write sink's offset: where a compare's result goes. */
const SINK = String(SLOT_SINK * 2);

const RD = 'Xd (XZR: sink)', RDSP = 'Xd|SP', RN = 'Xn', RNSP = 'Xn|SP', RM = 'Xm';

/**
 * ADD/SUB (immediate) without flags: Xd|SP = Xn|SP +/- imm (imm >= 0). In int32 arithmetic throughout:
 * the low half wraps, and the carry (borrow) is an unsigned compare of the low halves.
 */
function addImm64(t: T, sub: boolean): string {
  return sub
    ? `{ const l = ${lo(t.n)}, r = (l - ${t.imm}) | 0; ${hi(t.d)} = (l >>> 0) < ${t.imm} ? (${hi(t.n)} - 1) | 0 : ${hi(t.n)}; ${lo(t.d)} = r; }`
    : `{ const l = ${lo(t.n)}, r = (l + ${t.imm}) | 0; ${hi(t.d)} = (r >>> 0) < (l >>> 0) ? (${hi(t.n)} + 1) | 0 : ${hi(t.n)}; ${lo(t.d)} = r; }`;
}

/**
 * A 64-bit shift by an immediate: a call of the bits.ts helper in the interpreter, inline code in a
 * compiled block (the amount is a literal there).
 */
function shiftImm64(t: T, name: 'shl64' | 'lsr64' | 'asr64'): string {
  const s = lit(t.imm);
  if (s === undefined) return `${name}(${lo(t.n)}, ${hi(t.n)}, ${t.imm}); ${lo(t.d)} = out[0]; ${hi(t.d)} = out[1];`;
  const [l, h] = shift64c(['shl64', 'lsr64', 'asr64'].indexOf(name), '_l', '_h', s);
  return `{ const _l = ${lo(t.n)}, _h = ${hi(t.n)}; ${lo(t.d)} = ${l}; ${hi(t.d)} = ${h}; }`;
}

/**
 * SBFM/BFM/UBFM: a call of alu.ts `bitfield` in the interpreter; in a compiled block, where every field
 * is a literal, the same steps (shift the field down, keep `width` bits, sign-extend for SBFM, shift
 * it up to `pos`, merge into Xd for BFM) with their branches and masks decided at compile time.
 */
function bitfieldOp(t: T): string {
  const [d, n, sr, width, pos, f] = [t.d, t.n, t.imm, t.imm2, t.imm3, t.fl].map(lit);
  if (d === undefined || n === undefined || sr === undefined || width === undefined || pos === undefined || f === undefined)
    return `bitfield(x, ${t.d}, ${t.n}, ${t.imm}, ${t.imm2}, ${t.imm3}, ${t.fl});`;
  const kind = f & 3, is64 = (f & 4) !== 0;
  const [a, b] = lsr64c('_l', '_h', sr);
  let code = `{ const _l = x[${n}], _h = ${is64 ? `x[${n + 1}]` : '0'}; let _a = ${a}, _b = ${b};`;
  if (width < 32) code += ` _a &= ${width === 0 ? 0 : ((1 << width) - 1) | 0}; _b = 0;`;
  else if (width < 64) code += width === 32 ? ' _b = 0;' : ` _b &= ${(1 << (width - 32)) - 1};`;
  if (kind === 1) { // SBFM: sign-extend the field from bit width-1
    const top = width - 1;
    const ext = width < 32 ? `_a |= ${~((1 << width) - 1)}; _b = -1;`
      : width < 64 ? `_b |= ${width === 32 ? -1 : ~((1 << (width - 32)) - 1)};` : '';
    if (ext !== '') code += ` if (((${top < 32 ? `_a >>> ${top}` : `_b >>> ${top - 32}`}) & 1) !== 0) { ${ext} }`;
  }
  const [c, e] = shl64c('_a', '_b', pos);
  code += ` let _c = ${c}, _e = ${e};`;
  if (kind === 2) { // BFM: keep the destination bits outside the inserted field
    const [m0, m1] = width >= 64 ? [-1, -1] : width >= 32 ? [-1, width === 32 ? 0 : (1 << (width - 32)) - 1] : [(1 << width) - 1, 0];
    shl64(m0, m1, pos);
    const mlo = out[0]!, mhi = out[1]!;
    code += ` _c = (x[${d}] & ${~mlo}) | (_c & ${mlo}); _e = (x[${d + 1}] & ${~mhi}) | (_e & ${mhi});`;
  }
  return `${code} x[${d}] = _c; x[${d + 1}] = ${is64 ? '_e' : '0'}; }`;
}

/**
 * MADD/MSUB (64-bit): a call of alu.ts `madd64` in the interpreter; inline in a compiled block, with
 * the subtraction and an XZR addend (MUL, MNEG) decided at compile time. Every operand is read before
 * Xd is written.
 */
function madd64Op(t: T): string {
  const f = lit(t.fl), a = lit(t.imm);
  if (f === undefined || a === undefined) return `madd64(x, ${t.d}, ${t.n}, ${t.m}, ${t.imm}, ${t.fl});`;
  let code = `{ const _al = ${lo(t.n)}, _ah = ${hi(t.n)}, _bl = ${lo(t.m)}, _bh = ${hi(t.m)};` +
    ' let _pl = Math.imul(_al, _bl), _ph = (umulhi32(_al, _bl) + Math.imul(_al, _bh) + Math.imul(_ah, _bl)) | 0;';
  if ((f & 2) !== 0) code += ' { const _n = (~_pl >>> 0) + 1; _pl = _n | 0; _ph = (~_ph + (_n > 0xffffffff ? 1 : 0)) | 0; }';
  if (a === X_ZR) return `${code} ${lo(t.d)} = _pl; ${hi(t.d)} = _ph; }`;
  return `${code} const _s = (${lo(t.imm)} >>> 0) + (_pl >>> 0); ${hi(t.d)} = (${hi(t.imm)} + _ph + (_s > 0xffffffff ? 1 : 0)) | 0; ${lo(t.d)} = _s | 0; }`;
}

/** Logical (immediate) on 64 bits: imm/imm2 are the low/high halves of the bitmask. */
function logicImm64(t: T, o: string, setFlags: boolean): string {
  if (!setFlags) return `${lo(t.d)} = ${lo(t.n)} ${o} ${t.imm}; ${hi(t.d)} = ${hi(t.n)} ${o} ${t.imm2};`;
  return `{ const rl = ${lo(t.n)} & ${t.imm}, rh = ${hi(t.n)} & ${t.imm2}; ${lo(t.d)} = rl; ${hi(t.d)} = rh; ${logicFlags64('rl', 'rh')} }`;
}
function logicImm32(t: T, o: string, setFlags: boolean): string {
  if (!setFlags) return `${lo(t.d)} = ${lo(t.n)} ${o} ${t.imm}; ${hi(t.d)} = 0;`;
  return `{ const r = ${lo(t.n)} & ${t.imm}; ${lo(t.d)} = r; ${hi(t.d)} = 0; ${logicFlags32('r')} }`;
}

/** ADD/SUB/ADDS/SUBS (shifted register). */
function addSubReg(t: T, is64: boolean, sub: boolean, setFlags: boolean): string {
  const b = `${is64 ? 'let bl, bh;' : 'let bl;'} ${operand2(t.m, t.imm2, t.imm3, is64)}`;
  if (is64) {
    if (!setFlags && sub) {
      return `{ ${b} const nl = ${lo(t.n)}; ${hi(t.d)} = (${hi(t.n)} - bh - ((nl >>> 0) < (bl >>> 0) ? 1 : 0)) | 0; ${lo(t.d)} = (nl - bl) | 0; }`;
    }
    return `{ ${b} ${addWithCarry64(t.d, lo(t.n), hi(t.n), sub ? '~bl' : 'bl', sub ? '~bh' : 'bh', sub ? '1' : '0', String(setFlags))} }`;
  }
  if (!setFlags) return `{ ${b} ${lo(t.d)} = (${lo(t.n)} ${sub ? '-' : '+'} bl) | 0; ${hi(t.d)} = 0; }`;
  return `{ ${b} ${addWithCarry32(t.d, lo(t.n), sub ? '~bl' : 'bl', sub ? '1' : '0', 'true')} }`;
}

/** AND/ORR/EOR/ANDS (shifted register), fl = N (invert the operand: BIC, ORN, EON, BICS). */
function logicReg(t: T, is64: boolean, o: string, setFlags: boolean): string {
  const inv = has(t.fl, 1);
  if (is64) {
    return `{ let bl, bh; ${operand2(t.m, t.imm2, t.imm3, true)} ${IF(inv, 'bl = ~bl; bh = ~bh;')}` +
      ` const rl = ${lo(t.n)} ${o} bl, rh = ${hi(t.n)} ${o} bh; ${lo(t.d)} = rl; ${hi(t.d)} = rh;` +
      `${setFlags ? ' ' + logicFlags64('rl', 'rh') : ''} }`;
  }
  return `{ let bl; ${operand2(t.m, t.imm2, t.imm3, false)} ${IF(inv, 'bl = ~bl;')}` +
    ` const r = ${lo(t.n)} ${o} bl; ${lo(t.d)} = r; ${hi(t.d)} = 0;${setFlags ? ' ' + logicFlags32('r') : ''} }`;
}

const SHIFTED = { d: RD, n: RN, m: RM, imm2: 'shift type (0 LSL, 1 LSR, 2 ASR, 3 ROR)', imm3: 'shift amount' };

/** The second operand of ADD/SUB (extended register) into bl/bh: Xm extended by `option`, shifted left by imm3. */
function extended(m: V, option: V, amount: V): string {
  const [o, s] = [lit(option), lit(amount)];
  if (o !== undefined && s !== undefined) { // a compiled block: only the chosen extension, the shift inline
    const ext = ['bl &= 0xff; bh = 0;', 'bl &= 0xffff; bh = 0;', 'bh = 0;', '', 'bl = (bl << 24) >> 24; bh = bl >> 31;',
      'bl = (bl << 16) >> 16; bh = bl >> 31;', 'bh = bl >> 31;', ''][o & 7]!;
    const [l, h] = shl64c('_l', '_h', s);
    return `let bl = ${lo(m)}, bh = ${hi(m)}; ${ext}` + (s === 0 ? '' : ` { const _l = bl, _h = bh; bl = ${l} | 0; bh = ${h} | 0; }`);
  }
  return `let bl = ${lo(m)}, bh = ${hi(m)};` +
    ` switch (${option}) { case 0: bl &= 0xff; bh = 0; break; case 1: bl &= 0xffff; bh = 0; break; case 2: bh = 0; break;` +
    ' case 4: bl = (bl << 24) >> 24; bh = bl >> 31; break; case 5: bl = (bl << 16) >> 16; bh = bl >> 31; break;' +
    ' case 6: bh = bl >> 31; break; default: break; }' +
    IF(eq(amount, 0), '', ` shl64(bl, bh, ${amount}); bl = out[0]; bh = out[1];`);
}

export const INT_OPS: readonly OpDef[] = [
  { name: 'NOP', what: 'NOP and the hint space (YIELD, BTI, PACIASP...), DSB, DMB', fields: {}, exec: () => '' },
  {
    name: 'MOVC', what: 'MOVZ, MOVN, MOV (wide immediate): Xd = a 64-bit constant', fields: { d: RD, imm: 'bits 31:0', imm2: 'bits 63:32' },
    exec: (t) => `${lo(t.d)} = ${t.imm}; ${hi(t.d)} = ${t.imm2};`,
  },
  {
    name: 'MOVK', what: 'MOVK: insert 16 bits', fields: { d: RD, imm: 'the 16 bits in place within their half', imm2: 'half (0 low, 1 high)', imm3: 'mask of the bits kept in that half', fl: 'sf' },
    exec: (t) => `{ const h = ${t.d} + ${t.imm2}; x[h] = (x[h] & ${t.imm3}) | ${t.imm}; }` + IF(eq(t.fl, 0), ` ${hi(t.d)} = 0;`),
  },
  {
    name: 'ADR', what: 'ADR: Xd = PC + imm', fields: { d: RD, imm: 'offset' },
    exec: (t) => setX(t.d, sum(t.pc, t.imm)),
  },
  {
    name: 'ADRP', what: 'ADRP: Xd = (PC & ~0xfff) + imm * 4096', fields: { d: RD, imm: 'offset in 4 KiB pages' },
    exec: (t) => { const p = lit(t.pc), k = lit(t.imm); return p !== undefined && k !== undefined ? setX(t.d, String(p - (p & 4095) + k * 4096)) : `{ const p = ${t.pc}; ${setX(t.d, `p - (p & 4095) + ${t.imm} * 4096`)} }`; },
  },
  { name: 'ADDI_X', what: 'ADD (immediate), 64-bit', fields: { d: RDSP, n: RNSP, imm: 'imm12, shifted' }, exec: (t) => addImm64(t, false) },
  { name: 'ADDI_W', what: 'ADD (immediate), 32-bit', fields: { d: RDSP, n: RNSP, imm: 'imm12, shifted' }, exec: (t) => `${lo(t.d)} = (${lo(t.n)} + ${t.imm}) | 0; ${hi(t.d)} = 0;` },
  { name: 'SUBI_X', what: 'SUB (immediate), 64-bit', fields: { d: RDSP, n: RNSP, imm: 'imm12, shifted' }, exec: (t) => addImm64(t, true) },
  { name: 'SUBI_W', what: 'SUB (immediate), 32-bit', fields: { d: RDSP, n: RNSP, imm: 'imm12, shifted' }, exec: (t) => `${lo(t.d)} = (${lo(t.n)} - ${t.imm}) | 0; ${hi(t.d)} = 0;` },
  {
    name: 'ADDSI_X', outOfLine: true, what: 'ADDS, CMN (immediate), 64-bit', fields: { d: RD, n: RNSP, imm: 'imm12, shifted' },
    exec: (t) => addWithCarry64(t.d, lo(t.n), hi(t.n), t.imm, '0', '0', 'true'),
  },
  {
    name: 'ADDSI_W', outOfLine: true, what: 'ADDS, CMN (immediate), 32-bit', fields: { d: RD, n: RNSP, imm: 'imm12, shifted' },
    exec: (t) => addWithCarry32(t.d, lo(t.n), t.imm, '0', 'true'),
  },
  {
    name: 'SUBSI_X', what: 'SUBS, CMP (immediate), 64-bit', fields: { d: RD, n: RNSP, imm: 'imm12, shifted' },
    exec: (t) => addWithCarry64(t.d, lo(t.n), hi(t.n), `~${t.imm}`, '-1', '1', 'true'),
  },
  {
    name: 'SUBSI_W', what: 'SUBS, CMP (immediate), 32-bit', fields: { d: RD, n: RNSP, imm: 'imm12, shifted' },
    exec: (t) => addWithCarry32(t.d, lo(t.n), `~${t.imm}`, '1', 'true'),
  },
  { name: 'ANDI_X', what: 'AND (immediate), 64-bit', fields: { d: RDSP, n: RN, imm: 'bitmask 31:0', imm2: 'bitmask 63:32' }, exec: (t) => logicImm64(t, '&', false) },
  { name: 'ANDI_W', what: 'AND (immediate), 32-bit', fields: { d: RDSP, n: RN, imm: 'bitmask' }, exec: (t) => logicImm32(t, '&', false) },
  { name: 'ORRI_X', what: 'ORR, MOV (bitmask immediate), 64-bit', fields: { d: RDSP, n: RN, imm: 'bitmask 31:0', imm2: 'bitmask 63:32' }, exec: (t) => logicImm64(t, '|', false) },
  { name: 'ORRI_W', what: 'ORR, MOV (bitmask immediate), 32-bit', fields: { d: RDSP, n: RN, imm: 'bitmask' }, exec: (t) => logicImm32(t, '|', false) },
  { name: 'EORI_X', what: 'EOR (immediate), 64-bit', fields: { d: RDSP, n: RN, imm: 'bitmask 31:0', imm2: 'bitmask 63:32' }, exec: (t) => logicImm64(t, '^', false) },
  { name: 'EORI_W', what: 'EOR (immediate), 32-bit', fields: { d: RDSP, n: RN, imm: 'bitmask' }, exec: (t) => logicImm32(t, '^', false) },
  { name: 'ANDSI_X', what: 'ANDS, TST (immediate), 64-bit', fields: { d: RD, n: RN, imm: 'bitmask 31:0', imm2: 'bitmask 63:32' }, exec: (t) => logicImm64(t, '&', true) },
  { name: 'ANDSI_W', what: 'ANDS, TST (immediate), 32-bit', fields: { d: RD, n: RN, imm: 'bitmask' }, exec: (t) => logicImm32(t, '&', true) },
  { name: 'LSLI_X', what: 'LSL (immediate), 64-bit', fields: { d: RD, n: RN, imm: 'shift' }, exec: (t) => shiftImm64(t, 'shl64') },
  { name: 'LSLI_W', what: 'LSL (immediate), 32-bit', fields: { d: RD, n: RN, imm: 'shift' }, exec: (t) => `${lo(t.d)} = ${lo(t.n)} << ${t.imm}; ${hi(t.d)} = 0;` },
  { name: 'LSRI_X', what: 'LSR (immediate), 64-bit', fields: { d: RD, n: RN, imm: 'shift' }, exec: (t) => shiftImm64(t, 'lsr64') },
  { name: 'LSRI_W', what: 'LSR (immediate), 32-bit', fields: { d: RD, n: RN, imm: 'shift' }, exec: (t) => `${lo(t.d)} = ${lo(t.n)} >>> ${t.imm}; ${hi(t.d)} = 0;` },
  { name: 'ASRI_X', what: 'ASR (immediate), 64-bit', fields: { d: RD, n: RN, imm: 'shift' }, exec: (t) => shiftImm64(t, 'asr64') },
  { name: 'ASRI_W', what: 'ASR (immediate), 32-bit', fields: { d: RD, n: RN, imm: 'shift' }, exec: (t) => `${lo(t.d)} = ${lo(t.n)} >> ${t.imm}; ${hi(t.d)} = 0;` },
  {
    name: 'BFX', what: 'SBFM, BFM, UBFM in general (SBFX, UBFX, BFI, BFXIL, SBFIZ, UBFIZ, SXTB...)',
    fields: { d: RD, n: RN, imm: 'source bit', imm2: 'width', imm3: 'destination bit', fl: 'kind (0 UBFM, 1 SBFM, 2 BFM) | sf << 2' },
    exec: (t) => bitfieldOp(t),
  },
  {
    name: 'EXTR', what: 'EXTR, ROR (immediate)', fields: { d: RD, n: RN, m: RM, imm: 'lsb', fl: 'sf' },
    exec: (t) => IF(eq(t.fl, 0),
      IF(eq(t.imm, 0), `${lo(t.d)} = ${lo(t.m)};`, `${lo(t.d)} = (${lo(t.m)} >>> ${t.imm}) | (${lo(t.n)} << (32 - ${t.imm}));`) + ` ${hi(t.d)} = 0;`,
      IF(eq(t.imm, 0), `${lo(t.d)} = ${lo(t.m)}; ${hi(t.d)} = ${hi(t.m)};`,
        `{ lsr64(${lo(t.m)}, ${hi(t.m)}, ${t.imm}); const rl = out[0], rh = out[1]; shl64(${lo(t.n)}, ${hi(t.n)}, 64 - ${t.imm});` +
        ` ${lo(t.d)} = rl | out[0]; ${hi(t.d)} = rh | out[1]; }`)),
  },
  { name: 'ADD_X', what: 'ADD (shifted register), 64-bit', fields: SHIFTED, exec: (t) => addSubReg(t, true, false, false) },
  { name: 'ADD_W', what: 'ADD (shifted register), 32-bit', fields: SHIFTED, exec: (t) => addSubReg(t, false, false, false) },
  { name: 'SUB_X', what: 'SUB, NEG (shifted register), 64-bit', fields: SHIFTED, exec: (t) => addSubReg(t, true, true, false) },
  { name: 'SUB_W', what: 'SUB, NEG (shifted register), 32-bit', fields: SHIFTED, exec: (t) => addSubReg(t, false, true, false) },
  { name: 'ADDS_X', outOfLine: true, what: 'ADDS, CMN (shifted register), 64-bit', fields: SHIFTED, exec: (t) => addSubReg(t, true, false, true) },
  { name: 'ADDS_W', outOfLine: true, what: 'ADDS, CMN (shifted register), 32-bit', fields: SHIFTED, exec: (t) => addSubReg(t, false, false, true) },
  { name: 'SUBS_X', what: 'SUBS, CMP, NEGS (shifted register), 64-bit', fields: SHIFTED, exec: (t) => addSubReg(t, true, true, true) },
  { name: 'SUBS_W', what: 'SUBS, CMP, NEGS (shifted register), 32-bit', fields: SHIFTED, exec: (t) => addSubReg(t, false, true, true) },
  { name: 'AND_X', outOfLine: true, what: 'AND, BIC (shifted register), 64-bit', fields: { ...SHIFTED, fl: 'N' }, exec: (t) => logicReg(t, true, '&', false) },
  { name: 'AND_W', what: 'AND, BIC (shifted register), 32-bit', fields: { ...SHIFTED, fl: 'N' }, exec: (t) => logicReg(t, false, '&', false) },
  { name: 'ORR_X', what: 'ORR, ORN, MOV, MVN (shifted register), 64-bit', fields: { ...SHIFTED, fl: 'N' }, exec: (t) => logicReg(t, true, '|', false) },
  { name: 'ORR_W', what: 'ORR, ORN, MOV, MVN (shifted register), 32-bit', fields: { ...SHIFTED, fl: 'N' }, exec: (t) => logicReg(t, false, '|', false) },
  { name: 'EOR_X', outOfLine: true, what: 'EOR, EON (shifted register), 64-bit', fields: { ...SHIFTED, fl: 'N' }, exec: (t) => logicReg(t, true, '^', false) },
  { name: 'EOR_W', what: 'EOR, EON (shifted register), 32-bit', fields: { ...SHIFTED, fl: 'N' }, exec: (t) => logicReg(t, false, '^', false) },
  { name: 'ANDS_X', outOfLine: true, what: 'ANDS, BICS, TST (shifted register), 64-bit', fields: { ...SHIFTED, fl: 'N' }, exec: (t) => logicReg(t, true, '&', true) },
  { name: 'ANDS_W', outOfLine: true, what: 'ANDS, BICS, TST (shifted register), 32-bit', fields: { ...SHIFTED, fl: 'N' }, exec: (t) => logicReg(t, false, '&', true) },
  {
    name: 'ADDEXT', outOfLine: true, what: 'ADD, ADDS, SUB, SUBS, CMP, CMN (extended register)',
    fields: { d: 'Xd|SP (XZR when S)', n: RNSP, m: RM, imm2: 'option (UXTB..SXTX)', imm3: 'left shift 0..4', fl: 'sf | op << 1 | S << 2' },
    exec: (t) => {
      const is64 = has(t.fl, 1), sub = has(t.fl, 2), setf = has(t.fl, 4);
      return `{ ${extended(t.m, t.imm2, t.imm3)} ` + IF(is64,
        IF(sub, addWithCarry64(t.d, lo(t.n), hi(t.n), '~bl', '~bh', '1', setf), addWithCarry64(t.d, lo(t.n), hi(t.n), 'bl', 'bh', '0', setf)),
        IF(sub, addWithCarry32(t.d, lo(t.n), '~bl', '1', setf), addWithCarry32(t.d, lo(t.n), 'bl', '0', setf))) + ' }';
    },
  },
  {
    name: 'ADC', outOfLine: true, what: 'ADC, ADCS, SBC, SBCS, NGC, NGCS', fields: { d: RD, n: RN, m: RM, fl: 'sf | op << 1 | S << 2' },
    exec: (t) => {
      const is64 = has(t.fl, 1), sub = has(t.fl, 2), setf = has(t.fl, 4);
      const bl = SEL(sub, `~${lo(t.m)}`, lo(t.m)), bh = SEL(sub, `~${hi(t.m)}`, hi(t.m));
      return `{ const cin = c.cf; ` + IF(is64, addWithCarry64(t.d, lo(t.n), hi(t.n), bl, bh, 'cin', setf), addWithCarry32(t.d, lo(t.n), bl, 'cin', setf)) + ' }';
    },
  },
  {
    name: 'CCMP', outOfLine: true, what: 'CCMP, CCMN (register and immediate)',
    fields: { d: 'nzcv if the condition fails', n: RN, m: RM, imm: 'condition', imm2: 'imm5', fl: 'sf | op << 1 | immediate << 2' },
    exec: (t) => {
      const is64 = has(t.fl, 1), sub = has(t.fl, 2), isImm = has(t.fl, 4);
      const bl0 = SEL(isImm, t.imm2, lo(t.m)), bh0 = SEL(isImm, '0', hi(t.m));
      const bl = SEL(sub, `~${bl0}`, bl0), bh = SEL(sub, `~${bh0}`, bh0);
      const cin = SEL(sub, '1', '0');
      // the compare writes only the flags: its result goes to the write sink
      return IF(cond(t.imm), IF(is64, addWithCarry64(SINK, lo(t.n), hi(t.n), bl, bh, cin, 'true'), addWithCarry32(SINK, lo(t.n), bl, cin, 'true')),
        `c.nf = (${t.d} >> 3) & 1; c.zf = (${t.d} >> 2) & 1; c.cf = (${t.d} >> 1) & 1; c.vf = ${t.d} & 1;`);
    },
  },
  {
    name: 'CSEL', what: 'CSEL, CSINC, CSINV, CSNEG (CSET, CINC, CINV, CNEG...)', fields: { d: RD, n: RN, m: RM, imm: 'condition', fl: 'sf | op << 1 | o2 << 2' },
    exec: (t) => {
      const is64 = has(t.fl, 1), inv = has(t.fl, 2), inc = has(t.fl, 4);
      return IF(cond(t.imm), `${lo(t.d)} = ${lo(t.n)}; ${hi(t.d)} = ${SEL(is64, hi(t.n), '0')};`,
        `{ let rl = ${lo(t.m)}, rh = ${SEL(is64, hi(t.m), '0')}; ${IF(inv, 'rl = ~rl; rh = ~rh;')}` +
        ` ${IF(inc, '{ const l = (rl >>> 0) + 1; rl = l | 0; if (l > 0xffffffff) rh = (rh + 1) | 0; }')}` +
        ` ${lo(t.d)} = rl; ${hi(t.d)} = ${SEL(is64, 'rh', '0')}; }`);
    },
  },
  {
    name: 'DP1', what: 'RBIT, REV16, REV32, REV, CLZ, CLS', fields: { d: RD, n: RN, imm2: 'opcode 0..5', fl: 'sf' },
    exec: (t) => `dp1(x, ${t.d}, ${t.n}, ${t.imm2}, ${t.fl} === 1);`,
  },
  {
    name: 'DP2', what: 'UDIV, SDIV, LSLV, LSRV, ASRV, RORV', fields: { d: RD, n: RN, m: RM, imm2: 'opcode', fl: 'sf' },
    exec: (t) => `dp2(x, ${t.d}, ${t.n}, ${t.m}, ${t.imm2}, ${t.fl} === 1);`,
  },
  {
    name: 'CRC', what: 'CRC32B/H/W/X, CRC32CB/CH/CW/CX', fields: { d: RD, n: RN, m: RM, imm2: 'size 0..3', imm3: 'C' },
    exec: (t) => `crc(x, ${t.d}, ${t.n}, ${t.m}, ${t.imm2}, ${t.imm3});`,
  },
  {
    name: 'MADD', what: 'MADD, MSUB, MUL, MNEG', fields: { d: RD, n: RN, m: RM, imm: 'Xa', fl: 'sf | o0 << 1' },
    exec: (t) => IF(has(t.fl, 1), madd64Op(t),
      `{ const p = Math.imul(${lo(t.n)}, ${lo(t.m)}); ${lo(t.d)} = ${SEL(has(t.fl, 2), `(${lo(t.imm)} - p) | 0`, `(${lo(t.imm)} + p) | 0`)}; ${hi(t.d)} = 0; }`),
  },
  {
    name: 'MULL', what: 'SMADDL, SMSUBL, UMADDL, UMSUBL (SMULL, UMULL...)', fields: { d: RD, n: RN, m: RM, imm: 'Xa', fl: 'signed | o0 << 1' },
    exec: (t) => `mull(x, ${t.d}, ${t.n}, ${t.m}, ${t.imm}, ${t.fl});`,
  },
  {
    name: 'MULH', what: 'SMULH, UMULH', fields: { d: RD, n: RN, m: RM, fl: 'signed' },
    exec: (t) => `mulh(x, ${t.d}, ${t.n}, ${t.m}, ${t.fl});`,
  },
];

