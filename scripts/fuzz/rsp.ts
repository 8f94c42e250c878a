/**
 * Target `rsp`: the GDB stub of a real `kvmdbg run GUEST --gdb 127.0.0.1:0 -S` process over loopback TCP.
 *
 * The guest is a three-instruction loop that counts in memory (built here), so the stub always has a
 * live guest to stop, step and read. Each case is one batch on one connection, in one of these shapes:
 *   pipeline  up to 300 packets of every kind (rsp-packets.ts) written at once in random chunks, acks,
 *             NAKs, stray bytes and 0x03 between them, reverse steps and continues among them, at most
 *             one forward resume (+ 0x03) at the end, then a marker (`monitor fuzzmark-N`, whose answer
 *             names it): all must be answered in order;
 *   junk      random bytes (rich in '$', '#', '}', '-', 0x03) then the marker;
 *   naks      a packet, then a burst of '-' bytes, then the marker;
 *   oversized a packet larger than PacketSize, then the marker;
 *   noread    thousands of 8 KiB memory reads from a client that does not read, then either reads them
 *             all (the marker comes last) or vanishes;
 *   cut       a few packets, then the connection ends (FIN or RST) in the middle of a packet;
 *   storm     up to 40 connections at once, each sending `?` or part of it and going away;
 *   detach    packets then D: the guest runs on, the stub keeps listening;
 *   kill      k or vKill: the process must end with status 0; the fuzzer starts another.
 * A hang is an answer still missing after the stub has spent 10 s of its own CPU time on it, or spent
 * none and sent nothing for 15 s (or 5 min have passed), so that a loaded machine, where the stub waits
 * for a CPU, does not make one.
 * After each batch a fresh connection must get a stop reply to `?` (the sanity packet), and the stub's
 * peak RSS (VmHWM) must stay under the bound. A process that ends on its own must end as kvmdbg says a
 * run ends (status 0, 1, 3 or 4 with a message, e.g. after a G or P moved the pc into the void and the
 * guest took an exception with no vector), never with a stack trace or another status.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildElf } from '../../src/vmm/testing/build-elf.ts';
import { inBudget, mib, shown, traceIn, type Budget, type Finding, type TargetReport } from './common.ts';
import { Rng } from './rng.ts';
import { CODE, DATA, packetBody, resumePacket, rspFrame } from './rsp-packets.ts';
import { RawClient, sleep, StubProcess } from './rsp-client.ts';

export interface RspOptions {
  /** Fail when the stub process's peak RSS exceeds this (kB). */
  rssLimitKb: number;
  /** Append the stub processes' stderr to this file. */
  log?: string;
}

/** `movz x1, #0x4009, lsl #16; loop: add x0, x0, #1; str x0, [x1]; b loop` at 0x40080000. */
function loopGuest(): string {
  const code = new Uint8Array(16);
  const v = new DataView(code.buffer);
  [0xd2a80121, 0x91000400, 0xf9000020, 0x17fffffe].forEach((w, i) => v.setUint32(4 * i, w, true));
  const elf = buildElf(CODE, [{ paddr: CODE, data: code }, { paddr: DATA, data: new Uint8Array(8), memsz: 0x2000n, flags: 6 }],
    [{ name: '_start', value: CODE, size: 16n }, { name: 'counter', value: DATA, size: 8n, type: 1 }]);
  const path = join(mkdtempSync(join(tmpdir(), 'kvmdbg-fuzz-')), 'counter-loop.elf');
  writeFileSync(path, elf.bytes);
  return path;
}

const asciiHex = (s: string): string => Array.from(s, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');

/** The marker packet of batch `n` and the hex its answer carries. */
function marker(n: number): { frame: string; answer: string } {
  const name = `fuzzmark-${n}`;
  return { frame: rspFrame(`qRcmd,${asciiHex(name)}`), answer: asciiHex(`'${name}'`) };
}

/** A stop reply (T or S packet) in what the stub sent. */
const STOP_REPLY = /\$[TS][0-9a-f]{2}/;

type Shape = 'pipeline' | 'junk' | 'naks' | 'oversized' | 'noread' | 'cut' | 'storm' | 'detach' | 'kill';
const SHAPES: [Shape, number][] = [['pipeline', 60], ['junk', 6], ['naks', 4], ['oversized', 3], ['noread', 2], ['cut', 8],
  ['storm', 4], ['detach', 3], ['kill', 1]];

export function pickShape(r: Rng): Shape {
  let x = r.below(SHAPES.reduce((a, [, w]) => a + w, 0));
  for (const [s, w] of SHAPES) {
    if (x < w) return s;
    x -= w;
  }
  return 'pipeline';
}

/** Writes `data` in 1..8 random pieces, sometimes letting the stub run between them. */
async function writeChunked(c: RawClient, r: Rng, data: string): Promise<void> {
  const pieces = r.int(1, 8);
  let at = 0;
  for (let i = 0; i < pieces && at < data.length; i++) {
    const end = i === pieces - 1 ? data.length : at + r.below(data.length - at + 1);
    await c.write(data.slice(at, end));
    at = end;
    if (r.chance(0.3)) await sleep(0);
  }
  if (at < data.length) await c.write(data.slice(at));
}

/** Noise between packets: acks, NAKs, 0x03, bytes outside any packet (never '$'). */
function between(r: Rng): string {
  switch (r.below(20)) {
    case 0: return '+';
    case 1: return '-';
    case 2: return '\x03';
    case 3: return r.pick(['abc', '\n', '#', '##00', '}', '\0', '+++', '\xff']);
    default: return '';
  }
}

/** A pipeline batch: the bytes to write, and the bodies of the packets with a good checksum among them. */
export function pipeline(r: Rng): { data: string; bodies: string[] } {
  const bodies: string[] = [];
  let data = '';
  if (r.chance(0.1)) {
    data += rspFrame('QStartNoAckMode');
    bodies.push('QStartNoAckMode');
  }
  const count = r.int(1, 300);
  for (let i = 0; i < count; i++) {
    const bad = r.chance(0.03);
    const body = packetBody(r);
    data += rspFrame(body, bad) + between(r);
    if (!bad) bodies.push(body);
  }
  if (r.chance(0.3)) {
    const body = resumePacket(r);
    data += rspFrame(body) + (r.chance(0.5) ? '' : rspFrame('?')) + '\x03';
    bodies.push(body);
  }
  return { data, bodies };
}

export async function fuzzRsp(b: Budget, o: RspOptions): Promise<TargetReport> {
  const findings: Finding[] = [];
  const guest = loopGuest();
  const t0 = Date.now();
  let stub = await StubProcess.start(guest, o.log);
  let packets = 0;
  let batches = 0;
  let peakKb = 0;
  let restarts = 0;
  let stderrBytes = 0;
  let rssReported = false;
  const ends = new Map<string, number>();
  let lastProgress = Date.now();

  const add = (f: Finding): void => {
    findings.push(f);
    b.progress(`rsp: case ${f.case}: ${f.kind}: ${f.detail.split('\n')[0]}`);
  };

  /** After the stub ended: was it an end kvmdbg run documents? Then start another. */
  const restart = async (n: number, expected: string | undefined): Promise<void> => {
    const { status, signal } = stub.exit!;
    const trace = traceIn(stub.stderr);
    const lastLine = stub.stderr.trim().split('\n').pop() ?? '';
    if (trace) add({ case: n, kind: 'trace', detail: `the stub process printed a stack trace:\n${trace}` });
    else if (signal || ![0, 1, 3, 4].includes(status ?? -1)) {
      add({ case: n, kind: 'crash', detail: `the stub process ended with ${signal ?? `status ${status}`}; stderr tail:\n${stub.stderr.slice(-1500)}` });
    } else if (expected === undefined && !/^kvmdbg( run)?: /.test(lastLine)) {
      add({ case: n, kind: 'crash', detail: `the stub process ended (status ${status}) without saying why; stderr tail:\n${stub.stderr.slice(-1500)}` });
    } else {
      const why = expected ?? `status ${status}: ${lastLine.replace(/0x[0-9a-f]+/g, 'ADDR').slice(0, 100)}`;
      ends.set(why, (ends.get(why) ?? 0) + 1);
    }
    stderrBytes += stub.stderrBytes;
    restarts++;
    stub = await StubProcess.start(guest, o.log);
  };

  /** Ends a hung stub (after reporting it) and starts another. */
  const replaceHung = async (): Promise<void> => {
    stub.child.kill('SIGKILL');
    await stub.exited;
    stderrBytes += stub.stderrBytes;
    restarts++;
    stub = await StubProcess.start(guest, o.log);
  };

  for (let n = b.from; inBudget(b, packets); n++) {
    const r = new Rng(b.seed, 'rsp', n);
    const shape = pickShape(r);
    const mark = marker(n);
    let sent = 0;
    let expectEnd: string | undefined;
    let mustAnswer = false;
    let c: RawClient | undefined;
    try {
      c = await RawClient.open(stub.port);
    } catch (e) {
      if (stub.alive) {
        add({ case: n, kind: 'hang', detail: `the stub does not accept connections: ${(e as Error).message}` });
        await replaceHung();
        continue;
      }
    }
    if (c) {
      switch (shape) {
        case 'pipeline': {
          const p = pipeline(r);
          sent += p.bodies.length;
          await writeChunked(c, r, p.data + mark.frame);
          mustAnswer = true;
          break;
        }
        case 'junk': {
          const bytes = r.bytes(r.int(1, r.chance(0.1) ? 65536 : 2048));
          const special = [0x24, 0x23, 0x7d, 0x2d, 0x2b, 0x03, 0x2a];
          for (let i = 0; i < bytes.length; i++) if (r.chance(0.1)) bytes[i] = r.pick(special);
          // '#00#00' ends a packet the junk left open, even one whose last byte was an escape
          await writeChunked(c, r, Buffer.from(bytes).toString('latin1') + '#00#00' + mark.frame);
          mustAnswer = true;
          break;
        }
        case 'naks':
          await c.write(rspFrame(packetBody(r)) + '-'.repeat(r.int(1, 20000)) + mark.frame);
          sent++;
          mustAnswer = true;
          break;
        case 'oversized': {
          const body = 'm' + 'a'.repeat(r.int(0x4000, 0x10000));
          await writeChunked(c, r, rspFrame(body, r.chance(0.3)) + mark.frame);
          mustAnswer = true;
          break;
        }
        case 'noread': {
          c.pause();
          const reads = r.int(500, 3000);
          const one = rspFrame(`m${DATA.toString(16)},2000`);
          void c.write(one.repeat(reads) + mark.frame);
          await sleep(300);
          if (r.chance(0.5)) {
            c.resume();
            sent += reads;
            mustAnswer = true;
          }
          break;
        }
        case 'cut': {
          let data = '';
          for (let i = r.below(5); i > 0; i--) data += rspFrame(packetBody(r));
          const last = rspFrame(packetBody(r));
          await c.write(data + last.slice(0, r.below(last.length)));
          await sleep(r.below(5));
          break;
        }
        case 'storm': {
          const k = r.int(5, 40);
          const opened = await Promise.allSettled(Array.from({ length: k }, () => RawClient.open(stub.port)));
          for (const p of opened) {
            if (p.status !== 'fulfilled') continue;
            const s = p.value;
            const q = rspFrame('?');
            void s.write(r.pick([q, q, q.slice(0, r.below(q.length)), '', '\x03' + q]));
            if (r.chance(0.5)) s.destroy(); else s.end();
          }
          break;
        }
        case 'detach': {
          let data = '';
          for (let i = r.below(20); i > 0; i--) data += rspFrame(packetBody(r));
          await c.write(data + rspFrame(r.pick(['D', 'D;1'])));
          await stub.answer(c, (t) => t.includes('$OK#9a'));
          break;
        }
        case 'kill':
          await c.write(rspFrame(r.pick(['k', 'vKill;1'])));
          expectEnd = 'killed by the debugger (k, vKill)';
          break;
      }
      if (mustAnswer) {
        const answered = await stub.answer(c, (t) => t.includes(mark.answer), shape === 'noread' ? 30 : 10);
        if (answered) sent++;
        else if (stub.alive && !c.closed) {
          add({ case: n, kind: 'hang', detail: `${shape}: no answer to the marker packet (10 s of the stub's CPU time, or 15 s idle); ` +
            `the stub sent ${c.received} bytes, ending ${shown(c.text.slice(-200))}; stderr tail:\n${stub.stderr.slice(-800)}` });
        }
      }
      // a client that never read goes away at once (end() would leave it half open, and still attached)
      if (shape === 'cut' || (shape === 'noread' && !mustAnswer) || r.chance(0.5)) c.destroy(); else c.end();
    }

    if (expectEnd !== undefined) {
      if (!(await stub.waitExit(60_000))) {
        add({ case: n, kind: 'hang', detail: `${expectEnd}: the process did not end` });
        await replaceHung();
      } else if (stub.exit!.status !== 0) {
        add({ case: n, kind: 'status', detail: `${expectEnd}: status ${stub.exit!.status ?? stub.exit!.signal}, not 0; stderr:\n${stub.stderr.slice(-800)}` });
        await restart(n, expectEnd);
      } else await restart(n, expectEnd);
    } else if (!stub.alive || (await stub.waitExit(0))) {
      await restart(n, undefined);
    } else {
      // the sanity packet, on a fresh connection
      let ok = false;
      let why = '';
      // After a storm the stub may still hold MAX_WAITING (32) connections it has not read the end of, and
      // refuses more by design (core/server.ts); those drain within TAKEOVER_WAIT_MS (2 s): ask again once.
      for (let attempt = 0; attempt < 2 && !ok; attempt++) {
        if (attempt === 1) {
          if (shape !== 'storm' || !/refusing .*(more wait|stayed for)/.test(stub.stderr.slice(-4000))) break;
          await sleep(3000);
        }
        try {
          const s = await RawClient.open(stub.port);
          await s.write(rspFrame('?'));
          ok = await stub.answer(s, (t) => STOP_REPLY.test(t));
          why = `the stub sent ${shown(s.text.slice(-200))}${s.closed ? ' and closed the connection' : ''}`;
          s.end();
        } catch (e) {
          why = (e as Error).message;
        }
      }
      if (!ok) {
        if (!stub.alive || (await stub.waitExit(1000))) await restart(n, undefined);
        else {
          add({ case: n, kind: 'hang', detail: `after a ${shape} batch the stub gave no stop reply to '?' on a new connection: ${why}; ` +
            `process state ${stub.state()}; stderr tail:\n${stub.stderr.slice(-800)}` });
          await replaceHung();
        }
      }
    }
    packets += sent;
    batches++;
    const hwm = stub.peakKb();
    if (hwm !== undefined) {
      peakKb = Math.max(peakKb, hwm);
      if (hwm > o.rssLimitKb && !rssReported) {
        rssReported = true;
        add({ case: n, kind: 'rss', detail: `the stub's peak RSS ${mib(hwm)} exceeds the bound ${mib(o.rssLimitKb)} (after a ${shape} batch)` });
      }
    }
    if (Date.now() - lastProgress > 10_000) {
      lastProgress = Date.now();
      b.progress(`rsp: ${packets} packets in ${batches} batches, ${Math.round(packets / ((Date.now() - t0) / 1000))}/s, peak RSS ${mib(peakKb)}`);
    }
  }
  const lastPeak = stub.peakKb();
  if (lastPeak !== undefined) peakKb = Math.max(peakKb, lastPeak);
  await stub.stop();
  stderrBytes += stub.stderrBytes;
  const ms = Date.now() - t0;
  const endText = [...ends].map(([w, k]) => `${k}× ${w}`).join('; ');
  return {
    target: 'rsp',
    done: packets,
    unit: 'packets',
    ms,
    figures: [
      `${Math.round(packets / (ms / 1000))} packets/s answered in ${batches} batches (each followed by the sanity packet)`,
      `stub peak RSS ${mib(peakKb)} (bound ${mib(o.rssLimitKb)}); stub stderr ${(stderrBytes / 1024).toFixed(0)} KiB`,
      `stub processes: ${restarts + 1}${endText ? ` (ends: ${endText})` : ''}`,
    ],
    findings,
  };
}
