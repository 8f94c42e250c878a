/**
 * `loop.elf`: the one-instruction guest `_start: b _start`, linked at 0x40080000, assembled by clang and
 * linked by ld.lld (Debian's clang and lld), once per test process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let built: string | undefined;

function tool(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is missing: install Debian's clang and lld (scripts/debian-packages.txt): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed:\n${r.stderr}`);
}

export function loopElf(): string {
  if (built) return built;
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-loop-'));
  writeFileSync(join(dir, 'loop.S'), '.globl _start\n.type _start, %function\n_start:\n  b _start\n.size _start, 4\n');
  writeFileSync(join(dir, 'link.ld'), 'ENTRY(_start)\nSECTIONS { . = 0x40080000; .text : { *(.text) } }\n');
  tool('clang', ['--target=aarch64-none-elf', '-c', join(dir, 'loop.S'), '-o', join(dir, 'loop.o')]);
  tool('ld.lld', ['-T', join(dir, 'link.ld'), '--build-id=none', join(dir, 'loop.o'), '-o', join(dir, 'loop.elf')]);
  built = join(dir, 'loop.elf');
  return built;
}
