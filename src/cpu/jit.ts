/**
 * Block compiler: JavaScript generated per hot basic block (the second tier of the interpreter).
 *
 * A block starts at a branch target that has been jumped to often (exec.gen.ts counts) and runs
 * straight-line instructions up to a branch, an op the table marks `noBlock`, an undecoded record or
 * the end of the page. Each instruction's code is its op's template (sem/) with the record's fields
 * as literals, so the compiled block does exactly what the interpreter's case does, on the same
 * register file, flags and memory paths; a load or store its fast path declines goes through `memOp`
 * (exceptions, watchpoints, MMIO and code invalidation behave as in the interpreter).
 *
 * One function holds a block and the blocks of the same page that loop back to it (`compileBlock`):
 * a loop, of one block or several, runs inside one call instead of returning to the dispatcher at
 * every branch.
 *
 * Blocks hold their addresses as constants: a page's blocks are kept for one virtual address
 * (memory.ts `blocksFor`), and a page that runs at another address compiles its own. They take the
 * CPU as an argument and hold nothing else of it, so one function serves every CPU that runs the
 * same code at the same address (the vCPUs of a machine, the machines of a process): V8 optimises
 * it once.
 *
 * Contract of a block function: `(c, budget) => executed`. It never executes more than `budget`
 * instructions; it returns 0 without doing anything if the budget is smaller than the block.
 * On return `c.pc` is the next instruction.
 */
import type { CpuCore } from './core.ts';
import { REC, R_IMM, R_D, R_N, R_M, R_IMM2, R_IMM3, R_FL, type BlockFn } from './record.ts';
import { HELPERS } from './sem/helpers.ts';
import { setX, type T } from './sem/emit.ts';
import { OPS } from './sem/table.ts';
import { X_LR } from './regs.ts';
import { wasmBlock, wasmLater } from './wasm-tier.ts';

export type { BlockFn };

const MAX_LEN = 64;
/** Instructions one call of a loop among a CPU's first blocks runs before it asks for the WebAssembly tier (`watchLong`). */
const LONG_CALL = 1024;
const INSNS_PER_PAGE = 1024;
const PAGE_BYTES = 4096;
/** The most blocks, and instructions, one compiled region holds. */
const MAX_PIECES = 8;
const MAX_REGION = 256;
const HELPER_NAMES = Object.keys(HELPERS);
const HELPER_VALUES = Object.values(HELPERS);
/**
 * Compiled functions by their source, shared by every CPU of the process. At most CACHE_MAX (a few
 * KiB of source each); when full it starts afresh, and CPUs keep the functions their pages hold.
 */
const cache = new Map<string, BlockFn>();
const CACHE_MAX = 4096;
/**
 * The WebAssembly functions of regions by their JavaScript source and their records (null: not one
 * the tier translates). The source alone does not say what a region does: where a JavaScript block
 * calls the general path (memOp reads the record when it runs), two different instructions have the
 * same source, and the tier translates them into different code.
 */
const wasmCache = new Map<string, BlockFn | null>();

/**
 * V8 optimises a block with the type feedback of its runs so far, and throws the optimised code away
 * when a statement without any runs: in blocks mostly a load or store's general path or window miss,
 * taken for the first time after the optimisation (about 250 of a Linux boot's 307 deoptimisations of
 * blocks, each a recompilation and a stretch of slow code). So a block's PRIME_AT-th call (by then V8 records feedback for it) first runs
 * the block once on `primer`, a CPU of the same class made for this alone: it has no windows, so every
 * load and store takes those paths, whose general path (memOp) and SIMD&FP calls (fpInsn) it answers
 * with success and nothing done (`priming`), so the whole block runs through. Nothing of the CPU that
 * called the block is touched.
 */
export const PRIME_AT = 16;
/** The primer (null: a CPU of the caller's class could not be made, so no block is primed). */
let primer: CpuCore | null | undefined;

function makePrimer(c: CpuCore): CpuCore | null {
  try {
    const p = new (c.constructor as new () => CpuCore)();
    p.priming = true;
    return p;
  } catch {
    return null;
  }
}

/** The CPU blocks are primed on, once a block has been compiled (for tests). */
export function blockPrimer(): CpuCore | undefined { return primer ?? undefined; }

/** Run `f` on the primer with `budget`, the instructions of its region: each of its blocks about once. */
function primeBlock(f: BlockFn, budget: number): void {
  const p = primer!;
  p.stopReq = false; p.curBase = 0; p.dLen = 0; p.sLen = 0; p.dBase = -1; p.sBase = -1;
  // registers holding 0x8000_0000_1000: addresses computed from them are doubles, as a kernel's are,
  // and positive, so the window tests compare them with both bounds
  const x = p.x;
  for (let r = 0; r < x.length; r += 2) { x[r] = 0x1000; x[r + 1] = 0x8000; }
  try { f(p, budget); } catch { /* feedback only: whatever happened on the primer stays there */ }
}

/**
 * `t.call`: the block ends after an exception (PC is where the call left it), or when the call dropped
 * the code it runs in (PC goes on past the instruction). Every exit of a block leaves through one place
 * at the end of its function (`exit`), which sets PC when `_xp` holds an address and returns `cnt + _xn`:
 * an exit that has not run yet when V8 optimises the block is then two constant stores and a jump, with
 * no operation whose missing type feedback would throw the optimised code away when it first runs.
 */
function callOut(call: string, pcv: number, done: number): string {
  return `c.pc = ${pcv}; if (!${call}) { _xn = ${done}; break exit; } if (c.curBase === -1) { _xp = ${pcv + 4}; _xn = ${done}; break exit; }`;
}

/** Leave the block with PC at `pcv` (or where the code before left it, when null), `done` instructions after `cnt`. */
function exitTo(pcv: number | null, done: number): string {
  return pcv === null ? `_xn = ${done}; break exit;` : `_xp = ${pcv}; _xn = ${done}; break exit;`;
}

/** The template view of record `i` at page offset `off`, the `k`-th instruction of the block. */
function blockT(dec: Int32Array, i: number, pcv: number, k: number): T {
  const pc = String(pcv);
  const done = `cnt + ${k + 1}`;
  return {
    d: String(dec[i + R_D]), n: String(dec[i + R_N]), m: String(dec[i + R_M]),
    imm: String(dec[i + R_IMM]), imm2: String(dec[i + R_IMM2]), imm3: String(dec[i + R_IMM3]), fl: String(dec[i + R_FL]),
    pc, op: String(dec[i]), i: String(i), count: `c.curN + ${done}`,
    leave: (call) => `c.pc = ${pc}; c.curN += ${done}; ${call}; ${exitTo(null, k + 1)}`,
    call: (call) => callOut(call, pcv, k + 1),
    mem: () => callOut(`c.memOp(${dec[i]}, dec, ${i})`, pcv, k + 1),
    block: true,
  };
}

/** How one piece of a compiled region ends. */
interface Piece {
  /** Record index of its first instruction, its length, its code (tail excluded). */
  start: number; len: number; body: string[];
  /** A direct branch: its condition (`'true'` when always taken) and target (virtual address). */
  cond?: string; target?: number;
  /** An indirect branch or an op that ends the block: the body already leaves. */
  leaves?: boolean;
  /** The address execution falls through to (not-taken branch, or the piece was cut short). */
  next: number;
  /** Cut at MAX_LEN: the code goes straight on at `next`. */
  cut?: boolean;
}

/** Scan and translate the straight-line piece at record index `start`; null when its first op is not compilable. */
function piece(dec: Int32Array, start: number, pageVa: number): Piece | null {
  const p: Piece = { start, len: 0, body: [], next: 0 };
  let k = 0;
  for (let idx = start; idx < INSNS_PER_PAGE && k < MAX_LEN; idx++) {
    const i = idx * REC;
    const op = dec[i];
    if (op === 0) break; // not decoded yet: never executed, end the block here
    const def = OPS[op];
    if (def === undefined || def.noBlock) break;
    const pc = pageVa + idx * 4;
    const t = blockT(dec, i, pc, k);
    k++;
    if (def.branch) {
      if (def.branch.link) p.body.push(setX(String(X_LR), String(pc + 4)));
      p.cond = def.branch.taken(t);
      p.target = pc + dec[i + R_IMM];
      break;
    }
    if (def.indirect) {
      const link = def.indirect.link ? ` ${setX(String(X_LR), String(pc + 4))}` : '';
      p.body.push(`{ const tgt = ${def.indirect.target(t)};${link} c.pc = tgt; }`);
      p.leaves = true;
      break;
    }
    p.body.push(def.exec!(t));
    if (def.ends) { p.leaves = true; break; }
  }
  if (k === 0) return null;
  p.len = k;
  if (k === MAX_LEN && p.cond === undefined && p.leaves !== true) p.cut = true;
  p.next = pageVa + (start + k) * 4;
  return p;
}

/**
 * Does the code at record `start` of a page go straight on for a whole piece (MAX_LEN instructions
 * decoded, none of them a branch or an instruction that ends a block)?
 */
export function longRun(dec: Int32Array, start: number): boolean {
  if (start + MAX_LEN > INSNS_PER_PAGE) return false;
  for (let idx = start; idx < start + MAX_LEN; idx++) {
    const op = dec[idx * REC]!;
    if (op === 0) return false;
    const def = OPS[op];
    if (def === undefined || def.noBlock || def.branch || def.indirect || def.ends) return false;
  }
  return true;
}

/**
 * The function of a block's JavaScript source, made on first call (or found in the cache). A closure
 * of its own, holding only the source: the WebAssembly tier keeps it for as long as the block's
 * function lives (its fallback), and a closure made in compileBlock would keep all of that call's
 * working state with it (the pieces' code lines, the source as thousands of concatenated strings:
 * ~5 MiB over a Linux boot).
 */
function jsOf(src: string): () => BlockFn {
  return () => {
    let f = cache.get(src);
    if (f === undefined) {
      f = (new Function(...HELPER_NAMES, 'primeBlock', src) as (...args: unknown[]) => BlockFn)(...HELPER_VALUES, primeBlock);
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(src, f);
    }
    return f;
  };
}

/**
 * Compile the code starting at record index `start` of a page (records already decoded up to the
 * first undecoded one) into one function. Returns null when the first instruction is not one this
 * tier handles, or, with `wasm` 'only' (access.ts `longCall`), when the code is not a loop the
 * WebAssembly tier takes (which 'only' tries even among the CPU's first HOT_RAMP blocks), or, with
 * 'low' (access.ts `compileAt` at CpuCore.hotW jumps), when it is not code the tier takes, loop or not;
 * with `install`, 'low' always returns null and hands the function to `install` once made with others
 * (wasm-tier.ts `wasmLater`).
 *
 * The function holds a region: the block at `start` and the blocks of the same page that its branches
 * lead to and that lead back to it (a loop of several blocks), taking only branch targets that have
 * run often (their block compiled, or a quarter of the way there) and the continuation of a block
 * cut at MAX_LEN, up to MAX_PIECES blocks and MAX_REGION instructions. Going from one block to the
 * next stays inside the function only when the next fits in what is left of the budget and no slow
 * path has asked to stop (stopReq); otherwise the function returns with PC at that block, exactly
 * where the dispatcher would have been between the two, so run(n) stops at n and an interrupt due
 * at the end of a slice comes at its count. The dispatcher's other checks hold on their own inside
 * one page: its breakpoints were looked at when the page was entered and a change to them is a
 * system instruction, which no block contains; watchpoints are checked by the loads and stores; a
 * store onto the page's code drops its blocks and leaves at once (c.curBase = -1).
 */
export function compileBlock(c: CpuCore, dec: Int32Array, start: number, pageVa: number, wasm: 'auto' | 'only' | 'low' = 'auto', install?: (f: BlockFn) => void): BlockFn | null {
  const first = piece(dec, start, pageVa);
  if (first === null) return null;
  const pieces = [first];
  const at = new Map<number, number>([[pageVa + start * 4, 0]]); // piece start address -> piece number
  let total = first.len;
  const warm = Math.max(1, c.hot >> 2);
  /** Take the block at `va` into the region when it is on the page, compilable and worth it. */
  const admit = (va: number | undefined, hotOnly: boolean): void => {
    if (va === undefined || at.has(va) || pieces.length >= MAX_PIECES || va < pageVa || va >= pageVa + PAGE_BYTES) return;
    const idx = (va - pageVa) / 4;
    if (hotOnly && typeof c.curBlocks[idx] !== 'function' && c.curHeat[idx] < warm) return;
    const p = piece(dec, idx, pageVa);
    if (p === null || total + p.len > MAX_REGION) return;
    at.set(va, pieces.length); pieces.push(p); total += p.len;
  };
  for (let n = 0; n < pieces.length; n++) {
    const p = pieces[n]!;
    if (p.leaves) continue;
    if (p.cond !== undefined) {
      admit(p.target, true);
      if (p.cond !== 'true') admit(p.next, true);
    } else {
      admit(p.next, false); // cut at MAX_LEN: the code goes straight on
    }
  }
  // keep the blocks on a loop through the first one: a block the region reaches but cannot come back
  // from would only make the function bigger (TurboFan's time to optimise it grows faster than its
  // size; a whole function's blocks took it over half a second) for a path taken once per entry
  const succ = (p: Piece): number[] => (p.leaves ? [] : p.cond === undefined ? [p.next] : p.cond === 'true' ? [p.target!] : [p.target!, p.next]);
  const back = new Set<number>([0]);
  for (let grew = true; grew;) {
    grew = false;
    pieces.forEach((p, j) => {
      if (!back.has(j) && succ(p).some((va) => at.has(va) && back.has(at.get(va)!))) { back.add(j); grew = true; }
    });
  }
  const kept = pieces.filter((_, j) => back.has(j));
  pieces.length = 0; pieces.push(...kept);
  at.clear();
  pieces.forEach((p, j) => at.set(pageVa + p.start * 4, j));
  // named after its address, so profiles and stack traces say which guest code a block is
  const name = `block_${BigInt.asUintN(64, BigInt(pageVa + start * 4)).toString(16)}`;
  const entry = pageVa + pieces[0]!.start * 4;
  const loop = pieces.some((p) => succ(p).includes(entry));
  // a loop among the CPU's first HOT_RAMP blocks (JavaScript, below) that goes round past LONG_CALL
  // instructions in one call asks once for the WebAssembly tier (access.ts longCall)
  const watchLong = c.wasmTier && c.hotRamp > 0 && wasm === 'auto' && loop;
  /** Go on at `va` after `len` instructions of the current piece. */
  const goTo = (va: number, len: number): string => {
    const j = at.get(va);
    if (j === undefined) return exitTo(va, len);
    const step = pieces.length === 1 ? 'continue;' : `s = ${j}; continue;`;
    const long = watchLong && j === 0 ? ` if (!longTried && cnt > ${LONG_CALL}) { longTried = true; c.longCall(${name}, ${start}); }` : '';
    return `cnt += ${len}; if (budget - cnt < ${pieces[j]!.len} || c.stopReq) { ${exitTo(va, 0)} }${long} ${step}`;
  };
  const code = pieces.map((p) => {
    let tail: string;
    if (p.leaves) tail = exitTo(null, p.len);
    else if (p.cond === undefined) tail = goTo(p.next, p.len);
    else if (p.cond === 'true') tail = goTo(p.target!, p.len);
    else tail = `if (${p.cond}) { ${goTo(p.target!, p.len)} } ${goTo(p.next, p.len)}`;
    return [...p.body, tail];
  });
  // Straight-line code longer than MAX_LEN goes on in a block of its own. Its start would count as a
  // branch target only from the first return of this one there, so a long unrolled function (a hash's
  // rounds: 1,500 instructions) would compile one piece per `hot` calls, the rest interpreted until
  // then; made as hot as this block, it compiles the first time execution reaches it. A region the
  // WebAssembly tier makes later, in a batch (wasmLater), is first reached only once its batch is made:
  // one piece per batch, the rest interpreted meanwhile (a Linux boot's blake2s_compress_generic:
  // 9 million instructions). So it asks for its continuation at once, in the same batch.
  const then: number[] = [];
  for (const p of pieces) {
    const idx = p.start + p.len;
    if (p.cut !== true || idx >= INSNS_PER_PAGE || at.has(p.next) || c.curBlocks[idx] !== undefined) continue;
    if (wasm === 'low' && install !== undefined && c.curHeat[idx]! < c.hotW) { c.curHeat[idx] = c.hotW; then.push(idx); }
    else c.curHeat[idx] = Math.max(c.curHeat[idx]!, wasm === 'low' ? c.hotW - 1 : c.hot);
  }
  // the second load window of emit.ts `loadWindow`, when a load uses it
  const win = code.some((lines) => lines.some((s) => s.includes('wB'))) ? '  let wB = 0, wL = 0, wDv = c.dDv, wF = c.dFlags;\n' : '';
  // primed only once the CPU has compiled its first HOT_RAMP blocks (core.ts): a short guest's few
  // blocks, compiled early, are not worth the bigger optimised code; a kernel's later ones are
  const prime = c.hotRamp === 0 && (primer ??= makePrimer(c)) !== null ? 'let primed = 0;\n' : '';
  const head = `${prime}${watchLong ? 'let longTried = false;\n' : ''}return function ${name}(c, budget) {\n  if (budget < ${first.len}) return 0;\n` +
    (prime ? `  if (primed < ${PRIME_AT} && ++primed === ${PRIME_AT}) primeBlock(${name}, ${pieces.reduce((a, p) => a + p.len, 0)});\n` : '') +
    `  const x = c.x, dec = c.curDec;\n${win}`;
  // every exit's one way out: PC when the exit named it, and the count
  const out = '\n  }\n  if (_xp === _xp) c.pc = _xp;\n  return cnt + _xn;\n};';
  const src = pieces.length === 1
    ? head + '  let cnt = 0, _xp = NaN, _xn = 0;\n  exit: for (;;) {\n' + code[0]!.map((s) => '    ' + s).join('\n') + out
    : head + '  let cnt = 0, s = 0, _xp = NaN, _xn = 0;\n  exit: for (;;) {\n    switch (s) {\n' +
      code.map((lines, j) => `      case ${j}: {\n` + lines.map((s) => '        ' + s).join('\n') + '\n      }').join('\n') +
      '\n    }' + out;
  const js = jsOf(src);
  // a loop through the first block: as WebAssembly when the tier translates all of it (wasm-tier.ts),
  // once the CPU has compiled its first HOT_RAMP blocks: a short guest's few loops, compiled early and
  // often run a few times round a call, cost more as modules (2-3 ms each to make in a fresh process)
  // and calls into them than they save; one that runs long in a call is tried then (access.ts longCall)
  if (c.wasmTier && (c.hotRamp === 0 || wasm !== 'auto') && (loop || wasm === 'low')) {
    const key = src + pieces.map((p) => `|${dec.subarray(p.start * REC, (p.start + p.len) * REC).join(',')}`).join('');
    let w = wasmCache.get(key);
    if (w === undefined) {
      const keep = (f: BlockFn | null): void => { if (wasmCache.size >= CACHE_MAX) wasmCache.clear(); wasmCache.set(key, f); };
      const region = { dec, pageVa, js, pieces: pieces.map((p) => ({ start: p.start, len: p.len, branch: p.cond !== undefined, target: p.target, leaves: p.leaves, next: p.next })) };
      if (wasm === 'low' && install !== undefined) {
        // made later with others in one module (wasm-tier.ts wasmBatch); the code runs as before meanwhile
        if (!wasmLater(region, key, (f) => { keep(f); install(f); })) keep(null);
        w = null;
      } else {
        w = wasmBlock(region);
        keep(w);
      }
    }
    // after this region, the straight-line code it goes on to (`then`, above)
    const blocks = c.curBlocks;
    for (const idx of then) {
      const f = compileBlock(c, dec, idx, pageVa, 'low', (g) => { if (blocks[idx] === undefined) blocks[idx] = g; });
      if (f !== null && blocks[idx] === undefined) blocks[idx] = f;
    }
    if (w !== null) return w;
  }
  return wasm !== 'auto' ? null : js();
}
