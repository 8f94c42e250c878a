import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePacket } from './parse.ts';
import { isParseError } from './packets/types.ts';

const p = (s: string) => parsePacket(Uint8Array.from(s, (c) => c.charCodeAt(0)));
const bad = (s: string) => {
  const r = p(s);
  assert.ok(isParseError(r), `${JSON.stringify(s)} should not parse, got ${JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v))}`);
  return r.parseError;
};

test('m: ADDR,LENGTH in hex', () => {
  assert.deepEqual(p('m40081c40,8'), { t: 'm', addr: 0x40081c40n, len: 8 });
  assert.deepEqual(p('mffffffffffffffff,1'), { t: 'm', addr: 0xffffffffffffffffn, len: 1 });
  bad('m40081c40');
  bad('m,4');
  bad('m1122334455667788aa,4');     // 18 digits
  bad('mxyz,4');
});

test('M: hex data must match the length', () => {
  assert.deepEqual(p('M40081c40,2:abCD'), { t: 'M', addr: 0x40081c40n, data: Uint8Array.of(0xab, 0xcd) });
  assert.match(bad('M40081c40,3:abcd'), /length 3 but 2/);
  bad('M40081c40,1:a');
  bad('M40081c40,1');
});

test("X: binary data with '}' escapes ('}' 0x5d is 0x7d, '}' 0x03 is 0x23)", () => {
  assert.deepEqual(p('X40000000,3:a}]}\x03'), { t: 'X', addr: 0x40000000n, data: Uint8Array.of(0x61, 0x7d, 0x23) });
  assert.deepEqual(p('X40000000,0:'), { t: 'X', addr: 0x40000000n, data: new Uint8Array(0) });
  bad('X40000000,1:}');
});

test('g/G/p/P', () => {
  assert.deepEqual(p('g'), { t: 'g' });
  assert.deepEqual(p('p20'), { t: 'p', reg: 32 });
  assert.deepEqual(p('P0=0700000000000000'), { t: 'P', reg: 0, value: Uint8Array.of(7, 0, 0, 0, 0, 0, 0, 0) });
  assert.deepEqual(p('G0102'), { t: 'G', data: Uint8Array.of(1, 2) });
  bad('pz');
  bad('P0=');
  bad('P0');
  bad('G012');
});

test("g/G/p/P with lldb's thread suffix ';thread:ID;' (bare hex, as lldb writes it, or p1.2)", () => {
  assert.deepEqual(p('p20;thread:0002;'), { t: 'p', reg: 32, thread: { tid: 2 } });
  assert.deepEqual(p('g;thread:0001;'), { t: 'g', thread: { tid: 1 } });
  assert.deepEqual(p('P1=0500000000000000;thread:p1.2;'), { t: 'P', reg: 1, value: Uint8Array.of(5, 0, 0, 0, 0, 0, 0, 0), thread: { pid: 1, tid: 2 } });
  assert.deepEqual(p('G0102;thread:2'), { t: 'G', data: Uint8Array.of(1, 2), thread: { tid: 2 } });
  assert.deepEqual(p('QThreadSuffixSupported'), { t: 'QThreadSuffixSupported' });
  bad('p20;thread:;');
  bad('p20;thread:zz;');
  bad('p20;core:1;');
  bad('g;thread:1;x');
});

test('Z/z: TYPE,ADDR,KIND for types 0..4; conditions rejected', () => {
  assert.deepEqual(p('Z0,40081a04,4'), { t: 'Z', type: 0, addr: 0x40081a04n, kind: 4 });
  assert.deepEqual(p('z4,40081c40,8'), { t: 'z', type: 4, addr: 0x40081c40n, kind: 8 });
  bad('Z5,0,4');
  bad('Z0,40081a04');
  bad('Z0,40081a04,4;X1,0');
  bad('Z');
});

test('vCont: gdb 13 actions with thread-ids (vCont;s:p1.1;c:p1.-1)', () => {
  assert.deepEqual(p('vCont?'), { t: 'vCont?' });
  assert.deepEqual(p('vCont;s:p1.1;c:p1.-1'), {
    t: 'vCont', actions: [{ action: 's', thread: { pid: 1, tid: 1 } }, { action: 'c', thread: { pid: 1, tid: -1 } }],
  });
  assert.deepEqual(p('vCont;c'), { t: 'vCont', actions: [{ action: 'c' }] });
  assert.deepEqual(p('vCont;C05:1'), { t: 'vCont', actions: [{ action: 'c', signal: 5, thread: { tid: 1 } }] });
  assert.deepEqual(p('vCont;s:p1'), { t: 'vCont', actions: [{ action: 's', thread: { pid: 1, tid: -1 } }] });
  bad('vCont;');
  bad('vCont;x');
  bad('vCont;r1000,2000');
  bad('vCont;c:pz');
  bad('vCont;c;;s');
});

test('c/s/C/S with optional address', () => {
  assert.deepEqual(p('c'), { t: 'resume', action: 'c' });
  assert.deepEqual(p('s40080000'), { t: 'resume', action: 's', addr: 0x40080000n });
  assert.deepEqual(p('C02;40080000'), { t: 'resume', action: 'c', signal: 2, addr: 0x40080000n });
  bad('Cxx');
});

test('H/T thread-ids: p<pid>.<tid>, -1 and 0', () => {
  assert.deepEqual(p('Hgp0.0'), { t: 'H', op: 'g', thread: { pid: 0, tid: 0 } });
  assert.deepEqual(p('Hc-1'), { t: 'H', op: 'c', thread: { tid: -1 } });
  assert.deepEqual(p('Tp1.1'), { t: 'T', thread: { pid: 1, tid: 1 } });
  bad('Hx1');
  bad('Hg');
});

test('queries: qSupported, qXfer:features:read, qRcmd, qAttached, simple names', () => {
  assert.deepEqual(p('qSupported:multiprocess+;swbreak+;xmlRegisters=i386'),
    { t: 'qSupported', features: ['multiprocess+', 'swbreak+', 'xmlRegisters=i386'] });
  assert.deepEqual(p('qXfer:features:read:target.xml:0,ffb'), { t: 'qXfer:features:read', annex: 'target.xml', offset: 0, length: 0xffb });
  assert.deepEqual(p('qRcmd,68656c70'), { t: 'qRcmd', command: 'help' });
  assert.deepEqual(p('qAttached:1'), { t: 'qAttached' });
  assert.deepEqual(p('qfThreadInfo'), { t: 'qfThreadInfo' });
  assert.deepEqual(p('QStartNoAckMode'), { t: 'QStartNoAckMode' });
  assert.deepEqual(p('vKill;1'), { t: 'kill', vKill: true });
  assert.deepEqual(p('k'), { t: 'kill', vKill: false });
  assert.deepEqual(p('D;1'), { t: 'D' });
  bad('qRcmd,6');
  bad('qXfer:features:read:target.xml:0');
});

test('qThreadExtraInfo,THREAD-ID; QEMU\'s qemu.PhyMemMode set and query, qemu.Supported', () => {
  assert.deepEqual(p('qThreadExtraInfo,p1.2'), { t: 'qThreadExtraInfo', thread: { pid: 1, tid: 2 } });
  assert.deepEqual(p('qThreadExtraInfo,1'), { t: 'qThreadExtraInfo', thread: { tid: 1 } });
  assert.deepEqual(p('Qqemu.PhyMemMode:1'), { t: 'Qqemu.PhyMemMode', physical: true });
  assert.deepEqual(p('Qqemu.PhyMemMode:0'), { t: 'Qqemu.PhyMemMode', physical: false });
  assert.deepEqual(p('qqemu.PhyMemMode'), { t: 'qqemu.PhyMemMode' });
  assert.deepEqual(p('qqemu.Supported'), { t: 'qqemu.Supported' });
  bad('qThreadExtraInfo,');
  bad('qThreadExtraInfo:p1.1');
  bad('qThreadExtraInfo,pz');
  bad('Qqemu.PhyMemMode:2');
  bad('Qqemu.PhyMemMode:');
  const r = p('qqemu.sstepbits');
  assert.ok(!isParseError(r) && r.t === 'unknown');
});

test('unknown packets parse as unknown (empty reply), never as errors', () => {
  for (const s of ['qTStatus', 'qOffsets', 'qSymbol::', 'vFile:open:', 'x40000000,4', 'jThreadsInfo', '!', 'qL1200000000000000000']) {
    const r = p(s);
    assert.ok(!isParseError(r) && r.t === 'unknown', s);
  }
});

test('bs and bc (GDB manual "Packets": backward single step, backward continue); any other b packet is malformed', () => {
  assert.deepEqual(p('bs'), { t: 'reverse', action: 's' });
  assert.deepEqual(p('bc'), { t: 'reverse', action: 'c' });
  for (const s of ['b', 'bx', 'bs0', 'bcc']) assert.ok(isParseError(p(s)), s);
});
