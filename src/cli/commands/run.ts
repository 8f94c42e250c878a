/**
 * `kvmdbg run`: build the virt machine on the KVM model (or /dev/kvm), load a guest ELF and run it, with
 * the UART on stdout, optionally under scripted debugging (--break/--hbreak/--watch/--step) or a GDB
 * stub (--gdb), with every KVM_RUN return logged (--exit-log, --trace-exits). The parts live in
 * cli/run/: options, guest and backend, debug options, exit log, limits, the two run modes.
 */
import { VmmTarget } from '../../vmm/target.ts';
import { EXIT_OK } from '../exit-codes.ts';
import type { CliIo, Command } from '../io.ts';
import { plantDebugOptions } from '../run/debug-options.ts';
import { ExitLogSink } from '../run/exit-log-sink.ts';
import { runWithGdb } from '../run/gdb-mode.ts';
import { loadGuest } from '../run/guest.ts';
import { RunLimits } from '../run/limits.ts';
import { HELP, parseRunOptions, type RunOptions } from '../run/options.ts';
import { runScripted } from '../run/scripted-mode.ts';

async function runGuest(o: RunOptions, io: CliIo): Promise<number> {
  const { sys, machine, image, uart } = await loadGuest(o, io);
  const limits = new RunLimits(o, machine, sys.backendName);
  const target = new VmmTarget(machine, { rawControl: o.guestDebug, checkLimit: limits.check });
  plantDebugOptions(o, target, image);
  const exitLog = ExitLogSink.attach(o, machine, uart, io);
  try {
    return o.gdb
      ? await runWithGdb({ address: o.gdb, waitForGdb: o.waitForGdb }, target, limits, uart, io)
      : await runScripted({ steps: o.step, verbose: o.verbose }, target, image, limits, uart, io);
  } finally {
    uart.flush();
    exitLog.close();
  }
}

export const command: Command = {
  async run(argv, io) {
    const o = parseRunOptions(argv);
    if (o === 'help') {
      io.out(HELP);
      return EXIT_OK;
    }
    return runGuest(o, io);
  },
};
