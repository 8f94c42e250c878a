/**
 * The KASLR offset from VBAR_EL1 and memory, over the link addresses of Debian's 6.1 System.map
 * (linux-image-6.1.0-57-arm64-dbg): VBAR_EL1 in `vectors` or in a slot of `__bp_harden_el1_vectors`,
 * confirmed by the Image header at _text and the banner at linux_banner. The same computation runs
 * against the real kernel under QEMU in test/system/kernel-kaslr-qemu.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findKaslrOffset, formatKaslr, type KaslrReader } from './kaslr.ts';
import { parseSystemMap } from './symbol-file.ts';

const MAP = parseSystemMap(`ffff800008000000 T _text
ffff800008010000 T _stext
ffff800008010800 T vectors
ffff800008012800 T __bp_harden_el1_vectors
ffff800008ef3be0 D linux_banner
ffff800009651000 T tramp_vectors
`);
const TEXT = 0xffff800008000000n, VECTORS = 0xffff800008010800n, BP = 0xffff800008012800n, BANNER = 0xffff800008ef3be0n;
const BANNER_TEXT = 'Linux version 6.1.0-57-arm64 (debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0)\n';

/** A kernel image mapped at `offset`: the Image header at _text and the banner, nothing else readable. */
function kernelAt(offset: bigint, vbar: bigint | undefined, banner = BANNER_TEXT): KaslrReader {
  const mem = new Map<bigint, number>();
  const put = (va: bigint, bytes: Uint8Array): void => bytes.forEach((b, i) => mem.set(va + BigInt(i), b));
  put(TEXT + offset + 0x38n, new Uint8Array([0x41, 0x52, 0x4d, 0x64]));
  put(BANNER + offset, new TextEncoder().encode(banner));
  return {
    vbar: () => vbar,
    read: (va, len) => {
      const out = new Uint8Array(len);
      for (let i = 0; i < len; i++) {
        const b = mem.get(va + BigInt(i));
        if (b === undefined) return i === 0 ? undefined : out;   // a banner shorter than asked is fine
        out[i] = b;
      }
      return out;
    },
  };
}

test('VBAR_EL1 at vectors + offset: the offset, confirmed by the Image header and the banner in memory', () => {
  const off = 0x2a_3fe0_0000n;                                  // 2 MiB-aligned, as head.S keeps it for a 2 MiB-aligned image
  const r = findKaslrOffset(MAP, kernelAt(off, VECTORS + off));
  assert.ok(r.ok, r.ok ? "" : r.message);
  assert.equal(r.offset, off);
  assert.equal(r.table, 'vectors');
  const text = formatKaslr(r);
  assert.match(text, /^KASLR offset 0x2a3fe00000: add it to the addresses of System.map or vmlinux$/m);
  assert.match(text, /VBAR_EL1 0xffff802a47e10800 = vectors \+ 0x2a3fe00000/);
  assert.match(text, /linux_banner 0xffff800008ef3be0 \+ offset reads "Linux version 6\.1\.0-57-arm64 \(debian-kernel@lists\.debian\.org\)/);
  assert.match(text, /gdb: add-symbol-file vmlinux -o 0x2a3fe00000/);
});

test('VBAR_EL1 in a Spectre-BHB slot of __bp_harden_el1_vectors (2 KiB each) gives the same offset', () => {
  const off = 0x10_0000_0000n;
  const r = findKaslrOffset(MAP, kernelAt(off, BP + 0x800n + off));
  assert.ok(r.ok);
  assert.equal(r.offset, off);
  assert.equal(r.table, '__bp_harden_el1_vectors+0x800');
});

test('the Image header page unmapped (as after paging_init): the banner alone confirms the offset', () => {
  const off = 0x2000_0000n;
  const k = kernelAt(off, VECTORS + off);
  const r = findKaslrOffset(MAP, { vbar: k.vbar, read: (va, len) => (va < TEXT + off + 0x10000n ? undefined : k.read(va, len)) });
  assert.ok(r.ok);
  assert.equal(r.offset, off);
  assert.deepEqual(r.checks.map((c) => c.split(' ')[0]), ['linux_banner']);
});

test('no KASLR: offset 0 says the kernel runs at its link addresses', () => {
  const r = findKaslrOffset(MAP, kernelAt(0n, VECTORS));
  assert.ok(r.ok);
  assert.match(formatKaslr(r), /^KASLR offset 0: the kernel runs at its link addresses/);
  assert.doesNotMatch(formatKaslr(r), /add-symbol-file/);
});

test('what cannot be told is said: VBAR_EL1 not set yet or at the KPTI trampoline, unreadable, another build, no symbols', () => {
  const off = 0x4000_0000n;
  const no = (reader: KaslrReader, re: RegExp, map = MAP): void => {
    const r = findKaslrOffset(map, reader);
    assert.equal(r.ok, false);
    assert.match(formatKaslr(r), re);
  };
  no(kernelAt(off, 0n), /^KASLR offset unknown: VBAR_EL1 0x0 is not the kernel's vectors .*has not set it yet/);
  no(kernelAt(off, 0xffff_7fff_fe5f_0000n), /not the kernel's vectors .*KPTI trampoline/);   // TRAMP_VALIAS fixmap
  no(kernelAt(off, VECTORS + off + 0x800n), /not the kernel's vectors/);                        // not 64 KiB-aligned
  no(kernelAt(off, undefined), /VBAR_EL1 cannot be read/);
  no(kernelAt(off, VECTORS + off, 'Linux versoin'), /does not hold this kernel .*another build/);
  no(kernelAt(off, VECTORS + off + 0x10000n), /does not hold this kernel/);
  no(kernelAt(off, VECTORS + off), /no vector table \(vectors\)/, parseSystemMap('ffff800008000000 T _text\n'));
  no(kernelAt(off, VECTORS + off), /neither _text nor linux_banner/, parseSystemMap('ffff800008010800 T vectors\n'));
});
