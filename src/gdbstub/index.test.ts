import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, Socket } from 'node:net';
import { serveGdb } from './index.ts';
import { FakeTarget, FAKE_RAM_BASE } from './testing/fake-target.ts';
import { rspFrame } from './testing/rsp-client.ts';

function client(port: number): Promise<{ sock: Socket; next: () => Promise<string> }> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let buf = '';
    const waiting: ((s: string) => void)[] = [];
    const pump = () => {
      buf = buf.replace(/^[+-]+/, '');
      const m = /^\$([^#]*)#[0-9a-f]{2}/.exec(buf);
      if (m && waiting.length) {
        buf = buf.slice(m[0].length);
        sock.write('+');
        waiting.shift()!(m[1]!);
      }
    };
    sock.on('data', (d) => { buf += d.toString('latin1'); pump(); });
    sock.on('error', reject);
    sock.on('connect', () => resolve({ sock, next: () => new Promise((r) => { waiting.push(r); pump(); }) }));
  });
}

test('serveGdb over TCP: TCP_NODELAY on the socket, one client at a time (a second waits, then is refused), W00 and finished on power-off', async () => {
  const fake = new FakeTarget();
  fake.program.set(FAKE_RAM_BASE + 8n, { powerOff: true });
  const calls: boolean[] = [];
  const orig = Socket.prototype.setNoDelay;
  Socket.prototype.setNoDelay = function (this: Socket, v?: boolean) { calls.push(v ?? true); return orig.call(this, v); };
  const logs: string[] = [];
  try {
    const h = await serveGdb(fake, { port: 0, waitForAttach: true, log: (l) => logs.push(l), takeoverWaitMs: 100 });
    assert.equal(h.host, '127.0.0.1');
    assert.ok(h.port > 0);
    const a = await client(h.port);
    const reply = a.next();
    a.sock.write(rspFrame('qSupported:multiprocess+'));
    assert.match(await reply, /^PacketSize=4000;/);
    assert.ok(calls.includes(true), 'setNoDelay(true) on the accepted socket');
    const b = await client(h.port);
    await new Promise((r) => b.sock.on('close', r));
    assert.ok(logs.some((l) => /refusing 127\.0\.0\.1:\d+: a debugger .* is already attached/.test(l)));
    const stop = a.next();
    a.sock.write(rspFrame('c'));
    assert.equal(await stop, 'W00');
    assert.deepEqual(await h.finished, { kind: 'poweroff', code: 0 });
    a.sock.destroy();
  } finally {
    Socket.prototype.setNoDelay = orig;
  }
});

test('serveGdb over TCP: a client that drops while the guest runs; the guest keeps running; the next client stops it', async () => {
  const fake = new FakeTarget();
  fake.program.set(FAKE_RAM_BASE + 0x10n, { jump: FAKE_RAM_BASE });   // spin
  const logs: string[] = [];
  const h = await serveGdb(fake, { port: 0, waitForAttach: true, log: (l) => logs.push(l) });
  const a = await client(h.port);
  const bp = a.next();
  a.sock.write(rspFrame(`Z0,${(FAKE_RAM_BASE + 0x100n).toString(16)},4`));
  assert.equal(await bp, 'OK');
  a.sock.write(rspFrame('vCont;c:p1.-1'));
  await new Promise((r) => setTimeout(r, 30));
  a.sock.destroy();
  await new Promise((r) => setTimeout(r, 30));
  assert.ok(logs.some((l) => /disconnected without detaching.*keeps running/.test(l)), logs.join('\n'));
  assert.equal(fake.sw.size, 0, 'its breakpoints are gone');
  const resumesBefore = fake.resumes;
  const b = await client(h.port);
  const q = b.next();
  b.sock.write(rspFrame('?'));
  assert.match(await q, /^T02thread:1;/);
  assert.equal(fake.resumes, resumesBefore, 'the same continue was interrupted, not a new one');
  const k = b.next();
  b.sock.write(rspFrame('vKill;1'));
  assert.equal(await k, 'OK');
  assert.deepEqual(await h.finished, { kind: 'killed' });
  b.sock.destroy();
});

/** Connects, sends `?`, and resolves with what came back before the stub closed or `readMs` passed. */
function askAndClose(port: number, waitForReply: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1');
    let got = '';
    sock.on('error', reject);
    sock.on('data', (d) => {
      got += d.toString('latin1');
      if (waitForReply && /\$[^#]*#[0-9a-f]{2}/.test(got)) sock.end();
    });
    sock.on('close', () => resolve(got));
    sock.on('connect', () => {
      sock.write(rspFrame('?'));
      if (!waitForReply) sock.end();
    });
  });
}

test('serveGdb over TCP: 20 quick reconnects (connect, ?, close) are all served, none refused as already attached', async () => {
  const fake = new FakeTarget();
  const logs: string[] = [];
  const h = await serveGdb(fake, { port: 0, waitForAttach: true, log: (l) => logs.push(l) });
  for (let i = 0; i < 20; i++) {
    const got = await askAndClose(h.port, true);
    assert.match(got, /^\+\$T05thread:/, `connection ${i}: ${JSON.stringify(got)}; log: ${logs.slice(-3).join(' | ')}`);
  }
  // and without waiting for the reply: 20 connections that may all arrive before any close is read
  await Promise.all(Array.from({ length: 20 }, () => askAndClose(h.port, false)));
  for (let i = 0; i < 100 && logs.filter((l) => /attached from/.test(l)).length < 40; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(logs.filter((l) => /debugger attached from/.test(l)).length, 40, logs.join('\n'));
  assert.ok(!logs.some((l) => /refusing/.test(l)), logs.join('\n'));
  await h.close();
});
