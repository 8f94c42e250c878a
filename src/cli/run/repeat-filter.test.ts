import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RepeatFilter } from './repeat-filter.ts';

test('RepeatFilter: a run of the same line is written once, then counted when something else comes or at flush', () => {
  const out: string[] = [];
  const f = new RepeatFilter((l) => out.push(l));
  for (let i = 0; i < 1000; i++) f.line('step to 0x40080000');
  f.line('step to 0x40080004');
  f.line('step to 0x40080004');
  f.line('other');
  f.flush();
  f.flush();
  assert.deepEqual(out, [
    'step to 0x40080000', '… the same stop 999 more times', 'step to 0x40080004', '… the same stop 1 more time', 'other',
  ]);
});
