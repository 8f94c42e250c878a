/** `kvmdbg run --gdb`: the guest is served to a debugger until it ends, the debugger kills it, or Ctrl-C. */
import { serveGdb, type ServeOutcome } from '../../gdbstub/index.ts';
import type { VmmTarget } from '../../vmm/target.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_LIMIT, EXIT_OK, EXIT_RESET } from '../exit-codes.ts';
import { gdbTarget } from '../gdb-target.ts';
import type { CliIo } from '../io.ts';
import type { RunLimits } from './limits.ts';
import type { UartSink } from './uart-sink.ts';

export interface GdbModeOptions {
  address: { host: string; port: number };
  waitForGdb: boolean;
}

export async function runWithGdb(opts: GdbModeOptions, target: VmmTarget, limits: RunLimits, uart: UartSink, io: CliIo): Promise<number> {
  const log = (m: string): void => {
    uart.flush();
    io.err(`kvmdbg: ${m}\n`);
  };
  const gdb = await serveGdb(gdbTarget(target), { ...opts.address, waitForAttach: opts.waitForGdb, log });
  let onSigint = (): void => {};
  const sigint = new Promise<'sigint'>((r) => { onSigint = () => r('sigint'); });
  process.on('SIGINT', onSigint);
  try {
    const end: ServeOutcome | 'sigint' = await Promise.race([gdb.finished, sigint]);
    uart.flush();
    if (end === 'sigint') {
      target.kill();
      await gdb.close();
      return EXIT_INTERRUPTED;
    }
    if (end.kind === 'error') io.err(`kvmdbg: ${end.message}\n`);
    return end.kind === 'poweroff' || end.kind === 'killed' ? EXIT_OK : end.kind === 'reset' ? EXIT_RESET
      : limits.hit ? EXIT_LIMIT : EXIT_FAILED;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
