import type { Connection } from './connection.ts';

/** The client end of an in-memory pipe: what a test or the fuzzer holds. */
export interface PipeClient {
  send(data: string | Uint8Array): void;
  /** Everything the stub wrote so far, as latin1 text; `take()` also clears it. */
  received(): string;
  take(): string;
  /** Resolves when the stub's output contains `pattern` (checked after each write). */
  waitFor(pattern: RegExp | string | ((s: string) => boolean), timeoutMs?: number): Promise<string>;
  /** Hang up (the stub sees onClose). */
  close(): void;
  readonly closed: boolean;
}

/**
 * An in-memory duplex pipe. Delivery to the stub is asynchronous (a microtask), like a socket, so a
 * test cannot observe re-entrancy a real client could not produce. What the client sends waits while
 * the stub has paused reading or has no reader yet. The stub's output counts as unread until the client
 * `take()`s it: beyond `writeBound` characters the connection is congested.
 */
export function createPipe(opts: { writeBound?: number } = {}): { client: PipeClient; server: Connection } {
  const writeBound = opts.writeBound ?? Infinity;
  let out = '';
  let dataCb: ((d: Uint8Array) => void) | undefined;
  const closeCbs: (() => void)[] = [];
  const drainCbs: (() => void)[] = [];
  const waiting: Uint8Array[] = [];
  let paused = false;
  let closed = false;
  const deliver = (): void => {
    while (!paused && !closed && dataCb && waiting.length) dataCb(waiting.shift()!);
  };
  const waiters: { test: (s: string) => boolean; resolve: (s: string) => void }[] = [];

  const check = (): void => {
    for (let i = 0; i < waiters.length; i++) {
      if (waiters[i]!.test(out)) {
        const [w] = waiters.splice(i, 1);
        i--;
        w!.resolve(out);
      }
    }
  };
  const doClose = (): void => {
    if (closed) return;
    closed = true;
    queueMicrotask(() => { for (const cb of closeCbs) cb(); });
  };

  const server: Connection = {
    peer: 'pipe',
    write(data) { if (!closed) { out += data; check(); } },
    close: doClose,
    onData(cb) { dataCb = cb; queueMicrotask(deliver); },
    onClose(cb) { closeCbs.push(cb); },
    get congested() { return out.length > writeBound; },
    pause() { paused = true; },
    resume() { paused = false; queueMicrotask(deliver); },
    onDrain(cb) { drainCbs.push(cb); },
  };
  const client: PipeClient = {
    send(data) {
      if (closed) return;
      waiting.push(typeof data === 'string' ? Uint8Array.from(data, (c) => c.charCodeAt(0) & 0xff) : data);
      queueMicrotask(deliver);
    },
    received: () => out,
    take() {
      const s = out;
      const was = out.length > writeBound;
      out = '';
      if (was) for (const cb of drainCbs) cb();
      return s;
    },
    waitFor(pattern, timeoutMs = 5000) {
      const test = typeof pattern === 'string' ? (s: string) => s.includes(pattern)
        : typeof pattern === 'function' ? pattern : (s: string) => pattern.test(s);
      if (test(out)) return Promise.resolve(out);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${String(pattern)}; got ${JSON.stringify(out)}`)), timeoutMs);
        waiters.push({ test, resolve: (s) => { clearTimeout(timer); resolve(s); } });
      });
    },
    close: doClose,
    get closed() { return closed; },
  };
  return { client, server };
}
