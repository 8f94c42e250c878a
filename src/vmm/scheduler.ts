/**
 * Which vCPU the VMM's one thread runs next: a round robin of turns, deterministic when the kernel counts
 * instructions for it.
 *
 * With KVMDBG_CAP_INSN_BUDGET (the model kernel), a turn is a quantum of guest instructions: at the start
 * of vCPU i's turn the VMM reads KVM_GET_MP_STATE (a STOPPED vCPU is passed over: KVM_RUN would only sleep
 * until PSCI CPU_ON) and arms an instruction budget with KVM_ENABLE_CAP; the turn lasts until the budget
 * exit (KVMDBG_EXIT_INSN_BUDGET) or until KVM_RUN returns EINTR, which with no interval timer armed means
 * the vCPU would have slept in the kernel (a WFI with nothing pending, CPU_OFF: kvm/signal-timer.ts).
 * MMIO exits and the like are served inside the turn. The same guest and input therefore give the same
 * interleaving, instruction for instruction; no wall-clock time decides anything.
 *
 * A budget left over when a turn ends early stays armed for that vCPU's next turn, so every instruction is
 * accounted for: an exact limit on the total (--max-insns) is shared out so that the budgets armed never
 * exceed what is left, and the run stops when the last of them is used up.
 *
 * Without the capability (Linux's /dev/kvm), turns end at the EINTR of the VMM's periodic timer signal:
 * every vCPU gets its share, but where a turn ends depends on wall-clock time.
 */
import { KVM_MP_STATE_STOPPED, KVMDBG_CAP_INSN_BUDGET, KvmError, encodeEnableCap } from '../abi/index.ts';
import { VmmError, type Machine } from './machine.ts';

/** Guest instructions per turn by default. */
export const DEFAULT_QUANTUM = 1 << 16;

export interface SchedulerOptions {
  /** Instructions per turn (deterministic mode). */
  quantum?: number;
  /** Stop after exactly this many guest instructions of all vCPUs together. */
  limit?: number;
  /** The most instructions a budget armed now may have (an event due then, e.g. scripted input). */
  cap?: () => number;
}

/** Why no vCPU can run. */
export type NoTurn = 'all-stopped' | 'limit';

/** How a KVM_RUN return bears on the turn. */
export type TurnEvent = 'budget' | 'blocked' | 'other';

export class Scheduler {
  /** Turns are instruction quanta (KVMDBG_CAP_INSN_BUDGET), not timer ticks. */
  readonly deterministic: boolean;
  private readonly quantum: number;
  private readonly limit: number | undefined;
  /** The vCPU whose turn it is (or was last). */
  current = 0;
  private inTurn = false;
  private started = false;
  /** Per vCPU: the budget armed and not yet used up (0: none). */
  private readonly armed: number[];
  /** Instructions of budgets used up. */
  private committed = 0;
  /** Turns in a row that ended with the vCPU blocked. */
  private blockedTurns = 0;

  constructor(private readonly machine: Machine, private readonly opts: SchedulerOptions = {}) {
    this.deterministic = machine.vm.checkExtension(KVMDBG_CAP_INSN_BUDGET) > 0;
    this.quantum = opts.quantum ?? DEFAULT_QUANTUM;
    if (!Number.isSafeInteger(this.quantum) || this.quantum < 1) throw new RangeError(`quantum ${this.quantum}`);
    this.limit = opts.limit;
    if (this.limit !== undefined && !this.deterministic) {
      throw new VmmError(`this kernel (${machine.sys.kernelDescription}) counts no guest instructions for a VMM: ` +
        'an exact instruction limit needs KVMDBG_CAP_INSN_BUDGET, which only the KVM model has');
    }
    this.armed = machine.vcpus.map(() => 0);
  }

  /** Every runnable vCPU's last turn ended blocked: the guest waits for something outside it. */
  get allIdle(): boolean {
    return this.blockedTurns > 0 && this.blockedTurns >= this.machine.vcpus.length;
  }

  /** The instruction limit is used up exactly. */
  get limitReached(): boolean {
    return this.limit !== undefined && this.committed >= this.limit;
  }

  /** The vCPU to run now: the current turn's, or the next one able to run (whose turn then starts). */
  pick(): number | NoTurn {
    if (this.inTurn) return this.current;
    const n = this.machine.vcpus.length;
    let anyRunnable = false;
    for (let k = 0; k < n; k++) {
      const i = this.started ? (this.current + 1 + k) % n : k;
      if (this.machine.mpState(i) === KVM_MP_STATE_STOPPED) continue;
      anyRunnable = true;
      if (this.deterministic && this.armed[i] === 0) {
        const grant = this.grant(i);
        if (grant === 0) continue;
        this.arm(i, grant);
      }
      this.started = true;
      this.current = i;
      this.inTurn = true;
      return i;
    }
    return anyRunnable || this.limitReached ? 'limit' : 'all-stopped';
  }

  /**
   * Run vCPU `i` alone (a debugger's single step): its budget is armed if it has none, and the turn it
   * starts is its own. Returns 'limit' when the instruction limit leaves nothing to run.
   */
  pickOnly(i: number): number | 'limit' {
    if (this.deterministic && this.armed[i] === 0) {
      const grant = this.grant(i);
      if (grant === 0) return 'limit';
      this.arm(i, grant);
    }
    this.started = true;
    this.current = i;
    this.inTurn = true;
    return i;
  }

  /** After a KVM_RUN of the current vCPU: the budget exit or a blocked vCPU ends its turn. */
  after(event: TurnEvent): void {
    const i = this.current;
    if (event === 'budget') {
      this.committed += this.armed[i]!;
      this.armed[i] = 0;
      this.inTurn = false;
      this.blockedTurns = 0;
    } else if (event === 'blocked') {
      this.inTurn = false;
      this.blockedTurns++;
    }
  }

  /**
   * The vCPUs ran on someone else's budgets (history re-executed the recorded schedule): every turn is
   * over and no budget is outstanding; the next pick starts a fresh turn. Instructions of budgets not used
   * up were run by then, so they count as used towards the limit.
   */
  abandonTurns(): void {
    for (let i = 0; i < this.armed.length; i++) {
      this.committed += this.armed[i]!;
      this.armed[i] = 0;
    }
    this.inTurn = false;
    this.blockedTurns = 0;
  }

  /** The most the next budget of vCPU i may be: the quantum, or what the limit leaves beside the others' budgets. */
  private grant(i: number): number {
    const cap = this.opts.cap?.() ?? Infinity;
    if (this.limit === undefined) return Math.min(this.quantum, cap);
    const outstanding = this.armed.reduce((a, b, j) => (j === i ? a : a + b), 0);
    return Math.max(0, Math.min(this.quantum, cap, this.limit - this.committed - outstanding));
  }

  /** KVM_ENABLE_CAP(KVMDBG_CAP_INSN_BUDGET, n) on vCPU i. */
  private arm(i: number, n: number): void {
    try {
      this.machine.vcpus[i]!.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [BigInt(n)] }, this.machine.endian));
    } catch (e) {
      if (e instanceof KvmError) throw new VmmError(`KVM_ENABLE_CAP(KVMDBG_CAP_INSN_BUDGET, ${n}) on vCPU ${i} failed: ${e.errno}`);
      throw e;
    }
    this.armed[i] = n;
  }
}
