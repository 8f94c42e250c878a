/**
 * Third-party guests from Debian under qemu-system-aarch64 (-M virt -cpu cortex-a57), the reference
 * half of the real-guest comparison: Debian's U-Boot (u-boot-qemu, qemu_arm64) from flash with
 * commands typed on its console, and Debian's 6.1 kernel with a busybox initramfs whose /init prints
 * deterministic lines, with 1 and 2 CPUs on GIC v2 and v3. What the guests print is checked against
 * values computed here (CRC-32, md5, sha256, the awk sum, the package versions), and the console
 * lines the two halves compare are kept in .cache/real-guests/qemu/ for inspection.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { converse } from './real-guests/console.ts';
import { fetchRealGuests, REPO, type RealGuests } from './real-guests/fetch.ts';
import { AWK_TERMS, DATA_LINES, buildInitramfs } from './real-guests/initramfs.ts';
import { LINUX_APPEND, UBOOT_SCRATCH, initLines, ubootReplies, ubootSteps } from './real-guests/sessions.ts';

const out = join(REPO, '.cache/real-guests/qemu');
let g: RealGuests;
let initrd: string;

before(() => {
  g = fetchRealGuests();
  mkdirSync(out, { recursive: true });
  initrd = join(out, 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
});

/** CRC-32 (IEEE 802.3, reflected, as zlib and U-Boot's crc32 command compute it). */
function crc32(data: Uint8Array): number {
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

const QEMU = ['-cpu', 'cortex-a57', '-m', '512', '-nographic', '-no-reboot', '-nic', 'none'];

describe('real guests under QEMU', () => {
  test('U-Boot: version, mw/md/crc32, setexpr and echo typed at the prompt', async () => {
    const t = await converse('qemu-system-aarch64', ['-M', 'virt', ...QEMU, '-bios', g.uboot], ubootSteps(), 120_000);
    writeFileSync(join(out, 'u-boot.txt'), t.output);
    const r = ubootReplies(t.output);
    const version = g.packages.find((p) => p.startsWith('u-boot-qemu '))!.split(' ')[1]!;
    assert.match(r.get('version')![0]!, new RegExp(`^U-Boot ${version.replace(/[.+]/g, '\\$&')} \\(`));
    const at = UBOOT_SCRATCH.toString(16);
    const words = '12345678 '.repeat(4).trim();
    assert.deepEqual(r.get(`md.l 0x${at} 8`), [`${at}: ${words}  xV4.xV4.xV4.xV4.`, `${(UBOOT_SCRATCH + 16).toString(16)}: ${words}  xV4.xV4.xV4.xV4.`]);
    assert.deepEqual(r.get(`mw.l 0x${at} 0x12345678 0x40`), []);
    const pattern = new Uint8Array(0x100).map((_, i) => [0x78, 0x56, 0x34, 0x12][i % 4]!);
    assert.deepEqual(r.get(`crc32 0x${at} 0x100`), [`crc32 for ${at} ... ${(UBOOT_SCRATCH + 0xff).toString(16)} ==> ${crc32(pattern).toString(16).padStart(8, '0')}`]);
    assert.deepEqual(r.get('setexpr v 0x1234 + 0x4321'), []);
    assert.deepEqual(r.get('echo $v hello from kvmdbg'), ['5555 hello from kvmdbg']);
  });

  const data = Array.from({ length: DATA_LINES }, (_, i) => `line ${i + 1}\n`).join('');
  let sum = 0;
  for (let i = 1; i <= AWK_TERMS; i++) sum += 1 / (i * i);
  for (const gic of [3, 2]) {
    for (const smp of [1, 2]) {
      test(`Linux 6.1, GIC v${gic}, ${smp} CPU(s): the /init lines`, async () => {
        const t = await converse('qemu-system-aarch64', ['-M', `virt,gic-version=${gic}`, ...QEMU, '-smp', String(smp),
          '-kernel', g.kernel, '-initrd', initrd, '-append', LINUX_APPEND], [], 300_000);
        const lines = initLines(t.output);
        writeFileSync(join(out, `linux-gic${gic}-smp${smp}.txt`), `${lines.join('\n')}\n`);
        assert.deepEqual(lines, [
          `uname-r: ${g.kernelRelease}`,
          `cpus: ${smp}`,
          `md5sum: ${createHash('md5').update(data).digest('hex')}  -`,
          `sha256sum: ${createHash('sha256').update(data).digest('hex')}  -`,
          `awk: ${sum.toFixed(12)}`,
        ]);
        assert.match(t.output, /reboot: Power down/);
      });
    }
  }
});
