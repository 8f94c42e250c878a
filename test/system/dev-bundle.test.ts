/**
 * scripts/dev-bundle.js, which bin/kvmdbg.js runs a checkout's CLI from: on a checkout of its own (a
 * temporary directory shaped like this one), the bundle is built on first use, reused while no input
 * changed, rebuilt when one did (even at the same size) or when dev-bundle.js itself did (its build
 * options), and never mixes builds when several processes start at once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const DEV_BUNDLE = join(REPO, 'scripts/dev-bundle.js');

/** A checkout whose CLI prints `value` (from a module of its own) and has one command. */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'kvmdbg-dev-bundle-'));
  mkdirSync(join(root, 'src/cli/commands'), { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
  mkdirSync(join(root, 'scripts'));
  copyFileSync(DEV_BUNDLE, join(root, 'scripts/dev-bundle.js'));
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'kvmdbg', type: 'module' }));
  writeValue(root, 'one');
  writeFileSync(join(root, 'src/cli/commands/hello.ts'), 'export const hello = (): string => \'hello\';\n');
  writeFileSync(join(root, 'src/cli/main.ts'),
    'import { value } from \'./value.ts\';\nexport async function main(argv: string[]): Promise<number> {\n' +
    '  const { hello } = await import(\'./commands/hello.ts\');\n  console.log(`${hello()} ${value} ${argv.join(\' \')}`);\n  return 0;\n}\n');
  return root;
}
function writeValue(root: string, v: string): void {
  writeFileSync(join(root, 'src/cli/value.ts'), `export const value: string = '${v}';\n`);
}

/** A process that loads the CLI as bin/kvmdbg.js does and runs it with `arg`. */
function launch(root: string, arg: string): Promise<string> {
  const code = `const { devMain } = await import(${JSON.stringify(join(root, 'scripts/dev-bundle.js'))}); const main = await devMain(${JSON.stringify(root)}); process.exitCode = await main([${JSON.stringify(arg)}]);`;
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    p.on('close', (c) => (c === 0 ? resolve(out.trim()) : reject(new Error(`exit ${c}: ${err}`))));
  });
}
const builds = (root: string): string[] => readdirSync(join(root, '.cache/dev-bundle')).filter((f) => f.startsWith('b')).sort();
const stampOut = (root: string): string => (JSON.parse(readFileSync(join(root, '.cache/dev-bundle/stamp.json'), 'utf8')) as { out: string }).out;

test('the dev bundle: built on first use, reused while its inputs are unchanged, rebuilt after an edit', async () => {
  const root = checkout();
  try {
    assert.equal(await launch(root, 'a'), 'hello one a');
    const first = stampOut(root);
    assert.deepEqual(builds(root), [first]);
    assert.equal(await launch(root, 'b'), 'hello one b');
    assert.deepEqual(builds(root), [first], 'nothing changed: no new build');

    writeValue(root, 'two'); // same size, new content and mtime
    const past = new Date(Date.now() - 5000); // a new mtime, but before the build starts (a later one means 'edited during the build')
    utimesSync(join(root, 'src/cli/value.ts'), past, past);
    assert.equal(await launch(root, 'c'), 'hello two c');
    assert.notEqual(stampOut(root), first, 'rebuilt after the edit');

    writeValue(root, 'three!'); // a module reached through a lazy import's neighbour, another size
    const outs = await Promise.all([1, 2, 3, 4].map((k) => launch(root, String(k))));
    assert.deepEqual(outs, ['hello three! 1', 'hello three! 2', 'hello three! 3', 'hello three! 4'], 'concurrent starts, each on a whole build');

    const sources = stampOut(root);
    assert.equal(await launch(root, 'd'), 'hello three! d');
    assert.equal(stampOut(root), sources, 'nothing changed: no new build');
    utimesSync(join(root, 'scripts/dev-bundle.js'), past, past); // another version of the builder
    assert.equal(await launch(root, 'e'), 'hello three! e');
    assert.notEqual(stampOut(root), sources, 'rebuilt after dev-bundle.js changed');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
