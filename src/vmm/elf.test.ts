import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ElfError, findSymbol, loadElfInto, parseElf } from './elf.ts';
import { buildElf, words } from './testing/build-elf.ts';

const RAM = { base: 0x4000_0000n, size: 0x10_0000n };
const CODE = words(
  0xd2800000, // mov x0, #0
  0xd4200000, // brk #0
);

function good(): Uint8Array {
  return buildElf(0x4008_0000n, [
    { paddr: 0x4008_0000n, data: CODE },
    { paddr: 0x4009_0000n, data: new Uint8Array([1, 2, 3, 4]), memsz: 0x20n, flags: 6 },
  ], [{ name: 'main', value: 0x4008_0004n, size: 4n }, { name: 'counter', value: 0x4009_0000n, size: 8n, type: 1 }]).bytes;
}

function patched(mutate: (v: DataView, b: Uint8Array) => void, bytes = good()): Uint8Array {
  const b = bytes.slice();
  mutate(new DataView(b.buffer), b);
  return b;
}

const rejects = (bytes: Uint8Array, pattern: RegExp): void => {
  assert.throws(() => parseElf(bytes, RAM), (e: unknown) => e instanceof ElfError && pattern.test(e.message));
};

test('ELF loader: a valid image gives entry, PT_LOAD segments at p_paddr and the .symtab symbols', () => {
  const img = parseElf(good(), RAM);
  assert.equal(img.entry, 0x4008_0000n);
  assert.deepEqual(img.segments.map((s) => [s.paddr, s.data.length, s.memsz]), [[0x4008_0000n, 8, 8n], [0x4009_0000n, 4, 0x20n]]);
  assert.equal(findSymbol(img, 'main')?.value, 0x4008_0004n);
  assert.equal(findSymbol(img, 'counter')?.size, 8n);
  assert.equal(findSymbol(img, 'nothere'), undefined);
});

test('ELF loader: p_memsz beyond p_filesz is zero-filled in RAM (.bss)', () => {
  const img = parseElf(good(), RAM);
  const ram = new Uint8Array(Number(RAM.size)).fill(0xee);
  loadElfInto(img, ram, RAM);
  const at = 0x9_0000;
  assert.deepEqual([...ram.subarray(at, at + 6)], [1, 2, 3, 4, 0, 0]);
  assert.ok(ram.subarray(at + 4, at + 0x20).every((x) => x === 0));
  assert.equal(ram[at + 0x20], 0xee, 'bytes past p_memsz are not touched');
  assert.equal(new DataView(ram.buffer).getUint32(0x8_0004, true), 0xd4200000);
});

test('ELF loader: bad magic, class, byte order, type and machine are named', () => {
  rejects(patched((_v, b) => { b[1] = 0x46; }), /bad magic/);
  rejects(patched((_v, b) => { b[4] = 1; }), /ELFCLASS64/);
  rejects(patched((_v, b) => { b[5] = 2; }), /little-endian/);
  rejects(patched((v) => v.setUint16(16, 3, true)), /ET_EXEC/);                 // ET_DYN (PIE)
  rejects(patched((v) => v.setUint16(18, 62, true)), /an ELF for x86-64 \(e_machine 62\), not AArch64 \(183\)/);   // EM_X86_64
  // an x86-64 PIE (ET_DYN) is named for its architecture first, not for being a PIE
  rejects(patched((v) => { v.setUint16(18, 62, true); v.setUint16(16, 3, true); }), /an ELF for x86-64/);
  rejects(patched((v) => v.setUint16(18, 0x1234, true)), /an ELF for another architecture \(e_machine 4660\)/);
});

test('ELF loader: truncated files are refused, at every cut point', () => {
  const full = good();
  rejects(full.subarray(0, 3), /bad magic/);
  rejects(full.subarray(0, 40), /ELF header.*outside the file/);
  rejects(full.subarray(0, 64 + 56), /program header table.*outside the file/);
  rejects(full.subarray(0, 64 + 2 * 56 + 4), /PT_LOAD segment 0 file data.*truncated/);
  for (let cut = 0; cut < full.length; cut++) {
    assert.throws(() => parseElf(full.subarray(0, cut), RAM), ElfError, `cut at ${cut}`);
  }
});

test('ELF loader: program header table fields are checked', () => {
  rejects(patched((v) => v.setUint16(56, 0, true)), /e_phnum is 0/);
  rejects(patched((v) => v.setUint16(54, 32, true)), /e_phentsize is 32/);
  rejects(patched((v) => v.setBigUint64(32, 0xffff_ffffn, true)), /program header table/);
});

test('ELF loader: p_filesz larger than p_memsz is refused', () => {
  rejects(patched((v) => v.setBigUint64(64 + 40, 4n, true)), /p_filesz 0x8 is larger than p_memsz 0x4/);
});

test('ELF loader: segments outside RAM or overlapping each other are refused', () => {
  const outside = buildElf(0x1000n, [{ paddr: 0x1000n, data: CODE }]).bytes;
  rejects(outside, /outside guest RAM/);
  const tooBig = buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: CODE, memsz: 0x10_0000n }]).bytes;
  rejects(tooBig, /outside guest RAM.*--memory/);
  const overlap = buildElf(0x4008_0000n, [
    { paddr: 0x4008_0000n, data: CODE, memsz: 0x100n },
    { paddr: 0x4008_00f8n, data: CODE },
  ]).bytes;
  rejects(overlap, /PT_LOAD segment 1 .* overlaps the segment at \[0x40080000, 0x40080100\)/);
});

test('ELF loader: the entry point must be 4-aligned code inside an executable segment', () => {
  rejects(patched((v) => v.setBigUint64(24, 0x4009_0000n, true)), /not inside an executable PT_LOAD/);
  rejects(patched((v) => v.setBigUint64(24, 0x4008_0002n, true)), /not 4-byte aligned/);
});

test('ELF loader: a corrupt symbol table is refused, a missing one gives no symbols', () => {
  const built = buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: CODE }], [{ name: 'f', value: 0x4008_0000n }]);
  const symSh = built.shoff + 64;
  rejects(patched((v) => v.setBigUint64(symSh + 56, 16n, true), built.bytes), /sh_entsize/);
  rejects(patched((v) => v.setUint32(symSh + 40, 9, true), built.bytes), /sh_link 9/);
  rejects(patched((v) => v.setBigUint64(symSh + 32, 0x10000n, true), built.bytes), /\.symtab.*outside the file/);
  rejects(patched((v) => v.setUint16(58, 40, true), built.bytes), /e_shentsize/);
  const stripped = buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: CODE }]).bytes;
  assert.deepEqual(parseElf(stripped, RAM).symbols, []);
});
