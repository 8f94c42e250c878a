/**
 * The debugger's `monitor` commands over a VmmTarget whose kernel plays a script: the text shows the
 * exit as the kvm_run bytes say it (hsr, flag, far), the ESR decoded by esr/, the kernel profile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REG_PC, sysRegId } from '../abi/index.ts';
import { Machine } from './machine.ts';
import { monitorCommand as monitorReply, type MonitorSource } from './monitor.ts';
import { parseSystemMap } from './symbol-file.ts';
import { VmmTarget } from './target.ts';
import { REG_ID_AA64MMFR0_EL1 } from './translate.ts';
import { buildElf, words } from './testing/build-elf.ts';
import { ScriptedKvm, debugExit, shutdownExit } from './testing/scripted-kvm.ts';

const ENTRY = 0x4008_0000n;

/** The text of a command that answers at once (every one here: none runs the guest). */
function monitorCommand(src: MonitorSource, command: string, symbols?: Parameters<typeof monitorReply>[2]): string {
  const r = monitorReply(src, command, symbols);
  assert.equal(typeof r, 'string', `monitor ${command} answers at once`);
  return r as string;
}
const REG_VBAR_EL1 = sysRegId(3, 0, 12, 0, 0);

function target(): { k: ScriptedKvm; t: VmmTarget } {
  const k = new ScriptedKvm();
  const m = new Machine(k, { memorySize: 1 << 20, uartTx: () => {} });
  m.load(buildElf(ENTRY, [{ paddr: ENTRY, data: words(0xd503201f, 0xd503201f) }]).bytes);
  return { k, t: new VmmTarget(m) };
}

test('monitor help: one line per command, each of which runs; an unknown command is named and points to help', () => {
  const { t } = target();
  const help = monitorCommand(t, 'help');
  assert.equal(monitorCommand(t, ''), help);
  const lines = help.trimEnd().split('\n').slice(1);
  const names = lines.map((l) => /^ {2}monitor ([a-z0-9]+)\b.{2,}$/.exec(l)?.[1]);
  assert.ok(names.every((n) => n !== undefined), `every line names one command and says what it does:\n${help}`);
  assert.deepEqual(names, [...new Set(names)], 'no command twice');
  for (const n of ['exit', 'vcpus', 'phys', 'gva2gpa', 'esr', 'kernel', 'help']) assert.ok(names.includes(n), `${n} is listed`);
  for (const n of names) assert.doesNotMatch(monitorCommand(t, n!), /unknown monitor command/, `${n} is a command`);
  assert.equal(monitorCommand(t, 'frobnicate'), "unknown monitor command 'frobnicate': 'monitor help' lists the commands\n");
});

test('monitor esr VALUE, kernel', () => {
  const { t } = target();
  assert.match(monitorCommand(t, 'esr 0xd2000062'), /ESR 0xd2000062: .*ESR_ELx_EC_WATCHPT_LOW/);
  assert.match(monitorCommand(t, 'esr nope'), /nope/);
  assert.match(monitorCommand(t, 'esr'), /usage: monitor esr VALUE/);
  assert.match(monitorCommand(t, 'kernel'), /backend scripted, kernel profile test script, ABI byte order little-endian \(le\)/);
});

test('monitor exit: nothing before the first KVM_RUN; after a step the raw debug.arch bytes, the flag and the decoded ESR', async () => {
  const { k, t } = target();
  assert.match(monitorCommand(t, 'exit'), /no KVM_RUN exit yet/);
  k.then((kk) => { debugExit(0xca000022)(kk); kk.regs.set(REG_PC, ENTRY + 4n); });
  assert.equal((await t.resume('step')).kind, 'step');
  const exit = monitorCommand(t, 'exit');
  assert.match(exit, /^exit #1: KVM_RUN returned 0, KVM_EXIT_DEBUG, pc 0x40080004$/m);
  assert.match(exit, /^kvm_run\.debug\.arch \(le\): 22 00 00 ca 00 00 00 00 /m);
  assert.match(exit, /^flags {4}0x0001: KVM_DEBUG_ARCH_HSR_HIGH_VALID set$/m);
  assert.match(exit, /^hsr {6}0xca000022 {2}ESR\[31:0\]$/m);
  assert.match(exit, /^far {6}0x[0-9a-f]{16} {2}not meaningful: KVM writes far only for watchpoint exits/m);
  assert.match(exit, /ESR 0xca000022: .*ESR_ELx_EC_SOFTSTP_LOW/);
});

test('monitor exit after a non-debug exit: the flags, and no debug.arch fields read into it', async () => {
  const { k, t } = target();
  k.then(shutdownExit());
  assert.equal((await t.resume('continue')).kind, 'poweroff');
  const exit = monitorCommand(t, 'exit');
  assert.match(exit, /KVM_EXIT_SYSTEM_EVENT/);
  assert.match(exit, /^kvm_run\.flags 0x0000 \(not a debug exit/m);
  assert.doesNotMatch(exit, /hsr|ESR/);
});

test('monitor phys: shows and switches the address space of memory packets; anything else is a usage line', () => {
  const { t } = target();
  assert.match(monitorCommand(t, 'phys'), /virtual addresses \(phys off\)/);
  assert.match(monitorCommand(t, 'phys on'), /guest-physical memory \(phys on\)/);
  assert.equal(t.physicalMemory(), true);
  assert.match(monitorCommand(t, 'phys maybe'), /usage: monitor phys \[on\|off\]/);
  assert.equal(t.physicalMemory(), true);
  assert.match(monitorCommand(t, 'phys off'), /phys off/);
  assert.equal(t.physicalMemory(), false);
});

test('monitor gva2gpa: QEMU\'s output for a mapped address (the MMU off maps flat), the walk\'s reason when unmapped', () => {
  const { k, t } = target();
  k.regs.set(REG_ID_AA64MMFR0_EL1, 0x1124n);                      // Cortex-A57: 44-bit PA
  assert.equal(monitorCommand(t, 'gva2gpa 0x40080004'), 'gpa: 0x40080004\n');
  assert.match(monitorCommand(t, 'gva2gpa 0x1000000000000'), /^Unmapped: 0x1000000000000 is beyond the 44-bit physical address space \(the MMU is off\)/);
  assert.match(monitorCommand(t, 'gva2gpa'), /usage: monitor gva2gpa ADDR/);
  assert.match(monitorCommand(t, 'gva2gpa zz'), /usage/);
  assert.match(monitorCommand(t, 'gva2gpa 0x10000000000000000'), /not a 64-bit address/);
});

test('monitor vcpus and exit N|all with two vCPUs: per-vCPU state and last exits; a bad index is named', async () => {
  const k = new ScriptedKvm();
  const m = new Machine(k, { memorySize: 1 << 20, uartTx: () => {}, smp: 2 });
  m.load(buildElf(ENTRY, [{ paddr: ENTRY, data: words(0xd503201f, 0xd503201f) }]).bytes);
  const t = new VmmTarget(m);
  const v = monitorCommand(t, 'vcpus').split('\n');
  assert.match(v[0]!, /^vCPU 0: MPIDR 0x80000000, runnable, EL1h, pc 0x40080000 \(current, last stop\)$/);
  assert.match(v[1]!, /^vCPU 1: MPIDR 0x80000001, runnable, EL1h, pc 0x40080000$/);
  assert.equal(t.selectedVcpu(), 0, 'vcpus leaves the selection as it was');
  k.then((kk) => { debugExit(0xca000022)(kk); kk.regs.set(REG_PC, ENTRY + 4n); });
  assert.equal((await t.resume('step')).kind, 'step');
  assert.match(monitorCommand(t, 'exit'), /^vCPU 0: exit #1: KVM_RUN returned 0, KVM_EXIT_DEBUG/);
  assert.match(monitorCommand(t, 'exit 1'), /^vCPU 1: no KVM_RUN exit yet$/m);
  const all = monitorCommand(t, 'exit all');
  assert.match(all, /^vCPU 0: exit #1/m);
  assert.match(all, /^vCPU 1: no KVM_RUN exit yet$/m);
  assert.match(monitorCommand(t, 'exit 2'), /no vCPU '2': the VM has vCPUs 0\.\.1/);
  assert.match(monitorCommand(t, 'exit 0 1'), /usage: monitor exit \[N\|all\]/);
});

test('monitor kaslr: VBAR_EL1 read with KVM_GET_ONE_REG against the --symbols file, checked in guest memory; no symbols is said', () => {
  const { k, t } = target();
  assert.match(monitorCommand(t, 'kaslr'), /^KASLR offset unknown: no symbols; give the kernel's System.map or vmlinux with kvmdbg run --symbols FILE$/m);
  // a kernel linked at 0 and placed at 0x40000000 (the MMU is off, so virtual addresses are physical)
  const symbols = parseSystemMap('0000000000000000 T _text\n0000000000010800 T vectors\n0000000000020000 D linux_banner\n');
  t.setPhysicalMemory(true);
  t.writeMemory(0x4000_0038n, new Uint8Array([0x41, 0x52, 0x4d, 0x64]));
  t.writeMemory(0x4002_0000n, new TextEncoder().encode('Linux version 6.1.0 (test)\n\0'));
  assert.match(monitorCommand(t, 'kaslr', symbols), /^KASLR offset unknown: VBAR_EL1 0x0 is not the kernel's vectors/);
  k.regs.set(REG_VBAR_EL1, 0x4001_0800n);
  const out = monitorCommand(t, 'kaslr', symbols);
  assert.match(out, /^KASLR offset 0x40000000: add it/);
  assert.match(out, /linux_banner 0x20000 \+ offset reads "Linux version 6\.1\.0 \(test\)"$/m);
  assert.equal(t.physicalMemory(), true, 'the memory mode is left as it was');
});
