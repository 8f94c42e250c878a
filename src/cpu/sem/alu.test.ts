/**
 * SMULH/UMULH compute the high half of the 128-bit product from 32-bit partial products, and 64-bit
 * UDIV/SDIV by a 32-bit divisor divide in steps of 16 bits; both checked against the definition
 * (BigInt arithmetic) on random and boundary operands; so is the code emit.ts setX writes a double to a register with.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dp2, mulh } from './alu.ts';
import { setX } from './emit.ts';

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

const small = fc.oneof(fc.bigInt({ min: 0n, max: 0xffffffffn }), fc.constantFrom(1n, 2n, 3n, 10n, 1000n, 2000001n, 0x7fffffffn, 0x80000000n, 0xffffffffn));

test('64-bit UDIV and SDIV give the quotient rounded towards zero (0 for a zero divisor)', () => {
  fc.assert(fc.property(u64, fc.oneof(small, u64), fc.boolean(), (a, b, signed) => {
    const x = new Int32Array(8);
    x[2] = Number(a & 0xffffffffn) | 0; x[3] = Number(a >> 32n) | 0;
    x[4] = Number(b & 0xffffffffn) | 0; x[5] = Number(b >> 32n) | 0;
    dp2(x, 0, 2, 4, signed ? 3 : 2, true);
    const sa = signed ? BigInt.asIntN(64, a) : a, sb = signed ? BigInt.asIntN(64, b) : b;
    const want = sb === 0n ? 0n : BigInt.asUintN(64, sa / sb);
    assert.equal((BigInt(x[1]! >>> 0) << 32n) | BigInt(x[0]! >>> 0), want, `${signed ? 'S' : 'U'}DIV ${a} ${b}`);
  }), { numRuns: 20000 });
});

test('setX writes an exact integer double (negative too, up to 2^53) as its 64-bit two\'s complement', () => {
  fc.assert(fc.property(fc.oneof(fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }),
    fc.constantFrom(0, -1, 1, 2 ** 32, -(2 ** 32), 2 ** 32 - 1, -(2 ** 31), 2 ** 31, -140737347924376, 2 ** 53 - 1, -(2 ** 53) + 1)), (v) => {
    const x = new Int32Array(4);
    new Function('x', 'v', setX('2', 'v'))(x, v); // the code a template emits for a run-time value
    const y = new Int32Array(4);
    new Function('x', setX('2', String(v)))(y); // and for a literal, split when generated
    assert.deepEqual(y, x, `setX ${v} as a literal`);
    assert.equal((BigInt(x[3]! >>> 0) << 32n) | BigInt(x[2]! >>> 0), BigInt.asUintN(64, BigInt(v)), `setX ${v}`);
  }), { numRuns: 20000 });
});
