/**
 * The fuzzer's random numbers: sfc32 seeded from (run seed, target name, case number), so any case can be
 * generated again on its own from the three (`--seed S --target T --from N --count 1`).
 */

/** A 32-bit FNV-1a hash of a string, mixed with a number. */
function hash(text: string, n: number): number {
  let h = 0x811c9dc5 ^ n;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** The generator of case `index` of `target` in the run seeded with `seed` (0..2^32-1). */
  constructor(seed: number, target: string, index: number) {
    this.a = seed >>> 0;
    this.b = hash(target, index);
    this.c = Math.imul(index, 0x9e3779b9) >>> 0;
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** The next 32 random bits (sfc32). */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.u32() / 2 ** 32) * n);
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }

  /** A random 64-bit value, biased to the edges (0, small, powers of two and their neighbours, all ones). */
  u64(): bigint {
    switch (this.below(6)) {
      case 0: return BigInt(this.below(256));
      case 1: {
        const p = 1n << BigInt(this.below(64));
        return this.pick([p, p - 1n, p + 1n]) & ((1n << 64n) - 1n);
      }
      case 2: return (1n << 64n) - 1n - BigInt(this.below(16));
      default: return (BigInt(this.u32()) << 32n) | BigInt(this.u32());
    }
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.below(256);
    return out;
  }
}
