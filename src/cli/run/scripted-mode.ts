/**
 * `kvmdbg run` without --gdb: the guest runs with the breakpoints and watchpoints of the command line;
 * each debug stop is reported on stderr (a run of identical stops folded into one line and a count) and
 * the guest resumes as a debugger would. `--step N` single-steps the first N instructions. Ctrl-C, the
 * timeout and the instruction limit end the run between any two stops.
 */
import type { ElfImage } from '../../vmm/elf.ts';
import type { VmmTarget } from '../../vmm/target.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_LIMIT, EXIT_OK, EXIT_RESET } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import type { RunLimits } from './limits.ts';
import { RepeatFilter } from './repeat-filter.ts';
import { describeStop, symbolize } from './stop-text.ts';
import type { UartSink } from './uart-sink.ts';

export interface ScriptedOptions {
  steps: number;
  verbose: boolean;
  /** The user asked to quit at the console (Ctrl-A x): an interruption that ends the run normally. */
  quitRequested?: () => boolean;
}

export async function runScripted(opts: ScriptedOptions, target: VmmTarget, image: ElfImage, limits: RunLimits, uart: UartSink, io: CliIo): Promise<number> {
  let sigint = false;
  const onSigint = (): void => {
    sigint = true;
    target.interrupt();
  };
  const report = new RepeatFilter((line) => io.err(`kvmdbg: ${line}\n`));
  const final = (line: string, status: number): number => {
    report.flush();
    io.err(`kvmdbg: ${line}\n`);
    return status;
  };
  process.on('SIGINT', onSigint);
  try {
    let steps = opts.steps;
    for (;;) {
      const stop = await target.resume(steps > 0 ? 'step' : 'continue');
      if (stop.kind === 'step' && steps > 0) steps--;
      uart.flush();
      switch (stop.kind) {
        case 'poweroff':
          report.flush();
          if (opts.verbose) io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
          return EXIT_OK;
        case 'reset':
          return final(describeStop(stop, image), EXIT_RESET);
        case 'error':
          return final(describeStop(stop, image), EXIT_FAILED);
        case 'limit':
          return final(`stopped: ${limits.describe(stop)} at ${symbolize(image, stop.pc)}`, EXIT_LIMIT);
        case 'interrupted':
          if (opts.quitRequested?.()) return final('terminated (Ctrl-A x)', EXIT_OK);
          return final(describeStop(stop, image), EXIT_INTERRUPTED);
        default:
          report.line(describeStop(stop, image, target.vcpuCount() > 1 ? target.stoppedVcpu() : undefined));
          // a Ctrl-C or Ctrl-A x answered by this debug stop still ends the run
          if (opts.quitRequested?.()) return final('terminated (Ctrl-A x)', EXIT_OK);
          if (sigint) return final(`interrupted at ${symbolize(image, stop.pc)}`, EXIT_INTERRUPTED);
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}
