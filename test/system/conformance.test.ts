/**
 * Conformance against the real Linux KVM: Debian's arm64 kernels 6.1, 6.12 and 5.10 boot under
 * qemu-system-aarch64 (EL2, so /dev/kvm works inside) with the static C scenario runner as /init.
 * 1. Their records must reproduce the published observations (an independent check of the machinery).
 * 2. kvmdbg's kernel model with the matching profile must produce the same records byte for byte,
 *    except for the reviewed entries of conformance/exceptions.json.
 * Kernels are fetched once into .cache/conformance (about 45 MB each); a boot takes a few seconds.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable, failures, type Comparison } from '../../src/conformance/compare.ts';
import { KERNELS, bootReal, compareWithModel, comparisonLine, loadExceptions, preparePlan, realLine } from '../../src/conformance/suite.ts';
import type { Plan } from '../../src/conformance/plan.ts';
import type { RealRun } from '../../src/conformance/real-side.ts';
import { CAPS, EXPECT_5_10, EXPECT_6, checkAgainstReference } from './conformance-reference.ts';

const IDS = ['6.1', '6.12', '5.10'];
let plan: Plan;
const reals = new Map<string, RealRun | Error>();
const comparisons = new Map<string, Comparison | Error>();

before(async () => {
  const prepared = await preparePlan();
  plan = prepared.plan;
  const exceptions = loadExceptions();
  for (const id of IDS) {
    try {
      const real = await bootReal(id, prepared.initrd);
      reals.set(id, real);
      console.log(realLine(real));
      try {
        const c = await compareWithModel(id, plan, real, exceptions);
        comparisons.set(id, c);
        console.log(comparisonLine(c));
      } catch (e) {
        comparisons.set(id, e as Error);
      }
    } catch (e) {
      reals.set(id, e as Error);
    }
  }
  const done = [...comparisons.values()].filter((c): c is Comparison => !(c instanceof Error));
  console.log(renderTable(done));
});

function got<T>(m: Map<string, T | Error>, id: string): T {
  const v = m.get(id);
  if (v instanceof Error) throw v;
  if (v === undefined) throw new Error(`kernel ${id}: nothing ran (see the real-kernel test)`);
  return v;
}

for (const id of IDS) {
  const is510 = KERNELS[id]!.profile === '5.10';
  test(`real Linux ${id}: the records reproduce the published KVM observations`, () => {
    const real = got(reals, id);
    const problems = checkAgainstReference(plan, real.results, is510 ? EXPECT_5_10 : EXPECT_6, is510 ? CAPS['5.10']! : CAPS['6']!);
    assert.deepEqual(problems, []);
  });

  test(`real Linux ${id}: the other kernel generation's expectations do not hold (the check discriminates)`, () => {
    const real = got(reals, id);
    const problems = checkAgainstReference(plan, real.results, is510 ? EXPECT_6 : EXPECT_5_10, is510 ? CAPS['6']! : CAPS['5.10']!);
    assert.ok(problems.length >= 10, problems.join('\n'));
  });

  test(`kvmdbg kernel model (profile ${KERNELS[id]!.profile}) matches real Linux ${id} record for record`, () => {
    const c = got(comparisons, id);
    assert.equal(c.compared, plan.labels.length);
    assert.equal(failures(c), 0, renderTable([c]));
  });
}
