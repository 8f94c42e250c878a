/**
 * kvmdbg's real-/dev/kvm backend (src/realkvm/, openRealKvm: koffi inside Node) against the C runner, on
 * the same real kernel in the same boot: Debian 6.1 arm64 under qemu-system-aarch64 with EL2 runs the
 * C /init over every scenario, then Debian's nodejs:arm64 runs the same program through KvmSystem.
 * Every record (ioctl rc, errno, kvm_run bytes, registers, memory) must be identical.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadScenarios } from '../../src/conformance/load.ts';
import { buildPlan } from '../../src/conformance/plan.ts';
import { bootKernel, buildInitramfs, ensureKernel } from '../../src/conformance/real-side.ts';
import { parseConsole } from '../../src/conformance/results.ts';
import { resultKey } from '../../src/conformance/compare.ts';

test('real /dev/kvm through koffi (KvmSystem) records exactly what the C runner records, Linux 6.1', async () => {
  const plan = buildPlan(loadScenarios());
  const initrd = await buildInitramfs(plan, true);
  const real = await bootKernel(ensureKernel('6.1'), initrd, 400_000, 2048);
  const node = parseConsole(real.consoleLog, 'N');
  console.log(`boot with Node: ${real.wallSeconds.toFixed(1)} s wall; ${real.consoleLog.match(/NINFO plan-ms [\d.]+/)?.[0] ?? ''}`);
  assert.ok(node.info.ended, 'the Node runner printed NEND (see .cache/conformance/logs/6.1.log)');
  assert.equal(real.results.size, plan.labels.length, 'C records');
  const diffs = plan.labels
    .map((l, i) => ({ l, c: resultKey(real.results.get(i)), n: resultKey(node.results.get(i)) }))
    .filter((d) => d.c !== d.n)
    .map((d) => `${d.l.scenario} ${d.l.step} ${d.l.what}: C ${d.c} | koffi ${d.n}`);
  assert.deepEqual(diffs, []);
});
