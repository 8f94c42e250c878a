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
   * The code tables, made when the region first runs code (`page`): a region that never does (a flash
   * bank that U-Boot remaps at every change between its array and command modes: each remapping is a
   * new Region) costs no tables of one entry per page, which took ~0.5 ms to make for 64 MiB.
   * `pages`: the records per page. `blocks`, `heat`: per page, compiled blocks by record index (null:
   * cannot compile) and branch-target heat, for the virtual address in `blocksVa` (compiled code holds
   * its addresses as constants; the records do not).
   */
  pages: (Int32Array | undefined)[] | null = null;
  blocks: ((BlockFn | null | undefined)[] | undefined)[] | null = null;
  heat: (Uint16Array | undefined)[] | null = null;
  blocksVa: Float64Array | null = null;
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
  }
  /** No CPU maps this region any more: its flags' slot in host memory may serve another. */
  release(): void { releaseFlags(this.flags, this); }
  /** Make the code tables (see `pages`). */
  private codeTables(): (Int32Array | undefined)[] {
    const n = this.n;
    const pages = new Array<Int32Array | undefined>(n).fill(undefined);
    this.pages = pages;
    this.blocks = new Array<(BlockFn | null | undefined)[] | undefined>(n).fill(undefined);
    this.heat = new Array<Uint16Array | undefined>(n).fill(undefined);
    this.blocksVa = new Float64Array(n).fill(NaN);
    return pages;
  }
  /**
   * Records of the page at index `p`, created empty (all op 0 = undecoded) on first use. Its blocks and
   * heat come with the first blocksFor() (a fresh page has run at no address yet).
   */
  page(p: number): Int32Array {
    const pages = this.pages ?? this.codeTables();
    let d = pages[p];
    if (d === undefined) {
      d = new Int32Array(INSNS_PER_PAGE * REC); pages[p] = d; this.flags[p] |= F_CODE;
    }
    return d;
  }
  /**
   * The compiled blocks of page `p` (records already made by `page`) when it runs at virtual address
   * `va`: the page's blocks and heat start afresh when it runs at another address than before.
   */
  blocksFor(p: number, va: number): (BlockFn | null | undefined)[] {
    const blocksVa = this.blocksVa!;
    if (blocksVa[p] !== va) {
      blocksVa[p] = va;
      this.blocks![p] = new Array<BlockFn | null | undefined>(INSNS_PER_PAGE).fill(undefined);
      this.heat![p] = new Uint16Array(INSNS_PER_PAGE);
    }
    return this.blocks![p]!;
  }

  /**
   * Drop the records of each page where [off, off+len) overlaps an instruction already decoded
   * (data written next to code on the same page leaves the page's records alone).
   * Returns true if any page was dropped.
   */
  invalidate(off: number, len: number): boolean {
    const pages = this.pages;
    if (pages === null) return false; // no code has run here
    let hit = false;
    const end = off + Math.max(len, 1);
    const last = Math.min(this.flags.length - 1, Math.floor((end - 1) / PAGE));
    for (let p = Math.max(0, Math.floor(off / PAGE)); p <= last; p++) {
      const d = pages[p];
      if (d === undefined) continue;
      const lo = Math.max(off, p * PAGE) - p * PAGE, hi = Math.min(end, (p + 1) * PAGE) - p * PAGE;
      let decoded = false;
      for (let w = lo >> 2; w < (hi + 3) >> 2; w++) if (d[w * REC] !== 0) { decoded = true; break; }
      if (!decoded) continue;
      codeGen.n = (codeGen.n + 1) | 0;
      this.flags[p] &= ~F_CODE; pages[p] = undefined; this.blocks![p] = undefined; this.heat![p] = undefined; this.blocksVa![p] = NaN;
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
