/**
 * The WebAssembly tier (wasm-tier.ts) must compute exactly what the interpreter computes, retire the
 * same instructions and stop where it stops. Checked differentially against the interpreter alone
 * (jit off) on random integer and load/store code in hot loops, with the MMU off and on, and on the
 * programs of the block compiler's own tests; and that the tier really ran them (its counters).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { identityMmu, machine, poke, RAM_BASE, type Machine } from './test-helpers.ts';
import { insn, ldstMore } from './test-insns.ts';
import { RunStop } from './api.ts';
import { wasmBatch, wasmFlush, wasmTierStats } from './wasm-tier.ts';
import { allocHostMemory, hostOf } from './host-memory.ts';
import { A64Cpu } from './cpu.ts';
import { HOT_RAMP, HOT_WASM } from './core.ts';

const M64 = (1n << 64n) - 1n;

/** What a run ends with: registers, NZCV and the rest of PSTATE, PC, count, 1 KiB of data at x27's start. */
function outcome(m: Machine, stop: RunStop): unknown {
  return { stop, x: Array.from({ length: 31 }, (_, i) => m.cpu.getX(i)), sp: m.cpu.getSp(), ps: m.cpu.getPstate(), pc: m.cpu.getPc(),
    mem: Array.from(m.mem.subarray(0x100000 - 512, 0x100000 + 1024)), n: m.cpu.retired };
}

/**
 * Run machines `ms` (the tier's, the interpreter's) `rounds` times with the budgets of `ks` in turn,
 * until the program stops otherwise: each run stops alike, in the same state, its whole budget used.
 */
function sameStops(ms: Machine[], ks: number[], rounds: number): void {
  for (let j = 0; j < rounds; j++) {
    const n = ks[j % ks.length]!;
    const stops = ms.map((k) => { const before = k.cpu.retired; const s = k.cpu.run(n); return { s, ran: k.cpu.retired - before }; });
    assert.deepEqual(stops[0], stops[1]);
    assert.deepEqual(outcome(ms[0]!, stops[0]!.s), outcome(ms[1]!, stops[1]!.s));
    if (stops[0]!.s !== RunStop.Budget) break;
    assert.equal(stops[0]!.ran, n);
  }
}

/** `body` 600 times round a loop, x27 pointing at RAM + 1 MiB; with the MMU on (4 KiB pages) when `mmu`. */
function loopProgram(body: number[]): number[] {
  return [
    0xd2a8021b, // mov  x27, #0x40100000
    0xd2804b1c, // mov  x28, #600
    ...body,
    0xf100079c, // subs x28, x28, #1
    0x54000001 | (((-(body.length + 1)) & 0x7ffff) << 5), // b.ne body
    0xd4000002, // hvc  #0
  ];
}

function differential(mmu: boolean, gen: fc.Arbitrary<number>, runs: number): void {
  let ranWasm = 0, completed = 0;
  fc.assert(fc.property(fc.array(gen, { minLength: 1, maxLength: 12 }), fc.array(fc.bigInt({ min: 0n, max: M64 }), { minLength: 27, maxLength: 27 }),
    (body, init) => {
      const prog = loopProgram(body);
      const results = ([['wasm', true], ['interpreter', false]] as const).map(([, jit]) => {
        const m = machine(prog, 0, true);
        m.cpu.jit = jit;
        if (mmu) identityMmu(m, 1024);
        init.forEach((v, i) => m.cpu.setX(i, v));
        const before = wasmTierStats.insns;
        const stop = m.cpu.run(100_000);
        if (jit && wasmTierStats.insns > before) ranWasm++;
        return outcome(m, stop);
      });
      assert.deepEqual(results[0], results[1]);
      if ((results[0] as { pc: bigint }).pc === RAM_BASE + BigInt(4 * prog.length)) completed++;
    }), { numRuns: runs });
  // the loops that ran to their end ran in the tier (the generators make only instructions it takes);
  // with the MMU on, all but those whose first access is to a page not yet accessed every time round
  // (x27 written back by a page or more): each call then stops before it, and the loop ends in JavaScript
  assert.ok(completed > runs / 4, `${completed} of ${runs} loops ran to their end`);
  assert.ok(ranWasm >= (mmu ? 0.9 : 1) * completed, `the WebAssembly tier ran ${ranWasm} of the ${completed} completed loops`);
}

test('random integer and load/store code in a hot loop, MMU off: the WebAssembly tier ends where the interpreter does', () => {
  differential(false, fc.oneof(insn, ldstMore), 150);
});

test('the same with the MMU on (4 KiB pages: a window per page)', () => {
  differential(true, fc.oneof(insn, ldstMore), 80);
});

test('RBIT, REV16, REV32, REV, CLZ, CLS of X and W registers (and an ISB) in the tier compute what the interpreter does', () => {
  const prog = loopProgram([
    0xdac00005, // rbit  x5, x0
    0xd5033fdf, // isb
    0xdac00406, // rev16 x6, x0
    0xdac00807, // rev32 x7, x0
    0xdac00c08, // rev   x8, x0
    0xdac01029, // clz   x9, x1
    0xdac0142a, // cls   x10, x1
    0x5ac0002b, // rbit  w11, w1
    0x5ac0040c, // rev16 w12, w0
    0x5ac0080d, // rev   w13, w0
    0x5ac0102e, // clz   w14, w1
    0x5ac0142f, // cls   w15, w1
    0xdac01410, // cls   x16, x0
    0xcac034a0, // eor   x0, x5, x0, ror #13
    0x8b060000, // add   x0, x0, x6
    0xca070c00, // eor   x0, x0, x7, lsl #3
    0x8b481400, // add   x0, x0, x8, lsr #5
    0x8b100000, // add   x0, x0, x16
  ]);
  // x1 (never written) from the edges CLZ and CLS turn on too: 0, all ones, one bit, a sign and one bit
  const edge = fc.constantFrom(0n, M64, 1n, 1n << 31n, 1n << 63n, (1n << 63n) | 1n, 0xffffffffn, 0x80000000_7fffffffn);
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: M64 }), fc.oneof(edge, fc.bigInt({ min: 0n, max: M64 })), (x0, x1) => {
    const results = [true, false].map((jit) => {
      const m = machine(prog, 0, true);
      m.cpu.jit = jit;
      m.cpu.wasmThreshold = 100;
      m.cpu.setX(0, x0); m.cpu.setX(1, x1);
      const s0 = wasmTierStats.insns;
      return { end: outcome(m, m.cpu.run(100_000)), wasm: wasmTierStats.insns - s0 };
    });
    assert.deepEqual(results[0]!.end, results[1]!.end);
    assert.ok(results[0]!.wasm > 20 * 50, `${results[0]!.wasm} instructions in the tier`);
  }), { numRuns: 60 });
});

/**
 * Load- and store-exclusives of every size, singles and pairs, succeeding and failing (x4 sums the
 * statuses); the last load-exclusive's store is the first instruction of the next time round, so the
 * monitor crosses the loop's branch (and a stop there, when the budget runs out).
 */
const EXCL = [
  0xc8137eb4, // stxr   w19, x20, [x21]      succeeds but the first time
  0x8b131c84, // add    x4, x4, x19, lsl #7
  0xc85f7f61, // ldxr   x1, [x27]
  0x8b020021, // add    x1, x1, x2
  0xc8037f61, // stxr   w3, x1, [x27]        succeeds
  0x8b030084, // add    x4, x4, x3
  0xc8057f61, // stxr   w5, x1, [x27]        fails: the monitor is open
  0x8b050484, // add    x4, x4, x5, lsl #1
  0xc87f1f46, // ldxp   x6, x7, [x26]
  0xca0200c6, // eor    x6, x6, x2
  0xc8281b47, // stxp   w8, x7, x6, [x26]    succeeds
  0x8b080884, // add    x4, x4, x8, lsl #2
  0x085f7f29, // ldxrb  w9, [x25]
  0x11000529, // add    w9, w9, #1
  0x480a7f09, // stxrh  w10, w9, [x24]       fails: another address and size
  0x8b0a0c84, // add    x4, x4, x10, lsl #3
  0x485fff0b, // ldaxrh w11, [x24]
  0x0b09016b, // add    w11, w11, w9
  0x480cff0b, // stlxrh w12, w11, [x24]      succeeds
  0x8b0c1084, // add    x4, x4, x12, lsl #4
  0x887f3aed, // ldxp   w13, w14, [x23]
  0x882f36ee, // stxp   w15, w14, w13, [x23] succeeds
  0x8b0f1484, // add    x4, x4, x15, lsl #5
  0x885f7ef0, // ldxr   w16, [x23]
  0x88117ed0, // stxr   w17, w16, [x22]      succeeds when x22 = x23
  0x8b111884, // add    x4, x4, x17, lsl #6
  0xc85f7eb4, // ldxr   x20, [x21]
];
function exclMachine(jit: boolean, mmu: boolean, x2: bigint, same: boolean): Machine {
  const m = machine(loopProgram(EXCL), 0, true);
  m.cpu.jit = jit;
  m.cpu.wasmThreshold = 100;
  if (mmu) identityMmu(m, 1024);
  const b = RAM_BASE + 0x100000n; // x27
  m.cpu.setX(2, x2); m.cpu.setX(26, b + 16n); m.cpu.setX(25, b + 33n); m.cpu.setX(24, b + 40n); m.cpu.setX(23, b + 48n); m.cpu.setX(22, same ? b + 48n : b + 56n); m.cpu.setX(21, b + 64n);
  return m;
}

test('load/store-exclusives in the tier: the same values, statuses and monitor as the interpreter, stopped anywhere', () => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: M64 }), fc.boolean(), fc.boolean(), (x2, same, mmu) => {
    const runs = [true, false].map((jit) => {
      const m = exclMachine(jit, mmu, x2, same);
      const s0 = wasmTierStats.insns;
      return { end: outcome(m, m.cpu.run(100_000)), x4: m.cpu.getX(4), wasm: wasmTierStats.insns - s0 };
    });
    assert.deepEqual(runs[0]!.end, runs[1]!.end);
    // each time round: w5 and w10 fail, w17 when x22 is not x23; the others succeed, w19 but the first time
    assert.equal(runs[1]!.x4, 600n * (same ? 10n : 74n) + 128n);
    assert.ok(runs[0]!.wasm > EXCL.length * 50, `${runs[0]!.wasm} instructions in the tier`);
  }), { numRuns: 16 });
  // stopped by the budget anywhere, between a load-exclusive and its store too: the monitor goes on
  // (60 among the budgets: one at least that the whole loop fits in)
  fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 1, maxLength: 20 }).map((ks) => [...ks, 60]), fc.boolean(), (ks, mmu) => {
    const ms = [true, false].map((jit) => exclMachine(jit, mmu, 0x1234_5678_9abcn, true));
    ms.forEach((k) => k.cpu.run(2 + 29 * 150 + 5)); // stopped inside the loop
    const s0 = wasmTierStats.insns;
    sameStops(ms, ks, 300);
    assert.ok(wasmTierStats.insns > s0, 'the loop ran in the tier');
  }), { numRuns: 10 });
});

test('a store-exclusive to [SP] with nothing marked: an SP alignment fault when SP is misaligned, in the tier as in the interpreter', () => batched(1, () => {
  const prog = loopProgram([
    0xc8017fe2, // stxr w1, x2, [sp]   fails (nothing marked) while SP is aligned
    0x8b010063, // add  x3, x3, x1
    0x8b2563ff, // add  sp, sp, x5      (x5 is 0 until the loop has run in the tier)
  ]);
  const results = [true, false].map((jit) => {
    const m = machine(prog, 0, true);
    m.cpu.jit = jit;
    m.cpu.wasmThreshold = 100;
    m.cpu.setSysReg('VBAR_EL1', RAM_BASE + 0x10000n);
    poke(m, 0x10200, [0xd4000022]); // hvc #1 at the current-EL vector
    const s0 = wasmTierStats.insns;
    m.cpu.run(2 + 5 * 400); // 400 times round
    const wasm = wasmTierStats.insns - s0;
    m.cpu.setX(5, 8n); // SP misaligned from the end of the next time round: the tier's function runs the STXR then
    return { end: outcome(m, m.cpu.run(10_000)), wasm, esr: m.cpu.getSysReg('ESR_EL1'), elr: m.cpu.getSysReg('ELR_EL1') };
  });
  assert.deepEqual({ ...results[0], wasm: 0 }, { ...results[1], wasm: 0 });
  assert.ok(results[0]!.wasm > 5 * 200, `${results[0]!.wasm} instructions in the tier before SP moved`);
  assert.equal(results[1]!.esr, (0x26n << 26n) | (1n << 25n), 'SP alignment fault (EC 0x26)');
  assert.equal(results[1]!.elr, RAM_BASE + 8n);
  assert.equal((results[1]!.end as { n: number }).n, 2 + 5 * 400 + 5 + 2, 'one more time round, the fault, the HVC at the vector');
}));

// The counters read in hot code (op MRSC): CNTPCT_EL0 into x1, CNTVCT_EL0 into x2, the distance from
// the last CNTPCT read stored at x27 each time round. The count advances by one a retired instruction
// (timer.ts), so the reads see exactly how many instructions ran before them.
const COUNTER_HEAD = [
  0xd503201f, // nop                    (or msr spsel, #0: EL1t)
  0xd2a8021b, // mov  x27, #0x40100000
  0xd2804b1c, // mov  x28, #600
];
/** What follows the CNTPCT read into x1 (the loop's 4th instruction, at 1:), in both programs. */
const COUNTER_TAIL = [
  0xd53be042, // mrs  x2, cntvct_el0
  0xcb070023, // sub  x3, x1, x7
  0xaa0103e7, // mov  x7, x1
  0xf8008763, // str  x3, [x27], #8
  0xf100079c, // subs x28, x28, #1
  0x54ffff41, // b.ne 1b
  0xd4000002, // hvc  #0
];
// CNTPCT read 4th, then 7 more instructions each time round
const COUNTER_LOOP = [...COUNTER_HEAD, 0xd53be021 /* 1: mrs x1, cntpct_el0 */, ...COUNTER_TAIL];
// and through a call to another page, as firmware's delay loops read it (U-Boot's get_ticks): the
// functions of the two pages go on into each other; CNTPCT read 6th, then 10 more each time round
const COUNTER_CALL = [...COUNTER_HEAD, 0x940007fd /* 1: bl ticks */, ...COUNTER_TAIL];
const TICKS = [
  0xd5033fdf, // 0x2000 ticks: isb
  0xd53be021, // mrs  x1, cntpct_el0
  0xd65f03c0, // ret
];
/** A machine for `prog` (COUNTER_LOOP or _CALL) at EL1t or EL1h, CNTVOFF `off`, in a tier: jit and wasmTier as given. */
function counterMachine(prog: number[], el1t: boolean, off: bigint, jit: boolean, wasm: boolean): Machine {
  const m = machine([el1t ? 0xd50040bf : 0xd503201f, ...prog.slice(1)], 0, true);
  poke(m, 0x2000, TICKS);
  m.cpu.jit = jit; m.cpu.wasmTier = wasm;
  // the tier takes code at 100 jumps, before a JavaScript block (500); without it, blocks from 50
  if (wasm) m.cpu.wasmThreshold = 100; else m.cpu.jitThreshold = 50;
  m.cpu.hyp.cntvoff = off;
  return m;
}

test('CNTPCT_EL0 and CNTVCT_EL0 read in hot code: the count at the instruction, in the tier, in JavaScript blocks and interpreted, stopped anywhere', () => batched(1, () => {
  const tiers = [['tier', true, true], ['blocks', true, false], ['interpreter', false, false]] as const;
  for (const [prog, first, round, cntv] of [[COUNTER_LOOP, 4, 7, 1], [COUNTER_CALL, 6, 10, 2]] as const) {
    for (const el1t of [false, true]) {
      // CNTVOFF a number, and one only BigInt holds (the reads then take MRS's own path)
      for (const off of [5n, 1n << 53n]) {
        for (const [name, jit, wasm] of tiers) {
          const what = `${prog === COUNTER_CALL ? 'call' : 'loop'}, ${el1t ? 'EL1t' : 'EL1h'}, CNTVOFF ${off}, ${name}`;
          const m = counterMachine(prog, el1t, off, jit, wasm);
          const s0 = { ...wasmTierStats };
          assert.equal(m.cpu.run(100_000), RunStop.TrapToEl2, what);
          const last = first + round * 599;
          assert.equal(m.cpu.retired, 3 + 600 * round + 1, `${what}: the setup, 600 times round, the HVC`);
          assert.equal(m.cpu.getX(1), BigInt(last), `${what}: the last CNTPCT read`);
          assert.equal(m.cpu.getX(2), BigInt.asUintN(64, BigInt(last + cntv) - off), `${what}: the last CNTVCT read`);
          const gaps = Array.from({ length: 600 }, (_, k) => Number(m.dv.getBigUint64(0x100000 + 8 * k, true)));
          assert.deepEqual(gaps, [first, ...Array<number>(599).fill(round)], `${what}: from one read to the next`);
          if (name === 'tier' && !el1t && off === 5n) {
            assert.ok(wasmTierStats.insns - s0.insns > 300 * round, `${what}: ${wasmTierStats.insns - s0.insns} instructions in the tier`);
            if (prog === COUNTER_CALL) assert.ok(wasmTierStats.hops - s0.hops > 300, `${what}: ${wasmTierStats.hops - s0.hops} functions entered from another`);
          }
        }
      }
    }
    // stopped by the budget anywhere: the tier's reads see the counts the interpreter's do
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 20 }), fc.boolean(), (ks, el1t) => {
      const ms = [true, false].map((jit) => counterMachine(prog, el1t, 5n, jit, jit));
      ms.forEach((k) => k.cpu.run(3 + round * 200)); // hot by now
      sameStops(ms, ks, 200);
    }), { numRuns: 10 });
  }
}));

test('MRS of TPIDR_EL1, SP_EL0, TPIDR_EL0, TPIDRRO_EL0 in the tier; at EL1t its function declines the two only EL1h reads so, and MRS SP_EL0 is UNDEFINED there', () => {
  const prog = [0xd2a8021b, 0xd2897c1c, ...loopProgram([ // mov x28, #19424 (the loop's count)
    0xd538d081, // mrs x1, tpidr_el1
    0xd5384102, // mrs x2, sp_el0
    0xd53bd043, // mrs x3, tpidr_el0
    0xd53bd064, // mrs x4, tpidrro_el0
    0x8b010000, // add x0, x0, x1
    0xcac01c40, // eor x0, x2, x0, ror #7
    0x8b030000, // add x0, x0, x3
    0xcb040000, // sub x0, x0, x4
  ]).slice(2)];
  fc.assert(fc.property(fc.array(fc.bigInt({ min: 0n, max: M64 }), { minLength: 4, maxLength: 4 }), ([t1, sp0, t0, tro]) => {
    const results = [true, false].map((jit) => {
      const m = machine(prog, 0, true);
      m.cpu.jit = jit;
      m.cpu.wasmThreshold = 100;
      m.cpu.setSysReg('VBAR_EL1', RAM_BASE + 0x10000n);
      poke(m, 0x10000, [0xd4000022]); poke(m, 0x10200, [0xd4000022]); // hvc #1 at the current-EL vectors
      m.cpu.setSysReg('TPIDR_EL1', t1!); m.cpu.setSysReg('SP_EL0', sp0!); m.cpu.setSysReg('TPIDR_EL0', t0!); m.cpu.setSysReg('TPIDRRO_EL0', tro!);
      const s0 = wasmTierStats.insns;
      const done = outcome(m, m.cpu.run(1_000_000));
      const wasm = wasmTierStats.insns - s0;
      // again from the loop's branch at EL1t: SP_EL0 is the SP in use there, and MRS SP_EL0 is UNDEFINED
      m.cpu.setPc(RAM_BASE + 40n); m.cpu.setX(28, 5n); m.cpu.setPstate(0x3c4);
      const s1 = { ...wasmTierStats };
      const el1t = outcome(m, m.cpu.run(100_000));
      return { done, el1t, wasm, wasm1: wasmTierStats.insns - s1.insns, calls1: wasmTierStats.calls - s1.calls, esr: m.cpu.getSysReg('ESR_EL1'), elr: m.cpu.getSysReg('ELR_EL1') };
    });
    const tierless = { wasm: 0, wasm1: 0, calls1: 0 };
    assert.deepEqual({ ...results[0], ...tierless }, { ...results[1], ...tierless });
    assert.ok(results[0]!.wasm > 10 * 18_000, `${results[0]!.wasm} instructions in the tier at EL1h`);
    assert.equal(results[1]!.esr, 0x2000000n, 'MRS SP_EL0 at EL1t: UNDEFINED (EC 0, IL)');
    assert.equal(results[1]!.elr, RAM_BASE + 12n);
    assert.deepEqual([results[0]!.calls1, results[0]!.wasm1], [1, 0], 'at EL1t the function was entered and declined at its first instruction');
  }), { numRuns: 20 });
});

test('a loop loading from two arrays on different pages (MMU on) stays in the tier: its second load window', () => {
  // x1, x2: arrays 32 KiB apart; x6 elements; x5 = sum of both
  const prog = [
    0xf8408423, // 1: ldr x3, [x1], #8
    0xf8408444, //    ldr x4, [x2], #8
    0x8b0300a5, //    add x5, x5, x3
    0x8b0400a5, //    add x5, x5, x4
    0xf10004c6, //    subs x6, x6, #1
    0x54ffff61, //    b.ne 1b
    0xd4000002, // hvc #0
  ];
  const N = 2048; // 16 KiB of each: four pages
  const runs = [true, false].map((jit) => {
    const m = machine(prog, 0, true);
    m.cpu.jit = jit;
    identityMmu(m, 1024);
    for (let i = 0; i < N; i++) { m.dv.setBigUint64(0x40000 + 8 * i, BigInt(i) * 3n, true); m.dv.setBigUint64(0x48000 + 8 * i, BigInt(i) << 40n, true); }
    m.cpu.setX(1, RAM_BASE + 0x40000n); m.cpu.setX(2, RAM_BASE + 0x48000n); m.cpu.setX(5, 0n); m.cpu.setX(6, BigInt(N));
    const s0 = { ...wasmTierStats };
    const stop = m.cpu.run(1_000_000);
    return { stop, x5: m.cpu.getX(5), n: m.cpu.retired, wasm: wasmTierStats.insns - s0.insns, misses: wasmTierStats.misses - s0.misses, fallbacks: wasmTierStats.fallbacks - s0.fallbacks };
  });
  let sum = 0n;
  for (let i = 0; i < N; i++) sum += BigInt(i) * 3n + (BigInt(i) << 40n);
  assert.equal(runs[0]!.stop, RunStop.TrapToEl2);
  assert.equal(runs[0]!.x5, sum & M64);
  assert.deepEqual([runs[0]!.x5, runs[0]!.n], [runs[1]!.x5, runs[1]!.n]);
  assert.equal(runs[0]!.fallbacks, 0);
  assert.ok(runs[0]!.wasm >= 6 * (N - 600), `${runs[0]!.wasm} of ${6 * N} instructions in the tier (the first 500 times round interpreted)`);
});

test('loads from memory the tier cannot reach: the loop gives way to the JavaScript block, same result', () => {
  // the loop reads a second RAM region of plain memory and stores into host memory
  const prog = [
    0xf8408423, // 1: ldr x3, [x1], #8
    0xf8008443, //    str x3, [x2], #8
    0xf10004c6, //    subs x6, x6, #1
    0x54ffffa1, //    b.ne 1b
    0xd4000002, // hvc #0
  ];
  const N = 4000;
  const runs = [true, false].map((jit) => {
    const m = machine(prog, 0, true);
    m.cpu.jit = jit;
    const other = new Uint8Array(64 << 10);
    for (let i = 0; i < N; i++) new DataView(other.buffer).setBigUint64(8 * i, BigInt(i) * 0x1_0000_0001n, true);
    m.cpu.mapRam(0x80000000n, other);
    m.cpu.setX(1, 0x80000000n); m.cpu.setX(2, RAM_BASE + 0x100000n); m.cpu.setX(6, BigInt(N));
    const s0 = { ...wasmTierStats };
    const stop = m.cpu.run(1_000_000);
    return { stop, last: m.dv.getBigUint64(0x100000 + 8 * (N - 1), true), n: m.cpu.retired, fallbacks: wasmTierStats.fallbacks - s0.fallbacks };
  });
  assert.deepEqual({ ...runs[0], fallbacks: 0 }, { ...runs[1], fallbacks: 0 });
  assert.equal(runs[0]!.last, BigInt(N - 1) * 0x1_0000_0001n);
  assert.equal(runs[0]!.fallbacks, 1, 'the WebAssembly function gave way once');
});

test('run(k) stops exactly at k inside a WebAssembly loop, in the same state as the interpreter', () => {
  const prog = loopProgram([0x8b010000, 0xca800c00, 0x91000421, 0xf9000760]); // add x0,x0,x1; eor x0,x0,x0,asr #3; add x1,x1,#1; str x0,[x27,#8]
  // (37 among the budgets: one at least that the whole loop fits in)
  fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }).map((ks) => [...ks, 37]), (ks) => {
    const ms = [true, false].map((jit) => { const k = machine(prog, 0, true); k.cpu.jit = jit; return k; });
    ms.forEach((k) => k.cpu.run(2 + 6 * 520 + 3)); // compiled, stopped inside the loop
    const s0 = wasmTierStats.insns;
    sameStops(ms, ks, 400);
    assert.ok(wasmTierStats.insns > s0, 'the loop ran in the tier');
  }), { numRuns: 20 });
});

test('a store onto the loop\'s own code from inside it: the new instruction is what runs next', () => {
  // the loop rewrites its own `add x3, x3, #1` into `add x3, x3, #5` when x0 reaches 300
  const prog = [
    0xd2800000, // 0x00 mov  x0, #0
    0xd2800003, // 0x04 mov  x3, #0
    0x10000085, // 0x08 adr  x5, A (0x18)
    0x52828c67, // 0x0c mov  w7, #0x1463
    0x72b22007, // 0x10 movk w7, #0x9100, lsl #16  (w7 = add x3, x3, #5)
    0xd2802588, // 0x14 mov  x8, #300
    0x91000463, // 0x18 A: add x3, x3, #1
    0x91000400, // 0x1c    add x0, x0, #1
    0xeb08001f, // 0x20    cmp x0, x8
    0x54000041, // 0x24    b.ne 1f
    0xb90000a7, // 0x28    str w7, [x5]
    0xf10fa01f, // 0x2c 1: cmp x0, #1000
    0x54ffff41, // 0x30    b.ne A
    0xd4000002, // 0x34    hvc #0
  ];
  const runs = [true, false].map((jit) => {
    const m = machine(prog, 0, true);
    m.cpu.jit = jit;
    const stop = m.cpu.run(100_000);
    return { stop, x3: m.cpu.getX(3), n: m.cpu.retired };
  });
  assert.deepEqual(runs[0], runs[1]);
  assert.equal(runs[0]!.x3, 300n + 5n * 700n);
});

test('host memory: guest bytes at offset 0 of a WebAssembly memory, zero-filled, with flag slots for eight regions', () => {
  const mem = allocHostMemory(1 << 20);
  assert.equal(mem.byteOffset, 0);
  assert.equal(mem.length, 1 << 20);
  assert.ok(mem.every((b) => b === 0));
  const h = hostOf(mem.buffer);
  assert.ok(h !== undefined, 'registered as host memory');
  assert.ok(h.scratch >= mem.length && h.flags + 8 * h.pages <= mem.buffer.byteLength, 'scratch and flags past the guest bytes');
  const ms = Array.from({ length: 9 }, () => machine([0xd4000002]));
  ms.forEach((m) => m.cpu.mapRam(0x80000000n, mem));
  const inHost = ms.filter((m) => (m.cpu as unknown as { regions: { flags: Uint8Array }[] }).regions.some((r) => r.flags.buffer === mem.buffer));
  assert.equal(inHost.length, 8, 'eight regions have their flags in the memory, the ninth elsewhere');
  ms[0]!.cpu.unmapRam(0x80000000n);
  const tenth = machine([0xd4000002]);
  tenth.cpu.mapRam(0x80000000n, mem);
  assert.ok((tenth.cpu as unknown as { regions: { flags: Uint8Array }[] }).regions.some((r) => r.flags.buffer === mem.buffer), 'an unmapped region\'s slot serves again');
});

test('among a CPU\'s first blocks a loop stays JavaScript until one call of it runs long, then moves to the tier', () => {
  // an outer loop calling an inner store loop of x9 rounds, x10 times; x8 the value stored
  const prog = (rounds: number, calls: number): number[] => [
    0xd2a8021b, // 0x00 mov  x27, #0x40100000
    0xd2800008 | (0x1234 << 5), // mov x8, #0x1234
    0xd280000a | (calls << 5), //  mov x10, #calls
    0xd2800009 | (rounds << 5), // 1: mov x9, #rounds
    0xaa1b03e1, //         mov  x1, x27
    0xf8008428, //         2: str x8, [x1], #8
    0xf1000529, //            subs x9, x9, #1
    0x54ffffc1, //            b.ne 2b
    0xf100054a, //         subs x10, x10, #1
    0x54ffff61, //         b.ne 1b
    0xd4000002, //         hvc #0
  ];
  for (const [rounds, calls, long] of [[4000, 3, true], [10, 400, false]] as const) {
    const runs = [true, false].map((jit) => {
      const m = machine(prog(rounds, calls), 0, true);
      m.cpu.jit = jit;
      m.cpu.hotRamp = 256; // a fresh CPU's first blocks (machine() sets a threshold, which ends the ramp)
      const s0 = { ...wasmTierStats };
      const stop = m.cpu.run(10_000_000);
      return { stop, n: m.cpu.retired, last: m.dv.getBigUint64(0x100000 + 8 * (rounds - 1), true), made: wasmTierStats.made - s0.made, wasm: wasmTierStats.insns - s0.insns };
    });
    assert.deepEqual({ ...runs[0], made: 0, wasm: 0 }, { ...runs[1], made: 0, wasm: 0 });
    assert.equal(runs[0]!.last, 0x1234n);
    if (long) assert.ok(runs[0]!.made === 1 && runs[0]!.wasm >= 3 * (calls - 1) * rounds, `the long loop in the tier: ${runs[0]!.made} made, ${runs[0]!.wasm} instructions`);
    else assert.equal(runs[0]!.made, 0, 'a loop of 10 rounds a call stays JavaScript');
  }
});

test('the registers live in the memory the loops run in: a CPU moving between two memories, and one finding no room, compute what the interpreter does', () => {
  // three times: sum an array in RAM (x20), then fold in an array of a second memory (x21), rotating
  // by 7 + k (a program of its own for each CPU k, so that no two share a compiled loop)
  const prog = (k: number): number[] => [
    0xd2800005, //    mov  x5, #0
    0xd280006a, //    mov  x10, #3
    0xaa1403e1, // 1: mov  x1, x20
    0xaa1503e2, //    mov  x2, x21
    0xd280fa06, //    mov  x6, #2000
    0xf8408423, // 2: ldr  x3, [x1], #8
    0x8b0300a5, //    add  x5, x5, x3
    0xf10004c6, //    subs x6, x6, #1
    0x54ffffa1, //    b.ne 2b
    0xd280fa06, //    mov  x6, #2000
    0xf8408444, // 3: ldr  x4, [x2], #8
    0xcac50085 | ((7 + k) << 10), // eor x5, x4, x5, ror #(7 + k)
    0xf10004c6, //    subs x6, x6, #1
    0x54ffffa1, //    b.ne 3b
    0xf100054a, //    subs x10, x10, #1
    0x54fffe61, //    b.ne 1b
    0xd4000002, //    hvc  #0
  ];
  const second = allocHostMemory(64 << 10);
  for (let i = 0; i < 2000; i++) new DataView(second.buffer).setBigUint64(8 * i, BigInt(i) * 0x9e37_79b9_7f4a_7c15n & M64, true);
  const kept: Machine[] = []; // alive to the end: a collected CPU's area is free again
  const run = (k: number, jit: boolean): { stop: RunStop; x: bigint[]; n: number; wasm: number; home: ArrayBufferLike } => {
    const m = machine(prog(k), 0, true);
    kept.push(m);
    m.cpu.jit = jit;
    for (let i = 0; i < 2000; i++) m.dv.setBigUint64(0x40000 + 8 * i, BigInt(i) << 33n, true);
    // the interpreter's copy in memory of its own: the second memory has flag slots for eight regions
    m.cpu.mapRam(0x80000000n, jit ? second : second.slice());
    m.cpu.setX(20, RAM_BASE + 0x40000n); m.cpu.setX(21, 0x80000000n);
    const s0 = wasmTierStats.insns;
    const stop = m.cpu.run(1_000_000);
    m.cpu.unmapRam(0x80000000n); // its flag slot free for the next CPU; the registers' area stays the CPU's
    return { stop, x: Array.from({ length: 31 }, (_, i) => m.cpu.getX(i)), n: m.cpu.retired, wasm: wasmTierStats.insns - s0, home: (m.cpu as unknown as { x: Int32Array }).x.buffer };
  };
  const h = hostOf(second.buffer)!;
  assert.equal(h.areas.filter(Boolean).length, 0);
  // nine CPUs mapping the second memory in turn: room for the registers of eight there; the ninth
  // runs that loop as JavaScript
  const got = Array.from({ length: 9 }, (_, k) => {
    const want = run(k, false), g = run(k, true);
    assert.equal(want.stop, RunStop.TrapToEl2);
    assert.deepEqual({ stop: g.stop, x: g.x, n: g.n }, { stop: want.stop, x: want.x, n: want.n }, `CPU ${k}`);
    return g;
  });
  assert.equal(h.areas.filter(Boolean).length, 8, 'every area of the second memory taken');
  assert.deepEqual(got.map((g) => hostOf(g.home) === h), [true, true, true, true, true, true, true, true, false], 'whose registers the second memory holds');
  assert.deepEqual(got.map((g) => g.wasm >= 2 * 4 * (3 * 2000 - 600)), [true, true, true, true, true, true, true, true, false], 'which ran both loops in the tier');
  assert.ok(got.every((g) => g.wasm >= 4 * (3 * 2000 - 600)), 'each ran the loop over its own RAM in the tier');
});

/**
 * A loop calling a function on its page (f) and one on the next page (g), each ending in RET: every
 * piece of it a WebAssembly function once hot (wasmThreshold 50), entered one from another by the
 * memory's dispatcher without coming back to JavaScript (the chain).
 */
const CALLS = [
  0xd281771c, // 0x00 mov  x28, #3000
  0xd2a8021b, // 0x04 mov  x27, #0x40100000
  0x94000007, // 0x08 1: bl f
  0x8b000021, // 0x0c add  x1, x1, x0
  0x940003fc, // 0x10 bl   g
  0xcac11442, // 0x14 eor  x2, x2, x1, ror #5
  0xf100079c, // 0x18 subs x28, x28, #1
  0x54ffff61, // 0x1c b.ne 1b
  0xd4000002, // 0x20 hvc  #0
  0xf9400763, // 0x24 f: ldr x3, [x27, #8]
  0x8b010063, // 0x28 add  x3, x3, x1
  0xf9000763, // 0x2c str  x3, [x27, #8]
  0xca020c60, // 0x30 eor  x0, x3, x2, lsl #3
  0xd65f03c0, // 0x34 ret
];
const G = [
  0xf9400b64, // 0x1000 g: ldr x4, [x27, #16]
  0xcb020084, // 0x1004 sub  x4, x4, x2
  0xf9000b64, // 0x1008 str  x4, [x27, #16]
  0x8b040000, // 0x100c add  x0, x0, x4
  0xd65f03c0, // 0x1010 ret
];

/**
 * The CALLS program at RAM offset `at` on a machine, the tier at `wasm` jumps (0: the interpreter
 * alone), MMU on when `mmu`. (Functions are kept by their code and address for the process: another
 * `at` makes them anew.)
 */
function callsMachine(wasm: number, mmu: boolean, at = 0): Machine {
  const m = machine(CALLS, at, true);
  G.forEach((w, i) => m.dv.setUint32(at + 0x1000 + 4 * i, w, true));
  m.cpu.jit = wasm > 0;
  if (wasm > 0) m.cpu.wasmThreshold = wasm;
  if (mmu) identityMmu(m, 1024);
  m.cpu.setX(1, 0x0123456789abcdefn); m.cpu.setX(2, 0xfedcba9876543210n);
  return m;
}

/** Run `f` with the functions the tier makes from wasmThreshold jumps made in modules of `size`. */
function batched<T>(size: number, f: () => T): T {
  const was = wasmBatch.size;
  wasmBatch.size = size;
  try { return f(); } finally { wasmBatch.size = was; }
}

for (const mmu of [false, true]) {
  test(`calls and returns go from one WebAssembly function to the next without JavaScript (MMU ${mmu ? 'on' : 'off'}), computing what the interpreter does`, () => batched(1, () => {
    const s0 = { ...wasmTierStats };
    const runs = [50, 0].map((wasm) => { const m = callsMachine(wasm, mmu); return outcome(m, m.cpu.run(1_000_000)); });
    const calls = wasmTierStats.calls - s0.calls, hops = wasmTierStats.hops - s0.hops;
    assert.deepEqual(runs[0], runs[1]);
    assert.equal((runs[0] as { stop: RunStop }).stop, RunStop.TrapToEl2);
    // five functions a time round (the loop's three pieces, f, g), all but the first ~60 times round
    assert.ok(hops >= 5 * (3000 - 100), `${hops} functions entered from another`);
    assert.ok(calls * 50 < hops, `${calls} calls from JavaScript for ${hops} from another function`);
  }));
}

test('the functions made from wasmThreshold jumps come in modules of wasmBatch.size, and run once made', () => batched(5, () => {
  const s0 = { ...wasmTierStats };
  const runs = [50, 0].map((wasm) => { const m = callsMachine(wasm, true, 0x4000); return outcome(m, m.cpu.run(1_000_000)); });
  assert.deepEqual(runs[0], runs[1]);
  // the loop's three pieces, f and g: five functions, in one module made when the fifth came
  assert.deepEqual([wasmTierStats.made - s0.made, wasmTierStats.modules - s0.modules], [5, 1]);
  assert.ok(wasmTierStats.hops - s0.hops >= 5 * (3000 - 100), 'and chained');
}));

test('a chain stops where the dispatcher would: code dropped under it, a breakpoint enabled after it was made', () => batched(1, () => {
  for (const change of ['code', 'breakpoint'] as const) {
    const runs = [50, 0].map((wasm) => {
      const m = callsMachine(wasm, true);
      const first = m.cpu.run(20_000); // the chain made (with the tier)
      if (change === 'code') {
        poke(m, 0x1004, [0x8b020084]); // g: add x4, x4, x2 instead of sub
      } else {
        Object.assign(m.cpu.hyp, { tde: true, tda: false, tdosa: false, twi: false, vmpidr: 0x80000000n });
        m.cpu.setSysReg('MDSCR_EL1', 0x8000n); // MDE
        m.cpu.setSysReg('DBGBVR0_EL1', RAM_BASE + 0x1000n); // g
        m.cpu.setSysReg('DBGBCR0_EL1', 0x1e3n);
      }
      const s0 = wasmTierStats.hops;
      const stop = m.cpu.run(1_000_000);
      return { first, end: outcome(m, stop), hops: wasmTierStats.hops - s0 };
    });
    assert.deepEqual(runs[0]!.end, runs[1]!.end, change);
    if (change === 'breakpoint') {
      assert.equal((runs[0]!.end as { pc: bigint }).pc, RAM_BASE + 0x1000n, 'stopped at the breakpoint on g');
      assert.equal(runs[0]!.hops, 0, 'nothing chained while a breakpoint is enabled');
    } else {
      assert.ok(runs[0]!.hops > 5 * 1000, 'the chain made again over the new code');
    }
  }
}));

test('loops whose JavaScript blocks have the same source (an LDAR/STLR or PRFM is a call of the general path there) get functions of their own', () => {
  // the same address, the same JavaScript source; different registers, sizes, loads and stores
  for (const body of [[0xc89fff79], [0x889fff76], [0x08dfff66], [0xc8dfff61], [0xf9800760]]) {
    const prog = loopProgram(body);
    const runs = [true, false].map((jit) => {
      const m = machine(prog, 0, true);
      m.cpu.jit = jit;
      for (let r = 0; r < 27; r++) m.cpu.setX(r, 0x0101010101010101n * BigInt(r + 1));
      const s0 = wasmTierStats.insns;
      const stop = m.cpu.run(100_000);
      return { end: outcome(m, stop), wasm: wasmTierStats.insns - s0 };
    });
    assert.deepEqual(runs[0]!.end, runs[1]!.end, body[0]!.toString(16));
    assert.ok(runs[0]!.wasm > 0, `${body[0]!.toString(16)} ran in the tier`);
  }
});

test('wasmThreshold: HOT_WASM once a CPU has compiled its first HOT_RAMP blocks, unless set; bad values refused', () => {
  // 260 small loops, each round 600 times: 260 blocks compiled at HOT_FIRST jumps
  const prog: number[] = [];
  for (let k = 0; k < HOT_RAMP + 4; k++) prog.push(0xd2804b00, 0xf1000400, 0x54ffffe1); // mov x0, #600; 1: subs x0, x0, #1; b.ne 1b
  prog.push(0xd4000002); // hvc #0
  const got = [undefined, 0, 100].map((set) => {
    const cpu = new A64Cpu();
    const mem = allocHostMemory(1 << 20);
    prog.forEach((w, i) => new DataView(mem.buffer).setUint32(4 * i, w >>> 0, true));
    cpu.mapRam(RAM_BASE, mem);
    cpu.setPc(RAM_BASE);
    if (set !== undefined) cpu.wasmThreshold = set;
    const before = cpu.wasmThreshold;
    assert.equal(cpu.run(10_000_000), RunStop.TrapToEl2);
    return [before, cpu.wasmThreshold];
  });
  assert.deepEqual(got, [[0, HOT_WASM], [0, 0], [100, 100]]);
  const cpu = new A64Cpu();
  for (const bad of [-1, 1.5, 65536, NaN]) assert.throws(() => { cpu.wasmThreshold = bad; }, RangeError);
});

test('a long run of straight-line code goes to the tier at an eighth of wasmThreshold jumps, all of its pieces in one batch', () => {
  // 300 ADDs round a loop: longer than a region (256 instructions), so the tier makes it piece by piece
  const body = Array.from({ length: 300 }, (_, k) => 0x91000400 | ((k % 7) + 1) | (((k % 7) + 1) << 5) | (((k % 13) + 1) << 10)); // add xn, xn, #imm
  const run = (wasm: boolean): { end: unknown; tier: number } => {
    const m = machine(loopProgram(body), 0, true);
    m.cpu.jit = wasm;
    m.cpu.jitThreshold = 10000;
    m.cpu.wasmThreshold = 400;
    const s0 = wasmTierStats.insns;
    const end = outcome(m, m.cpu.run(1_000_000));
    return { end, tier: wasmTierStats.insns - s0 };
  };
  // five pieces of the body: made together once all five are asked for, within the one run slice
  wasmFlush(); // none of another test's functions waiting
  const [tier, interp] = batched(5, () => [run(true), run(false)]);
  assert.deepEqual(tier.end, interp.end);
  assert.equal((interp.end as { stop: RunStop }).stop, RunStop.TrapToEl2);
  assert.equal(interp.tier, 0);
  // taken at the 50th time round (400 / 8) rather than the 400th: ~550 of the 600 rounds in the tier
  assert.ok(tier.tier > 500 * 300, `${tier.tier} instructions in the tier`);
});
