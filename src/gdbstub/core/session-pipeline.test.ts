/**
 * A client that pipelines: a resume, then more packets than the session holds while the guest runs, all
 * written at once. Every packet is answered, in order, however the transport splits the bytes; none is
 * lost because it arrived while the guest ran. (Found by `npm run fuzz -- --target rsp`: a `bs` in the
 * middle of a pipelined batch, with the rest of the batch in the same TCP segment, left the session idle
 * with the packets after the 64th owed.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GdbServer } from './server.ts';
import { FakeTarget } from '../testing/fake-target.ts';
import { rspFrame } from '../testing/rsp-client.ts';
import { createPipe } from '../transport/pipe.ts';

/** More than the packets a session keeps waiting while the guest runs (MAX_QUEUED in session.ts). */
const BEHIND = 100;

/** Reply bodies in what the stub sent, in order (acks skipped; the bodies here need no unescaping). */
function replies(stream: string): string[] {
  return [...stream.matchAll(/\$([^#$]*)#[0-9a-f]{2}/g)].map((m) => m[1]!);
}

/**
 * Feeds `data` to a fresh session as two writes split at `at` (`at` = 0: one write), the second after
 * `gap` event-loop turns, then waits until `count` replies have come or the session has been quiet for
 * a while (no reply, no work). With `attached`, the session has finished attaching before the first
 * write; without, the bytes arrive while it attaches (as when the guest was running and is being
 * stopped for the new debugger). Returns the replies, the log and the fake target.
 */
async function feed(data: string, at: number, gap: number, count: number, attached = false, setup?: (f: FakeTarget) => void) {
  const fake = new FakeTarget();
  setup?.(fake);
  const logs: string[] = [];
  const server = new GdbServer(fake, { log: (l) => logs.push(l) });
  const { client, server: conn } = createPipe();
  server.accept(conn);
  if (attached) await new Promise((r) => setImmediate(r));
  if (at > 0) client.send(data.slice(0, at));
  for (let i = 0; i < gap; i++) await new Promise((r) => setImmediate(r));
  client.send(data.slice(at));
  let quiet = 0;
  let last = -1;
  while (quiet < 50) {
    const got = replies(client.received()).length;
    if (got >= count) break;
    quiet = got === last ? quiet + 1 : 0;
    last = got;
    await new Promise((r) => setImmediate(r));
  }
  // a guest still running when the replies are in is stopped, so the test leaves nothing behind
  server.finish({ kind: 'killed' });
  fake.interrupt();
  return { got: replies(client.received()), logs, fake };
}

const behind = Array.from({ length: BEHIND }, () => rspFrame('qC')).join('');

test(`s, then ${BEHIND} qC and ?, in one write and split at every byte: the step's stop reply, then every packet answered in order`, async () => {
  const data = rspFrame('s') + behind + rspFrame('?');
  const want = BEHIND + 2;
  for (let at = 0; at < data.length; at++) {
    for (const gap of at === 0 ? [0] : [0, 1]) {
      const { got, logs } = await feed(data, at, gap, want);
      const where = `split at byte ${at} (${gap} turn(s) between the writes)`;
      assert.equal(got.length, want, `${where}: ${got.length} of ${want} replies; log: ${logs.join(' | ')}`);
      assert.match(got[0]!, /^T05/, `${where}: the step's stop reply first`);
      assert.deepEqual(got.slice(1, -1), Array(BEHIND).fill('QC1'), where);
      assert.match(got.at(-1)!, /^T05/, `${where}: '?' answers with the last stop`);
    }
  }
});

test(`c of a guest that runs on, then ${BEHIND} qC and ?: the stub stops the guest to answer them (T02), in order, at every split`, async () => {
  const data = rspFrame('c') + behind + rspFrame('?');
  const want = BEHIND + 2;
  for (let at = 0; at < data.length; at += 7) {
    const { got, logs, fake } = await feed(data, at, 0, want);
    const where = `split at byte ${at}`;
    assert.equal(got.length, want, `${where}: ${got.length} of ${want} replies; log: ${logs.join(' | ')}`);
    assert.match(got[0]!, /^T02/, `${where}: the continue ends with an interrupt stop`);
    assert.deepEqual(got.slice(1, -1), Array(BEHIND).fill('QC1'), where);
    assert.match(got.at(-1)!, /^T02/, where);
    assert.equal(fake.resumes, 1, where);
    assert.ok(logs.some((l) => /packets wait while the guest runs: stopping it/.test(l)), `${where}: ${logs.join(' | ')}`);
  }
});

/**
 * `monitor run`: a command that runs the guest (as kvmdbg's monitor goto re-executes history), its
 * answer a Promise that settles once interrupt() is called.
 */
function slowMonitor(f: FakeTarget): void {
  f.monitorText = (c) => c !== 'run' ? `fake monitor: ${c}\n` : new Promise((resolve) => {
    const poll = (): void => {
      if (f.interruptRequested) resolve('stopped\n');
      else setImmediate(poll);
    };
    poll();
  });
}
const MONITOR_RUN = rspFrame(`qRcmd,${Buffer.from('run').toString('hex')}`);
const STOPPED = 'O' + Buffer.from('stopped\n').toString('hex');

test(`a monitor command that runs the guest, then ${BEHIND} qC: they wait for its answer as for a stop; the 64th waiting stops it, and every one is answered in order after its OK`, async () => {
  const data = MONITOR_RUN + behind;
  const want = BEHIND + 2;
  for (let at = 0; at < data.length; at += 7) {
    const { got, logs } = await feed(data, at, 0, want, false, slowMonitor);
    const where = `split at byte ${at}`;
    assert.deepEqual(got.slice(0, 2), [STOPPED, 'OK'], `${where}: ${got.slice(0, 3).join(' ')}; log: ${logs.join(' | ')}`);
    assert.deepEqual(got.slice(2), Array(BEHIND).fill('QC1'), where);
    assert.ok(logs.some((l) => /packets wait while the guest runs: stopping it/.test(l)), `${where}: ${logs.join(' | ')}`);
  }
});

test('a monitor command that runs the guest, 0x03, qC in one write: the interrupt reaches the target, and qC is answered after the command\'s OK', async () => {
  const data = MONITOR_RUN + '\x03' + rspFrame('qC');
  for (const attached of [true, false]) {
    for (let at = 0; at < data.length; at++) {
      const { got } = await feed(data, at, 0, 3, attached, slowMonitor);
      assert.deepEqual(got, [STOPPED, 'OK', 'QC1'], `split at byte ${at}${attached ? '' : ', while attaching'}`);
    }
  }
});

test('c, ?, 0x03 in one write: the interrupt stops the continue; ? is answered after its stop reply (attached, and while attaching)', async () => {
  const data = rspFrame('c') + rspFrame('?') + '\x03' + rspFrame('qC');
  for (const attached of [true, false]) {
    for (let at = 0; at < data.length; at++) {
      const { got, fake } = await feed(data, at, 0, 3, attached);
      const where = `split at byte ${at}${attached ? '' : ', while attaching'}`;
      assert.deepEqual(got.map((r) => r.slice(0, 3)), ['T02', 'T02', 'QC1'], where);
      assert.equal(fake.resumes, 1, where);
    }
  }
});

test('s, ?, c, 0x03, qC in one write: the 0x03 stops the continue sent before it, not the step that runs when it arrives', async () => {
  const data = rspFrame('s') + rspFrame('?') + rspFrame('c') + '\x03' + rspFrame('qC');
  for (const attached of [true, false]) {
    for (let at = 0; at < data.length; at++) {
      for (const gap of at === 0 ? [0] : [0, 1]) {
        const { got, fake } = await feed(data, at, gap, 4, attached);
        const where = `split at byte ${at} (${gap} turn(s) between the writes)${attached ? '' : ', while attaching'}`;
        assert.deepEqual(got.map((r) => r.slice(0, 3)), ['T05', 'T05', 'T02', 'QC1'], where);
        assert.equal(fake.resumes, 2, where);
      }
    }
  }
});
