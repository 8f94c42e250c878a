/**
 * The VMM's ELF loader against GNU binutils (aarch64-linux-gnu-readelf / -nm from Debian's
 * binutils-aarch64-linux-gnu) on every committed guest ELF: the same PT_LOAD segments, entry point and
 * symbol values.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseElf } from '../../src/vmm/elf.ts';

const BIN = fileURLToPath(new URL('../../guests/bin/', import.meta.url));
const RAM = { base: 0x4000_0000n, size: 128n << 20n };

function tool(name: string, args: string[]): string {
  try {
    return execFileSync(name, args, { encoding: 'utf8' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${name} is missing: install the Debian package binutils-aarch64-linux-gnu`, { cause: e });
    throw e;
  }
}

const elves = readdirSync(BIN).filter((f) => f.endsWith('.elf'));

test('there are guest ELFs to check', () => assert.ok(elves.length >= 2, `guests/bin has ${elves.length} ELFs`));

for (const f of elves) {
  test(`ELF loader agrees with readelf and nm on guests/bin/${f}`, () => {
    const path = BIN + f;
    const img = parseElf(readFileSync(path), RAM);
    const hdr = tool('aarch64-linux-gnu-readelf', ['-hlW', path]);
    assert.equal(img.entry, BigInt(/Entry point address:\s+(0x[0-9a-f]+)/.exec(hdr)![1]!));
    const loads = [...hdr.matchAll(/^\s+LOAD\s+(0x\S+)\s+(0x\S+)\s+(0x\S+)\s+(0x\S+)\s+(0x\S+)/gm)]
      .map((m) => ({ paddr: BigInt(m[3]!), filesz: Number(BigInt(m[4]!)), memsz: BigInt(m[5]!) }))
      .filter((s) => s.memsz > 0n);
    assert.deepEqual(img.segments.map((s) => ({ paddr: s.paddr, filesz: s.data.length, memsz: s.memsz })), loads);
    const nm = tool('aarch64-linux-gnu-nm', [path]);
    let checked = 0;
    for (const m of nm.matchAll(/^([0-9a-f]{16}) ([TtDdBbRr]) (\S+)$/gm)) {
      const ours = img.symbols.filter((s) => s.name === m[3]);
      assert.ok(ours.some((s) => s.value === BigInt('0x' + m[1])), `${m[3]} at 0x${m[1]}`);
      checked++;
    }
    assert.ok(checked > 5);
  });
}
