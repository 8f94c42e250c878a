/**
 * The fuzzer's two ends of the GDB stub: the `kvmdbg run GUEST --gdb 127.0.0.1:0 -S` process it attacks
 * (spawned like a user would, its stderr kept for the report, its peak RSS read from /proc), and a raw
 * TCP client that writes whatever it is given and watches the replies.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { rssKb } from './common.ts';

export const KVMDBG = fileURLToPath(new URL('../../bin/kvmdbg.js', import.meta.url));

/** A running stub process. */
export class StubProcess {
  readonly child: ChildProcess;
  port = 0;
  /** The last 64 KiB of its stderr, and how many bytes it wrote in all. */
  stderr = '';
  stderrBytes = 0;
  exit: { status: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly exited: Promise<void>;

  private constructor(args: string[], log?: string) {
    this.child = spawn(process.execPath, [KVMDBG, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child.stderr!.on('data', (d: Buffer) => {
      if (log) appendFileSync(log, d);
      this.stderrBytes += d.length;
      this.stderr = (this.stderr + d.toString('latin1')).slice(-65536);
    });
    this.exited = new Promise((resolve) => this.child.on('close', (status, signal) => {
      this.exit = { status, signal };
      resolve();
    }));
  }

  /** Starts `kvmdbg run GUEST --gdb 127.0.0.1:0 -S` and waits until it listens. */
  static async start(guest: string, log?: string, timeoutMs = 180_000): Promise<StubProcess> {
    const s = new StubProcess(['run', guest, '--gdb', '127.0.0.1:0', '-S'], log);
    const t0 = Date.now();
    while (!s.exit && Date.now() - t0 < timeoutMs) {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(s.stderr);
      if (m) {
        s.port = Number(m[1]);
        return s;
      }
      await sleep(20);
    }
    s.child.kill('SIGKILL');
    throw new Error(`kvmdbg did not start listening: ${s.stderr.slice(-2000)}`);
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  /** Whether it is burning CPU: its state letter from /proc (R running, S sleeping...). */
  state(): string {
    try {
      return readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').replace(/^.*\) /, '')[0] ?? '?';
    } catch {
      return '?';
    }
  }

  /** CPU seconds the process has used (utime + stime from /proc, 100 ticks a second). */
  cpuSeconds(): number {
    try {
      const f = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      return (Number(f[11]) + Number(f[12])) / 100;
    } catch {
      return 0;
    }
  }

  /**
   * Waits for `pred` on `c` as long as the stub could still be working on it: until it has used `cpuS`
   * seconds of CPU without the answer (on a loaded machine a niced stub may wait long for a CPU, which is
   * no hang of its own), or has used none and sent nothing for `idleS` seconds, or `wallS` seconds have
   * passed, or the connection or the process ended.
   */
  async answer(c: RawClient, pred: (text: string) => boolean, cpuS = 10, wallS = 300, idleS = 15): Promise<boolean> {
    const cpu0 = this.cpuSeconds();
    const end = Date.now() + wallS * 1000;
    let last = { cpu: cpu0, received: c.received, at: Date.now() };
    while (Date.now() < end) {
      if (await c.waitFor(pred, 1000)) return true;
      const cpu = this.cpuSeconds();
      if (c.closed || !this.alive || cpu - cpu0 > cpuS) return pred(c.text);
      // neither working nor sending while the answer is due: stuck, however loaded the machine is
      if (cpu !== last.cpu || c.received !== last.received) last = { cpu, received: c.received, at: Date.now() };
      else if (Date.now() - last.at > idleS * 1000) return false;
    }
    return false;
  }

  /** Peak resident set (VmHWM) so far, in kB. */
  peakKb(): number | undefined {
    return this.child.pid === undefined ? undefined : rssKb(this.child.pid)?.hwm;
  }

  /** Waits up to `ms` for the process to end by itself. */
  async waitExit(ms: number): Promise<boolean> {
    await Promise.race([this.exited, sleep(ms)]);
    return !this.alive;
  }

  async stop(): Promise<void> {
    if (!this.alive) return;
    this.child.kill('SIGINT');
    if (!(await this.waitExit(10_000))) {
      this.child.kill('SIGKILL');
      await this.exited;
    }
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A raw RSP client connection. */
export class RawClient {
  /** The tail of what the stub sent (latin1), and how much it sent in all. */
  text = '';
  received = 0;
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly sock: Socket) {
    sock.on('data', (d: Buffer) => {
      this.received += d.length;
      this.text = (this.text + d.toString('latin1')).slice(-262144);
      this.wake();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake();
    });
    sock.on('error', () => undefined);
  }

  static open(port: number, timeoutMs = 10_000): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const sock = connect(port, '127.0.0.1');
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error(`connect to 127.0.0.1:${port} timed out`));
      }, timeoutMs);
      sock.once('connect', () => {
        clearTimeout(timer);
        sock.setNoDelay(true);
        resolve(new RawClient(sock));
      });
      sock.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Writes and resolves once the kernel took it (or the socket closed): the client's own back-pressure. */
  write(data: string): Promise<void> {
    if (this.sock.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      if (this.sock.write(data, 'latin1')) resolve();
      else {
        const done = (): void => {
          this.sock.off('drain', done);
          this.sock.off('close', done);
          resolve();
        };
        this.sock.once('drain', done);
        this.sock.once('close', done);
      }
    });
  }

  /** Resolves true once `pred(text)` holds, false after `ms` or when the connection closed without it. */
  async waitFor(pred: (text: string) => boolean, ms: number): Promise<boolean> {
    const end = Date.now() + ms;
    for (;;) {
      if (pred(this.text)) return true;
      if (this.closed) return false;
      const left = end - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  pause(): void { this.sock.pause(); }
  resume(): void { this.sock.resume(); }
  /** An abrupt end (RST when data is unread). */
  destroy(): void { this.sock.destroy(); }
  /** A clean end (FIN). */
  end(): void { this.sock.end(); }
}
