/**
 * `kvmdbg run --symbols FILE`: a System.map (here binutils' nm -n of the guest, the format the kernel's
 * mksysmap writes) or an ELF gives the names of --break/--hbreak/--watch; bad files are usage errors
 * naming the problem; link-time kernel addresses are refused while --seed makes the kernel randomise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../main.ts';

const HELLO = fileURLToPath(new URL('../../../guests/bin/hello-gcc-O2.elf', import.meta.url));
const PACKAGE_JSON = fileURLToPath(new URL('../../../package.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-symbols-'));
const file = (name: string, text: string | Uint8Array): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

async function run(...args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const status = await main(['run', ...args], { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { status, out, err };
}

const nmMap = execFileSync('aarch64-linux-gnu-nm', ['-n', HELLO], { encoding: 'utf8' });
const mainAddr = /^([0-9a-f]+) T main$/m.exec(nmMap)![1]!;

test('--symbols System.map: --hbreak takes its names; the stop is named from it', async () => {
  const r = await run(HELLO, '--symbols', file('hello.map', nmMap), '--hbreak', 'main');
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, new RegExp(`hardware breakpoint at 0x${mainAddr.replace(/^0+/, '')} <main>`));
  // a name only the map has, at main's address
  const own = await run(HELLO, '--symbols', file('own.map', `${mainAddr} T where_it_starts\n`), '--hbreak', 'where_it_starts');
  assert.equal(own.status, 0, own.err);
  assert.match(own.err, new RegExp(`hardware breakpoint at 0x${mainAddr.replace(/^0+/, '')} <where_it_starts>`));
  const missing = await run(HELLO, '--symbols', file('own2.map', `${mainAddr} T where_it_starts\n`), '--hbreak', 'main');
  assert.equal(missing.status, 2);
  assert.match(missing.err, /unknown symbol 'main'/);
});

test('--symbols ELF: the guest ELF itself works as a symbol file', async () => {
  const r = await run(HELLO, '--symbols', HELLO, '--hbreak', 'main');
  assert.equal(r.status, 0, r.err);
  assert.match(r.err, /hardware breakpoint at 0x[0-9a-f]+ <main>/);
});

const BAD: [string, RegExp][] = [
  ['/nonexistent/System.map', /--symbols: cannot read '\/nonexistent\/System\.map': ENOENT/],
  ['/dev/zero', /--symbols \/dev\/zero is not a regular file \(a character device\)/],
  [dir, /is not a regular file \(a directory\)/],
  [PACKAGE_JSON, /--symbols .*package\.json: line 1 is not 'ADDRESS TYPE NAME' as in a System\.map: "\{"/],
  [file('placeholder.map', 'ffffffffffffffff B The real System.map is in the linux-image-<version>-dbg package\n'),
    /line 1 is not 'ADDRESS TYPE NAME' .*The real System\.map is in the linux-image-<version>-dbg package/],
  [file('empty.map', ''), /no symbols in it/],
  ['/bin/true', /--symbols \/bin\/true: an ELF for x86-64 \(e_machine 62\), not AArch64/],
];

for (const [path, message] of BAD) {
  test(`--symbols ${path.replace(dir, 'TMP')}: usage error (status 2) naming the problem`, async () => {
    const r = await run(HELLO, '--symbols', path);
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, message);
    assert.equal(r.out, '', 'the guest did not run');
  });
}

test('a kernel symbol while --seed makes the kernel randomise its base is refused, unless --append has nokaslr', async () => {
  // an Image whose code0 branches past the header to PSCI SYSTEM_OFF: movz w0, #8; movk w0, #0x8400, lsl #16; hvc #0
  const image = new Uint8Array(4096);
  const dv = new DataView(image.buffer);
  dv.setUint32(0, 0x14000010, true);            // b 0x40
  [0x52800100, 0x72b08000, 0xd4000002].forEach((w, i) => dv.setUint32(0x40 + 4 * i, w, true));
  dv.setBigUint64(16, 0x10000n, true);          // image_size
  dv.setBigUint64(24, 0xan, true);              // LE, 4K, anywhere
  dv.setUint32(0x38, 0x644d5241, true);         // "ARM\x64"
  const kernel = file('Image', image);
  const map = file('System.map', 'ffff800008000000 T _text\nffff8000096609f4 T start_kernel\n');
  const r = await run('--kernel', kernel, '--seed', '1', '--symbols', map, '--hbreak', 'start_kernel', '--max-insns', '100');
  assert.equal(r.status, 2, r.err);
  assert.match(r.err, /--hbreak start_kernel: --symbols gives link-time addresses, and with --seed the kernel randomises its base \(KASLR\); add nokaslr to --append/);
  const ok = await run('--kernel', kernel, '--seed', '1', '--append', 'console=ttyAMA0 nokaslr', '--symbols', map, '--hbreak', 'start_kernel', '--max-insns', '100');
  assert.equal(ok.status, 0, ok.err);
  const addr = await run('--kernel', kernel, '--seed', '1', '--symbols', map, '--hbreak', '0xffff8000096609f4', '--max-insns', '100');
  assert.equal(addr.status, 0, `an address is the user's to choose: ${addr.err}`);
});
