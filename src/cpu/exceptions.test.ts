/**
 * Exception entry and return (Arm ARM D1.3/D1.4), the fault syndromes of D24.2.45 (ESR_EL1) and
 * the identification registers of a Cortex-A57 (QEMU `-cpu cortex-a57` values).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { machine, RAM_BASE, poke, withSyncVectors } from './test-helpers.ts';
import { RunStop } from './api.ts';


function stopAt(m: ReturnType<typeof machine>, vectorOffset: number): void {
  assert.equal(m.cpu.run(1000), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0x804n + BigInt(vectorOffset), `stopped in the vector at +0x${vectorOffset.toString(16)}`);
}

test('ERET to EL0t, SVC from EL0: vector +0x400, SPSR_EL1 = EL0t, SP_EL0 used at EL0 and SP_EL1 back at EL1', () => {
  const m = withSyncVectors([
    0x100000c2, // 0x00 adr  x2, el0code
    0xd5184022, // 0x04 msr  elr_el1, x2
    0xd518401f, // 0x08 msr  spsr_el1, xzr
    0xd2a80104, // 0x0c mov  x4, #0x40080000
    0xd5184104, // 0x10 msr  sp_el0, x4
    0xd69f03e0, // 0x14 eret
    0x910003e5, // 0x18 el0code: mov x5, sp
    0xd53b4206, // 0x1c mrs  x6, nzcv
    0xd4000221, // 0x20 svc  #0x11
  ]);
  const sp1 = m.cpu.getSp();
  stopAt(m, 0x400);
  assert.equal(m.cpu.getX(5), 0x40080000n);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x56000011n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 0x24n);
  assert.equal(m.cpu.getSysReg('SPSR_EL1'), 0n);
  assert.equal(m.cpu.getPstate() & 0x3cf, 0x3c5);
  assert.equal(m.cpu.getSp(), sp1);
  assert.equal(m.cpu.getSysReg('SP_EL0'), 0x40080000n);
});

test('EL0 reading SCTLR_EL1 is UNDEFINED (EC 0), taken to EL1 through the lower-EL vector', () => {
  const m = withSyncVectors([0xd5381007]); // mrs x7, sctlr_el1
  m.cpu.setPstate(0); // EL0t
  stopAt(m, 0x400);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x02000000n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE);
});

test('SP alignment fault (EC 0x26) for a load based on a misaligned SP, SCTLR_EL1.SA set at reset', () => {
  const m = withSyncVectors([
    0xd2a80001, // mov  x1, #0x40000000
    0x91002021, // add  x1, x1, #8
    0x9100003f, // mov  sp, x1
    0xf94003e0, // ldr  x0, [sp]
  ]);
  stopAt(m, 0x200);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x9a000000n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 12n);
});

test('PC alignment fault (EC 0x22): ELR and FAR are the misaligned target', () => {
  const m = withSyncVectors([
    0x10000001, // adr  x1, .
    0x91001821, // add  x1, x1, #6
    0xd61f0020, // br   x1
  ]);
  stopAt(m, 0x200);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x8a000000n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 6n);
  assert.equal(m.cpu.getSysReg('FAR_EL1'), RAM_BASE + 6n);
});

test('MMU off: an unaligned load is an Alignment fault (EC 0x25, DFSC 0b100001) with FAR = the address', () => {
  const m = withSyncVectors([0xf8401020]); // ldur x0, [x1, #1]
  m.cpu.setX(1, RAM_BASE + 0x100n);
  stopAt(m, 0x200);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x96000021n);
  assert.equal(m.cpu.getSysReg('FAR_EL1'), RAM_BASE + 0x101n);
});

test('WFI: completes with nothing pending; traps to EL2 (EC 0x01, CV, COND=0xE) when HCR_EL2.TWI', () => {
  const m = machine([0xd503207f, 0xd503207f]); // wfi; wfi
  assert.equal(m.cpu.run(1), RunStop.Budget);
  assert.equal(m.cpu.getPc(), RAM_BASE + 4n);
  m.cpu.hyp.twi = true;
  assert.equal(m.cpu.run(1), RunStop.TrapToEl2);
  assert.equal(m.cpu.el2.esr, 0x07e00000n);
  assert.equal(m.cpu.getPc(), RAM_BASE + 4n, 'PC at the WFI');
});

test('FP/SIMD: EC 0x07 while CPACR_EL1.FPEN traps (reset); executed when enabled; half-precision arithmetic UNDEFINED (no FEAT_FP16)', () => {
  const m = withSyncVectors([
    0x9e670020, // fmov d0, x1
    0x1ee22820, // fadd h0, h1, h2   (ARMv8.2 FP16: UNDEFINED on a Cortex-A57)
  ]);
  stopAt(m, 0x200);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x1e000000n);
  const seen: number[] = [];
  m.cpu.onUndefined = (w) => seen.push(w);
  m.cpu.setPstate(0x3c5);
  poke(m, 0x100, [
    0xd5181040, // msr  cpacr_el1, x0    (FPEN = 0b11)
    0xd4000002, // hvc  #0
  ]);
  m.cpu.setX(0, 3n << 20n);
  m.cpu.setPc(RAM_BASE + 0x100n);
  assert.equal(m.cpu.run(10), RunStop.TrapToEl2);
  m.cpu.setX(1, 0x400921fb54442d18n);
  m.cpu.setPc(RAM_BASE);
  stopAt(m, 0x200);
  assert.equal(m.cpu.getVReg(0), 0x400921fb54442d18n, 'fmov wrote d0 and cleared bits 127:64');
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x02000000n);
  assert.deepEqual(seen, [0x1ee22820]);
});

test('identification and counter registers read as on QEMU cortex-a57; CNTVCT counts forward', () => {
  const m = machine([
    0xd5380008, // mrs  x8, midr_el1
    0xd5380509, // mrs  x9, id_aa64dfr0_el1
    0xd53800aa, // mrs  x10, mpidr_el1
    0xd53be00b, // mrs  x11, cntfrq_el0
    0xd538424c, // mrs  x12, currentel
    0xd538040d, // mrs  x13, id_aa64pfr0_el1
    0xd538060e, // mrs  x14, id_aa64isar0_el1
    0xd538070f, // mrs  x15, id_aa64mmfr0_el1
    0xd53be050, // mrs  x16, cntvct_el0
    0xd53be051, // mrs  x17, cntvct_el0
    0xd4000002, // hvc  #0
  ]);
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  const X = (n: number): bigint => m.cpu.getX(n);
  assert.equal(X(8), 0x411fd070n);
  assert.equal(X(9), 0x10305106n, '6 breakpoints, 4 watchpoints, 2 context-aware, Armv8 debug');
  assert.equal(X(10), 0x80000000n);
  assert.equal(X(11), 62500000n);
  assert.equal(X(12), 4n, 'EL1');
  assert.equal(X(13), 0x2222n);
  assert.equal(X(14), 0x11120n);
  assert.equal(X(15), 0x1124n);
  assert.ok(X(17) > X(16));
});

test('illegal exception return (SPSR.M = EL2h): PSTATE.IL set, next instruction takes EC 0x0E at EL1', () => {
  const m = withSyncVectors([
    0xd2800132, // mov  x18, #0x9
    0xd5184012, // msr  spsr_el1, x18
    0x10000073, // adr  x19, 1f
    0xd5184033, // msr  elr_el1, x19
    0xd69f03e0, // eret
    0xd503201f, // 1: nop
  ]);
  stopAt(m, 0x200);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x3a000000n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE + 0x14n);
  assert.equal((m.cpu.getSysReg('SPSR_EL1') >> 20n) & 1n, 1n, 'SPSR.IL');
  assert.equal(m.cpu.getSysReg('SPSR_EL1') & 0xfn, 5n, 'EL and SP unchanged by the illegal return');
});

test('injectSyncException: guest sees the given ESR/FAR, ELR = PC, PC at the vector', () => {
  const m = withSyncVectors([0xd503201f]);
  m.cpu.injectSyncException(0x02000000n, 0x1234n);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0xa00n);
  assert.equal(m.cpu.getSysReg('ESR_EL1'), 0x02000000n);
  assert.equal(m.cpu.getSysReg('FAR_EL1'), 0x1234n);
  assert.equal(m.cpu.getSysReg('ELR_EL1'), RAM_BASE);
  assert.equal(m.cpu.getSysReg('SPSR_EL1'), 0x3c5n);
});
