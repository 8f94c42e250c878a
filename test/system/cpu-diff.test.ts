/**
 * Randomised differential test of kvmdbg's CPU against QEMU (the independent oracle: qemu-aarch64 user
 * mode, one instruction per translation block, register dump before each instruction).
 *
 * Random valid A64 integer sequences (test/system/cpudiff/gen.ts: data processing immediate and
 * register, shifts, extends, bitfields, csel/ccmp, multiply/divide, loads and stores of every addressing
 * form to a scratch buffer, exclusives, acquire/release, forward conditional branches) run from random
 * registers on both; all general registers, SP, PC and NZCV must agree after every instruction.
 *
 * A second part runs sequences in a loop of 600 iterations (past the CPU's hot-block threshold, so its
 * compiled fast path runs too) and compares the final registers and memory with QEMU's.
 *
 * Both parts run again with stage-1 translation on (cpudiff/stage1.ts: 4 KiB and 64 KiB pages
 * identity-mapping the program, so fetches, loads and stores go through walks, the TLB and the data
 * windows): QEMU user mode sees the same virtual addresses, so every result must still agree.
 *
 * CI runs a fixed set of seeds. `npm run test:cpu-diff-long` runs many more; CPU_DIFF_CASES,
 * CPU_DIFF_LENGTH, CPU_DIFF_LOOPED and CPU_DIFF_SEED (first seed) override the defaults, so a failure
 * can be replayed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GuestCpu } from '../../src/cpu/api.ts';
import {
  makeCase, qemuRun, qemuFinal, compareCase, compareLooped, formatMismatch, type Case, type Mismatch, type QemuRun,
} from './cpudiff/harness.ts';
import { disassemble, type CpuState } from './cpudiff/qemu-trace.ts';
import { SCRATCH_BASE } from './cpudiff/program.ts';
import { withStage1 } from './cpudiff/stage1.ts';

const envInt = (name: string, def: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${v}'`);
  return n;
};

const CASES = Math.max(1, envInt('CPU_DIFF_CASES', 40));
const LENGTH = envInt('CPU_DIFF_LENGTH', 100);
const FIRST_SEED = envInt('CPU_DIFF_SEED', 1);
const LOOPED = envInt('CPU_DIFF_LOOPED', 12);
const LOOPS = 600; // above the hot-block threshold set below, so compiled blocks run too

const cases: Case[] = Array.from({ length: CASES }, (_, i) => makeCase(FIRST_SEED + i, LENGTH));
const traces = new Map<number, QemuRun>();
const traceOf = (c: Case): QemuRun => {
  let t = traces.get(c.seed);
  if (!t) {
    t = qemuRun(c);
    if (traces.size < 40) traces.set(c.seed, t); // keep memory bounded in long runs
  }
  return t;
};

test('generator: binutils decodes every generated word as a defined instruction', () => {
  for (const c of cases.slice(0, 10)) {
    const dis = disassemble(c.words, c.program.start);
    assert.equal(dis.length, c.words.length);
    dis.forEach((d, i) => {
      assert.doesNotMatch(d, /\.inst|undefined|unallocated|\?\?/, `seed ${c.seed} word ${i} ${c.words[i].toString(16)}: ${d}`);
    });
  }
});

test('QEMU oracle: the trace starts from the seeded registers and covers the whole sequence', () => {
  for (const c of cases.slice(0, 40)) {
    const t = traceOf(c).states;
    const s0 = t[0];
    assert.equal(s0.pc, BigInt(c.program.start));
    assert.deepEqual(s0.x, c.init.x, `seed ${c.seed}: seeded x0..x30`);
    assert.equal(s0.sp, c.init.sp, `seed ${c.seed}: seeded SP`);
    assert.equal(s0.nzcv, c.init.nzcv >>> 28, `seed ${c.seed}: seeded NZCV`);
    assert.equal(t[t.length - 1].pc, BigInt(c.program.end));
    assert.ok(t.length >= 2);
  }
});

/** A stand-in CPU that replays QEMU's states, optionally corrupting one register at one step. */
function replayCpu(states: CpuState[], corruptAt: number, reg: number): () => GuestCpu {
  return () => {
    let k = 0;
    let cur: CpuState = states[0];
    const cpu = {
      mapRam() {},
      setX() {}, setSp() {}, setPc() {}, setPstate() {},
      run(n: number) {
        k += n;
        const s = states[k];
        cur = k === corruptAt ? { ...s, x: s.x.map((v, i) => (i === reg ? v ^ 4n : v)) } : s;
        return 0;
      },
      getX: (i: number) => cur.x[i],
      getSp: () => cur.sp,
      getPc: () => cur.pc,
      getPstate: () => (cur.nzcv << 28) | 0x3c5,
    };
    return cpu as unknown as GuestCpu;
  };
}

test('harness: a CPU that agrees with QEMU passes, one wrong register is caught and named with its instruction', () => {
  const c = cases[0];
  const q = traceOf(c);
  const t = q.states;
  // the stand-in never stores, so give it QEMU's final memory up front
  const withMemory = (make: () => GuestCpu, flip = -1) => () => {
    const cpu = make();
    cpu.mapRam = (base: bigint, ram: Uint8Array) => {
      const at = SCRATCH_BASE - Number(base);
      ram.set(q.scratch, at);
      if (flip >= 0) ram[at + flip] ^= 1;
    };
    return cpu;
  };
  assert.deepEqual(compareCase(withMemory(replayCpu(t, -1, 0)), c, q), []);
  const all = compareCase(withMemory(replayCpu(t, 5, 7)), c, q);
  assert.equal(all.length, 1, 'exactly the corrupted step is reported');
  const m = all[0];
  assert.equal(m.pc, t[4].pc);
  assert.deepEqual(m.diffs, [`X7 qemu=0x${t[5].x[7].toString(16).padStart(16, '0')} kvmdbg=0x${(t[5].x[7] ^ 4n).toString(16).padStart(16, '0')}`]);
  const idx = Number(t[4].pc - BigInt(c.program.start)) / 4;
  assert.equal(m.word, c.words[idx]);
  assert.equal(m.disassembly, disassemble([c.words[idx]], Number(t[4].pc))[0]);
  assert.ok(formatMismatch(m).startsWith(`seed ${c.seed}: at 0x`));
  const [mem] = compareCase(withMemory(replayCpu(t, -1, 0), 0x801), c, q);
  assert.ok(mem, 'a wrong byte of scratch memory is reported');
  assert.match(mem.diffs[0], new RegExp(`byte 0x0*${(SCRATCH_BASE + 0x801).toString(16)} `));
});

async function loadCreateCpu(): Promise<() => GuestCpu> {
  // The CPU module is loaded by path so this file typechecks while src/cpu is being written.
  const path = '../../src/cpu/index.ts';
  let mod: { createCpu?: () => GuestCpu };
  try {
    mod = (await import(path)) as { createCpu?: () => GuestCpu };
  } catch (e) {
    throw new Error(`src/cpu/index.ts could not be loaded: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (typeof mod.createCpu !== 'function') throw new Error('src/cpu/index.ts does not export createCpu()');
  const create = mod.createCpu;
  return () => {
    const cpu = create();
    // compile blocks after 100 jumps (the default is higher), so the looped cases run compiled code
    if ('jitThreshold' in cpu) (cpu as { jitThreshold: number }).jitThreshold = 100;
    return cpu;
  };
}

/** Step-by-step comparison of `these` cases on CPUs made by `createCpu`; fails with every divergence. */
function lockStep(createCpu: () => GuestCpu, these: Case[]): void {
  const mismatches: Mismatch[] = [];
  let executed = 0;
  let diverged = 0;
  for (const c of these) {
    const t = traceOf(c);
    executed += t.states.length - 1;
    const found = compareCase(createCpu, c, t);
    if (found.length) diverged++;
    mismatches.push(...found);
  }
  // one example per mnemonic first, so every distinct problem shows in the message
  const byMnemonic = new Map<string, Mismatch[]>();
  for (const m of mismatches) {
    const k = m.disassembly.split(' ')[0];
    byMnemonic.set(k, [...(byMnemonic.get(k) ?? []), m]);
  }
  const summary = [...byMnemonic].map(([k, ms]) => `${k}×${ms.length}`).join(', ');
  const examples = [...byMnemonic.values()].flatMap((ms) => ms.slice(0, 2)).slice(0, 40);
  assert.equal(
    mismatches.length,
    0,
    `${mismatches.length} instructions diverged in ${diverged} of ${these.length} sequences (${executed} instructions ` +
      `compared; by mnemonic: ${summary}):\n${examples.map(formatMismatch).join('\n')}`,
  );
}

test(`kvmdbg CPU matches QEMU after every instruction (${CASES} sequences of ~${LENGTH}, seeds ${FIRST_SEED}..${FIRST_SEED + CASES - 1})`, async () => {
  lockStep(await loadCreateCpu(), cases);
});

const finals = new Map<number, Uint8Array>();
/** QEMU's final data of looped case `c` (kept: the MMU runs compare against the same). */
const finalOf = (c: Case): Uint8Array => {
  let q = finals.get(c.seed);
  if (!q) { q = qemuFinal(c); finals.set(c.seed, q); }
  return q;
};

/** The looped comparison of `n` cases on CPUs made by `createCpu`. */
function hotLoops(createCpu: () => GuestCpu, n: number): void {
  const failures: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = makeCase(FIRST_SEED + 100_000 + i, LENGTH / 2, LOOPS);
    const q = finalOf(c);
    const fast = compareLooped(createCpu, c, q, false);
    if (!fast.length) continue;
    const interp = compareLooped(createCpu, c, q, true);
    const where = interp.length ? 'the interpreter differs too' : 'the one-instruction-at-a-time interpreter agrees with QEMU, so the hot path is wrong';
    const body = disassemble(c.words, c.program.start).map((d, k) => `    ${c.words[k].toString(16).padStart(8, '0')}  ${d}`).join('\n');
    failures.push(`seed ${c.seed} (${where}):\n  ${fast.slice(0, 12).join('\n  ')}\n  loop body:\n${body}`);
  }
  assert.equal(failures.length, 0, `${failures.length} of ${n} looped sequences ended differently:\n${failures.slice(0, 4).join('\n')}`);
}

test(`kvmdbg CPU matches QEMU on hot loops (${LOOPED} sequences of ~${LENGTH / 2} run ${LOOPS} times; final registers and memory)`, async () => {
  hotLoops(await loadCreateCpu(), LOOPED);
});

for (const [name, gshift] of [['4 KiB', 12], ['64 KiB', 16]] as const) {
  const n = Math.min(CASES, 20);
  test(`with the MMU on (${name} pages), kvmdbg CPU matches QEMU after every instruction (the first ${n} sequences)`, async () => {
    lockStep(withStage1(await loadCreateCpu(), gshift), cases.slice(0, n));
  });
  test(`with the MMU on (${name} pages), kvmdbg CPU matches QEMU on hot loops (${LOOPED} sequences)`, async () => {
    hotLoops(withStage1(await loadCreateCpu(), gshift), LOOPED);
  });
}
