/**
 * A64 integer instructions and exception entry, checked against values derived from the Arm ARM
 * (DDI0487) pseudocode: AddWithCarry flags, DecodeBitMasks, exception entry (D1.3), ESR encodings
 * (D24.2.45), the stage-2 data abort syndrome a hypervisor sees (ISV/SAS/SRT/WnR).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { machine, RAM_BASE, poke } from './test-helpers.ts';
import { RunStop } from './api.ts';
import { createCpu } from './index.ts';

test('data processing: move wide, flags of ADDS/SUBS corner cases, bitfields, multiply, divide, literal', () => {
  const m = machine([
    0xd2e24680, // mov   x0, #0x1234000000000000
    0xf2aacf00, // movk  x0, #0x5678, lsl #16
    0x12800001, // mov   w1, #0xffffffff
    0x92800002, // mov   x2, #-1
    0xb1000443, // adds  x3, x2, #1
    0xd53b4204, // mrs   x4, nzcv
    0x6b010025, // subs  w5, w1, w1
    0xd53b4206, // mrs   x6, nzcv
    0x92f00007, // mov   x7, #0x7fffffffffffffff
    0xb10004e8, // adds  x8, x7, #1
    0xd53b4209, // mrs   x9, nzcv
    0xd3507c0a, // ubfx  x10, x0, #16, #16
    0x93431c4b, // sbfx  x11, x2, #3, #5
    0xd37cec0c, // lsl   x12, x0, #4
    0x937cfc0d, // asr   x13, x0, #60
    0xb3783c0e, // bfi   x14, x0, #8, #16
    0xdac0000f, // rbit  x15, x0
    0xdac01010, // clz   x16, x0
    0xdac00c11, // rev   x17, x0
    0x9b000812, // madd  x18, x0, x0, x2
    0x9bc27c53, // umulh x19, x2, x2
    0x9ac70814, // udiv  x20, x0, x7
    0x9ac70c55, // sdiv  x21, x2, x7
    0x9a810416, // csinc x22, x0, x1, eq
    0x58000097, // ldr   x23, lit
    0x10000078, // adr   x24, lit
    0xd4000002, // hvc   #0
    0xd503201f, // nop   (padding to 8-byte alignment)
    0x55667788, // lit: .quad 0x1122334455667788
    0x11223344,
  ]);
  assert.equal(m.cpu.run(1000), RunStop.TrapToEl2);
  const X = (n: number): bigint => m.cpu.getX(n);
  assert.equal(X(0), 0x1234000056780000n);
  assert.equal(X(1), 0xffffffffn, 'W writes zero the upper half');
  assert.equal(X(3), 0n);
  assert.equal(X(4), 0x60000000n, '-1 + 1: Z and C set');
  assert.equal(X(6), 0x60000000n, 'x - x: Z and C (no borrow) set');
  assert.equal(X(8), 0x8000000000000000n);
  assert.equal(X(9), 0x90000000n, 'INT64_MAX + 1: N and V set');
  assert.equal(X(10), 0x5678n);
  assert.equal(X(11), 0xffffffffffffffffn);
  assert.equal(X(12), 0x2340000567800000n);
  assert.equal(X(13), 1n);
  assert.equal(X(15), 0x00001e6a00002c48n);
  assert.equal(X(16), 3n);
  assert.equal(X(17), 0x0000785600003412n);
  assert.equal(X(18), (0x1234000056780000n * 0x1234000056780000n - 1n) & 0xffffffffffffffffn);
  assert.equal(X(19), 0xfffffffffffffffen);
  assert.equal(X(20), 0n);
  assert.equal(X(21), 0n);
  assert.equal(X(22), 0x100000000n, 'csinc: condition false, Wm + 1 carried into bit 32');
  assert.equal(X(23), 0x1122334455667788n);
  assert.equal(X(24), RAM_BASE + 0x70n);
  assert.equal(m.cpu.el2.esr, 0x5a000000n, 'HVC #0: EC 0x16, IL');
  assert.equal(m.cpu.getPc(), RAM_BASE + 0x6cn, 'HVC: preferred return is the next instruction');
});

test('SVC: EC 0x15 to VBAR_EL1+0x200 with ELR = next instruction and SPSR = old PSTATE', () => {
  const m = machine([
    0xd2a80001, // mov  x1, #0x40000000
    0x91200021, // add  x1, x1, #0x800
    0xd518c001, // msr  vbar_el1, x1
    0xd28000a0, // mov  x0, #5
    0xd4000841, // svc  #0x42
    0xd2800022, // mov  x2, #1
  ]);
  poke(m, 0xa00, [0xd4000022]); // hvc #1 at VBAR + 0x200
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0xa04n);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x56000042n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 0x14n);
  assert.equal(m.cpu.getSysReg('SPSR_EL1'), 0x3c5n, 'EL1h with DAIF masked as at reset');
  assert.equal(m.cpu.getPstate() & 0x3cf, 0x3c5);
  assert.equal(m.cpu.getX(2), 0n, 'the instruction after SVC did not run');
});

test('stage-2 data aborts: ISV syndrome for a single register without writeback, ISV=0 otherwise; PC at the access', () => {
  const m = machine([
    0xd2a12001, // mov  x1, #0x9000000
    0x52800822, // mov  w2, #0x41
    0x39000022, // strb w2, [x1]
    0xf8408c23, // ldr  x3, [x1, #8]!
    0xa9401424, // ldp  x4, x5, [x1]
    0xb8a16825, // ldrsw x5, [x1, x1]   (0x12000000: not RAM either)
  ]);
  const cpu = m.cpu;
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.getPc(), RAM_BASE + 8n);
  assert.equal(cpu.el2.esr, 0x93020047n, 'EC 0x24, IL, ISV, SAS=byte, SRT=2, WnR, DFSC translation L3');
  assert.equal(cpu.el2.far, 0x09000000n);
  assert.equal(cpu.el2.faultIpa, 0x09000000n);
  cpu.setPc(cpu.getPc() + 4n);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0x92000007n, 'writeback: ISV=0');
  assert.equal(cpu.getX(1), 0x09000000n, 'the faulting instruction had no effect');
  cpu.setPc(cpu.getPc() + 4n);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0x92000007n, 'pair: ISV=0');
  cpu.setPc(cpu.getPc() + 4n);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0x93a58007n, 'LDRSW: SAS=word, SSE, SRT=5, SF');
  assert.equal(cpu.el2.far, 0x12000000n);
});

test('UNDEFINED: EC 0 at the instruction, reported with its encoding; fetch outside RAM is an EC 0x20 trap', () => {
  const m = machine([
    0xd503201f, // nop
    0x00000000, // udf #0
  ]);
  const seen: [number, bigint][] = [];
  m.cpu.onUndefined = (w, pc) => seen.push([w, pc]);
  m.cpu.setSysReg('VBAR_EL1', 0x1000n); // vectors outside RAM
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  assert.deepEqual(seen, [[0, RAM_BASE + 4n]]);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x02000000n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 4n);
  assert.equal(m.cpu.el2.esr, 0x82000007n, 'instruction abort, lower EL, IL, IFSC translation L3');
  assert.equal(m.cpu.el2.far, 0x1200n);
  assert.equal(m.cpu.getPc(), 0x1200n);
});

test('stores into predecoded code are seen by the next fetch', () => {
  const m = machine([
    0x180000a0, // ldr  w0, newinsn
    0xb9000c20, // str  w0, [x1, #12]
    0xd503201f, // nop
    0xd2800022, // mov  x2, #1       (replaced by mov x2, #2 before it runs)
    0xd4000002, // hvc  #0
    0xd2800042, // newinsn: mov x2, #2
  ]);
  m.cpu.setX(1, RAM_BASE);
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(m.cpu.getX(2), 2n);
});

test('run(n) stops after n instructions and retired counts them', () => {
  const m = machine([
    0x14000000, // b .
  ]);
  const before = m.cpu.retired;
  assert.equal(m.cpu.run(12345), RunStop.Budget);
  assert.equal(m.cpu.retired - before, 12345);
  assert.equal(m.cpu.getPc(), RAM_BASE);
});

test('createCpu: reset state is EL1h with DAIF masked, OS lock clear (KVM vCPU reset), SCTLR_EL1 with the MMU off', () => {
  const cpu = createCpu();
  assert.equal(cpu.getPstate(), 0x3c5);
  assert.equal(cpu.getSysReg('OSLSR_EL1'), 0x8n, 'OSLM = 0b10 (implemented), OSLK = 0');
  assert.equal(cpu.getSysReg('SCTLR_EL1') & 1n, 0n);
  assert.equal(cpu.getSysReg('MDSCR_EL1'), 0n);
});

test('MOVK on a W register keeps the other halfword and zeroes bits 63:32', () => {
  const m = machine([
    0x7281bd4f, // movk w15, #0xdea
    0xf2e0002e, // movk x14, #0x1, lsl #48
    0xd4000002, // hvc  #0
  ]);
  m.cpu.setX(15, 0x66be20788231b349n);
  m.cpu.setX(14, 0xffffffffffffffffn);
  assert.equal(m.cpu.run(10), RunStop.TrapToEl2);
  assert.equal(m.cpu.getX(15), 0x0000000082310dean);
  assert.equal(m.cpu.getX(14), 0x0001ffffffffffffn);
});

test('ADR/ADRP add PC when they run: the whole ±4 GiB ADRP range, ADR ±1 MiB', () => {
  // Linked at 0x40010000 (aarch64-linux-gnu-ld -Ttext=0x40010000), far1 = 0xf2010000, far2 = 0x1000.
  const words = [
    0x90590016, // adrp x22, f2010000 <far1>
    0xb0dfff83, // adrp x3, 1000 <far2>
    0x107fffc4, // adr  x4, 40110000
    0x10800005, // adr  x5, 3ff1000c
    0xd4000002, // hvc  #0
  ];
  for (const jit of [true, false]) {
    const m = machine(words, 0x10000);
    m.cpu.jit = jit;
    assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
    assert.equal(m.cpu.getX(22), 0xf2010000n, 'ADRP to 2.8 GiB above its page');
    assert.equal(m.cpu.getX(3), 0x1000n, 'ADRP to 1 GiB below');
    assert.equal(m.cpu.getX(4), 0x40110000n);
    assert.equal(m.cpu.getX(5), 0x3ff1000cn);
  }
});

/** Add/subtract whose halves carry or borrow into each other, run `iterations` times (words from aarch64-linux-gnu-as). */
const CARRY_LOOP = [
  0x8b020023, // 1: add  x3, x1, x2
  0xcb020024, //    sub  x4, x1, x2
  0x913ffc25, //    add  x5, x1, #0xfff
  0xd13ffc26, //    sub  x6, x1, #0xfff
  0x91400427, //    add  x7, x1, #0x1, lsl #12
  0xd1400428, //    sub  x8, x1, #0x1, lsl #12
  0x0b020029, //    add  w9, w1, w2
  0x4b02002a, //    sub  w10, w1, w2
  0x113ffc2b, //    add  w11, w1, #0xfff
  0x513ffc2c, //    sub  w12, w1, #0xfff
  0x1b020c2d, //    madd w13, w1, w2, w3
  0x1b028c2e, //    msub w14, w1, w2, w3
  0x9b020c2f, //    madd x15, x1, x2, x3
  0x8b224030, //    add  x16, x1, w2, uxtw
  0xcb22c031, //    sub  x17, x1, w2, sxtw
  0xcb0203f2, //    neg  x18, x2
  0xcb020433, //    sub  x19, x1, x2, lsl #1
  0xf1000694, //    subs x20, x20, #1
  0x54fffdc1, //    b.ne 1b
  0xd4000002, //    hvc  #0
];

/** What CARRY_LOOP leaves in x3..x19 (the Arm ARM's AddWithCarry on the whole values, then truncated). */
function carryModel(a: bigint, b: bigint): bigint[] {
  const u64 = (v: bigint): bigint => BigInt.asUintN(64, v), w = (v: bigint): bigint => BigInt.asUintN(32, v);
  const x3 = u64(a + b);
  const aw = w(a), bw = w(b);
  return [
    x3, u64(a - b), u64(a + 0xfffn), u64(a - 0xfffn), u64(a + 0x1000n), u64(a - 0x1000n),
    w(aw + bw), w(aw - bw), w(aw + 0xfffn), w(aw - 0xfffn), w(w(x3) + aw * bw), w(w(x3) - aw * bw),
    u64(x3 + a * b), u64(a + bw), u64(a - BigInt.asIntN(32, bw)), u64(-b), u64(a - (b << 1n)),
  ];
}

test('add/subtract carry and borrow between the 32-bit halves: the interpreter and compiled blocks match a BigInt model', () => {
  const half = fc.constantFrom(0n, 1n, 0x7fffffffn, 0x80000000n, 0xfffff000n, 0xfffffffen, 0xffffffffn);
  const value = fc.oneof(fc.tuple(half, half).map(([h, l]) => (h << 32n) | l), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
  fc.assert(fc.property(value, value, (a, b) => {
    for (const iterations of [1, 600]) { // 600: the loop's block compiles after 500 jumps and runs the rest
      const m = machine(CARRY_LOOP);
      m.cpu.setX(1, a); m.cpu.setX(2, b); m.cpu.setX(20, BigInt(iterations));
      assert.equal(m.cpu.run(100_000), RunStop.TrapToEl2);
      const got = Array.from({ length: 17 }, (_, k) => m.cpu.getX(3 + k));
      assert.deepEqual(got, carryModel(a, b), `a=0x${a.toString(16)} b=0x${b.toString(16)}, ${iterations} iteration(s)`);
    }
  }), { numRuns: 100 });
});
