/**
 * Parsing an ESR from text (a crash log, a command line, a web form).
 *
 * Accepted: decimal (`2516582480`) or hexadecimal with a `0x`/`0X` prefix (`0x96000050`), optionally
 * with `_` between digits as a separator (`0x9600_0050`, `0x0000_0000_9600_0050`), surrounding white
 * space ignored. Rejected, with a message that names the problem: empty text, a sign, anything that is
 * not a digit of the base, a leading/trailing/doubled `_`, and values that need more than 64 bits.
 */

export class EsrParseError extends Error {
  override name = 'EsrParseError';
}

const MAX = (1n << 64n) - 1n;

export function parseEsr(text: string): bigint {
  const t = text.trim();
  if (t === '') throw new EsrParseError('empty ESR value: give a number such as 0x96000050 or 2516582480');
  if (t.startsWith('-')) throw new EsrParseError(`ESR '${t}' is negative: an ESR is an unsigned 64-bit value`);
  if (t.startsWith('+')) throw new EsrParseError(`ESR '${t}' has a sign: write the number alone`);
  const isHex = /^0[xX]/.test(t);
  const digits = isHex ? t.slice(2) : t;
  if (digits === '') throw new EsrParseError(`ESR '${t}' has no digits after 0x`);
  if (digits.startsWith('_') || digits.endsWith('_') || digits.includes('__')) {
    throw new EsrParseError(`ESR '${t}': '_' may only separate digits`);
  }
  const clean = digits.replaceAll('_', '');
  const ok = isHex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  if (!ok.test(clean)) {
    const bad = [...clean].find((c) => !ok.test(c));
    const hint = !isHex && /^[0-9a-fA-F]+$/.test(clean) ? ' (hexadecimal needs a 0x prefix)' : '';
    throw new EsrParseError(`ESR '${t}' is not a ${isHex ? 'hexadecimal' : 'decimal'} number: unexpected '${bad}'${hint}`);
  }
  const v = BigInt(isHex ? `0x${clean}` : clean);
  if (v > MAX) throw new EsrParseError(`ESR '${t}' does not fit in 64 bits (ESR_ELx is a 64-bit register)`);
  return v;
}
