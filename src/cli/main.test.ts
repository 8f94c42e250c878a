import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from './main.ts';

function capture() {
  let out = '';
  let err = '';
  return { io: { out: (t: string) => { out += t; }, err: (t: string) => { err += t; } }, get out() { return out; }, get err() { return err; } };
}

test('kvmdbg: an unknown command exits 2 and lists the commands', async () => {
  const c = capture();
  assert.equal(await main(['frobnicate'], c.io), 2);
  assert.match(c.err, /unknown command 'frobnicate'/);
  for (const name of ['run', 'layout', 'esr', 'web']) assert.match(c.err, new RegExp(`\\b${name}\\b`));
});

test('kvmdbg --help exits 0 with usage on stdout', async () => {
  const c = capture();
  assert.equal(await main(['--help'], c.io), 0);
  assert.match(c.out, /^usage: kvmdbg <command>/);
});
