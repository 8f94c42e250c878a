/** --out DIR: created level by level; a file in the way, '' or an uncreatable path is a usage error naming it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from './io.ts';
import { ensureOutDir } from './out-dir.ts';

const refuses = (given: string, message: RegExp): void => {
  assert.throws(() => ensureOutDir('--out', given), (e: unknown) => e instanceof UsageError && message.test(e.message), given);
};

test('ensureOutDir: missing levels are created; an existing directory is fine', () => {
  const base = mkdtempSync(join(tmpdir(), 'kvmdbg-out-'));
  const dir = ensureOutDir('--out', join(base, 'a', 'b', 'c'));
  assert.ok(statSync(dir).isDirectory());
  assert.equal(ensureOutDir('--out', dir), dir);
});

test("ensureOutDir: '', a file, a file higher up, and a place where nothing can be created are refused, at once", () => {
  const base = mkdtempSync(join(tmpdir(), 'kvmdbg-out-'));
  const file = join(base, 'f');
  writeFileSync(file, '');
  refuses('', /--out needs a directory/);
  refuses(file, /--out '.*f': not a directory/);
  refuses(join(file, 'x', 'y'), /--out '.*': .*\/f is not a directory/);
  refuses('/dev/null/x', /\/dev\/null is not a directory/);
  refuses('/proc/nope/deeper', /cannot create \/proc\/nope: .*ENOENT/);
  assert.equal(existsSync(join(file, 'x')), false);
});
