/** The arm64 Image header rules of Documentation/arm64/booting.rst and QEMU's load_aarch64_image. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ImageError, parseLinuxImage } from './linux-image.ts';
import { BootLayoutError, bootStub, linuxLayout } from './linux-boot.ts';

function image(h: { textOffset?: bigint; imageSize?: bigint; flags?: bigint; magic?: number; len?: number } = {}): Uint8Array {
  const b = new Uint8Array(h.len ?? 4096);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(8, h.textOffset ?? 0n, true);
  dv.setBigUint64(16, h.imageSize ?? 0x2010000n, true);
  dv.setBigUint64(24, h.flags ?? 0xan, true);
  dv.setUint32(0x38, h.magic ?? 0x644d5241, true);
  return b;
}

test('Image header: text_offset, image_size and flags (LE, 4K, anywhere) as Linux 6.1 writes them', () => {
  const i = parseLinuxImage(image());
  assert.deepEqual([i.textOffset, i.imageSize, i.flags, i.pageSize, i.placeAnywhere, i.gzipped], [0n, 0x2010000n, 0xan, '4K', true, false]);
  assert.equal(parseLinuxImage(image({ flags: 6n })).pageSize, '64K');
  assert.equal(parseLinuxImage(image({ flags: 0n })).pageSize, 'unspecified');
});

test('Image header: image_size 0 (before 3.17) means text_offset 0x80000 and the size of the file', () => {
  const i = parseLinuxImage(image({ textOffset: 0x1234000n, imageSize: 0n, len: 8192 }));
  assert.deepEqual([i.textOffset, i.imageSize], [0x80000n, 8192n]);
});

test('Image: a gzip-compressed Image is unpacked first', () => {
  const raw = image({ len: 100_000 });
  const i = parseLinuxImage(gzipSync(raw));
  assert.equal(i.gzipped, true);
  assert.deepEqual(i.bytes, raw);
});

test('Image: bad images are refused with the reason', () => {
  const cases: [Uint8Array, RegExp][] = [
    [new Uint8Array(10), /10 bytes is too short/],
    [image({ magic: 0x12345678 }), /not an arm64 Linux Image \(no "ARM\\x64" magic at offset 0x38\)/],
    [(() => { const b = image({ magic: 0 }); new DataView(b.buffer).setUint32(4, 0x676d697a, true); return b; })(), /EFI zboot/],
    [image({ flags: 0xbn }), /big-endian kernel/],
    [image({ flags: 0xcn }), /16K pages/],
    [image({ flags: 0x1an }), /reserved flag bits/],
    [image({ textOffset: 0x123n }), /text_offset 0x123 is not 4 KiB aligned/],
    [image({ imageSize: 1n << 40n }), /implausibly large/],
    [new Uint8Array([0x1f, 0x8b, 8, 0, 1, 2, 3]), /cannot gunzip/],
  ];
  for (const [b, why] of cases) assert.throws(() => parseLinuxImage(b), (e: unknown) => e instanceof ImageError && why.test(e.message), String(why));
});

test('boot layout: what does not fit in RAM is refused with what to do', () => {
  const base = { ramBase: 0x4000_0000n, dtbSize: 0x1000 };
  assert.throws(() => linuxLayout({ ...base, ramSize: 32n << 20n, image: parseLinuxImage(image()), initrdSize: 0 }),
    (e: unknown) => e instanceof BootLayoutError && /kernel needs 34.0625 MiB .* 32 MiB of RAM: raise --memory/.test(e.message));
  assert.throws(() => linuxLayout({ ...base, ramSize: 64n << 20n, image: parseLinuxImage(image()), initrdSize: 40 << 20 }),
    /initrd \(41943040 bytes\) does not fit/);
  assert.throws(() => linuxLayout({ ...base, ramSize: 64n << 20n, image: parseLinuxImage(image()), initrdSize: 29 << 20 }),
    /no room for the device tree/);
});

test('boot stub: the DTB address and entry as 64-bit literals after six instructions', () => {
  const dv = new DataView(bootStub(0x1_4840_0000n, 0x4020_0000n).buffer);
  assert.equal(dv.byteLength, 40);
  assert.deepEqual([6, 7, 8, 9].map((i) => dv.getUint32(4 * i, true)), [0x4840_0000, 1, 0x4020_0000, 0]);
});
