/**
 * The userspace debugging API of the VMM: what a debugger front end (the GDB stub, the CLI's scripted
 * debugging, tests) can do with a guest. Every stop comes from a real exit read from the `kvm_run`
 * bytes (KVM_EXIT_DEBUG decoded with the HSR_HIGH_VALID flag rule, KVM_EXIT_SYSTEM_EVENT, EINTR).
 */
import type { DebugExitArch, Endian } from '../abi/index.ts';
import type { Stage1Result } from './stage1.ts';

export type WatchKind = 'write' | 'read' | 'access';

/** Why the guest stopped. Derived from the decoded exit (EC, FAR), never guessed from the PC. */
export type StopReason =
  | { kind: 'swbreak'; pc: bigint }                 // a debugger software breakpoint (BRK it inserted)
  | { kind: 'hwbreak'; pc: bigint }                 // a hardware breakpoint (EC 0x30)
  | { kind: 'step'; pc: bigint }                    // single step completed (EC 0x32)
  | { kind: 'watch'; pc: bigint; watchKind: WatchKind; addr: bigint; far: bigint } // addr: the watchpoint's start
  | { kind: 'interrupted'; pc: bigint }             // interrupt() was honoured
  /**
   * A limit ended the run: the instruction budget (TargetOptions.insnBudget), the checkLimit callback, or
   * the end of a stretch of recorded history being re-executed.
   */
  | { kind: 'limit'; pc: bigint; limit: 'insn-budget' | 'check' | 'history'; message: string }
  /** Going back, the start of recorded history was reached (GDB's replaylog:begin). */
  | { kind: 'history-begin'; pc: bigint }
  | { kind: 'poweroff'; code: number }              // PSCI SYSTEM_OFF (KVM_SYSTEM_EVENT_SHUTDOWN)
  | { kind: 'reset' }                               // PSCI SYSTEM_RESET
  | { kind: 'error'; message: string };             // the VMM cannot go on (bad exit, internal error)

/** The general registers as GDB's aarch64 core feature orders them. */
export interface CoreRegisters {
  x: bigint[];       // x0..x30
  sp: bigint;
  pc: bigint;
  cpsr: number;      // PSTATE as SPSR bits, 32-bit
}

/** The last KVM_RUN return as the VMM read it (for `monitor exit`, exit logs). */
export interface ExitRecord {
  n: number;
  /** The vCPU (index) whose KVM_RUN this was. */
  vcpu: number;
  ret: number;
  errno: string | null;
  exitReason: number;
  /** kvm_run.flags, read once after the return. */
  flags: number;
  /** The kernel's byte order (of every kvm_run field). */
  endian: Endian;
  pc: bigint;
  /** The 16 raw bytes of kvm_run.debug.arch as the kernel left them. */
  debugArch: Uint8Array;
  /** Present for KVM_EXIT_DEBUG: debug.arch decoded by the flag rule. */
  debug?: DebugExitArch;
}

/** A KVM_EXIT_DEBUG recorded in history: when, where, and its raw kvm_run.debug.arch bytes and flags. */
export interface HistoryExit {
  n: number;
  time: number;
  vcpu: number;
  pc: bigint;
  flags: number;
  arch: Uint8Array;
  esr: bigint;
}

/** Reverse execution, where the target records history (vmm/history/). */
export interface HistoryApi {
  /** One instruction back on the selected vCPU ('history-begin' at the start of history). */
  reverseStep(): Promise<StopReason>;
  /** Back to the last breakpoint or watchpoint hit before now, or to the start of history. */
  reverseContinue(): Promise<StopReason>;
  /**
   * To instruction `t` of history (`begin`..`frontier`): a 'step' stop there, or where an interrupt
   * stopped the re-execution ('interrupted'). Throws DebugApiError outside it.
   */
  goto(t: number): Promise<StopReason>;
  /**
   * Where the guest is in time and what history holds; `ended`: the recorded run ended at `frontier`
   * with the guest powering off (PSCI SYSTEM_OFF) or asking for a reset (SYSTEM_RESET).
   */
  info(): { now: number; begin: number; frontier: number; ended?: 'poweroff' | 'reset' | undefined; checkpoints: number; bytes: number; base: number; dense: number; pages: number };
  /** Every debug exit of the run, oldest first. */
  exits(): readonly HistoryExit[];
}

export interface DebugTarget {
  /** How many vCPUs there are (0-based indexes below). */
  vcpuCount(): number;
  /** The vCPU that register reads and writes and single steps act on. Throws DebugApiError for a bad index. */
  selectVcpu(i: number): void;
  selectedVcpu(): number;
  /** The vCPU the last stop happened on (all vCPUs stop with it). */
  stoppedVcpu(): number;
  /** vCPU i is powered off (KVM_GET_MP_STATE says KVM_MP_STATE_STOPPED: never started, or PSCI CPU_OFF). */
  vcpuStopped(i: number): boolean;
  readCoreRegisters(): CoreRegisters;
  /** regnum in GDB's aarch64 numbering: 0..30 x, 31 sp, 32 pc, 33 cpsr, 34..65 v0..v31, 66 fpsr, 67 fpcr. */
  writeRegister(regnum: number, value: bigint): void;
  /** One SIMD&FP register, regnum 34..65 v0..v31 (128-bit), 66 fpsr, 67 fpcr, read through KVM_GET_ONE_REG. */
  readFpRegister(regnum: number): bigint;
  /**
   * The selected vCPU's virtual addresses (its stage-1 tables), or guest-physical ones in physical mode.
   * Throws DebugApiError when any byte is unmapped or outside guest memory.
   */
  readMemory(addr: bigint, len: number): Uint8Array;
  writeMemory(addr: bigint, data: Uint8Array): void;
  /** Whether memory and software-breakpoint addresses are guest-physical (QEMU's Qqemu.PhyMemMode). */
  physicalMemory(): boolean;
  setPhysicalMemory(on: boolean): void;
  /** What a virtual address means to the selected vCPU (its stage-1 walk). */
  translate(va: bigint): Stage1Result;
  /** MPIDR_EL1 of vCPU i, as KVM_GET_ONE_REG reads it. */
  mpidr(i: number): bigint;
  /** A KVM_REG_ARM64_SYSREG (or core) register of the selected vCPU (KVM_GET_ONE_REG), or undefined when the kernel refuses it. */
  readSystemRegister(id: bigint): bigint | undefined;
  /**
   * Writes a KVM_REG_ARM64_SYSREG (or core) register of the selected vCPU with KVM_SET_ONE_REG; false when
   * the kernel refuses it. Throws DebugApiError in the recorded past, as the other writes do.
   */
  writeSystemRegister(id: bigint, value: bigint): boolean;

  /** Each returns false when the request cannot be satisfied (e.g. no free hardware register). */
  insertSwBreakpoint(addr: bigint): boolean;
  removeSwBreakpoint(addr: bigint): boolean;
  insertHwBreakpoint(addr: bigint): boolean;
  removeHwBreakpoint(addr: bigint): boolean;
  insertWatchpoint(addr: bigint, len: number, kind: WatchKind): boolean;
  removeWatchpoint(addr: bigint, len: number, kind: WatchKind): boolean;

  /** Run until the next stop. 'step' executes one instruction (KVM_GUESTDBG_SINGLESTEP). */
  resume(mode: 'continue' | 'step'): Promise<StopReason>;
  /** Ask a running resume() to stop at the next opportunity: it resolves with 'interrupted'. */
  interrupt(): void;
  /** Remove every breakpoint and watchpoint and turn guest debugging off; the guest runs on. */
  detach(): void;
  /** Stop the VM for good. */
  kill(): void;

  /** The last KVM_RUN return of any vCPU, or of vCPU `i`. */
  lastExit(i?: number): ExitRecord | undefined;
  /** e.g. { backend: 'model', kernel: '6.1', endian: 'le' } */
  kernelInfo(): { backend: string; kernel: string; endian: 'le' | 'be' };
  /** Capability counts that limit hardware breakpoints and watchpoints. */
  hwLimits(): { breakpoints: number; watchpoints: number };
  /** Reverse execution, or undefined when history is not recorded. */
  historyApi?(): HistoryApi | undefined;
}

export class DebugApiError extends Error {
  override name = 'DebugApiError';
}
