/**
 * The toolkit instruction semantics are written with (sem/ops-*.ts).
 *
 * An op's semantics is a template: a function from the fields of its predecoded record to JavaScript
 * statements. The same template feeds both execution tiers:
 *  - the interpreter (exec.gen.ts, generated at build time by gen-exec.ts), where each field is a local
 *    read from the record (`$d`, `$imm`, ...), so the code tests field values at run time;
 *  - the block compiler (jit.ts, at run time), where each field is the number from the record, so the
 *    code is specialised: `IF(eq(t.imm3, 0), a, b)` becomes `a` or `b` alone.
 * The helpers below fold what they can when given number literals and emit run-time code otherwise.
 *
 * Names a template may use in its code: `c` (the CpuCore), `x` (the register file, regs.ts), `dec` (the
 * page's records), `out` and the helpers of sem/helpers.ts by name. Temporaries go inside `{ }`.
 */

/** A field or expression in a template: JavaScript source. In the block compiler fields are literals. */
export type V = string;

/** The record fields and the tier-specific pieces a template is written against. */
export interface T {
  /** Record fields (record.ts). */
  readonly d: V; readonly n: V; readonly m: V;
  readonly imm: V; readonly imm2: V; readonly imm3: V; readonly fl: V;
  /** Virtual address of this instruction (a double, exact). */
  readonly pc: V;
  /** This op's id and the index of its record in `dec`. */
  readonly op: V; readonly i: V;
  /** What `c.curN` is while this instruction runs: the instructions exec() has run in this call, this one included. */
  readonly count: V;
  /**
   * Leave the straight-line code to run `call`, a method of the CPU that may take an exception or
   * change PC, EL or the code cache; PC (`c.pc`) is this instruction when it runs and whatever it left
   * afterwards. Execution goes on from `c.pc` (the call must advance it to complete the instruction).
   */
  leave(call: string): string;
  /**
   * Run `call`, a CPU method that completes the instruction's work and returns true, or takes an
   * exception instead and returns false (PC then at the vector, or stopReq set for EL2): on true
   * execution goes on with the next statement, on false it leaves.
   */
  call(call: string): string;
  /** `call` of the general load/store path for this record (`c.memOp`). */
  mem(): string;
  /**
   * In a compiled block: the block's second load window (`wB`, `wL`, `wDv`, `wF`, locals of the block
   * function, see `loadWindow`) exists.
   */
  readonly block?: boolean;
}

/** Where a load's fast path finds its window (`loadWindow`): the code, then the names of its parts. */
export interface LoadWindow { code: string; dv: string; len: string; flags: string }

/**
 * The start of a load's fast path: the offset `o` of the address `addr` (an expression without side
 * effects) in a load window, and the names of that window's bytes, length and page flags. The CPU's
 * window first, then another window of the CPU for that page (`c.dSwap`). In a compiled block a second
 * window comes between the two: the one the CPU's window was before its last swap in this call, so a
 * loop loading from two pages in turn (two arrays, a stack and a table) swaps on its first pass only
 * instead of calling dSwap twice an iteration. It holds for the call only, and nothing a block runs
 * changes what windows stand for without leaving it (dropping them sets `c.curBase` to -1, which ends
 * the block).
 */
export function loadWindow(t: T, addr: string): LoadWindow {
  if (t.block !== true) {
    return { code: `let o = ${addr} - c.dBase; if (!(o >= 0 && o < c.dLen)) o = c.dSwap(${addr});`, dv: 'c.dDv', len: 'c.dLen', flags: 'c.dFlags' };
  }
  return {
    code: `let o = ${addr} - c.dBase, wdv = c.dDv, wln = c.dLen, wfl = c.dFlags;` +
      ` if (!(o >= 0 && o < wln)) { o = ${addr} - wB; if (o >= 0 && o < wL) { wdv = wDv; wln = wL; wfl = wF; }` +
      ` else { wB = c.dBase; wL = wln; wDv = wdv; wF = wfl; o = c.dSwap(${addr}); wdv = c.dDv; wln = c.dLen; wfl = c.dFlags; } }`,
    dv: 'wdv', len: 'wln', flags: 'wfl',
  };
}

const LIT = /^-?\d+$/;
/** The number a literal stands for, or undefined when `v` is run-time code. */
export function lit(v: V): number | undefined { return LIT.test(v) ? Number(v) : undefined; }
/** `v + k`, folded when `v` is a literal. */
export function plus(v: V, k: number): V {
  const a = lit(v);
  if (a !== undefined) return String(a + k);
  return k === 0 ? v : `${v} + ${k}`;
}
/** `a + b`, folded when both are literals. */
export function sum(a: V, b: V): V {
  const x = lit(a), y = lit(b);
  return x !== undefined && y !== undefined ? String(x + y) : `${a} + ${b}`;
}
/** `v === k` as a boolean expression (folded to `true`/`false` for a literal). */
export function eq(v: V, k: number): V {
  const a = lit(v);
  return a === undefined ? `(${v} === ${k})` : String(a === k);
}
/** Any of the `mask` bits set in `v`. */
export function has(v: V, mask: number): V {
  const a = lit(v);
  return a === undefined ? `((${v} & ${mask}) !== 0)` : String((a & mask) !== 0);
}
/** `v & mask`, folded for a literal. */
export function bits(v: V, mask: number): V {
  const a = lit(v);
  return a === undefined ? `(${v} & ${mask})` : String(a & mask);
}
/** Statements `a` when `cond` holds, else `b`; only the chosen one when `cond` is a constant. */
export function IF(cond: V, a: string, b = ''): string {
  if (cond === 'true') return a;
  if (cond === 'false') return b;
  if (a.trim() === '') return b.trim() === '' ? '' : `if (!${cond}) { ${b} }`;
  return b.trim() === '' ? `if (${cond}) { ${a} }` : `if (${cond}) { ${a} } else { ${b} }`;
}
/** Expression `a` when `cond` holds, else `b`. */
export function SEL(cond: V, a: V, b: V): V {
  if (cond === 'true') return a;
  if (cond === 'false') return b;
  return `(${cond} ? ${a} : ${b})`;
}
/** `(v >>> 0)`, folded for a non-negative literal. */
export function u32(v: V): V {
  const a = lit(v);
  return a !== undefined && a >= 0 ? v : `(${v} >>> 0)`;
}

/** The low and high halves of the register at offset `r`. */
export const lo = (r: V): string => `x[${r}]`;
export const hi = (r: V): string => `x[${plus(r, 1)}]`;

/**
 * 64-bit shifts by a literal amount 0..63 (the block compiler's), as [low, high] expressions over the
 * int32 halves `l` and `h` (names of consts: each may appear twice): what bits.ts shl64, lsr64 and
 * asr64 compute, without the call and the `out` array.
 */
export function shl64c(l: string, h: string, s: number): [string, string] {
  if (s === 0) return [l, h];
  if (s < 32) return [`(${l} << ${s})`, `((${h} << ${s}) | (${l} >>> ${32 - s}))`];
  return ['0', `(${l} << ${s - 32})`];
}
export function lsr64c(l: string, h: string, s: number): [string, string] {
  if (s === 0) return [l, h];
  if (s < 32) return [`((${l} >>> ${s}) | (${h} << ${32 - s}))`, `(${h} >>> ${s})`];
  return [`(${h} >>> ${s - 32})`, '0'];
}
/** The halves of a 64-bit value (int32 expressions `l`, `h`) rotated right by `s` (a literal 0..63). */
export function ror64c(l: string, h: string, s: number): [string, string] {
  if (s === 0) return [l, h];
  if (s === 32) return [h, l];
  if (s < 32) return [`((${l} >>> ${s}) | (${h} << ${32 - s}))`, `((${h} >>> ${s}) | (${l} << ${32 - s}))`];
  return [`((${h} >>> ${s - 32}) | (${l} << ${64 - s}))`, `((${l} >>> ${s - 32}) | (${h} << ${64 - s}))`];
}
export function asr64c(l: string, h: string, s: number): [string, string] {
  if (s === 0) return [l, h];
  if (s < 32) return [`((${l} >>> ${s}) | (${h} << ${32 - s}))`, `(${h} >> ${s})`];
  return [`(${h} >> ${s - 32})`, `(${h} >> 31)`];
}
/** The shift of `type` (0 LSL, 1 LSR, 2 ASR, 3 ROR, as in the shifted-register encodings) by a literal `s`. */
export function shift64c(type: number, l: string, h: string, s: number): [string, string] {
  return (type === 0 ? shl64c : type === 1 ? lsr64c : type === 2 ? asr64c : ror64c)(l, h, s);
}

/**
 * Xd = v, a double holding an exact integer (negative too: an address of the upper half), as its 64-bit
 * two's complement. Inline rather than a call: a call would box the double, one allocation per BL.
 * The low half is v minus the high half's multiple, not `v % 2 ** 32`, which V8 compiles to a call
 * of C's fmod. A literal is split at compile time.
 */
export function setX(d: V, v: V): string {
  const a = lit(v);
  if (a !== undefined) {
    const h = Math.floor(a / 4294967296);
    return `${lo(d)} = ${(a - h * 4294967296) | 0}; ${hi(d)} = ${h | 0};`;
  }
  return `{ const _v = ${v}, _h = Math.floor(_v / 4294967296); ${lo(d)} = _v - _h * 4294967296; ${hi(d)} = _h; }`;
}

/**
 * AddWithCarry (Arm ARM J1 shared pseudocode) on 64 bits: Xd = a + b + cin, and NZCV from the sum
 * when `setFlags`. Operands are lo/hi expressions, each evaluated once and before Xd is written.
 * Without flags the carry between the halves is all that is computed.
 */
export function addWithCarry64(d: V, alo: string, ahi: string, blo: string, bhi: string, cin: V, setFlags: V): string {
  const withFlags = `{ const _al = ${alo}, _ah = ${ahi}, _bl = ${blo}, _bh = ${bhi};` +
    ` const _l = (_al >>> 0) + (_bl >>> 0) + ${cin}; const _h = (_ah >>> 0) + (_bh >>> 0) + (_l > 0xffffffff ? 1 : 0);` +
    ` const _rl = _l | 0, _rh = _h | 0; x[${d}] = _rl; x[${plus(d, 1)}] = _rh;` +
    ' c.nf = _rh >>> 31; c.zf = (_rl | _rh) === 0 ? 1 : 0; c.cf = _h > 0xffffffff ? 1 : 0; c.vf = ((_ah ^ _rh) & (_bh ^ _rh)) >>> 31; }';
  // Without flags and with a constant carry in, the halves stay int32: the low half wraps and its carry
  // out is an unsigned compare (a + b wraps below a; a + b + 1 wraps to a or below), so V8 keeps the
  // arithmetic in int32 registers and never deoptimises on a sum that leaves the int32 range.
  const plain = cin === '0' || cin === '1'
    ? `{ const _al = ${alo}, _ah = ${ahi}, _bl = ${blo}, _bh = ${bhi}; const _rl = (_al + _bl${cin === '1' ? ' + 1' : ''}) | 0;` +
      ` x[${plus(d, 1)}] = (_ah + _bh + ((_rl >>> 0) ${cin === '1' ? '<=' : '<'} (_al >>> 0) ? 1 : 0)) | 0; x[${d}] = _rl; }`
    : `{ const _ah = ${ahi}, _bh = ${bhi}; const _l = (${alo} >>> 0) + ${u32(blo)} + ${cin};` +
      ` x[${plus(d, 1)}] = (_ah + _bh + (_l > 0xffffffff ? 1 : 0)) | 0; x[${d}] = _l; }`;
  return IF(setFlags, withFlags, plain);
}

/** AddWithCarry on 32 bits: Wd = a + b + cin (upper half of Xd zeroed), NZCV when `setFlags`. */
export function addWithCarry32(d: V, a: string, b: string, cin: V, setFlags: V): string {
  const withFlags = `{ const _a = ${a}, _b = ${b}; const _s = (_a >>> 0) + (_b >>> 0) + ${cin}; const _r = _s | 0;` +
    ` x[${d}] = _r; x[${plus(d, 1)}] = 0;` +
    ' c.nf = _r >>> 31; c.zf = _r === 0 ? 1 : 0; c.cf = _s > 0xffffffff ? 1 : 0; c.vf = ((_a ^ _r) & (_b ^ _r)) >>> 31; }';
  const plain = `x[${d}] = (${a} + ${b}${cin === '0' ? '' : ` + ${cin}`}) | 0; x[${plus(d, 1)}] = 0;`;
  return IF(setFlags, withFlags, plain);
}

/** NZCV of a logical result (ANDS, BICS, TST): N and Z from it, C = V = 0. */
export function logicFlags64(rlo: string, rhi: string): string {
  return `c.nf = ${rhi} >>> 31; c.zf = (${rlo} | ${rhi}) === 0 ? 1 : 0; c.cf = 0; c.vf = 0;`;
}
export function logicFlags32(r: string): string {
  return `c.nf = ${r} >>> 31; c.zf = ${r} === 0 ? 1 : 0; c.cf = 0; c.vf = 0;`;
}

/**
 * ConditionHolds (Arm ARM J1 shared pseudocode) for condition `cc` (0..15) as a boolean expression on
 * the flags. A run-time `cc` calls `condHolds`, which gen-exec.ts builds from this same function.
 */
export function cond(cc: V): V {
  const k = lit(cc);
  if (k === undefined) return `condHolds(c, ${cc})`;
  let e: string;
  switch (k >> 1) {
    case 0: e = 'c.zf === 1'; break;                      // EQ / NE
    case 1: e = 'c.cf === 1'; break;                      // CS / CC
    case 2: e = 'c.nf === 1'; break;                      // MI / PL
    case 3: e = 'c.vf === 1'; break;                      // VS / VC
    case 4: e = '(c.cf === 1 && c.zf === 0)'; break;      // HI / LS
    case 5: e = 'c.nf === c.vf'; break;                   // GE / LT
    case 6: e = '(c.nf === c.vf && c.zf === 0)'; break;   // GT / LE
    default: return 'true';                               // AL, NV
  }
  return (k & 1) !== 0 ? `!(${e})` : e;
}

/**
 * The shifted second operand of a register-form data-processing instruction (LSL, LSR, ASR, ROR by
 * `amt`): 64-bit into locals `bl`/`bh` (inline when type and amount are literals, in a compiled block;
 * through `shift64` in the interpreter), 32-bit into `bl` inline.
 */
export function operand2(m: V, type: V, amt: V, is64: boolean): string {
  if (is64) {
    const [t, s] = [lit(type), lit(amt)];
    if (t !== undefined && s !== undefined && s !== 0) { // a compiled block: the shift inline
      const [l, h] = shift64c(t, '_l', '_h', s);
      return `{ const _l = ${lo(m)}, _h = ${hi(m)}; bl = ${l} | 0; bh = ${h} | 0; }`;
    }
    return IF(eq(amt, 0), `bl = ${lo(m)}; bh = ${hi(m)};`,
      `shift64(${lo(m)}, ${hi(m)}, ${type}, ${amt}); bl = out[0]; bh = out[1];`);
  }
  const v = lo(m);
  const t = lit(type);
  const by = (k: number): string => k === 0 ? `${v} << ${amt}` : k === 1 ? `${v} >>> ${amt}` : k === 2 ? `${v} >> ${amt}`
    : `(${v} >>> ${amt}) | (${v} << (32 - ${amt}))`;
  const shifted = t === undefined ? `shift32(${v}, ${type}, ${amt}); bl = out[0];` : `bl = ${by(t)};`;
  return IF(eq(amt, 0), `bl = ${v};`, shifted);
}
