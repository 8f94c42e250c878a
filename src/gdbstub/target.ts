/**
 * What the stub needs from the thing it debugs, in the stub's own terms. The base methods are required;
 * optional features are `support*()` accessors returning an ops object or undefined, and the stub derives
 * `qSupported`, `target.xml` and which packets it answers from them (the shape of the Rust gdbstub
 * crate's "inlineable dyn extension traits"). A debuggee implements this interface; the stub imports
 * nothing of it (the VMM's adapter lives in cli/gdb-target.ts).
 *
 * Threads: GDB sees one process (pid 1) whose threads are the target's CPUs, numbered 1, 2, … as
 * `threads()` lists them. Registers are per thread; memory is shared. A stop names the thread it
 * happened on. The stub is all-stop: while the client looks, no thread runs; a resume says which thread
 * steps and which may run (vCont), and the target decides how it stops the others when one stops.
 */

/** A thread id as GDB writes it (hex in packets): 1 for the first CPU. Never 0 or -1 (those mean any/all). */
export type Tid = number;

export type WatchKind = 'write' | 'read' | 'access';

/** Why the target stopped. */
export type StopReason =
  | { kind: 'swbreak'; thread: Tid }                // a software breakpoint the stub inserted
  | { kind: 'hwbreak'; thread: Tid }                // a hardware breakpoint
  | { kind: 'step'; thread: Tid }                   // a single step completed
  /** A watchpoint fired before the access; `addr` and `watchKind` are those of the watchpoint as inserted. */
  | { kind: 'watch'; thread: Tid; watchKind: WatchKind; addr: bigint }
  | { kind: 'interrupted'; thread: Tid }            // interrupt() was honoured
  | { kind: 'history-begin'; thread: Tid }          // going back reached the start of recorded history
  | { kind: 'poweroff'; code: number }              // the machine powered off
  | { kind: 'reset' }                               // the machine asked for a reset
  | { kind: 'error'; message: string };             // the target cannot go on

/** One thread's general registers as GDB's aarch64 core feature orders them. */
export interface CoreRegisters {
  x: bigint[];       // x0..x30
  sp: bigint;
  pc: bigint;
  cpsr: number;      // PSTATE as SPSR bits, 32-bit
}

/** A breakpoint instruction at a virtual address as `thread` translates it. */
export interface SwBreakpointOps {
  insert(addr: bigint, kind: number, thread: Tid): boolean;
  remove(addr: bigint, kind: number, thread: Tid): boolean;
}

/** A hardware breakpoint at a virtual address, on every thread (the hardware compares virtual addresses). */
export interface HwBreakpointOps {
  insert(addr: bigint, kind: number): boolean;
  remove(addr: bigint, kind: number): boolean;
  /** How many the hardware has. */
  limit(): number;
}

export interface HwWatchpointOps {
  /** False when this range cannot be watched as one (the stub then tries aligned pieces). */
  insert(addr: bigint, len: number, kind: WatchKind): boolean;
  remove(addr: bigint, len: number, kind: WatchKind): boolean;
  /** How many the hardware has. */
  limit(): number;
}

/** One thread's FP/SIMD registers: v0–v31 as 16 little-endian bytes each, fpsr, fpcr. */
export interface FpRegisterOps {
  readV(thread: Tid, n: number): Uint8Array;
  readFpsr(thread: Tid): number;
  readFpcr(thread: Tid): number;
  /** False when the target cannot write FP state. */
  write(thread: Tid, regnum: number, value: Uint8Array): boolean;
}

/** GDB's `monitor` commands, answered by the target (the stub only carries the text). */
export interface MonitorOps {
  /**
   * The output of `monitor COMMAND` (`help` and the empty command included), newline-terminated; a
   * Promise of it for a command that runs the guest (kvmdbg's `monitor goto` re-executes history): the
   * stub then waits for it as for a resume, holding the packets that arrive meanwhile, and a 0x03
   * reaches interrupt().
   */
  run(command: string): string | Promise<string>;
}

/**
 * What one resume asks for, from the client's vCont actions (leftmost action per thread) or `c`/`s`.
 * With `step`, the resume ends when that thread has executed one instruction (or anything else stops
 * first). `run` lists the threads the client lets run freely meanwhile; a target may keep them stopped
 * during a step (kvmdbg's VMM does, so a single step is deterministic) but must not run a thread that is
 * in neither.
 */
export interface ResumeRequest {
  step?: Tid;
  run: readonly Tid[];
  /** Backwards (`bs`, `bc`): only with supportReverseExecution(). */
  reverse?: boolean;
}

/**
 * Reverse execution (`bs`, `bc`; qSupported `ReverseStep+`, `ReverseContinue+`): resume() takes
 * `reverse` requests, and a stop may be 'history-begin' (`replaylog:begin`).
 */
export interface ReverseExecutionOps {
  /** Why not, when the target cannot go back now (the reply to bs/bc is then an error). */
  unavailable(): string | undefined;
}

/** GDB's `info threads` text for a thread (`qThreadExtraInfo`), e.g. "vCPU 0, EL1h, running". */
export interface ThreadInfoOps {
  extraInfo(thread: Tid): string;
}

/**
 * System registers as a target description feature (QEMU's `org.qemu.gdb.arm.sys.regs`: each register
 * 64-bit, group `cp_regs`, numbered after the fpu feature). `names()` is fixed for the target's life.
 */
export interface SystemRegisterOps {
  names(): readonly string[];
  /** The value of register `index` of `names()`, or undefined when the target cannot read it now. */
  read(thread: Tid, index: number): bigint | undefined;
  /** False when the register cannot be written. */
  write(thread: Tid, index: number, value: bigint): boolean;
}

/**
 * Whether `m`/`M`/`X` address guest-physical memory instead of the selected thread's virtual addresses
 * (QEMU's `Qqemu.PhyMemMode`). The mode lives in the target, so its own monitor command can switch it too.
 */
export interface PhysicalMemoryModeOps {
  get(): boolean;
  set(physical: boolean): void;
}

export interface Target {
  /** The live threads in order; never empty. The first is the one "any thread" falls to. */
  threads(): readonly Tid[];
  readCoreRegisters(thread: Tid): CoreRegisters;
  /** regnum 0..30 x, 31 sp, 32 pc, 33 cpsr. Throws on a bad register. */
  writeCoreRegister(thread: Tid, regnum: number, value: bigint): void;
  /**
   * Memory as `thread` sees it: its virtual addresses (or physical ones in physical-memory mode). Throws
   * when any byte is not readable (unmapped, outside RAM).
   */
  readMemory(thread: Tid, addr: bigint, len: number): Uint8Array;
  writeMemory(thread: Tid, addr: bigint, data: Uint8Array): void;
  /** Run until the next stop (see ResumeRequest). */
  resume(req: ResumeRequest): Promise<StopReason>;
  interrupt(): void;
  /** Remove all breakpoints and watchpoints and turn guest debugging off. Does not resume. */
  clearDebugState(): void;
  kill(): void;

  supportSwBreakpoint(): SwBreakpointOps | undefined;
  supportHwBreakpoint(): HwBreakpointOps | undefined;
  supportHwWatchpoint(): HwWatchpointOps | undefined;
  supportFpRegisters(): FpRegisterOps | undefined;
  supportMonitor(): MonitorOps | undefined;
  supportThreadInfo(): ThreadInfoOps | undefined;
  supportSystemRegisters(): SystemRegisterOps | undefined;
  supportPhysicalMemoryMode(): PhysicalMemoryModeOps | undefined;
  supportReverseExecution?(): ReverseExecutionOps | undefined;
}
