/**
 * The WebAssembly assembler (wasm-asm.ts) behind the tier: the constants it encodes are the values the
 * engine itself decodes from them. Each function stores its constants into memory, which the test
 * reads back, across the edges of each LEB128 length and of the i32 range inside i64 constants.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Fn, moduleOf, wasmApi } from './wasm-asm.ts';

const api = wasmApi!;

/** Run a module of one function `body` (no parameters) over a fresh page of memory: the memory. */
function run(body: (f: Fn) => void): DataView {
  const f = new Fn([]);
  body(f);
  f.i32(0);
  const mem = new api.Memory({ initial: 1 });
  const inst = new api.Instance(new api.Module(moduleOf([], [f])), { m: { m: mem } });
  (inst.exports.f0 as () => number)();
  return new DataView(mem.buffer);
}

const I32S = [0, 1, -1, 63, 64, -64, -65, 127, 128, 8191, 8192, -8192, -8193, 0x7fff_ffff, -0x8000_0000, 0x1234_5678, -0x1234_5678, 0x10_0000, -0x10_0001];

test('i32 constants: what the engine decodes is the value given, at each edge of the LEB128 lengths', () => {
  const dv = run((f) => I32S.forEach((v, k) => f.i32(k * 4).i32(v).mem('i32.store')));
  I32S.forEach((v, k) => assert.equal(dv.getInt32(k * 4, true), v, `i32 ${v}`));
  const wrapped = run((f) => f.i32(0).i32(0x8000_0000).mem('i32.store'));
  assert.equal(wrapped.getInt32(0, true), -0x8000_0000, 'a value beyond 32 bits is taken modulo 2^32');
});

test('i64 constants: inside and outside the i32 range, negative and positive, to the ends of 64 bits', () => {
  const vs = [...I32S.map(BigInt), 0x8000_0000n, -0x8000_0001n, 0xffff_ffffn, 0x1_0000_0000n, -0x1_0000_0000n, (1n << 62n) + 5n,
    -(1n << 62n), (1n << 63n) - 1n, -(1n << 63n), 0xffff_8000_0840_0000n /* a kernel address, as unsigned */];
  const dv = run((f) => vs.forEach((v, k) => f.i32(k * 8).i64(v).mem('i64.store')));
  vs.forEach((v, k) => assert.equal(dv.getBigInt64(k * 8, true), BigInt.asIntN(64, v), `i64 ${v}`));
});

test('f64 constants: the same doubles, bit for bit', () => {
  const vs = [0, -0, 1.5, -2.25, 2 ** 53, -(2 ** 62), 4294967296, Number.MIN_VALUE, Number.MAX_VALUE, Infinity, -Infinity, 0.1];
  const dv = run((f) => vs.forEach((v, k) => f.i32(k * 8).f64(v).mem('f64.store')));
  vs.forEach((v, k) => assert.ok(Object.is(dv.getFloat64(k * 8, true), v), `f64 ${v}`));
});

test('a module of many functions with long bodies: every function is there and runs', () => {
  const fns = Array.from({ length: 40 }, (_, j) => {
    const f = new Fn([]);
    for (let k = 0; k < 3000; k++) f.i32(j * 4).i32(j * 4).mem('i32.load').i32(k).op('i32.add').mem('i32.store');
    return f.i32(j);
  });
  const mem = new api.Memory({ initial: 1 });
  const inst = new api.Instance(new api.Module(moduleOf([], fns)), { m: { m: mem } });
  const dv = new DataView(mem.buffer);
  fns.forEach((_, j) => assert.equal((inst.exports[`f${j}`] as () => number)(), j));
  fns.forEach((_, j) => assert.equal(dv.getInt32(j * 4, true), (2999 * 3000) / 2));
});
