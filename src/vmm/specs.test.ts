import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseElf } from './elf.ts';
import { parseCount, parseLocation, parseWatchSpec } from './specs.ts';
import { buildElf, words } from './testing/build-elf.ts';

const image = parseElf(buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: words(0xd503201f, 0xd65f03c0) }], [
  { name: 'main', value: 0x4008_0000n, size: 8n },
  { name: 'counter', value: 0x4009_0000n, size: 8n, type: 1 },
  { name: 'big', value: 0x4009_1000n, size: 0x100n, type: 1 },
]).bytes, { base: 0x4000_0000n, size: 0x10_0000n });

test('locations: hex, decimal, SYMBOL and SYMBOL+OFFSET', () => {
  assert.equal(parseLocation('0x40080004', image).addr, 0x4008_0004n);
  assert.equal(parseLocation('1074266116', image).addr, 0x4008_0004n);
  assert.equal(parseLocation('main', image).addr, 0x4008_0000n);
  assert.equal(parseLocation('main+4', image).addr, 0x4008_0004n);
  assert.equal(parseLocation('main+0x4', image).addr, 0x4008_0004n);
});

test('locations: unknown symbols, junk and overflowing numbers are refused by name', () => {
  assert.throws(() => parseLocation('nosuch', image), /unknown symbol 'nosuch'/);
  assert.throws(() => parseLocation('0xzz', image), /neither an address/);
  assert.throws(() => parseLocation('0x1ffffffffffffffff', image), /64 bits/);
  assert.throws(() => parseLocation('main', undefined), /no symbol table/);
});

test('watch specs: defaults (symbol size or 4 bytes, write) and explicit LEN and kind', () => {
  assert.deepEqual(parseWatchSpec('counter', image), { addr: 0x4009_0000n, len: 8, kind: 'write' });
  assert.deepEqual(parseWatchSpec('0x40090000', image), { addr: 0x4009_0000n, len: 4, kind: 'write' });
  assert.deepEqual(parseWatchSpec('counter:r', image), { addr: 0x4009_0000n, len: 8, kind: 'read' });
  assert.deepEqual(parseWatchSpec('big:16:rw', image), { addr: 0x4009_1000n, len: 16, kind: 'access' });
  assert.deepEqual(parseWatchSpec('0x40090002:2:w', image), { addr: 0x4009_0002n, len: 2, kind: 'write' });
  assert.deepEqual(parseWatchSpec('0x40000000:2147483648', image).len, 2 ** 31);
});

test('watch specs: LEN 0, LEN > 2^31, bad kinds and extra fields are refused', () => {
  assert.throws(() => parseWatchSpec('counter:0', image), /out of range 1\.\.2\^31/);
  assert.throws(() => parseWatchSpec('counter:2147483649', image), /out of range/);
  assert.throws(() => parseWatchSpec('counter:99999999999999999999', image), /out of range/);
  assert.throws(() => parseWatchSpec('counter:8:x', image), /bad watch kind 'x'/);
  assert.throws(() => parseWatchSpec('counter:eight', image), /bad watch length 'eight'/);
  assert.throws(() => parseWatchSpec('counter:8:r:w', image), /bad watch spec/);
  assert.throws(() => parseWatchSpec('0xffffffffffffffff:8', image), /past the end/);
});

test('counts: range and syntax', () => {
  assert.equal(parseCount('--step', '0x10', 0, 100), 16);
  assert.throws(() => parseCount('--step', '-1', 0, 100), /--step '-1' is not a number/);
  assert.throws(() => parseCount('--max-insns', '0', 1, 100), /out of range 1\.\.100/);
});
