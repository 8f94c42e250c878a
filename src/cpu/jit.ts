/**
 * Block compiler: JavaScript generated per hot basic block (the second tier of the interpreter).
 *
 * A block starts at a branch target that has been jumped to often (exec.gen.ts counts) and runs
 * straight-line instructions up to a branch, an op the table marks `noBlock`, an undecoded record or
 * the end of the page. A block whose final branch targets its own start runs as a loop inside one call.
 * Each instruction's code is its op's template (sem/) with the record's fields as literals, so the
 * compiled block does exactly what the interpreter's case does, on the same register file, flags and
 * memory paths; a load or store its fast path declines goes through `memOp` (exceptions, watchpoints,
 * MMIO and code invalidation behave as in the interpreter).
 *
 * Blocks hold their addresses as constants: a page's blocks are kept for one virtual address
 * (memory.ts `blocksFor`), and a page that runs at another address compiles its own.
 *
 * Contract of a block function: `(budget) => executed`. It never executes more than `budget`
 * instructions; it returns 0 without doing anything if the budget is smaller than the block.
 * On return `c.pc` is the next instruction.
 */
import type { CpuCore } from './core.ts';
import { REC, R_IMM, R_D, R_N, R_M, R_IMM2, R_IMM3, R_FL, type BlockFn } from './record.ts';
import { HELPERS } from './sem/helpers.ts';
import type { T } from './sem/emit.ts';
import { OPS } from './sem/table.ts';
import { X_LR } from './regs.ts';

export type { BlockFn };

const MAX_LEN = 64;
const INSNS_PER_PAGE = 1024;
const HELPER_NAMES = Object.keys(HELPERS);
const HELPER_VALUES = Object.values(HELPERS);

/** `t.call`: the block ends after an exception, or when the call dropped the code it runs in. */
function callOut(call: string, pc: string, pcv: number, done: string): string {
  return `c.pc = ${pc}; if (!${call}) return ${done}; if (c.curBase === -1) { c.pc = ${pcv + 4}; return ${done}; }`;
}

/** The template view of record `i` at page offset `off`, the `k`-th instruction of the block. */
function blockT(dec: Int32Array, i: number, pcv: number, k: number): T {
  const pc = String(pcv);
  const done = `cnt + ${k + 1}`;
  return {
    d: String(dec[i + R_D]), n: String(dec[i + R_N]), m: String(dec[i + R_M]),
    imm: String(dec[i + R_IMM]), imm2: String(dec[i + R_IMM2]), imm3: String(dec[i + R_IMM3]), fl: String(dec[i + R_FL]),
    pc, op: String(dec[i]), i: String(i),
    leave: (call) => `c.pc = ${pc}; c.curN += ${done}; ${call}; return ${done};`,
    call: (call) => callOut(call, pc, pcv, done),
    mem: () => callOut(`c.memOp(${dec[i]}, dec, ${i})`, pc, pcv, done),
  };
}

/**
 * Compile the block starting at record index `start` of a page (records already decoded up to the
 * first undecoded one). Returns null when the first instruction is not one this tier handles.
 */
export function compileBlock(c: CpuCore, x: Int32Array, dec: Int32Array, start: number, pageVa: number): BlockFn | null {
  const body: string[] = [];
  let k = 0;
  let tail = '';
  for (let idx = start; idx < INSNS_PER_PAGE && k < MAX_LEN; idx++) {
    const i = idx * REC;
    const op = dec[i];
    if (op === 0) break; // not decoded yet: never executed, end the block here
    const def = OPS[op];
    if (def === undefined || def.noBlock) break;
    const pc = pageVa + idx * 4;
    const t = blockT(dec, i, pc, k);
    if (def.branch) {
      const len = k + 1, target = pc + dec[i + R_IMM];
      if (def.branch.link) body.push(`setX(x, ${X_LR}, ${pc + 4});`);
      const taken = target === pageVa + start * 4
        ? `cnt += ${len}; if (budget - cnt >= ${len}) continue; c.pc = ${target}; return cnt;`
        : `c.pc = ${target}; return cnt + ${len};`;
      const cond = def.branch.taken(t);
      tail = cond === 'true' ? taken : `if (${cond}) { ${taken} } c.pc = ${pc + 4}; return cnt + ${len};`;
      k++;
      break;
    }
    if (def.indirect) {
      const link = def.indirect.link ? ` setX(x, ${X_LR}, ${pc + 4});` : '';
      body.push(`{ const tgt = ${def.indirect.target(t)};${link} c.pc = tgt; }`);
      tail = `return cnt + ${k + 1};`;
      k++;
      break;
    }
    body.push(def.exec!(t));
    k++;
    if (def.ends) break;
  }
  if (k === 0) return null;
  if (tail === '') tail = `c.pc = ${pageVa + (start + k) * 4}; return cnt + ${k};`;
  const src = `return function block(budget) {\n  if (budget < ${k}) return 0;\n  let cnt = 0;\n  for (;;) {\n` +
    body.map((s) => '    ' + s).join('\n') + `\n    ${tail}\n  }\n};`;
  const make = new Function('c', 'x', 'dec', ...HELPER_NAMES, src) as (...args: unknown[]) => BlockFn;
  return make(c, x, dec, ...HELPER_VALUES);
}
