/**
 * SMULH/UMULH compute the high half of the 128-bit product from 32-bit partial products; checked
 * against the definition (BigInt product, shifted) on random and boundary operands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mulh } from './alu.ts';

const M64 = (1n << 64n) - 1n;
const edge = fc.constantFrom(0n, 1n, 2n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, 0x8000000000000000n, M64, M64 - 1n, 0x80000000n, 0xffffffff00000000n);
const u64 = fc.oneof(fc.bigInt({ min: 0n, max: M64 }), edge);

test('SMULH and UMULH give the high 64 bits of the 128-bit product', () => {
  fc.assert(fc.property(u64, u64, fc.boolean(), (a, b, signed) => {
    const x = new Int32Array(8);
    x[2] = Number(a & 0xffffffffn) | 0; x[3] = Number(a >> 32n) | 0;
    x[4] = Number(b & 0xffffffffn) | 0; x[5] = Number(b >> 32n) | 0;
    mulh(x, 0, 2, 4, signed ? 1 : 0);
    const p = signed ? BigInt.asIntN(64, a) * BigInt.asIntN(64, b) : a * b;
    const want = BigInt.asUintN(64, p >> 64n);
    assert.equal((BigInt(x[1]! >>> 0) << 32n) | BigInt(x[0]! >>> 0), want, `${signed ? 'S' : 'U'}MULH ${a} ${b}`);
  }), { numRuns: 20000 });
});
