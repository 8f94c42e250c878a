import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMemorySize } from './virt.ts';

test('--memory sizes: binary units K/M/G, optional B or iB', () => {
  assert.equal(parseMemorySize('128M'), 128 * 2 ** 20);
  assert.equal(parseMemorySize('1G'), 2 ** 30);
  assert.equal(parseMemorySize('512KiB'), 512 * 1024);
  assert.equal(parseMemorySize('65536'), 65536);
  assert.equal(parseMemorySize('2g'), 2 ** 31);
});

test('--memory sizes: junk, zero, too small, too large and unaligned sizes are refused with the reason', () => {
  assert.throws(() => parseMemorySize('lots'), /bad memory size 'lots'/);
  assert.throws(() => parseMemorySize('12T'), /bad memory size/);
  assert.throws(() => parseMemorySize('-1M'), /bad memory size/);
  assert.throws(() => parseMemorySize('0'), /out of range/);
  assert.throws(() => parseMemorySize('4K'), /out of range/);
  assert.throws(() => parseMemorySize('3G'), /out of range/);
  assert.throws(() => parseMemorySize('65537'), /multiple of 4 KiB/);
});
