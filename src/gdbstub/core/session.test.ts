import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GdbServer } from './server.ts';
import { FAKE_RAM_BASE, FakeTarget } from '../testing/fake-target.ts';
import { RspTestClient, rspFrame } from '../testing/rsp-client.ts';

const B = FAKE_RAM_BASE;
const GDB13_QSUPPORTED = 'qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;fork-events+;vfork-events+;exec-events+;vContSupported+;QThreadEvents+;no-resumed+;memory-tagging+;xmlRegisters=i386';

/** A stop reply without its expedited registers (`n:value;` pairs). */
const strip = (r: string) => r.replace(/(?<=;)[0-9a-f]{1,2}:[0-9a-f]{8,16};/g, '');

function setup(opts: { halted?: boolean } = {}) {
  const fake = new FakeTarget();
  const logs: string[] = [];
  const server = new GdbServer(fake, { log: (l) => logs.push(l) });
  if (opts.halted === false) server.runFree();
  const client = new RspTestClient();
  server.accept(client.server);
  return { fake, server, client, logs };
}

async function handshake(c: RspTestClient) {
  const sup = await c.request(GDB13_QSUPPORTED);
  assert.equal(await c.request('vMustReplyEmpty'), '');
  assert.equal(await c.request('Hgp0.0'), 'OK');
  return sup;
}

test('qSupported: PacketSize, qXfer:features:read+, vContSupported+, QStartNoAckMode+, and swbreak+/hwbreak+/multiprocess+ when gdb offers them', async () => {
  const { client } = setup();
  const sup = (await handshake(client)).split(';');
  assert.ok(sup.includes('PacketSize=4000'));
  for (const f of ['qXfer:features:read+', 'vContSupported+', 'QStartNoAckMode+', 'swbreak+', 'hwbreak+', 'multiprocess+']) {
    assert.ok(sup.includes(f), `${f} in ${sup.join(';')}`);
  }
  // a client that does not offer swbreak+ does not get it
  const other = setup();
  const plain = (await other.client.request('qSupported:xmlRegisters=i386')).split(';');
  assert.ok(!plain.includes('swbreak+') && !plain.includes('multiprocess+'));
});

test('qXfer:features:read: target.xml has the aarch64 core (x0-x30, sp, pc, 32-bit cpsr) and fpu (v0-v31 128-bit, fpsr, fpcr), served in chunks', async () => {
  const { client } = setup();
  await handshake(client);
  let xml = '';
  for (let off = 0; ; ) {
    const r = await client.request(`qXfer:features:read:target.xml:${off.toString(16)},200`);
    assert.ok(r[0] === 'm' || r[0] === 'l');
    xml += r.slice(1);
    off += r.length - 1;
    if (r[0] === 'l') break;
  }
  assert.match(xml, /<architecture>aarch64<\/architecture>/);
  assert.match(xml, /<feature name="org.gnu.gdb.aarch64.core">/);
  assert.match(xml, /<reg name="x30" bitsize="64" regnum="30"\/>/);
  assert.match(xml, /<reg name="cpsr" bitsize="32"\/>/);
  assert.match(xml, /<feature name="org.gnu.gdb.aarch64.fpu">/);
  assert.match(xml, /<reg name="v31" bitsize="128" type="aarch64v" regnum="65"\/>/);
  assert.match(xml, /<reg name="fpcr" bitsize="32" regnum="67"\/>/);
  assert.equal(await client.request('qXfer:features:read:other.xml:0,100'), 'E16');
});

test('g: x0..x30, sp, pc as 8 little-endian bytes each, then 4-byte cpsr (268 bytes, as QEMU sends)', async () => {
  const { client, fake } = setup();
  fake.x[0] = 0x0102030405060708n;
  fake.pc = 0x40081a04n;
  const g = await client.request('g');
  assert.equal(g.length, 268 * 2);
  assert.equal(g.slice(0, 16), '0807060504030201');
  assert.equal(g.slice(32 * 16, 33 * 16), '041a084000000000');
  assert.equal(g.slice(33 * 16), 'c5030000');
});

test('p/P: single registers, fpu reads as zeros, writes reach the target', async () => {
  const { client, fake } = setup();
  assert.equal(await client.request('P0=0700000000000000'), 'OK');
  assert.equal(fake.x[0], 7n);
  assert.equal(await client.request('P20=0000084000000000'), 'OK');
  assert.equal(fake.pc, 0x40080000n);
  assert.equal(await client.request('p20'), '0000084000000000');
  assert.equal(await client.request('p21'), 'c5030000');
  assert.equal(await client.request('p22'), '0'.repeat(32));   // v0
  assert.equal(await client.request('p42'), '00000000');       // fpsr
  assert.equal(await client.request('p47'), 'E16');            // beyond fpcr and the fake's 3 system registers
  assert.equal(await client.request('P22=' + '00'.repeat(16)), 'E5f');
  assert.equal(await client.request('P0=07'), 'E16');          // wrong width
});

test('G writes all core registers', async () => {
  const { client, fake } = setup();
  const g = await client.request('g');
  const mod = '2a00000000000000' + g.slice(16);
  assert.equal(await client.request('G' + mod), 'OK');
  assert.equal(fake.x[0], 42n);
  assert.equal(await client.request('G00'), 'E16');
});

test('m/M/X: memory read/write; X binary escapes; a read past RAM returns the readable prefix; unmapped is E0e', async () => {
  const { client, fake } = setup();
  fake.ram.set([0xde, 0xad, 0xbe, 0xef], 0x100);
  assert.equal(await client.request(`m${(B + 0x100n).toString(16)},4`), 'deadbeef');
  assert.equal(await client.request(`M${(B + 0x200n).toString(16)},2:1234`), 'OK');
  assert.deepEqual([...fake.ram.subarray(0x200, 0x202)], [0x12, 0x34]);
  assert.equal(await client.request(`X${(B + 0x300n).toString(16)},0:`), 'OK');
  assert.equal(await client.request(`X${(B + 0x300n).toString(16)},3:}]}\x04*`), 'OK');
  assert.deepEqual([...fake.ram.subarray(0x300, 0x303)], [0x7d, 0x24, 0x2a]);
  assert.equal(await client.request(`m${(B + 0xfffen).toString(16)},4`), '0000');
  assert.equal(await client.request('m0,4'), 'E0e');
  assert.equal(await client.request('M0,1:00'), 'E0e');
});

test('threads: one thread p1.1; qfThreadInfo/qsThreadInfo, qC, qAttached, T alive, Hc-1', async () => {
  const { client } = setup();
  await handshake(client);
  assert.equal(await client.request('qfThreadInfo'), 'mp1.1');
  assert.equal(await client.request('qsThreadInfo'), 'l');
  assert.equal(await client.request('qC'), 'QCp1.1');
  assert.equal(await client.request('qAttached:1'), '1');
  assert.equal(await client.request('Tp1.1'), 'OK');
  assert.equal(await client.request('Tp1.2'), 'E16');
  assert.equal(await client.request('Hc-1'), 'OK');
  assert.equal(strip(await client.request('?')), 'T05thread:p1.1;');
});

test('vCont? lists c, C, s, S; vCont;s:p1.1;c:p1.-1 steps our thread one instruction (T05)', async () => {
  const { client, fake } = setup();
  await handshake(client);
  assert.equal(await client.request('vCont?'), 'vCont;c;C;s;S');
  assert.equal(strip(await client.request('vCont;s:p1.1;c:p1.-1')), 'T05thread:p1.1;');
  assert.equal(fake.pc, B + 4n);
  assert.equal(strip(await client.request('s')), 'T05thread:p1.1;');
  assert.equal(fake.pc, B + 8n);
});

test('Z0: continue stops at a software breakpoint with T05 swbreak:', async () => {
  const { client, fake } = setup();
  await handshake(client);
  const bp = B + 0x40n;
  assert.equal(await client.request(`Z0,${bp.toString(16)},4`), 'OK');
  assert.equal(strip(await client.request('vCont;c:p1.-1')), 'T05thread:p1.1;swbreak:;');
  assert.equal(fake.pc, bp);
  assert.equal(await client.request(`z0,${bp.toString(16)},4`), 'OK');
  assert.equal(await client.request('Z0,40080000,2'), 'E16');   // A64 breakpoints are 4 bytes
});

test('Z1: hardware breakpoints up to the capability count, then E1c; hwbreak: stop', async () => {
  const { client, fake, logs } = setup();
  await handshake(client);
  fake.limits.breakpoints = 2;
  assert.equal(await client.request(`Z1,${(B + 0x10n).toString(16)},4`), 'OK');
  assert.equal(await client.request(`Z1,${(B + 0x20n).toString(16)},4`), 'OK');
  assert.equal(await client.request(`Z1,${(B + 0x30n).toString(16)},4`), 'E1c');
  assert.ok(logs.some((l) => /hardware breakpoint at 0x400800.*refused.*has 2/.test(l)));
  assert.equal(strip(await client.request('c')), 'T05thread:p1.1;hwbreak:;');
  assert.equal(fake.pc, B + 0x10n);
  assert.equal(await client.request(`z1,${(B + 0x10n).toString(16)},4`), 'OK');
});

test('Z2/Z3/Z4: watch/rwatch/awatch stop before the access with the watchpoint address', async () => {
  for (const [type, key, write] of [[2, 'watch', true], [3, 'rwatch', false], [4, 'awatch', true]] as const) {
    const { client, fake } = setup();
    await handshake(client);
    const v = B + 0x1000n;
    fake.program.set(B + 0x20n, { access: { addr: v, len: 8, write, value: 5n } });
    assert.equal(await client.request(`Z${type},${v.toString(16)},8`), 'OK');
    assert.equal(strip(await client.request('vCont;c:p1.-1')), `T05thread:p1.1;${key}:${v.toString(16)};`);
    assert.equal(fake.pc, B + 0x20n, 'the pc stays on the accessing instruction');
    assert.equal(fake.ram[0x1000], 0, 'the write has not happened yet');
    assert.equal(await client.request(`z${type},${v.toString(16)},8`), 'OK');
    assert.equal(strip(await client.request('vCont;s:p1.1')), 'T05thread:p1.1;');
    assert.equal(fake.ram[0x1000], write ? 5 : 0);
  }
});

test('Z2 of a length one register cannot cover is split at doublewords; the stop names the GDB watchpoint', async () => {
  const { client, fake } = setup();
  await handshake(client);
  const v = B + 0x1004n;                  // 12 bytes: 0x1004..0x100f spans two doublewords
  fake.program.set(B + 0x20n, { access: { addr: B + 0x1008n, len: 4, write: true, value: 1n } });
  assert.equal(await client.request(`Z2,${v.toString(16)},c`), 'OK');
  assert.deepEqual(fake.watches.map((w) => [w.addr - B, w.len]), [[0x1004n, 4], [0x1008n, 8]]);
  assert.equal(strip(await client.request('c')), `T05thread:p1.1;watch:${v.toString(16)};`);
  assert.equal(await client.request(`z2,${v.toString(16)},c`), 'OK');
  assert.equal(fake.watches.length, 0);
});

test('Z2 that needs more registers than are free fails with E1c and leaves nothing inserted', async () => {
  const { client, fake } = setup();
  await handshake(client);
  fake.limits.watchpoints = 2;
  assert.equal(await client.request(`Z2,${(B + 0x1000n).toString(16)},18`), 'E1c');   // 24 bytes = 3 pieces
  assert.equal(fake.watches.length, 0);
  assert.equal(await client.request(`Z2,${(B + 0x1000n).toString(16)},0`), 'E16');
});

test('0x03 while the guest runs: interrupt() and T02', async () => {
  const { client, fake } = setup();
  await handshake(client);
  fake.program.set(B + 0x10n, { jump: B });   // a spin loop
  client.send(rspFrame('vCont;c:p1.-1'));
  await new Promise((r) => setTimeout(r, 20));
  client.send('\x03');
  assert.equal(strip(await client.nextPacket()), 'T02thread:p1.1;');
  assert.ok(fake.pc >= B && fake.pc <= B + 0x10n);
  assert.equal(strip(await client.request('?')), 'T02thread:p1.1;');
});

test('power-off during continue: W00, then the session ends and the server finishes', async () => {
  const { client, fake, server } = setup();
  await handshake(client);
  fake.program.set(B + 0x8n, { powerOff: true });
  assert.equal(await client.request('c'), 'W00');
  assert.deepEqual(await server.finished, { kind: 'poweroff', code: 0 });
});

test('vKill replies OK and kills; k kills and replies W00, as QEMU does (lldb waits for it)', async () => {
  const a = setup();
  assert.equal(await a.client.request('vKill;1'), 'OK');
  assert.deepEqual(await a.server.finished, { kind: 'killed' });
  assert.ok(a.fake.killed);
  const b = setup();
  assert.equal(await b.client.request('k'), 'W00');
  assert.deepEqual(await b.server.finished, { kind: 'killed' });
  assert.ok(b.fake.killed);
});

test('D: all debug state cleared, the guest runs on to power-off, the server finishes', async () => {
  const { client, fake, server } = setup();
  await handshake(client);
  fake.program.set(B + 0x80n, { powerOff: true });
  await client.request(`Z0,${(B + 0x40n).toString(16)},4`);
  await client.request(`Z2,${(B + 0x1000n).toString(16)},8`);
  assert.equal(await client.request('D;1'), 'OK');
  assert.deepEqual(await server.finished, { kind: 'poweroff', code: 0 });
  assert.equal(fake.sw.size + fake.watches.length, 0);
});

test('qRcmd: the target answers the monitor command; its text comes back as O console packets sized to PacketSize, then OK', async () => {
  const fake = new FakeTarget();
  const seen: string[] = [];
  fake.monitorText = (c) => { seen.push(c); return 'x'.repeat(0x500) + '\n'; };
  const server = new GdbServer(fake, { log: () => {}, maxPacket: 0x400 });
  const client = new RspTestClient();
  server.accept(client.server);
  const hex = (s: string) => Buffer.from(s).toString('hex');
  let r = await client.request('qRcmd,' + hex('  exit '));
  let text = '';
  let packets = 0;
  while (r !== 'OK') {
    assert.equal(r[0], 'O');
    assert.ok(r.length <= 0x400, `an O packet of ${r.length} bytes exceeds PacketSize`);
    text += Buffer.from(r.slice(1), 'hex').toString();
    packets++;
    r = await client.nextPacket();
  }
  assert.deepEqual(seen, ['exit']);
  assert.equal(text, 'x'.repeat(0x500) + '\n');
  assert.equal(packets, 3);
  fake.monitorText = undefined;
  assert.equal(await client.request('qRcmd,' + hex('exit')), '', 'no monitor support: unsupported packet');
});

test('threads: every target thread is listed with its extra text; Hg selects whose registers g/p/P see; T knows the live ones', async () => {
  const { client, fake } = setup();
  const t2 = fake.addThread({ x: Array.from({ length: 31 }, (_, i) => BigInt(0x200 + i)), sp: 0x40098000n, pc: B + 0x400n });
  await handshake(client);
  assert.equal(await client.request('qfThreadInfo'), 'mp1.1,p1.2');
  assert.equal(await client.request('qXfer:threads:read::0,fff'),
    'l<?xml version="1.0"?><threads><thread id="p1.1" core="0">vCPU 0, EL1h, running</thread>' +
    '<thread id="p1.2" core="1">vCPU 1, EL1h, powered off</thread></threads>');
  const text = (r: string) => Buffer.from(r, 'hex').toString();
  assert.equal(text(await client.request('qThreadExtraInfo,p1.2')), 'vCPU 1, EL1h, powered off');
  assert.equal(text(await client.request('qThreadExtraInfo,p1.1')), 'vCPU 0, EL1h, running');
  assert.equal(await client.request('qThreadExtraInfo,p1.3'), 'E16');
  assert.equal(await client.request('qThreadExtraInfo,p1.-1'), 'E16');
  assert.equal(await client.request('Tp1.2'), 'OK');
  assert.equal(await client.request('Tp1.3'), 'E16');
  assert.equal(await client.request('Hgp1.3'), 'E16');
  assert.equal(await client.request('Hgp1.2'), 'OK');
  assert.equal(await client.request('qC'), 'QCp1.2');
  assert.equal(await client.request('p0'), '0002000000000000');
  assert.equal(await client.request('P1=0500000000000000'), 'OK');
  assert.equal(fake.cpus[t2 - 1]!.x[1], 5n);
  assert.equal(fake.x[1], 0n, 'thread 1 untouched');
  assert.equal((await client.request('g')).slice(32 * 16, 33 * 16), '0004084000000000');
  // a step names the thread it stepped, which becomes the current thread
  assert.equal(strip(await client.request('vCont;s:p1.2')), 'T05thread:p1.2;');
  assert.equal(fake.cpus[t2 - 1]!.pc, B + 0x404n);
  assert.equal(fake.pc, B, 'thread 1 did not run');
  assert.equal(strip(await client.request('vCont;s:p1.1')), 'T05thread:p1.1;');
  assert.equal(await client.request('qC'), 'QCp1.1');
});

test('threads without multiprocess: bare hex ids (lldb, old gdb); Hg2 then g reads thread 2', async () => {
  const { client, fake } = setup();
  fake.addThread({ pc: B + 0x800n });
  assert.equal(await client.request('qSupported:xmlRegisters=i386'), 'PacketSize=4000;qXfer:features:read+;vContSupported+;QStartNoAckMode+');
  assert.equal(await client.request('qfThreadInfo'), 'm1,2');
  assert.equal(await client.request('Hg2'), 'OK');
  assert.equal((await client.request('g')).slice(32 * 16, 33 * 16), '0008084000000000');
  assert.equal(strip(await client.request('vCont;s:2')), 'T05thread:2;');
});

test("lldb's thread suffix: QThreadSuffixSupported is OK; a register packet's ;thread:ID; picks its thread and leaves Hg (and m) alone", async () => {
  const { client, fake } = setup();
  const t2 = fake.addThread({ x: Array.from({ length: 31 }, (_, i) => BigInt(0x200 + i)), pc: B + 0x800n });
  assert.equal(await client.request('QThreadSuffixSupported'), 'OK');
  assert.equal(await client.request('p20;thread:0002;'), '0008084000000000');
  assert.equal(await client.request('p20;thread:0001;'), '0000084000000000');
  assert.equal(await client.request('P1=0500000000000000;thread:0002;'), 'OK');
  assert.equal(fake.cpus[t2 - 1]!.x[1], 5n);
  assert.equal(fake.x[1], 0n, 'thread 1 untouched');
  assert.equal((await client.request('g;thread:0002;')).slice(0, 16), '0002000000000000');
  assert.equal(await client.request('p0;thread:0003;'), 'E16', 'no such thread');
  assert.equal(await client.request('qC'), 'QC1', 'the general thread is still the first');
  assert.equal(await client.request('p20'), '0000084000000000');
});

test('vCont: each thread takes its leftmost action; stepi (s:p1.1;c:p1.-1) asks to step 1 and lets the others run', async () => {
  const { client, fake } = setup();
  fake.addThread({ pc: B + 0x100n }, { parked: false });
  fake.addThread({ pc: B + 0x200n }, { parked: false });
  await handshake(client);
  assert.equal(strip(await client.request('vCont;s:p1.2;c:p1.-1')), 'T05thread:p1.2;');
  assert.deepEqual(fake.requests.at(-1), { step: 2, run: [1, 3] });
  assert.equal(fake.cpus[1]!.pc, B + 0x104n);
  assert.deepEqual([fake.cpus[0]!.pc, fake.cpus[2]!.pc], [B, B + 0x200n], 'the fake keeps the others stopped during a step');
  // leftmost wins: thread 3 continues although a later action says step
  fake.sw.add(B + 0x10n);
  assert.equal(strip(await client.request('vCont;c:p1.3;s:p1.3;c:p1.1')), 'T05thread:p1.1;swbreak:;');
  assert.deepEqual(fake.requests.at(-1), { run: [1, 3] });
  assert.equal(fake.cpus[1]!.pc, B + 0x104n, 'thread 2 was named by no action: it stayed stopped');
  // scheduler-locking: only the named thread steps, and nothing else may run
  assert.equal(strip(await client.request('vCont;s:p1.3')), 'T05thread:p1.3;');
  assert.deepEqual(fake.requests.at(-1), { step: 3, run: [] });
  // vCont;s without a thread steps the Hc thread; two stepping threads are refused
  assert.equal(await client.request('Hcp1.2'), 'OK');
  assert.equal(strip(await client.request('vCont;s')), 'T05thread:p1.2;');
  assert.deepEqual(fake.requests.at(-1), { step: 2, run: [] });
  assert.equal(await client.request('vCont;s:p1.1;s:p1.2'), 'E16');
  assert.equal(await client.request('vCont;c:p1.9'), 'E16');
});

test('all-stop: a breakpoint hit by another thread stops everything and names that thread; Hg follows it', async () => {
  const { client, fake } = setup();
  fake.program.set(B + 0x10n, { jump: B });            // thread 1 spins at B..B+0x10
  fake.addThread({ pc: B + 0x100n }, { parked: false });
  await handshake(client);
  assert.equal(await client.request(`Z0,${(B + 0x120n).toString(16)},4`), 'OK');
  const r = await client.request('vCont;c:p1.-1');
  assert.equal(strip(r), 'T05thread:p1.2;swbreak:;');
  assert.match(r, /;20:2001084000000000;/, 'the expedited pc is thread 2\'s');
  assert.equal(await client.request('qC'), 'QCp1.2');
  assert.equal(fake.cpus[1]!.pc, B + 0x120n);
  assert.ok(fake.pc >= B && fake.pc <= B + 0x10n, 'thread 1 ran meanwhile and stopped with it');
});

test('system registers: org.qemu.gdb.arm.sys.regs after the fpu from regnum 68 (64-bit, cp_regs); p/P per thread', async () => {
  const { client, fake } = setup();
  const t2 = fake.addThread();
  await handshake(client);
  const xml = await client.request('qXfer:features:read:target.xml:0,3fff');
  assert.match(xml, /<feature name="org.qemu.gdb.arm.sys.regs"><reg name="SCTLR" bitsize="64" type="int" regnum="68" group="cp_regs"\/>/);
  assert.match(xml, /<reg name="CurrentEL" bitsize="64" type="int" regnum="70" group="cp_regs"\/><\/feature><\/target>$/);
  assert.equal(await client.request('p44'), '0008d03000000000');             // SCTLR 0x30d00800
  assert.equal(await client.request('p46'), '0400000000000000');             // CurrentEL = EL1 << 2
  assert.equal(await client.request('P45=0000004100000000'), 'OK');
  assert.equal(fake.cpus[0]!.sys.get('TTBR1_EL1'), 0x41000000n);
  assert.equal(await client.request('P46=0000000000000000'), 'E5f', 'CurrentEL is read-only');
  assert.equal(await client.request(`Hgp1.${t2}`), 'OK');
  assert.equal(await client.request('p45'), '0000000000000000', 'each thread has its own');
  assert.equal(await client.request('p47'), 'E16');
  fake.cpus[1]!.sys.delete('TTBR1_EL1');
  assert.equal(await client.request('p45'), 'xxxxxxxxxxxxxxxx', 'unreadable now: unavailable');
});

test('Qqemu.PhyMemMode:1 makes m/M physical, :0 virtual again; qqemu.PhyMemMode reports it; the target shares the mode', async () => {
  const { client, fake } = setup();
  fake.vaOffset = 0xffff800000000000n - B;             // VA 0xffff800000000000 = PA B
  fake.ram.set([1, 2, 3, 4], 0);
  await handshake(client);
  assert.equal(await client.request('qqemu.Supported'), 'PhyMemMode');
  assert.equal(await client.request('qqemu.PhyMemMode'), '0');
  assert.equal(await client.request('mffff800000000000,4'), '01020304');
  assert.equal(await client.request(`m${B.toString(16)},4`), 'E0e');
  assert.equal(await client.request('Qqemu.PhyMemMode:1'), 'OK');
  assert.equal(fake.physical, true);
  assert.equal(await client.request('qqemu.PhyMemMode'), '1');
  assert.equal(await client.request(`m${B.toString(16)},4`), '01020304');
  assert.equal(await client.request(`M${B.toString(16)},1:ff`), 'OK');
  assert.equal(fake.ram[0], 0xff);
  assert.equal(await client.request('Qqemu.PhyMemMode:2'), 'E16');
  fake.physical = false;                               // as a target's own `monitor phys off` would
  assert.equal(await client.request('qqemu.PhyMemMode'), '0');
  assert.equal(await client.request('mffff800000000000,2'), 'ff02');
});

test('QStartNoAckMode: OK is acked, then neither side acks', async () => {
  const { client } = setup();
  assert.equal(await client.request('QStartNoAckMode'), 'OK');
  client.ackMode = false;
  const before = client.acks.length;
  assert.equal(await client.request('qC'), 'QC1');
  assert.equal(client.acks.length, before, 'no + after no-ack mode');
});

test('NAK (-) from the client makes the stub resend its last packet', async () => {
  const { client } = setup();
  assert.equal(await client.request('qC'), 'QC1');
  client.send('-');
  assert.equal(await client.nextPacket(), 'QC1');
});

test('bad checksum: NAK and a log line; malformed: E16 and a log line; unknown: empty reply', async () => {
  const { client, logs } = setup();
  client.send('$g#00');
  await client.pipe.waitFor('-');
  assert.ok(logs.some((l) => /bad checksum/.test(l)));
  assert.equal(await client.request('mzz,4'), 'E16');
  assert.ok(logs.some((l) => /malformed 'm' packet/.test(l)));
  assert.equal(await client.request('qTStatus'), '');
  assert.equal(await client.request('g').then((g) => g.length), 536);
});

test('oversized packet: rejected with E16 and a log line, the stream resynchronises', async () => {
  const { client, logs } = setup();
  assert.equal(await client.request('M40080000,2000:' + '00'.repeat(0x2000)), 'E16');
  assert.ok(logs.some((l) => /larger than PacketSize/.test(l)));
  assert.equal(await client.request('qC'), 'QC1');
});

test('a second client while one is attached waits; if the first stays, it is refused after the wait with a log line', async () => {
  const fake = new FakeTarget();
  const logs: string[] = [];
  const server = new GdbServer(fake, { log: (l) => logs.push(l), takeoverWaitMs: 50 });
  const client = new RspTestClient();
  server.accept(client.server);
  const second = new RspTestClient();
  server.accept(second.server);
  second.send(rspFrame('?'));
  assert.equal(await client.request('qC'), 'QC1', 'the first is served meanwhile');
  assert.equal(second.pipe.closed, false, 'waiting, not refused at once');
  await new Promise((r) => setTimeout(r, 80));
  assert.ok(second.pipe.closed);
  assert.equal(second.pipe.received(), '', 'the waiting client got no reply');
  assert.ok(logs.some((l) => /refusing pipe: a debugger \(pipe\) is already attached and stayed for 50 ms/.test(l)), logs.join('\n'));
  assert.equal(await client.request('qC'), 'QC1');
});

test('clients that connect before the close of the previous one is seen are each served in turn, in order', async () => {
  const { server, client, logs } = setup();
  const next = Array.from({ length: 5 }, () => new RspTestClient());
  for (const c of next) {
    server.accept(c.server);
    c.send(rspFrame('qC'));
  }
  assert.equal(strip(await client.request('?')), 'T05thread:1;');
  client.pipe.close();
  for (const c of next) {
    assert.equal(await c.nextPacket(), 'QC1');
    c.pipe.close();
  }
  assert.equal(logs.filter((l) => /debugger attached from/.test(l)).length, 6);
  assert.ok(!logs.some((l) => /refusing/.test(l)), logs.join('\n'));
});

test('a client waiting when the guest ends is told so and closed', async () => {
  const { server, client, fake, logs } = setup();
  const second = new RspTestClient();
  server.accept(second.server);
  fake.program.set(B, { powerOff: true });
  assert.equal(await client.request('c'), 'W00');
  await server.finished;
  assert.ok(second.pipe.closed);
  assert.equal(second.pipe.received(), '');
  assert.ok(!logs.some((l) => /already attached/.test(l)));
});

test('a client that disconnects while the guest runs: breakpoints go, the guest keeps running; the next client stops it (T02)', async () => {
  const { server, fake, client, logs } = setup();
  await handshake(client);
  fake.program.set(B + 0x10n, { jump: B });
  await client.request(`Z0,${(B + 0x100n).toString(16)},4`);
  client.send(rspFrame('c'));
  await new Promise((r) => setTimeout(r, 10));
  client.pipe.close();
  await new Promise((r) => setTimeout(r, 10));
  assert.equal(server.runState, 'running');
  assert.equal(fake.sw.size, 0);
  assert.ok(logs.some((l) => /disconnected without detaching.*keeps running/.test(l)));
  const next = new RspTestClient();
  server.accept(next.server);
  assert.equal(strip(await next.request('?')), 'T02thread:1;');
  assert.equal(server.runState, 'halted');
});

test('without -S the guest runs at once; a client attaching stops it', async () => {
  const fake = new FakeTarget();
  fake.program.set(B + 0x10n, { jump: B });
  const server = new GdbServer(fake, { log: () => {} });
  server.runFree();
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(server.runState, 'running');
  const c = new RspTestClient();
  server.accept(c.server);
  assert.equal(strip(await c.request('?')), 'T02thread:1;');
});

test('T stop replies expedite x0-x30, sp, pc and cpsr (no g round trip needed); W has none', async () => {
  const { client, fake } = setup();
  await handshake(client);
  fake.x[30] = 0x1122334455667788n;
  const r = await client.request('vCont;s:p1.1');
  assert.match(r, /^T05thread:p1\.1;0:0000000000000000;/);
  assert.match(r, /;1e:8877665544332211;/);
  assert.match(r, /;20:0400084000000000;/);                  // pc = 0x40080004 after one step
  assert.match(r, /;21:c5030000;$/);
  assert.equal(strip(r), 'T05thread:p1.1;');
  fake.program.set(B + 0x4n, { powerOff: true });
  assert.equal(await client.request('c'), 'W00');
});

test('qXfer:threads:read: the one thread in one packet', async () => {
  const { client } = setup();
  await handshake(client);
  assert.equal(await client.request('qXfer:threads:read::0,fff'), 'l<?xml version="1.0"?><threads><thread id="p1.1" core="0">vCPU 0, EL1h, running</thread></threads>');
  assert.equal(await client.request('qXfer:threads:read:x:0,fff'), 'E16');
});
