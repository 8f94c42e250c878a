/** `--timeout` and `--max-insns`: asked by the run loop whether to stop, and remembered once reached. */
import { UsageError } from '../io.ts';
import type { Machine } from '../../vmm/machine.ts';
import type { RunOptions } from './options.ts';

export class RunLimits {
  /** Set once a limit has stopped the guest. */
  hit = false;
  private readonly started = Date.now();

  constructor(private readonly o: RunOptions, private readonly machine: Machine, backendName: string) {
    if (o.maxInsns !== undefined && !machine.vcpu.instructionsRetired) {
      throw new UsageError(`--max-insns needs a backend that counts retired instructions; '${backendName}' does not`);
    }
  }

  /** A message when a limit is reached (the run stops with it), else undefined. */
  check = (): string | undefined => {
    const { o } = this;
    if (o.timeout !== undefined && Date.now() - this.started >= o.timeout * 1000) {
      this.hit = true;
      return `stopped: --timeout ${o.timeout} s reached`;
    }
    const retired = this.machine.vcpu.instructionsRetired?.();
    if (o.maxInsns !== undefined && retired !== undefined && retired >= o.maxInsns) {
      this.hit = true;
      return `stopped: --max-insns ${o.maxInsns} reached (${retired} instructions retired)`;
    }
    return undefined;
  };
}
