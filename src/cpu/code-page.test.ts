/**
 * Code pages (memory.ts): what the interpreter and the block compiler keep per page of RAM that runs
 * code, found through the index of its buffer that every CPU mapping the buffer shares, dropped for
 * all of them when a write reaches a decoded word.
 */
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import assert from 'node:assert/strict';
import { CodePage, F_CODE, NO_BLOCKS, PAGE, Region } from './memory.ts';
import { REC } from './record.ts';
import { machine, SUM_LOOP } from './test-helpers.ts';
import { RunStop } from './api.ts';
import { A64Cpu } from './cpu.ts';
import { allocHostMemory } from './host-memory.ts';

test('a code page: made on first use, found again, F_CODE set; its blocks and heat start afresh at another virtual address', () => {
  const r = new Region(0x4000_0000, new Uint8Array(16 * PAGE));
  assert.equal(r.codeAt(3), undefined, 'no code has run');
  const cp = r.codeFor(3, 0x1000);
  assert.ok(cp instanceof CodePage);
  assert.equal(r.flags[3]! & F_CODE, F_CODE);
  assert.equal(r.codeFor(3, 0x1000), cp, 'the same page at the same address');
  assert.equal(r.codeAt(3), cp);
  assert.equal(r.codeAt(3)!.dec, cp.dec);
  assert.equal(r.codeAt(2), undefined, 'only the page that ran');
  assert.equal(cp.blocks, NO_BLOCKS, 'no table of blocks before a block is compiled');
  const own = cp.ownBlocks(0x1000);
  assert.notEqual(own, NO_BLOCKS);
  assert.equal(own.length, 1024);
  own[5] = null;
  cp.heat[5] = 7;
  cp.dec[5 * REC] = 42;
  assert.equal(r.codeFor(3, 0x9000), cp, 'the same physical page at another address');
  assert.equal(cp.blocks, NO_BLOCKS, 'blocks hold their addresses: none at the new one');
  assert.equal(cp.heat[5], 0);
  assert.equal(cp.dec[5 * REC], 42, 'the records hold at every address');
  assert.equal(NO_BLOCKS[5], undefined, 'the shared empty table is never written');
  // a CPU that entered the page at 0x9000 compiles after another CPU ran it at 0x1000
  r.codeFor(3, 0x1000);
  const t = cp.ownBlocks(0x9000);
  assert.equal(cp.va, 0x9000, 'the table is for the address of the CPU that compiles');
  assert.equal(cp.blocks, t);
  assert.equal(t.length, 1024);
});

test('a write over a decoded word drops the page; one beside the decoded words keeps it; a dropped page\'s index is reused', () => {
  const r = new Region(0x4000_0000, new Uint8Array(16 * PAGE));
  const a = r.codeFor(1, 0x1000);
  a.dec[10 * REC] = 1; // the word at 0x28 decoded
  assert.equal(r.invalidate(PAGE + 0x40, 8), false, 'data beside the code');
  assert.equal(r.codeAt(1), a);
  assert.equal(r.invalidate(PAGE + 0x28, 4), true);
  assert.equal(r.codeAt(1), undefined);
  assert.equal(r.flags[1]! & F_CODE, 0);
  const b = r.codeFor(7, 0x7000);
  assert.notEqual(b, a);
  assert.equal(r.codeAt(1), undefined, 'the new page took the free index, not page 1');
  assert.equal(r.codeAt(7), b);
  const c = r.codeFor(1, 0x1000);
  assert.notEqual(c, a, 'fresh records after the drop');
  assert.equal(c.dec[10 * REC], 0);
});

test('a guest loop is compiled into its page\'s own table of blocks', () => {
  const m = machine(SUM_LOOP);
  assert.equal(m.cpu.run(1_000_000), RunStop.TrapToEl2);
  const regions = (m.cpu as unknown as { regions: Region[] }).regions;
  const pages = regions.flatMap((r) => Array.from({ length: r.len / PAGE }, (_, p) => r.codeAt(p)).filter((cp) => cp !== undefined));
  assert.ok(pages.length >= 1);
  assert.ok(pages.some((cp) => cp.blocks !== NO_BLOCKS && cp.blocks.some((f) => typeof f === 'function')), 'the loop was compiled into its page\'s own table');
});

/** Two CPUs over the same RAM (as two vCPUs of a VM map every memory slot), sharing TLB maintenance. */
function twoCpus(host: boolean): { c0: A64Cpu; c1: A64Cpu; dv: DataView } {
  const mem = host ? allocHostMemory(1 << 20) : new Uint8Array(1 << 20);
  const c0 = new A64Cpu(), c1 = new A64Cpu();
  c0.jitThreshold = 50; c1.jitThreshold = 50;
  c0.mapRam(BASE, mem); c1.mapRam(BASE, mem); c0.shareTlbsWith(c1);
  return { c0, c1, dv: new DataView(mem.buffer, mem.byteOffset) };
}
const BASE = 0x4000_0000n;
const MOV_X0_1 = 0xd2800020, MOV_X0_2 = 0xd2800040, HVC0 = 0xd4000002;
/** At 0x2000: str w1, [x2]; hvc #0 (CPU 0 stores x1's low word at x2). */
function storer(dv: DataView): void { dv.setUint32(0x2000, 0xb9000041, true); dv.setUint32(0x2004, HVC0, true); }
function store(c: A64Cpu, at: bigint, word: number): void {
  c.setX(1, BigInt(word)); c.setX(2, at); c.setPc(BASE + 0x2000n);
  assert.equal(c.run(100), RunStop.TrapToEl2);
}

for (const host of [false, true]) {
  test(`an instruction one CPU stores is what another CPU that ran the old one runs next (${host ? 'host memory' : 'plain memory'})`, () => {
    const { c0, c1, dv } = twoCpus(host);
    dv.setUint32(0x1000, MOV_X0_1, true); dv.setUint32(0x1004, HVC0, true);
    storer(dv);
    c1.setPc(BASE + 0x1000n); assert.equal(c1.run(100), RunStop.TrapToEl2); assert.equal(c1.getX(0), 1n);
    store(c0, BASE + 0x1000n, MOV_X0_2);
    c1.setPc(BASE + 0x1000n); assert.equal(c1.run(100), RunStop.TrapToEl2);
    assert.equal(c1.getX(0), 2n, 'CPU 1 fetched the stored instruction');
  });

  test(`a loop another CPU compiled runs the instruction a store put in it (${host ? 'host memory' : 'plain memory'})`, () => {
    const { c0, c1, dv } = twoCpus(host);
    // 0x1000: mov x0, #0; mov x1, #0; 1: add x0, x0, #1 (0x100c); add x1, x1, #1; cmp x1, #200; b.ne 1b; hvc #0
    [0xd2800000, 0xd2800001, 0x91000400, 0x91000421, 0xf103203f, 0x54ffffa1, HVC0].forEach((w, k) => dv.setUint32(0x1000 + 4 * k, w, true));
    storer(dv);
    c1.setPc(BASE + 0x1000n); assert.equal(c1.run(10_000), RunStop.TrapToEl2); assert.equal(c1.getX(0), 200n);
    store(c0, BASE + 0x1008n, 0x91000800); // add x0, x0, #2
    c1.setPc(BASE + 0x1000n); assert.equal(c1.run(10_000), RunStop.TrapToEl2);
    assert.equal(c1.getX(0), 400n, 'the compiled loop of CPU 1 was dropped with its records');
  });

  test(`a store beside another CPU's code keeps its decoded page (${host ? 'host memory' : 'plain memory'})`, () => {
    const { c0, c1, dv } = twoCpus(host);
    dv.setUint32(0x1000, MOV_X0_1, true); dv.setUint32(0x1004, HVC0, true);
    storer(dv);
    c1.setPc(BASE + 0x1000n); assert.equal(c1.run(100), RunStop.TrapToEl2);
    const r1 = (c1 as unknown as { regions: Region[] }).regions[0]!;
    const cp = r1.codeAt(1);
    assert.ok(cp !== undefined);
    const r0 = (c0 as unknown as { regions: Region[] }).regions[0]!;
    assert.equal(r0.flags[1]! & F_CODE, F_CODE, 'the page is code for the CPU that never ran it too');
    store(c0, BASE + 0x1800n, 0x12345678);
    assert.equal(r1.codeAt(1), cp, 'data beside the code');
    store(c0, BASE + 0x1004n, HVC0);
    assert.equal(r1.codeAt(1), undefined, 'a decoded word written');
    assert.equal(r0.flags[1]! & F_CODE, 0);
  });
}

test('the CPUs over the same RAM share its decoded pages; a page is forgotten once no CPU maps it', () => {
  const { c0, c1, dv } = twoCpus(true);
  dv.setUint32(0x1000, MOV_X0_1, true); dv.setUint32(0x1004, HVC0, true);
  c0.setPc(BASE + 0x1000n); assert.equal(c0.run(100), RunStop.TrapToEl2);
  const regionOf = (c: A64Cpu): Region => (c as unknown as { regions: Region[] }).regions[0]!;
  const cp = regionOf(c0).codeAt(1);
  assert.ok(cp !== undefined);
  assert.equal(regionOf(c1).codeAt(1), cp, 'CPU 1 finds the records CPU 0 made');
  assert.equal(regionOf(c1).flags[1]! & F_CODE, F_CODE);
  c0.unmapRam(BASE);
  assert.equal(regionOf(c1).codeAt(1), cp, 'kept while CPU 1 maps the page');
  const mem = regionOf(c1).u8;
  c1.unmapRam(BASE);
  dv.setUint32(0x1000, MOV_X0_2, true); // written while no CPU maps it: nobody is told
  c0.mapRam(BASE, mem);
  assert.equal(regionOf(c0).codeAt(1), undefined, 'forgotten when the last CPU unmapped it');
  assert.equal(regionOf(c0).flags[1]! & F_CODE, 0);
  c0.setPc(BASE + 0x1000n); assert.equal(c0.run(100), RunStop.TrapToEl2);
  assert.equal(c0.getX(0), 2n);
});

test('the records of a page once collected serve a later page, which starts with nothing decoded', async () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const used = new Map<ArrayBufferLike, Set<number>>();
  const r = new Region(0x4000_0000, new Uint8Array(16 * PAGE));
  for (let k = 0; k < 64; k++) {
    const cp = r.codeFor(k % 16, 0x1000 * k);
    // records written in the first, fifth and last host page of the slot (instructions 0, 600, 1023)
    for (const w of [0, 600, 1023]) cp.dec.fill(-1, w * REC, (w + 1) * REC);
    if (!used.has(cp.dec.buffer)) used.set(cp.dec.buffer, new Set());
    used.get(cp.dec.buffer)!.add(cp.dec.byteOffset);
    assert.equal(r.invalidate((k % 16) * PAGE, 4), true);
  }
  let reused = 0;
  for (let round = 0; round < 20 && reused === 0; round++) {
    gc();
    await new Promise((done) => setTimeout(done, 5));
    const fresh = new Region(0x8000_0000, new Uint8Array(16 * PAGE));
    for (let p = 0; p < 16; p++) {
      const { dec } = fresh.codeFor(p, 0x40_0000 + p * PAGE);
      assert.ok(dec.every((v) => v === 0), `page ${p} starts with no record`);
      if (used.get(dec.buffer)?.has(dec.byteOffset) === true) reused++;
      if (!used.has(dec.buffer)) used.set(dec.buffer, new Set());
      used.get(dec.buffer)!.add(dec.byteOffset);
    }
    fresh.release();
  }
  assert.ok(reused > 0, 'a slot of a collected page is used again');
});
