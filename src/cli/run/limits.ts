/**
 * `--timeout` and `--max-insns`. The timeout is wall time, asked by the run loop between exits; the
 * instruction limit is exact and the kernel's: an instruction budget armed on the vCPU
 * (KVMDBG_CAP_INSN_BUDGET), which only the KVM model has, so `--backend real` refuses `--max-insns`.
 */
import type { StopReason } from '../../vmm/debug-api.ts';
import { UsageError } from '../io.ts';
import type { RunOptions } from './options.ts';

export class RunLimits {
  private readonly started = Date.now();

  constructor(private readonly o: RunOptions) {}

  /** For TargetOptions: the budget to arm on the vCPU. */
  get insnBudget(): number | undefined {
    return this.o.maxInsns;
  }

  /** For TargetOptions.checkLimit: a message once --timeout has passed. */
  check = (): string | undefined => (this.remainingMs() === 0 ? this.timeoutText() : undefined);

  timeoutText(): string {
    return `--timeout ${this.o.timeout} s reached`;
  }

  /** Milliseconds until --timeout, or undefined without one. */
  remainingMs(): number | undefined {
    return this.o.timeout === undefined ? undefined : Math.max(0, this.o.timeout * 1000 - (Date.now() - this.started));
  }

  /** How a limit stop reads: the options' own words. */
  describe(stop: Extract<StopReason, { kind: 'limit' }>): string {
    return stop.limit === 'insn-budget'
      ? `--max-insns ${this.o.maxInsns} reached (${this.o.maxInsns} instructions retired)`
      : stop.message;
  }

  /** The refusal when the kernel cannot count instructions exactly. */
  static refuseMaxInsns(o: RunOptions, why: string): UsageError {
    return new UsageError(`--max-insns ${o.maxInsns}: ${why}; --timeout S limits any backend`);
  }
}
