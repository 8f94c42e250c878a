/**
 * One client connection: framing, acks, and the session state machine
 *
 *   attaching ──guest halted──▶ idle ──vCont/c/s──▶ running ──stop──▶ idle
 *        any state ──D / k / final stop / connection lost──▶ closed
 *
 * A monitor command the target answers later (it runs the guest, as kvmdbg's monitor goto re-executes
 * history) is `running` too, until its answer: packets wait and a 0x03 stops it, as for a resume.
 *
 * Packets are handled one at a time, in order, only in `idle`; those that arrive while the guest runs
 * wait (GDB sends none in all-stop mode, except the raw 0x03 interrupt). Input is taken in the order it
 * was sent, whatever a client pipelines: a 0x03 stops the run that the last resume before it in the
 * stream started. It acts at once on the running guest unless a resume packet still waits ahead of it;
 * then it waits too, and acts as soon as that resume has started the guest. When MAX_QUEUED packets wait
 * while the guest runs, the session stops the guest to answer them (as if the client had sent 0x03) and
 * decodes no more until the queue drains: no packet is dropped, and memory stays bounded.
 * Every malformed input gets a log line (rate-limited, log-limit.ts) and an answer the RSP allows (NAK,
 * E16, empty); none ends the session. A burst of NAKs gets the last reply once.
 *
 * Back-pressure: while the connection is congested (the client does not read its replies), or packets
 * wait for the guest to halt and the queue is full, no more input is decoded: the rest waits in
 * `backlog`, reading pauses, and both resume when the written bytes drain or the queue empties.
 */
import { FrameDecoder, frame, type FrameEvent } from '../protocol/framing.ts';
import { packetName, parsePacket } from '../protocol/parse.ts';
import { isParseError } from '../protocol/packets/types.ts';
import type { Connection } from '../transport/connection.ts';
import type { ResumeRequest, StopReason, Target, Tid, WatchKind } from '../target.ts';
import { E_INVAL, type HandlerContext, type Outcome, type ReplyStyle } from './context.ts';
import { dispatch } from './dispatch.ts';
import { LogLimiter } from './log-limit.ts';
import type { WatchTable } from './watch-table.ts';
import { isFinal, stopReply } from './stop-reply.ts';

export type SessionState = 'attaching' | 'idle' | 'running' | 'closed';

/** Packets held until the guest halts; when this many wait, no more input is decoded until they drain. */
const MAX_QUEUED = 64;

/**
 * A packet (`resume`: it starts the guest if the target takes it; `monitor`: a monitor command, which may
 * run the guest, as kvmdbg's monitor goto does), an answer already decided, or a 0x03 that waits its turn.
 */
type Queued = { body: Uint8Array; resume: boolean; monitor: boolean } | { reject: string } | { interrupt: true };

const RESUMES: ReadonlySet<string> = new Set(['resume', 'vCont', 'reverse']);

/** Whether a packet is one that starts the guest (c, s, C, S, vCont;…, bc, bs), if the target takes it. */
function startsGuest(body: Uint8Array): { resume: boolean; monitor: boolean } {
  const p = parsePacket(body);
  return { resume: !isParseError(p) && RESUMES.has(p.t), monitor: !isParseError(p) && p.t === 'qRcmd' };
}

/** What a session needs from the server that owns the guest's run state (core/server.ts). */
export interface SessionHost {
  readonly target: Target;
  readonly maxPacket: number;
  /** The clock (ms) of the diagnostics' rate limit. */
  readonly now: () => number;
  readonly watches: WatchTable;
  readonly runState: 'halted' | 'running' | 'exited';
  readonly lastStop: StopReason | undefined;
  readonly lastWatch: { addr: bigint; kind: WatchKind } | undefined;
  log(line: string): void;
  resume(req: ResumeRequest): Promise<StopReason>;
  /** The target works on a command that may run the guest: running until `replies` settles. */
  busy(replies: Promise<string[]>): Promise<string[]>;
  whenHalted(): Promise<void>;
  interrupt(): void;
  detach(s: Session): void;
  kill(s: Session): void;
  lost(s: Session): void;
  sessionEndedWithGuest(s: Session, stop: StopReason): void;
}

export class Session implements HandlerContext {
  state: SessionState = 'attaching';
  readonly replyStyle: ReplyStyle = { multiprocess: false, swbreak: false, hwbreak: false };
  noAckRequested = false;
  generalThread: Tid;
  continueThread: Tid;
  private noAck = false;
  private readonly decoder: FrameDecoder;
  private readonly queue: Queued[] = [];
  private pumping = false;
  private lastSent = '';
  /** The ack of the packet being handled, not yet written: it goes out with the reply, in one write. */
  private ackPending = false;
  private garbage = 0;
  private readonly unsupportedSeen = new Set<string>();
  /**
   * The last reply was sent again for a NAK. More NAKs in the same burst (the same chunk of input, before
   * the next packet or ack) are ignored: the client cannot have seen the resend yet.
   */
  private nakAnswered = false;
  /** Received bytes not decoded yet because the connection is congested. */
  private backlog: Uint8Array | undefined;
  private readonly diagnostics: LogLimiter;
  /** The session has asked the server to stop this run because the queue filled. */
  private stopAsked = false;

  constructor(private readonly conn: Connection, private readonly server: SessionHost) {
    this.decoder = new FrameDecoder(server.maxPacket);
    this.diagnostics = new LogLimiter((line) => server.log(line), undefined, undefined, server.now);
    const stopped = server.lastStop && 'thread' in server.lastStop ? server.lastStop.thread : undefined;
    this.generalThread = this.continueThread = stopped ?? server.target.threads()[0]!;
  }

  get peer(): string { return this.conn.peer; }
  get target(): Target { return this.server.target; }
  get maxPacket(): number { return this.server.maxPacket; }
  get watches() { return this.server.watches; }
  get lastStop() { return this.server.lastStop; }
  get lastWatch() { return this.server.lastWatch; }
  readonly log = (line: string): void => this.diagnostics.line(line);

  start(): void {
    this.conn.onData((d) => this.receive(d));
    this.conn.onDrain(() => this.pump());
    this.conn.onClose(() => this.onConnectionClosed());
    if (this.server.runState === 'running') {
      this.log('the guest is running: stopping it for the debugger');
      this.server.interrupt();
    }
    void this.server.whenHalted().then(() => {
      if (this.state !== 'attaching') return;
      this.state = 'idle';
      this.pump();
    });
  }

  close(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.diagnostics.flush();
    this.conn.close();
  }

  private receive(d: Uint8Array): void {
    if (this.backlog) {
      // the transport delivered more while paused: keep it behind what waits (copied: the view is the transport's)
      const b = new Uint8Array(this.backlog.length + d.length);
      b.set(this.backlog);
      b.set(d, this.backlog.length);
      this.backlog = b;
      return;
    }
    this.nakAnswered = false;
    this.feed(d);
  }

  /** Decodes while input is accepted; the rest waits in `backlog`, with reading paused. */
  private feed(d: Uint8Array): void {
    const used = this.decoder.push(d, (e) => {
      this.onFrame(e);
      return this.accepting();
    });
    if (used < d.length && this.state !== 'closed') {
      this.backlog = d.slice(used);
      this.conn.pause();
    }
  }

  /** More input may be decoded: the client reads its replies, and a packet that cannot be handled now has room to wait. */
  private accepting(): boolean {
    return this.state !== 'closed' && !this.conn.congested && this.queue.length < MAX_QUEUED;
  }

  /** Decodes what waits in `backlog` once input is accepted again. */
  private continueInput(): void {
    if (!this.backlog || !this.accepting()) return;
    const b = this.backlog;
    this.backlog = undefined;
    this.conn.resume();
    this.feed(b);
  }

  private onFrame(e: FrameEvent): void {
    if (this.state === 'closed') return;
    if (e.kind !== 'garbage' && this.garbage > 0) {
      this.log(`ignored ${this.garbage} byte(s) outside packets`);
      this.garbage = 0;
    }
    if (e.kind === 'packet' || e.kind === 'ack') this.nakAnswered = false;
    switch (e.kind) {
      case 'packet':
        if (this.state === 'idle' && this.queue.length === 0 && !this.pumping) {
          // The common case, one request at a time: answer it now, straight from the receive buffer
          // (handling is synchronous, so the view is not kept), with the ack in the same write.
          if (!this.noAck) this.ackPending = true;
          this.pumping = true;
          try {
            this.handle(e.body);
          } finally {
            this.pumping = false;
            this.flushAck();
          }
          this.pump();
          return;
        }
        if (!this.noAck) this.conn.write('+');
        {
          const body = e.body.slice();
          this.enqueue({ body, ...startsGuest(body) });
        }
        return;
      case 'interrupt':
        if (this.queue.some((q) => 'resume' in q && (q.resume || (q.monitor && this.state !== 'running')))) {
          // for the run a waiting resume will start: it acts once that one has started (takeInterrupts);
          // so too behind a waiting monitor command while nothing runs (if the command runs nothing, the
          // 0x03 has nothing to stop)
          this.enqueue({ interrupt: true });
        } else {
          this.interruptNow();
        }
        return;
      case 'ack':
        return;
      case 'nak':
        if (this.lastSent && !this.noAck && !this.nakAnswered) {
          this.log('debugger NAKed our last packet: sending it again');
          this.conn.write(this.lastSent);
          this.nakAnswered = true;
        }
        return;
      case 'bad-checksum':
        this.log(`bad checksum on a ${e.length}-byte packet (got ${e.got < 0 ? 'non-hex' : '0x' + e.got.toString(16)}, ` +
          `computed 0x${e.want.toString(16)}): ${this.noAck ? 'dropped (no-ack mode)' : 'NAK sent'}`);
        if (!this.noAck) this.conn.write('-');
        return;
      case 'oversized':
        this.log(`packet of ${e.length} bytes is larger than PacketSize ${this.maxPacket}: rejected` +
          (e.checksumOk ? ' with E16' : ' (and its checksum is bad: NAK)'));
        if (!e.checksumOk) {
          if (!this.noAck) this.conn.write('-');
          return;
        }
        if (!this.noAck) this.conn.write('+');
        this.enqueue({ reject: E_INVAL });
        return;
      case 'garbage':
        this.garbage++;
        return;
    }
  }

  /**
   * Puts an item behind those that wait and handles what can be. A full queue while the guest runs
   * stops the guest: the client waits for answers, and the input behind (perhaps its own 0x03) is not
   * decoded until the queue drains.
   */
  private enqueue(item: Queued): void {
    this.queue.push(item);
    if (this.queue.length >= MAX_QUEUED && this.state === 'running' && !this.stopAsked) {
      this.stopAsked = true;
      this.log(`${this.queue.length} packets wait while the guest runs: stopping it to answer them`);
      this.server.interrupt();
    }
    this.pump();
  }

  /** A 0x03 whose turn has come: it stops the running guest, if any. */
  private interruptNow(): void {
    if (this.state === 'running') {
      this.log('interrupt (0x03) from the debugger: stopping the guest');
      this.server.interrupt();
    } else {
      this.log(`interrupt (0x03) while ${this.state === 'idle' ? 'the guest is halted' : 'attaching'}: nothing to stop`);
    }
  }

  /** The guest has just started: the 0x03s that wait for this run (up to the next resume) act now. */
  private takeInterrupts(): void {
    for (let i = 0; i < this.queue.length; i++) {
      const q = this.queue[i]!;
      if ('resume' in q && q.resume) return;
      if ('interrupt' in q) {
        this.queue.splice(i--, 1);
        this.interruptNow();
      }
    }
  }

  /** Handles queued packets while the guest is halted and the client reads; then decodes what waits. */
  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.state === 'idle' && this.queue.length > 0 && !this.conn.congested) this.handleQueued(this.queue.shift()!);
    } finally {
      this.pumping = false;
    }
    this.continueInput();
  }

  private handleQueued(item: Queued): void {
    if ('interrupt' in item) {
      // the resume it waited for did not start the guest (refused): there is nothing to stop
      this.interruptNow();
    } else if ('reject' in item) {
      this.send(item.reject);
    } else {
      this.handle(item.body);
    }
  }

  private handle(body: Uint8Array): void {
    const p = parsePacket(body);
    if (isParseError(p)) {
      this.log(`malformed '${packetName(body)}' packet: ${p.parseError}`);
      this.send(E_INVAL);
      return;
    }
    if (p.t === 'unknown' && p.name !== '' && !this.unsupportedSeen.has(p.name)) {
      this.unsupportedSeen.add(p.name);
      this.log(`unsupported packet '${p.name}': empty reply (logged once)`);
    }
    this.apply(dispatch(this, p));
  }

  private apply(o: Outcome): void {
    if (typeof o === 'string') {
      this.send(o);
      if (this.noAckRequested && !this.noAck) {
        this.noAck = true;
        this.log('no-ack mode on');
      }
      return;
    }
    switch (o.kind) {
      case 'packets':
        for (const r of o.replies) this.send(r);
        return;
      case 'resume':
        this.flushAck();
        this.state = 'running';
        this.stopAsked = false;
        void this.server.resume(o.request).then((stop) => this.onStop(stop));
        this.takeInterrupts();
        return;
      case 'wait':
        // as a resume: packets wait, a 0x03 stops what runs; the replies end it
        this.flushAck();
        this.state = 'running';
        this.stopAsked = false;
        void this.server.busy(o.replies).then((r) => this.onReplies(r));
        this.takeInterrupts();
        return;
      case 'detach':
        this.send('OK');
        this.state = 'closed';
        this.server.detach(this);
        this.conn.close();
        return;
      case 'kill':
        // vKill's reply is OK. `k` has none in the protocol's text, but QEMU's gdbstub answers it with the
        // exit packet W00 before it exits, and lldb waits for that (without it: "failed to send the k
        // packet", exit status 6); kvmdbg ends with status 0 after a kill, so W00 is also true here.
        this.send(o.reply ? 'OK' : 'W00');
        this.state = 'closed';
        this.server.kill(this);
        this.conn.close();
        return;
    }
  }

  private onStop(stop: StopReason): void {
    if (this.state !== 'running') return;           // connection lost meanwhile: the server holds the stop
    const final = isFinal(stop);
    if ('thread' in stop) this.generalThread = this.continueThread = stop.thread;
    let regs;
    try {
      regs = final ? undefined : this.target.readCoreRegisters(this.generalThread);
    } catch (e) {
      this.log(`cannot read registers for the stop reply: ${(e as Error).message}`);
    }
    this.send(stopReply(stop, this.replyStyle, this.generalThread, this.server.lastWatch, regs));
    if (final) {
      this.log(`guest ended (${stop.kind === 'poweroff' ? `power-off, status ${stop.code}` : stop.kind})`);
      this.state = 'closed';
      this.conn.close();
      this.server.sessionEndedWithGuest(this, stop);
      return;
    }
    this.state = 'idle';
    this.pump();
  }

  /** What a target's long command (a 'wait' outcome) answered: sent, then the session is idle again. */
  private onReplies(replies: string[]): void {
    if (this.state !== 'running') return;           // connection lost meanwhile
    for (const r of replies) this.send(r);
    this.state = 'idle';
    this.pump();
  }

  private send(body: string): void {
    const f = frame(body);
    this.lastSent = f;
    if (this.ackPending) {
      this.ackPending = false;
      this.conn.write('+' + f);
    } else {
      this.conn.write(f);
    }
  }

  /** The ack of a packet whose handling sent no reply (a resume): it goes out on its own. */
  private flushAck(): void {
    if (!this.ackPending) return;
    this.ackPending = false;
    if (this.state !== 'closed') this.conn.write('+');
  }

  private onConnectionClosed(): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.diagnostics.flush();
    this.server.lost(this);
  }
}
