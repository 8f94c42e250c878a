import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { GdbServer } from '../core/server.ts';
import { FAKE_RAM_BASE, FakeTarget } from '../testing/fake-target.ts';
import { rspFrame } from '../testing/rsp-client.ts';
import { socketConnection, WRITE_BOUND } from './tcp.ts';

test('a TCP client that sends 1,500 memory reads (24 MB of replies) and never reads a reply: the stub holds at most WRITE_BOUND plus one reply, then answers them all', async () => {
  const fake = new FakeTarget();
  const gdb = new GdbServer(fake, { log: () => {} });
  let stubSide: Socket | undefined;
  const listener = createServer((sock) => {
    stubSide = sock;
    gdb.accept(socketConnection(sock));
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  const port = (listener.address() as { port: number }).port;
  const client = connect(port, '127.0.0.1');
  client.pause();                                            // a client that never reads
  await new Promise((r) => client.on('connect', r));
  const requests = 1500;
  let burst = '';
  for (let i = 0; i < requests; i++) burst += rspFrame(`m${(FAKE_RAM_BASE + BigInt(i % 64) * 0x100n).toString(16)},1f00`);
  client.write(burst);

  // sample what waits in the stub's socket until it stops growing
  let peak = 0;
  let still = 0;
  for (let last = -1; still < 30; ) {
    await new Promise((r) => setTimeout(r, 10));
    const now = stubSide?.writableLength ?? 0;
    peak = Math.max(peak, now);
    still = now === last ? still + 1 : 0;
    last = now;
  }
  const reply = 0x1f00 * 2 + 5;
  assert.ok(peak > WRITE_BOUND, `the stub wrote past the kernel's buffers up to its bound (peak ${peak})`);
  assert.ok(peak <= WRITE_BOUND + reply + 1, `${peak} bytes waited in the stub: more than WRITE_BOUND (${WRITE_BOUND}) plus one reply`);

  // now read: every request gets its reply
  let replies = 0;
  let text = '';
  await new Promise<void>((resolve) => {
    client.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      let i;
      while ((i = text.indexOf('#')) >= 0 && i + 3 <= text.length) {
        replies++;
        text = text.slice(i + 3);
      }
      if (replies === requests) resolve();
    });
    client.resume();
  });
  assert.equal(replies, requests);
  client.destroy();
  gdb.finish({ kind: 'killed' });
  await new Promise((r) => listener.close(r));
});
