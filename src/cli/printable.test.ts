import { test } from 'node:test';
import assert from 'node:assert/strict';
import { printable } from './printable.ts';

test('printable: C0 controls and DEL as \\xNN, newlines and tabs kept, ordinary text untouched', () => {
  assert.equal(printable("bad '\x01\x1b[2J\x7f'"), "bad '\\x01\\x1b[2J\\x7f'");
  assert.equal(printable('two\nlines\twith a tab'), 'two\nlines\twith a tab');
  assert.equal(printable('known structs: a, b, c'), 'known structs: a, b, c');
});

test('printable: a word over 80 characters keeps its start and end; a line over 2000 characters likewise', () => {
  const w = printable(`value '${'x'.repeat(10_000)}' is bad`);
  assert.match(w, /^value 'x{23}…\(9954 characters left out\)…x{23}' is bad$/);
  const many = printable('ab '.repeat(2000));
  assert.ok(many.length <= 2100, `${many.length}`);
  assert.match(many, /characters left out/);
});
