/**
 * The AArch64 guest CPU: EL1/EL0 with the MMU off, exceptions to EL1 through VBAR_EL1, everything
 * the architecture routes to EL2 reported through `run()` (see api.ts), and the self-hosted debug
 * architecture (Arm ARM D2: breakpoints, watchpoints, software step, BRK, OS lock).
 *
 * The interpreter loop is in interp.ts; this class adds memory, the slow paths and the public API.
 */
import type { El2Syndrome, GuestCpu, HypControls, MapRamOptions, SysRegName } from './api.ts';
import { RunStop } from './api.ts';
import * as interp from './interp.ts';
const { CpuCore } = interp;
const Op = {
  BRK: interp.Op.BRK,
  CLREX: interp.Op.CLREX,
  CRC: interp.Op.CRC,
  DP2: interp.Op.DP2,
  ERET: interp.Op.ERET,
  FPUNDEF: interp.Op.FPUNDEF,
  HVC: interp.Op.HVC,
  ISB: interp.Op.ISB,
  LDLIT: interp.Op.LDLIT,
  LDST: interp.Op.LDST,
  LDSTP: interp.Op.LDSTP,
  LDX: interp.Op.LDX,
  MRS: interp.Op.MRS,
  MSR: interp.Op.MSR,
  MSRI: interp.Op.MSRI,
  MULH: interp.Op.MULH,
  MULL: interp.Op.MULL,
  STX: interp.Op.STX,
  SVC: interp.Op.SVC,
  SYS: interp.Op.SYS,
  UDF: interp.Op.UDF,
  WFI: interp.Op.WFI,
} as const;
import * as decodeMod from './decode.ts';
const { decode } = decodeMod;
import * as memory from './memory.ts';
import { Region } from './memory.ts';
const { PAGE, F_CODE, F_WATCH, F_S2, F_RO } = memory;
import * as bits from './bits.ts';
// Copied once: reading an imported binding can cost a getter call per access after transforms.
const { out, toBig, fromBig, toNum, add64, shift64, umulhi32 } = bits;
import * as ops from './ops.ts';
const { K_LOAD, K_SIGNED, K_TO64, K_UNPRIV, K_PRFM, K_AR, K_PAIR, K_ALIGN, M_POST, M_REG } = ops;
import * as sysregs from './sysregs.ts';
const { SR, sr, keyFields, DBGBCR, DBGBVR, DBGWCR, DBGWVR, NUM_BRPS, NUM_WRPS, ID_VALUES, CCSIDR, SCTLR_RESET, CNTFRQ, isTdaReg, isTdosaReg } = sysregs;
import * as crcMod from './crc.ts';
import * as jitMod from './jit.ts';
const { crc32 } = crcMod;
const { compileBlock } = jitMod;
import { WARM_UP } from './warmup.ts';
import { DebugUnit, DebugWrite } from './debug-unit.ts';
import { newVRegs } from './simd/state.ts';
import { execSimdFp } from './simd/exec.ts';
import { planLdSt, plan as ldPlan, replicate as replicateLd } from './simd/ldst.ts';
import { fpClaim, fpsrOf, setFpsrOf, FPCR_MASK, FPSR_MASK } from './fp/state.ts';

const IL = 1 << 25;
const SP2 = 66; // register-file offset of the current SP (slot 33)

/** Exception classes (Arm ARM D24.2.45 ESR_EL1, EC field). */
export const EC = {
  UNKNOWN: 0x00, WFX: 0x01, FP: 0x07, ILLEGAL: 0x0e, SVC64: 0x15, HVC64: 0x16, SYS64: 0x18,
  IABT_LOW: 0x20, PC_ALIGN: 0x22, DABT_LOW: 0x24, DABT_CUR: 0x25, SP_ALIGN: 0x26,
  BREAKPT_LOW: 0x30, BREAKPT_CUR: 0x31, SOFTSTP_LOW: 0x32, SOFTSTP_CUR: 0x33,
  WATCHPT_LOW: 0x34, WATCHPT_CUR: 0x35, BRK64: 0x3c,
} as const;

/** Fault status code for a stage-2 translation fault (we report level 3) and others. */
const FSC_TRANS_L3 = 0x07;
const FSC_PERM_L3 = 0x0f;
const FSC_ALIGN = 0x21;
const FSC_DEBUG = 0x22;

export interface UndefinedRecord { word: number; pc: bigint }

export class A64Cpu extends CpuCore implements GuestCpu {
  retired = 0;
  readonly el2: El2Syndrome = { esr: 0n, far: 0n, faultIpa: 0n };
  readonly hyp: HypControls = { tde: false, tda: false, tdosa: false, twi: false, vmpidr: 0x80000000n };
  /**
   * Called for every instruction word that raises the UNDEFINED exception (not implemented here or
   * architecturally UNDEFINED), with its address. The last 64 are also kept in `undefinedLog`.
   */
  onUndefined: ((word: number, pc: bigint) => void) | undefined = undefined;
  readonly undefinedLog: UndefinedRecord[] = [];
  /**
   * Data accesses with the MMU off are to Device-nGnRnE memory, where an unaligned access takes an
   * Alignment fault (Arm ARM B2.5.2, D8.2.11). On by default; QEMU 7.2 does not model it.
   */
  strictDeviceAlignment = true;

  private readonly regions: Region[] = [];
  private curRegion: Region | undefined;
  private dRegion: Region | undefined;
  private stopReason: RunStop = RunStop.Budget;

  // PSTATE (besides NZCV in CpuCore)
  private el = 1;
  private spsel = 1;
  private daif = 0xf; // D A I F in bits 3..0
  private ss = 0;
  private il = 0;
  private readonly spBank = new Int32Array(4); // SP_EL0 lo,hi  SP_EL1 lo,hi (the unselected ones)

  private readonly sys = new Map<number, bigint>();
  /** V0..V31 as words, bytes and halfwords of one buffer (simd/state.ts); FPCR; FPSR is fpFlags[0] while this CPU owns it (fp/state.ts). */
  readonly v: Int32Array;
  readonly vb: Uint8Array;
  readonly vh: Uint16Array;
  fpcr = 0;
  fpsrBits = 0;
  /** CPACR_EL1.FPEN, kept as a number for the check every SIMD&FP instruction makes. */
  private fpen = 0;
  /** Breakpoints, watchpoints, software step, OS lock and their registers (debug-unit.ts). */
  private readonly dbg = new DebugUnit();
  private alignStrict = true;
  /** SCTLR_EL1[31:0] as a number (the bits the hot paths test). */
  private sctlr = 0;

  // exclusive monitor
  private exAddr = -1;
  private exSize = 0;

  private static warmedUp = false;

  constructor() {
    super();
    const vr = newVRegs();
    this.v = vr.v; this.vb = vr.vb; this.vh = vr.vh;
    if (!A64Cpu.warmedUp) { A64Cpu.warmedUp = true; A64Cpu.warmUp(); }
    for (const k of [SR.ACTLR_EL1, SR.CPACR_EL1, SR.TTBR0_EL1, SR.TTBR1_EL1, SR.TCR_EL1, SR.SPSR_EL1, SR.ELR_EL1,
      SR.AFSR0_EL1, SR.AFSR1_EL1, SR.ESR_EL1, SR.FAR_EL1, SR.PAR_EL1, SR.MAIR_EL1, SR.AMAIR_EL1, SR.VBAR_EL1,
      SR.CONTEXTIDR_EL1, SR.TPIDR_EL1, SR.TPIDR_EL0, SR.TPIDRRO_EL0, SR.CNTKCTL_EL1, SR.CNTP_CTL_EL0,
      SR.CNTP_CVAL_EL0, SR.CNTV_CTL_EL0, SR.CNTV_CVAL_EL0, SR.CSSELR_EL1, SR.MDCCINT_EL1]) {
      this.sys.set(k, 0n);
    }
    this.sys.set(SR.SCTLR_EL1, SCTLR_RESET);
    this.updateSctlr();
  }

  /** Run WARM_UP (warmup.ts) a few times on a private CPU so the interpreter loop starts well typed. */
  private static warmUp(): void {
    for (let k = 0; k < 3; k++) {
      const cpu = new A64Cpu();
      cpu.jit = false;
      const mem = new Uint8Array(PAGE * 2);
      const dv = new DataView(mem.buffer);
      WARM_UP.forEach((w, i) => dv.setUint32(4 * i, w, true));
      cpu.mapRam(0x40000000n, mem);
      cpu.setPc(0x40000000n);
      cpu.run(10000);
    }
  }

  // ---------------------------------------------------------------- memory

  mapRam(base: bigint, bytes: Uint8Array, options?: MapRamOptions): void {
    if (base < 0n || base % BigInt(PAGE) !== 0n) throw new RangeError(`mapRam: base 0x${base.toString(16)} is not page aligned`);
    if (bytes.byteLength === 0 || bytes.byteLength % PAGE !== 0) throw new RangeError(`mapRam: size ${bytes.byteLength} is not a non-zero multiple of ${PAGE}`);
    const b = Number(base);
    if (b + bytes.byteLength > 2 ** 48) throw new RangeError('mapRam: region ends above 2^48');
    for (const r of this.regions) {
      if (b < r.base + r.len && r.base < b + bytes.byteLength) throw new RangeError(`mapRam: 0x${base.toString(16)} overlaps the region at 0x${r.base.toString(16)}`);
    }
    this.regions.push(new Region(b, bytes, options?.lazy === true, options?.readOnly === true));
    this.curBase = -1;
    this.markWatchedPages();
  }

  unmapRam(base: bigint): void {
    const b = Number(base);
    const i = this.regions.findIndex((r) => r.base === b);
    if (i < 0) throw new RangeError(`unmapRam: no region at 0x${base.toString(16)}`);
    const [r] = this.regions.splice(i, 1);
    if (this.dRegion === r) { this.dRegion = undefined; this.dBase = -1; this.dLen = 0; }
    this.curRegion = undefined; this.curBase = -1;
  }

  stage2Map(ipa: bigint, len: number): void {
    if (!Number.isInteger(len) || len < 0) throw new RangeError(`stage2Map: length ${len} is not a non-negative integer`);
    if (ipa < 0n || ipa >= 1n << 48n) throw new RangeError(`stage2Map: 0x${ipa.toString(16)} is outside the address space`);
    const a = Number(ipa);
    for (const r of this.regions) if (a < r.base + r.len && r.base < a + len) r.mapStage2(a, len);
  }

  invalidateCode(addr: bigint, len: number): void {
    const a = Number(addr);
    for (const r of this.regions) {
      if (a < r.base + r.len && r.base < a + len) {
        const off = Math.max(0, a - r.base);
        if (r.invalidate(off, Math.min(len, r.len - off))) this.curBase = -1;
      }
    }
  }

  private regionFor(a: number, size: number): Region | undefined {
    const d = this.dRegion;
    if (d !== undefined && a >= d.base && a + size <= d.base + d.len) return d;
    for (const r of this.regions) {
      if (a >= r.base && a + size <= r.base + r.len) {
        this.dRegion = r; this.dBase = r.base; this.dLen = r.len; this.dDv = r.dv; this.dFlags = r.flags;
        return r;
      }
    }
    return undefined;
  }

  fetchPage(): number {
    const pc = this.pc;
    if (pc % 4 !== 0) { this.takeEl1((EC.PC_ALIGN << 26) | IL, pc, BigInt(pc)); return 1; }
    let r = this.curRegion;
    if (r === undefined || pc < r.base || pc + 4 > r.base + r.len) {
      r = this.regions.find((q) => pc >= q.base && pc + 4 <= q.base + q.len);
      if (r === undefined) {
        this.trapEl2((EC.IABT_LOW << 26) | IL | FSC_TRANS_L3, pc, BigInt(pc), BigInt(pc));
        return 2;
      }
      this.curRegion = r;
    }
    const p = Math.floor((pc - r.base) / PAGE);
    if ((r.flags[p] & F_S2) !== 0) { // not mapped at stage 2: Instruction Abort to EL2, before any breakpoint
      this.trapEl2((EC.IABT_LOW << 26) | IL | FSC_TRANS_L3, pc, BigInt(pc), BigInt(pc));
      return 2;
    }
    this.curDec = r.page(p);
    this.curBlocks = r.blocks[p]!;
    this.curHeat = r.heat[p]!;
    this.curBase = r.base + p * PAGE;
    if (!this.dbg.inDebugOne && this.dbg.bpOn && this.dbg.pageHasBp(this.curBase)) return 3;
    return 0;
  }

  decodeAt(dec: Int32Array, i: number, pc: number): number {
    const r = this.curRegion!;
    return decode(r.dv.getInt32(pc - r.base, true), pc, dec, i);
  }

  compileAt(bi: number): void {
    try {
      this.curBlocks[bi] = compileBlock(this, this.x, this.curDec, bi, this.curBase);
    } catch {
      // code generation refused (a Content-Security-Policy without 'unsafe-eval'): interpret only
      this.jit = false;
      this.curBlocks[bi] = null;
    }
  }

  private wordAt(pc: number): number {
    const r = this.regions.find((q) => pc >= q.base && pc + 4 <= q.base + q.len);
    return r === undefined ? 0 : r.dv.getUint32(pc - r.base, true);
  }

  // ---------------------------------------------------------------- loads and stores

  memOp(op: number, dec: Int32Array, i: number): boolean {
    const x = this.x;
    const k = dec[i + 7];
    const t = dec[i + 1];
    if (op === Op.LDLIT) {
      if (k & K_PRFM) return true;
      return this.single(dec[i + 4], dec[i + 5], k, t, false, 0, 0, -1);
    }
    const nn = dec[i + 2];
    const blo = x[nn], bhi = x[nn + 1];
    if (nn === SP2 && this.spAlignCheck() && (blo & 15) !== 0) {
      this.takeEl1((EC.SP_ALIGN << 26) | IL, this.pc);
      return false;
    }
    if (op === Op.LDX || op === Op.STX) return this.exclusive(op === Op.LDX, dec, i, blo, bhi);
    if (op === Op.LDSTP) {
      const mode = dec[i + 5];
      add64(blo, bhi, dec[i + 4], dec[i + 4] >> 31);
      const wlo = out[0], whi = out[1];
      const alo = mode === M_POST ? blo : wlo, ahi = mode === M_POST ? bhi : whi;
      return this.pair(alo, ahi, k, t, dec[i + 3], mode !== 0, wlo, whi, nn);
    }
    // single register: LDST and the *_UI fast ops
    const mode = op === Op.LDST ? dec[i + 5] : 0;
    let olo: number, ohi: number;
    if (mode === M_REG) {
      const m = dec[i + 3], ext = dec[i + 6] >> 8, amt = dec[i + 6] & 7;
      const lo = x[m];
      let hi = x[m + 1];
      if (ext === 2) hi = 0; else if (ext === 6) hi = lo >> 31; // UXTW, SXTW; 3/7 = LSL/SXTX
      shift64(lo, hi, 0, amt);
      olo = out[0]; ohi = out[1];
    } else { olo = dec[i + 4]; ohi = olo >> 31; }
    if (k & K_PRFM) return true;
    add64(blo, bhi, olo, ohi);
    const wlo = out[0], whi = out[1];
    if (mode === M_POST) return this.single(blo, bhi, k, t, true, wlo, whi, nn);
    return this.single(wlo, whi, k, t, mode === 2, wlo, whi, nn);
  }

  private spAlignCheck(): boolean {
    const s = this.sctlr;
    return this.el === 0 ? (s & 0x10) !== 0 : (s & 0x8) !== 0;
  }

  private updateSctlr(): void {
    const s = this.sys.get(SR.SCTLR_EL1)!;
    this.sctlr = Number(s & 0xffffffffn) | 0;
    // M (bit 0) off: Device memory; A (bit 1): alignment checking of all accesses
    this.alignStrict = ((s & 1n) === 0n && this.strictDeviceAlignment) || (s & 2n) !== 0n;
  }

  /** Checks done before any effect of an access: alignment, RAM, watchpoints. Region or undefined. */
  private check(alo: number, ahi: number, size: number, align: number, write: boolean, unpriv: boolean,
    iss: number): Region | undefined {
    if ((alo & (align - 1)) !== 0) {
      const ec = this.el === 0 ? EC.DABT_LOW : EC.DABT_CUR;
      this.takeEl1((ec << 26) | IL | (write ? 1 << 6 : 0) | FSC_ALIGN, this.pc, toBig(alo, ahi));
      return undefined;
    }
    const a = toNum(alo, ahi);
    const r = this.regionFor(a, size);
    if (r === undefined) {
      const far = toBig(alo, ahi);
      this.trapEl2((EC.DABT_LOW << 26) | IL | iss | (write ? 1 << 6 : 0) | FSC_TRANS_L3, this.pc, far, far);
      return undefined;
    }
    const o = a - r.base, fl = r.flags;
    const pf = fl[o >>> 12] | fl[(o + size - 1) >>> 12]; // an access spans at most two pages
    if ((pf & F_S2) !== 0) {
      // RAM not yet mapped at stage 2: a translation fault on the first unmapped byte, taken before
      // any watchpoint (an abort on the access has priority over a debug exception on it)
      const far = (fl[o >>> 12] & F_S2) !== 0 ? toBig(alo, ahi) : BigInt(r.base + ((o + size - 1) >>> 12) * PAGE);
      this.trapEl2((EC.DABT_LOW << 26) | IL | iss | (write ? 1 << 6 : 0) | FSC_TRANS_L3, this.pc, far, far);
      return undefined;
    }
    if (write && (pf & F_RO) !== 0) {
      // mapped read-only at stage 2: a permission fault on the first read-only byte written
      const far = (fl[o >>> 12] & F_RO) !== 0 ? toBig(alo, ahi) : BigInt(r.base + ((o + size - 1) >>> 12) * PAGE);
      this.trapEl2((EC.DABT_LOW << 26) | IL | iss | (1 << 6) | FSC_PERM_L3, this.pc, far, far);
      return undefined;
    }
    // only a page flagged F_WATCH can hold a watched byte: accesses elsewhere skip the match
    if ((pf & F_WATCH) !== 0 && this.wpOn !== 0 && this.watchHit(a, size, write, unpriv)) return undefined;
    return r;
  }

  /** One load or store of one register (LDR/STR/LDUR/LDTR/LDAR/literal forms). */
  private single(alo: number, ahi: number, k: number, t: number, wb: boolean, wlo: number, whi: number, nn: number): boolean {
    const x = this.x;
    const lg = k & 3, size = 1 << lg, load = (k & K_LOAD) !== 0;
    const align = (this.alignStrict || (k & K_ALIGN) !== 0) ? size : 1;
    // ISS for a stage-2 abort: valid for a single register without writeback (Arm ARM D24.2.45)
    let iss = 0;
    if (!wb) {
      const rt = Math.min(t >> 1, 31);
      const sf = size === 8 || (k & K_TO64) !== 0 ? 1 : 0;
      iss = (1 << 24) | (lg << 22) | ((k & K_SIGNED) !== 0 ? 1 << 21 : 0) | (rt << 16) | (sf << 15) | ((k & K_AR) !== 0 ? 1 << 14 : 0);
    }
    const r = this.check(alo, ahi, size, align, !load, (k & K_UNPRIV) !== 0, iss);
    if (r === undefined) return false;
    const o = toNum(alo, ahi) - r.base;
    const dv = r.dv;
    if (load) {
      let lo: number, hi = 0;
      switch (lg) {
        case 0: lo = (k & K_SIGNED) ? dv.getInt8(o) : dv.getUint8(o); break;
        case 1: lo = (k & K_SIGNED) ? dv.getInt16(o, true) : dv.getUint16(o, true); break;
        case 2: lo = dv.getInt32(o, true); break;
        default: lo = dv.getInt32(o, true); hi = dv.getInt32(o + 4, true); break;
      }
      if (k & K_SIGNED) hi = (k & K_TO64) ? lo >> 31 : 0;
      if ((k & K_SIGNED) && !(k & K_TO64)) lo = lo | 0;
      x[t] = lo; x[t + 1] = hi;
    } else {
      const lo = x[t], hi = x[t + 1];
      switch (lg) {
        case 0: dv.setUint8(o, lo); break;
        case 1: dv.setUint16(o, lo, true); break;
        case 2: dv.setInt32(o, lo, true); break;
        default: dv.setInt32(o, lo, true); dv.setInt32(o + 4, hi, true); break;
      }
      this.stored(r, o, size);
    }
    if (wb) { x[nn] = wlo; x[nn + 1] = whi; }
    return true;
  }

  /** After a store: drop predecoded code in the written bytes, clear a matching exclusive monitor. */
  private stored(r: Region, o: number, size: number): void {
    if (((r.flags[o >>> 12] | r.flags[(o + size - 1) >>> 12]) & F_CODE) !== 0) {
      if (r.invalidate(o, size)) this.curBase = -1;
    }
  }

  /** LDP/STP/LDPSW/LDNP/STNP. */
  private pair(alo: number, ahi: number, k: number, t1: number, t2: number, wb: boolean, wlo: number, whi: number, nn: number): boolean {
    const x = this.x;
    const lg = k & 3, size = 1 << lg, load = (k & K_LOAD) !== 0;
    const r = this.check(alo, ahi, size * 2, this.alignStrict ? size : 1, !load, false, 0);
    if (r === undefined) return false;
    const o = toNum(alo, ahi) - r.base;
    const dv = r.dv;
    if (load) {
      if (lg === 3) {
        const a0 = dv.getInt32(o, true), a1 = dv.getInt32(o + 4, true), b0 = dv.getInt32(o + 8, true), b1 = dv.getInt32(o + 12, true);
        x[t1] = a0; x[t1 + 1] = a1; x[t2] = b0; x[t2 + 1] = b1;
      } else {
        const a = dv.getInt32(o, true), b = dv.getInt32(o + 4, true);
        const sx = (k & K_SIGNED) !== 0;
        x[t1] = a; x[t1 + 1] = sx ? a >> 31 : 0; x[t2] = b; x[t2 + 1] = sx ? b >> 31 : 0;
      }
    } else {
      const a0 = x[t1], a1 = x[t1 + 1], b0 = x[t2], b1 = x[t2 + 1];
      if (lg === 3) { dv.setInt32(o, a0, true); dv.setInt32(o + 4, a1, true); dv.setInt32(o + 8, b0, true); dv.setInt32(o + 12, b1, true); }
      else { dv.setInt32(o, a0, true); dv.setInt32(o + 4, b0, true); }
      this.stored(r, o, size * 2);
    }
    if (wb) { x[nn] = wlo; x[nn + 1] = whi; }
    return true;
  }

  /** LDXR/LDAXR/STXR/STLXR and their pair forms, with a local exclusive monitor. */
  private exclusive(load: boolean, dec: Int32Array, i: number, alo: number, ahi: number): boolean {
    const x = this.x;
    const k = dec[i + 7], lg = k & 3, pair = (k & K_PAIR) !== 0;
    const size = 1 << lg, total = pair ? size * 2 : size;
    const t1 = dec[i + 1], t2 = dec[i + 3];
    const a = toNum(alo, ahi);
    if (load) {
      const r = this.check(alo, ahi, total, total, false, false, 0);
      if (r === undefined) return false;
      const o = a - r.base, dv = r.dv;
      const rd = (off: number): [number, number] => {
        switch (lg) {
          case 0: return [dv.getUint8(off), 0];
          case 1: return [dv.getUint16(off, true), 0];
          case 2: return [dv.getInt32(off, true), 0];
          default: return [dv.getInt32(off, true), dv.getInt32(off + 4, true)];
        }
      };
      const v1 = rd(o);
      const v2 = pair ? rd(o + size) : [0, 0];
      x[t1] = v1[0]; x[t1 + 1] = v1[1];
      if (pair) { x[t2] = v2[0]; x[t2 + 1] = v2[1]; }
      this.exAddr = a; this.exSize = total;
      this.dbg.lastLdex = true;
      return true;
    }
    const s = dec[i + 6];
    const ok = this.exAddr === a && this.exSize === total;
    if ((alo & (total - 1)) !== 0) {
      const ec = this.el === 0 ? EC.DABT_LOW : EC.DABT_CUR;
      this.takeEl1((ec << 26) | IL | (1 << 6) | FSC_ALIGN, this.pc, toBig(alo, ahi));
      return false;
    }
    if (!ok) { this.exAddr = -1; x[s] = 1; x[s + 1] = 0; return true; }
    const r = this.check(alo, ahi, total, total, true, false, 0);
    if (r === undefined) return false;
    const o = a - r.base, dv = r.dv;
    const v1lo = x[t1], v1hi = x[t1 + 1], v2lo = x[t2], v2hi = x[t2 + 1];
    const wr = (off: number, lo: number, hi: number): void => {
      switch (lg) {
        case 0: dv.setUint8(off, lo); break;
        case 1: dv.setUint16(off, lo, true); break;
        case 2: dv.setInt32(off, lo, true); break;
        default: dv.setInt32(off, lo, true); dv.setInt32(off + 4, hi, true); break;
      }
    };
    wr(o, v1lo, v1hi);
    if (pair) wr(o + size, v2lo, v2hi);
    this.stored(r, o, total);
    this.exAddr = -1;
    x[s] = 0; x[s + 1] = 0;
    return true;
  }

  // ---------------------------------------------------------------- exceptions

  /**
   * Take a synchronous exception to EL1 (Arm ARM D1.3 "Exception entry"): ESR/ELR/SPSR (and FAR
   * when given), PSTATE.{EL,SP} = EL1h, DAIF all masked, SS and IL cleared, PC to the vector.
   */
  private takeEl1(esr: number, ret: number, far?: bigint): void {
    const spsr = this.getPstate();
    const fromEl = this.el, fromSp = this.spsel;
    this.sys.set(SR.ESR_EL1, BigInt(esr >>> 0));
    this.sys.set(SR.ELR_EL1, BigInt(ret));
    this.sys.set(SR.SPSR_EL1, BigInt(spsr >>> 0));
    if (far !== undefined) this.sys.set(SR.FAR_EL1, far);
    const off = fromEl === 0 ? 0x400 : fromSp ? 0x200 : 0;
    this.setMode(1, 1);
    this.daif = 0xf; this.ss = 0; this.il = 0;
    this.exAddr = -1;
    this.dbg.ssIsv = 0;
    this.pc = Number(this.sys.get(SR.VBAR_EL1)! & ~0x7ffn) + off;
    this.afterStateChange();
  }

  private trapEl2(esr: number, ret: number, far: bigint | null, ipa: bigint | null): void {
    this.el2.esr = BigInt(esr >>> 0);
    if (far !== null) this.el2.far = far;
    if (ipa !== null) this.el2.faultIpa = ipa;
    this.pc = ret;
    this.stopReq = true;
    this.stopReason = RunStop.TrapToEl2;
  }

  private undef(): void {
    const word = this.wordAt(this.pc);
    const rec = { word, pc: BigInt(this.pc) };
    this.undefinedLog.push(rec);
    if (this.undefinedLog.length > 64) this.undefinedLog.shift();
    this.onUndefined?.(word, rec.pc);
    this.takeEl1((EC.UNKNOWN << 26) | IL, this.pc);
  }

  /** BRK, breakpoint, watchpoint and step exceptions go to EL2 under MDCR_EL2.TDE, else to EL1. */
  private debugException(ecLow: number, iss: number, far: bigint | null): void {
    if (this.hyp.tde) this.trapEl2((ecLow << 26) | IL | iss, this.pc, far, null);
    else {
      const ec = ecLow === EC.BRK64 ? ecLow : this.el === 1 ? ecLow + 1 : ecLow;
      this.takeEl1((ec << 26) | IL | iss, this.pc, far ?? undefined);
    }
  }

  injectSyncException(esr: bigint, far?: bigint): void {
    this.takeEl1(Number(esr & 0xffffffffn), this.pc, far);
    this.sys.set(SR.ESR_EL1, BigInt.asUintN(64, esr));
  }

  // ---------------------------------------------------------------- rare instructions

  slowOp(op: number, dec: Int32Array, i: number): void {
    const x = this.x;
    switch (op) {
      case Op.UDF: this.undef(); return;
      case Op.FPUNDEF: if (this.fpInsn(dec[i + 4])) this.pc += 4; return;
      case Op.DP2: this.dp2(dec, i); break;
      case Op.CRC: {
        const nn = dec[i + 2], m = dec[i + 3], sz = dec[i + 5];
        x[dec[i + 1]] = crc32(x[nn], x[m], x[m + 1], 1 << sz, dec[i + 6] === 1); x[dec[i + 1] + 1] = 0;
        break;
      }
      case Op.MULL: { // SMADDL/SMSUBL/UMADDL/UMSUBL
        const f = dec[i + 7], a = x[dec[i + 2]], b = x[dec[i + 3]], ra = dec[i + 4], d = dec[i + 1];
        let plo = Math.imul(a, b), phi = umulhi32(a, b);
        if (f & 1) phi = (phi - (a < 0 ? b : 0) - (b < 0 ? a : 0)) | 0;
        if (f & 2) { const l = (~plo >>> 0) + 1; plo = l | 0; phi = (~phi + (l > 0xffffffff ? 1 : 0)) | 0; }
        add64(x[ra], x[ra + 1], plo, phi); x[d] = out[0]; x[d + 1] = out[1];
        break;
      }
      case Op.MULH: { // SMULH/UMULH
        const nn = dec[i + 2], m = dec[i + 3], d = dec[i + 1];
        let a = toBig(x[nn], x[nn + 1]), b = toBig(x[m], x[m + 1]);
        if (dec[i + 7]) { a = BigInt.asIntN(64, a); b = BigInt.asIntN(64, b); }
        fromBig((a * b) >> 64n); x[d] = out[0]; x[d + 1] = out[1];
        break;
      }
      case Op.SVC: {
        this.ssAdvance();
        this.takeEl1((EC.SVC64 << 26) | IL | dec[i + 4], this.pc + 4);
        return;
      }
      case Op.HVC: {
        if (this.el === 0) { this.undef(); return; }
        this.ssAdvance();
        this.trapEl2((EC.HVC64 << 26) | IL | dec[i + 4], this.pc + 4, null, null);
        return;
      }
      case Op.BRK: this.debugException(EC.BRK64, dec[i + 4], null); return;
      case Op.ERET: this.eret(); return;
      case Op.MRS: this.mrsMsr(dec[i + 4], true, dec[i + 1]); return;
      case Op.MSR: this.mrsMsr(dec[i + 4], false, dec[i + 2]); return;
      case Op.MSRI: this.msrImm(dec[i + 4], dec[i + 5]); return;
      case Op.WFI: {
        const sctlr = this.sys.get(SR.SCTLR_EL1)!;
        if (this.el === 0 && (sctlr & 0x10000n) === 0n) {
          this.takeEl1((EC.WFX << 26) | IL | (1 << 24) | (0xe << 20), this.pc); return;
        }
        if (this.hyp.twi) { this.trapEl2((EC.WFX << 26) | IL | (1 << 24) | (0xe << 20), this.pc, null, null); return; }
        break; // nothing can be pending: completes at once
      }
      case Op.ISB: break;
      case Op.CLREX: this.exAddr = -1; break;
      case Op.SYS: this.sysInsn(dec[i + 4], dec[i + 2]); return;
      default: this.undef(); return;
    }
    this.pc += 4;
  }

  /** CPACR_EL1.FPEN traps SIMD&FP at the current EL (EC 0x07 to EL1). */
  private fpTrapped(): boolean {
    const fpen = this.fpen;
    return fpen === 0 || fpen === 2 || (fpen === 1 && this.el === 0);
  }

  /**
   * A SIMD&FP instruction (word w): the FPEN trap first, then the data-processing executors or the
   * load/store plan (simd/); UNDEFINED when the encoding is unallocated on a Cortex-A57.
   */
  fpInsn(w: number): boolean {
    if (this.fpTrapped()) { this.takeEl1((EC.FP << 26) | IL, this.pc); return false; }
    if (((w >>> 25) & 7) === 7) {
      if (!execSimdFp(this, w)) { this.undef(); return false; }
      return true;
    }
    if (!planLdSt(this, w, this.pc)) { this.undef(); return false; }
    const x = this.x, p = ldPlan;
    if (p.spBase && this.spAlignCheck() && (x[SP2] & 15) !== 0) { this.takeEl1((EC.SP_ALIGN << 26) | IL, this.pc); return false; }
    const r = this.check(p.alo, p.ahi, p.total, this.alignStrict ? p.align : 1, !p.load, false, 0);
    if (r === undefined) return false;
    const o = toNum(p.alo, p.ahi) - r.base, dv = r.dv, vb = this.vb;
    if (p.load) {
      const v = this.v;
      for (let k = 0; k < 32; k++) if ((p.zero >>> k) & 1) { v[4 * k] = 0; v[4 * k + 1] = 0; v[4 * k + 2] = 0; v[4 * k + 3] = 0; }
      for (let e = 0; e < p.n; e++) {
        const at = p.reg[e] * 16 + p.lane[e], m = o + p.mem[e];
        for (let b = 0; b < p.bytes[e]; b++) vb[at + b] = dv.getUint8(m + b);
      }
      for (let k = 0; k < 32; k++) if ((p.zeroHigh >>> k) & 1) { v[4 * k + 2] = 0; v[4 * k + 3] = 0; }
      if (p.repBytes !== 0) replicateLd(this);
    } else {
      for (let e = 0; e < p.n; e++) {
        const at = p.reg[e] * 16 + p.lane[e], m = o + p.mem[e];
        for (let b = 0; b < p.bytes[e]; b++) dv.setUint8(m + b, vb[at + b]);
      }
      this.stored(r, o, p.total);
    }
    if (p.wb >= 0) { x[p.wb] = p.wlo; x[p.wb + 1] = p.whi; }
    return true;
  }


  private dp2(dec: Int32Array, i: number): void {
    const x = this.x;
    const nn = dec[i + 2], m = dec[i + 3], d = dec[i + 1], opc = dec[i + 5], is64 = dec[i + 7] === 1;
    if (opc === 2 || opc === 3) {
      if (!is64) {
        const a = x[nn], b = x[m];
        let r: number;
        if (b === 0) r = 0;
        else if (opc === 2) r = Math.floor((a >>> 0) / (b >>> 0)) | 0;
        else r = Math.trunc(a / b) | 0;
        x[d] = r; x[d + 1] = 0;
      } else {
        let a = toBig(x[nn], x[nn + 1]), b = toBig(x[m], x[m + 1]);
        if (b === 0n) { x[d] = 0; x[d + 1] = 0; return; }
        if (opc === 3) { a = BigInt.asIntN(64, a); b = BigInt.asIntN(64, b); }
        fromBig(a / b); x[d] = out[0]; x[d + 1] = out[1];
      }
      return;
    }
    const type = opc - 8; // LSLV LSRV ASRV RORV
    if (is64) { shift64(x[nn], x[nn + 1], type, x[m] & 63); x[d] = out[0]; x[d + 1] = out[1]; }
    else {
      const s = x[m] & 31, v = x[nn];
      x[d] = type === 0 ? v << s : type === 1 ? v >>> s : type === 2 ? v >> s : s === 0 ? v : (v >>> s) | (v << (32 - s));
      x[d + 1] = 0;
    }
  }

  /** SVC/HVC complete before their exception: the step state machine advances first (D2.11). */
  private ssAdvance(): void {
    if ((this.dbg.mdscr & 1) !== 0 && this.ss === 1) { this.ss = 0; this.dbg.ssIsv = 1; this.dbg.ssEx = 0; }
  }

  /** ERET (Arm ARM C6.2.84, AArch64.ExceptionReturn). */
  private eret(): void {
    if (this.el === 0) { this.undef(); return; }
    const spsr = Number(this.sys.get(SR.SPSR_EL1)! & 0xffffffffn);
    const elr = this.sys.get(SR.ELR_EL1)!;
    const m = spsr & 0x1f;
    const srcEnabled = this.debugEnabledFrom(this.el, (this.daif & 8) !== 0);
    this.nf = (spsr >>> 31) & 1; this.zf = (spsr >>> 30) & 1; this.cf = (spsr >>> 29) & 1; this.vf = (spsr >>> 28) & 1;
    this.daif = (spsr >>> 6) & 0xf;
    if (m === 0 || m === 4 || m === 5) {
      this.setMode(m >>> 2, m & 1);
      this.il = (spsr >>> 20) & 1;
    } else {
      this.il = 1; // illegal exception return: EL and SP unchanged (D1.4.6)
    }
    const dstEnabled = this.debugEnabledFrom(this.el, (this.daif & 8) !== 0);
    this.ss = (this.dbg.mdscr & 1) !== 0 && !srcEnabled && dstEnabled ? (spsr >>> 21) & 1 : 0;
    this.pc = Number(elr);
    this.exAddr = -1;
    this.dbg.ssIsv = 0;
    this.dbg.eretDone = true;
    this.afterStateChange();
  }

  private msrImm(f: number, crm: number): void {
    if (f === 0x1e || f === 0x1f) { // DAIFSet, DAIFClr (op1 = 3, op2 = 6/7)
      if (this.el === 0 && (this.sys.get(SR.SCTLR_EL1)! & 0x200n) === 0n) {
        this.takeEl1((EC.SYS64 << 26) | IL | this.sysIss(SR.DAIF, 31, false), this.pc); return;
      }
      this.daif = f === 0x1e ? this.daif | crm : this.daif & ~crm;
    } else if (f === 0x05) { // SPSel
      if (this.el === 0) { this.undef(); return; }
      this.setMode(this.el, crm & 1);
    } else { this.undef(); return; } // PAN, UAO, SSBS, DIT...: not on Cortex-A57
    this.pc += 4;
    this.afterStateChange();
  }

  private sysIss(key: number, rt: number, read: boolean): number {
    const f = keyFields(key);
    return (f.op0 << 20) | (f.op2 << 17) | (f.op1 << 14) | (f.crn << 10) | (rt << 5) | (f.crm << 1) | (read ? 1 : 0);
  }

  private mrsMsr(key: number, read: boolean, t: number): void {
    const rt = Math.min(t >> 1, 31);
    if (this.el === 0 && !this.el0Allowed(key, read)) { this.undef(); return; }
    if (this.el === 1 && ((this.hyp.tda && isTdaReg(key)) || (this.hyp.tdosa && isTdosaReg(key)))) {
      this.trapEl2((EC.SYS64 << 26) | IL | this.sysIss(key, rt, read), this.pc, null, null);
      return;
    }
    if ((key === SR.FPCR || key === SR.FPSR)) {
      const fpen = Number((this.sys.get(SR.CPACR_EL1)! >> 20n) & 3n);
      if (fpen === 0 || fpen === 2 || (fpen === 1 && this.el === 0)) { this.takeEl1((EC.FP << 26) | IL, this.pc); return; }
    }
    const x = this.x;
    if (read) {
      const v = this.readSys(key);
      if (v === undefined) { this.undef(); return; }
      fromBig(v); x[t] = out[0]; x[t + 1] = out[1];
    } else {
      if (!this.writeSys(key, toBig(x[t], x[t + 1]))) { this.undef(); return; }
    }
    this.pc += 4;
  }

  private el0Allowed(key: number, _read: boolean): boolean {
    const sctlr = this.sys.get(SR.SCTLR_EL1)!;
    const kctl = Number(this.sys.get(SR.CNTKCTL_EL1)!);
    switch (key) {
      case SR.NZCV: case SR.TPIDR_EL0: case SR.DCZID_EL0: case SR.FPCR: case SR.FPSR: return true;
      case SR.TPIDRRO_EL0: return _read;
      case SR.DAIF: return (sctlr & 0x200n) !== 0n;
      case SR.CTR_EL0: return (sctlr & 0x8000n) !== 0n;
      case SR.CNTFRQ_EL0: return (kctl & 3) !== 0;
      case SR.CNTVCT_EL0: return (kctl & 2) !== 0;
      case SR.CNTPCT_EL0: return (kctl & 1) !== 0;
      case SR.CNTV_CTL_EL0: case SR.CNTV_CVAL_EL0: case SR.CNTV_TVAL_EL0: return (kctl & 0x100) !== 0;
      case SR.CNTP_CTL_EL0: case SR.CNTP_CVAL_EL0: case SR.CNTP_TVAL_EL0: return (kctl & 0x200) !== 0;
      default: return false;
    }
  }

  private counter(): bigint { return BigInt(this.retired + this.curN); }

  /** Value of a system register as MRS sees it, or undefined if reading it is UNDEFINED. */
  private readSys(key: number): bigint | undefined {
    switch (key) {
      case SR.NZCV: return BigInt(((this.nf << 31) | (this.zf << 30) | (this.cf << 29) | (this.vf << 28)) >>> 0);
      case SR.DAIF: return BigInt(this.daif << 6);
      case SR.CURRENTEL: return BigInt(this.el << 2);
      case SR.SPSEL: return BigInt(this.spsel);
      case SR.SP_EL0: return this.spsel === 0 ? undefined : toBig(this.spBank[0], this.spBank[1]);
      case SR.CNTFRQ_EL0: return CNTFRQ;
      case SR.CNTVCT_EL0: case SR.CNTPCT_EL0: return this.counter();
      case SR.CNTV_TVAL_EL0: return BigInt.asUintN(32, this.sys.get(SR.CNTV_CVAL_EL0)! - this.counter());
      case SR.CNTP_TVAL_EL0: return BigInt.asUintN(32, this.sys.get(SR.CNTP_CVAL_EL0)! - this.counter());
      case SR.CCSIDR_EL1: return CCSIDR[Number(this.sys.get(SR.CSSELR_EL1)! >> 1n) & 3] ?? 0n;
      case SR.FPCR: return BigInt(this.fpcr >>> 0);
      case SR.FPSR: return BigInt(fpsrOf(this) >>> 0);
      case SR.MPIDR_EL1: return this.hyp.vmpidr;
      default: break;
    }
    const d = this.dbg.read(key);
    if (d !== null) return d;
    const id = ID_VALUES.get(key);
    if (id !== undefined) return id;
    if (key >>> 14 === 3 && ((key >>> 11) & 7) === 0 && ((key >>> 7) & 15) === 0 && ((key >>> 3) & 15) >= 1)
      return 0n; // unallocated ID register space reads as zero (D24.2 "ID registers")
    return this.sys.get(key);
  }

  /** MSR; false if writing this register is UNDEFINED. */
  private writeSys(key: number, v: bigint): boolean {
    switch (key) {
      case SR.NZCV: { const n = Number(v >> 28n) & 15; this.nf = n >> 3; this.zf = (n >> 2) & 1; this.cf = (n >> 1) & 1; this.vf = n & 1; return true; }
      case SR.DAIF: this.daif = Number(v >> 6n) & 15; this.afterStateChange(); return true;
      case SR.SPSEL: this.setMode(this.el, Number(v & 1n)); this.afterStateChange(); return true;
      case SR.SP_EL0: if (this.spsel === 0) return false; fromBig(v); this.spBank[0] = out[0]; this.spBank[1] = out[1]; return true;
      case SR.SCTLR_EL1: this.sys.set(key, v); this.updateSctlr(); return true;
      case SR.CPACR_EL1: this.sys.set(key, v); this.fpen = Number((v >> 20n) & 3n); return true;
      case SR.CONTEXTIDR_EL1: this.sys.set(key, v & 0xffffffffn); this.afterStateChange(); return true;
      case SR.FPCR: this.fpcr = Number(v & BigInt(FPCR_MASK)); return true;
      case SR.FPSR: setFpsrOf(this, Number(v & BigInt(FPSR_MASK))); return true;
      case SR.CNTV_TVAL_EL0: this.sys.set(SR.CNTV_CVAL_EL0, BigInt.asUintN(64, this.counter() + BigInt.asIntN(32, v))); return true;
      case SR.CNTP_TVAL_EL0: this.sys.set(SR.CNTP_CVAL_EL0, BigInt.asUintN(64, this.counter() + BigInt.asIntN(32, v))); return true;
      case SR.CURRENTEL: case SR.CNTFRQ_EL0: case SR.CNTVCT_EL0: case SR.CNTPCT_EL0:
      case SR.CCSIDR_EL1: case SR.ISR_EL1: case SR.CTR_EL0: case SR.DCZID_EL0:
        return false;
      default: break;
    }
    const dw = this.dbg.write(key, v);
    if (dw !== DebugWrite.NotMine) {
      if (dw === DebugWrite.Undefined) return false;
      if (dw === DebugWrite.WatchChanged) this.markWatchedPages();
      if (dw !== DebugWrite.Stored) this.afterStateChange();
      return true;
    }
    if (ID_VALUES.has(key)) return false;
    if (!this.sys.has(key)) return false;
    this.sys.set(key, v);
    return true;
  }

  /** SYS: data/instruction cache maintenance, address translation, TLB maintenance. */
  private sysInsn(key: number, t: number): void {
    const x = this.x;
    const DC_ZVA = sr(1, 3, 7, 4, 1);
    const el0ok = [sr(1, 3, 7, 5, 1), sr(1, 3, 7, 10, 1), sr(1, 3, 7, 11, 1), sr(1, 3, 7, 14, 1)]; // IC IVAU, DC CVAC/CVAU/CIVAC
    const sctlr = this.sys.get(SR.SCTLR_EL1)!;
    const f = keyFields(key);
    if (this.el === 0) {
      if (key === DC_ZVA ? (sctlr & 0x4000n) === 0n : el0ok.includes(key) ? (sctlr & 0x4000000n) === 0n : true) {
        if (key === DC_ZVA || el0ok.includes(key)) this.takeEl1((EC.SYS64 << 26) | IL | this.sysIss(key, Math.min(t >> 1, 31), false), this.pc);
        else this.undef();
        return;
      }
    }
    if (key === DC_ZVA) {
      const lo = x[t] & ~63, hi = x[t + 1];
      // DC ZVA to any type of Device memory (all data accesses with the MMU off) is an Alignment
      // fault whatever the address (Arm ARM C5.3.28); FAR is the address given in Xt.
      if ((this.sys.get(SR.SCTLR_EL1)! & 1n) === 0n && this.strictDeviceAlignment) {
        const ec = this.el === 0 ? EC.DABT_LOW : EC.DABT_CUR;
        this.takeEl1((ec << 26) | IL | (1 << 6) | FSC_ALIGN, this.pc, toBig(x[t], x[t + 1]));
        return;
      }
      const r = this.check(lo, hi, 64, 1, true, false, 0);
      if (r === undefined) return;
      const o = toNum(lo, hi) - r.base;
      r.u8.fill(0, o, o + 64);
      this.stored(r, o, 64);
    } else if (f.crn === 7 && f.crm === 8 && f.op1 === 0 && f.op2 <= 3) {
      this.sys.set(SR.PAR_EL1, toBig(x[t], x[t + 1]) & 0xfffffffff000n); // AT S1E1x: identity
    } else if (f.crn === 7 && (f.op1 === 0 || f.op1 === 3)) {
      // cache maintenance: no caches are modelled
    } else if (f.crn === 8 && f.op1 === 0) {
      // TLBI at EL1: no TLB
    } else { this.undef(); return; }
    this.pc += 4;
  }

  // ---------------------------------------------------------------- debug (Arm ARM D2; state in debug-unit.ts)

  /** AArch64.GenerateDebugExceptionsFrom for an EL1/EL0 PE with EL2 present and no EL3. */
  private debugEnabledFrom(el: number, d: boolean): boolean {
    return this.dbg.enabledFrom(el, d, this.hyp.tde);
  }

  private afterStateChange(): void {
    this.recomputeDebug();
    if (this.needsChecks()) this.stopReq = true;
  }

  private recomputeDebug(): void {
    this.wpOn = this.dbg.recompute(this.el, (this.daif & 8) !== 0, this.hyp.tde);
  }

  /** Flag the RAM pages an enabled watchpoint covers (see DebugUnit.markWatchedPages). */
  private markWatchedPages(): void {
    this.dbg.markWatchedPages(this.regions);
  }

  private needsChecks(): boolean {
    const g = this.dbg;
    return g.stepActive || this.il !== 0 || ((g.mdscr & 1) !== 0 && this.ss === 1) ||
      (g.bpOn && g.pageHasBp(this.pc));
  }

  /**
   * Watchpoint check of an access to [a, a+size) before any of its effects (AArch64.WatchpointMatch).
   * Takes the exception and returns true on a hit.
   */
  private watchHit(a: number, size: number, write: boolean, unpriv: boolean): boolean {
    const hit = this.dbg.watchHit(a, size, write, unpriv ? 0 : this.el, this.sys.get(SR.CONTEXTIDR_EL1)!);
    if (hit < 0) return false;
    this.debugException(EC.WATCHPT_LOW, (write ? 1 << 6 : 0) | FSC_DEBUG, BigInt(hit));
    return true;
  }

  /** One instruction on the checked path: software step, illegal state, breakpoints, then SSAdvance. */
  private debugOne(): number {
    const g = this.dbg;
    if (g.stepActive && this.ss === 0) {
      this.debugException(EC.SOFTSTP_LOW, (g.ssIsv << 24) | (g.ssEx << 6) | FSC_DEBUG, null);
      return 1;
    }
    if (this.il !== 0) { this.takeEl1((EC.ILLEGAL << 26) | IL, this.pc); return 1; }
    // an instruction that cannot be fetched (outside RAM, not mapped at stage 2) takes the abort, not the breakpoint
    if (g.bpOn && this.pc % 4 === 0 && this.regions.some((r) => this.pc >= r.base && this.pc + 4 <= r.base + r.len &&
      (r.flags[Math.floor((this.pc - r.base) / PAGE)] & F_S2) === 0) &&
      g.breakpointHit(this.pc, this.el, this.sys.get(SR.CONTEXTIDR_EL1)!)) {
      this.debugException(EC.BREAKPT_LOW, FSC_DEBUG, null);
      if (!this.hyp.tde) this.sys.set(SR.FAR_EL1, 0n);
      return 1;
    }
    g.lastLdex = false; g.eretDone = false;
    g.inDebugOne = true;
    const n = this.exec(1);
    g.inDebugOne = false;
    if (!g.eretDone && this.stopReason === RunStop.Budget && (g.mdscr & 1) !== 0 && this.ss === 1) {
      this.ss = 0; g.ssIsv = 1; g.ssEx = g.lastLdex ? 1 : 0;
    }
    return n;
  }

  // ---------------------------------------------------------------- run

  run(maxInsns: number): RunStop {
    if (!Number.isInteger(maxInsns) || maxInsns < 0) throw new RangeError(`run: maxInsns must be a non-negative integer, got ${maxInsns}`);
    this.stopReason = RunStop.Budget;
    this.recomputeDebug();
    let done = 0;
    fpClaim(this);
    while (done < maxInsns) {
      this.stopReq = false;
      const n = this.needsChecks() ? this.debugOne() : this.exec(maxInsns - done);
      done += n;
      this.retired += n;
      this.curN = 0;
      if (this.stopReason !== RunStop.Budget) break;
    }
    return this.stopReason;
  }

  // ---------------------------------------------------------------- registers

  private spIndex(): number { return this.el === 0 || this.spsel === 0 ? 0 : 2; }

  private setMode(el: number, spsel: number): void {
    const x = this.x;
    let i = this.spIndex();
    this.spBank[i] = x[SP2]; this.spBank[i + 1] = x[SP2 + 1];
    this.el = el; this.spsel = spsel;
    i = this.spIndex();
    x[SP2] = this.spBank[i]; x[SP2 + 1] = this.spBank[i + 1];
  }

  getX(n: number): bigint {
    if (!Number.isInteger(n) || n < 0 || n > 30) throw new RangeError(`getX: register ${n} is not 0..30`);
    return toBig(this.x[2 * n], this.x[2 * n + 1]);
  }
  setX(n: number, v: bigint): void {
    if (!Number.isInteger(n) || n < 0 || n > 30) throw new RangeError(`setX: register ${n} is not 0..30`);
    fromBig(v); this.x[2 * n] = out[0]; this.x[2 * n + 1] = out[1];
  }
  getSp(): bigint { return toBig(this.x[SP2], this.x[SP2 + 1]); }
  setSp(v: bigint): void { fromBig(v); this.x[SP2] = out[0]; this.x[SP2 + 1] = out[1]; }
  getPc(): bigint { return BigInt(this.pc); }
  setPc(v: bigint): void {
    const u = BigInt.asUintN(64, v);
    if (u >= 1n << 53n) throw new RangeError(`setPc: 0x${u.toString(16)} is beyond the modelled address range`);
    this.pc = Number(u);
  }

  getPstate(): number {
    return ((this.nf << 31) | (this.zf << 30) | (this.cf << 29) | (this.vf << 28) | (this.ss << 21) | (this.il << 20) |
      (this.daif << 6) | (this.el << 2) | this.spsel) >>> 0;
  }

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

  private static nameKey(name: string): number {
    const m = /^DBG([BW])([CV])R(\d+)_EL1$/.exec(name);
    if (m) {
      const n = Number(m[2 + 1]);
      const max = m[1] === 'B' ? NUM_BRPS : NUM_WRPS;
      if (n >= max) throw new RangeError(`${name}: only ${max} are implemented`);
      return m[1] === 'B' ? (m[2] === 'C' ? DBGBCR(n) : DBGBVR(n)) : (m[2] === 'C' ? DBGWCR(n) : DBGWVR(n));
    }
    const k = (SR as Record<string, number>)[name];
    if (k === undefined) throw new RangeError(`unknown system register ${name}`);
    return k;
  }

  getVReg(n: number): bigint {
    if (!Number.isInteger(n) || n < 0 || n > 31) throw new RangeError(`v${n}: SIMD&FP registers are v0..v31`);
    const v = this.v;
    let r = 0n;
    for (let k = 3; k >= 0; k--) r = (r << 32n) | BigInt(v[n * 4 + k] >>> 0);
    return r;
  }

  setVReg(n: number, val: bigint): void {
    if (!Number.isInteger(n) || n < 0 || n > 31) throw new RangeError(`v${n}: SIMD&FP registers are v0..v31`);
    const u = BigInt.asUintN(128, val);
    for (let k = 0; k < 4; k++) this.v[n * 4 + k] = Number((u >> BigInt(32 * k)) & 0xffffffffn) | 0;
  }

  getSysReg(name: SysRegName): bigint {
    if (name === 'SP_EL0' || name === 'SP_EL1') {
      const want = name === 'SP_EL0' ? 0 : 2;
      if (this.spIndex() === want) return this.getSp();
      return toBig(this.spBank[want], this.spBank[want + 1]);
    }
    const v = this.readSys(A64Cpu.nameKey(name));
    if (v === undefined) throw new RangeError(`${name} cannot be read`);
    return v;
  }

  setSysReg(name: SysRegName, v: bigint): void {
    if (name === 'SP_EL0' || name === 'SP_EL1') {
      const want = name === 'SP_EL0' ? 0 : 2;
      if (this.spIndex() === want) { this.setSp(v); return; }
      fromBig(v); this.spBank[want] = out[0]; this.spBank[want + 1] = out[1];
      return;
    }
    if (name === 'OSLSR_EL1') { this.dbg.oslk = Number((v >> 1n) & 1n); this.recomputeDebug(); return; }
    const k = A64Cpu.nameKey(name);
    if (k === SR.SPSR_EL1 || k === SR.ESR_EL1) { this.sys.set(k, BigInt.asUintN(64, v)); return; }
    if (!this.writeSys(k, BigInt.asUintN(64, v))) throw new RangeError(`${name} cannot be written`);
    this.stopReq = false;
  }
}

export function createA64Cpu(): A64Cpu { return new A64Cpu(); }
