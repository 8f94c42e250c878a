/**
 * The conformance suite: every scenario on each real kernel (booted under QEMU) and on kvmdbg's kernel
 * model with the matching profile, compared record by record.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KvmSystem } from '../abi/index.ts';
import { compare, failures, validateExceptions, type Comparison, type ConformanceException } from './compare.ts';
import { loadScenarios } from './load.ts';
import { runPlanOn } from './model-side.ts';
import { buildPlan, type Plan } from './plan.ts';
import { REPO_ROOT, bootKernel, buildInitramfs, ensureKernel, type RealRun } from './real-side.ts';

/** The Debian kernels the suite knows, and the kvmdbg kernel profile each is compared with. */
export const KERNELS: Readonly<Record<string, { profile: string; what: string }>> = Object.freeze({
  '6.1': { profile: '6.1', what: 'Debian 12 bookworm(-security), linux-image-6.1.0-*-arm64-unsigned' },
  '6.12': { profile: '6.1', what: 'Debian 13 trixie, linux-image-6.12.*-arm64-unsigned' },
  '5.10': { profile: '5.10', what: 'Debian 11 bullseye 11.11, linux-image-5.10.0-32-arm64-unsigned' },
});

export function loadExceptions(): ConformanceException[] {
  return validateExceptions(JSON.parse(readFileSync(join(REPO_ROOT, 'conformance', 'exceptions.json'), 'utf8')));
}

/** The kernel model for a profile (src/kvm's factory), behind the KvmSystem interface. */
export async function createModel(profile: string): Promise<KvmSystem> {
  const spec = '../kvm/index.ts';
  const mod = (await import(spec)) as { createModelKvm?: (o: { profile: string; endian: 'le' }) => KvmSystem };
  if (typeof mod.createModelKvm !== 'function') throw new Error('src/kvm/index.ts does not export createModelKvm');
  return mod.createModelKvm({ profile, endian: 'le' });
}

export interface KernelOutcome {
  real: RealRun;
  comparison: Comparison;
}

export async function preparePlan(withNode = false): Promise<{ plan: Plan; initrd: string }> {
  const plan = buildPlan(loadScenarios());
  return { plan, initrd: await buildInitramfs(plan, withNode) };
}

function kernel(id: string): { profile: string; what: string } {
  const k = KERNELS[id];
  if (!k) throw new Error(`unknown kernel ${id} (known: ${Object.keys(KERNELS).join(', ')})`);
  return k;
}

/** Boots the real kernel `id` (fetched once) with the plan's initramfs. */
export async function bootReal(id: string, initrd: string): Promise<RealRun> {
  kernel(id);
  return bootKernel(ensureKernel(id), initrd);
}

/** Runs the plan on the model with the kernel's profile and compares with the real records. */
export async function compareWithModel(id: string, plan: Plan, real: RealRun, exceptions: ConformanceException[]): Promise<Comparison> {
  const model = runPlanOn(await createModel(kernel(id).profile), plan);
  return compare(id, plan, real.results, model, exceptions);
}

export async function runKernel(id: string, plan: Plan, initrd: string, exceptions: ConformanceException[]): Promise<KernelOutcome> {
  const real = await bootReal(id, initrd);
  return { real, comparison: await compareWithModel(id, plan, real, exceptions) };
}

export function realLine(real: RealRun): string {
  const i = real.info;
  return [
    `kernel ${real.kernel.id}: ${real.kernel.package}`,
    `uname ${i.uname ?? '?'}`,
    `boot ${real.wallSeconds.toFixed(1)} s wall (/init at ${i.initUptime?.toFixed(2)} s uptime, scenarios ${((i.doneUptime ?? 0) - (i.initUptime ?? 0)).toFixed(2)} s)`,
  ].join('; ');
}

export function comparisonLine(c: Comparison): string {
  const excepted = c.differences.filter((d) => d.exception).length;
  return `kernel ${c.kernel}: ${c.compared} records, ${c.differences.length - excepted} differences, ${excepted} excepted, ${c.stale.length} stale exceptions`;
}

export function summaryLine(o: KernelOutcome): string {
  return `${realLine(o.real)}; ${comparisonLine(o.comparison).replace(/^kernel \S+: /, '')}`;
}

export { failures };
