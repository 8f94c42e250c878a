import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEsr, encodeEsr, leafFields, makeEsr, EC_TABLE, type EsrField } from './index.ts';

/**
 * Property: the decoder accounts for every bit. For any 64-bit value, the leaf fields tile bits 63..0
 * exactly once (each parent split completely into its children), and re-encoding the leaves gives the
 * input back. Decoding never throws.
 */

function checkTiling(fields: EsrField[], hi: number, lo: number, where: string): void {
  let next = hi;
  for (const f of fields) {
    const top = f.start + f.width - 1;
    assert.equal(top, next, `${where}: ${f.name} should start at bit ${next}, starts at ${top}`);
    assert.ok(f.value >= 0 && f.value < 2 ** f.width, `${where}: ${f.name} value ${f.value} fits ${f.width} bits`);
    if (f.fields.length) checkTiling(f.fields, top, f.start, `${where}.${f.name}`);
    next = f.start - 1;
  }
  assert.equal(next, lo - 1, `${where}: bits ${next}..${lo} not covered`);
}

const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });

test('property: every bit of a random 64-bit ESR is in exactly one leaf field and re-encoding returns the input', () => {
  fc.assert(fc.property(u64, (v) => {
    const d = decodeEsr(v);
    checkTiling(d.fields, 63, 0, 'ESR');
    assert.equal(encodeEsr(d), v);
    assert.equal(encodeEsr(leafFields(d.fields)), v);
  }), { numRuns: 20000 });
});

test('property: for every allocated EC, random ISS/ISS2/IL round-trip (each ISS decoder exercised)', () => {
  const ec = fc.constantFrom(...EC_TABLE.map((e) => e.value));
  const parts = fc.record({ ec, il: fc.constantFrom(0 as const, 1 as const), iss: fc.integer({ min: 0, max: 0x1ffffff }), iss2: fc.integer({ min: 0, max: 0xffffff }) });
  fc.assert(fc.property(parts, fc.integer({ min: 0, max: 255 }), (p, top) => {
    const v = makeEsr(p) | (BigInt(top) << 56n);
    const d = decodeEsr(v);
    checkTiling(d.fields, 63, 0, `EC ${p.ec}`);
    assert.equal(encodeEsr(d), v);
    assert.equal(d.ec.value, p.ec);
    assert.equal(d.iss, p.iss);
    assert.equal(d.iss2, p.iss2);
  }), { numRuns: 20000 });
});

test('encodeEsr refuses a field value that does not fit its width', () => {
  const d = decodeEsr(0xd2000062n);
  const iss = d.fields.find((f) => f.name === 'ISS')!;
  const wnr = iss.fields.find((f) => f.name === 'WnR')!;
  wnr.value = 2;
  assert.throws(() => encodeEsr(d), /WnR \[6:6\] cannot hold 2/);
});
