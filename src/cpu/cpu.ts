/**
 * The AArch64 guest CPU: EL1/EL0, exceptions to EL1 through VBAR_EL1, everything the architecture
 * routes to EL2 reported through `run()` (see api.ts), and the self-hosted debug architecture (Arm ARM
 * D2: breakpoints, watchpoints, software step, BRK, OS lock).
 *
 * This top layer (see core.ts for the others) runs the interpreter (exec.gen.ts) or, one instruction
 * at a time, the checked path that debug needs, and implements the public API of api.ts.
 */
import type { GuestCpu, SysRegName } from './api.ts';
import { RunStop } from './api.ts';
import { SysCpu } from './sysreg-access.ts';
import { exec } from './exec.gen.ts';
import { codeGen } from './memory.ts';
import { wasmQueue, wasmTick } from './wasm-tier.ts';
import * as bits from './bits.ts';
import * as sysregs from './sysregs.ts';
import { xo, X_SP, X_SP_EL0 } from './regs.ts';
import { WARM_UP_LDST_AT, WARM_UP_RAM, WARM_UP_RAM_HIGH, warmUpMemory } from './warmup.ts';
import { fpClaim } from './fp/state.ts';
import { ESR_ELx_EC_BREAKPT_LOW, ESR_ELx_EC_DABT_LOW, ESR_ELx_EC_SOFTSTP_LOW } from '../esr/ec.ts';
import { FSC_DEBUG } from '../esr/fsc.ts';

export type { UndefinedRecord } from './exceptions.ts';

// Copied once: reading an imported binding can cost a getter call per access after transforms.
const { out, toBig, fromBig } = bits;
const { SR, DBGBCR, DBGBVR, DBGWCR, DBGWVR, NUM_BRPS, NUM_WRPS } = sysregs;

/** The shortest run() that warms the interpreter up first. */
const WARM_UP_AT = 4096;

export class A64Cpu extends SysCpu implements GuestCpu {
  /** The warm-up has run: without its SIMD&FP part (`warmedUp`), and with it (`fpWarmedUp`). */
  private static warmedUp = false;
  private static fpWarmedUp = false;

  /**
   * The number fields that hold addresses and counts: a kernel's addresses are doubles (TTBR1
   * addresses are negative, beyond what a small integer holds), and so are long runs' counts.
   */
  private static readonly DOUBLE_FIELDS = ['pc', 'curBase', 'dBase', 'sBase', 'dLen', 'sLen', 'exAddr', 'xPa', 'retired', 'idleTicks'];
  /** codeGen.n when this CPU last ran (run): a newer count may have dropped the page it was in. */
  private codeSeen = 0;

  /**
   * The fields first written long after the CPU was made, each with another value of its kind. V8
   * records a field that no store has changed yet as a constant of the class, and code optimised
   * meanwhile depends on that: the first change throws it away.
   * - `hot`, `hotW`: the end of the CPU's first HOT_RAMP blocks sets these thresholds (core.ts), which
   *   the interpreter loop reads at every branch target: U-Boot then ran it unoptimised again for the
   *   ~250 ms TurboFan took to recompile it, from the ramp's end to its prompt.
   * - `x`, `xHost`, `xArea`: the WebAssembly tier's first function for a CPU moves its register file
   *   into host memory (wasm-tier.ts `home`); the warm-up's CPUs never enter the tier, so the first CPU
   *   that did made TurboFan's first compilation of the interpreter loop fail ("dependency change",
   *   ~240 ms of its compiler thread in every Linux boot, the loop unoptimised meanwhile).
   * Changed once here, they are variables from the start.
   */
  private static readonly VARIABLE_FIELDS: Readonly<Record<string, unknown>> = { hot: -1, hotW: -1, x: new Int32Array(0), xHost: {}, xArea: -1 };

  constructor() {
    super();
    // V8 keeps a number field as a small integer until a double is first stored there, and then gives
    // every object of the class a new map, which throws away the optimised code that knew the old one
    // (the interpreter loop, the compiled blocks): a CPU made before the warm-up, which runs at an
    // address only a double holds, met that at its first run. Storing a double here once makes these
    // fields doubles for every CPU from the first one built, before any code is optimised.
    const self = this as unknown as Record<string, number>;
    for (const f of A64Cpu.DOUBLE_FIELDS) { const v = self[f]!; self[f] = 0.5; self[f] = v; }
    const fields = this as unknown as Record<string, unknown>;
    for (const [f, other] of Object.entries(A64Cpu.VARIABLE_FIELDS)) { const v = fields[f]; fields[f] = other; fields[f] = v; }
  }

  /**
   * Run WARM_UP (warmup.ts) twice on a private CPU so the interpreter loop starts well typed. Done
   * once per process, by the first run() that asks for a long stretch of fast-path execution: a run that
   * only steps or executes a few instructions (a debugger's first stop, `--max-insns 1`) does not pay for it.
   * The first pass interprets it at a small address (MMU-off firmware); the second runs it at an address
   * only a double holds (a kernel's) with blocks compiled at their second arrival, so the interpreter
   * sees doubles in every case and the dispatch to compiled blocks is typed too. The two other passes
   * this had (interpreting at the high address, blocks at the small one) added nothing V8 kept: without
   * them the interpreter is optimised as often in a Linux boot (no deoptimisation either way) and a
   * fresh process's first run of a short guest costs ~5-20 ms less (each pass is mostly first-use costs,
   * 3-11 ms for its ~1,000 instructions); `bench/first-run.ts` against the pre-MMU commit went from
   * 1.17x to 1.09x of its main-thread time.
   * The SIMD&FP part runs only once a CPU has set CPACR_EL1.FPEN (`fp`): until then every SIMD&FP
   * instruction traps, and a guest that never sets it (built with -mgeneral-regs-only, as the compiled-C
   * guests are) never pays for warming what it cannot reach.
   */
  private static warmUp(fp: boolean): void {
    A64Cpu.warmedUp = true;
    A64Cpu.fpWarmedUp = fp;
    for (const high of [false, true]) {
      const cpu = new A64Cpu();
      cpu.jit = high;
      cpu.wasmTier = false; // JavaScript blocks: what the dispatch loop must be typed for; and no modules to make
      cpu.hot = 2;
      cpu.hotRamp = 0;
      const ram = BigInt(high ? WARM_UP_RAM_HIGH : WARM_UP_RAM);
      cpu.mapRam(ram, warmUpMemory(fp));
      cpu.setPc(ram);
      // accesses outside RAM stop the run as stage-2 data aborts: go on past them, as a hypervisor
      // does once it has emulated the MMIO; the HVC at the end stops it for good
      for (let r = 0; r < 256; r++) {
        if (cpu.run(10000) !== RunStop.TrapToEl2 || Number((cpu.el2.esr >> 26n) & 0x3fn) !== ESR_ELx_EC_DABT_LOW) break;
        cpu.setPc(cpu.getPc() + 4n);
      }
      // then every LDST form with SP as base and beside code (it ends at its own HVC)
      cpu.setPc(ram + BigInt(WARM_UP_LDST_AT));
      cpu.run(10000);
    }
  }

  /** Jumps to a branch target before its block is compiled (1..65535; tests lower it to reach the compiler). */
  get jitThreshold(): number { return this.hot; }
  set jitThreshold(n: number) {
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new RangeError(`jitThreshold: ${n} is not 1..65535`);
    this.hot = n;
    this.hotRamp = 0;
  }

  /**
   * Jumps to a branch target before its code is tried as a WebAssembly function (1..65535), or 0 for
   * never: HOT_WASM once the CPU has compiled its first blocks, unless set (tests lower it to reach the
   * tier and its chains with short programs).
   */
  get wasmThreshold(): number { return this.hotW; }
  set wasmThreshold(n: number) {
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new RangeError(`wasmThreshold: ${n} is not 0..65535`);
    this.hotW = n;
    this.hotWSet = true;
  }

  // ---------------------------------------------------------------- run

  exceptionReturnFromEl2(): void {
    this.exAddr = -1;
  }

  run(maxInsns: number): RunStop {
    if (!Number.isInteger(maxInsns) || maxInsns < 0) throw new RangeError(`run: maxInsns must be a non-negative integer, got ${maxInsns}`);
    this.stopReason = RunStop.Budget;
    this.recomputeDebug();
    if (!A64Cpu.fpWarmedUp && maxInsns >= WARM_UP_AT && (!A64Cpu.warmedUp || this.fpen !== 0) && !this.needsChecks()) A64Cpu.warmUp(this.fpen !== 0);
    // a store by another CPU may have dropped the page this one was in (memory.ts `CodeTable`)
    if (codeGen.n !== this.codeSeen) { this.codeSeen = codeGen.n; this.curBase = -1; }
    let done = 0;
    fpClaim(this);
    while (done < maxInsns) {
      this.stopReq = false;
      this.updateTimerOutputs();
      if (this.deliverable() !== 0) { // an interrupt is taken between instructions, counted as one
        this.takeInterrupt();
        done++; this.retired++;
        continue;
      }
      // a slice ends where a timer output rises, so its interrupt comes at that exact count
      const n = this.needsChecks() ? this.debugOne() : exec(this, Math.min(maxInsns - done, Math.max(1, this.ticksToTimerEvent())));
      done += n;
      this.retired += n;
      this.curN = 0;
      if (wasmQueue.n !== 0) wasmTick();
      if (this.stopReason !== RunStop.Budget) break;
    }
    return this.stopReason;
  }

  /** One instruction on the checked path: software step, illegal state, breakpoints, then SSAdvance. */
  private debugOne(): number {
    const g = this.dbg;
    if (g.stepActive && this.ss === 0) {
      this.debugException(ESR_ELx_EC_SOFTSTP_LOW, (g.ssIsv << 24) | (g.ssEx << 6) | FSC_DEBUG, null);
      return 1;
    }
    if (this.il !== 0) { this.illegalState(); return 1; }
    // an instruction that cannot be fetched (outside RAM, not mapped at stage 2) takes the abort, not the breakpoint
    if (g.bpOn && this.fetchable(this.pc) && g.breakpointHit(this.pc, this.el, this.contextId())) {
      this.debugException(ESR_ELx_EC_BREAKPT_LOW, FSC_DEBUG, null);
      if (!this.hyp.tde) this.farEl1 = 0n;
      return 1;
    }
    g.lastLdex = false; g.eretDone = false;
    g.inDebugOne = true;
    const n = exec(this, 1);
    g.inDebugOne = false;
    if (!g.eretDone && this.stopReason === RunStop.Budget && (g.mdscr & 1) !== 0 && this.ss === 1) {
      this.ss = 0; g.ssIsv = 1; g.ssEx = g.lastLdex ? 1 : 0;
    }
    return n;
  }

  // ---------------------------------------------------------------- registers

  getX(n: number): bigint {
    if (!Number.isInteger(n) || n < 0 || n > 30) throw new RangeError(`getX: register ${n} is not 0..30`);
    return toBig(this.x[xo(n)], this.x[xo(n) + 1]);
  }
  setX(n: number, v: bigint): void {
    if (!Number.isInteger(n) || n < 0 || n > 30) throw new RangeError(`setX: register ${n} is not 0..30`);
    fromBig(v); this.x[xo(n)] = out[0]; this.x[xo(n) + 1] = out[1];
  }
  getSp(): bigint { return toBig(this.x[X_SP], this.x[X_SP + 1]); }
  setSp(v: bigint): void { fromBig(v); this.x[X_SP] = out[0]; this.x[X_SP + 1] = out[1]; }
  getPc(): bigint { return this.pcBig(this.pc); }
  setPc(v: bigint): void { this.setPcBig(BigInt.asUintN(64, v)); }

  setPstate(v: number): void {
    const m = v & 0x1f;
    if (m !== 0 && m !== 4 && m !== 5) throw new RangeError(`setPstate: mode 0x${m.toString(16)} is not EL0t, EL1t or EL1h`);
    this.nf = (v >>> 31) & 1; this.zf = (v >>> 30) & 1; this.cf = (v >>> 29) & 1; this.vf = (v >>> 28) & 1;
    this.ss = (v >>> 21) & 1; this.il = (v >>> 20) & 1; this.daif = (v >>> 6) & 15;
    this.setMode(m >>> 2, m & 1);
    // Writing PSTATE from outside stands for the hypervisor's exception return with this SPSR: no
    // instruction has been stepped since, so a step exception taken now reports ISV = 0.
    this.dbg.ssIsv = 0; this.dbg.ssEx = 0;
    this.recomputeDebug();
  }

  /** The keys of the names asked for so far: the kernel model reads MDSCR_EL1 by name around every entry. */
  private static readonly nameKeys = new Map<string, number>();

  private static nameKey(name: string): number {
    let k = A64Cpu.nameKeys.get(name);
    if (k === undefined) {
      k = A64Cpu.findNameKey(name);
      A64Cpu.nameKeys.set(name, k);
    }
    return k;
  }

  private static findNameKey(name: string): number {
    const m = /^DBG([BW])([CV])R(\d+)_EL1$/.exec(name);
    if (m) {
      const n = Number(m[3]);
      const max = m[1] === 'B' ? NUM_BRPS : NUM_WRPS;
      if (n >= max) throw new RangeError(`${name}: only ${max} are implemented`);
      return m[1] === 'B' ? (m[2] === 'C' ? DBGBCR(n) : DBGBVR(n)) : (m[2] === 'C' ? DBGWCR(n) : DBGWVR(n));
    }
    const k = (SR as Record<string, number>)[name];
    if (k === undefined) throw new RangeError(`unknown system register ${name}`);
    return k;
  }

  getSysReg(name: SysRegName): bigint {
    if (name === 'SP_EL0' || name === 'SP_EL1') {
      const want = name === 'SP_EL0' ? 0 : 2;
      if (this.spIndex() === want) return this.getSp();
      return toBig(this.x[X_SP_EL0 + want], this.x[X_SP_EL0 + want + 1]);
    }
    const v = this.readSys(A64Cpu.nameKey(name));
    if (v === undefined) throw new RangeError(`${name} cannot be read`);
    return v;
  }

  setSysReg(name: SysRegName, v: bigint): void {
    if (name === 'SP_EL0' || name === 'SP_EL1') {
      const want = name === 'SP_EL0' ? 0 : 2;
      if (this.spIndex() === want) { this.setSp(v); return; }
      fromBig(v); this.x[X_SP_EL0 + want] = out[0]; this.x[X_SP_EL0 + want + 1] = out[1];
      return;
    }
    if (name === 'OSLSR_EL1') { this.dbg.oslk = Number((v >> 1n) & 1n); this.recomputeDebug(); return; }
    const k = A64Cpu.nameKey(name);
    if (!this.writeSys(k, BigInt.asUintN(64, v))) throw new RangeError(`${name} cannot be written`);
    this.stopReq = false;
  }
}

export function createA64Cpu(): A64Cpu { return new A64Cpu(); }
