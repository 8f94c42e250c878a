/**
 * Which vCPU the VMM's one thread runs next: a round robin of turns, deterministic when the kernel counts
 * instructions for it.
 *
 * With KVMDBG_CAP_INSN_BUDGET (the model kernel), a turn is a quantum of the vCPU's own instructions
 * (KVMDBG_REG_INSN_COUNT): at the start of vCPU i's turn the VMM reads KVM_GET_MP_STATE (a STOPPED vCPU is
 * passed over: KVM_RUN would only sleep until PSCI CPU_ON) and arms an instruction budget with
 * KVM_ENABLE_CAP that ends where the turn does; the turn lasts until the vCPU's count reaches that end or
 * until KVM_RUN returns EINTR, which with no interval timer armed means the vCPU would have slept in the
 * kernel (a WFI with nothing pending, CPU_OFF: kvm/signal-timer.ts). MMIO exits and the like are served
 * inside the turn. A turn that ends early (the vCPU blocked) keeps its end: the vCPU's next turn runs to
 * it, so every quantum is spent whole.
 *
 * Where a turn ends depends on nothing but the guest: a budget may be armed shorter, to stop at an exact
 * total (--max-insns) or at the next event due (scripted input, `cap`), and the turn then goes on, with a
 * budget armed again, at the next KVM_RUN. So the same guest and input give the same interleaving,
 * instruction for instruction, whatever the limit and wherever input arrives; a run limited to N
 * instructions is the first N of the run without the limit; no wall-clock time decides anything.
 *
 * Without the capability (Linux's /dev/kvm), turns end at the EINTR of the VMM's periodic timer signal:
 * every vCPU gets its share, but where a turn ends depends on wall-clock time.
 */
import { KVM_MP_STATE_STOPPED, KVMDBG_CAP_INSN_BUDGET, KVMDBG_REG_INSN_COUNT, KvmError, encodeEnableCap } from '../abi/index.ts';
import { VmmError, type Machine } from './machine.ts';

/** Guest instructions per turn by default. */
export const DEFAULT_QUANTUM = 1 << 16;

export interface SchedulerOptions {
  /** Instructions per turn (deterministic mode). */
  quantum?: number;
  /** Stop after exactly this many guest instructions of all vCPUs together. */
  limit?: number;
  /**
   * The most instructions vCPU i may run before the VMM must look again (an event due then, e.g.
   * scripted input); it shortens the budget armed for the next KVM_RUN, never the turn.
   */
  cap?: (i: number) => number;
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
  /** Per vCPU: the instruction count its turn ends at (undefined: no turn begun or left over). */
  private readonly turnEnd: (number | undefined)[];
  /** Per vCPU: the instruction count its armed budget ends at (undefined: none armed, or not known). */
  private readonly armedEnd: (number | undefined)[];
  /**
   * Per vCPU: its instructions as last read (KVMDBG_REG_INSN_COUNT, which counts the steps a budget uses,
   * an exception KVM injects included, so a vCPU re-taking an injected abort for ever still moves through
   * its turns and towards the limit).
   */
  private readonly counts: number[];
  /** Turns in a row that ended with the vCPU blocked. */
  private blockedTurns = 0;

  constructor(private readonly machine: Machine, private readonly opts: SchedulerOptions = {}) {
    this.deterministic = machine.vm.checkExtension(KVMDBG_CAP_INSN_BUDGET) > 0;
    this.quantum = opts.quantum ?? DEFAULT_QUANTUM;
    if (!Number.isSafeInteger(this.quantum) || this.quantum < 1) throw new RangeError(`quantum ${this.quantum}: not a whole number of instructions of at least 1`);
    this.limit = opts.limit;
    if (this.limit !== undefined && (!Number.isSafeInteger(this.limit) || this.limit < 0)) {
      throw new RangeError(`instruction limit ${this.limit}: not a whole number of instructions of at least 0`);
    }
    if (this.limit !== undefined && !this.deterministic) {
      throw new VmmError(`this kernel (${machine.sys.kernelDescription}) counts no guest instructions for a VMM: ` +
        'an exact instruction limit needs KVMDBG_CAP_INSN_BUDGET, which only the KVM model has');
    }
    this.turnEnd = machine.vcpus.map(() => undefined);
    this.armedEnd = machine.vcpus.map(() => undefined);
    this.counts = machine.vcpus.map(() => 0);
  }

  /**
   * A whole round of turns ended blocked with no instruction run after the first of them: no vCPU can
   * have woken another, so the guest waits for something outside it.
   */
  get allIdle(): boolean {
    return this.blockedTurns > 0 && this.blockedTurns >= this.machine.vcpus.length;
  }

  /** The instruction limit is used up exactly. */
  get limitReached(): boolean {
    return this.limit !== undefined && this.total() >= this.limit;
  }

  /** The vCPU to run now: the current turn's, or the next one able to run (whose turn then starts). */
  pick(): number | NoTurn {
    if (!this.deterministic) return this.pickByTimer();
    if (this.limitReached) return 'limit';
    if (this.inTurn) {
      const i = this.current;
      if (this.machine.mpState(i) !== KVM_MP_STATE_STOPPED && this.armFor(i)) return i;
      this.inTurn = false;
    }
    const n = this.machine.vcpus.length;
    let anyRunnable = false;
    for (let k = 0; k < n; k++) {
      const i = this.started ? (this.current + 1 + k) % n : k;
      if (this.machine.mpState(i) === KVM_MP_STATE_STOPPED) continue;
      anyRunnable = true;
      if (!this.armFor(i)) continue;
      this.started = true;
      this.current = i;
      this.inTurn = true;
      return i;
    }
    return anyRunnable ? 'limit' : 'all-stopped';
  }

  /** Without the budget: the turn goes on until an EINTR of the timer signal ends it. */
  private pickByTimer(): number | NoTurn {
    if (this.inTurn) return this.current;
    const n = this.machine.vcpus.length;
    for (let k = 0; k < n; k++) {
      const i = this.started ? (this.current + 1 + k) % n : k;
      if (this.machine.mpState(i) === KVM_MP_STATE_STOPPED) continue;
      this.started = true;
      this.current = i;
      this.inTurn = true;
      return i;
    }
    return 'all-stopped';
  }

  /**
   * Run vCPU `i` alone (a debugger's single step): the turn it is in, or one it starts, is its own.
   * Returns 'limit' when the instruction limit leaves nothing to run.
   */
  pickOnly(i: number): number | 'limit' {
    if (this.deterministic && (this.limitReached || !this.armFor(i))) return 'limit';
    this.started = true;
    this.current = i;
    this.inTurn = true;
    return i;
  }

  /**
   * After a KVM_RUN of the current vCPU: its turn is over when its count reached the turn's end (a budget
   * exit there) or it blocked; a budget exit before the end (a limit or an event due) leaves it going on.
   */
  after(event: TurnEvent): void {
    const i = this.current;
    if (!this.deterministic) {
      if (event !== 'other') this.inTurn = false;
      if (event === 'blocked') this.blockedTurns++;
      return;
    }
    const c = this.count(i);
    if (event === 'blocked') {
      this.inTurn = false;
      // a turn that ran instructions before it blocked may have woken the vCPUs whose turns ended blocked
      // before it (an IPI, a store one waits on): they count again from here. Counting them made a Linux
      // boot with two vCPUs, each asleep in turn while the other woke it, sleep 1 ms of the host's time 140 times.
      this.blockedTurns = c > this.counts[i]! ? 1 : this.blockedTurns + 1;
    } else if (event === 'budget' || c > this.counts[i]!) {
      this.blockedTurns = 0;
    }
    this.counts[i] = c;
    // a budget exit: the count is where the budget ended (KVMDBG_REG_INSN_COUNT counts every step it used)
    if (event === 'budget') this.armedEnd[i] = undefined;
    if (this.turnEnd[i] !== undefined && this.counts[i]! >= this.turnEnd[i]!) {
      this.turnEnd[i] = undefined;
      this.inTurn = false;
    }
  }

  /**
   * The vCPUs ran on budgets history armed (it re-executed the recorded schedule up to where the live run
   * had stopped): the turns are where they were then, but no budget armed now is known.
   */
  abandonTurns(): void {
    this.armedEnd.fill(undefined);
    this.blockedTurns = 0;
  }

  /** Instructions completed by all vCPUs (counts as read at their last KVM_RUN). */
  private total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  private count(i: number): number {
    return Number(this.machine.vcpus[i]!.getOneReg(KVMDBG_REG_INSN_COUNT));
  }

  /**
   * Arm vCPU i's budget for its next KVM_RUN: to the end of its turn (starting one of `quantum` when it has
   * none), or sooner where the limit or the cap says. False when the limit leaves it nothing.
   */
  private armFor(i: number): boolean {
    const c = this.count(i);
    this.counts[i] = c;
    if (this.turnEnd[i] === undefined || this.turnEnd[i]! <= c) this.turnEnd[i] = c + this.quantum;
    let n = Math.min(this.turnEnd[i]! - c, Math.max(1, this.opts.cap?.(i) ?? Infinity));
    if (this.limit !== undefined) n = Math.min(n, this.limit - this.total());
    if (n <= 0) return false;
    if (this.armedEnd[i] !== c + n) this.arm(i, n);
    this.armedEnd[i] = c + n;
    return true;
  }

  /** KVM_ENABLE_CAP(KVMDBG_CAP_INSN_BUDGET, n) on vCPU i. */
  private arm(i: number, n: number): void {
    try {
      this.machine.vcpus[i]!.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [BigInt(n)] }, this.machine.endian));
    } catch (e) {
      if (e instanceof KvmError) throw new VmmError(`KVM_ENABLE_CAP(KVMDBG_CAP_INSN_BUDGET, ${n}) on vCPU ${i} failed: ${e.errno}`);
      throw e;
    }
  }
}
