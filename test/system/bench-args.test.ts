/**
 * The bench scripts' command lines (bench/args.ts): `--help` prints the usage and runs nothing; an
 * unknown option, a count that is not a whole number, or a positional too many exits 2 naming it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SCRIPTS = ['index', 'cold-start', 'cpu', 'first-run', 'fp', 'guests', 'jit-report', 'mmu', 'real-guests', 'gdb-stepi', 'gdb-stop-latency', 'history'];

function bench(script: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${script}.ts`, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

for (const s of SCRIPTS) {
  test(`bench/${s}.ts --help: its usage, exit 0, nothing run`, () => {
    const r = bench(s, '--help');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, s === 'index' ? /^usage: npm run bench -- \[--quick\]/ : new RegExp(`^usage: node --import tsx bench/${s}\\.ts`));
    assert.equal(r.stdout.trim().split('\n').length, 1, 'the usage line only');
  });
}

test('bench scripts: bad input exits 2 with the problem and the usage, not a stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['index', ['--runs', 'x'], /^--runs takes a whole number of at least 1, not 'x'\nusage: npm run bench/],
    ['index', ['--bogus'], /^Unknown option '--bogus'/],
    ['real-guests', ['--runs', '0'], /^--runs takes a whole number of at least 1, not '0'/],
    ['cpu', ['1', '2'], /^at most 1 argument but 1 2\nusage: node --import tsx bench\/cpu\.ts/],
    ['history', ['1.5'], /^INSTRUCTIONS takes a whole number of at least 1, not '1.5'/],
    ['fp', ['extra'], /^no arguments but extra/],
  ];
  for (const [s, args, want] of cases) {
    const r = bench(s, ...args);
    assert.equal(r.status, 2, `${s} ${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
