/**
 * Debian's U-Boot (u-boot-qemu, qemu_arm64) under `kvmdbg run --bios`, against the same session under
 * qemu-system-aarch64 -M virt -cpu cortex-a57 -bios in the same run: the same keys typed on stdin (stop
 * autoboot, version, mw/md/crc32, setexpr, echo, poweroff), the same reply to every command. Under
 * kvmdbg U-Boot runs from flash in a read-only memory slot, probes the CFI flash, reads its environment
 * from flash1, polls the PL011 for what is typed and powers off through PSCI.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { converse } from './real-guests/console.ts';
import { fetchRealGuests, REPO, type RealGuests } from './real-guests/fetch.ts';
import { UBOOT_COMMANDS, ubootReplies, ubootSteps } from './real-guests/sessions.ts';

let g: RealGuests;
before(() => { g = fetchRealGuests(); });

test('U-Boot: every command typed at the prompt gets the same reply under kvmdbg as under QEMU', async () => {
  const qemu = await converse('qemu-system-aarch64', ['-M', 'virt', '-cpu', 'cortex-a57', '-m', '512', '-nographic', '-no-reboot',
    '-nic', 'none', '-bios', g.uboot], ubootSteps(), 120_000);
  const kvmdbg = await converse(process.execPath, [join(REPO, 'bin/kvmdbg.js'), 'run', '--bios', g.uboot, '--memory', '512M'],
    ubootSteps(), 600_000);
  assert.equal(kvmdbg.code, 0, kvmdbg.output.slice(-2000));
  const q = ubootReplies(qemu.output), k = ubootReplies(kvmdbg.output);
  assert.deepEqual([...q.keys()], UBOOT_COMMANDS, 'QEMU answered every command');
  for (const c of UBOOT_COMMANDS) assert.deepEqual(k.get(c), q.get(c), c);
  const banner = (t: string): string | undefined => /^U-Boot \S+ \(.*\)$/m.exec(t)?.[0];
  assert.equal(banner(kvmdbg.output), banner(qemu.output));
  process.stderr.write(`# U-Boot session: QEMU ${qemu.ms} ms, kvmdbg ${kvmdbg.ms} ms\n`);
});
