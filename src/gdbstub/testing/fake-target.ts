/**
 * An in-memory Target for the stub's tests and fuzzer: registers, 64 KiB of RAM at 0x40080000, and a
 * toy "CPU" per thread that executes one 4-byte slot per step. Programs are described as data: each slot
 * may access memory (so watchpoints fire before the access, as on Arm: the pc stays on the accessing
 * instruction), jump, or power off. Breakpoints are tables (memory keeps the original instructions, as
 * QEMU's stub does for Z0). Thread 1 runs the program; `addThread` adds threads with their own registers
 * that run the same program in turn with thread 1 (one slot each, round robin) or stay parked (a
 * powered-off vCPU: a step moves its pc by 4, a continue leaves it). Virtual addresses are physical ones
 * plus `vaOffset` (0 by default). Nothing here models KVM; it is a stand-in with the stub's contract.
 */
import type {
  CoreRegisters, FpRegisterOps, MonitorOps, PhysicalMemoryModeOps, ResumeRequest, StopReason, SystemRegisterOps, Target,
  ThreadInfoOps, Tid, WatchKind,
} from '../target.ts';

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

/** One thread's state. */
export interface FakeCpu extends CoreRegisters {
  parked: boolean;
  /** System registers by name (the fake's system-register feature). */
  sys: Map<string, bigint>;
}

/** The fake's system-register feature: two registers it keeps and CurrentEL computed from cpsr. */
export const FAKE_SYS_REGS: readonly string[] = Object.freeze(['SCTLR', 'TTBR1_EL1', 'CurrentEL']);

const ZERO_V = new Uint8Array(16);

function newCpu(regs: Partial<CoreRegisters> = {}, parked = false): FakeCpu {
  return {
    x: regs.x ? [...regs.x] : Array.from({ length: 31 }, () => 0n),
    sp: regs.sp ?? 0x40090000n, pc: regs.pc ?? FAKE_RAM_BASE, cpsr: regs.cpsr ?? 0x3c5,
    parked, sys: new Map([['SCTLR', 0x30d00800n], ['TTBR1_EL1', 0n]]),
  };
}

export class FakeTarget implements Target {
  readonly cpus: FakeCpu[] = [newCpu()];
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
  /** The requests resume() was given, in order. */
  readonly requests: ResumeRequest[] = [];
  /** Virtual address = physical address + vaOffset, outside physical-memory mode. */
  vaOffset = 0n;
  physical = false;
  /** The output of `monitor COMMAND`, or undefined for no monitor support. */
  monitorText: ((command: string) => string | Promise<string>) | undefined = (c) => `fake monitor: ${c}\n`;
  /** Steps per macrotask while continuing (so interrupt() and the pipe get a turn). */
  chunk = 64;
  /** Whether a step onto a watched access reports the watchpoint (false: GDB removed it first). */
  watchFiresOnStep = false;
  /** Whether a continue that starts on a watched access skips it (it was just reported). */
  skipWatchAtStart = true;
  /** The thread that last executed (an interrupt names it). */
  private current = 0;

  // thread 1's registers, as the single-threaded tests use them
  get x(): bigint[] { return this.cpus[0]!.x; }
  get pc(): bigint { return this.cpus[0]!.pc; }
  set pc(v: bigint) { this.cpus[0]!.pc = v; }
  get sp(): bigint { return this.cpus[0]!.sp; }
  set sp(v: bigint) { this.cpus[0]!.sp = v; }
  get cpsr(): number { return this.cpus[0]!.cpsr; }
  set cpsr(v: number) { this.cpus[0]!.cpsr = v; }

  /** Another thread (parked: it never runs on a continue); returns its thread id. */
  addThread(regs: Partial<CoreRegisters> = {}, opts: { parked?: boolean } = {}): Tid {
    this.cpus.push(newCpu(regs, opts.parked ?? true));
    return this.cpus.length;
  }

  threads(): readonly Tid[] {
    return this.cpus.map((_, i) => i + 1);
  }

  private cpu(thread: Tid): FakeCpu {
    const c = this.cpus[thread - 1];
    if (!c) throw new Error(`no thread ${thread}`);
    return c;
  }

  readCoreRegisters(thread: Tid): CoreRegisters {
    const r = this.cpu(thread);
    return { x: [...r.x], sp: r.sp, pc: r.pc, cpsr: r.cpsr };
  }

  writeCoreRegister(thread: Tid, regnum: number, value: bigint): void {
    const r = this.cpu(thread);
    if (regnum >= 0 && regnum <= 30) r.x[regnum] = BigInt.asUintN(64, value);
    else if (regnum === 31) r.sp = BigInt.asUintN(64, value);
    else if (regnum === 32) r.pc = BigInt.asUintN(64, value);
    else if (regnum === 33) r.cpsr = Number(BigInt.asUintN(32, value));
    else throw new Error(`no register ${regnum}`);
  }

  /** A memory-packet address in the current mode as a physical one. */
  private phys(addr: bigint): bigint {
    return this.physical ? addr : addr - this.vaOffset;
  }

  private offset(addr: bigint, len: number): number {
    const off = addr - FAKE_RAM_BASE;
    if (off < 0n || off + BigInt(len) > BigInt(FAKE_RAM_SIZE)) {
      throw new Error(`0x${addr.toString(16)}+${len} is outside guest RAM`);
    }
    return Number(off);
  }

  readMemory(thread: Tid, addr: bigint, len: number): Uint8Array {
    this.cpu(thread);
    const o = this.offset(this.phys(addr), len);
    return this.ram.slice(o, o + len);
  }

  writeMemory(thread: Tid, addr: bigint, data: Uint8Array): void {
    this.cpu(thread);
    this.ram.set(data, this.offset(this.phys(addr), data.length));
  }

  /** The watchpoint the access at the cpu's pc would trigger. */
  private watchHit(c: FakeCpu): Watch | undefined {
    const a = this.program.get(c.pc)?.access;
    if (!a) return undefined;
    return this.watches.find((w) => (w.kind === 'access' || (w.kind === 'write') === a.write) &&
      a.addr < w.addr + BigInt(w.len) && w.addr < a.addr + BigInt(a.len));
  }

  /** Executes the slot at the cpu's pc. Returns a final stop when the guest powers off. */
  private execute(c: FakeCpu): StopReason | undefined {
    const slot = this.program.get(c.pc);
    if (slot?.powerOff) return { kind: 'poweroff', code: 0 };
    if (slot?.access?.write) {
      const v = slot.access.value ?? 0n;
      const bytes = new Uint8Array(slot.access.len);
      for (let i = 0; i < bytes.length; i++) bytes[i] = Number((v >> BigInt(8 * i)) & 0xffn);
      this.ram.set(bytes, this.offset(slot.access.addr, bytes.length));
    }
    c.pc = slot?.jump ?? c.pc + 4n;
    return undefined;
  }

  async resume(req: ResumeRequest): Promise<StopReason> {
    if (this.killed) throw new Error('the VM was killed');
    this.resumes++;
    this.requests.push({ ...req, run: [...req.run] });
    this.interruptRequested = false;
    if (req.step !== undefined) {
      await Promise.resolve();
      const thread = req.step;
      const c = this.cpu(thread);
      this.current = thread - 1;
      if (c.parked) {
        c.pc += 4n;
        return { kind: 'step', thread };
      }
      const w = this.debugging ? this.watchHit(c) : undefined;
      if (w && this.watchFiresOnStep) return this.watchStop(w, thread);
      return this.execute(c) ?? { kind: 'step', thread };
    }
    const running = req.run.filter((t) => !this.cpu(t).parked);
    if (running.length === 0) throw new Error('no runnable thread to continue');
    const first = new Set(running);
    for (;;) {
      for (let i = 0; i < this.chunk; i++) {
        for (const t of running) {
          const c = this.cpu(t);
          this.current = t - 1;
          const isFirst = first.delete(t);
          if (this.debugging && !isFirst) {
            if (this.sw.has(c.pc)) return { kind: 'swbreak', thread: t };
            if (this.hw.has(c.pc)) return { kind: 'hwbreak', thread: t };
          }
          if (this.debugging) {
            const w = this.watchHit(c);
            if (w && !(isFirst && this.skipWatchAtStart)) return this.watchStop(w, t);
          }
          const fin = this.execute(c);
          if (fin) return fin;
        }
      }
      await new Promise((r) => setImmediate(r));
      if (this.interruptRequested) return { kind: 'interrupted', thread: this.current + 1 };
      if (this.killed) throw new Error('the VM was killed');
    }
  }

  private watchStop(w: Watch, thread: Tid): StopReason {
    return { kind: 'watch', thread, watchKind: w.kind, addr: w.addr };
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

  supportThreadInfo(): ThreadInfoOps {
    return { extraInfo: (t) => `vCPU ${t - 1}, EL1h, ${this.cpu(t).parked ? 'powered off' : 'running'}` };
  }

  supportSystemRegisters(): SystemRegisterOps {
    return {
      names: () => FAKE_SYS_REGS,
      read: (t, i) => {
        const c = this.cpu(t);
        const name = FAKE_SYS_REGS[i];
        return name === 'CurrentEL' ? BigInt(c.cpsr & 0xc) : name === undefined ? undefined : c.sys.get(name);
      },
      write: (t, i, v) => {
        const name = FAKE_SYS_REGS[i];
        if (name === undefined || name === 'CurrentEL') return false;
        this.cpu(t).sys.set(name, v);
        return true;
      },
    };
  }

  supportPhysicalMemoryMode(): PhysicalMemoryModeOps {
    return { get: () => this.physical, set: (p) => { this.physical = p; } };
  }
}
