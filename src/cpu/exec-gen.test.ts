/**
 * The interpreter is generated ahead of time from the instruction semantics (gen-exec.ts): the committed
 * exec.gen.ts must be exactly what the generator builds from sem/ now, and the CPU must compute the same
 * results where runtime code generation is refused (Node's --disallow-code-generation-from-strings, as
 * a browser page without 'unsafe-eval'), running that interpreter alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateExec } from './gen-exec.ts';

test('exec.gen.ts is what gen-exec.ts builds from sem/ (run `npm run gen:cpu` after changing sem/)', () => {
  const committed = readFileSync(fileURLToPath(new URL('./exec.gen.ts', import.meta.url)), 'utf8');
  assert.ok(committed === generateExec(), 'src/cpu/exec.gen.ts is stale: run `npm run gen:cpu`');
});

test('without runtime code generation from strings a hot loop runs to the same result: as WebAssembly, or interpreted', () => {
  // A loop hot enough for the block compiler (test-helpers.ts SUM_LOOP), in a process that refuses `new Function`. The WebAssembly
  // tier needs no JavaScript source and takes the loop; without it, compiling fails, the CPU gives the
  // block compiler up and the generated interpreter computes the result.
  const run = (wasmTier: boolean): { stop: number; x0: string; retired: number; jit: boolean; wasm: boolean } => {
    const script = `
      import { machine, SUM_LOOP } from ${JSON.stringify(fileURLToPath(new URL('./test-helpers.ts', import.meta.url)))};
      import { wasmTierStats } from ${JSON.stringify(fileURLToPath(new URL('./wasm-tier.ts', import.meta.url)))};
      const m = machine(SUM_LOOP, 0, true);
      m.cpu.wasmTier = ${wasmTier};
      const stop = m.cpu.run(1000000);
      console.log(JSON.stringify({ stop, x0: m.cpu.getX(0).toString(16), retired: m.cpu.retired, jit: m.cpu.jit, wasm: wasmTierStats.insns > 0 }));
    `;
    const r = spawnSync(process.execPath, ['--disallow-code-generation-from-strings', '--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { stop: number; x0: string; retired: number; jit: boolean; wasm: boolean };
  };
  let s = 0n;
  for (let i = 0n; i < 1000n; i++) { const t = BigInt.asUintN(64, s + i); s = t ^ BigInt.asUintN(64, BigInt.asIntN(64, t) >> 3n); }
  const result = { stop: 1, x0: s.toString(16), retired: 3 + 5 * 1000 + 1 };
  assert.deepEqual(run(true), { ...result, jit: true, wasm: true });
  assert.deepEqual(run(false), { ...result, jit: false, wasm: false });
});
