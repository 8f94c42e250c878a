/**
 * What the stub needs from the thing it debugs, in the stub's own terms. The base methods are required;
 * optional features are `support*()` accessors returning an ops object or undefined, and the stub derives
 * `qSupported`, `target.xml` and which packets it answers from them (the shape of the Rust gdbstub
 * crate's "inlineable dyn extension traits"). A debuggee implements this interface; the stub imports
 * nothing of it (the VMM's adapter lives in cli/gdb-target.ts).
 *
 * Threads: GDB sees one process (pid 1) whose threads are the target's CPUs, numbered 1, 2, … as
 * `threads()` lists them. Registers are per thread; memory is shared. A stop names the thread it
 * happened on.
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

export interface SwBreakpointOps {
  insert(addr: bigint, kind: number): boolean;
  remove(addr: bigint, kind: number): boolean;
}

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
  /** The output of `monitor COMMAND` (`help` and the empty command included), newline-terminated. */
  run(command: string): string;
}

export interface Target {
  /** The live threads in order; never empty. The first is the one "any thread" falls to. */
  threads(): readonly Tid[];
  readCoreRegisters(thread: Tid): CoreRegisters;
  /** regnum 0..30 x, 31 sp, 32 pc, 33 cpsr. Throws on a bad register. */
  writeCoreRegister(thread: Tid, regnum: number, value: bigint): void;
  /** Throws when any byte is not readable. */
  readMemory(addr: bigint, len: number): Uint8Array;
  writeMemory(addr: bigint, data: Uint8Array): void;
  /** Run until the next stop; 'step' executes one instruction on `thread`. */
  resume(mode: 'continue' | 'step', thread: Tid): Promise<StopReason>;
  interrupt(): void;
  /** Remove all breakpoints and watchpoints and turn guest debugging off. Does not resume. */
  clearDebugState(): void;
  kill(): void;

  supportSwBreakpoint(): SwBreakpointOps | undefined;
  supportHwBreakpoint(): HwBreakpointOps | undefined;
  supportHwWatchpoint(): HwWatchpointOps | undefined;
  supportFpRegisters(): FpRegisterOps | undefined;
  supportMonitor(): MonitorOps | undefined;
}
