/**
 * `npm run conformance`: boots each Debian kernel with the scenario runner, runs the same scenarios on
 * the kernel model, prints per-kernel boot times and the difference table; exits 1 on any difference
 * that is not a reviewed exception (conformance/exceptions.json) and on stale exceptions.
 *   --kernels 6.1,6.12,5.10   which kernels (default: all)
 *   --records                 also print every real-kernel record
 *   --propose-exceptions      print the unexplained differences as exceptions.json entries to review
 *                             (each needs a reason before it may go into the file)
 */
import { parseArgs } from 'node:util';
import { renderTable, describe, resultKey } from './compare.ts';
import { KERNELS, failures, loadExceptions, preparePlan, runKernel, summaryLine, type KernelOutcome } from './suite.ts';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { kernels: { type: 'string', default: Object.keys(KERNELS).join(',') }, records: { type: 'boolean', default: false }, 'propose-exceptions': { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log('usage: npm run conformance -- [--kernels 6.1,6.12,5.10] [--records] [--propose-exceptions]');
    return 0;
  }
  const ids = values.kernels.split(',').map((s) => s.trim()).filter(Boolean);
  for (const id of ids) if (!KERNELS[id]) throw new Error(`unknown kernel ${id} (known: ${Object.keys(KERNELS).join(', ')})`);
  const exceptions = loadExceptions();
  const { plan, initrd } = await preparePlan();
  const outcomes: KernelOutcome[] = [];
  for (const id of ids) {
    const o = await runKernel(id, plan, initrd, exceptions);
    outcomes.push(o);
    console.log(summaryLine(o));
    if (values.records) {
      for (const [idx, r] of [...o.real.results].sort((a, b) => a[0] - b[0])) {
        const l = plan.labels[idx]!;
        console.log(`  ${l.scenario} ${l.step} ${l.what}: ${describe(l.what, r)}`);
      }
    }
  }
  console.log('\n' + renderTable(outcomes.map((o) => o.comparison)));
  if (values['propose-exceptions']) {
    const proposals = outcomes.flatMap((o) =>
      o.comparison.differences.filter((d) => !d.exception).map((d) => ({
        kernels: [o.comparison.kernel], scenario: d.label.scenario, step: d.label.step, what: d.label.what,
        real: resultKey(d.real), model: resultKey(d.model), reason: 'TO REVIEW: why kvmdbg is right here',
      })),
    );
    console.log(JSON.stringify(proposals, null, 2));
  }
  const bad = outcomes.reduce((a, o) => a + failures(o.comparison), 0);
  console.log(bad ? `${bad} unexplained differences or stale exceptions` : 'conformance: all records match (or are reviewed exceptions)');
  return bad ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  },
);
