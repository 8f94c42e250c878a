/**
 * A CPU's first WebAssembly function moves its register file into host memory (wasm-tier.ts `home`),
 * writing `x`, `xHost` and `xArea` for the first time since the CPU was made. Code V8 optimised before
 * that, reading those fields of any CPU (the interpreter loop), must stay optimised: A64Cpu's
 * constructor makes them variables (VARIABLE_FIELDS), where V8 would otherwise have taken them for
 * constants and thrown that code away. Alone in its file: the first CPU to enter the tier in the
 * process is the one that would show it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { machine } from './test-helpers.ts';
import { A64Cpu } from './cpu.ts';
import { wasmTierStats } from './wasm-tier.ts';

setFlagsFromString('--allow-natives-syntax');
const native = (body: string): ((f: unknown) => number) => new Function('f', body) as (f: unknown) => number;
const prepare = native('%PrepareFunctionForOptimization(f); return 0;');
const optimizeOnNextCall = native('%OptimizeFunctionOnNextCall(f); return 0;');
const status = native('return %GetOptimizationStatus(f);');
/** V8's OptimizationStatus bit for "has optimised code". */
const OPTIMIZED = 1 << 4;

test('code optimised before a CPU first enters the WebAssembly tier stays optimised', () => {
  // reads x twice: TurboFan folds the second read into the first only while x is a constant of the class
  const reader = new Function('c', 'const a = c.x; const v = a[0]; return c.x === a ? v : -1;') as (c: A64Cpu) => number;
  const idle = new A64Cpu();
  prepare(reader);
  reader(idle); reader(idle);
  optimizeOnNextCall(reader);
  reader(idle);
  assert.ok((status(reader) & OPTIMIZED) !== 0, `not optimised to begin with (status 0b${status(reader).toString(2)})`);

  // add x0, x0, #1; cmp x0, #1; sub x1, x1, #1; cbnz x1, (the add); hvc #0
  const m = machine([0x91000400, 0xf100041f, 0xd1000421, 0xb5ffffa1, 0xd4000002], 0, true);
  m.cpu.wasmThreshold = 10;
  m.cpu.setX(1, 5000n);
  const before = wasmTierStats.insns;
  m.cpu.run(100_000);
  assert.ok(wasmTierStats.insns - before > 1000, `${wasmTierStats.insns - before} instructions in the tier`);
  assert.equal(m.cpu.getX(1), 0n);

  reader(idle);
  assert.ok((status(reader) & OPTIMIZED) !== 0, `thrown away once a CPU entered the tier (status 0b${status(reader).toString(2)})`);
});
