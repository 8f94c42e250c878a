/**
 * Where a direct Linux boot puts things in RAM, as QEMU 7.2 does for `-kernel Image [-initrd] [-dtb]`
 * (hw/arm/boot.c load_aarch64_image, arm_setup_direct_kernel_boot):
 *
 *   RAM base                      the boot stub (below), 40 bytes
 *   base + text_offset            the Image; a text_offset below 4 KiB (the stub's room) gets 2 MiB added,
 *                                 so 6.1 (text_offset 0) sits at base + 2 MiB
 *   base + min(RAM/2, 128 MiB)    the initrd, but not below the end of the image, 4 KiB aligned
 *   after the initrd, 2 MiB-aligned   the DTB (arm64 maps the FDT's 2 MiB block early)
 *
 * The entry state: Documentation/arm64/booting.rst wants x0 = the DTB's physical address, x1..x3 = 0,
 * the MMU off, D/A/I/F masked, at EL1 (or EL2). kvmdbg starts vCPU0 where QEMU does, at the stub at the
 * RAM base, which loads x0 and jumps to the Image (`bootloader_aarch64`): the guest then runs the
 * same first instructions and reaches the kernel with the same registers under kvmdbg and under QEMU,
 * so instruction counts and traces line up with the reference. (kvmtool and Firecracker set x0 and PC
 * directly; the kernel sees no difference beyond the 40 bytes below it.)
 */
import type { LinuxImage } from './linux-image.ts';

export const MiB = 1024n * 1024n;
/** QEMU's BOOTLOADER_MAX_SIZE: an Image asking for less offset than this is moved up 2 MiB. */
export const BOOTLOADER_MAX_SIZE = 4096n;

/** A placement QEMU would refuse; the message says what does not fit. */
export class BootLayoutError extends Error {
  override name = 'BootLayoutError';
}

export interface LinuxLayout {
  /** Where the Image is copied and where the stub jumps. */
  entry: bigint;
  /** First byte after the kernel (entry + image_size, or the file if longer). */
  imageEnd: bigint;
  initrdStart: bigint;
  /** initrdStart + the initrd's size (equal to initrdStart without an initrd). */
  initrdEnd: bigint;
  dtbAddr: bigint;
  /** The stub's address: the RAM base. */
  stubAddr: bigint;
}

const alignUp = (v: bigint, a: bigint): bigint => (v + a - 1n) / a * a;

export function linuxLayout(o: { ramBase: bigint; ramSize: bigint; image: LinuxImage; initrdSize: number; dtbSize: number }): LinuxLayout {
  const { ramBase, ramSize, image } = o;
  const ramEnd = ramBase + ramSize;
  const mib = (v: bigint): string => `${Number(v) / 2 ** 20} MiB`;
  let offset = image.textOffset;
  if (offset < BOOTLOADER_MAX_SIZE) offset += 2n * MiB;
  const entry = ramBase + offset;
  const size = image.imageSize > BigInt(image.bytes.length) ? image.imageSize : BigInt(image.bytes.length);
  const imageEnd = entry + size;
  if (imageEnd > ramEnd) {
    throw new BootLayoutError(`the kernel needs ${mib(imageEnd - ramBase)} from the start of RAM (text_offset + image_size), more than the ${mib(ramSize)} of RAM: raise --memory`);
  }
  let initrdStart = ramBase + (ramSize / 2n < 128n * MiB ? ramSize / 2n : 128n * MiB);
  if (imageEnd > initrdStart) initrdStart = imageEnd;
  initrdStart = alignUp(initrdStart, 4096n);
  const initrdEnd = initrdStart + BigInt(o.initrdSize);
  if (initrdEnd > ramEnd) throw new BootLayoutError(`the initrd (${o.initrdSize} bytes) does not fit in RAM after the kernel: raise --memory`);
  const dtbAddr = alignUp(initrdEnd, 2n * MiB);
  if (dtbAddr + BigInt(o.dtbSize) > ramEnd) throw new BootLayoutError('no room for the device tree after the kernel and initrd: raise --memory');
  return { entry, imageEnd, initrdStart, initrdEnd, dtbAddr, stubAddr: ramBase };
}

/**
 * QEMU's `bootloader_aarch64`: ldr x0, [dtb]; x1..x3 = 0; ldr x4, [entry]; br x4; then the two
 * 64-bit literals. Little-endian words.
 */
export function bootStub(dtbAddr: bigint, entry: bigint): Uint8Array {
  const words = [
    0x580000c0, // ldr x0, 0x18   (the DTB address)
    0xaa1f03e1, // mov x1, xzr
    0xaa1f03e2, // mov x2, xzr
    0xaa1f03e3, // mov x3, xzr
    0x58000084, // ldr x4, 0x20   (the entry)
    0xd61f0080, // br x4
    Number(dtbAddr & 0xffffffffn), Number(dtbAddr >> 32n),
    Number(entry & 0xffffffffn), Number(entry >> 32n),
  ];
  const out = new Uint8Array(4 * words.length);
  const dv = new DataView(out.buffer);
  words.forEach((w, i) => dv.setUint32(4 * i, w >>> 0, true));
  return out;
}
