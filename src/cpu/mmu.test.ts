/**
 * Stage 1 on, stage 2 the hypervisor's (Arm ARM D8.2 and D24.2.45, the ESR_EL2 ISS of a Data or
 * Instruction Abort from a lower EL): a descriptor read of the stage-1 walk from an IPA not mapped at
 * stage 2 is a stage-2 translation fault with S1PTW = 1, FAR_EL2 the virtual address being translated
 * and the fault IPA the descriptor's; an access whose translated address is outside RAM (MMIO) or on a
 * RAM page not mapped yet reports FAR_EL2 = the virtual address and the fault IPA = the physical one,
 * with the ISV syndrome of a single-register load. The instruction does not execute.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { A64Cpu } from './cpu.ts';
import { RunStop } from './api.ts';

const CODE = 0x40000000;
const PT = 0x48000000; // lazily mapped at stage 2: the walk's first reads of each table page fault
const LAZY = 0x50000000; // lazily mapped RAM reached through VA 0x2000
const UART = 0x09000000; // not RAM: MMIO reached through VA 0x1000

const TABLE = 3;
const PAGE_NORMAL = 3 | (1 << 2) | (3 << 8) | (1 << 10); // AttrIndx 1 (Normal WB), inner shareable, AF
const PAGE_DEVICE = 3 | (1 << 10); // AttrIndx 0 (Device-nGnRnE), AF

function setup(): { cpu: A64Cpu; lazy: DataView } {
  const cpu = new A64Cpu();
  const code = new Uint8Array(0x10000), cdv = new DataView(code.buffer);
  [
    0xf9400001, // ldr x1, [x0]        x0 = 0x1000: the UART
    0xf9400062, // ldr x2, [x3]        x3 = 0x2008: lazily mapped RAM
    0xd4000002, // hvc #0
  ].forEach((w, i) => cdv.setUint32(i * 4, w, true));
  const pt = new Uint8Array(0x10000), pdv = new DataView(pt.buffer);
  const put = (pa: number, v: number): void => pdv.setUint32(pa - PT, v >>> 0, true);
  // 4 KiB granule, T0SZ = 25: the walk starts at level 1 (VA[38:30])
  put(PT + 1 * 8, (PT + 0x1000) | TABLE); // L1[1]: VA 0x4000_0000..
  put(PT + 0x1000, (PT + 0x2000) | TABLE); // L2[0]
  put(PT + 0x2000, CODE | PAGE_NORMAL); // L3[0]: the code page
  put(PT + 0, (PT + 0x3000) | TABLE); // L1[0]: VA 0..
  put(PT + 0x3000, (PT + 0x4000) | TABLE); // L2[0]
  put(PT + 0x4000 + 1 * 8, UART | PAGE_DEVICE); // L3[1]: VA 0x1000
  put(PT + 0x4000 + 2 * 8, LAZY | PAGE_NORMAL); // L3[2]: VA 0x2000
  const lazyMem = new Uint8Array(0x1000);
  cpu.mapRam(BigInt(CODE), code);
  cpu.mapRam(BigInt(PT), pt, { lazy: true });
  cpu.mapRam(BigInt(LAZY), lazyMem, { lazy: true });
  cpu.setSysReg('MAIR_EL1', 0xff00n);
  cpu.setSysReg('TCR_EL1', 25n | (1n << 23n) | (2n << 30n) | (2n << 32n)); // EPD1, TG1 4K, IPS 40 bits
  cpu.setSysReg('TTBR0_EL1', BigInt(PT));
  cpu.setSysReg('SCTLR_EL1', cpu.getSysReg('SCTLR_EL1') | 1n);
  cpu.setPc(BigInt(CODE));
  cpu.setX(0, 0x1000n);
  cpu.setX(3, 0x2008n);
  return { cpu, lazy: new DataView(lazyMem.buffer) };
}

const S1PTW = 1 << 7;

/** Run, mapping at stage 2 every table page a walk faults on; returns the first other stop. */
function runMappingTables(cpu: A64Cpu, seen: { esr: number; far: bigint; ipa: bigint }[]): RunStop {
  for (;;) {
    const stop = cpu.run(100);
    if (stop !== RunStop.TrapToEl2 || (Number(cpu.el2.esr) & S1PTW) === 0) return stop;
    seen.push({ esr: Number(cpu.el2.esr), far: cpu.el2.far, ipa: cpu.el2.faultIpa });
    cpu.stage2Map(cpu.el2.faultIpa & ~0xfffn, 0x1000);
  }
}

test('MMU on: a walk reading an IPA stage 2 has not mapped takes a stage-2 fault with S1PTW, FAR = the VA, the IPA = the descriptor', () => {
  const { cpu } = setup();
  const seen: { esr: number; far: bigint; ipa: bigint }[] = [];
  assert.equal(runMappingTables(cpu, seen), RunStop.TrapToEl2);
  // the fetch of the first instruction walks L1[1], L2[0], L3[0]: Instruction Aborts, EC 0x20, IL, S1PTW, IFSC level 3
  assert.deepEqual(seen.slice(0, 3), [
    { esr: 0x82000087, far: BigInt(CODE), ipa: BigInt(PT + 8) },
    { esr: 0x82000087, far: BigInt(CODE), ipa: BigInt(PT + 0x1000) },
    { esr: 0x82000087, far: BigInt(CODE), ipa: BigInt(PT + 0x2000) },
  ]);
  // the load's walk from L1[0] (its table page is mapped now): L2[0], L3[1]: Data Aborts, EC 0x24
  assert.deepEqual(seen.slice(3), [
    { esr: 0x92000087, far: 0x1000n, ipa: BigInt(PT + 0x3000) },
    { esr: 0x92000087, far: 0x1000n, ipa: BigInt(PT + 0x4008) },
  ]);
  assert.equal(cpu.getPc(), BigInt(CODE), 'no instruction executed');
});

test('MMU on: MMIO and lazily mapped RAM report the VA in FAR_EL2 and the physical address as the fault IPA', () => {
  const { cpu, lazy } = setup();
  lazy.setBigUint64(8, 0x1234n, true);
  assert.equal(runMappingTables(cpu, []), RunStop.TrapToEl2);
  // EC 0x24, IL, ISV, SAS 3, SRT 1, SF, DFSC translation fault level 3
  assert.equal(Number(cpu.el2.esr), 0x93c18007);
  assert.equal(cpu.el2.far, 0x1000n);
  assert.equal(cpu.el2.faultIpa, BigInt(UART));
  assert.equal(cpu.getPc(), BigInt(CODE));
  cpu.setPc(BigInt(CODE + 4)); // the hypervisor emulated the MMIO load
  assert.equal(runMappingTables(cpu, []), RunStop.TrapToEl2);
  assert.equal(Number(cpu.el2.esr), 0x93c28007, 'SRT 2');
  assert.equal(cpu.el2.far, 0x2008n);
  assert.equal(cpu.el2.faultIpa, BigInt(LAZY + 8));
  assert.equal(cpu.getX(2), 0n, 'the load did not happen');
  cpu.stage2Map(BigInt(LAZY), 0x1000);
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(Number(cpu.el2.esr) >>> 26, 0x16, 'then runs to the HVC');
  assert.equal(cpu.getX(2), 0x1234n);
});

/**
 * Two CPUs on one RAM (the vCPUs of a VM): A loads through VA 0x2000, B remaps it and runs a TLBI; A's
 * next load must see the new page when the TLBI reaches A (Arm ARM D8.13: a TLBI of an Inner Shareable
 * form affects every PE of the domain; HCR_EL2.FB makes every form so).
 */
function twoCpus(): { a: A64Cpu; b: A64Cpu; loadAgain: () => bigint; remap: (tlbi: number) => void } {
  const ram = new Uint8Array(0x100000), dv = new DataView(ram.buffer);
  const code = 0x40000000, pt = 0x40010000, p1 = 0x40020000, p2 = 0x40021000;
  [0xf9400001, 0xd4000002].forEach((w, i) => dv.setUint32(i * 4, w, true)); // ldr x1, [x0]; hvc #0
  const put = (pa: number, v: number): void => dv.setUint32(pa - code, v >>> 0, true);
  put(pt + 1 * 8, (pt + 0x1000) | TABLE); // T0SZ = 25: L1[1] for the code
  put(pt + 0x1000, (pt + 0x2000) | TABLE);
  put(pt + 0x2000, code | PAGE_NORMAL);
  put(pt + 0, (pt + 0x3000) | TABLE); // L1[0] for VA 0x2000
  put(pt + 0x3000, (pt + 0x4000) | TABLE);
  put(pt + 0x4000 + 2 * 8, p1 | PAGE_NORMAL);
  dv.setBigUint64(p1 - code, 0x1111n, true);
  dv.setBigUint64(p2 - code, 0x2222n, true);
  const make = (): A64Cpu => {
    const cpu = new A64Cpu();
    cpu.mapRam(BigInt(code), ram);
    cpu.setSysReg('MAIR_EL1', 0xff00n);
    cpu.setSysReg('TCR_EL1', 25n | (1n << 23n) | (2n << 30n) | (2n << 32n));
    cpu.setSysReg('TTBR0_EL1', BigInt(pt));
    cpu.setSysReg('SCTLR_EL1', cpu.getSysReg('SCTLR_EL1') | 1n);
    return cpu;
  };
  const a = make(), b = make();
  const loadAgain = (): bigint => {
    a.setPc(BigInt(code)); a.setX(0, 0x2000n);
    assert.equal(a.run(10), RunStop.TrapToEl2);
    assert.equal(Number(a.el2.esr) >>> 26, 0x16, 'A ran to its HVC');
    return a.getX(1);
  };
  const remap = (tlbi: number): void => {
    put(pt + 0x4000 + 2 * 8, p2 | PAGE_NORMAL);
    dv.setUint32(0x100, tlbi, true); dv.setUint32(0x104, 0xd4000002, true); // tlbi ..., x3; hvc #0
    b.invalidateCode(BigInt(code + 0x100), 8);
    b.setPc(BigInt(code + 0x100)); b.setX(3, 0x2n); // Xt = VA[55:12]
    assert.equal(b.run(10), RunStop.TrapToEl2);
    assert.equal(Number(b.el2.esr) >>> 26, 0x16, 'B ran to its HVC');
  };
  return { a, b, loadAgain, remap };
}

test('TLBI VAE1IS run by one CPU invalidates the TLB of every CPU in its Inner Shareable domain', () => {
  const { a, b, loadAgain, remap } = twoCpus();
  a.shareTlbsWith(b);
  assert.equal(loadAgain(), 0x1111n);
  remap(0xd5088323); // tlbi vae1is, x3
  assert.equal(loadAgain(), 0x2222n);
});

test('under HCR_EL2.FB (as KVM runs a guest) TLBI VAE1 is broadcast too', () => {
  const { a, b, loadAgain, remap } = twoCpus();
  a.shareTlbsWith(b);
  b.hyp.fb = true;
  assert.equal(loadAgain(), 0x1111n);
  remap(0xd5088723); // tlbi vae1, x3
  assert.equal(loadAgain(), 0x2222n);
});
