/**
 * RSP over TCP. Every accepted socket gets TCP_NODELAY: RSP is a ping-pong of small packets, and with
 * Nagle's algorithm each reply waits for the peer's delayed ACK (about 40 ms per round trip). A socket
 * with more than WRITE_BOUND bytes waiting to be sent is congested (see connection.ts).
 *
 * After each write the connection lingers: for LINGER_MS it keeps the event loop turning (a chain of
 * setImmediate, so each turn polls the sockets without blocking) instead of letting the process sleep
 * in epoll_wait. A debugger answers most replies with its next request within a few hundred
 * microseconds (gdb's stepi is nine round trips: vCont, six memory reads, the thread list), and a
 * process that slept must be woken for each one; on the 2-core VM the benchmarks run on, that wake-up
 * was ~35 µs of every round trip, and lingering raised gdb's stepi rate on a booted kernel by about a
 * tenth (bench/gdb-stepi-kernel.ts). The cost is at most LINGER_MS of CPU after the last reply of a burst.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Connection } from './connection.ts';

/** Bytes of replies the stub lets wait for a client that does not read (beyond the kernel's buffers). */
export const WRITE_BOUND = 1 << 20;

/** How long after a write the connection polls for the next request before letting the process sleep. */
export const LINGER_MS = 1;

export interface SocketOptions {
  /** Milliseconds to linger after each write; 0 never lingers. Default LINGER_MS. */
  lingerMs?: number;
  /** The clock the linger is measured on (milliseconds); default performance.now. */
  now?: () => number;
}

/** A Connection that also says whether it is lingering after a write (for tests). */
export interface SocketConnection extends Connection {
  readonly lingering: boolean;
}

export function socketConnection(sock: Socket, opts: SocketOptions = {}): SocketConnection {
  sock.setNoDelay(true);
  const lingerMs = opts.lingerMs ?? LINGER_MS;
  const now = opts.now ?? ((): number => performance.now());
  let lingerUntil = 0;
  let lingering = false;
  const turn = (): void => {
    if (sock.destroyed || now() >= lingerUntil) {
      lingering = false;
      return;
    }
    setImmediate(turn);
  };
  const peer = `${sock.remoteAddress ?? '?'}:${sock.remotePort ?? '?'}`;
  let closed = false;
  const closeCbs: (() => void)[] = [];
  const fire = (): void => {
    if (closed) return;
    closed = true;
    for (const cb of closeCbs) cb();
  };
  sock.on('close', fire);
  sock.on('error', () => sock.destroy());
  return {
    peer,
    write(data) {
      if (sock.destroyed) return;
      sock.write(data, 'latin1');
      if (lingerMs <= 0) return;
      lingerUntil = now() + lingerMs;
      if (!lingering) {
        lingering = true;
        setImmediate(turn);
      }
    },
    get lingering() { return lingering; },
    close() {
      if (!sock.destroyed) sock.end();
      // a peer that never reads must not keep us waiting
      setTimeout(() => sock.destroy(), 1000).unref();
    },
    onData(cb) { sock.on('data', (b: Buffer) => cb(new Uint8Array(b.buffer, b.byteOffset, b.length))); },
    onClose(cb) { closeCbs.push(cb); },
    get congested() { return sock.writableLength > WRITE_BOUND; },
    pause() { sock.pause(); },
    resume() { if (!sock.destroyed) sock.resume(); },
    onDrain(cb) { sock.on('drain', cb); },
  };
}

export interface TcpListener {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on host:port (port 0 picks a free one) and hands each connection to `onConnection`. */
export function listenTcp(host: string, port: number, onConnection: (c: Connection) => void): Promise<TcpListener> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    onConnection(socketConnection(sock));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const addr = server.address();
      const bound = typeof addr === 'object' && addr ? addr.port : port;
      resolve({
        host,
        port: bound,
        close: () => new Promise((r) => {
          for (const s of sockets) s.end();
          server.close(() => r());
          // Not unref'd: a socket the stub does not read (a client waiting its turn, one paused for
          // back-pressure) holds no live handle, so without this timer the event loop could run dry
          // before server.close() reports, and `kvmdbg run` would end with Node's status 13.
          setTimeout(() => { for (const s of sockets) s.destroy(); }, 500);
        }),
      });
    });
  });
}
