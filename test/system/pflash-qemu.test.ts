/**
 * The CFI flash model against QEMU's (hw/block/pflash_cfi01.c on `-M virt`): a probe program, generated
 * from a list of flash accesses and assembled with binutils, runs from flash0 under
 * `qemu-system-aarch64 -M virt -cpu cortex-a57 -bios probe.bin`, drives flash1 (0x0400_0000) with each
 * access and prints every value it reads on the PL011. The same accesses go to kvmdbg's PflashCfi01;
 * every value read must be the same: array data, CFI query table, identifiers, status after erase,
 * program, buffered program, clear status, lock commands, unknown commands, 1/2/4/8-byte reads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PflashCfi01 } from '../../src/vmm/pflash-cfi01.ts';

type Op = { w: number; at: number; len: 1 | 2 | 4 | 8; v: bigint } | { r: number; len: 1 | 2 | 4 | 8 };

const cmd = (at: number, c: number): Op => ({ w: 1, at, len: 4, v: BigInt((c | (c << 16)) >>> 0) });
const rd = (at: number, len: 1 | 2 | 4 | 8 = 4): Op => ({ r: at, len });

const OPS: Op[] = [
  rd(0), rd(0x10, 8),
  // CFI query: the whole table, plus narrow and wide reads
  cmd(0, 0x98), ...Array.from({ length: 0x52 }, (_, i) => rd(4 * i)), rd(0x40, 2), rd(0x42, 2), rd(0x44, 1), rd(0x40, 8), rd(0x1000),
  cmd(0, 0xf0), rd(0x40), cmd(0, 0x90), rd(0x40), // in query mode only 0xff leaves it
  cmd(0, 0xff), rd(0x40), cmd(0, 0x90), rd(0), cmd(0, 0xf0), rd(0), // from read array, 0xf0 is read array
  // identifiers and block lock status
  cmd(0, 0x90), rd(0), rd(4), rd(8), rd(0x20000 * 4 + 8), rd(0x404), rd(0, 2), rd(0, 8),
  cmd(0, 0xff), rd(0),
  // erase a sector (256 KiB at 0x40000): status, then the erased array
  cmd(0x40010, 0x20), rd(0x40010), cmd(0x40010, 0xd0), rd(0x40010), cmd(0, 0xff), rd(0x40000), rd(0x7fffc), rd(0x80000),
  // single-word program
  cmd(0x100, 0x40), { w: 1, at: 0x100, len: 4, v: 0x12345678n }, rd(0x100), cmd(0, 0x70), rd(0x500, 4), cmd(0, 0xff), rd(0x100),
  cmd(0x104, 0x10), { w: 1, at: 0x106, len: 2, v: 0xbeefn }, cmd(0, 0xff), rd(0x104),
  // buffered program: 0xe8, count-1 = 3, four words, confirm
  cmd(0x1000, 0xe8), rd(0x1000), cmd(0x1000, 0x03), { w: 1, at: 0x1000, len: 4, v: 0x11111111n }, { w: 1, at: 0x1004, len: 4, v: 0x22222222n },
  { w: 1, at: 0x1008, len: 4, v: 0x33333333n }, rd(0x1008), cmd(0, 0xff), rd(0x1008), cmd(0x1000, 0xe8), cmd(0x1000, 0x00),
  { w: 1, at: 0x1000, len: 4, v: 0x44444444n }, rd(0x1000), cmd(0x1000, 0xd0), rd(0x1000), cmd(0, 0xff),
  rd(0x1000), rd(0x1004), rd(0x1008), rd(0x100c),
  // a buffered program aborted by something other than 0xd0 commits nothing
  cmd(0x2000, 0xe8), cmd(0x2000, 0x00), { w: 1, at: 0x2000, len: 4, v: 0x55555555n }, cmd(0x2000, 0x77), rd(0x2000),
  // a buffered program outside its block is a program error
  cmd(0x3000, 0xe8), cmd(0x3000, 0x00), { w: 1, at: 0x5000, len: 4, v: 0x66666666n }, rd(0x3000), cmd(0x3000, 0xd0), rd(0x3000),
  cmd(0, 0x70), rd(0), cmd(0, 0x50), cmd(0, 0x70), rd(0), cmd(0, 0xff), rd(0x5000),
  // lock / unlock, unknown command, 0x00 as read array
  cmd(0, 0x60), rd(0), cmd(0, 0x01), rd(0), cmd(0, 0x60), cmd(0, 0xd0), rd(0), cmd(0, 0x60), cmd(0, 0x33), rd(0x100),
  cmd(0, 0x33), rd(0x100), cmd(0, 0x70), cmd(0, 0x00), rd(0x100),
  // an 8-byte command write is two 4-byte writes (0x98 then 0x00: query mode stays)
  { w: 1, at: 0, len: 8, v: 0x00000000_00980098n }, rd(0x40), cmd(0, 0xff), rd(0x40),
];

function probeAssembly(ops: Op[]): string {
  const reg = { 1: 'w2', 2: 'w2', 4: 'w2', 8: 'x2' } as const;
  const st = { 1: 'strb', 2: 'strh', 4: 'str', 8: 'str' } as const;
  const ld = { 1: 'ldrb w0', 2: 'ldrh w0', 4: 'ldr w0', 8: 'ldr x0' } as const;
  const body = ops.map((o) => ('w' in o
    ? `  ldr x1, =${o.at}\n  ldr x2, =0x${o.v.toString(16)}\n  ${st[o.len]} ${reg[o.len]}, [x21, x1]`
    : `  ldr x1, =${o.r}\n  ${ld[o.len]}, [x21, x1]\n  bl hex`)).join('\n');
  return `.global _start
_start:
  ldr x20, =0x09000000
  ldr x21, =0x04000000
${body}
  ldr x0, =0x84000008
  hvc #0
  b .
hex:
  mov x3, #60
1:
  lsr x4, x0, x3
  and x4, x4, #0xf
  add x5, x4, #48
  add x6, x4, #87
  cmp x4, #10
  csel x5, x5, x6, lt
  str w5, [x20]
  subs x3, x3, #4
  b.ge 1b
  mov w5, #10
  str w5, [x20]
  ret
.ltorg
`;
}

function run(cmdName: string, args: string[], input?: string): string {
  const r = spawnSync(cmdName, args, { encoding: 'utf8', input, timeout: 60_000 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `${cmdName}: ${r.stderr}`);
  return r.stdout;
}

test('pflash: every value the probe reads is the same on QEMU\'s flash and on kvmdbg\'s', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-pflash-'));
  try {
    writeFileSync(join(dir, 'probe.s'), probeAssembly(OPS));
    run('aarch64-linux-gnu-as', ['-o', join(dir, 'probe.o'), join(dir, 'probe.s')]);
    run('aarch64-linux-gnu-ld', ['-Ttext=0', '-o', join(dir, 'probe.elf'), join(dir, 'probe.o')]);
    run('aarch64-linux-gnu-objcopy', ['-O', 'binary', join(dir, 'probe.elf'), join(dir, 'probe.bin')]);
    assert.ok(readFileSync(join(dir, 'probe.bin')).length > 100);
    const qemu = run('qemu-system-aarch64', ['-M', 'virt', '-cpu', 'cortex-a57', '-m', '128', '-display', 'none', '-nic', 'none',
      '-monitor', 'none', '-serial', 'stdio', '-bios', join(dir, 'probe.bin')]).split('\n').filter((l) => l !== '');

    const flash = new PflashCfi01(new Uint8Array(64 * 1024 * 1024));
    const ours: string[] = [];
    for (const o of OPS) {
      if ('w' in o) flash.write(o.at, o.len, o.v);
      else ours.push(flash.read(o.r, o.len).toString(16).padStart(16, '0'));
    }
    assert.equal(qemu.length, OPS.filter((o) => 'r' in o).length, 'QEMU printed one line per read');
    assert.deepEqual(ours, qemu);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
