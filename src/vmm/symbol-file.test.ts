/**
 * Symbol files: a System.map read line by line, an ELF's .symtab, and clear errors for anything else.
 * The System.map side is checked against binutils' nm on a guest ELF (a System.map is `nm -n` output).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseSymbolFile, SymbolFileError } from './symbol-file.ts';
import { buildElf, words } from './testing/build-elf.ts';

const HELLO = fileURLToPath(new URL('../../guests/bin/hello-gcc-O2.elf', import.meta.url));
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

test('a System.map (nm -n of a guest) and the same guest ELF give the same addresses for every text and data symbol', () => {
  const map = execFileSync('aarch64-linux-gnu-nm', ['-n', HELLO], { encoding: 'utf8' });
  const fromMap = parseSymbolFile(enc(map));
  const fromElf = parseSymbolFile(readFileSync(HELLO));
  const lines = map.trim().split('\n').map((l) => l.split(' ') as [string, string, string]);
  assert.equal(fromMap.length, lines.length);
  let checked = 0;
  for (const [addr, type, name] of lines) {
    if (!/^[TtDdBbRr]$/.test(type) || name.startsWith('$')) continue;
    const m = fromMap.find((s) => s.name === name)!;
    assert.equal(m.value, BigInt(`0x${addr}`), name);
    assert.equal(m.type, /[Tt]/.test(type) ? 2 : 1, `${name} ${type}`);
    assert.ok(fromElf.some((s) => s.name === name && s.value === m.value), `${name} in the ELF at ${addr}`);
    checked++;
  }
  assert.ok(checked > 10, `${checked} symbols compared`);
});

test('System.map lines as the kernel writes them, and /proc/kallsyms lines with a module', () => {
  const s = parseSymbolFile(enc('ffff800008000000 T _text\nffff800008ef3be0 D linux_banner\r\n\nffff800001234000 t nf_hook\t[nf_tables]\n'));
  assert.deepEqual(s.map((x) => [x.name, x.value, x.type]), [
    ['_text', 0xffff800008000000n, 2], ['linux_banner', 0xffff800008ef3be0n, 1], ['nf_hook', 0xffff800001234000n, 2]]);
});

test('bad symbol files: each refusal names the problem', () => {
  const bad = (bytes: Uint8Array, re: RegExp): void => {
    assert.throws(() => parseSymbolFile(bytes), (e: unknown) => e instanceof SymbolFileError && re.test(e.message));
  };
  // Debian's linux-image packages carry this one-line placeholder as /boot/System.map-*
  bad(enc('ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n'),
    /line 1 is not 'ADDRESS TYPE NAME' .*The real System\.map is in the linux-image-<version>-dbg package/);
  bad(enc('ffff800008000000 T _text\nnot a symbol\n'), /line 2 is not 'ADDRESS TYPE NAME'/);
  bad(enc('1ffff800008000000 T too_wide\n'), /line 1/);
  bad(enc(''), /no symbols in it/);
  bad(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00, 0x00]), /neither an ELF file nor a System\.map \(the file is binary/);
  bad(readFileSync('/bin/true'), /an ELF for x86-64 \(e_machine 62\), not AArch64/);
  bad(buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: words(0xd503201f) }]).bytes, /no symbol table \(\.symtab\): it is stripped/);
});
