/**
 * `kvmdbg run`: build the virt machine on the KVM model (or /dev/kvm), load a guest ELF and run it, with
 * the UART on stdout, optionally under scripted debugging (--break/--hbreak/--watch/--step) or a GDB
 * stub (--gdb), with every KVM_RUN return logged (--exit-log, --trace-exits). The parts live in
 * cli/run/: options, guest and backend, debug options, exit log, limits, the two run modes.
 */
import { VmmError } from '../../vmm/machine.ts';
import { VmmTarget } from '../../vmm/target.ts';
import { EXIT_FAILED, EXIT_OK } from '../exit-codes.ts';
import { UsageError, type CliIo, type Command } from '../io.ts';
import { attachConsoleStdin } from '../run/console-stdin.ts';
import { plantDebugOptions } from '../run/debug-options.ts';
import { ExitLogFailed, ExitLogSink } from '../run/exit-log-sink.ts';
import { loadGuest } from '../run/guest.ts';
import { historyOptions, writeInputEvents } from '../run/history-options.ts';
import { RunLimits } from '../run/limits.ts';
import { HELP, parseRunOptions, type RunOptions } from '../run/options.ts';
import { runScripted } from '../run/scripted-mode.ts';
import { RunStats } from '../run/stats.ts';

/**
 * --idle: given, or 'wait' for a person at a terminal (an idle guest at its prompt must not keep a host
 * CPU busy, nor run its clock ahead of the wall clock), and 'skip' for everything else: piped input and
 * tests finish sooner, a --replay delivers its input at recorded counts, and under --gdb the debugger
 * decides when the guest runs (both give the same run; only wall time differs).
 */
function idleMode(o: RunOptions, io: CliIo): 'wait' | 'skip' {
  if (o.idle) return o.idle;
  return io.stdin?.isTTY === true && o.gdb === undefined && o.replay === undefined ? 'wait' : 'skip';
}

async function runGuest(o: RunOptions, io: CliIo): Promise<number> {
  const { machine, image, uart } = await loadGuest(o, io);
  const stats = o.stats ? new RunStats(machine) : undefined;
  const limits = new RunLimits(o);
  let target: VmmTarget;
  try {
    target = new VmmTarget(machine, {
      rawControl: o.guestDebug, checkLimit: limits.check, insnBudget: limits.insnBudget, history: historyOptions(o), idle: idleMode(o, io),
    });
  } catch (e) {
    if (e instanceof VmmError) throw RunLimits.refuseMaxInsns(o, e.message);
    throw e;
  }
  plantDebugOptions(o, target, image);
  if (o.guestDebug !== 0) {
    // the kernel judges the raw control word: a refusal is a bad argument, known before the guest runs
    try {
      target.programGuestDebug();
    } catch (e) {
      if (e instanceof VmmError) throw new UsageError(`--guest-debug 0x${o.guestDebug.toString(16)}: ${e.message}`);
      throw e;
    }
  }
  const exitLog = ExitLogSink.attach(o, machine, uart, io);
  const console = io.stdin && !o.gdb ? attachConsoleStdin(io.stdin, machine, () => target.interrupt(), io.err) : undefined;
  let status: number;
  try {
    if (o.gdb) {
      // Loaded only here: the RSP server and its TCP transport are most of what --gdb adds to start-up.
      const { runWithGdb } = await import('../run/gdb-mode.ts');
      const quiet = (): boolean => exitLog.failure !== undefined;
      status = await runWithGdb({ address: o.gdb, waitForGdb: o.waitForGdb, quiet }, target, image, limits, uart, io);
    } else {
      status = await runScripted({ steps: o.step, verbose: o.verbose, quitRequested: () => console?.quitRequested ?? false },
        target, image, limits, uart, io);
    }
  } catch (e) {
    if (!(e instanceof ExitLogFailed)) throw e;
    status = EXIT_FAILED;
  } finally {
    console?.close();
    uart.flush();
    exitLog.close();
  }
  if (stats) for (const line of stats.lines(target.idleWaits)) io.err(`kvmdbg: stats: ${line}\n`);
  if (o.record !== undefined && target.history) {
    try {
      writeInputEvents(o.record, target.history.inputs);
    } catch (e) {
      throw new UsageError(`--record ${o.record}: ${(e as Error).message}`);
    }
  }
  // a log that cannot be written is a bad --exit-log argument, whichever way the guest ran
  if (exitLog.failure) throw new UsageError(exitLog.failure);
  return status;
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
