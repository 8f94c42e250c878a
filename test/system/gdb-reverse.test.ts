/**
 * gdb-multiarch's reverse commands against kvmdbg (qSupported ReverseStep+/ReverseContinue+, bs/bc,
 * replaylog:begin), on the gdb test guest (test/system/gdb-guest/main.c: main calls bump(1..4), each
 * adding its argument to the global `counter`). The truth is the guest's own arithmetic: going back to
 * bump(2) must show counter = 1 and x = 2, as the forward run did there; the reverse watchpoint must leave
 * gdb on the store of each earlier write with the value from before it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ROOT, requireTool, runGdb } from './gdb-harness.ts';

requireTool('gdb-multiarch', 'gdb-multiarch');

test('kvmdbg + gdb: reverse-continue to the previous breakpoint hit, reverse-stepi, forward again, reverse watch to each earlier write, then the start of history', async () => {
  const r = await runGdb('kvmdbg', `set pagination off
set confirm off
file ELF
target remote 127.0.0.1:PORT
break bump
continue
continue
continue
print counter
reverse-continue
print counter
print x
reverse-stepi
print/x $pc
stepi
print/x $pc
delete
watch counter
continue
reverse-continue
print/x $pc
print counter
reverse-continue
print counter
print x
reverse-continue
print/x $pc
monitor history
kill
`);
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 0, out + r.stubOutput);
  // three forward hits, counter 0+1+2 = 3 at bump(3)
  assert.match(out, /Breakpoint 1, bump \(x=x@entry=3\)[\s\S]*?\$1 = 3/);
  // back to bump(2): counter 1, x 2
  assert.match(out, /\$1 = 3\s+Breakpoint 1, bump \(x=x@entry=2\)[\s\S]*?\$2 = 1\s+\$3 = 2/);
  // one instruction back is main's bl to bump; one forward is bump again
  assert.match(out, /\$4 = 0x400800f4\s+Breakpoint 1, bump[\s\S]*?\$5 = 0x40080050/);
  // forward from the past with a watchpoint: the write of bump(2), 1 -> 3
  assert.match(out, /Old value = 1\s+New value = 3/);
  // back: kvmdbg stops just after the store of bump(2), gdb steps back over it (its AArch64 watchpoints
  // trap before the access, so it completes one in the direction it runs) and shows the change backwards
  // on the store itself, before it wrote (objdump: 4008005c str x1, [x2, #400])
  assert.match(out, /Old value = 3\s+New value = 1\s+0x000000004008005c in bump \(x=x@entry=2\)[\s\S]*?\$6 = 0x4008005c\s+\$7 = 1/);
  // back again: the store of bump(1), counter 0
  assert.match(out, /Old value = 1\s+New value = 0\s+0x000000004008005c in bump \(x=x@entry=1\)[\s\S]*?\$8 = 0\s+\$9 = 1/);
  // no earlier write: the start of history (replaylog:begin), the entry point
  assert.match(out, /No more reverse-execution history\.\s+_start \(\)[\s\S]*?\$10 = 0x40080000/);
  // monitor history: each debug exit with its instruction count and raw bytes (BRK #0: ESR 0xf2000000)
  assert.match(out, /now at instruction 0; history holds 0\.\.\d+/);
  assert.match(out, /#1 {2}insn \d+ {2}vcpu 0 {2}pc 0x40080050 {2}ESR_ELx_EC_BRK64 {2}debug\.arch 000000f2/);
});

test('kvmdbg + gdb, two vCPUs (smp guest, --smp 2): reverse-continue from vCPU 1\'s breakpoint hit goes back to vCPU 0\'s previous one, reverse-stepi to its call', async () => {
  const r = await runGdb('kvmdbg', `set pagination off
set confirm off
file ELF
target remote 127.0.0.1:PORT
break rt_printf
${'continue\n'.repeat(9)}info threads
reverse-continue
info threads
reverse-stepi
print/x $pc
kill
`, { smp: 2, elf: join(ROOT, 'guests/bin/smp-gcc-O2.elf') });
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 0, out + r.stubOutput);
  // the ninth hit is vCPU 1's first printf (thread 2)
  assert.match(out, /Thread 2 hit Breakpoint 1, rt_printf \(fmt=fmt@entry=0x[0-9a-f]+ "cpu1: MPIDR_EL1/);
  assert.match(out, /\* 2 {4}Thread 1\.2 \(vCPU 1, EL1h, running\) rt_printf/);
  // back: vCPU 0's eighth hit, and gdb switches to thread 1
  assert.match(out, /\[Switching to Thread 1\.1\]\s+Thread 1 hit Breakpoint 1, rt_printf \(fmt=fmt@entry=0x[0-9a-f]+ "cpu0: cpu1 runs/);
  assert.match(out, /\* 1 {4}Thread 1\.1 \(vCPU 0, EL1h, running\) rt_printf/);
  // one instruction back on vCPU 0: its bl rt_printf in run_second (objdump: 4008176c bl 400811a0)
  assert.match(out, /0x000000004008176c in run_second[\s\S]*?\$1 = 0x4008176c/);
});

test('kvmdbg + gdb: reverse-next, reverse-step into the function that returned, reverse-finish out to its call (gdb builds them from bs and bc)', async () => {
  const r = await runGdb('kvmdbg', `set pagination off
set confirm off
file ELF
target remote 127.0.0.1:PORT
break leaf_sum
continue
next
next
next
reverse-next
info line *$pc
reverse-step
info line *$pc
delete
reverse-finish
info line *$pc
kill
`);
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 0, out + r.stubOutput);
  // forward: leaf_sum's loop, back in main at `counter = r;` (42), then the spin test (43)
  assert.match(out, /main \(\) at \.\/main\.c:42\s+42\s+counter = r;\s+43\s+while \(spin_enabled\)/);
  // reverse-next: line 42 again; reverse-step: into leaf_sum, at its last line (35)
  assert.match(out, /42\s+counter = r;\s+Line 42 of "\.\/main\.c"/);
  assert.match(out, /in leaf_sum \(n=10\) at \.\/main\.c:35[\s\S]*?Line 35 of "\.\/main\.c"/);
  // reverse-finish: back to the call in main, line 41 (u64 r = leaf_sum(counter);): objdump has
  // 40080114 bl 4008006c <leaf_sum>
  assert.match(out, /0x0000000040080114 in main \(\) at \.\/main\.c:41\s+41\s+u64 r = leaf_sum\(counter\);/);
});

test('kvmdbg + gdb: after monitor goto gdb shows its cached registers until they are flushed; a hookpost-monitor that flushes them makes every monitor goto show the new state', async () => {
  const r = await runGdb('kvmdbg', `set pagination off
set confirm off
file ELF
target remote 127.0.0.1:PORT
break bump
continue
continue
print x
monitor goto 1
print x
maintenance flush register-cache
print x
define hookpost-monitor
maintenance flush register-cache
end
monitor goto 3
print x
monitor goto 1
print x
kill
`);
  const out = r.stdout + r.stderr;
  assert.equal(r.status, 0, out + r.stubOutput);
  // debug exits: 1 the hit in bump(1), 2 gdb's step off the breakpoint, 3 the hit in bump(2)
  // the reply says why gdb does not show it and what to do
  assert.match(out, /now at instruction \d+, pc 0x40080050 \(gdb still shows the registers it read before: flushregs, or once a hook, define hookpost-monitor/);
  // at bump(2), monitor goto 1: gdb still shows x = 2 from its cache; flushed, it reads x = 1
  // with the hook, each goto is seen at once: exit 3 is bump(2), exit 1 bump(1)
  assert.match(out, /\$1 = 2\s+\$2 = 2\s+(Register cache flushed\.\s+)?\$3 = 1\s+(Register cache flushed\.\s+)?\$4 = 2\s+(Register cache flushed\.\s+)?\$5 = 1/);
});

test('kvmdbg + gdb: back to the start of history from just before the guest powers off, then forward through the recorded run and on: the guest exits as in a run that never went back, its output printed once', async () => {
  const script = (back: string) => `set pagination off
set confirm off
file ELF
target remote 127.0.0.1:PORT
break power_off
continue
${back}delete
stepi
continue
`;
  const live = await runGdb('kvmdbg', script(''));
  const travelled = await runGdb('kvmdbg', script('reverse-continue\nprint/x $pc\ncontinue\nprint/x $pc\n'));
  for (const r of [live, travelled]) {
    const out = r.stdout + r.stderr;
    assert.equal(r.status, 0, out + r.stubOutput);
    assert.match(out, /Breakpoint 1, power_off \(\)[\s\S]*\[Inferior 1 \(process 1\) exited normally\]/);
    assert.equal(r.stubStatus, live.stubStatus);
    assert.equal(r.stubOutput.match(/gdb guest\n/g)?.length, 1, r.stubOutput);
    assert.equal(r.stubOutput.match(/bye\n/g)?.length, 1, r.stubOutput);
  }
  const out = travelled.stdout + travelled.stderr;
  // back: no hit before, the start of history; forward again: the breakpoint where the run stopped
  const at = /Breakpoint 1 at (0x[0-9a-f]+): file \.\/start\.S/.exec(out)?.[1];
  assert.ok(at, out);
  assert.match(out, new RegExp(`No more reverse-execution history\\.\\s+_start \\(\\)[\\s\\S]*?\\$1 = 0x40080000\\s+Breakpoint 1, power_off \\(\\)[\\s\\S]*?\\$2 = ${at}\\s`));
});
