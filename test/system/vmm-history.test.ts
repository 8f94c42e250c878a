/**
 * Reverse execution against forward runs as the truth: a fresh machine run forward N instructions (the
 * kernel's exact budget) is what a machine run M > N forward and then taken back to N must be, in every
 * register KVM_GET_REG_LIST lists and every byte of RAM. Guests: the committed compiled-C guests
 * (guests/bin, built from guests/*.c), which QEMU runs the same way (test/system); the timer guest takes
 * generic-timer interrupts through the in-kernel GIC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { createModelKvm } from '../../src/kvm/index.ts';
import { Machine } from '../../src/vmm/machine.ts';
import { VmmTarget } from '../../src/vmm/target.ts';
import { readRegList } from '../../src/vmm/history/vcpu-state.ts';

const guest = (name: string): Uint8Array => readFileSync(new URL(`../../guests/bin/${name}`, import.meta.url));

function boot(name: string, opts: { history?: boolean; insnBudget?: number; interval?: number; smp?: number } = {}) {
  const out: number[] = [];
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { memorySize: 16 << 20, smp: opts.smp, uartTx: (b) => out.push(b) });
  m.load(guest(name));
  const t = new VmmTarget(m, { insnBudget: opts.insnBudget, history: opts.history ? { interval: opts.interval ?? 100_000 } : undefined });
  return { m, t, out };
}

/** Every register of every vCPU by id, and the power states. */
function state(m: Machine): { regs: string[]; ram: Uint8Array } {
  const ids = readRegList(m.vcpus[0]!, m.endian);
  const regs = m.vcpus.flatMap((v, i) => [`mp${i}=${m.mpState(i)}`, ...ids.map((id) => `${i}:${id.toString(16)}=${v.getOneReg(id).toString(16)}`)]);
  return { regs, ram: m.ram.slice() };
}

function sameState(a: Machine, b: Machine, what: string): void {
  const x = state(a), y = state(b);
  assert.deepEqual(x.regs, y.regs, `${what}: registers`);
  const diff = x.ram.findIndex((v, i) => v !== y.ram[i]);
  assert.equal(diff, -1, `${what}: RAM differs first at offset 0x${diff.toString(16)}`);
}

async function forward(name: string, n: number, smp?: number): Promise<Machine> {
  const f = boot(name, { insnBudget: n, smp });
  if (n > 0) {
    const stop = await f.t.resume('continue');
    assert.equal(stop.kind, 'limit');
  }
  return f.m;
}

for (const [name, most] of [['insns-gcc-O2.elf', 1_500_000], ['bench-gcc-O2.elf', 1_500_000], ['timer-gcc-O2.elf', 97_000]] as const) {
  test(`history (${name}): for random N < M, M forward then back to N equals N forward from a fresh start (registers, RAM)`, async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: most }), fc.integer({ min: 1, max: most }),
      async (a, b) => {
        const [n, mm] = a < b ? [a, b] : a > b ? [b, a] : [a - 1, a];
        const r = boot(name, { history: true, insnBudget: mm });
        assert.equal((await r.t.resume('continue')).kind, 'limit');
        const printed = r.out.length;
        assert.equal(r.t.currentTime(), mm);
        r.t.historyApi()!.goto(n);
        assert.equal(r.t.currentTime(), n);
        sameState(r.m, await forward(name, n), `back to ${n} from ${mm}`);
        // forward again to M: the same state as going there the first time, no console output twice
        r.t.historyApi()!.goto(mm);
        sameState(r.m, await forward(name, mm), `forward again to ${mm}`);
        assert.equal(r.out.length, printed, 'console output already shown is not printed again');
      }), { numRuns: 4, seed: 19 });
  });
}

test('history: reverse-stepi from the end of a run lands where a fresh run of one instruction fewer stops; at instruction 0 it is the start of history', async () => {
  const r = boot('hello-gcc-O2.elf', { history: true, insnBudget: 3000 });
  await r.t.resume('continue');
  const h = r.t.historyApi()!;
  for (let k = 1; k <= 3; k++) {
    const s = await h.reverseStep();
    assert.equal(s.kind, 'step');
    assert.equal(r.t.currentTime(), 3000 - k);
  }
  sameState(r.m, await forward('hello-gcc-O2.elf', 2997), 'three steps back');
  h.goto(0);
  assert.equal((await h.reverseStep()).kind, 'history-begin');
  assert.equal(r.t.currentTime(), 0);
});

const PUT_U64 = 0x4008_1040n;      // hello-gcc-O2.elf: put_u64 (aarch64-linux-gnu-nm)
const BENCH_DATA = 0x4008_1d60n;   // bench-gcc-O2.elf: data[] (.bss, 0x400 bytes)

/** Continue `k` times, each stop of the kind expected; the times of the stops. */
async function hits(t: VmmTarget, k: number, kind: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < k; i++) {
    const s = await t.resume('continue');
    assert.equal(s.kind, kind, `stop ${i + 1}`);
    times.push(t.currentTime() ?? -1);
  }
  return times;
}

test('history: reverse-continue from the k-th breakpoint hit equals the (k-1)-th hit of a fresh forward run; before the first hit it goes to the start of history', async () => {
  const k = 5;
  const a = boot('hello-gcc-O2.elf', { history: true, interval: 2000 });
  assert.ok(a.t.insertSwBreakpoint(PUT_U64));
  const times = await hits(a.t, k, 'swbreak');
  const h = a.t.historyApi()!;
  for (let j = k - 1; j >= 1; j--) {
    const s = await h.reverseContinue();
    assert.deepEqual(s, { kind: 'swbreak', pc: PUT_U64 });
    assert.equal(a.t.currentTime(), times[j - 1], `back to hit ${j}`);
    const b = boot('hello-gcc-O2.elf', { history: true });
    assert.ok(b.t.insertSwBreakpoint(PUT_U64));
    await hits(b.t, j, 'swbreak');
    sameState(a.m, b.m, `reverse-continue to hit ${j}`);
  }
  const first = await h.reverseContinue();
  assert.equal(first.kind, 'history-begin');
  assert.equal(a.t.currentTime(), 0);
  // and forward again: the hits come back at the same times
  assert.deepEqual(await hits(a.t, 3, 'swbreak'), times.slice(0, 3));
});

test('history: a reverse watchpoint stops at the last write before now, the one a forward run with the same watchpoint reports', async () => {
  const fwd = boot('bench-gcc-O2.elf', { history: true });
  assert.ok(fwd.t.insertWatchpoint(BENCH_DATA, 8, 'write'));
  const log: { time: number; pc: bigint }[] = [];
  for (;;) {
    const s = await fwd.t.resume('continue');
    if (s.kind !== 'watch') break;
    log.push({ time: fwd.t.currentTime()!, pc: s.pc });
  }
  assert.ok(log.length >= 3, `the guest writes data[0] (${log.length} writes seen)`);
  const exitLog = fwd.t.historyApi()!.exits().filter((x) => ((x.esr >> 26n) & 0x3fn) === 0x34n);
  assert.deepEqual(exitLog.map((x) => x.time), log.map((x) => x.time), 'the history exit log has each watchpoint exit (EC 0x34, from a lower EL)');

  // run past the middle write, without the watchpoint, then watch and go back
  const mid = log[Math.floor(log.length / 2)]!;
  const r = boot('bench-gcc-O2.elf', { history: true, insnBudget: mid.time + 5000, interval: 50_000 });
  assert.equal((await r.t.resume('continue')).kind, 'limit');
  assert.ok(r.t.insertWatchpoint(BENCH_DATA, 8, 'write'));
  const s = await r.t.historyApi()!.reverseContinue();
  const last = [...log].reverse().find((x) => x.time < mid.time + 5000)!;
  assert.equal(s.kind, 'watch');
  assert.equal(r.t.currentTime(), last.time, 'the instruction count of the last write');
  assert.equal('pc' in s && s.pc, last.pc, 'the pc of the store');
});

test('history, two vCPUs (smp-gcc-O2.elf --smp 2): reverse-continue from the k-th hit of rt_printf equals the (k-1)-th hit of a fresh forward run, every vCPU and RAM', async () => {
  const RT_PRINTF = 0x4008_11a0n;   // smp-gcc-O2.elf: rt_printf (aarch64-linux-gnu-nm)
  const k = 15;                     // vCPU 1 prints at hits 9 and 14, vCPU 0 at the others
  const a = boot('smp-gcc-O2.elf', { history: true, smp: 2, interval: 20_000 });
  assert.ok(a.t.insertSwBreakpoint(RT_PRINTF));
  const times = await hits(a.t, k, 'swbreak');
  const vcpus = new Set<number>();
  for (let j = k - 1; j >= 7; j--) {
    const s = await a.t.historyApi()!.reverseContinue();
    assert.deepEqual(s, { kind: 'swbreak', pc: RT_PRINTF });
    assert.equal(a.t.currentTime(), times[j - 1]);
    vcpus.add(a.t.stoppedVcpu());
    const b = boot('smp-gcc-O2.elf', { smp: 2 });
    assert.ok(b.t.insertSwBreakpoint(RT_PRINTF));
    for (let i = 0; i < j; i++) assert.equal((await b.t.resume('continue')).kind, 'swbreak');
    assert.equal(a.t.stoppedVcpu(), b.t.stoppedVcpu(), `hit ${j}: the same vCPU stopped`);
    sameState(a.m, b.m, `reverse-continue to hit ${j}`);
  }
  assert.equal(vcpus.size, 2, 'hits on both vCPUs');
});

/** A guest that echoes three console bytes, each plus one, then powers off (words from aarch64-linux-gnu-as). */
const ECHO = [
  0xd2a12001, // mov  x1, #0x9000000         PL011
  0xd2800064, // mov  x4, #3
  0xb9401822, // ldr  w2, [x1, #24]         loop: UARTFR
  0x3727ffe2, // tbnz w2, #4, loop          RXFE: nothing yet
  0xb9400023, // ldr  w3, [x1]              UARTDR
  0x11000463, // add  w3, w3, #1
  0xb9000023, // str  w3, [x1]
  0xf1000484, // subs x4, x4, #1
  0x54ffff41, // b.ne loop
  0xd2800100, // mov  x0, #8
  0xf2b08000, // movk x0, #0x8400, lsl #16  PSCI SYSTEM_OFF
  0xd4000002, // hvc  #0
];

test('history: console input is recorded with its instruction counts; replayed from that record the run is the same run (output, every register); going back over input does not print twice', async () => {
  const { buildElf, words } = await import('../../src/vmm/testing/build-elf.ts');
  const elf = buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: words(...ECHO) }]).bytes;
  const run = (script?: { time: number; byte: number }[]) => {
    const out: number[] = [];
    const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { memorySize: 1 << 20, uartTx: (b) => out.push(b) });
    m.load(elf);
    return { m, out, t: new VmmTarget(m, { history: { interval: 1000, script } }) };
  };
  const live = run();
  live.m.input.push([0x41, 0x61]);                 // typed before the guest starts...
  const first = live.t.resume('continue');
  await new Promise((r) => setTimeout(r, 20));
  live.m.input.push([0x30]);                       // ...and while it runs
  assert.equal((await first).kind, 'poweroff');
  assert.deepEqual(live.out, [0x42, 0x62, 0x31]);
  const record = [...live.t.history!.inputs];
  assert.deepEqual(record.map((x) => x.byte), [0x41, 0x61, 0x30]);
  assert.ok(record[0]!.time < record[1]!.time && record[1]!.time <= record[2]!.time, 'one byte at a time into the 1-byte holding register');
  assert.ok(record.some((x) => x.mmio), 'a byte that came while a UARTFR load was being completed says so');

  const again = run(record);
  again.m.input.push([0x7a]);                      // live input is not used when replaying a record
  assert.equal((await again.t.resume('continue')).kind, 'poweroff');
  assert.deepEqual(again.out, live.out);
  assert.deepEqual(again.t.history!.inputs, record);
  assert.equal(again.t.currentTime(), live.t.currentTime());
  sameState(again.m, live.m, 'replayed run');

  // back to before the second byte arrived, then forward to the end: nothing printed again
  live.t.historyApi()!.goto(record[1]!.time - 1);
  assert.equal((await live.t.resume('continue')).kind, 'poweroff');
  assert.deepEqual(live.out, [0x42, 0x62, 0x31]);
  sameState(again.m, live.m, 'gone back and forward again');
});
