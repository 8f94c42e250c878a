/**
 * Debian's U-Boot (u-boot-qemu, qemu_arm64) under `kvmdbg run --bios`, against the same session under
 * qemu-system-aarch64 -M virt -cpu cortex-a57 -bios in the same run: the same keys typed on stdin (stop
 * autoboot, version, mw/md/crc32, setexpr, echo, poweroff), the same reply to every command. Under
 * kvmdbg U-Boot runs from flash in a read-only memory slot, probes the CFI flash, reads its environment
 * from flash1, polls the PL011 for what is typed and powers off through PSCI.
 *
 * Debian's 6.1 kernel with the busybox initramfs (real-guests/initramfs.ts) under `kvmdbg run --kernel
 * --initrd`, with 1 and 2 vCPUs on a GICv3 and a GICv2, against the same boot under QEMU: the /init lines
 * are the same, and the guest powers off (kvmdbg exits 0). The kernel runs on the in-kernel vGIC and arch
 * timer, brings its secondary up with PSCI CPU_ON and IPIs it with SGIs.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { converse } from './real-guests/console.ts';
import { fetchRealGuests, REPO, type RealGuests } from './real-guests/fetch.ts';
import { buildInitramfs } from './real-guests/initramfs.ts';
import { LINUX_APPEND, UBOOT_COMMANDS, initLines, ubootReplies, ubootSteps } from './real-guests/sessions.ts';

let g: RealGuests;
let initrd: string;
before(() => {
  g = fetchRealGuests();
  const out = join(REPO, '.cache/real-guests/kvmdbg');
  mkdirSync(out, { recursive: true });
  initrd = join(out, 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
});

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

describe('Linux 6.1 with a busybox /init: the same lines under kvmdbg as under QEMU', { concurrency: 1 }, () => {
  for (const gic of [3, 2]) {
    for (const smp of [1, 2]) {
      test(`GIC v${gic}, ${smp} vCPU(s)`, async () => {
        const qemu = await converse('qemu-system-aarch64', ['-M', `virt,gic-version=${gic}`, '-cpu', 'cortex-a57', '-m', '512',
          '-nographic', '-no-reboot', '-nic', 'none', '-smp', String(smp), '-kernel', g.kernel, '-initrd', initrd,
          '-append', LINUX_APPEND], [], 300_000);
        const kvmdbg = await converse(process.execPath, [join(REPO, 'bin/kvmdbg.js'), 'run', '--kernel', g.kernel, '--initrd', initrd,
          '--append', LINUX_APPEND, '--memory', '512M', '--smp', String(smp), '--gic', `v${gic}`], [], 900_000);
        assert.equal(kvmdbg.code, 0, kvmdbg.output.slice(-2000));
        const lines = initLines(kvmdbg.output);
        assert.deepEqual(lines, initLines(qemu.output));
        assert.ok(lines.includes(`cpus: ${smp}`), lines.join('\n'));
        assert.match(kvmdbg.output, /reboot: Power down/);
        process.stderr.write(`# Linux GIC v${gic} ${smp} vCPU(s): QEMU ${qemu.ms} ms, kvmdbg ${kvmdbg.ms} ms\n`);
      });
    }
  }
});
