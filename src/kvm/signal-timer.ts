/**
 * The model of a periodic interval timer signal (setitimer(ITIMER_REAL) + a SIGALRM handler) as KVM_RUN
 * sees it: a signal that becomes pending while the vCPU is in the kernel makes KVM_RUN return EINTR with
 * exit_reason KVM_EXIT_INTR (arm.c, the signal_pending() check before each guest entry). Signals that fire
 * while userspace runs are taken by its handler there, so they are never pending at KVM_RUN entry.
 * The vCPU polls `pending()` between slices of guest instructions; time comes from the host clock
 * (`HOST_CLOCK`: Date.now and a blocking sleep), or from a clock the embedder supplies.
 */
export class SignalTimer {
  private periodMs = 0;
  private nextMs = 0;

  constructor(private readonly clock: HostClock = HOST_CLOCK) {}

  /** Arm with a period in milliseconds; 0 disarms. */
  arm(ms: number): void {
    this.periodMs = ms;
    this.nextMs = ms > 0 ? this.clock.now() + ms : 0;
  }

  get armed(): boolean {
    return this.periodMs > 0;
  }

  /** KVM_RUN entry: expirations that happened in userspace were delivered to its handler. */
  enterKernel(): void {
    if (this.periodMs > 0) this.advancePast(this.clock.now());
  }

  /** A signal is pending for the thread in KVM_RUN. */
  pending(): boolean {
    return this.periodMs > 0 && this.clock.now() >= this.nextMs;
  }

  /** The pending signal was reported (KVM_RUN returns EINTR); the next one comes a period later. */
  consume(): void {
    if (this.periodMs > 0) this.advancePast(this.clock.now());
  }

  /**
   * Sleep like an interruptible wait in the kernel (a halted or powered-off vCPU) until the next signal.
   * Returns false when no timer is armed (nothing would ever wake the thread).
   */
  sleepUntilSignal(): boolean {
    if (this.periodMs <= 0) return false;
    const ms = this.nextMs - this.clock.now();
    if (ms > 0) this.clock.sleep(ms);
    return true;
  }

  private advancePast(now: number): void {
    if (this.nextMs > now) return;
    const missed = Math.floor((now - this.nextMs) / this.periodMs) + 1;
    this.nextMs += missed * this.periodMs;
  }
}

/** Where the timer signal's time comes from. */
export interface HostClock {
  /** Milliseconds, never decreasing. */
  now(): number;
  /** Block the calling thread for `ms` milliseconds. */
  sleep(ms: number): void;
}

/** The host's clock: Date.now, and a blocking sleep. */
export const HOST_CLOCK: HostClock = { now: () => Date.now(), sleep: sleepMs };

/** Block the thread (Atomics.wait); where that is not allowed (a browser's main thread), spin. */
function sleepMs(ms: number): void {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  } catch {
    const end = Date.now() + ms;
    while (Date.now() < end) { /* spin */ }
  }
}
