/**
 * Virtual interrupts (Arm ARM D1.3.4 and AArch64.TakeVirtualIRQException/FIQ/SError): taken between
 * instructions when the input is asserted and PSTATE does not mask it, through VBAR_EL1 at the vector
 * of the group the exception comes from (+0x80 IRQ, +0x100 FIQ, +0x180 SError), with ELR_EL1 = the
 * instruction not executed and SPSR_EL1 = PSTATE; the GIC CPU interface registers go to the attached
 * interface (ICC_*), ISR_EL1 shows what is pending.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { machine, RAM_BASE, poke } from './test-helpers.ts';
import { RunStop } from './api.ts';
import type { GicSysRegs } from './api.ts';
import { sr } from './sysregs.ts';

const HVC0 = 0xd4000002;
const VBAR = RAM_BASE + 0x800n;

/** A machine running `words` with VBAR_EL1 = RAM + 0x800 and `hvc #0` in every IRQ/FIQ/SError vector. */
function withVectors(words: number[]): ReturnType<typeof machine> {
  const m = machine(words);
  m.cpu.setSysReg('VBAR_EL1', VBAR);
  for (const group of [0, 0x200, 0x400]) for (const kind of [0x80, 0x100, 0x180]) poke(m, 0x800 + group + kind, [HVC0]);
  return m;
}

test('vIRQ unmasked by MSR DAIFClr: taken before the next instruction at VBAR+0x280, ELR there, SPSR the old PSTATE, DAIF masked, ESR kept', () => {
  const m = withVectors([
    0xd50342ff, // 0x00 msr daifclr, #2
    0x91000421, // 0x04 add x1, x1, #1
    0x14000000, // 0x08 b .
  ]);
  m.cpu.setSysReg('ESR_EL1', 0x1234n);
  m.cpu.setInterruptLine('irq', true);
  assert.equal(m.cpu.run(1), RunStop.Budget);
  assert.equal(m.cpu.getPc(), RAM_BASE + 4n, 'the MSR completed');
  assert.equal(m.cpu.run(1), RunStop.Budget);
  assert.equal(m.cpu.getPc(), VBAR + 0x280n, 'current EL with SP_EL1: IRQ vector at +0x280');
  assert.equal(m.cpu.retired, 2, 'the interrupt entry counts as one');
  assert.equal(m.cpu.getX(1), 0n, 'the ADD did not run');
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 4n);
  assert.equal(m.cpu.getSysReg('SPSR_EL1'), 0x345n, 'EL1h with D, A, F set and I clear');
  assert.equal(m.cpu.getPstate(), 0x3c5, 'EL1h, DAIF all masked');
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x1234n, 'an interrupt does not write ESR_EL1');
  assert.equal(m.cpu.run(10), RunStop.TrapToEl2, 'the vector runs');
});

test('a masked vIRQ waits: ISR_EL1.I reads 1, WFI completes, and the interrupt is taken right after the DAIFClr that unmasks it, also from compiled code', () => {
  const m = withVectors([
    0xd538c102, // 0x00 mrs  x2, isr_el1
    0x91000421, // 0x04 add  x1, x1, #1
    0xf11f403f, // 0x08 cmp  x1, #2000
    0x54ffffc1, // 0x0c b.ne 0x04
    0xd503207f, // 0x10 wfi
    0xd50342ff, // 0x14 msr  daifclr, #2
    0x910004a5, // 0x18 add  x5, x5, #1
    HVC0,
  ]);
  m.cpu.setInterruptLine('irq', true);
  assert.equal(m.cpu.run(100000), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), VBAR + 0x284n, 'stopped by the HVC of the IRQ vector');
  assert.equal(m.cpu.getX(2), 0x80n, 'ISR_EL1.I');
  assert.equal(m.cpu.getX(1), 2000n, 'the loop ran to its end with the interrupt masked');
  assert.equal(m.cpu.getX(5), 0n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 0x18n, 'taken after the WFI and the MSR');
  assert.equal(m.cpu.retired, 1 + 3 * 2000 + 2 + 1 + 1, 'instructions, the interrupt entry, the HVC');
});

test('an input asserted between two run() calls is taken at exactly that instruction count, inside a hot loop', () => {
  const words = [
    0xd50343ff, // 0x00 msr  daifclr, #3
    0x91000421, // 0x04 add  x1, x1, #1
    0xf11f403f, // 0x08 cmp  x1, #2000
    0x54ffffc1, // 0x0c b.ne 0x04
    HVC0,
  ];
  for (const k of [1 + 3 * 700, 1 + 3 * 700 + 1, 1 + 3 * 700 + 2]) {
    const m = withVectors(words);
    assert.equal(m.cpu.run(k), RunStop.Budget);
    m.cpu.setInterruptLine('fiq', true);
    assert.equal(m.cpu.run(1), RunStop.Budget);
    assert.equal(m.cpu.getPc(), VBAR + 0x300n, 'FIQ vector of the current EL with SP_EL1');
    assert.equal(m.cpu.retired, k + 1);
    const next = 4 + ((k - 1) % 3) * 4;
    assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + BigInt(next), `after ${k} instructions`);
    assert.equal(m.cpu.getX(1), BigInt(Math.floor((k - 1 + 2) / 3)), 'the iterations done so far');
  }
});

test('from EL0: the lower-EL group (+0x480 IRQ), SPSR_EL1 = EL0t; IRQ before FIQ when both can be taken', () => {
  const m = withVectors([0x91000421, 0x14000000]);
  m.cpu.setPstate(0); // EL0t, nothing masked
  m.cpu.setInterruptLine('fiq', true);
  m.cpu.setInterruptLine('irq', true);
  assert.equal(m.cpu.run(1), RunStop.Budget);
  assert.equal(m.cpu.getPc(), VBAR + 0x480n);
  assert.equal(m.cpu.getSysReg('SPSR_EL1'), 0n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE);
  m.cpu.setInterruptLine('irq', false);
  m.cpu.setPstate(0);
  assert.equal(m.cpu.run(1), RunStop.Budget);
  assert.equal(m.cpu.getPc(), VBAR + 0x500n, 'then the FIQ');
});

test('virtual SError: masked by PSTATE.A, taken at +0x180 with ESR_EL1 = EC 0x2F, IL, the ISS; no longer pending once taken', () => {
  const m = withVectors([
    0xd538c102, // 0x00 mrs x2, isr_el1
    0xd50344ff, // 0x04 msr daifclr, #4
    0x91000421, // 0x08 add x1, x1, #1
  ]);
  m.cpu.injectVirtualSError(0x1000002);
  assert.equal(m.cpu.pendingInterrupts(), 0x100);
  assert.equal(m.cpu.run(3), RunStop.Budget);
  assert.equal(m.cpu.getX(2), 0x100n, 'ISR_EL1.A');
  assert.equal(m.cpu.getPc(), VBAR + 0x380n);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0xbf000002n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 8n);
  assert.equal(m.cpu.pendingInterrupts(), 0, 'HCR_EL2.VSE cleared');
  assert.throws(() => m.cpu.injectVirtualSError(1 << 25), /ISS/);
  assert.throws(() => m.cpu.setInterruptLine('nmi' as 'irq', true), /unknown line/);
});

const ICC_IAR1_EL1 = sr(3, 0, 12, 12, 0);
const ICC_EOIR1_EL1 = sr(3, 0, 12, 12, 1);
const ICC_SRE_EL1 = sr(3, 0, 12, 12, 5);
const ICC_PMR_EL1 = sr(3, 0, 4, 6, 0);

test('ICC_* registers: UNDEFINED without a GIC CPU interface; with one, MRS/MSR reach it, PFR0.GIC = 1, and a write that asserts the line is followed by the interrupt', () => {
  const prog = [
    0xd5380403, // 0x00 mrs x3, id_aa64pfr0_el1
    0xd50343ff, // 0x04 msr daifclr, #3
    0xd5184601, // 0x08 msr icc_pmr_el1, x1   (the stub asserts vIRQ)
    0x910004a5, // 0x0c add x5, x5, #1
    0x14000000, // 0x10 b .
  ];
  const bare = withVectors([0xd538cc04, HVC0]); // mrs x4, icc_iar1_el1
  poke(bare, 0xa00, [HVC0]); // synchronous vector of the current EL
  assert.equal(bare.cpu.run(10), RunStop.TrapToEl2);
  assert.equal(bare.cpu.getSysReg('ESR_EL1'), 0x02000000n, 'UNDEFINED');

  const m = withVectors(prog);
  // The vector: acknowledge, end the interrupt, return.
  poke(m, 0xa80, [0xd538cc04, 0xd518cc24, 0xd69f03e0]); // mrs x4, icc_iar1_el1; msr icc_eoir1_el1, x4; eret
  const log: string[] = [];
  const gic: GicSysRegs = {
    isIccReg: (k) => k === ICC_IAR1_EL1 || k === ICC_EOIR1_EL1 || k === ICC_SRE_EL1 || k === ICC_PMR_EL1,
    readIcc: (k) => {
      log.push(`r${k.toString(16)}`);
      if (k === ICC_IAR1_EL1) { m.cpu.setInterruptLine('irq', false); return 27n; }
      return k === ICC_SRE_EL1 ? 7n : 0n;
    },
    writeIcc: (k, v) => {
      log.push(`w${k.toString(16)}=${v}`);
      if (k === ICC_PMR_EL1) m.cpu.setInterruptLine('irq', true);
      return true;
    },
  };
  m.cpu.gicSysRegs = gic;
  m.cpu.setX(1, 0xf0n);
  assert.equal(m.cpu.run(3), RunStop.Budget);
  assert.equal(m.cpu.getX(3), 0x01002222n, 'ID_AA64PFR0_EL1.GIC = 1');
  assert.equal(m.cpu.run(1), RunStop.Budget);
  assert.equal(m.cpu.getPc(), VBAR + 0x280n, 'taken right after the MSR');
  assert.equal(m.cpu.run(3), RunStop.Budget);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0xcn, 'ERET back to the instruction after the MSR');
  assert.equal(m.cpu.getX(4), 27n);
  assert.deepEqual(log, [`w${ICC_PMR_EL1.toString(16)}=240`, `r${ICC_IAR1_EL1.toString(16)}`, `w${ICC_EOIR1_EL1.toString(16)}=27`]);
  m.cpu.run(2);
  assert.equal(m.cpu.getX(5), 1n, 'not taken again once acknowledged');
});
