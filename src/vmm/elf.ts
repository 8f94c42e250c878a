/**
 * ELF64 loader for bare AArch64 guests (System V gABI "ELF-64 Object File Format" and the AArch64 ELF
 * supplement): validates every header field it uses and refuses anything it cannot load faithfully.
 *
 * Layout of the parts read here (all little-endian, since only ELFDATA2LSB is accepted):
 *
 *   Elf64_Ehdr (64 bytes)               Elf64_Phdr (56 bytes)        Elf64_Shdr (64 bytes)   Elf64_Sym (24)
 *   0  e_ident[16]                      0  p_type   u32              0  sh_name   u32        0  st_name  u32
 *   16 e_type u16   18 e_machine u16    4  p_flags  u32              4  sh_type   u32        4  st_info  u8
 *   20 e_version u32                    8  p_offset u64              24 sh_offset u64        5  st_other u8
 *   24 e_entry u64                      16 p_vaddr  u64              32 sh_size   u64        6  st_shndx u16
 *   32 e_phoff u64  40 e_shoff u64      24 p_paddr  u64              40 sh_link   u32        8  st_value u64
 *   52 e_ehsize u16 54 e_phentsize u16  32 p_filesz u64              56 sh_entsize u64       16 st_size  u64
 *   56 e_phnum u16  58 e_shentsize u16  40 p_memsz  u64
 *   60 e_shnum u16  62 e_shstrndx u16
 *
 * Segments are placed at p_paddr, as QEMU's `-kernel` ELF loader does (with the MMU off the guest runs on
 * physical addresses; our guests link with p_vaddr == p_paddr).
 */

export const EM_AARCH64 = 183;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const PT_LOAD = 1;
export const SHT_SYMTAB = 2;

const EHDR_SIZE = 64;
const PHDR_SIZE = 56;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;

/** A guest ELF that cannot be loaded; the message names the field and the value. */
export class ElfError extends Error {
  override name = 'ElfError';
}

export interface ElfSegment {
  /** Guest physical address (p_paddr). */
  paddr: bigint;
  /** Bytes taken from the file (p_filesz of them); the rest up to memsz is zero. */
  data: Uint8Array;
  memsz: bigint;
  flags: number;
}

export interface ElfSymbol {
  name: string;
  value: bigint;
  size: bigint;
  /** STT_* from st_info (0 NOTYPE, 1 OBJECT, 2 FUNC, 3 SECTION, 4 FILE). */
  type: number;
}

export interface ElfImage {
  entry: bigint;
  segments: ElfSegment[];
  /** Named symbols from .symtab (empty when the file is stripped). */
  symbols: ElfSymbol[];
}

/** Where the image must fit: [base, base + size). */
export interface RamWindow {
  base: bigint;
  size: bigint;
}

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

/** e_machine values of the architectures a wrong file is most likely built for (ELF gABI, elf.h EM_*). */
const MACHINE_NAMES: Readonly<Record<number, string>> = Object.freeze({
  2: 'SPARC', 3: 'x86 (i386)', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC 64', 22: 's390', 40: '32-bit Arm', 43: 'SPARC V9',
  50: 'IA-64', 62: 'x86-64', 183: 'AArch64', 243: 'RISC-V', 258: 'LoongArch',
});

class Reader {
  readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  /** Throws unless [off, off+len) lies inside the file. */
  need(off: bigint, len: bigint, what: string): number {
    if (off < 0n || len < 0n || off + len > BigInt(this.bytes.length)) {
      throw new ElfError(`${what} (offset ${hex(off)}, ${len} bytes) lies outside the file (${this.bytes.length} bytes): truncated or corrupt ELF`);
    }
    return Number(off);
  }
  u8(o: number): number { return this.view.getUint8(o); }
  u16(o: number): number { return this.view.getUint16(o, true); }
  u32(o: number): number { return this.view.getUint32(o, true); }
  u64(o: number): bigint { return this.view.getBigUint64(o, true); }
}

/** The ELF identification and e_machine every file kvmdbg reads must have: ELF64, little-endian, AArch64. */
function checkIdent(bytes: Uint8Array): Reader {
  const r = new Reader(bytes);
  if (bytes.length < 4 || bytes[0] !== 0x7f || bytes[1] !== 0x45 || bytes[2] !== 0x4c || bytes[3] !== 0x46) {
    throw new ElfError('not an ELF file (bad magic; expected 7f 45 4c 46)');
  }
  r.need(0n, BigInt(EHDR_SIZE), 'ELF header');
  if (r.u8(4) !== 2) throw new ElfError(`EI_CLASS is ${r.u8(4)}; only ELFCLASS64 (2) guests are supported`);
  if (r.u8(5) !== 1) throw new ElfError(`EI_DATA is ${r.u8(5)}; only little-endian (ELFDATA2LSB, 1) guests are supported`);
  if (r.u8(6) !== 1) throw new ElfError(`EI_VERSION is ${r.u8(6)}; expected EV_CURRENT (1)`);
  // what the file is built for comes before how it is linked: an x86-64 PIE is first of all not AArch64
  const machine = r.u16(18);
  if (machine !== EM_AARCH64) {
    const arch = Object.hasOwn(MACHINE_NAMES, machine) ? MACHINE_NAMES[machine]! : 'another architecture';
    throw new ElfError(`an ELF for ${arch} (e_machine ${machine}), not AArch64 (${EM_AARCH64}): kvmdbg runs AArch64 guests`);
  }
  return r;
}

/**
 * The .symtab of an AArch64 ELF that is not loaded, only read for its names: an executable or a
 * relocatable kernel's vmlinux (ET_DYN, linked -shared for KASLR). Throws ElfError for a bad file or
 * one without a symbol table.
 */
export function readElfSymbols(bytes: Uint8Array): ElfSymbol[] {
  const r = checkIdent(bytes);
  const type = r.u16(16);
  if (type !== ET_EXEC && type !== ET_DYN) throw new ElfError(`e_type is ${type}; expected an executable (ET_EXEC 2) or a vmlinux (ET_DYN 3)`);
  const shoff = r.u64(40);
  const shnum = r.u16(60);
  const symbols = shnum > 0 && shoff !== 0n ? readSymbols(r, shoff, shnum, r.u16(58)) : [];
  if (!symbols.length) throw new ElfError('the file has no symbol table (.symtab): it is stripped');
  return symbols;
}

/** Parse and validate an ELF64 AArch64 executable, checking that its PT_LOAD segments fit `ram`. */
export function parseElf(bytes: Uint8Array, ram: RamWindow): ElfImage {
  const r = checkIdent(bytes);
  const type = r.u16(16);
  if (type !== ET_EXEC) throw new ElfError(`e_type is ${type}; only ET_EXEC (2) executables can be loaded (link with -static, no PIE)`);
  const entry = r.u64(24);
  const phoff = r.u64(32);
  const shoff = r.u64(40);
  const phentsize = r.u16(54);
  const phnum = r.u16(56);
  const shentsize = r.u16(58);
  const shnum = r.u16(60);

  if (phnum === 0) throw new ElfError('e_phnum is 0: the file has no program headers to load');
  if (phentsize !== PHDR_SIZE) throw new ElfError(`e_phentsize is ${phentsize}; expected ${PHDR_SIZE}`);
  r.need(phoff, BigInt(phnum * PHDR_SIZE), `program header table (e_phoff ${hex(phoff)}, e_phnum ${phnum})`);

  const segments = readSegments(r, Number(phoff), phnum, ram);
  if (!segments.some((s) => s.flags & 1 && entry >= s.paddr && entry < s.paddr + s.memsz)) {
    throw new ElfError(`entry point ${hex(entry)} is not inside an executable PT_LOAD segment`);
  }
  if (entry & 3n) throw new ElfError(`entry point ${hex(entry)} is not 4-byte aligned`);

  const symbols = shnum > 0 && shoff !== 0n ? readSymbols(r, shoff, shnum, shentsize) : [];
  return { entry, segments, symbols };
}

function readSegments(r: Reader, phoff: number, phnum: number, ram: RamWindow): ElfSegment[] {
  const segments: ElfSegment[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * PHDR_SIZE;
    if (r.u32(o) !== PT_LOAD) continue;
    const flags = r.u32(o + 4);
    const offset = r.u64(o + 8);
    const paddr = r.u64(o + 24);
    const filesz = r.u64(o + 32);
    const memsz = r.u64(o + 40);
    const what = `PT_LOAD segment ${i}`;
    if (filesz > memsz) throw new ElfError(`${what}: p_filesz ${hex(filesz)} is larger than p_memsz ${hex(memsz)}`);
    const start = r.need(offset, filesz, `${what} file data`);
    if (memsz === 0n) continue;
    if (paddr < ram.base || paddr + memsz > ram.base + ram.size) {
      throw new ElfError(`${what} [${hex(paddr)}, ${hex(paddr + memsz)}) is outside guest RAM ` +
        `[${hex(ram.base)}, ${hex(ram.base + ram.size)}); link the guest at ${hex(ram.base)} or raise --memory`);
    }
    for (const s of segments) {
      if (paddr < s.paddr + s.memsz && s.paddr < paddr + memsz) {
        throw new ElfError(`${what} [${hex(paddr)}, ${hex(paddr + memsz)}) overlaps the segment at ` +
          `[${hex(s.paddr)}, ${hex(s.paddr + s.memsz)})`);
      }
    }
    segments.push({ paddr, data: r.bytes.subarray(start, start + Number(filesz)), memsz, flags });
  }
  if (segments.length === 0) throw new ElfError('the file has no non-empty PT_LOAD segment');
  return segments;
}

function readSymbols(r: Reader, shoff: bigint, shnum: number, shentsize: number): ElfSymbol[] {
  if (shentsize !== SHDR_SIZE) throw new ElfError(`e_shentsize is ${shentsize}; expected ${SHDR_SIZE}`);
  const base = r.need(shoff, BigInt(shnum * SHDR_SIZE), `section header table (e_shoff ${hex(shoff)}, e_shnum ${shnum})`);
  const symbols: ElfSymbol[] = [];
  for (let i = 0; i < shnum; i++) {
    const sh = base + i * SHDR_SIZE;
    if (r.u32(sh + 4) !== SHT_SYMTAB) continue;
    const off = r.u64(sh + 24);
    const size = r.u64(sh + 32);
    const link = r.u32(sh + 40);
    const entsize = r.u64(sh + 56);
    if (entsize !== BigInt(SYM_SIZE)) throw new ElfError(`.symtab sh_entsize is ${entsize}; expected ${SYM_SIZE}`);
    if (link >= shnum) throw new ElfError(`.symtab sh_link ${link} names no section (e_shnum ${shnum})`);
    const symStart = r.need(off, size, '.symtab');
    const strSh = base + link * SHDR_SIZE;
    const strStart = r.need(r.u64(strSh + 24), r.u64(strSh + 32), '.strtab');
    const strEnd = strStart + Number(r.u64(strSh + 32));
    const count = Number(size / BigInt(SYM_SIZE));
    for (let k = 1; k < count; k++) {
      const s = symStart + k * SYM_SIZE;
      const nameOff = r.u32(s);
      if (nameOff === 0) continue;
      if (strStart + nameOff >= strEnd) throw new ElfError(`symbol ${k}: st_name ${nameOff} is outside .strtab`);
      let end = strStart + nameOff;
      while (end < strEnd && r.bytes[end] !== 0) end++;
      const name = new TextDecoder().decode(r.bytes.subarray(strStart + nameOff, end));
      symbols.push({ name, value: r.u64(s + 8), size: r.u64(s + 16), type: r.u8(s + 4) & 0xf });
    }
  }
  return symbols;
}

/** Copy the image's segments into guest RAM (`ram[0]` is at `window.base`), zero-filling p_memsz beyond p_filesz. */
export function loadElfInto(image: ElfImage, ram: Uint8Array, window: RamWindow): void {
  for (const s of image.segments) {
    const off = Number(s.paddr - window.base);
    ram.set(s.data, off);
    ram.fill(0, off + s.data.length, off + Number(s.memsz));
  }
}

/** Find a symbol by name: functions and objects first, then any other named symbol. */
export function findSymbol(image: ElfImage, name: string): ElfSymbol | undefined {
  return image.symbols.find((s) => s.name === name && (s.type === 1 || s.type === 2)) ??
    image.symbols.find((s) => s.name === name && s.type !== 3 && s.type !== 4);
}
