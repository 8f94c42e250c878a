/**
 * A region's code pages (memory.ts): what the interpreter and the block compiler keep per page of RAM
 * that runs code, found through the region's index, dropped when a write reaches a decoded word.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CodePage, F_CODE, NO_BLOCKS, PAGE, Region } from './memory.ts';
import { REC } from './record.ts';
import { machine, SUM_LOOP } from './test-helpers.ts';
import { RunStop } from './api.ts';

test('a code page: made on first use, found again, F_CODE set; its blocks and heat start afresh at another virtual address', () => {
  const r = new Region(0x4000_0000, new Uint8Array(16 * PAGE));
  assert.equal(r.codeAt(3), undefined, 'no code has run');
  const cp = r.codeFor(3, 0x1000);
  assert.ok(cp instanceof CodePage);
  assert.equal(r.flags[3]! & F_CODE, F_CODE);
  assert.equal(r.codeFor(3, 0x1000), cp, 'the same page at the same address');
  assert.equal(r.codeAt(3), cp);
  assert.equal(r.decAt(3), cp.dec);
  assert.equal(r.codeAt(2), undefined, 'only the page that ran');
  assert.equal(cp.blocks, NO_BLOCKS, 'no table of blocks before a block is compiled');
  const own = cp.ownBlocks();
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
