/**
 * The state the execution tiers work on, and the methods they call to leave straight-line code.
 *
 * The CPU is one object built in layers, one concern per file, each class extending the one below:
 *   core.ts        CpuCore      register file, flags, PC, the caches the interpreter reads
 *   exceptions.ts  ExcCpu       PSTATE, exception entry and return, traps to EL2, UNDEFINED
 *   access.ts      MemCpu       RAM regions, instruction fetch, loads and stores
 *   simd-fp.ts     FpCpu        SIMD&FP instructions: the FPEN trap, the executors, their loads and stores
 *   sysreg-access.ts SysCpu     MRS/MSR, SYS (cache, TLB, address translation), WFI
 *   cpu.ts         A64Cpu       the debug checked path, run(), the public API
 * The interpreter (exec.gen.ts) and the block compiler (jit.ts) see only CpuCore; a method declared
 * abstract here is implemented by the layer that owns its concern.
 */
import { NSLOTS } from './regs.ts';
import type { BlockFn } from './record.ts';
import type { HostMemory } from './host-memory.ts';
import { F_CODE, NO_BLOCKS } from './memory.ts';
import { newVRegs } from './simd/state.ts';

/** The PC of a branch to an address no double holds exactly (see CpuCore.pc): a fetch there faults. */
export const WILD_PC = 2 ** 62;

/** Block compile thresholds: the first HOT_RAMP blocks of a CPU at HOT_FIRST jumps, then HOT_LATER (CpuCore.hot). */
export const HOT_FIRST = 500;
export const HOT_LATER = 10000;
export const HOT_RAMP = 256;
/**
 * Jumps to a branch target before its code is tried as a WebAssembly function (wasm-tier.ts), once a
 * CPU has compiled its first HOT_RAMP blocks; code the tier does not translate waits for HOT_LATER
 * and a JavaScript block (CpuCore.hotW).
 */
export const HOT_WASM = 6000;

export abstract class CpuCore {
  constructor() {
    const vr = newVRegs();
    this.v = vr.v; this.vb = vr.vb; this.vh = vr.vh; this.vd = vr.vd; this.vs = vr.vs;
  }

  /**
   * Register file (layout in regs.ts). Moved, values and all, into a scratch area of a host memory
   * when WebAssembly blocks first run in that memory (wasm-tier.ts), so they read and write the CPU's
   * registers in place: anything that keeps this array across a call of a block must read it again.
   */
  x: Int32Array = new Int32Array(NSLOTS * 2);
  /** The host memory holding `x` (null: an array of its own), and the byte offset of its area there. */
  xHost: HostMemory | null = null;
  xArea = 0;
  /** NZCV as four 0/1 ints. */
  nf = 0; zf = 0; cf = 0; vf = 0;
  /**
   * Program counter: the signed value of the 64-bit virtual address as an exact double (TTBR1
   * addresses are negative). A branch to an address beyond +-2^53 (only a faulting fetch can follow)
   * leaves WILD_PC here and the address in wildLo/wildHi.
   */
  pc = 0;
  wildLo = 0; wildHi = 0;
  /** V0..V31 as words, bytes and halfwords of one buffer (simd/state.ts). */
  readonly v: Int32Array;
  readonly vb: Uint8Array;
  readonly vh: Uint16Array;
  /** The same as binary64 and binary32 values, for the fast paths (never NaN bits: simd/state.ts). */
  readonly vd: Float64Array;
  readonly vs: Float32Array;
  /** FPCR; FPSR is fpFlags[0] while this CPU runs, else here (fp/state.ts). */
  fpcr = 0;
  fpsrBits = 0;
  /** CPACR_EL1.FPEN, kept as a number for the check every SIMD&FP instruction makes. */
  fpen = 0;

  /** Predecoded records of the page being executed and its virtual base address (-1: none). */
  curDec: Int32Array = new Int32Array(0);
  curBase = -1;
  /** Compiled blocks and branch-target heat of that page (memory.ts). */
  curBlocks: (BlockFn | null | undefined)[] = NO_BLOCKS as (BlockFn | null | undefined)[];
  curHeat: Uint16Array = new Uint16Array(1024);
  /** Block compiler tier enabled. */
  jit = true;
  /**
   * Loops of blocks whose every instruction the WebAssembly tier translates run as WebAssembly
   * (wasm-tier.ts), when their data is in host memory; otherwise, and when false, as JavaScript.
   */
  wasmTier = true;
  /**
   * Jumps to one branch target before its block is compiled. A compiled block pays for itself only once
   * V8 has optimised it, and optimising costs V8 far more than the interpreter, which the warm-up
   * (warmup.ts) has optimised once for the whole process, spends on a few thousand runs of a block: at
   * 500, compiling blocks by TurboFan took most of a Linux boot's CPU (2,500 optimisations in its first
   * 400M instructions). See README.md for the measurements behind 10000. A CPU's first HOT_RAMP blocks
   * compile at HOT_FIRST instead: a short guest's few hot loops then run compiled early, and by the time a
   * kernel has compiled that many, the rest of its code waits for the higher threshold.
   */
  hot = HOT_FIRST;
  /**
   * Jumps to a branch target before its code is tried as a WebAssembly function (0: never; HOT_WASM
   * once the CPU has compiled its first HOT_RAMP blocks). Code there, a loop or not, runs in the tier
   * long before `hot` when the tier translates it: it is machine code at once, where a JavaScript block
   * waits for TurboFan, and a WebAssembly block goes on into the next without returning (the chain,
   * wasm-tier.ts). Unlike a JavaScript block's, its making costs little: ~50 us a module.
   */
  hotW = 0;
  /** `hotW` was set through the API (A64Cpu.wasmThreshold): the ramp's end leaves it alone. */
  hotWSet = false;
  /** Blocks still to compile at HOT_FIRST before `hot` becomes HOT_LATER; 0 once jitThreshold is set. */
  hotRamp = HOT_RAMP;

  /**
   * The data window of loads: virtual addresses [dBase, dBase + dLen) are the bytes of dDv (a RAM
   * region with the MMU off; a readable page or block with it on). Empty when dLen is 0.
   */
  dBase = -1; dLen = 0;
  dDv: DataView = new DataView(new ArrayBuffer(8));
  /**
   * Per 4 KiB page of that window: F_CODE (1), F_WATCH (2), F_S2 (4), see memory.ts. The load fast
   * paths test F_LOAD_SLOW, the store fast paths the whole byte.
   */
  dFlags: Uint8Array = new Uint8Array(0);
  /**
   * The host memory of dDv and dFlags (Region.host), null when they are not both in one, and their
   * byte offsets there (what the WebAssembly tier gives its functions; the views' own getters are calls).
   */
  dHost: HostMemory | null = null;
  dOff = 0; dFlOff = 0;
  /** The data window of stores (writable memory), as above. */
  sBase = -1; sLen = 0;
  sDv: DataView = new DataView(new ArrayBuffer(8));
  sFlags: Uint8Array = new Uint8Array(0);
  sHost: HostMemory | null = null;
  sOff = 0; sFlOff = 0;
  /**
   * The region of the store window: page `o >>> 12` of the window (offset `o`) is its page
   * `sPg + (o >>> 12)`, whose decoded words sCodeFree asks it about (`decoded`).
   */
  sReg: { decoded(p: number, w: number): boolean } = { decoded: () => false };
  sPg = 0;
  /** Nonzero when any watchpoint can match (the slow path then checks accesses to F_WATCH pages). */
  wpOn = 0;
  /**
   * The local exclusive monitor: the key (memory.ts `monitorKey`) and size a load-exclusive marked, -1
   * when open. Here because WebAssembly blocks read and set it too (through their area, SCR_EXA).
   */
  exAddr = -1;
  exSize = 0;
  /** PSTATE is EL1 with SP_EL1 (EL1h), where reading SP_EL0 and TPIDR_EL1 is allowed. */
  el1h = true;
  /** Set by slow paths to leave `exec()` (trap to EL2, debug state changed, breakpoint page). */
  stopReq = false;
  /**
   * This CPU only runs compiled blocks for their type feedback (jit.ts `primeBlock`): its loads and
   * stores and SIMD&FP instructions do nothing and succeed (memOp, fpInsn).
   */
  priming = false;
  /** Instructions the running exec() has executed, this one included (for the counter registers). */
  curN = 0;
  /** Instructions retired since creation; exec()'s caller adds each call's count when it returns. */
  retired = 0;
  /** Counts skipped by WFI waiting for a timer: the physical count (CNTPCT_EL0) is retired + curN + idleTicks. */
  idleTicks = 0;
  /**
   * CNTVOFF_EL2 (ExcCpu `hyp.cntvoff`) as a number, kept by its setter; -1 when no double holds it
   * exactly. The tiers read the virtual count from it without BigInt arithmetic.
   */
  cntvoffN = 0;

  /**
   * The PC for a branch to the 64-bit address (lo, hi) that is beyond +-2^53 (AArch64.BranchAddr:
   * the top byte is dropped where TBI applies); returns the PC to use, WILD_PC when not representable.
   */
  abstract wildPc(lo: number, hi: number): number;
  /** Decode the record at dec[i] for the instruction at `pc`; returns its op id. */
  abstract decodeAt(dec: Int32Array, i: number, pc: number): number;
  /**
   * Make curDec/curBase describe this.pc's page. Returns 0 on success, 1 if an exception to EL1
   * was taken instead (PC now at the vector), 2 if the fetch trapped to EL2 (stopReq set), 3 if the
   * page holds an enabled breakpoint and the checked path must run it.
   */
  abstract fetchPage(): number;
  /** Compile (or mark uncompilable) the block at record index `bi` of the current page. */
  abstract compileAt(bi: number): void;
  /**
   * The JavaScript block `f` at record index `bi` of the current page, a loop among the CPU's first
   * HOT_RAMP blocks, went round past LONG_CALL instructions in one call (jit.ts `watchLong`): replace it
   * by a WebAssembly function when it is a loop the tier takes. Asked once per block function.
   */
  abstract longCall(f: BlockFn, bi: number): void;
  /**
   * What the compiled blocks the dispatcher entered (their page fetched at this translation, EL and
   * breakpoints) stay valid for: a number that changes whenever a fetch there might go otherwise, or
   * -1 while no block may be entered without the dispatcher's checks (a breakpoint is enabled);
   * otherwise xlatGen() (the wrapper of wasm-tier.ts relies on it).
   * WebAssembly blocks go from one to the next without returning while it holds (wasm-tier.ts).
   */
  abstract chainGen(): number;
  /** A number that changes whenever a data window may stop holding (a new translation, another EL). */
  abstract xlatGen(): number;
  /**
   * Make the window of loads (dSwap) or stores (sSwap) one the CPU keeps for the page of the address
   * `a` (a signed 64-bit value; beyond +-2^53 it holds nothing), if there is one: returns the offset of
   * `a` in it, or -1 when there is none (the fast paths then decline). Returning the offset, rather than
   * having the caller subtract the new base, leaves the interpreter no arithmetic that only runs once
   * the MMU is on (V8 would throw its optimised loop away when that first ran).
   */
  abstract dSwap(a: number): number;
  abstract sSwap(a: number): number;
  /**
   * Can a store of `n` bytes at offset `o` of the store window (inside it, aligned as its fast path
   * requires) take the fast path although a page it touches is flagged? Yes when the only flag is
   * F_CODE and none of the instruction words it writes has been decoded, by this CPU or another over
   * the same memory (memory.ts `CodeTable`): data kept beside code needs no invalidation (a word
   * decoded later is read from memory then). Called by the store fast paths only when a flag byte is
   * nonzero, so stores elsewhere pay nothing for it.
   */
  sCodeFree(o: number, n: number): boolean {
    const f = this.sFlags, last = o + n - 1;
    if ((f[o >>> 12] | f[last >>> 12]) !== F_CODE) return false;
    const reg = this.sReg, pg = this.sPg;
    for (let w = o >>> 2; w <= last >>> 2; w++) if (reg.decoded(pg + (w >>> 10), w & 1023)) return false;
    return true;
  }
  /** Execute a load/store record the fast path declined; false if an exception was taken. */
  abstract memOp(op: number, dec: Int32Array, i: number): boolean;

  // The system instructions (sem/ops-sys.ts). Each runs with this.pc at the instruction and leaves
  // this.pc at the next one to execute: past it when it completes, at a vector when it takes an exception.
  abstract undef(): void;
  /**
   * Execute the SIMD&FP instruction `w` (this.pc at it): true when it completed (the caller advances
   * the PC), false when it took an exception instead (PC at the vector, or stopReq for EL2).
   */
  abstract fpInsn(w: number): boolean;
  abstract svc(imm: number): void;
  abstract hvc(imm: number): void;
  abstract brk(imm: number): void;
  abstract eret(): void;
  abstract mrs(key: number, t: number): void;
  /**
   * MRS of CNTPCT_EL0 (`virt` 0) or CNTVCT_EL0 (1) into the register at offset `t`, `n` being what
   * curN is while the instruction runs: true when done, false when MRS's own path must decide (EL0,
   * where CNTKCTL_EL1 may trap it; a virtual count that is no exact number or below zero).
   */
  abstract counterRead(virt: number, t: number, n: number): boolean;
  abstract msr(key: number, t: number): void;
  abstract msrImm(f: number, crm: number): void;
  abstract wfi(): void;
  /** WFE (hint 2), SEV (4), SEVL (5). */
  abstract wfe(hint: number): void;
  abstract clrex(): void;
  abstract sysInsn(key: number, t: number): void;
}
