/**
 * The signals a vCPU thread can receive while it is inside KVM_RUN, as KVM_RUN sees them: a signal that
 * becomes pending while the vCPU is in the kernel makes KVM_RUN return EINTR with exit_reason
 * KVM_EXIT_INTR (arm.c, the signal_pending() check before each guest entry). Signals that fire while
 * userspace runs are taken by its handler there, so they are never pending at KVM_RUN entry.
 *
 * Two sources:
 *  - a periodic interval timer (setitimer(ITIMER_REAL) + a SIGALRM handler), polled between slices of
 *    guest instructions; time comes from the host clock (`HOST_CLOCK`: Date.now and a blocking sleep), or
 *    from a clock the embedder supplies;
 *  - the VMM's wake-up of a blocked vCPU thread. Where Linux puts the vCPU thread to sleep in the kernel
 *    (kvm_vcpu_halt for a WFI or PSCI CPU_SUSPEND with nothing pending, kvm_vcpu_sleep for a STOPPED
 *    vCPU, kvm_vcpu_suspend for a SUSPENDED one), only another thread could end the sleep: another vCPU
 *    (PSCI CPU_ON, an SGI), the VMM (KVM_IRQ_LINE, KVM_SET_MP_STATE), the vCPU's own timer, or a signal.
 *    The model has one thread, and while it sleeps in KVM_RUN nothing else runs, so such a wait can only be
 *    ended by a signal, except by a timer deadline when every vCPU sleeps (the VM's count then skips to it
 *    inside KVM_RUN: power.ts kvmVcpuBlock).
 *    With the interval timer armed the sleep lasts until its next tick; without it, the model does what a
 *    VMM that needs its thread back does to a blocked vCPU thread: the signal arrives the moment the
 *    thread blocks. Either way KVM_RUN returns -EINTR (KVM_EXIT_INTR) and the vCPU's state is exactly what
 *    Linux leaves after a signal ends that sleep (a WFI completed, a stopped vCPU still stopped); the VMM
 *    reads KVM_GET_MP_STATE to know which vCPUs are worth running. Without the timer this is
 *    deterministic: no wall-clock time is involved.
 */
export class SignalTimer {
  private periodMs = 0;
  private nextMs = 0;
  /** A blocked thread was signalled (no interval timer): pending until KVM_RUN reports it. */
  private kicked = false;

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
    this.kicked = false;
    if (this.periodMs > 0) this.advancePast(this.clock.now());
  }

  /** A signal is pending for the thread in KVM_RUN. */
  pending(): boolean {
    return this.kicked || (this.periodMs > 0 && this.clock.now() >= this.nextMs);
  }

  /** The pending signal was reported (KVM_RUN returns EINTR); the next tick comes a period later. */
  consume(): void {
    this.kicked = false;
    if (this.periodMs > 0) this.advancePast(this.clock.now());
  }

  /**
   * The vCPU thread sleeps in the kernel until a signal (see above): until the interval timer's next tick,
   * or, without one, not at all, the signal being pending at once. Afterwards `pending()` is true.
   */
  block(): void {
    if (this.periodMs <= 0) {
      this.kicked = true;
      return;
    }
    const ms = this.nextMs - this.clock.now();
    if (ms > 0) this.clock.sleep(ms);
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
