/**
 * Stage-1 translation of the EL1&0 regime (Arm ARM D8, VMSAv8-64; the pseudocode's
 * AArch64.TranslationTableWalk, AArch64.CheckPermission, AArch64.S1AttrDecode for ARMv8.0): the
 * TCR_EL1/TTBR0/TTBR1/MAIR_EL1 fields decoded once per write, the table walk with the fault it
 * reports, and the translations it found (the TLB).
 *
 * Addresses are numbers: a virtual address is the signed value of its 64 bits (TTBR1 addresses are
 * negative, all exact below 2^53 in magnitude), a physical address is below 2^48. Descriptors are
 * read as two 32-bit halves through the `readDesc` callback the CPU gives (RAM through stage 2).
 *
 * The TLB keeps successful leaf translations only, per 4 KiB virtual page, each with the virtual
 * block it came from and, for a non-global (nG) one, the ASID it was made with: only global entries
 * and those of the current ASID are used, so switching TTBR0/TTBR1 (a context switch) keeps them, as
 * a hardware TLB may. The CPU empties it on a write to SCTLR_EL1, TCR_EL1 or MAIR_EL1 and on TLBI
 * VMALLE1 and ASIDE1 (whatever the ASID); a TLBI by VA removes the entries of every ASID whose block
 * holds that VA. It is never staler than a hardware TLB may be; a fault is never cached.
 */
import type { HostMemory } from './host-memory.ts';
import type { Region } from './memory.ts';
import { ESR_ELx_FSC_ACCESS, ESR_ELx_FSC_ADDRSZ, ESR_ELx_FSC_FAULT, ESR_ELx_FSC_PERM } from '../esr/fsc.ts';

/** 2^k for k = 0..64, exact doubles: the walk's sizes and ranges without Math.pow. */
const POW2 = Float64Array.from({ length: 65 }, (_, k) => 2 ** k);

const TWO32 = 4294967296;
/** Slots of the TLB's direct-mapped first level (a power of two). */
const L1_SIZE = 1024;

/** Permission bits of a translation (what each EL may do). */
export const P_R1 = 1, P_W1 = 2, P_X1 = 4, P_R0 = 8, P_W0 = 16, P_X0 = 32;

/** Physical address bits the core implements (ID_AA64MMFR0_EL1.PARange = 4: 44 bits). */
export const PA_BITS = 44;

/** Output address sizes of TCR_EL1.IPS (0b110 and 0b111 are reserved: treated as 48 bits). */
const IPS_BITS = [32, 36, 40, 42, 44, 48, 48, 48];

/** A translation: the walk's result, and a TLB entry. */
export class Xlat {
  /** Physical address of the 4 KiB page holding the address, and that page's virtual address. */
  pa = 0;
  va = 0;
  /** Virtual base and size of the leaf (page or block) it came from. */
  blockVa = 0;
  blockSize = 0;
  level = 0;
  /** P_* bits. */
  perms = 0;
  /** MAIR attribute byte, shareability as PAR reports it, Device memory. */
  attr = 0;
  sh = 0;
  device = false;
  /** The descriptor's nG bit; the ASID a non-global TLB entry was made with (-1: global). */
  nG = false;
  asid = -1;
  /**
   * A TLB entry's tag: the virtual page as two int32 halves, bits [31:12] of the address and bits
   * [63:32] with the tag byte replaced where TBI applies (what `Stage1.lookup` compares).
   */
  tagLo = 0;
  tagHi = 0;
  /**
   * The RAM region holding the page (null: none, a stage-2 fault) and the page's offset in it, found
   * once per entry: a region unmapped flushes the whole TLB, one mapped drops the entries that found
   * none (access.ts mapRam).
   */
  reg: Region | null = null;
  regOff = 0;
  regPage = 0;
  /** Data window over the leaf, set up by the CPU on first use (see access.ts). */
  winDv: DataView | null = null;
  winFlags: Uint8Array | null = null;
  /** The region's host memory (Region.host), and where the window's bytes and flags start in it. */
  winHost: HostMemory | null = null;
  winOff = 0; winFlOff = 0;
  /** The region page where the window starts (its code is `reg.codeAt(winPg + (offset >>> 12))`). */
  winPg = 0;
  winBase = 0;
  winLen = 0;
  /** Whether no watchpoint covers the window, as of the watchpoints' change count `winGen` (-1: not asked). */
  winOk = false;
  winGen = -1;
  copyFrom(o: Xlat): void {
    this.pa = o.pa; this.blockVa = o.blockVa; this.blockSize = o.blockSize; this.level = o.level; this.perms = o.perms;
    this.attr = o.attr; this.sh = o.sh; this.device = o.device; this.nG = o.nG; this.asid = o.asid;
    this.reg = null; this.regOff = 0; this.regPage = 0;
    this.winDv = null; this.winFlags = null; this.winHost = null; this.winOff = 0; this.winFlOff = 0; this.winPg = 0; this.winBase = 0; this.winLen = 0; this.winGen = -1;
  }
}

/** What a walk that failed reports. */
export const enum WalkFault {
  None = 0,
  /** A stage-1 fault: `fsc` holds the fault status code. */
  Stage1 = 1,
  /** A descriptor read outside the mapped IPA space (stage 2): `ipa` holds the descriptor address. */
  Stage2 = 2,
}

/** How the walker reads a descriptor: true with the halves in `desc`, false when stage 2 has no RAM there. */
export type ReadDesc = (pa: number, desc: Int32Array) => boolean;

export class Stage1 {
  /** SCTLR_EL1.M: translation on. */
  on = false;
  /** SCTLR_EL1.WXN. */
  wxn = false;
  // TCR_EL1, decoded
  private t0sz = 0; private t1sz = 0;
  private g0 = 12; private g1 = 12;
  private epd0 = false; private epd1 = false;
  tbi0 = false; tbi1 = false;
  private outBits = 32;
  /** TCR_EL1.A1 (the ASID is TTBR1's) and AS (16-bit ASIDs). */
  private a1 = false;
  private as16 = false;
  /** The ASID of the regime (what non-global TLB entries are tagged with). */
  private curAsid = 0;
  private ttbr0 = 0n; private ttbr1 = 0n;
  private mair = new Uint8Array(8);

  /** The fault of the last failed walk: FSC, or the IPA of a descriptor read stage 2 refused. */
  fsc = 0;
  ipa = 0;
  private readonly desc = new Int32Array(2);

  /**
   * The TLB: translations by 4 KiB virtual page number. A TLBI leaves `undefined` where it dropped an
   * entry rather than deleting the key: V8 shrinks a Map that deletes bring below a quarter of its
   * capacity and grows it again on the next additions, and Linux's patching of its own text (a TLBI of
   * its fixmap page per patched instruction, 53,000 in a boot) kept this one rehashing, 2.4 us per
   * insert. The size bound below counts the emptied keys too.
   */
  private readonly tlb = new Map<number, Xlat | undefined>();
  /**
   * The entries most recently made or used, direct-mapped by bits [21:12] of the virtual address (a
   * subset of `tlb`'s entries, looked up without hashing a virtual page number, which for TTBR1
   * addresses is no small integer): every entry leaving `tlb` leaves its slot here too.
   */
  private readonly l1: (Xlat | undefined)[] = new Array<Xlat | undefined>(L1_SIZE).fill(undefined);
  /**
   * The keys of the entries each leaf made, by leaf size and leaf virtual address, so a TLBI by VA
   * finds every page of a block without looking at the whole TLB.
   */
  private readonly leaves = new Map<number, Map<number, number[] | undefined>>();
  private inserts = 0;

  setTcr(v: bigint): void {
    const lo = Number(v & 0xffffffffn), hi = Number(v >> 32n);
    this.t0sz = lo & 0x3f;
    this.t1sz = (lo >>> 16) & 0x3f;
    this.epd0 = (lo & 0x80) !== 0;
    this.epd1 = (lo & 0x800000) !== 0;
    // TG0: 0b00 4K, 0b01 64K, 0b10 16K; TG1: 0b10 4K, 0b11 64K, 0b01 16K. The 16K granule is not
    // implemented (ID_AA64MMFR0_EL1.TGran16 = 0): that and the reserved values walk as 4K.
    this.g0 = ((lo >>> 14) & 3) === 1 ? 16 : 12;
    this.g1 = ((lo >>> 30) & 3) === 3 ? 16 : 12;
    this.outBits = Math.min(PA_BITS, IPS_BITS[hi & 7]);
    this.tbi0 = (hi & 0x20) !== 0;
    this.tbi1 = (hi & 0x40) !== 0;
    this.a1 = (lo & 0x400000) !== 0;
    this.as16 = (hi & 0x10) !== 0;
    this.updateAsid();
  }
  setTtbr0(v: bigint): void { this.ttbr0 = v; this.updateAsid(); }
  setTtbr1(v: bigint): void { this.ttbr1 = v; this.updateAsid(); }
  private updateAsid(): void {
    const a = Number((this.a1 ? this.ttbr1 : this.ttbr0) >> 48n);
    this.curAsid = this.as16 ? a : a & 0xff;
  }
  setMair(v: bigint): void {
    for (let i = 0; i < 8; i++) this.mair[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  }

  // ---------------------------------------------------------------- the TLB

  /**
   * The entry for the virtual address (lo, hi) (int32 halves, the tag byte already replaced where TBI
   * applies): a global one, or one made with the current ASID.
   */
  lookup(lo: number, hi: number): Xlat | undefined {
    const i = (lo >>> 12) & (L1_SIZE - 1);
    let e = this.l1[i];
    if (e === undefined || e.tagLo !== (lo & ~4095) || e.tagHi !== hi) {
      e = this.tlb.get(hi * 1048576 + (lo >>> 12));
      if (e === undefined) return undefined;
      this.l1[i] = e;
    }
    return e.asid < 0 || e.asid === this.curAsid ? e : undefined;
  }
  /** Make `x` the entry for the virtual address (lo, hi) (as for `lookup`), `va` its signed value. */
  insert(lo: number, hi: number, va: number, x: Xlat): Xlat {
    if (this.tlb.size >= 16384 || this.inserts >= 65536) this.flush();
    this.inserts++;
    const key = Math.floor(va / 4096);
    const e = new Xlat();
    e.copyFrom(x);
    e.va = key * 4096;
    e.asid = x.nG ? this.curAsid : -1;
    e.tagLo = lo & ~4095; e.tagHi = hi;
    this.tlb.set(key, e);
    this.l1[(lo >>> 12) & (L1_SIZE - 1)] = e;
    let bySize = this.leaves.get(x.blockSize);
    if (bySize === undefined) { bySize = new Map(); this.leaves.set(x.blockSize, bySize); }
    const pages = bySize.get(x.blockVa);
    if (pages === undefined) bySize.set(x.blockVa, [key]); else pages.push(key);
    return e;
  }
  /** Counts the flushes of the whole TLB (what a list of entries kept beside it is valid for). */
  gen = 0;
  flush(): void { this.tlb.clear(); this.leaves.clear(); this.l1.fill(undefined); this.inserts = 0; this.gen++; }
  /** Drop entry `e` if the TLB still holds it. */
  drop(e: Xlat): void {
    const k = e.va / 4096;
    if (this.tlb.get(k) !== e) return;
    this.tlb.set(k, undefined);
    const i = (e.tagLo >>> 12) & (L1_SIZE - 1);
    if (this.l1[i] === e) this.l1[i] = undefined;
  }
  /** TLBI by VA (any ASID form): drop the entries whose leaf holds `va`, whatever its size. */
  flushVa(va: number): void {
    for (const [size, bySize] of this.leaves) {
      const blockVa = va - (((va % size) + size) % size);
      const pages = bySize.get(blockVa);
      if (pages === undefined) continue;
      for (const k of pages) {
        const e = this.tlb.get(k);
        // the key may hold an entry of another leaf since (made after a TLBI, or of another ASID)
        if (e !== undefined && e.blockVa === blockVa && e.blockSize === size) {
          this.tlb.set(k, undefined);
          const i = (e.tagLo >>> 12) & (L1_SIZE - 1);
          if (this.l1[i] === e) this.l1[i] = undefined;
        }
      }
      bySize.set(blockVa, undefined);
    }
  }

  // ---------------------------------------------------------------- the walk

  /**
   * Translate the virtual address (lo, hi) (a 64-bit value as int32 halves) for EL1&0. On success
   * fills `res` (page address, leaf, permissions, attributes) and returns WalkFault.None; else
   * `fsc` (Stage1) or `ipa` (Stage2) says what failed. Permissions are not checked here.
   */
  walk(lo: number, hi: number, read: ReadDesc, res: Xlat): WalkFault {
    // AArch64.TranslationTableWalk: TTBR0 or TTBR1 by the top bit that is not a tag
    const b55 = (hi >>> 23) & 1;
    const tbi = b55 !== 0 ? this.tbi1 : this.tbi0;
    const top = tbi ? 55 : 63;
    const upper = top === 63 ? hi >>> 31 : b55;
    const txsz = upper ? this.t1sz : this.t0sz;
    // a TxSZ outside 16..39 (48- to 25-bit ranges of ARMv8.0): a level-0 Translation fault, one of
    // the architecture's two choices, the one the VMM's walk (vmm/stage1.ts) makes
    if (txsz < 16 || txsz > 39) { this.fsc = ESR_ELx_FSC_FAULT | 0; return WalkFault.Stage1; }
    const g = upper ? this.g1 : this.g0;
    const inputSize = 64 - txsz;
    // bits [top:inputSize] must all equal `upper`
    const hiMask = ((top === 63 ? 0xffffffff : 0x00ffffff) & ~((1 << Math.max(0, inputSize - 32)) - 1)) >>> 0;
    const loMask = inputSize >= 32 ? 0 : (~((1 << inputSize) - 1)) >>> 0;
    const hv = (hi & hiMask) >>> 0, lv = (lo & loMask) >>> 0;
    const disabled = upper ? this.epd1 : this.epd0;
    if ((upper ? hv !== hiMask || lv !== loMask : hv !== 0 || lv !== 0) || disabled) { this.fsc = ESR_ELx_FSC_FAULT | 0; return WalkFault.Stage1; }
    const stride = g - 3;
    let level = 4 - Math.ceil((inputSize - g) / stride);
    const ttbr = upper ? this.ttbr1 : this.ttbr0;
    // the initial table: 2^(inputSize - shift(level)) entries, aligned to its size (low bits RES0);
    // shift(level) = g + (3 - level) * stride, and powers of two come from POW2 (no Math.pow, no fmod)
    let idxBits = inputSize - (g + (3 - level) * stride);
    const tableBytes = POW2[idxBits + 3]!;
    const baddr = Number(ttbr & 0xfffffffffffen);
    let table = Math.floor(baddr / Math.max(tableBytes, 8)) * Math.max(tableBytes, 8);
    // a base address beyond the output size is an Address size fault "of the translation table base register": level 0
    const outLimit = POW2[this.outBits]!;
    if (table >= outLimit) { this.fsc = ESR_ELx_FSC_ADDRSZ | 0; return WalkFault.Stage1; }
    // the VA's value within the input range, as a number (at most 48 bits)
    const vlo = lo >>> 0, vhi = (hi & 0xffff) >>> 0;
    const vin = vhi * TWO32 + vlo;
    let apTable = 0, xnTable = 0, pxnTable = 0;
    const desc = this.desc;
    for (;;) {
      const sh = g + (3 - level) * stride;
      // bits [sh + idxBits - 1:sh] of the VA (idxBits <= 16; `>>> 0` keeps the quotient's low 32 bits exactly)
      const idx = (Math.floor(vin / POW2[sh]!) >>> 0) & ((1 << idxBits) - 1);
      const da = table + idx * 8;
      if (!read(da, desc)) { this.ipa = da; return WalkFault.Stage2; }
      const dlo = desc[0], dhi = desc[1];
      if ((dlo & 1) === 0) { this.fsc = ESR_ELx_FSC_FAULT | level; return WalkFault.Stage1; }
      const isTable = (dlo & 2) !== 0;
      // the address field, bits [47:g] (bits [47:sh] of a block)
      const addr = (dhi & 0xffff) * TWO32 + ((dlo & -(1 << g)) >>> 0);
      if (level < 3 && isTable) {
        if (addr >= outLimit) { this.fsc = ESR_ELx_FSC_ADDRSZ | level; return WalkFault.Stage1; }
        pxnTable |= (dhi >>> 27) & 1; xnTable |= (dhi >>> 28) & 1; apTable |= (dhi >>> 29) & 3;
        table = addr;
        level++;
        idxBits = stride;
        continue;
      }
      // a leaf: a page at level 3 (0b11), a block at a level that has them (0b01)
      const firstBlock = g === 12 ? 1 : 2;
      if (level === 3 ? !isTable : level < firstBlock) { this.fsc = ESR_ELx_FSC_FAULT | level; return WalkFault.Stage1; }
      const size = POW2[sh]!;
      const oa = Math.floor(addr / size) * size;
      if (oa >= outLimit) { this.fsc = ESR_ELx_FSC_ADDRSZ | level; return WalkFault.Stage1; }
      if ((dlo & 0x400) === 0) { this.fsc = ESR_ELx_FSC_ACCESS | level; return WalkFault.Stage1; }
      // the page of the address within the leaf
      const within = vin - Math.floor(vin / size) * size;
      res.pa = oa + Math.floor(within / 4096) * 4096;
      const va = (tbi ? (hi << 8) >> 8 : hi) * TWO32 + vlo;
      res.blockVa = Math.floor(va / size) * size;
      res.blockSize = size;
      res.level = level;
      // permissions (AArch64.CheckPermission, no PAN): AP[2:1] with APTable, then execute-never
      let ap = (dlo >>> 6) & 3;
      if (apTable & 1) ap &= ~1; // APTable[0]: no access from EL0
      if (apTable & 2) ap |= 2; // APTable[1]: read-only
      const uxn = ((dhi >>> 22) & 1) | xnTable, pxn = ((dhi >>> 21) & 1) | pxnTable;
      const w1 = (ap & 2) === 0, r0 = (ap & 1) !== 0, w0 = r0 && w1;
      let p = P_R1 | (w1 ? P_W1 : 0) | (r0 ? P_R0 : 0) | (w0 ? P_W0 : 0);
      // EL1 never executes what EL0 may write; WXN makes writable memory execute-never
      if (!pxn && !w0 && !(this.wxn && w1)) p |= P_X1;
      if (!uxn && !(this.wxn && w0)) p |= P_X0;
      res.perms = p;
      const attr = this.mair[(dlo >>> 2) & 7];
      res.attr = attr;
      res.device = (attr & 0xf0) === 0;
      const shv = (dlo >>> 8) & 3;
      // Device and Normal Non-cacheable (inner and outer) are Outer Shareable (EffectiveShareability)
      res.sh = res.device || attr === 0x44 ? 2 : shv;
      res.nG = (dlo & 0x800) !== 0;
      return WalkFault.None;
    }
  }
}

/** The permission bit an access needs. */
export function permFor(write: boolean, fetch: boolean, el0: boolean): number {
  if (fetch) return el0 ? P_X0 : P_X1;
  if (write) return el0 ? P_W0 : P_W1;
  return el0 ? P_R0 : P_R1;
}

/** Permission fault status code at `level`. */
export function permFsc(level: number): number { return ESR_ELx_FSC_PERM | level; }
