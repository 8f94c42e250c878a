/**
 * SIMD&FP loads and stores (Arm ARM C4.1.89, V = 1): LDR/STR of B, H, S, D, Q in every addressing form
 * (unsigned offset, unscaled, pre/post-index, register offset, literal), LDP/STP/LDNP/STNP of S, D, Q,
 * and the AdvSIMD structure loads and stores LD1-LD4/ST1-ST4 (multiple structures, single structure,
 * LD1R-LD4R), with and without post-index.
 *
 * `planLdSt` decodes one instruction word against the current registers into a transfer plan: one
 * access of `total` bytes at an address, a list of element copies between that access's bytes and
 * register bytes, which registers are zeroed first, and the base register's writeback. The CPU checks
 * the access whole (alignment, stage 2, watchpoints) before any effect, then runs the plan.
 */
import type { FpSimdState } from './state.ts';

/** The plan of the last `planLdSt`. */
export const plan = {
  load: false,
  /** Address as int32 halves. */
  alo: 0, ahi: 0,
  total: 0,
  /** Required alignment of the address (the element size). */
  align: 1,
  /** Base is SP (SP alignment check applies). */
  spBase: false,
  /** Element copies: register, byte offset in it, bytes, byte offset in the access. */
  n: 0,
  reg: new Int32Array(64),
  lane: new Int32Array(64),
  bytes: new Int32Array(64),
  mem: new Int32Array(64),
  /** Registers zeroed before a load (bit r), and registers whose bits 127:64 are zeroed after it. */
  zero: 0,
  zeroHigh: 0,
  /** LDnR: after the load, each loaded register's element 0 is copied to every lane of `repBytes` size. */
  repBytes: 0,
  repQ: 0,
  /** Writeback: register offset (-1 none) and value. */
  wb: -1, wlo: 0, whi: 0,
};

const xoff = (r: number): number => (r === 31 ? 62 : r * 2);
const baseOff = (r: number): number => (r === 31 ? 66 : r * 2); // SP slot (regs.ts SLOT_SP)

function add(e: number, reg: number, lane: number, bytes: number, mem: number): number {
  plan.reg[e] = reg; plan.lane[e] = lane; plan.bytes[e] = bytes; plan.mem[e] = mem;
  return e + 1;
}

/** Sets plan.alo/ahi = base + off (off a double, |off| < 2^53). */
function setAddr(blo: number, bhi: number, off: number): void {
  const l = (blo >>> 0) + off;
  const carry = Math.floor(l / 4294967296);
  plan.alo = l | 0;
  plan.ahi = (bhi + carry) | 0;
}

function setWb(n: number, blo: number, bhi: number, off: number): void {
  const l = (blo >>> 0) + off;
  const carry = Math.floor(l / 4294967296);
  plan.wb = baseOff(n); plan.wlo = l | 0; plan.whi = (bhi + carry) | 0;
}

/** Writeback of base + Xm (a full 64-bit register offset). */
function setWbReg(n: number, blo: number, bhi: number, mlo: number, mhi: number): void {
  const l = (blo >>> 0) + (mlo >>> 0);
  plan.wb = baseOff(n); plan.wlo = l | 0; plan.whi = (bhi + mhi + (l > 0xffffffff ? 1 : 0)) | 0;
}

/** One whole-register scalar transfer of `size` bytes (1..16) into or out of Vt. */
function scalar(t: number, size: number): void {
  plan.n = add(0, t, 0, size, 0);
  plan.total = size;
  plan.align = size;
  if (plan.load) plan.zero = 1 << t;
}

/** The extended, shifted register offset of the register-offset forms. */
function regOffset(x: Int32Array, m: number, option: number, shift: number): number {
  let v: number;
  const lo = x[xoff(m)], hi = x[xoff(m) + 1];
  switch (option) {
    case 2: v = lo >>> 0; break; // UXTW
    case 3: v = hi * 4294967296 + (lo >>> 0); break; // LSL (UXTX)
    case 6: v = lo; break; // SXTW
    case 7: v = hi * 4294967296 + (lo >>> 0); break; // SXTX
    default: return NaN;
  }
  return v * 2 ** shift;
}

/**
 * Decodes the SIMD&FP load/store `w` at `pc` into `plan`. False when UNDEFINED (no state changed).
 */
export function planLdSt(s: FpSimdState, w: number, pc: number): boolean {
  const x = s.x;
  plan.n = 0; plan.zero = 0; plan.zeroHigh = 0; plan.repBytes = 0; plan.wb = -1; plan.spBase = false;
  const t = w & 31, n = (w >>> 5) & 31;
  if ((w & 0x3f000000) === 0x1c000000) { // LDR (literal)
    const opc = w >>> 30;
    if (opc === 3) return false;
    plan.load = true;
    const off = ((w << 8) >> 13) * 4;
    setAddr(pc | 0, Math.floor(pc / 4294967296), off);
    scalar(t, 4 << opc);
    return true;
  }
  if ((w & 0x3e000000) === 0x2c000000) { // load/store pair
    const opc = w >>> 30, type = (w >>> 23) & 3, L = (w >>> 22) & 1, t2 = (w >>> 10) & 31;
    if (opc === 3) return false;
    const size = 4 << opc;
    const imm = ((w << 10) >> 25) * size;
    plan.load = L === 1;
    if (plan.load && t === t2) return false; // CONSTRAINED UNPREDICTABLE: UNDEFINED
    const b = baseOff(n), blo = x[b], bhi = x[b + 1];
    plan.spBase = n === 31;
    setAddr(blo, bhi, type === 1 ? 0 : imm); // post-index uses the base
    if (type === 1 || type === 3) setWb(n, blo, bhi, imm);
    plan.n = add(add(0, t, 0, size, 0), t2, 0, size, size);
    plan.total = 2 * size;
    plan.align = size;
    if (plan.load) plan.zero = (1 << t) | (1 << t2);
    return true;
  }
  if ((w & 0x3f000000) === 0x3d000000 || (w & 0x3f200000) === 0x3c000000 || (w & 0x3f200c00) === 0x3c200800) { // single register
    const size2 = w >>> 30, opc = (w >>> 22) & 3;
    const q = (opc & 2) !== 0;
    if (q && size2 !== 0) return false;
    const lg = q ? 4 : size2, size = 1 << lg;
    plan.load = (opc & 1) === 1;
    const b = baseOff(n), blo = x[b], bhi = x[b + 1];
    plan.spBase = n === 31;
    if ((w & 0x3f000000) === 0x3d000000) { // unsigned offset
      setAddr(blo, bhi, ((w >>> 10) & 0xfff) * size);
    } else if ((w & 0x00200000) === 0) { // unscaled, post, pre (bits 11:10 = 00, 01, 11)
      const mode = (w >>> 10) & 3;
      if (mode === 2) return false; // unprivileged forms do not exist for SIMD&FP
      const imm = (w << 11) >> 23;
      setAddr(blo, bhi, mode === 1 ? 0 : imm);
      if (mode !== 0) setWb(n, blo, bhi, imm);
    } else { // register offset
      const m = (w >>> 16) & 31, option = (w >>> 13) & 7, S = (w >>> 12) & 1;
      const off = regOffset(x, m, option, S ? lg : 0);
      if (Number.isNaN(off)) return false;
      setAddr(blo, bhi, off);
    }
    scalar(t, size);
    return true;
  }
  if ((w & 0xbf200000) === 0x0c000000) { // AdvSIMD load/store multiple structures
    const q = (w >>> 30) & 1, L = (w >>> 22) & 1, post = (w >>> 23) & 1, opcode = (w >>> 12) & 15, size = (w >>> 10) & 3;
    if (!post && ((w >>> 16) & 31) !== 0) return false;
    let rpt: number, selem: number;
    switch (opcode) {
      case 0: rpt = 1; selem = 4; break;
      case 2: rpt = 4; selem = 1; break;
      case 4: rpt = 1; selem = 3; break;
      case 6: rpt = 3; selem = 1; break;
      case 7: rpt = 1; selem = 1; break;
      case 8: rpt = 1; selem = 2; break;
      case 10: rpt = 2; selem = 1; break;
      default: return false;
    }
    if (size === 3 && q === 0 && selem !== 1) return false;
    plan.load = L === 1;
    const ebytes = 1 << size, elements = (q ? 16 : 8) / ebytes;
    const b = baseOff(n), blo = x[b], bhi = x[b + 1];
    plan.spBase = n === 31;
    setAddr(blo, bhi, 0);
    let k = 0, off = 0;
    for (let r = 0; r < rpt; r++) {
      for (let e = 0; e < elements; e++) {
        for (let s2 = 0; s2 < selem; s2++) {
          const reg = (t + r + s2) & 31;
          k = add(k, reg, e * ebytes, ebytes, off);
          off += ebytes;
        }
      }
    }
    plan.n = k; plan.total = off; plan.align = ebytes;
    if (plan.load && !q) for (let r = 0; r < rpt * selem; r++) plan.zeroHigh |= 1 << ((t + r) & 31);
    if (post) {
      const m = (w >>> 16) & 31;
      if (m === 31) setWb(n, blo, bhi, off); else setWbReg(n, blo, bhi, x[xoff(m)], x[xoff(m) + 1]);
    }
    return true;
  }
  if ((w & 0xbf000000) === 0x0d000000) { // AdvSIMD load/store single structure
    const q = (w >>> 30) & 1, L = (w >>> 22) & 1, post = (w >>> 23) & 1, R = (w >>> 21) & 1;
    const opcode = (w >>> 13) & 7, S = (w >>> 12) & 1, size = (w >>> 10) & 3;
    if (!post && ((w >>> 16) & 31) !== 0) return false;
    const selem = (((opcode & 1) << 1) | R) + 1;
    let scale = opcode >> 1, index: number;
    let replicate = false;
    switch (scale) {
      case 3:
        if (!L || S) return false;
        scale = size; replicate = true; index = 0; break;
      case 0: index = (q << 3) | (S << 2) | size; break;
      case 1: if (size & 1) return false; index = (q << 2) | (S << 1) | (size >> 1); break;
      default:
        if (size & 2) return false;
        if ((size & 1) === 0) index = (q << 1) | S;
        else { if (S) return false; index = q; scale = 3; }
        break;
    }
    plan.load = L === 1;
    const ebytes = 1 << scale;
    const b = baseOff(n), blo = x[b], bhi = x[b + 1];
    plan.spBase = n === 31;
    setAddr(blo, bhi, 0);
    let k = 0, off = 0;
    for (let s2 = 0; s2 < selem; s2++) {
      const reg = (t + s2) & 31;
      k = add(k, reg, replicate ? 0 : index * ebytes, ebytes, off);
      off += ebytes;
      if (replicate) plan.zero |= 1 << reg;
    }
    plan.n = k; plan.total = off; plan.align = ebytes;
    if (replicate) { plan.repBytes = ebytes; plan.repQ = q; }
    if (post) {
      const m = (w >>> 16) & 31;
      if (m === 31) setWb(n, blo, bhi, off); else setWbReg(n, blo, bhi, x[xoff(m)], x[xoff(m) + 1]);
    }
    return true;
  }
  return false;
}

/** After the loads of an LDnR plan: element 0 of each loaded register copied to every lane. */
export function replicate(s: FpSimdState): void {
  const eb = plan.repBytes, vb = s.vb, lanes = (plan.repQ ? 16 : 8) / eb;
  for (let k = 0; k < plan.n; k++) {
    const base = plan.reg[k] * 16;
    for (let e = 1; e < lanes; e++) for (let j = 0; j < eb; j++) vb[base + e * eb + j] = vb[base + j];
  }
}
