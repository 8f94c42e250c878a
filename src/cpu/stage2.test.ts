/**
 * RAM mapped at stage 2 on demand (`mapRam(..., { lazy: true })`, `stage2Map`): the first access or
 * fetch on a page not yet mapped is a stage-2 translation fault to EL2, with the syndromes of Arm ARM
 * D24.2.45 (ESR_EL2: EC 0x24 Data Abort / 0x20 Instruction Abort from a lower EL, DFSC/IFSC 0b000111
 * translation fault level 3, ISV/SAS/SRT/SF/WnR for a single register without writeback) and FAR_EL2 =
 * the faulting address; the instruction does not execute. Aborts take priority over breakpoints and
 * watchpoints on the same instruction or access (Arm ARM D1.x synchronous exception prioritization).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { A64Cpu } from './cpu.ts';
import { RunStop } from './api.ts';

const BASE = 0x40000000n;
const DATA = 0x40010000n;

function lazyMachine(words: number[]): { cpu: A64Cpu; dv: DataView } {
  const cpu = new A64Cpu();
  const mem = new Uint8Array(1 << 20);
  const dv = new DataView(mem.buffer);
  words.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  cpu.mapRam(BASE, mem, { lazy: true });
  cpu.setPc(BASE);
  return { cpu, dv };
}

const esrOf = (cpu: A64Cpu): number => Number(cpu.el2.esr);

test('lazy RAM: the first fetch on a page is an Instruction Abort to EL2 (0x82000007), FAR = PC, the instruction not executed', () => {
  const { cpu } = lazyMachine([0xd503201f]); // nop
  assert.equal(cpu.run(10), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu), 0x82000007); // EC 0x20, IL, IFSC translation fault level 3
  assert.equal(cpu.el2.far, BASE);
  assert.equal(cpu.el2.faultIpa, BASE);
  assert.equal(cpu.getPc(), BASE);
  cpu.stage2Map(BASE, 4096);
  assert.equal(cpu.run(1), RunStop.Budget);
  assert.equal(cpu.getPc(), BASE + 4n);
});

test('lazy RAM: a load on an unmapped data page aborts with the ISV syndrome and completes once the page is mapped', () => {
  const { cpu, dv } = lazyMachine([
    0xd2a80021, // mov  x1, #0x40010000
    0xf9400422, // ldr  x2, [x1, #8]
    0xa9401424, // ldp  x4, x5, [x1]
    0xd4000002, // hvc  #0
  ]);
  dv.setBigUint64(0x10000, 0x1111n, true);
  dv.setBigUint64(0x10008, 0x2222n, true);
  cpu.stage2Map(BASE, 4096);
  cpu.setX(2, 0x77n);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  // EC 0x24, IL, ISV, SAS = 3 (doubleword), SRT = 2, SF, DFSC 0b000111
  assert.equal(esrOf(cpu), 0x93c28007);
  assert.equal(cpu.el2.far, DATA + 8n);
  assert.equal(cpu.el2.faultIpa, DATA + 8n);
  assert.equal(cpu.getPc(), BASE + 4n, 'PC stays on the load');
  assert.equal(cpu.getX(2), 0x77n, 'the load did not happen');
  cpu.stage2Map(cpu.el2.faultIpa & ~0xfffn, 4096);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu) >>> 26, 0x16, 'then runs to the HVC');
  assert.equal(cpu.getX(2), 0x2222n);
  assert.equal(cpu.getX(4), 0x1111n);
  assert.equal(cpu.getX(5), 0x2222n);
});

test('lazy RAM: a load pair on an unmapped page aborts with ISV = 0 (0x92000007)', () => {
  const { cpu } = lazyMachine([
    0xd2a80021, // mov  x1, #0x40010000
    0xa9401424, // ldp  x4, x5, [x1]
  ]);
  cpu.stage2Map(BASE, 4096);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu), 0x92000007);
  assert.equal(cpu.el2.far, DATA);
});

test('lazy RAM: a hot compiled store loop faults exactly at the first store into the next, unmapped page', () => {
  const { cpu, dv } = lazyMachine([
    0xd2a80021, // mov  x1, #0x40010000
    0xf9000023, // 1: str  x3, [x1]
    0x91002021, //    add  x1, x1, #0x8
    0x91000463, //    add  x3, x3, #0x1
    0x17fffffd, //    b    1b
  ]);
  cpu.stage2Map(BASE, 4096);
  cpu.stage2Map(DATA, 4096);
  assert.equal(cpu.run(100000), RunStop.TrapToEl2);
  // EC 0x24, IL, ISV, SAS = 3, SRT = 3, SF, WnR, DFSC 0b000111
  assert.equal(esrOf(cpu), 0x93c38047);
  assert.equal(cpu.el2.far, DATA + 0x1000n);
  assert.equal(cpu.getX(1), DATA + 0x1000n);
  assert.equal(cpu.getPc(), BASE + 4n);
  assert.equal(cpu.getX(3), 512n);
  assert.equal(dv.getBigUint64(0x10ff8, true), 511n, 'the stores before it were done');
  assert.equal(dv.getBigUint64(0x11000, true), 0n);
  cpu.stage2Map(DATA + 0x1000n, 4096);
  assert.equal(cpu.run(4), RunStop.Budget);
  assert.equal(dv.getBigUint64(0x11000, true), 512n);
});

test('lazy RAM: a hot compiled load loop faults exactly at the first load from the next, unmapped page', () => {
  const { cpu } = lazyMachine([
    0xd2a80021, // mov  x1, #0x40010000
    0xf9400022, // 1: ldr  x2, [x1]
    0x91002021, //    add  x1, x1, #0x8
    0x17fffffe, //    b    1b
  ]);
  cpu.stage2Map(BASE, 4096);
  cpu.stage2Map(DATA, 4096);
  assert.equal(cpu.run(100000), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu), 0x93c28007); // load: WnR = 0, SRT = 2, SF
  assert.equal(cpu.el2.far, DATA + 0x1000n);
  assert.equal(cpu.getPc(), BASE + 4n);
});

test('lazy RAM: a branch to an unmapped page aborts on the fetch at the target', () => {
  const { cpu } = lazyMachine([0x14000400]); // b .+0x1000
  cpu.stage2Map(BASE, 4096);
  assert.equal(cpu.run(10), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu), 0x82000007);
  assert.equal(cpu.el2.far, BASE + 0x1000n);
  assert.equal(cpu.getPc(), BASE + 0x1000n);
});

test('lazy RAM: the Instruction Abort comes before a breakpoint on that instruction, the breakpoint after the mapping', () => {
  const { cpu } = lazyMachine([0xd503201f]); // nop
  cpu.hyp.tde = true;
  cpu.setSysReg('MDSCR_EL1', 0x8000n); // MDE
  cpu.setSysReg('DBGBVR0_EL1', BASE);
  cpu.setSysReg('DBGBCR0_EL1', 0x1e7n); // E, PMC = EL1 and EL0, BAS = 0b1111
  assert.equal(cpu.run(10), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu), 0x82000007);
  cpu.stage2Map(BASE, 4096);
  assert.equal(cpu.run(10), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu) >>> 26, 0x30, 'breakpoint from a lower EL');
  assert.equal(cpu.getPc(), BASE);
});

test('lazy RAM: the Data Abort comes before a watchpoint on that access, the watchpoint after the mapping', () => {
  const { cpu } = lazyMachine([
    0xd2a80021, // mov  x1, #0x40010000
    0xf9400422, // ldr  x2, [x1, #8]
  ]);
  cpu.stage2Map(BASE, 4096);
  cpu.hyp.tde = true;
  cpu.setSysReg('MDSCR_EL1', 0x8000n);
  cpu.setSysReg('DBGWVR0_EL1', DATA + 8n);
  cpu.setSysReg('DBGWCR0_EL1', 0x1fffn); // E, PAC = 0b11, LSC = 0b11, BAS = 0xff
  assert.equal(cpu.run(10), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu), 0x93c28007);
  assert.equal(cpu.el2.far, DATA + 8n);
  cpu.stage2Map(DATA, 4096);
  assert.equal(cpu.run(10), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu), 0xd2000022); // watchpoint from a lower EL, WnR = 0, DFSC debug
  assert.equal(cpu.el2.far, DATA + 8n);
  assert.equal(cpu.getPc(), BASE + 4n);
});

test('stage2Map: lengths and addresses outside the model are refused with the reason', () => {
  const { cpu } = lazyMachine([]);
  assert.throws(() => cpu.stage2Map(BASE, -1), /length -1/);
  assert.throws(() => cpu.stage2Map(-1n, 4096), /outside the address space/);
});

test('read-only RAM: loads and fetches run, a store is a stage-2 permission fault (DFSC 0b001111, WnR) and writes nothing', () => {
  const cpu = new A64Cpu();
  const rom = new Uint8Array(8192);
  const dv = new DataView(rom.buffer);
  [
    0x58000101, // ldr  x1, 0x20          (literal in the read-only region)
    0xd2800042, // mov  x2, #0x2
    0xb9001002, // str  w2, [x0, #16]
    0xd4000002, // hvc  #0
  ].forEach((w, i) => dv.setUint32(4 * i, w, true));
  dv.setBigUint64(0x20, 0x1234n, true);
  cpu.mapRam(0n, rom, { readOnly: true, lazy: true });
  cpu.stage2Map(0n, 8192);
  cpu.setX(0, 0x1000n);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  // EC 0x24, IL, ISV, SAS = 2 (word), SRT = 2, WnR, DFSC permission fault level 3
  assert.equal(esrOf(cpu), 0x9382004f);
  assert.equal(cpu.el2.far, 0x1010n);
  assert.equal(cpu.el2.faultIpa, 0x1010n);
  assert.equal(cpu.getPc(), 8n, 'PC stays on the store');
  assert.equal(cpu.getX(1), 0x1234n, 'the literal load read the region');
  assert.equal(dv.getUint32(0x1010, true), 0, 'nothing written');
});

test('read-only RAM not yet mapped at stage 2: a store is a translation fault first (DFSC 0b000111)', () => {
  const cpu = new A64Cpu();
  const ram = new Uint8Array(4096);
  new DataView(ram.buffer).setUint32(0, 0xf9000001, true); // str x1, [x0]
  cpu.mapRam(BASE, ram, { lazy: true });
  cpu.stage2Map(BASE, 4096);
  cpu.mapRam(0n, new Uint8Array(4096), { readOnly: true, lazy: true });
  cpu.setPc(BASE);
  assert.equal(cpu.run(10), RunStop.TrapToEl2);
  assert.equal(esrOf(cpu), 0x93c18047); // SAS 3, SRT 1, SF, WnR, translation fault level 3
});
