/**
 * The directory of the kvmdbg package: the checkout, or node_modules/kvmdbg when installed. Files the
 * CLI ships beside its code (the default guest, the built web page) are found from here, not from the
 * location of the module asking, which differs between the sources (src/cli/…) and the bundles the
 * package runs (dist/cli/…, dist/chunks/…).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The nearest directory above this module whose package.json names kvmdbg. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'kvmdbg') return (root = dir);
    const up = dirname(dir);
    if (up === dir) throw new Error(`no package.json of kvmdbg above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
}
