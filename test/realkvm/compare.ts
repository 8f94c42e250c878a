/**
 * Exit-log comparison between `kvmdbg run --backend real` and `--backend model --host-kernel 6.1` on the same
 * guest and options. Both logs are the VMM's --exit-log JSON lines (src/vmm/exit-log.ts), one per
 * KVM_RUN return. Compared byte for byte, after two normalisations that both follow from timing, not
 * from the kernel:
 *   - returns with errno EINTR are dropped: they come from the VMM's periodic SIGALRM (setTimerSignal),
 *     so how many there are and where depends on wall-clock speed, which differs between the backends;
 *   - returns with exit_reason KVMDBG_EXIT_INSN_BUDGET (0x6b640001) are dropped: only the model has the
 *     instruction budget, which the VMM's deterministic scheduler arms for each vCPU's turn;
 *   - so the running number `n` is dropped from every line.
 * Where QEMU's CPU model, whose ESR/FAR KVM copies verbatim, deviates from the architecture the model
 * follows, an explicit exception (EXCEPTIONS) names the scenario, the exact line on each side and why.
 */

export interface ExitLogException {
  scenario: string;
  /** The normalised real line and model line this exception accepts, exactly. */
  real: string;
  model: string;
  reason: string;
}

/** Reviewed differences. Each must match a real difference in the run, or it is reported as stale. */
export const EXCEPTIONS: readonly ExitLogException[] = [];

export function normaliseExitLog(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line) as { errno: string | null; exit_reason: number };
    if (o.errno === 'EINTR' || o.exit_reason === 0x6b640001) continue;
    out.push(line.replace(/^\{"n":\d+,/, '{'));
  }
  return out;
}

export interface LogDiff {
  index: number;
  real: string | undefined;
  model: string | undefined;
}

export interface Comparison {
  realLines: number;
  modelLines: number;
  /** Differences not covered by an exception. */
  diffs: LogDiff[];
  /** Exceptions that matched. */
  excused: ExitLogException[];
}

export function compareExitLogs(scenario: string, real: string, model: string, exceptions = EXCEPTIONS): Comparison {
  const r = normaliseExitLog(real);
  const m = normaliseExitLog(model);
  const diffs: LogDiff[] = [];
  const excused: ExitLogException[] = [];
  for (let i = 0; i < Math.max(r.length, m.length); i++) {
    if (r[i] === m[i]) continue;
    const ex = exceptions.find((x) => x.scenario === scenario && x.real === r[i] && x.model === m[i]);
    if (ex) excused.push(ex);
    else diffs.push({ index: i, real: r[i], model: m[i] });
  }
  return { realLines: r.length, modelLines: m.length, diffs, excused };
}
