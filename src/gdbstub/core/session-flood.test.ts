/**
 * A client that floods the stub: requests whose replies it never reads, bursts of NAKs, megabytes of
 * junk. The stub's memory and its log stay bounded, and the session still answers afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GdbServer } from './server.ts';
import { FAKE_RAM_BASE, FakeTarget } from '../testing/fake-target.ts';
import { RspTestClient, rspFrame } from '../testing/rsp-client.ts';
import { createPipe } from '../transport/pipe.ts';

const B = FAKE_RAM_BASE;
const tick = () => new Promise((r) => setImmediate(r));

test('a client that does not read its replies: decoding pauses while more than the bound waits; all are answered in order once it reads', async () => {
  const fake = new FakeTarget();
  for (let i = 0; i < fake.ram.length; i++) fake.ram[i] = (i * 7 + 3) & 0xff;
  const server = new GdbServer(fake, { log: () => {} });
  const bound = 64 * 1024;
  const { client, server: conn } = createPipe({ writeBound: bound });
  server.accept(conn);
  const requests = 1000;
  // reads of nearly 8 KiB (all a 16 KiB packet holds) at varying offsets
  const len = 0x1f00;
  const addr = (i: number) => B + BigInt((i * 0x40) % 0x8000);
  let burst = '';
  for (let i = 0; i < requests; i++) burst += rspFrame(`m${addr(i).toString(16)},${len.toString(16)}`);
  client.send(burst);
  for (let i = 0; i < 50; i++) await tick();
  const unread = client.received().length;
  assert.ok(unread > bound, `the stub wrote up to the bound (${unread})`);
  assert.ok(unread <= bound + 2 * (0x4000 + 8), `${unread} bytes wait unread: more than the bound plus one reply`);

  const hex = (a: bigint) => Buffer.from(fake.ram.subarray(Number(a - B), Number(a - B) + len)).toString('hex');
  let text = '';
  let got = 0;
  for (let spins = 0; got < requests && spins < 100_000; spins++) {
    text += client.take();
    for (;;) {
      const start = text.indexOf('$');
      const end = start < 0 ? -1 : text.indexOf('#', start);
      if (end < 0 || end + 3 > text.length) break;
      const body = text.slice(start + 1, end);
      assert.ok(body === hex(addr(got)), `reply ${got} is not the memory at 0x${addr(got).toString(16)}: ${body.slice(0, 80)}…`);
      got++;
      text = text.slice(end + 3);
    }
    await tick();
  }
  assert.equal(got, requests, 'every request answered');
});

test('a burst of 10,000 NAKs gets the last reply once; a later NAK gets it again', async () => {
  const fake = new FakeTarget();
  const server = new GdbServer(fake, { log: () => {} });
  const client = new RspTestClient();
  server.accept(client.server);
  assert.equal(await client.request('qC'), 'QC1');
  const mark = client.pipe.received().length;
  client.send('-'.repeat(10_000));
  for (let i = 0; i < 20; i++) await tick();
  assert.equal(client.pipe.received().slice(mark), rspFrame('QC1'));
  client.send('-');
  for (let i = 0; i < 5; i++) await tick();
  assert.equal(client.pipe.received().slice(mark), rspFrame('QC1').repeat(2));
  assert.equal(await client.request('qC'), 'QC1');
});

test('1 MiB of junk bytes: a few dozen log lines (the rest counted in one line), and the session still answers', async () => {
  const fake = new FakeTarget();
  const logs: string[] = [];
  // the limiter's clock stands still: the megabyte takes no time, however long this machine takes over it
  const server = new GdbServer(fake, { log: (l) => logs.push(l), now: () => 0 });
  const client = new RspTestClient();
  server.accept(client.server);
  let x = 0x12345678;
  const junk = new Uint8Array(1 << 20);
  for (let i = 0; i < junk.length; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;            // xorshift32, seeded: the same junk every run
    junk[i] = x & 0xff;
  }
  for (let off = 0; off < junk.length; off += 64 * 1024) client.send(junk.subarray(off, off + 64 * 1024));
  for (let i = 0; i < 50; i++) await tick();
  const before = logs.length;
  assert.ok(before <= 40, `${before} log lines for 1 MiB of junk:\n${logs.slice(0, 50).join('\n')}`);
  client.pipe.take();
  client.send('###' + rspFrame('qC'));                    // '###' ends whatever packet the junk left open
  await client.pipe.waitFor(rspFrame('QC1'));
  client.pipe.close();
  await tick();
  const summary = logs.slice(before).find((l) => /^gdbstub: \(\d+ more diagnostic lines about this debugger's input left out\)$/.test(l));
  assert.ok(summary, `the left-out lines are counted when the session ends:\n${logs.slice(before).join('\n')}`);
  assert.ok(Number(/\((\d+)/.exec(summary)![1]) > 1000, summary);
});
