/**
 * The machine description and the Linux boot layout against QEMU 7.2 (`qemu-system-aarch64 -M virt
 * -cpu cortex-a57`), the independent oracle:
 *   - the device tree QEMU dumps (`-M virt,dumpdtb=FILE`) and the one kvmdbg generates are the same
 *     tree, node for node and property for property, order and phandles included, once QEMU's devices
 *     that kvmdbg does not model are taken out (listed below);
 *   - for `-kernel Image [-initrd]`, the boot stub QEMU writes at the RAM base (read with the monitor's
 *     `xp` before the first instruction) is byte for byte kvmdbg's, so the Image, initrd and DTB
 *     addresses agree, and vCPU0 starts at the same PC and PSTATE.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findNode, readFdt, writeFdt, type Fdt, type FdtNode } from '../../src/vmm/fdt.ts';
import { bootStub, linuxLayout } from '../../src/vmm/linux-boot.ts';
import { parseLinuxImage } from '../../src/vmm/linux-image.ts';
import { virtFdt, type GicVersion } from '../../src/vmm/virt-fdt.ts';

const work = mkdtempSync(join(tmpdir(), 'kvmdbg-virt-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

/** Devices of QEMU's virt board that kvmdbg does not model (top-level node names without unit address). */
const UNMODELLED = ['platform-bus', 'fw-cfg', 'virtio_mmio', 'gpio-keys', 'pl061', 'pcie', 'pl031', 'pmu'];

/** A synthetic Image: the 64-byte header and some code, as QEMU's loader reads it. */
function fakeImage(name: string, h: { textOffset: bigint; imageSize: bigint; flags?: bigint; len?: number }): string {
  const b = new Uint8Array(h.len ?? 8192);
  const dv = new DataView(b.buffer);
  dv.setUint32(0, 0x14000000, true); // b . (never run here)
  dv.setBigUint64(8, h.textOffset, true);
  dv.setBigUint64(16, h.imageSize, true);
  dv.setBigUint64(24, h.flags ?? 0xan, true);
  dv.setUint32(0x38, 0x644d5241, true);
  const path = join(work, name);
  writeFileSync(path, b);
  return path;
}

function fileOf(name: string, size: number): string {
  const path = join(work, name);
  writeFileSync(path, new Uint8Array(size).map((_, i) => (i * 37) & 0xff));
  return path;
}

function qemu(args: string[], input?: string): string {
  const r = spawnSync('qemu-system-aarch64', ['-cpu', 'cortex-a57', '-display', 'none', '-nic', 'none', ...args], {
    input, encoding: 'utf8', timeout: 60_000,
  });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

function qemuDtb(machine: string, args: string[]): Fdt {
  const out = join(work, 'qemu.dtb');
  qemu(['-M', `virt,${machine},dumpdtb=${out}`, ...args]);
  return readFdt(new Uint8Array(readFileSync(out)));
}

/** QEMU's tree without what kvmdbg does not model: the devices above, the ITS/v2m frames, and flash@0 when asked. */
function modelled(t: Fdt, keepFlash: boolean): Fdt {
  const root: FdtNode = {
    ...t.root,
    children: t.root.children
      .filter((c) => !UNMODELLED.includes(c.name.split('@')[0]!) && (keepFlash || c.name !== 'flash@0'))
      .map((c) => (c.name.startsWith('intc@') ? { ...c, children: [] } : c)),
  };
  return { ...t, root };
}

const ours = (o: Parameters<typeof virtFdt>[0]): Fdt => readFdt(writeFdt(virtFdt(o)));
const mpidrs = (n: number): bigint[] => Array.from({ length: n }, (_, i) => BigInt(i));
const MiB = 1024 * 1024;

describe('virt device tree: kvmdbg and qemu-system-aarch64 -M virt,dumpdtb', () => {
  const image = fakeImage('Image', { textOffset: 0n, imageSize: 0x2010000n });
  const initrd = fileOf('initrd', 3 * MiB + 5);
  for (const gic of ['v3', 'v2'] as GicVersion[]) {
    for (const smp of [1, 2, 4]) {
      const machine = `gic-version=${gic.slice(1)},its=off,dtb-randomness=off`;
      test(`GIC ${gic}, ${smp} CPU(s), -bios: the same tree (flash@0 included)`, () => {
        const q = qemuDtb(machine, ['-smp', String(smp), '-m', '512', '-bios', fileOf('bios', 4096)]);
        const k = ours({ ramBase: 0x4000_0000n, ramSize: 512n * BigInt(MiB), mpidrs: mpidrs(smp), gic, flash: true });
        assert.deepEqual(k, modelled(q, true));
      });
      test(`GIC ${gic}, ${smp} CPU(s), -kernel -initrd -append: the same tree, initrd where kvmdbg puts it`, () => {
        const ramSize = (smp === 2 ? 128n : 1024n) * BigInt(MiB);
        const q = qemuDtb(machine, ['-smp', String(smp), '-m', String(Number(ramSize) / MiB), '-kernel', image, '-initrd', initrd,
          '-append', 'console=ttyAMA0 quiet']);
        const layout = linuxLayout({ ramBase: 0x4000_0000n, ramSize, image: parseLinuxImage(readFileSync(image)), initrdSize: 3 * MiB + 5, dtbSize: 0x10000 });
        const k = ours({
          ramBase: 0x4000_0000n, ramSize, mpidrs: mpidrs(smp), gic, bootargs: 'console=ttyAMA0 quiet',
          initrd: { start: layout.initrdStart, end: layout.initrdEnd },
        });
        assert.deepEqual(k, modelled(q, false));
      });
    }
  }

  test('-kernel without -initrd or -append: /chosen has only stdout-path', () => {
    const q = qemuDtb('gic-version=3,its=off,dtb-randomness=off', ['-m', '256', '-kernel', image]);
    assert.deepEqual(ours({ ramBase: 0x4000_0000n, ramSize: 256n * BigInt(MiB), mpidrs: [0n], gic: 'v3' }), modelled(q, false));
  });

  test('with randomness on, QEMU writes an 8-byte kaslr-seed and a 32-byte rng-seed, as kvmdbg does with --seed', () => {
    const q = qemuDtb('gic-version=3,its=off', ['-m', '256', '-kernel', image]);
    const k = ours({ ramBase: 0x4000_0000n, ramSize: 256n * BigInt(MiB), mpidrs: [0n], gic: 'v3', seed: 1n });
    const shape = (t: Fdt): [string, number][] => findNode(t.root, '/chosen')!.props.map((p) => [p.name, p.value.length]);
    assert.deepEqual(shape(k), shape(q));
  });

  test('what is left out of QEMU\'s trees is exactly the unmodelled list (a new QEMU node fails this test)', () => {
    const left = new Set<string>();
    for (const extra of [['-bios', fileOf('bios', 4096)], ['-kernel', image]]) {
      const q = qemuDtb('gic-version=3', ['-smp', '2', '-m', '256', ...extra]);
      const kept = new Set(ours({ ramBase: 0x4000_0000n, ramSize: 256n * BigInt(MiB), mpidrs: [0n, 1n], gic: 'v3', flash: true, seed: 1n })
        .root.children.map((c) => c.name.split('@')[0]!));
      for (const c of q.root.children) if (!kept.has(c.name.split('@')[0]!)) left.add(c.name.split('@')[0]!);
      assert.deepEqual(findNode(q.root, '/intc@8000000')!.children.map((c) => c.name), ['its@8080000']);
    }
    assert.deepEqual([...left].sort(), [...UNMODELLED].sort());
  });
});

describe('Linux boot layout: the stub QEMU writes at the RAM base is kvmdbg\'s', () => {
  const cases: { name: string; image: { textOffset: bigint; imageSize: bigint; len?: number }; initrd: number; mem: number }[] = [
    { name: '6.1-like Image (text_offset 0), 3 MiB initrd, 512 MiB', image: { textOffset: 0n, imageSize: 0x2010000n }, initrd: 3 * MiB + 5, mem: 512 },
    { name: 'no initrd, 128 MiB (initrd point at RAM/2)', image: { textOffset: 0n, imageSize: 0x2010000n }, initrd: 0, mem: 128 },
    { name: 'text_offset 0x80000 (kept: at least 4 KiB)', image: { textOffset: 0x80000n, imageSize: 0x1000000n }, initrd: 4096, mem: 256 },
    { name: 'image_size 0 (before 3.17): text_offset 0x80000, size of the file', image: { textOffset: 0x200000n, imageSize: 0n, len: 3 * MiB }, initrd: 100, mem: 64 },
    { name: 'a kernel reaching past 128 MiB pushes the initrd up', image: { textOffset: 0n, imageSize: 0x9000000n }, initrd: 5000, mem: 512 },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const img = fakeImage(`Image-${c.mem}`, c.image);
      const args = ['-M', 'virt', '-m', String(c.mem), '-kernel', img, '-serial', 'none', '-monitor', 'stdio', '-S'];
      if (c.initrd) args.push('-initrd', fileOf('initrd', c.initrd));
      const out = qemu(args, 'xp /10wx 0x40000000\ninfo registers\nquit\n');
      const words = [...out.matchAll(/^00000000400000[0-2]0: ((?:0x[0-9a-f]{8} ?)+)/gm)].flatMap((m) => m[1]!.trim().split(' ').map(Number));
      const layout = linuxLayout({
        ramBase: 0x4000_0000n, ramSize: BigInt(c.mem * MiB), image: parseLinuxImage(readFileSync(img)), initrdSize: c.initrd, dtbSize: 0x10000,
      });
      const stub = new DataView(bootStub(layout.dtbAddr, layout.entry).buffer);
      assert.deepEqual(words, Array.from({ length: 10 }, (_, i) => stub.getUint32(4 * i, true)));
      assert.match(out, /PC=0000000040000000 X00=0000000000000000/);
      assert.match(out, /PSTATE=[0-9a-f]{4}03c5 .* EL1h/);
    });
  }
});
