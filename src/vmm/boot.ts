/**
 * What goes where before the first instruction, for the two ways QEMU boots `virt` that kvmdbg offers
 * besides a bare ELF (hw/arm/boot.c):
 *
 *   - direct Linux boot (`--kernel Image [--initrd] [--append] [--dtb]`): Image, initrd and DTB in RAM
 *     as linux-boot.ts places them, QEMU's stub at the RAM base, vCPU0 at the stub;
 *   - firmware (`--bios FILE`): the file at the start of flash0, the DTB at the RAM base (where U-Boot's
 *     qemu-arm board looks for it), vCPU0 at address 0 with x0 = 0.
 *
 * The DTB is the generated `virt` tree, or a given one with /memory, /chosen/bootargs and the initrd
 * range set as QEMU's load_dtb() does.
 */
import { cells, findNode, findProp, readCells, readFdt, setProp, str, u32, writeFdt, FdtError } from './fdt.ts';
import { bootStub, linuxLayout, type LinuxLayout } from './linux-boot.ts';
import { parseLinuxImage } from './linux-image.ts';
import { virtFdt, type GicVersion } from './virt-fdt.ts';
import { FLASH_BANK_SIZE } from './virt.ts';

export interface GuestWrite {
  addr: bigint;
  bytes: Uint8Array;
}

export interface BootPlan {
  /** Bytes to put in RAM. */
  ram: GuestWrite[];
  /** The firmware image for the start of flash0 (firmware boot only). */
  flash0?: Uint8Array;
  pc: bigint;
  /** Where the DTB went. */
  dtbAddr: bigint;
  dtb: Uint8Array;
  /** Direct Linux boot only. */
  layout?: LinuxLayout;
}

export interface MachineShape {
  ramBase: bigint;
  ramSize: bigint;
  /** MPIDR_EL1 of each vCPU. */
  mpidrs: bigint[];
  gic: GicVersion;
  /** /chosen kaslr-seed and rng-seed from this number; none without it. */
  seed?: bigint;
}

/** A boot that cannot be set up (bad DTB, no room); the message says why. */
export class BootError extends Error {
  override name = 'BootError';
}

/** QEMU's load_dtb() changes to a DTB given by the user. */
function adaptUserDtb(blob: Uint8Array, m: MachineShape, bootargs: string | undefined, initrd: { start: bigint; end: bigint } | undefined): Uint8Array {
  let fdt;
  try {
    fdt = readFdt(blob);
  } catch (e) {
    if (e instanceof FdtError) throw new BootError(`--dtb: ${e.message}`);
    throw e;
  }
  const cellCount = (name: string): number => {
    const p = findProp(fdt.root, name);
    const v = p && p.value.length === 4 ? readCells(p)[0]! : 0;
    if (v === 0 || v > 2) throw new BootError(`--dtb: the root node's ${name} must be 1 or 2`);
    return v;
  };
  const ac = cellCount('#address-cells'), sc = cellCount('#size-cells');
  const memory = findNode(fdt.root, '/memory');
  if (!memory) throw new BootError('--dtb: the tree has no /memory node to describe the RAM in');
  try {
    setProp(memory, cells('reg', [ac, m.ramBase], [sc, m.ramSize]));
  } catch {
    throw new BootError(`--dtb: the RAM (0x${m.ramSize.toString(16)} bytes at 0x${m.ramBase.toString(16)}) does not fit the root's cell sizes`);
  }
  if (bootargs || initrd) {
    const chosen = findNode(fdt.root, '/chosen');
    if (!chosen) throw new BootError('--dtb: the tree has no /chosen node for the command line and initrd');
    if (bootargs) setProp(chosen, str('bootargs', bootargs));
    if (initrd) {
      setProp(chosen, u32('linux,initrd-start', initrd.start));
      setProp(chosen, u32('linux,initrd-end', initrd.end));
    }
  }
  return writeFdt(fdt);
}

export interface LinuxBootFiles {
  kernel: Uint8Array;
  initrd?: Uint8Array;
  append?: string;
  /** A DTB to use instead of the generated tree. */
  dtb?: Uint8Array;
}

/** Direct Linux boot. Throws ImageError for a bad Image, BootLayoutError or BootError otherwise. */
export function planLinuxBoot(m: MachineShape, f: LinuxBootFiles): BootPlan {
  const image = parseLinuxImage(f.kernel);
  const initrdSize = f.initrd?.length ?? 0;
  const pre = linuxLayout({ ramBase: m.ramBase, ramSize: m.ramSize, image, initrdSize, dtbSize: 0 });
  const initrd = f.initrd ? { start: pre.initrdStart, end: pre.initrdEnd } : undefined;
  const dtb = f.dtb
    ? adaptUserDtb(f.dtb, m, f.append, initrd)
    : writeFdt(virtFdt({ ramBase: m.ramBase, ramSize: m.ramSize, mpidrs: m.mpidrs, gic: m.gic, bootargs: f.append, initrd, seed: m.seed }));
  const layout = linuxLayout({ ramBase: m.ramBase, ramSize: m.ramSize, image, initrdSize, dtbSize: dtb.length });
  const ram: GuestWrite[] = [
    { addr: layout.stubAddr, bytes: bootStub(layout.dtbAddr, layout.entry) },
    { addr: layout.entry, bytes: image.bytes },
    { addr: layout.dtbAddr, bytes: dtb },
  ];
  if (f.initrd) ram.push({ addr: layout.initrdStart, bytes: f.initrd });
  return { ram, pc: layout.stubAddr, dtbAddr: layout.dtbAddr, dtb, layout };
}

/** Firmware boot from flash0. */
export function planFirmwareBoot(m: MachineShape, bios: Uint8Array): BootPlan {
  if (bios.length === 0) throw new BootError('--bios: the firmware file is empty');
  if (BigInt(bios.length) > FLASH_BANK_SIZE) throw new BootError(`--bios: ${bios.length} bytes do not fit the 64 MiB flash`);
  const dtb = writeFdt(virtFdt({ ramBase: m.ramBase, ramSize: m.ramSize, mpidrs: m.mpidrs, gic: m.gic, flash: true, seed: m.seed }));
  if (BigInt(dtb.length) > m.ramSize) throw new BootError('no room for the device tree in RAM');
  return { ram: [{ addr: m.ramBase, bytes: dtb }], flash0: bios, pc: 0n, dtbAddr: m.ramBase, dtb };
}
