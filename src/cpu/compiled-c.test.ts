/**
 * A freestanding C program compiled by gcc 12 (aarch64-linux-gnu-gcc -Os -ffreestanding -nostdlib
 * -mgeneral-regs-only -mstrict-align -fno-stack-protector -fno-asynchronous-unwind-tables,
 * -Ttext=0x40000000): CRC32 over a buffer 200 times, an insertion sort of 300 pseudo-random ints,
 * recursive fib(22), and decimal conversion of 64-bit values with division and remainder. The
 * expected results are what the same C source prints when built natively by the host's gcc.
 * About 3.2 million guest instructions: the interpreter, the block compiler and the fast memory paths
 * on real compiler output, function calls, stack frames, byte and word accesses.
 *
 *   u64 result[8]; void run(void) { ...; result[0] = crc_sum; result[1] = sort_hash;
 *                                   result[2] = fib(22); result[3] = digits_total; }
 *   void _start(void) { mov sp, #0x40400000; run(); hvc #0; }
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { A64Cpu } from './cpu.ts';
import { RunStop } from './api.ts';

const RESULT = 0x400204d8;
const START = 0x40000234;

const TEXT = [
  // <fib>
  0xa9bd7bfd, // 000: stp x29, x30, [sp, #-48]!
  0x910003fd, // 004: mov x29, sp
  0xa90153f3, // 008: stp x19, x20, [sp, #16]
  0x2a0003f3, // 00c: mov w19, w0
  0x2a0003f4, // 010: mov w20, w0
  0xf90013f5, // 014: str x21, [sp, #32]
  0x52800015, // 018: mov w21, #0x0
  0x7100069f, // 01c: cmp w20, #0x1
  0x540000cd, // 020: b.le 40000038 <fib+0x38>
  0x51000680, // 024: sub w0, w20, #0x1
  0x51000a94, // 028: sub w20, w20, #0x2
  0x97fffff5, // 02c: bl 40000000 <fib>
  0x0b0002b5, // 030: add w21, w21, w0
  0x17fffffa, // 034: b 4000001c <fib+0x1c>
  0x53017e60, // 038: lsr w0, w19, #1
  0x12800021, // 03c: mov w1, #0xfffffffe
  0x1b014c00, // 040: madd w0, w0, w1, w19
  0xa94153f3, // 044: ldp x19, x20, [sp, #16]
  0x0b150000, // 048: add w0, w0, w21
  0xf94013f5, // 04c: ldr x21, [sp, #32]
  0xa8c37bfd, // 050: ldp x29, x30, [sp], #48
  0xd65f03c0, // 054: ret
  // <run>
  0xa9ad7bfd, // 058: stp x29, x30, [sp, #-304]!
  0xd2800000, // 05c: mov x0, #0x0
  0x528000e2, // 060: mov w2, #0x7
  0x9100c3e6, // 064: add x6, sp, #0x30
  0x910003fd, // 068: mov x29, sp
  0x1b007c41, // 06c: mul w1, w2, w0
  0x11000c21, // 070: add w1, w1, #0x3
  0x38266801, // 074: strb w1, [x0, x6]
  0x91000400, // 078: add x0, x0, #0x1
  0xf104001f, // 07c: cmp x0, #0x100
  0x54ffff61, // 080: b.ne 4000006c <run+0x14>
  0x52906407, // 084: mov w7, #0x8320
  0x52801901, // 088: mov w1, #0xc8
  0x52800004, // 08c: mov w4, #0x0
  0x72bdb707, // 090: movk w7, #0xedb8, lsl #16
  0xd2800002, // 094: mov x2, #0x0
  0x12800000, // 098: mov w0, #0xffffffff
  0x386268c3, // 09c: ldrb w3, [x6, x2]
  0x4a030000, // 0a0: eor w0, w0, w3
  0x52800103, // 0a4: mov w3, #0x8
  0x93400005, // 0a8: sbfx x5, x0, #0, #1
  0x71000463, // 0ac: subs w3, w3, #0x1
  0x0a0700a5, // 0b0: and w5, w5, w7
  0x4a4004a0, // 0b4: eor w0, w5, w0, lsr #1
  0x54ffff81, // 0b8: b.ne 400000a8 <run+0x50>
  0x91000442, // 0bc: add x2, x2, #0x1
  0xf104005f, // 0c0: cmp x2, #0x100
  0x54fffec1, // 0c4: b.ne 4000009c <run+0x44>
  0x4b000080, // 0c8: sub w0, w4, w0
  0x71000421, // 0cc: subs w1, w1, #0x1
  0x51000404, // 0d0: sub w4, w0, #0x1
  0x54fffe01, // 0d4: b.ne 40000094 <run+0x3c>
  0x52860725, // 0d8: mov w5, #0x3039
  0x5289cdaa, // 0dc: mov w10, #0x4e6d
  0xf00000e2, // 0e0: adrp x2, 4001f000 <_start+0x1edcc>
  0x2a0503e9, // 0e4: mov w9, w5
  0x913fa040, // 0e8: add x0, x2, #0xfe8
  0xd2800003, // 0ec: mov x3, #0x0
  0x72a838ca, // 0f0: movk w10, #0x41c6, lsl #16
  0x52807d07, // 0f4: mov w7, #0x3e8
  0x1b0a24a5, // 0f8: madd w5, w5, w10, w9
  0x53087ca8, // 0fc: lsr w8, w5, #8
  0x1ac70906, // 100: udiv w6, w8, w7
  0x1b07a0c6, // 104: msub w6, w6, w7, w8
  0xb8237806, // 108: str w6, [x0, x3, lsl #2]
  0x91000463, // 10c: add x3, x3, #0x1
  0xf104b07f, // 110: cmp x3, #0x12c
  0x54ffff21, // 114: b.ne 400000f8 <run+0xa0>
  0xaa0003e8, // 118: mov x8, x0
  0xb9400406, // 11c: ldr w6, [x0, #4]
  0x2a0103e3, // 120: mov w3, w1
  0xaa0003e5, // 124: mov x5, x0
  0xb94000a7, // 128: ldr w7, [x5]
  0x6b0700df, // 12c: cmp w6, w7
  0x540000ca, // 130: b.ge 40000148 <run+0xf0>
  0x51000463, // 134: sub w3, w3, #0x1
  0xb90004a7, // 138: str w7, [x5, #4]
  0xd10010a5, // 13c: sub x5, x5, #0x4
  0x3100047f, // 140: cmn w3, #0x1
  0x54ffff21, // 144: b.ne 40000128 <run+0xd0>
  0x11000463, // 148: add w3, w3, #0x1
  0x11000421, // 14c: add w1, w1, #0x1
  0x91001000, // 150: add x0, x0, #0x4
  0xb823d906, // 154: str w6, [x8, w3, sxtw #2]
  0x7104ac3f, // 158: cmp w1, #0x12b
  0x54fffe01, // 15c: b.ne 4000011c <run+0xc4>
  0x913fa045, // 160: add x5, x2, #0xfe8
  0xd2800000, // 164: mov x0, #0x0
  0xd2800007, // 168: mov x7, #0x0
  0xd28003e3, // 16c: mov x3, #0x1f
  0xb8a078a1, // 170: ldrsw x1, [x5, x0, lsl #2]
  0x91000400, // 174: add x0, x0, #0x1
  0x9b0304e7, // 178: madd x7, x7, x3, x1
  0xf104b01f, // 17c: cmp x0, #0x12c
  0x54ffff81, // 180: b.ne 40000170 <run+0x118>
  0x913fa042, // 184: add x2, x2, #0xfe8
  0x528002c0, // 188: mov w0, #0x16
  0x910063ea, // 18c: add x10, sp, #0x18
  0x97ffff9c, // 190: bl 40000000 <fib>
  0x9112c04d, // 194: add x13, x2, #0x4b0
  0x52800348, // 198: mov w8, #0x1a
  0xd2800021, // 19c: mov x1, #0x1
  0xd2800006, // 1a0: mov x6, #0x0
  0xd280014b, // 1a4: mov x11, #0xa
  0xaa0103e5, // 1a8: mov x5, x1
  0xd2800009, // 1ac: mov x9, #0x0
  0x9acb08ac, // 1b0: udiv x12, x5, x11
  0xaa0503ee, // 1b4: mov x14, x5
  0x9b0b9583, // 1b8: msub x3, x12, x11, x5
  0xaa0c03e5, // 1bc: mov x5, x12
  0x1100c063, // 1c0: add w3, w3, #0x30
  0x382a6923, // 1c4: strb w3, [x9, x10]
  0xaa0903e3, // 1c8: mov x3, x9
  0x91000529, // 1cc: add x9, x9, #0x1
  0xf10025df, // 1d0: cmp x14, #0x9
  0x54fffee8, // 1d4: b.hi 400001b0 <run+0x158>
  0x2a0303e9, // 1d8: mov w9, w3
  0x8b23c14e, // 1dc: add x14, x10, w3, sxtw
  0xd2800005, // 1e0: mov x5, #0x0
  0xcb0503ec, // 1e4: neg x12, x5
  0x386c69cc, // 1e8: ldrb w12, [x14, x12]
  0x382d68ac, // 1ec: strb w12, [x5, x13]
  0x910004a5, // 1f0: add x5, x5, #0x1
  0x510004ac, // 1f4: sub w12, w5, #0x1
  0x6b0c013f, // 1f8: cmp w9, w12
  0x54ffff4c, // 1fc: b.gt 400001e4 <run+0x18c>
  0x11000463, // 200: add w3, w3, #0x1
  0x8b010421, // 204: add x1, x1, x1, lsl #1
  0x91000421, // 208: add x1, x1, #0x1
  0x71000508, // 20c: subs w8, w8, #0x1
  0x8b23c0c6, // 210: add x6, x6, w3, sxtw
  0x54fffca1, // 214: b.ne 400001a8 <run+0x150>
  0x9113c041, // 218: add x1, x2, #0x4f0
  0x2a0403e4, // 21c: mov w4, w4
  0x93407c00, // 220: sxtw x0, w0
  0xa9001c24, // 224: stp x4, x7, [x1]
  0xa9011820, // 228: stp x0, x6, [x1, #16]
  0xa8d37bfd, // 22c: ldp x29, x30, [sp], #304
  0xd65f03c0, // 230: ret
  // <_start>
  0xa9bf7bfd, // 234: stp x29, x30, [sp, #-16]!
  0xd2a80800, // 238: mov x0, #0x40400000
  0x910003fd, // 23c: mov x29, sp
  0x9100001f, // 240: mov sp, x0
  0x97ffff85, // 244: bl 40000058 <run>
  0xd4000002, // 248: hvc #0x0
  0x14000000, // 24c: b 4000024c <_start+0x18>
];

for (const jit of [true, false]) {
  test(`gcc -Os program gives the natively computed results (block compiler ${jit ? 'on' : 'off'})`, () => {
    const cpu = new A64Cpu();
    cpu.jit = jit;
    cpu.jitThreshold = 500; // compile the program's warm loops too
    const mem = new Uint8Array(4 << 20);
    const dv = new DataView(mem.buffer);
    TEXT.forEach((w, i) => dv.setUint32(4 * i, w, true));
    cpu.mapRam(0x40000000n, mem);
    cpu.setPc(BigInt(START));
    cpu.setSp(0x40400000n); // _start pushes a frame before it sets SP itself
    let stop = RunStop.Budget;
    for (let k = 0; k < 100 && stop === RunStop.Budget; k++) stop = cpu.run(1_000_000);
    assert.equal(stop, RunStop.TrapToEl2);
    assert.equal(cpu.el2.esr, 0x5a000000n, 'HVC #0 at the end of _start');
    const r = (k: number): bigint => dv.getBigUint64(RESULT - 0x40000000 + 8 * k, true);
    assert.equal(r(0), 0x25d03c88n, 'sum of CRC32s');
    assert.equal(r(1), 0x3a926859c606f7a2n, 'hash of the sorted array');
    assert.equal(r(2), 0x452fn, 'fib(22) = 17711');
    assert.equal(r(3), 0xadn, 'digits printed');
    if (jit) assert.ok(cpu.jit, 'the block compiler stayed on (its code compiled)');
  });
}
