/**
 * Debian's lldb (14) against kvmdbg's stub and against QEMU 7.2's on the same guest: `gdb-remote`, a
 * breakpoint by name, continue, register reads, an instruction step and a memory read. lldb speaks its
 * own dialect of RSP (qHostInfo, qProcessInfo, qRegisterInfo, x packets, QThreadSuffixSupported…);
 * the stub answers what it does not implement with the empty reply and lldb falls back to target.xml
 * and m packets. The two transcripts must agree after normalising the connection banner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, GDB_GUEST, requireTool, runCaptured, startStub, type Stub } from './gdb-harness.ts';

requireTool('lldb', 'lldb');
requireTool('qemu-system-aarch64', 'qemu-system-arm');

const SCRIPT = `target create ELF
gdb-remote 127.0.0.1:PORT
breakpoint set --name bump
continue
register read pc x0 sp
thread step-inst
register read pc x1 x2
memory read --format x --size 4 --count 4 0x40080050
breakpoint delete 1
breakpoint set --name twice
continue
thread backtrace
process kill
`;

/** The FP registers (fpu feature) of guests/bin/fpmath-gcc-O2.elf stopped in its Mandelbrot loop. */
const FP_ELF = fileURLToPath(new URL('../../guests/bin/fpmath-gcc-O2.elf', import.meta.url));
const FP_SCRIPT = `target create ELF
gdb-remote 127.0.0.1:PORT
breakpoint set --name mandel
continue
thread step-inst
thread step-inst
register read v0 v1 v2 v3 v4 v5 v6 v7 fpsr fpcr
register read d0 d1 s2
process kill
`;

async function lldbSession(stub: Stub, script = SCRIPT, elf = GDB_GUEST): Promise<{ out: string; status: number | null; stubOut: string }> {
  const port = await freePort();
  const s = await startStub(stub, elf, port);
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-lldb-'));
  const file = join(dir, 'cmds');
  writeFileSync(file, script.replace('ELF', elf).replace('PORT', String(port)));
  const { status, out } = await runCaptured('lldb', ['--no-lldbinit', '--batch', '-s', file]);
  const ended = await Promise.race([s.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
  if (ended === 'timeout') s.child.kill('SIGKILL');
  return { out, status, stubOut: s.output() };
}

/** Drops what legitimately differs: lldb's Python warning (Debian packaging), ports. */
function norm(s: string): string {
  return s.split('\n')
    .filter((l) => !/Traceback|File "<string>"|ModuleNotFoundError|no plugin for the language/.test(l))
    .map((l) => l.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/'\/tmp\/[^']*'/g, 'CMDS'))
    .filter((l) => !/^error: Process must be launched/.test(l))
    .join('\n');
}

test('lldb gdb-remote: breakpoint, step, registers, memory, backtrace agree with QEMU', async () => {
  const q = await lldbSession('qemu');
  const k = await lldbSession('kvmdbg');
  assert.match(k.out, /stop reason = breakpoint 1\.1\s+frame #0: 0x0000000040080050 gdb-guest\.elf`bump\(x=1\) at main\.c:22/);
  assert.match(k.out, /pc = 0x0000000040080054/);
  assert.match(k.out, /x0 = 0x0000000000000001/);
  // the words of bump from the ELF: adrp x2; ldr x1,[x2,#400]; add x1,x1,x0; str x1,[x2,#400]
  assert.match(k.out, /0x40080050: 0x90000002 0xf940c841 0x8b000021 0xf900c841/);
  assert.match(k.out, /frame #1: 0x0000000040080094 gdb-guest\.elf`leaf_sum/);
  // process kill: k answered with W00 as QEMU answers it (lldb waits for the exit packet)
  assert.match(k.out, /^Process \d+ exited with status = 0 \(0x00000000\) *$/m);
  assert.equal(norm(k.out), norm(q.out));
  assert.equal(k.status, 0, k.out);
});

test('lldb gdb-remote: register read of v0..v7, d/s views, fpsr and fpcr agree with QEMU', async () => {
  const q = await lldbSession('qemu', FP_SCRIPT, FP_ELF);
  const k = await lldbSession('kvmdbg', FP_SCRIPT, FP_ELF);
  assert.match(k.out, /v0 = \{/);
  assert.match(k.out, /fpcr = 0x00000000/);
  assert.equal(norm(k.out), norm(q.out));
  assert.equal(k.status, 0, k.out);
});
