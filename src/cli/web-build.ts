/**
 * Builds the static web page: one self-contained `index.html` (script and styles inlined, no network
 * requests), so it works from `file://`, from `kvmdbg web`, or from any static host.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoText, UsageError } from './io.ts';
import { ensureOutDir } from './out-dir.ts';
import { packageRoot } from './package-root.ts';

// From the checkout's root, not this module's place: the CLI may run bundled (scripts/dev-bundle.js).
const here = join(packageRoot(), 'src', 'cli');
export const DEFAULT_WEB_OUT = join(packageRoot(), 'out', 'web');

export async function buildWeb(outDir: string = DEFAULT_WEB_OUT): Promise<string> {
  // Loaded here, not at the top: esbuild is a development dependency, absent from an installed package.
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [join(here, '..', 'web', 'main.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    legalComments: 'none',
  });
  const js = result.outputFiles[0]!.text;
  const css = await readFile(join(here, '..', 'web', 'style.css'), 'utf8');
  const template = await readFile(join(here, '..', 'web', 'index.html'), 'utf8');
  // Replace with functions so `$` sequences in the bundle are not read as replacement patterns.
  const html = template
    .replace('/*STYLE*/', () => css)
    .replace('/*SCRIPT*/', () => js.replace(/<\/script/gi, '<\\/script'));
  const file = join(ensureOutDir('--out', outDir), 'index.html');
  try {
    await writeFile(file, html);
  } catch (e) {
    throw new UsageError(`--out '${outDir}': cannot write ${file}: ${errnoText(e)}`);
  }
  return file;
}
