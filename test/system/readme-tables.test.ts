import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parsePacket } from '../../src/gdbstub/protocol/parse.ts';
import { rspPackets, withTables } from '../../scripts/readme-tables.ts';

test('README: the reference tables are what the code says (run scripts/readme-tables.ts after a change)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  assert.equal(withTables(readme), readme);
});

/** A well-formed example of each tagged packet, as gdb sends it. */
const SAMPLE: Record<string, string> = {
  '?': '?', g: 'g', G: 'G' + '00'.repeat(268), p: 'p20', P: 'P0=0100000000000000', m: 'm40080000,4',
  M: 'M40080000,1:00', X: 'X40080000,0:', c: 'c', s: 's', C: 'C05', S: 'S05',
  Z0: 'Z0,40080000,4', z0: 'z0,40080000,4', Z1: 'Z1,40080000,4', z1: 'z1,40080000,4',
  Z2: 'Z2,40081000,8', z2: 'z2,40081000,8', Z3: 'Z3,40081000,8', z3: 'z3,40081000,8',
  Z4: 'Z4,40081000,8', z4: 'z4,40081000,8', H: 'Hg0', T: 'Tp1.1', D: 'D', k: 'k',
  'vCont?': 'vCont?', 'vCont;c': 'vCont;c', 'vCont;s': 'vCont;s:p1.1', qSupported: 'qSupported:swbreak+;hwbreak+',
  'qXfer:features:read': 'qXfer:features:read:target.xml:0,ffb', 'qXfer:threads:read': 'qXfer:threads:read::0,ffb',
  qRcmd: 'qRcmd,65786974', qAttached: 'qAttached', qC: 'qC', qfThreadInfo: 'qfThreadInfo', qsThreadInfo: 'qsThreadInfo',
  QStartNoAckMode: 'QStartNoAckMode', QThreadSuffixSupported: 'QThreadSuffixSupported', vMustReplyEmpty: 'vMustReplyEmpty', vKill: 'vKill;1',
  qThreadExtraInfo: 'qThreadExtraInfo,p1.1', 'Qqemu.PhyMemMode': 'Qqemu.PhyMemMode:1', 'qqemu.PhyMemMode': 'qqemu.PhyMemMode',
  'qqemu.Supported': 'qqemu.Supported', bs: 'bs', bc: 'bc',
};

test('README: every packet the table lists is one the stub parses (not the empty "unsupported" reply)', () => {
  const tagged = rspPackets(readFileSync(new URL('../../src/gdbstub/protocol/parse.ts', import.meta.url), 'utf8'));
  assert.ok(tagged.length > 30);
  for (const name of tagged) {
    const body = SAMPLE[name];
    assert.ok(body !== undefined, `no sample for tagged packet ${name}`);
    const p = parsePacket(new TextEncoder().encode(body));
    assert.ok(!('parseError' in p), `${name}: ${'parseError' in p ? p.parseError : ''}`);
    assert.notEqual((p as { t: string }).t, 'unknown', `${name} parses as unknown`);
  }
});
