/**
 * RSP over TCP. Every accepted socket gets TCP_NODELAY: RSP is a ping-pong of small packets, and with
 * Nagle's algorithm each reply waits for the peer's delayed ACK (about 40 ms per round trip). A socket
 * with more than WRITE_BOUND bytes waiting to be sent is congested (see connection.ts).
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Connection } from './connection.ts';

/** Bytes of replies the stub lets wait for a client that does not read (beyond the kernel's buffers). */
export const WRITE_BOUND = 1 << 20;

export function socketConnection(sock: Socket): Connection {
  sock.setNoDelay(true);
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
      if (!sock.destroyed) sock.write(data, 'latin1');
    },
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
