/**
 * The offset an arm64 Linux kernel chose for its image (KASLR), from what a VMM can read: VBAR_EL1
 * through KVM_GET_ONE_REG and guest memory through the vCPU's stage-1 tables, against the link-time
 * addresses of a System.map or vmlinux.
 *
 * Once running, the kernel's VBAR_EL1 holds its exception vectors: `vectors`, or on CPUs it mitigates
 * against Spectre-BHB one 2 KiB slot of `__bp_harden_el1_vectors` (arch/arm64/kernel/entry.S,
 * proton-pack.c this_cpu_set_vectors). The image is mapped on a 64 KiB boundary plus a multiple of
 * 2 MiB (head.S records the offset as the image's physical placement modulo 2 MiB OR'd with the
 * randomised part; EFI places the image 64 KiB-aligned), so VBAR_EL1 minus a table's link address,
 * 64 KiB-aligned, is a candidate; the candidate is then checked in memory: `linux_banner` + offset
 * reads "Linux version ", and `_text` + offset holds the Image header ("ARM\x64" at +0x38) where that
 * page is still mapped (only the early tables map it; paging_init maps the image from `_stext` on).
 * Under KPTI, while the vCPU is at EL0, VBAR_EL1 holds the trampoline's fixmap alias instead, which
 * says nothing about the image: the offset is found at the next stop in the kernel.
 */
import { findSymbol, type ElfSymbol } from './elf.ts';

/** What the computation reads from a stopped vCPU. */
export interface KaslrReader {
  /** VBAR_EL1 (KVM_GET_ONE_REG), or undefined when the kernel does not offer it. */
  vbar(): bigint | undefined;
  /** `len` bytes at a virtual address of the vCPU, or undefined when it is not mapped. */
  read(va: bigint, len: number): Uint8Array | undefined;
}

export type KaslrResult =
  | {
    ok: true;
    offset: bigint;
    vbar: bigint;
    /** The vector table VBAR_EL1 points into, e.g. `vectors` or `__bp_harden_el1_vectors+0x800`. */
    table: string;
    /** What was read in memory to confirm the offset, one line each. */
    checks: string[];
  }
  | { ok: false; message: string };

/** The vector tables VBAR_EL1 may hold, with their number of 2 KiB slots. */
const VECTOR_TABLES: ReadonlyArray<readonly [string, number]> = [['vectors', 1], ['__bp_harden_el1_vectors', 4]];
const SLOT = 0x800n;
const IMAGE_ALIGN = 0x1_0000n;
const IMAGE_MAGIC = [0x41, 0x52, 0x4d, 0x64];                  // "ARM\x64" at offset 0x38 of the Image header
const BANNER = 'Linux version ';

const hex = (v: bigint): string => `0x${v.toString(16)}`;
const M64 = (1n << 64n) - 1n;

/** The checks a candidate offset must pass, each a line of text, or a reason it fails. */
function check(symbols: ElfSymbol[], r: KaslrReader, offset: bigint): { ok: true; lines: string[] } | { ok: false } {
  const lines: string[] = [];
  const banner = findSymbol({ entry: 0n, segments: [], symbols }, 'linux_banner');
  if (banner) {
    const b = r.read((banner.value + offset) & M64, 96);
    const s = b ? new TextDecoder('latin1').decode(b) : '';
    if (!s.startsWith(BANNER)) return { ok: false };
    const shown = s.slice(0, s.search(/[\0\n]|$/)).slice(0, 80);
    lines.push(`linux_banner ${hex(banner.value)} + offset reads "${shown}"`);
  }
  // the header page before _stext is mapped only by the early tables (paging_init maps from _stext on)
  const text = findSymbol({ entry: 0n, segments: [], symbols }, '_text');
  if (text) {
    const b = r.read((text.value + offset + 0x38n) & M64, 4);
    if (b && IMAGE_MAGIC.some((v, i) => b[i] !== v)) return { ok: false };
    if (b) lines.push(`_text ${hex(text.value)} + offset holds the Image header ("ARM\\x64" at +0x38)`);
  }
  return lines.length ? { ok: true, lines } : { ok: false };
}

/** The KASLR offset of the kernel whose symbols these are, or why it cannot be told now. */
export function findKaslrOffset(symbols: ElfSymbol[], r: KaslrReader): KaslrResult {
  const image = { entry: 0n, segments: [], symbols };
  const tables = VECTOR_TABLES.flatMap(([name, slots]) => {
    const s = findSymbol(image, name);
    return s ? Array.from({ length: slots }, (_, k) => ({ name: k ? `${name}+${hex(SLOT * BigInt(k))}` : name, addr: s.value + SLOT * BigInt(k) })) : [];
  });
  if (!tables.length) return { ok: false, message: 'the symbols have no vector table (vectors): not an arm64 Linux System.map or vmlinux' };
  if (!findSymbol(image, '_text') && !findSymbol(image, 'linux_banner')) {
    return { ok: false, message: 'the symbols have neither _text nor linux_banner, so no offset could be checked in memory' };
  }
  const vbar = r.vbar();
  if (vbar === undefined) return { ok: false, message: 'VBAR_EL1 cannot be read (KVM_GET_ONE_REG fails on this kernel)' };
  const candidates = tables.filter((t) => vbar >= t.addr && (vbar - t.addr) % IMAGE_ALIGN === 0n);
  if (!candidates.length) {
    return {
      ok: false,
      message: `VBAR_EL1 ${hex(vbar)} is not the kernel's vectors at any image offset: the kernel has not set it yet ` +
        '(it does early in start-up, in __primary_switched), or the vCPU is at EL0 behind the KPTI trampoline; stop it in the kernel and ask again',
    };
  }
  for (const t of candidates) {
    const offset = vbar - t.addr;
    const c = check(symbols, r, offset);
    if (c.ok) return { ok: true, offset, vbar, table: t.name, checks: c.lines };
  }
  const t = candidates[0]!;
  return {
    ok: false,
    message: `VBAR_EL1 ${hex(vbar)} would put ${t.name} at offset ${hex(vbar - t.addr)}, but memory there does not hold ` +
      'this kernel (no Image header at _text, no "Linux version" at linux_banner): the symbols belong to another build',
  };
}

/** `monitor kaslr`'s text for a result. */
export function formatKaslr(res: KaslrResult): string {
  if (!res.ok) return `KASLR offset unknown: ${res.message}\n`;
  const lines = [
    res.offset === 0n
      ? `KASLR offset 0: the kernel runs at its link addresses (nokaslr, or no kaslr-seed and no RNDR)`
      : `KASLR offset ${hex(res.offset)}: add it to the addresses of System.map or vmlinux`,
    `  VBAR_EL1 ${hex(res.vbar)} = ${res.table} + ${hex(res.offset)}`,
    ...res.checks.map((c) => `  ${c}`),
  ];
  if (res.offset !== 0n) lines.push(`  gdb: add-symbol-file vmlinux -o ${hex(res.offset)}`);
  return `${lines.join('\n')}\n`;
}
