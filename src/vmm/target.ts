/**
 * DebugTarget over the machine: breakpoints, watchpoints, stepping and the run loop, all through
 * KVM_SET_GUEST_DEBUG (api.rst "KVM_SET_GUEST_DEBUG") and the exits read from kvm_run.
 *
 * - Memory and breakpoint addresses are the selected vCPU's virtual addresses, translated through its
 *   stage-1 tables, or guest-physical ones in physical mode (debug-memory.ts).
 * - Software breakpoints replace the instruction with BRK #0 and keep the original word; memory reads
 *   through this API show the original (as QEMU's stub does). Control gets ENABLE | USE_SW_BP.
 * - Hardware breakpoints and watchpoints go to dbg_bcr/bvr and dbg_wcr/wvr with ENABLE | USE_HW, at most
 *   KVM_CAP_GUEST_DEBUG_HW_BPS / _HW_WPS registers; a watchpoint may take several registers.
 * - Stop reasons come from the decoded exit: EC 0x3c at one of our BRKs -> swbreak, any other BRK is
 *   the guest's own and is delivered to its EL1 vector (inject.ts); EC 0x30 -> hwbreak; EC 0x32 -> step;
 *   EC 0x34 -> watch, the watchpoint picked from FAR by Linux's nearest-watchpoint rule.
 * - KVM never advances the PC on a debug exit. Resuming from a stop at a breakpoint or watchpoint first
 *   steps over it: remove it, single-step, put it back (what gdb does itself around its own stops).
 *
 * Several vCPUs: the scheduler (scheduler.ts) picks the vCPU each KVM_RUN is for, in deterministic turns
 * of instructions where the kernel has KVMDBG_CAP_INSN_BUDGET. Breakpoints and watchpoints are programmed
 * on every vCPU (KVM_SET_GUEST_DEBUG is per vCPU); a single step runs only the selected vCPU. Stops are
 * all-stop: when one vCPU stops, the others are outside KVM_RUN already (one thread runs them all), and an
 * MMIO exit still to complete is completed with immediate_exit first (Machine.completePendingExits), as
 * QEMU does before it hands a stopped vCPU to the debugger. Registers are read and written on the selected
 * vCPU: the one that stopped last, or the one selectVcpu() names.
 *
 * Without the instruction budget (a real /dev/kvm) the run loop arms the backend's periodic timer so KVM_RUN
 * returns EINTR now and then; with it, the turns return often enough and no timer is armed (a vCPU that
 * would sleep in the kernel then returns EINTR at once: kvm/signal-timer.ts). At every EINTR, and between
 * any two other exits once a tick has passed (a guest that keeps hitting debug stops never sees an EINTR),
 * the loop asks `checkLimit` whether to stop, yields to the event loop and honours interrupt(). An exact
 * instruction limit is the kernel's: KVMDBG_CAP_INSN_BUDGET, where the kernel has it.
 */
import {
  KVM_CAP_GUEST_DEBUG_HW_BPS, KVM_CAP_GUEST_DEBUG_HW_WPS, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_SINGLESTEP,
  KVM_GUESTDBG_USE_HW, KVM_GUESTDBG_USE_SW_BP, KVM_ARM_MAX_DBG_REGS, KVM_MP_STATE_STOPPED, KvmError, REG_PC, REG_PSTATE,
  REG_SP, REG_SP_EL1, REG_X, REG_V, REG_FPSR, REG_FPCR, encodeGuestDebug, type KvmVcpu,
} from '../abi/index.ts';
import {
  DebugApiError, type CoreRegisters, type DebugTarget, type ExitRecord, type HistoryApi, type StopReason, type WatchKind,
} from './debug-api.ts';
import { classifyDebugExit, type DebugExitInfo } from './debug-class.ts';
import { DebugMemory } from './debug-memory.ts';
import type { Stage1Result } from './stage1.ts';
import { dispatchExit } from './dispatch.ts';
import type { VcpuExit } from './exit.ts';
import { BCR_EXEC, nearestWatchpoint, planWatchpoint, type WatchReg } from './hw-debug.ts';
import { injectSyncException } from './inject.ts';
import { VmmError, type Machine } from './machine.ts';
import { DEFAULT_QUANTUM, Scheduler } from './scheduler.ts';
import { History, type HistoryOptions } from './history/history.ts';

export { BRK_INSN } from './debug-memory.ts';

export interface TargetOptions {
  /** Raw KVM_SET_GUEST_DEBUG control bits always set (`--guest-debug`); the debugger's bits are ORed in. */
  rawControl?: number;
  /** Period of the backend's timer signal while running, ms (default 20). */
  tickMs?: number;
  /** Asked between exits (see above): a message stops the run with a 'limit' stop carrying it. */
  checkLimit?: () => string | undefined;
  /**
   * Stop after exactly this many guest instructions of all vCPUs together, counted by the kernel
   * (KVMDBG_CAP_INSN_BUDGET). The constructor throws VmmError when the kernel has no such budget (Linux's
   * /dev/kvm).
   */
  insnBudget?: number;
  /** Guest instructions per vCPU turn (default scheduler.ts DEFAULT_QUANTUM). */
  quantum?: number;
  /**
   * Guest instructions one KVM_RUN re-executes at most while going through recorded history (default
   * DEFAULT_QUANTUM): the run loop looks at interrupt() and the limits between such runs, as between the
   * turns of a forward run, so a long re-execution (a reverse search, a step back far from a
   * checkpoint) can be stopped. It moves nothing in time.
   */
  replaySlice?: number;
  /**
   * Record history so the debugger can go back (history/history.ts): the guest must be loaded. The
   * constructor throws VmmError when the kernel cannot count instructions (real KVM).
   */
  history?: HistoryOptions;
  /**
   * What happens when the guest is idle (every vCPU asleep in WFI) with a timer armed: 'skip' (default)
   * moves its clock to the deadline at once, the run taking no wall time for it (deterministic, as tests
   * and replays want); 'wait' waits for the deadline in wall time, as a real host does, or until console
   * input arrives, so an interactive guest idle at its prompt does not keep a host CPU busy. Both give
   * the same run for the same input at the same points (KVMDBG_CAP_IDLE_EXIT, Machine.enableIdleExit);
   * on a kernel without that capability (a real /dev/kvm, which sleeps by itself) 'wait' changes nothing.
   */
  idle?: 'skip' | 'wait';
  /** The wall clock 'wait' measures with (tests give their own). */
  wallClock?: WallClock;
}

/** Milliseconds, and a timer whose call can be cancelled. */
export interface WallClock {
  now(): number;
  /** Call `f` once after `ms` milliseconds; the function returned cancels it. */
  after(ms: number, f: () => void): () => void;
}

const HOST_WALL_CLOCK: WallClock = {
  now: () => Date.now(),
  after: (ms, f) => {
    const t = setTimeout(f, ms);
    return () => clearTimeout(t);
  },
};

/** The longest stretch of an idle wait before limits (--timeout) are looked at again. */
const IDLE_LOOK_MS = 100;

/** A stop found while searching history backwards. */
interface Hit { time: number; vcpu: number; stop: StopReason }

/** Returns of KVM_RUN in a row that complete no instruction while re-executing, before history is taken to have diverged. */
const STALLED_RUNS = 1000;

interface Watchpoint {
  addr: bigint;
  len: number;
  kind: WatchKind;
  regs: WatchReg[];
}

/** What to leave out of the debug registers for one step over a stop. */
interface Suppress {
  hwBreakAt?: bigint;
  watch?: boolean;
}

/** KVM_{GET,SET}_ONE_REG ids of x0..x30, computed once (a stop reads all of them). */
const X_IDS: readonly bigint[] = Array.from({ length: 31 }, (_, i) => REG_X(i));
/** And of v0..v31 (KVM_REG_SIZE_U128). */
const V_IDS: readonly bigint[] = Array.from({ length: 32 }, (_, i) => REG_V(i));

const yieldToEventLoop = (): Promise<void> =>
  new Promise((resolve) => (globalThis.setImmediate ? globalThis.setImmediate(resolve) : setTimeout(resolve, 0)));

export class VmmTarget implements DebugTarget {
  private readonly mem: DebugMemory;
  private readonly hw: bigint[] = [];
  private readonly watches: Watchpoint[] = [];
  private readonly limits: { breakpoints: number; watchpoints: number };
  private rawControl: number;
  /** Per vCPU: the KVM_SET_GUEST_DEBUG bytes it has. */
  private readonly applied: (Uint8Array | undefined)[];
  /**
   * What the last applyGuestDebug() was asked for (step and suppressions), and whether a breakpoint,
   * watchpoint or raw control bit has changed since: with neither, the registers are already right and a
   * run of steps does not rebuild them each time.
   */
  private appliedFor = '';
  private readonly sched: Scheduler;
  /** The vCPU the register and step operations act on. */
  private sel = 0;
  /** The vCPU of the last stop. */
  private stopVcpu = 0;
  private debugDirty = true;
  private lastStop: StopReason | undefined;
  private interruptRequested = false;
  /** The address whose original instruction is in memory during a step over our breakpoint there. */
  private steppingOver: bigint | undefined;
  private killed = false;
  private insnBudget: number | undefined;
  /** When the run loop next looks at limits, the event loop and interrupt() without waiting for an EINTR. */
  private nextLook = 0;
  /** The recorded past, when reverse execution is on. */
  readonly history: History | undefined;
  /** The last KVM_RUN was picked from the recorded schedule (not the scheduler). */
  private replayed = false;
  /** KVM_RUNs in a row that re-executed no instruction (STALLED_RUNS). */
  private stalled = 0;
  private readonly replaySlice: number;
  /** Per vCPU: the wall-clock time its carried sleep ends at ('wait'), 0 for none. */
  private readonly wakeAt: number[];
  /** Ends the idle wait under way (input arrived, interrupt(), kill()). */
  private wakeWaiter: (() => void) | undefined;
  /** Idle waits taken, and their total length in ms ('wait'). */
  readonly idleWaits = { count: 0, ms: 0 };

  constructor(readonly machine: Machine, private readonly opts: TargetOptions = {}) {
    this.rawControl = opts.rawControl ?? 0;
    const cap = (c: number): number => Math.max(0, Math.min(KVM_ARM_MAX_DBG_REGS, machine.vm.checkExtension(c)));
    this.limits = { breakpoints: cap(KVM_CAP_GUEST_DEBUG_HW_BPS), watchpoints: cap(KVM_CAP_GUEST_DEBUG_HW_WPS) };
    this.sched = new Scheduler(machine, { quantum: opts.quantum, limit: opts.insnBudget, cap: (i) => this.history?.untilScriptedInput(i) ?? Infinity });
    this.insnBudget = opts.insnBudget;
    this.replaySlice = opts.replaySlice ?? DEFAULT_QUANTUM;
    if (!Number.isSafeInteger(this.replaySlice) || this.replaySlice < 1) throw new RangeError(`replaySlice ${this.replaySlice}`);
    this.applied = machine.vcpus.map(() => undefined);
    this.wakeAt = machine.vcpus.map(() => 0);
    if (opts.idle === 'wait' && machine.enableIdleExit() > 0) machine.input.onArrival = () => this.wakeWaiter?.();
    this.mem = new DebugMemory(machine, () => this.vcpu);
    if (opts.history) {
      const h = new History(machine, opts.history);
      this.history = h;
      this.mem.onWrite = (ipa, len) => h.noteWrite(ipa, len);
      h.start(this.lifted);
    }
  }

  /** Run `f` with guest memory as the guest has it (no debugger BRKs). */
  private readonly lifted = (f: () => void): void => this.mem.withoutBreakpoints(f);

  // ---- vCPUs ----

  /** How many vCPUs the machine has. */
  vcpuCount(): number {
    return this.machine.vcpus.length;
  }

  /** The vCPU register reads, writes and single steps act on (0-based). */
  selectedVcpu(): number {
    return this.sel;
  }

  /** Act on vCPU `i` from now on (as gdb's Hg/Hc). Throws DebugApiError for a vCPU that does not exist. */
  selectVcpu(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.machine.vcpus.length) {
      throw new DebugApiError(`no vCPU ${i}: the machine has ${this.machine.vcpus.length} (0..${this.machine.vcpus.length - 1})`);
    }
    this.sel = i;
  }

  /** The vCPU the last stop happened on. */
  stoppedVcpu(): number {
    return this.stopVcpu;
  }

  mpidr(i: number): bigint {
    return this.machine.mpidrs[i]!;
  }

  readSystemRegister(id: bigint): bigint | undefined {
    try {
      return this.vcpu.getOneReg(id);
    } catch (e) {
      if (e instanceof KvmError) return undefined;
      throw e;
    }
  }

  writeSystemRegister(id: bigint, value: bigint): boolean {
    this.changingState();
    this.mem.forget();
    try {
      this.vcpu.setOneReg(id, BigInt.asUintN(64, value));
    } catch (e) {
      if (e instanceof KvmError) return false;
      throw e;
    }
    this.history?.markChanged(this.lifted);
    return true;
  }

  /** KVM_GET_MP_STATE of vCPU i says it is powered off. */
  vcpuStopped(i: number): boolean {
    return this.machine.mpState(i) === KVM_MP_STATE_STOPPED;
  }

  private get vcpu(): KvmVcpu {
    return this.machine.vcpus[this.sel]!;
  }

  // ---- registers and memory ----

  readCoreRegisters(): CoreRegisters {
    const v = this.vcpu;
    const x = new Array<bigint>(31);
    for (let i = 0; i < 31; i++) x[i] = v.getOneReg(X_IDS[i]!);
    const pstate = v.getOneReg(REG_PSTATE);
    return { x, sp: v.getOneReg(this.spReg(pstate)), pc: v.getOneReg(REG_PC), cpsr: Number(pstate & 0xffffffffn) };
  }

  writeRegister(regnum: number, value: bigint): void {
    this.changingState();
    this.mem.forget();
    const v = this.vcpu;
    const u64 = BigInt.asUintN(64, value);
    if (Number.isInteger(regnum) && regnum >= 0 && regnum <= 30) v.setOneReg(X_IDS[regnum]!, u64);
    else if (regnum === 31) v.setOneReg(this.spReg(v.getOneReg(REG_PSTATE)), u64);
    else if (regnum === 32) v.setOneReg(REG_PC, u64);
    else if (regnum === 33) v.setOneReg(REG_PSTATE, u64 & 0xffffffffn);
    else if (Number.isInteger(regnum) && regnum >= 34 && regnum <= 65) v.setOneReg(V_IDS[regnum - 34]!, BigInt.asUintN(128, value));
    else if (regnum === 66) v.setOneReg(REG_FPSR, u64 & 0xffffffffn);
    else if (regnum === 67) v.setOneReg(REG_FPCR, u64 & 0xffffffffn);
    else throw new DebugApiError(`register ${regnum} is not one of x0..x30 (0..30), sp (31), pc (32), cpsr (33), v0..v31 (34..65), fpsr (66), fpcr (67)`);
    this.history?.markChanged(this.lifted);
  }

  readFpRegister(regnum: number): bigint {
    const v = this.vcpu;
    if (Number.isInteger(regnum) && regnum >= 34 && regnum <= 65) return v.getOneReg(V_IDS[regnum - 34]!);
    if (regnum === 66) return v.getOneReg(REG_FPSR);
    if (regnum === 67) return v.getOneReg(REG_FPCR);
    throw new DebugApiError(`register ${regnum} is not one of v0..v31 (34..65), fpsr (66), fpcr (67)`);
  }

  /** GDB's sp is the stack pointer in use: SP_EL1 at EL1h, SP_EL0 at EL0 or EL1t. */
  private spReg(pstate: bigint): bigint {
    return (pstate & 0xcn) !== 0n && (pstate & 1n) === 1n ? REG_SP_EL1 : REG_SP;
  }

  /** The selected vCPU's virtual addresses, or guest-physical ones in physical mode. Throws DebugApiError. */
  readMemory(addr: bigint, len: number): Uint8Array {
    return this.mem.read(addr, len);
  }

  writeMemory(addr: bigint, data: Uint8Array): void {
    this.changingState();
    this.mem.write(addr, data);
    this.history?.markChanged(this.lifted);
  }

  /**
   * The debugger changes the guest's state: refused in the recorded past (the recorded future depends on
   * it); at the present, history takes note (a checkpoint that re-execution passes through).
   */
  private changingState(): void {
    const h = this.history;
    if (h?.replaying) {
      throw new DebugApiError(`the guest is in its recorded past (instruction ${h.now} of ${h.frontier}): ` +
        'go forward to the present (continue) before changing registers or memory');
    }
  }

  /** Whether memory and breakpoint addresses are guest-physical (QEMU's Qqemu.PhyMemMode). */
  physicalMemory(): boolean {
    return this.mem.physical;
  }

  setPhysicalMemory(on: boolean): void {
    this.mem.physical = on;
  }

  /** What a virtual address means to the selected vCPU (its stage-1 walk). */
  translate(va: bigint): Stage1Result {
    return this.mem.translate(va);
  }

  // ---- breakpoints and watchpoints ----

  insertSwBreakpoint(addr: bigint): boolean {
    if (!this.mem.insertBreakpoint(addr)) return false;
    this.debugDirty = true;
    return true;
  }

  removeSwBreakpoint(addr: bigint): boolean {
    if (!this.mem.removeBreakpoint(addr)) return false;
    this.debugDirty = true;
    return true;
  }

  insertHwBreakpoint(addr: bigint): boolean {
    if ((addr & 3n) !== 0n) return false;
    if (this.hw.includes(addr)) return true;
    if (this.hw.length >= this.limits.breakpoints) return false;
    this.hw.push(addr);
    this.debugDirty = true;
    return true;
  }

  removeHwBreakpoint(addr: bigint): boolean {
    const i = this.hw.indexOf(addr);
    if (i < 0) return false;
    this.hw.splice(i, 1);
    this.debugDirty = true;
    return true;
  }

  insertWatchpoint(addr: bigint, len: number, kind: WatchKind): boolean {
    if (!Number.isInteger(len) || len < 1 || len > 2 ** 31 || addr < 0n) return false;
    const regs = planWatchpoint(addr, len, kind);
    const used = this.watches.reduce((n, w) => n + w.regs.length, 0);
    if (used + regs.length > this.limits.watchpoints) return false;
    this.watches.push({ addr, len, kind, regs });
    this.debugDirty = true;
    return true;
  }

  removeWatchpoint(addr: bigint, len: number, kind: WatchKind): boolean {
    const i = this.watches.findIndex((w) => w.addr === addr && w.len === len && w.kind === kind);
    if (i < 0) return false;
    this.watches.splice(i, 1);
    this.debugDirty = true;
    return true;
  }

  /**
   * Program KVM_SET_GUEST_DEBUG now rather than before the next KVM_RUN, so that a control word the
   * kernel refuses (raw `rawControl` bits) is known before the guest runs. Throws VmmError.
   */
  programGuestDebug(): void {
    this.applyGuestDebug(false);
  }

  /**
   * Program KVM_SET_GUEST_DEBUG on every vCPU for the next KVM_RUN (only where it changed): the same
   * breakpoints and watchpoints everywhere; single step, and the breakpoint or watchpoints lifted to step
   * over a stop, only on the vCPU that steps (the selected one).
   */
  private applyGuestDebug(step: boolean, suppress: Suppress = {}): void {
    const wanted = `${step}/${this.sel}/${suppress.hwBreakAt ?? ''}/${suppress.watch === true}`;
    if (!this.debugDirty && wanted === this.appliedFor) return;
    this.machine.vcpus.forEach((vcpu, i) => {
      const stepper = step && i === this.sel;
      const hw = stepper ? this.hw.filter((a) => a !== suppress.hwBreakAt) : this.hw;
      const wregs = stepper && suppress.watch ? [] : this.watches.flatMap((w) => w.regs);
      let control = this.rawControl;
      if (this.mem.breakpointCount > 0) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_SW_BP;
      if (this.hw.length > 0 || this.watches.length > 0) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW;
      if (stepper) control |= KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP;
      const bytes = encodeGuestDebug({
        control: control >>> 0,
        bcr: hw.map(() => BCR_EXEC), bvr: hw,
        wcr: wregs.map((r) => r.wcr), wvr: wregs.map((r) => r.wvr),
      }, this.machine.endian);
      const old = this.applied[i];
      const same = old ? bytes.every((b, k) => b === old[k])
        : control === 0;   // debugging never enabled: nothing to turn off
      if (same) return;
      try {
        vcpu.setGuestDebug(bytes);
      } catch (e) {
        if (e instanceof KvmError) throw new VmmError(`KVM_SET_GUEST_DEBUG with control 0x${(control >>> 0).toString(16)} failed: ${e.errno}`);
        throw e;
      }
      this.applied[i] = bytes;
    });
    this.appliedFor = wanted;
    this.debugDirty = false;
  }

  /** The control word the selected vCPU's next KVM_RUN runs with (for logs and tests). */
  currentControl(): number {
    const a = this.applied[this.sel];
    return a ? new DataView(a.buffer).getUint32(0, this.machine.endian === 'le') : 0;
  }

  // ---- running ----

  async resume(mode: 'continue' | 'step'): Promise<StopReason> {
    if (this.killed) return { kind: 'error', message: 'the VM was killed' };
    this.interruptRequested = false;
    try {
      return await this.forward(mode);
    } finally {
      this.interruptRequested = false;   // whatever stop ends this resume answers an interrupt
    }
  }

  /**
   * resume() within a command that has taken the interrupt requests already (a reverse search runs
   * forward through each stretch with it): an interrupt() asked for before it still stops it.
   */
  private async forward(mode: 'continue' | 'step'): Promise<StopReason> {
    if (this.killed) return { kind: 'error', message: 'the VM was killed' };
    const timer = !this.sched.deterministic;
    if (timer) this.machine.sys.setTimerSignal(this.tickMs);
    try {
      let stop = await this.resumeInner(mode);
      // All-stop: no vCPU keeps an exit half done while the debugger looks at it. Only a stop between
      // exits (an interrupt, a limit check) can follow an MMIO exit; its PC is the one after completion.
      if (stop.kind !== 'poweroff' && stop.kind !== 'reset') this.machine.completePendingExits();
      if (stop.kind === 'interrupted' || (stop.kind === 'limit' && stop.limit === 'check')) stop = { ...stop, pc: this.pc() };
      this.lastStop = stop;
      return stop;
    } catch (e) {
      if (e instanceof VmmError) return (this.lastStop = { kind: 'error', message: e.message });
      throw e;
    } finally {
      if (timer) this.machine.sys.setTimerSignal(0);
      this.history?.closeSegment();
    }
  }

  private async resumeInner(mode: 'continue' | 'step'): Promise<StopReason> {
    // The vCPU that stopped on a breakpoint or watchpoint steps over it first, whichever vCPU is selected.
    const selected = this.sel;
    this.sel = this.stopVcpu;
    const pc = this.pc();
    const suppress: Suppress = {};
    let overBrk = false;
    if (this.lastStop && 'pc' in this.lastStop && this.lastStop.pc === pc) {
      if (this.mem.isBreakpoint(pc)) overBrk = true;
      if (this.hw.includes(pc)) suppress.hwBreakAt = pc;
      if (this.lastStop.kind === 'watch') suppress.watch = true;
    }
    const stepOver = overBrk || suppress.hwBreakAt !== undefined || suppress.watch === true;
    if (!stepOver) this.sel = selected;
    if (mode === 'step' || stepOver) {
      const restore = overBrk ? this.mem.lift(pc) : undefined;
      if (restore) this.steppingOver = pc;
      let stop: StopReason;
      try {
        stop = await this.runUntilStop(true, suppress);
      } finally {
        this.steppingOver = undefined;
        restore?.();
      }
      const steppedSelected = this.sel === selected;
      if (stop.kind !== 'step' || (mode === 'step' && steppedSelected)) return stop;
      if (this.interruptRequested) return this.interrupted();
      this.sel = selected;
      if (mode === 'step') return this.runUntilStop(true, {});
    }
    return this.runUntilStop(false, {});
  }

  private pc(): bigint {
    return this.vcpu.getOneReg(REG_PC);
  }

  private get tickMs(): number {
    return this.opts.tickMs ?? 20;
  }

  private interrupted(): StopReason {
    this.interruptRequested = false;
    return { kind: 'interrupted', pc: this.pc() };
  }

  /**
   * KVM_RUN, vCPU after vCPU as the scheduler says (only the selected one for a step), until a stop; in
   * the recorded past, as the recorded schedule says, in slices of replaySlice instructions. `travel`:
   * re-execution to the history's stop (travel()) with guest debugging off and the debugger's BRKs
   * lifted; any stop but that one, an interrupt or a limit means history diverged (VmmError).
   */
  private async runUntilStop(step: boolean, suppress: Suppress, travel = false): Promise<StopReason> {
    const h = this.history;
    // Where the recorded run powered off (come back to by travelling): the guest is off, as it was then.
    if (h?.endHere && h.travelStop === undefined) return this.endStop(h.endHere);
    if (step && this.vcpuStopped(this.sel)) {
      return { kind: 'error', message: `vCPU ${this.sel} is powered off (KVM_MP_STATE_STOPPED): it cannot step until PSCI CPU_ON starts it` };
    }
    this.stalled = 0;
    for (;;) {
      if (h?.travelStop !== undefined && h.now >= h.travelStop) return this.historyStop();
      // re-executing, or just come to the frontier by re-executing: a barrier here is crossed
      if (h && (h.replaying || this.replayed)) h.crossBarrier(this.lifted, this.initVcpu);
      if (h && this.replayed && !h.replaying) {
        this.replayed = false;   // the frontier: from here on the guest runs live again
        this.sched.abandonTurns();
      }
      if (h?.endHere && h.travelStop === undefined) return this.endStop(h.endHere);
      const replay = h?.replaying === true;
      if (travel && !replay) throw new VmmError(`re-execution to instruction ${h?.travelStop} went past the recorded history (frontier ${h?.frontier})`);
      const i = replay ? h!.pickReplay(this.replaySlice) : step ? this.sched.pickOnly(this.sel) : this.sched.pick();
      this.replayed = replay;
      if (i === 'limit') return this.limitStop();
      if (i === 'all-stopped') {
        return { kind: 'error', message: 'every vCPU is powered off (PSCI CPU_OFF) and none is left to start one again' };
      }
      const before = h?.now ?? 0;
      let stop: StopReason | undefined;
      let blocked = false;
      if (travel) {
        this.travelRun(i, h!);
      } else {
        if (this.wakeAt[i] && !replay) {
          const early = await this.idleWait(i);
          if (early) return early;
        }
        this.applyGuestDebug(step, suppress);
        const exit = this.machine.runOnce(i);
        h?.afterRun(i, this.machine.lastExit(i));
        const action = dispatchExit(exit, this.machine.bus);
        switch (action.kind) {
          case 'reenter':
            break;
          case 'interrupted': {
            blocked = true;
            // KVMDBG_CAP_IDLE_EXIT: the vCPU carries its sleep to a timer deadline; its turn goes on
            // (after the wait, with 'wait'), as it would have inside the KVM_RUN without the capability
            const ticks = this.machine.idleTicks(i);
            if (ticks > 0) {
              if (this.opts.idle === 'wait' && !replay) this.wakeAt[i] = this.wallClock.now() + ticks * 1000 / this.machine.idleHz;
              break;
            }
            if (replay) break;
            this.sched.after('blocked');
            h?.maybeCheckpoint(this.lifted);
            break;
          }
          case 'budget':
            if (replay) break;
            this.sched.after('budget');
            h?.maybeCheckpoint(this.lifted);
            if (this.sched.limitReached) stop = this.limitStop(i);
            break;
          case 'shutdown':
          case 'reset': {
            const end = action.kind === 'shutdown' ? 'poweroff' : 'reset';
            // re-executed, it is the recorded end (else history diverged); a search's window ending
            // there stops at the loop's head, as at any window's end
            h?.systemEvent(end, replay);
            if (h?.travelStop !== undefined) continue;
            return this.endStop(end);
          }
          case 'error':
            return { kind: 'error', message: action.message };
          case 'debug':
            this.sel = i;
            stop = this.debugStop(action.exit, step);
            break;
        }
        if (stop) {
          this.sel = this.stopVcpu = i;
        }
      }
      if (replay && !stop) this.checkProgress(h!, before);
      // Every vCPU waiting (a live notion: re-execution follows the record) gives the host a moment.
      const idle = !replay && this.sched.deterministic && !step && this.sched.allIdle;
      // Re-executing, an MMIO access still to complete is completed by the next KVM_RUN before the loop
      // may stop: a stop between re-executed runs is at a whole instruction count, as history counts it.
      const look = blocked || idle || Date.now() >= this.nextLook;
      if (look && !(replay && !stop && this.machine.mmioPendingOn(i))) stop = await this.lookAround(stop, idle, replay ? i : undefined);
      if (stop) return stop;
    }
  }

  /**
   * One KVM_RUN of re-execution towards a travel's end, the debugger's BRKs lifted (guest debugging is
   * off): any return but a used-up budget, an MMIO or an EINTR means the guest did not do what it did.
   */
  private travelRun(i: number, h: History): void {
    const exit = this.mem.withoutBreakpoints(() => this.machine.runOnce(i));
    h.afterRun(i, this.machine.lastExit(i));
    const action = dispatchExit(exit, this.machine.bus);
    if (action.kind === 'shutdown' || action.kind === 'reset') {
      h.systemEvent(action.kind === 'shutdown' ? 'poweroff' : 'reset', true);
      return;
    }
    if (action.kind === 'error' || action.kind === 'debug') {
      throw new VmmError(`re-executing history diverged at instruction ${h.now}: ${action.kind === 'error' ? action.message : `unexpected ${action.kind} exit`}`);
    }
  }

  /**
   * Re-execution must move: what the recorded schedule runs completed instructions the first time. A
   * vCPU that keeps returning without completing any (its exception vector unmapped, say) has diverged
   * from the record; stopping it with an error beats spinning until an interrupt.
   */
  private checkProgress(h: History, before: number): void {
    this.stalled = h.now === before ? this.stalled + 1 : 0;
    if (this.stalled > STALLED_RUNS) throw new VmmError(`re-executing history makes no progress at instruction ${h.now}`);
  }

  private get wallClock(): WallClock {
    return this.opts.wallClock ?? HOST_WALL_CLOCK;
  }

  /**
   * 'wait': before vCPU i's sleep goes on, wait in wall time for its deadline, or until console input
   * arrives (delivered before the KVM_RUN, it may end the sleep). interrupt(), kill() or a limit reached
   * meanwhile (--timeout) stop the guest there. Returns that stop, or undefined to run the vCPU.
   */
  private async idleWait(i: number): Promise<StopReason | undefined> {
    const clock = this.wallClock;
    const start = clock.now();
    for (;;) {
      const ms = this.wakeAt[i]! - clock.now();
      if (ms <= 0 || this.machine.input.waiting) break;
      // stopped while waiting, the vCPU waits for the rest when the guest is resumed
      if (this.interruptRequested || this.killed) {
        this.stopVcpu = this.sel = i;
        return this.interrupted();
      }
      await new Promise<void>((resolve) => {
        const cancel = clock.after(Math.min(ms, IDLE_LOOK_MS), () => this.wakeWaiter?.());
        this.wakeWaiter = () => {
          this.wakeWaiter = undefined;
          cancel();
          resolve();
        };
      });
      const limit = this.opts.checkLimit?.();
      if (limit) {
        this.stopVcpu = this.sel = i;
        return { kind: 'limit', pc: this.pc(), limit: 'check', message: limit };
      }
    }
    this.wakeAt[i] = 0;
    const waited = clock.now() - start;
    if (waited > 0) {
      this.idleWaits.count++;
      this.idleWaits.ms += waited;
    }
    return undefined;
  }

  /** The guest powered off (PSCI SYSTEM_OFF) or asked for a reset (SYSTEM_RESET): nothing runs after it. */
  private endStop(end: 'poweroff' | 'reset'): StopReason {
    return end === 'poweroff' ? { kind: 'poweroff', code: 0 } : { kind: 'reset' };
  }

  /** Re-execution reached the time it was to stop at. */
  private historyStop(): StopReason {
    return { kind: 'limit', pc: this.pc(), limit: 'history', message: `at instruction ${this.history!.now}` };
  }

  private readonly initVcpu = (i: number): void => this.machine.reinitVcpu(i);

  // ---- going back (history/) ----

  private needHistory(): History {
    if (!this.history) throw new DebugApiError('reverse execution is off: run with history recording (kvmdbg run --gdb turns it on on the model kernel)');
    return this.history;
  }

  /** Where the guest is in time: instructions completed by all vCPUs. */
  currentTime(): number | undefined {
    return this.history?.now;
  }

  /**
   * Go to time `t` of the recorded history: restore the newest checkpoint before it and re-execute to it
   * with the debugger's breakpoints out of the way (guest debugging off, BRKs lifted), through the run
   * loop, in slices: an interrupt() or a limit stops it early, where re-execution has come to (a state
   * a forward run passes through). Returns that stop, or undefined once the guest is at `t`.
   */
  private async travel(t: number): Promise<StopReason | undefined> {
    const h = this.restoreFor(t);
    let stop: StopReason;
    try {
      stop = await this.runUntilStop(false, {}, true);
    } finally {
      h.clearStop();
      this.replayed = true;
    }
    return stop.kind === 'limit' && stop.limit === 'history' ? undefined : stop;
  }

  /** A travel's start: the newest checkpoint at or before `t` in place, stop at `t`, guest debugging off. */
  private restoreFor(t: number): History {
    const h = this.needHistory();
    this.machine.completePendingExits();
    h.restoreBefore(t, this.lifted, this.initVcpu);
    const off = encodeGuestDebug({ control: 0, bcr: [], bvr: [], wcr: [], wvr: [] }, this.machine.endian);
    this.machine.vcpus.forEach((v, i) => { v.setGuestDebug(off); this.applied[i] = undefined; });
    this.debugDirty = true;
    return h;
  }

  /** Travel to `t` and stop as `stop` on `vcpu` there; stopped early, that stop (interrupted, a limit) instead. */
  private async travelStop(t: number, stop: StopReason, vcpu = this.sel): Promise<StopReason> {
    const early = await this.travel(t);
    this.sel = this.stopVcpu = vcpu;
    const s = early ?? stop;
    return (this.lastStop = 'pc' in s ? { ...s, pc: this.pc() } : s);
  }

  /**
   * GDB's `bs`: one instruction back on the selected vCPU. At the start of history nothing moves and the
   * stop says so ('history-begin').
   */
  async reverseStep(): Promise<StopReason> {
    const h = this.needHistory();
    return this.taking(async () => {
      await yieldToEventLoop();
      const t = h.previousInsnOf(this.sel);
      if (t === undefined) return (this.lastStop = { kind: 'history-begin', pc: this.pc() });
      return this.travelStop(t, { kind: 'step', pc: 0n });
    });
  }

  /**
   * A command that runs the guest (through history): the interrupt requests from before it are void, and
   * whatever stop ends it answers those asked for meanwhile (as resume()).
   */
  private async taking(f: () => Promise<StopReason>): Promise<StopReason> {
    if (this.killed) return { kind: 'error', message: 'the VM was killed' };
    this.interruptRequested = false;
    try {
      return await f();
    } finally {
      this.interruptRequested = false;
    }
  }

  /**
   * GDB's `bc`: back to the last breakpoint or watchpoint hit before now. Each stretch between two
   * checkpoints, newest first, is re-executed with the debugger's breakpoints and watchpoints armed and its
   * hits noted; the last hit of the first stretch that has any is where the guest goes. Without any, it
   * goes to the start of history ('history-begin'). Every part of it re-executes in slices: an
   * interrupt() stops a search part-way through a stretch at the stretch's start (its later hits are
   * unknown), and the way to the hit found where re-execution has come to.
   */
  async reverseContinue(): Promise<StopReason> {
    const h = this.needHistory();
    return this.taking(async () => {
      const sel = this.sel;
      let end = h.now;
      const times = h.checkpointTimes();
      for (let k = times.length - 1; k >= 0; k--) {
        const start = times[k]!;
        if (start >= end) continue;
        const { hits, early } = await this.scan(start, end);
        if (early) return this.travelStop(start, early, sel);
        if (hits.length) {
          const last = hits[hits.length - 1]!;
          // A watchpoint stops just after the access, as going forward it stops just before it: gdb, whose
          // AArch64 watchpoints trap before the access (gdbarch_have_nonsteppable_watchpoint), then steps
          // once in the direction it runs to complete it, and going back that step undoes the access and
          // lands on the accessing instruction.
          const t = last.stop.kind === 'watch' ? h.insnEndOf(last.time, last.vcpu) : last.time;
          return this.travelStop(t, last.stop, last.vcpu);
        }
        end = start;
      }
      return this.travelStop(h.begin, { kind: 'history-begin', pc: 0n }, sel);
    });
  }

  /**
   * Re-execute [start, end) with the debugger's breakpoints and watchpoints armed; the hits, in order, or
   * the stop that ended the search early (interrupted, a limit).
   */
  private async scan(start: number, end: number): Promise<{ hits: Hit[]; early?: StopReason }> {
    const h = this.needHistory();
    const hits: Hit[] = [];
    const early = await this.travel(start);
    if (early) return { hits, early };
    h.setStop(end);
    try {
      for (;;) {
        const stop = await this.forward('continue');
        if (stop.kind === 'limit' && stop.limit === 'history') break;
        if (stop.kind === 'swbreak' || stop.kind === 'hwbreak' || stop.kind === 'watch') {
          if (h.now < end) hits.push({ time: h.now, vcpu: this.stopVcpu, stop });
          continue;
        }
        if (stop.kind === 'interrupted' || (stop.kind === 'limit' && stop.limit === 'check')) return { hits, early: stop };
        throw new VmmError(`re-executing history to search it stopped: ${stop.kind}${'message' in stop ? `: ${stop.message}` : ''}`);
      }
    } finally {
      h.clearStop();
    }
    return { hits };
  }

  /** Go to instruction `t` of the recorded history (monitor goto), in slices as bs: an interrupt stops it part-way. */
  gotoTime(t: number): Promise<StopReason> {
    const h = this.needHistory();
    if (!Number.isSafeInteger(t) || t < h.begin || t > h.frontier) {
      throw new DebugApiError(`instruction ${t} is not in history, which holds ${h.begin}..${h.frontier}`);
    }
    return this.taking(() => this.travelStop(t, { kind: 'step', pc: 0n }));
  }

  historyApi(): HistoryApi | undefined {
    const h = this.history;
    if (!h) return undefined;
    return {
      reverseStep: () => this.reverseStep(),
      reverseContinue: () => this.reverseContinue(),
      goto: (t) => this.gotoTime(t),
      info: () => ({ now: h.now, begin: h.begin, frontier: h.frontier, ended: h.ended, ...h.memoryStats() }),
      exits: () => h.exits,
    };
  }

  /** The stop of a used-up instruction limit, on vCPU i (default: the one whose turn it was). */
  private limitStop(i = this.sched.current): StopReason {
    this.sel = this.stopVcpu = i;
    return { kind: 'limit', pc: this.pc(), limit: 'insn-budget', message: `instruction budget of ${this.insnBudget} used up` };
  }

  /**
   * Between exits: a limit reached ends the run; the event loop gets a turn (signal handlers, sockets);
   * an interrupt() asked for meanwhile stops the guest, unless the exit is a stop already (any stop
   * answers an interrupt).
   */
  private async lookAround(stop: StopReason | undefined, idle = false, vcpu = this.sched.current): Promise<StopReason | undefined> {
    this.nextLook = Date.now() + this.tickMs;
    const limit = this.opts.checkLimit?.();
    if (limit) return { kind: 'limit', pc: this.pc(), limit: 'check', message: limit };
    // Every vCPU waits for something from outside (input, the debugger): give the host a moment.
    await (idle ? new Promise((r) => setTimeout(r, 1)) : yieldToEventLoop());
    if (stop) return stop;
    if (this.interruptRequested || this.killed) {
      this.stopVcpu = this.sel = vcpu;
      return this.interrupted();
    }
    return undefined;
  }

  /** The stop a debug exit means, or undefined when it was the guest's own and has been delivered to it. */
  private debugStop(exit: Extract<VcpuExit, { reason: 'DEBUG' }>, stepping: boolean): StopReason | undefined {
    const info = classifyDebugExit(exit.arch.hsr);
    const pc = this.pc();
    switch (info.cls) {
      case 'brk':
        // While our BRK is lifted to step over it, a BRK there is the guest's own instruction.
        if (pc !== this.steppingOver && this.mem.isBreakpoint(pc)) return { kind: 'swbreak', pc };
        return this.reflectToGuest(exit, info, stepping);
      case 'hwbreak':
        return { kind: 'hwbreak', pc };
      case 'step':
        return { kind: 'step', pc };
      case 'watch': {
        const i = nearestWatchpoint(this.watches, exit.arch.far, info.isWrite);
        if (i < 0) return { kind: 'error', message: `watchpoint exit (ESR 0x${exit.arch.esr.toString(16)}) with no watchpoint set` };
        const w = this.watches[i]!;
        return { kind: 'watch', pc, watchKind: w.kind, addr: w.addr, far: exit.arch.far };
      }
      default:
        return this.reflectToGuest(exit, info, stepping);
    }
  }

  /**
   * A BRK the debugger did not plant belongs to the guest (while guest debugging is on, KVM sends every
   * BRK to userspace: conformance row h1): deliver it to the guest's vector as the CPU
   * would have. A step that ends in an exception entry completes at the vector.
   */
  private reflectToGuest(exit: Extract<VcpuExit, { reason: 'DEBUG' }>, info: DebugExitInfo, stepping: boolean): StopReason | undefined {
    if (info.cls !== 'brk') {
      return { kind: 'error', message: `debug exit with EC 0x${info.ec.toString(16)} (ESR 0x${exit.arch.esr.toString(16)}) that the debugger did not ask for` };
    }
    const target = injectSyncException(this.vcpu, exit.arch.esr);
    // The CPU counts a BRK it takes itself as completed; delivered by the VMM, it completes here.
    this.history?.bumpCount(this.sel);
    const t = this.mem.translate(target);
    if (!t.ok || !this.machine.memorySlot(t.ipa, 4)) {
      return {
        kind: 'error',
        message: `the guest executed BRK #0x${info.imm.toString(16)} and has no exception vector to take it ` +
          `(VBAR_EL1 vector 0x${target.toString(16)} ${!t.ok ? `is not mapped: ${t.message}` : t.ipa === target ? 'is outside RAM' : `maps to 0x${t.ipa.toString(16)}, outside RAM`})`,
      };
    }
    return stepping ? { kind: 'step', pc: target } : undefined;
  }

  interrupt(): void {
    this.interruptRequested = true;
    this.wakeWaiter?.();
  }

  detach(): void {
    this.mem.clearBreakpoints();
    this.hw.length = 0;
    this.watches.length = 0;
    this.rawControl = 0;
    this.debugDirty = true;
    this.applyGuestDebug(false);
    this.lastStop = undefined;
  }

  kill(): void {
    this.killed = true;
    this.interruptRequested = true;
    this.wakeWaiter?.();
  }

  /** The stop the last resume() ended with (undefined before the first, and after detach()). */
  lastStopReason(): StopReason | undefined {
    return this.lastStop;
  }

  lastExit(i?: number): ExitRecord | undefined {
    return this.machine.lastExit(i);
  }

  kernelInfo(): { backend: string; kernel: string; endian: 'le' | 'be' } {
    return { backend: this.machine.sys.backendName, kernel: this.machine.sys.kernelDescription, endian: this.machine.endian };
  }

  hwLimits(): { breakpoints: number; watchpoints: number } {
    return { ...this.limits };
  }
}
