/**
 * `kvmdbg run --stats`: the instructions and the guest RAM written are those of the guest program (a
 * hand-written one whose stores and instruction count are known), and turning the statistics on (dirty
 * logging of the RAM slot) changes nothing the guest does: same exits, same output.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElf } from '../../vmm/testing/build-elf.ts';
import { main } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-stats-'));
const TIMER = fileURLToPath(new URL('../../../guests/bin/timer-gcc-O2.elf', import.meta.url));

async function run(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(['run', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { status, out, err };
}

const words = (w: number[]): Uint8Array => new Uint8Array(new Uint32Array(w).buffer);

// Five pages written, each twice; code at 0x40080000 (one page, loaded by kvmdbg).
const FIVE_PAGES = [
  0xd2a80201, // mov  x1, #0x40100000
  0xd28000a2, // mov  x2, #5
  0xf9000021, // loop: str x1, [x1]
  0xf9000421, //       str x1, [x1, #8]
  0x91400421, //       add x1, x1, #1, lsl #12
  0xf1000442, //       subs x2, x2, #1
  0x54ffff81, //       b.ne loop
  0xd2b08000, // mov  x0, #0x84000000
  0xf2800100, // movk x0, #8              PSCI SYSTEM_OFF
  0xd4000002, // hvc  #0
];

test('--stats: the guest instructions, its KVM_RUN returns and the RAM it wrote, page by page', async () => {
  const elf = join(dir, 'five-pages.elf');
  writeFileSync(elf, buildElf(0x40080000n, [{ paddr: 0x40080000n, data: words(FIVE_PAGES) }]).bytes);
  const r = await run(elf, '--stats');
  assert.equal(r.status, 0, r.err);
  // 2 + 5 x 5 + 3 instructions; one KVM_RUN, ending in the SYSTEM_OFF event
  assert.match(r.err, /^kvmdbg: stats: 30 guest instructions,/m);
  assert.match(r.err, /^kvmdbg: stats: 1 KVM_RUN returns \(SYSTEM_EVENT 1\)$/m);
  assert.match(r.err, /^kvmdbg: stats: guest RAM written: 0\.0 MiB of 128\.0 MiB \(6 pages: 5 by the guest, 1 loaded by kvmdbg\); peak RSS is [\d.]+x that$/m);
  assert.match(r.err, /^kvmdbg: stats: wall [\d.]+ s, CPU [\d.]+ s \(user [\d.]+ s, system [\d.]+ s\), peak RSS [\d.]+ MiB$/m);
});

test('--stats turns on the RAM slot\'s dirty log without changing what the guest does: same exits at the same PCs, same output', async () => {
  const plain = join(dir, 'plain.jsonl'), counted = join(dir, 'counted.jsonl');
  const a = await run(TIMER, '--exit-log', plain);
  const b = await run(TIMER, '--exit-log', counted, '--stats');
  assert.equal(a.status, 0, a.err);
  assert.equal(b.status, 0, b.err);
  assert.equal(b.out, a.out);
  const log = readFileSync(plain, 'utf8');
  assert.ok(log.split('\n').length > 10, 'the timer guest exits many times');
  assert.equal(readFileSync(counted, 'utf8'), log);
  const exits = log.trim().split('\n').length;
  assert.match(b.err, new RegExp(`^kvmdbg: stats: ${exits} KVM_RUN returns \\(`, 'm'));
});
