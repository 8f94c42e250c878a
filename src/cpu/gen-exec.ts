/**
 * Builds the source of exec.gen.ts, the interpreter, from the op table (sem/table.ts): the `Op` ids,
 * `condHolds` (from the one condition evaluator, sem/emit.ts `cond`) and `exec`, the dispatch loop
 * with one switch case per op whose body is the op's template with its fields read from the record.
 *
 * The interpreter is generated ahead of time, not at run time, so it works where code generation is
 * refused (a Content-Security-Policy without 'unsafe-eval'); scripts/gen-cpu-exec.ts writes the file
 * (`npm run gen:cpu`) and `npm test` checks that the committed file is what this returns.
 */
import { cond, setX, type T } from './sem/emit.ts';
import { HELPERS } from './sem/helpers.ts';
import type { FieldName, OpDef } from './sem/op.ts';
import { OPS } from './sem/table.ts';
import { X_LR } from './regs.ts';
import { R_D, R_N, R_M, R_IMM, R_IMM2, R_IMM3, R_FL } from './record.ts';

const FIELD_OFF: Record<FieldName, number> = { d: R_D, n: R_N, m: R_M, imm: R_IMM, imm2: R_IMM2, imm3: R_IMM3, fl: R_FL };

/** What `t.leave(call)` becomes in the interpreter. */
const LEAVE = (call: string): string =>
  `c.pc = pc; c.curN = n; ${call}; pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop;`;

/** What `t.call(call)` becomes in the interpreter. */
const CALL = (call: string): string =>
  `c.pc = pc; c.curN = n; if (!${call}) { pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop; }` +
  ' dec = c.curDec; base = c.curBase;';

/**
 * `t.leave` and `t.call` in a cold op's function (COLD), which `exec` enters with c.pc and c.curN set
 * and leaves by re-reading them; true tells `exec` that straight-line code ended there (see COLD).
 */
const LEAVE_COLD = (call: string): string => `c.pc = pc; ${call}; return true;`;
const CALL_COLD = (call: string): string => `c.pc = pc; if (!${call}) return true;`;

function interpT(id: number, cold = false): T {
  const call = cold ? CALL_COLD : CALL;
  return {
    d: '$d', n: '$n', m: '$m', imm: '$imm', imm2: '$imm2', imm3: '$imm3', fl: '$fl',
    pc: 'pc', op: String(id), i: 'i', count: cold ? 'c.curN' : 'n',
    leave: cold ? LEAVE_COLD : LEAVE,
    call,
    mem: () => call(`c.memOp(${id}, dec, i)`),
  };
}

/**
 * Ops `exec` leaves to a function of their own (COLD): those whose interpreter case is a call anyway
 * (out of line, a fast path in a function of its own, or straight to a CPU method: system
 * instructions, the general loads and stores, SIMD&FP). Their cases would make the loop's function
 * bigger, and TurboFan's time to optimise it grows faster than its size, for no gain: the call they
 * make dwarfs the one more.
 */
function isCold(def: OpDef, id: number): boolean {
  if (def.branch || def.indirect) return false;
  if (def.outOfLine || def.fast) return true;
  return def.exec !== undefined && def.exec(interpT(id)).startsWith('c.pc = pc; c.curN = n;');
}

/** `const $d = dec[i + 1], ...` for the fields `code` uses. */
function fieldLoads(code: string): string {
  const used = (Object.keys(FIELD_OFF) as FieldName[]).filter((f) => new RegExp(`\\$${f}\\b`).test(code));
  if (used.length === 0) return '';
  return `const ${used.map((f) => `$${f} = dec[i + ${FIELD_OFF[f]}]`).join(', ')}; `;
}

/** The functions of the ops the interpreter runs out of line. */
const outOfLine: string[] = [];

/**
 * A cold op's function: its case (caseOf, which may `break` out of its switch) as the one case of a
 * switch of its own, from c.pc, leaving c.pc at the next instruction.
 */
function coldFunction(def: OpDef, id: number): string {
  const body = caseOf(def, id, true, 'case 0:').replace(/^ {2}/gm, '');
  const arg = (name: string): string => (new RegExp(`\\b${name}\\b`).test(body) ? name : `_${name}`);
  const pc = /(?<![.\w])pc (\+=|=) /.test(body) ? 'let' : 'const'; // c.pc is the CPU's
  return `/** ${def.name}: ${def.what} (its case in \`exec\`, cold). */\n` +
    `function cold${def.name}(c: CpuCore, ${arg('x')}: Int32Array, ${arg('dec')}: Int32Array, ${arg('i')}: number): boolean {\n` +
    `  ${pc} pc = c.pc;\n  switch (0) {\n${body}\n  }\n  c.pc = pc;\n  return false;\n}`;
}

/** Op `def`'s case of the interpreter's switch, under `label`; `cold`: as the body of a function of its own. */
function caseOf(def: OpDef, id: number, cold = false, label = `case ${id}:`): string {
  const t = interpT(id, cold);
  let body: string;
  if (def.outOfLine && def.exec) {
    const fn = `op${def.name}`;
    const code = def.exec(t);
    if (/continue loop|break loop|return/.test(code)) throw new Error(`op ${def.name}: an out-of-line op cannot leave`);
    outOfLine.push(`/** ${def.name}: ${def.what}. */\nfunction ${fn}(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): void {\n  ${fieldLoads(code)}${code}\n}`);
    return `      ${label} { // ${def.name}: ${def.what}\n        ${fn}(c, x, dec, i); pc += 4; break;\n      }`;
  }
  if (def.fast) {
    const fn = `op${def.name}`;
    const code = def.fast.body(t, 'return false;');
    if (/continue loop|break loop|c\.pc = /.test(code)) throw new Error(`op ${def.name}: a fast path cannot leave`);
    outOfLine.push(`/** ${def.name}: ${def.what} (the fast path; false when it declines). */\nfunction ${fn}(c: CpuCore, x: Int32Array, dec: Int32Array, i: number): boolean {\n  ${fieldLoads(code)}${code}\n  return true;\n}`);
    const general = def.fast.general(t);
    return `      ${label} { // ${def.name}: ${def.what}\n        if (!${fn}(c, x, dec, i)) { ${fieldLoads(general)}${general} } pc += 4; break;\n      }`;
  }
  if (def.branch) {
    const link = def.branch.link ? `${setX(String(X_LR), 'pc + 4')} ` : '';
    const taken = def.branch.taken(t);
    body = taken === 'true'
      ? `${link}pc += $imm; jumped = true; break;`
      : `if (${taken}) { ${link}pc += $imm; } else pc += 4; jumped = true; break;`;
  } else if (def.indirect) {
    const link = def.indirect.link ? `${setX(String(X_LR), 'pc + 4')} ` : '';
    body = `const tgt = ${def.indirect.target(t)}; ${link}pc = tgt; jumped = true; break;`;
  } else if (def.exec) {
    body = def.exec(t) + (def.ends ? '' : ' pc += 4; break;');
  } else {
    throw new Error(`op ${def.name} has no semantics`);
  }
  return `      ${label} { // ${def.name}: ${def.what}\n        ${fieldLoads(body)}${body}\n      }`;
}

/** The helpers (sem/helpers.ts) that `code` calls or reads; blocks may use more (inline forms aside). */
function usedHelpers(code: string): string[] {
  return Object.keys(HELPERS).filter((h) => new RegExp(`\\b${h}\\b`).test(code));
}

/** The text of exec.gen.ts. */
export function generateExec(): string {
  const names = OPS.map((d) => d.name);
  const dup = names.find((n, k) => names.indexOf(n) !== k);
  if (dup !== undefined) throw new Error(`op ${dup} is defined twice`);
  outOfLine.length = 0;
  const cold = OPS.map((d, k) => k > 0 && isCold(d, k));
  const cases = OPS.slice(1).map((d, k) => (cold[k + 1] ? '' : caseOf(d, k + 1))).filter((c) => c !== '').join('\n');
  const coldFns = OPS.map((d, k) => (cold[k] ? coldFunction(d, k) : '')).filter((c) => c !== '');
  const coldTable = OPS.map((d, k) => (cold[k] ? `cold${d.name}` : 'coldUndef'));
  const conds = Array.from({ length: 16 }, (_, k) => `    case ${k}: return ${cond(String(k))};`).join('\n');
  return `// Generated from src/cpu/sem/ by src/cpu/gen-exec.ts: do not edit. Change the semantics in sem/,
// then run \`npm run gen:cpu\`; \`npm test\` fails while this file is stale.
/**
 * The interpreter: the dispatch loop over predecoded records (record.ts), one case per op of
 * sem/table.ts with that op's template inlined. Registers are int32 halves (regs.ts), so nothing here
 * allocates. Whatever is rare leaves the straight-line code through a method of the CPU and the loop
 * then re-reads the page it is executing, because that method may have changed PC, EL or the code cache.
 */
import type { CpuCore } from './core.ts';
import { HELPERS } from './sem/helpers.ts';

// Copied once: reading an imported binding can cost a getter call per access after transforms.
const { ${usedHelpers(cases + coldFns.join('\n') + outOfLine.join('\n')).join(', ')} } = HELPERS;

/** Op ids: the index of each op in sem/table.ts. */
export const enum Op {
${OPS.map((d, k) => `  ${d.name} = ${k},`).join('\n')}
}

/** ConditionHolds (Arm ARM J1) for a condition known only at run time. */
export function condHolds(c: CpuCore, cc: number): boolean {
  switch (cc) {
${conds}
    default: return true;
  }
}

/**
 * Run at most \`max\` instructions from c.pc. Returns how many were executed (an exception taken
 * instead of an instruction counts as one). Stops early when a slow path sets c.stopReq.
 */
export function exec(c: CpuCore, max: number): number {
  let x = c.x;
  let pc = c.pc;
  let dec = c.curDec, base = c.curBase;
  let n = 0;
  let jumped = false;
  loop: while (n < max) {
    let off = pc - base;
    if (off < 0 || off > 4092 || (off & 3) !== 0) {
      c.pc = pc;
      const f = c.fetchPage();
      dec = c.curDec; base = c.curBase; pc = c.pc;
      if (f !== 0) {
        if (f === 3) break; // entering a page with a breakpoint: the checked path takes over
        n++; // the fetch took an exception (to EL1: go on at the vector; to EL2: stop)
        if (c.stopReq) break;
        continue;
      }
      off = pc - base;
      if (n > 0) jumped = true; // entering a page: a place to look for a block, as after a branch
    }
    // a branch target, or where straight-line code resumes after a system instruction or an exception
    // (which end compiled blocks) or on entering a page: run its compiled block, or count towards compiling one
    if (jumped) {
      jumped = false;
      if (c.jit) {
        const bi = off >> 2;
        const f = c.curBlocks[bi];
        if (f !== undefined) {
          if (f !== null) {
            c.curN = n;
            const r = f(c, max - n);
            x = c.x; // a WebAssembly block may have moved it (into host memory), whether or not it ran
            if (r > 0) {
              n += r; pc = c.pc; dec = c.curDec; base = c.curBase;
              if (c.stopReq) break;
              jumped = true;
              continue;
            }
          }
        } else {
          const h = ++c.curHeat[bi];
          if (h > c.hot || h === c.hotW || h === c.hotW >> 3) c.compileAt(bi);
        }
      }
    }
    const i = off << 1;
    let op = dec[i];
    if (op === 0) op = c.decodeAt(dec, i, pc);
    n++;
    switch (op) {
${cases}
      default: { // the cold ops, each a function of its own (COLD)
        c.pc = pc; c.curN = n; jumped = COLD[op]!(c, x, dec, i); pc = c.pc; dec = c.curDec; base = c.curBase; if (c.stopReq) break loop; continue loop;
      }
    }
  }
  c.pc = pc;
  return n;
}

/**
 * One instruction of an op that makes a call anyway (gen-exec.ts \`isCold\`), by op id: each such op's
 * case is a function of its own, kept out of \`exec\` so the loop stays small enough for V8 to optimise
 * quickly, and apart from the others, so V8 optimises only those a guest runs often (one function
 * holding them all took TurboFan 35-135 ms, U-Boot's first blocks waiting behind it on the one
 * compiler thread). Runs the record at \`i\` from c.pc and leaves c.pc at the next instruction to
 * execute; \`exec\` then re-reads PC, the page and stopReq. Returns true when the op left
 * straight-line code (a system instruction, which compiled blocks end before, or an exception
 * taken): \`exec\` then looks for a compiled block where execution goes on, as after a branch, instead
 * of interpreting up to the next branch.
 */
const COLD: readonly ((c: CpuCore, x: Int32Array, dec: Int32Array, i: number) => boolean)[] = [
${coldTable.map((f, k) => `  ${f}, // ${k}${k > 0 && f === 'coldUndef' ? ` ${OPS[k]!.name}: a case of exec` : ''}`).join('\n')}
];

/** The table's entry for the ops \`exec\` runs itself (never called) and op 0: UNDEFINED, as a last resort. */
function coldUndef(c: CpuCore): boolean {
  c.undef();
  return true;
}

${coldFns.join('\n\n')}

${outOfLine.join('\n\n')}
`;
}
