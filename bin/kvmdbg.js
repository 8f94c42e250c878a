#!/usr/bin/env -S node --v8-pool-size=1
// The kvmdbg command. The published package runs the compiled CLI in dist/ with plain Node. A git
// checkout, where src/ sits beside this directory, runs its sources bundled by esbuild into .cache/
// (scripts/dev-bundle.js: rebuilt whenever a source changed, so `npm start` and the tests never need a
// build and never meet a stale one), or through tsx, module by module, if that bundle cannot be made.
//
// One V8 worker thread instead of Node's four: each worker keeps its own malloc arena of compiler
// memory, so a Linux boot peaked ~100 MiB higher with four (457-473 MiB against 354-366 MiB), with the
// same CPU time (36.8-39.5 s user in both). The flag exists only at Node's start, hence the shebang;
// `npm start` passes it too.
import { existsSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  try {
    const { devMain } = await import('../scripts/dev-bundle.js');
    process.setSourceMapsEnabled(true);
    main = await devMain(fileURLToPath(new URL('..', import.meta.url)));
  } catch (e) {
    process.stderr.write(`kvmdbg: running the sources through tsx: no bundle of them (${e instanceof Error ? e.message.split('\n')[0] : e})\n`);
    const { register } = await import('tsx/esm/api');
    register();
    ({ main } = await import(source.href));
  }
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
