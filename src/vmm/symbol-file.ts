/**
 * A guest's symbols from a file of their own (`kvmdbg run --symbols`): a kernel's System.map (nm's
 * `ADDRESS TYPE NAME` lines, as scripts/mksysmap writes it; /proc/kallsyms has the same form, with an
 * optional `\t[module]`) or an AArch64 ELF with a .symtab (a vmlinux, a guest built with symbols).
 * The addresses are the link-time ones: a kernel that randomised its base (KASLR) runs them shifted by
 * the offset `monitor kaslr` finds.
 */
import { ElfError, readElfSymbols, type ElfSymbol } from './elf.ts';

/** A symbol file that cannot be used; the message names the problem (and the line, for a System.map). */
export class SymbolFileError extends Error {
  override name = 'SymbolFileError';
}

const STT_NOTYPE = 0;
const STT_OBJECT = 1;
const STT_FUNC = 2;

/** nm's type letter as an ELF symbol type: text is a function, data/rodata/bss an object, the rest untyped. */
function typeOfLetter(c: string): number {
  const l = c.toLowerCase();
  if (l === 't') return STT_FUNC;
  if (l === 'd' || l === 'b' || l === 'r' || l === 'g' || l === 's' || l === 'v') return STT_OBJECT;
  return STT_NOTYPE;
}

const LINE = /^([0-9a-fA-F]{1,16}) ([A-Za-z?-]) (\S+)(?:\t\[\S+\])?$/;

/** System.map text: every non-empty line must be `ADDRESS TYPE NAME`. Sizes are not in the format (0). */
export function parseSystemMap(text: string): ElfSymbol[] {
  const symbols: ElfSymbol[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') continue;
    const m = LINE.exec(line);
    if (!m) {
      const shown = line.length > 100 ? `${line.slice(0, 100)}...` : line;
      throw new SymbolFileError(`line ${i + 1} is not 'ADDRESS TYPE NAME' as in a System.map: ${JSON.stringify(shown)}`);
    }
    symbols.push({ name: m[3]!, value: BigInt(`0x${m[1]}`), size: 0n, type: typeOfLetter(m[2]!) });
  }
  if (!symbols.length) throw new SymbolFileError('no symbols in it (an empty System.map)');
  return symbols;
}

const isElf = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

/** The symbols of a System.map or an AArch64 ELF. Throws SymbolFileError naming the problem. */
export function parseSymbolFile(bytes: Uint8Array): ElfSymbol[] {
  if (isElf(bytes)) {
    try {
      return readElfSymbols(bytes);
    } catch (e) {
      if (e instanceof ElfError) throw new SymbolFileError(e.message);
      throw e;
    }
  }
  // a System.map is ASCII text; NULs or invalid UTF-8 mean some other binary file
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SymbolFileError('neither an ELF file nor a System.map (the file is binary, not text)');
  }
  if (text.includes('\0')) throw new SymbolFileError('neither an ELF file nor a System.map (the file is binary, not text)');
  return parseSystemMap(text);
}
