/**
 * The README's "Use it as a library" code is the examples/ files verbatim, so what readers copy is
 * what test/system/package.test.ts compiles and runs against the installed package.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

for (const f of ['minimal-vmm.ts', 'esr-decode.ts']) {
  test(`README.md shows examples/${f} verbatim`, () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const text = readFileSync(new URL(`../../examples/${f}`, import.meta.url), 'utf8');
    assert.ok(readme.includes('```ts\n' + text + '```\n'), `README.md has examples/${f} in a ts code block (copy it again after a change)`);
  });
}
