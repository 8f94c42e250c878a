/**
 * SIMD&FP instructions (Arm ARM C4.1.95 data processing, C4.1.89 loads and stores of SIMD&FP
 * registers). `SIMDFP` is the whole group: `c.fpInsn(word)` (simd-fp.ts) checks the CPACR_EL1.FPEN
 * trap, then runs the executors of simd/ or the load/store plan, inside compiled blocks too.
 *
 * The forms hot in compiled code have ops of their own (decode-simdfp.ts picks them), with their
 * fields predecoded and their common case inline. Each keeps the instruction word in `imm` and runs
 * `c.fpInsn(word)` whenever its fast path cannot prove it gives the architecture's result bit for
 * bit, so FPEN traps, FPCR modes, NaNs, denormals, FPSR flags and UNDEFINED stay the executors' alone:
 *  - the fast paths run only with FPEN = 0b11 (no trap at any EL);
 *  - arithmetic (FADD FSUB FMUL FDIV FNMUL) only under round to nearest with FZ clear (DN matters only
 *    for NaN results, which never take it) and only once FPSR.IXC is set, so whether this result is
 *    exact need not be known: the JavaScript double operation is then the correctly rounded result
 *    (binary32: a double operation on binary32 values rounded again to binary32 is, for + - * /, the
 *    correctly rounded binary32 result), and a result strictly between the smallest normal and
 *    infinity raises nothing else (no overflow; no underflow, which Arm detects before rounding);
 *  - comparisons only with FZ clear and ordered operands (no NaN: no IOC), where they set NZCV from
 *    the double comparison.
 * V registers are read as values through the float views (core.ts `vd`, `vs`); the fast paths write
 * only finite results through them, so no NaN bits pass through a float view.
 */
import { IF, SEL, eq, lit, plus, setX, type T, type V } from './emit.ts';
import { fastPaths, type OpDef } from './op.ts';
import { addr, regOffset, storeFlags } from './ops-mem.ts';
import { F_LOAD_SLOW } from '../memory.ts';
import { M_OFF, M_POST } from '../record.ts';
import { X_SP } from '../regs.ts';

/** `r * k + add`, folded for a literal register number. */
export function at(r: V, k: number, add = 0): V {
  const a = lit(r);
  if (a !== undefined) return String(a * k + add);
  return add === 0 ? `${r} * ${k}` : `${r} * ${k} + ${add}`;
}

/** The general path for this record: the executors, with every check. */
const slow = (t: T): string => t.call(`c.fpInsn(${t.imm})`);

/** An op with the fast path `body` and the general path `general` (op.ts `fast`). */
export function fastOp(def: Omit<OpDef, 'exec' | 'fast'> & { body: (t: T, decline: string) => string }, general = slow): OpDef {
  const { body, ...rest } = def;
  return { ...rest, ...fastPaths(body, general) };
}

/** The conditions of the arithmetic fast path: FPEN 0b11, FPCR.RMode = RN, FZ = 0, FPSR.IXC set. */
export const ARITH_OK = 'c.fpen === 3 && (c.fpcr & 0x01c00000) === 0 && (fpFlags[0] & 16) !== 0';
/** Smallest normal binary64 and binary32. */
export const MIN64 = '2.2250738585072014e-308';
export const MIN32 = '1.1754943508222875e-38';

type Bin = (a: string, b: string) => string;
/**
 * Each arithmetic op: its name, and its result from the operands `_x`, `_y`; a zero result takes the
 * fast path only when it is exact (add and subtract: always, the difference of two equal values or a
 * sum of zeros, signed as under round to nearest; multiply: when an operand is zero; divide: when the
 * dividend is) and not an underflow.
 */
const ARITH: readonly [string, Bin, string][] = [
  ['FADD', (a, b) => `${a} + ${b}`, 'true'],
  ['FSUB', (a, b) => `${a} - ${b}`, 'true'],
  ['FMUL', (a, b) => `${a} * ${b}`, '(_x === 0 || _y === 0)'],
  ['FDIV', (a, b) => `${a} / ${b}`, '_x === 0'],
  ['FNMUL', (a, b) => `-(${a} * ${b})`, '(_x === 0 || _y === 0)'],
];

const FIELDS_3 = { d: 'Vd', n: 'Vn', m: 'Vm', imm: 'the instruction word' } as const;

/** The result `_r` may be written: finite, and normal or an exact zero. */
const inRange = (min: string, zeroOk: string): string =>
  `((_a > ${min} && _a < Infinity) || (_r === 0 && ${zeroOk}))`;

function arithD(name: string, f: Bin, zeroOk: string): OpDef {
  return fastOp({
    name: `${name}_D`, what: `${name} (scalar, double precision)`, fields: FIELDS_3,
    body: (t, decline) => `{ const vd = c.vd, _x = vd[${at(t.n, 2)}], _y = vd[${at(t.m, 2)}], _r = ${f('_x', '_y')}, _a = Math.abs(_r);` +
      ` if (${ARITH_OK} && ${inRange(MIN64, zeroOk)}) { vd[${at(t.d, 2)}] = _r; vd[${at(t.d, 2, 1)}] = 0; }` +
      ` else { ${decline} } }`,
  });
}

function arithS(name: string, f: Bin, zeroOk: string): OpDef {
  return fastOp({
    name: `${name}_S`, what: `${name} (scalar, single precision)`, fields: FIELDS_3,
    body: (t, decline) => `{ const vs = c.vs, _x = vs[${at(t.n, 4)}], _y = vs[${at(t.m, 4)}], _r = Math.fround(${f('_x', '_y')}), _a = Math.abs(_r);` +
      ` if (${ARITH_OK} && ${inRange(MIN32, zeroOk)}) { const v = c.v; vs[${at(t.d, 4)}] = _r; v[${at(t.d, 4, 1)}] = 0; v[${at(t.d, 4, 2)}] = 0; v[${at(t.d, 4, 3)}] = 0; }` +
      ` else { ${decline} } }`,
  });
}

/** `a` when the flag field `fl` is 1, else `b` (folded for a literal). */
function sel1(fl: V, a: string, b: string): string {
  const k = lit(fl);
  return k === 1 ? a : k === 0 ? b : `(${fl} === 1 ? ${a} : ${b})`;
}

/** FCMP/FCMPE of Vn with Vm or with +0.0 (fl 1), double (`D`) or single. */
function fcmp(prec: 'D' | 'S'): OpDef {
  const [view, k] = prec === 'D' ? ['vd', 2] : ['vs', 4];
  return fastOp({
    name: `FCMP_${prec}`, what: `FCMP, FCMPE (${prec === 'D' ? 'double' : 'single'} precision, register or #0.0)`,
    fields: { n: 'Vn', m: 'Vm', imm: 'the instruction word', fl: '1: compare with #0.0' },
    body: (t, decline) => `{ const fv = c.${view}, _a = fv[${at(t.n, k)}], _b = ${sel1(t.fl, '0', `fv[${at(t.m, k)}]`)}; let _ok = false;` +
      ' if (c.fpen === 3 && (c.fpcr & 0x01000000) === 0) {' +
      ' if (_a < _b) { c.nf = 1; c.zf = 0; c.cf = 0; c.vf = 0; _ok = true; }' +
      ' else if (_a > _b) { c.nf = 0; c.zf = 0; c.cf = 1; c.vf = 0; _ok = true; }' +
      ' else if (_a === _b) { c.nf = 0; c.zf = 1; c.cf = 1; c.vf = 0; _ok = true; } }' +
      ` if (!_ok) { ${decline} } }`,
  });
}

/** Moves `bytes` (4, 8, 16) between DataView `dv` at `o` and V register `r` (a load zeroes the rest of Vr). */
function move(r: V, bytes: number, load: boolean, o: string): string {
  let code = '';
  for (let k = 0; k < 4; k++) {
    if (load) code += k < bytes / 4 ? ` v[${at(r, 4, k)}] = dv.getInt32(${o} + ${4 * k}, true);` : ` v[${at(r, 4, k)}] = 0;`;
    else if (k < bytes / 4) code += ` dv.setInt32(${o} + ${4 * k}, v[${at(r, 4, k)}], true);`;
  }
  return code;
}

/**
 * The fast path of a SIMD&FP load or store of one or two registers of `bytes` each: FPEN 0b11, the
 * access aligned to its register size inside the data window of its kind on pages without flags, or
 * for a store beside code only F_CODE (as the integer fast paths, sem/ops-mem.ts), an SP base 16-byte aligned; anything else runs the
 * instruction word (`imm3`) through `c.fpInsn`, which checks everything before any effect.
 */
function vmem(t: T, decline: string, bytes: number, load: boolean, pair: boolean, reg: boolean): string {
  const w = load ? 'd' : 's', total = pair ? 2 * bytes : bytes;
  const flags = load ? `((c.dFlags[o >>> 12] | c.dFlags[(o + ${total - 1}) >>> 12]) & ${F_LOAD_SLOW}) === 0`
    : storeFlags(total, true);
  const spOk = SEL(eq(t.n, X_SP), `(x[${X_SP}] & 15) === 0`, 'true');
  const at0 = reg ? regOffset({ ...t, imm3: t.imm }, w)
    : `const a = ${addr(t.n, '0')}, o = ${SEL(eq(t.imm2, M_POST), 'a', `a + ${t.imm}`)} - c.${w}Base;`;
  const wb = reg ? '' : IF(eq(t.imm2, M_OFF), '', setX(t.n, `a + ${t.imm}`));
  const moves = move(t.d, bytes, load, 'o') + (pair ? move(t.m, bytes, load, `o + ${bytes}`) : '');
  return `{ ${at0} if (c.fpen === 3 && ${spOk} && o >= 0 && o + ${total} <= c.${w}Len && (o & ${bytes - 1}) === 0 && ${flags}) {` +
    ` const dv = c.${w}Dv, v = c.v;${moves} ${wb} } else { ${decline} } }`;
}

/** The general path of a load or store record (the word in `imm3`). */
const slowLdSt = (t: T): string => t.call(`c.fpInsn(${t.imm3})`);
const VMEM: OpDef[] = [];
for (const [sz, bytes] of [['Q', 16], ['D', 8], ['S', 4]] as const) {
  for (const load of [true, false]) {
    const name = load ? 'LD' : 'ST';
    VMEM.push(fastOp({
      name: `V${name}R_${sz}`, what: `${name}R/${name}UR (SIMD&FP, immediate: unsigned offset, unscaled, pre/post-index), ${sz}t`,
      fields: { d: 'Vt', n: 'Xn|SP (base)', imm: 'offset', imm2: 'mode (M_OFF, M_POST, M_PRE)', imm3: 'the instruction word' },
      body: (t, decline) => vmem(t, decline, bytes, load, false, false),
    }, slowLdSt), fastOp({
      name: `V${name}RR_${sz}`, what: `${name}R (SIMD&FP, register offset), ${sz}t`,
      fields: { d: 'Vt', n: 'Xn|SP (base)', m: 'Xm', imm: 'extend option << 8 | shift', imm3: 'the instruction word' },
      body: (t, decline) => vmem(t, decline, bytes, load, false, true),
    }, slowLdSt), fastOp({
      name: `V${name}P_${sz}`, what: `${name}P/${name}NP (SIMD&FP), ${sz}t1 and ${sz}t2`,
      fields: { d: 'Vt1', n: 'Xn|SP (base)', m: 'Vt2', imm: 'offset (scaled)', imm2: 'mode (M_OFF, M_POST, M_PRE)', imm3: 'the instruction word' },
      body: (t, decline) => vmem(t, decline, bytes, load, true, false),
    }, slowLdSt));
  }
}

export const SIMDFP_OPS: readonly OpDef[] = [
  {
    name: 'SIMDFP', what: 'every SIMD&FP instruction (scalar FP, AdvSIMD, crypto, their loads and stores)',
    fields: { imm: 'the instruction word' },
    exec: (t) => slow(t),
  },
  ...ARITH.map(([n, f, z]) => arithD(n, f, z)),
  ...ARITH.map(([n, f, z]) => arithS(n, f, z)),
  fcmp('D'),
  fcmp('S'),
  fastOp({
    name: 'FMOV_V', what: 'FMOV (register): Dd = Dn or Sd = Sn',
    fields: { d: 'Vd', n: 'Vn', imm: 'the instruction word', fl: '1: double, 0: single' },
    body: (t, decline) => `if (c.fpen === 3) { const v = c.v; v[${at(t.d, 4)}] = v[${at(t.n, 4)}];` +
      ` v[${at(t.d, 4, 1)}] = ${sel1(t.fl, `v[${at(t.n, 4, 1)}]`, '0')};` +
      ` v[${at(t.d, 4, 2)}] = 0; v[${at(t.d, 4, 3)}] = 0; } else { ${decline} }`,
  }),
  fastOp({
    name: 'FMOV_VI', what: 'FMOV (scalar, immediate): the expanded constant',
    fields: { d: 'Vd', imm: 'the instruction word', imm2: 'bits 31:0 of the value', imm3: 'bits 63:32' },
    body: (t, decline) => `if (c.fpen === 3) { const v = c.v; v[${at(t.d, 4)}] = ${t.imm2}; v[${at(t.d, 4, 1)}] = ${t.imm3};` +
      ` v[${at(t.d, 4, 2)}] = 0; v[${at(t.d, 4, 3)}] = 0; } else { ${decline} }`,
  }),
  fastOp({
    name: 'FMOV_TOV', what: 'FMOV (general): Dd = Xn or Sd = Wn',
    fields: { d: 'Vd', n: 'Xn (register offset, XZR reads zero)', imm: 'the instruction word', fl: '1: 64-bit, 0: 32-bit' },
    body: (t, decline) => `if (c.fpen === 3) { const v = c.v; v[${at(t.d, 4)}] = x[${t.n}];` +
      ` v[${at(t.d, 4, 1)}] = ${sel1(t.fl, `x[${plus(t.n, 1)}]`, '0')};` +
      ` v[${at(t.d, 4, 2)}] = 0; v[${at(t.d, 4, 3)}] = 0; } else { ${decline} }`,
  }),
  fastOp({
    name: 'FMOV_FROMV', what: 'FMOV (general): Xd = Dn or Wd = Sn',
    fields: { d: 'Xd (register offset, XZR to the sink)', n: 'Vn', imm: 'the instruction word', fl: '1: 64-bit, 0: 32-bit' },
    body: (t, decline) => `if (c.fpen === 3) { const v = c.v; x[${t.d}] = v[${at(t.n, 4)}];` +
      ` x[${plus(t.d, 1)}] = ${sel1(t.fl, `v[${at(t.n, 4, 1)}]`, '0')}; } else { ${decline} }`,
  }),
  ...VMEM,
];
