/**
 * Guest RAM through time, kept the way a VMM can on KVM: the RAM slot logs dirty pages
 * (KVM_MEM_LOG_DIRTY_PAGES), KVM_GET_DIRTY_LOG says which pages the guest wrote since the last look, and
 * the VMM copies those pages out of its own mapping of the slot.
 *
 * `base` holds the pages of the oldest checkpoint that are not zero; each later checkpoint holds a copy of
 * the pages that may differ from the checkpoint before it. The memory differs from the reference
 * checkpoint (the last one captured or restored) only on `touched` pages, which the dirty log and the
 * debugger's own writes add to. A restore rewrites exactly the pages that can differ.
 */
import { dirtyPages } from '../../abi/index.ts';
import { VmmError } from '../machine.ts';
import type { RamLog } from '../ram-log.ts';

const PAGE = 4096;
const ZERO = new Uint8Array(PAGE);

/** 32-bit words of a page (pages of guest memory start 4-aligned in their buffer), else undefined. */
function words(page: Uint8Array): Uint32Array | undefined {
  return page.byteOffset % 4 === 0 ? new Uint32Array(page.buffer, page.byteOffset, page.length >> 2) : undefined;
}

function isZero(page: Uint8Array): boolean {
  const w = words(page);
  if (w) {
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) return false;
    return true;
  }
  for (let i = 0; i < page.length; i++) if (page[i] !== 0) return false;
  return true;
}

function samePage(a: Uint8Array, b: Uint8Array): boolean {
  const x = words(a), y = words(b);
  if (x && y) {
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
    return true;
  }
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** How a store learns of writes: the slot's dirty log (RAM), or the VMM's own device telling it (flash). */
export type WriteSource =
  | { kind: 'dirty-log'; log: RamLog }
  | { kind: 'device' };

export class PageStore {
  private readonly base = new Map<number, Uint8Array>();
  /** Per page: the copies checkpoints hold, oldest first. */
  private readonly versions = new Map<number, { ck: number; data: Uint8Array }[]>();
  /** Per checkpoint: the pages it holds a copy of. */
  private readonly held = new Map<number, Set<number>>();
  private readonly touched = new Set<number>();
  /** Every page a checkpoint after the first found changed: the memory the guest has written. */
  private readonly written = new Set<number>();
  private ref = -1;
  /** Bytes of page copies held. */
  bytes = 0;

  /**
   * `ram` is the memory (guest RAM, or a flash bank's storage) at guest-physical `ramBase`. With a dirty
   * log the first checkpoint's pages are copied at the start (those not zero); a device that tells of
   * its writes calls beforeWrite(), and a page's first copy is taken then.
   */
  constructor(private readonly ram: Uint8Array, private readonly ramBase: bigint, private readonly source: WriteSource,
    private readonly sync: (ipa: bigint, len: number) => void) {
    if (source.kind === 'dirty-log' && !source.log.available) throw new VmmError('this kernel backend has no KVM_GET_DIRTY_LOG');
  }

  /**
   * Turn dirty logging on and take the first checkpoint's memory (its non-zero pages). `candidates`, when
   * given, are the only pages that can be non-zero (the rest is fresh memory): only they are read, since
   * reading a page of fresh memory commits it.
   */
  start(ck: number, candidates?: Iterable<number>): void {
    this.held.set(ck, new Set());
    this.ref = ck;
    const src = this.source;
    if (src.kind !== 'dirty-log') return;
    src.log.start();
    this.pollDirty();
    this.touched.clear();
    const pages = this.ram.length / PAGE;
    for (const p of candidates ?? Array.from({ length: pages }, (_, i) => i)) {
      if (p < 0 || p >= pages) continue;
      const page = this.ram.subarray(p * PAGE, (p + 1) * PAGE);
      if (!isZero(page)) {
        this.base.set(p, page.slice());
        this.bytes += PAGE;
      }
    }
  }

  /**
   * The device is about to change [offset, offset + len) of the memory: the pages join `touched`, and a
   * page never seen before is copied first (it is what every checkpoint so far saw).
   */
  beforeWrite(offset: number, len: number): void {
    const last = Math.min(this.ram.length - 1, offset + Math.max(len, 1) - 1);
    for (let p = Math.floor(offset / PAGE); p * PAGE <= last; p++) {
      if (!this.base.has(p) && !this.versions.has(p)) {
        this.base.set(p, this.ram.slice(p * PAGE, (p + 1) * PAGE));
        this.bytes += PAGE;
      }
      this.touched.add(p);
    }
  }

  /** KVM_GET_DIRTY_LOG: the pages the guest wrote since the last call join `touched`. */
  pollDirty(): void {
    const src = this.source;
    if (src.kind !== 'dirty-log') return;
    for (const p of dirtyPages(src.log.collect())) this.touched.add(p);
  }

  /** The debugger (not the guest) wrote guest-physical [ipa, ipa + len) of RAM. */
  noteWrite(ipa: bigint, len: number): void {
    const first = Number((ipa - this.ramBase) / BigInt(PAGE));
    const last = Number((ipa + BigInt(Math.max(len, 1)) - 1n - this.ramBase) / BigInt(PAGE));
    for (let p = Math.max(0, first); p <= last && p < this.ram.length / PAGE; p++) this.touched.add(p);
  }

  /** The page as checkpoint `ck` saw it. */
  private lookup(ck: number, p: number): Uint8Array {
    const v = this.versions.get(p);
    if (v) for (let i = v.length - 1; i >= 0; i--) if (v[i]!.ck <= ck) return v[i]!.data;
    return this.base.get(p) ?? ZERO;
  }

  /** Pages held by checkpoints in (lo, hi]. */
  private heldBetween(lo: number, hi: number, into: Set<number>): void {
    for (const [ck, pages] of this.held) if (ck > lo && ck <= hi) for (const p of pages) into.add(p);
  }

  /** Checkpoint `ck` (newer than every other, `prev` the newest before it): copy what may have changed. */
  capture(ck: number, prev: number): void {
    this.pollDirty();
    const changed = new Set(this.touched);
    this.heldBetween(Math.min(this.ref, prev), Math.max(this.ref, prev), changed);
    const mine = new Set<number>();
    for (const p of changed) {
      const now = this.ram.subarray(p * PAGE, (p + 1) * PAGE);
      const before = this.lookup(prev, p);
      if (samePage(now, before)) continue;
      const data = now.slice();
      const v = this.versions.get(p) ?? [];
      v.push({ ck, data });
      this.versions.set(p, v);
      mine.add(p);
      this.written.add(p);
      this.bytes += PAGE;
    }
    this.held.set(ck, mine);
    this.touched.clear();
    this.ref = ck;
  }

  /** Make RAM what checkpoint `ck` saw. */
  restore(ck: number): void {
    this.pollDirty();
    const changed = new Set(this.touched);
    this.heldBetween(Math.min(this.ref, ck), Math.max(this.ref, ck), changed);
    for (const p of changed) {
      this.ram.set(this.lookup(ck, p), p * PAGE);
      this.sync(this.ramBase + BigInt(p * PAGE), PAGE);
    }
    this.touched.clear();
    this.ref = ck;
  }

  /**
   * Forget the oldest checkpoint `oldest`: `next` becomes the first, its pages the base.
   * Returns the bytes freed.
   */
  dropOldest(oldest: number, next: number): number {
    const before = this.bytes;
    const pages = this.held.get(next) ?? new Set<number>();
    if (this.ref === oldest) {
      for (const p of pages) this.touched.add(p);
      this.ref = next;
    }
    for (const p of pages) {
      const v = this.versions.get(p)!;
      const i = v.findIndex((x) => x.ck === next);
      if (this.base.has(p)) this.bytes -= PAGE;
      this.base.set(p, v[i]!.data);
      v.splice(i, 1);
      if (!v.length) this.versions.delete(p);
    }
    this.held.delete(oldest);
    this.held.set(next, new Set());
    return before - this.bytes;
  }

  /**
   * Forget checkpoint `ck`, which is neither the first nor the newest (`next` is the one after it): a
   * page it holds that `next` holds too is freed; one that `next` does not hold is what `next` saw, so
   * its copy passes to `next`. Returns the bytes freed.
   */
  dropMiddle(ck: number, next: number): number {
    const before = this.bytes;
    const mine = this.held.get(ck) ?? new Set<number>();
    const theirs = this.held.get(next) ?? new Set<number>();
    if (this.ref === ck) {
      // the memory differs from `next` where it differs from `ck`, or where the two differ
      for (const p of mine) this.touched.add(p);
      for (const p of theirs) this.touched.add(p);
      this.ref = next;
    }
    for (const p of mine) {
      const v = this.versions.get(p)!;
      const i = v.findIndex((x) => x.ck === ck);
      if (theirs.has(p)) {
        v.splice(i, 1);
        this.bytes -= PAGE;
      } else {
        v[i] = { ck: next, data: v[i]!.data };
        theirs.add(p);
      }
    }
    this.held.set(next, theirs);
    this.held.delete(ck);
    return before - this.bytes;
  }

  /** Bytes of the first checkpoint's pages (the memory as history begins: a loaded image, firmware). */
  get baseBytes(): number {
    return this.base.size * PAGE;
  }

  /** Bytes of the page copies checkpoint `ck` holds. */
  heldBytes(ck: number): number {
    return (this.held.get(ck)?.size ?? 0) * PAGE;
  }

  /** Distinct pages the guest has written (a checkpoint after the first found them changed). */
  get pagesWritten(): number {
    return this.written.size;
  }
}
