/**
 * Fuzzing the stub with fast-check (fixed seed, bounded runs): random bytes and mutated valid packets
 * through the in-memory pipe against the fake target. Properties: nothing throws, every input is
 * answered or logged, and afterwards the session still answers a well-formed packet (or has ended
 * cleanly because the input contained D / k / vKill).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { GdbServer } from './server.ts';
import { FAKE_RAM_BASE, FakeTarget } from '../testing/fake-target.ts';
import { createPipe } from '../transport/pipe.ts';
import { rspFrame } from '../testing/rsp-client.ts';
import { parsePacket } from '../protocol/parse.ts';
import { FrameDecoder } from '../protocol/framing.ts';

const SEED = 0x6db;
const B = FAKE_RAM_BASE;

/** Valid packets gdb-multiarch 13.1 and lldb send, addresses inside the fake's RAM. */
const CORPUS = [
  'qSupported:multiprocess+;swbreak+;hwbreak+;qRelocInsn+;vContSupported+;xmlRegisters=i386',
  'vMustReplyEmpty', 'Hgp0.0', 'Hc-1', 'qXfer:features:read:target.xml:0,ffb', 'qTStatus', '?', 'qfThreadInfo',
  'qsThreadInfo', 'qAttached:1', 'qOffsets', 'g', 'p20', 'p42', 'P0=0700000000000000', 'm40080000,40',
  'M40081000,4:01020304', 'X40081000,2:}]a', 'Z0,40080010,4', 'z0,40080010,4', 'Z1,40080020,4', 'z1,40080020,4',
  'Z2,40081000,8', 'z2,40081000,8', 'Z3,40081004,c', 'Z4,40081000,1', 'vCont?', 'vCont;s:p1.1;c:p1.-1',
  'vCont;c:p1.-1', 's', 'c', 'qRcmd,65786974', 'qRcmd,657372203078643230303030363200', 'qC', 'Tp1.1', 'QStartNoAckMode',
  'qThreadExtraInfo,p1.1', 'Qqemu.PhyMemMode:1', 'qqemu.PhyMemMode', 'Qqemu.PhyMemMode:0', 'p44', 'P45=0100000000000000',
  'vCont;s:p1.2;c:p1.-1', 'Hgp1.2', 'qHostInfo', 'qProcessInfo', 'qRegisterInfo0', 'x40080000,10', 'D;1', 'vKill;1', 'k', 'qSymbol::',
];

const bytes = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

const mutated = fc.tuple(fc.constantFrom(...CORPUS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 3 })), { maxLength: 4 }), fc.boolean())
  .map(([p, muts, goodSum]) => {
    let s = p;
    for (const [pos, b, op] of muts) {
      const i = s.length === 0 ? 0 : pos % s.length;
      const ch = String.fromCharCode(b);
      if (op === 0) s = s.slice(0, i) + ch + s.slice(i + 1);          // replace
      else if (op === 1) s = s.slice(0, i) + ch + s.slice(i);         // insert
      else if (op === 2) s = s.slice(0, i) + s.slice(i + 1);          // delete
      else s = s.slice(0, i);                                          // truncate
    }
    // a frame with '$'/'#' inside a mutated body is part of the point
    return goodSum ? rspFrame(s) : `$${s}#${(Math.random() * 0).toString(16)}7`;
  });
const rawBytes = fc.uint8Array({ maxLength: 64 }).map((u) => String.fromCharCode(...u));
const input = fc.array(fc.oneof({ weight: 4, arbitrary: mutated }, { weight: 1, arbitrary: rawBytes },
  { weight: 1, arbitrary: fc.constantFrom('+', '-', '\x03', '$', '#') }), { maxLength: 24 });

test('fuzz: parsePacket never throws on arbitrary bytes', () => {
  fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (u) => { parsePacket(u); }), { seed: SEED, numRuns: 5000 });
  fc.assert(fc.property(mutated, (s) => { parsePacket(bytes(s.slice(1, s.lastIndexOf('#')))); }), { seed: SEED, numRuns: 5000 });
});

test('fuzz: the frame decoder never throws and never holds more than PacketSize bytes', () => {
  fc.assert(fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 8 }), (chunks) => {
    const d = new FrameDecoder(64);
    for (const c of chunks) d.push(c, (e) => { if (e.kind === 'packet') assert.ok(e.body.length <= 64); });
  }), { seed: SEED, numRuns: 3000 });
});

test('fuzz: random and mutated packets through a session: no crash, and it still answers afterwards', async () => {
  let ended = 0;
  let answered = 0;
  await fc.assert(fc.asyncProperty(input, async (chunks) => {
    const fake = new FakeTarget();
    fake.program.set(B + 0x100n, { jump: B });          // the guest spins: only an interrupt stops a continue
    fake.chunk = 16;
    const logs: string[] = [];
    const server = new GdbServer(fake, { log: (l) => logs.push(l), maxPacket: 0x400 });
    const { client, server: conn } = createPipe();
    server.accept(conn);
    try {
      await exercise(chunks, client, server, logs);
    } finally {
      fake.kill();                                      // a guest left running (after D) must not outlive the run
    }
  }), { seed: SEED, numRuns: Number(process.env.FUZZ_RUNS ?? 250) });
  assert.ok(answered > 100, `most runs should end in a live session (answered ${answered}, ended ${ended})`);

  async function exercise(chunks: string[], client: ReturnType<typeof createPipe>['client'], server: GdbServer, logs: string[]) {
    for (const c of chunks) client.send(c);
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    if (client.closed || server.isFinished) { ended++; return; }
    // stop whatever runs, then ask: the stub must still reply to qC
    const mark = client.received().length;
    client.send('$qC#b4');
    for (let i = 0; i < 200; i++) {
      client.send('\x03');
      await new Promise((r) => setTimeout(r, 1));
      if (/\$QC(p1\.)?1#/.test(client.received().slice(mark))) { answered++; return; }
      if (client.closed || server.isFinished) { ended++; return; }
    }
    assert.fail(`no reply to qC after ${JSON.stringify(chunks)}; stub wrote ${JSON.stringify(client.received().slice(-200))}; log tail ${logs.slice(-5).join(' | ')}`);
  }
});
