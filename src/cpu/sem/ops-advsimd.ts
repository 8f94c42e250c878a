/**
 * AdvSIMD vector forms hot in compiled loops (Arm ARM C4.1.95), as ops of their own with their lanes
 * worked inline: the floating-point FADD/FSUB/FMUL/FDIV (2S, 4S, 2D), the integer three-same
 * operations on 8-, 16- and 32-bit lanes (and ADD/SUB on 64-bit lanes), the logical operations, the
 * shifts by immediate (SHL, SSHR, USHR, SSRA, USRA, SSHLL, USHLL), the widening three-different
 * operations (SADDL, UADDL, SADDW, UADDW, SSUBL, USUBL, SSUBW, USUBW, SMULL, UMULL, SMLAL, UMLAL,
 * SMLSL, UMLSL on 8- and 16-bit sources) and the permutes UZP/TRN/ZIP. decode-simdfp.ts sends only
 * their allocated encodings here (everything else stays `Op.SIMDFP`).
 *
 * Fields: `d`, `n`, `m` the V register numbers, `imm` the instruction word (the general path runs it
 * through `c.fpInsn`), `fl` log2 of the lane size in bytes (of the sources for widening operations),
 * `imm2` Q (1: 128-bit vector), `imm3` the shift amount. The integer forms never touch FPSR (none of
 * them saturates), so their only condition is FPEN = 0b11; the floating-point forms take the fast path
 * under the conditions of the scalar ones (ops-simdfp.ts), lane by lane, and write no lane unless all
 * of them take it.
 *
 * Lanes are read and written through the byte, halfword and word views of the register file
 * (core.ts `vb`, `vh`, `v`), whose element order is the architectural lane order. Every source lane is
 * read before the destination is written where a lane of the result depends on other lanes.
 */
import { IF, SEL, eq, lit, type T, type V } from './emit.ts';
import type { OpDef } from './op.ts';
import { at, fastOp, ARITH_OK, MIN64, MIN32 } from './ops-simdfp.ts';

/** An op of this file: `body` its fast path, the word through `c.fpInsn` its general path. */
function mk(def: Omit<OpDef, 'exec' | 'fast'>, body: (t: T, decline: string) => string): OpDef {
  return fastOp({ ...def, body });
}

/** The view of a lane size (log2 bytes 0..2) and its elements per register. */
const VIEW = ['c.vb', 'c.vh', 'c.v'] as const;
const PER = [16, 8, 4] as const;

/** `f(e)` for the lane size field `fl`: folded for a literal, else one branch per size in `sizes`. */
function byE(fl: V, sizes: readonly number[], f: (e: number) => string): string {
  const k = lit(fl);
  if (k !== undefined) return f(k);
  return sizes.map((e, j) => j === sizes.length - 1 ? `{ ${f(e)} }` : `if (${fl} === ${e}) { ${f(e)} } else `).join('');
}

/** Lanes of size e (log2 bytes) in a vector of Q. */
function lanes(q: V, e: number): V {
  return SEL(eq(q, 1), String(16 >> e), String(8 >> e));
}

/** Zeroes bits 127:64 of Vd when Q is 0. */
function clearHigh(t: T): string {
  return IF(eq(t.imm2, 0), `c.v[${at(t.d, 4, 2)}] = 0; c.v[${at(t.d, 4, 3)}] = 0;`);
}

/** A lane read as signed (s) or unsigned, from the view of size e (Int32 for 32-bit lanes). */
function sx(e: number, a: string): string { return e === 0 ? `((${a} << 24) >> 24)` : e === 1 ? `((${a} << 16) >> 16)` : a; }
function ux(e: number, a: string): string { return e === 2 ? `(${a} >>> 0)` : a; }

type Lane = (e: number, a: string, b: string, acc: string) => string;

/**
 * A lane-wise operation: lane k of Vd from lane k of Vn, Vm (and of Vd for accumulating forms), so Vd
 * may be a source. `sizes` the lane sizes it is decoded for.
 */
function laneOp(name: string, what: string, sizes: readonly number[], f: Lane): OpDef {
  return mk({ name, what, fields: FIELDS },
    (t, decline) => `if (c.fpen === 3) { ${byE(t.fl, sizes, (e) => `const A = ${VIEW[e]}, _n = ${at(t.n, PER[e])}, _m = ${at(t.m, PER[e])}, _d = ${at(t.d, PER[e])};` +
      ` for (let _k = 0; _k < ${lanes(t.imm2, e)}; _k++) { const _a = A[_n + _k], _b = A[_m + _k]; A[_d + _k] = ${f(e, '_a', '_b', 'A[_d + _k]')}; }`)} ${clearHigh(t)} } else { ${decline} }`);
}

const FIELDS = { d: 'Vd', n: 'Vn', m: 'Vm', imm: 'the instruction word', imm2: 'Q', fl: 'log2 of the lane size in bytes' } as const;

/** ADD/SUB on 64-bit lanes: int32 halves with the carry (or borrow) between them. */
function add64(t: T, sub: boolean): string {
  let code = 'const v = c.v;';
  for (let k = 0; k < 2; k++) {
    code += ` { const _nl = v[${at(t.n, 4, 2 * k)}], _nh = v[${at(t.n, 4, 2 * k + 1)}], _ml = v[${at(t.m, 4, 2 * k)}], _mh = v[${at(t.m, 4, 2 * k + 1)}];` +
      (sub ? ' const _l = (_nl >>> 0) - (_ml >>> 0);' : ' const _l = (_nl >>> 0) + (_ml >>> 0);') +
      ` v[${at(t.d, 4, 2 * k)}] = _l; v[${at(t.d, 4, 2 * k + 1)}] = (${sub ? '_nh - _mh - (_l < 0 ? 1 : 0)' : '_nh + _mh + (_l > 0xffffffff ? 1 : 0)'}) | 0; }`;
  }
  return code;
}

function addSubOp(name: string, sub: boolean): OpDef {
  return mk({ name, what: `${name} (vector)`, fields: FIELDS },
    (t, decline) => `if (c.fpen === 3) { ${byE(t.fl, [0, 1, 2, 3], (e) => e === 3 ? add64(t, sub)
      : `const A = ${VIEW[e]}, _n = ${at(t.n, PER[e])}, _m = ${at(t.m, PER[e])}, _d = ${at(t.d, PER[e])};` +
        ` for (let _k = 0; _k < ${lanes(t.imm2, e)}; _k++) A[_d + _k] = A[_n + _k] ${sub ? '-' : '+'} A[_m + _k];`)} ${clearHigh(t)} } else { ${decline} }`);
}

/** A logical operation on the 32-bit words of Vn, Vm and Vd. */
function logicOp(name: string, f: (n: string, m: string, d: string) => string): OpDef {
  return mk({ name, what: `${name} (vector)`, fields: { d: 'Vd', n: 'Vn', m: 'Vm', imm: 'the instruction word', imm2: 'Q' } },
    (t, decline) => `if (c.fpen === 3) { const v = c.v, _n = ${at(t.n, 4)}, _m = ${at(t.m, 4)}, _d = ${at(t.d, 4)};` +
      ` for (let _k = 0; _k < ${SEL(eq(t.imm2, 1), '4', '2')}; _k++) v[_d + _k] = ${f('v[_n + _k]', 'v[_m + _k]', 'v[_d + _k]')}; ${clearHigh(t)} } else { ${decline} }`);
}

/** Shifts by immediate, lane-wise (imm3 the amount, already checked to be below the lane size). */
function shiftOp(name: string, f: (e: number, a: string, sh: V, acc: string) => string): OpDef {
  return mk({ name, what: `${name} (vector)`, fields: { ...FIELDS, imm3: 'shift amount' } },
    (t, decline) => `if (c.fpen === 3) { ${byE(t.fl, [0, 1, 2], (e) => `const A = ${VIEW[e]}, _n = ${at(t.n, PER[e])}, _d = ${at(t.d, PER[e])};` +
      ` for (let _k = 0; _k < ${lanes(t.imm2, e)}; _k++) A[_d + _k] = ${f(e, `A[_n + _k]`, t.imm3, 'A[_d + _k]')};`)} ${clearHigh(t)} } else { ${decline} }`);
}

/**
 * A widening operation from lanes of size e (8 or 16 bits) of the low (Q 0) or high (Q 1) half of its
 * sources to lanes of twice the size: every source lane is read into locals first.
 * `f(e, a, b, acc)`: the wide result from the narrow lanes a (of Vn) and b (of Vm), acc the wide lane of Vd.
 * `wideN`: Vn's lanes are already wide (the ...W forms).
 */
function widenOp(name: string, what: string, f: (e: number, a: string, b: string, acc: string, sh: V) => string,
  opts: { wideN?: boolean; unary?: boolean; imm3?: boolean; add64?: { sub: boolean; signed: boolean } }): OpDef {
  const fields = { ...FIELDS, ...(opts.imm3 ? { imm3: 'shift amount' } : {}) };
  return mk({ name, what, fields },
    (t, decline) => `if (c.fpen === 3) { ${byE(t.fl, opts.add64 ? [0, 1, 2] : [0, 1], (e) => {
      if (e === 2) return wide64(t, opts.wideN === true, opts.add64!.sub, opts.add64!.signed);
      const cnt = 8 >> e; // narrow lanes of one half
      const N = VIEW[e], W = VIEW[e + 1];
      const half = SEL(eq(t.imm2, 1), String(cnt), '0');
      let code = `const Nv = ${N}, Wv = ${W}, _h = ${half}, _n = ${at(t.n, PER[e])}, _m = ${at(t.m, PER[e])}, _nw = ${at(t.n, PER[e + 1])}, _d = ${at(t.d, PER[e + 1])};`;
      for (let k = 0; k < cnt; k++) {
        const a = opts.wideN ? `Wv[_nw + ${k}]` : `Nv[_n + _h + ${k}]`;
        const b = opts.unary ? '0' : `Nv[_m + _h + ${k}]`;
        code += ` const _a${k} = ${a}, _b${k} = ${b};`;
      }
      for (let k = 0; k < cnt; k++) code += ` Wv[_d + ${k}] = ${f(e, `_a${k}`, `_b${k}`, `Wv[_d + ${k}]`, t.imm3)};`;
      return code;
    })} } else { ${decline} }`);
}

/**
 * The ...L and ...W additions and subtractions from 32-bit lanes to 64-bit lanes, as int32 halves: the
 * 32-bit operands extended (signed or not), then the carry or borrow between the halves.
 */
function wide64(t: T, wideN: boolean, sub: boolean, signed: boolean): string {
  const ext = (x: string): [string, string] => [x, signed ? `(${x} >> 31)` : '0'];
  let code = `const v = c.v, _h = ${SEL(eq(t.imm2, 1), '2', '0')}, _n = ${at(t.n, 4)}, _m = ${at(t.m, 4)};`;
  for (let k = 0; k < 2; k++) {
    code += wideN ? ` const _al${k} = v[_n + ${2 * k}], _ah${k} = v[_n + ${2 * k + 1}];` : ` const _al${k} = v[_n + _h + ${k}], _ah${k} = ${ext(`_al${k}`)[1]};`;
    code += ` const _bl${k} = v[_m + _h + ${k}], _bh${k} = ${ext(`_bl${k}`)[1]};`;
  }
  for (let k = 0; k < 2; k++) {
    code += ` { const _l = (_al${k} >>> 0) ${sub ? '-' : '+'} (_bl${k} >>> 0); v[${at(t.d, 4, 2 * k)}] = _l;` +
      ` v[${at(t.d, 4, 2 * k + 1)}] = (${sub ? `_ah${k} - _bh${k} - (_l < 0 ? 1 : 0)` : `_ah${k} + _bh${k} + (_l > 0xffffffff ? 1 : 0)`}) | 0; }`;
  }
  return code;
}

/** UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2: lane k of the result from the concatenation or interleaving of Vn and Vm. */
function permOp(name: string, src: (k: number, cnt: number) => [number, number]): OpDef {
  return mk({ name, what: `${name} (vector)`, fields: FIELDS },
    (t, decline) => `if (c.fpen === 3) { ${byE(t.fl, [0, 1, 2], (e) => {
      const per = PER[e];
      const oneQ = (cnt: number): string => {
        let code = `const A = ${VIEW[e]}, _n = ${at(t.n, per)}, _m = ${at(t.m, per)}, _d = ${at(t.d, per)};`;
        for (let k = 0; k < cnt; k++) { const [r, j] = src(k, cnt); code += ` const _t${k} = A[${r === 0 ? '_n' : '_m'} + ${j}];`; }
        for (let k = 0; k < cnt; k++) code += ` A[_d + ${k}] = _t${k};`;
        return code;
      };
      const q = lit(t.imm2);
      return q === 1 ? oneQ(per) : q === 0 ? oneQ(per / 2) : `if (${t.imm2} === 1) { ${oneQ(per)} } else { ${oneQ(per / 2)} }`;
    })} ${clearHigh(t)} } else { ${decline} }`);
}

/** Vector FADD/FSUB/FMUL/FDIV: fl 2 for 2D, 1 for 4S, 0 for 2S; every lane takes the fast path or none does. */
function fpVecOp(name: string, f: (a: string, b: string) => string, zeroOk: (k: number) => string): OpDef {
  const lanesOf = (t: T, decline: string, arr: number): string => {
    const dbl = arr === 2, cnt = arr === 1 ? 4 : 2, view = dbl ? 'c.vd' : 'c.vs';
    const per = dbl ? 2 : 4, min = dbl ? MIN64 : MIN32;
    let code = `const F = ${view};`;
    const conds: string[] = [];
    for (let k = 0; k < cnt; k++) {
      const r = dbl ? f(`_x${k}`, `_y${k}`) : `Math.fround(${f(`_x${k}`, `_y${k}`)})`;
      code += ` const _x${k} = F[${at(t.n, per, k)}], _y${k} = F[${at(t.m, per, k)}], _r${k} = ${r}, _a${k} = Math.abs(_r${k});`;
      conds.push(`((_a${k} > ${min} && _a${k} < Infinity) || (_r${k} === 0 && ${zeroOk(k)}))`);
    }
    let write = '';
    for (let k = 0; k < cnt; k++) write += ` F[${at(t.d, per, k)}] = _r${k};`;
    if (arr === 0) write += ` c.v[${at(t.d, 4, 2)}] = 0; c.v[${at(t.d, 4, 3)}] = 0;`;
    return `${code} if (${ARITH_OK} && ${conds.join(' && ')}) {${write} } else { ${decline} }`;
  };
  return mk({ name, what: `${name.slice(0, -1)} (vector: 2S, 4S, 2D)`, fields: { d: 'Vd', n: 'Vn', m: 'Vm', imm: 'the instruction word', fl: '0: 2S, 1: 4S, 2: 2D' } },
    (t, decline) => `{ ${byE(t.fl, [0, 1, 2], (arr) => lanesOf(t, decline, arr))} }`);
}

const ZERO_MUL = (k: number): string => `(_x${k} === 0 || _y${k} === 0)`;

export const ADVSIMD_OPS: readonly OpDef[] = [
  fpVecOp('FADDV', (a, b) => `${a} + ${b}`, () => 'true'),
  fpVecOp('FSUBV', (a, b) => `${a} - ${b}`, () => 'true'),
  fpVecOp('FMULV', (a, b) => `${a} * ${b}`, ZERO_MUL),
  fpVecOp('FDIVV', (a, b) => `${a} / ${b}`, (k) => `_x${k} === 0`),
  addSubOp('ADDV', false),
  addSubOp('SUBV', true),
  laneOp('MULV', 'MUL (vector)', [0, 1, 2], (e, a, b) => e === 2 ? `Math.imul(${a}, ${b})` : `${a} * ${b}`),
  laneOp('MLAV', 'MLA (vector)', [0, 1, 2], (e, a, b, acc) => e === 2 ? `${acc} + Math.imul(${a}, ${b})` : `${acc} + ${a} * ${b}`),
  laneOp('MLSV', 'MLS (vector)', [0, 1, 2], (e, a, b, acc) => e === 2 ? `${acc} - Math.imul(${a}, ${b})` : `${acc} - ${a} * ${b}`),
  laneOp('SMAXV', 'SMAX (vector)', [0, 1, 2], (e, a, b) => `(${sx(e, a)} > ${sx(e, b)} ? ${a} : ${b})`),
  laneOp('SMINV', 'SMIN (vector)', [0, 1, 2], (e, a, b) => `(${sx(e, a)} < ${sx(e, b)} ? ${a} : ${b})`),
  laneOp('UMAXV', 'UMAX (vector)', [0, 1, 2], (e, a, b) => `(${ux(e, a)} > ${ux(e, b)} ? ${a} : ${b})`),
  laneOp('UMINV', 'UMIN (vector)', [0, 1, 2], (e, a, b) => `(${ux(e, a)} < ${ux(e, b)} ? ${a} : ${b})`),
  laneOp('CMGTV', 'CMGT (register, vector)', [0, 1, 2], (e, a, b) => `(${sx(e, a)} > ${sx(e, b)} ? -1 : 0)`),
  laneOp('CMGEV', 'CMGE (register, vector)', [0, 1, 2], (e, a, b) => `(${sx(e, a)} >= ${sx(e, b)} ? -1 : 0)`),
  laneOp('CMHIV', 'CMHI (register, vector)', [0, 1, 2], (e, a, b) => `(${ux(e, a)} > ${ux(e, b)} ? -1 : 0)`),
  laneOp('CMHSV', 'CMHS (register, vector)', [0, 1, 2], (e, a, b) => `(${ux(e, a)} >= ${ux(e, b)} ? -1 : 0)`),
  laneOp('CMEQV', 'CMEQ (register, vector)', [0, 1, 2], (_e, a, b) => `(${a} === ${b} ? -1 : 0)`),
  laneOp('CMTSTV', 'CMTST (vector)', [0, 1, 2], (_e, a, b) => `((${a} & ${b}) !== 0 ? -1 : 0)`),
  logicOp('ANDV', (n, m) => `${n} & ${m}`),
  logicOp('BICV', (n, m) => `${n} & ~${m}`),
  logicOp('ORRV', (n, m) => `${n} | ${m}`),
  logicOp('ORNV', (n, m) => `${n} | ~${m}`),
  logicOp('EORV', (n, m) => `${n} ^ ${m}`),
  logicOp('BSLV', (n, m, d) => `${m} ^ ((${m} ^ ${n}) & ${d})`),
  logicOp('BITV', (n, m, d) => `${d} ^ ((${d} ^ ${n}) & ${m})`),
  logicOp('BIFV', (n, m, d) => `${d} ^ ((${d} ^ ${n}) & ~${m})`),
  shiftOp('SHLV', (_e, a, sh) => `${a} << ${sh}`),
  shiftOp('USHRV', (e, a, sh) => `${ux(e, a)} >>> ${sh}`),
  shiftOp('SSHRV', (e, a, sh) => `${sx(e, a)} >> ${sh}`),
  shiftOp('USRAV', (e, a, sh, acc) => `${acc} + (${ux(e, a)} >>> ${sh})`),
  shiftOp('SSRAV', (e, a, sh, acc) => `${acc} + (${sx(e, a)} >> ${sh})`),
  widenOp('USHLLV', 'USHLL, USHLL2, UXTL, UXTL2 (8- and 16-bit sources)', (_e, a, _b, _acc, sh) => `${a} << ${sh}`, { unary: true, imm3: true }),
  widenOp('SSHLLV', 'SSHLL, SSHLL2, SXTL, SXTL2 (8- and 16-bit sources)', (e, a, _b, _acc, sh) => `${sx(e, a)} << ${sh}`, { unary: true, imm3: true }),
  widenOp('UADDLV', 'UADDL, UADDL2', (_e, a, b) => `${a} + ${b}`, { add64: { sub: false, signed: false } }),
  widenOp('SADDLV', 'SADDL, SADDL2', (e, a, b) => `${sx(e, a)} + ${sx(e, b)}`, { add64: { sub: false, signed: true } }),
  widenOp('USUBLV', 'USUBL, USUBL2', (_e, a, b) => `${a} - ${b}`, { add64: { sub: true, signed: false } }),
  widenOp('SSUBLV', 'SSUBL, SSUBL2', (e, a, b) => `${sx(e, a)} - ${sx(e, b)}`, { add64: { sub: true, signed: true } }),
  widenOp('UADDWV', 'UADDW, UADDW2', (_e, a, b) => `${a} + ${b}`, { wideN: true, add64: { sub: false, signed: false } }),
  widenOp('SADDWV', 'SADDW, SADDW2', (e, a, b) => `${a} + ${sx(e, b)}`, { wideN: true, add64: { sub: false, signed: true } }),
  widenOp('USUBWV', 'USUBW, USUBW2', (_e, a, b) => `${a} - ${b}`, { wideN: true, add64: { sub: true, signed: false } }),
  widenOp('SSUBWV', 'SSUBW, SSUBW2', (e, a, b) => `${a} - ${sx(e, b)}`, { wideN: true, add64: { sub: true, signed: true } }),
  widenOp('UMULLV', 'UMULL, UMULL2', (_e, a, b) => `${a} * ${b}`, {}),
  widenOp('SMULLV', 'SMULL, SMULL2', (e, a, b) => `${sx(e, a)} * ${sx(e, b)}`, {}),
  widenOp('UMLALV', 'UMLAL, UMLAL2', (_e, a, b, acc) => `${acc} + ${a} * ${b}`, {}),
  widenOp('SMLALV', 'SMLAL, SMLAL2', (e, a, b, acc) => `${acc} + ${sx(e, a)} * ${sx(e, b)}`, {}),
  widenOp('UMLSLV', 'UMLSL, UMLSL2', (_e, a, b, acc) => `${acc} - ${a} * ${b}`, {}),
  widenOp('SMLSLV', 'SMLSL, SMLSL2', (e, a, b, acc) => `${acc} - ${sx(e, a)} * ${sx(e, b)}`, {}),
  permOp('UZP1V', (k, cnt) => [2 * k < cnt ? 0 : 1, (2 * k) % cnt]),
  permOp('UZP2V', (k, cnt) => [2 * k < cnt ? 0 : 1, (2 * k + 1) % cnt]),
  permOp('TRN1V', (k) => [k & 1, k & ~1]),
  permOp('TRN2V', (k) => [k & 1, (k & ~1) + 1]),
  permOp('ZIP1V', (k) => [k & 1, k >> 1]),
  permOp('ZIP2V', (k, cnt) => [k & 1, (cnt >> 1) + (k >> 1)]),
];
