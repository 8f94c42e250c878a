/**
 * The self-hosted debug architecture (Arm ARM D2) as a guest and a hypervisor see it. Expected
 * values: ESR encodings from D24.2.45 (EC 0x30..0x35, 0x3C; ISS ISV/EX/WnR, IFSC/DFSC 0b100010),
 * the software-step state machine of D2.11 (the measured QEMU 7.2 sequence in the project's
 * reference notes, except where QEMU deviates from the architecture: stepping `msr daifset, #8`),
 * the watchpoint FAR rule of AArch64.WatchpointMatch with a one-byte block, and the routing of
 * AArch64.GenerateDebugExceptionsFrom (OS lock, KDE, PSTATE.D, MDCR_EL2.TDE).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { machine, RAM_BASE, poke } from './test-helpers.ts';
import { RunStop } from './api.ts';

// VBAR_EL1 = RAM_BASE + 0x800; this handler at +0x200 records ESR, ELR, SPSR (32-byte records from
// x20 + 16), skips a BRK, sets SPSR.SS and returns.
const RECORDING_HANDLER = [
  0xd538520a, // mrs  x10, esr_el1
  0xd538402b, // mrs  x11, elr_el1
  0xd538400c, // mrs  x12, spsr_el1
  0xa9812e8a, // stp  x10, x11, [x20, #16]!
  0xf8010e8c, // str  x12, [x20, #16]!
  0xd35afd4d, // lsr  x13, x10, #26
  0xf100f1bf, // cmp  x13, #0x3c
  0x54000061, // b.ne 1f
  0x9100116b, // add  x11, x11, #4
  0xd518402b, // msr  elr_el1, x11
  0xb26b018c, // 1: orr x12, x12, #0x200000
  0xd518400c, // msr  spsr_el1, x12
  0xd69f03e0, // eret
];
const SET_VBAR = [
  0xd2a80001, // mov  x1, #0x40000000
  0x91200021, // add  x1, x1, #0x800
  0xd518c001, // msr  vbar_el1, x1
  0xd2a80034, // mov  x20, #0x40010000
];
const REC_BASE = 0x10010;

function records(dv: DataView, n: number): { esr: bigint; elr: number; ss: number }[] {
  const out = [];
  for (let k = 0; k < n; k++) {
    const esr = dv.getBigUint64(REC_BASE + 32 * k, true);
    const elr = Number(dv.getBigUint64(REC_BASE + 8 + 32 * k, true) - RAM_BASE);
    const spsr = dv.getBigUint64(REC_BASE + 16 + 32 * k, true);
    out.push({ esr, elr, ss: Number((spsr >> 21n) & 1n) });
  }
  return out;
}

test('software step at EL1 (KDE, SS): active-pending, ISV, EX for LDAXR, SVC and BRK, D=1 makes it inactive', () => {
  const m = machine([
    ...SET_VBAR,
    0xd2840020, // 0x10 mov  x0, #0x2001       (MDSCR: KDE | SS)
    0xd5100240, // 0x14 msr  mdscr_el1, x0
    0xd5033fdf, // 0x18 isb
    0xd50348ff, // 0x1c msr  daifclr, #8
    0xd5033fdf, // 0x20 isb
    0xc85ffe83, // 0x24 ldaxr x3, [x20]
    0xc8047e83, // 0x28 stxr w4, x3, [x20]
    0xd40000e1, // 0x2c svc  #7
    0xd503201f, // 0x30 nop
    0xd4200060, // 0x34 brk  #3
    0xd50348df, // 0x38 msr  daifset, #8
    0xd503201f, // 0x3c nop
    0xd4000002, // 0x40 hvc  #0
  ]);
  poke(m, 0xa00, RECORDING_HANDLER);
  assert.equal(m.cpu.run(10000), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0x44n, 'ended at the HVC: no step exception after msr daifset');
  assert.deepEqual(records(m.dv, 8), [
    { esr: 0xce000022n, elr: 0x20, ss: 0 }, // nothing stepped yet: ISV=0
    { esr: 0xcf000022n, elr: 0x24, ss: 0 }, // stepped ISB
    { esr: 0xcf000062n, elr: 0x28, ss: 0 }, // stepped LDAXR: EX=1
    { esr: 0xcf000022n, elr: 0x2c, ss: 0 }, // stepped STXR
    { esr: 0x56000007n, elr: 0x30, ss: 0 }, // SVC taken, step completed first: SPSR.SS=0
    { esr: 0xcf000022n, elr: 0x34, ss: 0 }, // stepped NOP
    { esr: 0xf2000003n, elr: 0x34, ss: 1 }, // BRK taken before completing: SPSR.SS=1
    { esr: 0n, elr: -0x40000000, ss: 0 },   // nothing more (QEMU deviates here, see file comment)
  ]);
});

// Sets MDSCR = MDE|KDE, breakpoint 0 on `target` (BAS 0xf, PMC EL1), watchpoint 0 on byte 0x40200009
// (DBGWVR 0x40200008, BAS 0b10, LSC load+store, PAC EL1), clears PSTATE.D, then accesses memory.
const BP_WP_PROGRAM = [
  0xd2940000, // 0x00 mov  x0, #0xa000
  0xd5100240, // 0x04 msr  mdscr_el1, x0
  0x10000161, // 0x08 adr  x1, target
  0xd5100081, // 0x0c msr  dbgbvr0_el1, x1
  0xd2803c62, // 0x10 mov  x2, #0x1e3
  0xd51000a2, // 0x14 msr  dbgbcr0_el1, x2
  0xd2a80413, // 0x18 mov  x19, #0x40200000
  0x91002263, // 0x1c add  x3, x19, #8
  0xd51000c3, // 0x20 msr  dbgwvr0_el1, x3
  0xd2800b64, // 0x24 mov  x4, #0x5b
  0xd51000e4, // 0x28 msr  dbgwcr0_el1, x4
  0xd5033fdf, // 0x2c isb
  0xd50348ff, // 0x30 msr  daifclr, #8
  0xd503201f, // 0x34 target: nop
  0xf9400661, // 0x38 ldr  x1, [x19, #8]
  0xa9400a61, // 0x3c ldp  x1, x2, [x19]
  0x39402661, // 0x40 ldrb w1, [x19, #9]
  0x39402261, // 0x44 ldrb w1, [x19, #8]
  0x79001261, // 0x48 strh w1, [x19, #8]
  0xf9400a65, // 0x4c ldr  x5, [x19, #16]
  0xd4200060, // 0x50 brk  #3
  0xd4000002, // 0x54 hvc  #0
];

/** Guest exception handler `hvc #1` at VBAR_EL1 + 0x200 (VBAR = RAM + 0x800). */
function guestMachine(words: number[]): ReturnType<typeof machine> {
  const m = machine(words);
  m.cpu.setSysReg('VBAR_EL1', RAM_BASE + 0x800n);
  poke(m, 0xa00, [0xd4000022]); // hvc #1
  return m;
}

/** What the guest handler would see, then ERET to ELR (+ skip bytes). */
function takeAndReturn(m: ReturnType<typeof machine>, skip = 0n): { esr: bigint; elr: bigint; far: bigint } {
  assert.equal(m.cpu.run(1000), RunStop.TrapToEl2);
  assert.equal(m.cpu.getPc(), RAM_BASE + 0xa04n, 'stopped in the guest handler');
  const r = { esr: m.cpu.getSysReg('ESR_EL1'), elr: m.cpu.getSysReg('ELR_EL1') - RAM_BASE, far: m.cpu.getSysReg('FAR_EL1') };
  m.cpu.setPstate(Number(m.cpu.getSysReg('SPSR_EL1')));
  m.cpu.setPc(RAM_BASE + r.elr + skip);
  return r;
}

test('guest breakpoint and watchpoints at EL1: EC 0x31/0x35, FAR = first watched byte accessed, WnR, no effect', () => {
  const m = guestMachine(BP_WP_PROGRAM);
  const bp = takeAndReturn(m);
  assert.deepEqual(bp, { esr: 0xc6000022n, elr: 0x34n, far: 0n });
  m.cpu.setSysReg('DBGBCR0_EL1', 0n);
  const x1 = m.cpu.getX(1);
  assert.deepEqual(takeAndReturn(m, 4n), { esr: 0xd6000022n, elr: 0x38n, far: 0x40200009n });
  assert.equal(m.cpu.getX(1), x1, 'the watched load did not write its register');
  assert.deepEqual(takeAndReturn(m, 4n), { esr: 0xd6000022n, elr: 0x3cn, far: 0x40200009n }, 'LDP covers 0x..00-0f');
  assert.deepEqual(takeAndReturn(m, 4n), { esr: 0xd6000022n, elr: 0x40n, far: 0x40200009n }, 'LDRB of the byte');
  // ldrb of byte 8 is not watched (BAS bit 0 clear)
  assert.deepEqual(takeAndReturn(m, 4n), { esr: 0xd6000062n, elr: 0x48n, far: 0x40200009n }, 'STRH: WnR');
  assert.equal(m.dv.getUint16(0x200008, true), 0, 'the watched store wrote nothing');
  // ldr of 0x..10 is outside the doubleword; BRK is next
  assert.deepEqual(takeAndReturn(m, 4n), { esr: 0xf2000003n, elr: 0x50n, far: 0x40200009n });
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(m.cpu.el2.esr, 0x5a000000n, 'reached the final HVC #0');
});

test('OS lock (OSLAR_EL1 = 1) blocks breakpoints and watchpoints but not BRK; OSLSR_EL1 reads OSLK', () => {
  const m = guestMachine([
    0xd2800020, // mov  x0, #1
    0xd5101080, // msr  oslar_el1, x0
    0xd5301187, // mrs  x7, oslsr_el1
    ...BP_WP_PROGRAM, // position independent (ADR)
  ]);
  assert.deepEqual(takeAndReturn(m, 4n).esr, 0xf2000003n, 'the first exception is the BRK');
  assert.equal(m.cpu.getX(7), 0xan, 'OSLM = 0b10, OSLK = 1');
  assert.equal(BigInt(m.dv.getUint16(0x200008, true)), m.cpu.getX(1) & 0xffffn, 'the watched store happened');
});

const HYP_OFF = { tde: false, tda: false, tdosa: false, twi: false, vmpidr: 0x80000000n };

test('MDCR_EL2.TDE routes breakpoint, watchpoint and BRK to EL2 (EC 0x30/0x34/0x3C) with FAR_EL2 for the watchpoint', () => {
  const m = guestMachine(BP_WP_PROGRAM);
  Object.assign(m.cpu.hyp, HYP_OFF, { tde: true });
  const cpu = m.cpu;
  assert.equal(cpu.run(1000), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xc2000022n);
  assert.equal(cpu.getPc(), RAM_BASE + 0x34n, 'PC at the breakpointed instruction');
  cpu.setSysReg('DBGBCR0_EL1', 0n);
  assert.equal(cpu.run(1000), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xd2000022n);
  assert.equal(cpu.el2.far, 0x40200009n);
  assert.equal(cpu.getPc(), RAM_BASE + 0x38n);
  cpu.setSysReg('DBGWCR0_EL1', 0n);
  assert.equal(cpu.run(1000), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xf2000003n);
  assert.equal(cpu.getPc(), RAM_BASE + 0x50n);
  assert.equal(cpu.getSysReg('ESR_EL1'), 0n, 'the guest saw nothing');
});

test('TDE: debug exceptions from EL1 are enabled whatever KDE and PSTATE.D say', () => {
  const m = guestMachine([
    0xd503201f, // nop
    0xd503201f, // nop   <- breakpoint
    0xd4000002, // hvc #0
  ]);
  Object.assign(m.cpu.hyp, HYP_OFF, { tde: true });
  m.cpu.setSysReg('MDSCR_EL1', 0x8000n); // MDE only
  m.cpu.setSysReg('DBGBVR0_EL1', RAM_BASE + 4n);
  m.cpu.setSysReg('DBGBCR0_EL1', 0x1e3n);
  assert.equal(m.cpu.getPstate() & 0x200, 0x200, 'PSTATE.D is set');
  assert.equal(m.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(m.cpu.el2.esr, 0xc2000022n);
});

test('MDCR_EL2.TDA/TDOSA: guest MSR/MRS of debug and OS lock registers trap to EL2 with EC 0x18, PC at the instruction', () => {
  const m = guestMachine([
    0xd2940000, // mov  x0, #0xa000
    0xd5100240, // msr  mdscr_el1, x0
    0xd5101080, // msr  oslar_el1, x0
    0xd5301181, // mrs  x1, oslsr_el1
  ]);
  Object.assign(m.cpu.hyp, HYP_OFF, { tda: true, tdosa: true });
  const cpu = m.cpu;
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0x62240004n, 'Op0=2 Op2=2 Op1=0 CRn=0 Rt=0 CRm=2 write');
  assert.equal(cpu.getPc(), RAM_BASE + 4n);
  assert.equal(cpu.getSysReg('MDSCR_EL1'), 0n, 'not written');
  cpu.setPc(cpu.getPc() + 4n);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0x62280400n, 'OSLAR_EL1: Op0=2 Op2=4 CRn=1 CRm=0 write');
  cpu.setPc(cpu.getPc() + 4n);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0x62280423n, 'OSLSR_EL1 read into x1: CRm=1, Rt=1, direction read');
});

test('linked context-ID breakpoint: address breakpoint 0 fires only while CONTEXTIDR_EL1 matches breakpoint 4', () => {
  const m = guestMachine([
    0xd503201f, // nop
    0xd503201f, // nop   <- linked address breakpoint
    0xd4000002, // hvc #0
  ]);
  const cpu = m.cpu;
  cpu.setSysReg('MDSCR_EL1', 0xa000n);
  cpu.setSysReg('DBGBVR4_EL1', 0x42n);
  cpu.setSysReg('DBGBCR4_EL1', 0x300007n); // BT=0b0011 linked context ID, PMC=EL0+EL1, E
  cpu.setSysReg('DBGBVR0_EL1', RAM_BASE + 4n);
  cpu.setSysReg('DBGBCR0_EL1', 0x1401e3n); // BT=0b0001 linked address, LBN=4, BAS=0xf, PMC=EL1, E
  cpu.setPstate(0x1c5); // EL1h, PSTATE.D clear
  cpu.setSysReg('CONTEXTIDR_EL1', 0x41n);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0x5a000000n, 'no breakpoint: ran to the HVC');
  cpu.setSysReg('CONTEXTIDR_EL1', 0x42n);
  cpu.setPc(RAM_BASE);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.getPc(), RAM_BASE + 0xa04n);
  assert.equal(cpu.getSysReg('ESR_EL1'), 0xc6000022n);
  assert.equal(cpu.getSysReg('ELR_EL1'), RAM_BASE + 4n);
});

test('watchpoint with MASK (32-byte range): FAR is the first watched byte of the access', () => {
  const m = guestMachine([
    0xd2a80413, // mov  x19, #0x40200000
    0xf9401a61, // ldr  x1, [x19, #48]
    0xa9418a61, // ldp  x1, x2, [x19, #24]
    0xd4000002, // hvc  #0
  ]);
  const cpu = m.cpu;
  cpu.setSysReg('MDSCR_EL1', 0xa000n);
  cpu.setSysReg('DBGWVR1_EL1', 0x40200020n);
  cpu.setSysReg('DBGWCR1_EL1', 0x05001ffbn); // MASK=5, BAS=0xff, LSC=both, PAC=EL1, E
  cpu.setPstate(0x1c5);
  assert.deepEqual(takeAndReturn(m, 4n), { esr: 0xd6000022n, elr: 4n, far: 0x40200030n });
  assert.deepEqual(takeAndReturn(m, 4n), { esr: 0xd6000022n, elr: 8n, far: 0x40200020n }, 'access 0x18..0x27');
});

test('an unaligned load from the page below into a watched first byte hits (FAR = that byte); one ending below it does not', () => {
  const m = guestMachine([
    0xd2a80413, // 0x00 mov  x19, #0x40200000
    0xd1001273, // 0x04 sub  x19, x19, #0x4
    0xf85fc262, // 0x08 ldur x2, [x19, #-4]     bytes 0x401ffff8..ff: not watched
    0xf9400261, // 0x0c ldr  x1, [x19]          bytes 0x401ffffc..0x40200003
    0xd4000002, // 0x10 hvc  #0
  ]);
  const cpu = m.cpu;
  cpu.strictDeviceAlignment = false; // Normal-memory rules: the unaligned accesses are allowed
  cpu.setSysReg('SCTLR_EL1', cpu.getSysReg('SCTLR_EL1'));
  Object.assign(cpu.hyp, HYP_OFF, { tde: true });
  cpu.setSysReg('MDSCR_EL1', 0x8000n);
  cpu.setSysReg('DBGWVR0_EL1', 0x40200000n);
  cpu.setSysReg('DBGWCR0_EL1', 0x2bn); // BAS=0x01, LSC=load, PAC=EL1, E
  m.dv.setBigUint64(0x1ffff8, 0x1122334455667788n, true);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xd2000022n, 'EC 0x34, WnR = 0');
  assert.equal(cpu.el2.far, 0x40200000n);
  assert.equal(cpu.getPc(), RAM_BASE + 0xcn, 'at the crossing load');
  assert.equal(cpu.getX(2), 0x1122334455667788n, 'the load ending below the watched page ran');
  assert.equal(cpu.getX(1), 0n, 'the watched load did not write its register');
});

test('userspace-style stepping under TDE: step exit per instruction, step before breakpoint, SVC steps into the vector', () => {
  const m = guestMachine([
    0xd503201f, // 0x0 nop
    0xd503201f, // 0x4 nop   <- breakpoint
    0xd4000001, // 0x8 svc  #0
  ]);
  const cpu = m.cpu;
  Object.assign(cpu.hyp, HYP_OFF, { tde: true });
  cpu.setSysReg('MDSCR_EL1', 0x8001n); // SS | MDE as KVM loads it
  cpu.setSysReg('DBGBVR0_EL1', RAM_BASE + 4n);
  cpu.setSysReg('DBGBCR0_EL1', 0x1e3n);
  const step = (): void => cpu.setPstate(cpu.getPstate() | (1 << 21)); // KVM sets PSTATE.SS on entry
  step();
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xcb000022n, 'EC 0x32, ISV=1');
  assert.equal(cpu.getPc(), RAM_BASE + 4n);
  step();
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xc2000022n, 'then the breakpoint at the same PC');
  assert.equal(cpu.getPc(), RAM_BASE + 4n);
  cpu.setSysReg('DBGBCR0_EL1', 0n);
  step();
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.getPc(), RAM_BASE + 8n);
  step();
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xca000022n, 'stepped SVC: exit at the vector, ISV=0');
  assert.equal(cpu.getPc(), RAM_BASE + 0xa00n);
  assert.equal(cpu.getSysReg('ESR_EL1'), 0x56000000n);
  assert.equal((cpu.getSysReg('SPSR_EL1') >> 21n) & 1n, 0n, 'SPSR_EL1.SS = 0 for SVC');
});

test('a watchpoint hit inside a compiled hot loop stops before the store, with the exact iteration state', () => {
  const m = guestMachine([
    0xd2a80201, // 0x00 mov  x1, #0x40100000
    0xd2800000, // 0x04 mov  x0, #0
    0xf9000020, // 0x08 1: str x0, [x1]
    0x91002021, // 0x0c    add x1, x1, #8
    0x91000400, // 0x10    add x0, x0, #1
    0xf110001f, // 0x14    cmp x0, #0x400
    0x54ffff81, // 0x18    b.ne 1b
    0xd4000002, // 0x1c hvc  #0
  ]);
  const cpu = m.cpu;
  Object.assign(cpu.hyp, HYP_OFF, { tde: true });
  cpu.setSysReg('MDSCR_EL1', 0x8000n);
  cpu.setSysReg('DBGWVR0_EL1', 0x40100000n + 8n * 700n);
  cpu.setSysReg('DBGWCR0_EL1', 0x1ff3n); // BAS=0xff, LSC=store, PAC=EL1, E
  m.dv.setBigUint64(0x100000 + 8 * 700, 0x5555n, true);
  assert.equal(cpu.run(100000), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xd2000062n, 'EC 0x34, WnR');
  assert.equal(cpu.el2.far, 0x40100000n + 8n * 700n);
  assert.equal(cpu.getPc(), RAM_BASE + 8n, 'at the STR');
  assert.equal(cpu.getX(0), 700n, 'iterations 0..699 completed');
  assert.equal(m.dv.getBigUint64(0x100000 + 8 * 700, true), 0x5555n, 'not stored');
  assert.equal(m.dv.getBigUint64(0x100000 + 8 * 699, true), 699n);
  assert.equal(cpu.retired, 2 + 5 * 700 + 1, 'no instruction of the faulting iteration counted; the trap counts as one');
});

test('step syndrome across run() calls: ISV=1 if the pending step follows a stepped instruction, ISV=0 after setPstate (return from EL2)', () => {
  const m = guestMachine([
    0xd503201f, // nop
    0xd503201f, // nop
    0xd503201f, // nop
  ]);
  const cpu = m.cpu;
  Object.assign(cpu.hyp, HYP_OFF, { tde: true });
  cpu.setSysReg('MDSCR_EL1', 0x1n);
  cpu.setPstate(cpu.getPstate() | (1 << 21));
  assert.equal(cpu.run(1), RunStop.Budget, 'one instruction stepped, exception not yet taken');
  assert.equal(cpu.getPstate() & (1 << 21), 0, 'active-pending');
  assert.equal(cpu.run(1), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xcb000022n);
  assert.equal(cpu.getPc(), RAM_BASE + 4n);
  // the hypervisor emulated an instruction and returns with SPSR_EL2.SS = 0 (kvm_skip_instr)
  cpu.setPc(RAM_BASE + 8n);
  cpu.setPstate(cpu.getPstate() & ~(1 << 21));
  assert.equal(cpu.run(10), RunStop.TrapToEl2);
  assert.equal(cpu.el2.esr, 0xca000022n, 'nothing stepped since the return');
  assert.equal(cpu.getPc(), RAM_BASE + 8n);
});

test('DBGBCR BAS reads back with BAS[1] = BAS[0] and BAS[3] = BAS[2] (QEMU dbgbcr_write); DBGBCR6 is not implemented', () => {
  const m = guestMachine([0xd4000002]);
  m.cpu.setSysReg('DBGBCR1_EL1', 0x23n); // BAS=0b0001, PMC=EL1, E
  assert.equal(m.cpu.getSysReg('DBGBCR1_EL1'), 0x63n);
  m.cpu.setSysReg('DBGBCR1_EL1', 0x83n); // BAS=0b0100
  assert.equal(m.cpu.getSysReg('DBGBCR1_EL1'), 0x183n);
  assert.throws(() => m.cpu.getSysReg('DBGBCR6_EL1'), /only 6/);
});
