/**
 * `kvmdbg run` without --gdb: the guest runs with the breakpoints and watchpoints of the command line;
 * each debug stop is reported on stderr and the guest resumes as a debugger would. `--step N` single-steps
 * the first N instructions.
 */
import type { ElfImage } from '../../vmm/elf.ts';
import type { VmmTarget } from '../../vmm/target.ts';
import { EXIT_FAILED, EXIT_INTERRUPTED, EXIT_LIMIT, EXIT_OK, EXIT_RESET } from '../exit-codes.ts';
import type { CliIo } from '../io.ts';
import type { RunLimits } from './limits.ts';
import { describeStop } from './stop-text.ts';
import type { UartSink } from './uart-sink.ts';

export interface ScriptedOptions {
  steps: number;
  verbose: boolean;
}

export async function runScripted(opts: ScriptedOptions, target: VmmTarget, image: ElfImage, limits: RunLimits, uart: UartSink, io: CliIo): Promise<number> {
  const onSigint = (): void => target.interrupt();
  process.on('SIGINT', onSigint);
  try {
    let steps = opts.steps;
    for (;;) {
      const stop = await target.resume(steps > 0 ? 'step' : 'continue');
      if (stop.kind === 'step' && steps > 0) steps--;
      uart.flush();
      switch (stop.kind) {
        case 'poweroff':
          if (opts.verbose) io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
          return EXIT_OK;
        case 'reset':
          io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
          return EXIT_RESET;
        case 'error':
          io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
          return limits.hit ? EXIT_LIMIT : EXIT_FAILED;
        case 'interrupted':
          io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
          return EXIT_INTERRUPTED;
        default:
          io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}
