/**
 * The scenario runner in TypeScript, for Node inside the booted arm64 guest: the same /program.txt as
 * conformance/runner/init.c, executed through the KvmSystem interface on the real /dev/kvm (kvmdbg's
 * koffi backend, src/realkvm/). Prints `NREC idx rc errno payload` lines, then `NEND`. Bundled for the guest's
 * Node by real-side.ts (koffi stays external and is shipped beside the bundle).
 */
import { readFileSync } from 'node:fs';
import { openRealKvm } from '../realkvm/index.ts';
import { runPlanOn } from './model-side.ts';
import { parseProgramText } from './plan.ts';

const t0 = performance.now();
const ops = parseProgramText(readFileSync('/program.txt', 'utf8'));
const results = runPlanOn(await openRealKvm('/dev/kvm'), { ops, labels: [] });
const lines = [...results.values()].sort((a, b) => a.idx - b.idx).map((r) => `NREC ${r.idx} ${r.rc} ${r.errno} ${r.payload}\n`);
process.stdout.write(lines.join('') + `NINFO plan-ms ${(performance.now() - t0).toFixed(1)}\nNEND\n`);
