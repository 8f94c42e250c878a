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
import { connect } from 'node:net';
import { serveGdb } from '../../src/gdbstub/index.ts';
import { gdbTarget } from '../../src/cli/gdb-target.ts';
import { readRegList } from '../../src/vmm/history/vcpu-state.ts';
import {
  KVM_DEV_ARM_VGIC_GRP_CPU_REGS, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO,
  KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, KvmError, REG_PC, REG_X, encodeDeviceAttr, readU32, readU64,
} from '../../src/abi/index.ts';

const guest = (name: string): Uint8Array => readFileSync(new URL(`../../guests/bin/${name}`, import.meta.url));

type Gic = 'v2' | 'v3';

interface BootOptions {
  history?: boolean; insnBudget?: number; interval?: number; smp?: number; gic?: Gic; quantum?: number;
  replaySlice?: number; tickMs?: number; checkLimit?: () => string | undefined;
}

function boot(name: string, opts: BootOptions = {}) {
  const out: number[] = [];
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { memorySize: 16 << 20, smp: opts.smp, gic: opts.gic, uartTx: (b) => out.push(b) });
  m.load(guest(name));
  const t = new VmmTarget(m, {
    insnBudget: opts.insnBudget, quantum: opts.quantum, replaySlice: opts.replaySlice, tickMs: opts.tickMs, checkLimit: opts.checkLimit,
    history: opts.history ? { interval: opts.interval ?? 100_000 } : undefined,
  });
  return { m, t, out };
}

/**
 * The in-kernel GIC as KVM_GET_DEVICE_ATTR reads it: every distributor word (the banked ones per vCPU),
 * each CPU interface (GICv2 GICC_*, GICv3 ICC_*), each redistributor's SGI_base words and the line
 * levels (GICv3), by attribute.
 */
function gicRegs(m: Machine): string[] {
  const g = m.gicDevice;
  if (!g) return [];
  const e = m.endian;
  const out: string[] = [];
  const read = (group: number, attr: bigint, size: 4 | 8): void => {
    const d = new Uint8Array(size);
    try {
      g.device.getDeviceAttr(encodeDeviceAttr({ group, attr }, e), d);
      out.push(`${group}:${attr.toString(16)}=${size === 4 ? readU32(d, 0, e) : readU64(d, 0, e)}`);
    } catch (err) {
      if (!(err instanceof KvmError)) throw err;
    }
  };
  if (g.version === 'v2') {
    m.vcpus.forEach((_, c) => {
      for (let off = 0; off < 0x1000; off += 4) read(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, (BigInt(c) << 32n) | BigInt(off), 4);
      for (const off of [0, 4, 8, 0x1c, 0xd0]) read(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, (BigInt(c) << 32n) | BigInt(off), 4);
    });
    return out;
  }
  for (let off = 0; off < 0x8000; off += 4) read(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, BigInt(off), 4);
  m.mpidrs.forEach((mp) => {
    const aff = (mp & 0xffffffn) << 32n;
    for (let off = 0x10000; off < 0x10d00; off += 4) read(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, aff | BigInt(off), 4);
    for (let i = 0; i < 288; i += 32) read(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, aff | BigInt(i), 4);
    // ICC_PMR_EL1, BPR0, AP0R0, AP1R0, BPR1, CTLR, SRE, IGRPEN0, IGRPEN1
    for (const enc of [0xc230, 0xc643, 0xc644, 0xc648, 0xc663, 0xc664, 0xc665, 0xc666, 0xc667]) {
      read(KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, aff | BigInt(enc), 8);
    }
  });
  return out;
}

/** Every register of every vCPU by id, the power states, the GIC's state. */
function state(m: Machine): { regs: string[]; gic: string[]; ram: Uint8Array } {
  const ids = readRegList(m.vcpus[0]!, m.endian);
  const regs = m.vcpus.flatMap((v, i) => [`mp${i}=${m.mpState(i)}`, ...ids.map((id) => `${i}:${id.toString(16)}=${v.getOneReg(id).toString(16)}`)]);
  return { regs, gic: gicRegs(m), ram: m.ram.slice() };
}

function sameState(a: Machine, b: Machine, what: string): void {
  const x = state(a), y = state(b);
  assert.deepEqual(x.regs, y.regs, `${what}: registers`);
  assert.ok(x.gic.length > 0 || !a.gicDevice, `${what}: the GIC's registers were read`);
  assert.deepEqual(x.gic, y.gic, `${what}: the in-kernel GIC's registers`);
  const diff = x.ram.findIndex((v, i) => v !== y.ram[i]);
  assert.equal(diff, -1, `${what}: RAM differs first at offset 0x${diff.toString(16)}`);
}

async function forward(name: string, n: number, smp?: number, gic?: Gic): Promise<Machine> {
  const f = boot(name, { insnBudget: n, smp, gic });
  if (n > 0) {
    const stop = await f.t.resume('continue');
    assert.equal(stop.kind, 'limit');
  }
  return f.m;
}

const PROPERTY: readonly { name: string; most: number; gic?: Gic; interval?: number; quantum?: number }[] = [
  { name: 'insns-gcc-O2.elf', most: 1_500_000 },
  { name: 'bench-gcc-O2.elf', most: 1_500_000 },
  // turns of 5000 instructions and a checkpoint at each: up to 300 of them, the older ones thinned out
  { name: 'bench-gcc-O2.elf', most: 1_500_000, interval: 5000, quantum: 5000 },
  // timer interrupts through the in-kernel GIC; checkpoints every 7000 instructions, so going back
  // restores the GIC's state of the middle of the run (pending, active, priorities, CPU interface)
  { name: 'timer-gcc-O2.elf', most: 97_000, gic: 'v2', interval: 7000 },
  { name: 'timer-gcc-O2.elf', most: 97_000, gic: 'v3', interval: 7000 },
];

for (const { name, most, gic, interval, quantum } of PROPERTY) {
  test(`history (${name}${gic ? `, GIC${gic}` : ''}${interval ? `, a checkpoint every ${interval}` : ''}): for random N < M, M forward then back to N equals N forward from a fresh start (registers, ${gic ? 'GIC, ' : ''}RAM)`, async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: most }), fc.integer({ min: 1, max: most }),
      async (a, b) => {
        const [n, mm] = a < b ? [a, b] : a > b ? [b, a] : [a - 1, a];
        const r = boot(name, { history: true, insnBudget: mm, gic, interval, quantum });
        assert.equal((await r.t.resume('continue')).kind, 'limit');
        const printed = r.out.length;
        assert.equal(r.t.currentTime(), mm);
        // older checkpoints are thinned: their page copies stay within twice the memory written
        const mem = r.t.historyApi()!.info();
        assert.ok(mem.bytes - mem.base - mem.dense <= 2 * 4096 * mem.pages,
          `${mem.bytes - mem.base - mem.dense} bytes of older page copies for ${mem.pages} pages written`);
        await r.t.historyApi()!.goto(n);
        assert.equal(r.t.currentTime(), n);
        sameState(r.m, await forward(name, n, undefined, gic), `back to ${n} from ${mm}`);
        // forward again to M: the same state as going there the first time, no console output twice
        await r.t.historyApi()!.goto(mm);
        sameState(r.m, await forward(name, mm, undefined, gic), `forward again to ${mm}`);
        assert.equal(r.out.length, printed, 'console output already shown is not printed again');
      }), { numRuns: gic ? 6 : 4, seed: 19 });
  });
}

test('history: with a checkpoint every 5000 instructions, 1.5M instructions of bench-gcc-O2.elf keep the newest 16 and thin the older ones to twice the memory written; one step back is still one instruction back', async () => {
  const r = boot('bench-gcc-O2.elf', { history: true, insnBudget: 1_500_000, interval: 5000, quantum: 5000 });
  assert.equal((await r.t.resume('continue')).kind, 'limit');
  const h = r.t.historyApi()!;
  const mem = h.info();
  assert.ok(mem.pages > 0, 'the guest wrote memory');
  assert.ok(mem.checkpoints >= 17 && mem.checkpoints < 300 / 4, `${mem.checkpoints} checkpoints kept of 300`);
  assert.ok(mem.bytes - mem.base - mem.dense <= 2 * 4096 * mem.pages);
  assert.equal((await h.reverseStep()).kind, 'step');
  sameState(r.m, await forward('bench-gcc-O2.elf', 1_499_999), 'one step back');
});

test('history starts from the pages the load wrote: those are every non-zero page of fresh RAM (by the ELF program headers), none else is read; after a run the machine no longer knows', () => {
  const bytes = guest('hello-gcc-O2.elf');
  // PT_LOAD segments from the ELF64 program headers (System V ABI), read here, not by the loader
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const phoff = Number(v.getBigUint64(32, true)), phentsize = v.getUint16(54, true), phnum = v.getUint16(56, true);
  const want = new Set<number>();
  const base = 0x4000_0000;
  for (let i = 0; i < phnum; i++) {
    const ph = phoff + i * phentsize;
    if (v.getUint32(ph, true) !== 1) continue;
    const paddr = Number(v.getBigUint64(ph + 24, true)) - base, memsz = Number(v.getBigUint64(ph + 40, true));
    for (let p = Math.floor(paddr / 4096); p * 4096 < paddr + memsz; p++) want.add(p);
  }
  const { m, t } = boot('hello-gcc-O2.elf', { history: true });
  assert.deepEqual([...m.loadedPages()!].sort((a, b) => a - b), [...want].sort((a, b) => a - b));
  for (let p = 0; p < m.ram.length / 4096; p++) {
    if (!want.has(p)) assert.ok(m.ram.subarray(p * 4096, (p + 1) * 4096).every((b) => b === 0), `page ${p} is not in the load and not zero`);
  }
  // the first checkpoint holds each loaded page that is not all zeros
  const nonZero = [...want].filter((p) => m.ram.subarray(p * 4096, (p + 1) * 4096).some((b) => b !== 0)).length;
  assert.equal(t.history!.memoryStats().bytes, nonZero * 4096);
  m.runOnce(0);
  assert.equal(m.loadedPages(), undefined);
});

test('history: an interrupt stops a reverse-continue that has no hit to find, at the start of the stretch it was searching', async () => {
  // The run loop looks around after every KVM_RUN (tickMs 0), and the search's third look asks for an
  // interrupt, as a 0x03 arriving then would: the order of events, not a clock, decides where it lands
  // (a search of the whole history can be over in less than any fixed delay).
  let looks = 0;
  let interruptAt: number | undefined = undefined;   // none while the run goes forward
  const r = boot('bench-gcc-O2.elf', {
    history: true, insnBudget: 1_900_000, interval: 50_000, tickMs: 0,
    checkLimit: () => {
      if (++looks === interruptAt) r.t.interrupt();
      return undefined;
    },
  });
  assert.equal((await r.t.resume('continue')).kind, 'limit');
  const h = r.t.historyApi()!;
  looks = 0;
  interruptAt = 3;
  const stop = await h.reverseContinue();
  const at = h.info();
  assert.equal(stop.kind, 'interrupted', `with no breakpoint the search would go to the start of history; it ended ${stop.kind} at ${at.now}`);
  assert.ok(at.now > at.begin && at.now < 1_900_000, `stopped at ${at.now}, within history [${at.begin}, 1900000)`);
});

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
  await h.goto(0);
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

/**
 * The truth for reverse watchpoints: bench-gcc-O2 run forward to its power-off with a write watchpoint on
 * data[0]; for each write, the watchpoint's stop (before the store), then, as gdb does, one step with the
 * watchpoint out of the way to complete it (`after`: after the store).
 */
async function forwardWrites(): Promise<{ fwd: ReturnType<typeof boot>; log: { time: number; pc: bigint; after: { time: number; pc: bigint } }[] }> {
  const fwd = boot('bench-gcc-O2.elf', { history: true });
  assert.ok(fwd.t.insertWatchpoint(BENCH_DATA, 8, 'write'));
  const log: { time: number; pc: bigint; after: { time: number; pc: bigint } }[] = [];
  for (;;) {
    const s = await fwd.t.resume('continue');
    if (s.kind === 'poweroff') break;
    assert.equal(s.kind, 'watch');
    const at = { time: fwd.t.currentTime()!, pc: 'pc' in s ? s.pc : -1n };
    assert.ok(fwd.t.removeWatchpoint(BENCH_DATA, 8, 'write'));
    const st = await fwd.t.resume('step');
    assert.equal(st.kind, 'step');
    assert.ok(fwd.t.insertWatchpoint(BENCH_DATA, 8, 'write'));
    log.push({ ...at, after: { time: fwd.t.currentTime()!, pc: 'pc' in st ? st.pc : -1n } });
  }
  return { fwd, log };
}

test('history: a reverse watchpoint stops just after the last write before now, where a forward run with the same watchpoint is once the debugger has stepped over the write', async () => {
  const { fwd, log } = await forwardWrites();
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
  assert.equal(last.after.time, last.time + 1, 'the forward step over the store completes one instruction');
  assert.equal(r.t.currentTime(), last.after.time, 'just after the last write: the instruction count of the store, plus one');
  assert.equal('pc' in s && s.pc, last.after.pc, 'the pc after the store');
  // one step back (gdb's own step over the watchpoint, going back) is on the store, before it wrote
  assert.equal((await r.t.historyApi()!.reverseStep()).kind, 'step');
  assert.equal(r.t.currentTime(), last.time, 'the instruction count of the last write');
  assert.equal(r.m.vcpu.getOneReg(REG_PC), last.pc, 'the pc of the store');
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

/**
 * A guest that branches three times to an address outside every memslot (and every device): each fetch
 * there is a stage-2 abort KVM injects back (kvm_inject_pabt), which the guest's vector counts in x5 and
 * returns from to the instruction after the branch; then it powers off (words from aarch64-linux-gnu-as).
 */
const INJECTED = (() => {
  const w = [
    0x10004001, // +0x00 adr  x1, vectors (+0x800)
    0xd518c001, // +0x04 msr  vbar_el1, x1
    0xd5033fdf, // +0x08 isb
    0xd2800005, // +0x0c mov  x5, #0
    0xd2800064, // +0x10 mov  x4, #3
    0xd2aa0007, // +0x14 mov  x7, #0x50000000     no memslot, no device
    0x10000046, // +0x18 loop: adr x6, back
    0xd61f00e0, // +0x1c br   x7
    0xf1000484, // +0x20 back: subs x4, x4, #1
    0x54ffffa1, // +0x24 b.ne loop
    0xd2800100, // +0x28 mov  x0, #8
    0xf2b08000, // +0x2c movk x0, #0x8400, lsl #16  PSCI SYSTEM_OFF
    0xd4000002, // +0x30 hvc  #0
  ];
  while (w.length < 0xa00 / 4) w.push(0xd503201f);   // nop up to VBAR_EL1 + 0x200 (current EL, SP_ELx, synchronous)
  return [...w,
    0x910004a5, // +0xa00 add  x5, x5, #1
    0xd5184026, // +0xa04 msr  elr_el1, x6
    0xd69f03e0, // +0xa08 eret
  ];
})();

test('history: exceptions KVM injects are instructions of the time the budget counts, so a run limited to N instructions is at time N, and going back to N is where it was', async () => {
  const { buildElf, words } = await import('../../src/vmm/testing/build-elf.ts');
  const elf = buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: words(...INJECTED) }]).bytes;
  const boot1 = (insnBudget?: number) => {
    const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { memorySize: 1 << 20, uartTx: () => {} });
    m.load(elf);
    return { m, t: new VmmTarget(m, { insnBudget, history: { interval: 10 } }) };
  };
  const all = boot1();
  assert.equal((await all.t.resume('continue')).kind, 'poweroff');
  assert.equal(all.m.vcpu.getOneReg(REG_X(5)), 3n, 'the guest took three injected aborts');
  const end = all.t.currentTime()!;
  for (let n = 1; n < end; n++) {
    const f = boot1(n);
    assert.equal((await f.t.resume('continue')).kind, 'limit');
    assert.equal(f.t.currentTime(), n, `a run limited to ${n} instructions is at time ${n}`);
    await all.t.historyApi()!.goto(n);
    sameState(all.m, f.m, `back to ${n} from the end`);
  }
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
  await live.t.historyApi()!.goto(record[1]!.time - 1);
  assert.equal((await live.t.resume('continue')).kind, 'poweroff');
  assert.deepEqual(live.out, [0x42, 0x62, 0x31]);
  sameState(again.m, live.m, 'gone back and forward again');
});

for (const gic of ['v2', 'v3'] as const) {
  test(`history, GIC${gic}: going back across timer interrupts (timer-gcc-O2.elf): reverse-continue to the k-th IRQ entry and reverse-stepi out of it equal a fresh forward run (registers, GIC, RAM)`, async () => {
    const IRQ_VECTOR = 0x4008_0a80n;   // rt_vectors + 0x280: IRQ from the current EL with SP_ELx (aarch64-linux-gnu-nm)
    const k = 4;
    const a = boot('timer-gcc-O2.elf', { history: true, gic, interval: 5000 });
    assert.ok(a.t.insertSwBreakpoint(IRQ_VECTOR));
    const times = await hits(a.t, k, 'swbreak');
    const h = a.t.historyApi()!;
    for (let j = k - 1; j >= 2; j--) {
      assert.deepEqual(await h.reverseContinue(), { kind: 'swbreak', pc: IRQ_VECTOR });
      assert.equal(a.t.currentTime(), times[j - 1], `back to IRQ entry ${j}`);
      const b = boot('timer-gcc-O2.elf', { gic });
      assert.ok(b.t.insertSwBreakpoint(IRQ_VECTOR));
      await hits(b.t, j, 'swbreak');
      sameState(a.m, b.m, `reverse-continue to IRQ entry ${j}`);
    }
    // one instruction back from the IRQ entry: the interrupted code, before the exception was taken
    assert.ok(a.t.removeSwBreakpoint(IRQ_VECTOR));
    assert.equal((await h.reverseStep()).kind, 'step');
    const t = a.t.currentTime()!;
    assert.equal(t, times[1]! - 1);
    const pc = a.m.vcpu.getOneReg(REG_PC);
    assert.ok(pc < IRQ_VECTOR - 0x280n || pc >= IRQ_VECTOR + 0x580n, `pc 0x${pc.toString(16)} is outside the vector table`);
    sameState(a.m, await forward('timer-gcc-O2.elf', t, undefined, gic), `one step back from IRQ entry 2`);
    // and forward again over the same interrupt
    assert.equal((await a.t.resume('step')).kind, 'step');
    assert.equal(a.t.currentTime(), times[1]);
    assert.equal(a.m.vcpu.getOneReg(REG_PC), IRQ_VECTOR);
  });
}

/**
 * Firmware in flash0 that programs 150 words into the first 16 KiB of flash1 (64 places 256 bytes apart,
 * so each page again and again), reading each back, then erases the sector and powers off (words from
 * aarch64-linux-gnu-as).
 */
const FLASH_WRITER = [
  0xd2a08001, // mov  x1, #0x4000000        flash1
  0x52801fe8, // mov  w8, #0xff
  0x72a01fe8, // movk w8, #0xff, lsl #16    read array (both devices)
  0x52800809, // mov  w9, #0x40
  0x72a00809, // movk w9, #0x40, lsl #16    program
  0xd2800004, // mov  x4, #0
  0xd2800006, // mov  x6, #0
  0x92401487, // and  x7, x4, #0x3f         loop:
  0xd378dce7, // lsl  x7, x7, #8
  0xb8276829, // str  w9, [x1, x7]
  0x0b042083, // add  w3, w4, w4, lsl #8
  0xb8276823, // str  w3, [x1, x7]
  0xb9000028, // str  w8, [x1]
  0xb8676825, // ldr  w5, [x1, x7]
  0x8b0500c6, // add  x6, x6, x5
  0x91000484, // add  x4, x4, #1
  0xf102589f, // cmp  x4, #150
  0x54fffec1, // b.ne loop
  0x52800402, // mov  w2, #0x20
  0x72a00402, // movk w2, #0x20, lsl #16    block erase
  0xb9000022, // str  w2, [x1]
  0x52801a02, // mov  w2, #0xd0
  0x72a01a02, // movk w2, #0xd0, lsl #16    confirm
  0xb9000022, // str  w2, [x1]
  0xb9000028, // str  w8, [x1]
  0xb9410025, // ldr  w5, [x1, #256]
  0x8b0500c6, // add  x6, x6, x5
  0xd2800100, // mov  x0, #8
  0xf2b08000, // movk x0, #0x8400, lsl #16  PSCI SYSTEM_OFF
  0xd4000002, // hvc  #0
];

test('history (firmware writing flash): for random N < M, M forward then back to N equals N forward from a fresh start (registers, RAM, both flash banks\' content and command state)', async () => {
  const bios = new Uint8Array(new Uint32Array(FLASH_WRITER).buffer);
  const fw = (opts: { history?: boolean; insnBudget?: number }) => {
    const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { memorySize: 1 << 20, uartTx: () => {} });
    m.loadFirmware(bios);
    // turns of 100 instructions, a checkpoint every 300: going back restores flash content of the middle of the run
    return { m, t: new VmmTarget(m, { insnBudget: opts.insnBudget, quantum: 100, history: opts.history ? { interval: 300 } : undefined }) };
  };
  const flash = (m: Machine) => m.flashBanks.map((f) => ({ state: f.saveState(), storage: f.storage }));
  const same = (a: Machine, b: Machine, what: string): void => {
    sameState(a, b, what);
    const x = flash(a), y = flash(b);
    assert.equal(x.length, 2);
    x.forEach((f, i) => {
      assert.deepEqual(f.state, y[i]!.state, `${what}: flash${i}'s command state`);
      const diff = f.storage.findIndex((v, k) => v !== y[i]!.storage[k]);
      assert.equal(diff, -1, `${what}: flash${i} differs first at offset 0x${diff.toString(16)}`);
    });
  };
  const total = fw({ history: true });
  assert.equal((await total.t.resume('continue')).kind, 'poweroff');
  const most = total.t.currentTime()! - 1;
  assert.ok(most > 1500, `the firmware ran ${most} instructions`);
  assert.ok(total.t.history!.memoryStats().checkpoints > 5);
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 1, max: most }), fc.integer({ min: 1, max: most }),
    async (a, b) => {
      const [n, mm] = a < b ? [a, b] : a > b ? [b, a] : [a - 1, a];
      const r = fw({ history: true, insnBudget: mm });
      assert.equal((await r.t.resume('continue')).kind, 'limit');
      await r.t.historyApi()!.goto(n);
      const f = fw({ insnBudget: n });
      if (n > 0) assert.equal((await f.t.resume('continue')).kind, 'limit');
      same(r.m, f.m, `back to ${n} from ${mm}`);
    }), { numRuns: 4, seed: 19 });
});

test('history: a change made at the present is kept by going back and forward again: re-execution that comes back to the frontier puts the changed state in place, as a forward run with the same change runs on', async () => {
  // the k-th hit of put_u64, then the pc moved back to the entry (the program starts over)
  const k = 3;
  const a = boot('hello-gcc-O2.elf', { history: true, interval: 2000 });
  const entry = a.t.readCoreRegisters().pc;
  assert.ok(a.t.insertSwBreakpoint(PUT_U64));
  const at = (await hits(a.t, k, 'swbreak'))[k - 1]!;
  a.t.writeRegister(32, entry);
  const b = boot('hello-gcc-O2.elf', { history: true, interval: 2000 });
  assert.ok(b.t.insertSwBreakpoint(PUT_U64));
  await hits(b.t, k, 'swbreak');
  b.t.writeRegister(32, entry);
  const [next] = await hits(b.t, 1, 'swbreak');
  assert.ok(next! > at, `the truth: from the entry again, put_u64 is next hit at ${next}, after ${at}`);
  // one step back (before the change), then forward through it
  const h = a.t.historyApi()!;
  assert.equal((await h.reverseStep()).kind, 'step');
  assert.equal(a.t.currentTime(), at - 1);
  assert.deepEqual(await hits(a.t, 1, 'swbreak'), [next], 'forward again from before the change: the next hit is the changed run\'s');
  sameState(a.m, b.m, 'the hit after the change');
});

/**
 * A run of `n` instructions of bench-gcc-O2.elf with one checkpoint (at 0), so that a step back
 * re-executes all of it, in slices of 10,000 instructions with the run loop looking around after every
 * KVM_RUN (tickMs 0). `interruptAt(k)`: the k-th look from now on asks for an interrupt, as a 0x03
 * arriving then would: the order of events, not a clock, decides where it lands.
 */
async function longHistory(n: number) {
  let looks = 0;
  let at: number | undefined;
  const r = boot('bench-gcc-O2.elf', {
    history: true, insnBudget: n, interval: 1e12, replaySlice: 10_000, tickMs: 0,
    checkLimit: () => {
      if (++looks === at) r.t.interrupt();
      return undefined;
    },
  });
  assert.equal((await r.t.resume('continue')).kind, 'limit');
  assert.equal(r.t.historyApi()!.info().checkpoints, 1);
  return { ...r, interruptAt: (k: number | undefined): void => { looks = 0; at = k; } };
}

test('history: a step back far from any checkpoint re-executes in slices, and an interrupt during it stops it where re-execution had come to: a state the forward run passed through, from which going back and forward is still exact', async () => {
  const n = 300_000;
  const r = await longHistory(n);
  const h = r.t.historyApi()!;
  r.interruptAt(3);
  const s = await h.reverseStep();
  const p = r.t.currentTime()!;
  assert.equal(s.kind, 'interrupted', `the step back ran on to ${p} (a ${s.kind} stop): nothing between its slices looked at the interrupt`);
  assert.ok(p > 0 && p < n - 1, `stopped at ${p}, inside the re-execution from 0 to ${n - 1}`);
  assert.equal(s.kind === 'interrupted' && s.pc, r.t.readCoreRegisters().pc);
  sameState(r.m, await forward('bench-gcc-O2.elf', p), `interrupted at ${p}`);
  // no interrupt now: one step back from there, then forward to the end again
  r.interruptAt(undefined);
  assert.equal((await h.reverseStep()).kind, 'step');
  assert.equal(r.t.currentTime(), p - 1);
  sameState(r.m, await forward('bench-gcc-O2.elf', p - 1), `one step back from ${p}`);
  await h.goto(n);
  sameState(r.m, await forward('bench-gcc-O2.elf', n), `forward again to ${n}`);
});

test('history: an interrupt while a reverse-continue goes to the hit it found stops it part-way, at a state of the forward run; forward from there the hit comes at its time', async () => {
  // hello-gcc-O2.elf with one checkpoint (at 0) and slices of 100 instructions: the way to the hit is many slices
  const twin = () => {
    let looks = 0;
    let at: number | undefined;
    const r = boot('hello-gcc-O2.elf', {
      history: true, interval: 1e12, replaySlice: 100, tickMs: 0,
      checkLimit: () => {
        if (++looks === at) r.t.interrupt();
        return undefined;
      },
    });
    return { ...r, looks: () => looks, interruptAt: (k: number | undefined): void => { looks = 0; at = k; } };
  };
  const k = 5;
  const [a, b] = [twin(), twin()];
  for (const x of [a, b]) assert.ok(x.t.insertSwBreakpoint(PUT_U64));
  const times = await hits(a.t, k, 'swbreak');
  assert.deepEqual(await hits(b.t, k, 'swbreak'), times);
  // the twin, not interrupted, counts the looks of the whole search, the way to the hit included
  b.interruptAt(undefined);
  assert.deepEqual(await b.t.historyApi()!.reverseContinue(), { kind: 'swbreak', pc: PUT_U64 });
  assert.equal(b.t.currentTime(), times[k - 2]);
  // three looks before its end: part-way to the hit
  a.interruptAt(b.looks() - 3);
  const s = await a.t.historyApi()!.reverseContinue();
  const p = a.t.currentTime()!;
  assert.equal(s.kind, 'interrupted', `the way to the hit at ${times[k - 2]} ran on to ${p} (a ${s.kind} stop)`);
  assert.ok(p > 0 && p < times[k - 2]!, `stopped at ${p}, on the way from 0 to the hit at ${times[k - 2]}`);
  assert.ok(a.t.removeSwBreakpoint(PUT_U64));   // its BRK is not the guest's memory
  sameState(a.m, await forward('hello-gcc-O2.elf', p), `interrupted at ${p}`);
  assert.ok(a.t.insertSwBreakpoint(PUT_U64));
  a.interruptAt(undefined);
  assert.deepEqual(await hits(a.t, 2, 'swbreak'), times.slice(k - 2), 'forward from there: the hits at their times');
});

function frame(body: string): string {
  let sum = 0;
  for (const c of body) sum = (sum + c.charCodeAt(0)) & 0xff;
  return `$${body}#${sum.toString(16).padStart(2, '0')}`;
}

test('gdb stub: a 0x03 sent with a bs that re-executes a long way is answered by a T02 stop reply part-way (not by the step\'s T05 once it is over); the next bs steps back from there; a monitor goto that re-executes a long way is stopped part-way too', async () => {
  const n = 300_000;
  const r = boot('bench-gcc-O2.elf', { history: true, insnBudget: n, interval: 1e12, replaySlice: 1000, tickMs: 0 });
  assert.equal((await r.t.resume('continue')).kind, 'limit');
  const gdb = await serveGdb(gdbTarget(r.t), { port: 0, waitForAttach: true, log: () => {} });
  const sock = connect(gdb.port, '127.0.0.1');
  let text = '';
  const waiting: (() => void)[] = [];
  sock.on('data', (d: Buffer) => { text += d.toString('latin1'); waiting.splice(0).forEach((f) => f()); });
  /** The next reply packet's body (acks skipped), once it is complete. */
  let at = 0;
  const reply = async (): Promise<string> => {
    for (;;) {
      const m = /\$([^#]*)#[0-9a-f]{2}/.exec(text.slice(at));
      if (m) {
        at += m.index + m[0].length;
        return m[1]!;
      }
      await new Promise<void>((res) => waiting.push(res));
    }
  };
  const now = async (): Promise<number> => {
    sock.write(frame(`qRcmd,${Buffer.from('history').toString('hex')}`));
    let out = '';
    for (let b = await reply(); b !== 'OK'; b = await reply()) out += Buffer.from(b.slice(1), 'hex').toString();
    return Number(/now at instruction (\d+)/.exec(out)![1]);
  };
  try {
    await new Promise<void>((res) => sock.once('connect', () => res()));
    sock.write(frame('?'));
    await reply();
    // in one write: the bs re-executes from instruction 0 to n - 1 in 300 slices; the 0x03 must stop it
    sock.write(frame('bs') + '\x03');
    const stop = await reply();
    const p = await now();
    assert.match(stop, /^T02/, `the reply to bs + 0x03 is ${stop}, with the guest at ${p}`);
    assert.ok(p > 0 && p < n - 1, `stopped at ${p}, part-way from 0 to ${n - 1}`);
    sock.write(frame('bs'));
    assert.match(await reply(), /^T05/);
    assert.equal(await now(), p - 1);
    // monitor goto to the end re-executes from 0 as well: a 0x03 stops it part-way, and the packet
    // behind it in the same write is answered after its OK
    sock.write(frame(`qRcmd,${Buffer.from(`goto @${n - 1}`).toString('hex')}`) + '\x03' + frame('qC'));
    let text = '';
    for (let b = await reply(); b !== 'OK'; b = await reply()) text += Buffer.from(b.slice(1), 'hex').toString();
    assert.match(text, new RegExp(`^interrupted on the way to instruction ${n - 1}: now at instruction \\d+`), text);
    assert.equal(await reply(), 'QC1');
    const q = await now();
    assert.ok(q > p - 1 && q < n - 1, `monitor goto stopped at ${q}, part-way from 0 to ${n - 1}`);
  } finally {
    sock.destroy();
    await gdb.close();
  }
});

/** The smp-echo guest (src/vmm/testing/smp-echo.ts) on 2 vCPUs, with history and optionally scripted input. */
async function smpEcho(opts: { script?: { time: number; byte: number; mmio?: boolean }[]; insnBudget?: number; quantum?: number; interval?: number; history?: boolean } = {}) {
  const { smpEchoElf } = await import('../../src/vmm/testing/smp-echo.ts');
  const out: number[] = [];
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { memorySize: 1 << 20, smp: 2, uartTx: (b) => out.push(b) });
  m.load(smpEchoElf());
  const history = opts.history === false ? undefined : { interval: opts.interval ?? 4000, script: opts.script };
  return { m, out, t: new VmmTarget(m, { quantum: opts.quantum ?? 997, insnBudget: opts.insnBudget, history }) };
}

test('history, two vCPUs: console input recorded while the vCPUs take turns, replayed from the record without input, gives the same run (output, every vCPU\'s registers and count, RAM): an input due does not end a turn', async () => {
  const live = await smpEcho();
  live.m.input.push([0x41]);                       // typed before the guest starts...
  const first = live.t.resume('continue');
  for (const b of [0x42, 0x43, 0x44]) {            // ...and while it runs, whenever the event loop gets a turn
    await new Promise((r) => setTimeout(r, 7));
    live.m.input.push([b]);
  }
  assert.equal((await first).kind, 'poweroff');
  const text = Buffer.from(live.out).toString('latin1');
  assert.match(text, /^A[a-z]B[a-z]C[a-z]D[a-z]\n$/);
  const record = [...live.t.history!.inputs];
  assert.deepEqual(record.map((x) => x.byte), [0x41, 0x42, 0x43, 0x44]);
  // the input came inside turns, not only where one vCPU's quantum gave way to the other's
  assert.ok(record.some((x) => x.time % 997 !== 0), `input times ${record.map((x) => x.time)}`);

  const again = await smpEcho({ script: record });
  again.m.input.push([0x7a]);                      // live input is not used when replaying a record
  assert.equal((await again.t.resume('continue')).kind, 'poweroff');
  assert.equal(Buffer.from(again.out).toString('latin1'), text);
  assert.deepEqual(again.t.history!.inputs, record);
  assert.equal(again.t.currentTime(), live.t.currentTime());
  sameState(again.m, live.m, 'replayed run');
  // both vCPUs had store-exclusives fail: a return to userspace came between a load- and store-exclusive
  assert.ok(live.m.vcpus[1]!.getOneReg(REG_X(9)) > 0n, 'vCPU 1 saw a store-exclusive fail');
});

const SCRIPT = [
  { time: 5_003, byte: 0x61 }, { time: 21_011, byte: 0x62 }, { time: 38_017, byte: 0x63 }, { time: 61_001, byte: 0x64 },
];

test('history, two vCPUs contending with LDXR/STXR (turns of 997, checkpoints every 3001): for random N < M, M forward then back to N equals N forward from a fresh start; from N, stepping and continuing forward reach M as the first run did', async () => {
  // the whole run: how long it is, and that turns ended between a load- and a store-exclusive
  const whole = await smpEcho({ script: SCRIPT, quantum: 997, interval: 1e9 });
  assert.equal((await whole.t.resume('continue')).kind, 'poweroff');
  const failed = whole.m.vcpus[1]!.getOneReg(REG_X(9));
  assert.ok(failed > 0n, 'vCPU 1 had store-exclusives fail');
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 1, max: 60_000 }), fc.integer({ min: 0, max: 3 }),
    async (a, b, steps) => {
      const [n, mm] = a < b ? [a, b] : a > b ? [b, a] : [a - 1, a];
      const fresh = async (k: number): Promise<Machine> => {
        const f = await smpEcho({ script: SCRIPT, quantum: 997, insnBudget: k, interval: 1e9 });
        if (k > 0) assert.equal((await f.t.resume('continue')).kind, 'limit');
        return f.m;
      };
      const r = await smpEcho({ script: SCRIPT, quantum: 997, interval: 3001, insnBudget: mm });
      assert.equal((await r.t.resume('continue')).kind, 'limit');
      assert.equal(r.t.currentTime(), mm);
      await r.t.historyApi()!.goto(n);
      sameState(r.m, await fresh(n), `back to ${n} from ${mm}`);
      await r.t.historyApi()!.goto(mm);
      sameState(r.m, await fresh(mm), `forward again to ${mm} (goto)`);
      // back to N, a few steps on the vCPU that stopped, then continue: the recorded run to M
      await r.t.historyApi()!.goto(n);
      for (let s = 0; s < steps; s++) await r.t.resume('step');
      const stop = await r.t.resume('continue');
      assert.equal(stop.kind, 'limit');
      assert.equal(r.t.currentTime(), mm);
      sameState(r.m, await fresh(mm), `back to ${n}, ${steps} steps, continue to ${mm}`);
    }), { numRuns: 12, seed: 19 });
});

test('history: the end of a run that powered off (PSCI SYSTEM_OFF) is in history: goto there is the state the hvc left, continue and stepi there power off again as the run did, and re-executing to it or searching across it meets the recorded shutdown', async () => {
  const { monitorCommand } = await import('../../src/vmm/monitor.ts');
  // turns of 1000 instructions, a checkpoint at each: reverse-continue from the end searches the last stretch only
  const a = boot('hello-gcc-O2.elf', { history: true, interval: 1000, quantum: 1000 });
  assert.ok(a.t.insertSwBreakpoint(PUT_U64));
  const hitTimes: number[] = [];
  for (let s = await a.t.resume('continue'); s.kind !== 'poweroff'; s = await a.t.resume('continue')) {
    assert.equal(s.kind, 'swbreak');
    hitTimes.push(a.t.currentTime()!);
  }
  const end = a.t.currentTime()!;
  const printed = [...a.out];
  // the truth: a forward run without history (the same breakpoint in its RAM), left where it powered off
  const b = boot('hello-gcc-O2.elf');
  assert.ok(b.t.insertSwBreakpoint(PUT_U64));
  for (const _ of hitTimes) assert.equal((await b.t.resume('continue')).kind, 'swbreak');
  assert.deepEqual(await b.t.resume('continue'), { kind: 'poweroff', code: 0 });
  sameState(a.m, b.m, 'the end');
  const h = a.t.historyApi()!;
  assert.equal(h.info().frontier, end);
  assert.equal(h.info().ended, 'poweroff');
  assert.match(String(await monitorCommand(a.t, 'history')), new RegExp(`history holds 0\\.\\.${end} .*\\n.*the run ended at instruction ${end}: the guest powered off \\(PSCI SYSTEM_OFF\\); nothing runs after it\n`));
  // at the end, the guest is off: continue and stepi say so again, and nothing runs
  assert.deepEqual(await a.t.resume('continue'), { kind: 'poweroff', code: 0 });
  assert.deepEqual(await a.t.resume('step'), { kind: 'poweroff', code: 0 });
  assert.equal(a.t.currentTime(), end);
  sameState(a.m, b.m, 'the end, resumed there');

  // back one instruction (the hvc about to run), then to the end again with goto
  assert.equal((await h.reverseStep()).kind, 'step');
  assert.equal(a.t.currentTime(), end - 1);
  const g = String(await monitorCommand(a.t, `goto @${end}`));
  assert.match(g, new RegExp(`^now at instruction ${end}, pc 0x[0-9a-f]+, where the guest powered off \\(PSCI SYSTEM_OFF\\): continue or stepi ends the session as the run did \\(gdb still shows`));
  assert.equal(a.t.currentTime(), end);
  sameState(a.m, b.m, 'goto the end');
  assert.deepEqual(await a.t.resume('continue'), { kind: 'poweroff', code: 0 });
  assert.equal(a.t.currentTime(), end);

  // a stepi over the hvc, re-executed, is the shutdown the run recorded
  await h.goto(end - 1);
  assert.deepEqual(await a.t.resume('step'), { kind: 'poweroff', code: 0 });
  assert.equal(a.t.currentTime(), end);
  sameState(a.m, b.m, 'stepi over the hvc again');

  // reverse-continue from the end searches the stretch that holds the shutdown: back to the last hit
  assert.deepEqual(await h.reverseContinue(), { kind: 'swbreak', pc: PUT_U64 });
  assert.equal(a.t.currentTime(), hitTimes[hitTimes.length - 1]);
  // continue from there re-executes to the recorded end: the guest powers off as it did
  assert.deepEqual(await a.t.resume('continue'), { kind: 'poweroff', code: 0 });
  assert.equal(a.t.currentTime(), end);
  sameState(a.m, b.m, 'continued to the end again');
  assert.deepEqual(a.out, printed, 'nothing printed twice');

});

test('history: a reverse watchpoint from the end of a run that powered off searches across the recorded shutdown and stops just after the last write', async () => {
  // the truth: a forward run with the watchpoint, each write completed by a step as gdb does
  const last = (await forwardWrites()).log.at(-1);
  assert.ok(last, 'the guest writes data[0]');
  const r = boot('bench-gcc-O2.elf', { history: true, interval: 50_000 });
  assert.deepEqual(await r.t.resume('continue'), { kind: 'poweroff', code: 0 });
  assert.ok(r.t.insertWatchpoint(BENCH_DATA, 8, 'write'));
  const s = await r.t.historyApi()!.reverseContinue();
  assert.equal(s.kind, 'watch');
  assert.equal((await r.t.historyApi()!.reverseStep()).kind, 'step');
  assert.equal(r.t.currentTime(), last.time, 'the instruction count of the last write');
  assert.equal(r.m.vcpu.getOneReg(REG_PC), last.pc, 'on the last store to data[0], before it wrote');
});

/** A guest that asks PSCI for its version, then for a reset (PSCI SYSTEM_RESET) (words from aarch64-linux-gnu-as). */
const VERSION_THEN_RESET = [
  0xd2800000, // mov  x0, #0
  0xf2b08000, // movk x0, #0x8400, lsl #16  PSCI_VERSION
  0xd4000002, // hvc  #0
  0xd503201f, // nop
  0xd2800120, // mov  x0, #9
  0xf2b08000, // movk x0, #0x8400, lsl #16  PSCI SYSTEM_RESET
  0xd4000002, // hvc  #0
];

test('history: a run that ended asking for a reset (PSCI SYSTEM_RESET) ends there again; a re-executed PSCI call that powers off where the recorded run did not is a divergence, not the end', async () => {
  const { buildElf, words } = await import('../../src/vmm/testing/build-elf.ts');
  const { monitorCommand } = await import('../../src/vmm/monitor.ts');
  const elf = buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: words(...VERSION_THEN_RESET) }]).bytes;
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { memorySize: 1 << 20, uartTx: () => {} });
  m.load(elf);
  const t = new VmmTarget(m, { history: { interval: 1000 } });
  assert.deepEqual(await t.resume('continue'), { kind: 'reset' });
  const end = t.currentTime()!;
  assert.equal(end, VERSION_THEN_RESET.length, 'each hvc is one instruction');
  const pc = m.vcpu.getOneReg(REG_PC);
  const h = t.historyApi()!;
  assert.match(String(await monitorCommand(t, 'history')), new RegExp(`\\nthe run ended at instruction ${end}: the guest asked for a reset \\(PSCI SYSTEM_RESET\\); nothing runs after it\\n`));
  for (const from of [0, end - 1, end]) {
    await h.goto(from);
    if (from < end) assert.deepEqual(await t.resume('step'), from === end - 1 ? { kind: 'reset' } : { kind: 'step', pc: 0x4008_0004n });
    if (from === end) assert.deepEqual(await t.resume('continue'), { kind: 'reset' });
    if (from === end - 1) {
      assert.equal(t.currentTime(), end);
      assert.equal(m.vcpu.getOneReg(REG_PC), pc, 'the pc the hvc left');
    }
  }
  // the guest's first instruction changed behind history's back (the debugger refuses changes in the
  // past): its PSCI_VERSION call becomes SYSTEM_OFF, which the recorded future cannot follow
  await h.goto(0);
  new DataView(m.ram.buffer, m.ram.byteOffset).setUint32(0x8_0000, 0xd2800100, true);   // mov x0, #8
  m.syncCode(0x4008_0000n, 4);
  const s = await t.resume('continue');
  assert.equal(s.kind, 'error');
  assert.match('message' in s ? s.message : '', new RegExp(`diverged at instruction 3: the guest powered off, the recorded run asked for a reset at ${end}`));
});
