/**
 * A warm-up program: one pass over the common integer, load/store and branch forms.
 *
 * V8 optimises the interpreter loop (exec.gen.ts) only after it has seen each case run; a case first
 * met later throws the optimised code away, and recompiling a function of that size takes long.
 * Running these instructions once on a private CPU when the first CPU is created gives the loop
 * type feedback for its common paths up front. The words come from the assembler; the program
 * only touches its own RAM and ends with HVC #0.
 */
export const WARM_UP: readonly number[] = [
  0xba020020, // adcs	x0, x1, x2
  0xda050083, // sbc	x3, x4, x5
  0x1a0800e6, // adc	w6, w7, w8
  0x7a0b0149, // sbcs	w9, w10, w11
  0xfa421025, // ccmp	x1, x2, #0x5, ne	// ne = any
  0xd53b420c, // mrs	x12, nzcv
  0x3a472862, // ccmn	w3, #0x7, #0x2, cs	// cs = hs, nlast
  0xd53b420d, // mrs	x13, nzcv
  0x93c2342e, // extr	x14, x1, x2, #13
  0x13901e0f, // ror	w15, w16, #7
  0xdac01630, // cls	x16, x17
  0x5ac01651, // cls	w17, w18
  0xdac00672, // rev16	x18, x19
  0xdac00a93, // rev32	x19, x20
  0x5ac00ab4, // rev	w20, w21
  0x9b3762d5, // smaddl	x21, w22, w23, x24
  0x9bb8e6f6, // umsubl	x22, w23, w24, x25
  0x9b597f17, // smulh	x23, x24, x25
  0x9bda7f38, // umulh	x24, x25, x26
  0x1adb0f59, // sdiv	w25, w26, w27
  0x9adc0b7a, // udiv	x26, x27, x28
  0x9ac2203b, // lsl	x27, x1, x2
  0x1ac4287c, // asr	w28, w3, w4
  0x9ac62ca1, // ror	x1, x5, x6
  0xda88b4e2, // csneg	x2, x7, x8, lt	// lt = tstop
  0x5a89d123, // cinv	w3, w9, gt
  0xb3455544, // bfxil	x4, x10, #5, #17
  0x93775165, // sbfiz	x5, x11, #9, #21
  0x531d2586, // ubfiz	w6, w12, #3, #10
  0x93401da7, // sxtb	x7, w13
  0x13003dc8, // sxth	w8, w14
  0x53003de9, // uxth	w9, w15
  0x93407e0a, // sxtw	x10, w16
  0x8b2d898b, // add	x11, x12, w13, sxtb #2
  0xcb2e25ac, // sub	x12, x13, w14, uxth #1
  0x2b2f11cd, // adds	w13, w14, w15, uxtb #4
  0xeb30edee, // subs	x14, x15, x16, sxtx #3
  0xd53b420f, // mrs	x15, nzcv
  0xcb511ff0, // neg	x16, x17, lsr #7
  0x6b920ff1, // negs	w17, w18, asr #3
  0xd53b4212, // mrs	x18, nzcv
  0xaaf427f3, // mvn	x19, x20, ror #9
  0xea3616b4, // bics	x20, x21, x22, lsl #5
  0xd53b4215, // mrs	x21, nzcv
  0x4a780af6, // eon	w22, w23, w24, lsr #2
  0xaa390317, // orn	x23, x24, x25
  0xf2781f5f, // tst	x26, #0xff00
  0xd53b4218, // mrs	x24, nzcv
  0x1adb4359, // crc32b	w25, w26, w27
  0x9adc5f7a, // crc32cx	w26, w27, x28
  0x9b027c3b, // mul	x27, x1, x2
  0x1b04947c, // msub	w28, w3, w4, w5
  0xd2a8001b, // mov	x27, #0x40000000
  0x9120037d, // add	x29, x27, #0x800
  0xd503201f, // nop
  0xa90007a0, // stp	x0, x1, [x29]
  0x29820fa2, // stp	w2, w3, [x29, #16]!
  0xf80087a4, // str	x4, [x29], #8
  0x790007a5, // strh	w5, [x29, #2]
  0x390017a6, // strb	w6, [x29, #5]
  0xf81f83a7, // stur	x7, [x29, #-8]
  0x398017a8, // ldrsb	x8, [x29, #5]
  0x79c007a9, // ldrsh	w9, [x29, #2]
  0xb89f03aa, // ldursw	x10, [x29, #-16]
  0xb85f43ab, // ldur	w11, [x29, #-12]
  0x697d37ac, // ldpsw	x12, x13, [x29, #-24]
  0xd280006e, // mov	x14, #0x3
  0xf86e7baf, // ldr	x15, [x29, x14, lsl #3]
  0x128000f0, // mov	w16, #0xfffffff8
  0x3870cbb1, // ldrb	w17, [x29, w16, sxtw]
  0x786e5bb2, // ldrh	w18, [x29, w14, uxtw #1]
  0xa9fed3b3, // ldp	x19, x20, [x29, #-24]!
  0x28c15bb5, // ldp	w21, w22, [x29], #8
  0xc85f7fb7, // ldxr	x23, [x29]
  0xc8187fa8, // stxr	w24, x8, [x29]
  0xf94003b9, // ldr	x25, [x29]
  0x887fefba, // ldaxp	w26, w27, [x29]
  0x883c8ba1, // stlxp	w28, w1, w2, [x29]
  0x88dfffa0, // ldar	w0, [x29]
  0xc89fffa3, // stlr	x3, [x29]
  0xf94003a1, // ldr	x1, [x29]
  0x10000042, // adr	x2, 14c <.text+0x14c>
  0xd2800003, // mov	x3, #0x0
  0x91000463, // add	x3, x3, #0x1
  0xf100147f, // cmp	x3, #0x5
  0x54ffffcb, // b.lt	14c <.text+0x14c>  // b.tstop
  0xb4000044, // cbz	x4, 160 <.text+0x160>
  0x37100043, // tbnz	w3, #2, 164 <.text+0x164>
  0xd2800c64, // mov	x4, #0x63
  0x94000002, // bl	16c <.text+0x16c>
  0x14000003, // b	174 <.text+0x174>
  0xaa1e03e5, // mov	x5, x30
  0xd65f03c0, // ret
  0x10000066, // adr	x6, 180 <.text+0x180>
  0xd63f00c0, // blr	x6
  0x14000003, // b	188 <.text+0x188>
  0xd28009a7, // mov	x7, #0x4d
  0xd61f03c0, // br	x30
  0xaa1d03e0, // mov	x0, x29
  0xd10083bd, // sub	x29, x29, #0x20
  0xa940a7a8, // ldp	x8, x9, [x29, #8]
  0xf9400faa, // ldr	x10, [x29, #24]
  0xd2a8001b, // mov	x27, #0x40000000
  0xd2800061, // mov	x1, #0x3
  0x93400020, // sbfx	x0, x1, #0, #1
  0xb37d1022, // bfi	x2, x1, #3, #5
  0x39400763, // ldrb	w3, [x27, #1]
  0x39200763, // strb	w3, [x27, #2049]
  0xb9400764, // ldr	w4, [x27, #4]
  0xb9080764, // str	w4, [x27, #2052]
  0xf9040764, // str	x4, [x27, #2056]
  0xf9440764, // ldr	x4, [x27, #2056]
  0xf1000421, // subs	x1, x1, #0x1
  0x54fffee1, // b.ne	1a0 <.text+0x1a0>  // b.any
  0xd4000002, // hvc	#0x0
];
