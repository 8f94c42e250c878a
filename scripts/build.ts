/**
 * npm run build (and prepack): the published package's dist/, which git ignores.
 *
 *  - JavaScript: esbuild bundles the entry points of package.json `exports` and the CLI (main.ts and
 *    each command, which it loads on demand) as ES modules that share chunks. A command then loads a
 *    handful of files instead of the ~150 modules of the sources, which is most of its cold start, and
 *    each layer's code exists once. npm packages stay imports (koffi loads only with the real backend).
 *    Every entry keeps its path under src/ (src/cli/commands/run.ts -> dist/cli/commands/run.js), so
 *    the files it finds relative to itself (the default guest, the web page) are where they were.
 *  - Types: tsc writes the .d.ts files of what the exported entry points reach.
 *  - The web page: one self-contained dist/web/index.html, which the installed `kvmdbg web` serves.
 *
 *   node --import tsx scripts/build.ts
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { buildWeb } from '../src/cli/web-build.ts';
import { packageEntries, ROOT } from './package-entries.ts';
import { bundleOptions, cliEntryPoints } from './dev-bundle.js';

const DIST = join(ROOT, 'dist');

async function buildJs(): Promise<void> {
  await build({
    ...bundleOptions(ROOT, [...packageEntries().map((e) => e.source), ...cliEntryPoints(ROOT)], DIST),
    legalComments: 'none',
    logLevel: 'warning',
  });
}

/** Declarations for the exported entry points and everything they import, beside the JavaScript. */
function buildTypes(): void {
  const configFile = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  if (configFile.error) throw new Error(ts.flattenDiagnosticMessageText(configFile.error.messageText, '\n'));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const program = ts.createProgram(packageEntries().map((e) => join(ROOT, e.source)), {
    ...options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: join(ROOT, 'src'),
    outDir: DIST,
  });
  const result = program.emit();
  const diagnostics = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics];
  if (diagnostics.length > 0 || result.emitSkipped) {
    const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => ROOT, getNewLine: () => '\n' };
    throw new Error(`declarations:\n${ts.formatDiagnostics(diagnostics, host)}`);
  }
}

async function buildPackage(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  await buildJs();
  buildTypes();
  await buildWeb(join(DIST, 'web'));
}

await buildPackage();
