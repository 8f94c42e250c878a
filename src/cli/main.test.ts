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

test("kvmdbg __proto__, toString, constructor: unknown commands (status 2), never Object.prototype's members", async () => {
  for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
    const c = capture();
    assert.equal(await main([name], c.io), 2, name);
    assert.match(c.err, new RegExp(`unknown command '${name}'`));
  }
});

test('a message quoting a control character shows it escaped; a 100 KB argument is shortened', async () => {
  const c = capture();
  assert.equal(await main(['esr', '\x01'], c.io), 2);
  assert.match(c.err, /unexpected '\\x01'/);
  assert.ok(!c.err.includes('\x01'), 'the raw control character is not printed');
  const d = capture();
  assert.equal(await main(['esr', 'z'.repeat(100_000)], d.io), 2);
  assert.ok(d.err.length < 1000, `${d.err.length} characters`);
  assert.match(d.err, /z…\(\d+ characters left out\)…z/);
});
