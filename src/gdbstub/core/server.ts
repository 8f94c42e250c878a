/**
 * The stub's long-lived half: it owns the guest's run state across client connections, accepts one
 * client at a time and decides what happens between clients.
 *
 *   run state:  halted ──resume──▶ running ──stop──▶ halted        (any state ──final stop/kill──▶ exited)
 *
 * Between clients: when a client goes away without `D` (crash, closed socket), its breakpoints and
 * watchpoints are removed (a new client does not know them) and the guest keeps the run state it had —
 * a running guest runs on, a halted guest stays halted — while the stub waits for the next client. A
 * stop that happens with no client attached is held and reported by the next client's `?`. A client
 * that connects while the guest runs stops it first (T02). `D` clears all debug state and lets the guest
 * run on; the stub keeps listening. A client that connects while another is attached waits (up to
 * TAKEOVER_WAIT_MS, in arrival order) for that one to go: a debugger that reconnects at once is usually
 * faster than the close of its old connection reaches the stub. If the attached one stays, the newcomer
 * is refused.
 */
import type { Connection } from '../transport/connection.ts';
import type { ResumeRequest, StopReason, Target, WatchKind } from '../target.ts';
import { E_INVAL } from './context.ts';
import { isFinal } from './stop-reply.ts';
import { Session, type SessionHost } from './session.ts';
import { WatchTable } from './watch-table.ts';

export type RunState = 'halted' | 'running' | 'exited';

/** How long a new client waits for the attached one to go before it is refused. */
export const TAKEOVER_WAIT_MS = 2000;
/** Clients that may wait at once; more are refused (a connection storm must not hold every descriptor). */
export const MAX_WAITING = 32;

interface Waiting {
  conn: Connection;
  timer: ReturnType<typeof setTimeout>;
}

/** How the debugged VM ended. */
export type ServeOutcome =
  | { kind: 'poweroff'; code: number }
  | { kind: 'reset' }
  | { kind: 'killed' }
  | { kind: 'error'; message: string };

export interface ServerOptions {
  log: (line: string) => void;
  /** PacketSize we advertise and the largest packet we accept (default 0x4000). */
  maxPacket?: number;
  /** How long a client that connects while another is attached waits (default TAKEOVER_WAIT_MS). */
  takeoverWaitMs?: number;
  /** The clock, in ms, of the rate limit on diagnostics about a debugger's input (default Date.now). */
  now?: () => number;
}

export class GdbServer implements SessionHost {
  runState: RunState = 'halted';
  lastStop: StopReason | undefined;
  lastWatch: { addr: bigint; kind: WatchKind } | undefined;
  readonly watches = new WatchTable();
  readonly maxPacket: number;
  readonly now: () => number;
  readonly finished: Promise<ServeOutcome>;
  private resolveFinished!: (o: ServeOutcome) => void;
  private outcome: ServeOutcome | undefined;
  private session: Session | undefined;
  /** Clients waiting for the attached one to go, oldest first. */
  private readonly waiting: Waiting[] = [];
  private readonly takeoverWaitMs: number;
  private inflight: Promise<unknown> | undefined;

  constructor(readonly target: Target, private readonly opts: ServerOptions) {
    this.maxPacket = opts.maxPacket ?? 0x4000;
    this.now = opts.now ?? Date.now;
    this.takeoverWaitMs = opts.takeoverWaitMs ?? TAKEOVER_WAIT_MS;
    this.finished = new Promise((r) => { this.resolveFinished = r; });
  }

  log(line: string): void {
    this.opts.log(`gdbstub: ${line}`);
  }

  get attached(): boolean {
    return this.session !== undefined;
  }

  get isFinished(): boolean {
    return this.outcome !== undefined;
  }

  /** Let the guest run with no client (start without -S, after D). */
  runFree(): void {
    if (this.runState !== 'halted') return;
    void this.resume({ run: this.target.threads() });
  }

  /** A new client connection. */
  accept(conn: Connection): void {
    if (this.outcome) {
      this.log(`refusing ${conn.peer}: the guest has ended`);
      conn.close();
      return;
    }
    if (this.session) {
      this.wait(conn);
      return;
    }
    this.attach(conn);
  }

  private attach(conn: Connection): void {
    this.log(`debugger attached from ${conn.peer}`);
    const s = new Session(conn, this);
    this.session = s;
    s.start();
  }

  /**
   * `conn` waits, behind any that came before it, for the attached session to end. A debugger that
   * reconnects at once, several times over, leaves several closed connections whose ends the stub has not
   * read yet: each is attached in turn, reads its end, and goes.
   */
  private wait(conn: Connection): void {
    if (this.waiting.length >= MAX_WAITING) {
      this.log(`refusing ${conn.peer}: a debugger (${this.session?.peer ?? '?'}) is attached and ${MAX_WAITING} more wait`);
      conn.close();
      return;
    }
    const entry: Waiting = {
      conn,
      timer: setTimeout(() => {
        this.dropWaiting(entry);
        this.log(`refusing ${conn.peer}: a debugger (${this.session?.peer ?? '?'}) is already attached ` +
          `and stayed for ${this.takeoverWaitMs} ms`);
        conn.close();
      }, this.takeoverWaitMs),
    };
    this.waiting.push(entry);
    conn.onClose(() => this.dropWaiting(entry));
  }

  private dropWaiting(entry: Waiting): void {
    clearTimeout(entry.timer);
    const i = this.waiting.indexOf(entry);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  /** The attached session ended: the first waiting client takes its place, or learns the guest is gone. */
  private sessionGone(): void {
    this.session = undefined;
    const next = this.waiting[0];
    if (!next) return;
    this.dropWaiting(next);
    if (this.outcome) {
      this.log(`refusing ${next.conn.peer}: the guest has ended`);
      next.conn.close();
      return;
    }
    this.attach(next.conn);
  }

  resume(req: ResumeRequest): Promise<StopReason> {
    if (this.runState !== 'halted') return Promise.resolve({ kind: 'error', message: `resume while ${this.runState}` });
    this.runState = 'running';
    this.lastStop = undefined;
    this.lastWatch = undefined;
    const p = safeResume(this.target, req).then((stop) => {
      this.onStop(stop);
      return stop;
    });
    this.inflight = p;
    return p;
  }

  /**
   * A monitor command that runs the guest (MonitorOps.run's Promise): the guest counts as running until
   * it settles, so an interrupt reaches the target and a new debugger waits for it. The last stop stays.
   */
  busy(replies: Promise<string[]>): Promise<string[]> {
    if (this.runState !== 'halted') return Promise.resolve([E_INVAL]);
    this.runState = 'running';
    const settled = (): void => {
      if (this.runState === 'running') this.runState = 'halted';
    };
    const p = replies.then((r) => {
      settled();
      return r;
    }, (e: unknown) => {
      settled();
      this.log(`target error while handling 'qRcmd': ${(e as Error).message ?? String(e)}`);
      return [E_INVAL];
    });
    this.inflight = p;
    return p;
  }

  /** Resolves when a running guest has stopped (at once when halted). */
  whenHalted(): Promise<void> {
    return this.runState === 'running' && this.inflight ? this.inflight.then(() => undefined) : Promise.resolve();
  }

  interrupt(): void {
    if (this.runState === 'running') this.target.interrupt();
  }

  private onStop(stop: StopReason): void {
    this.lastStop = stop;
    if (stop.kind === 'watch') this.lastWatch = this.watches.resolve(stop.addr, stop.watchKind);
    if (isFinal(stop)) {
      this.runState = 'exited';
      if (!this.session) this.finish(outcomeOf(stop));
      return;
    }
    this.runState = 'halted';
    if (!this.session) this.log(`guest stopped (${stop.kind}) with no debugger attached; holding it for the next one`);
  }

  /** The session reported a final stop and closed. */
  sessionEndedWithGuest(s: Session, stop: StopReason): void {
    this.finish(outcomeOf(stop));
    if (this.session === s) this.sessionGone();
  }

  /** `D`: clear debug state, forget the client, let the guest run on. */
  detach(s: Session): void {
    if (this.session !== s) return;
    this.clearDebugState();
    this.log(`debugger detached; the guest runs on`);
    this.runFree();
    this.sessionGone();
  }

  /** `k` / `vKill`. */
  kill(s: Session): void {
    this.log('killed by the debugger');
    try {
      this.target.kill();
    } catch (e) {
      this.log(`kill failed: ${(e as Error).message}`);
    }
    this.runState = 'exited';
    this.finish({ kind: 'killed' });
    if (this.session === s) this.sessionGone();
  }

  /** The connection closed without D or k. */
  lost(s: Session): void {
    if (this.session !== s) return;
    this.clearDebugState();
    this.log(`debugger ${s.peer} disconnected without detaching; its breakpoints are removed and the guest ` +
      (this.runState === 'running' ? 'keeps running' : 'stays halted') + '; waiting for the next debugger');
    this.sessionGone();
  }

  private clearDebugState(): void {
    this.watches.clear();
    try {
      this.target.clearDebugState();
    } catch (e) {
      this.log(`clearing debug state failed: ${(e as Error).message}`);
    }
  }

  /** End everything (the listener closes; serveGdb's `finished` resolves). */
  finish(o: ServeOutcome): void {
    if (this.outcome) return;
    this.outcome = o;
    this.session?.close();
    this.session = undefined;
    for (const w of [...this.waiting]) {
      this.dropWaiting(w);
      w.conn.close();
    }
    this.resolveFinished(o);
  }
}

async function safeResume(target: Target, req: ResumeRequest): Promise<StopReason> {
  try {
    return await target.resume(req);
  } catch (e) {
    return { kind: 'error', message: (e as Error).message ?? String(e) };
  }
}

function outcomeOf(stop: StopReason): ServeOutcome {
  if (stop.kind === 'poweroff') return { kind: 'poweroff', code: stop.code };
  if (stop.kind === 'reset') return { kind: 'reset' };
  return { kind: 'error', message: stop.kind === 'error' ? stop.message : `unexpected final stop ${stop.kind}` };
}
