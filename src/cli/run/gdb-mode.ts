/**
 * `kvmdbg run --gdb`: the guest is served to a debugger until it ends, the debugger kills it, a limit
 * stops it, or Ctrl-C. `--timeout` counts wall time whether the guest runs or waits for the debugger.
 */
import { serveGdb, type ServeOutcome } from '../../gdbstub/index.ts';
import type { ElfImage } from '../../vmm/elf.ts';
import type { VmmTarget } from '../../vmm/target.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_LIMIT, EXIT_OK, EXIT_RESET } from '../exit-codes.ts';
import { gdbTarget } from '../gdb-target.ts';
import { UsageError, type CliIo } from '../io.ts';
import type { RunLimits } from './limits.ts';
import { symbolize } from './stop-text.ts';
import type { UartSink } from './uart-sink.ts';

export interface GdbModeOptions {
  address: { host: string; port: number };
  waitForGdb: boolean;
  /** True when the caller reports why the VM ended itself (say nothing of an 'error' end then). */
  quiet?: () => boolean;
}

/** Why listening failed, in words: the address is taken, not this machine's, or not a name at all. */
function listenError(address: GdbModeOptions['address'], e: NodeJS.ErrnoException): UsageError {
  const why: Record<string, string> = {
    EADDRINUSE: 'the port is already in use',
    EADDRNOTAVAIL: 'the address is not one of this machine\'s',
    EACCES: 'permission denied (ports below 1024 need privileges)',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name does not resolve (name lookup failed)',
  };
  const text = (e.code && why[e.code]) ?? e.message;
  return new UsageError(`--gdb ${address.host}:${address.port}: cannot listen: ${text}${e.code ? ` (${e.code})` : ''}`);
}

export async function runWithGdb(
  opts: GdbModeOptions, target: VmmTarget, image: ElfImage, limits: RunLimits, uart: UartSink, io: CliIo,
): Promise<number> {
  const log = (m: string): void => {
    uart.flush();
    io.err(`kvmdbg: ${m}\n`);
  };
  let gdb;
  try {
    gdb = await serveGdb(gdbTarget(target, image.symbols), { ...opts.address, waitForAttach: opts.waitForGdb, log });
  } catch (e) {
    throw listenError(opts.address, e as NodeJS.ErrnoException);
  }
  let onSigint = (): void => {};
  const sigint = new Promise<'sigint'>((r) => { onSigint = () => r('sigint'); });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((r) => {
    const ms = limits.remainingMs();
    if (ms !== undefined) timer = setTimeout(() => r('timeout'), ms);
  });
  process.on('SIGINT', onSigint);
  try {
    const end: ServeOutcome | 'sigint' | 'timeout' = await Promise.race([gdb.finished, sigint, timeout]);
    uart.flush();
    if (end === 'sigint' || end === 'timeout') {
      target.kill();
      await gdb.close();
      if (end === 'sigint') return EXIT_INTERRUPTED;
      io.err(`kvmdbg: stopped: ${limits.timeoutText()}\n`);
      return EXIT_LIMIT;
    }
    const last = target.lastStopReason();
    if (last?.kind === 'limit') {
      io.err(`kvmdbg: stopped: ${limits.describe(last)} at ${symbolize(image, last.pc)}\n`);
      return EXIT_LIMIT;
    }
    if (end.kind === 'error' && !opts.quiet?.()) io.err(`kvmdbg: ${end.message}\n`);
    return end.kind === 'poweroff' || end.kind === 'killed' ? EXIT_OK : end.kind === 'reset' ? EXIT_RESET : EXIT_FAILED;
  } finally {
    clearTimeout(timer);
    process.off('SIGINT', onSigint);
  }
}
