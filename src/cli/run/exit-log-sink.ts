/** `--exit-log FILE` and `--trace-exits`: every KVM_RUN return, as a JSON line to the file and a line on stderr. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { exitJson, exitTrace } from '../../vmm/exit-log.ts';
import type { Machine } from '../../vmm/machine.ts';
import { errnoText, UsageError, type CliIo } from '../io.ts';
import type { RunOptions } from './options.ts';
import type { UartSink } from './uart-sink.ts';

/** Writing the exit log failed: the run stops (thrown out of the exit hook, so out of KVM_RUN's caller). */
export class ExitLogFailed extends Error {
  override name = 'ExitLogFailed';
}

export class ExitLogSink {
  /** Records written so far. */
  records = 0;
  /** Why writing stopped, with the count of records written; undefined while all is well. */
  failure: string | undefined;

  private constructor(private fd: number | undefined, private readonly path: string | undefined) {}

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
    const sink = new ExitLogSink(fd, o.exitLog);
    machine.onExit = (record, exit) => {
      if (sink.fd !== undefined) sink.write(exitJson(record, exit) + '\n');
      if (o.traceExits) {
        uart.flush();
        io.err(exitTrace(record, exit) + '\n');
      }
    };
    return sink;
  }

  private write(line: string): void {
    try {
      writeSync(this.fd!, line);
    } catch (e) {
      const n = this.records;
      this.failure = `--exit-log '${this.path}': writing record ${n + 1} failed: ${errnoText(e)}; ${n} record${n === 1 ? '' : 's'} written`;
      this.close();
      throw new ExitLogFailed(this.failure);
    }
    this.records++;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
