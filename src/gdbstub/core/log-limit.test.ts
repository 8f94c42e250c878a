import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LogLimiter } from './log-limit.ts';

test('LogLimiter: a burst of 20 lines, then 10 a second; the lines left out are counted in one line when logging resumes', () => {
  let now = 0;
  const out: string[] = [];
  const l = new LogLimiter((s) => out.push(s), 20, 10, () => now);
  for (let i = 0; i < 1000; i++) l.line(`junk ${i}`);
  assert.equal(out.length, 20);
  assert.deepEqual(out.slice(0, 2), ['junk 0', 'junk 1']);
  now += 100;                                   // one token back
  l.line('after 100 ms');
  assert.deepEqual(out.slice(20), ["(980 more diagnostic lines about this debugger's input left out)", 'after 100 ms']);
  l.line('no token left');
  now += 10_000;                                // refilled to the burst, not beyond
  for (let i = 0; i < 30; i++) l.line(`later ${i}`);
  assert.equal(out.filter((s) => s.startsWith('later')).length, 20);
  assert.equal(out[22], "(1 more diagnostic line about this debugger's input left out)");
});

test('LogLimiter: flush says how many were left out, once, and nothing when none were', () => {
  const out: string[] = [];
  const l = new LogLimiter((s) => out.push(s), 1, 1, () => 0);
  l.flush();
  assert.deepEqual(out, []);
  l.line('a');
  l.line('b');
  l.line('c');
  l.flush();
  l.flush();
  assert.deepEqual(out, ['a', "(2 more diagnostic lines about this debugger's input left out)"]);
});
