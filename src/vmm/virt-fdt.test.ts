/**
 * The `virt` device tree: dtc accepts every variant without a warning, and the properties follow
 * QEMU 7.2's rules (hw/arm/virt.c, hw/arm/boot.c). test/system/virt-fdt-qemu.test.ts compares whole
 * trees with the ones qemu-system-aarch64 dumps.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findNode, findProp, readCells, readFdt, readStrings, writeFdt, type FdtNode } from './fdt.ts';
import { dtc } from './testing/dtc.ts';
import { chosenSeeds, virtFdt, type VirtFdtOptions } from './virt-fdt.ts';

const kvmMpidr = (i: number): bigint => (1n << 31n) | BigInt(i & 0xf) | (BigInt((i >> 4) & 0xff) << 8n);
const opts = (n: number, gic: 'v2' | 'v3', more: Partial<VirtFdtOptions> = {}): VirtFdtOptions => ({
  ramBase: 0x4000_0000n, ramSize: 0x2000_0000n, mpidrs: Array.from({ length: n }, (_, i) => kvmMpidr(i)), gic, ...more,
});
const cellsOf = (n: FdtNode | undefined, prop: string): number[] => readCells(findProp(n!, prop)!);

test('virt DTB: dtc accepts every variant (GIC v2/v3, 1..8 CPUs, kernel or firmware, seeds) without a warning', () => {
  for (const gic of ['v2', 'v3'] as const) {
    for (const n of [1, 2, 3, 8]) {
      for (const more of [{}, { flash: true }, { bootargs: 'console=ttyAMA0', initrd: { start: 0x4800_0000n, end: 0x4830_0005n }, seed: 7n }]) {
        const r = dtc(writeFdt(virtFdt(opts(n, gic, more))), 'dts');
        assert.equal(r.status, 0, r.err);
        assert.equal(r.err, '', `${gic} x${n} ${JSON.stringify(more, (_, v: unknown) => typeof v === 'bigint' ? String(v) : v)}`);
      }
    }
  }
});

test('virt DTB: CPUs named by index with reg = MPIDR affinity; enable-method psci only with more than one', () => {
  const one = virtFdt(opts(1, 'v3')).root;
  assert.equal(findProp(findNode(one, '/cpus/cpu@0')!, 'enable-method'), undefined);
  assert.deepEqual(cellsOf(findNode(one, '/cpus'), '#address-cells'), [1]);
  const many = virtFdt(opts(18, 'v3')).root;
  const c17 = findNode(many, '/cpus/cpu@17')!;
  assert.deepEqual(readCells(findProp(c17, 'reg')!), [0x101], 'Aff1 = 1, Aff0 = 1, bit 31 dropped');
  assert.deepEqual(readStrings(findProp(c17, 'enable-method')!), ['psci']);
  assert.deepEqual(readStrings(findProp(c17, 'compatible')!), ['arm,cortex-a57']);
  const core17 = findNode(many, '/cpus/cpu-map/socket0/cluster0/core17')!;
  assert.deepEqual(cellsOf(core17, 'cpu'), cellsOf(c17, 'phandle'));
  const aff3 = virtFdt({ ...opts(1, 'v3'), mpidrs: [0x1_0000_0000n] }).root;
  assert.deepEqual(cellsOf(findNode(aff3, '/cpus'), '#address-cells'), [2]);
  assert.deepEqual(cellsOf(findNode(aff3, '/cpus/cpu@0'), 'reg'), [1, 0]);
});

test('virt DTB: timer PPIs 13, 14, 11, 10 level-high, with the GICv2 CPU mask in bits 15:8', () => {
  const irqs = (n: number, gic: 'v2' | 'v3'): number[] => cellsOf(findNode(virtFdt(opts(n, gic)).root, '/timer'), 'interrupts');
  assert.deepEqual(irqs(2, 'v3'), [1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4]);
  assert.deepEqual(irqs(1, 'v2'), [1, 13, 0x104, 1, 14, 0x104, 1, 11, 0x104, 1, 10, 0x104]);
  assert.deepEqual(irqs(4, 'v2').filter((_, i) => i % 3 === 2), [0xf04, 0xf04, 0xf04, 0xf04]);
});

test('virt DTB: GIC v3 = distributor + one redistributor region, v2 = distributor + CPU interface; the root points at it', () => {
  const v3 = virtFdt(opts(2, 'v3')).root;
  const g3 = findNode(v3, '/intc@8000000')!;
  assert.deepEqual(readStrings(findProp(g3, 'compatible')!), ['arm,gic-v3']);
  assert.deepEqual(cellsOf(g3, 'reg'), [0, 0x800_0000, 0, 0x1_0000, 0, 0x80a_0000, 0, 0xf6_0000]);
  assert.deepEqual(cellsOf(g3, '#redistributor-regions'), [1]);
  assert.deepEqual(cellsOf(v3, 'interrupt-parent'), cellsOf(g3, 'phandle'));
  assert.equal(g3.children.length, 0, 'no ITS');
  const g2 = findNode(virtFdt(opts(2, 'v2')).root, '/intc@8000000')!;
  assert.deepEqual(readStrings(findProp(g2, 'compatible')!), ['arm,cortex-a15-gic']);
  assert.deepEqual(cellsOf(g2, 'reg'), [0, 0x800_0000, 0, 0x1_0000, 0, 0x801_0000, 0, 0x1_0000]);
  assert.equal(g2.children.length, 0, 'no v2m');
});

test('virt DTB: PL011 on SPI 1 with the 24 MHz apb-pclk as both clocks; stdout-path names it', () => {
  const root = virtFdt(opts(1, 'v3')).root;
  const uart = findNode(root, '/pl011@9000000')!;
  assert.deepEqual(cellsOf(uart, 'interrupts'), [0, 1, 4]);
  const clk = findNode(root, '/apb-pclk')!;
  assert.deepEqual(cellsOf(uart, 'clocks'), [...cellsOf(clk, 'phandle'), ...cellsOf(clk, 'phandle')]);
  assert.deepEqual(cellsOf(clk, 'clock-frequency'), [24_000_000]);
  assert.deepEqual(readStrings(findProp(findNode(root, '/chosen')!, 'stdout-path')!), ['/pl011@9000000']);
});

test('virt DTB /chosen: bootargs and initrd only when given, initrd as 32-bit cells; flash@0 only with firmware', () => {
  const bare = virtFdt(opts(1, 'v3')).root;
  assert.deepEqual(findNode(bare, '/chosen')!.props.map((p) => p.name), ['stdout-path']);
  assert.equal(findNode(bare, '/flash@0'), undefined);
  assert.equal(findProp(findNode(virtFdt(opts(1, 'v3', { bootargs: '' })).root, '/chosen')!, 'bootargs'), undefined);
  const k = findNode(virtFdt(opts(1, 'v3', { bootargs: 'quiet', initrd: { start: 0x4800_0000n, end: 0x4830_0005n } })).root, '/chosen')!;
  assert.deepEqual(readStrings(findProp(k, 'bootargs')!), ['quiet']);
  assert.deepEqual(cellsOf(k, 'linux,initrd-start'), [0x4800_0000]);
  assert.deepEqual(cellsOf(k, 'linux,initrd-end'), [0x4830_0005]);
  const flash = findNode(virtFdt(opts(1, 'v3', { flash: true })).root, '/flash@0')!;
  assert.deepEqual(cellsOf(flash, 'reg'), [0, 0, 0, 0x400_0000, 0, 0x400_0000, 0, 0x400_0000]);
  assert.deepEqual(cellsOf(flash, 'bank-width'), [4]);
});

test('virt DTB seeds: none without --seed; with one, 8-byte kaslr-seed and 32-byte rng-seed, the same for the same seed', () => {
  const chosen = (seed?: bigint): FdtNode => findNode(readFdt(writeFdt(virtFdt(opts(1, 'v3', { seed })))).root, '/chosen')!;
  assert.equal(findProp(chosen(), 'kaslr-seed'), undefined);
  assert.equal(findProp(chosen(), 'rng-seed'), undefined);
  const a = chosen(42n), b = chosen(42n), c = chosen(43n);
  assert.equal(findProp(a, 'kaslr-seed')!.value.length, 8);
  assert.equal(findProp(a, 'rng-seed')!.value.length, 32);
  assert.deepEqual(a, b);
  assert.notDeepEqual(findProp(a, 'kaslr-seed'), findProp(c, 'kaslr-seed'));
  assert.notDeepEqual([...chosenSeeds(42n).kaslr], [...chosenSeeds(42n).rng.subarray(0, 8)]);
});
