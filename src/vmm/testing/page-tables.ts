/**
 * Stage-1 page tables for tests, built from the Arm ARM's description of the VMSAv8-64 formats (D8.3),
 * top down: a table of 2^(granule bits - 3) descriptors per level (fewer at the first), table
 * descriptors 0b11 with the next table's address, block descriptors 0b01 and page descriptors 0b11 with
 * the output address, AF (bit 10) and SH inner set. Written on its own, apart from the walker it checks.
 * The descriptors live in `words` (8-byte words by address); `writeTo` copies them into guest RAM.
 */
import assert from 'node:assert/strict';

export class PageTables {
  readonly words = new Map<bigint, bigint>();
  private next: bigint;
  readonly root: bigint;

  /** Tables are allocated from `base` up, one granule each. */
  constructor(readonly granule: 12 | 14 | 16, readonly inputBits: number, readonly base = 0x4000_0000n) {
    this.next = base;
    this.root = this.alloc();
  }

  /** A fresh, zeroed table (one granule, so also aligned as any first-level table must be). */
  private alloc(): bigint {
    const t = this.next;
    this.next += 1n << BigInt(this.granule);
    return t;
  }

  /** The first address after the tables. */
  get end(): bigint { return this.next; }
  get stride(): number { return this.granule - 3; }
  get startLevel(): number { return 4 - Math.ceil((this.inputBits - this.granule) / this.stride); }

  /** Bytes a descriptor at `level` maps. */
  sizeAt(level: number): bigint { return 1n << BigInt(this.granule + (3 - level) * this.stride); }

  /**
   * Map [va, va + size) to pa with one block or page descriptor; size picks the level. `va` is taken
   * modulo the input size (the half is TTBR0's or TTBR1's by which register points at the root).
   * Throws when something is mapped in the way.
   */
  map(vaIn: bigint, pa: bigint, size: bigint, opts: { af?: boolean } = {}): void {
    const va = vaIn & ((1n << BigInt(this.inputBits)) - 1n);
    const level = [0, 1, 2, 3].find((l) => this.sizeAt(l) === size);
    assert.ok(level !== undefined && level >= this.startLevel, `no level maps ${size}`);
    let table = this.root;
    for (let l = this.startLevel; l < level; l++) {
      const slot = table + this.index(va, l) * 8n;
      let d = this.words.get(slot);
      if (d === undefined) {
        d = this.alloc() | 0b11n;
        this.words.set(slot, d);
      }
      assert.equal(d & 3n, 3n, 'a block is in the way');
      table = d & ~((1n << BigInt(this.granule)) - 1n) & ((1n << 48n) - 1n);
    }
    const d = pa | (level === 3 ? 0b11n : 0b01n) | (opts.af === false ? 0n : 1n << 10n) | (0b11n << 8n);
    const slot = table + this.index(va, level) * 8n;
    assert.equal(this.words.get(slot), undefined, 'something is mapped there already');
    this.words.set(slot, d);
  }

  private index(va: bigint, level: number): bigint {
    const shift = BigInt(this.granule + (3 - level) * this.stride);
    const bits = level === this.startLevel ? this.inputBits - this.granule - (3 - level) * this.stride : this.stride;
    return (va >> shift) & ((1n << BigInt(bits)) - 1n);
  }

  /** A descriptor reader over the tables alone (zeros elsewhere in their range, nothing outside it). */
  read = (ipa: bigint): bigint | undefined => (ipa >= this.base && ipa < this.next ? this.words.get(ipa) ?? 0n : undefined);

  /** Copy the tables into guest memory that starts at guest-physical `memBase`. */
  writeTo(mem: Uint8Array, memBase: bigint): void {
    const view = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
    for (const [a, d] of this.words) view.setBigUint64(Number(a - memBase), d, true);
  }
}
