/** `--exit-log FILE` and `--trace-exits`: every KVM_RUN return, as a JSON line to the file and a line on stderr. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { exitJson, exitTrace } from '../../vmm/exit-log.ts';
import type { Machine } from '../../vmm/machine.ts';
import { UsageError, type CliIo } from '../io.ts';
import type { RunOptions } from './options.ts';
import type { UartSink } from './uart-sink.ts';

export class ExitLogSink {
  private constructor(private fd: number | undefined) {}

  /** Opens --exit-log (a usage error when it cannot be created) and hooks both views onto the machine's exits. */
  static attach(o: RunOptions, machine: Machine, uart: UartSink, io: CliIo): ExitLogSink {
    let fd: number | undefined;
    if (o.exitLog !== undefined) {
      try {
        fd = openSync(o.exitLog, 'w');
      } catch (e) {
        throw new UsageError(`cannot write --exit-log '${o.exitLog}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    }
    const sink = new ExitLogSink(fd);
    machine.onExit = (record, exit) => {
      if (sink.fd !== undefined) writeSync(sink.fd, exitJson(record, exit) + '\n');
      if (o.traceExits) {
        uart.flush();
        io.err(exitTrace(record, exit) + '\n');
      }
    };
    return sink;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
