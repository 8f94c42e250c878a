/**
 * `npm run docs` builds the API documentation without a TypeDoc warning (broken links, unresolved
 * references), with one page per package entry point, named as it is imported and carrying the entry
 * point's own doc comment.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageEntries, ROOT } from '../../scripts/package-entries.ts';

test('npm run docs documents every entry point of package.json exports', () => {
  const out = mkdtempSync(join(tmpdir(), 'kvmdbg-docs-'));
  try {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/docs.ts', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    for (const e of packageEntries()) {
      const page = join(out, 'modules', `${e.specifier.replace('/', '_')}.html`);
      assert.ok(existsSync(page), `${e.specifier} has a page`);
      const text = readFileSync(page, 'utf8').replace(/<[^>]*>/g, '')
        .replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
      const firstLine = readFileSync(join(ROOT, e.source), 'utf8').match(/^\/\*\*\s*\n?\s*\*?\s*([^\n]*?)\s*(\*\/)?$/m)![1]!.replace(/`/g, '');
      assert.ok(text.includes(firstLine.slice(0, 40)), `${e.specifier}: the page shows its doc comment ('${firstLine.slice(0, 40)}')`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
