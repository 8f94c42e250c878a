import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { hexLe } from './hex.ts';

// Truth: Node's Buffer little-endian integer writers, read back as hex.
function bufferLe(v: bigint, width: number): string {
  const b = Buffer.alloc(16);
  b.writeBigUInt64LE(BigInt.asUintN(64, v), 0);
  b.writeBigUInt64LE(BigInt.asUintN(64, v >> 64n), 8);
  return b.subarray(0, width).toString('hex');
}

test('hexLe: register values as the RSP sends them, least significant byte first (widths 1..16)', () => {
  fc.assert(fc.property(fc.bigInt({ min: -(1n << 130n), max: 1n << 130n }), fc.integer({ min: 1, max: 16 }), (v, w) => {
    assert.equal(hexLe(v, w), bufferLe(v, w));
  }), { numRuns: 2000 });
  assert.equal(hexLe(0x40080000n, 8), '0000084000000000');
  assert.equal(hexLe(-1n, 4), 'ffffffff');
});
