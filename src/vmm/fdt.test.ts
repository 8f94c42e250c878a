/**
 * The DTB writer and reader against the Devicetree Specification v0.4 chapter 5 and against dtc
 * (Debian's device-tree-compiler), which must accept every blob written and write back the same tree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FDT_MAGIC, FdtError, cells, empty, findNode, node, readCells, readFdt, readStrings, str, strs, u32, writeFdt,
  type Fdt,
} from './fdt.ts';
import { dtc } from './testing/dtc.ts';

const sample = (): Fdt => ({
  root: node('', [u32('#address-cells', 2), u32('#size-cells', 2), str('compatible', 'linux,dummy-virt')], [
    node('memory@40000000', [str('device_type', 'memory'), cells('reg', [2, 0x4000_0000n], [2, 0x800_0000n])]),
    node('chosen', [str('bootargs', 'console=ttyAMA0 quiet'), u32('linux,initrd-start', 0x4800_0000)]),
    node('intc@8000000', [
      empty('interrupt-controller'), u32('#interrupt-cells', 3), u32('#address-cells', 2), u32('#size-cells', 2),
      empty('ranges'), cells('reg', [2, 0x800_0000n], [2, 0x1_0000n]), strs('compatible', 'arm,gic-v3'),
    ], [
      node('its@8080000', [empty('msi-controller'), cells('reg', [2, 0x808_0000n], [2, 0x2_0000n])]),
    ]),
  ]),
  memReserve: [{ address: 0x4000_0000n, size: 0x1000n }],
  bootCpuidPhys: 0,
});

test('FDT header: magic, version 17, last compatible 16, block offsets and sizes consistent', () => {
  const b = writeFdt(sample());
  const dv = new DataView(b.buffer);
  const h = (i: number): number => dv.getUint32(4 * i);
  assert.equal(h(0), FDT_MAGIC);
  assert.equal(h(1), b.length);
  assert.equal(h(4), 40, 'memory reservation block right after the 40-byte header');
  assert.equal(h(2), 40 + 16 * 2, 'structure block after one reservation and the terminator');
  assert.equal(h(3), h(2) + h(9), 'strings block right after the structure block');
  assert.equal(h(3) + h(8), b.length);
  assert.deepEqual([h(5), h(6), h(7)], [17, 16, 0]);
  assert.equal(dv.getBigUint64(40), 0x4000_0000n);
  assert.equal(dv.getBigUint64(48), 0x1000n);
  assert.equal(dv.getBigUint64(56) | dv.getBigUint64(64), 0n, 'terminator');
  // The structure block starts with FDT_BEGIN_NODE and the empty root name padded to 4 bytes, ends with FDT_END.
  assert.deepEqual([h(h(2) / 4), h(h(2) / 4 + 1)], [1, 0]);
  assert.equal(dv.getUint32(h(2) + h(9) - 4), 9);
});

test('FDT property encodings: cells big-endian, strings NUL-terminated, names shared in the strings block', () => {
  assert.deepEqual([...u32('x', 0x11223344).value], [0x11, 0x22, 0x33, 0x44]);
  assert.deepEqual([...cells('reg', [2, 0x1_0000_0002n], [1, 3]).value], [0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3]);
  assert.deepEqual([...strs('c', 'a', 'bc').value], [0x61, 0, 0x62, 0x63, 0]);
  assert.equal(empty('e').value.length, 0);
  assert.throws(() => cells('reg', [1, 0x1_0000_0000n]), /does not fit 1 cells/);
  assert.throws(() => u32('x', -1), /does not fit 32 bits/);
  const b = writeFdt({ root: node('', [u32('a', 1)], [node('n', [u32('a', 2)])]), memReserve: [], bootCpuidPhys: 0 });
  assert.equal(new DataView(b.buffer).getUint32(32), 2, 'the name "a" stored once');
});

test('FDT: dtc accepts the blob without warnings and writes back the same tree', () => {
  const fdt = sample();
  const text = dtc(writeFdt(fdt), 'dts');
  assert.equal(text.status, 0, text.err);
  assert.equal(text.err, '');
  assert.match(text.out.toString(), /\/memreserve\/\s+0x0000000040000000 0x0000000000001000;/);
  assert.match(text.out.toString(), /bootargs = "console=ttyAMA0 quiet";/);
  const again = dtc(writeFdt(fdt), 'dtb');
  assert.equal(again.status, 0, again.err);
  assert.deepEqual(readFdt(new Uint8Array(again.out)), fdt);
});

test('FDT reader: reads back what the writer wrote, skips FDT_NOP, finds nodes by path', () => {
  const fdt = sample();
  const b = writeFdt(fdt);
  assert.deepEqual(readFdt(b), fdt);
  const root = readFdt(b).root;
  assert.equal(findNode(root, '/memory')?.name, 'memory@40000000', 'a name without unit address matches one with');
  assert.equal(findNode(root, '/intc@8000000/its@8080000')?.name, 'its@8080000');
  assert.equal(findNode(root, '/nope'), undefined);
  assert.deepEqual(readCells(findNode(root, '/memory')!.props[1]!), [0, 0x4000_0000, 0, 0x800_0000]);
  assert.deepEqual(readStrings(findNode(root, '/chosen')!.props[0]!), ['console=ttyAMA0 quiet']);
  // Replace the root's first property (FDT_PROP len nameoff value = 4 words) with FDT_NOPs.
  const dv = new DataView(b.buffer);
  const s = dv.getUint32(8) + 8;
  for (let i = 0; i < 4; i++) dv.setUint32(s + 4 * i, 4);
  assert.deepEqual(readFdt(b).root.props.map((p) => p.name), ['#size-cells', 'compatible']);
});

test('FDT reader: a bad blob is refused with the reason', () => {
  const good = writeFdt(sample());
  const bad = (edit: (dv: DataView, b: Uint8Array) => Uint8Array | void): Uint8Array => {
    const b = good.slice();
    return edit(new DataView(b.buffer), b) ?? b;
  };
  const cases: [Uint8Array, RegExp][] = [
    [good.subarray(0, 20), /shorter than the 40-byte header/],
    [bad((dv) => dv.setUint32(0, 0xfeedd00d)), /magic 0xfeedd00d/],
    [good.subarray(0, good.length - 1), /totalsize \d+ is larger/],
    [bad((dv) => dv.setUint32(20, 15)), /version 15/],
    [bad((dv) => dv.setUint32(36, 0x10000)), /structure block .* outside/],
    [bad((dv) => dv.setUint32(dv.getUint32(8) + 8, 7)), /unknown token 0x7/],
    [bad((dv) => dv.setUint32(dv.getUint32(8) + 16, 0x7fff)), /name offset 32767 is outside/],
    [bad((dv) => dv.setUint32(dv.getUint32(8) + dv.getUint32(36) - 4, 2)), /FDT_END_NODE without a node/],
    [bad((dv) => dv.setUint32(36, dv.getUint32(36) - 4)), /ends without FDT_END/],
    [bad((dv) => dv.setUint32(dv.getUint32(8) + dv.getUint32(36) - 8, 4)), /FDT_END inside node ''/],
  ];
  for (const [blob, why] of cases) assert.throws(() => readFdt(blob), (e: unknown) => e instanceof FdtError && why.test(e.message), String(why));
});

test('FDT writer: bad names and duplicates are refused', () => {
  const one = (n: ReturnType<typeof node>): Fdt => ({ root: node('', [], [n]), memReserve: [], bootCpuidPhys: 0 });
  assert.throws(() => writeFdt(one(node('bad name'))), /bad node name 'bad name'/);
  assert.throws(() => writeFdt(one(node('n', [u32('bad=name', 1)]))), /bad property name/);
  assert.throws(() => writeFdt(one(node('n', [u32('a', 1), u32('a', 2)]))), /property 'a' twice/);
  assert.throws(() => writeFdt({ root: node('', [], [node('a'), node('a')]), memReserve: [], bootCpuidPhys: 0 }), /two children named 'a'/);
});
