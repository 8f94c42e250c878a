/**
 * Writes src/cpu/exec.gen.ts, the interpreter generated from the instruction semantics in src/cpu/sem/
 * (src/cpu/gen-exec.ts builds the text). `--check` writes nothing and fails when the committed file is
 * not what the generator produces now (`npm test` runs it).
 *   node --import tsx scripts/gen-cpu-exec.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generateExec } from '../src/cpu/gen-exec.ts';

const path = fileURLToPath(new URL('../src/cpu/exec.gen.ts', import.meta.url));
const text = generateExec();
if (process.argv.includes('--check')) {
  let old = '';
  try { old = readFileSync(path, 'utf8'); } catch { /* missing: stale */ }
  if (old !== text) {
    console.error('src/cpu/exec.gen.ts is stale: run `npm run gen:cpu` and commit the result');
    process.exit(1);
  }
} else {
  writeFileSync(path, text);
}
