/**
 * Block compiler: JavaScript generated per hot basic block (the second tier of the interpreter).
 *
 * A block starts at a branch target that has been jumped to often (interp.ts counts) and runs
 * straight-line integer instructions up to a branch, an instruction this tier does not handle, or the
 * end of the page. A block whose final branch targets its own start runs as a loop inside one call.
 * The generated code does exactly what the interpreter cases do, on the same register file, flags
 * and fast memory path; any load or store the fast path declines goes through `memOp` and ends the
 * block, so exceptions, watchpoints, MMIO and code invalidation behave as in the interpreter.
 *
 * Contract of a block function: `(budget) => executed`. It never executes more than `budget`
 * instructions; it returns 0 without doing anything if the budget is smaller than the block.
 * On return `c.pc` is the next instruction.
 */
import { Op, type CpuCore } from './interp.ts';
import { REC, type BlockFn } from './ops.ts';
import { out, shift64, shl64, mul64 } from './bits.ts';
import { F_LOAD_SLOW } from './memory.ts';

export type { BlockFn };

const MAX_LEN = 64;

function condExpr(c: number): string {
  let e: string;
  switch (c >> 1) {
    case 0: e = 'c.zf === 1'; break;
    case 1: e = 'c.cf === 1'; break;
    case 2: e = 'c.nf === 1'; break;
    case 3: e = 'c.vf === 1'; break;
    case 4: e = '(c.cf === 1 && c.zf === 0)'; break;
    case 5: e = 'c.nf === c.vf'; break;
    case 6: e = '(c.nf === c.vf && c.zf === 0)'; break;
    default: return 'true';
  }
  return (c & 1) !== 0 && c < 14 ? `!(${e})` : e;
}

/** Code that sets bl/bh to the shifted 64-bit (or 32-bit) second operand. */
function operand2(m: number, type: number, amt: number, is64: boolean): string {
  if (!is64) {
    const v = `x[${m}]`;
    if (amt === 0) return `bl = ${v}; bh = 0;`;
    const e = type === 0 ? `${v} << ${amt}` : type === 1 ? `${v} >>> ${amt}` : type === 2 ? `${v} >> ${amt}` : `(${v} >>> ${amt}) | (${v} << ${32 - amt})`;
    return `bl = ${e}; bh = 0;`;
  }
  if (amt === 0) return `bl = x[${m}]; bh = x[${m + 1}];`;
  return `h.shift64(x[${m}], x[${m + 1}], ${type}, ${amt}); bl = out[0]; bh = out[1];`;
}

function addFlags64(d: number, n: number, sub: boolean): string {
  return `{ const al = x[${n}], ah = x[${n + 1}];` +
    (sub ? ' bl = ~bl; bh = ~bh;' : '') +
    ` const l = (al >>> 0) + (bl >>> 0) + ${sub ? 1 : 0}; const hh = (ah >>> 0) + (bh >>> 0) + (l > 0xffffffff ? 1 : 0);` +
    ` const lo = l | 0, hi = hh | 0; x[${d}] = lo; x[${d + 1}] = hi;` +
    ' c.nf = hi >>> 31; c.zf = (lo | hi) === 0 ? 1 : 0; c.cf = hh > 0xffffffff ? 1 : 0; c.vf = ((ah ^ hi) & (bh ^ hi)) >>> 31; }';
}

function addFlags32(d: number, n: number, sub: boolean): string {
  return `{ const a = x[${n}];` + (sub ? ' bl = ~bl;' : '') +
    ` const s = (a >>> 0) + (bl >>> 0) + ${sub ? 1 : 0}; const r = s | 0; x[${d}] = r; x[${d + 1}] = 0;` +
    ' c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = s > 0xffffffff ? 1 : 0; c.vf = ((a ^ r) & (bl ^ r)) >>> 31; }';
}

/** Statement for one non-branch record, or null if this tier does not handle it. */
function stmt(dec: Int32Array, i: number, pc: number, k: number): string | null {
  const op = dec[i], d = dec[i + 1], n = dec[i + 2], m = dec[i + 3];
  const imm = dec[i + 4], imm2 = dec[i + 5], imm3 = dec[i + 6], f = dec[i + 7];
  // the general load/store path; leave the block on an exception or if code was invalidated
  const general = (): string =>
    `c.pc = ${pc}; if (!c.memOp(${op}, dec, ${i})) return cnt + ${k + 1}; if (c.curBase === -1) { c.pc = ${pc + 4}; return cnt + ${k + 1}; }`;
  const exitSlow = (): string =>
    `c.pc = ${pc}; if (c.memOp(${op}, dec, ${i})) c.pc = ${pc + 4}; return cnt + ${k + 1};`;
  switch (op) {
    case Op.NOP: return '';
    case Op.MOVC: return `x[${d}] = ${imm}; x[${d + 1}] = ${imm2};`;
    case Op.MOVK: return `x[${d + imm2}] = (x[${d + imm2}] & ${imm3}) | ${imm};` + (f === 0 ? ` x[${d + 1}] = 0;` : '');
    case Op.ADDI_X: return `{ const l = (x[${n}] >>> 0) + ${imm}; x[${d + 1}] = l > 0xffffffff ? x[${n + 1}] + 1 : x[${n + 1}]; x[${d}] = l; }`;
    case Op.SUBI_X: return `{ const l = (x[${n}] >>> 0) - ${imm}; x[${d + 1}] = l < 0 ? x[${n + 1}] - 1 : x[${n + 1}]; x[${d}] = l; }`;
    case Op.ADDI_W: return `x[${d}] = x[${n}] + ${imm}; x[${d + 1}] = 0;`;
    case Op.SUBI_W: return `x[${d}] = x[${n}] - ${imm}; x[${d + 1}] = 0;`;
    case Op.ADDSI_X: return `bl = ${imm}; bh = 0; ` + addFlags64(d, n, false);
    case Op.SUBSI_X: return `bl = ${imm}; bh = 0; ` + addFlags64(d, n, true);
    case Op.ADDSI_W: return `bl = ${imm}; ` + addFlags32(d, n, false);
    case Op.SUBSI_W: return `bl = ${imm}; ` + addFlags32(d, n, true);
    case Op.ANDI_X: return `x[${d}] = x[${n}] & ${imm}; x[${d + 1}] = x[${n + 1}] & ${imm2};`;
    case Op.ORRI_X: return `x[${d}] = x[${n}] | ${imm}; x[${d + 1}] = x[${n + 1}] | ${imm2};`;
    case Op.EORI_X: return `x[${d}] = x[${n}] ^ ${imm}; x[${d + 1}] = x[${n + 1}] ^ ${imm2};`;
    case Op.ANDI_W: return `x[${d}] = x[${n}] & ${imm}; x[${d + 1}] = 0;`;
    case Op.ORRI_W: return `x[${d}] = x[${n}] | ${imm}; x[${d + 1}] = 0;`;
    case Op.EORI_W: return `x[${d}] = x[${n}] ^ ${imm}; x[${d + 1}] = 0;`;
    case Op.LSLI_X: return `h.shl64(x[${n}], x[${n + 1}], ${imm}); x[${d}] = out[0]; x[${d + 1}] = out[1];`;
    case Op.LSRI_X: return `h.shift64(x[${n}], x[${n + 1}], 1, ${imm}); x[${d}] = out[0]; x[${d + 1}] = out[1];`;
    case Op.ASRI_X: return `h.shift64(x[${n}], x[${n + 1}], 2, ${imm}); x[${d}] = out[0]; x[${d + 1}] = out[1];`;
    case Op.LSLI_W: return `x[${d}] = x[${n}] << ${imm}; x[${d + 1}] = 0;`;
    case Op.LSRI_W: return `x[${d}] = x[${n}] >>> ${imm}; x[${d + 1}] = 0;`;
    case Op.ASRI_W: return `x[${d}] = x[${n}] >> ${imm}; x[${d + 1}] = 0;`;
    case Op.ADD_X: return operand2(m, imm2, imm3, true) + ` { const l = (x[${n}] >>> 0) + (bl >>> 0); x[${d + 1}] = x[${n + 1}] + bh + (l > 0xffffffff ? 1 : 0); x[${d}] = l; }`;
    case Op.SUB_X: return operand2(m, imm2, imm3, true) + ` { const l = (x[${n}] >>> 0) - (bl >>> 0); x[${d + 1}] = x[${n + 1}] - bh - (l < 0 ? 1 : 0); x[${d}] = l; }`;
    case Op.ADDS_X: return operand2(m, imm2, imm3, true) + addFlags64(d, n, false);
    case Op.SUBS_X: return operand2(m, imm2, imm3, true) + addFlags64(d, n, true);
    case Op.ADD_W: return operand2(m, imm2, imm3, false) + ` x[${d}] = x[${n}] + bl; x[${d + 1}] = 0;`;
    case Op.SUB_W: return operand2(m, imm2, imm3, false) + ` x[${d}] = x[${n}] - bl; x[${d + 1}] = 0;`;
    case Op.ADDS_W: return operand2(m, imm2, imm3, false) + addFlags32(d, n, false);
    case Op.SUBS_W: return operand2(m, imm2, imm3, false) + addFlags32(d, n, true);
    case Op.AND_X: case Op.ORR_X: case Op.EOR_X: case Op.ANDS_X: {
      const o = op === Op.ORR_X ? '|' : op === Op.EOR_X ? '^' : '&';
      let s = operand2(m, imm2, imm3, true) + (f ? ' bl = ~bl; bh = ~bh;' : '') +
        ` { const lo = x[${n}] ${o} bl, hi = x[${n + 1}] ${o} bh; x[${d}] = lo; x[${d + 1}] = hi;`;
      if (op === Op.ANDS_X) s += ' c.nf = hi >>> 31; c.zf = (lo | hi) === 0 ? 1 : 0; c.cf = 0; c.vf = 0;';
      return s + ' }';
    }
    case Op.AND_W: case Op.ORR_W: case Op.EOR_W: case Op.ANDS_W: {
      const o = op === Op.ORR_W ? '|' : op === Op.EOR_W ? '^' : '&';
      let s = operand2(m, imm2, imm3, false) + (f ? ' bl = ~bl;' : '') +
        ` { const r = x[${n}] ${o} bl; x[${d}] = r; x[${d + 1}] = 0;`;
      if (op === Op.ANDS_W) s += ' c.nf = r >>> 31; c.zf = r === 0 ? 1 : 0; c.cf = 0; c.vf = 0;';
      return s + ' }';
    }
    case Op.CSEL: {
      const is64 = (f & 1) !== 0, v = f >> 1;
      let s = `if (${condExpr(imm)}) { x[${d}] = x[${n}]; x[${d + 1}] = ${is64 ? `x[${n + 1}]` : '0'}; } else { let lo = x[${m}], hi = ${is64 ? `x[${m + 1}]` : '0'};`;
      if (v === 1 || v === 3) s += ' lo = ~lo; hi = ~hi;';
      if (v === 2 || v === 3) s += ' { const l = (lo >>> 0) + 1; lo = l | 0; if (l > 0xffffffff) hi = hi + 1; }';
      return s + ` x[${d}] = lo; x[${d + 1}] = ${is64 ? 'hi' : '0'}; }`;
    }
    case Op.MADD: {
      if ((f & 1) === 0) return `{ const p = Math.imul(x[${n}], x[${m}]); x[${d}] = x[${imm}] ${f & 2 ? '-' : '+'} p; x[${d + 1}] = 0; }`;
      return `c.madd64(dec, ${i});`;
    }
    // general forms run by the interpreter's helpers, still inside the block
    case Op.BFX: return `c.bitfield(dec, ${i});`;
    case Op.ADDEXT: return `c.addExt(dec, ${i});`;
    case Op.DP1: return `c.dp1(dec, ${i});`;
    case Op.ADC: return `c.adc(dec, ${i});`;
    case Op.CCMP: return `c.ccmp(dec, ${i});`;
    case Op.EXTR: return null;
    case Op.DP2: case Op.CRC: case Op.MULL: case Op.MULH: // complete in slowOp, which advances c.pc
      return `c.pc = ${pc}; c.slowOp(${op}, dec, ${i});`;
    case Op.LDST: case Op.LDLIT: return general();
    // SIMD&FP: executed in place; an exception (FPEN trap, UNDEFINED, abort) leaves the block at its vector
    case Op.FPUNDEF: return `c.pc = ${pc}; if (!c.fpInsn(${imm})) return cnt + ${k + 1}; if (c.curBase === -1) { c.pc = ${pc + 4}; return cnt + ${k + 1}; }`;
    case Op.LDSTP: {
      if ((f & 3) !== 3) return general(); // 64-bit LDP/STP get a fast path; 32-bit and LDPSW the general one
      const load = (f & 4) !== 0, post = imm2 === 1, wb = imm2 !== 0;
      const spCheck = n === 66 ? '(x[66] & 15) === 0 && ' : ''; // misaligned SP: the general path decides
      const fl = load ? `((c.dFlags[o >>> 12] | c.dFlags[(o + 15) >>> 12]) & ${F_LOAD_SLOW}) === 0` : '(c.dFlags[o >>> 12] | c.dFlags[(o + 15) >>> 12]) === 0';
      const acc = load
        ? `const a0 = dv.getInt32(o, true), a1 = dv.getInt32(o + 4, true), b0 = dv.getInt32(o + 8, true), b1 = dv.getInt32(o + 12, true); x[${d}] = a0; x[${d + 1}] = a1; x[${m}] = b0; x[${m + 1}] = b1;`
        : `dv.setInt32(o, x[${d}], true); dv.setInt32(o + 4, x[${d + 1}], true); dv.setInt32(o + 8, x[${m}], true); dv.setInt32(o + 12, x[${m + 1}], true);`;
      const wbs = wb ? ` { const na = a + ${imm}; x[${n}] = na % 4294967296; x[${n + 1}] = Math.floor(na / 4294967296); }` : '';
      return `{ const a = (x[${n + 1}] >>> 0) * 4294967296 + (x[${n}] >>> 0); o = ${post ? 'a' : `a + ${imm}`} - c.dBase;` +
        ` if (${spCheck}o >= 0 && o + 16 <= c.dLen && (o & 7) === 0 && ${fl}) { const dv = c.dDv; ${acc}${wbs} }` +
        ` else { ${general()} } }`;
    }
    case Op.LDRX_UI:
      return `o = (x[${n + 1}] >>> 0) * 4294967296 + (x[${n}] >>> 0) + ${imm} - c.dBase;` +
        ` if (o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && (c.dFlags[o >>> 12] & ${F_LOAD_SLOW}) === 0) { const dv = c.dDv; x[${d}] = dv.getInt32(o, true); x[${d + 1}] = dv.getInt32(o + 4, true); }` +
        ` else { ${exitSlow()} }`;
    case Op.LDRW_UI:
      return `o = (x[${n + 1}] >>> 0) * 4294967296 + (x[${n}] >>> 0) + ${imm} - c.dBase;` +
        ` if (o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && (c.dFlags[o >>> 12] & ${F_LOAD_SLOW}) === 0) { x[${d}] = c.dDv.getInt32(o, true); x[${d + 1}] = 0; }` +
        ` else { ${exitSlow()} }`;
    case Op.LDRB_UI:
      return `o = (x[${n + 1}] >>> 0) * 4294967296 + (x[${n}] >>> 0) + ${imm} - c.dBase;` +
        ` if (o >= 0 && o < c.dLen && (c.dFlags[o >>> 12] & ${F_LOAD_SLOW}) === 0) { x[${d}] = c.dDv.getUint8(o); x[${d + 1}] = 0; }` +
        ` else { ${exitSlow()} }`;
    case Op.STRX_UI:
      return `o = (x[${n + 1}] >>> 0) * 4294967296 + (x[${n}] >>> 0) + ${imm} - c.dBase;` +
        ` if (o >= 0 && o + 8 <= c.dLen && (o & 7) === 0 && c.dFlags[o >>> 12] === 0) { const dv = c.dDv; dv.setInt32(o, x[${d}], true); dv.setInt32(o + 4, x[${d + 1}], true); }` +
        ` else { ${exitSlow()} }`;
    case Op.STRW_UI:
      return `o = (x[${n + 1}] >>> 0) * 4294967296 + (x[${n}] >>> 0) + ${imm} - c.dBase;` +
        ` if (o >= 0 && o + 4 <= c.dLen && (o & 3) === 0 && c.dFlags[o >>> 12] === 0) { c.dDv.setInt32(o, x[${d}], true); }` +
        ` else { ${exitSlow()} }`;
    case Op.STRB_UI:
      return `o = (x[${n + 1}] >>> 0) * 4294967296 + (x[${n}] >>> 0) + ${imm} - c.dBase;` +
        ` if (o >= 0 && o < c.dLen && c.dFlags[o >>> 12] === 0) { c.dDv.setUint8(o, x[${d}]); }` +
        ` else { ${exitSlow()} }`;
    default: return null;
  }
}

/** Branch condition (JS boolean expression) of a conditional branch record, or null. */
function branchCond(dec: Int32Array, i: number): string | null {
  const op = dec[i], n = dec[i + 2];
  switch (op) {
    case Op.B: return 'true';
    case Op.BCOND: return condExpr(dec[i + 5]);
    case Op.CBZ_X: return `(x[${n}] | x[${n + 1}]) === 0`;
    case Op.CBNZ_X: return `(x[${n}] | x[${n + 1}]) !== 0`;
    case Op.CBZ_W: return `x[${n}] === 0`;
    case Op.CBNZ_W: return `x[${n}] !== 0`;
    case Op.TBZ: return `(x[${n}] & ${dec[i + 5]}) === 0`;
    case Op.TBNZ: return `(x[${n}] & ${dec[i + 5]}) !== 0`;
    default: return null;
  }
}

/**
 * Compile the block starting at record index `start` of a page (records already decoded up to the
 * first undecoded one). Returns null when the first instruction is not one this tier handles.
 */
export function compileBlock(c: CpuCore, x: Int32Array, dec: Int32Array, start: number, pageBase: number): BlockFn | null {
  const body: string[] = [];
  let k = 0;
  let tail = '';
  const startPc = pageBase + start * 4;
  for (let idx = start; idx < dec.length / REC && k < MAX_LEN; idx++, k++) {
    const i = idx * REC;
    if (dec[i] === 0) break; // not decoded yet: never executed, end the block here
    const pc = pageBase + idx * 4;
    if (dec[i] === Op.BL) { // call: link register, then leave the block at the target
      const r = pc + 4, target = pc + dec[i + 4];
      body.push(`x[60] = ${r % 4294967296 | 0}; x[61] = ${Math.floor(r / 4294967296)};`);
      tail = `c.pc = ${target}; return cnt + ${k + 1};`;
      k++;
      break;
    }
    if (dec[i] === Op.BR || dec[i] === Op.RET || dec[i] === Op.BLR) {
      const nn = dec[i + 2];
      const t = `(x[${nn + 1}] >>> 0) * 4294967296 + (x[${nn}] >>> 0)`;
      if (dec[i] === Op.BLR) {
        const r = pc + 4;
        body.push(`{ const t = ${t}; x[60] = ${r % 4294967296 | 0}; x[61] = ${Math.floor(r / 4294967296)}; c.pc = t; }`);
      } else body.push(`c.pc = ${t};`);
      tail = `return cnt + ${k + 1};`;
      k++;
      break;
    }
    const bc = branchCond(dec, i);
    if (bc !== null) {
      const target = pc + dec[i + 4];
      const len = k + 1;
      const taken = target === startPc
        ? `cnt += ${len}; if (budget - cnt >= ${len}) continue; c.pc = ${target}; return cnt;`
        : `c.pc = ${target}; return cnt + ${len};`;
      tail = bc === 'true' ? taken : `if (${bc}) { ${taken} } c.pc = ${pc + 4}; return cnt + ${len};`;
      k++;
      break;
    }
    const s = stmt(dec, i, pc, k);
    if (s === null) break;
    body.push(s);
  }
  if (k === 0) return null;
  if (tail === '') tail = `c.pc = ${startPc + k * 4}; return cnt + ${k};`;
  const src = `return function block(budget) {\n  if (budget < ${k}) return 0;\n  let cnt = 0, bl = 0, bh = 0, o = 0;\n  for (;;) {\n` +
    body.map((s) => '    ' + s).join('\n') + `\n    ${tail}\n  }\n};`;
  const make = new Function('c', 'x', 'dec', 'h', 'out', src) as
    (c: CpuCore, x: Int32Array, dec: Int32Array, h: unknown, out: Int32Array) => BlockFn;
  return make(c, x, dec, { shift64, shl64, mul64 }, out);
}
