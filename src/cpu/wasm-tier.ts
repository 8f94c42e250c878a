/**
 * The WebAssembly block tier: a region of compiled blocks (the one jit.ts builds: a loop, or from
 * HOT_WASM jumps any straight-line piece) as a WebAssembly function, when every instruction in it is
 * one this tier translates.
 *
 * Why: a JavaScript block runs in V8's interpreter until TurboFan, on one background thread, has
 * optimised it, and a real guest's boot keeps that thread busy for seconds (src/cpu/README.md); a
 * WebAssembly function is compiled at once by V8's baseline compiler into machine code with 64-bit
 * registers, so a hot loop (a memset, a CRC, a copy) runs at machine speed from its first iteration.
 *
 * What it does is exactly what the JavaScript block does (jit.ts and the sem/ templates are the
 * reference; wasm-tier.test.ts runs both on the same programs), with one difference in how a fast
 * path declines: where the JavaScript block calls the general path (memOp), this function stops
 * *before* the instruction and returns, with PC at it; the dispatcher runs it next. The guest sees the
 * same instructions in the same order; only where execution leaves compiled code differs. On a window
 * miss it looks for another window among those the CPU keeps (dSwap/sSwap's, which the CPU copies
 * into its area: host-memory.ts SCR_WINS), as the JavaScript block asks dSwap; a function whose
 * accesses go to memory it cannot reach too often gives way to the JavaScript block for good.
 *
 * Functions go on into one another without coming back to JavaScript: every function made for a host
 * memory is in that memory's table, and its dispatcher (`dispatcherCode`), after a function ends at a
 * branch, calls the function the CPU's chain table names for the branch's target, if the JavaScript
 * dispatcher would have called that same function there: the chain table holds only functions it
 * called, tagged with the generations that say when its checks (the page's fetch, its breakpoints, its
 * code) could go otherwise. A call into another function costs a few nanoseconds where a return
 * to JavaScript and a call from it cost ~100.
 *
 * The function reaches guest RAM, the CPU's registers and the page flags through one
 * WebAssembly.Memory, the host memory the region's data windows are in (host-memory.ts): the CPU's
 * register file itself lives in a scratch area of that memory (`home` moves it there, values and all,
 * the first time the CPU's blocks run in the memory, and between memories), so the function reads and
 * writes the registers in place; its JavaScript wrapper writes the load and store windows (virtual
 * base, length, offset of their bytes and of their page flags in the memory) and NZCV into the area,
 * calls it, and reads back NZCV and PC. A window that is not in that memory is passed empty (every
 * access there declines).
 *
 * Function signature: (budget, area) -> executed; the exit PC (a double) and exit kind (DONE, MISS,
 * SLOW) in the CPU's area. The module of a function imports the memory only (a function import
 * costs V8 ~100-140 us a module more to make).
 */
import { Fn, moduleOf, wasmApi, I32, I64, F64, type OpName, type WasmTable } from './wasm-asm.ts';
import { hostOf, allocHostMemory, claimArea, chainSlot, SCR_NZCV, SCR_PC, SCR_KIND, SCR_CRC, SCR_CRCC, SCR_WIN, SCR_WIN2, WIN_BYTES, type HostMemory } from './host-memory.ts';
import { SCR_GEN, SCR_CGEN, SCR_WGEN, SCR_EL1H, SCR_EXA, SCR_EXS, SCR_CNTP, SCR_VOFF, SCR_HOPS, SCR_CHAIN, CHAIN_ENTRIES, CHAIN_BYTES, SCR_WINS, WIN_SLOTS } from './host-memory.ts';
import { REC, R_D, R_N, R_M, R_IMM, R_IMM2, R_IMM3, R_FL, type BlockFn } from './record.ts';
import { K_LOAD, K_PAIR, K_PRFM, K_SIGNED, K_SIZE, K_TO64, K_UNPRIV, M_OFF, M_POST, M_PRE, M_REG } from './record.ts';
import { F_LOAD_SLOW, MONITOR_HOST, codeGen } from './memory.ts';
import { OPS } from './sem/table.ts';
import type { CpuCore } from './core.ts';
import { SLOT_SINK, SLOT_ZR, X_LR, X_SP, X_ZR } from './regs.ts';

/** One straight-line piece of a region (jit.ts `Piece`, what this tier needs of it). */
export interface WasmPiece {
  /** Record index of its first instruction, and its length (the branch that ends it included). */
  readonly start: number; readonly len: number;
  /** It ends with a direct branch (its last instruction) to `target`. */
  readonly branch: boolean; readonly target?: number;
  /** It ends with an indirect branch (BR, BLR, RET) or an op that leaves (which this tier does not take). */
  readonly leaves?: boolean;
  /** Where execution goes when the piece falls through. */
  readonly next: number;
}

/** An instruction this tier cannot translate (the region stays JavaScript). */
class Unsupported extends Error {}

/** Exit kinds (scratch SCR_KIND): a branch or the budget; an access outside its window; another declined access. */
const DONE = 0, MISS = 1, SLOW = 2;
// parameters of the function
const P_BUDGET = 0, P_SCR = 1;
const PARAMS = [I32, I32] as const;

/** Little-endian hosts only: the scratch area is read by typed arrays and by WebAssembly alike. */
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** `WebAssembly.Module` can be made here (not refused by a Content-Security-Policy, present at all). */
let available = LITTLE && wasmApi !== undefined;

/** A data window in locals (see Emit). */
interface Win { readonly b: number; readonly l: number; readonly m: number; readonly fl: number }

/** Set window `w` from its description at `at` in scratch (after the address in local `from`, or the area's). */
function loadWindow(f: Fn, w: Win, at: number, from: number = P_SCR): void {
  f.get(from).mem('f64.load', at).code.push(0xfc, 0x06); // i64.trunc_sat_f64_s: exact for every window base
  f.set(w.b);
  f.get(from).mem('i32.load', at + 8).op('i64.extend_i32_u').set(w.l);
  f.get(from).mem('i32.load', at + 12).set(w.m);
  f.get(from).mem('i32.load', at + 16).set(w.fl);
}
/** Write window `w` as a description at `at` in scratch. */
function storeWindow(f: Fn, w: Win, at: number): void {
  f.get(P_SCR).get(w.b).op('f64.convert_i64_s').mem('f64.store', at);
  f.get(P_SCR).get(w.l).op('i32.wrap_i64').mem('i32.store', at + 8);
  f.get(P_SCR).get(w.m).mem('i32.store', at + 12);
  f.get(P_SCR).get(w.fl).mem('i32.store', at + 16);
}
function copyWindow(f: Fn, to: Win, from: Win): void {
  f.get(from.b).set(to.b).get(from.l).set(to.l).get(from.m).set(to.m).get(from.fl).set(to.fl);
}

/** Translation of one region into a function body. */
class Emit {
  readonly f = new Fn(PARAMS);
  /** Prologue code (register and flag loads), written once the body says what it uses. */
  private readonly pro = new Fn(PARAMS);
  readonly cnt = this.f.local(I32);
  readonly s = this.f.local(I32);
  readonly xn = this.f.local(I32);
  /**
   * The windows: the load window, the load window before the last swap of this call (as the JavaScript
   * block keeps it: emit.ts `loadWindow`), the store window. Each: virtual base and length (i64), offset
   * of its bytes and of its page flags in the memory (i32).
   */
  readonly d = this.window(); readonly w = this.window(); readonly st = this.window();
  private window(): Win { return { b: this.f.local(I64), l: this.f.local(I64), m: this.f.local(I32), fl: this.f.local(I32) }; }
  readonly nf = this.f.local(I32); readonly zf = this.f.local(I32); readonly cf = this.f.local(I32); readonly vf = this.f.local(I32);
  /** Register slot -> its i64 local; the slots written. */
  readonly regs = new Map<number, number>();
  readonly written = new Set<number>();
  flagsRead = false; flagsWritten = false;
  private readonly t64: number[] = [];
  private readonly t32: number[] = [];
  private n64 = 0; private n32 = 0;
  /** The instruction being translated: its address and index in its piece. */
  pc = 0; k = 0;

  /** A temporary: fresh per instruction (`reset`), reused across instructions. */
  tmp64(): number { if (this.n64 === this.t64.length) this.t64.push(this.f.local(I64)); return this.t64[this.n64++]!; }
  tmp32(): number { if (this.n32 === this.t32.length) this.t32.push(this.f.local(I32)); return this.t32[this.n32++]!; }
  reset(): void { this.n64 = 0; this.n32 = 0; }

  private slotLocal(slot: number): number {
    let l = this.regs.get(slot);
    if (l === undefined) { l = this.f.local(I64); this.regs.set(slot, l); }
    return l;
  }
  /** Push the 64-bit register at register-file offset `off` (XZR reads 0). */
  rx(off: number): this {
    if ((off & 1) !== 0) throw new Unsupported('half register');
    const slot = off >> 1;
    if (slot === SLOT_ZR) this.f.i64(0n); else this.f.get(this.slotLocal(slot));
    return this;
  }
  /** Push the low 32 bits of the register at `off`. */
  rw(off: number): this { this.rx(off); this.f.op('i32.wrap_i64'); return this; }
  /** Pop an i64 into the register at `off` (the write sink drops it). */
  wx(off: number): this {
    if ((off & 1) !== 0) throw new Unsupported('half register');
    const slot = off >> 1;
    if (slot === SLOT_SINK) { this.f.op('drop'); return this; }
    if (slot === SLOT_ZR) throw new Unsupported('write to XZR slot');
    this.written.add(slot);
    this.f.set(this.slotLocal(slot));
    return this;
  }
  /** Pop an i32 into the register at `off`, zero-extended (a W register write). */
  ww(off: number): this { this.f.op('i64.extend_i32_u'); return this.wx(off); }

  /** Read a flag local (NZCV). */
  flag(l: number): this { this.flagsRead = true; this.f.get(l); return this; }
  /** Pop an i32 (0 or 1) into a flag. */
  setFlag(l: number): this { this.flagsWritten = true; this.f.set(l); return this; }

  /**
   * Leave with PC at `va` (or at what `va` pushes, a double), `n` more instructions executed after
   * `cnt`, exit kind `kind`.
   */
  exit(va: number | (() => void), n: number, kind: number): void {
    const f = this.f;
    f.get(P_SCR);
    if (typeof va === 'number') f.f64(va); else va();
    f.mem('f64.store', SCR_PC);
    f.get(P_SCR).i32(kind).mem('i32.store', SCR_KIND);
    f.i32(n).set(this.xn).br('out');
  }
  /**
   * With an i32 condition on the stack: unless it holds, leave before this instruction, declined for
   * `why`: MISS (outside the window: the JavaScript block would have found another window) or SLOW (a
   * check the general path makes: the JavaScript block would have taken it too).
   */
  orDecline(why: number): void {
    const f = this.f;
    f.op('i32.eqz').open('if');
    this.exit(this.pc, this.k, why);
    f.close();
  }
  /** The region loads, stores. */
  loads = false; stores = false;

  /** The prologue and the whole function: registers and flags in, the body, registers and flags out. */
  finish(): Fn {
    const p = this.pro, f = this.f;
    // the windows the code uses: the load window and the one before it (SCR_WIN2, kept by the
    // functions before this one in a chain), the store window
    if (this.loads) { loadWindow(p, this.d, SCR_WIN); loadWindow(p, this.w, SCR_WIN2); }
    if (this.stores) loadWindow(p, this.st, SCR_WIN + WIN_BYTES);
    for (const [slot, l] of this.regs) p.get(P_SCR).mem('i64.load', slot * 8).set(l);
    const flags = [this.nf, this.zf, this.cf, this.vf];
    if (this.flagsRead || this.flagsWritten) flags.forEach((l, i) => p.get(P_SCR).mem('i32.load', SCR_NZCV + 4 * i).set(l));
    // after the body's `block $out`: registers and flags back, the count returned
    for (const slot of this.written) f.get(P_SCR).get(this.regs.get(slot)!).mem('i64.store', slot * 8);
    if (this.flagsWritten) flags.forEach((l, i) => f.get(P_SCR).get(l).mem('i32.store', SCR_NZCV + 4 * i));
    f.get(this.cnt).get(this.xn).op('i32.add');
    f.code.unshift(...p.code);
    return f;
  }
}

// ------------------------------------------------------------------ flags and conditions

/** The operations of one register width: 64-bit (X) values are i64, 32-bit (W) values i32. */
interface Width {
  readonly add: OpName; readonly sub: OpName; readonly xor: OpName; readonly and: OpName; readonly or: OpName;
  readonly shrU: OpName; readonly eqz: OpName; readonly leU: OpName; readonly ltU: OpName;
  /** The shifts by shift type (LSL, LSR, ASR, ROR). */
  readonly shifts: readonly OpName[];
  /** The sign bit's number; what turns a value of the width into an i32, and an i32 (0/1) into one; an i64 into one. */
  readonly top: number; readonly toI32: readonly OpName[]; readonly fromI32: readonly OpName[]; readonly fromI64: readonly OpName[];
  /** Push the constant `v`; a temporary of the width. */
  k(f: Fn, v: number): void;
  tmp(e: Emit): number;
  /** Push the register at register-file offset `off` (Xn, or Wn); pop a value into it (a W write zero-extends). */
  read(e: Emit, off: number): void;
  write(e: Emit, off: number): void;
}
const X: Width = {
  add: 'i64.add', sub: 'i64.sub', xor: 'i64.xor', and: 'i64.and', or: 'i64.or',
  shrU: 'i64.shr_u', eqz: 'i64.eqz', leU: 'i64.le_u', ltU: 'i64.lt_u',
  shifts: ['i64.shl', 'i64.shr_u', 'i64.shr_s', 'i64.rotr'],
  top: 63, toI32: ['i32.wrap_i64'], fromI32: ['i64.extend_i32_u'], fromI64: [],
  k: (f, v) => { f.i64(BigInt(v)); }, tmp: (e) => e.tmp64(), read: (e, off) => { e.rx(off); }, write: (e, off) => { e.wx(off); },
};
const W: Width = {
  add: 'i32.add', sub: 'i32.sub', xor: 'i32.xor', and: 'i32.and', or: 'i32.or',
  shrU: 'i32.shr_u', eqz: 'i32.eqz', leU: 'i32.le_u', ltU: 'i32.lt_u',
  shifts: ['i32.shl', 'i32.shr_u', 'i32.shr_s', 'i32.rotr'],
  top: 31, toI32: [], fromI32: [], fromI64: ['i32.wrap_i64'],
  k: (f, v) => { f.i32(v); }, tmp: (e) => e.tmp32(), read: (e, off) => { e.rw(off); }, write: (e, off) => { e.ww(off); },
};
/** X for a 64-bit form, W for a 32-bit one. */
const widthOf = (is64: boolean): Width => (is64 ? X : W);

/**
 * AddWithCarry (Arm ARM J1) of the locals `a`, `b` of width `w` and carry `cin` (0, 1, or 'c': the C
 * flag): leaves the sum on the stack, and sets NZCV from it when `flags`.
 */
function awc(e: Emit, w: Width, a: number, b: number, cin: 0 | 1 | 'c', flags: boolean): void {
  const f = e.f;
  f.get(a).get(b).op(w.add);
  if (cin === 1) { w.k(f, 1); f.op(w.add); } else if (cin === 'c') { e.flag(e.cf); f.ops(...w.fromI32).op(w.add); }
  if (!flags) return;
  const r = w.tmp(e);
  f.set(r);
  // C from the flag before it is overwritten: a carry out is r <= a with a carry in, r < a without
  if (cin === 'c') {
    f.get(r).get(a).op(w.leU).get(r).get(a).op(w.ltU);
    e.flag(e.cf); f.op('select');
  } else {
    f.get(r).get(a).op(cin === 1 ? w.leU : w.ltU);
  }
  e.setFlag(e.cf);
  f.get(r); w.k(f, w.top); f.op(w.shrU).ops(...w.toI32); e.setFlag(e.nf);
  f.get(r).op(w.eqz); e.setFlag(e.zf);
  f.get(a).get(r).op(w.xor).get(b).get(r).op(w.xor).op(w.and); w.k(f, w.top); f.op(w.shrU).ops(...w.toI32); e.setFlag(e.vf);
  f.get(r);
}

/** NZCV of a logical result in local `r` of width `w`: N, Z from it, C = V = 0. */
function logicFlags(e: Emit, w: Width, r: number): void {
  const f = e.f;
  f.get(r); w.k(f, w.top); f.op(w.shrU).ops(...w.toI32); e.setFlag(e.nf);
  f.get(r).op(w.eqz); e.setFlag(e.zf);
  f.i32(0); e.setFlag(e.cf); f.i32(0); e.setFlag(e.vf);
}

/** Push ConditionHolds(cc) (Arm ARM J1) as an i32 0/1. */
function cond(e: Emit, cc: number): void {
  const f = e.f;
  switch (cc >> 1) {
    case 0: e.flag(e.zf); break;
    case 1: e.flag(e.cf); break;
    case 2: e.flag(e.nf); break;
    case 3: e.flag(e.vf); break;
    case 4: e.flag(e.cf); e.flag(e.zf); f.i32(1).op('i32.xor').op('i32.and'); break;
    case 5: e.flag(e.nf); e.flag(e.vf); f.op('i32.eq'); break;
    case 6: e.flag(e.nf); e.flag(e.vf); f.op('i32.eq'); e.flag(e.zf); f.i32(1).op('i32.xor').op('i32.and'); break;
    default: f.i32(1); return; // AL, NV
  }
  if ((cc & 1) !== 0) f.i32(1).op('i32.xor');
}

// ------------------------------------------------------------------ operands

/** Push the shifted register operand (Xm or Wm, by `w`) of the shifted-register forms. */
function operand2(e: Emit, m: number, type: number, amt: number, w: Width): void {
  w.read(e, m);
  if (amt !== 0) { w.k(e.f, amt); e.f.op(w.shifts[type]!); }
}

/** Push Xm extended by `option` (UXTB..SXTX) and shifted left by `amt` (ADD/SUB extended register). */
function extended(e: Emit, m: number, option: number, amt: number): void {
  const f = e.f;
  e.rx(m);
  switch (option & 7) {
    case 0: f.i64(0xffn).op('i64.and'); break;
    case 1: f.i64(0xffffn).op('i64.and'); break;
    case 2: f.i64(0xffffffffn).op('i64.and'); break;
    case 4: f.op('i64.extend8_s'); break;
    case 5: f.op('i64.extend16_s'); break;
    case 6: f.op('i64.extend32_s'); break;
    default: break;
  }
  if (amt !== 0) f.i64(BigInt(amt)).op('i64.shl');
}

/** The bits kept in place by one step of a bit or byte reversal that exchanges groups of k bits. */
const SWAP_MASKS = new Map<number, bigint>([
  [1, 0x5555555555555555n], [2, 0x3333333333333333n], [4, 0x0f0f0f0f0f0f0f0fn], [8, 0x00ff00ff00ff00ffn], [16, 0x0000ffff0000ffffn],
]);

/** An i64 constant from int32 halves. */
const k64 = (lo: number, hi: number): bigint => (BigInt(hi) << 32n) | BigInt(lo >>> 0);

// ------------------------------------------------------------------ loads and stores

/** Push the memory address (i32) of window offset `o` (an i64 local) in window `w`. */
function at(e: Emit, w: Win, o: number): void {
  e.f.get(w.m).get(o).op('i32.wrap_i64').op('i32.add');
}

/** Push whether [o, o + size) (o an i64 local) lies inside window `w`. */
function fits(f: Fn, o: number, size: number, w: Win): void {
  f.get(o).i64(0n).op('i64.ge_s').get(o).i64(BigInt(size)).op('i64.add').get(w.l).op('i64.le_s').op('i32.and');
}

/**
 * When the base register `base` is SP, leave before the instruction unless SP is 16-byte aligned: the
 * general path checks SP alignment (SCTLR_EL1.SA/SA0) first, for every load and store with SP as base.
 */
function spAligned(e: Emit, base: number): void {
  if (base !== X_SP) return;
  e.rw(X_SP); e.f.i32(15).op('i32.and').op('i32.eqz');
  e.orDecline(SLOW);
}

/**
 * The checks of a fast path for `size` bytes at address `a` (i64 local) in the load (`load`) or store
 * window: SP alignment when the base is SP; inside the window, else inside the second load window (the
 * two trade places), else inside another window the CPU keeps for the page (`swap`, as dSwap/sSwap in
 * the JavaScript block); aligned to `align`; no flag that sends it to the general path on the pages it
 * touches. Leaves before the instruction when any fails; the window offset in the returned local, the
 * window in `e.d` (loads) or `e.st` (stores).
 */
function checked(e: Emit, a: number, base: number, size: number, align: number, load: boolean): number {
  const f = e.f, o = e.tmp64(), cur = load ? e.d : e.st;
  if (load) e.loads = true; else e.stores = true;
  spAligned(e, base);
  f.get(a).get(cur.b).op('i64.sub').set(o);
  fits(f, o, size, cur);
  f.op('i32.eqz').open('if');
  {
    // another window the CPU keeps for the address (access.ts dSwap, sSwap: the same slot, made at
    // the translation the CPU is at), or leave
    const swapIn = (): void => {
      const at = e.tmp32(), kindOff = SCR_WINS + (load ? 0 : WIN_SLOTS * WIN_BYTES);
      f.get(a).op('i32.wrap_i64').i32(12).op('i32.shr_u').i32(WIN_SLOTS - 1).op('i32.and').i32(WIN_BYTES).op('i32.mul');
      f.get(P_SCR).op('i32.add').set(at);
      f.get(at).mem('i32.load', kindOff + 20).get(P_SCR).mem('i32.load', SCR_WGEN).op('i32.eq');
      e.orDecline(MISS);
      loadWindow(f, cur, kindOff, at);
      f.get(a).get(cur.b).op('i64.sub').set(o);
      fits(f, o, size, cur);
      e.orDecline(MISS);
    };
    if (load) {
      const t = e.tmp64();
      f.get(a).get(e.w.b).op('i64.sub').set(t);
      fits(f, t, size, e.w);
      f.open('if');
      // the window before the last swap: the two trade places
      {
        const tb = e.tmp64(), tl = e.tmp64(), tm = e.tmp32(), tf = e.tmp32();
        f.get(e.d.b).set(tb).get(e.d.l).set(tl).get(e.d.m).set(tm).get(e.d.fl).set(tf);
        copyWindow(f, e.d, e.w);
        f.get(tb).set(e.w.b).get(tl).set(e.w.l).get(tm).set(e.w.m).get(tf).set(e.w.fl);
        f.get(t).set(o);
      }
      f.else();
      copyWindow(f, e.w, e.d);
      storeWindow(f, e.w, SCR_WIN2);
      swapIn();
      f.close();
    } else {
      swapIn();
    }
  }
  f.close();
  if (align > 1) { f.get(o).i64(BigInt(align - 1)).op('i64.and').op('i64.eqz'); e.orDecline(SLOW); }
  // the page flags of the first and last byte (one page when both are on it)
  f.get(cur.fl).get(o).i64(12n).op('i64.shr_u').op('i32.wrap_i64').op('i32.add').mem('i32.load8_u');
  f.get(cur.fl).get(o).i64(BigInt(size - 1)).op('i64.add').i64(12n).op('i64.shr_u').op('i32.wrap_i64').op('i32.add').mem('i32.load8_u');
  f.op('i32.or');
  if (load) f.i32(F_LOAD_SLOW).op('i32.and');
  f.op('i32.eqz');
  e.orDecline(SLOW);
  return o;
}

/** Push the exclusive monitor's key (an f64) of window offset `o` (an i64 local) in window `w`: memory.ts `monitorKey`. */
function monitorKey(e: Emit, w: Win, o: number): void {
  const f = e.f;
  f.get(w.fl).op('i64.extend_i32_u').get(o).i64(12n).op('i64.shr_u').op('i64.add').i64(12n).op('i64.shl');
  f.get(o).i64(4095n).op('i64.and').op('i64.or').i64(BigInt(MONITOR_HOST)).op('i64.add').op('f64.convert_i64_s');
}

/**
 * LDXR/LDAXR/STXR/STLXR and their pairs (K in `k`) at the address in Xn, as access.ts `exclusive` with
 * the monitor in the area (SCR_EXA, SCR_EXS): a load-exclusive marks its key and size; a store-exclusive
 * fails at once (status 1, no access) when nothing is marked, else stores and succeeds (0) only where
 * the key and size are the marked ones, and opens the monitor either way. Anything the general path
 * would fault or check (alignment, SP alignment, a page flag: watchpoints, code, stage 2) declines
 * before the instruction.
 */
function exclusive(e: Emit, load: boolean, t1: number, n: number, t2: number, s: number, k: number): void {
  const f = e.f, size = 1 << (k & K_SIZE), pair = (k & K_PAIR) !== 0, total = pair ? 2 * size : size, a = e.tmp64();
  const ld: OpName = size === 8 ? 'i64.load' : size === 4 ? 'i64.load32_u' : size === 2 ? 'i64.load16_u' : 'i64.load8_u';
  const st: OpName = size === 8 ? 'i64.store' : size === 4 ? 'i64.store32' : size === 2 ? 'i64.store16' : 'i64.store8';
  e.rx(n); f.set(a);
  if (load) {
    const o = checked(e, a, n, total, total, true);
    // (a pair's registers written in order: the second wins when they are one, as for LDP)
    if (pair) { const v = e.tmp64(); at(e, e.d, o); f.mem(ld, size).set(v); at(e, e.d, o); f.mem(ld); e.wx(t1); f.get(v); e.wx(t2); }
    else { at(e, e.d, o); f.mem(ld); e.wx(t1); }
    f.get(P_SCR); monitorKey(e, e.d, o); f.mem('f64.store', SCR_EXA);
    f.get(P_SCR).i32(total).mem('i32.store', SCR_EXS);
    return;
  }
  // the SP alignment and alignment faults come first, whether or not anything is marked
  spAligned(e, n);
  f.get(a).i64(BigInt(total - 1)).op('i64.and').op('i64.eqz');
  e.orDecline(SLOW);
  f.get(P_SCR).mem('f64.load', SCR_EXA).f64(-1).op('f64.eq').open('if');
  f.i64(1n); e.wx(s);
  f.else();
  {
    const o = checked(e, a, n, total, total, false);
    f.get(P_SCR).mem('f64.load', SCR_EXA); monitorKey(e, e.st, o); f.op('f64.eq');
    f.get(P_SCR).mem('i32.load', SCR_EXS).i32(total).op('i32.eq').op('i32.and');
    f.open('if');
    at(e, e.st, o); e.rx(t1); f.mem(st);
    if (pair) { at(e, e.st, o); e.rx(t2); f.mem(st, size); }
    f.i64(0n); e.wx(s);
    f.else();
    f.i64(1n); e.wx(s);
    f.close();
    f.get(P_SCR).f64(-1).mem('f64.store', SCR_EXA);
  }
  f.close();
}

/** A single-register load or store (the LDST fast forms). */
function single(e: Emit, d: number, n: number, m: number, imm: number, mode: number, ext: number, size: number, load: boolean, signed: boolean, to64: boolean): void {
  const f = e.f, a = e.tmp64();
  e.rx(n);
  if (mode === M_REG) {
    const option = (ext >> 8) & 7, amt = ext & 7;
    if (option === 2) { e.rx(m); f.i64(0xffffffffn).op('i64.and'); }
    else if (option === 6) { e.rx(m); f.op('i64.extend32_s'); }
    else e.rx(m);
    if (amt !== 0) f.i64(BigInt(amt)).op('i64.shl');
    f.op('i64.add');
  } else if (mode !== M_POST && imm !== 0) {
    f.i64(BigInt(imm)).op('i64.add');
  }
  f.set(a);
  const o = checked(e, a, n, size, size, load);
  if (load) {
    at(e, e.d, o);
    if (size === 8) f.mem('i64.load');
    else if (size === 4) f.mem(signed ? 'i64.load32_s' : 'i64.load32_u');
    else {
      const op = size === 2 ? (signed ? 'i64.load16_s' : 'i64.load16_u') : (signed ? 'i64.load8_s' : 'i64.load8_u');
      f.mem(op);
      if (signed && !to64) f.i64(0xffffffffn).op('i64.and');
    }
    e.wx(d);
  } else {
    at(e, e.st, o);
    e.rx(d);
    f.mem(size === 8 ? 'i64.store' : size === 4 ? 'i64.store32' : size === 2 ? 'i64.store16' : 'i64.store8');
  }
  if (mode === M_PRE) { f.get(a); e.wx(n); }
  else if (mode === M_POST) { f.get(a).i64(BigInt(imm)).op('i64.add'); e.wx(n); }
}

/** LDP/STP/LDPSW/LDNP/STNP: X pairs (16 bytes) and W pairs (8 bytes). */
function pair(e: Emit, d: number, n: number, m: number, imm: number, mode: number, fl: number): void {
  const f = e.f, a = e.tmp64(), load = (fl & K_LOAD) !== 0, x = (fl & K_SIZE) === 3;
  const size = x ? 16 : 8, one = size / 2;
  e.rx(n);
  if (mode !== M_POST && imm !== 0) f.i64(BigInt(imm)).op('i64.add');
  f.set(a);
  const o = checked(e, a, n, size, one, load);
  const mem = load ? e.d : e.st;
  if (load) {
    const v1 = e.tmp64(), v2 = e.tmp64();
    const ld: OpName = x ? 'i64.load' : (fl & K_SIGNED) !== 0 ? 'i64.load32_s' : 'i64.load32_u';
    at(e, mem, o); f.mem(ld).set(v1);
    at(e, mem, o); f.mem(ld, one).set(v2);
    f.get(v1); e.wx(d);
    f.get(v2); e.wx(m);
  } else {
    const st: OpName = x ? 'i64.store' : 'i64.store32';
    at(e, mem, o); e.rx(d); f.mem(st);
    at(e, mem, o); e.rx(m); f.mem(st, one);
  }
  if (mode !== M_OFF) {
    // the base written back is Xn + imm for both pre- and post-index (`a` is Xn + imm only for pre)
    if (mode === M_POST) f.get(a).i64(BigInt(imm)).op('i64.add'); else f.get(a);
    e.wx(n);
  }
}

// ------------------------------------------------------------------ instructions

/** Translate one record (not a branch). Throws Unsupported for anything this tier leaves to JavaScript. */
function insn(e: Emit, name: string, r: Readonly<Record<'d' | 'n' | 'm' | 'imm' | 'imm2' | 'imm3' | 'fl', number>>): void {
  const f = e.f;
  const { d, n, m, imm, imm2, imm3, fl } = r;
  switch (name) {
    case 'NOP': case 'ISB': return;
    case 'MOVC': f.i64(k64(imm, imm2)); e.wx(d); return;
    case 'MOVK': {
      // imm2 0: the low half, 1: the high half; imm3 the bits kept in that half
      const keep = imm2 === 0 ? k64(imm3, -1) : k64(-1, imm3), ins = imm2 === 0 ? k64(imm, 0) : k64(0, imm);
      e.rx(d); f.i64(keep).op('i64.and').i64(ins).op('i64.or');
      if (fl === 0) f.i64(0xffffffffn).op('i64.and');
      e.wx(d); return;
    }
    case 'ADR': f.i64(BigInt(e.pc + imm)); e.wx(d); return;
    case 'ADRP': f.i64(BigInt(e.pc - (e.pc & 4095) + imm * 4096)); e.wx(d); return;
    case 'ADDI_X': e.rx(n); f.i64(BigInt(imm)).op('i64.add'); e.wx(d); return;
    case 'SUBI_X': e.rx(n); f.i64(BigInt(imm)).op('i64.sub'); e.wx(d); return;
    case 'ADDI_W': e.rw(n); f.i32(imm).op('i32.add'); e.ww(d); return;
    case 'SUBI_W': e.rw(n); f.i32(imm).op('i32.sub'); e.ww(d); return;
    case 'ADDSI_X': case 'SUBSI_X': {
      const a = e.tmp64(), b = e.tmp64();
      e.rx(n); f.set(a);
      f.i64(name === 'ADDSI_X' ? BigInt(imm) : ~BigInt(imm)).set(b);
      awc(e, X, a, b, name === 'ADDSI_X' ? 0 : 1, true); e.wx(d); return;
    }
    case 'ADDSI_W': case 'SUBSI_W': {
      const a = e.tmp32(), b = e.tmp32();
      e.rw(n); f.set(a);
      f.i32(name === 'ADDSI_W' ? imm : ~imm).set(b);
      awc(e, W, a, b, name === 'ADDSI_W' ? 0 : 1, true); e.ww(d); return;
    }
    case 'ANDI_X': case 'ORRI_X': case 'EORI_X': case 'ANDSI_X': {
      const op: OpName = name === 'ORRI_X' ? 'i64.or' : name === 'EORI_X' ? 'i64.xor' : 'i64.and';
      e.rx(n); f.i64(k64(imm, imm2)).op(op);
      if (name === 'ANDSI_X') { const t = e.tmp64(); f.tee(t); logicFlags(e, X, t); }
      e.wx(d); return;
    }
    case 'ANDI_W': case 'ORRI_W': case 'EORI_W': case 'ANDSI_W': {
      const op: OpName = name === 'ORRI_W' ? 'i32.or' : name === 'EORI_W' ? 'i32.xor' : 'i32.and';
      e.rw(n); f.i32(imm).op(op);
      if (name === 'ANDSI_W') { const t = e.tmp32(); f.tee(t); logicFlags(e, W, t); }
      e.ww(d); return;
    }
    case 'LSLI_X': e.rx(n); f.i64(BigInt(imm)).op('i64.shl'); e.wx(d); return;
    case 'LSRI_X': e.rx(n); f.i64(BigInt(imm)).op('i64.shr_u'); e.wx(d); return;
    case 'ASRI_X': e.rx(n); f.i64(BigInt(imm)).op('i64.shr_s'); e.wx(d); return;
    case 'LSLI_W': e.rw(n); f.i32(imm).op('i32.shl'); e.ww(d); return;
    case 'LSRI_W': e.rw(n); f.i32(imm).op('i32.shr_u'); e.ww(d); return;
    case 'ASRI_W': e.rw(n); f.i32(imm).op('i32.shr_s'); e.ww(d); return;
    case 'BFX': {
      // source bit imm, width imm2, destination bit imm3; fl: kind (0 UBFM, 1 SBFM, 2 BFM) | sf << 2
      const kind = fl & 3, is64 = (fl & 4) !== 0, width = imm2, pos = imm3;
      e.rx(n);
      if (!is64) f.i64(0xffffffffn).op('i64.and');
      if (imm !== 0) f.i64(BigInt(imm)).op('i64.shr_u');
      if (width < 64) {
        if (kind === 1) f.i64(BigInt(64 - width)).op('i64.shl').i64(BigInt(64 - width)).op('i64.shr_s');
        else f.i64((1n << BigInt(width)) - 1n).op('i64.and');
      }
      if (pos !== 0) f.i64(BigInt(pos)).op('i64.shl');
      if (kind === 2) {
        const mask = BigInt.asUintN(64, (width >= 64 ? -1n : (1n << BigInt(width)) - 1n) << BigInt(pos));
        f.i64(mask).op('i64.and');
        e.rx(d); f.i64(~mask).op('i64.and').op('i64.or');
      }
      if (!is64) f.i64(0xffffffffn).op('i64.and');
      e.wx(d); return;
    }
    case 'EXTR': {
      if (fl === 0) {
        if (imm === 0) e.rw(m);
        else { e.rw(m); f.i32(imm).op('i32.shr_u'); e.rw(n); f.i32(32 - imm).op('i32.shl').op('i32.or'); }
        e.ww(d); return;
      }
      if (imm === 0) e.rx(m);
      else { e.rx(m); f.i64(BigInt(imm)).op('i64.shr_u'); e.rx(n); f.i64(BigInt(64 - imm)).op('i64.shl').op('i64.or'); }
      e.wx(d); return;
    }
    case 'ADD_X': case 'SUB_X': case 'ADDS_X': case 'SUBS_X':
    case 'ADD_W': case 'SUB_W': case 'ADDS_W': case 'SUBS_W': {
      const w = widthOf(name.endsWith('_X')), sub = name.startsWith('SUB'), setf = name.includes('S_');
      if (!setf) { w.read(e, n); operand2(e, m, imm2, imm3, w); f.op(sub ? w.sub : w.add); w.write(e, d); return; }
      const a = w.tmp(e), b = w.tmp(e);
      w.read(e, n); f.set(a);
      operand2(e, m, imm2, imm3, w);
      if (sub) { w.k(f, -1); f.op(w.xor); }
      f.set(b);
      awc(e, w, a, b, sub ? 1 : 0, true); w.write(e, d); return;
    }
    case 'AND_X': case 'ORR_X': case 'EOR_X': case 'ANDS_X':
    case 'AND_W': case 'ORR_W': case 'EOR_W': case 'ANDS_W': {
      const w = widthOf(name.endsWith('_X')), base = name.slice(0, -2);
      w.read(e, n); operand2(e, m, imm2, imm3, w);
      if ((fl & 1) !== 0) { w.k(f, -1); f.op(w.xor); }
      f.op(base === 'ORR' ? w.or : base === 'EOR' ? w.xor : w.and);
      if (base === 'ANDS') { const t = w.tmp(e); f.tee(t); logicFlags(e, w, t); }
      w.write(e, d); return;
    }
    case 'ADDEXT': {
      const w = widthOf((fl & 1) !== 0), sub = (fl & 2) !== 0, setf = (fl & 4) !== 0;
      const a = w.tmp(e), b = w.tmp(e);
      w.read(e, n); f.set(a); extended(e, m, imm2, imm3); f.ops(...w.fromI64);
      if (sub) { w.k(f, -1); f.op(w.xor); }
      f.set(b);
      awc(e, w, a, b, sub ? 1 : 0, setf); w.write(e, d); return;
    }
    case 'ADC': {
      const w = widthOf((fl & 1) !== 0), sub = (fl & 2) !== 0, setf = (fl & 4) !== 0;
      const a = w.tmp(e), b = w.tmp(e);
      w.read(e, n); f.set(a); w.read(e, m);
      if (sub) { w.k(f, -1); f.op(w.xor); }
      f.set(b);
      awc(e, w, a, b, 'c', setf); w.write(e, d); return;
    }
    case 'CCMP': {
      // d: nzcv when the condition fails; imm: condition; imm2: imm5; fl: sf | op << 1 | immediate << 2
      const w = widthOf((fl & 1) !== 0), sub = (fl & 2) !== 0, isImm = (fl & 4) !== 0;
      cond(e, imm);
      f.open('if');
      const a = w.tmp(e), b = w.tmp(e);
      w.read(e, n); f.set(a);
      if (isImm) w.k(f, imm2); else w.read(e, m);
      if (sub) { w.k(f, -1); f.op(w.xor); }
      f.set(b);
      awc(e, w, a, b, sub ? 1 : 0, true); f.op('drop');
      f.else();
      f.i32((d >> 3) & 1); e.setFlag(e.nf); f.i32((d >> 2) & 1); e.setFlag(e.zf);
      f.i32((d >> 1) & 1); e.setFlag(e.cf); f.i32(d & 1); e.setFlag(e.vf);
      f.close();
      return;
    }
    case 'CSEL': {
      const w = widthOf((fl & 1) !== 0), inv = (fl & 2) !== 0, inc = (fl & 4) !== 0;
      w.read(e, n); w.read(e, m);
      if (inv) { w.k(f, -1); f.op(w.xor); }
      if (inc) { w.k(f, 1); f.op(w.add); }
      cond(e, imm); f.op('select'); w.write(e, d); return;
    }
    case 'MADD': {
      const is64 = (fl & 1) !== 0, msub = (fl & 2) !== 0;
      if (is64) {
        if (imm === X_ZR && !msub) { e.rx(n); e.rx(m); f.op('i64.mul'); e.wx(d); return; }
        e.rx(imm); e.rx(n); e.rx(m); f.op('i64.mul').op(msub ? 'i64.sub' : 'i64.add'); e.wx(d); return;
      }
      e.rw(imm); e.rw(n); e.rw(m); f.op('i32.mul').op(msub ? 'i32.sub' : 'i32.add'); e.ww(d); return;
    }
    case 'MULL': {
      // fl: signed | o0 << 1
      const ext: OpName = (fl & 1) !== 0 ? 'i64.extend_i32_s' : 'i64.extend_i32_u';
      e.rx(imm); e.rw(n); f.op(ext); e.rw(m); f.op(ext).op('i64.mul').op((fl & 2) !== 0 ? 'i64.sub' : 'i64.add'); e.wx(d); return;
    }
    case 'MULH': {
      // the high 64 bits of the 128-bit product, from 32-bit halves; signed: minus the borrows
      const a = e.tmp64(), b = e.tmp64(), ll = e.tmp64(), lh = e.tmp64(), hl = e.tmp64();
      e.rx(n); f.set(a); e.rx(m); f.set(b);
      const lo32 = (l: number): void => { f.get(l).i64(0xffffffffn).op('i64.and'); };
      const hi32 = (l: number): void => { f.get(l).i64(32n).op('i64.shr_u'); };
      lo32(a); lo32(b); f.op('i64.mul').set(ll);
      lo32(a); hi32(b); f.op('i64.mul').set(lh);
      hi32(a); lo32(b); f.op('i64.mul').set(hl);
      hi32(a); hi32(b); f.op('i64.mul');
      f.get(lh).i64(32n).op('i64.shr_u').op('i64.add');
      f.get(hl).i64(32n).op('i64.shr_u').op('i64.add');
      // the carry out of the middle column
      f.get(ll).i64(32n).op('i64.shr_u');
      lo32(lh); f.op('i64.add');
      lo32(hl); f.op('i64.add');
      f.i64(32n).op('i64.shr_u').op('i64.add');
      if (fl !== 0) {
        f.get(b).i64(0n).get(a).i64(0n).op('i64.lt_s').op('select').op('i64.sub');
        f.get(a).i64(0n).get(b).i64(0n).op('i64.lt_s').op('select').op('i64.sub');
      }
      e.wx(d); return;
    }
    case 'DP2': {
      // imm2: 2 UDIV, 3 SDIV, 8 LSLV, 9 LSRV, 10 ASRV, 11 RORV; fl: sf
      const is64 = fl === 1;
      if (imm2 >= 8 && imm2 <= 11) {
        const w = widthOf(is64);
        w.read(e, n); w.read(e, m); w.k(f, w.top); f.op(w.and).op(w.shifts[imm2 - 8]!); w.write(e, d);
        return;
      }
      if (imm2 !== 2 && imm2 !== 3) throw new Unsupported('DP2');
      const signed = imm2 === 3;
      // a zero divisor gives 0; the one signed overflow (MIN / -1) gives MIN, as the negation does
      if (is64) {
        const a = e.tmp64(), b = e.tmp64();
        e.rx(n); f.set(a); e.rx(m); f.set(b);
        f.get(b).op('i64.eqz').open('if'); f.i64(0n); e.wx(d); f.else();
        if (signed) {
          f.get(b).i64(-1n).op('i64.eq').open('if'); f.i64(0n).get(a).op('i64.sub'); e.wx(d);
          f.else(); f.get(a).get(b).op('i64.div_s'); e.wx(d); f.close();
        } else { f.get(a).get(b).op('i64.div_u'); e.wx(d); }
        f.close();
        return;
      }
      const a = e.tmp32(), b = e.tmp32();
      e.rw(n); f.set(a); e.rw(m); f.set(b);
      f.get(b).op('i32.eqz').open('if'); f.i32(0); e.ww(d); f.else();
      if (signed) {
        f.get(b).i32(-1).op('i32.eq').open('if'); f.i32(0).get(a).op('i32.sub'); e.ww(d);
        f.else(); f.get(a).get(b).op('i32.div_s'); e.ww(d); f.close();
      } else { f.get(a).get(b).op('i32.div_u'); e.ww(d); }
      f.close();
      return;
    }
    case 'DP1': {
      // imm2: 0 RBIT, 1 REV16, 2 REV32 (REV of a W register), 3 REV, 4 CLZ, 5 CLS; fl: sf
      const is64 = fl === 1;
      if (imm2 >= 4) {
        // CLS(v) = CLZ(v XOR (v >> 1, arithmetic)) - 1: the top bit of that is 0, the next ones 1 where v's differ
        const w = widthOf(is64), v = w.tmp(e);
        w.read(e, n);
        if (imm2 === 5) { f.set(v); f.get(v).get(v); w.k(f, 1); f.op(is64 ? 'i64.shr_s' : 'i32.shr_s').op(w.xor); }
        f.op(is64 ? 'i64.clz' : 'i32.clz');
        if (imm2 === 5) { w.k(f, 1); f.op(w.sub); }
        w.write(e, d); return;
      }
      // exchange neighbouring groups of `k` bits, then bytes, then halfwords inside each word; the
      // words last for the 64-bit RBIT and REV (a W register's top half is 0 throughout)
      const v = e.tmp64();
      if (is64) e.rx(n); else e.rw(n).f.op('i64.extend_i32_u');
      f.set(v);
      for (const k of imm2 === 0 ? [1, 2, 4, 8, 16] : imm2 === 1 ? [8] : [8, 16]) {
        const mask = SWAP_MASKS.get(k)!;
        f.get(v).i64(BigInt(k)).op('i64.shr_u').i64(mask).op('i64.and');
        f.get(v).i64(mask).op('i64.and').i64(BigInt(k)).op('i64.shl').op('i64.or').set(v);
      }
      f.get(v);
      if (is64 && (imm2 === 0 || imm2 === 3)) f.i64(32n).op('i64.rotr');
      e.wx(d); return;
    }
    case 'LDX': exclusive(e, true, d, n, m, 0, fl); return;
    case 'STX': exclusive(e, false, d, n, m, imm3, fl); return;
    case 'MRSV': {
      // SP_EL0 and TPIDR_EL1 (fl 1) read so only at EL1h: elsewhere MRS's own path decides
      if (fl !== 0) { f.get(P_SCR).mem('i32.load', SCR_EL1H); e.orDecline(SLOW); }
      e.rx(imm2); e.wx(d); return;
    }
    case 'MRSC': {
      // CNTPCT_EL0 (fl 0), CNTVCT_EL0 (fl 1) at EL1h (EL0 may trap the read): the count at this
      // instruction is SCR_CNTP - budget + what ran before it; the virtual count less CNTVOFF_EL2,
      // declined where that is no exact number or below zero (as sysreg-access.ts readCounter)
      f.get(P_SCR).mem('i32.load', SCR_EL1H); e.orDecline(SLOW);
      const v = e.tmp64();
      f.get(P_SCR).mem('f64.load', SCR_CNTP).code.push(0xfc, 0x06); // i64.trunc_sat_f64_s: exact below 2^53
      f.get(P_BUDGET).op('i64.extend_i32_s').op('i64.sub');
      f.get(e.cnt).i32(e.k + 1).op('i32.add').op('i64.extend_i32_s').op('i64.add').set(v);
      if (fl !== 0) {
        const off = e.tmp64();
        f.get(P_SCR).mem('f64.load', SCR_VOFF).code.push(0xfc, 0x06); f.set(off);
        f.get(off).i64(0n).op('i64.ge_s').get(v).get(off).op('i64.ge_s').op('i32.and');
        e.orDecline(SLOW);
        f.get(v).get(off).op('i64.sub').set(v);
      }
      f.get(v); e.wx(d); return;
    }
    case 'CRC': {
      // acc = Wn; the low 1 << imm2 bytes of Xm, each: acc = T[(acc ^ byte) & 0xff] ^ (acc >>> 8)
      const acc = e.tmp32(), v = e.tmp64(), table = imm3 === 1 ? SCR_CRCC : SCR_CRC;
      e.rw(n); f.set(acc); e.rx(m); f.set(v);
      for (let i = 0; i < 1 << imm2; i++) {
        f.get(P_SCR);
        f.get(acc).get(v); if (i !== 0) f.i64(BigInt(8 * i)).op('i64.shr_u');
        f.op('i32.wrap_i64').op('i32.xor').i32(0xff).op('i32.and').i32(2).op('i32.shl').op('i32.add').mem('i32.load', table);
        f.get(acc).i32(8).op('i32.shr_u').op('i32.xor').set(acc);
      }
      f.get(acc); e.ww(d); return;
    }
    case 'LDRX_UI': single(e, d, n, 0, imm, M_OFF, 0, 8, true, false, false); return;
    case 'LDRW_UI': single(e, d, n, 0, imm, M_OFF, 0, 4, true, false, false); return;
    case 'LDRB_UI': single(e, d, n, 0, imm, M_OFF, 0, 1, true, false, false); return;
    case 'STRX_UI': single(e, d, n, 0, imm, M_OFF, 0, 8, false, false, false); return;
    case 'STRW_UI': single(e, d, n, 0, imm, M_OFF, 0, 4, false, false, false); return;
    case 'STRB_UI': single(e, d, n, 0, imm, M_OFF, 0, 1, false, false, false); return;
    case 'LDRX_R': single(e, d, n, m, 0, M_REG, imm3, 8, true, false, false); return;
    case 'LDRW_R': single(e, d, n, m, 0, M_REG, imm3, 4, true, false, false); return;
    case 'LDRB_R': single(e, d, n, m, 0, M_REG, imm3, 1, true, false, false); return;
    case 'STRX_R': single(e, d, n, m, 0, M_REG, imm3, 8, false, false, false); return;
    case 'STRW_R': single(e, d, n, m, 0, M_REG, imm3, 4, false, false, false); return;
    case 'STRB_R': single(e, d, n, m, 0, M_REG, imm3, 1, false, false, false); return;
    case 'LDST': {
      if ((fl & (K_UNPRIV | K_PAIR)) !== 0) throw new Unsupported('LDST form');
      if ((fl & K_PRFM) !== 0) {
        // PRFM does nothing but the SP alignment check of its base (access.ts memOp)
        spAligned(e, n);
        return;
      }
      // LDAR/STLR (K_AR, K_ALIGN): one vCPU runs at a time, so the ordering is what it is for LDR/STR;
      // an unaligned access declines (as every access of the tier does) and faults on the general path
      const size = 1 << (fl & K_SIZE), load = (fl & K_LOAD) !== 0;
      single(e, d, n, m, imm, imm2, imm3, size, load, load && (fl & K_SIGNED) !== 0, (fl & K_TO64) !== 0);
      return;
    }
    case 'LDSTP': {
      if ((fl & K_SIZE) !== 3 && (fl & K_SIZE) !== 2) throw new Unsupported('LDSTP size');
      pair(e, d, n, m, imm, imm2, fl);
      return;
    }
    default: throw new Unsupported(name);
  }
}

/** Push whether the branch record (op `name`) is taken. */
function taken(e: Emit, name: string, n: number, imm2: number): void {
  const f = e.f;
  switch (name) {
    case 'B': case 'BL': f.i32(1); return;
    case 'BCOND': cond(e, imm2); return;
    case 'CBZ_X': e.rx(n); f.op('i64.eqz'); return;
    case 'CBNZ_X': e.rx(n); f.op('i64.eqz').op('i32.eqz'); return;
    case 'CBZ_W': e.rw(n); f.op('i32.eqz'); return;
    case 'CBNZ_W': e.rw(n); f.op('i32.eqz').op('i32.eqz'); return;
    case 'TBZ': case 'TBNZ': {
      // n: the half of Xt holding the bit, imm2: the bit's mask in that half
      e.rx(n & ~1);
      if ((n & 1) !== 0) f.i64(32n).op('i64.shr_u');
      f.op('i32.wrap_i64').i32(imm2).op('i32.and');
      if (name === 'TBZ') f.op('i32.eqz'); else f.op('i32.eqz').op('i32.eqz');
      return;
    }
    default: throw new Unsupported(name);
  }
}

/** The function's code for `pieces` (pieces[0] the region's entry), or Unsupported. */
function translate(dec: Int32Array, pageVa: number, pieces: readonly WasmPiece[]): Emit {
  const e = new Emit(), f = e.f;
  const at = new Map<number, number>(pieces.map((p, j) => [pageVa + p.start * 4, j]));
  /** Go on at `va` after `len` more instructions of the current piece. */
  const goTo = (va: number, len: number): void => {
    const j = at.get(va);
    if (j === undefined) { e.exit(va, len, DONE); return; }
    f.get(e.cnt).i32(len).op('i32.add').set(e.cnt);
    f.get(P_BUDGET).get(e.cnt).op('i32.sub').i32(pieces[j]!.len).op('i32.lt_s').open('if');
    e.exit(va, 0, DONE);
    f.close();
    if (pieces.length > 1) f.i32(j).set(e.s);
    f.br('top');
  };
  f.open('block', 'out').open('loop', 'top');
  const labels = pieces.map((_, j) => `p${j}`);
  if (pieces.length > 1) {
    for (let j = pieces.length - 1; j >= 0; j--) f.open('block', labels[j]);
    f.get(e.s).brTable(labels, labels[0]!);
  }
  for (const p of pieces) {
    if (pieces.length > 1) f.close(); // the end of the block of this piece's label: its code follows
    const body = p.branch || p.leaves === true ? p.len - 1 : p.len;
    for (let k = 0; k < p.len; k++) {
      const idx = p.start + k, i = idx * REC, def = OPS[dec[i]!];
      if (def === undefined) throw new Unsupported('op');
      e.pc = pageVa + idx * 4; e.k = k; e.reset();
      if (k < body) {
        insn(e, def.name, { d: dec[i + R_D]!, n: dec[i + R_N]!, m: dec[i + R_M]!, imm: dec[i + R_IMM]!, imm2: dec[i + R_IMM2]!, imm3: dec[i + R_IMM3]!, fl: dec[i + R_FL]! });
        continue;
      }
      if (p.leaves === true) {
        // an indirect branch (BR, BLR, RET) to an address a double holds exactly (|Xn| < 2^53, as
        // sem/ops-branch.ts `regAddr` asks); any other address is the dispatcher's (c.wildPc)
        if (def.indirect === undefined) throw new Unsupported('piece end');
        const t = e.tmp64();
        e.rx(dec[i + R_N]!); f.set(t);
        f.get(t).i64(1n << 53n).op('i64.add').i64(54n).op('i64.shr_u').op('i64.eqz');
        e.orDecline(SLOW);
        if (def.indirect.link === true) { f.i64(BigInt(e.pc + 4)); e.wx(X_LR); }
        e.exit(() => { f.get(t).op('f64.convert_i64_s'); }, p.len, DONE);
        continue;
      }
      // the branch that ends the piece
      if (def.branch === undefined) throw new Unsupported('piece end');
      if (def.branch.link === true) { f.i64(BigInt(e.pc + 4)); e.wx(X_LR); }
      taken(e, def.name, dec[i + R_N]!, dec[i + R_IMM2]!);
      f.open('if'); goTo(p.target!, p.len); f.close();
      goTo(p.next, p.len);
    }
    if (!p.branch && p.leaves !== true) goTo(p.next, p.len);
  }
  f.close().close(); // loop, block $out
  return e;
}

/** What a region's WebAssembly function needs from its caller (jit.ts). */
export interface WasmRegion {
  readonly dec: Int32Array; readonly pageVa: number; readonly pieces: readonly WasmPiece[];
  /** The JavaScript block of the same region, made when this one gives way. */
  readonly js: () => BlockFn;
}

/**
 * What the WebAssembly functions of the process did: instructions executed, calls from JavaScript,
 * functions entered from another without returning (`hops`), calls that ended at an access outside
 * the windows (`misses`), functions that gave way to JavaScript (`fallbacks`), functions made (`made`)
 * and the modules they are in (`modules`).
 * For tests and measurements.
 */
export const wasmTierStats = { insns: 0, calls: 0, hops: 0, misses: 0, fallbacks: 0, made: 0, modules: 0 };
const stats = wasmTierStats;

/** Every this many calls a function checks how often it declined. */
const CHECK_EVERY = 64;

/** A memory for the scratch area of a call whose windows are in no host memory (every access then declines). */
let spare: HostMemory | undefined;

/**
 * The region as a WebAssembly function with its JavaScript wrapper (a BlockFn), or null when an
 * instruction is one this tier does not translate or WebAssembly cannot be used here.
 */
export function wasmBlock(region: WasmRegion): BlockFn | null {
  const e = translated(region);
  if (e === null) return null;
  return made([{ e, region, installs: [] }])?.[0] ?? null;
}

/** The region's function body, or null when the tier does not translate it. */
function translated(region: WasmRegion): Emit | null {
  if (!available) return null;
  try {
    return translate(region.dec, region.pageVa, region.pieces);
  } catch (err) {
    if (err instanceof Unsupported) return null;
    throw err;
  }
}

/** A function waiting to be made (wasmLater): its code, its region, where it goes once made. */
interface Pending { readonly e: Emit; readonly region: WasmRegion; readonly installs: ((f: BlockFn) => void)[] }
const pending = new Map<string, Pending>();
/** Slices run (wasmTick) since the first function in `pending` came. */
let waited = 0;

/**
 * How functions asked for with `wasmLater` are made: `size` of them in one module, or fewer once they
 * have waited `slices` of the CPUs' run slices. A module costs V8 ~17 KiB of resident memory and
 * ~50 us to make whatever it holds, and the code they are for runs meanwhile as before.
 */
export const wasmBatch = { size: 16, slices: 64 };
/** Functions waiting (for the run loop's cheap test). */
export const wasmQueue = { n: 0 };

/**
 * The region as a WebAssembly function made later, with others in one module (wasmBatch): `install`
 * gets its BlockFn then (the same region, by its source `key`, asked for again waits with it). False
 * when the tier does not translate it.
 */
export function wasmLater(region: WasmRegion, key: string, install: (f: BlockFn) => void): boolean {
  const p = pending.get(key);
  if (p !== undefined) { p.installs.push(install); return true; }
  const e = translated(region);
  if (e === null) return false;
  pending.set(key, { e, region, installs: [install] });
  wasmQueue.n = pending.size;
  if (pending.size >= wasmBatch.size) wasmFlush();
  return true;
}

/** A CPU ran a slice with functions waiting: make them once they have waited long enough. */
export function wasmTick(): void {
  if (++waited >= wasmBatch.slices) wasmFlush();
}

/** Make the functions waiting, in one module. */
export function wasmFlush(): void {
  const list = [...pending.values()];
  pending.clear(); wasmQueue.n = 0; waited = 0;
  if (list.length === 0) return;
  const fns = made(list);
  list.forEach((p, j) => { const f = fns?.[j]; if (f !== undefined) for (const i of p.installs) i(f); });
}

/** The functions of `list` in one module, with their wrappers; undefined when WebAssembly is refused. */
function made(list: readonly Pending[]): BlockFn[] | undefined {
  let mod: object;
  try {
    mod = new wasmApi!.Module(moduleOf(PARAMS, list.map((p) => p.e.finish())));
  } catch (err) {
    // refused by the embedder (a Content-Security-Policy without 'wasm-unsafe-eval'): JavaScript only
    if (err instanceof Error && /disallowed/i.test(err.message)) { available = false; return undefined; }
    throw err;
  }
  spare ??= hostOf(allocHostMemory(4096).buffer);
  if (spare === undefined) return undefined;
  stats.made += list.length; stats.modules++;
  const shared: Shared = { mod, exports: new WeakMap() };
  return list.map(({ e, region }, j) => wrapper(shared, `f${j}`, {
    entry: region.pageVa + region.pieces[0]!.start * 4, first: region.pieces[0]!.len,
    memory: e.stores ? STORES : e.loads ? LOADS : NONE, js: region.js,
  }));
}

/** A module and its instances, one per host memory (the functions' exports). */
interface Shared { readonly mod: object; readonly exports: WeakMap<HostMemory, Record<string, unknown>> }

/** Which window's memory a function runs in: the store window's (or the load window's when there is none), the load window's, none. */
const STORES = 0, LOADS = 1, NONE = 2;

interface Shape {
  /** The address of its first instruction; the length of its first piece (the least budget a call needs). */
  readonly entry: number; readonly first: number;
  readonly memory: typeof STORES | typeof LOADS | typeof NONE;
  readonly js: () => BlockFn;
}

/** `run(budget, area, index)`: the dispatcher of a host memory (below). */
type RunFn = (budget: number, area: number, index: number) => number;

/**
 * What a host memory's functions are called through: the table of every function instantiated for
 * the memory, and the dispatcher that calls them.
 */
interface Chain { readonly run: RunFn; readonly table: WasmTable; size: number }
const chains = new WeakMap<HostMemory, Chain>();
let dispatcher: object | undefined;

/**
 * The dispatcher: calls function `index` of the table, then, for as long as the function ended at a
 * branch (exit kind DONE, not a declined access) to the entry of a function in the CPU's chain table
 * made at the generations the CPU is at now (SCR_GEN, SCR_CGEN) and the budget left holds that
 * function's first piece, calls that one, without going back to JavaScript. Those are the checks the
 * JavaScript dispatcher (exec.gen.ts) would have made before calling the same function there: the
 * chain table holds only functions it called, at the address it called them for, and the
 * generations change with everything that could make it decide otherwise (a new translation, another
 * EL, code dropped, a breakpoint enabled). Returns the instructions executed.
 */
function dispatcherCode(): Fn {
  const f = new Fn([I32, I32, I32]);
  const B = 0, A = 1, IDX = 2;
  const cnt = f.local(I32), r = f.local(I32), pc = f.local(F64), lo = f.local(I32), e = f.local(I32);
  f.open('block', 'out').open('loop', 'top');
  f.get(B).get(cnt).op('i32.sub').get(A).get(IDX).callIndirect(1).tee(r);
  f.get(cnt).op('i32.add').set(cnt);
  f.get(r).op('i32.eqz').brIf('out');
  f.get(A).mem('i32.load', SCR_KIND).brIf('out'); // DONE is 0
  f.get(A).mem('f64.load', SCR_PC).tee(pc);
  f.code.push(0xfc, 0x06); // i64.trunc_sat_f64_s: exact for every PC
  f.op('i32.wrap_i64').set(lo);
  // chainSlot(pc) * CHAIN_BYTES + area
  f.get(lo).i32(2).op('i32.shr_u').get(lo).i32(12).op('i32.shr_u').op('i32.xor').i32(CHAIN_ENTRIES - 1).op('i32.and');
  f.i32(Math.log2(CHAIN_BYTES)).op('i32.shl').get(A).op('i32.add').set(e);
  f.get(e).mem('f64.load', SCR_CHAIN).get(pc).op('f64.ne').brIf('out');
  f.get(e).mem('i32.load', SCR_CHAIN + 8).get(A).mem('i32.load', SCR_GEN).op('i32.ne').brIf('out');
  f.get(e).mem('i32.load', SCR_CHAIN + 12).get(A).mem('i32.load', SCR_CGEN).op('i32.ne').brIf('out');
  f.get(B).get(cnt).op('i32.sub').get(e).mem('i32.load', SCR_CHAIN + 16).op('i32.lt_s').brIf('out');
  f.get(e).mem('i32.load', SCR_CHAIN + 20).set(IDX);
  f.get(A).get(A).mem('i32.load', SCR_HOPS).i32(1).op('i32.add').mem('i32.store', SCR_HOPS);
  f.br('top');
  f.close().close();
  f.get(cnt);
  return f;
}

/** The chain of host memory `h`, made on first use. */
function chainOf(h: HostMemory): Chain {
  let ch = chains.get(h);
  if (ch === undefined) {
    dispatcher ??= new wasmApi!.Module(moduleOf([I32, I32, I32], [dispatcherCode()], PARAMS));
    const table = new wasmApi!.Table({ element: 'anyfunc', initial: 64 });
    const run = new wasmApi!.Instance(dispatcher, { m: { m: h.memory, t: table } }).exports.f0 as RunFn;
    ch = { run, table, size: 0 };
    chains.set(h, ch);
  }
  return ch;
}

/** Put function `fn` in the table of chain `ch`: its index. */
function enter(ch: Chain, fn: unknown): number {
  const k = ch.size++;
  if (k >= ch.table.length) ch.table.grow(ch.table.length);
  ch.table.set(k, fn);
  return k;
}

const N4 = SCR_NZCV / 4, PC8 = SCR_PC / 8, KIND4 = SCR_KIND / 4, GEN4 = SCR_GEN / 4, CGEN4 = SCR_CGEN / 4, HOPS4 = SCR_HOPS / 4;
const DW8 = SCR_WIN / 8, DW4 = SCR_WIN / 4, SW8 = (SCR_WIN + WIN_BYTES) / 8, SW4 = (SCR_WIN + WIN_BYTES) / 4;
const W2_4 = SCR_WIN2 / 4, WGEN4 = SCR_WGEN / 4, EL1H4 = SCR_EL1H / 4, EXA8 = SCR_EXA / 8, EXS4 = SCR_EXS / 4;
const CNTP8 = SCR_CNTP / 8, VOFF8 = SCR_VOFF / 8;

/**
 * The BlockFn of a WebAssembly function: one function literal for every region (V8 optimises it once),
 * a closure per region. It instantiates the module for the host memory the CPU's windows are in
 * (once per memory, the function then in the memory's table), has the CPU's registers there, writes
 * the windows, NZCV and the generations into the CPU's area, enters the function in the CPU's chain
 * table, calls it through the memory's dispatcher (which goes on into other functions the chain
 * table names), and reads back NZCV and PC. About 38 ns a call of 8 instructions; copying the
 * registers the code used in and out through index lists, and asking the windows' views for their
 * offsets (getters V8 does not inline), made it 85-100.
 */
function wrapper(shared: Shared, name: string, shape: Shape): BlockFn {
  const { entry, first, memory, js } = shape;
  const slot = SCR_CHAIN + chainSlot(entry) * CHAIN_BYTES;
  let lastH = spare!, lastIdx = -1, lastRun: RunFn | null = null;
  let alt: BlockFn | null = null, calls = 0, misses = 0;
  const idxs = new WeakMap<HostMemory, number>();
  return function wasmBlockCall(cpu, budget) {
    if (budget < first) return 0;
    if (alt !== null) return alt(cpu, budget);
    const c = cpu as CpuCore;
    // the windows' host memories, kept by the CPU beside them: asking the views for their buffers
    // (getters V8 does not inline) cost more than the rest of the call; code that loads and stores
    // nothing runs wherever the registers are
    const hd = c.dHost, hs = c.sHost;
    let h = (memory === STORES ? (c.sLen > 0 ? hs : hd) : memory === LOADS ? hd : c.xHost) ?? spare!;
    // the registers are read and written where they are: in the memory the code runs in (a spare
    // memory has room for AREAS CPUs: then another is made)
    if (c.xHost !== h && !home(c, h)) {
      const fresh = h === spare ? hostOf(allocHostMemory(4096).buffer) : undefined;
      if (fresh === undefined || !home(c, fresh)) return js()(cpu, budget);
      spare = fresh; h = fresh;
    }
    if (h !== lastH || lastRun === null) {
      const ch = chainOf(h);
      let k = idxs.get(h);
      if (k === undefined) {
        let ex = shared.exports.get(h);
        if (ex === undefined) {
          ex = new wasmApi!.Instance(shared.mod, { m: { m: h.memory } }).exports;
          shared.exports.set(h, ex);
        }
        k = enter(ch, ex[name]);
        idxs.set(h, k);
      }
      lastH = h; lastIdx = k; lastRun = ch.run;
    }
    const s = h.s32, d = h.f64, area = c.xArea, a4 = area >> 2, a8 = area >> 3;
    const dOk = hd === h, sOk = hs === h;
    d[a8 + DW8] = c.dBase; s[a4 + DW4 + 2] = dOk ? c.dLen : 0; s[a4 + DW4 + 3] = dOk ? c.dOff : 0; s[a4 + DW4 + 4] = dOk ? c.dFlOff : 0;
    d[a8 + SW8] = c.sBase; s[a4 + SW4 + 2] = sOk ? c.sLen : 0; s[a4 + SW4 + 3] = sOk ? c.sOff : 0; s[a4 + SW4 + 4] = sOk ? c.sFlOff : 0;
    s[a4 + W2_4 + 2] = 0; // no window before the load window yet
    s[a4 + N4] = c.nf; s[a4 + N4 + 1] = c.zf; s[a4 + N4 + 2] = c.cf; s[a4 + N4 + 3] = c.vf;
    s[a4 + EL1H4] = c.el1h ? 1 : 0; d[a8 + EXA8] = c.exAddr; s[a4 + EXS4] = c.exSize;
    d[a8 + CNTP8] = c.retired + c.curN + c.idleTicks + budget; d[a8 + VOFF8] = c.cntvoffN;
    // this function in the CPU's chain table, for what it was entered at: the dispatcher fetched its
    // page at this translation, EL and breakpoints, and any function before it may go on into it
    const gen = c.chainGen(), cg = codeGen.n;
    s[a4 + GEN4] = gen; s[a4 + CGEN4] = gen < 0 ? -1 : cg; s[a4 + WGEN4] = gen >= 0 ? gen : c.xlatGen();
    if (gen >= 0) {
      const e8 = (area + slot) >> 3, e4 = (area + slot) >> 2;
      d[e8] = entry; s[e4 + 2] = gen; s[e4 + 3] = cg; s[e4 + 4] = first; s[e4 + 5] = lastIdx;
    }
    const n = lastRun!(budget, area, lastIdx);
    c.nf = s[a4 + N4]!; c.zf = s[a4 + N4 + 1]!; c.cf = s[a4 + N4 + 2]!; c.vf = s[a4 + N4 + 3]!;
    c.pc = d[a8 + PC8]!; c.exAddr = d[a8 + EXA8]!; c.exSize = s[a4 + EXS4]!;
    const hops = s[a4 + HOPS4]!;
    // (a miss of a function entered after this one is that one's)
    if (s[a4 + KIND4] === MISS) { stats.misses++; if (hops === 0) misses++; }
    // outside the CPU's windows in this memory too often (the data is in another memory): the
    // JavaScript block does better
    if (++calls === CHECK_EVERY) {
      if (misses * 8 > calls) { alt = js(); stats.fallbacks++; }
      calls = 0; misses = 0;
    }
    stats.insns += n; stats.calls++; stats.hops += hops; s[a4 + HOPS4] = 0;
    return n;
  };
}

/** A CPU's register file in each host memory it has run blocks in. */
const homes = new WeakMap<CpuCore, Map<HostMemory, Int32Array>>();

/**
 * Move CPU `c`'s registers (values and all) into its scratch area of `h`, claimed on first use; false
 * when `h` has no area left for it (its blocks then run as JavaScript there).
 */
function home(c: CpuCore, h: HostMemory): boolean {
  let m = homes.get(c);
  if (m === undefined) { m = new Map(); homes.set(c, m); }
  let regs = m.get(h);
  if (regs === undefined) {
    const r = claimArea(h, c.x, c);
    if (r === null) return false;
    regs = r;
    m.set(h, regs);
  } else {
    regs.set(c.x);
  }
  c.x = regs; c.xHost = h; c.xArea = regs.byteOffset;
  return true;
}
