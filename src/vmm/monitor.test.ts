/**
 * The debugger's `monitor` commands over a VmmTarget whose kernel plays a script: the text shows the
 * exit as the kvm_run bytes say it (hsr, flag, far), the ESR decoded by esr/, the kernel profile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REG_PC } from '../abi/index.ts';
import { Machine } from './machine.ts';
import { monitorCommand } from './monitor.ts';
import { VmmTarget } from './target.ts';
import { buildElf, words } from './testing/build-elf.ts';
import { ScriptedKvm, debugExit, shutdownExit } from './testing/scripted-kvm.ts';

const ENTRY = 0x4008_0000n;

function target(): { k: ScriptedKvm; t: VmmTarget } {
  const k = new ScriptedKvm();
  const m = new Machine(k, { memorySize: 1 << 20, uartTx: () => {} });
  m.load(buildElf(ENTRY, [{ paddr: ENTRY, data: words(0xd503201f, 0xd503201f) }]).bytes);
  return { k, t: new VmmTarget(m) };
}

test('monitor help, esr VALUE, kernel, unknown commands', () => {
  const { t } = target();
  assert.match(monitorCommand(t, 'help'), /monitor exit/);
  assert.equal(monitorCommand(t, ''), monitorCommand(t, 'help'));
  assert.match(monitorCommand(t, 'esr 0xd2000062'), /ESR 0xd2000062: .*ESR_ELx_EC_WATCHPT_LOW/);
  assert.match(monitorCommand(t, 'esr nope'), /nope/);
  assert.match(monitorCommand(t, 'esr'), /usage: monitor esr VALUE/);
  assert.match(monitorCommand(t, 'kernel'), /backend scripted, kernel profile test script, ABI byte order little-endian \(le\)/);
  assert.match(monitorCommand(t, 'frobnicate'), /unknown monitor command 'frobnicate'/);
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
