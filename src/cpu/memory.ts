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

const SLOT_INTS = INSNS_PER_PAGE * REC;
/** The records of one host page (128 instructions): what zeroing a slot for reuse looks at in turn. */
const HOST_PAGE_INTS = 4096 / 4;
/**
 * Slots of a segment of `records`: 64 MiB, above the largest size glibc's malloc ever serves from its
 * heap (32 MiB), so a segment is always a fresh mapping whose pages become resident only when written.
 */
const SEGMENT_SLOTS = 2048;

/**
 * Where the pages' records live: slots of 32 KiB in large segments instead of an ArrayBuffer each.
 * A page's instructions are decoded as they first run, and a kernel runs a fraction of each page
 * (a Linux boot: ~170 of 1024 per page), so most of a slot is never written. As its own allocation
 * it was all resident all the same (zeroed in malloc's heap, or memory malloc had used before); in a
 * segment only the host pages the decoder wrote are. A slot is used again once its page is
 * collected (`recycle`), with the host pages it wrote zeroed (op 0: not decoded) and the others left
 * untouched. Only then: nothing can still read the records through the page (a CPU keeps the page it
 * runs as curCode), so the slot's next page is the only one that sees them.
 */
const records = { segment: null as ArrayBuffer | null, used: 0, free: [] as Int32Array[] };
const recycle = new FinalizationRegistry<Int32Array>((dec) => {
  for (let h = 0; h < SLOT_INTS; h += HOST_PAGE_INTS) {
    for (let i = h; i < h + HOST_PAGE_INTS; i++) if (dec[i] !== 0) { dec.fill(0, h, h + HOST_PAGE_INTS); break; }
  }
  records.free.push(dec);
});

function takeRecords(): Int32Array {
  const dec = records.free.pop();
  if (dec !== undefined) return dec;
  if (records.segment === null || records.used === SEGMENT_SLOTS) {
    records.segment = new ArrayBuffer(SEGMENT_SLOTS * SLOT_INTS * 4);
    records.used = 0;
  }
  return new Int32Array(records.segment, records.used++ * SLOT_INTS * 4, SLOT_INTS);
}

/**
 * A page that has run code: its predecoded records (record.ts), and for the virtual address `va` it
 * last ran at (compiled code holds its addresses as constants; the records do not), its compiled
 * blocks by record index (null: cannot compile) and its branch-target heat.
 */
export class CodePage {
  readonly dec = takeRecords();
  /**
   * NO_BLOCKS until a block of the page is compiled (`ownBlocks`): most pages a kernel runs never get
   * one (a Linux boot: ~150 of ~1,500), and a table of 1024 slots is 8 KiB.
   */
  blocks: (BlockFn | null | undefined)[] = NO_BLOCKS as (BlockFn | null | undefined)[];
  heat = new Uint16Array(INSNS_PER_PAGE);
  constructor(public va: number) {
    recycle.register(this, this.dec);
  }
  /** The page runs at `va` from now on: no blocks, no heat. */
  runAt(va: number): void {
    this.va = va;
    this.blocks = NO_BLOCKS as (BlockFn | null | undefined)[];
    this.heat = new Uint16Array(INSNS_PER_PAGE);
  }
  /**
   * The page's own table of blocks, to compile one for `va` into. Another CPU may have run the page at
   * another address since this one entered it: the table is then made for `va` afresh.
   */
  ownBlocks(va: number): (BlockFn | null | undefined)[] {
    if (this.va !== va) this.runAt(va);
    if (this.blocks === NO_BLOCKS) this.blocks = new Array<BlockFn | null | undefined>(INSNS_PER_PAGE).fill(undefined);
    return this.blocks;
  }
}

/**
 * The pages of a buffer that have run code, shared by the regions over it: one per CPU that maps it
 * (each vCPU of a VM maps every memory slot). The records of a page depend only on its bytes and its
 * compiled blocks on the address it runs at, so every CPU uses the ones any CPU made, and the model
 * keeps no instruction caches, so a store to code must be seen by every CPU's next fetch of it, as
 * after the cache maintenance the Arm ARM asks for when one CPU writes instructions another executes:
 * a page decoded is F_CODE in every region over it, and a store by any CPU drops it for all.
 */
class CodeTable {
  /**
   * Per page of the buffer: 1 + the index of its CodePage in `code`, 0 when none. One small integer
   * per page, made at the first code: a buffer that never runs any (a flash bank that U-Boot remaps at
   * every change between its array and command modes) costs nothing, and 512 MiB of RAM costs a zeroed
   * Int32Array where tables of one JavaScript slot per page took ~15 ms to make.
   */
  ix: Int32Array | null = null;
  readonly code: (CodePage | undefined)[] = [];
  /** Indices in `code` that dropped pages left free. */
  readonly free: number[] = [];
  readonly regions = new Set<Region>();
  constructor(readonly pages: number) {}
  /** Forget page `b` of the buffer (its CodePage at `k - 1`): its records and blocks go for every CPU. */
  drop(b: number, k: number): void {
    codeGen.n = (codeGen.n + 1) | 0;
    this.ix![b] = 0; this.code[k - 1] = undefined; this.free.push(k - 1);
    this.flag(b, false);
  }
  /** Set or clear F_CODE on page `b` of the buffer in every region over it. */
  flag(b: number, code: boolean): void {
    for (const r of this.regions) {
      const q = b - r.pg0;
      if (q < 0 || q >= r.flags.length) continue;
      if (code) r.flags[q] |= F_CODE; else r.flags[q] &= ~F_CODE;
    }
  }
}
const tables = new WeakMap<ArrayBufferLike, CodeTable>();

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
  /** The decoded pages of the region's buffer (see CodeTable), where the region's page 0 is page `pg0`. */
  private readonly table: CodeTable;
  readonly pg0: number;
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
    let t: CodeTable | undefined;
    if (u8.byteOffset % PAGE === 0) {
      t = tables.get(u8.buffer);
      if (t === undefined) { t = new CodeTable(Math.ceil(u8.buffer.byteLength / PAGE)); tables.set(u8.buffer, t); }
      this.pg0 = u8.byteOffset / PAGE;
    } else {
      t = new CodeTable(n);
      this.pg0 = 0;
    }
    this.table = t;
    t.regions.add(this);
    if (t.ix !== null) for (let q = 0; q < n; q++) if (t.ix[this.pg0 + q] !== 0) this.flags[q] |= F_CODE;
  }
  /**
   * No CPU maps this region any more: its flags' slot in host memory may serve another, and the pages
   * no other region holds are forgotten (a write to them while unmapped would go unseen).
   */
  release(): void {
    const t = this.table;
    t.regions.delete(this);
    const ix = t.ix;
    if (ix !== null && t.regions.size === 0) {
      // no region left: all of it goes, and the next region over the buffer starts without an index to
      // look through (U-Boot runs from its flash bank at first, then remaps it hundreds of times)
      codeGen.n = (codeGen.n + 1) | 0;
      t.ix = null; t.code.length = 0; t.free.length = 0;
    } else if (ix !== null) {
      for (let b = this.pg0; b < this.pg0 + this.n; b++) {
        const k = ix[b]!;
        if (k === 0) continue;
        let held = false;
        for (const r of t.regions) if (b >= r.pg0 && b < r.pg0 + r.n) { held = true; break; }
        if (!held) t.drop(b, k);
      }
    }
    releaseFlags(this.flags, this);
  }
  /** Page `p`'s code, undefined if no instruction there has run since the page was last dropped. */
  codeAt(p: number): CodePage | undefined {
    const ix = this.table.ix;
    if (ix === null) return undefined;
    const k = ix[this.pg0 + p]!;
    return k === 0 ? undefined : this.table.code[k - 1];
  }
  /**
   * Has the word at index `w` (of 1024) of page `p` been decoded (by any CPU)? What a store there must
   * not overwrite unnoticed (CpuCore.sCodeFree).
   */
  decoded(p: number, w: number): boolean {
    const cp = this.codeAt(p);
    return cp !== undefined && cp.dec[w * REC] !== 0;
  }
  /**
   * Page `p`'s code when it runs at virtual address `va`: made empty (all records op 0 = undecoded) on
   * first use; its blocks and heat start afresh when it runs at another address than before.
   */
  codeFor(p: number, va: number): CodePage {
    let cp = this.codeAt(p);
    if (cp === undefined) {
      cp = new CodePage(va);
      const t = this.table, b = this.pg0 + p;
      t.ix ??= new Int32Array(t.pages);
      const k = t.free.pop();
      if (k === undefined) { t.code.push(cp); t.ix[b] = t.code.length; } else { t.code[k] = cp; t.ix[b] = k + 1; }
      t.flag(b, true);
    }
    else if (cp.va !== va) cp.runAt(va);
    return cp;
  }

  /**
   * Drop the records of each page where [off, off+len) overlaps an instruction already decoded
   * (data written next to code on the same page leaves the page's records alone), for every CPU.
   * Returns true if any page was dropped.
   */
  invalidate(off: number, len: number): boolean {
    const t = this.table, ix = t.ix;
    if (ix === null) return false; // no code has run here
    let hit = false;
    const end = off + Math.max(len, 1);
    const last = Math.min(this.n - 1, Math.floor((end - 1) / PAGE));
    for (let p = Math.max(0, Math.floor(off / PAGE)); p <= last; p++) {
      const b = this.pg0 + p, k = ix[b]!;
      if (k === 0) continue;
      const d = t.code[k - 1]!.dec;
      const lo = Math.max(off, p * PAGE) - p * PAGE, hi = Math.min(end, (p + 1) * PAGE) - p * PAGE;
      let decoded = false;
      for (let w = lo >> 2; w < (hi + 3) >> 2; w++) if (d[w * REC] !== 0) { decoded = true; break; }
      if (!decoded) continue;
      t.drop(b, k);
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
