/**
 * Guest RAM as a set of regions (KVM memory slots), each with its predecode cache.
 *
 * A region is page aligned. For each 4 KiB page it keeps the predecoded records (record.ts) once an
 * instruction there has been fetched, and a flag byte that the fast load/store paths check:
 * F_CODE (the page has records: a store there stays on the fast path only while it writes no decoded
 * instruction, CpuCore.sCodeFree; one that does goes the slow way, which drops the page's records:
 * self-modifying code; debugger writes call invalidateCode), F_WATCH (an enabled watchpoint covers part of the page: every access there goes the
 * checked way; pages without watchpoints keep the fast path) and F_S2 (the page is not yet mapped at
 * stage 2: the first access or fetch there takes a stage-2 translation fault to EL2, as when a
 * hypervisor maps guest memory on demand) and F_RO (stage 2 maps the page without write permission: a
 * store takes a stage-2 permission fault to EL2, as on a KVM_MEM_READONLY slot). Loads test
 * F_WATCH | F_S2, stores the whole byte (then, when it is F_CODE alone, the records).
 */
import { REC, type BlockFn } from './record.ts';
import { claimFlags, hostOf, releaseFlags, type HostMemory } from './host-memory.ts';

export const PAGE = 4096;
export const F_CODE = 1;
export const F_WATCH = 2;
export const F_S2 = 4;
export const F_RO = 8;
/** The flags that send a load to the slow path. */
export const F_LOAD_SLOW = F_WATCH | F_S2;
export const INSNS_PER_PAGE = PAGE / 4;
/**
 * Counts the times any region dropped a page's records and blocks (self-modifying code, a debugger's
 * write): chained WebAssembly blocks (wasm-tier.ts) are valid for one count only.
 */
export const codeGen = { n: 0 };

/** Added to the exclusive monitor's keys of bytes in host memory (`monitorKey`): above every physical address. */
export const MONITOR_HOST = 2 ** 50;

/**
 * What the exclusive monitor marks for byte `off` of region `r` (access.ts `exclusive`): a number as
 * unique as the physical address, since a CPU's regions do not overlap. Its physical address for a
 * region in plain memory; for one in host memory, from the page's flag byte (its offset in the memory
 * names the region and the page) and the offset in the page, which the WebAssembly tier's functions
 * compute the same way from a window's flags (wasm-tier.ts `monitorKey`) without knowing the region.
 */
export function monitorKey(r: Region, off: number): number {
  return r.host === null ? r.base + off : MONITOR_HOST + (r.flagsOff + Math.floor(off / PAGE)) * PAGE + (off % PAGE);
}

/** The blocks of a page none of whose blocks has been compiled: shared, never written (CodePage.ownBlocks). */
export const NO_BLOCKS: readonly (BlockFn | null | undefined)[] = new Array<BlockFn | null | undefined>(INSNS_PER_PAGE).fill(undefined);

/**
 * A page that has run code: its predecoded records (record.ts), and for the virtual address `va` it
 * last ran at (compiled code holds its addresses as constants; the records do not), its compiled
 * blocks by record index (null: cannot compile) and its branch-target heat.
 */
export class CodePage {
  readonly dec = new Int32Array(INSNS_PER_PAGE * REC);
  /**
   * NO_BLOCKS until a block of the page is compiled (`ownBlocks`): most pages a kernel runs never get
   * one (a Linux boot: ~150 of ~1,500), and a table of 1024 slots is 8 KiB.
   */
  blocks: (BlockFn | null | undefined)[] = NO_BLOCKS as (BlockFn | null | undefined)[];
  heat = new Uint16Array(INSNS_PER_PAGE);
  constructor(public va: number) {}
  /** The page runs at `va` from now on: no blocks, no heat. */
  runAt(va: number): void {
    this.va = va;
    this.blocks = NO_BLOCKS as (BlockFn | null | undefined)[];
    this.heat = new Uint16Array(INSNS_PER_PAGE);
  }
  /** The page's own table of blocks, to compile one into. */
  ownBlocks(): (BlockFn | null | undefined)[] {
    if (this.blocks === NO_BLOCKS) this.blocks = new Array<BlockFn | null | undefined>(INSNS_PER_PAGE).fill(undefined);
    return this.blocks;
  }
}

/**
 * The regions over each buffer: one per CPU that maps it (each vCPU of a VM maps every memory slot).
 * The model keeps no instruction caches, so a store to code must be seen by every CPU's next fetch of
 * it, as after the cache maintenance the Arm ARM asks for when one CPU writes instructions another
 * executes: a page one CPU has decoded is F_CODE in all of them, and a store by any drops the decoded
 * page in all of them.
 */
const siblings = new WeakMap<ArrayBufferLike, Set<Region>>();

export class Region {
  readonly dv: DataView;
  /** F_CODE | F_WATCH | F_S2 | F_RO per page. */
  readonly flags: Uint8Array;
  /**
   * The host memory holding both the bytes and the flags (null: they are not both in one): what the
   * WebAssembly tier's functions can read them in, known without asking the views for their buffers.
   */
  readonly host: HostMemory | null;
  /** Where the bytes and the flags start in their buffers (what the WebAssembly tier addresses them by). */
  readonly dvOff: number; readonly flagsOff: number;
  /**
   * The pages that have run code (`code`): page `p` is code[codeIx[p] - 1], none where codeIx[p] is 0.
   * An index of one small integer per page, made when the region first runs code: a region that
   * never does (a flash bank that U-Boot remaps at every change between its array and command modes:
   * each remapping is a new Region) costs nothing, and a 512 MiB one costs a zeroed Int32Array where
   * tables of one JavaScript slot per page took ~15 ms to make.
   */
  private codeIx: Int32Array | null = null;
  private readonly code: (CodePage | undefined)[] = [];
  /** Indices in `code` that dropped pages left free. */
  private readonly freeIx: number[] = [];
  readonly len: number;
  private readonly n: number;
  constructor(readonly base: number, readonly u8: Uint8Array, lazyStage2 = false, readonly readOnly = false) {
    this.len = u8.byteLength;
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    const n = Math.ceil(u8.byteLength / PAGE);
    this.n = n;
    // in the host memory's tail when the bytes are host memory (WebAssembly blocks read them there)
    this.flags = claimFlags(u8, this) ?? new Uint8Array(n);
    this.flags.fill((lazyStage2 ? F_S2 : 0) | (readOnly ? F_RO : 0));
    this.host = this.flags.buffer === u8.buffer ? hostOf(u8.buffer) ?? null : null;
    this.dvOff = u8.byteOffset; this.flagsOff = this.flags.byteOffset;
    // pages line up with those of other regions over the buffer when all start on a page boundary of it
    // (KVM's userspace_addr rule); a region that does not shares nothing
    if (u8.byteOffset % PAGE === 0) {
      let set = siblings.get(u8.buffer);
      if (set === undefined) { set = new Set(); siblings.set(u8.buffer, set); }
      set.add(this);
      this.group = set;
    }
  }
  /** The regions over the same buffer, this one included (see `siblings`); null: this one alone. */
  private readonly group: Set<Region> | null = null;
  /** No CPU maps this region any more: its flags' slot in host memory may serve another. */
  release(): void {
    const group = this.group, ix = this.codeIx;
    if (group !== null) {
      group.delete(this);
      // a page only this region had decoded is code no more for the others
      if (ix !== null && group.size > 0) for (let p = 0; p < this.n; p++) if (ix[p] !== 0) { ix[p] = 0; this.codeFlag(p * PAGE); }
    }
    releaseFlags(this.flags, this);
  }
  /**
   * Page `p` of `other`'s bytes holding byte `off` of this region's bytes (both over the same buffer,
   * starting on page boundaries of it), -1 when `other` does not hold it.
   */
  private pageOf(other: Region, off: number): number {
    const o = this.u8.byteOffset + off - other.u8.byteOffset;
    return o >= 0 && o < other.len ? Math.floor(o / PAGE) : -1;
  }
  /** Set or clear F_CODE on the page holding byte `off` in every region of the group: set when any has decoded it. */
  private codeFlag(off: number): void {
    const group = this.group;
    if (group === null) {
      const p = Math.floor(off / PAGE);
      if (this.codeAt(p) !== undefined) this.flags[p] |= F_CODE; else this.flags[p] &= ~F_CODE;
      return;
    }
    let code = false;
    for (const r of group) { const q = this.pageOf(r, off); if (q >= 0 && r.codeAt(q) !== undefined) { code = true; break; } }
    for (const r of group) {
      const q = this.pageOf(r, off);
      if (q < 0) continue;
      if (code) r.flags[q] |= F_CODE; else r.flags[q] &= ~F_CODE;
    }
  }
  /**
   * Has the word at index `w` (of 1024) of page `p` been decoded by any CPU mapping these bytes? What a
   * store there must not overwrite unnoticed (CpuCore.sCodeFree).
   */
  decoded(p: number, w: number): boolean {
    const group = this.group;
    if (group === null) { const d = this.decAt(p); return d !== undefined && d[w * REC] !== 0; }
    for (const r of group) {
      const q = r === this ? p : this.pageOf(r, p * PAGE);
      if (q < 0) continue;
      const d = r.decAt(q);
      if (d !== undefined && d[w * REC] !== 0) return true;
    }
    return false;
  }
  /** Page `p`'s code, undefined if no instruction there has run since the page was last dropped. */
  codeAt(p: number): CodePage | undefined {
    const ix = this.codeIx;
    if (ix === null) return undefined;
    const k = ix[p]!;
    return k === 0 ? undefined : this.code[k - 1];
  }
  /** The records of page `p` if it has run code (what a store there must not overwrite unnoticed). */
  decAt(p: number): Int32Array | undefined {
    return this.codeAt(p)?.dec;
  }
  /**
   * Page `p`'s code when it runs at virtual address `va`: made empty (all records op 0 = undecoded) on
   * first use; its blocks and heat start afresh when it runs at another address than before.
   */
  codeFor(p: number, va: number): CodePage {
    let cp = this.codeAt(p);
    if (cp === undefined) {
      cp = new CodePage(va);
      this.codeIx ??= new Int32Array(this.n);
      const k = this.freeIx.pop();
      if (k === undefined) { this.code.push(cp); this.codeIx[p] = this.code.length; } else { this.code[k] = cp; this.codeIx[p] = k + 1; }
      this.flags[p] |= F_CODE;
      if (this.group !== null && this.group.size > 1) this.codeFlag(p * PAGE);
    }
    else if (cp.va !== va) cp.runAt(va);
    return cp;
  }

  /**
   * Drop the records of each page where [off, off+len) overlaps an instruction already decoded
   * (data written next to code on the same page leaves the page's records alone).
   * Returns true if any page was dropped.
   */
  invalidate(off: number, len: number): boolean {
    const group = this.group;
    if (group === null || group.size === 1) return this.drop(off, len);
    // the same bytes in every region over them (each CPU's decoded code), then the flags of the pages
    let hit = false;
    for (const r of group) {
      const o = this.u8.byteOffset + off - r.u8.byteOffset;
      const lo = Math.max(0, o), hi = Math.min(r.len, o + Math.max(len, 1));
      if (lo < hi && r.drop(lo, hi - lo)) hit = true;
    }
    if (hit) {
      const end = off + Math.max(len, 1);
      for (let p = Math.floor(off / PAGE); p * PAGE < end && p < this.n; p++) this.codeFlag(p * PAGE);
    }
    return hit;
  }

  /** invalidate() in this region alone, leaving F_CODE to the caller when the region has siblings. */
  private drop(off: number, len: number): boolean {
    const ix = this.codeIx;
    if (ix === null) return false; // no code has run here
    let hit = false;
    const end = off + Math.max(len, 1);
    const last = Math.min(this.flags.length - 1, Math.floor((end - 1) / PAGE));
    for (let p = Math.max(0, Math.floor(off / PAGE)); p <= last; p++) {
      const k = ix[p]!;
      if (k === 0) continue;
      const d = this.code[k - 1]!.dec;
      const lo = Math.max(off, p * PAGE) - p * PAGE, hi = Math.min(end, (p + 1) * PAGE) - p * PAGE;
      let decoded = false;
      for (let w = lo >> 2; w < (hi + 3) >> 2; w++) if (d[w * REC] !== 0) { decoded = true; break; }
      if (!decoded) continue;
      codeGen.n = (codeGen.n + 1) | 0;
      this.flags[p] &= ~F_CODE; ix[p] = 0; this.code[k - 1] = undefined; this.freeIx.push(k - 1);
      hit = true;
    }
    return hit;
  }

  /** Indices of the pages flagged F_WATCH (so clearing them does not scan the whole region). */
  private readonly watched: number[] = [];
  /** Mark the pages overlapping [a, a+len) (guest addresses) as watched. */
  markWatched(a: number, len: number): void {
    const lo = Math.max(a, this.base), hi = Math.min(a + len, this.base + this.len);
    for (let p = Math.floor((lo - this.base) / PAGE); p * PAGE + this.base < hi; p++) {
      if ((this.flags[p] & F_WATCH) === 0) { this.flags[p] |= F_WATCH; this.watched.push(p); }
    }
  }
  /** Clear F_S2 on the pages overlapping [a, a+len) (guest addresses): they are mapped at stage 2. */
  mapStage2(a: number, len: number): void {
    const lo = Math.max(a, this.base), hi = Math.min(a + len, this.base + this.len);
    for (let p = Math.floor((lo - this.base) / PAGE); p * PAGE + this.base < hi; p++) this.flags[p] &= ~F_S2;
  }
  /** Set or clear F_RO on the pages overlapping [a, a+len) (guest addresses); a read-only region keeps it. */
  setWritable(a: number, len: number, writable: boolean): void {
    if (this.readOnly) return;
    const lo = Math.max(a, this.base), hi = Math.min(a + len, this.base + this.len);
    for (let p = Math.floor((lo - this.base) / PAGE); p * PAGE + this.base < hi; p++) {
      if (writable) this.flags[p] &= ~F_RO;
      else this.flags[p] |= F_RO;
    }
  }
  clearWatched(): void {
    for (const p of this.watched) this.flags[p] &= ~F_WATCH;
    this.watched.length = 0;
  }
}
