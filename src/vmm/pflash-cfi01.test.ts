/**
 * The CFI flash against the CFI specification (JEDEC JESD68.01: query structure at word 0x10) for the
 * virt board's geometry, and the ROMD switching that maps or unmaps its read-only memory slot.
 * test/system/pflash-qemu.test.ts compares every command sequence with QEMU's device.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PflashCfi01, STATUS_READY } from './pflash-cfi01.ts';

const MiB = 1024 * 1024;
const cmd = (c: number): bigint => BigInt((c | (c << 16)) >>> 0);

function flash(): { f: PflashCfi01; romd: boolean[] } {
  const romd: boolean[] = [];
  return { f: new PflashCfi01(new Uint8Array(64 * MiB), { onRomd: (r) => romd.push(r) }), romd };
}

test('CFI query: "QRY", Intel command set, 32 MiB per device, 256 blocks of 128 KiB, 2 KiB write buffer, both lanes alike', () => {
  const { f } = flash();
  f.write(0, 4, cmd(0x98));
  const word = (i: number): number => Number(f.read(4 * i, 4));
  for (let i = 0; i < 0x52; i++) assert.equal(word(i) >>> 16, word(i) & 0xffff, `word 0x${i.toString(16)} in both devices`);
  const b = (i: number): number => word(i) & 0xffff;
  assert.equal(String.fromCharCode(b(0x10), b(0x11), b(0x12)), 'QRY');
  assert.equal(b(0x13) | (b(0x14) << 8), 0x0001, 'primary vendor command set: Intel/Sharp extended');
  assert.equal(b(0x15) | (b(0x16) << 8), 0x31, 'primary extended table at 0x31');
  assert.equal(1 << b(0x27), 32 * MiB, 'device size 2^n');
  assert.equal(b(0x28) | (b(0x29) << 8), 2, 'x8/x16 interface');
  assert.equal(1 << (b(0x2a) | (b(0x2b) << 8)), 2048, 'write buffer bytes per device');
  assert.equal(b(0x2c), 1, 'one erase block region');
  assert.equal((b(0x2d) | (b(0x2e) << 8)) + 1, 256, 'blocks in the region');
  assert.equal((b(0x2f) | (b(0x30) << 8)) * 256, 128 * 1024, 'block size per device');
  assert.equal(String.fromCharCode(b(0x31), b(0x32), b(0x33), b(0x34), b(0x35)), 'PRI10');
  assert.equal(word(0x52), 0, 'beyond the table reads 0');
});

test('read identifier: manufacturer 0x89, device 0x18, block unlocked, in both 16-bit lanes', () => {
  const { f } = flash();
  f.write(0, 4, cmd(0x90));
  assert.deepEqual([f.read(0, 4), f.read(4, 4), f.read(8, 4), f.read(0, 2), f.read(0, 8)],
    [0x00890089n, 0x00180018n, 0n, 0x0089n, 0x00180018_00890089n]);
});

test('ROMD: the first command write leaves it (slot removed), read array returns to it (slot mapped again)', () => {
  const { f, romd } = flash();
  assert.equal(f.inRomd, true);
  f.write(0, 4, cmd(0x70));
  assert.deepEqual(romd, [false]);
  assert.equal(f.read(0, 4), BigInt(STATUS_READY | (STATUS_READY << 16)));
  f.write(0, 4, cmd(0xff));
  assert.deepEqual(romd, [false, true]);
  f.write(0, 4, cmd(0xff));
  assert.deepEqual(romd, [false, true], 'read array while in read array: no change to the slot');
  f.write(0, 4, cmd(0x40));
  f.write(0x10, 4, 0xcafef00dn);
  assert.deepEqual(romd, [false, true, false], 'after a program the device stays in status mode until read array');
  f.write(0, 4, cmd(0x00));
  assert.equal(f.read(0x10, 4), 0xcafef00dn);
  assert.equal(new DataView(f.storage.buffer).getUint32(0x10, true), 0xcafef00d, 'the data is in the storage the slot maps');
});

test('block erase fills its 256 KiB sector with 0xff at the 0x20 cycle, the confirm only completes it', () => {
  const { f } = flash();
  f.write(0x50000, 4, cmd(0x20));
  assert.equal(f.storage[0x40000], 0xff);
  assert.equal(f.storage[0x7ffff], 0xff);
  assert.equal(f.storage[0x80000], 0);
  assert.equal(f.storage[0x3ffff], 0);
  f.write(0x50000, 4, cmd(0xd0));
  f.write(0, 4, cmd(0xff));
  assert.equal(f.read(0x40000, 8), 0xffffffff_ffffffffn);
});

test('a flash size that is not whole sectors is refused', () => {
  assert.throws(() => new PflashCfi01(new Uint8Array(1000)), /not a multiple of 256 KiB/);
});
