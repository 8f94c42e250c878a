import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { effectiveGranule, translateStage1, type Stage1Regs } from './stage1.ts';
import { PageTables as Tables } from './testing/page-tables.ts';

/** Cortex-A57's ID_AA64MMFR0_EL1 (QEMU aarch64_a57_initfn): 44-bit PA, 4K and 64K, no 16K. */
const A57_MMFR0 = 0x00001124n;
/** The same with 16K implemented and a 48-bit PA, for the 16K walks. */
const ALL_GRANULES_MMFR0 = 0x00101125n;

const TG0: Record<number, bigint> = { 12: 0n, 16: 1n, 14: 2n };
const TG1: Record<number, bigint> = { 14: 1n, 12: 2n, 16: 3n };

/** TCR_EL1 with both halves on the same granule and size, IPS 48-bit. */
function tcr(granule: 12 | 14 | 16, inputBits: number, extra = 0n): bigint {
  const sz = BigInt(64 - inputBits);
  return sz | (sz << 16n) | (TG0[granule]! << 14n) | (TG1[granule]! << 30n) | (5n << 32n) | extra;
}

function regs(t: Tables, upperRoot: bigint, extra: Partial<Stage1Regs> = {}): Stage1Regs {
  return {
    sctlr: 0x30d0_0801n, tcr: tcr(t.granule, t.inputBits), ttbr0: t.root, ttbr1: upperRoot,
    mmfr0: t.granule === 14 ? ALL_GRANULES_MMFR0 : A57_MMFR0, ...extra,
  };
}

const upperVa = (inputBits: number, off: bigint): bigint => ((1n << 64n) - (1n << BigInt(inputBits))) + off;

test('stage 1, 4K granule, 48-bit VA (Linux arm64 defconfig): pages and 2M/1G blocks in both halves', () => {
  const t = new Tables(12, 48);
  const upper = new Tables(12, 48, 0x4800_0000n);
  t.map(0x40_0000n, 0x4020_0000n, 0x1000n);                               // page at level 3
  t.map(0x4000_0000n, 0x8000_0000n, 0x4000_0000n);                        // 1 GiB block at level 1
  upper.map(0xffff_8000_1000_0000n & ((1n << 48n) - 1n), 0x4100_0000n, 0x20_0000n); // 2 MiB block at level 2
  const words = new Map([...t.words, ...upper.words]);
  const read = (a: bigint) => words.get(a) ?? (a >= 0x4000_0000n && a < 0x5000_0000n ? 0n : undefined);
  const r = regs(t, upper.root);
  assert.deepEqual(translateStage1(0x40_0abcn, r, read), { ok: true, ipa: 0x4020_0abcn, size: 0x1000n, level: 3 });
  assert.deepEqual(translateStage1(0x7fff_fff8n, r, read), { ok: true, ipa: 0xbfff_fff8n, size: 0x4000_0000n, level: 1 });
  assert.deepEqual(translateStage1(0xffff_8000_101f_fff0n, r, read), { ok: true, ipa: 0x411f_fff0n, size: 0x20_0000n, level: 2 });
  const miss = translateStage1(0x40_1000n, r, read);
  assert.ok(!miss.ok && miss.fault === 'translation' && miss.level === 3, JSON.stringify(miss, (_k, v) => (typeof v === 'bigint' ? v.toString(16) : v)));
  const high = translateStage1(0xffff_0000_0000_0000n, r, read);
  assert.ok(!high.ok && high.fault === 'translation' && high.level === 0);
});

test('stage 1: random mappings of every page and block size, each granule, both halves, several VA sizes', () => {
  const cases = [
    { g: 12 as const, bits: [48, 39, 42, 36] },
    { g: 16 as const, bits: [48, 42, 39] },
    { g: 14 as const, bits: [48, 47, 36] },
  ];
  for (const { g, bits } of cases) {
    for (const inputBits of bits) {
      let checked = 0;
      fc.assert(fc.property(fc.array(fc.tuple(fc.boolean(), fc.bigInt({ min: 0n, max: (1n << 40n) - 1n }), fc.integer({ min: 0, max: 3 }), fc.bigInt({ min: 0n, max: (1n << 43n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 40n) - 1n })), { minLength: 1, maxLength: 12 }), (specs) => {
        const lo = new Tables(g, inputBits);
        const hi = new Tables(g, inputBits, 0x6000_0000n);
        const done: { va: bigint; pa: bigint; size: bigint; off: bigint }[] = [];
        for (const [isUpper, vaSeed, pick, paSeed, off] of specs) {
          const t = isUpper ? hi : lo;
          const legal = [1, 2, 3].filter((l) => l >= t.startLevel && (l === 3 || (g === 12 ? l >= 1 : l === 2)));
          const size = t.sizeAt(legal[pick % legal.length]!);
          const inHalf = (vaSeed % (1n << BigInt(inputBits))) & ~(size - 1n);
          const va = isUpper ? upperVa(inputBits, inHalf) : inHalf;
          const pa = (paSeed & ~(size - 1n)) % (1n << 44n);
          try {
            t.map(inHalf, pa, size);
          } catch {
            continue;   // overlaps an earlier mapping, or a block and a table would share a slot
          }
          done.push({ va, pa, size, off: off % size });
        }
        const words = new Map([...lo.words, ...hi.words]);
        const read = (a: bigint) => words.get(a) ?? (a >= 0x4000_0000n && a < 0x8000_0000n ? 0n : undefined);
        const r: Stage1Regs = { ...regs(lo, hi.root), mmfr0: g === 14 ? ALL_GRANULES_MMFR0 : 0x00001125n };
        for (const d of done) {
          const got = translateStage1(d.va + d.off, r, read);
          assert.deepEqual(got, { ok: true, ipa: d.pa + d.off, size: d.size, level: [0, 1, 2, 3].find((l) => lo.sizeAt(l) === d.size) });
          checked++;
        }
        // and an address in neither half's mappings faults (translation, never a throw)
        const gap = upperVa(inputBits, 0n) - (1n << 40n);
        const miss = translateStage1(gap, r, read);
        assert.ok(!miss.ok && miss.fault === 'translation');
      }), { seed: 0x51, numRuns: 60 });
      assert.ok(checked > 200, `only ${checked} mappings checked for granule ${g}, ${inputBits}-bit VA`);
    }
  }
});

test('stage 1: TBI ignores the top byte only for the half whose TBIn is set; non-canonical addresses fault at level 0', () => {
  const t = new Tables(12, 48);
  t.map(0x1000n, 0x4100_0000n, 0x1000n);
  const r = regs(t, t.root);
  const tagged = 0x5a00_0000_0000_1008n;
  const no = translateStage1(tagged, r, t.read);
  assert.ok(!no.ok && no.fault === 'translation' && no.level === 0);
  const withTbi0 = { ...r, tcr: r.tcr | (1n << 37n) };
  assert.deepEqual(translateStage1(tagged, withTbi0, t.read), { ok: true, ipa: 0x4100_0008n, size: 0x1000n, level: 3 });
  // TBI1 does not help a TTBR0 address, and bit 55 (not 63) picks the half
  const withTbi1 = { ...r, tcr: r.tcr | (1n << 38n) };
  assert.equal(translateStage1(tagged, withTbi1, t.read).ok, false);
  const up = new Tables(12, 48, 0x4800_0000n);
  up.map(0xffff_ffff_ffe0_0000n & ((1n << 48n) - 1n), 0x4200_0000n, 0x20_0000n);
  const both = { ...r, ttbr1: up.root, tcr: r.tcr | (1n << 38n) };
  const read = (a: bigint) => up.words.get(a) ?? t.read(a);
  assert.deepEqual(translateStage1(0x12ff_ffff_ffe0_0010n, both, read), { ok: true, ipa: 0x4200_0010n, size: 0x20_0000n, level: 2 });
});

test('stage 1: EPDn, TxSZ out of range, invalid and reserved descriptors, blocks where the granule allows none, AF = 0', () => {
  const t = new Tables(12, 48);
  t.map(0x1000n, 0x4100_0000n, 0x1000n);
  const r = regs(t, t.root);
  const f = (va: bigint, rr: Stage1Regs = r) => {
    const x = translateStage1(va, rr, t.read);
    return x.ok ? 'ok' : `${x.fault}@${x.level}`;
  };
  assert.equal(f(0x1000n, { ...r, tcr: r.tcr | (1n << 7n) }), 'translation@0');               // EPD0
  assert.equal(f(0xffff_0000_0000_1000n, { ...r, tcr: r.tcr | (1n << 23n) }), 'translation@0'); // EPD1
  assert.equal(f(0x1000n, { ...r, tcr: (r.tcr & ~0x3fn) | 40n }), 'translation@0');           // T0SZ 40
  assert.equal(f(0x1000n, { ...r, tcr: (r.tcr & ~0x3fn) | 15n }), 'translation@0');           // T0SZ 15
  // level 3 descriptor with bits[1:0] = 01 is reserved
  const l3 = [...t.words.entries()].find(([, d]) => (d & ~0xfffn) === 0x4100_0000n)!;
  t.words.set(l3[0], l3[1] & ~2n);
  assert.equal(f(0x1000n), 'translation@3');
  t.words.set(l3[0], l3[1] & ~(1n << 10n));
  assert.equal(f(0x1000n), 'access-flag@3');
  t.words.set(l3[0], l3[1]);
  assert.equal(f(0x1000n), 'ok');
  // a block at level 0 (4K) is not allowed in ARMv8.0
  const root = t.root;
  const l0 = t.words.get(root)!;
  t.words.set(root, 0x8000_0000n | 0b01n | (1n << 10n));
  assert.equal(f(0x1000n), 'translation@0');
  t.words.set(root, l0);
  // 64K: no block at level 1 (without FEAT_LPA)
  const k64 = new Tables(16, 48);
  k64.words.set(k64.root, 0x4000_0000n | 0b01n | (1n << 10n));
  const x = translateStage1(0x1234n, regs(k64, k64.root), k64.read);
  assert.ok(!x.ok && x.fault === 'translation' && x.level === 1);
});

test('stage 1: physical address size — TCR_EL1.IPS and ID_AA64MMFR0_EL1.PARange, the smaller wins; TTBR, tables and outputs checked', () => {
  const t = new Tables(12, 48);
  t.map(0x1000n, 0x100_0000_0000n, 0x1000n);          // PA bit 40
  t.map(0x2000n, 0x1000_0000_0000n, 0x1000n);         // PA bit 44: beyond the A57's 44 bits
  const r = regs(t, t.root);
  assert.deepEqual(translateStage1(0x1008n, r, t.read), { ok: true, ipa: 0x100_0000_0008n, size: 0x1000n, level: 3 });
  const x = translateStage1(0x2000n, r, t.read);
  assert.ok(!x.ok && x.fault === 'address-size' && x.level === 3);
  const ips40 = { ...r, tcr: (r.tcr & ~(7n << 32n)) | (2n << 32n) };   // IPS 40 bits
  const y = translateStage1(0x1008n, ips40, t.read);
  assert.ok(!y.ok && y.fault === 'address-size');
  const z = translateStage1(0x1008n, { ...r, ttbr0: 0x1000_0000_0000n }, t.read);
  assert.ok(!z.ok && z.fault === 'address-size' && z.level === 0);
  // the ASID in TTBR bits 63:48 is not part of the table address
  assert.equal(translateStage1(0x1008n, { ...r, ttbr0: t.root | (0x42n << 48n) }, t.read).ok, true);
  // a descriptor outside guest memory
  const e = translateStage1(0x1008n, { ...r, ttbr0: 0x1000n }, t.read);
  assert.ok(!e.ok && e.fault === 'external' && e.level === 0);
});

test('stage 1 off (SCTLR_EL1.M = 0): flat, inside the PA size; TBI still drops the top byte', () => {
  const r: Stage1Regs = { sctlr: 0x00c5_0838n, tcr: 0n, ttbr0: 0n, ttbr1: 0n, mmfr0: A57_MMFR0 };
  assert.deepEqual(translateStage1(0x4008_0000n, r, () => undefined), { ok: true, ipa: 0x4008_0000n, size: 1n << 64n, level: -1 });
  const x = translateStage1(0x1000_0000_0000n, r, () => undefined);
  assert.ok(!x.ok && x.fault === 'address-size');
  assert.equal(translateStage1(0xab00_0000_4008_0000n, r, () => undefined).ok, false);
  assert.deepEqual(translateStage1(0xab00_0000_4008_0000n, { ...r, tcr: 1n << 37n }, () => undefined),
    { ok: true, ipa: 0x4008_0000n, size: 1n << 64n, level: -1 });
});

test('granules: TGn encodings differ between the halves; one the CPU lacks falls back to 4K, then 64K, then 16K', () => {
  assert.equal(effectiveGranule(0n << 14n, false, A57_MMFR0), 12);
  assert.equal(effectiveGranule(1n << 14n, false, A57_MMFR0), 16);
  assert.equal(effectiveGranule(2n << 14n, false, A57_MMFR0), 12, '16K is not implemented on a Cortex-A57');
  assert.equal(effectiveGranule(2n << 14n, false, ALL_GRANULES_MMFR0), 14);
  assert.equal(effectiveGranule(3n << 14n, false, ALL_GRANULES_MMFR0), 12, 'TG0 = 11 is reserved');
  assert.equal(effectiveGranule(2n << 30n, true, A57_MMFR0), 12);
  assert.equal(effectiveGranule(3n << 30n, true, A57_MMFR0), 16);
  assert.equal(effectiveGranule(1n << 30n, true, A57_MMFR0), 12);
  assert.equal(effectiveGranule(0n << 30n, true, A57_MMFR0), 12, 'TG1 = 00 is reserved');
  assert.equal(effectiveGranule(0n, false, 0xf000_0000n | 0x00001124n & 0x0fffffffn), 16, 'no 4K: 64K');
});
