/**
 * An in-memory DebugTarget for the stub's tests and fuzzer: registers, 64 KiB of RAM at 0x40080000, and a
 * toy "CPU" that executes one 4-byte slot per step. Programs are described as data: each slot may access
 * memory (so watchpoints fire before the access, as on Arm: the pc stays on the accessing instruction),
 * jump, or power off. Breakpoints are tables (memory keeps the original instructions, as QEMU's stub
 * does for Z0). Nothing here models KVM; it is a stand-in with the same contract.
 */
import {
  DebugApiError,
  type CoreRegisters,
  type DebugTarget,
  type ExitRecord,
  type StopReason,
  type WatchKind,
} from '../../vmm/debug-api.ts';

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

export class FakeDebugTarget implements DebugTarget {
  readonly x: bigint[] = Array.from({ length: 31 }, () => 0n);
  sp = 0x40090000n;
  pc = FAKE_RAM_BASE;
  cpsr = 0x3c5;
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
  private exits = 0;
  private last: ExitRecord | undefined;
  /** Steps per macrotask while continuing (so interrupt() and the pipe get a turn). */
  chunk = 64;

  readCoreRegisters(): CoreRegisters {
    return { x: [...this.x], sp: this.sp, pc: this.pc, cpsr: this.cpsr };
  }

  writeRegister(regnum: number, value: bigint): void {
    if (regnum >= 0 && regnum <= 30) this.x[regnum] = BigInt.asUintN(64, value);
    else if (regnum === 31) this.sp = BigInt.asUintN(64, value);
    else if (regnum === 32) this.pc = BigInt.asUintN(64, value);
    else if (regnum === 33) this.cpsr = Number(BigInt.asUintN(32, value));
    else throw new DebugApiError(`no register ${regnum}`);
  }

  private offset(addr: bigint, len: number): number {
    const off = addr - FAKE_RAM_BASE;
    if (off < 0n || off + BigInt(len) > BigInt(FAKE_RAM_SIZE)) {
      throw new DebugApiError(`0x${addr.toString(16)}+${len} is outside guest RAM`);
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

  insertSwBreakpoint(addr: bigint): boolean { this.sw.add(addr); return true; }
  removeSwBreakpoint(addr: bigint): boolean { return this.sw.delete(addr); }
  insertHwBreakpoint(addr: bigint): boolean {
    if (this.hw.size >= this.limits.breakpoints) return false;
    this.hw.add(addr);
    return true;
  }
  removeHwBreakpoint(addr: bigint): boolean { return this.hw.delete(addr); }

  insertWatchpoint(addr: bigint, len: number, kind: WatchKind): boolean {
    if (this.watches.length >= this.limits.watchpoints) return false;
    // one register covers bytes within one aligned doubleword
    if (len > this.maxWatchLen || (addr & ~7n) !== ((addr + BigInt(len) - 1n) & ~7n)) return false;
    this.watches.push({ addr, len, kind });
    return true;
  }

  removeWatchpoint(addr: bigint, len: number, kind: WatchKind): boolean {
    const i = this.watches.findIndex((w) => w.addr === addr && w.len === len && w.kind === kind);
    if (i < 0) return false;
    this.watches.splice(i, 1);
    return true;
  }

  /** The watchpoint the access at the current pc would trigger. */
  private watchHit(): { w: Watch; far: bigint } | undefined {
    const a = this.program.get(this.pc)?.access;
    if (!a) return undefined;
    for (const w of this.watches) {
      const kindOk = w.kind === 'access' || (w.kind === 'write') === a.write;
      const overlaps = a.addr < w.addr + BigInt(w.len) && w.addr < a.addr + BigInt(a.len);
      if (kindOk && overlaps) return { w, far: a.addr };
    }
    return undefined;
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

  private record(stop: StopReason): StopReason {
    const debug = stop.kind === 'swbreak' || stop.kind === 'hwbreak' || stop.kind === 'step' || stop.kind === 'watch';
    const esr = stop.kind === 'swbreak' ? 0xf2000000n : stop.kind === 'hwbreak' ? 0xc2000022n
      : stop.kind === 'step' ? 0xca000022n : stop.kind === 'watch' ? 0xd2000062n : 0n;
    const arch = new Uint8Array(16);
    new DataView(arch.buffer).setUint32(0, Number(esr), true);
    if (stop.kind === 'watch') new DataView(arch.buffer).setBigUint64(8, stop.far, true);
    this.last = {
      n: ++this.exits, ret: 0, errno: null, exitReason: debug ? 4 : 24, flags: debug ? 1 : 0, pc: this.pc,
      debugArch: arch, ...(debug ? { esr: { value: esr, highValid: true } } : {}),
      ...(stop.kind === 'watch' ? { far: stop.far } : {}),
    };
    return stop;
  }

  async resume(mode: 'continue' | 'step'): Promise<StopReason> {
    if (this.killed) throw new DebugApiError('the VM was killed');
    this.resumes++;
    this.interruptRequested = false;
    if (mode === 'step') {
      await Promise.resolve();
      const w = this.debugging ? this.watchHit() : undefined;
      if (w && this.watchFiresOnStep) return this.record(this.watchStop(w.w, w.far));
      return this.record(this.execute() ?? { kind: 'step', pc: this.pc });
    }
    let first = true;
    for (;;) {
      for (let i = 0; i < this.chunk; i++) {
        if (this.debugging && !first) {
          if (this.sw.has(this.pc)) return this.record({ kind: 'swbreak', pc: this.pc });
          if (this.hw.has(this.pc)) return this.record({ kind: 'hwbreak', pc: this.pc });
        }
        if (this.debugging) {
          const w = this.watchHit();
          if (w && !(first && this.skipWatchAtStart)) return this.record(this.watchStop(w.w, w.far));
        }
        first = false;
        const fin = this.execute();
        if (fin) return this.record(fin);
      }
      await new Promise((r) => setImmediate(r));
      if (this.interruptRequested) return this.record({ kind: 'interrupted', pc: this.pc });
      if (this.killed) throw new DebugApiError('the VM was killed');
    }
  }

  /** Whether a step onto a watched access reports the watchpoint (false: GDB removed it first). */
  watchFiresOnStep = false;
  /** Whether a continue that starts on a watched access skips it (it was just reported). */
  skipWatchAtStart = true;

  private watchStop(w: Watch, far: bigint): StopReason {
    return { kind: 'watch', pc: this.pc, kind2: w.kind, addr: w.addr, far };
  }

  interrupt(): void { this.interruptRequested = true; }
  detach(): void {
    this.sw.clear();
    this.hw.clear();
    this.watches.length = 0;
  }
  kill(): void { this.killed = true; }
  lastExit(): ExitRecord | undefined { return this.last; }
  kernelInfo() { return { backend: 'fake', kernel: '6.1', endian: 'le' as const }; }
  hwLimits() { return { ...this.limits }; }
}
