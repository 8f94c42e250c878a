/**
 * `kvmdbg run` limits on guests that never end, as separate processes: --timeout, --max-insns and
 * Ctrl-C are honoured between any two exits, also when debug stops come one after another with no
 * other exit between them, and a stop repeated over and over is summarised instead of printed each time.
 * The guest is loop.elf (`_start: b _start`, built by clang and ld.lld); addresses and instruction
 * counts of the committed hello guest come from GNU objdump.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildElf } from '../../src/vmm/testing/build-elf.ts';
import { kvmdbg } from './robustness/cli-process.ts';
import { loopElf } from './robustness/loop-guest.ts';

const HELLO = fileURLToPath(new URL('../../guests/bin/hello-gcc-O2.elf', import.meta.url));
const lines = (s: string): number => s.split('\n').filter((l) => l !== '').length;

for (const opts of [['--break', '_start'], ['--hbreak', '_start'], ['--step', '1000000000']]) {
  test(`loop.elf ${opts.join(' ')} --timeout 1: ends with status 3 in about a second; repeated stops are summarised`, async () => {
    const r = await kvmdbg(['run', loopElf(), ...opts, '--timeout', '1']);
    assert.equal(r.hung, false, `still running after 20 s; stderr ${r.errBytes} bytes, tail ${r.err.slice(-300)}`);
    assert.equal(r.status, 3, r.err.slice(-500));
    assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
    assert.match(r.err, /stopped: --timeout 1 s reached/);
    assert.ok(lines(r.err) < 20, `stderr has ${lines(r.err)} lines:\n${r.err.slice(0, 2000)}`);
    assert.match(r.err, /the same stop \d+ more times/);
  });

  test(`loop.elf ${opts.join(' ')}: Ctrl-C ends the run with status 130`, async () => {
    const r = await kvmdbg(['run', loopElf(), ...opts], { sigintWhen: /kvmdbg: /, sigintDelayMs: 500 });
    assert.equal(r.hung, false, `SIGINT ignored; stderr ${r.errBytes} bytes, tail ${r.err.slice(-300)}`);
    assert.equal(r.status, 130, r.err.slice(-500));
    assert.match(r.err, /interrupted at 0x40080000 <_start>/);
    assert.ok(lines(r.err) < 20, `stderr has ${lines(r.err)} lines`);
  });
}

test('loop.elf --hbreak _start --max-insns 100: exactly 100 instructions, status 3', async () => {
  const r = await kvmdbg(['run', loopElf(), '--hbreak', '_start', '--max-insns', '100']);
  assert.equal(r.hung, false);
  assert.equal(r.status, 3, r.err);
  assert.match(r.err, /stopped: --max-insns 100 reached \(100 instructions retired\) at 0x40080000 <_start>/);
});

test('loop.elf --max-insns 1 stops after one instruction, not after a time slice', async () => {
  const r = await kvmdbg(['run', loopElf(), '--max-insns', '1']);
  assert.equal(r.status, 3, r.err);
  assert.match(r.err, /--max-insns 1 reached \(1 instructions retired\)/);
});

test('hello --max-insns N: stops with the pc N instructions into _start (straight-line code per objdump), no UART output', async () => {
  const dis = execFileSync('aarch64-linux-gnu-objdump', ['-d', '--disassemble=_start', HELLO], { encoding: 'utf8' });
  const addrs = [...dis.matchAll(/^\s+([0-9a-f]+):\s+[0-9a-f]{8}\s+(\S+)/gm)].map((m) => ({ addr: BigInt('0x' + m[1]), op: m[2]! }));
  const start = addrs[0]!.addr;
  // mrs, and, cbnz (not taken on CPU 0), adr, msr, isb: the first six execute in order
  assert.deepEqual(addrs.slice(0, 6).map((a) => a.op), ['mrs', 'and', 'cbnz', 'adr', 'msr', 'isb']);
  for (const n of [1, 4, 6]) {
    const r = await kvmdbg(['run', HELLO, '--max-insns', String(n)]);
    assert.equal(r.status, 3, r.err);
    assert.equal(r.out, '', 'the guest printed nothing yet');
    assert.match(r.err, new RegExp(`--max-insns ${n} reached \\(${n} instructions retired\\) at 0x${(start + 4n * BigInt(n)).toString(16)}\\b`));
  }
});

test('--max-insns counts every instruction: the whole hello guest under a budget it fits in runs to its end', async () => {
  const r = await kvmdbg(['run', HELLO, '--max-insns', '100000000']);
  assert.equal(r.status, 0, r.err);
  assert.match(r.out, /hello/i);
});

test('--step with --gdb is refused (status 2): stepping belongs to the debugger', async () => {
  const r = await kvmdbg(['run', HELLO, '--gdb', '0', '--step', '3'], { watchdogMs: 10_000 });
  assert.equal(r.status, 2, r.err);
  assert.match(r.err, /--step .*--gdb/);
});

test('--gdb -S --timeout 1 with no debugger coming: the wall-time limit still ends the run (status 3)', async () => {
  const r = await kvmdbg(['run', HELLO, '--gdb', '0', '-S', '--timeout', '1']);
  assert.equal(r.hung, false);
  assert.equal(r.status, 3, r.err);
  assert.match(r.err, /stopped: --timeout 1 s reached/);
});

test('--gdb with --max-insns and no debugger: the guest runs free and stops at the budget (status 3)', async () => {
  const r = await kvmdbg(['run', HELLO, '--gdb', '0', '--max-insns', '6']);
  assert.equal(r.status, 3, r.err);
  assert.match(r.err, /stopped: --max-insns 6 reached \(6 instructions retired\) at 0x40080018/);
});

test('a guest whose exception vector is not in RAM (UDF at _start, VBAR_EL1 0, no flash image): --timeout and --max-insns still end it', async () => {
  // the UDF is taken at VBAR_EL1 + 0x200 = 0x200, in the flash window with nothing loaded: each fetch there is
  // an instruction abort KVM re-injects without leaving KVM_RUN, for ever
  const path = join(mkdtempSync(join(tmpdir(), 'kvmdbg-vec-')), 'udf.elf');
  writeFileSync(path, buildElf(0x4008_0000n, [{ paddr: 0x4008_0000n, data: new Uint8Array(4) }]).bytes);
  const t = await kvmdbg(['run', path, '--timeout', '1']);
  assert.equal(t.hung, false, 'still running after 20 s');
  assert.equal(t.status, 3, t.err);
  assert.match(t.err, /stopped: --timeout 1 s reached at 0x200\b/);
  const n = await kvmdbg(['run', path, '--max-insns', '1000']);
  assert.equal(n.hung, false, 'still running after 20 s');
  assert.equal(n.status, 3, n.err);
  assert.match(n.err, /--max-insns 1000 reached .* at 0x200\b/);
});
