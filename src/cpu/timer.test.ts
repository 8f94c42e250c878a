/**
 * The EL1 generic timers (Arm ARM D11.2, CNTV_* and CNTP_*): CTL's ENABLE/IMASK/ISTATUS, CVAL and the
 * signed 32-bit TVAL view, CNTVCT = CNTPCT - CNTVOFF, the interrupt output (ENABLE && ISTATUS &&
 * !IMASK) at the exact instruction count where the count reaches CVAL, and WFI waiting for it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { machine, RAM_BASE, poke } from './test-helpers.ts';
import { RunStop } from './api.ts';
import { Timer } from './timer.ts';
import { setFlagsFromString } from 'node:v8';

const HVC0 = 0xd4000002;
const VBAR = RAM_BASE + 0x800n;

/** A CPU whose timer outputs drive its IRQ input directly (the GIC's part reduced to a wire), logged. */
function wired(words: number[], vector: number[]): { m: ReturnType<typeof machine>; log: string[] } {
  const m = machine(words);
  m.cpu.setSysReg('VBAR_EL1', VBAR);
  poke(m, 0xa80, vector); // IRQ, current EL with SP_ELx
  const log: string[] = [];
  m.cpu.onTimerOutput = (t, level) => {
    log.push(`${t}:${level ? 1 : 0}@${m.cpu.getSysReg('CNTPCT_EL0')}`); // the count when it changed
    m.cpu.setInterruptLine('irq', level);
  };
  return { m, log };
}

for (const tval of [100, 6000]) {
  test(`virtual timer armed through TVAL = ${tval} (${tval > 1000 ? 'the loop compiled' : 'interpreted'}): the output rises when CNTVCT reaches CVAL, the IRQ is taken before the next instruction, ISTATUS and TVAL read as the architecture defines`, () => {
  const { m, log } = wired([
    (0xd2800001 | (tval << 5)) >>> 0, // 0x00 mov  x1, #tval
    0xd51be301, // 0x04 msr  cntv_tval_el0, x1   (count 2: CVAL = tval + 2)
    0xd2800022, // 0x08 mov  x2, #1
    0xd51be322, // 0x0c msr  cntv_ctl_el0, x2    (ENABLE)
    0xd50342ff, // 0x10 msr  daifclr, #2
    0x910004e7, // 0x14 add  x7, x7, #1
    0x17ffffff, // 0x18 b    0x14
  ], [
    0xd53be323, // mrs x3, cntv_ctl_el0
    0xd53be044, // mrs x4, cntvct_el0
    0xd51be33f, // msr cntv_ctl_el0, xzr
    0xd53be305, // mrs x5, cntv_tval_el0
    HVC0,
  ]);
  assert.equal(m.cpu.run(100000), RunStop.TrapToEl2);
  const cval = tval + 2;
  assert.deepEqual(log, [`virt:1@${cval}`, `virt:0@${cval + 4}`], 'rises at count CVAL (after that instruction), falls at the handler\'s MSR');
  assert.equal(m.cpu.getSysReg('CNTV_CVAL_EL0'), BigInt(cval));
  assert.equal(m.cpu.getX(7), BigInt((cval - 6) / 2 + 1), 'the ADDs among instructions 6..CVAL');
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 0x18n, 'interrupted before the B');
  assert.equal(m.cpu.getX(3), 5n, 'CTL: ENABLE | ISTATUS');
  assert.equal(m.cpu.getX(4), BigInt(cval + 3), 'CNTVCT: CVAL + the entry + two instructions');
  assert.equal(m.cpu.getX(5), 0xfffffffbn, 'TVAL = CVAL - count = -5, 32 bits');
});
}

// first in the file: a Timer given a large CVAL before it would have changed the class's shape already
test('a CVAL beyond 2^31 leaves a timer the shape it had: code optimised for the run loop stays valid', () => {
  setFlagsFromString('--allow-natives-syntax');
  const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b);') as (a: Timer, b: Timer) => boolean;
  const fresh = new Timer(), far = new Timer();
  far.cval = 2n ** 40n;
  assert.equal(far.cvalN, 2 ** 40);
  assert.ok(sameMap(fresh, far), 'cvalN is a double from the start');
  assert.ok(fresh.cvalN === 0, 'CVAL 0');
  assert.ok(fresh.outputN(0) === fresh.output(0n) && fresh.ticksN(0) === Infinity);
});

test('physical timer with IMASK: ISTATUS reads 1 once CNTPCT >= CVAL, the output never rises; CNTVCT = CNTPCT - CNTVOFF', () => {
  const { m, log } = wired([
    0xd53be226, // 0x00 mrs x6, cntp_ctl_el0   (count 1)
    0xd503201f, 0xd503201f, 0xd503201f, 0xd503201f, // nops (counts 2..5)
    0xd53be228, // 0x14 mrs x8, cntp_ctl_el0   (count 6)
    0xd50342ff, // 0x18 msr daifclr, #2
    0xd53be029, // 0x1c mrs x9, cntpct_el0
    0xd53be04a, // 0x20 mrs x10, cntvct_el0
    HVC0,
  ], [HVC0]);
  m.cpu.setSysReg('CNTP_CVAL_EL0', 6n);
  m.cpu.setSysReg('CNTP_CTL_EL0', 3n);
  m.cpu.hyp.cntvoff = 3n;
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0x28n, 'no interrupt: the HVC of the program');
  assert.equal(m.cpu.getX(6), 3n, 'ENABLE | IMASK, not yet met');
  assert.equal(m.cpu.getX(8), 7n, 'ISTATUS at count 6 = CVAL');
  assert.equal(m.cpu.getX(9), 8n);
  assert.equal(m.cpu.getX(10), 6n, 'CNTVCT = 9 - 3');
  assert.deepEqual(log, []);
  assert.equal(m.cpu.getSysReg('CNTP_CTL_EL0'), 7n);
});

test('WFI with the virtual timer armed: the counters jump to CVAL, the interrupt is taken after the WFI; with nothing armed WFI completes at once', () => {
  const { m, log } = wired([
    0xd2807d01, // 0x00 mov  x1, #1000
    0xd51be341, // 0x04 msr  cntv_cval_el0, x1
    0xd2800022, // 0x08 mov  x2, #1
    0xd51be322, // 0x0c msr  cntv_ctl_el0, x2
    0xd50342ff, // 0x10 msr  daifclr, #2
    0xd503207f, // 0x14 wfi
    0x14000000, // 0x18 b .
  ], [
    0xd53be044, // mrs x4, cntvct_el0
    HVC0,
  ]);
  assert.equal(m.cpu.run(100000), RunStop.TrapToEl2);
  assert.deepEqual(log, ['virt:1@1000'], 'raised inside the WFI (the sixth instruction), the count jumped to CVAL');
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 0x18n);
  assert.equal(m.cpu.getX(4), 1002n, 'CVAL, then the entry and the MRS');
  assert.equal(m.cpu.retired, 9, 'instructions retired do not include the time waited');

  const idle = machine([0xd503207f, 0xd53be044, HVC0]); // wfi; mrs x4, cntvct_el0
  assert.equal(idle.cpu.waitForTimer(), false);
  assert.equal(idle.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(idle.cpu.getX(4), 2n, 'no timer: no time skipped');
});

test('CNTVCT = CNTPCT - CNTVOFF modulo 2^64 for every CNTVOFF: 0, small, above the count (wraps), beyond 2^53, changed between runs', () => {
  const prog = [
    0xd53be029, // mrs x9, cntpct_el0   (count 1)
    0xd53be04a, // mrs x10, cntvct_el0  (count 2)
    HVC0,
  ];
  for (const off of [0n, 1n, 2n, 3n, 1000n, (1n << 53n) - 1n, 1n << 53n, (1n << 63n) + 5n, (1n << 64n) - 1n]) {
    const { m } = wired(prog, [HVC0]);
    m.cpu.hyp.cntvoff = off;
    assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
    assert.equal(m.cpu.getX(9), 1n, `CNTPCT, CNTVOFF ${off}`);
    assert.equal(m.cpu.getX(10), BigInt.asUintN(64, 2n - off), `CNTVCT with CNTVOFF ${off}`);
  }
});

test('a timer compared in numbers (what run() does at every slice) says what the 64-bit comparison says, for every CTL and CVAL a double holds', () => {
  const t = new Timer();
  const counts = [0, 1, 999, 1000, 1001, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 2, 2 ** 53 - 1];
  const cvals = [0n, 1n, 1000n, 2n ** 32n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];
  let compared = 0;
  for (const ctl of [0, 1, 2, 3, 4, 5, 7]) {
    for (const cval of cvals) {
      t.ctl = ctl;
      t.cval = cval;
      assert.equal(t.cvalN, cval < 2n ** 53n ? Number(cval) : -1, `cvalN for ${cval}`);
      if (t.cvalN < 0) continue; // run() takes the BigInt path then
      for (const n of counts) {
        assert.equal(t.outputN(n), t.output(BigInt(n)), `output, ctl ${ctl} cval ${cval} count ${n}`);
        const d = t.deadline(BigInt(n));
        assert.equal(t.ticksN(n), d === null ? Infinity : Number(d - BigInt(n)), `ticks, ctl ${ctl} cval ${cval} count ${n}`);
        compared++;
      }
    }
  }
  assert.equal(compared, 7 * 5 * counts.length);
});

