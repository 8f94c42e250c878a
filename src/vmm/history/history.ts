/**
 * The guest's past, kept by the VMM from what KVM gives userspace, so that a debugger can go back.
 *
 * Time is the number of guest instructions all vCPUs have completed (the sum of their
 * KVMDBG_REG_INSN_COUNT). Going forward the first time ("live"), the VMM records:
 *  - segments: which vCPU ran from which time for how many instructions (the schedule, whatever chose
 *    it: turns of the scheduler, a debugger's single steps);
 *  - checkpoints, every `interval` instructions or more, at a turn boundary: each vCPU's registers
 *    (KVM_GET_REG_LIST + KVM_GET_ONE_REG) and power state, RAM through the dirty log (page-store.ts),
 *    the in-kernel GIC through its device attributes (gic-state.ts), the PL011's state, the flash
 *    devices' command state and content (the pages the device wrote), how much console output and
 *    input there was;
 *  - every KVM_EXIT_DEBUG (time, vCPU, kvm_run.debug.arch bytes, flags, PC) and every console input byte
 *    with the time it was delivered at.
 *  - how the run ended, when the guest powered off or asked for a reset (PSCI SYSTEM_OFF/SYSTEM_RESET): the
 *    frontier is then just after the hvc that did it, every vCPU stopped, and nothing runs after it.
 * Going back to time t restores the newest checkpoint at or before t through the SET side
 * (KVM_ARM_VCPU_INIT, KVM_SET_MP_STATE, KVM_SET_ONE_REG, KVM_SET_DEVICE_ATTR, the slots' memory) and
 * re-executes to t,
 * following the recorded schedule exactly (each KVM_RUN given an instruction budget that ends where the
 * segment, the target or the next recorded input does), with the recorded input and without printing
 * the console output again. Going forward again re-executes the same way up to the furthest point
 * reached (the frontier), then runs live.
 *
 * The model kernel makes this exact: every vCPU instruction is counted, interrupts and timers happen
 * at instruction counts. The local exclusive monitor needs no saving: every KVM_RUN's entry into the
 * guest opens it (an ERET from EL2, kvm/vcpu.ts runVcpu), so at a checkpoint, taken between KVM_RUNs, it
 * holds nothing the guest can use; re-execution returns to userspace wherever the recorded run did (a
 * segment ends at each such return), and where it stops the guest itself inside a segment (a travel's
 * target, a breakpoint, a step), the next entry is seamless (the model's KVMDBG_CAP_SEAMLESS_ENTRY), so
 * a store-exclusive succeeds or fails as it did. Not saved: what a GICv2's ABI folds together (a pending level-sensitive interrupt comes back as pending-latched; the lines the
 * VMM drives are driven again).
 */
import {
  KVMDBG_CAP_INSN_BUDGET, KVMDBG_CAP_SEAMLESS_ENTRY, KVMDBG_EXIT_INSN_BUDGET, KVMDBG_REG_INSN_COUNT, KVMDBG_REG_PHYS_COUNT, encodeEnableCap, type KvmVcpu,
} from '../../abi/index.ts';
import type { ExitRecord, HistoryExit } from '../debug-api.ts';
import { VmmError, type Machine } from '../machine.ts';
import type { PflashState } from '../pflash-cfi01.ts';
import type { Pl011State } from '../pl011.ts';
import { FLASH_BANK_SIZE, FLASH_BASE, RAM_BASE } from '../virt.ts';
import { GicState, type GicSnapshot } from './gic-state.ts';
import { PageStore } from './page-store.ts';
import { readRegList, restoreVcpus, saveVcpu, type VcpuSnapshot } from './vcpu-state.ts';

/**
 * Instructions between checkpoints by default: a step back re-executes at most this many (about 10 ms
 * of the model's compiled-code speed, measured with bench/history.ts); each checkpoint costs the
 * registers of every vCPU and a copy of each page written since the one before.
 */
export const DEFAULT_INTERVAL = 1 << 18;
const PAGE_BYTES = 4096;
/**
 * The newest checkpoints, kept as taken: a step back near the present re-executes at most one interval.
 * Older ones (but the first) are thinned (thin()).
 */
export const DENSE_CHECKPOINTS = 16;
/** Bytes of memory copies kept by default (--history-size). */
export const DEFAULT_BUDGET = 256 * 1024 * 1024;

export interface HistoryOptions {
  interval?: number;
  /** The most bytes of page copies to keep; older checkpoints are dropped beyond it. */
  budgetBytes?: number;
  /** Console input to deliver at these times instead of what arrives live (--replay). */
  script?: readonly InputEvent[];
}

/** One vCPU ran [start, start + len) of time. */
interface Segment { vcpu: number; start: number; len: number }

interface Checkpoint {
  seq: number;
  /** Taken right after the debugger changed registers or memory: re-execution goes through it, not past it. */
  barrier: boolean;
  time: number;
  counts: number[];
  vcpus: VcpuSnapshot[];
  uart: Pl011State;
  gic: GicSnapshot | undefined;
  flash: PflashState[];
  /** Console bytes the guest had sent by then. */
  out: number;
}

/** A KVM_EXIT_DEBUG as it happened the first time (n is 1-based; arch: the 16 bytes of kvm_run.debug.arch). */
export type DebugExitEntry = HistoryExit;

/**
 * A console input byte and the time it entered the UART's receive FIFO. `mmio`: it entered while the
 * vCPU about to run had an MMIO access still to complete (its value already read from the device, so a
 * load of the UART's flags still sees the FIFO as it was): the same point again is the MMIO exit at
 * `time`, not a budget exit before that access. `halt`: it entered while the vCPU about to run slept in
 * a WFI that KVM_RUN had carried over (KVMDBG_CAP_IDLE_EXIT: the guest was idle, its clock not yet moved
 * to the next timer deadline; Machine.enableIdleExit): the same point again is that EINTR at `time`.
 */
export interface InputEvent { time: number; byte: number; mmio?: boolean; halt?: boolean }

export class History {
  /** Instructions completed by all vCPUs: where the guest is now. */
  now = 0;
  /** The furthest time ever reached. */
  frontier = 0;
  readonly counts: number[];
  /**
   * Which vCPU ran when. A segment is one KVM_RUN or several of one vCPU in a row whose returns
   * re-execution makes by itself (MMIO and the like), so each segment's end is a return to userspace.
   */
  private readonly segments: Segment[] = [];
  /** The last segment may grow: the last KVM_RUN ended with an exit re-execution makes again. */
  private lastOpen = false;
  private readonly checkpoints: Checkpoint[] = [];
  readonly exits: DebugExitEntry[] = [];
  readonly inputs: InputEvent[] = [];
  private inputNext = 0;
  /** Console bytes sent by the guest up to `now`, and the most ever printed. */
  private out = 0;
  private printed = 0;
  private seq = 0;
  private ids: bigint[] = [];
  private readonly pages: PageStore;
  /** RAM's store, then one per flash bank. */
  private readonly stores: PageStore[];
  private readonly gic: GicState | undefined;
  readonly interval: number;
  readonly budgetBytes: number;
  private readonly script: readonly InputEvent[] | undefined;
  /** Re-executing towards `stopAt` (a travel), else up to the frontier. */
  private stopAt: number | undefined;
  private exitCount = 0;
  /**
   * How the recorded run ended, at the frontier: the guest powered off (PSCI SYSTEM_OFF) or asked for a
   * reset (SYSTEM_RESET) there, every vCPU stopped, so nothing runs after it. Re-executing the call
   * that did it exits again the same way there (endHere); that is no divergence.
   */
  ended: 'poweroff' | 'reset' | undefined = undefined;
  /** The power state each vCPU had when its last KVM_RUN returned (a CPU_ON since then is pending). */
  private readonly lastMp: number[];

  constructor(private readonly machine: Machine, opts: HistoryOptions = {}) {
    this.interval = opts.interval ?? DEFAULT_INTERVAL;
    this.budgetBytes = opts.budgetBytes ?? DEFAULT_BUDGET;
    this.script = opts.script;
    if (machine.vm.checkExtension(KVMDBG_CAP_INSN_BUDGET) <= 0) {
      throw new VmmError(`reverse execution needs a kernel that counts guest instructions (KVMDBG_CAP_INSN_BUDGET); ` +
        `${machine.sys.kernelDescription} (${machine.sys.backendName}) does not, and real KVM is not deterministic across interrupts and timers`);
    }
    // Input that arrives while an idle guest waits for its timer is delivered there, before its clock
    // moves on: the point is the EINTR that carries the sleep, which replay must meet again.
    machine.enableIdleExit();
    this.counts = machine.vcpus.map(() => 0);
    this.lastMp = machine.vcpus.map((_, i) => machine.mpState(i));
    const sync = (ipa: bigint, len: number): void => machine.syncCode(ipa, len);
    this.pages = new PageStore(machine.ram, RAM_BASE, { kind: 'dirty-log', log: machine.ramLog }, sync);
    const flash = machine.flashBanks.map((f, i) => new PageStore(f.storage, FLASH_BASE + BigInt(i) * FLASH_BANK_SIZE, { kind: 'device' }, sync));
    this.stores = [this.pages, ...flash];
    machine.onFlashStore = (bank, off, len) => flash[bank]!.beforeWrite(off, len);
    this.gic = machine.gicDevice ? new GicState(machine.gicDevice, machine.mpidrs, machine.endian) : undefined;
    machine.txFilter = (): boolean => {
      this.out++;
      if (this.out <= this.printed) return false;
      this.printed = this.out;
      return true;
    };
    machine.beforeRun = (i) => this.beforeRun(i);
  }

  /** Start recording: the machine as loaded is time 0 and the first checkpoint. */
  start(lifted: (f: () => void) => void): void {
    this.ids = readRegList(this.machine.vcpus[0]!, this.machine.endian);
    this.counts.forEach((_, i) => { this.counts[i] = Number(this.machine.vcpus[i]!.getOneReg(KVMDBG_REG_INSN_COUNT)); });
    this.now = this.frontier = this.counts.reduce((a, b) => a + b, 0);
    lifted(() => {
      const ck = this.snapshot();
      const loaded = this.machine.loadedPages();
      for (const st of this.stores) st.start(ck.seq, st === this.pages ? loaded : undefined);
      this.checkpoints.push(ck);
    });
  }

  /** Going forward re-executes recorded history (the guest is behind the frontier). */
  get replaying(): boolean {
    return this.now < this.frontier;
  }

  /** Where history begins (its oldest checkpoint). */
  get begin(): number {
    return this.checkpoints[0]!.time;
  }

  /**
   * Bytes of memory copies held (`base` of them the first checkpoint's pages, the memory as history
   * begins; `dense` those of the newest DENSE_CHECKPOINTS), and the distinct pages the guest wrote after
   * the first checkpoint. What thin() keeps is bytes - base - dense <= 2 * 4096 * pages.
   */
  memoryStats(): { bytes: number; base: number; dense: number; pages: number; checkpoints: number } {
    const cks = this.checkpoints;
    let dense = 0;
    for (let i = Math.max(1, cks.length - DENSE_CHECKPOINTS); i < cks.length; i++) {
      for (const st of this.stores) dense += st.heldBytes(cks[i]!.seq);
    }
    return {
      bytes: this.stores.reduce((a, st) => a + st.bytes, 0),
      base: this.stores.reduce((a, st) => a + st.baseBytes, 0),
      dense,
      pages: this.stores.reduce((a, st) => a + st.pagesWritten, 0),
      checkpoints: this.checkpoints.length,
    };
  }

  private snapshot(): Checkpoint {
    const { machine } = this;
    return {
      seq: this.seq++,
      barrier: false,
      time: this.now,
      counts: [...this.counts],
      vcpus: machine.vcpus.map((v) => saveVcpu(v, this.ids, machine.endian)),
      uart: machine.uart.saveState(),
      gic: this.gic?.save(),
      flash: machine.flashBanks.map((f) => f.saveState()),
      out: this.out,
    };
  }

  // ---- the run loop's hooks ----

  /** Before KVM_RUN of vCPU i: console input due now. */
  private beforeRun(i: number): void {
    const { machine } = this;
    // the common case, live with no input waiting: nothing to do (and no closures to make, per KVM_RUN)
    if (!this.replaying && !this.script && !machine.input.waiting) return;
    const mmio = machine.mmioPendingOn(i);
    let halted: boolean | undefined;
    const halt = (): boolean => (halted ??= machine.idleTicks(i) > 0);
    if (this.replaying || this.script) {
      const log = this.replaying ? this.inputs : this.script!;
      let k = this.replaying ? this.inputNext : this.inputs.length;
      const due = (e: InputEvent): boolean =>
        e.time < this.now || (e.time === this.now && (e.mmio === true) === mmio && (e.halt === true) === halt());
      while (k < log.length && due(log[k]!) && machine.uart.receive(log[k]!.byte)) {
        if (!this.replaying) this.inputs.push(this.event(log[k]!.byte, mmio, halt()));
        k++;
      }
      if (this.replaying) this.inputNext = k;
      return;
    }
    if (!machine.input.waiting) return;
    const before = machine.input.log.length;
    machine.input.pump(machine.uart, 0);
    for (const r of machine.input.log.slice(before)) this.inputs.push(this.event(r.byte, mmio, halt()));
  }

  private event(byte: number, mmio: boolean, halt: boolean): InputEvent {
    return mmio ? { time: this.now, byte, mmio } : halt ? { time: this.now, byte, halt } : { time: this.now, byte };
  }

  /**
   * Where a budget must end so that the vCPU is at the input's point: before `time`, or one instruction
   * later for an MMIO exit or a carried sleep at `time` (the access or the WFI traps, and does not complete).
   */
  private static inputStop(e: InputEvent): number {
    return e.mmio || e.halt ? e.time + 1 : e.time;
  }

  /**
   * For a live budget of vCPU i (--replay): the instructions until the next scripted input that this
   * KVM_RUN's entry does not deliver (beforeRun delivers those due now), Infinity when none is left.
   */
  untilScriptedInput(i: number): number {
    const s = this.script;
    if (!s || this.replaying) return Infinity;
    const mmio = this.machine.mmioPendingOn(i);
    let k = this.inputs.length;
    while (k < s.length && (s[k]!.time < this.now || (s[k]!.time === this.now && (s[k]!.mmio === true) === mmio))) k++;
    return k < s.length ? Math.max(1, History.inputStop(s[k]!) - this.now) : Infinity;
  }

  /** After KVM_RUN of vCPU i returned (any way): account for the instructions it completed. */
  afterRun(i: number, record: ExitRecord | undefined): void {
    const c = Number(this.machine.vcpus[i]!.getOneReg(KVMDBG_REG_INSN_COUNT));
    const delta = c - this.counts[i]!;
    this.counts[i] = c;
    const start = this.now;
    this.now += delta;
    this.lastMp[i] = this.machine.mpState(i);
    if (start < this.frontier) {
      if (this.now > this.frontier) throw new VmmError(`re-execution overran the recorded history (at ${this.now}, frontier ${this.frontier})`);
      return;
    }
    this.frontier = this.now;
    if (delta > 0) {
      const last = this.segments[this.segments.length - 1];
      if (last && this.lastOpen && last.vcpu === i && last.start + last.len === start) last.len += delta;
      else this.segments.push({ vcpu: i, start, len: delta });
      this.lastOpen = true;
    }
    // A return that re-execution would not make by itself (an instruction budget used up, a debug exit,
    // the vCPU blocked) ends the segment, so re-execution returns there too: the entry after it opened
    // the vCPU's exclusive monitor (kvm/vcpu.ts runVcpu), and must again.
    if (record && (record.errno !== null || record.exitReason === KVMDBG_EXIT_INSN_BUDGET || record.exitReason === 4 /* KVM_EXIT_DEBUG */)) {
      this.lastOpen = false;
    }
    if (record && record.exitReason === 4 /* KVM_EXIT_DEBUG */ && record.debug) {
      this.exits.push({ n: ++this.exitCount, time: this.now, vcpu: i, pc: record.pc, flags: record.flags, arch: record.debugArch.slice(), esr: record.debug.esr });
    }
  }

  /**
   * A KVM_RUN that just returned (afterRun) ended with the guest powering off or asking for a reset:
   * live, the run ends here and history with it; re-executing, that must be the recorded end (throws
   * VmmError for a divergence: the guest did not do what it did).
   */
  systemEvent(kind: 'poweroff' | 'reset', replayed: boolean): void {
    if (!replayed) {
      this.ended = kind;
      this.lastOpen = false;
      return;
    }
    if (this.endHere !== kind) {
      const was = this.ended ? `the recorded run ${this.ended === 'poweroff' ? 'powered off' : 'asked for a reset'} at ${this.frontier}` : `the recorded run went on to ${this.frontier}`;
      throw new VmmError(`re-executing history diverged at instruction ${this.now}: the guest ${kind === 'poweroff' ? 'powered off' : 'asked for a reset'}, ${was}`);
    }
  }

  /** The guest is where the recorded run powered off or reset (nothing can run): how it ended, else undefined. */
  get endHere(): 'poweroff' | 'reset' | undefined {
    return this.now === this.frontier ? this.ended : undefined;
  }

  /**
   * The run loop stopped (a stop for the debugger, an interrupt, a limit): the next KVM_RUN enters the
   * guest anew, so the segment running to now ends here; going forward through it again returns here.
   */
  closeSegment(): void {
    if (this.now === this.frontier) this.lastOpen = false;
  }

  /** The debugger moved vCPU i's instruction count itself (a BRK delivered to the guest completes it). */
  bumpCount(i: number): void {
    const vcpu = this.machine.vcpus[i]!;
    vcpu.setOneReg(KVMDBG_REG_INSN_COUNT, vcpu.getOneReg(KVMDBG_REG_INSN_COUNT) + 1n);
    vcpu.setOneReg(KVMDBG_REG_PHYS_COUNT, vcpu.getOneReg(KVMDBG_REG_PHYS_COUNT) + 1n);
    this.afterRun(i, undefined);
  }

  /**
   * At a turn boundary on the frontier: take a checkpoint if `interval` has passed since the last and no
   * vCPU has a PSCI CPU_ON pending (its reset would be lost: the kernel applies it at its next KVM_RUN).
   */
  maybeCheckpoint(lifted: (f: () => void) => void): void {
    if (this.replaying) return;
    const last = this.checkpoints[this.checkpoints.length - 1]!;
    if (this.now - last.time < this.interval) return;
    const pending = this.machine.vcpus.some((_, i) => this.lastMp[i] !== this.machine.mpState(i));
    if (pending) return;
    lifted(() => {
      const ck = this.snapshot();
      for (const st of this.stores) st.capture(ck.seq, last.seq);
      this.checkpoints.push(ck);
    });
    this.thin();
    while (this.memoryStats().bytes > this.budgetBytes && this.checkpoints.length > 2) {
      for (const st of this.stores) st.dropOldest(this.checkpoints[0]!.seq, this.checkpoints[1]!.seq);
      this.checkpoints.shift();
    }
  }

  /**
   * Keep the page copies of the checkpoints between the first and the newest DENSE_CHECKPOINTS within
   * twice the memory the guest has written: beyond that, drop the one whose loss leaves the smallest gap
   * for its age (the gap it leaves over the time from the newer neighbour to now), so that the
   * checkpoints kept thin out about exponentially with age; its page copies fold into the next. A
   * checkpoint that holds a debugger's change (a barrier) stays.
   */
  private thin(): void {
    const cks = this.checkpoints;
    const held = (c: Checkpoint): number => this.stores.reduce((a, st) => a + st.heldBytes(c.seq), 0);
    const cap = 2 * PAGE_BYTES * this.stores.reduce((a, st) => a + st.pagesWritten, 0);
    let bytes = 0;
    for (let i = 1; i < cks.length - DENSE_CHECKPOINTS; i++) bytes += held(cks[i]!);
    while (bytes > cap) {
      let best = -1, score = Infinity;
      for (let i = 1; i < cks.length - DENSE_CHECKPOINTS; i++) {
        if (cks[i]!.barrier) continue;
        const sc = (cks[i + 1]!.time - cks[i - 1]!.time) / (this.now - cks[i + 1]!.time + 1);
        if (sc < score) [best, score] = [i, sc];
      }
      if (best < 0) return;
      const [ck, next] = [cks[best]!, cks[best + 1]!];
      const inZone = best + 1 < cks.length - DENSE_CHECKPOINTS;
      const before = held(ck) + (inZone ? held(next) : 0);
      for (const st of this.stores) st.dropMiddle(ck.seq, next.seq);
      bytes -= before - (inZone ? held(next) : 0);
      cks.splice(best, 1);
    }
  }

  /**
   * The debugger changed registers or memory at the present: a checkpoint here holds the change, and
   * re-execution that reaches this time restores it instead of running on (the recorded future starts
   * from the changed state).
   */
  markChanged(lifted: (f: () => void) => void): void {
    const last = this.checkpoints[this.checkpoints.length - 1]!;
    lifted(() => {
      const ck = this.snapshot();
      ck.barrier = true;
      for (const st of this.stores) st.capture(ck.seq, last.seq);
      if (last.time === ck.time && last.barrier) {
        // several changes at one time: the newest checkpoint stands for all of them
        this.checkpoints.pop();
      }
      this.checkpoints.push(ck);
      // the state now is this checkpoint's: re-execution that comes back here crosses it, this run does not
      this.restoredSeq = ck.seq;
    });
  }

  /**
   * Re-executing and at a barrier's time: put its state in place (once). Also where re-execution has
   * just reached the frontier: a change made at the present is a barrier at the frontier's time.
   */
  crossBarrier(lifted: (f: () => void) => void, init: (i: number) => void): void {
    const ck = this.checkpoints.find((c) => c.barrier && c.time === this.now && c.seq > this.restoredSeq);
    if (ck) this.restoreCheckpoint(ck, lifted, init);
  }

  /** The next barrier after `now`, where re-execution must pause. */
  private nextBarrier(): number {
    for (const c of this.checkpoints) if (c.barrier && c.time > this.now) return c.time;
    return Infinity;
  }

  /** The debugger is about to write guest-physical memory itself (RAM or flash). */
  noteWrite(ipa: bigint, len: number): void {
    this.pages.noteWrite(ipa, len);
    this.machine.flashBanks.forEach((_, i) => {
      const base = FLASH_BASE + BigInt(i) * FLASH_BANK_SIZE;
      if (ipa < base + FLASH_BANK_SIZE && ipa + BigInt(len) > base) {
        const off = ipa > base ? Number(ipa - base) : 0;
        this.stores[1 + i]!.beforeWrite(off, Math.min(Number(FLASH_BANK_SIZE) - off, len));
      }
    });
  }

  // ---- going back ----

  /**
   * Restore the newest checkpoint at or before `t` (begin <= t <= frontier) and arrange for re-execution
   * to stop at `t` (stopAt). Returns the checkpoint's time.
   */
  restoreBefore(t: number, lifted: (f: () => void) => void, init: (i: number) => void): number {
    if (t < this.begin || t > this.frontier) throw new VmmError(`time ${t} is outside history (${this.begin}..${this.frontier})`);
    let k = this.checkpoints.length - 1;
    while (this.checkpoints[k]!.time > t) k--;
    this.restoreCheckpoint(this.checkpoints[k]!, lifted, init);
    this.stopAt = t;
    return this.now;
  }

  /** The seq of the checkpoint last restored (a barrier is crossed once). */
  private restoredSeq = -1;

  private restoreCheckpoint(ck: Checkpoint, lifted: (f: () => void) => void, init: (i: number) => void): void {
    const { machine } = this;
    this.restoredSeq = ck.seq;
    lifted(() => {
      for (const st of this.stores) st.restore(ck.seq);
      restoreVcpus(machine.vcpus, this.ids, ck.vcpus, machine.endian, init);
      // after the vCPUs: their reset has the timers drive their lines, which the GIC's state then overrides
      if (ck.gic) this.gic!.restore(ck.gic);
    });
    machine.uart.restoreState(ck.uart);
    machine.flashBanks.forEach((f, i) => f.restoreState(ck.flash[i]!));
    this.counts.splice(0, this.counts.length, ...ck.counts);
    this.now = ck.time;
    this.out = ck.out;
    this.lastMp.forEach((_, i) => { this.lastMp[i] = ck.vcpus[i]!.mp; });
    this.inputNext = this.inputs.findIndex((x) => x.time >= ck.time);
    if (this.inputNext < 0) this.inputNext = this.inputs.length;
  }

  /** Where the current travel or search stops, if one is under way. */
  get travelStop(): number | undefined {
    return this.stopAt;
  }

  /** The time re-execution must stop at: a travel's target, else the frontier. */
  get replayStop(): number {
    return Math.min(this.stopAt ?? this.frontier, this.frontier);
  }

  /** The travel is over: re-execution (if any) goes on to the frontier. */
  clearStop(): void {
    this.stopAt = undefined;
  }

  /** Stop re-execution at `t` (a search window's end); undefined: go on to the frontier. */
  setStop(t: number | undefined): void {
    this.stopAt = t;
  }

  /**
   * While replaying: the vCPU the recorded schedule runs at `now`, its budget armed (KVM_ENABLE_CAP of
   * KVMDBG_CAP_INSN_BUDGET) to end where its segment, the stop or the next recorded input does, after
   * `most` instructions at the latest: a long recorded turn is re-executed in slices, so the run loop gets
   * its thread back between them. Where a KVM_RUN ends changes nothing in the guest (instructions,
   * interrupts and timers happen at instruction counts), so the slices do not move anything in time.
   */
  pickReplay(most = Infinity): number {
    const seg = this.segmentAt(this.now);
    let end = Math.min(seg.start + seg.len, this.replayStop, this.nextBarrier());
    const nextInput = this.inputs[this.inputNext];
    if (nextInput && History.inputStop(nextInput) > this.now) end = Math.min(end, History.inputStop(nextInput));
    const n = Math.min(end - this.now, most);
    if (n <= 0) throw new VmmError(`re-execution has nothing to run at ${this.now}`);
    const vcpu: KvmVcpu = this.machine.vcpus[seg.vcpu]!;
    vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [BigInt(n)] }, this.machine.endian));
    // Inside a segment the recorded run did not return to userspace (but for exits re-execution makes
    // too): where re-execution stopped the vCPU itself (a budget ending at a travel's target, a debug exit
    // for a breakpoint or step of this session), it enters again as if it had not left.
    const last = this.machine.lastExit(seg.vcpu);
    if (this.now > seg.start && last && last.errno === null &&
        (last.exitReason === KVMDBG_EXIT_INSN_BUDGET || last.exitReason === 4 /* KVM_EXIT_DEBUG */)) {
      vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_SEAMLESS_ENTRY, flags: 0, args: [1n] }, this.machine.endian));
    }
    return seg.vcpu;
  }

  /** The segment holding time t (t < frontier). */
  private segmentAt(t: number): Segment {
    const s = this.segments;
    let lo = 0, hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]!.start <= t) lo = mid; else hi = mid - 1;
    }
    const seg = s[lo];
    if (!seg || t < seg.start || t >= seg.start + seg.len) throw new VmmError(`no recorded vCPU ran at time ${t}`);
    return seg;
  }

  /**
   * Where vCPU `i` was one instruction back from now: the time just before it completed its last
   * instruction before `now`, or undefined when it has none in history.
   */
  previousInsnOf(i: number): number | undefined {
    for (let k = this.segments.length - 1; k >= 0; k--) {
      const s = this.segments[k]!;
      if (s.start >= this.now || s.vcpu !== i) continue;
      const t = Math.min(s.start + s.len, this.now) - 1;
      return t >= this.begin ? t : undefined;
    }
    return undefined;
  }

  /**
   * The time just after vCPU `i` completed the instruction it was about to run at time `t` (where a
   * watchpoint's debug exit stopped it before the access): that instruction is vCPU i's in the recorded
   * schedule, so it ends one instruction later.
   */
  insnEndOf(t: number, i: number): number {
    const seg = this.segmentAt(t);
    if (seg.vcpu !== i) throw new VmmError(`vCPU ${i} ran no instruction at time ${t} (vCPU ${seg.vcpu} did)`);
    return t + 1;
  }

  /** Checkpoint times, oldest first (reverse-continue searches back one interval at a time). */
  checkpointTimes(): number[] {
    return this.checkpoints.map((c) => c.time);
  }
}
