import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseEsr, EsrParseError } from './index.ts';

test('parseEsr: decimal and 0x-hex, any case, surrounding blanks ignored', () => {
  assert.equal(parseEsr('0x96000050'), 0x96000050n);
  assert.equal(parseEsr('0X9600005a'), 0x9600005an);
  assert.equal(parseEsr('2516582480'), 0x96000050n);
  assert.equal(parseEsr('  0xd2000062\n'), 0xd2000062n);
  assert.equal(parseEsr('0'), 0n);
});

test('parseEsr: "_" separates digits (0x9600_0050, 0x0000_0001_9600_0050)', () => {
  assert.equal(parseEsr('0x9600_0050'), 0x96000050n);
  assert.equal(parseEsr('0x0000_0001_9600_0050'), 0x1_9600_0050n);
  assert.equal(parseEsr('2_516_582_480'), 2516582480n);
});

test('parseEsr: the full 64-bit range is accepted, 2^64 is not', () => {
  assert.equal(parseEsr('0xffffffffffffffff'), (1n << 64n) - 1n);
  assert.equal(parseEsr('18446744073709551615'), (1n << 64n) - 1n);
  assert.throws(() => parseEsr('18446744073709551616'), /does not fit in 64 bits/);
  assert.throws(() => parseEsr('0x1_0000_0000_0000_0000'), /does not fit in 64 bits/);
});

test('parseEsr: malformed input throws EsrParseError naming the problem', () => {
  const cases: Array<[string, RegExp]> = [
    ['', /empty/], ['   ', /empty/], ['-1', /negative/], ['-0x5', /negative/], ['+5', /sign/],
    ['0x', /no digits/], ['0xg1', /unexpected 'g'/], ['abc', /hexadecimal needs a 0x prefix/], ['12.5', /unexpected '\.'/],
    ['0x_96', /'_' may only separate digits/], ['0x96_', /'_' may only separate digits/], ['0x9__6', /'_' may only separate/],
    ['1e3', /hexadecimal needs a 0x prefix|unexpected 'e'/], ['0b101', /unexpected 'b'/], ['0x 96', /unexpected ' '/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseEsr(text), (e: unknown) => e instanceof EsrParseError && re.test(e.message), `input ${JSON.stringify(text)}`);
  }
});
