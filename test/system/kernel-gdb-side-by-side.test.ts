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
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSymbolFile } from '../../src/vmm/symbol-file.ts';
import { requireTool, type Stub } from './gdb-harness.ts';
import { KernelStub, runGdbScript, type GdbTranscript, type KernelGuest } from './kernel-gdb/harness.ts';
import { fetchKernelSymbols, fetchRealGuests } from './real-guests/fetch.ts';
import { buildInitramfs } from './real-guests/initramfs.ts';

requireTool('gdb-multiarch', 'gdb-multiarch');
requireTool('qemu-system-aarch64', 'qemu-system-arm');

const STEPS = 5;

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

function script(at: { startKernel: bigint; banner: bigint }): string {
  const hex = (v: bigint): string => `0x${v.toString(16)}`;
  return ['set pagination off', 'set confirm off', 'target remote 127.0.0.1:PORT', 'info threads',
    `hbreak *${hex(at.startKernel)}`, 'continue', 'p/x $pc', 'x/4i $pc', 'info threads', 'p/x $VBAR',
    `x/s ${hex(at.banner)}`, ...SYSTEM_REGISTERS.map((r) => `printf "reg ${r} %#lx\\n", $${r}`), 'printf "sp %#lx\\n", $sp',
    ...Array.from({ length: STEPS }, () => ['stepi', 'p/x $pc']).flat(), 'info threads', 'kill', ''].join('\n');
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

async function session(stub: Stub, guest: KernelGuest, gdb: string): Promise<GdbTranscript> {
  const s = await KernelStub.start(stub, guest);
  try {
    const t = await runGdbScript(s, gdb, { timeoutMs: 300_000 });
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
  const at = { startKernel: sym('start_kernel'), banner: sym('linux_banner') };
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-kside-'));
  const initrd = join(dir, 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
  const guest: KernelGuest = { kernel: g.kernel, initrd, append: 'console=ttyAMA0 nokaslr', smp: 2, gic: 3, memory: 512, wait: true };
  const gdb = script(at);

  const qemu = await session('qemu', guest, gdb);
  const kvmdbg = await session('kvmdbg', guest, gdb);
  const withoutRegisters = (t: string): string => normalise(t.split('\n').filter((l) => !l.startsWith('reg ')).join('\n'));
  assert.equal(withoutRegisters(kvmdbg.stdout), withoutRegisters(qemu.stdout));
  const q = registers(qemu.stdout), k = registers(kvmdbg.stdout);
  assert.deepEqual([...k.keys()], SYSTEM_REGISTERS, kvmdbg.stdout);
  assert.deepEqual([...q.keys()], SYSTEM_REGISTERS, qemu.stdout);
  for (const r of SYSTEM_REGISTERS.filter((x) => !DIFFER.has(x))) assert.equal(k.get(r), q.get(r), r);
  assert.equal(k.get('SCTLR')! & ~SCTLR_ITFSB, q.get('SCTLR'), 'SCTLR but for ITFSB');

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
