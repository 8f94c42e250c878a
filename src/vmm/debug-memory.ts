/**
 * Guest memory as the debugger sees it, and the software breakpoints planted in it.
 *
 * Addresses are the selected vCPU's virtual addresses, translated by walking its stage-1 tables
 * (translate.ts, stage1.ts), or guest-physical addresses in physical mode (QEMU's `Qqemu.PhyMemMode`,
 * `monitor phys on`). Either way the bytes are those of the memory slots (RAM, flash), read and written
 * directly, as a VMM reaches its guest's memory; a page that is not mapped, or maps outside every slot,
 * is a DebugApiError naming why.
 *
 * A software breakpoint is a BRK #0 written over the instruction at the physical address its virtual
 * address translates to when it is inserted; reads show the original instruction wherever the page is
 * mapped (aliases included), and a write over it changes the instruction kept, not the BRK.
 */
import type { KvmVcpu } from '../abi/index.ts';
import { DebugApiError } from './debug-api.ts';
import type { Machine } from './machine.ts';
import { translateStage1, type Stage1Result } from './stage1.ts';
import { readMmfr0, readStage1Regs } from './translate.ts';

/** BRK #0 (0xd4200000), the instruction gdb and QEMU use for software breakpoints on AArch64. */
export const BRK_INSN = 0xd4200000;

interface Planted {
  ipa: bigint;
  /** The instruction the BRK replaced. */
  orig: number;
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** Pages whose translation DebugMemory keeps at most (it starts afresh beyond). */
const MAX_WALKS = 64;

/** A translation kept: the page's guest-physical base and what the walk said of its descriptor. */
interface Walk {
  base: bigint;
  size: bigint;
  level: number;
}

export class DebugMemory {
  /** m/M/X and breakpoints take guest-physical addresses instead of virtual ones. */
  physical = false;
  private readonly sw = new Map<bigint, Planted>();
  private mmfr0: bigint | undefined | null = null;
  /** Told of every debugger write to guest memory (guest-physical), e.g. for history's page copies. */
  onWrite: ((ipa: bigint, len: number) => void) | undefined;
  /**
   * Translations made while the guest stands still, by 4 KiB virtual page (the smallest granule): gdb
   * reads the same few addresses several times per stop (seven `m` of pc and pc-4 per stepi on Linux),
   * and a walk costs four KVM_GET_ONE_REGs, up to four descriptor reads and some fifty BigInt operations.
   * They are of vCPU `walksFor` and hold while the machine's stateEpoch is `walksAt` (no KVM_RUN, vCPU
   * init or load since) and nothing here writes memory; forget() drops them when registers change.
   */
  private readonly walks = new Map<bigint, Walk>();
  private walksFor: KvmVcpu | undefined;
  private walksAt = -1;

  constructor(private readonly machine: Machine, private readonly vcpu: () => KvmVcpu) {}

  /** What `va` means to the selected vCPU now. Never throws for an unmapped address (the result says why). */
  translate(va: bigint): Stage1Result {
    const v = this.vcpu();
    const epoch = this.machine.stateEpoch;
    if (v !== this.walksFor || epoch !== this.walksAt) {
      this.walks.clear();
      this.walksFor = v;
      this.walksAt = epoch;
    }
    const page = va >> 12n;
    const offset = va & 0xfffn;
    const kept = this.walks.get(page);
    if (kept) return { ok: true, ipa: kept.base + offset, size: kept.size, level: kept.level };
    if (this.mmfr0 === null) this.mmfr0 = readMmfr0(v);
    let regs;
    try {
      regs = readStage1Regs(v, this.mmfr0);
    } catch (e) {
      return { ok: false, fault: 'translation', level: 0, message: (e as Error).message };
    }
    const t = translateStage1(va, regs, (ipa) => this.read64(ipa));
    if (t.ok) {
      if (this.walks.size >= MAX_WALKS) this.walks.clear();
      this.walks.set(page, { base: t.ipa - offset, size: t.size, level: t.level });
    }
    return t;
  }

  /** Drop the translations kept: a vCPU register may have changed (the debugger wrote one). */
  forget(): void {
    this.walks.clear();
  }

  private read64(ipa: bigint): bigint | undefined {
    const s = this.machine.memorySlot(ipa, 8);
    if (!s) return undefined;
    let v = 0n;
    for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(s.mem[s.off + i]!);
    return v;
  }

  /**
   * [addr, addr + len) as pieces of guest-physical memory, each inside one slot: split at page ends in
   * virtual mode. Throws DebugApiError for the first byte that is unmapped or outside every slot.
   */
  private pieces(addr: bigint, len: number): { ipa: bigint; mem: Uint8Array; off: number; len: number }[] {
    if (!Number.isInteger(len) || len < 0) throw new DebugApiError(`bad length ${len}`);
    const out = [];
    let done = 0;
    while (done < len) {
      const a = addr + BigInt(done);
      let ipa = a;
      let n = len - done;
      if (!this.physical) {
        const t = this.translate(a);
        if (!t.ok) throw new DebugApiError(`cannot access ${hex(a)}: ${t.message}`);
        ipa = t.ipa;
        if (t.size < 1n << 64n) n = Math.min(n, Number(t.size - (a & (t.size - 1n))));
      }
      const s = this.slotRun(ipa, n);
      if (!s) {
        const ram = `guest RAM [${hex(this.machine.window.base)}, ${hex(this.machine.window.base + this.machine.window.size)})`;
        throw new DebugApiError(this.physical || ipa === a ? `[${hex(a)}, +${n}) is outside ${ram}` : `${hex(a)} maps to ${hex(ipa)}, outside ${ram}`);
      }
      out.push({ ipa, mem: s.mem, off: s.off, len: s.len });
      done += s.len;
    }
    return out;
  }

  /** The longest run from `ipa`, up to `n` bytes, that one slot holds; undefined when `ipa` is in none. */
  private slotRun(ipa: bigint, n: number): { mem: Uint8Array; off: number; len: number } | undefined {
    const s = this.machine.memorySlot(ipa, 1);
    if (!s) return undefined;
    const len = Math.min(n, s.mem.length - s.off);
    return { mem: s.mem, off: s.off, len };
  }

  read(addr: bigint, len: number): Uint8Array {
    const out = new Uint8Array(len);
    let at = 0;
    for (const p of this.pieces(addr, len)) {
      out.set(p.mem.subarray(p.off, p.off + p.len), at);
      // show the instruction under each of our BRKs
      for (const bp of this.sw.values()) {
        for (let i = 0; i < 4; i++) {
          const k = bp.ipa + BigInt(i) - p.ipa;
          if (k >= 0n && k < BigInt(p.len)) out[at + Number(k)] = (bp.orig >>> (8 * i)) & 0xff;
        }
      }
      at += p.len;
    }
    return out;
  }

  write(addr: bigint, data: Uint8Array): void {
    const ps = this.pieces(addr, data.length);
    this.forget();   // the bytes may be descriptors
    let at = 0;
    for (const p of ps) {
      this.onWrite?.(p.ipa, p.len);
      p.mem.set(data.subarray(at, at + p.len), p.off);
      this.machine.syncCode(p.ipa, p.len);
      // a write over one of our breakpoints changes the instruction it will execute, not the BRK
      for (const bp of this.sw.values()) {
        if (bp.ipa + 4n > p.ipa && bp.ipa < p.ipa + BigInt(p.len)) {
          bp.orig = this.word(bp.ipa);
          this.setWord(bp.ipa, BRK_INSN);
        }
      }
      at += p.len;
    }
  }

  private word(ipa: bigint): number {
    const s = this.machine.memorySlot(ipa, 4)!;
    const m = s.mem;
    return (m[s.off]! | (m[s.off + 1]! << 8) | (m[s.off + 2]! << 16) | (m[s.off + 3]! << 24)) >>> 0;
  }

  /** Write an instruction word, then make the vCPUs fetch it (the host's cache maintenance). */
  private setWord(ipa: bigint, w: number): void {
    this.forget();
    const s = this.machine.memorySlot(ipa, 4)!;
    for (let i = 0; i < 4; i++) s.mem[s.off + i] = (w >>> (8 * i)) & 0xff;
    this.machine.syncCode(ipa, 4);
  }

  /** Where a breakpoint at `addr` goes, or undefined when it cannot go there (unaligned, unmapped, outside memory). */
  private breakpointIpa(addr: bigint): bigint | undefined {
    if ((addr & 3n) !== 0n) return undefined;
    let ipa = addr;
    if (!this.physical) {
      const t = this.translate(addr);
      if (!t.ok) return undefined;
      ipa = t.ipa;
    }
    return this.machine.memorySlot(ipa, 4) ? ipa : undefined;
  }

  insertBreakpoint(addr: bigint): boolean {
    if (this.sw.has(addr)) return true;
    const ipa = this.breakpointIpa(addr);
    if (ipa === undefined) return false;
    // another address may map the same instruction, whose BRK is already there
    const alias = [...this.sw.values()].find((b) => b.ipa === ipa);
    this.sw.set(addr, { ipa, orig: alias ? alias.orig : this.word(ipa) });
    this.setWord(ipa, BRK_INSN);
    return true;
  }

  removeBreakpoint(addr: bigint): boolean {
    const bp = this.sw.get(addr);
    if (!bp) return false;
    this.sw.delete(addr);
    if (![...this.sw.values()].some((b) => b.ipa === bp.ipa)) this.setWord(bp.ipa, bp.orig);
    return true;
  }

  get breakpointCount(): number {
    return this.sw.size;
  }

  breakpointAddresses(): bigint[] {
    return [...this.sw.keys()];
  }

  /** A BRK exit at `pc` is one of ours: planted at that address, or at the instruction it maps to. */
  isBreakpoint(pc: bigint): boolean {
    if (this.sw.has(pc)) return true;
    if (this.sw.size === 0) return false;
    const t = this.translate(pc);
    return t.ok && [...this.sw.values()].some((b) => b.ipa === t.ipa);
  }

  /** Put the original instruction back under the breakpoint at `pc` (to step over it); returns a restorer. */
  lift(pc: bigint): (() => void) | undefined {
    const bp = this.sw.get(pc) ?? (() => {
      const t = this.translate(pc);
      return t.ok ? [...this.sw.values()].find((b) => b.ipa === t.ipa) : undefined;
    })();
    if (!bp) return undefined;
    this.setWord(bp.ipa, bp.orig);
    return () => {
      if ([...this.sw.values()].includes(bp)) this.setWord(bp.ipa, BRK_INSN);
    };
  }

  /**
   * Put every original instruction back while `f` runs (memory as the guest has it, for checkpoints and
   * re-execution without the debugger's BRKs), then plant the BRKs again over what memory holds then.
   */
  withoutBreakpoints<T>(f: () => T): T {
    // `f` may change anything (history restores checkpoints, memory and registers, through here)
    this.forget();
    const ipas = new Map<bigint, Planted>();
    for (const bp of this.sw.values()) ipas.set(bp.ipa, bp);
    for (const bp of ipas.values()) this.setWord(bp.ipa, bp.orig);
    try {
      return f();
    } finally {
      this.forget();
      for (const [ipa] of ipas) {
        const orig = this.word(ipa);
        for (const bp of this.sw.values()) if (bp.ipa === ipa) bp.orig = orig;
        this.setWord(ipa, BRK_INSN);
      }
    }
  }

  clearBreakpoints(): void {
    for (const addr of [...this.sw.keys()]) this.removeBreakpoint(addr);
  }
}
