/**
 * Loads and stores (Arm ARM C4.1.89 "Loads and Stores"). The plain single-register forms (LDR/STR/LDUR/
 * STUR of every size, LDRSB/LDRSH/LDRSW, any offset or index mode) and LDP/STP of X have a fast path
 * inline: an aligned access inside the data window of the last load (`c.dBase`...) or store
 * (`c.sBase`...), on a page with no flag that needs the general path (memory.ts; a store beside code,
 * writing no decoded instruction, stays fast: see storeFlags), else in another window the CPU keeps
 * for that page. With the MMU off a
 * window is a whole RAM region; with it on, the leaf (page or block) of an access with the permission
 * the window is for, the last one or one of those recently made (access.ts).
 * Everything else, and every access the fast path declines, goes through `c.memOp` (access.ts), which
 * runs every check (alignment, stage 2, watchpoints) before any effect.
 */
import { loadWindow, IF, SEL, bits, eq, has, lo, hi, setX, type T, type V } from './emit.ts';
import { fastPaths, type OpDef } from './op.ts';
import { F_LOAD_SLOW } from '../memory.ts';
import { X_SP } from '../regs.ts';
import { K_ALIGN, K_AR, K_LOAD, K_PAIR, K_PRFM, K_SIGNED, K_SIZE, K_TO64, K_UNPRIV, M_OFF, M_PRE, M_REG } from '../record.ts';

const K = 'access flags (record.ts K_*)';
const BASE = 'Xn|SP (base)';
const EXT = 'extend option << 8 | shift (UXTW 2, LSL 3, SXTW 6, SXTX 7)';

/**
 * The address in register `n` plus `off` as a double: the signed value of its 64 bits, exact for
 * every address a window can hold (TTBR1 addresses are negative).
 */
export function addr(n: V, off: V): string {
  return `${hi(n)} * 4294967296 + (${lo(n)} >>> 0) + ${off}`;
}

/**
 * Xn + (Xm extended and shifted) of a register-offset access, as the offset `o` from the data window:
 * the sum is exact in 64 bits (int32 halves); above 2^53 it is far outside any RAM window anyway.
 */
export function regOffset(t: T, w: string): string {
  const ext = bits(t.imm3, 0x700), amt = bits(t.imm3, 7);
  const hiOf = IF(eq(ext, 0x200), 'oh = 0;', IF(eq(ext, 0x600), 'oh = ol >> 31;', `oh = ${hi(t.m)};`));
  const shift = IF(eq(amt, 0), '', `oh = (oh << ${amt}) | (ol >>> (32 - ${amt})); ol <<= ${amt};`);
  return `let ol = ${lo(t.m)}, oh; ${hiOf} ${shift} const l = (${lo(t.n)} >>> 0) + (ol >>> 0);` +
    ` const o = ((${hi(t.n)} + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0) - c.${w}Base;`;
}

/** Xn + (Xm extended and shifted) of a register-offset access as the address `a` (see `addr`, `regOffset`). */
function regAddr(t: T): string {
  const ext = bits(t.imm3, 0x700), amt = bits(t.imm3, 7);
  const hiOf = IF(eq(ext, 0x200), 'oh = 0;', IF(eq(ext, 0x600), 'oh = ol >> 31;', `oh = ${hi(t.m)};`));
  const shift = IF(eq(amt, 0), '', `oh = (oh << ${amt}) | (ol >>> (32 - ${amt})); ol <<= ${amt};`);
  return `let ol = ${lo(t.m)}, oh; ${hiOf} ${shift} const l = (${lo(t.n)} >>> 0) + (ol >>> 0);` +
    ' const a = ((' + hi(t.n) + ' + oh + (l > 0xffffffff ? 1 : 0)) | 0) * 4294967296 + (l >>> 0);';
}

/** How a single-register access finds its address: Xn + imm, Xn + Xm, pre-index, post-index. */
type Addressing = 'off' | 'reg' | 'pre' | 'post';

/**
 * The flag test of a store fast path writing `n` bytes at offset `o` of the store window: no flag on
 * the pages it touches (`cross`: it may touch two), or only F_CODE with none of the instructions it
 * writes decoded yet (`c.sCodeFree`, asked only then: data beside code stays on the fast path, and a
 * store onto decoded code takes the general path, which drops the page's records and blocks).
 */
export function storeFlags(n: number, cross: boolean): string {
  const f = cross ? `(c.sFlags[o >>> 12] | c.sFlags[(o + ${n - 1}) >>> 12])` : 'c.sFlags[o >>> 12]';
  return `(${f} === 0 || c.sCodeFree(o, ${n}))`;
}

/**
 * A single-register load or store of `size` bytes at Xn + imm (or + Xm; pre-index: Xn + imm written
 * back; post-index: Xn, then Xn + imm written back), fast when the data window holds it, or another
 * window of the same kind the CPU still has for that page (`c.dSwap`/`c.sSwap` make it the current
 * one: with the MMU on, the leaves recently accessed); `decline` is what runs otherwise (the general
 * path). A load sign-extends when `signed` holds (to 64 bits when `fl` has K_TO64, else to 32). The
 * register writes come in the general path's order: the loaded value, then the base written back
 * (which wins when Rt is Rn, as in memOp); a store stores Rt as it was before the write-back.
 */
function fastSingle(t: T, size: number, load: boolean, mode: Addressing = 'off', decline = t.mem(), signed: V = 'false'): string {
  const w = load ? 'd' : 's';
  const a = mode === 'reg' ? regAddr(t) : `const a = ${addr(t.n, mode === 'post' ? '0' : t.imm)};`;
  const aligned = size === 1 ? '' : ` && (o & ${size - 1}) === 0`;
  const lw = load ? loadWindow(t, 'a') : null;
  const flags = lw !== null ? `(${lw.flags}[o >>> 12] & ${F_LOAD_SLOW}) === 0` : storeFlags(size, false);
  let body: string;
  if (lw !== null) {
    const dv = lw.dv;
    // the 32-bit result of a narrow load: zero-extended, or sign-extended when K_SIGNED
    const narrow = (u: string, s: string): string => IF(signed,
      `{ const v = ${dv}.${s}(o${size > 1 ? ', true' : ''}); ${lo(t.d)} = v; ${hi(t.d)} = ${SEL(has(t.fl, K_TO64), 'v >> 31', '0')}; }`,
      `${lo(t.d)} = ${dv}.${u}(o${size > 1 ? ', true' : ''}); ${hi(t.d)} = 0;`);
    body = size === 8 ? `const dv = ${dv}; ${lo(t.d)} = dv.getInt32(o, true); ${hi(t.d)} = dv.getInt32(o + 4, true);`
      : size === 4 ? IF(signed, `{ const v = ${dv}.getInt32(o, true); ${lo(t.d)} = v; ${hi(t.d)} = v >> 31; }`,
        `${lo(t.d)} = ${dv}.getInt32(o, true); ${hi(t.d)} = 0;`)
        : size === 2 ? narrow('getUint16', 'getInt16')
          : narrow('getUint8', 'getInt8');
  } else {
    body = size === 8 ? `const dv = c.sDv; dv.setInt32(o, ${lo(t.d)}, true); dv.setInt32(o + 4, ${hi(t.d)}, true);`
      : size === 4 ? `c.sDv.setInt32(o, ${lo(t.d)}, true);`
        : size === 2 ? `c.sDv.setUint16(o, ${lo(t.d)}, true);`
          : `c.sDv.setUint8(o, ${lo(t.d)});`;
  }
  if (mode === 'pre') body += ` ${setX(t.n, 'a')}`;
  else if (mode === 'post') body += ` ${setX(t.n, `a + ${t.imm}`)}`;
  // an SP base that is not 16-byte aligned takes the general path, which checks SCTLR_EL1.SA/SA0
  const spOk = SEL(eq(t.n, X_SP), `(x[${X_SP}] & 15) === 0`, 'true');
  const ok = `${spOk} && o >= 0 && o + ${size} <= ${lw?.len ?? `c.${w}Len`}${aligned} && ${flags}`;
  const at = lw?.code ?? `let o = a - c.${w}Base; if (!(o >= 0 && o < c.${w}Len)) o = c.${w}Swap(a);`;
  return `{ ${a} ${at} if (${ok}) { ${body} } else { ${decline} } }`;
}

/**
 * LDP/STP/LDPSW/LDNP/STNP fast as above: the 64-bit forms (16 bytes, 8-byte aligned) and the 32-bit
 * ones (8 bytes, 4-byte aligned; LDPSW sign-extends each word to 64 bits, LDP zero-extends), with the
 * register writes in the general path's order (Rt, Rt2, then the base written back).
 */
function pair(t: T): string {
  const load = has(t.fl, 4);
  const post = eq(t.imm2, 1), wb = `(${t.imm2} !== 0)`;
  const wbk = lit01(t.imm2);
  const spOk = SEL(eq(t.n, X_SP), `(x[${X_SP}] & 15) === 0`, 'true');
  const lw = loadWindow(t, 'ea');
  /** Both registers' `n` bytes: 16 for X registers, 8 for W. */
  const sized = (n: number): string => {
    const fl = (ld: boolean): string => ld
      ? `((${lw.flags}[o >>> 12] | ${lw.flags}[(o + ${n - 1}) >>> 12]) & ${F_LOAD_SLOW}) === 0`
      : storeFlags(n, true);
    const sx = (v: string): string => SEL(has(t.fl, K_SIGNED), `${v} >> 31`, '0');
    const acc = (ld: boolean): string => n === 16
      ? (ld
        ? `const a0 = dv.getInt32(o, true), a1 = dv.getInt32(o + 4, true), b0 = dv.getInt32(o + 8, true), b1 = dv.getInt32(o + 12, true);` +
          ` ${lo(t.d)} = a0; ${hi(t.d)} = a1; ${lo(t.m)} = b0; ${hi(t.m)} = b1;`
        : `dv.setInt32(o, ${lo(t.d)}, true); dv.setInt32(o + 4, ${hi(t.d)}, true); dv.setInt32(o + 8, ${lo(t.m)}, true); dv.setInt32(o + 12, ${hi(t.m)}, true);`)
      : (ld
        ? `const a0 = dv.getInt32(o, true), b0 = dv.getInt32(o + 4, true); ${lo(t.d)} = a0; ${hi(t.d)} = ${sx('a0')}; ${lo(t.m)} = b0; ${hi(t.m)} = ${sx('b0')};`
        : `dv.setInt32(o, ${lo(t.d)}, true); dv.setInt32(o + 4, ${lo(t.m)}, true);`);
    const fast = (ld: boolean): string => {
      const ok = `${spOk} && o >= 0 && o + ${n} <= ${ld ? lw.len : 'c.sLen'} && (o & ${n / 2 - 1}) === 0 && ${fl(ld)}`;
      const body = `const dv = ${ld ? lw.dv : 'c.sDv'}; ${acc(ld)} ${IF(wbk ?? wb, setX(t.n, `a + ${t.imm}`))}`;
      const at = ld ? lw.code : 'let o = ea - c.sBase; if (!(o >= 0 && o < c.sLen)) o = c.sSwap(ea);';
      return `const ea = ${SEL(post, 'a', `a + ${t.imm}`)}; ${at} if (${ok}) { ${body} } else { ${t.mem()} }`;
    };
    return `{ const a = ${addr(t.n, '0')}; ${IF(load, fast(true), fast(false))} }`;
  };
  // the decoder gives integer pairs size 3 (X) or 2 (W, LDPSW) only
  return IF(eq(bits(t.fl, K_SIZE), 3), sized(16), sized(8));
}

/**
 * LDST's fast path: every plain single-register load or store (LDR/STR/LDUR/STUR of any size, the
 * sign-extending loads LDRSB/LDRSH/LDRSW, immediate or register offset, pre- or post-index), as
 * fastSingle does for the forms with ops of their own; the unprivileged, acquire/release and prefetch
 * forms and every access the fast path declines run `decline`.
 */
function ldstFast(t: T, decline: string): string {
  const sx = has(t.fl, K_SIGNED);
  const one = (size: number, ld: boolean, mode: Addressing): string => fastSingle(t, size, ld, mode, decline, ld ? sx : 'false');
  const modes = (size: number, ld: boolean): string => IF(eq(t.imm2, M_OFF), one(size, ld, 'off'),
    IF(eq(t.imm2, M_REG), one(size, ld, 'reg'), IF(eq(t.imm2, M_PRE), one(size, ld, 'pre'), one(size, ld, 'post'))));
  const sizes = (ld: boolean): string => IF(eq(bits(t.fl, K_SIZE), 3), modes(8, ld), IF(eq(bits(t.fl, K_SIZE), 2), modes(4, ld),
    IF(eq(bits(t.fl, K_SIZE), 1), modes(2, ld), modes(1, ld))));
  return IF(eq(bits(t.fl, K_UNPRIV | K_PRFM | K_AR | K_ALIGN | K_PAIR), 0), IF(has(t.fl, K_LOAD), sizes(true), sizes(false)), decline);
}

/** 'true'/'false' when a literal mode says whether the base is written back. */
function lit01(v: V): V | undefined {
  return /^-?\d+$/.test(v) ? String(Number(v) !== 0) : undefined;
}

/** The general path of a load or store (MemCpu.memOp): every check, and what no fast path does. */
const generalPath = (t: T): string => t.mem();

/**
 * A register-offset load or store: its fast path (fastSingle) inline in blocks, a function of its own
 * in the interpreter (OpDef `fast`), whose dispatch loop TurboFan then compiles in less time.
 */
function regOffsetOp(size: number, load: boolean): Pick<OpDef, 'exec' | 'fast'> {
  return fastPaths((t, decline) => fastSingle(t, size, load, 'reg', decline), generalPath);
}

export const MEM_OPS: readonly OpDef[] = [
  { name: 'LDRX_UI', what: 'LDR (immediate, unsigned offset), 64-bit', fields: { d: 'Xt', n: BASE, imm: 'offset', fl: K }, exec: (t) => fastSingle(t, 8, true) },
  { name: 'LDRW_UI', what: 'LDR (immediate, unsigned offset), 32-bit', fields: { d: 'Wt', n: BASE, imm: 'offset', fl: K }, exec: (t) => fastSingle(t, 4, true) },
  { name: 'LDRB_UI', what: 'LDRB (immediate, unsigned offset)', fields: { d: 'Wt', n: BASE, imm: 'offset', fl: K }, exec: (t) => fastSingle(t, 1, true) },
  { name: 'STRX_UI', what: 'STR (immediate, unsigned offset), 64-bit', fields: { d: 'Xt', n: BASE, imm: 'offset', fl: K }, exec: (t) => fastSingle(t, 8, false) },
  { name: 'STRW_UI', what: 'STR (immediate, unsigned offset), 32-bit', fields: { d: 'Wt', n: BASE, imm: 'offset', fl: K }, exec: (t) => fastSingle(t, 4, false) },
  { name: 'STRB_UI', what: 'STRB (immediate, unsigned offset)', fields: { d: 'Wt', n: BASE, imm: 'offset', fl: K }, exec: (t) => fastSingle(t, 1, false) },
  { name: 'LDRX_R', what: 'LDR (register), 64-bit', fields: { d: 'Xt', n: BASE, m: 'Xm', imm3: EXT, fl: K }, ...regOffsetOp(8, true) },
  { name: 'LDRW_R', what: 'LDR (register), 32-bit', fields: { d: 'Wt', n: BASE, m: 'Xm', imm3: EXT, fl: K }, ...regOffsetOp(4, true) },
  { name: 'LDRB_R', what: 'LDRB (register)', fields: { d: 'Wt', n: BASE, m: 'Xm', imm3: EXT, fl: K }, ...regOffsetOp(1, true) },
  { name: 'STRX_R', what: 'STR (register), 64-bit', fields: { d: 'Xt', n: BASE, m: 'Xm', imm3: EXT, fl: K }, ...regOffsetOp(8, false) },
  { name: 'STRW_R', what: 'STR (register), 32-bit', fields: { d: 'Wt', n: BASE, m: 'Xm', imm3: EXT, fl: K }, ...regOffsetOp(4, false) },
  { name: 'STRB_R', what: 'STRB (register)', fields: { d: 'Wt', n: BASE, m: 'Xm', imm3: EXT, fl: K }, ...regOffsetOp(1, false) },
  {
    name: 'LDST', what: 'every other single-register load/store: LDR/STR/LDUR/STUR/LDTR/STTR{B,H,SB,SH,SW}, pre/post-index, register offset, LDAR/STLR, PRFM',
    fields: { d: 'Xt', n: BASE, m: 'Xm (register offset)', imm: 'offset', imm2: 'mode (M_OFF, M_POST, M_PRE, M_REG)', imm3: 'extend option << 8 | shift', fl: K },
    ...fastPaths(ldstFast, generalPath),
  },
  { name: 'LDLIT', what: 'LDR (literal), LDRSW (literal), PRFM (literal)', fields: { d: 'Xt', imm: 'offset from this instruction', fl: K }, exec: (t) => t.mem() },
  {
    name: 'LDSTP', what: 'LDP, STP, LDPSW, LDNP, STNP', fields: { d: 'Xt1', n: BASE, m: 'Xt2', imm: 'offset (scaled)', imm2: 'mode (M_OFF, M_POST, M_PRE)', fl: K },
    exec: (t) => pair(t),
  },
  { name: 'LDX', what: 'LDXR, LDAXR, LDXP, LDAXP', fields: { d: 'Xt1', n: BASE, m: 'Xt2', fl: K }, exec: (t) => t.mem() },
  { name: 'STX', what: 'STXR, STLXR, STXP, STLXP', fields: { d: 'Xt1', n: BASE, m: 'Xt2', imm3: 'Ws (status)', fl: K }, exec: (t) => t.mem() },
];


