/**
 * The same gdb-multiarch 13.1 batch scripts against qemu-system-aarch64 7.2's gdbstub and against
 * `kvmdbg run --gdb … -S`, on the same guest ELF (test/system/gdb-guest): stop locations, values,
 * watchpoint reports, registers and disassembly must match. Normalised: the connection banner and
 * QEMU's extra system registers. (The FP registers have their own session: gdb-fpu-vs-qemu.test.ts.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { normalise, requireTool, ROOT, runGdb, type GdbRun } from './gdb-harness.ts';

requireTool('gdb-multiarch', 'gdb-multiarch');
requireTool('qemu-system-aarch64', 'qemu-system-arm');

const PRELUDE = `set pagination off
set confirm off
set width 0
file ELF
target remote 127.0.0.1:PORT
`;

async function both(script: string, opts: { sigintAfterMs?: number } = {}) {
  const [q, k] = [await runGdb('qemu', PRELUDE + script, opts), await runGdb('kvmdbg', PRELUDE + script, opts)];
  for (const [name, r] of [['qemu', q], ['kvmdbg', k]] as const) {
    assert.equal(r.status, 0, `gdb against ${name} failed (${r.status}):\n${r.stdout}\n${r.stderr}\nstub: ${r.stubOutput}`);
  }
  return { q, k };
}

test('gdb vs QEMU: hbreak, stepi, info registers, x/4i, bt, break, finish, detach', async () => {
  const { q, k } = await both(`
hbreak bump
continue
info registers
stepi
stepi
stepi
info registers pc
x/4i $pc
bt
delete
break twice
continue
bt
finish
p/x $x0
delete
detach
`);
  assert.match(k.stdout, /Hardware assisted breakpoint 1 at 0x40080050: file \.\/main\.c, line 22\./);
  assert.match(k.stdout, /Breakpoint 1, bump \(x=x@entry=1\)/);
  assert.match(k.stdout, /Value returned is \$1 = 2/);
  assert.match(k.stdout, /\[Inferior 1 \(process 1\) detached\]/);
  assert.equal(normalise(k.stdout), normalise(q.stdout));
  assert.equal(k.stubStatus, 0, `kvmdbg should exit 0 after the guest powers off:\n${k.stubOutput}`);
  assert.match(k.stubOutput, /gdb guest/);
  assert.match(k.stubOutput, /bye/, "after D the guest runs on to its end");
});

test('gdb vs QEMU: watch/rwatch/awatch report the same Old/New values and locations', async () => {
  const { q, k } = await both(`
break main
continue
watch counter
continue
continue
delete
rwatch counter
continue
delete
awatch counter
continue
continue
delete
print counter
kill
`);
  assert.match(k.stdout, /Hardware watchpoint 2: counter\s+Old value = 0\s+New value = 1/);
  assert.match(k.stdout, /Hardware read watchpoint 3: counter\s+Value = /);
  assert.match(k.stdout, /Hardware access \(read\/write\) watchpoint 4: counter/);
  assert.equal(normalise(k.stdout), normalise(q.stdout));
});

test('gdb vs QEMU: Ctrl-C (SIGINT to gdb) while the guest spins gives SIGINT at the same place; kill ends both', async () => {
  const script = `
break main
continue
set var spin_enabled = 1
delete
continue
bt 1
info symbol $pc
print spin_enabled
kill
`;
  const { q, k } = await both(script, { sigintAfterMs: 2500 });
  assert.match(k.stdout, /Program received signal SIGINT, Interrupt\./);
  assert.match(k.stdout, /#0 {2}.*main \(\) at \.\/main\.c:43/);
  assert.match(k.stdout, /main \+ \d+ in section \.text/);
  // the exact instruction of the spin loop differs run to run; the frame, line and values must not
  const drop = (s: string) => s.replace(/0x[0-9a-f]+ in main/g, 'main').replace(/main \+ \d+/g, 'main + N').replace(/^\d+\t.*$/gm, '');
  assert.equal(drop(normalise(k.stdout)), drop(normalise(q.stdout)));
  assert.match(k.stubOutput, /killed by the debugger/);
});

test('gdb vs QEMU, two CPUs: both threads listed, a breakpoint hit by thread 2 (twice), its registers, thread switching', async () => {
  const elf = join(ROOT, 'guests/bin/smp-gcc-O2.elf');
  const script = `${PRELUDE}info threads
break secondary_main
continue
thread
p/x $x0
p/x $pc
thread 2
p/x $x0
continue
thread
p/x $x0
delete
continue
`;
  const runs = [await runGdb('qemu', script, { elf, smp: 2 }), await runGdb('kvmdbg', script, { elf, smp: 2 })];
  for (const r of runs) assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}\nstub: ${r.stubOutput}`);
  const [q, k] = runs as [GdbRun, GdbRun];
  assert.match(k.stdout, /\* 1 {4}Thread 1\.1 .*_start/);
  assert.match(k.stdout, /^ {2}2 {4}Thread 1\.2 /m);
  assert.match(k.stdout, /Thread 2 hit Breakpoint 1, secondary_main \(context=1592590337\)/);
  assert.match(k.stdout, /Thread 2 hit Breakpoint 1, secondary_main \(context=1592590402\)/);
  assert.match(k.stdout, /\[Inferior 1 \(process 1\) exited normally\]/);
  // Where thread 2 starts (never run: PC 0) depends on the stub; each stub has its own thread text
  // (QEMU "CPU#0 [running]", kvmdbg "vCPU 0, EL1h, running"), which widens the column; everything else
  // must match line for line.
  const keep = (t: string): string => normalise(t).split('\n')
    .filter((l) => !/^ {2}2 +Thread 1\.2 /.test(l))
    .map((l) => l.replace(/ \((CPU#\d+ \[[a-z ]+\]|vCPU \d+, EL\d[th], [a-z ]+)\)/, '').replace(/ {2,}/g, ' '))
    .join('\n');
  assert.match(k.stdout, /\* 1 {4}Thread 1\.1 \(vCPU 0, EL1h, running\)/);
  assert.match(k.stdout, /^ {2}2 {4}Thread 1\.2 \(vCPU 1, EL1h, powered off\)/m);
  assert.equal(keep(k.stdout), keep(q.stdout));
  assert.match(k.stubOutput, /cpu0: powering off/);
});

test('gdb vs QEMU: physical-memory mode (maintenance packet Qqemu.PhyMemMode) and monitor gva2gpa answer alike', async () => {
  const { q, k } = await both(`
maintenance packet qqemu.PhyMemMode
maintenance packet Qqemu.PhyMemMode:1
maintenance packet qqemu.PhyMemMode
x/2xw 0x40080000
maintenance packet Qqemu.PhyMemMode:0
maintenance packet qqemu.PhyMemMode
x/2xw 0x40080000
monitor gva2gpa 0x40080004
monitor gva2gpa 0x1000000000000
kill
`);
  assert.match(k.stdout, /received: "1"/);
  // monitor output is gdb's target console, on stderr; QEMU says only "Unmapped", kvmdbg adds the walk's reason
  const console = (r: typeof k): string => r.stderr.replace(/\r/g, '').split('\n').filter((l) => /^(gpa|Unmapped)/.test(l)).join('\n').replace(/^Unmapped: .*$/m, 'Unmapped');
  assert.equal(console(k), 'gpa: 0x40080004\nUnmapped');
  assert.equal(console(k), console(q));
  assert.equal(normalise(k.stdout), normalise(q.stdout));
});
