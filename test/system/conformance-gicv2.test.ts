/**
 * The in-kernel GICv2 against the real Linux KVM: QEMU's GICv3 has no GICv2-compatible CPU interface, so
 * the main suite's kernels offer no GICv2 vGIC. Here the same Debian kernels boot on a host with QEMU's
 * GICv2 and its virtualization extensions (`-M virt,virtualization=on,gic-version=2`), run the scenarios
 * of conformance/scenarios-gicv2/ (KVM_CREATE_DEVICE of a KVM_DEV_TYPE_ARM_VGIC_V2, its attribute groups,
 * GICD_SGIR from userspace, KVM_IRQ_LINE, the lazy initialisation, a guest using GICD and GICC in the
 * kernel), and kvmdbg's kernel model must give the same records.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { compare, failures, renderTable, type Comparison } from '../../src/conformance/compare.ts';
import { loadScenarios } from '../../src/conformance/load.ts';
import { runPlanOn } from '../../src/conformance/model-side.ts';
import { buildPlan, type Plan } from '../../src/conformance/plan.ts';
import { REPO_ROOT, bootKernel, buildInitramfs, ensureKernel } from '../../src/conformance/real-side.ts';
import { KERNELS, createModel, realLine } from '../../src/conformance/suite.ts';

const IDS = ['6.1', '6.12', '5.10'];
let plan: Plan;
const comparisons = new Map<string, Comparison | Error>();

before(async () => {
  plan = buildPlan(loadScenarios(join(REPO_ROOT, 'conformance', 'scenarios-gicv2')));
  const initrd = await buildInitramfs(plan, false, 'initramfs-gicv2.cpio');
  for (const id of IDS) {
    try {
      const real = await bootKernel(ensureKernel(id), initrd, 240_000, 1024, 2);
      console.log(`${realLine(real)} (GICv2 host)`);
      const model = runPlanOn(await createModel(KERNELS[id]!.profile), plan);
      comparisons.set(id, compare(id, plan, real.results, model, [])); // no reviewed differences here
    } catch (e) {
      comparisons.set(id, e as Error);
    }
  }
});

for (const id of IDS) {
  test(`GICv2 host: kvmdbg kernel model (profile ${KERNELS[id]!.profile}) matches real Linux ${id} record for record`, () => {
    const c = comparisons.get(id);
    if (c instanceof Error) throw c;
    assert.ok(c, `kernel ${id}: nothing ran`);
    assert.equal(c.compared, plan.labels.length);
    assert.ok(plan.labels.length > 70, 'the GICv2 scenarios were loaded');
    assert.equal(failures(c), 0, renderTable([c]));
  });
}
