#!/usr/bin/env -S MALLOC_ARENA_MAX=1 node --v8-pool-size=1 --max-semi-space-size=4 --heap-growing-percent=25
// The kvmdbg command. The published package runs the compiled CLI in dist/ with plain Node. A git
// checkout, where src/ sits beside this directory, runs its sources bundled by esbuild into .cache/
// (scripts/dev-bundle.js: rebuilt whenever a source changed, so `npm start` and the tests never need a
// build and never meet a stale one), or through tsx, module by module, if that bundle cannot be made.
// A stack trace names the bundle's lines (not minified: functions keep their names); with
// `NODE_OPTIONS=--enable-source-maps` Node maps them to src/ through the bundle's source maps. Not by
// default: reading run.js's map took ~19 ms of every start (268-274 against 286-294 ms to the first
// instruction of U-Boot).
//
// The first line sets what exists only at Node's start, for the resident set of a long boot:
// - one V8 worker thread instead of Node's four: each worker keeps its own malloc arena of compiler
//   memory, so a Linux boot peaked ~100 MiB higher with four (457-473 MiB against 354-366 MiB), with
//   the same CPU time (36.8-39.5 s user in both);
// - MALLOC_ARENA_MAX=1: that one worker's arena, where TurboFan's compilations peak at ~35 MiB, is the
//   main thread's, so the memory a compilation frees serves the next page of decoded instructions;
// - semi-spaces of at most 4 MiB instead of 16: the young generation of a boot's allocations (boxed
//   numbers of blocks not yet optimised) is scavenged more often, ~80 ms more of a 12 s boot.
// Together the last two took a Debian 6.1 boot to the end of /init (512 MiB of guest RAM) from a peak
// RSS of 285-287 MiB to 238-251 MiB, at the same main-thread time within run-to-run noise;
// - the old generation collected once it grew by a quarter: V8 otherwise lets it grow up to a few
//   times what the last collection kept, so a boot's peak depended on when its last one came (1 vCPU:
//   224-253 MiB over eight boots; 2 vCPUs 299 MiB), 222-223 and 265 MiB with it, twice as many
//   full collections (16 against 8, each a few milliseconds, mostly incremental), the same time.
import { existsSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  try {
    const { devCli } = await import('../scripts/dev-bundle.js');
    cli = await devCli(fileURLToPath(new URL('..', import.meta.url)));
  } catch (e) {
    process.stderr.write(`kvmdbg: running the sources through tsx: no bundle of them (${e instanceof Error ? e.message.split('\n')[0] : e})\n`);
    const { register } = await import('tsx/esm/api');
    register();
    cli = await import(source.href);
  }
} else {
  cli = await import('../dist/cli/main.js');
}
const argv = process.argv.slice(2);
// after `run`, without waiting for V8's compiler thread (src/cli/end.ts)
await cli.endProcess(argv, await cli.main(argv));
