/**
 * kvmdbg's GDB stub: `serveGdb()` puts a Target behind a GDB Remote Serial Protocol server
 * (like QEMU's `-gdb tcp::PORT`, with `waitForAttach` as `-S`).
 *
 * @module
 */
import { GdbServer, type ServeOutcome } from './core/server.ts';
import type { Target } from './target.ts';
import { listenTcp } from './transport/tcp.ts';

export type { ServeOutcome } from './core/server.ts';
export { GdbServer } from './core/server.ts';
export type * from './target.ts';
export { parseGdbAddress } from './address.ts';

export interface ServeGdbOptions {
  /** Address to listen on; 127.0.0.1 unless another is given explicitly. */
  host?: string;
  /** TCP port; 0 picks a free one (see `port` in the result). */
  port: number;
  /** Like QEMU's -S: keep the guest halted before its first instruction until a debugger attaches. */
  waitForAttach: boolean;
  log: (line: string) => void;
  /** How long a client that connects while another is attached waits for it to go (default 2 s). */
  takeoverWaitMs?: number;
}

export interface GdbServeHandle {
  host: string;
  port: number;
  /** Resolves when the VM has ended (power-off, reset, kill, VMM error); the listener is closed then. */
  finished: Promise<ServeOutcome>;
  /** Stop listening and drop any client (the VM is left as it is). */
  close(): Promise<void>;
}

export async function serveGdb(target: Target, opts: ServeGdbOptions): Promise<GdbServeHandle> {
  const server = new GdbServer(target, { log: opts.log, takeoverWaitMs: opts.takeoverWaitMs });
  const host = opts.host ?? '127.0.0.1';
  const listener = await listenTcp(host, opts.port, (c) => server.accept(c));
  opts.log(`gdbstub: listening on ${host}:${listener.port}` +
    (opts.waitForAttach ? ' (guest halted until a debugger attaches)' : ''));
  if (!opts.waitForAttach) server.runFree();
  const finished = server.finished.then(async (o) => {
    await listener.close();
    return o;
  });
  return { host, port: listener.port, finished, close: () => listener.close() };
}
