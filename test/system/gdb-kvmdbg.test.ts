/**
 * gdb-multiarch against kvmdbg only, for what QEMU's TCG stub cannot show: the hardware breakpoint
 * limit (KVM_CAP_GUEST_DEBUG_HW_BPS; QEMU emulates any number), the monitor commands that show the
 * kvm_run debug exit, swbreak/hwbreak stop reasons, and a watchpoint wider than one hardware register.
 * Also: the committed test guest rebuilds byte for byte from its sources.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { GDB_GUEST_DIR, requireTool, runGdb } from './gdb-harness.ts';

requireTool('gdb-multiarch', 'gdb-multiarch');

const PRELUDE = `set pagination off
set confirm off
file ELF
target remote 127.0.0.1:PORT
`;

test('gdb guest: the committed ELF is what test/system/gdb-guest/build.sh builds', () => {
  requireTool('aarch64-linux-gnu-gcc', 'gcc-aarch64-linux-gnu');
  const r = spawnSync('bash', [join(GDB_GUEST_DIR, 'build.sh'), '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `gdb-guest.elf differs from a rebuild: ${r.stdout}${r.stderr}`);
});

test('kvmdbg: more hbreaks than KVM_CAP_GUEST_DEBUG_HW_BPS fail to insert with gdb\'s error (E.. reply)', async () => {
  // gdb inserts them at `continue`; the first refused one ends the batch script with an error
  // none at the entry pc (gdb steps over a breakpoint at pc before inserting it)
  const many = Array.from({ length: 17 }, (_, i) => `hbreak *(0x40080050 + ${4 * i})`).join('\n');
  const r = await runGdb('kvmdbg', PRELUDE + `${many}\ncontinue\n`);
  const all = r.stdout + r.stderr;
  assert.match(all, /Could not insert hardware breakpoints:\s+You may have requested too many hardware breakpoints/);
  const limit = /refused by the target \(the hardware has (\d+)\)/.exec(r.stubOutput);
  assert.ok(limit, r.stubOutput);
  assert.match(all, new RegExp(`Cannot insert hardware breakpoint ${Number(limit[1]) + 1}\\.`));
  assert.doesNotMatch(all, new RegExp(`Cannot insert hardware breakpoint ${Number(limit[1])}\\.`));
});

test('kvmdbg: monitor exit shows the raw kvm_run.debug bytes, the flag and the decoded ESR of the last stop', async () => {
  const r = await runGdb('kvmdbg', PRELUDE + `monitor help
monitor kernel
hbreak bump
continue
monitor exit
delete
stepi
monitor exit
monitor esr 0xd2000062
kill
`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const out = r.stdout + r.stderr;
  assert.match(out, /monitor exit/);
  assert.match(out, /kernel profile .*6\.1.*ABI byte order little-endian/);
  // a hardware breakpoint: EC 0x30 (BREAKPT_LOW), ESR 0xc2000022, hsr bytes LE 220000c2
  assert.match(out, /KVM_EXIT_DEBUG, pc 0x40080050/);
  assert.match(out, /flags {4}0x0001: KVM_DEBUG_ARCH_HSR_HIGH_VALID set/);
  assert.match(out, /kvm_run\.debug\.arch \(le\): 22 00 00 c2 00 00 00 00 /);
  assert.match(out, /ESR 0xc2000022: .*ESR_ELx_EC_BREAKPT_LOW/);
  assert.match(out, /far {6}0x[0-9a-f]{16} {2}not meaningful: KVM writes far only for watchpoint exits/);
  // then a single step: EC 0x32 (SOFTSTP_LOW)
  assert.match(out, /ESR 0xc[ab]000022: .*ESR_ELx_EC_SOFTSTP_LOW/);
  assert.match(out, /ESR 0xd2000062: .*ESR_ELx_EC_WATCHPT_LOW/);
});

test('kvmdbg: a 16-byte watch (two hardware watchpoints) stops on the write into its second half', async () => {
  // counter (8 bytes) and spin_enabled (next 8 bytes) watched as one 16-byte range
  const r = await runGdb('kvmdbg', PRELUDE + `break main
continue
watch *(char (*)[16])&counter
set var spin_enabled = 0
continue
continue
print/x $pc
kill
`);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /Hardware watchpoint 2: \*\(char \(\*\)\[16\]\)&counter/);
  assert.match(r.stdout, /Old value = '\\000' <repeats 15 times>\s+New value = "\\001", '\\000' <repeats 14 times>/);
  assert.doesNotMatch(r.stdout + r.stderr, /Could not insert/);
});
