/**
 * An in-memory Target for the stub's tests and fuzzer: registers, 64 KiB of RAM at 0x40080000, and a
 * toy "CPU" that executes one 4-byte slot per step. Programs are described as data: each slot may access
 * memory (so watchpoints fire before the access, as on Arm: the pc stays on the accessing instruction),
 * jump, or power off. Breakpoints are tables (memory keeps the original instructions, as QEMU's stub
 * does for Z0). Thread 1 runs the program; `extraThreads` adds parked threads (own registers, never
 * scheduled) for the thread-selection packets. Nothing here models KVM; it is a stand-in with the
 * stub's contract.
 */
import type { CoreRegisters, FpRegisterOps, MonitorOps, StopReason, Target, Tid, WatchKind } from '../target.ts';

export const FAKE_RAM_BASE = 0x40080000n;
export const FAKE_RAM_SIZE = 0x10000;

/** What the instruction at an address does. */
export interface FakeSlot {
  /** A memory access: the slot reads or writes `len` bytes at `addr` (writes store `value`). */
  access?: { addr: bigint; len: number; write: boolean; value?: bigint };
  /** Jump here after executing. */
  jump?: bigint;
  /** PSCI SYSTEM_OFF: the guest powers off. */
  powerOff?: boolean;
}

interface Watch { addr: bigint; len: number; kind: WatchKind }

const ZERO_V = new Uint8Array(16);

export class FakeTarget implements Target {
  readonly x: bigint[] = Array.from({ length: 31 }, () => 0n);
  sp = 0x40090000n;
  pc = FAKE_RAM_BASE;
  cpsr = 0x3c5;
  /** Registers of threads 2, 3, …: they exist and can be read and written, but never run. */
  readonly extraThreads: CoreRegisters[] = [];
  readonly ram = new Uint8Array(FAKE_RAM_SIZE);
  readonly program = new Map<bigint, FakeSlot>();
  readonly sw = new Set<bigint>();
  readonly hw = new Set<bigint>();
  readonly watches: Watch[] = [];
  limits = { breakpoints: 6, watchpoints: 4 };
  /** Largest length one watchpoint register takes (8 = a doubleword with BAS). */
  maxWatchLen = 8;
  debugging = true;
  killed = false;
  interruptRequested = false;
  resumes = 0;
  /** The output of `monitor COMMAND`, or undefined for no monitor support. */
  monitorText: ((command: string) => string) | undefined = (c) => `fake monitor: ${c}\n`;
  /** Steps per macrotask while continuing (so interrupt() and the pipe get a turn). */
  chunk = 64;
  /** Whether a step onto a watched access reports the watchpoint (false: GDB removed it first). */
  watchFiresOnStep = false;
  /** Whether a continue that starts on a watched access skips it (it was just reported). */
  skipWatchAtStart = true;

  threads(): readonly Tid[] {
    return [1, ...this.extraThreads.map((_, i) => i + 2)];
  }

  private regs(thread: Tid): CoreRegisters | undefined {
    if (thread === 1) return undefined;
    const r = this.extraThreads[thread - 2];
    if (!r) throw new Error(`no thread ${thread}`);
    return r;
  }

  readCoreRegisters(thread: Tid): CoreRegisters {
    const r = this.regs(thread);
    return r ? { ...r, x: [...r.x] } : { x: [...this.x], sp: this.sp, pc: this.pc, cpsr: this.cpsr };
  }

  writeCoreRegister(thread: Tid, regnum: number, value: bigint): void {
    const r = this.regs(thread) ?? this;
    if (regnum >= 0 && regnum <= 30) r.x[regnum] = BigInt.asUintN(64, value);
    else if (regnum === 31) r.sp = BigInt.asUintN(64, value);
    else if (regnum === 32) r.pc = BigInt.asUintN(64, value);
    else if (regnum === 33) r.cpsr = Number(BigInt.asUintN(32, value));
    else throw new Error(`no register ${regnum}`);
  }

  private offset(addr: bigint, len: number): number {
    const off = addr - FAKE_RAM_BASE;
    if (off < 0n || off + BigInt(len) > BigInt(FAKE_RAM_SIZE)) {
      throw new Error(`0x${addr.toString(16)}+${len} is outside guest RAM`);
    }
    return Number(off);
  }

  readMemory(addr: bigint, len: number): Uint8Array {
    const o = this.offset(addr, len);
    return this.ram.slice(o, o + len);
  }

  writeMemory(addr: bigint, data: Uint8Array): void {
    this.ram.set(data, this.offset(addr, data.length));
  }

  /** The watchpoint the access at the current pc would trigger. */
  private watchHit(): Watch | undefined {
    const a = this.program.get(this.pc)?.access;
    if (!a) return undefined;
    return this.watches.find((w) => (w.kind === 'access' || (w.kind === 'write') === a.write) &&
      a.addr < w.addr + BigInt(w.len) && w.addr < a.addr + BigInt(a.len));
  }

  /** Executes the slot at pc. Returns a final stop when the guest powers off. */
  private execute(): StopReason | undefined {
    const slot = this.program.get(this.pc);
    if (slot?.powerOff) return { kind: 'poweroff', code: 0 };
    if (slot?.access?.write) {
      const v = slot.access.value ?? 0n;
      const bytes = new Uint8Array(slot.access.len);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Number((v >> BigInt(8 * i)) & 0xffn);
      this.writeMemory(slot.access.addr, bytes);
    }
    this.pc = slot?.jump ?? this.pc + 4n;
    return undefined;
  }

  async resume(mode: 'continue' | 'step', thread: Tid): Promise<StopReason> {
    if (this.killed) throw new Error('the VM was killed');
    this.resumes++;
    this.interruptRequested = false;
    if (mode === 'step') {
      await Promise.resolve();
      const parked = this.regs(thread);
      if (parked) {
        parked.pc += 4n;
        return { kind: 'step', thread };
      }
      const w = this.debugging ? this.watchHit() : undefined;
      if (w && this.watchFiresOnStep) return this.watchStop(w);
      return this.execute() ?? { kind: 'step', thread: 1 };
    }
    let first = true;
    for (;;) {
      for (let i = 0; i < this.chunk; i++) {
        if (this.debugging && !first) {
          if (this.sw.has(this.pc)) return { kind: 'swbreak', thread: 1 };
          if (this.hw.has(this.pc)) return { kind: 'hwbreak', thread: 1 };
        }
        if (this.debugging) {
          const w = this.watchHit();
          if (w && !(first && this.skipWatchAtStart)) return this.watchStop(w);
        }
        first = false;
        const fin = this.execute();
        if (fin) return fin;
      }
      await new Promise((r) => setImmediate(r));
      if (this.interruptRequested) return { kind: 'interrupted', thread: 1 };
      if (this.killed) throw new Error('the VM was killed');
    }
  }

  private watchStop(w: Watch): StopReason {
    return { kind: 'watch', thread: 1, watchKind: w.kind, addr: w.addr };
  }

  interrupt(): void { this.interruptRequested = true; }
  clearDebugState(): void {
    this.sw.clear();
    this.hw.clear();
    this.watches.length = 0;
  }
  kill(): void { this.killed = true; }

  supportSwBreakpoint() {
    return {
      insert: (addr: bigint) => { this.sw.add(addr); return true; },
      remove: (addr: bigint) => this.sw.delete(addr),
    };
  }

  supportHwBreakpoint() {
    if (this.limits.breakpoints === 0) return undefined;
    return {
      insert: (addr: bigint) => {
        if (this.hw.size >= this.limits.breakpoints) return false;
        this.hw.add(addr);
        return true;
      },
      remove: (addr: bigint) => this.hw.delete(addr),
      limit: () => this.limits.breakpoints,
    };
  }

  supportHwWatchpoint() {
    if (this.limits.watchpoints === 0) return undefined;
    return {
      insert: (addr: bigint, len: number, kind: WatchKind) => {
        if (this.watches.length >= this.limits.watchpoints) return false;
        // one register covers bytes within one aligned doubleword
        if (len > this.maxWatchLen || (addr & ~7n) !== ((addr + BigInt(len) - 1n) & ~7n)) return false;
        this.watches.push({ addr, len, kind });
        return true;
      },
      remove: (addr: bigint, len: number, kind: WatchKind) => {
        const i = this.watches.findIndex((w) => w.addr === addr && w.len === len && w.kind === kind);
        if (i < 0) return false;
        this.watches.splice(i, 1);
        return true;
      },
      limit: () => this.limits.watchpoints,
    };
  }

  supportFpRegisters(): FpRegisterOps {
    return { readV: () => ZERO_V, readFpsr: () => 0, readFpcr: () => 0, write: () => false };
  }

  supportMonitor(): MonitorOps | undefined {
    const text = this.monitorText;
    return text ? { run: text } : undefined;
  }
}
