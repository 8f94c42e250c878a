import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, createServer, type Socket } from 'node:net';
import { GdbServer } from '../core/server.ts';
import { FAKE_RAM_BASE, FakeTarget } from '../testing/fake-target.ts';
import { rspFrame } from '../testing/rsp-client.ts';
import { socketConnection, WRITE_BOUND } from './tcp.ts';

test('a TCP client that sends 1,500 memory reads (24 MB of replies) and never reads a reply: the stub holds at most WRITE_BOUND plus one reply, then answers them all', async (t) => {
  const fake = new FakeTarget();
  const gdb = new GdbServer(fake, { log: () => {} });
  let stubSide: Socket | undefined;
  // the most that waited in the stub's socket, read after each of its writes: sampling it on a timer
  // could miss the moment, as the kernel takes more bytes once the client's receive window grows
  let peak = 0;
  const listener = createServer((sock) => {
    stubSide = sock;
    const write = sock.write.bind(sock) as (data: string, encoding: BufferEncoding) => boolean;
    sock.write = ((data: string, encoding: BufferEncoding) => {
      const r = write(data, encoding);
      peak = Math.max(peak, sock.writableLength);
      return r;
    }) as typeof sock.write;
    gdb.accept(socketConnection(sock));
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  const port = (listener.address() as { port: number }).port;
  const client = connect(port, '127.0.0.1');
  client.pause();                                            // a client that never reads
  // a failed assertion must not leave the sockets and the listener keeping the test file running
  let finished = false;
  t.after(async () => {
    client.destroy();
    stubSide?.destroy();
    if (!finished) gdb.finish({ kind: 'killed' });
    await new Promise((r) => listener.close(r));
  });
  await new Promise((r) => client.on('connect', r));
  const requests = 1500;
  let burst = '';
  for (let i = 0; i < requests; i++) burst += rspFrame(`m${(FAKE_RAM_BASE + BigInt(i % 64) * 0x100n).toString(16)},1f00`);
  client.write(burst);

  // wait until the stub stops writing (what waits in its socket stays the same for 300 ms)
  let still = 0;
  for (let last = -1; still < 30; ) {
    await new Promise((r) => setTimeout(r, 10));
    const now = stubSide?.writableLength ?? 0;
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
  finished = true;
  gdb.finish({ kind: 'killed' });
});

/** A connected pair: the stub's side wrapped by socketConnection with `opts`, and the client's socket. */
async function pair(opts: Parameters<typeof socketConnection>[1]) {
  let accepted!: (s: Socket) => void;
  const got = new Promise<Socket>((r) => { accepted = r; });
  const listener = createServer(accepted);
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', () => r()));
  const client = connect((listener.address() as { port: number }).port, '127.0.0.1');
  const conn = socketConnection(await got, opts);
  const done = async (): Promise<void> => {
    client.destroy();
    conn.close();
    await new Promise((r) => listener.close(r));
  };
  return { conn, client, done };
}

const turns = async (n: number): Promise<void> => { for (let i = 0; i < n; i++) await new Promise((r) => setImmediate(r)); };

test('after a write the connection lingers (polls without sleeping) for lingerMs on its clock, then stops; a write while lingering starts the time again', async () => {
  let t = 0;
  let reads = 0;
  const { conn, done } = await pair({ lingerMs: 1, now: () => { reads++; return t; } });
  assert.equal(conn.lingering, false, 'nothing written yet');
  conn.write('$OK#9a');
  assert.equal(conn.lingering, true);
  await turns(20);
  assert.equal(conn.lingering, true, 'the clock has not moved: still lingering');
  t = 0.6;
  conn.write('$OK#9a');
  t = 1.2;                                                  // 1 ms after the first write, 0.6 after the second
  await turns(5);
  assert.equal(conn.lingering, true, 'the second write moved the end to 1.6');
  t = 1.6;
  await turns(3);
  assert.equal(conn.lingering, false, 'lingering ends at the end of the time');
  const before = reads;
  await turns(10);
  assert.equal(reads, before, 'once ended, the connection no longer turns the event loop');
  await done();
});

test('lingerMs 0 never lingers; a destroyed socket ends the linger at the next turn', async () => {
  const a = await pair({ lingerMs: 0 });
  a.conn.write('$OK#9a');
  assert.equal(a.conn.lingering, false);
  await a.done();
  const b = await pair({ lingerMs: 60_000 });
  b.conn.write('$OK#9a');
  assert.equal(b.conn.lingering, true);
  await b.done();
  await turns(3);
  assert.equal(b.conn.lingering, false, 'a closed connection does not keep the process busy for its minute');
});
