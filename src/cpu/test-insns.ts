/**
 * Test support: random A64 integer instructions (fast-check arbitraries) for the differential tests
 * of the execution tiers (jit.test.ts, wasm-tier.test.ts). Registers x0..x26 only: the programs keep
 * their own state in x27 (a data pointer into RAM) and x28 (the loop counter).
 */
import fc from 'fast-check';

export const reg = fc.integer({ min: 0, max: 26 });
export const insn = fc.oneof(
  // ADD/SUB/ADDS/SUBS (shifted register)
  fc.tuple(fc.nat(1), fc.nat(1), fc.nat(1), fc.nat(2), reg, fc.nat(63), reg, reg).map(([sf, op, s, sh, rm, a, rn, rd]) =>
    0x0b000000 | (sf << 31) | (op << 30) | (s << 29) | (sh << 22) | (rm << 16) | ((sf ? a : a & 31) << 10) | (rn << 5) | rd),
  // AND/ORR/EOR/ANDS (+N forms), shifted register
  fc.tuple(fc.nat(1), fc.nat(3), fc.nat(3), fc.nat(1), reg, fc.nat(63), reg, reg).map(([sf, opc, sh, nb, rm, a, rn, rd]) =>
    0x0a000000 | (sf << 31) | (opc << 29) | (sh << 22) | (nb << 21) | (rm << 16) | ((sf ? a : a & 31) << 10) | (rn << 5) | rd),
  // ADD/SUB(S) immediate
  fc.tuple(fc.nat(1), fc.nat(1), fc.nat(1), fc.nat(1), fc.nat(4095), reg, reg).map(([sf, op, s, sh, imm, rn, rd]) =>
    0x11000000 | (sf << 31) | (op << 30) | (s << 29) | (sh << 22) | (imm << 10) | (rn << 5) | rd),
  // MOVN/MOVZ/MOVK
  fc.tuple(fc.nat(1), fc.constantFrom(0, 2, 3), fc.nat(3), fc.nat(0xffff), reg).map(([sf, opc, hw, imm, rd]) =>
    0x12800000 | (sf << 31) | (opc << 29) | ((sf ? hw : hw & 1) << 21) | (imm << 5) | rd),
  // CSEL/CSINC/CSINV/CSNEG
  fc.tuple(fc.nat(1), fc.nat(1), reg, fc.nat(15), fc.nat(1), reg, reg).map(([sf, op, rm, cond, o2, rn, rd]) =>
    0x1a800000 | (sf << 31) | (op << 30) | (rm << 16) | (cond << 12) | (o2 << 10) | (rn << 5) | rd),
  // UBFM/SBFM (LSL/LSR/ASR/UBFX/SBFIZ...)
  fc.tuple(fc.nat(1), fc.constantFrom(0, 2), fc.nat(63), fc.nat(63), reg, reg).map(([sf, opc, r, s, rn, rd]) =>
    0x13000000 | (sf << 31) | (opc << 29) | (sf << 22) | ((sf ? r : r & 31) << 16) | ((sf ? s : s & 31) << 10) | (rn << 5) | rd),
  // MUL (32-bit)
  fc.tuple(reg, reg, reg).map(([rm, rn, rd]) => 0x1b007c00 | (rm << 16) | (rn << 5) | rd),
  // LDP/STP X at [x27, #imm] (signed offset form)
  fc.tuple(fc.constantFrom(0xa9000000, 0xa9400000), fc.nat(15), reg, reg)
    .filter(([, , a, b]) => a !== b)
    .map(([base, k, rt, rt2]) => base | (k << 15) | (rt2 << 10) | (27 << 5) | rt),
  // LDR/STR X, W, B at [x27, #imm]
  fc.tuple(fc.constantFrom(0xf9000000, 0xf9400000, 0xb9000000, 0xb9400000, 0x39000000, 0x39400000), fc.nat(15), reg)
    .map(([base, k, rt]) => base | (k << 10) | (27 << 5) | rt),
  // LDR/STR X, W, B at [x27, x28 (the loop counter), LSL/UXTW/SXTW/SXTX #size] (aligned: MMU off is Device memory)
  fc.tuple(fc.constantFrom(0xf8200800, 0xf8600800, 0xb8200800, 0xb8600800, 0x38200800, 0x38600800), fc.constantFrom(2, 3, 6, 7), reg)
    .map(([base, opt, rt]) => base | (28 << 16) | (opt << 13) | (1 << 12) | (27 << 5) | rt),
  // ADR/ADRP, any offset
  fc.tuple(fc.nat(1), fc.nat(3), fc.nat(0x7ffff), reg).map(([op, lo, hi, rd]) => 0x10000000 | (op << 31) | (lo << 29) | (hi << 5) | rd),
  // EXTR/ROR, BFM (BFI, BFXIL)
  fc.tuple(fc.nat(1), reg, fc.nat(63), reg, reg).map(([sf, rm, imms, rn, rd]) =>
    0x13800000 | (sf << 31) | (sf << 22) | (rm << 16) | ((sf ? imms : imms & 31) << 10) | (rn << 5) | rd),
  fc.tuple(fc.nat(1), fc.nat(63), fc.nat(63), reg, reg).map(([sf, r, sv, rn, rd]) =>
    0x33000000 | (sf << 31) | (sf << 22) | ((sf ? r : r & 31) << 16) | ((sf ? sv : sv & 31) << 10) | (rn << 5) | rd),
  // ADC/ADCS/SBC/SBCS
  fc.tuple(fc.nat(1), fc.nat(1), fc.nat(1), reg, reg, reg).map(([sf, op, s, rm, rn, rd]) =>
    0x1a000000 | (sf << 31) | (op << 30) | (s << 29) | (rm << 16) | (rn << 5) | rd),
  // CCMP/CCMN, register and immediate
  fc.tuple(fc.nat(1), fc.nat(1), reg, fc.nat(15), fc.nat(1), reg, fc.nat(15)).map(([sf, op, rm, cond, imm, rn, nzcv]) =>
    0x3a400000 | (sf << 31) | (op << 30) | (rm << 16) | (cond << 12) | (imm << 11) | (rn << 5) | nzcv),
  // ADD/SUB(S) extended register
  fc.tuple(fc.nat(1), fc.nat(1), fc.nat(1), reg, fc.nat(7), fc.nat(4), reg, reg).map(([sf, op, s, rm, opt, a, rn, rd]) =>
    0x0b200000 | (sf << 31) | (op << 30) | (s << 29) | (rm << 16) | (opt << 13) | (a << 10) | (rn << 5) | rd),
  // RBIT/REV16/REV32/REV/CLZ/CLS
  fc.tuple(fc.nat(1), fc.nat(5), reg, reg).filter(([sf, o]) => sf === 1 || o !== 3).map(([sf, o, rn, rd]) =>
    0x5ac00000 | (sf << 31) | (o << 10) | (rn << 5) | rd),
  // UDIV/SDIV/LSLV/LSRV/ASRV/RORV
  fc.tuple(fc.nat(1), reg, fc.constantFrom(2, 3, 8, 9, 10, 11), reg, reg).map(([sf, rm, o, rn, rd]) =>
    0x1ac00000 | (sf << 31) | (rm << 16) | (o << 10) | (rn << 5) | rd),
  // CRC32/CRC32C
  fc.tuple(fc.nat(3), fc.nat(1), reg, reg, reg).map(([sz, c, rm, rn, rd]) =>
    0x1ac04000 | ((sz === 3 ? 1 : 0) << 31) | (rm << 16) | (c << 12) | (sz << 10) | (rn << 5) | rd),
  // MADD/MSUB, SMADDL/UMSUBL..., SMULH/UMULH
  fc.tuple(fc.nat(1), reg, fc.nat(1), reg, reg, reg).map(([sf, rm, o0, ra, rn, rd]) =>
    0x1b000000 | (sf << 31) | (rm << 16) | (o0 << 15) | (ra << 10) | (rn << 5) | rd),
  fc.tuple(fc.nat(1), reg, fc.nat(1), reg, reg, reg).map(([u, rm, o0, ra, rn, rd]) =>
    0x9b200000 | (u << 23) | (rm << 16) | (o0 << 15) | (ra << 10) | (rn << 5) | rd),
  fc.tuple(fc.nat(1), reg, reg, reg).map(([u, rm, rn, rd]) => 0x9b407c00 | (u << 23) | (rm << 16) | (rn << 5) | rd),
);

/**
 * More load/store forms at x27: pre- and post-index of every size (sign-extending loads included),
 * halfword and sign-extending loads with an unsigned offset, 32-bit pairs and LDPSW in all three modes,
 * LDAR/STLR of every size, PRFM (immediate, unscaled, register).
 */
export const ldstMore = fc.oneof(
  // LDR/STR/LDRS* (immediate, pre- and post-index): size, opc, imm9
  // (imm9 a multiple of the size: with the MMU off RAM is Device memory, where unaligned accesses fault)
  fc.tuple(fc.nat(3), fc.nat(3), fc.integer({ min: -32, max: 31 }), fc.boolean(), reg)
    .filter(([size, opc]) => !(size === 3 && opc >= 2) && !(size === 2 && opc === 3))
    .map(([size, opc, k, pre, rt]) => 0x38000400 | (size << 30) | (opc << 22) | (((k << size) & 0x1ff) << 12) | (pre ? 0x800 : 0) | (27 << 5) | rt),
  // STRH/LDRH/LDRSB/LDRSH/LDRSW (unsigned offset)
  fc.tuple(fc.constantFrom(0x79000000, 0x79400000, 0x39800000, 0x39c00000, 0x79800000, 0x79c00000, 0xb9800000), fc.nat(15), reg)
    .map(([base, k, rt]) => base | (k << 10) | (27 << 5) | rt),
  // STP/LDP W, LDPSW: offset, pre- and post-index
  fc.tuple(fc.constantFrom(0x29000000, 0x29400000, 0x69400000), fc.constantFrom(0, 0x00800000, -0x00800000), fc.integer({ min: -16, max: 15 }), reg, reg)
    .filter(([, , , a, b]) => a !== b)
    .map(([base, mode, k, rt, rt2]) => (base + mode) | ((k & 0x7f) << 15) | (rt2 << 10) | (27 << 5) | rt),
  // LDAR/STLR: size, load
  fc.tuple(fc.nat(3), fc.boolean(), reg).map(([size, load, rt]) => ((load ? 0x08dffc00 : 0x089ffc00) | (size << 30) | (27 << 5) | rt) >>> 0),
  // PRFM (immediate), PRFUM, PRFM (register): prfop, form
  fc.tuple(fc.nat(4095), fc.integer({ min: -256, max: 255 }), reg, fc.constantFrom(2, 3, 6, 7), fc.nat(1), fc.nat(31), fc.nat(2))
    .map(([imm12, imm9, rm, option, s, op, form]) => (form === 0
      ? 0xf9800000 | (imm12 << 10) | (27 << 5) | op
      : form === 1 ? 0xf8800000 | ((imm9 & 0x1ff) << 12) | (27 << 5) | op
        : 0xf8a00800 | (rm << 16) | (option << 13) | (s << 12) | (27 << 5) | op) >>> 0),
);
