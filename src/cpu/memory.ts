/**
 * Guest RAM as a set of regions (KVM memory slots), each with its predecode cache.
 *
 * A region is page aligned. For each 4 KiB page it keeps the predecoded records (ops.ts) once an
 * instruction there has been fetched, and a flag byte that stores check so that a write into a
 * page holding predecoded code drops that page's records (self-modifying code, debugger writes).
 */
import { REC, type BlockFn } from './ops.ts';

export const PAGE = 4096;
export const INSNS_PER_PAGE = PAGE / 4;

export class Region {
  readonly dv: DataView;
  readonly pages: (Int32Array | undefined)[];
  /** 1 for each page whose records exist. */
  readonly code: Uint8Array;
  /** Per page: compiled blocks by record index (null: cannot compile) and branch-target heat. */
  readonly blocks: ((BlockFn | null | undefined)[] | undefined)[];
  readonly heat: (Uint16Array | undefined)[];
  constructor(readonly base: number, readonly u8: Uint8Array) {
    this.dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
    const n = Math.ceil(u8.byteLength / PAGE);
    this.pages = new Array<Int32Array | undefined>(n).fill(undefined);
    this.code = new Uint8Array(n);
    this.blocks = new Array<(BlockFn | null | undefined)[] | undefined>(n).fill(undefined);
    this.heat = new Array<Uint16Array | undefined>(n).fill(undefined);
  }
  get len(): number { return this.u8.byteLength; }
  /** Records of the page at index `p`, created empty (all op 0 = undecoded) on first use. */
  page(p: number): Int32Array {
    let d = this.pages[p];
    if (d === undefined) {
      d = new Int32Array(INSNS_PER_PAGE * REC); this.pages[p] = d; this.code[p] = 1;
      this.blocks[p] = new Array<BlockFn | null | undefined>(INSNS_PER_PAGE).fill(undefined);
      this.heat[p] = new Uint16Array(INSNS_PER_PAGE);
    }
    return d;
  }
  /** Drop the records of pages overlapping [off, off+len). Returns true if any existed. */
  invalidate(off: number, len: number): boolean {
    let hit = false;
    const last = Math.min(this.code.length - 1, Math.floor((off + Math.max(len, 1) - 1) / PAGE));
    for (let p = Math.max(0, Math.floor(off / PAGE)); p <= last; p++) {
      if (this.code[p]) {
        this.code[p] = 0; this.pages[p] = undefined; this.blocks[p] = undefined; this.heat[p] = undefined; hit = true;
      }
    }
    return hit;
  }
}
