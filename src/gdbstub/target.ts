/**
 * What the stub needs from the thing it debugs. The base methods are required; optional features are
 * `support*()` accessors returning an ops object or undefined, and the stub derives `qSupported`,
 * `target.xml` and which packets it answers from them (the shape of the Rust gdbstub crate's
 * "inlineable dyn extension traits"). `fromDebugTarget()` adapts the VMM's DebugTarget.
 */
import type { CoreRegisters, ExitRecord, StopReason, WatchKind } from '../vmm/debug-api.ts';

export type { CoreRegisters, ExitRecord, StopReason, WatchKind };

export interface SwBreakpointOps {
  insert(addr: bigint, kind: number): boolean;
  remove(addr: bigint, kind: number): boolean;
}

export interface HwBreakpointOps {
  insert(addr: bigint, kind: number): boolean;
  remove(addr: bigint, kind: number): boolean;
  /** How many the hardware has (KVM_CAP_GUEST_DEBUG_HW_BPS). */
  limit(): number;
}

export interface HwWatchpointOps {
  /** False when this range cannot be watched as one (the stub then tries aligned pieces). */
  insert(addr: bigint, len: number, kind: WatchKind): boolean;
  remove(addr: bigint, len: number, kind: WatchKind): boolean;
  /** How many the hardware has (KVM_CAP_GUEST_DEBUG_HW_WPS). */
  limit(): number;
}

/** The FP/SIMD registers: v0–v31 as 16 little-endian bytes each, fpsr, fpcr. */
export interface FpRegisterOps {
  readV(n: number): Uint8Array;
  readFpsr(): number;
  readFpcr(): number;
  /** False when the target cannot write FP state. */
  write(regnum: number, value: Uint8Array): boolean;
}

/** Facts the monitor commands show. */
export interface MonitorOps {
  lastExit(): ExitRecord | undefined;
  kernelInfo(): { backend: string; kernel: string; endian: 'le' | 'be' };
}

export interface Target {
  readCoreRegisters(): CoreRegisters;
  /** regnum 0..30 x, 31 sp, 32 pc, 33 cpsr. Throws on a bad register. */
  writeCoreRegister(regnum: number, value: bigint): void;
  /** Throws when any byte is not readable. */
  readMemory(addr: bigint, len: number): Uint8Array;
  writeMemory(addr: bigint, data: Uint8Array): void;
  resume(mode: 'continue' | 'step'): Promise<StopReason>;
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
