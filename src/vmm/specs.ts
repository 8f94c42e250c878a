/**
 * Breakpoint and watchpoint locations as a user writes them: `0x40080010`, `1074266128`, `main`,
 * `main+8`, and for watchpoints `ADDR|SYMBOL[:LEN][:r|w|rw]`. Symbols come from the guest ELF's .symtab.
 * Every problem throws an Error whose message names the input and what is wrong.
 */
import type { WatchKind } from './debug-api.ts';
import { findSymbol, type ElfImage } from './elf.ts';

const MAX_ADDR = (1n << 64n) - 1n;
const NUMBER = /^(0[xX][0-9a-fA-F]+|[0-9]+)$/;

/** A guest address: a number (hex with 0x, or decimal), or SYMBOL[+OFFSET]. */
export function parseLocation(text: string, image: ElfImage | undefined): { addr: bigint; symbol?: { name: string; size: bigint } } {
  const t = text.trim();
  if (NUMBER.test(t)) {
    const addr = BigInt(t);
    if (addr > MAX_ADDR) throw new Error(`address '${text}' does not fit in 64 bits`);
    return { addr };
  }
  const m = /^([A-Za-z_.$][\w.$]*)(?:\+(0[xX][0-9a-fA-F]+|[0-9]+))?$/.exec(t);
  if (!m) throw new Error(`'${text}' is neither an address (0x... or decimal) nor a symbol name`);
  const sym = image ? findSymbol(image, m[1]!) : undefined;
  if (!sym) {
    throw new Error(image?.symbols.length
      ? `unknown symbol '${m[1]}' (not in the guest's symbol table)`
      : `cannot resolve '${m[1]}': the guest ELF has no symbol table`);
  }
  const addr = sym.value + (m[2] ? BigInt(m[2]) : 0n);
  return { addr, symbol: { name: sym.name, size: sym.size } };
}

export interface WatchSpec {
  addr: bigint;
  len: number;
  kind: WatchKind;
}

const KINDS: Record<string, WatchKind> = { r: 'read', w: 'write', rw: 'access' };

/**
 * `ADDR|SYMBOL[:LEN][:r|w|rw]`. LEN defaults to the symbol's size (st_size) or 4 for a bare address,
 * and must be 1..2^31; the kind defaults to w (gdb's `watch`), r is `rwatch`, rw is `awatch`.
 */
export function parseWatchSpec(text: string, image: ElfImage | undefined): WatchSpec {
  const parts = text.split(':');
  if (parts.length > 3) throw new Error(`bad watch spec '${text}': expected ADDR|SYMBOL[:LEN][:r|w|rw]`);
  const loc = parseLocation(parts[0]!, image);
  let len: number | undefined;
  let kind: WatchKind = 'write';
  const rest = parts.slice(1);
  if (rest.length && !(rest[0]! in KINDS)) {
    const l = rest.shift()!;
    if (!NUMBER.test(l)) throw new Error(`bad watch length '${l}' in '${text}': expected a number of bytes`);
    const n = Number(BigInt(l) > 2n ** 32n ? 2n ** 32n : BigInt(l));
    if (n < 1 || n > 2 ** 31) throw new Error(`watch length ${l} in '${text}' is out of range 1..2^31`);
    len = n;
  }
  if (rest.length) {
    const k = rest.shift()!;
    const kk = KINDS[k];
    if (!kk) throw new Error(`bad watch kind '${k}' in '${text}': expected r, w or rw`);
    kind = kk;
  }
  if (rest.length) throw new Error(`bad watch spec '${text}': expected ADDR|SYMBOL[:LEN][:r|w|rw]`);
  if (len === undefined) {
    const size = loc.symbol?.size ?? 0n;
    len = size > 0n && size <= 2n ** 31n ? Number(size) : 4;
  }
  if (loc.addr + BigInt(len) > MAX_ADDR + 1n) throw new Error(`watch range '${text}' runs past the end of the address space`);
  return { addr: loc.addr, len, kind };
}

/** A non-negative integer option (decimal or 0x hex) within [min, max]. */
export function parseCount(name: string, text: string, min: number, max: number): number {
  if (!NUMBER.test(text.trim())) throw new Error(`${name} '${text}' is not a number`);
  const v = BigInt(text.trim());
  if (v < BigInt(min) || v > BigInt(max)) throw new Error(`${name} ${text} is out of range ${min}..${max}`);
  return Number(v);
}
