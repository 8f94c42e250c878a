/**
 * A64 integer instructions against QEMU: each snippet ran under `qemu-aarch64` (Debian QEMU 7.2,
 * user mode) with X0..X28 set to INIT and NZCV = 0; the expected registers and NZCV are what QEMU
 * wrote out. Here the same words run at the same addresses (so PC-relative values agree) and must
 * give the same results. Snippet 2 uses a zeroed scratch area it addresses with ADR.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { A64Cpu } from './cpu.ts';
import { RunStop } from './api.ts';

const INIT = [
  0x0123456789abcdefn, 0xfedcba9876543210n, 0x8000000000000000n, 0x7fffffffffffffffn,
  0xffffffff80000000n, 0x00000000ffffffffn, 0x00000000fffffff0n, 0xdeadbeefcafef00dn,
  0x0000000000000013n, 0x8000000000000001n, 0x0000000080000000n, 0x1234567800000000n,
  0xfffffffffffffffen, 0x0000000000000001n, 0xa5a5a5a55a5a5a5an, 0x00000000000000ffn,
  0x0000000000000080n, 0xffffffffffff8000n, 0x0f0f0f0f0f0f0f0fn, 0x123456789abcdef0n,
  0x8765432112345678n, 0x0000000000000007n, 0xffffffffffffff80n, 0x00000000deadbeefn,
  0x4000000000000000n, 0xc000000000000000n, 0x0000000000000003n, 0x00000000fffffffdn,
  0x0000000100000001n,
];

const SNIPPETS: Record<string, { at: number; words: number[]; x: bigint[]; nzcv: bigint }> = {
  'data processing: carry, conditional compare, extract, reverse, multiply-long, divide, extend, CRC32': {
    at: 0x4000f4,
    words: [
    0xba020020, // adcs x0, x1, x2
    0xda050083, // sbc x3, x4, x5
    0x1a0800e6, // adc w6, w7, w8
    0x7a0b0149, // sbcs w9, w10, w11
    0xfa421025, // ccmp x1, x2, #0x5, ne
    0xd53b420c, // mrs x12, nzcv
    0x3a472862, // ccmn w3, #0x7, #0x2, cs
    0xd53b420d, // mrs x13, nzcv
    0x93c2342e, // extr x14, x1, x2, #13
    0x13901e0f, // ror w15, w16, #7
    0xdac01630, // cls x16, x17
    0x5ac01651, // cls w17, w18
    0xdac00672, // rev16 x18, x19
    0xdac00a93, // rev32 x19, x20
    0x5ac00ab4, // rev w20, w21
    0x9b3762d5, // smaddl x21, w22, w23, x24
    0x9bb8e6f6, // umsubl x22, w23, w24, x25
    0x9b597f17, // smulh x23, x24, x25
    0x9bda7f38, // umulh x24, x25, x26
    0x1adb0f59, // sdiv w25, w26, w27
    0x9adc0b7a, // udiv x26, x27, x28
    0x9ac2203b, // lsl x27, x1, x2
    0x1ac4287c, // asr w28, w3, w4
    0x9ac62ca1, // ror x1, x5, x6
    0xda88b4e2, // csneg x2, x7, x8, lt
    0x5a89d123, // cinv w3, w9, gt
    0xb3455544, // bfxil x4, x10, #5, #17
    0x93775165, // sbfiz x5, x11, #9, #21
    0x531d2586, // ubfiz w6, w12, #3, #10
    0x93401da7, // sxtb x7, w13
    0x13003dc8, // sxth w8, w14
    0x53003de9, // uxth w9, w15
    0x93407e0a, // sxtw x10, w16
    0x8b2d898b, // add x11, x12, w13, sxtb #2
    0xcb2e25ac, // sub x12, x13, w14, uxth #1
    0x2b2f11cd, // adds w13, w14, w15, uxtb #4
    0xeb30edee, // subs x14, x15, x16, sxtx #3
    0xd53b420f, // mrs x15, nzcv
    0xcb511ff0, // neg x16, x17, lsr #7
    0x6b920ff1, // negs w17, w18, asr #3
    0xd53b4212, // mrs x18, nzcv
    0xaaf427f3, // mvn x19, x20, ror #9
    0xea3616b4, // bics x20, x21, x22, lsl #5
    0xd53b4215, // mrs x21, nzcv
    0x4a780af6, // eon w22, w23, w24, lsr #2
    0xaa390317, // orn x23, x24, x25
    0xf2781f5f, // tst x26, #0xff00
    0xd53b4218, // mrs x24, nzcv
    0x1adb4359, // crc32b w25, w26, w27
    0x9adc5f7a, // crc32cx w26, w27, x28
    0x9b027c3b, // mul x27, x1, x2
    0x1b04947c, // msub w28, w3, w4, w5
    ],
    x: [0x7edcba9876543210n, 0x7fffffff80000000n, 0xdeadbeefcafef00dn, 0x80000000n, 0xffffffff80000000n, 0x0n, 0x0n, 0x0n, 0x0n, 0x1n, 0x30n, 0x20000000n, 0x80000000n, 0x10n, 0xfffffffffffffe81n, 0x80000000n, 0x0n, 0x86ca1e5n, 0x0n, 0xfffffffffffc7fffn, 0x40000010a9208880n, 0x0n, 0xffffffffn, 0xffffffff00000002n, 0x40000000n, 0x1db71064n, 0x9daf0224n, 0x9a8087f980000000n, 0x0n],
    nzcv: 0x40000000n,
  },
  'loads and stores in every addressing mode, exclusives, acquire/release, branches and calls': {
    at: 0x4000f4,
    words: [
    0x1008187d, // adr x29, 410400 <scratch>
    0xa90007a0, // stp x0, x1, [x29]
    0x29820fa2, // stp w2, w3, [x29, #16]!
    0xf80087a4, // str x4, [x29], #8
    0x790007a5, // strh w5, [x29, #2]
    0x390017a6, // strb w6, [x29, #5]
    0xf81f83a7, // stur x7, [x29, #-8]
    0x398017a8, // ldrsb x8, [x29, #5]
    0x79c007a9, // ldrsh w9, [x29, #2]
    0xb89f03aa, // ldursw x10, [x29, #-16]
    0xb85f43ab, // ldur w11, [x29, #-12]
    0x697d37ac, // ldpsw x12, x13, [x29, #-24]
    0xd280006e, // mov x14, #0x3
    0xf86e7baf, // ldr x15, [x29, x14, lsl #3]
    0x128000f0, // mov w16, #0xfffffff8
    0x3870cbb1, // ldrb w17, [x29, w16, sxtw]
    0x786e5bb2, // ldrh w18, [x29, w14, uxtw #1]
    0xa9fed3b3, // ldp x19, x20, [x29, #-24]!
    0x28c15bb5, // ldp w21, w22, [x29], #8
    0xc85f7fb7, // ldxr x23, [x29]
    0xc8187fa8, // stxr w24, x8, [x29]
    0xf94003b9, // ldr x25, [x29]
    0x887fefba, // ldaxp w26, w27, [x29]
    0x883c8ba1, // stlxp w28, w1, w2, [x29]
    0x88dfffa0, // ldar w0, [x29]
    0xc89fffa3, // stlr x3, [x29]
    0xf94003a1, // ldr x1, [x29]
    0x10000042, // adr x2, 400168 <snip+0x74>
    0xd2800003, // mov x3, #0x0
    0x91000463, // add x3, x3, #0x1
    0xf100147f, // cmp x3, #0x5
    0x54ffffcb, // b.lt 400168 <snip+0x74>
    0xb4000044, // cbz x4, 40017c <snip+0x88>
    0x37100043, // tbnz w3, #2, 400180 <snip+0x8c>
    0xd2800c64, // mov x4, #0x63
    0x94000002, // bl 400188 <snip+0x94>
    0x14000003, // b 400190 <snip+0x9c>
    0xaa1e03e5, // mov x5, x30
    0xd65f03c0, // ret
    0x10000066, // adr x6, 40019c <snip+0xa8>
    0xd63f00c0, // blr x6
    0x14000003, // b 4001a4 <snip+0xb0>
    0xd28009a7, // mov x7, #0x4d
    0xd61f03c0, // br x30
    0xaa1d03e0, // mov x0, x29
    0xd10083bd, // sub x29, x29, #0x20
    0xa940a7a8, // ldp x8, x9, [x29, #8]
    0xf9400faa, // ldr x10, [x29, #24]
    ],
    x: [0x410408n, 0x7fffffffffffffffn, 0x400168n, 0x5n, 0xffffffff80000000n, 0x400184n, 0x40019cn, 0x4dn, 0x0n, 0x0n, 0x123456789abcdefn, 0xfedcba98n, 0xffffffff89abcdefn, 0x1234567n, 0x3n, 0x0n, 0xfffffff8n, 0xdn, 0x0n, 0x123456789abcdefn, 0xfedcba9876543210n, 0x89abcdefn, 0x1234567n, 0xfedcba9876543210n, 0x0n, 0xfffffffffffffff0n, 0xfffffff0n, 0xffffffffn, 0x0n],
    nzcv: 0x60000000n,
  },
};

const BASE = 0x400000;

for (const [name, s] of Object.entries(SNIPPETS)) {
  test(`${name}: registers and NZCV as QEMU computes them`, () => {
    {
      const cpu = new A64Cpu();
      const mem = new Uint8Array(0x40000);
      const dv = new DataView(mem.buffer);
      [...s.words, 0xd4000002 /* hvc #0 */].forEach((w, i) => dv.setUint32(s.at - BASE + 4 * i, w, true));
      cpu.mapRam(BigInt(BASE), mem);
      INIT.forEach((v, i) => cpu.setX(i, v));
      cpu.setPc(BigInt(s.at));
      assert.equal(cpu.run(10000), RunStop.TrapToEl2);
      assert.equal(cpu.el2.esr >> 26n, 0x16n, 'ended at the HVC');
      for (let i = 0; i < 29; i++) assert.equal(cpu.getX(i).toString(16), s.x[i].toString(16), `x${i}`);
      assert.equal(BigInt(cpu.getPstate() & 0xf0000000), s.nzcv, 'NZCV');
    }
  });
}
