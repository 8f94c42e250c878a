/**
 * The debugger's memory through a vCPU's stage-1 tables: page tables built in guest RAM (testing/page-tables.ts),
 * the vCPU's SCTLR_EL1/TCR_EL1/TTBR1_EL1 set through the scripted kernel's ONE_REG, and reads, writes and
 * breakpoints at kernel virtual addresses as Linux lays them out (4K granule, 48-bit VA, kernel image
 * and linear map in the TTBR1 half).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REG_PC } from '../abi/index.ts';
import { Machine } from './machine.ts';
import { VmmTarget } from './target.ts';
import { REG_SCTLR_EL1, REG_TCR_EL1, REG_TTBR0_EL1, REG_TTBR1_EL1 } from './translate.ts';
import { buildElf, words } from './testing/build-elf.ts';
import { PageTables } from './testing/page-tables.ts';
import { ScriptedKvm, debugExit, shutdownExit } from './testing/scripted-kvm.ts';

const RAM = 0x4000_0000n;
const TEXT_VA = 0xffff_8000_0801_0000n;      // a kernel text page
const TEXT_PA = 0x4021_0000n;
const LINEAR_VA = 0xffff_0000_0000_0000n;    // the linear map of RAM starts here
const TABLES = 0x4060_0000n;
/** TCR_EL1: T0SZ = T1SZ = 16, TG0 4K, TG1 4K, IPS 48-bit. */
const TCR = 16n | (16n << 16n) | (2n << 30n) | (5n << 32n);

function setup(): { k: ScriptedKvm; m: Machine; t: VmmTarget } {
  const k = new ScriptedKvm();
  const m = new Machine(k, { memorySize: 8 << 20, uartTx: () => {} });
  m.load(buildElf(TEXT_PA, [{ paddr: TEXT_PA, data: words(0xd503201f, 0xd503201f, 0xd503201f, 0xd503201f) }]).bytes);
  const pt = new PageTables(12, 48, TABLES);
  pt.map(TEXT_VA, TEXT_PA, 0x1000n);                                  // the text page
  pt.map(TEXT_VA + 0x1000n, TEXT_PA + 0x5000n, 0x1000n);              // the next VA page is elsewhere
  pt.map(LINEAR_VA, RAM, 0x20_0000n);                                 // the first 2 MiB of RAM, linear
  pt.map(LINEAR_VA + 0x20_0000n, RAM + 0x20_0000n, 0x20_0000n);
  pt.writeTo(m.ram, RAM);
  k.regs.set(REG_SCTLR_EL1, 0x30d0_0801n);
  k.regs.set(REG_TCR_EL1, TCR);
  k.regs.set(REG_TTBR0_EL1, 0n);
  k.regs.set(REG_TTBR1_EL1, pt.root);
  return { k, m, t: new VmmTarget(m) };
}

const bytes = (...b: number[]) => Uint8Array.from(b);

test('virtual memory: reads and writes go through the vCPU\'s tables, page by page; the linear map aliases them', () => {
  const { m, t } = setup();
  m.ram.set([1, 2, 3, 4], Number(TEXT_PA - RAM) + 0xffc);
  m.ram.set([5, 6, 7, 8], Number(TEXT_PA - RAM) + 0x5000);
  // four bytes at the end of one VA page and four at the start of the next, 0x4000 apart in RAM
  assert.deepEqual(t.readMemory(TEXT_VA + 0xffcn, 8), bytes(1, 2, 3, 4, 5, 6, 7, 8));
  t.writeMemory(TEXT_VA + 0xffen, bytes(0xaa, 0xbb, 0xcc));
  assert.deepEqual([...m.ram.subarray(Number(TEXT_PA - RAM) + 0xffe, Number(TEXT_PA - RAM) + 0x1000)], [0xaa, 0xbb]);
  assert.equal(m.ram[Number(TEXT_PA - RAM) + 0x5000], 0xcc);
  assert.deepEqual(t.readMemory(LINEAR_VA + (TEXT_PA - RAM) + 0xffcn, 4), bytes(1, 2, 0xaa, 0xbb));
  assert.deepEqual(t.translate(TEXT_VA + 0x10n), { ok: true, ipa: TEXT_PA + 0x10n, size: 0x1000n, level: 3 });
});

test('virtual memory: an unmapped address is a DebugApiError naming the fault, not a crash; a read into one stops there', () => {
  const { t } = setup();
  assert.throws(() => t.readMemory(TEXT_VA + 0x2000n, 4), /cannot access 0xffff800008012000: .*not mapped: invalid level 3 descriptor/);
  assert.throws(() => t.readMemory(TEXT_VA + 0x1ffen, 4), /cannot access 0xffff800008012000/);
  assert.throws(() => t.writeMemory(0x1000n, bytes(1)), /cannot access 0x1000: the level 0 descriptor of 0x1000 at 0x0 is outside guest memory/);
  assert.throws(() => t.readMemory(0x0001_0000_0000_0000n, 1), /outside the 48-bit TTBR0_EL1 range/);
});

test('physical mode: addresses are guest-physical (QEMU\'s Qqemu.PhyMemMode); breakpoints too', () => {
  const { m, t } = setup();
  m.ram.set([9, 8, 7, 6], Number(TEXT_PA - RAM));
  t.setPhysicalMemory(true);
  assert.equal(t.physicalMemory(), true);
  assert.deepEqual(t.readMemory(TEXT_PA, 4), bytes(9, 8, 7, 6));
  assert.throws(() => t.readMemory(TEXT_VA, 4), /outside guest RAM/);
  t.setPhysicalMemory(false);
  assert.deepEqual(t.readMemory(TEXT_VA, 4), bytes(9, 8, 7, 6));
});

test('software breakpoint at a kernel virtual address: BRK at the physical word, hidden through every alias, stepped over', async () => {
  const { k, m, t } = setup();
  const bp = TEXT_VA + 4n;
  const off = Number(TEXT_PA - RAM) + 4;
  assert.equal(t.insertSwBreakpoint(bp), true);
  assert.equal(new DataView(m.ram.buffer).getUint32(off, true), 0xd4200000);
  assert.deepEqual(t.readMemory(bp, 4), bytes(0x1f, 0x20, 0x03, 0xd5));
  assert.deepEqual(t.readMemory(LINEAR_VA + BigInt(off), 4), bytes(0x1f, 0x20, 0x03, 0xd5), 'the linear-map alias shows the nop too');
  // a second breakpoint on the alias shares the word; removing one keeps the BRK for the other
  assert.equal(t.insertSwBreakpoint(LINEAR_VA + BigInt(off)), true);
  assert.equal(t.removeSwBreakpoint(LINEAR_VA + BigInt(off)), true);
  assert.equal(new DataView(m.ram.buffer).getUint32(off, true), 0xd4200000);
  assert.equal(t.insertSwBreakpoint(TEXT_VA + 0x2000n), false, 'unmapped: refused');
  assert.equal(t.insertSwBreakpoint(bp + 2n), false, 'unaligned: refused');
  let during = 0;
  k.then(
    (kk) => { debugExit(0xf2000000)(kk); kk.regs.set(REG_PC, bp); },
    (kk) => { during = new DataView(m.ram.buffer).getUint32(off, true); debugExit(0xcb000022)(kk); kk.regs.set(REG_PC, bp + 4n); },
    shutdownExit(),
  );
  k.regs.set(REG_PC, TEXT_VA);
  assert.deepEqual(await t.resume('continue'), { kind: 'swbreak', pc: bp });
  assert.deepEqual(await t.resume('continue'), { kind: 'poweroff', code: 0 });
  assert.equal(during, 0xd503201f, 'the nop is back while stepping over');
  assert.equal(new DataView(m.ram.buffer).getUint32(off, true), 0xd4200000, 'and the BRK after');
  assert.equal(t.removeSwBreakpoint(bp), true);
  assert.equal(new DataView(m.ram.buffer).getUint32(off, true), 0xd503201f);
});

test('a BRK exit at an alias of our breakpoint is ours (swbreak), not the guest\'s', async () => {
  const { k, t } = setup();
  const off = (TEXT_PA - RAM) + 8n;
  assert.equal(t.insertSwBreakpoint(TEXT_VA + 8n), true);
  k.then((kk) => { debugExit(0xf2000000)(kk); kk.regs.set(REG_PC, LINEAR_VA + off); });
  assert.deepEqual(await t.resume('continue'), { kind: 'swbreak', pc: LINEAR_VA + off });
});

test('translations are kept while the guest stands still, and made again after what may change them: a debugger write to the tables, a register write, a KVM_RUN, a reset vCPU', async () => {
  const { k, m, t } = setup();
  const ipa = (va: bigint): bigint | undefined => { const r = t.translate(va); return r.ok ? r.ipa : undefined; };
  // a second set of tables, mapping the text page elsewhere
  const other = new PageTables(12, 48, TABLES + 0x10_0000n);
  other.map(TEXT_VA, TEXT_PA + 0x3000n, 0x1000n);
  other.writeTo(m.ram, RAM);
  assert.equal(ipa(TEXT_VA + 4n), TEXT_PA + 4n);
  // behind the VMM's back (no KVM_RUN, nothing through the debugger): the kept translation stands
  k.regs.set(REG_TTBR1_EL1, other.root);
  assert.equal(ipa(TEXT_VA + 8n), TEXT_PA + 8n, 'kept while nothing ran');
  k.regs.set(REG_TTBR1_EL1, 0n);
  // the debugger writes TTBR1_EL1
  assert.equal(t.writeSystemRegister(REG_TTBR1_EL1, other.root), true);
  assert.equal(ipa(TEXT_VA + 4n), TEXT_PA + 0x3004n, 'after a register write');
  // the debugger writes the level-3 descriptor of the text page (a physical address: these tables map no more)
  const OA = 0xffff_ffff_f000n;
  const [l3, page] = [...other.words].find(([, d]) => (d & OA) === TEXT_PA + 0x3000n)!;
  const desc = new Uint8Array(8);
  new DataView(desc.buffer).setBigUint64(0, (page & ~OA) | (TEXT_PA + 0x4000n), true);
  t.setPhysicalMemory(true);
  t.writeMemory(l3, desc);
  t.setPhysicalMemory(false);
  assert.equal(ipa(TEXT_VA + 4n), TEXT_PA + 0x4004n, 'after a memory write');
  // the guest switches back to the first tables in a KVM_RUN
  k.then((kk) => { kk.regs.set(REG_TTBR1_EL1, TABLES); debugExit(0xcb000022)(kk); kk.regs.set(REG_PC, TEXT_VA + 4n); });
  k.regs.set(REG_PC, TEXT_VA);
  assert.equal((await t.resume('step')).kind, 'step');
  assert.equal(ipa(TEXT_VA + 4n), TEXT_PA + 4n, 'after a KVM_RUN');
  // a vCPU re-initialised (as history restores one)
  k.regs.set(REG_TTBR1_EL1, other.root);
  m.reinitVcpu(0);
  assert.equal(ipa(TEXT_VA + 4n), TEXT_PA + 0x4004n, 'after KVM_ARM_VCPU_INIT');
});
