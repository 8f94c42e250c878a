/**
 * Three rules of the Arm ARM (DDI 0487) pseudocode where the virtual and the physical address part:
 *  - the local exclusive monitor marks the physical address (AArch64.MarkExclusiveVA, then
 *    MarkExclusiveLocal(paddress)); a store-exclusive translates its address and passes only when
 *    IsExclusiveLocal(paddress, size) holds (AArch64.ExclusiveMonitorsPass), so a load-exclusive through
 *    one VA and a store-exclusive through another VA of the same page succeed, and one to another
 *    physical address fails. (IsExclusiveVA is an IMPLEMENTATION DEFINED extra test "permitted but not
 *    required" to fail; QEMU 7.2's TCG uses it, comparing VAs, so there the aliased store fails.)
 *  - IC IVAU translates its address like DC CIVAC (AArch64.IC): an unmapped VA is a Translation fault
 *    taken as a Data Abort with CM = 1 and WnR = 1 (AArch64.FaultSyndrome). QEMU 7.2 treats it as a no-op.
 *  - with the MMU off an address with a bit set from AddrTop down to PAMax (44 on this core,
 *    ID_AA64MMFR0_EL1.PARange = 0b0100) is a level-0 Address size fault at stage 1
 *    (AArch64.TranslateAddressS1Off), taken to EL1 like any stage-1 fault, never a stage-2 abort.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { A64Cpu } from './cpu.ts';
import { RunStop } from './api.ts';
import { identityMmu, machine, RAM_BASE, RAM_SIZE } from './test-helpers.ts';

const CODE = 0x40000000, PT = 0x40010000, P1 = 0x40020000, P2 = 0x40021000;
const TABLE = 3;
const PAGE_NORMAL = 3 | (1 << 2) | (3 << 8) | (1 << 10); // AttrIndx 1 (Normal WB), inner shareable, AF
const HVC = 0xd4000002;
const VBAR = CODE + 0x800; // its current-EL SPx synchronous entry (+0x200) is an HVC: the test sees each exception

function setup(mmu: boolean, code: number[]): { cpu: A64Cpu; dv: DataView } {
  const ram = new Uint8Array(0x100000), dv = new DataView(ram.buffer);
  code.forEach((w, i) => dv.setUint32(i * 4, w >>> 0, true));
  dv.setUint32(VBAR + 0x200 - CODE, HVC, true);
  const put = (pa: number, v: number): void => dv.setUint32(pa - CODE, v >>> 0, true);
  // 4 KiB granule, T0SZ = 25: L1[1] maps the code page, L1[0] the test VAs
  put(PT + 1 * 8, (PT + 0x1000) | TABLE);
  put(PT + 0x1000, (PT + 0x2000) | TABLE);
  put(PT + 0x2000, CODE | PAGE_NORMAL);
  put(PT + 0, (PT + 0x3000) | TABLE);
  put(PT + 0x3000, (PT + 0x4000) | TABLE);
  put(PT + 0x4000 + 2 * 8, P1 | PAGE_NORMAL); // VA 0x2000 -> P1
  put(PT + 0x4000 + 3 * 8, P1 | PAGE_NORMAL); // VA 0x3000 -> P1 too
  put(PT + 0x4000 + 4 * 8, P2 | PAGE_NORMAL); // VA 0x4000 -> P2; VA 0x5000 unmapped
  const cpu = new A64Cpu();
  cpu.mapRam(BigInt(CODE), ram);
  cpu.setSysReg('VBAR_EL1', BigInt(VBAR));
  if (mmu) {
    cpu.setSysReg('MAIR_EL1', 0xff00n);
    cpu.setSysReg('TCR_EL1', 25n | (1n << 23n) | (2n << 30n) | (2n << 32n)); // EPD1, TG1 4K, IPS 40 bits
    cpu.setSysReg('TTBR0_EL1', BigInt(PT));
    cpu.setSysReg('SCTLR_EL1', cpu.getSysReg('SCTLR_EL1') | 1n);
  }
  cpu.setPc(BigInt(CODE));
  return { cpu, dv };
}

/** Runs to the next HVC: the guest's own (ELR_EL2 past the code) or the vector's (an exception was taken). */
function runToHvc(cpu: A64Cpu): void {
  assert.equal(cpu.run(100), RunStop.TrapToEl2);
  assert.equal(Number(cpu.el2.esr) >>> 26, 0x16, 'stopped at an HVC');
}

const LDXR_X1_X0 = 0xc85f7c01; // ldxr x1, [x0]
const STXR_W5_X2_X3 = 0xc8057c62; // stxr w5, x2, [x3]

test('exclusives: LDXR through one VA and STXR through an alias of the same physical page succeeds', () => {
  const { cpu, dv } = setup(true, [LDXR_X1_X0, STXR_W5_X2_X3, HVC]);
  dv.setBigUint64(P1 + 8 - CODE, 0x1111n, true);
  cpu.setX(0, 0x2008n); cpu.setX(3, 0x3008n); cpu.setX(2, 0x2222n); cpu.setX(5, 7n);
  runToHvc(cpu);
  assert.equal(cpu.getPc(), BigInt(CODE + 12), 'no exception: the guest reached its own HVC');
  assert.equal(cpu.getX(1), 0x1111n);
  assert.equal(cpu.getX(5), 0n, 'status 0: the store passed the monitor');
  assert.equal(dv.getBigUint64(P1 + 8 - CODE, true), 0x2222n, 'and was written');
});

test('exclusives: STXR to another physical address fails (status 1, memory unchanged) and clears the monitor', () => {
  const { cpu, dv } = setup(true, [LDXR_X1_X0, STXR_W5_X2_X3, 0xc8067c02, HVC]); // ...; stxr w6, x2, [x0]
  dv.setBigUint64(P2 + 8 - CODE, 0x3333n, true);
  cpu.setX(0, 0x2008n); cpu.setX(3, 0x4008n); cpu.setX(2, 0x2222n);
  runToHvc(cpu);
  assert.equal(cpu.getPc(), BigInt(CODE + 16));
  assert.equal(cpu.getX(5), 1n, 'status 1: P2 is not the marked address');
  assert.equal(dv.getBigUint64(P2 + 8 - CODE, true), 0x3333n, 'nothing written');
  assert.equal(cpu.getX(6), 1n, 'the failed store-exclusive cleared the monitor: the next one fails too');
  assert.equal(dv.getBigUint64(P1 + 8 - CODE, true), 0n);
});

test('exclusives: the same VA at another size fails; a marked monitor makes the STXR translate, so an unmapped VA faults', () => {
  // ldxr x1, [x0]; stxr w5, w2, [x3] (4 bytes where 8 were marked)
  const sized = setup(true, [LDXR_X1_X0, 0x88057c62, HVC]);
  sized.cpu.setX(0, 0x2008n); sized.cpu.setX(3, 0x2008n);
  runToHvc(sized.cpu);
  assert.equal(sized.cpu.getX(5), 1n);
  // no load-exclusive: the store-exclusive fails at once, without translating (IsExclusiveVA)
  const open = setup(true, [STXR_W5_X2_X3, HVC]);
  open.cpu.setX(3, 0x5008n);
  runToHvc(open.cpu);
  assert.equal(open.cpu.getPc(), BigInt(CODE + 8), 'no exception');
  assert.equal(open.cpu.getX(5), 1n);
  // marked: the address is translated before the monitor is looked at, and the fault is taken
  const marked = setup(true, [LDXR_X1_X0, STXR_W5_X2_X3, HVC]);
  marked.cpu.setX(0, 0x2008n); marked.cpu.setX(3, 0x5008n); marked.cpu.setX(5, 7n);
  runToHvc(marked.cpu);
  assert.equal(marked.cpu.getPc(), BigInt(VBAR + 0x204), 'taken through the vector');
  // EC 0x25, IL, WnR, DFSC translation fault level 3
  assert.equal(marked.cpu.getSysReg('ESR_EL1'), 0x96000047n);
  assert.equal(marked.cpu.getSysReg('FAR_EL1'), 0x5008n);
  assert.equal(marked.cpu.getSysReg('ELR_EL1'), BigInt(CODE + 4));
  assert.equal(marked.cpu.getX(5), 7n, 'Ws not written');
});

test('IC IVAU of an unmapped VA: a Data Abort with CM = 1, WnR = 1, translation fault level 3; a mapped one goes on', () => {
  const { cpu } = setup(true, [0xd50b7520, 0xd50b7521, HVC]); // ic ivau, x0; ic ivau, x1
  cpu.setX(0, 0x2040n); cpu.setX(1, 0x5040n);
  runToHvc(cpu);
  assert.equal(cpu.getPc(), BigInt(VBAR + 0x204), 'the second one faulted');
  // EC 0x25, IL, CM (bit 8), WnR (bit 6), DFSC 0b000111
  assert.equal(cpu.getSysReg('ESR_EL1'), 0x96000147n);
  assert.equal(cpu.getSysReg('FAR_EL1'), 0x5040n);
  assert.equal(cpu.getSysReg('ELR_EL1'), BigInt(CODE + 4));
});

test('MMU off: a load, a store, DC CIVAC and a branch beyond the 44-bit physical address size take a level-0 Address size fault to EL1', () => {
  const cases: { code: number[]; esr: bigint; far: bigint; elr: bigint }[] = [
    // ldr x1, [x0]: EC 0x25, IL, DFSC 0b000000 (address size, level 0)
    { code: [0xf9400001, HVC], esr: 0x96000000n, far: 1n << 44n, elr: BigInt(CODE) },
    // str x1, [x0]: WnR
    { code: [0xf9000001, HVC], esr: 0x96000040n, far: 1n << 44n, elr: BigInt(CODE) },
    // dc civac, x0: CM, WnR
    { code: [0xd50b7e20, HVC], esr: 0x96000140n, far: 1n << 44n, elr: BigInt(CODE) },
    // br x0: an Instruction Abort, EC 0x21, IFSC 0b000000, at the target
    { code: [0xd61f0000, HVC], esr: 0x86000000n, far: 1n << 44n, elr: 1n << 44n },
  ];
  for (const c of cases) {
    const { cpu } = setup(false, c.code);
    cpu.setX(0, 1n << 44n);
    runToHvc(cpu);
    assert.equal(cpu.getPc(), BigInt(VBAR + 0x204), `0x${c.code[0]!.toString(16)}: taken to EL1 through VBAR_EL1`);
    assert.equal(cpu.getSysReg('ESR_EL1'), c.esr);
    assert.equal(cpu.getSysReg('FAR_EL1'), c.far);
    assert.equal(cpu.getSysReg('ELR_EL1'), c.elr);
  }
});

test('MMU off: just below 2^44 is a physical address (a stage-2 abort for the hypervisor); with TCR_EL1.TBI0 a tag is no address bit', () => {
  const below = setup(false, [0xf9400001, HVC]);
  below.cpu.setX(0, (1n << 44n) - 8n);
  assert.equal(below.cpu.run(100), RunStop.TrapToEl2);
  assert.equal(Number(below.cpu.el2.esr) >>> 26, 0x24, 'a Data Abort from a lower EL, to EL2');
  assert.equal(below.cpu.el2.faultIpa, (1n << 44n) - 8n);
  const tagged = setup(false, [0xf9400001, HVC]);
  tagged.cpu.setSysReg('TCR_EL1', 1n << 37n); // TBI0
  tagged.cpu.setX(0, 0x5a00000000000000n | BigInt(P1 + 16));
  tagged.dv.setBigUint64(P1 + 16 - CODE, 0xabcdn, true);
  runToHvc(tagged.cpu);
  assert.equal(tagged.cpu.getPc(), BigInt(CODE + 8), 'no exception');
  assert.equal(tagged.cpu.getX(1), 0xabcdn, 'the load read physical address P1 + 16');
  const untagged = setup(false, [0xf9400001, HVC]);
  untagged.cpu.setX(0, 0x5a00000000000000n | BigInt(P1 + 16));
  runToHvc(untagged.cpu);
  assert.equal(untagged.cpu.getSysReg('ESR_EL1'), 0x96000000n, 'without TBI0 the tag bits are address bits');
});

test('exclusives: a watchpoint triggers for a store-exclusive that will write (the alias), not for one that fails (another PA)', () => {
  const watch = (va: number, stxrVa: number): A64Cpu => {
    const { cpu } = setup(true, [LDXR_X1_X0, STXR_W5_X2_X3, HVC]);
    cpu.setSysReg('MDSCR_EL1', 0xa000n); // MDE | KDE
    cpu.setSysReg('DBGWVR0_EL1', BigInt(va));
    cpu.setSysReg('DBGWCR0_EL1', 0x1ff3n); // BAS 0xff, LSC store, PAC EL1, E
    cpu.setPstate(0x1c5); // EL1h, PSTATE.D clear
    cpu.setX(0, 0x2008n); cpu.setX(3, BigInt(stxrVa)); cpu.setX(5, 7n);
    runToHvc(cpu);
    return cpu;
  };
  const hit = watch(0x3008, 0x3008);
  assert.equal(hit.getPc(), BigInt(VBAR + 0x204));
  assert.equal(hit.getSysReg('ESR_EL1'), 0xd6000062n, 'EC 0x35, WnR, DFSC debug');
  assert.equal(hit.getSysReg('FAR_EL1'), 0x3008n);
  assert.equal(hit.getX(5), 7n, 'not executed');
  const miss = watch(0x4008, 0x4008);
  assert.equal(miss.getPc(), BigInt(CODE + 12), 'no watchpoint: the store-exclusive failed');
  assert.equal(miss.getX(5), 1n);
});

// The windows of loads the CPU keeps per page (access.ts dSwap) are translations: a TLBI by VA after
// remapping a page must reach them too, so the load after it reads the new page, not the old one.
const LDR_X1_X0 = 0xf9400001; // ldr x1, [x0]
const LDR_X3_X2 = 0xf9400043; // ldr x3, [x2]
const TLBI_VAE1_X5 = 0xd5088725; // tlbi vae1, x5
const DSB_ISH = 0xd5033b9f, ISB = 0xd5033fdf;

test('a remap and a TLBI by VA reach the load windows kept for other pages', () => {
  const { cpu, dv } = setup(true, [LDR_X1_X0, LDR_X3_X2, LDR_X1_X0, HVC, TLBI_VAE1_X5, DSB_ISH, ISB, LDR_X1_X0, HVC]);
  dv.setUint32(P1 + 8 - CODE, 0x1111, true);
  dv.setUint32(P2 + 8 - CODE, 0x2222, true);
  cpu.setX(0, 0x2008n); cpu.setX(2, 0x4008n); cpu.setX(5, 2n); // VA 0x2000 >> 12
  runToHvc(cpu);
  assert.equal(cpu.getX(1), 0x1111n, 'VA 0x2000 is P1 (its window taken up again after the load from P2)');
  assert.equal(cpu.getX(3), 0x2222n, 'VA 0x4000 is P2');
  // VA 0x2000 -> P2, then TLBI VAE1 of that page
  dv.setUint32(PT + 0x4000 + 2 * 8 - CODE, P2 | PAGE_NORMAL, true);
  runToHvc(cpu);
  assert.equal(cpu.getX(1), 0x2222n, 'after the TLBI the load through VA 0x2000 reads P2');
});

test('a compiled loop loading from two pages in turn reads each through its own window, and a remap between runs reaches it', () => {
  const LDP_X1_X7_X0 = 0xa9401c01; // ldp x1, x7, [x0]
  const code = [
    0xd2800004, 0xd2800206, // start: mov x4, #0; mov x6, #16
    LDP_X1_X7_X0, LDR_X3_X2, // loop: ldp x1, x7, [x0]; ldr x3, [x2]
    0x8b010084, 0x8b030084, 0xf10004c6, 0x54ffff61, // add x4, x4, x1; add x4, x4, x3; subs x6, x6, #1; b.ne loop
    HVC, TLBI_VAE1_X5, DSB_ISH, ISB, 0x17fffff4, // tlbi vae1, x5; dsb ish; isb; b start
  ];
  const { cpu, dv } = setup(true, code);
  cpu.jitThreshold = 1; // the loop runs compiled from its second pass
  dv.setUint32(P1 + 8 - CODE, 0x1111, true);
  dv.setUint32(P2 + 8 - CODE, 0x2222, true);
  const toHvc = (): void => {
    assert.equal(cpu.run(1000), RunStop.TrapToEl2);
    assert.equal(Number(cpu.el2.esr) >>> 26, 0x16, 'stopped at an HVC');
  };
  cpu.setX(0, 0x2008n); cpu.setX(2, 0x4008n); cpu.setX(5, 2n);
  toHvc();
  assert.equal(cpu.getX(4), 16n * (0x1111n + 0x2222n), 'VA 0x2000 is P1, VA 0x4000 is P2, on every pass');
  dv.setUint32(PT + 0x4000 + 2 * 8 - CODE, P2 | PAGE_NORMAL, true); // VA 0x2000 -> P2, then the guest's TLBI
  toHvc();
  assert.equal(cpu.getX(4), 16n * (0x2222n + 0x2222n), 'after the TLBI both loads read P2');
});

// A RAM region mapped or unmapped under translations already made (a VMM's KVM_SET_USER_MEMORY_REGION,
// as U-Boot's flash goes between its array and command modes): no load goes through a translation made
// for what was there before, whatever the TLB kept of the rest.
test('RAM mapped and unmapped with the MMU on: a load reads the new region, aborts at stage 2 once it is gone, reads the next one', () => {
  const m = machine([
    0xd2a80801, // mov x1, #0x40400000   (the page after RAM: a region of its own)
    0xf9400022, // ldr x2, [x1]
    0xd4000002, // hvc #0
  ]);
  identityMmu(m, RAM_SIZE / 4096 + 1);
  const page = (v: bigint): Uint8Array => { const b = new Uint8Array(4096); new DataView(b.buffer).setBigUint64(0, v, true); return b; };
  const extra = RAM_BASE + BigInt(RAM_SIZE);
  const again = (): RunStop => { m.cpu.setPc(RAM_BASE); return m.cpu.run(100); };
  m.cpu.mapRam(extra, page(0x1111n));
  assert.equal(again(), RunStop.TrapToEl2);
  assert.equal(m.cpu.getX(2), 0x1111n);
  assert.equal(m.cpu.el2.esr >> 26n, 0x16n, 'the HVC');
  m.cpu.unmapRam(extra);
  m.cpu.setX(2, 0n);
  assert.equal(again(), RunStop.TrapToEl2);
  assert.equal(m.cpu.el2.esr >> 26n, 0x24n, 'a Data Abort from EL1 to EL2: no RAM at the IPA');
  assert.equal(m.cpu.el2.faultIpa, extra);
  assert.equal(m.cpu.getX(2), 0n);
  assert.equal(again(), RunStop.TrapToEl2, 'and again, through the translation made meanwhile');
  assert.equal(m.cpu.el2.esr >> 26n, 0x24n);
  m.cpu.mapRam(extra, page(0x2222n));
  assert.equal(again(), RunStop.TrapToEl2);
  assert.equal(m.cpu.el2.esr >> 26n, 0x16n, 'the HVC: the load found the region mapped since');
  assert.equal(m.cpu.getX(2), 0x2222n);
});
