/**
 * Random valid A64 integer instructions, encoded from the field layouts of the Arm ARM (DDI 0487,
 * C4.1 "A64 instruction set encoding": data processing immediate / register, loads and stores,
 * branches). Only encodings with fully defined behaviour are produced: reserved field values,
 * UNPREDICTABLE register overlaps (write-back with Rt == Rn, LDP with Rt == Rt2, STXR status == Rt/Rn)
 * and unaligned accesses are avoided, so QEMU and kvmdbg must agree on every result.
 *
 * Conventions of the generated code: x28 holds the middle of a scratch buffer and x27 may count loop
 * iterations; neither is ever written;
 * memory operations address the buffer through x28 or through a register set from x28 just before
 * (the two instructions form one group, and forward branches only land on group boundaries).
 */
import type { Rng } from './rng.ts';

/** Register holding SCRATCH_MIDDLE; never a destination. */
export const BASE_REG = 28;
/** Register counting the iterations of a looped sequence; never a destination. */
export const LOOP_REG = 27;

export type Group = number[];

const u = (x: number): number => x >>> 0;

function dst(r: Rng, allowZr = true): number {
  for (;;) {
    const n = r.int(allowZr ? 32 : 31);
    if (n !== BASE_REG && n !== LOOP_REG) return n;
  }
}
function src(r: Rng): number {
  return r.int(32); // 31 = XZR/WZR in these fields
}

/** Logical-immediate (N, immr, imms) for a valid bitmask of the given width (Arm ARM DecodeBitMasks). */
function bitmaskFields(r: Rng, sf: number): { n: number; immr: number; imms: number } {
  const sizes = sf ? [2, 4, 8, 16, 32, 64] : [2, 4, 8, 16, 32];
  const e = r.pick(sizes);
  const ones = r.range(1, e - 1);
  const rot = r.int(e);
  const log2 = Math.log2(e);
  const imms = ((0x3f << (log2 + 1)) & 0x3f) | (ones - 1);
  return { n: e === 64 ? 1 : 0, immr: rot, imms };
}

const dataProcessing: ((r: Rng) => number)[] = [
  // ADD/ADDS/SUB/SUBS (immediate); Rn = 31 is SP; Rd = 31 is SP unless flags are set
  (r) => {
    const sf = r.int(2), op = r.int(2), s = r.int(2);
    const rd = s ? dst(r) : dst(r, r.int(8) === 0);
    return u((sf << 31) | (op << 30) | (s << 29) | 0x11000000 | (r.int(2) << 22) | (r.int(4096) << 10) | (r.int(32) << 5) | rd);
  },
  // AND/ORR/EOR/ANDS (immediate); Rd = 31 is SP for the non-flag forms, so only ANDS may target it
  (r) => {
    const sf = r.int(2), opc = r.int(4);
    const { n, immr, imms } = bitmaskFields(r, sf);
    const rd = opc === 3 ? dst(r) : dst(r, false);
    return u((sf << 31) | (opc << 29) | 0x12000000 | (n << 22) | (immr << 16) | (imms << 10) | (src(r) << 5) | rd);
  },
  // MOVN/MOVZ/MOVK
  (r) => {
    const sf = r.int(2);
    const opc = r.pick([0, 2, 3]);
    const hw = r.int(sf ? 4 : 2);
    return u((sf << 31) | (opc << 29) | 0x12800000 | (hw << 21) | (r.int(65536) << 5) | dst(r));
  },
  // SBFM/BFM/UBFM
  (r) => {
    const sf = r.int(2), opc = r.int(3), w = sf ? 64 : 32;
    return u((sf << 31) | (opc << 29) | 0x13000000 | (sf << 22) | (r.int(w) << 16) | (r.int(w) << 10) | (src(r) << 5) | dst(r));
  },
  // EXTR
  (r) => {
    const sf = r.int(2);
    return u((sf << 31) | 0x13800000 | (sf << 22) | (src(r) << 16) | (r.int(sf ? 64 : 32) << 10) | (src(r) << 5) | dst(r));
  },
  // ADR/ADRP
  (r) => {
    const imm = r.int(1 << 21);
    return u((r.int(2) << 31) | ((imm & 3) << 29) | 0x10000000 | ((imm >> 2) << 5) | dst(r));
  },
  // logical (shifted register), shift type includes ROR
  (r) => {
    const sf = r.int(2);
    return u((sf << 31) | (r.int(4) << 29) | 0x0a000000 | (r.int(4) << 22) | (r.int(2) << 21) | (src(r) << 16) |
      (r.int(sf ? 64 : 32) << 10) | (src(r) << 5) | dst(r));
  },
  // ADD/SUB(S) (shifted register): LSL/LSR/ASR
  (r) => {
    const sf = r.int(2);
    return u((sf << 31) | (r.int(2) << 30) | (r.int(2) << 29) | 0x0b000000 | (r.int(3) << 22) | (src(r) << 16) |
      (r.int(sf ? 64 : 32) << 10) | (src(r) << 5) | dst(r));
  },
  // ADD/SUB(S) (extended register); Rn = 31 is SP, Rd = 31 is SP unless flags are set
  (r) => {
    const sf = r.int(2), s = r.int(2);
    const rd = s ? dst(r) : dst(r, r.int(8) === 0);
    return u((sf << 31) | (r.int(2) << 30) | (s << 29) | 0x0b200000 | (src(r) << 16) | (r.int(8) << 13) |
      (r.int(5) << 10) | (r.int(32) << 5) | rd);
  },
  // ADC/ADCS/SBC/SBCS
  (r) => u((r.int(2) << 31) | (r.int(2) << 30) | (r.int(2) << 29) | 0x1a000000 | (src(r) << 16) | (src(r) << 5) | dst(r)),
  // CCMN/CCMP (register and immediate)
  (r) => u((r.int(2) << 31) | (r.int(2) << 30) | 0x3a400000 | (r.int(32) << 16) | (r.int(16) << 12) |
    (r.int(2) << 11) | (src(r) << 5) | r.int(16)),
  // CSEL/CSINC/CSINV/CSNEG
  (r) => u((r.int(2) << 31) | (r.int(2) << 30) | 0x1a800000 | (src(r) << 16) | (r.int(16) << 12) | (r.int(2) << 10) |
    (src(r) << 5) | dst(r)),
  // UDIV/SDIV/LSLV/LSRV/ASRV/RORV
  (r) => u((r.int(2) << 31) | 0x1ac00000 | (src(r) << 16) | (r.pick([2, 3, 8, 9, 10, 11]) << 10) | (src(r) << 5) | dst(r)),
  // RBIT/REV16/REV/REV32/CLZ/CLS
  (r) => {
    const sf = r.int(2);
    const opcode = r.pick(sf ? [0, 1, 2, 3, 4, 5] : [0, 1, 2, 4, 5]);
    return u((sf << 31) | 0x5ac00000 | (opcode << 10) | (src(r) << 5) | dst(r));
  },
  // MADD/MSUB, SMADDL/SMSUBL/UMADDL/UMSUBL, SMULH/UMULH
  (r) => {
    const kind = r.int(4);
    if (kind === 0) {
      return u((r.int(2) << 31) | 0x1b000000 | (src(r) << 16) | (r.int(2) << 15) | (src(r) << 10) | (src(r) << 5) | dst(r));
    }
    if (kind === 1 || kind === 2) {
      const op31 = kind === 1 ? 1 : 5;
      return u(0x9b000000 | (op31 << 21) | (src(r) << 16) | (r.int(2) << 15) | (src(r) << 10) | (src(r) << 5) | dst(r));
    }
    return u(0x9b000000 | (r.pick([2, 6]) << 21) | (src(r) << 16) | (31 << 10) | (src(r) << 5) | dst(r));
  },
];

/** Size (log2 bytes) and opc pairs for single-register loads/stores with defined behaviour. */
const LDST_FORMS: readonly [size: number, opc: number][] = [
  [0, 0], [0, 1], [0, 2], [0, 3], // STRB LDRB LDRSB(x) LDRSB(w)
  [1, 0], [1, 1], [1, 2], [1, 3], // STRH LDRH LDRSH(x) LDRSH(w)
  [2, 0], [2, 1], [2, 2],         // STR(w) LDR(w) LDRSW
  [3, 0], [3, 1],                 // STR(x) LDR(x)
];

/** An aligned byte offset in [-range, range) for an access of 2^size bytes. */
function offset(r: Rng, size: number, range: number): number {
  const step = 1 << size;
  return (r.int((2 * range) / step) - range / step) * step;
}

/** `add xd, x28, #k` or `sub xd, x28, #k`. */
function setBase(rd: number, off: number): number {
  const op = off < 0 ? 1 : 0;
  return u((1 << 31) | (op << 30) | 0x11000000 | (Math.abs(off) << 10) | (BASE_REG << 5) | rd);
}

function memoryGroup(r: Rng): Group {
  const [size, opc] = r.pick(LDST_FORMS);
  const load = opc !== 0;
  const rt = load ? dst(r) : src(r);
  switch (r.int(8)) {
    case 0: { // unsigned scaled offset from x28
      const off = r.int(128) << size;
      return [u((size << 30) | 0x39000000 | (opc << 22) | ((off >> size) << 10) | (BASE_REG << 5) | rt)];
    }
    case 1: { // unscaled (LDUR/STUR), aligned
      const off = offset(r, size, 256);
      return [u((size << 30) | 0x38000000 | (opc << 22) | ((off & 0x1ff) << 12) | (BASE_REG << 5) | rt)];
    }
    case 2: { // pre/post index through another base register
      let rn = dst(r, false);
      while (rn === rt) rn = dst(r, false);
      const start = offset(r, 3, 128);
      const off = offset(r, size, 128);
      const idx = r.pick([1, 3]);
      return [setBase(rn, start), u((size << 30) | 0x38000000 | (opc << 22) | ((off & 0x1ff) << 12) | (idx << 10) | (rn << 5) | rt)];
    }
    case 3: { // register offset: LSL/UXTW/SXTW/SXTX, scaled or not
      let rm = dst(r, false);
      while (rm === rt && load) rm = dst(r, false);
      const option = r.pick([2, 3, 6, 7]);
      const s = r.int(2);
      const signed = option >= 6;
      const scale = s ? 1 : 1 << size;  // keep the byte offset a multiple of the access size
      const index = (r.int(32) - (signed ? 16 : 0)) * scale;
      const movz = index >= 0 ? u(0xd2800000 | (index << 5) | rm) : u(0x92800000 | ((-index - 1) << 5) | rm);
      return [movz, u((size << 30) | 0x38200800 | (opc << 22) | (rm << 16) | (option << 13) | (s << 12) | (BASE_REG << 5) | rt)];
    }
    case 4: { // LDP/STP/LDPSW: signed offset from x28, or pre/post index through another base
      const kind = r.int(3); // 0: 32-bit, 1: LDPSW, 2: 64-bit
      const l = kind === 1 ? 1 : r.int(2);
      const t1 = l ? dst(r) : src(r);
      let t2 = l ? dst(r) : src(r);
      while (l && t2 === t1) t2 = dst(r);
      const imm7 = r.int(32) - 16;
      const opc = kind === 0 ? 0 : kind === 1 ? 1 : 2;
      const idx = r.pick([1, 2, 3]);
      let rn = BASE_REG;
      const g: Group = [];
      if (idx !== 2) {
        do rn = dst(r, false); while (rn === t1 || rn === t2);
        g.push(setBase(rn, offset(r, 3, 128)));
      }
      g.push(u((opc << 30) | 0x28000000 | (idx << 23) | (l << 22) | ((imm7 & 0x7f) << 15) | (t2 << 10) | (rn << 5) | t1));
      return g;
    }
    case 5: { // LDXR/LDAXR then STXR/STLXR to the same address (status register distinct from data and base)
      const sz = r.int(4);
      const acq = r.int(2) << 15;
      const rn = dst(r, false);
      let t = dst(r);
      while (t === rn) t = dst(r);
      const data = src(r);
      let st = dst(r, false);
      while (st === data || st === rn) st = dst(r, false);
      return [
        setBase(rn, offset(r, 3, 128)),
        u((sz << 30) | 0x085f7c00 | acq | (rn << 5) | t),
        u((sz << 30) | 0x08007c00 | acq | (st << 16) | (rn << 5) | data),
      ];
    }
    case 6: { // LDTR/STTR (unprivileged; with the MMU off the same as LDR/STR), aligned
      const off = offset(r, size, 256);
      return [u((size << 30) | 0x38000800 | (opc << 22) | ((off & 0x1ff) << 12) | (BASE_REG << 5) | rt)];
    }
    default: { // LDAR/STLR (B/H/W/X) through another base register
      const l = r.int(2);
      let rn = dst(r, false);
      const t = l ? dst(r) : src(r);
      while (rn === t) rn = dst(r, false);
      const sz = r.int(4);
      return [setBase(rn, offset(r, 3, 128)), u((sz << 30) | (l ? 0x08dffc00 : 0x089ffc00) | (rn << 5) | t)];
    }
  }
}

/** A forward branch over `words` instructions (target = the instruction after them). */
function branch(r: Rng, words: number): number {
  const off = words + 1;
  switch (r.int(5)) {
    case 0: return u(0x54000000 | ((off & 0x7ffff) << 5) | r.int(16));
    case 1: return u((r.int(2) << 31) | 0x34000000 | (r.int(2) << 24) | ((off & 0x7ffff) << 5) | src(r));
    case 2: {
      const bit = r.int(64);
      return u(((bit >> 5) << 31) | 0x36000000 | (r.int(2) << 24) | ((bit & 31) << 19) | ((off & 0x3fff) << 5) | src(r));
    }
    case 3: return u(0x94000000 | (off & 0x3ffffff)); // BL: also writes x30
    default: return u(0x14000000 | (off & 0x3ffffff));
  }
}

/** `adr xn, <after words>` then BR/BLR/RET xn: an indirect forward jump over `words` instructions. */
function indirect(r: Rng, words: number): Group {
  const n = dst(r, false);
  const imm = (words + 2) * 4;
  const adr = u(((imm & 3) << 29) | 0x10000000 | ((imm >> 2) << 5) | n);
  return [adr, u(r.pick([0xd61f0000, 0xd63f0000, 0xd65f0000]) | (n << 5))];
}

/** NZCV reads and writes, hints and barriers. */
function misc(r: Rng): number {
  switch (r.int(4)) {
    case 0: return u(0xd53b4200 | dst(r));  // mrs xt, nzcv
    case 1: return u(0xd51b4200 | src(r));  // msr nzcv, xt
    default: return r.pick([0xd503201f /* nop */, 0xd503203f /* yield */, 0xd5033fdf /* isb */,
      0xd5033bbf /* dmb ish */, 0xd5033f9f /* dsb sy */, 0xd503305f /* clrex */]);
  }
}

type Pending = { branch: number } | { indirect: number } | { literal: number };
type Item = Group | Pending;

/**
 * A random sequence of about `n` instructions placed at `start`, as groups (a forward branch never lands
 * inside a group). Literal loads read the program's literal pool, `literalPool` (33 doublewords).
 */
export function generate(r: Rng, n: number, start: number, literalPool: number): Group[] {
  const items: Item[] = [];
  let count = 0;
  while (count < n) {
    const k = r.int(20);
    let g: Item;
    if (k < 11) g = [r.pick(dataProcessing)(r)];
    else if (k < 17) g = memoryGroup(r);
    else if (k < 18) g = { literal: r.int(33) };
    else g = [misc(r)];
    items.push(g);
    count += Array.isArray(g) ? g.length : 1;
  }
  // forward branches over 0..2 following groups; their offsets are resolved once the layout is final
  const layout: Item[] = [];
  items.forEach((g, i) => {
    const skip = Math.min(r.int(3), items.length - i);
    const k = r.int(16);
    if (k < 2) layout.push({ branch: skip });
    else if (k < 3) layout.push({ indirect: skip });
    layout.push(g);
  });
  const len = (it: Item): number => (Array.isArray(it) ? it.length : 'indirect' in it ? 2 : 1);
  const out: Group[] = [];
  let at = start;
  layout.forEach((item, i) => {
    if (Array.isArray(item)) {
      out.push(item);
    } else if ('literal' in item) {
      const rt = dst(r);
      const opc = r.int(3); // LDR Wt, LDR Xt, LDRSW (the pool is 8-byte aligned)
      const slot = literalPool + 8 * item.literal + (opc === 1 ? 0 : 4 * r.int(2));
      out.push([u((opc << 30) | 0x18000000 | ((((slot - at) >> 2) & 0x7ffff) << 5) | rt)]);
    } else {
      const skip = 'branch' in item ? item.branch : item.indirect;
      let words = 0;
      let seen = 0;
      for (let j = i + 1; j < layout.length && seen < skip; j++) {
        const g = layout[j];
        words += len(g);
        if (Array.isArray(g) || 'literal' in g) seen++;
      }
      out.push('branch' in item ? [branch(r, words)] : indirect(r, words));
    }
    at += 4 * len(item);
  });
  return out;
}
