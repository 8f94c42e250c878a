/**
 * A warm-up program: one pass over every op of the interpreter (sem/table.ts) and the variants its
 * cases branch on (32/64-bit, shifted or not, each extend, taken and untaken branches, small operands
 * and operands with bit 31 of each half set), the load/store fast paths with an X register and with SP
 * as base, the store fast paths beside code on a page holding code (x28), and the general path when
 * it completes (SP not 16-byte aligned with SCTLR_EL1.SA clear), when it takes an exception (unaligned accesses and DC ZVA: Device
 * memory with the MMU off) and when it stops at a stage-2 abort (MMIO), every size, sign extension and
 * addressing mode of the general single-register form (LDST: unscaled, pre- and post-index, register
 * offset shifted and sign-extended) on its fast path and outside the windows; exceptions taken and returned
 * from, system instructions, the SIMD&FP ops trapped (CPACR_EL1.FPEN clear), on their general path
 * (FPSR.IXC clear) and on their fast paths, and a loop through compiled blocks.
 *
 * V8 optimises the interpreter loop (exec.gen.ts) only after it has run for a while, with the type
 * feedback gathered so far; a statement first reached later (a new op, the other side of an `if`)
 * throws the optimised code away, and recompiling a function of that size costs far more than the
 * cold code it then runs: each compiled-C guest used to cause several. Running this program on a
 * private CPU when the first CPU starts a long run gives every case its feedback up front.
 *
 * Layout (RAM at 0x40000000 or WARM_UP_RAM_HIGH, 4 pages): WARM_UP at offset 0, WARM_UP_SYNC at VBAR_EL1 + 0x200 with
 * VBAR_EL1 = RAM + 0x1000 (the synchronous exception from the current EL with SP_ELx: it returns past
 * the instruction, so every SVC is followed by a NOP), data at RAM + 0x2000 (x27) and up, WARM_UP_LDST
 * (run after WARM_UP) at RAM + 0x3000, MMIO at 0x09000000 (outside RAM: the warm-up steps over each
 * access). The words of WARM_UP come from the assembler (GNU as, -march=armv8-a+crc); the program ends
 * with HVC #0. warmup.test.ts checks it runs every op.
 */
import { PAGE } from './memory.ts';

export const WARM_UP_RAM = 0x40000000;
/**
 * Where the warm-up runs a second time: an address no small integer holds, as a kernel's (TTBR1
 * addresses are large negative doubles), with bit 31 set in its low half (`lo >>> 0` is then no small
 * integer either), so the loop's arithmetic on PC and addresses has seen doubles before V8 optimises
 * it: a site that saw only small integers throws the optimised code away at the first double, and a
 * real kernel caused over ten such recompilations of the loop, each costing 0.5 to 1 s of CPU.
 * The program is position independent apart from its MMIO address.
 */
export const WARM_UP_RAM_HIGH = 0x8_c000_0000;
export const WARM_UP_PAGES = 4;
/** Offset of the exception vectors (VBAR_EL1) from WARM_UP_RAM. */
export const WARM_UP_VBAR = 0x1000;

export const WARM_UP: readonly number[] = [
  0x10000000, // adr x0, 0
  0x91400400, // add x0, x0, #0x1, lsl #12
  0xd518c000, // msr vbar_el1, x0
  0xd5033fdf, // isb
  0xd5381001, // mrs x1, sctlr_el1
  0x927cf821, // and x1, x1, #0xfffffffffffffff7
  0xd5181001, // msr sctlr_el1, x1
  0xd50342df, // msr daifset, #0x2
  0xd50342ff, // msr daifclr, #0x2
  0x10fffefb, // adr x27, 0
  0x91400b7b, // add x27, x27, #0x2, lsl #12
  0x9120037d, // add x29, x27, #0x800
  0x910003bf, // mov sp, x29
  0xd2800040, // mov x0, #0x2
  0xf100081f, // cmp x0, #0x2
  0x540000a1, // b.ne 50
  0xd28acf01, // mov x1, #0x5678
  0xf2c24681, // movk x1, #0x1234, lsl #32
  0xd28000e2, // mov x2, #0x7
  0x14000009, // b 70
  0xd2886421, // mov x1, #0x4321
  0xf2b0eca1, // movk x1, #0x8765, lsl #16
  0xf2c86421, // movk x1, #0x4321, lsl #32
  0xf2f0eca1, // movk x1, #0x8765, lsl #48
  0xd2800062, // mov x2, #0x3
  0xf2b00002, // movk x2, #0x8000, lsl #16
  0xf2dfffc2, // movk x2, #0xfffe, lsl #32
  0xf2ffffe2, // movk x2, #0xffff, lsl #48
  0xd2a24683, // mov x3, #0x12340000
  0x128000a4, // mov w4, #0xfffffffa
  0xf2f7dde3, // movk x3, #0xbeef, lsl #48
  0x72800ee4, // movk w4, #0x77
  0x90000003, // adrp x3, 0
  0x10000004, // adr x4, 0
  0x11003025, // add w5, w1, #0xc
  0x51448c26, // sub w6, w1, #0x123, lsl #12
  0x913ffc27, // add x7, x1, #0xfff
  0xd1000448, // sub x8, x2, #0x1
  0xd15ffc28, // sub x8, x1, #0x7ff, lsl #12
  0xb1000c29, // adds x9, x1, #0x3
  0x31000c4a, // adds w10, w2, #0x3
  0xf1000c2b, // subs x11, x1, #0x3
  0x7104b04c, // subs w12, w2, #0x12c
  0xb100043f, // cmn x1, #0x1
  0x7100083f, // cmp w1, #0x2
  0x92089c2d, // and x13, x1, #0xff00ff00ff00ff00
  0x121c1c4e, // and w14, w2, #0xff0
  0xb241042f, // orr x15, x1, #0x8000000000000001
  0x321e0c50, // orr w16, w2, #0x3c
  0xd2403c31, // eor x17, x1, #0xffff
  0x52000052, // eor w18, w2, #0x1
  0xf27c0c33, // ands x19, x1, #0xf0
  0x72000854, // ands w20, w2, #0x7
  0xf240001f, // tst x0, #0x1
  0x7200001f, // tst w0, #0x1
  0xd379e035, // lsl x21, x1, #7
  0x531d7056, // lsl w22, w2, #3
  0xd349fc37, // lsr x23, x1, #9
  0x53057c58, // lsr w24, w2, #5
  0x9361fc59, // asr x25, x2, #33
  0x13047c5a, // asr w26, w2, #4
  0xd3442c23, // ubfx x3, x1, #4, #8
  0x13032c45, // sbfx w5, w2, #3, #9
  0x33180c26, // bfi w6, w1, #8, #4
  0xb368ec47, // bfxil x7, x2, #40, #20
  0x53001c28, // uxtb w8, w1
  0x93407c49, // sxtw x9, w2
  0x93c2002a, // extr x10, x1, x2, #0
  0x93c2442a, // extr x10, x1, x2, #17
  0x1382002b, // extr w11, w1, w2, #0
  0x1382242b, // extr w11, w1, w2, #9
  0x8b02002c, // add x12, x1, x2
  0x8b020c2c, // add x12, x1, x2, lsl #3
  0x0b02002d, // add w13, w1, w2
  0x0b420c2d, // add w13, w1, w2, lsr #3
  0xcb02002e, // sub x14, x1, x2
  0xcb82142e, // sub x14, x1, x2, asr #5
  0x4b02002f, // sub w15, w1, w2
  0x4b02082f, // sub w15, w1, w2, lsl #2
  0xcb0203f0, // neg x16, x2
  0xab020031, // adds x17, x1, x2
  0xab020431, // adds x17, x1, x2, lsl #1
  0x2b020032, // adds w18, w1, w2
  0x2b820432, // adds w18, w1, w2, asr #1
  0xeb020033, // subs x19, x1, x2
  0xeb420833, // subs x19, x1, x2, lsr #2
  0x6b020034, // subs w20, w1, w2
  0x6b021034, // subs w20, w1, w2, lsl #4
  0xeb01003f, // cmp x1, x1
  0x6b02003f, // cmp w1, w2
  0x8a020035, // and x21, x1, x2
  0x8ac20c35, // and x21, x1, x2, ror #3
  0x8a220035, // bic x21, x1, x2
  0x0a020036, // and w22, w1, w2
  0x0a020436, // and w22, w1, w2, lsl #1
  0x0a220036, // bic w22, w1, w2
  0xaa020037, // orr x23, x1, x2
  0xaa020837, // orr x23, x1, x2, lsl #2
  0xaa220037, // orn x23, x1, x2
  0xaa0203f8, // mov x24, x2
  0xaa2203f8, // mvn x24, x2
  0x2a020039, // orr w25, w1, w2
  0x2a420839, // orr w25, w1, w2, lsr #2
  0x2a220039, // orn w25, w1, w2
  0x2a0203fa, // mov w26, w2
  0x2a2203fa, // mvn w26, w2
  0xca020023, // eor x3, x1, x2
  0xca821c23, // eor x3, x1, x2, asr #7
  0xca220023, // eon x3, x1, x2
  0x4a020025, // eor w5, w1, w2
  0x4ac21c25, // eor w5, w1, w2, ror #7
  0x4a220025, // eon w5, w1, w2
  0xea020026, // ands x6, x1, x2
  0xea021026, // ands x6, x1, x2, lsl #4
  0xea220026, // bics x6, x1, x2
  0xea01003f, // tst x1, x1
  0x6a020027, // ands w7, w1, w2
  0x6a021027, // ands w7, w1, w2, lsl #4
  0x6a220027, // bics w7, w1, w2
  0x6a02005f, // tst w2, w2
  0x8b220028, // add x8, x1, w2, uxtb
  0x8b222828, // add x8, x1, w2, uxth #2
  0x8b224428, // add x8, x1, w2, uxtw #1
  0x8b228028, // add x8, x1, w2, sxtb
  0x8b22ac28, // add x8, x1, w2, sxth #3
  0x8b22c028, // add x8, x1, w2, sxtw
  0x8b22e828, // add x8, x1, x2, sxtx #2
  0x8b2163e8, // add x8, sp, x1
  0xab224029, // adds x9, x1, w2, uxtw
  0xcb22c829, // sub x9, x1, w2, sxtw #2
  0xeb226029, // subs x9, x1, x2, uxtx
  0x0b22002a, // add w10, w1, w2, uxtb
  0x2b22a02a, // adds w10, w1, w2, sxth
  0x4b22242a, // sub w10, w1, w2, uxth #1
  0x6b22882a, // subs w10, w1, w2, sxtb #2
  0xeb22403f, // cmp x1, w2, uxtw
  0x9a02002b, // adc x11, x1, x2
  0xba02002b, // adcs x11, x1, x2
  0xda02002b, // sbc x11, x1, x2
  0xfa02002b, // sbcs x11, x1, x2
  0x1a02002c, // adc w12, w1, w2
  0x3a02002c, // adcs w12, w1, w2
  0x5a02002c, // sbc w12, w1, w2
  0x7a02002c, // sbcs w12, w1, w2
  0xeb02003f, // cmp x1, x2
  0xfa420024, // ccmp x1, x2, #0x4, eq
  0xfa421024, // ccmp x1, x2, #0x4, ne
  0xba45a822, // ccmn x1, #0x5, #0x2, ge
  0x7a42b021, // ccmp w1, w2, #0x1, lt
  0x3a438820, // ccmn w1, #0x3, #0x0, hi
  0x7a439820, // ccmp w1, #0x3, #0x0, ls
  0x9a82002d, // csel x13, x1, x2, eq
  0x9a82102d, // csel x13, x1, x2, ne
  0x9a82242d, // csinc x13, x1, x2, cs
  0x9a82342d, // csinc x13, x1, x2, cc
  0xda82402d, // csinv x13, x1, x2, mi
  0xda82502d, // csinv x13, x1, x2, pl
  0xda82642d, // csneg x13, x1, x2, vs
  0xda82742d, // csneg x13, x1, x2, vc
  0x1a82c02e, // csel w14, w1, w2, gt
  0x1a82d02e, // csel w14, w1, w2, le
  0x1a82e02e, // csel w14, w1, w2, al
  0x1a81b42e, // cinc w14, w1, ge
  0x5a81a02e, // cinv w14, w1, lt
  0x5a81942e, // cneg w14, w1, hi
  0xda81842e, // cneg x14, x1, ls
  0xdac0002f, // rbit x15, x1
  0x5ac0002f, // rbit w15, w1
  0xdac0042f, // rev16 x15, x1
  0x5ac0042f, // rev16 w15, w1
  0xdac0082f, // rev32 x15, x1
  0xdac00c2f, // rev x15, x1
  0x5ac0082f, // rev w15, w1
  0xdac0102f, // clz x15, x1
  0x5ac0102f, // clz w15, w1
  0xdac0142f, // cls x15, x1
  0x5ac0142f, // cls w15, w1
  0x9ac20830, // udiv x16, x1, x2
  0x1ac20830, // udiv w16, w1, w2
  0x9ac20c30, // sdiv x16, x1, x2
  0x1ac20c30, // sdiv w16, w1, w2
  0x9adf0830, // udiv x16, x1, xzr
  0x1adf0c30, // sdiv w16, w1, wzr
  0x9ac22030, // lsl x16, x1, x2
  0x1ac22030, // lsl w16, w1, w2
  0x9ac22430, // lsr x16, x1, x2
  0x1ac22430, // lsr w16, w1, w2
  0x9ac22830, // asr x16, x1, x2
  0x1ac22830, // asr w16, w1, w2
  0x9ac22c30, // ror x16, x1, x2
  0x1ac22c30, // ror w16, w1, w2
  0x1ac24031, // crc32b w17, w1, w2
  0x1ac24431, // crc32h w17, w1, w2
  0x1ac24831, // crc32w w17, w1, w2
  0x9ac24c31, // crc32x w17, w1, x2
  0x1ac25031, // crc32cb w17, w1, w2
  0x1ac25431, // crc32ch w17, w1, w2
  0x1ac25831, // crc32cw w17, w1, w2
  0x9ac25c31, // crc32cx w17, w1, x2
  0x9b027c32, // mul x18, x1, x2
  0x9b020c32, // madd x18, x1, x2, x3
  0x9b028c32, // msub x18, x1, x2, x3
  0x9b02fc32, // mneg x18, x1, x2
  0x1b027c32, // mul w18, w1, w2
  0x1b020c32, // madd w18, w1, w2, w3
  0x1b028c32, // msub w18, w1, w2, w3
  0x9b227c33, // smull x19, w1, w2
  0x9ba27c33, // umull x19, w1, w2
  0x9b220c33, // smaddl x19, w1, w2, x3
  0x9ba28c33, // umsubl x19, w1, w2, x3
  0x9b427c33, // smulh x19, x1, x2
  0x9bc27c33, // umulh x19, x1, x2
  0x92800001, // mov x1, #0xffffffffffffffff
  0xd2800002, // mov x2, #0x0
  0x91000427, // add x7, x1, #0x1
  0xd1000448, // sub x8, x2, #0x1
  0xb1000429, // adds x9, x1, #0x1
  0x3100042a, // adds w10, w1, #0x1
  0xf100044b, // subs x11, x2, #0x1
  0x7100044c, // subs w12, w2, #0x1
  0x9a81042d, // cinc x13, x1, ne
  0xda82044d, // cneg x13, x2, ne
  0x8b01002c, // add x12, x1, x1
  0xab010031, // adds x17, x1, x1
  0x2b010032, // adds w18, w1, w1
  0xcb01004e, // sub x14, x2, x1
  0xeb010053, // subs x19, x2, x1
  0x6b010054, // subs w20, w2, w1
  0x8b214028, // add x8, x1, w1, uxtw
  0xab214028, // adds x8, x1, w1, uxtw
  0x9a01002b, // adc x11, x1, x1
  0xda01004b, // sbc x11, x2, x1
  0xf1000400, // subs x0, x0, #0x1
  0x54ffe4a1, // b.ne 38
  0xd2800001, // mov x1, #0x0
  0xd2800022, // mov x2, #0x1
  0x14000002, // b 3b8
  0xd503201f, // nop
  0x94000002, // bl 3c0
  0x14000002, // b 3c4
  0xd65f03c0, // ret
  0x10000065, // adr x5, 3d0
  0xd63f00a0, // blr x5
  0x14000002, // b 3d4
  0xd61f03c0, // br x30
  0xb4000021, // cbz x1, 3d8
  0xb4000002, // cbz x2, 3d8
  0xb5000022, // cbnz x2, 3e0
  0xb5000001, // cbnz x1, 3e0
  0x34000021, // cbz w1, 3e8
  0x34000002, // cbz w2, 3e8
  0x35000022, // cbnz w2, 3f0
  0x35000001, // cbnz w1, 3f0
  0xb6400021, // tbz x1, #40, 3f8
  0x36000002, // tbz w2, #0, 3f8
  0x37000022, // tbnz w2, #0, 400
  0xb7f80001, // tbnz x1, #63, 400
  0xeb02003f, // cmp x1, x2
  0x54000020, // b.eq 40c
  0x54000021, // b.ne 410
  0x54000022, // b.cs 414
  0x54000023, // b.cc 418
  0x54000024, // b.mi 41c
  0x54000025, // b.pl 420
  0x54000026, // b.vs 424
  0x54000027, // b.vc 428
  0x54000028, // b.hi 42c
  0x54000029, // b.ls 430
  0x5400002a, // b.ge 434
  0x5400002b, // b.lt 438
  0x5400002c, // b.gt 43c
  0x5400002d, // b.le 440
  0x5400002e, // b.al 444
  0xd2800003, // mov x3, #0x0
  0x91000463, // add x3, x3, #0x1
  0xf9400764, // ldr x4, [x27, #8]
  0x14000001, // b 454
  0xf9000b64, // str x4, [x27, #16]
  0x14000001, // b 45c
  0x91000484, // add x4, x4, #0x1
  0x14000001, // b 464
  0xca030084, // eor x4, x4, x3
  0x14000001, // b 46c
  0xd1000884, // sub x4, x4, #0x2
  0x14000001, // b 474
  0xf100187f, // cmp x3, #0x6
  0x54fffe8b, // b.lt 448
  0xa9000b61, // stp x1, x2, [x27]
  0xa9810b61, // stp x1, x2, [x27, #16]!
  0xa8bf0b61, // stp x1, x2, [x27], #-16
  0xa9401363, // ldp x3, x4, [x27]
  0xa9c11363, // ldp x3, x4, [x27, #16]!
  0xa8ff1363, // ldp x3, x4, [x27], #-16
  0xa9010be1, // stp x1, x2, [sp, #16]
  0xa94113e3, // ldp x3, x4, [sp, #16]
  0x29810b61, // stp w1, w2, [x27, #8]!
  0x28ff1363, // ldp w3, w4, [x27], #-8
  0x69411363, // ldpsw x3, x4, [x27, #8]
  0xa8401363, // ldnp x3, x4, [x27]
  0xa8001363, // stnp x3, x4, [x27]
  0xf9400765, // ldr x5, [x27, #8]
  0xb9400b65, // ldr w5, [x27, #8]
  0x39402765, // ldrb w5, [x27, #9]
  0xf9000f65, // str x5, [x27, #24]
  0xb9001f65, // str w5, [x27, #28]
  0x39007765, // strb w5, [x27, #29]
  0xf94007e5, // ldr x5, [sp, #8]
  0xb9400be5, // ldr w5, [sp, #8]
  0x394027e5, // ldrb w5, [sp, #9]
  0xf9000fe5, // str x5, [sp, #24]
  0xb9001fe5, // str w5, [sp, #28]
  0x390077e5, // strb w5, [sp, #29]
  0xd2800106, // mov x6, #0x8
  0x128000e7, // mov w7, #0xfffffff8
  0xf8666b65, // ldr x5, [x27, x6]
  0xf8667b65, // ldr x5, [x27, x6, lsl #3]
  0xf867cba5, // ldr x5, [x29, w7, sxtw]
  0xf8665b65, // ldr x5, [x27, w6, uxtw #3]
  0xb8666b65, // ldr w5, [x27, x6]
  0xb8667b65, // ldr w5, [x27, x6, lsl #2]
  0xb867dba5, // ldr w5, [x29, w7, sxtw #2]
  0xb8664b65, // ldr w5, [x27, w6, uxtw]
  0x38666b65, // ldrb w5, [x27, x6]
  0x3867cba5, // ldrb w5, [x29, w7, sxtw]
  0x38664b65, // ldrb w5, [x27, w6, uxtw]
  0xf8267b65, // str x5, [x27, x6, lsl #3]
  0xf827dba5, // str x5, [x29, w7, sxtw #3]
  0xf8265b65, // str x5, [x27, w6, uxtw #3]
  0xb8267b65, // str w5, [x27, x6, lsl #2]
  0xb827dba5, // str w5, [x29, w7, sxtw #2]
  0xb8264b65, // str w5, [x27, w6, uxtw]
  0x38266b65, // strb w5, [x27, x6]
  0x3827cba5, // strb w5, [x29, w7, sxtw]
  0x38264b65, // strb w5, [x27, w6, uxtw]
  0xf8667be5, // ldr x5, [sp, x6, lsl #3]
  0xf8267be5, // str x5, [sp, x6, lsl #3]
  0x79400765, // ldrh w5, [x27, #2]
  0x79800765, // ldrsh x5, [x27, #2]
  0x39c00f65, // ldrsb w5, [x27, #3]
  0xb9800765, // ldrsw x5, [x27, #4]
  0xf85f8365, // ldur x5, [x27, #-8]
  0xb81fc365, // stur w5, [x27, #-4]
  0x79000f65, // strh w5, [x27, #6]
  0xf8408f65, // ldr x5, [x27, #8]!
  0xf85f8765, // ldr x5, [x27], #-8
  0xf81f8f65, // str x5, [x27, #-8]!
  0xf8008765, // str x5, [x27], #8
  0xc8dfff65, // ldar x5, [x27]
  0xc89fff65, // stlr x5, [x27]
  0x08dfff65, // ldarb w5, [x27]
  0xf9800360, // prfm pldl1keep, [x27]
  0x580014e5, // ldr x5, 818
  0x180014c5, // ldr w5, 818
  0x980014a5, // ldrsw x5, 818
  0xc85f7f65, // ldxr x5, [x27]
  0xc8067f65, // stxr w6, x5, [x27]
  0x885fff65, // ldaxr w5, [x27]
  0x8806ff65, // stlxr w6, w5, [x27]
  0xc87f1b65, // ldxp x5, x6, [x27]
  0xc8271b65, // stxp w7, x5, x6, [x27]
  0xc8067f65, // stxr w6, x5, [x27]
  0xd5033f5f, // clrex
  0xd10023ff, // sub sp, sp, #0x8
  0xd2800106, // mov x6, #0x8
  0xf9400be5, // ldr x5, [sp, #16]
  0xb94013e5, // ldr w5, [sp, #16]
  0x394043e5, // ldrb w5, [sp, #16]
  0xf9000be5, // str x5, [sp, #16]
  0xb90013e5, // str w5, [sp, #16]
  0x390043e5, // strb w5, [sp, #16]
  0xf8666be5, // ldr x5, [sp, x6]
  0xb8666be5, // ldr w5, [sp, x6]
  0x38666be5, // ldrb w5, [sp, x6]
  0xf8266be5, // str x5, [sp, x6]
  0xb8266be5, // str w5, [sp, x6]
  0x38266be5, // strb w5, [sp, x6]
  0x294113e3, // ldp w3, w4, [sp, #16]
  0x290113e3, // stp w3, w4, [sp, #16]
  0x910023ff, // add sp, sp, #0x8
  0x10002b3c, // adr x28, b50
  0xf9000385, // str x5, [x28]
  0xb9000b85, // str w5, [x28, #8]
  0x39003385, // strb w5, [x28, #12]
  0xd2800206, // mov x6, #0x10
  0xf8266b85, // str x5, [x28, x6]
  0xb8266b85, // str w5, [x28, x6]
  0x38266b85, // strb w5, [x28, x6]
  0xa9021b85, // stp x5, x6, [x28, #32]
  0x9100077a, // add x26, x27, #0x1
  0xf9400345, // ldr x5, [x26]
  0xb9400345, // ldr w5, [x26]
  0xf8666b45, // ldr x5, [x26, x6]
  0xb8666b45, // ldr w5, [x26, x6]
  0xf9000345, // str x5, [x26]
  0xb9000345, // str w5, [x26]
  0xf8266b45, // str x5, [x26, x6]
  0xb8266b45, // str w5, [x26, x6]
  0xd2a12019, // mov x25, #0x9000000
  0x29401323, // ldp w3, w4, [x25]
  0x29001323, // stp w3, w4, [x25]
  0xf8408f45, // ldr x5, [x26, #8]!
  0xc85f7f45, // ldxr x5, [x26]
  0xc8067f45, // stxr w6, x5, [x26]
  0xf9400325, // ldr x5, [x25]
  0xb9400725, // ldr w5, [x25, #4]
  0x39400725, // ldrb w5, [x25, #1]
  0xf9000325, // str x5, [x25]
  0xb9000725, // str w5, [x25, #4]
  0x39000725, // strb w5, [x25, #1]
  0xf8666b25, // ldr x5, [x25, x6]
  0xb8666b25, // ldr w5, [x25, x6]
  0x38666b25, // ldrb w5, [x25, x6]
  0xf8266b25, // str x5, [x25, x6]
  0xb8266b25, // str w5, [x25, x6]
  0x38266b25, // strb w5, [x25, x6]
  0xa9401323, // ldp x3, x4, [x25]
  0xa9001323, // stp x3, x4, [x25]
  0x79400325, // ldrh w5, [x25]
  0x79000325, // strh w5, [x25]
  0xd4000021, // svc #0x1
  0xd503201f, // nop
  0xd4200040, // brk #0x2
  0x00000003, // udf #3
  0xd53b4209, // mrs x9, nzcv
  0xd51b4209, // msr nzcv, x9
  0xd53be049, // mrs x9, cntvct_el0
  0xd5384249, // mrs x9, currentel
  0xd53b4229, // mrs x9, daif
  0xd51b4229, // msr daif, x9
  0xd538d089, // mrs x9, tpidr_el1
  0xd518d089, // msr tpidr_el1, x9
  0xd5384109, // mrs x9, sp_el0
  0xd5184109, // msr sp_el0, x9
  0xd50040bf, // msr spsel, #0x0
  0xd50041bf, // msr spsel, #0x1
  0xd50320bf, // sevl
  0xd503205f, // wfe
  0xd503209f, // sev
  0xd503205f, // wfe
  0xd503203f, // yield
  0xd503207f, // wfi
  0xd5033f9f, // dsb sy
  0xd5033bbf, // dmb ish
  0xd5033fdf, // isb
  0xd50b743b, // dc zva, x27
  0xd50b7e3b, // dc civac, x27
  0xd508751f, // ic iallu
  0xd508871f, // tlbi vmalle1
  0xd2800060, // mov x0, #0x3
  0xd2800206, // mov x6, #0x10
  0x9e670020, // fmov d0, x1
  0x1e27004a, // fmov s10, w2
  0x9e660005, // fmov x5, d0
  0x1e260145, // fmov w5, s10
  0x1e6f1001, // fmov d1, #1.500000000000000000e+00
  0x1e30100b, // fmov s11, #-2.000000000000000000e+00
  0x1e60402c, // fmov d12, d1
  0x1e20416d, // fmov s13, s11
  0x1e612802, // fadd d2, d0, d1
  0x1e613822, // fsub d2, d1, d1
  0x1e620823, // fmul d3, d1, d2
  0x1e611823, // fdiv d3, d1, d1
  0x1e618823, // fnmul d3, d1, d1
  0x1e2d2964, // fadd s4, s11, s13
  0x1e2d3964, // fsub s4, s11, s13
  0x1e2d0964, // fmul s4, s11, s13
  0x1e2d1964, // fdiv s4, s11, s13
  0x1e2d8964, // fnmul s4, s11, s13
  0x1e622020, // fcmp d1, d2
  0x1e602028, // fcmp d1, #0.0
  0x1e612030, // fcmpe d1, d1
  0x1e2d2160, // fcmp s11, s13
  0x1e202168, // fcmp s11, #0.0
  0x9e620045, // scvtf d5, x2
  0x9e780025, // fcvtzs x5, d1
  0x4f00e466, // movi v6.16b, #0x3
  0x4ea684c7, // add v7.4s, v6.4s, v6.4s
  0x4e27d4c9, // fadd v9.4s, v6.4s, v7.4s
  0x4ea7d4c9, // fsub v9.4s, v6.4s, v7.4s
  0x6e27dcc9, // fmul v9.4s, v6.4s, v7.4s
  0x6e27fcc9, // fdiv v9.4s, v6.4s, v7.4s
  0x4e67d4c9, // fadd v9.2d, v6.2d, v7.2d
  0x6ea784c9, // sub v9.4s, v6.4s, v7.4s
  0x4ea79cc9, // mul v9.4s, v6.4s, v7.4s
  0x4ea794c9, // mla v9.4s, v6.4s, v7.4s
  0x6ea794c9, // mls v9.4s, v6.4s, v7.4s
  0x4ea764c9, // smax v9.4s, v6.4s, v7.4s
  0x4ea76cc9, // smin v9.4s, v6.4s, v7.4s
  0x6ea764c9, // umax v9.4s, v6.4s, v7.4s
  0x6ea76cc9, // umin v9.4s, v6.4s, v7.4s
  0x4ea734c9, // cmgt v9.4s, v6.4s, v7.4s
  0x4ea73cc9, // cmge v9.4s, v6.4s, v7.4s
  0x6ea734c9, // cmhi v9.4s, v6.4s, v7.4s
  0x6ea73cc9, // cmhs v9.4s, v6.4s, v7.4s
  0x6ea78cc9, // cmeq v9.4s, v6.4s, v7.4s
  0x4ea78cc9, // cmtst v9.4s, v6.4s, v7.4s
  0x4e271cc9, // and v9.16b, v6.16b, v7.16b
  0x4e671cc9, // bic v9.16b, v6.16b, v7.16b
  0x4ea71cc9, // orr v9.16b, v6.16b, v7.16b
  0x4ee71cc9, // orn v9.16b, v6.16b, v7.16b
  0x6e271cc9, // eor v9.16b, v6.16b, v7.16b
  0x6e671cc9, // bsl v9.16b, v6.16b, v7.16b
  0x6ea71cc9, // bit v9.16b, v6.16b, v7.16b
  0x6ee71cc9, // bif v9.16b, v6.16b, v7.16b
  0x4f2354c9, // shl v9.4s, v6.4s, #3
  0x6f3d04c9, // ushr v9.4s, v6.4s, #3
  0x4f3d04c9, // sshr v9.4s, v6.4s, #3
  0x6f3d14c9, // usra v9.4s, v6.4s, #3
  0x4f3d14c9, // ssra v9.4s, v6.4s, #3
  0x2f10a4c9, // ushll v9.4s, v6.4h, #0
  0x0f11a4c9, // sshll v9.4s, v6.4h, #1
  0x2ea700c9, // uaddl v9.2d, v6.2s, v7.2s
  0x0ea700c9, // saddl v9.2d, v6.2s, v7.2s
  0x2ea720c9, // usubl v9.2d, v6.2s, v7.2s
  0x0ea720c9, // ssubl v9.2d, v6.2s, v7.2s
  0x2ea61129, // uaddw v9.2d, v9.2d, v6.2s
  0x0ea61129, // saddw v9.2d, v9.2d, v6.2s
  0x2ea63129, // usubw v9.2d, v9.2d, v6.2s
  0x0ea63129, // ssubw v9.2d, v9.2d, v6.2s
  0x2e67c0c9, // umull v9.4s, v6.4h, v7.4h
  0x0e67c0c9, // smull v9.4s, v6.4h, v7.4h
  0x2e6780c9, // umlal v9.4s, v6.4h, v7.4h
  0x0e6780c9, // smlal v9.4s, v6.4h, v7.4h
  0x2e67a0c9, // umlsl v9.4s, v6.4h, v7.4h
  0x0e67a0c9, // smlsl v9.4s, v6.4h, v7.4h
  0x4e8718c9, // uzp1 v9.4s, v6.4s, v7.4s
  0x4e8758c9, // uzp2 v9.4s, v6.4s, v7.4s
  0x4e8728c9, // trn1 v9.4s, v6.4s, v7.4s
  0x4e8768c9, // trn2 v9.4s, v6.4s, v7.4s
  0x4e8738c9, // zip1 v9.4s, v6.4s, v7.4s
  0x4e8778c9, // zip2 v9.4s, v6.4s, v7.4s
  0x3d800b67, // str q7, [x27, #32]
  0x3dc00b68, // ldr q8, [x27, #32]
  0x3ca66b67, // str q7, [x27, x6]
  0x3ce66b68, // ldr q8, [x27, x6]
  0x3c9f0367, // stur q7, [x27, #-16]
  0x3cdf0368, // ldur q8, [x27, #-16]
  0x3c810f67, // str q7, [x27, #16]!
  0x3cdf0768, // ldr q8, [x27], #-16
  0xad022367, // stp q7, q8, [x27, #64]
  0xad422367, // ldp q7, q8, [x27, #64]
  0xfd002361, // str d1, [x27, #64]
  0xfd402362, // ldr d2, [x27, #64]
  0xfc267b61, // str d1, [x27, x6, lsl #3]
  0xfc667b62, // ldr d2, [x27, x6, lsl #3]
  0x6d040760, // stp d0, d1, [x27, #64]
  0x6d440f62, // ldp d2, d3, [x27, #64]
  0xbd00436b, // str s11, [x27, #64]
  0xbd404369, // ldr s9, [x27, #64]
  0xbc266b6b, // str s11, [x27, x6]
  0xbc666b69, // ldr s9, [x27, x6]
  0x2d08376b, // stp s11, s13, [x27, #64]
  0x2d48376b, // ldp s11, s13, [x27, #64]
  0x3d800be7, // str q7, [sp, #32]
  0x3dc00be8, // ldr q8, [sp, #32]
  0xfd0013e1, // str d1, [sp, #32]
  0xfd4013e2, // ldr d2, [sp, #32]
  0xbd0023eb, // str s11, [sp, #32]
  0xbd4023e9, // ldr s9, [sp, #32]
  0x6d0207e0, // stp d0, d1, [sp, #32]
  0x6d420fe2, // ldp d2, d3, [sp, #32]
  0xfd000321, // str d1, [x25]
  0xfd400322, // ldr d2, [x25]
  0x1e61100e, // fmov d14, #3.000000000000000000e+00
  0x1e6e1010, // fmov d16, #1.000000000000000000e+00
  0x1e6e1a0f, // fdiv d15, d16, d14
  0xd2a00609, // mov x9, #0x300000
  0xd5181049, // msr cpacr_el1, x9
  0xd5033fdf, // isb
  0xf1000400, // subs x0, x0, #0x1
  0x54fff101, // b.ne 708
  0xd2800406, // mov x6, #0x20
  0x3d800787, // str q7, [x28, #16]
  0x3ca66b87, // str q7, [x28, x6]
  0xad012387, // stp q7, q8, [x28, #32]
  0xfd000781, // str d1, [x28, #8]
  0xfc266b81, // str d1, [x28, x6]
  0x6d010780, // stp d0, d1, [x28, #16]
  0xbd00078b, // str s11, [x28, #4]
  0xbc266b8b, // str s11, [x28, x6]
  0x2d01378b, // stp s11, s13, [x28, #8]
  0x79000785, // strh w5, [x28, #2]
  0x78266b85, // strh w5, [x28, x6]
  0x10ffb73b, // adr x27, #-2332
  0x91400b7b, // add x27, x27, #2, lsl #12
  0xd2a12019, // mov x25, #150994944
  0xd2800106, // mov x6, #8
  0x128000e7, // mov w7, #-8
  0x385f8365, // ldurb w5, [x27, #-8]
  0x38408f65, // ldrb w5, [x27, #8]!
  0x385f8765, // ldrb w5, [x27], #-8
  0x38666b65, // ldrb w5, [x27, x6]
  0x3867cb65, // ldrb w5, [x27, w7, sxtw]
  0x38df8365, // ldursb w5, [x27, #-8]
  0x38c08f65, // ldrsb w5, [x27, #8]!
  0x38df8765, // ldrsb w5, [x27], #-8
  0x38e66b65, // ldrsb w5, [x27, x6]
  0x38e7cb65, // ldrsb w5, [x27, w7, sxtw]
  0x389f8365, // ldursb x5, [x27, #-8]
  0x38808f65, // ldrsb x5, [x27, #8]!
  0x389f8765, // ldrsb x5, [x27], #-8
  0x38a66b65, // ldrsb x5, [x27, x6]
  0x38a7cb65, // ldrsb x5, [x27, w7, sxtw]
  0x785f8365, // ldurh w5, [x27, #-8]
  0x78408f65, // ldrh w5, [x27, #8]!
  0x785f8765, // ldrh w5, [x27], #-8
  0x78667b65, // ldrh w5, [x27, x6, lsl #1]
  0x7867db65, // ldrh w5, [x27, w7, sxtw #1]
  0x78df8365, // ldursh w5, [x27, #-8]
  0x78c08f65, // ldrsh w5, [x27, #8]!
  0x78df8765, // ldrsh w5, [x27], #-8
  0x78e67b65, // ldrsh w5, [x27, x6, lsl #1]
  0x78e7db65, // ldrsh w5, [x27, w7, sxtw #1]
  0x789f8365, // ldursh x5, [x27, #-8]
  0x78808f65, // ldrsh x5, [x27, #8]!
  0x789f8765, // ldrsh x5, [x27], #-8
  0x78a67b65, // ldrsh x5, [x27, x6, lsl #1]
  0x78a7db65, // ldrsh x5, [x27, w7, sxtw #1]
  0xb85f8365, // ldur w5, [x27, #-8]
  0xb8408f65, // ldr w5, [x27, #8]!
  0xb85f8765, // ldr w5, [x27], #-8
  0xb8667b65, // ldr w5, [x27, x6, lsl #2]
  0xb867db65, // ldr w5, [x27, w7, sxtw #2]
  0xb89f8365, // ldursw x5, [x27, #-8]
  0xb8808f65, // ldrsw x5, [x27, #8]!
  0xb89f8765, // ldrsw x5, [x27], #-8
  0xb8a67b65, // ldrsw x5, [x27, x6, lsl #2]
  0xb8a7db65, // ldrsw x5, [x27, w7, sxtw #2]
  0xf85f8365, // ldur x5, [x27, #-8]
  0xf8408f65, // ldr x5, [x27, #8]!
  0xf85f8765, // ldr x5, [x27], #-8
  0xf8667b65, // ldr x5, [x27, x6, lsl #3]
  0xf867db65, // ldr x5, [x27, w7, sxtw #3]
  0x381f8365, // sturb w5, [x27, #-8]
  0x38008f65, // strb w5, [x27, #8]!
  0x381f8765, // strb w5, [x27], #-8
  0x38266b65, // strb w5, [x27, x6]
  0x3827cb65, // strb w5, [x27, w7, sxtw]
  0x781f8365, // sturh w5, [x27, #-8]
  0x78008f65, // strh w5, [x27, #8]!
  0x781f8765, // strh w5, [x27], #-8
  0x78267b65, // strh w5, [x27, x6, lsl #1]
  0x7827db65, // strh w5, [x27, w7, sxtw #1]
  0xb81f8365, // stur w5, [x27, #-8]
  0xb8008f65, // str w5, [x27, #8]!
  0xb81f8765, // str w5, [x27], #-8
  0xb8267b65, // str w5, [x27, x6, lsl #2]
  0xb827db65, // str w5, [x27, w7, sxtw #2]
  0xf81f8365, // stur x5, [x27, #-8]
  0xf8008f65, // str x5, [x27, #8]!
  0xf81f8765, // str x5, [x27], #-8
  0xf8267b65, // str x5, [x27, x6, lsl #3]
  0xf827db65, // str x5, [x27, w7, sxtw #3]
  0x385f8325, // ldurb w5, [x25, #-8]
  0x38408f25, // ldrb w5, [x25, #8]!
  0x385f8725, // ldrb w5, [x25], #-8
  0x38666b25, // ldrb w5, [x25, x6]
  0x3867cb25, // ldrb w5, [x25, w7, sxtw]
  0x38df8325, // ldursb w5, [x25, #-8]
  0x38c08f25, // ldrsb w5, [x25, #8]!
  0x38df8725, // ldrsb w5, [x25], #-8
  0x38e66b25, // ldrsb w5, [x25, x6]
  0x38e7cb25, // ldrsb w5, [x25, w7, sxtw]
  0x389f8325, // ldursb x5, [x25, #-8]
  0x38808f25, // ldrsb x5, [x25, #8]!
  0x389f8725, // ldrsb x5, [x25], #-8
  0x38a66b25, // ldrsb x5, [x25, x6]
  0x38a7cb25, // ldrsb x5, [x25, w7, sxtw]
  0x785f8325, // ldurh w5, [x25, #-8]
  0x78408f25, // ldrh w5, [x25, #8]!
  0x785f8725, // ldrh w5, [x25], #-8
  0x78667b25, // ldrh w5, [x25, x6, lsl #1]
  0x7867db25, // ldrh w5, [x25, w7, sxtw #1]
  0x78df8325, // ldursh w5, [x25, #-8]
  0x78c08f25, // ldrsh w5, [x25, #8]!
  0x78df8725, // ldrsh w5, [x25], #-8
  0x78e67b25, // ldrsh w5, [x25, x6, lsl #1]
  0x78e7db25, // ldrsh w5, [x25, w7, sxtw #1]
  0x789f8325, // ldursh x5, [x25, #-8]
  0x78808f25, // ldrsh x5, [x25, #8]!
  0x789f8725, // ldrsh x5, [x25], #-8
  0x78a67b25, // ldrsh x5, [x25, x6, lsl #1]
  0x78a7db25, // ldrsh x5, [x25, w7, sxtw #1]
  0xb85f8325, // ldur w5, [x25, #-8]
  0xb8408f25, // ldr w5, [x25, #8]!
  0xb85f8725, // ldr w5, [x25], #-8
  0xb8667b25, // ldr w5, [x25, x6, lsl #2]
  0xb867db25, // ldr w5, [x25, w7, sxtw #2]
  0xb89f8325, // ldursw x5, [x25, #-8]
  0xb8808f25, // ldrsw x5, [x25, #8]!
  0xb89f8725, // ldrsw x5, [x25], #-8
  0xb8a67b25, // ldrsw x5, [x25, x6, lsl #2]
  0xb8a7db25, // ldrsw x5, [x25, w7, sxtw #2]
  0xf85f8325, // ldur x5, [x25, #-8]
  0xf8408f25, // ldr x5, [x25, #8]!
  0xf85f8725, // ldr x5, [x25], #-8
  0xf8667b25, // ldr x5, [x25, x6, lsl #3]
  0xf867db25, // ldr x5, [x25, w7, sxtw #3]
  0x381f8325, // sturb w5, [x25, #-8]
  0x38008f25, // strb w5, [x25, #8]!
  0x381f8725, // strb w5, [x25], #-8
  0x38266b25, // strb w5, [x25, x6]
  0x3827cb25, // strb w5, [x25, w7, sxtw]
  0x781f8325, // sturh w5, [x25, #-8]
  0x78008f25, // strh w5, [x25, #8]!
  0x781f8725, // strh w5, [x25], #-8
  0x78267b25, // strh w5, [x25, x6, lsl #1]
  0x7827db25, // strh w5, [x25, w7, sxtw #1]
  0xb81f8325, // stur w5, [x25, #-8]
  0xb8008f25, // str w5, [x25, #8]!
  0xb81f8725, // str w5, [x25], #-8
  0xb8267b25, // str w5, [x25, x6, lsl #2]
  0xb827db25, // str w5, [x25, w7, sxtw #2]
  0xf81f8325, // stur x5, [x25, #-8]
  0xf8008f25, // str x5, [x25, #8]!
  0xf81f8725, // str x5, [x25], #-8
  0xf8267b25, // str x5, [x25, x6, lsl #3]
  0xf827db25, // str x5, [x25, w7, sxtw #3]
  0xd503201f, // nop (the block above is a multiple of 16 bytes: what follows keeps its alignment)
  0xd4000002, // hvc #0x0
  0x9abcdef0, // data
  0x12345678, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
  0x00000000, // data
];

/** The synchronous exception handler (VBAR_EL1 + 0x200): ELR_EL1 += 4, ERET. */
export const WARM_UP_SYNC: readonly number[] = [
  0xd5384029, // mrs x9, elr_el1
  0x91001129, // add x9, x9, #0x4
  0xd5184029, // msr elr_el1, x9
  0xd69f03e0, // eret
];

/** Where WARM_UP_LDST lies in the warm-up's RAM: its 4th page. */
export const WARM_UP_LDST_AT = 0x3000;

/** The addressing modes of the general single-register load/store (LDST), in the order of its records' M_* values. */
export const LDST_MODES = ['offset', 'post-index', 'pre-index', 'register'] as const;

/**
 * An A64 load/store (register) word: `size` log2 of the bytes, `opc` 0 store, 1 load, 2 load signed to
 * 64 bits, 3 load signed to 32 (Arm ARM C4.1.94: unscaled immediate, post- and pre-index with imm9,
 * register offset with Xm unshifted).
 */
export function ldstWord(size: number, opc: number, mode: typeof LDST_MODES[number], rn: number, rt: number, imm9: number, rm: number): number {
  const w = (size << 30) | 0x38000000 | (opc << 22) | (rn << 5) | rt;
  if (mode === 'register') return (w | (1 << 21) | (rm << 16) | (3 << 13) | (2 << 10)) >>> 0;
  return (w | ((imm9 & 0x1ff) << 12) | ((mode === 'offset' ? 0 : mode === 'post-index' ? 1 : 3) << 10)) >>> 0;
}

/**
 * The second warm-up program, run after WARM_UP (at WARM_UP_LDST_AT, position independent): every form
 * of LDST (size, extension, addressing mode) with SP as its base, every store form onto the page holding
 * this code, beside it, and a 32-bit STP there too. Each form's fast path in the interpreter has its own
 * check of SP's alignment and its own look at the records of a page holding code (`sCodeFree`); one
 * reached first by a guest (a kernel's `str x19, [sp, #-16]!`, `ldrh w0, [sp, #2]`) threw the optimised
 * opLDST away, three times in a Linux boot. SP is RAM + 0x2800 (the data page), x28 RAM + 0x3800 (this
 * page, past its code).
 */
export const WARM_UP_LDST: readonly number[] = ((): number[] => {
  const SP = 31, X28 = 28, X6 = 6, T = 5;
  const w = [
    0x10000009, // adr x9, #0
    0xd120013f, // sub sp, x9, #0x800
    0x9120013c, // add x28, x9, #0x800
    0xd2800106, // mov x6, #8
  ];
  // pre-index then post-index: SP comes back where it was
  const modes = (size: number, opc: number, rn: number, down: number): number[] => [
    ldstWord(size, opc, 'offset', rn, T, down, X6),
    ldstWord(size, opc, 'pre-index', rn, T, down, X6),
    ldstWord(size, opc, 'post-index', rn, T, -down, X6),
    ldstWord(size, opc, 'register', rn, T, 0, X6),
  ];
  for (let size = 0; size < 4; size++) {
    for (let opc = 0; opc < 4; opc++) {
      if (size === 3 && opc >= 2) continue; // PRFM, unallocated
      if (size === 2 && opc === 3) continue; // unallocated
      w.push(...modes(size, opc, SP, -16));
    }
  }
  for (let size = 0; size < 4; size++) w.push(...modes(size, 0, X28, 8));
  w.push(0x29021b85); // stp w5, w6, [x28, #16]: the 32-bit pair's store beside code (the 64-bit one is WARM_UP's)
  w.push(0xd4000002); // hvc #0
  return w;
})();

/**
 * Where the SIMD&FP part of WARM_UP begins (`mov x0, #3`, the count of its loop: once with FPEN clear,
 * every instruction trapping, then twice with FPEN set) and where it ends (`mov x6, #0x20`, the
 * SIMD&FP stores and the STRH beside code on the page holding code, then the HVC).
 */
export const WARM_UP_FP_BEGIN = WARM_UP.indexOf(0xd2800060);
export const WARM_UP_FP_END = WARM_UP.indexOf(0xd2800406);

/**
 * The warm-up's RAM as the program expects it: WARM_UP at offset 0, WARM_UP_SYNC at its vector, the
 * rest zero. Without `fp`, a branch at WARM_UP_FP_BEGIN skips the SIMD&FP part: with FPEN still clear,
 * the stores after it trap (their trap path is all a guest that never sets FPEN can reach), and the
 * SIMD&FP executors and fast paths, which the compiled-C guests and most firmware never reach, cost
 * nothing: a third of the whole program's time in a fresh process.
 */
export function warmUpMemory(fp = true): Uint8Array {
  const mem = new Uint8Array(PAGE * WARM_UP_PAGES);
  const dv = new DataView(mem.buffer);
  WARM_UP.forEach((w, i) => dv.setUint32(4 * i, w, true));
  if (!fp) dv.setUint32(4 * WARM_UP_FP_BEGIN, 0x14000000 | (WARM_UP_FP_END - WARM_UP_FP_BEGIN), true); // b WARM_UP_FP_END
  WARM_UP_SYNC.forEach((w, i) => dv.setUint32(WARM_UP_VBAR + 0x200 + 4 * i, w, true));
  WARM_UP_LDST.forEach((w, i) => dv.setUint32(WARM_UP_LDST_AT + 4 * i, w, true));
  return mem;
}
