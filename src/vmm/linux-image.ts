/**
 * The arm64 Linux `Image` header (Documentation/arm64/booting.rst, "Call the kernel image"; the
 * layout is arch/arm64/include/asm/image.h): 64 bytes at the start of the image, little-endian.
 *
 *   0x00 u32 code0, u32 code1   the first instructions (with CONFIG_EFI: "MZ" and a branch)
 *   0x08 u64 text_offset        load offset from a 2 MiB-aligned base
 *   0x10 u64 image_size         bytes the kernel occupies from there, BSS included (0 before 3.17)
 *   0x18 u64 flags              bit 0: big-endian; bits 2:1: page size 0 = unspecified, 1 = 4K,
 *                               2 = 16K, 3 = 64K; bit 3: may be placed anywhere in RAM
 *   0x20 u64 res2, res3, res4
 *   0x38 u32 magic              "ARM\x64"
 *   0x3c u32 res5               offset of the PE header (EFI)
 *
 * A gzip-compressed Image (Debian's vmlinuz has been one) is unpacked first, as QEMU's
 * load_aarch64_image() does: on arm64 decompression is the boot loader's job.
 */
import { createRequire } from 'node:module';

/** node:zlib, loaded by the first gzip-compressed Image: loading it took ~7 ms of every start, firmware and ELF guests included. */
const zlib = (): typeof import('node:zlib') => createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib');

export const ARM64_IMAGE_MAGIC = 0x644d5241;
export const IMAGE_HEADER_SIZE = 64;
/** QEMU's KERNEL64_LOAD_ADDR: the text_offset assumed when image_size is 0 (kernels before 3.17). */
export const LEGACY_TEXT_OFFSET = 0x80000n;
/** QEMU refuses to gunzip more than this (LOAD_IMAGE_MAX_GUNZIP_BYTES). */
export const MAX_GUNZIP_BYTES = 256 * 1024 * 1024;

export type PageSize = 'unspecified' | '4K' | '16K' | '64K';

export interface LinuxImage {
  /** The uncompressed Image bytes, copied to RAM as they are. */
  bytes: Uint8Array;
  textOffset: bigint;
  /**
   * Effective size from the header, or the file size when the header gives 0. A signed Image may carry
   * its signature after image_size bytes: the placement covers the larger of the two.
   */
  imageSize: bigint;
  flags: bigint;
  pageSize: PageSize;
  /** flags bit 3: the kernel may sit anywhere in RAM (else as close to its start as possible). */
  placeAnywhere: boolean;
  /** The file was gzip-compressed. */
  gzipped: boolean;
}

/** A file that cannot be booted as an arm64 Image; the message names the problem. */
export class ImageError extends Error {
  override name = 'ImageError';
}

const PAGE_SIZES: PageSize[] = ['unspecified', '4K', '16K', '64K'];

/** Is this a gzip stream (RFC 1952 magic 1f 8b, method 8)? */
export function isGzip(b: Uint8Array): boolean {
  return b.length >= 3 && b[0] === 0x1f && b[1] === 0x8b && b[2] === 8;
}

/**
 * Parse and validate an Image for this machine: little-endian (the vCPU runs little-endian guests),
 * a page size the Cortex-A57 implements (ID_AA64MMFR0_EL1: 4K and 64K granules, no 16K).
 */
export function parseLinuxImage(file: Uint8Array, what = 'kernel'): LinuxImage {
  let bytes = file;
  let gzipped = false;
  if (isGzip(file)) {
    try {
      bytes = new Uint8Array(zlib().gunzipSync(file, { maxOutputLength: MAX_GUNZIP_BYTES }));
    } catch (e) {
      throw new ImageError(`${what}: cannot gunzip: ${(e as Error).message}`);
    }
    gzipped = true;
  }
  if (bytes.length < IMAGE_HEADER_SIZE) throw new ImageError(`${what}: ${bytes.length} bytes is too short for an arm64 Image header (64 bytes)`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0x38, true) !== ARM64_IMAGE_MAGIC) {
    if (dv.getUint32(4, true) === 0x676d697a) throw new ImageError(`${what}: an EFI zboot image (compressed, "zimg"); give the uncompressed Image`);
    throw new ImageError(`${what}: not an arm64 Linux Image (no "ARM\\x64" magic at offset 0x38) and not an ELF file`);
  }
  let textOffset = dv.getBigUint64(0x08, true);
  let imageSize = dv.getBigUint64(0x10, true);
  const flags = dv.getBigUint64(0x18, true);
  if (imageSize === 0n) {
    // Before 3.17 text_offset is only meaningful with a non-zero image_size.
    textOffset = LEGACY_TEXT_OFFSET;
    imageSize = BigInt(bytes.length);
  }
  if (flags & 1n) throw new ImageError(`${what}: a big-endian kernel (flags bit 0); kvmdbg runs little-endian guests`);
  const pageSize = PAGE_SIZES[Number((flags >> 1n) & 3n)]!;
  if (pageSize === '16K') throw new ImageError(`${what}: built for 16K pages, which the Cortex-A57 does not implement (4K and 64K only)`);
  if (flags >> 4n) throw new ImageError(`${what}: reserved flag bits set (flags 0x${flags.toString(16)})`);
  if (textOffset % 4096n) throw new ImageError(`${what}: text_offset 0x${textOffset.toString(16)} is not 4 KiB aligned`);
  if (textOffset >= 1n << 32n || imageSize >= 1n << 32n) {
    throw new ImageError(`${what}: text_offset 0x${textOffset.toString(16)} or image_size 0x${imageSize.toString(16)} is implausibly large`);
  }
  return { bytes, textOffset, imageSize, flags, pageSize, placeAnywhere: (flags & 8n) !== 0n, gzipped };
}
