/**
 * Writes minimal ELF64 little-endian AArch64 executables for tests: the header, one program header per
 * segment, the segment bytes, and optionally .symtab/.strtab with a section header table. The field
 * offsets are the System V gABI's (see elf.ts); tests corrupt the result to reach each loader error.
 */
export interface SegmentSpec {
  paddr: bigint;
  data: Uint8Array;
  memsz?: bigint;
  /** p_flags (default PF_R | PF_X = 5). */
  flags?: number;
}

export interface SymbolSpec {
  name: string;
  value: bigint;
  size?: bigint;
  /** STT_* (default STT_FUNC = 2). */
  type?: number;
}

/** Offsets of the parts of a built image, for tests that patch it. */
export interface BuiltElf {
  bytes: Uint8Array;
  phoff: number;
  shoff: number;
}

export function buildElf(entry: bigint, segments: SegmentSpec[], symbols: SymbolSpec[] = []): BuiltElf {
  const phoff = 64;
  let cursor = phoff + 56 * segments.length;
  const dataOffsets = segments.map((s) => {
    const at = cursor;
    cursor += s.data.length;
    return at;
  });
  // .strtab then .symtab, then section headers: [null, .symtab, .strtab]
  const names = [0];
  let strtab = [0];
  for (const s of symbols) {
    names.push(strtab.length);
    strtab = strtab.concat([...new TextEncoder().encode(s.name), 0]);
  }
  const strOff = cursor;
  cursor += strtab.length;
  cursor = (cursor + 7) & ~7;
  const symOff = cursor;
  cursor += 24 * (symbols.length + 1);
  const shoff = symbols.length ? cursor : 0;
  if (symbols.length) cursor += 64 * 3;

  const b = new Uint8Array(cursor);
  const v = new DataView(b.buffer);
  b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
  v.setUint16(16, 2, true);           // ET_EXEC
  v.setUint16(18, 183, true);         // EM_AARCH64
  v.setUint32(20, 1, true);
  v.setBigUint64(24, entry, true);
  v.setBigUint64(32, BigInt(phoff), true);
  v.setBigUint64(40, BigInt(shoff), true);
  v.setUint16(52, 64, true);
  v.setUint16(54, 56, true);
  v.setUint16(56, segments.length, true);
  v.setUint16(58, 64, true);
  v.setUint16(60, symbols.length ? 3 : 0, true);
  segments.forEach((s, i) => {
    const o = phoff + 56 * i;
    v.setUint32(o, 1, true);          // PT_LOAD
    v.setUint32(o + 4, s.flags ?? 5, true);
    v.setBigUint64(o + 8, BigInt(dataOffsets[i]!), true);
    v.setBigUint64(o + 16, s.paddr, true);
    v.setBigUint64(o + 24, s.paddr, true);
    v.setBigUint64(o + 32, BigInt(s.data.length), true);
    v.setBigUint64(o + 40, s.memsz ?? BigInt(s.data.length), true);
    v.setBigUint64(o + 48, 0x10000n, true);
    b.set(s.data, dataOffsets[i]!);
  });
  if (symbols.length) {
    b.set(strtab, strOff);
    symbols.forEach((s, i) => {
      const o = symOff + 24 * (i + 1);
      v.setUint32(o, names[i + 1]!, true);
      v.setUint8(o + 4, (1 << 4) | (s.type ?? 2));   // STB_GLOBAL
      v.setUint16(o + 6, 1, true);
      v.setBigUint64(o + 8, s.value, true);
      v.setBigUint64(o + 16, s.size ?? 0n, true);
    });
    const sh = (i: number, type: number, off: number, size: number, link: number, entsize: number): void => {
      const o = shoff + 64 * i;
      v.setUint32(o + 4, type, true);
      v.setBigUint64(o + 24, BigInt(off), true);
      v.setBigUint64(o + 32, BigInt(size), true);
      v.setUint32(o + 40, link, true);
      v.setBigUint64(o + 56, BigInt(entsize), true);
    };
    sh(1, 2, symOff, 24 * (symbols.length + 1), 2, 24);   // SHT_SYMTAB, link -> .strtab
    sh(2, 3, strOff, strtab.length, 0, 0);                 // SHT_STRTAB
  }
  return { bytes: b, phoff, shoff };
}

/** Little-endian bytes of A64 instruction words. */
export function words(...ws: number[]): Uint8Array {
  const b = new Uint8Array(4 * ws.length);
  const v = new DataView(b.buffer);
  ws.forEach((w, i) => v.setUint32(4 * i, w >>> 0, true));
  return b;
}
