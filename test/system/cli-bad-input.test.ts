/**
 * Hostile input to the kvmdbg binary, as its own process: every case ends promptly with a message naming
 * the problem and no stack trace (status 2 for bad arguments and files, as the README promises), and a
 * closed stdout ends a command quietly, as Unix tools end.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KVMDBG, kvmdbg, type ProcResult } from './robustness/cli-process.ts';

const HELLO = fileURLToPath(new URL('../../guests/bin/hello-gcc-O2.elf', import.meta.url));
const INSNS = fileURLToPath(new URL('../../guests/bin/insns-gcc-O2.elf', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-bad-'));

/** No JavaScript stack trace reached the user. */
function noTrace(r: ProcResult): void {
  assert.doesNotMatch(r.err, /^\s+at .*(\.ts|\.js|node:internal)/m, `a stack trace on stderr:\n${r.err.slice(0, 1500)}`);
  assert.doesNotMatch(r.err, /node:internal|Uncaught|TypeError|RangeError: /);
}

async function usage(args: string[], message: RegExp, watchdogMs = 20_000): Promise<ProcResult> {
  const r = await kvmdbg(args, { watchdogMs });
  assert.equal(r.hung, false, `hung: kvmdbg ${args.join(' ')}`);
  noTrace(r);
  assert.equal(r.status, 2, `kvmdbg ${args.join(' ')}: ${r.err}`);
  assert.match(r.err, message);
  return r;
}

for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
  test(`kvmdbg ${name}: an unknown command (status 2), not a lookup through Object.prototype`, async () => {
    await usage([name], new RegExp(`unknown command '${name}'`));
  });
}

for (const name of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
  test(`kvmdbg layout ${name}: an unknown struct (status 2), nothing on stdout`, async () => {
    const r = await usage(['layout', name], new RegExp(`unknown struct '${name.replace(/_/g, '_')}'`));
    assert.equal(r.out, '');
  });
}

test('kvmdbg run --gdb on a port in use, a foreign address, an unknown host: status 2 saying why', async () => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const port = (busy.address() as { port: number }).port;
  try {
    await usage(['run', HELLO, '--gdb', `127.0.0.1:${port}`], new RegExp(`--gdb 127\\.0\\.0\\.1:${port}: cannot listen: the port is already in use \\(EADDRINUSE\\)`));
  } finally {
    busy.close();
  }
  await usage(['run', HELLO, '--gdb', '192.0.2.1:0'], /--gdb 192\.0\.2\.1:0: cannot listen: .*EADDRNOTAVAIL/);
  await usage(['run', HELLO, '--gdb', 'no-such-host.invalid:0'], /--gdb no-such-host\.invalid:0: cannot listen: the host name does not resolve/);
});

for (const gdb of [[], ['--gdb', '0']]) {
  test(`kvmdbg run --exit-log /dev/full${gdb.length ? ' --gdb 0' : ''}: a plain message saying how many records were written (status 2)`, async () => {
    await usage(['run', HELLO, '--exit-log', '/dev/full', ...gdb], /--exit-log '\/dev\/full': writing record 1 failed: no space left on device \(ENOSPC\); 0 records written/);
  });
}

test("kvmdbg web --build-only --out with a file in the way, a file as the directory, '' or /proc: status 2 at once", async () => {
  await usage(['web', '--build-only', '--out', '/dev/null/x'], /--out '\/dev\/null\/x': .*\/dev\/null is not a directory/);
  await usage(['web', '--build-only', '--out', '/etc/hostname'], /--out '\/etc\/hostname': .*not a directory/);
  await usage(['web', '--build-only', '--out', ''], /--out needs a directory/);
  await usage(['web', '--build-only', '--out', '/proc/nope/deeper'], /--out '\/proc\/nope\/deeper': cannot create \/proc\/nope/, 10_000);
});

test('kvmdbg run on something that is not a regular file, or too large to be a guest: refused before reading it all', async () => {
  await usage(['run', '/dev/zero'], /\/dev\/zero is not a regular file \(a character device\)/, 10_000);
  await usage(['run', dir], /is not a regular file \(a directory\)/);
  const big = join(dir, 'big.elf');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 1536 * 1024 * 1024);      // sparse: 1.5 GiB that takes no disk
  closeSync(fd);
  await usage(['run', big], /big\.elf is 1536 MiB, more than the guest's 128 MiB of RAM could hold \(--memory\)/, 10_000);
  const junk = join(dir, 'junk.bin');
  const jfd = openSync(junk, 'w');
  ftruncateSync(jfd, 100 * 1024 * 1024);
  closeSync(jfd);
  const r = await usage(['run', junk], /junk\.bin: not an arm64 Linux Image \(no "ARM\\x64" magic at offset 0x38\) and not an ELF file/, 10_000);
  assert.ok(r.ms < 8000, `${r.ms} ms for a file whose first bytes say it is not ELF`);
});

test('kvmdbg run /bin/ls names the architecture the file is for', async () => {
  await usage(['run', '/bin/ls'], /\/bin\/ls: an ELF for x86-64 \(e_machine 62\), not AArch64 \(183\)/);
});

test('messages show control characters escaped and long arguments shortened', async () => {
  await usage(['esr', '\x01'], /'\\x01'/);
  const long = 'z'.repeat(100_000);
  const r = await usage(['esr', long], /zzzz…/);
  assert.ok(r.errBytes < 2000, `${r.errBytes} bytes of message for a 100 KB argument`);
});

test('kvmdbg esr --debug-exit --flags --json: says --debug-exit has no value, not that --flags is missing', async () => {
  await usage(['esr', '--debug-exit', '--flags', '--json'], /--debug-exit needs a value/);
});

test('kvmdbg layout --kernel 99999999999999999999.1: the version is too large, not malformed', async () => {
  await usage(['layout', 'kvm_run', '--kernel', '99999999999999999999.1'], /kernel version '99999999999999999999\.1': major 99999999999999999999 is too large/);
});

/** Runs kvmdbg with stdout into a reader that takes `n` bytes and closes, like `| head -c n`. */
function headC(args: string[], n: number): Promise<{ status: number | null; signal: string | null; err: string; ms: number }> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [KVMDBG, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let got = 0;
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= n) child.stdout.destroy();
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (status, signal) => { clearTimeout(watchdog); resolve({ status, signal, err, ms: Date.now() - t0 }); });
  });
}

for (const args of [['layout', 'kvm_run'], ['run', INSNS]]) {
  test(`kvmdbg ${args.join(' ')} | head -c 10: ends quietly when stdout closes`, async () => {
    const r = await headC(args, 10);
    assert.equal(r.signal, null, 'not killed by the watchdog');
    assert.equal(r.err, '', 'nothing on stderr');
    // 141 (128 + SIGPIPE) when a write met the closed pipe; 0 when all was written before it closed
    assert.ok(r.status === 141 || r.status === 0, `status ${r.status}`);
  });
}

writeFileSync(join(dir, '.keep'), '');
