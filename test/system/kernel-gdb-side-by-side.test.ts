/**
 * One gdb-multiarch script against Debian's 6.1 kernel under two stubs: qemu-system-aarch64 -M virt
 * -cpu cortex-a57 -smp 2 -S and `kvmdbg run --kernel … --smp 2 --gdb … -S`, the same Image, initramfs
 * and command line (`nokaslr`, so System.map's link addresses are where the kernel runs). The script
 * stops at the reset vector, puts a hardware breakpoint on start_kernel, continues, and reads what a
 * kernel developer reads there: the stop, the PC, the disassembly, the threads (one per vCPU; vCPU 1 is
 * still off until the kernel brings it up with PSCI), VBAR_EL1 (QEMU names it VBAR), linux_banner
 * through its virtual address, the system registers by QEMU's names, then steps vCPU 0 a few
 * instructions. Both transcripts must be the same,
 * but for the threads' extra info (QEMU says "CPU#0 [running]", kvmdbg "vCPU 0, EL1h, running"); the
 * truths besides QEMU are System.map (the stop PC, VBAR_EL1 = vectors, SP_EL0 = init_task) and the
 * kernel's release in the banner. System registers that legitimately differ are listed in DIFFER. The kernel is stopped before it prints anything: this costs kvmdbg seconds, not a boot.
 * An lldb session at the same stop is compared the same way (lldbScript says where it may differ).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSymbolFile } from '../../src/vmm/symbol-file.ts';
import { requireTool, type Stub } from './gdb-harness.ts';
import { KernelStub, runGdbScript, runLldbScript, type GdbTranscript, type KernelGuest } from './kernel-gdb/harness.ts';
import { fetchKernelSymbols, fetchRealGuests } from './real-guests/fetch.ts';
import { buildInitramfs } from './real-guests/initramfs.ts';

requireTool('gdb-multiarch', 'gdb-multiarch');
requireTool('qemu-system-aarch64', 'qemu-system-arm');

const STEPS = 5;
/** ELF's function symbol type, which System.map's t/T lines become. */
const STT_FUNC = 2;

/** The system registers the script prints at start_kernel, by QEMU's names. */
const SYSTEM_REGISTERS = ['SCTLR', 'TCR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'MAIR_EL1', 'VBAR', 'ESR_EL1', 'FAR_EL1', 'ELR_EL1',
  'SPSR_EL1', 'SP_EL0', 'SP_EL1', 'TPIDR_EL0', 'TPIDR_EL1', 'CNTV_CTL_EL0', 'CNTV_CVAL_EL0'];

/**
 * Registers whose values legitimately differ, with why. ESR_EL1, FAR_EL1, TPIDR_EL0 and TPIDR_EL1 are
 * UNKNOWN at reset and the kernel has not written them yet: KVM's reset_unknown fills them with
 * 0x1de7ec7edbadc0de, QEMU with 0. QEMU's SP_EL1 is its saved copy, stale while SP_EL1 is the stack in use
 * (EL1h), where KVM's sp_el1 is the live value. SCTLR: Linux sets ITFSB (bit 37), which is RES0 without
 * FEAT_MTE; QEMU drops it on the write, kvmdbg keeps it (for a read/write RES0 bit the Arm ARM lets an
 * implementation choose either): compared without that bit.
 */
const DIFFER = new Set(['ESR_EL1', 'FAR_EL1', 'TPIDR_EL0', 'TPIDR_EL1', 'SP_EL1', 'SCTLR']);
const SCTLR_ITFSB = 1n << 37n;

function script(at: { startKernel: bigint; banner: bigint; vectors: bigint }): string {
  const hex = (v: bigint): string => `0x${v.toString(16)}`;
  return ['set pagination off', 'set confirm off', 'target remote 127.0.0.1:PORT', 'info threads',
    `hbreak *${hex(at.startKernel)}`, 'continue', 'p/x $pc', 'x/4i $pc', 'info threads', 'p/x $VBAR',
    `x/s ${hex(at.banner)}`, ...SYSTEM_REGISTERS.map((r) => `printf "reg ${r} %#lx\\n", $${r}`), 'printf "sp %#lx\\n", $sp',
    ...Array.from({ length: STEPS }, () => ['stepi', 'p/x $pc']).flat(), 'info threads', ...writes(at), 'kill', ''].join('\n');
}

/**
 * Writing system registers: VBAR and TPIDR_EL1 of vCPU 0 get new values, gdb's register cache is dropped
 * (flushregs) so the values are read from the stub again, then once more after a stepi (the vCPU ran with
 * them), and VBAR goes back. kvmdbg writes through KVM_SET_ONE_REG; QEMU 7.2 acknowledges writes to its
 * org.qemu.gdb.arm.sys.regs registers and ignores them (target/arm/gdbstub.c arm_gdb_set_sysreg), so
 * it reads back the old values: the `wr` lines differ by design and are compared apart.
 */
const WRITTEN = { VBAR: 0xffff800008010000n, TPIDR_EL1: 0x123456789abcdefn };

function writes(at: { vectors: bigint }): string[] {
  const hex = (v: bigint): string => `0x${v.toString(16)}`;
  const show = (when: string): string[] => Object.keys(WRITTEN).map((r) => `printf "wr ${when} ${r} %#lx\\n", $${r}`);
  return [...Object.entries(WRITTEN).map(([r, v]) => `set $${r} = ${hex(v)}`), 'flushregs', ...show('now'), 'stepi', ...show('stepped'),
    `set $VBAR = ${hex(at.vectors)}`, 'flushregs', 'printf "wr back VBAR %#lx\\n", $VBAR'];
}

function written(text: string): Map<string, bigint> {
  return new Map([...text.matchAll(/^wr (\S+ \S+) (0x[0-9a-f]+|0)$/gm)].map((m) => [m[1]!, BigInt(m[2]!)]));
}

function registers(text: string): Map<string, bigint> {
  return new Map([...text.matchAll(/^reg (\S+) (0x[0-9a-f]+|0)$/gm)].map((m) => [m[1]!, BigInt(m[2]!)]));
}

/** What both stubs must agree on: the threads' extra info and column padding differ by design. */
function normalise(text: string): string {
  return text.split('\n')
    .map((l) => l.replace(/^(\*?\s*\d+\s+Thread \d+\.\d+) \([^)]*\)/, '$1 (…)').replace(/\s+/g, ' ').trimEnd())
    .join('\n');
}

async function session(stub: Stub, guest: KernelGuest, gdb: string, run = runGdbScript): Promise<GdbTranscript> {
  const s = await KernelStub.start(stub, guest);
  try {
    const t = await run(s, gdb, { timeoutMs: 300_000 });
    assert.equal(t.status, 0, `${stub}: ${t.stdout}${t.stderr}`);
    return t;
  } finally {
    await s.stop();
  }
}

test('Debian 6.1 at start_kernel: the same gdb session under kvmdbg as under QEMU', { timeout: 600_000 }, async () => {
  const g = fetchRealGuests();
  const symbols = parseSymbolFile(readFileSync(fetchKernelSymbols().systemMap));
  const sym = (name: string): bigint => {
    const s = symbols.find((x) => x.name === name);
    assert.ok(s, `${name} is in System.map`);
    return s.value;
  };
  const at = { startKernel: sym('start_kernel'), banner: sym('linux_banner'), vectors: sym('vectors') };
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-kside-'));
  const initrd = join(dir, 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
  const guest: KernelGuest = { kernel: g.kernel, initrd, append: 'console=ttyAMA0 nokaslr', smp: 2, gic: 3, memory: 512, wait: true };
  const gdb = script(at);

  const qemu = await session('qemu', guest, gdb);
  const kvmdbg = await session('kvmdbg', guest, gdb);
  const withoutRegisters = (t: string): string => normalise(t.split('\n').filter((l) => !/^(reg|wr) /.test(l)).join('\n'));
  assert.equal(withoutRegisters(kvmdbg.stdout), withoutRegisters(qemu.stdout));
  const q = registers(qemu.stdout), k = registers(kvmdbg.stdout);
  assert.deepEqual([...k.keys()], SYSTEM_REGISTERS, kvmdbg.stdout);
  assert.deepEqual([...q.keys()], SYSTEM_REGISTERS, qemu.stdout);
  for (const r of SYSTEM_REGISTERS.filter((x) => !DIFFER.has(x))) assert.equal(k.get(r), q.get(r), r);
  assert.equal(k.get('SCTLR')! & ~SCTLR_ITFSB, q.get('SCTLR'), 'SCTLR but for ITFSB');
  // written system registers: kvmdbg keeps the values gdb wrote, QEMU keeps the ones it had
  const kw = written(kvmdbg.stdout), qw = written(qemu.stdout);
  for (const [r, v] of Object.entries(WRITTEN)) {
    for (const when of ['now', 'stepped']) {
      assert.equal(kw.get(`${when} ${r}`), v, `kvmdbg: ${r} ${when}\n${kvmdbg.stdout}`);
      assert.equal(qw.get(`${when} ${r}`), q.get(r), `QEMU ignores the write of ${r} (${when})\n${qemu.stdout}`);
    }
  }
  assert.equal(kw.get('back VBAR'), at.vectors);

  // the truths besides QEMU
  const out = kvmdbg.stdout;
  const hex = (v: bigint): string => `0x${v.toString(16)}`;
  assert.match(out, new RegExp(`^Thread 1 hit Breakpoint 1, ${hex(at.startKernel)} in`, 'm'), out);
  const values = [...out.matchAll(/^\$(\d+) = (\S+)$/gm)].map((m) => m[2]!);
  assert.equal(values.length, 2 + STEPS, out);
  assert.equal(values[0], hex(at.startKernel), 'the stop PC is start_kernel');
  assert.equal(values[1], hex(sym('vectors')), 'VBAR_EL1 holds vectors: the kernel set it before start_kernel');
  // SP_EL0 holds `current`, init_task, from __primary_switched on; at EL1h the stack in use is SP_EL1
  assert.equal(k.get('SP_EL0'), sym('init_task'), 'SP_EL0 is init_task');
  const sp = /^sp (0x[0-9a-f]+)$/m.exec(out);
  assert.ok(sp, out);
  assert.equal(k.get('SP_EL1'), BigInt(sp[1]!), 'SP_EL1 is the stack in use at EL1h');
  // the stepped PCs are the instructions x/4i listed, in order (straight-line code at start_kernel's entry)
  const listed = [...out.matchAll(/^(?:=>)?\s+(0x[0-9a-f]+):\t/gm)].map((m) => m[1]!);
  assert.equal(listed.length, 4, out);
  assert.deepEqual(values.slice(2, 5), listed.slice(1), 'stepi goes from one listed instruction to the next');
  const release = g.kernelRelease.replace(/[.+]/g, '\\$&');
  assert.match(out, new RegExp(`^${hex(at.banner)}:\\t"Linux version ${release} `, 'm'), 'linux_banner read through its virtual address');
  const threadLists = out.split('\n').filter((l) => /^\s+Id\s+Target Id/.test(l)).length;
  assert.equal(threadLists, 3, out);
  const threadRows = [...out.matchAll(/^\*?\s+(\d+)\s+Thread 1\.(\d+) \(vCPU (\d), (EL\dh?t?), ([a-z ]+)\)/gm)];
  assert.equal(threadRows.length, 3 * 2, `info threads lists 2 vCPUs each time:\n${out}`);
  for (const m of threadRows) assert.equal(Number(m[3]) + 1, Number(m[2]), m[0]);
  // vCPU 1 waits for PSCI CPU_ON, which comes later in start_kernel's smp_init
  assert.deepEqual(threadRows.filter((m) => m[3] === '1').map((m) => m[5]), ['powered off', 'powered off', 'powered off']);
});

/**
 * Ctrl-C of a running kernel, under kvmdbg: gdb continues from the reset vector and gets SIGINT once
 * the kernel's early console (earlycon on the PL011) shows "Booting Linux", which setup_arch prints. The
 * stop is SIGINT on vCPU 0, in the kernel's image (System.map's _text.._end) at EL1h, with both vCPUs
 * listed; a stepi on vCPU 0 then moves its PC, and kill ends the VM. Not run against QEMU: QEMU 7.2's
 * gdbstub dropped the connection ("Disconnected from target") on 5 of 12 Ctrl-Cs at this point
 * of the boot, so the truths are System.map and the architecture.
 */
test('Debian 6.1 running: Ctrl-C stops it in the kernel at EL1h, both vCPUs listed, stepi moves on', { timeout: 600_000 }, async () => {
  const g = fetchRealGuests();
  const symbols = parseSymbolFile(readFileSync(fetchKernelSymbols().systemMap));
  const sym = (name: string): bigint => symbols.find((x) => x.name === name)!.value;
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-kside-'));
  const initrd = join(dir, 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
  const guest: KernelGuest = { kernel: g.kernel, initrd, append: 'console=ttyAMA0 nokaslr earlycon=pl011,0x9000000', smp: 2, gic: 3,
    memory: 512, wait: true };
  const s = await KernelStub.start('kvmdbg', guest);
  let t: GdbTranscript;
  try {
    t = await runGdbScript(s, ['set pagination off', 'set confirm off', 'target remote 127.0.0.1:PORT', 'continue', 'p/x $pc',
      'p/x $cpsr & 0xf', 'info threads', 'stepi', 'p/x $pc', 'kill', ''].join('\n'), { interruptOn: 'Booting Linux', timeoutMs: 300_000 });
    assert.equal(await s.exited, 0, 'kill ends kvmdbg');
  } finally {
    await s.stop();
  }
  const out = t.stdout;
  assert.equal(t.status, 0, out + t.stderr);
  assert.match(out, /^Thread 1 received signal SIGINT, Interrupt\.$/m, out);
  const values = [...out.matchAll(/^\$\d+ = (0x[0-9a-f]+)$/gm)].map((m) => BigInt(m[1]!));
  assert.equal(values.length, 3, out);
  const [pc, mode, next] = values as [bigint, bigint, bigint];
  assert.ok(pc >= sym('_text') && pc < sym('_end'), `the stop PC 0x${pc.toString(16)} is in the kernel's image`);
  assert.equal(mode, 5n, 'EL1h');
  assert.ok(next >= sym('_text') && next < sym('_end') && next !== pc, `stepi moved the PC to 0x${next.toString(16)}`);
  const rows = [...out.matchAll(/^\*?\s+(\d+)\s+Thread 1\.(\d+) \(vCPU (\d), [^)]*\)/gm)];
  assert.deepEqual(rows.map((m) => m[3]), ['0', '1'], out);
  assert.match(out, /\[Inferior 1 \(process \d+\) killed\]/, out);
});

/**
 * The same stop under Debian's lldb 14. lldb asks for QThreadSuffixSupported; kvmdbg accepts, so lldb
 * names the thread in each register packet and never moves `Hg`, whose vCPU (the one that stopped) the
 * memory packets translate through. QEMU 7.2 does not, so lldb sends `Hg2` to read vCPU 1's registers
 * after the stop, and QEMU translates the stop display's disassembly through vCPU 1 (powered off, MMU off):
 * "memory read failed". The next command that reads vCPU 0's registers (register read) moves `Hg` back and
 * QEMU's reads work again. So the stop display is where the transcripts may differ, the rest must not.
 * `k` has no reply in the RSP's text (GDB manual, Packets), but QEMU answers W00 before it exits and lldb waits for
 * it; kvmdbg answers the same, so lldb's exit status line is compared too.
 */
function lldbScript(at: { startKernel: bigint; banner: bigint }): string {
  const hex = (v: bigint): string => `0x${v.toString(16)}`;
  return ['gdb-remote 127.0.0.1:PORT', `breakpoint set --hardware --address ${hex(at.startKernel)}`, 'continue', 'thread list',
    'register read pc sp cpsr VBAR TTBR1_EL1 SP_EL0', `memory read --format x --size 4 --count 4 ${hex(at.startKernel)}`,
    `disassemble --start-address ${hex(at.startKernel)} --count 4`, `memory read --format c --count 64 ${hex(at.banner)}`,
    'process kill', ''].join('\n');
}

/** lldb's transcript without the command file's path, the port and its Python warning. */
function normaliseLldb(text: string): string {
  return text.split('\n')
    .filter((l) => !/Traceback|File "<string>"|ModuleNotFoundError|^Executing commands in|^\(lldb\) command source/.test(l))
    .map((l) => l.replace(/127\.0\.0\.1:\d+/, '127.0.0.1:PORT').trimEnd())
    .join('\n');
}

test('Debian 6.1 at start_kernel: the same lldb session under kvmdbg as under QEMU', { timeout: 600_000 }, async () => {
  requireTool('lldb', 'lldb');
  const g = fetchRealGuests();
  const symbols = parseSymbolFile(readFileSync(fetchKernelSymbols().systemMap));
  const sym = (name: string): bigint => symbols.find((x) => x.name === name)!.value;
  const at = { startKernel: sym('start_kernel'), banner: sym('linux_banner') };
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-kside-'));
  const initrd = join(dir, 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
  const guest: KernelGuest = { kernel: g.kernel, initrd, append: 'console=ttyAMA0 nokaslr', smp: 2, gic: 3, memory: 512, wait: true };
  const script = lldbScript(at);
  const qemu = await session('qemu', guest, script, runLldbScript);
  const kvmdbg = await session('kvmdbg', guest, script, runLldbScript);
  const q = normaliseLldb(qemu.stdout), k = normaliseLldb(kvmdbg.stdout);
  const hex16 = (v: bigint): string => `0x${v.toString(16).padStart(16, '0')}`;

  // the stop display: kvmdbg disassembles start_kernel's first instructions, QEMU fails to read them
  const stop = /\* thread #1, stop reason = breakpoint 1\.1\n\s+frame #0: (0x[0-9a-f]+)\n/;
  assert.equal(stop.exec(k)?.[1], hex16(at.startKernel), k);
  assert.equal(stop.exec(q)?.[1], hex16(at.startKernel), q);
  const disassembly = (t: string): string => /^\(lldb\) disassemble .*\n((?:.*\n){4})/m.exec(t)?.[1] ?? '';
  const listed = disassembly(k);
  assert.match(listed, new RegExp(`^->  0x${at.startKernel.toString(16)}: `), k);
  assert.ok(k.includes(`breakpoint 1.1\n    frame #0: ${hex16(at.startKernel)}\n${listed}(lldb) thread list`), `kvmdbg's stop display disassembles:\n${k}`);
  assert.ok(q.includes(`breakpoint 1.1\n    frame #0: ${hex16(at.startKernel)}\nerror: memory read failed for `), `QEMU's stop display reads through vCPU 1:\n${q}`);
  const withoutStopDisplay = (t: string): string => t.replace(/(breakpoint 1\.1\n\s+frame #0: 0x[0-9a-f]+\n)(?:(?!\(lldb\)).*\n)*/, '$1');
  assert.equal(withoutStopDisplay(k), withoutStopDisplay(q));
  assert.doesNotMatch(k, /error:/, k);

  // the truths besides QEMU: System.map, the threads, the words of start_kernel, the banner
  assert.match(k, /^\* thread #1: tid = 0x0001, 0x[0-9a-f]+, stop reason = breakpoint 1\.1\n {2}thread #2: tid = 0x0002, 0x0000000000000000$/m, k);
  assert.match(k, new RegExp(`^\\s+pc = ${hex16(at.startKernel)}$`, 'm'), k);
  assert.match(k, new RegExp(`^\\s+VBAR = ${hex16(sym('vectors'))}$`, 'm'), k);
  assert.match(k, new RegExp(`^\\s+SP_EL0 = ${hex16(sym('init_task'))}$`, 'm'), k);
  const words = /^0x[0-9a-f]+: (0x[0-9a-f]{8}) (0x[0-9a-f]{8}) (0x[0-9a-f]{8}) (0x[0-9a-f]{8})$/m.exec(k);
  assert.ok(words, k);
  assert.equal(words[1], '0xd503201f', 'start_kernel begins with the NOPs of its patchable function entry');
  assert.match(k, /^0x[0-9a-f]+: Linux version /m, 'linux_banner read through its virtual address');
  assert.equal(kvmdbg.status, 0, kvmdbg.stdout);
});

/**
 * Past start_kernel: a watchpoint on jiffies_64 (System.map's address) and a hardware breakpoint on
 * kernel_init, the function the kernel's first thread (PID 1) starts in once start_kernel is done. Both
 * stubs must stop at the same places: the first write of jiffies_64 is the first timer tick's, in
 * do_timer, on vCPU 0, and it adds 1 to the link-time value; kernel_init is reached on vCPU 0 while
 * vCPU 1 is still off (smp_init comes later, in kernel_init_freeable). The tick's timing is each stub's
 * own, yet the values gdb reports agree: jiffies_64 starts at INITIAL_JIFFIES (include/linux/jiffies.h,
 * a link-time value) and the first periodic tick adds 1. Under kvmdbg kernel_init is about 96 million
 * guest instructions past start_kernel (98 M from reset; 16 s of kvmdbg's CPU time).
 */
test('Debian 6.1 past start_kernel: watch jiffies_64, then kernel_init; the same stops under kvmdbg as under QEMU', { timeout: 900_000 }, async () => {
  const g = fetchRealGuests();
  const symbols = parseSymbolFile(readFileSync(fetchKernelSymbols().systemMap));
  const sym = (name: string): bigint => symbols.find((x) => x.name === name)!.value;
  const hex = (v: bigint): string => `0x${v.toString(16)}`;
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-kside-'));
  const initrd = join(dir, 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
  const guest: KernelGuest = { kernel: g.kernel, initrd, append: 'console=ttyAMA0 nokaslr', smp: 2, gic: 3, memory: 512, wait: true };
  const gdb = ['set pagination off', 'set confirm off', 'target remote 127.0.0.1:PORT', `hbreak *${hex(sym('start_kernel'))}`, 'continue',
    'delete', `watch *(unsigned long long *)${hex(sym('jiffies_64'))}`, 'continue', 'p/x $pc', 'info threads', 'delete',
    `hbreak *${hex(sym('kernel_init'))}`, 'continue', 'p/x $pc', 'x/4i $pc', 'info threads', 'kill', ''].join('\n');
  const qemu = await session('qemu', guest, gdb);
  const kvmdbg = await session('kvmdbg', guest, gdb);
  assert.equal(normalise(kvmdbg.stdout), normalise(qemu.stdout));

  // the truths besides QEMU: System.map, and the arithmetic of one tick
  const out = kvmdbg.stdout;
  const watch = new RegExp(`^Thread 1 hit Hardware watchpoint 2: \\*\\(unsigned long long \\*\\)${hex(sym('jiffies_64'))}\n\nOld value = (\\d+)\nNew value = (\\d+)$`, 'm').exec(out);
  assert.ok(watch, out);
  assert.equal(BigInt(watch[2]!), BigInt(watch[1]!) + 1n, 'the first tick adds one jiffy');
  const values = [...out.matchAll(/^\$(\d+) = (0x[0-9a-f]+)$/gm)].map((m) => BigInt(m[2]!));
  assert.equal(values.length, 2, out);
  const [afterStore, init] = values as [bigint, bigint];
  const sorted = symbols.filter((x) => x.type === STT_FUNC).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  const within = sorted.findLast((x) => x.value <= afterStore);
  assert.equal(within?.name, 'do_timer', `the store to jiffies_64 is in do_timer (pc ${hex(afterStore)})`);
  assert.equal(init, sym('kernel_init'));
  assert.match(out, new RegExp(`^Thread 1 hit Breakpoint 3, ${hex(sym('kernel_init'))} in`, 'm'), out);
  const rows = [...out.matchAll(/^\*?\s+(\d+)\s+Thread 1\.(\d+) \(vCPU (\d), (EL\dh?t?), ([a-z ]+)\)/gm)].map((m) => `${m[3]} ${m[5]}`);
  assert.deepEqual(rows, ['0 running', '1 powered off', '0 running', '1 powered off'], out);
});
