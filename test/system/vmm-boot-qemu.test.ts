/**
 * The VMM's two non-ELF boots end to end on the KVM model, against the same programs under
 * qemu-system-aarch64 -M virt -cpu cortex-a57 (assembled here with binutils):
 *   - firmware (`-bios`): a program in flash0 finds the DTB at the RAM base, sends CFI commands to
 *     flash1 (a read-only slot: its writes exit as MMIO, then the slot goes while in command mode),
 *     programs a word, reads it back as memory, and powers off;
 *   - direct Linux boot (`-kernel Image`): an Image whose code checks what the boot protocol promises
 *     (x0 = the DTB, x1..x3 = 0) and prints the DTB's /memory size.
 * Both print the same on kvmdbg as on QEMU.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.ts';
import { createModelKvm } from '../../src/kvm/index.ts';
import { dispatchExit } from '../../src/vmm/dispatch.ts';
import { Machine } from '../../src/vmm/machine.ts';

const work = mkdtempSync(join(tmpdir(), 'kvmdbg-vmmboot-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

function sh(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
  return r.stdout;
}

function assemble(name: string, source: string): string {
  const s = join(work, `${name}.s`), o = join(work, `${name}.o`), elf = join(work, `${name}.elf`), bin = join(work, `${name}.bin`);
  writeFileSync(s, source);
  sh('aarch64-linux-gnu-as', ['-o', o, s]);
  sh('aarch64-linux-gnu-ld', ['-Ttext=0', '-o', elf, o]);
  sh('aarch64-linux-gnu-objcopy', ['-O', 'binary', elf, bin]);
  return bin;
}

const PUTC = (c: string): string => `  mov w9, #${c.charCodeAt(0)}\n  str w9, [x20]\n`;

const FIRMWARE = `
  mov x20, #0x09000000
  mov x21, #0x04000000
  mov x22, #0x40000000
  ldr w1, [x22]
  ldr w2, =0xedfe0dd0
  cmp w1, w2
  b.ne 1f
${PUTC('D')}1:
  ldr w2, =0x00980098
  str w2, [x21]
  ldr w1, [x21, #0x40]
  ldr w2, =0x00510051
  cmp w1, w2
  b.ne 2f
${PUTC('Q')}2:
  ldr w2, =0x00ff00ff
  str w2, [x21]
  ldr w1, [x21, #0x40]
  cbnz w1, 3f
${PUTC('A')}3:
  ldr w2, =0x00400040
  str w2, [x21, #0x100]
  ldr w2, =0x12345678
  str w2, [x21, #0x100]
  ldr w2, =0x00ff00ff
  str w2, [x21]
  ldr w1, [x21, #0x100]
  ldr w2, =0x12345678
  cmp w1, w2
  b.ne 4f
${PUTC('P')}4:
${PUTC('\n')}
  ldr x0, =0x84000008
  hvc #0
  b .
.ltorg
`;

/** An Image: a branch over the 64-byte header, then code that checks the entry registers. */
const IMAGE = `
  b code
  .word 0
  .quad 0                 // text_offset
  .quad 0x200000          // image_size
  .quad 0xa               // flags: LE, 4K, anywhere
  .quad 0, 0, 0
  .word 0x644d5241        // "ARM\\x64"
  .word 0
code:
  mov x20, #0x09000000
  ldr w4, [x0]
  ldr w5, =0xedfe0dd0
  cmp w4, w5
  b.ne 1f
${PUTC('K')}1:
  orr x6, x1, x2
  orr x6, x6, x3
  cbnz x6, 2f
${PUTC('Z')}2:
  adr x7, code
  and x7, x7, #0x1fffff
  cmp x7, #0x40           // code is at Image + 0x40 and the Image 2 MiB-aligned
  b.ne 3f
${PUTC('E')}3:
${PUTC('\n')}
  ldr x0, =0x84000008
  hvc #0
  b .
.ltorg
`;

function runKvmdbg(load: (m: Machine) => void, gic: 'v2' | 'v3' = 'v2'): string {
  let out = '';
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), {
    memorySize: 128 << 20, gic, uartTx: (b) => { out += String.fromCharCode(b); }, log: (msg) => { throw new Error(msg); },
  });
  load(m);
  for (let i = 0; i < 10_000; i++) {
    const a = dispatchExit(m.runOnce(), m.bus);
    if (a.kind === 'shutdown') return out;
    if (a.kind !== 'reenter' && a.kind !== 'interrupted') throw new Error(`unexpected ${a.kind}: ${JSON.stringify(a, (_, v: unknown) => typeof v === 'bigint' ? v.toString(16) : v)}`);
  }
  throw new Error(`no SYSTEM_OFF; output so far '${out}'`);
}

const qemu = (args: string[]): string =>
  sh('qemu-system-aarch64', ['-M', 'virt', '-cpu', 'cortex-a57', '-m', '128', '-display', 'none', '-nic', 'none', '-monitor', 'none', '-serial', 'stdio', ...args]);

/** `kvmdbg run ARGS` in-process: status and stdout. */
async function cli(...args: string[]): Promise<{ status: number; out: string }> {
  let out = '';
  const status = await main(['run', ...args], { out: (t) => { out += t; }, err: () => {} });
  return { status, out };
}

test('firmware boot: DTB at the RAM base, CFI commands and a program on flash1 from flash0; the same as under QEMU -bios', async () => {
  const bin = assemble('fw', FIRMWARE);
  const q = qemu(['-bios', bin]);
  assert.equal(q, 'DQAP\n');
  assert.equal(runKvmdbg((m) => m.loadFirmware(readFileSync(bin))), q);
  assert.deepEqual(await cli('--bios', bin, '--gic', 'v3'), { status: 0, out: q });
});

test('direct Linux boot: x0 = DTB, x1..x3 = 0, the Image at base + 2 MiB; the same as under QEMU -kernel', async () => {
  const bin = assemble('image', IMAGE);
  const q = qemu(['-kernel', bin]);
  assert.equal(q, 'KZE\n');
  for (const gic of ['v2', 'v3'] as const) {
    assert.equal(runKvmdbg((m) => m.loadLinux({ kernel: readFileSync(bin), append: 'console=ttyAMA0' }), gic), q);
  }
  assert.deepEqual(await cli('--kernel', bin, '--append', 'console=ttyAMA0', '--seed', '7'), { status: 0, out: q });
  assert.deepEqual(await cli(bin), { status: 0, out: q }, 'an Image given as the positional guest');
});
