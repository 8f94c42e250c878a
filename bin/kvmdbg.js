#!/usr/bin/env node
// The kvmdbg command. The published package runs the compiled CLI in dist/ with plain Node. A git
// checkout, where src/ sits beside this directory, runs the TypeScript sources through tsx (a
// development dependency), so `npm start` and the tests never need a build and never meet a stale dist/.
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const source = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../dist/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
