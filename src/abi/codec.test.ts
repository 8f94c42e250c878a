/**
 * Codecs against an independent implementation (the engine's DataView with an explicit littleEndian
 * flag) and round trips of every scalar field of every struct, in both byte orders (fast-check).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  readField, readU16, readU32, readU64, readU8, readU128, writeField, writeU16, writeU32, writeU64, writeU64Halves,
} from './codec.ts';
import { fieldInfo, flattenLayout } from './layout.ts';
import { STRUCTS } from './kvm-structs.ts';
import type { Endian } from './backend.ts';

const ENDIANS: Endian[] = ['le', 'be'];

test('readU16/U32/U64 agree with DataView for random bytes, offsets and both byte orders', () => {
  fc.assert(fc.property(fc.uint8Array({ minLength: 8, maxLength: 40 }), fc.nat(), fc.constantFrom(...ENDIANS), (b, o, e) => {
    const off = o % (b.length - 7);
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
    const le = e === 'le';
    assert.equal(readU8(b, off), dv.getUint8(off));
    assert.equal(readU16(b, off, e), dv.getUint16(off, le));
    assert.equal(readU32(b, off, e), dv.getUint32(off, le));
    assert.equal(readU64(b, off, e), dv.getBigUint64(off, le));
  }));
});

test('writeU16/U32/U64 produce the bytes DataView produces', () => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(...ENDIANS), (v, e) => {
    const a = new Uint8Array(16), b = new Uint8Array(16);
    const dv = new DataView(b.buffer);
    writeU64(a, 3, v, e); dv.setBigUint64(3, v, e === 'le');
    writeU32(a, 11, Number(v & 0xffffffffn), e); dv.setUint32(11, Number(v & 0xffffffffn), e === 'le');
    writeU16(a, 0, Number(v & 0xffffn), e); dv.setUint16(0, Number(v & 0xffffn), e === 'le');
    assert.deepEqual(a, b);
  }));
});

test('writeU64Halves is writeU64 of hi:lo', () => {
  fc.assert(fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), fc.constantFrom(...ENDIANS), (hi, lo, e) => {
    const a = new Uint8Array(8), b = new Uint8Array(8);
    writeU64Halves(a, 0, hi, lo, e);
    writeU64(b, 0, (BigInt(hi) << 32n) | BigInt(lo), e);
    assert.deepEqual(a, b);
  }));
});

test('__uint128_t is stored as one integer: low half first on LE, high half first on BE', () => {
  const v = 0x00112233445566778899aabbccddeeffn;
  const lo = new Uint8Array(1000), bo = new Uint8Array(1000);
  writeField(lo, STRUCTS.kvm_regs!, 'fp_regs.vregs[1]', v, 'le');
  writeField(bo, STRUCTS.kvm_regs!, 'fp_regs.vregs[1]', v, 'be');
  const off = fieldInfo(STRUCTS.kvm_regs!, 'fp_regs.vregs[1]').offset;
  assert.equal(Buffer.from(lo.subarray(off, off + 16)).toString('hex'), 'ffeeddccbbaa99887766554433221100');
  assert.equal(Buffer.from(bo.subarray(off, off + 16)).toString('hex'), '00112233445566778899aabbccddeeff');
  assert.equal(readU128(lo, off, 'le'), v);
  assert.equal(readU128(bo, off, 'be'), v);
});

/** A leaf field and how to name its elements: a scalar has one, an array `count`. */
function elements(f: { name: string; type: string; size: number; offset: number }) {
  const arr = /\[(\d+)\]$/.exec(f.type);
  const count = arr ? Number(arr[1]) : 1;
  const size = f.size / count;
  return { count, size, at: (i: number) => ({ path: arr ? `${f.name}[${i}]` : f.name, offset: f.offset + i * size }) };
}

for (const [name, s] of Object.entries(STRUCTS)) {
  test(`${name}: every field round-trips in LE and BE and writes only its own bytes`, () => {
    for (const f of flattenLayout(s)) {
      const el = elements(f);
      fc.assert(fc.property(
        fc.nat({ max: el.count - 1 }), fc.constantFrom(...ENDIANS), fc.bigInt({ min: 0n, max: (1n << BigInt(el.size * 8)) - 1n }),
        fc.uint8Array({ minLength: s.size, maxLength: s.size }),
        (i, e, v, init) => {
          const { path, offset } = el.at(i);
          const buf = init.slice();
          const value = el.size <= 4 ? Number(v) : v;
          writeField(buf, s, path, value, e);
          assert.equal(readField(buf, s, path, e), value);
          for (let k = 0; k < s.size; k++) {
            if (k < offset || k >= offset + el.size) assert.equal(buf[k], init[k], `${path} touched byte ${k}`);
          }
          // the field's bytes are the value, most significant byte last on LE and first on BE
          const bytes = [...buf.subarray(offset, offset + el.size)];
          const msbFirst = e === 'le' ? bytes.reverse() : bytes;
          assert.equal(msbFirst.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n), v);
        },
      ), { numRuns: 25 });
    }
  });
}

test('codecs reject out-of-range offsets and values and non-scalar paths', () => {
  const b = new Uint8Array(8);
  assert.throws(() => readU32(b, 5, 'le'), RangeError);
  assert.throws(() => readU64(b, -1, 'be'), RangeError);
  assert.throws(() => readU16(b, 1.5, 'le'), RangeError);
  assert.throws(() => writeU32(b, 0, 2 ** 32, 'le'), RangeError);
  assert.throws(() => writeU16(b, 0, 1.5, 'le'), RangeError);
  assert.throws(() => writeU64(b, 0, 1n << 64n, 'le'), RangeError);
  const run = new Uint8Array(STRUCTS.kvm_run!.size);
  assert.throws(() => readField(run, STRUCTS.kvm_run!, 'padding1', 'le'), /not a scalar/);
  assert.throws(() => readField(run, STRUCTS.kvm_run!, 'debug.arch', 'le'), /not a scalar/);
  assert.throws(() => readField(run, STRUCTS.kvm_run!, 'debug.arch.nope', 'le'), /no field/);
  assert.throws(() => writeField(run, STRUCTS.kvm_run!, 'exit_reason', 4n, 'le'), TypeError);
  writeField(run, STRUCTS.kvm_run!, 'debug.arch.far', -1n, 'be');
  assert.equal(readField(run, STRUCTS.kvm_run!, 'debug.arch.far', 'be'), 2n ** 64n - 1n);
});
