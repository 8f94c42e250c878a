import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareExitLogs, normaliseExitLog } from '../realkvm/compare.ts';

const mmio = '{"n":1,"ret":0,"errno":null,"exit_reason":6,"flags":0,"pc":"0x40081160","debug_arch_hex":"18000009000000000000000000000000"}';
const intr = '{"n":2,"ret":-1,"errno":"EINTR","exit_reason":10,"flags":0,"pc":"0x40081164","debug_arch_hex":"18000009000000000000000000000000"}';
const off = (n: number): string => `{"n":${n},"ret":0,"errno":null,"exit_reason":24,"flags":0,"pc":"0x4008154c","debug_arch_hex":"01000000010000000000000000000000"}`;

test('exit logs: EINTR returns (timer ticks) and the running number are not compared; everything else is', () => {
  assert.deepEqual(normaliseExitLog(`${mmio}\n${intr}\n${off(3)}\n`), [mmio.replace('"n":1,', ''), off(3).replace('"n":3,', '')]);
  assert.deepEqual(compareExitLogs('x', `${mmio}\n${intr}\n${off(3)}\n`, `${mmio}\n${off(2)}\n`).diffs, []);
  const flagDiff = compareExitLogs('x', mmio, mmio.replace('"flags":0', '"flags":1'));
  assert.equal(flagDiff.diffs.length, 1);
  assert.equal(compareExitLogs('x', `${mmio}\n${off(2)}`, mmio).diffs.length, 1, 'a missing line is a difference');
});

test('exit logs: an exception excuses only its exact pair of lines in its scenario', () => {
  const r = mmio.replace('"n":1,', '');
  const m = r.replace('"flags":0', '"flags":1');
  const ex = [{ scenario: 'x', real: r, model: m, reason: 'test' }];
  assert.equal(compareExitLogs('x', mmio, mmio.replace('"flags":0', '"flags":1'), ex).diffs.length, 0);
  assert.equal(compareExitLogs('y', mmio, mmio.replace('"flags":0', '"flags":1'), ex).diffs.length, 1);
});
