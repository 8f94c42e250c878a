/**
 * The GDB stub of the kvmdbg binary against clients a debugger would never be, over loopback TCP: quick
 * reconnects, a client that never reads its replies, a burst of NAKs, a megabyte of junk. Each is
 * served or shrugged off with bounded memory and a bounded log, and the stub answers afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { KVMDBG } from './robustness/cli-process.ts';

const HELLO = fileURLToPath(new URL('../../guests/bin/hello-gcc-O2.elf', import.meta.url));

function frame(body: string): string {
  let sum = 0;
  for (const c of body) sum = (sum + c.charCodeAt(0)) & 0xff;
  return `$${body}#${sum.toString(16).padStart(2, '0')}`;
}

interface Stub { child: ChildProcess; port: number; err: () => string; done: Promise<number | null> }

/** `kvmdbg run hello --gdb 127.0.0.1:0 -S [extra]`, once it listens. */
async function startStub(extra: string[] = []): Promise<Stub> {
  const child = spawn(process.execPath, [KVMDBG, 'run', HELLO, '--gdb', '127.0.0.1:0', '-S', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stdout!.resume();
  const done = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
  const port = await new Promise<number>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(err);
      if (m) resolve(Number(m[1]));
    });
    setTimeout(() => reject(new Error(`kvmdbg did not listen: ${err}`)), 30_000).unref();
  });
  return { child, port, err: () => err, done };
}

async function stopStub(s: Stub): Promise<void> {
  s.child.kill('SIGINT');
  const watchdog = setTimeout(() => s.child.kill('SIGKILL'), 10_000);
  await s.done;
  clearTimeout(watchdog);
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1', () => resolve(sock));
    sock.on('error', reject);
  });
}

/** Reads until `done(text)` holds or the socket closes; resolves with the text. */
function readUntil(sock: Socket, done: (text: string) => boolean): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const finish = (): void => { sock.off('data', onData); resolve(text); };
    const onData = (d: Buffer): void => {
      text += d.toString('latin1');
      if (done(text)) finish();
    };
    sock.on('data', onData);
    sock.once('close', finish);
  });
}

const rssKb = (pid: number, field: 'VmRSS' | 'VmHWM'): number =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);

test('kvmdbg run --gdb -S: 20 quick reconnects (connect, $?#3f, close) are all answered; none refused as already attached', async () => {
  const stub = await startStub();
  try {
    for (let i = 0; i < 20; i++) {
      const sock = await open(stub.port);
      const reply = readUntil(sock, (t) => /\$[^#]*#[0-9a-f]{2}/.test(t));
      sock.write('$?#3f');
      const got = await reply;
      sock.destroy();
      assert.match(got, /^\+\$T05/, `connection ${i} got ${JSON.stringify(got)}; stderr tail: ${stub.err().slice(-300)}`);
    }
    assert.doesNotMatch(stub.err(), /already attached/);
  } finally {
    await stopStub(stub);
  }
});

test('kvmdbg run --gdb: a step, 200 pc reads, a reverse step and 100 more in one write: every packet answered, in order', async () => {
  // Before the fix, the packets after the 64th that arrived while the guest ran were dropped, and their
  // replies were owed for ever.
  const entry = Buffer.from(readFileSync(HELLO)).readBigUInt64LE(24);   // e_entry of the ELF64 header
  const le = (v: bigint): string => { const b = Buffer.alloc(8); b.writeBigUInt64LE(v); return b.toString('hex'); };
  const stub = await startStub();
  try {
    const sock = await open(stub.port);
    const data = frame('s') + frame('p20').repeat(200) + frame('bs') + frame('p20').repeat(100) + frame('qC');
    const want = 1 + 200 + 1 + 100 + 1;
    const text = readUntil(sock, (t) => (t.match(/\$[^#$]*#[0-9a-f]{2}/g) ?? []).length >= want);
    sock.write(data);
    // replies that never come end the wait (and fail below) instead of hanging the test
    const guard = setTimeout(() => sock.destroy(), 60_000);
    const got = ((await text).match(/\$[^#$]*#[0-9a-f]{2}/g) ?? []).map((f) => f.slice(1, -3));
    clearTimeout(guard);
    sock.destroy();
    assert.equal(got.length, want, `${got.length} of ${want} replies; stderr tail: ${stub.err().slice(-300)}`);
    const stepped = /^T05.*;20:([0-9a-f]{16});/.exec(got[0]!);
    assert.ok(stepped, `the step's stop reply with the pc: ${got[0]}`);
    assert.notEqual(stepped[1], le(entry), 'the step moved the pc');
    assert.deepEqual(got.slice(1, 201), Array(200).fill(stepped[1]), 'every read after the step: the stepped pc');
    assert.match(got[201]!, new RegExp(`^T05.*;20:${le(entry)};`), 'the reverse step goes back to the entry point');
    assert.deepEqual(got.slice(202, 302), Array(100).fill(le(entry)), 'every read after it: the entry point');
    assert.equal(got[302], 'QC1');
  } finally {
    await stopStub(stub);
  }
});

test('kvmdbg run --gdb -S with history on: guest RAM the guest has not touched is not resident (512M of RAM costs what 64M does)', async () => {
  // Recording starts with a copy of the loaded pages; reading every page to find them committed all of
  // guest RAM (fresh anonymous memory takes no room until touched).
  const peak = async (memory: string): Promise<number> => {
    const stub = await startStub(['--memory', memory]);
    try {
      const sock = await open(stub.port);
      const reply = readUntil(sock, (t) => /\$[^#]*#[0-9a-f]{2}/.test(t));
      sock.write(frame('?'));
      assert.match(await reply, /\$T05/);
      sock.destroy();
      return rssKb(stub.child.pid!, 'VmHWM') / 1024;
    } finally {
      await stopStub(stub);
    }
  };
  const small = await peak('64M');
  const large = await peak('512M');
  assert.ok(large - small < 32, `peak RSS ${large.toFixed(0)} MiB with 512M of guest RAM, ${small.toFixed(0)} MiB with 64M`);
});

test('kvmdbg run --gdb: 4,000 unread 8 KiB memory reads keep the stub\'s memory bounded; all are answered once the client reads', async () => {
  const stub = await startStub();
  try {
    const sock = await open(stub.port);
    const hello = readUntil(sock, (t) => t.includes('#'));
    sock.write(frame('?'));
    await hello;
    const pid = stub.child.pid!;
    const before = rssKb(pid, 'VmRSS');
    sock.pause();
    const requests = 4000;
    let burst = '';
    for (let i = 0; i < requests; i++) burst += frame(`m${(0x40080000 + (i % 64) * 0x100).toString(16)},1f00`);
    sock.write(burst);
    await new Promise((r) => setTimeout(r, 3000));   // the stub works until it stops reading
    const peak = rssKb(pid, 'VmHWM');
    const growth = (peak - before) / 1024;
    assert.ok(growth < 40, `RSS grew by ${growth.toFixed(1)} MB (from ${(before / 1024).toFixed(1)} MB) for a client that does not read`);
    // count the replies as they come (each ends with '#'; hex bodies hold none)
    let replies = 0;
    await new Promise<void>((resolve) => {
      const onData = (d: Buffer): void => {
        for (const b of d) if (b === 0x23) replies++;
        if (replies >= requests) { sock.off('data', onData); resolve(); }
      };
      sock.on('data', onData);
      sock.once('close', () => resolve());
      sock.resume();
    });
    assert.equal(replies, requests);
    sock.destroy();
  } finally {
    await stopStub(stub);
  }
});

test('kvmdbg run --gdb: 10,000 NAKs in a burst bring back the last reply once, not 10,000 times', async () => {
  const stub = await startStub();
  try {
    const sock = await open(stub.port);
    const answered = readUntil(sock, (t) => /\$[^#]*#[0-9a-f]{2}/.test(t));
    sock.write('$?#3f');
    const last = /\$[^#]*#[0-9a-f]{2}/.exec(await answered)![0];
    const back = readUntil(sock, () => false);
    sock.write('-'.repeat(10_000));
    await new Promise((r) => setTimeout(r, 1500));
    sock.end();
    const text = await back;
    assert.ok(text.length <= 3 * last.length, `${text.length} bytes came back for 10,000 NAKs (the reply is ${last.length})`);
    assert.ok(text.startsWith(last), 'the last reply, sent again');
  } finally {
    await stopStub(stub);
  }
});

test('kvmdbg run --gdb: 1 MiB of junk bytes costs a few dozen stderr lines, and the stub still answers', async () => {
  const stub = await startStub();
  try {
    const sock = await open(stub.port);
    let x = 0x2545f491;
    const junk = Buffer.alloc(1 << 20);
    for (let i = 0; i < junk.length; i++) {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      junk[i] = x & 0xff;
    }
    const linesBefore = stub.err().split('\n').length;
    sock.write(junk);
    sock.write('###' + frame('qC'));                  // '###' ends whatever packet the junk left open
    const text = await Promise.race([
      readUntil(sock, (t) => /\$QC(p1\.)?1#/.test(t)),
      new Promise<string>((r) => setTimeout(() => r('(no answer in 20 s)'), 20_000)),
    ]);
    sock.destroy();
    assert.match(text, /\$QC(p1\.)?1#/, 'qC answered after the junk');
    const lines = stub.err().split('\n').length - linesBefore;
    assert.ok(lines < 100, `${lines} stderr lines for 1 MiB of junk:\n${stub.err().slice(-2000)}`);
  } finally {
    await stopStub(stub);
  }
});

test('kvmdbg run --gdb: k while another client waits its turn without being read ends the run with status 0, not Node\'s 13', async () => {
  const stub = await startStub();
  try {
    const a = await open(stub.port);
    const stopped = readUntil(a, (t) => /\$T[0-9a-f]{2}/.test(t));
    a.write('$?#3f');
    await stopped;
    // a second client, queued behind the first: the stub does not read it, so its socket fills and rests
    const w = await open(stub.port);
    w.pause();
    w.write('$?#3f'.repeat(80_000));
    await new Promise((r) => setTimeout(r, 300));
    a.write('$k#6b');
    const watchdog = setTimeout(() => stub.child.kill('SIGKILL'), 15_000);
    const status = await stub.done;
    clearTimeout(watchdog);
    w.destroy();
    assert.equal(status, 0, `status ${status}; stderr:\n${stub.err().slice(-500)}`);
    assert.match(stub.err(), /killed by the debugger/);
  } finally {
    await stopStub(stub);
  }
});
