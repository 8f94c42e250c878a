/**
 * The block compiler (jit.ts) must not change what a program computes or how many instructions a
 * run executes. Checked against a BigInt model of a C loop, and differentially against the
 * interpreter alone (jit off) on random straight-line integer code inside a hot loop.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { insn } from './test-insns.ts';
import { identityMmu, machine, poke, RAM_BASE, SUM_LOOP as LOOP, withSyncVectors } from './test-helpers.ts';
import { RunStop } from './api.ts';
import { blockPrimer, PRIME_AT } from './jit.ts';

const M64 = (1n << 64n) - 1n;


function model(n: number): bigint {
  let s = 0n;
  for (let i = 0n; i < BigInt(n); i++) {
    const t = (s + i) & M64;
    s = (t ^ (BigInt.asUintN(64, BigInt.asIntN(64, t) >> 3n))) & M64;
  }
  return s;
}

test('compiled loop computes what the C expression does and retires exactly the instructions run', () => {
  const m = machine(LOOP);
  assert.equal(m.cpu.run(1_000_000), RunStop.TrapToEl2);
  assert.equal(m.cpu.getX(0), model(1000));
  assert.equal(m.cpu.retired, 3 + 5 * 1000 + 1, 'setup, 1000 iterations, the HVC');
});

test('run(k) never overshoots, with blocks compiled', () => {
  const m = machine(LOOP);
  let total = 0;
  for (;;) {
    const before = m.cpu.retired;
    const stop = m.cpu.run(7);
    total += m.cpu.retired - before;
    if (stop === RunStop.TrapToEl2) break;
    assert.equal(m.cpu.retired - before, 7);
  }
  assert.equal(total, 3 + 5 * 1000 + 1);
  assert.equal(m.cpu.getX(0), model(1000));
});

test('random integer code in a hot loop: same registers, flags and memory with and without the block compiler', () => {
  fc.assert(fc.property(fc.array(insn, { minLength: 1, maxLength: 12 }), fc.array(fc.bigInt({ min: 0n, max: M64 }), { minLength: 27, maxLength: 27 }),
    (body, init) => {
      const prog = [
        0xd2a8021b, // mov  x27, #0x40100000 (scratch)
        0xd2804b1c, // mov  x28, #600
        ...body,
        0xf100079c, // subs x28, x28, #1
        0x54000001 | (((-(body.length + 1)) & 0x7ffff) << 5), // b.ne body
        0xd4000002, // hvc  #0
      ];
      const results = [true, false].map((jit) => {
        const m = machine(prog);
        m.cpu.jit = jit;
        init.forEach((v, i) => m.cpu.setX(i, v));
        const stop = m.cpu.run(100_000);
        return { stop, x: Array.from({ length: 31 }, (_, i) => m.cpu.getX(i)), ps: m.cpu.getPstate(), pc: m.cpu.getPc(),
          mem: Array.from(m.mem.subarray(0x100000, 0x100000 + 128 * 8)), n: m.cpu.retired };
      });
      assert.deepEqual(results[0], results[1]);
      assert.equal(results[0].pc, RAM_BASE + BigInt(4 * (prog.length)));
    }), { numRuns: 150 });
});

test('stores to data beside code on the same page keep the compiled block; a store onto code drops it', () => {
  const m = machine([
    0x10000201, // 0x00 adr  x1, data      (0x40 bytes on, same page)
    0xd2807d02, // 0x04 mov  x2, #1000
    0xf9000022, // 0x08 1: str x2, [x1]
    0xf1000442, // 0x0c    subs x2, x2, #1
    0x54ffffc1, // 0x10    b.ne 1b
    0xd4000002, // 0x14 hvc  #0
  ]);
  assert.equal(m.cpu.run(100_000), RunStop.TrapToEl2);
  assert.equal(m.dv.getBigUint64(0x40, true), 1n);
  assert.ok(m.cpu.curBlocks.some((f) => typeof f === 'function'), 'the loop block survived 1000 stores to its page');
  m.cpu.setX(1, RAM_BASE + 0x10n); // now store onto the b.ne and the hvc
  m.cpu.setX(2, 0xd4000002_d503201fn); // nop; hvc #0
  m.cpu.setPc(RAM_BASE + 8n);
  assert.equal(m.cpu.run(3), RunStop.Budget, 'str, subs, and the new nop');
  assert.ok(!m.cpu.curBlocks.some((f) => typeof f === 'function'), 'page records dropped');
  assert.equal(m.cpu.run(10), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0x18n);
});

// A loop of two blocks on one page, as compilers lay out a while loop: A ends in a branch to B that is
// taken every time round but the last, B branches back to A. Once both are hot they run as one
// compiled function. B stores w7 to `data` each time round, and onto A's first instruction (add x3,
// x3, #1 becomes add x3, x3, #5) when x0 reaches x8.
const CHAIN = [
  0xd2800000, // 0x00 mov  x0, #0
  0xd2800003, // 0x04 mov  x3, #0
  0x100007c5, // 0x08 adr  x5, data (0x100)
  0x100000a6, // 0x0c adr  x6, A (0x20)
  0x52828c67, // 0x10 mov  w7, #0x1463
  0x72b22007, // 0x14 movk w7, #0x9100, lsl #16  (w7 = add x3, x3, #5)
  0xd2806408, // 0x18 mov  x8, #800
  0xd503201f, // 0x1c nop
  0x91000463, // 0x20 A: add x3, x3, #1
  0x91000400, // 0x24    add x0, x0, #1
  0xf10fa01f, // 0x28    cmp x0, #1000
  0x54000081, // 0x2c    b.ne B
  0xd4000002, // 0x30    hvc #0
  0xd503201f, // 0x34    nop
  0xd503201f, // 0x38    nop
  0xeb08001f, // 0x3c B: cmp x0, x8
  0x9a8500c9, // 0x40    csel x9, x6, x5, eq
  0xb9000127, // 0x44    str w7, [x9]
  0x17fffff6, // 0x48    b A
];
const CHAIN_INSNS = 8 + 999 * 8 + 4 + 1;

/** What a test compares: registers, flags, PC, the data word and the count. */
interface State { x: bigint[]; ps: number; pc: bigint; data: number; n: number }
function state(m: ReturnType<typeof machine>): State {
  return { x: [0, 3, 9].map((r) => m.cpu.getX(r)), ps: m.cpu.getPstate(), pc: m.cpu.getPc() - RAM_BASE, data: m.dv.getUint32(0x100, true), n: m.cpu.retired };
}

test('a loop of two blocks runs inside one compiled call; modified while it runs, the new instruction is what runs next', () => {
  const m = machine(CHAIN);
  m.cpu.setX(8, 2000n); // no patch this time
  assert.equal(m.cpu.run(8 + 600 * 8), RunStop.Budget);
  const a = m.cpu.curBlocks[0x20 / 4];
  assert.equal(typeof a, 'function', 'A compiled');
  m.cpu.setPc(RAM_BASE + 0x20n);
  assert.equal(a!(m.cpu, 8 * 10), 8 * 10, 'ten times round A and B in one call, the budget exactly used');
  assert.equal(m.cpu.getPc(), RAM_BASE + 0x20n);
  assert.equal(a!(m.cpu, 8 * 10 + 3), 8 * 10, 'stops where the next block does not fit: at A, with 3 left');
  assert.equal(m.cpu.getPc(), RAM_BASE + 0x20n);

  const runs = [true, false].map((jit) => {
    const k = machine(CHAIN);
    k.cpu.jit = jit;
    assert.equal(k.cpu.run(100_000), RunStop.TrapToEl2);
    return state(k);
  });
  assert.deepEqual(runs[0], runs[1]);
  assert.deepEqual(runs[0], { x: [1000n, 800n + 5n * 200n, RAM_BASE + 0x100n], ps: 0x3c5 | 0x60000000, pc: 0x34n, data: 0x91001463, n: CHAIN_INSNS });
});

test('run(k) stops exactly at k inside a chained loop, in the same state as the interpreter', () => {
  fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }), (ks) => {
    const ms = [true, false].map((jit) => { const k = machine(CHAIN); k.cpu.jit = jit; return k; });
    ms.forEach((k) => k.cpu.run(8 + 550 * 8 + 3)); // the loop compiled, stopped inside B
    for (let j = 0; j < 200; j++) {
      const n = ks[j % ks.length]!;
      const stops = ms.map((k) => { const before = k.cpu.retired; const s = k.cpu.run(n); return { s, ran: k.cpu.retired - before }; });
      assert.deepEqual(stops[0], stops[1]);
      assert.deepEqual(state(ms[0]!), state(ms[1]!));
      if (stops[0]!.s !== RunStop.Budget) break;
      assert.equal(stops[0]!.ran, n);
    }
  }), { numRuns: 20 });
});

const HYP_TDE = { tde: true, tda: false, tdosa: false, twi: false, vmpidr: 0x80000000n };

test('a breakpoint or watchpoint set on a chained loop after it was compiled stops it where the interpreter stops', () => {
  for (const kind of ['breakpoint', 'watchpoint'] as const) {
    const ms = [true, false].map((jit) => {
      const k = machine(CHAIN);
      k.cpu.jit = jit;
      Object.assign(k.cpu.hyp, HYP_TDE);
      k.cpu.setSysReg('MDSCR_EL1', 0x8000n); // MDE
      assert.equal(k.cpu.run(8 + 700 * 8 + 5), RunStop.Budget); // compiled and running (in B)
      return k;
    });
    const hits = ms.map((k) => {
      if (kind === 'breakpoint') {
        k.cpu.setSysReg('DBGBVR0_EL1', RAM_BASE + 0x24n); // A's second instruction
        k.cpu.setSysReg('DBGBCR0_EL1', 0x1e3n);
      } else {
        k.cpu.setSysReg('DBGWVR0_EL1', RAM_BASE + 0x20n); // A's first instruction, stored to at x0 = 800
        k.cpu.setSysReg('DBGWCR0_EL1', 0x1f3n); // BAS = 0xf, LSC = store, PAC = EL1, E
      }
      const out: (State & { s: RunStop; esr: bigint })[] = [];
      for (let j = 0; j < 3; j++) {
        const s = k.cpu.run(100_000);
        out.push({ s, esr: k.cpu.el2.esr, ...state(k) });
        if (s !== RunStop.TrapToEl2 || k.cpu.getPc() === RAM_BASE + 0x34n) break;
        if (kind === 'watchpoint') k.cpu.setSysReg('DBGWCR0_EL1', 0n); // let the store happen
        else k.cpu.setSysReg('DBGBCR0_EL1', 0n);
        k.cpu.run(1);
        if (kind === 'watchpoint') k.cpu.setSysReg('DBGWCR0_EL1', 0x1f3n);
        else k.cpu.setSysReg('DBGBCR0_EL1', 0x1e3n);
      }
      return out;
    });
    assert.deepEqual(hits[0], hits[1], kind);
    assert.equal(hits[0]![0]!.s, RunStop.TrapToEl2);
    if (kind === 'breakpoint') {
      assert.equal(hits[0]![0]!.esr, 0xc2000022n, 'EC 0x30');
      assert.equal(hits[0]![0]!.pc, 0x24n);
      assert.equal(hits[0]![0]!.x[0], 701n, 'A\'s add to x0 not yet done');
    } else {
      assert.equal(hits[0]![0]!.esr, 0xd2000062n, 'EC 0x34, WnR');
      assert.equal(hits[0]![0]!.pc, 0x44n, 'at the STR');
      assert.equal(hits[0]![0]!.x[0], 800n);
    }
  }
});

// A loop that keeps its data on the page of its code (stores of 1, 8, 16 and a 16-byte SIMD register)
// and calls f, whose one instruction is rewritten by `patch` once x2 reaches 200: f's `add x3, x3, #1`
// becomes `add x3, x3, #5`. The patch store writes only f's add (STR W), or 16 bytes whose first and
// last words were never executed and whose middle words are f (STP X, STR Q).
const BESIDE = (patch: number): number[] => {
  const w = [
    0x10001001, // 0x00 adr  x1, data (0x200)
    0x100007e9, // 0x04 adr  x9, fpad (0x100)
    0xd2807d02, // 0x08 mov  x2, #1000
    0xd2800003, // 0x0c mov  x3, #0
    0xf9000022, // 0x10 L: str x2, [x1]
    0x39002022, // 0x14    strb w2, [x1, #8]
    0xa9010c22, // 0x18    stp x2, x3, [x1, #16]
    0x3d800821, // 0x1c    str q1, [x1, #32]
    0x94000039, // 0x20    bl f (0x104)
    0xf103205f, // 0x24    cmp x2, #200
    0x54000041, // 0x28    b.ne 0x30
    patch, //      0x2c    the store onto f
    0xf1000442, // 0x30    subs x2, x2, #1
    0x54fffee1, // 0x34    b.ne L
    0xd4000002, // 0x38    hvc #0
  ];
  while (w.length < 0x100 / 4) w.push(0);
  w.push(0x00000000, 0x91000463, 0xd65f03c0, 0x00000000); // 0x100 fpad: .word 0; f: add x3, x3, #1; ret; .word 0
  return w;
};
const PATCHES = [
  { what: 'str w7, [x9, #4]', word: 0xb9000527, x7: 0x91001463n, x8: 0n, v0: 0n },
  { what: 'stp x7, x8, [x9]', word: 0xa9002127, x7: 0x91001463_00000000n, x8: 0xd65f03c0n, v0: 0n },
  { what: 'str q0, [x9]', word: 0x3d800120, x7: 0n, x8: 0n, v0: (0xd65f03c0n << 64n) | (0x91001463n << 32n) },
];

/** At RAM + 0x3000 (the 4th page of its RAM region), with the MMU off or on (4 KiB pages mapping VA = PA). */
function besideMachine(words: number[], mmu: boolean): ReturnType<typeof machine> {
  const m = machine(words, 0x3000);
  if (mmu) identityMmu(m, 8);
  return m;
}

test('stores beside code on its page stay on the fast path; a store onto a decoded instruction is what runs next, in both tiers', () => {
  const cases = [false, true].flatMap((mmu) => PATCHES.flatMap((p) => [true, false].map((jit) => ({ mmu, p, jit }))));
  for (const { mmu, p, jit } of cases) {
    const m = besideMachine(BESIDE(p.word), mmu);
    m.cpu.jit = jit;
    m.cpu.setSysReg('CPACR_EL1', 0x300000n); // FPEN: SIMD&FP without trapping
    m.cpu.setX(7, p.x7); m.cpu.setX(8, p.x8); m.cpu.setVReg(0, p.v0); m.cpu.setVReg(1, 0x1111_2222_3333_4444_5555_6666_7777_8888n);
    const what = `${p.what}, ${jit ? 'compiled' : 'interpreter'}, MMU ${mmu ? 'on' : 'off'}`;
    assert.equal(m.cpu.run(4 + 11), RunStop.Budget, 'set-up and the first iteration (the store window is made)');
    // count the general paths the loop's stores take from then on
    let slow = 0;
    const memOp = m.cpu.memOp.bind(m.cpu), fpInsn = m.cpu.fpInsn.bind(m.cpu);
    m.cpu.memOp = (op, dec, i) => { slow++; return memOp(op, dec, i); };
    m.cpu.fpInsn = (w) => { if ((w & 0x0a000000) === 0x08000000) slow++; return fpInsn(w); }; // loads and stores
    assert.equal(m.cpu.run(799 * 11), RunStop.Budget);
    assert.equal(m.cpu.getX(2), 200n, what);
    assert.equal(slow, 0, `${what}: 799 x 4 stores beside decoded code, none on the general path`);
    if (jit) assert.equal(typeof m.cpu.curBlocks[0x10 / 4], 'function', `${what}: the loop is compiled`);
    assert.equal(m.cpu.run(100_000), RunStop.TrapToEl2, what);
    assert.equal(m.cpu.getX(3), 801n + 5n * 199n, `${what}: f adds 1 up to the patch, 5 after it`);
    assert.equal(m.cpu.retired, 4 + 11 * 1000 + 1 + 1, what);
    assert.equal(m.dv.getBigUint64(0x3200, true), 1n, what);
    assert.equal(m.dv.getBigUint64(0x3210, true), 1n, `${what}: stp x2, x3 of the last iteration`);
    assert.equal(m.dv.getBigUint64(0x3218, true), 801n + 5n * 198n, what);
    assert.equal(m.dv.getBigUint64(0x3220, true), 0x5555_6666_7777_8888n, `${what}: str q1`);
  }
});

test('a store window made on a region before code ever ran there still sees the code decoded there later', () => {
  // A region makes its code tables when code first runs in it; the store fast path must then look at
  // those tables, not at what the region had when the store window was made.
  const B = 0x50000000n;
  for (const jit of [true, false]) {
    const m = machine([
      0xb9000823, // str w3, [x1, #8]   data store into B: B becomes the store window, no code ran in B yet
      0xd63f0020, // blr x1             run B: its first instruction is decoded
      0xaa0003e4, // mov x4, x0
      0xb9000022, // str w2, [x1]       overwrite B's first (decoded) instruction
      0xd63f0020, // blr x1
      0xd4000002, // hvc #0
    ]);
    m.cpu.jit = jit;
    const b = new Uint8Array(0x1000), bdv = new DataView(b.buffer);
    bdv.setUint32(0, 0xd2800020, true); // mov x0, #1
    bdv.setUint32(4, 0xd65f03c0, true); // ret
    m.cpu.mapRam(B, b);
    m.cpu.setX(1, B); m.cpu.setX(2, 0xd28000a0n); m.cpu.setX(3, 7n); // x2: mov x0, #5
    assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
    assert.equal(m.cpu.getX(4), 1n, 'the first call ran mov x0, #1');
    assert.equal(m.cpu.getX(0), 5n, `${jit ? 'compiled' : 'interpreter'}: the second call runs the instruction stored over it`);
    assert.equal(bdv.getUint32(8, true), 7);
  }
});

/** Run `m` on to its HVC, counting the loads and stores that take the general path (memOp). */
function generalPathsToEnd(m: ReturnType<typeof machine>): number {
  let slow = 0;
  const memOp = m.cpu.memOp.bind(m.cpu);
  m.cpu.memOp = (op, dec, i) => { slow++; return memOp(op, dec, i); };
  assert.equal(m.cpu.run(100_000), RunStop.TrapToEl2);
  return slow;
}

test('straight-line code longer than a block compiles in pieces as soon as the first one is hot, not one piece per threshold', () => {
  // an unrolled function (a hash's rounds) called N times: the piece after the first used to count as a
  // branch target only from the first piece's first compiled return, one piece per `jitThreshold` calls
  const LEN = 200, T = 20, N = 25;
  const f = 0x100;
  const m = machine([
    0xd2800322, // 0x00 mov x2, #25
    0x94000000 | ((f - 0x04) >> 2), // 0x04 1: bl f
    0xf1000442, // 0x08    subs x2, x2, #1
    0x54ffffc1, // 0x0c    b.ne 1b
    0xd4000002, // 0x10 hvc #0
  ]);
  poke(m, f, [...Array.from({ length: LEN }, () => 0x91000400), 0xd65f03c0]); // f: add x0, x0, #1 (x LEN); ret
  m.cpu.jitThreshold = T;
  assert.equal(m.cpu.run(100_000), RunStop.TrapToEl2);
  assert.equal(m.cpu.getX(0), BigInt(LEN * N));
  assert.equal(m.cpu.retired, 1 + N * (LEN + 4) + 1);
  for (let k = 0; k * 64 < LEN; k++) {
    assert.equal(typeof m.cpu.curBlocks[f / 4 + 64 * k], 'function', `the piece at f + ${k * 64} instructions is compiled after ${N} calls`);
  }
});

test('with the MMU off, a loop copying from one region into another keeps its loads and stores on the fast path, in both tiers', () => {
  // U-Boot relocating itself from flash to RAM: one window for loads and stores alike sent every
  // access of such a loop down the general path, each load taking the window from the stores' region
  // and each store taking it back
  const B = 0x50000000n, N = 2048;
  for (const jit of [true, false]) {
    const m = machine([
      0xa8c12c2a, // 1: ldp x10, x11, [x1], #16   from B
      0xa8812c0a, //    stp x10, x11, [x0], #16   into RAM
      0xf1000442, //    subs x2, x2, #1
      0x54ffffa1, //    b.ne 1b
      0xd4000002, // hvc #0
    ]);
    m.cpu.jit = jit;
    const b = new Uint8Array(N * 16), bdv = new DataView(b.buffer);
    for (let k = 0; k < N * 2; k++) bdv.setBigUint64(k * 8, (BigInt(k + 1) * 0x9e3779b97f4a7c15n) & M64, true);
    m.cpu.mapRam(B, b);
    m.cpu.setX(1, B); m.cpu.setX(0, RAM_BASE + 0x10000n); m.cpu.setX(2, BigInt(N));
    assert.equal(m.cpu.run(8), RunStop.Budget, 'two iterations: each side makes its window');
    const slow = generalPathsToEnd(m);
    const what = jit ? 'compiled' : 'interpreter';
    assert.equal(slow, 0, `${what}: ${N - 2} x (a load from B and a store into RAM), none on the general path`);
    if (jit) assert.equal(typeof m.cpu.curBlocks[0], 'function', 'the loop is compiled');
    assert.deepEqual(m.mem.subarray(0x10000, 0x10000 + N * 16), b, `${what}: the copy`);
    assert.equal(m.cpu.retired, 4 * N + 1, what);
  }
});

test('32-bit LDP, LDPSW and STP load, extend and store both words on the fast path, in both tiers', () => {
  const B = 0x50000000n, N = 1536;
  const word = (k: number): number => Number(((BigInt(k) + 1n) * 0x9e3779b97f4a7c15n) >> 32n & 0xffffffffn) | 0; // both signs
  for (const jit of [true, false]) {
    const m = machine([
      0x28c12c2a, // 1: ldp   w10, w11, [x1], #8   from B
      0x697f342c, //    ldpsw x12, x13, [x1, #-8]
      0x2881280b, //    stp   w11, w10, [x0], #8   into RAM, swapped
      0x8b0c0063, //    add   x3, x3, x12
      0x8b0b0084, //    add   x4, x4, x11
      0x8b0d00a5, //    add   x5, x5, x13
      0xf1000442, //    subs  x2, x2, #1
      0x54ffff21, //    b.ne  1b
      0xd4000002, // hvc #0
    ]);
    m.cpu.jit = jit;
    const b = new Uint8Array(N * 8), bdv = new DataView(b.buffer);
    for (let k = 0; k < N * 2; k++) bdv.setInt32(k * 4, word(k), true);
    m.cpu.mapRam(B, b);
    m.cpu.setX(1, B); m.cpu.setX(0, RAM_BASE + 0x10000n); m.cpu.setX(2, BigInt(N));
    for (const r of [3, 4, 5, 10, 11, 12, 13]) m.cpu.setX(r, 0xdead_beef_0000_0000n); // upper halves the loads must clear
    m.cpu.setX(3, 0n); m.cpu.setX(4, 0n); m.cpu.setX(5, 0n);
    assert.equal(m.cpu.run(16), RunStop.Budget, 'two iterations: each side makes its window');
    const slow = generalPathsToEnd(m);
    const what = jit ? 'compiled' : 'interpreter';
    assert.equal(slow, 0, `${what}: ${N - 2} x 3 pair accesses, none on the general path`);
    if (jit) assert.equal(typeof m.cpu.curBlocks[0], 'function', 'the loop is compiled');
    let s3 = 0n, s4 = 0n, s5 = 0n;
    for (let k = 0; k < N; k++) {
      const a = word(2 * k), c = word(2 * k + 1);
      s3 += BigInt(a); s4 += BigInt(c >>> 0); s5 += BigInt(c);
      assert.equal(m.dv.getInt32(0x10000 + 8 * k, true), c, `${what}: stp w11 at ${k}`);
      assert.equal(m.dv.getInt32(0x10000 + 8 * k + 4, true), a, `${what}: stp w10 at ${k}`);
    }
    assert.equal(m.cpu.getX(3), s3 & M64, `${what}: LDPSW's first word sign-extended`);
    assert.equal(m.cpu.getX(4), s4 & M64, `${what}: LDP's second word zero-extended`);
    assert.equal(m.cpu.getX(5), s5 & M64, `${what}: LDPSW's second word sign-extended`);
    assert.equal(m.cpu.getX(10), BigInt(word(2 * N - 2) >>> 0), `${what}: LDP W clears the upper half`);
    assert.equal(m.cpu.getX(1), B + BigInt(N * 8), `${what}: post-index write-back`);
    assert.equal(m.cpu.retired, 8 * N + 1, what);
  }
});

test('with the MMU on, loads from eight pages 256 KiB apart keep a window each: none takes the general path once they are made, in both tiers', () => {
  // a kernel's linear map is pages, each leaf its own window; 64 windows kept by VA[17:12] made these
  // pages evict one another at every access
  const PAGES = [0x80000, 0xc0000, 0x100000, 0x140000, 0x180000, 0x1c0000, 0x200000, 0x240000];
  for (const jit of [true, false]) {
    const m = machine([
      ...PAGES.flatMap((_, k) => [0xf9400000 | ((11 + k) << 5) | 10, 0x8b0a0000]), // 1: ldr x10, [x(11 + k)]; add x0, x0, x10
      0xf1000442, //    subs x2, x2, #1
      0x54fffde1, //    b.ne 1b
      0xd4000002, // hvc #0
    ], 0x3000);
    m.cpu.jit = jit;
    identityMmu(m, 1024);
    PAGES.forEach((off, k) => { m.dv.setBigUint64(off, BigInt(k + 1) << 32n, true); m.cpu.setX(11 + k, RAM_BASE + BigInt(off)); });
    const N = 1000;
    m.cpu.setX(0, 0n); m.cpu.setX(2, BigInt(N));
    assert.equal(m.cpu.run(18), RunStop.Budget, 'the first iteration makes the windows');
    const slow = generalPathsToEnd(m);
    const what = jit ? 'compiled' : 'interpreter';
    assert.equal(slow, 0, `${what}: ${N - 1} x 8 loads, none on the general path`);
    if (jit) assert.equal(typeof m.cpu.curBlocks[0], 'function', 'the loop is compiled');
    assert.equal(m.cpu.getX(0), BigInt(N) * (36n << 32n), what);
    assert.equal(m.cpu.retired, 18 * N + 1, what);
  }
});

// MRS of SP_EL0 and the thread registers (op MRSV) does not end a block: checked in a compiled loop
// against the values written, and UNDEFINED still where the architecture says (SP_EL0 at EL1t).
const MRS_LOOP = [
  0xd2800000, // 0x00 mov  x0, #0
  0xd2807d01, // 0x04 mov  x1, #1000
  0xd5384105, // 0x08 1: mrs x5, sp_el0
  0x8b050000, // 0x0c    add x0, x0, x5
  0xd538d085, // 0x10    mrs x5, tpidr_el1
  0xca050000, // 0x14    eor x0, x0, x5
  0xd53bd045, // 0x18    mrs x5, tpidr_el0
  0x8b050000, // 0x1c    add x0, x0, x5
  0xd53bd065, // 0x20    mrs x5, tpidrro_el0
  0xcb050000, // 0x24    sub x0, x0, x5
  0xf1000421, // 0x28    subs x1, x1, #1
  0x54fffee1, // 0x2c    b.ne 1b
  0xd50040bf, // 0x30 msr  spsel, #0
  0x17fffff5, // 0x34 b    1b: at EL1t, mrs sp_el0 is UNDEFINED
];

test('MRS of SP_EL0, TPIDR_EL1, TPIDR_EL0, TPIDRRO_EL0 inside a compiled loop reads the registers; SP_EL0 at EL1t is UNDEFINED', () => {
  const regs = { SP_EL0: 0xfedcba9876543210n, TPIDR_EL1: 0x8000123480001234n, TPIDR_EL0: 0x0123456789abcdefn, TPIDRRO_EL0: 0xffffffff00000001n };
  let want = 0n;
  for (let i = 0; i < 1000; i++) {
    want = (want + regs.SP_EL0) & M64;
    want ^= regs.TPIDR_EL1;
    want = (want + regs.TPIDR_EL0) & M64;
    want = (want - regs.TPIDRRO_EL0) & M64;
  }
  for (const jit of [true, false]) {
    const m = withSyncVectors(MRS_LOOP);
    poke(m, 0x800, [0xd4000022]); // VBAR + 0: current EL with SP_EL0, hvc #1
    m.cpu.jit = jit;
    for (const [k, v] of Object.entries(regs)) m.cpu.setSysReg(k as keyof typeof regs, v);
    assert.equal(m.cpu.run(100_000), RunStop.TrapToEl2, `jit ${jit}`);
    assert.equal(typeof m.cpu.curBlocks[0x08 / 4], jit ? 'function' : 'undefined', `jit ${jit}: the loop compiled or not`);
    assert.equal(m.cpu.getX(0), want, `jit ${jit}`);
    assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x02000000n, `jit ${jit}: EC 0, IL`);
    assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 0x08n, `jit ${jit}`);
    assert.equal(m.cpu.getPc(), RAM_BASE + 0x804n, `jit ${jit}: after the vector's HVC`);
    assert.equal(m.cpu.retired, 2 + 10 * 1000 + 2 + 1 + 1, `jit ${jit}: setup, the loop, msr and b, the UNDEFINED, the HVC`);
  }
});

test('a block is run once on the primer at its PRIME_AT-th call: every load and store on its general path there, nothing on the calling CPU', () => {
  const at = 0x7000; // code no other test compiles: its block functions are new, their counts of calls at 0
  const m = machine([
    0x10000801, //    adr x1, data (at + 0x100)
    0xd2800002, //    mov x2, #0
    0x94000003, // 1: bl f
    0x91000442, //    add x2, x2, #1
    0x17fffffe, //    b 1b
    0xf9400023, // f: ldr x3, [x1]          f's block: called once an iteration
    0x91000463, //    add x3, x3, #1
    0xf9000423, //    str x3, [x1, #8]
    0xa9401424, //    ldp x4, x5, [x1]
    0xf9000024, //    str x4, [x1]
    0xd65f03c0, //    ret
  ], at);
  m.cpu.jitThreshold = 2;
  m.dv.setBigUint64(at + 0x100, 41n, true);
  const ITER = 9;
  assert.equal(m.cpu.run(2 + 4 * ITER), RunStop.Budget);
  const p = blockPrimer();
  assert.ok(p !== undefined, 'the first block compiled made the primer');
  assert.equal(typeof m.cpu.curBlocks[(0x14 + at % 0x1000) / 4], 'function', "f's block is compiled");
  const ops: number[] = [];
  const memOp = p.memOp.bind(p);
  p.memOp = (op, dec, i) => { ops.push(op); return memOp(op, dec, i); };
  try {
    assert.equal(m.cpu.run(2 * PRIME_AT * ITER), RunStop.Budget);
  } finally {
    delete (p as { memOp?: unknown }).memOp;
  }
  assert.equal(ops.length, 4, 'the primer ran f once, its four loads and stores on the general path');
  assert.equal(m.cpu.getX(2), BigInt(4 + 2 * PRIME_AT), 'the CPU that called the blocks ran every iteration');
  assert.equal(m.dv.getBigUint64(at + 0x100, true), 41n);
  assert.equal(m.dv.getBigUint64(at + 0x108, true), 42n);
  assert.equal(m.cpu.getX(5), 42n);
});
