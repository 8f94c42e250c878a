/**
 * Memory as the CPU sees it: RAM regions (KVM memory slots), instruction fetch, and every load and
 * store the inline fast paths (sem/ops-mem.ts) decline.
 *
 * An access is checked whole before any of its effects (Arm ARM: a synchronous exception is taken
 * "instead of" the instruction): alignment, RAM and stage 2, then watchpoints. `beginAccess` does
 * that and leaves the bytes reachable through the accRead and accWrite methods, which work for any
 * instruction (integer, pairs, exclusives, and the SIMD&FP forms), one register or many.
 */
import type { GuestCpu, MapRamOptions } from './api.ts';
import { ExcCpu, IL, ISS_AR, ISS_ISV, ISS_SAS_SHIFT, ISS_SF, ISS_SRT_SHIFT, ISS_SSE, ISS_WNR } from './exceptions.ts';
import { WILD_PC, HOT_LATER, HOT_WASM } from './core.ts';
import { Stage1, Xlat, WalkFault, PA_BITS, P_R0, P_R1, P_W0, P_W1, P_X0, P_X1, permFsc, type ReadDesc } from './mmu.ts';
import { Region, CodePage, NO_BLOCKS, PAGE, F_CODE, F_WATCH, F_S2, F_RO, monitorKey } from './memory.ts';
import { keepWindow } from './host-memory.ts';
import type { BlockFn } from './record.ts';
import { decode } from './decode.ts';
import { compileBlock, longRun } from './jit.ts';
import * as bits from './bits.ts';
import * as record from './record.ts';
import { X_SP, regNum } from './regs.ts';
import { Op } from './exec.gen.ts';
import {
  ESR_ELx_EC_DABT_CUR, ESR_ELx_EC_DABT_LOW, ESR_ELx_EC_IABT_CUR, ESR_ELx_EC_IABT_LOW, ESR_ELx_EC_PC_ALIGN, ESR_ELx_EC_SP_ALIGN,
  ESR_ELx_EC_WATCHPT_LOW,
} from '../esr/ec.ts';
import { ESR_ELx_FSC_ADDRSZ, ESR_ELx_FSC_ALIGN, ESR_ELx_FSC_FAULT, ESR_ELx_FSC_PERM, FSC_DEBUG } from '../esr/fsc.ts';

// Copied once: reading an imported binding can cost a getter call per access after transforms.
const { out, toBig, add64, shift64 } = bits;
const { R_D, R_N, R_M, R_IMM, R_IMM2, R_IMM3, R_FL, K_LOAD, K_SIGNED, K_TO64, K_UNPRIV, K_PRFM, K_AR, K_PAIR, K_ALIGN, M_POST, M_PRE, M_REG } = record;
const OP_LDLIT = Op.LDLIT, OP_LDX = Op.LDX, OP_STX = Op.STX, OP_LDSTP = Op.LDSTP;

/** Stage-2 translation fault, level 3: what an address outside the guest's mapped RAM reports. */
const FSC_S2_TRANS_L3 = ESR_ELx_FSC_FAULT | 3;
/** Stage-2 permission fault, level 3: a store to a read-only memory slot. */
const FSC_S2_PERM_L3 = ESR_ELx_FSC_PERM | 3;
/** ISS.S1PTW: the stage-2 fault happened on a stage-1 translation table walk. */
const ISS_S1PTW = 1 << 7;
/** ISS.CM: the Data Abort came from a cache maintenance or address translation instruction. */
const ISS_CM = 1 << 8;
const TWO32 = 4294967296;
/**
 * Windows of each kind kept per EL for dSwap/sSwap (a power of two). A kernel's linear map is made of
 * pages, each its own window: with 64 a Linux boot made 2.79 million load windows on the general path
 * (conflicts between pages 256 KiB apart), with 1024 0.98 million.
 */
const WINS = 1024;
/** Pages entered with the MMU on that fetchPage keeps per EL (a power of two): see `fetched`. */
const FETCHED = 256;

/** A page fetchPage entered with the MMU on, as enterPage left it (see MemCpu.fetched). */
class Fetched {
  /** Its virtual page number (NaN: none), the translation generation it was entered in. */
  vpn = NaN; gen = -1;
  r: Region | undefined = undefined; p = 0;
  /** The page's code as it was entered (valid while the region still has it, run at the same address). */
  cp: CodePage | undefined = undefined;
}

export abstract class MemCpu extends ExcCpu {
  /**
   * Data accesses with the MMU off are to Device-nGnRnE memory, where an unaligned access takes an
   * Alignment fault (Arm ARM B2.5.2, D8.2.11). On by default; QEMU 7.2 does not model it.
   */
  strictDeviceAlignment = true;

  protected readonly regions: Region[] = [];
  private curRegion: Region | undefined;
  private dRegion: Region | undefined;
  /** Every data access is alignment checked (MMU off and strict Device alignment, or SCTLR_EL1.A). */
  protected alignStrict = true;
  /** SCTLR_EL1[31:0] as a number (the bits the memory paths test). */
  protected sctlr = 0;

  // The access checked by the last beginAccess: its bytes are [aOff0, aOff0 + aLen0) of aDv0, then
  // [aOff1, ...) of aDv1 when it crosses into a second, discontiguous place.
  private aDv0: DataView = new DataView(new ArrayBuffer(8));
  private aOff0 = 0;
  private aLen0 = 0;
  private aReg0: Region | undefined;
  private aDv1: DataView = new DataView(new ArrayBuffer(8));
  // -0, a double: V8 gives the field its final representation from the start. Starting as a small integer
  // it became a double at a Linux boot's first page-crossing access (in user space, 900 million
  // instructions in), which replaced the CPU object's map and threw away the optimised interpreter loop
  // and every method of the CPU, twice over as feedback then met the old map.
  private aOff1 = -0;
  private aReg1: Region | undefined;

  /** Stage-1 translation (mmu.ts): the registers the walk reads and the TLB. */
  protected readonly s1 = new Stage1();
  private readonly walkRes = new Xlat();
  /** What the last failed `xlate` ran into (the details are in s1.fsc / s1.ipa). */
  private walkFault = WalkFault.None;
  /** Region offset of the page being executed. */
  private curPhys = 0;
  /** The code of the page being executed (curDec, curBlocks and curHeat are its). */
  private curCode: CodePage | undefined;
  /**
   * The pages entered with the MMU on, direct-mapped by VA[19:12] in two halves (EL1, EL0: execute
   * permission depends on the EL), so that going back to a page (a call and its return, a loop over
   * several pages) skips the translation: valid while the windows' generation is the one it was made
   * in (every TLBI, TTBR/SCTLR/TCR/MAIR write, region change starts a new one) and the page still has
   * the records and blocks it had (code invalidation drops them); never used while breakpoints are on.
   */
  private readonly fetched: Fetched[] = Array.from({ length: 2 * FETCHED }, () => new Fetched());
  /** Counts the changes of the watchpoints (what windowOf's answers are valid for). */
  private watchGen = 0;
  /**
   * The TLB entries made since its last whole flush (generation `noRamGen` of s1.gen) that found no
   * RAM for their page (MMIO, or a flash bank in command mode): what mapping a region must drop.
   */
  private readonly noRam: Xlat[] = [];
  private noRamGen = -1;
  /** The translation and physical address `dataPage` found. */
  private xEntry: Xlat | undefined;
  private xPa = 0;

  /** The debug unit's watchpoint pages must be flagged again (mapping changed). */
  protected markWatchedPages(): void {
    this.dbg.markWatchedPages(this.regions);
    this.watchGen++;
    if (this.s1.on) this.dropWindows();
  }

  // ---------------------------------------------------------------- translation state

  /**
   * The windows of loads and stores made with the MMU on, kept for dSwap/sSwap: the entry whose
   * window it is, direct-mapped by VA[21:12] in two halves (EL1, EL0: a window is made with the
   * permissions of the EL it was made at), valid while its generation is `winGen`. Everything that
   * drops the windows (a TLBI, a TTBR or SCTLR write, a watchpoint change) starts a new generation.
   */
  private readonly dWins: (Xlat | undefined)[] = new Array<Xlat | undefined>(2 * WINS).fill(undefined);
  private readonly sWins: (Xlat | undefined)[] = new Array<Xlat | undefined>(2 * WINS).fill(undefined);
  private readonly dWinGen = new Int32Array(2 * WINS).fill(-1);
  private readonly sWinGen = new Int32Array(2 * WINS).fill(-1);
  private winGen = 0;

  // The offset is a small integer (a window is a leaf, at most 1 GiB): `| 0` keeps it one for V8 too,
  // so the fast paths that use it see the type they saw before any window was swapped in.
  dSwap(a: number): number {
    const i = (Math.floor(a / PAGE) & (WINS - 1)) | (this.el === 0 ? WINS : 0);
    const e = this.dWins[i];
    if (e === undefined || this.dWinGen[i] !== this.winGen || !(a >= e.winBase && a < e.winBase + e.winLen)) return -1;
    this.dBase = e.winBase; this.dLen = e.winLen; this.dDv = e.winDv!; this.dFlags = e.winFlags!; this.dHost = e.winHost; this.dOff = e.winOff; this.dFlOff = e.winFlOff;
    return (a - e.winBase) | 0;
  }
  sSwap(a: number): number {
    const i = (Math.floor(a / PAGE) & (WINS - 1)) | (this.el === 0 ? WINS : 0);
    const e = this.sWins[i];
    if (e === undefined || this.sWinGen[i] !== this.winGen || !(a >= e.winBase && a < e.winBase + e.winLen)) return -1;
    this.sBase = e.winBase; this.sLen = e.winLen; this.sDv = e.winDv!; this.sFlags = e.winFlags!; this.sHost = e.winHost; this.sOff = e.winOff; this.sFlOff = e.winFlOff; this.sReg = e.reg!; this.sPg = e.winPg;
    return (a - e.winBase) | 0;
  }

  /** Forget the data windows and the page being executed (translations may have changed). */
  protected dropWindows(): void {
    this.winGen = (this.winGen + 1) | 0;
    this.dRegion = undefined;
    this.dBase = -1; this.dLen = 0; this.sBase = -1; this.sLen = 0;
    this.curBase = -1;
  }

  /** The CPUs whose TLBs an Inner Shareable TLBI reaches (this one included): see shareTlbsWith. */
  private tlbDomain: Set<MemCpu> = new Set<MemCpu>([this]);

  shareTlbsWith(other: GuestCpu): void {
    if (!(other instanceof MemCpu)) throw new RangeError('shareTlbsWith: the other CPU is not of this implementation');
    const d = new Set<MemCpu>([...this.tlbDomain, ...other.tlbDomain]);
    for (const c of d) c.tlbDomain = d;
  }

  /**
   * TLBI: of everything (`va` null) or by VA, on this CPU or, `broadcast`, on every CPU of its Inner
   * Shareable domain. Another CPU of the domain is not running (they run in turns), so it finds its
   * TLB invalidated when it runs next.
   */
  protected tlbi(va: number | null, broadcast: boolean): void {
    const cpus: Iterable<MemCpu> = broadcast ? this.tlbDomain : [this as MemCpu];
    for (const c of cpus) {
      if (va === null) c.tlbFlushAll(); else c.tlbFlushVa(va);
    }
  }

  /** A register the walk reads changed, or a TLBI of everything: no cached translation survives. */
  protected tlbFlushAll(): void {
    this.s1.flush();
    this.dropWindows();
  }

  /** TLBI by VA: the entries whose leaf holds `va` (signed, page aligned) go. */
  protected tlbFlushVa(va: number): void {
    this.s1.flushVa(va);
    this.dropWindows();
  }

  protected override elChanged(): void {
    if (this.s1.on) { this.dLen = 0; this.sLen = 0; this.dBase = -1; this.sBase = -1; this.curBase = -1; }
  }

  wildPc(lo: number, hi: number): number {
    // AArch64.BranchAddr: with TBI the top byte is replaced by copies of bit 55
    if (((hi >>> 23) & 1) !== 0 ? this.s1.tbi1 : this.s1.tbi0) {
      const h = (hi << 8) >> 8;
      if ((h + 0x200000) >>> 22 === 0) return h * TWO32 + (lo >>> 0);
      hi = h;
    }
    this.wildLo = lo; this.wildHi = hi;
    return WILD_PC;
  }

  /** The virtual address (lo, hi) with its tag dropped where TBI applies, as a signed number (NaN: beyond +-2^53). */
  private canonVa(lo: number, hi: number): number {
    if (((hi >>> 23) & 1) !== 0 ? this.s1.tbi1 : this.s1.tbi0) hi = (hi << 8) >> 8;
    return (hi + 0x200000) >>> 22 === 0 ? hi * TWO32 + (lo >>> 0) : NaN;
  }

  /** The region holding [pa, pa + size), without moving the data window. */
  private regionAt(pa: number, size: number): Region | undefined {
    const l = this.lastRegion;
    if (l !== undefined && pa >= l.base && pa + size <= l.base + l.len) return l;
    for (const r of this.regions) if (pa >= r.base && pa + size <= r.base + r.len) { this.lastRegion = r; return r; }
    return undefined;
  }
  /** The region regionAt found last (checked first: the walk reads its tables from one region). */
  private lastRegion: Region | undefined;

  /** Descriptor reads of the walk: RAM mapped at stage 2, else the walk takes a stage-2 fault. */
  private readonly readDesc: ReadDesc = (pa, desc) => {
    const r = this.regionAt(pa, 8);
    if (r === undefined || (r.flags[Math.floor((pa - r.base) / PAGE)] & F_S2) !== 0) return false;
    desc[0] = r.dv.getInt32(pa - r.base, true); desc[1] = r.dv.getInt32(pa - r.base + 4, true);
    return true;
  };

  /**
   * The stage-1 translation of (lo, hi): from the TLB, else walked (and cached with the RAM region
   * of its page). null when the walk failed (walkFault, s1.fsc, s1.ipa say how).
   */
  private xlate(lo: number, hi: number): Xlat | null {
    // the TLB's tag: the address with its tag byte replaced where TBI applies (a non-canonical
    // address matches no entry: its walk faults)
    const h = (((hi >>> 23) & 1) !== 0 ? this.s1.tbi1 : this.s1.tbi0) ? (hi << 8) >> 8 : hi;
    const e = this.s1.lookup(lo, h);
    if (e !== undefined) return e;
    const f = this.s1.walk(lo, hi, this.readDesc, this.walkRes);
    if (f !== WalkFault.None) { this.walkFault = f; return null; }
    const n = this.s1.insert(lo, h, h * TWO32 + (lo >>> 0), this.walkRes);
    const r = this.regionAt(n.pa, PAGE);
    if (r !== undefined) { n.reg = r; n.regOff = n.pa - r.base; n.regPage = Math.floor(n.regOff / PAGE); } else {
      if (this.noRamGen !== this.s1.gen) { this.noRam.length = 0; this.noRamGen = this.s1.gen; }
      this.noRam.push(n);
    }
    return n;
  }

  /**
   * Translate and check the part of a data access in one page, at (lo, hi), also the FAR of its
   * faults: stage 1 (translation, address size, access flag), Device alignment to `devAlign` bytes (0:
   * any address faults, as for DC ZVA), permission (as EL0 when `unpriv`), then stage 2. On success
   * returns the RAM region with xEntry/xPa set; else takes the exception and returns undefined.
   */
  private dataPage(lo: number, hi: number, write: boolean, unpriv: boolean, iss: number, devAlign: number): Region | undefined {
    const e = this.xlate(lo, hi);
    if (e === null) {
      if (this.walkFault === WalkFault.Stage2) {
        this.trapEl2((ESR_ELx_EC_DABT_LOW << 26) | IL | ISS_S1PTW | FSC_S2_TRANS_L3, this.pc, toBig(lo, hi), BigInt(this.s1.ipa));
      } else this.dataAbortEl1(this.s1.fsc, write, toBig(lo, hi));
      return undefined;
    }
    if (e.device && (devAlign === 0 || (lo & (devAlign - 1)) !== 0)) {
      this.dataAbortEl1(ESR_ELx_FSC_ALIGN, write, toBig(lo, hi));
      return undefined;
    }
    const el0 = unpriv || this.el === 0;
    if ((e.perms & (write ? (el0 ? P_W0 : P_W1) : (el0 ? P_R0 : P_R1))) === 0) {
      this.dataAbortEl1(permFsc(e.level), write, toBig(lo, hi));
      return undefined;
    }
    const r = e.reg;
    const fl = r === null ? F_S2 : r.flags[e.regPage];
    if ((fl & F_S2) !== 0 || (write && (fl & F_RO) !== 0)) {
      const fsc = (fl & F_S2) !== 0 ? FSC_S2_TRANS_L3 : FSC_S2_PERM_L3;
      this.trapEl2((ESR_ELx_EC_DABT_LOW << 26) | IL | iss | (write ? ISS_WNR : 0) | fsc, this.pc, toBig(lo, hi), BigInt(e.pa + (lo & 4095)));
      return undefined;
    }
    this.xEntry = e; this.xPa = e.pa + (lo & 4095);
    return r!;
  }

  /** The data window over translation `e` (its leaf, clipped to the region), made on first use. */
  private windowOf(e: Xlat, r: Region): boolean {
    if (e.winDv === null) {
      const leafPa = e.pa - (e.va - e.blockVa);
      const lo = Math.max(leafPa, r.base), hi = Math.min(leafPa + e.blockSize, r.base + r.len);
      e.winBase = e.blockVa + (lo - leafPa); e.winLen = hi - lo;
      e.winDv = new DataView(r.u8.buffer, r.u8.byteOffset + (lo - r.base), hi - lo);
      e.winFlags = r.flags.subarray((lo - r.base) / PAGE, (hi - r.base) / PAGE);
      e.winHost = r.host; e.winOff = r.dvOff + (lo - r.base); e.winFlOff = r.flagsOff + (lo - r.base) / PAGE;
      e.winPg = (lo - r.base) / PAGE;
    }
    // a window never covers a watched address: accesses there take the checked path (asked again
    // only after the watchpoints changed)
    if (e.winGen !== this.watchGen) { e.winGen = this.watchGen; e.winOk = !this.dbg.watchOverlaps(e.winBase, e.winBase + e.winLen); }
    return e.winOk;
  }

  /** Instruction fetch with the MMU on: make curDec... describe pc's page (see fetchPage). */
  private fetchXlat(pc: number): number {
    let lo: number, hi: number;
    if (pc === WILD_PC) { lo = this.wildLo; hi = this.wildHi; } else { lo = pc | 0; hi = Math.floor(pc / TWO32); }
    const e = this.xlate(lo, hi);
    const el0 = this.el === 0;
    if (e === null) {
      if (this.walkFault === WalkFault.Stage2) {
        this.trapEl2((ESR_ELx_EC_IABT_LOW << 26) | IL | ISS_S1PTW | FSC_S2_TRANS_L3, pc, this.pcBig(pc), BigInt(this.s1.ipa));
        return 2;
      }
      this.takeEl1(((el0 ? ESR_ELx_EC_IABT_LOW : ESR_ELx_EC_IABT_CUR) << 26) | IL | this.s1.fsc, pc, this.pcBig(pc));
      return 1;
    }
    if ((e.perms & (el0 ? P_X0 : P_X1)) === 0) {
      this.takeEl1(((el0 ? ESR_ELx_EC_IABT_LOW : ESR_ELx_EC_IABT_CUR) << 26) | IL | permFsc(e.level), pc, this.pcBig(pc));
      return 1;
    }
    const r = e.reg;
    if (r === null || (r.flags[e.regPage] & F_S2) !== 0) {
      this.trapEl2((ESR_ELx_EC_IABT_LOW << 26) | IL | FSC_S2_TRANS_L3, pc, this.pcBig(pc), BigInt(e.pa + (lo & 4095)));
      return 2;
    }
    const va = pc - (lo & 4095);
    const entered = this.enterPage(r, e.regPage, va);
    if (entered === 0 && pc !== WILD_PC) {
      const vpn = va / PAGE;
      const f = this.fetched[(vpn & (FETCHED - 1)) | (this.el === 0 ? FETCHED : 0)]!;
      f.vpn = vpn; f.gen = this.winGen; f.r = r; f.p = e.regPage; f.cp = this.curCode;
    }
    return entered;
  }

  /**
   * Make page `p` of region `r`, executed at virtual address `va`, the page the interpreter runs
   * (curDec, curBlocks...): 3 when an enabled breakpoint is on it (the checked path takes over), else 0.
   */
  private enterPage(r: Region, p: number, va: number): number {
    this.curRegion = r;
    this.curPhys = p * PAGE;
    const cp = r.codeFor(p, va);
    this.curCode = cp; this.curDec = cp.dec; this.curBlocks = cp.blocks; this.curHeat = cp.heat;
    this.curBase = va;
    return !this.dbg.inDebugOne && this.dbg.bpOn && this.dbg.pageHasBp(va) ? 3 : 0;
  }

  /** Would the instruction at `pc` be fetched without an abort (MMU on)? */
  private fetchableVa(pc: number): boolean {
    if (pc === WILD_PC) return false;
    const e = this.xlate(pc | 0, Math.floor(pc / TWO32));
    if (e === null || (e.perms & (this.el === 0 ? P_X0 : P_X1)) === 0) return false;
    const r = e.reg;
    return r !== null && (r.flags[e.regPage] & F_S2) === 0;
  }

  /**
   * AT S1E1R/W, S1E0R/W: PAR_EL1 for the address (lo, hi) (AArch64.EncodePAR); undefined when the walk
   * took a stage-2 fault to EL2 instead.
   */
  protected addressTranslate(lo: number, hi: number, write: boolean, el0: boolean): bigint | undefined {
    if (!this.s1.on) {
      // stage 1 off: the address itself, Device-nGnRnE, Outer Shareable
      return (toBig(lo, hi) & 0xfffffffff000n) | 0xb00n;
    }
    const e = this.xlate(lo, hi);
    if (e === null) {
      if (this.walkFault === WalkFault.Stage2) {
        this.trapEl2((ESR_ELx_EC_DABT_LOW << 26) | IL | ISS_S1PTW | ISS_CM | FSC_S2_TRANS_L3, this.pc, toBig(lo, hi), BigInt(this.s1.ipa));
        return undefined;
      }
      return BigInt(0x801 | (this.s1.fsc << 1));
    }
    if ((e.perms & (write ? (el0 ? P_W0 : P_W1) : (el0 ? P_R0 : P_R1))) === 0) return BigInt(0x801 | (permFsc(e.level) << 1));
    return (BigInt(e.attr) << 56n) | BigInt(e.pa) | 0xa00n | BigInt(e.sh << 7);
  }

  /**
   * DC CIVAC/CVAC/CVAU/IVAC and IC IVAU: with the MMU on the address is translated (no permission
   * check), with it off checked against the physical address size; a fault is reported with CM = 1 and
   * WnR = 1. False when an exception was taken.
   */
  protected cacheOpVa(lo: number, hi: number): boolean {
    if (!this.s1.on) {
      if (this.offPa(lo, hi) >= 0) return true;
      const ec = this.el === 0 ? ESR_ELx_EC_DABT_LOW : ESR_ELx_EC_DABT_CUR;
      this.takeEl1((ec << 26) | IL | ISS_CM | ISS_WNR | ESR_ELx_FSC_ADDRSZ, this.pc, toBig(lo, hi));
      return false;
    }
    const e = this.xlate(lo, hi);
    if (e !== null) return true;
    if (this.walkFault === WalkFault.Stage2) {
      this.trapEl2((ESR_ELx_EC_DABT_LOW << 26) | IL | ISS_S1PTW | ISS_CM | ISS_WNR | FSC_S2_TRANS_L3, this.pc, toBig(lo, hi), BigInt(this.s1.ipa));
    } else {
      const ec = this.el === 0 ? ESR_ELx_EC_DABT_LOW : ESR_ELx_EC_DABT_CUR;
      this.takeEl1((ec << 26) | IL | ISS_CM | ISS_WNR | this.s1.fsc, this.pc, toBig(lo, hi));
    }
    return false;
  }

  // ---------------------------------------------------------------- RAM regions

  mapRam(base: bigint, bytes: Uint8Array, options?: MapRamOptions): void {
    if (base < 0n || base % BigInt(PAGE) !== 0n) throw new RangeError(`mapRam: base 0x${base.toString(16)} is not page aligned`);
    if (bytes.byteLength === 0 || bytes.byteLength % PAGE !== 0) throw new RangeError(`mapRam: size ${bytes.byteLength} is not a non-zero multiple of ${PAGE}`);
    const b = Number(base);
    if (b + bytes.byteLength > 2 ** 48) throw new RangeError('mapRam: region ends above 2^48');
    for (const r of this.regions) {
      if (b < r.base + r.len && r.base < b + bytes.byteLength) throw new RangeError(`mapRam: 0x${base.toString(16)} overlaps the region at 0x${r.base.toString(16)}`);
    }
    const r = new Region(b, bytes, options?.lazy === true, options?.readOnly === true);
    this.regions.push(r);
    // a TLB entry keeps the region of its page, found when it was made (xlate): only those that found
    // none where this one now is must look again. U-Boot maps a flash bank anew each time it goes back
    // to array mode (~270 times on its way to the prompt), and flushing the whole TLB each time had the
    // code it runs in RAM walked again after every one.
    if (this.noRamGen === this.s1.gen) for (const e of this.noRam) if (e.pa >= b && e.pa < b + r.len) this.s1.drop(e);
    this.dropWindows();
    this.markWatchedPages();
  }

  unmapRam(base: bigint): void {
    const b = Number(base);
    const i = this.regions.findIndex((r) => r.base === b);
    if (i < 0) throw new RangeError(`unmapRam: no region at 0x${base.toString(16)}`);
    const [r] = this.regions.splice(i, 1);
    if (r !== undefined) this.tlbFlushAll();
    this.curRegion = undefined;
    r?.release();
    this.lastRegion = undefined; // regionAt's hint must not name a region that is gone
  }

  stage2Map(ipa: bigint, len: number): void {
    if (!Number.isInteger(len) || len < 0) throw new RangeError(`stage2Map: length ${len} is not a non-negative integer`);
    if (ipa < 0n || ipa >= 1n << 48n) throw new RangeError(`stage2Map: 0x${ipa.toString(16)} is outside the address space`);
    const a = Number(ipa);
    for (const r of this.regions) if (a < r.base + r.len && r.base < a + len) r.mapStage2(a, len);
  }

  stage2SetWritable(ipa: bigint, len: number, writable: boolean): void {
    if (!Number.isInteger(len) || len < 0) throw new RangeError(`stage2SetWritable: length ${len} is not a non-negative integer`);
    if (ipa < 0n || ipa >= 1n << 48n) throw new RangeError(`stage2SetWritable: 0x${ipa.toString(16)} is outside the address space`);
    const a = Number(ipa);
    for (const r of this.regions) if (a < r.base + r.len && r.base < a + len) r.setWritable(a, len, writable);
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

  /**
   * With the MMU off, the physical address of the virtual address (lo, hi) (AArch64.TranslateAddressS1Off):
   * the address itself, with the tag removed when TCR_EL1.TBI0/TBI1 applies (AddrTop: bit 55 chooses),
   * or -1 when a bit from AddrTop down to PAMax (44, ID_AA64MMFR0_EL1.PARange) is set, which is a
   * level-0 Address size fault.
   */
  protected offPa(lo: number, hi: number): number {
    const h = ((hi & 0x800000) !== 0 ? this.s1.tbi1 : this.s1.tbi0) ? hi & 0xffffff : hi;
    return h >>> (PA_BITS - 32) !== 0 ? -1 : h * TWO32 + (lo >>> 0);
  }

  /**
   * The region holding [a, a + size), made the window of the fast path of the access's kind (a store's
   * or a load's) as with the MMU on: a loop copying from one region to another (U-Boot relocating
   * itself from flash to RAM) keeps both sides fast, where one window for both made every access of it
   * take this path.
   */
  private regionFor(a: number, size: number, write: boolean): Region | undefined {
    let r = this.dRegion;
    if (r === undefined || !(a >= r.base && a + size <= r.base + r.len)) {
      r = undefined;
      for (const q of this.regions) {
        if (a >= q.base && a + size <= q.base + q.len) { r = q; break; }
      }
      if (r === undefined) return undefined;
      this.dRegion = r;
    }
    if (write) { this.sBase = r.base; this.sLen = r.len; this.sDv = r.dv; this.sFlags = r.flags; this.sHost = r.host; this.sOff = r.dvOff; this.sFlOff = r.flagsOff; this.sReg = r; this.sPg = 0; }
    else { this.dBase = r.base; this.dLen = r.len; this.dDv = r.dv; this.dFlags = r.flags; this.dHost = r.host; this.dOff = r.dvOff; this.dFlOff = r.flagsOff; }
    return r;
  }

  // ---------------------------------------------------------------- instruction fetch

  fetchPage(): number {
    const pc = this.pc;
    if (this.s1.on) {
      const vpn = Math.floor(pc / PAGE);
      const f = this.fetched[(vpn & (FETCHED - 1)) | (this.el === 0 ? FETCHED : 0)]!;
      if (f.vpn === vpn && f.gen === this.winGen && (pc & 3) === 0 && !this.dbg.bpOn) {
        const r = f.r!, cp = f.cp!, va = vpn * PAGE;
        if (r.codeAt(f.p) === cp && cp.va === va) {
          this.curRegion = r; this.curPhys = f.p * PAGE; this.curCode = cp; this.curDec = cp.dec; this.curBlocks = cp.blocks; this.curHeat = cp.heat;
          this.curBase = va;
          return 0;
        }
      }
    }
    if ((pc & 3) !== 0) { this.takeEl1((ESR_ELx_EC_PC_ALIGN << 26) | IL, pc, this.pcBig(pc)); return 1; }
    if (this.s1.on) return this.fetchXlat(pc);
    let r = this.curRegion;
    if (r === undefined || pc < r.base || pc + 4 > r.base + r.len) {
      r = this.regionAt(pc, 4);
      if (r === undefined) {
        const lo = pc === WILD_PC ? this.wildLo : pc | 0, hi = pc === WILD_PC ? this.wildHi : Math.floor(pc / TWO32);
        if (this.offPa(lo, hi) < 0) { // beyond the physical address size: a level-0 Address size fault
          this.takeEl1(((this.el === 0 ? ESR_ELx_EC_IABT_LOW : ESR_ELx_EC_IABT_CUR) << 26) | IL | ESR_ELx_FSC_ADDRSZ, pc, this.pcBig(pc));
          return 1;
        }
        this.trapEl2((ESR_ELx_EC_IABT_LOW << 26) | IL | FSC_S2_TRANS_L3, pc, this.pcBig(pc), this.pcBig(pc));
        return 2;
      }
    }
    const p = Math.floor((pc - r.base) / PAGE);
    if ((r.flags[p] & F_S2) !== 0) { // not mapped at stage 2: Instruction Abort to EL2, before any breakpoint
      this.trapEl2((ESR_ELx_EC_IABT_LOW << 26) | IL | FSC_S2_TRANS_L3, pc, this.pcBig(pc), this.pcBig(pc));
      return 2;
    }
    return this.enterPage(r, p, r.base + p * PAGE);
  }

  /** Can the instruction at `pc` be fetched (in RAM mapped at stage 2)? A breakpoint there may then match. */
  protected fetchable(pc: number): boolean {
    if (this.s1.on) return (pc & 3) === 0 && this.fetchableVa(pc);
    const r = (pc & 3) === 0 ? this.regionAt(pc, 4) : undefined;
    return r !== undefined && (r.flags[Math.floor((pc - r.base) / PAGE)] & F_S2) === 0;
  }

  decodeAt(dec: Int32Array, i: number, pc: number): number {
    return decode(this.curRegion!.dv.getInt32(this.curPhys + (pc - this.curBase), true), dec, i);
  }

  compileAt(bi: number): void {
    // a long run of straight-line code (an unrolled hash round: a Linux boot interpreted 9 million
    // instructions of blake2s_compress_generic before its 6000th call) does at each jump as much work as
    // eight short blocks: the tier takes it at an eighth of hotW jumps
    let soon = false;
    const h = this.curHeat[bi]!;
    if (h === this.hotW >> 3 && h <= this.hot) {
      if (this.hotW === 0 || this.hotW > this.hot || !longRun(this.curDec, bi)) return;
      soon = true;
    }
    if (this.curBlocks === NO_BLOCKS) {
      const cp = this.curCode!;
      this.curBlocks = cp.ownBlocks(this.curBase);
      this.curHeat = cp.heat;
    }
    try {
      // code the WebAssembly tier takes runs there from hotW jumps (core.ts); the rest waits for `hot`
      if (soon || this.curHeat[bi] === this.hotW && this.hotW <= this.hot) {
        const blocks = this.curBlocks;
        // made with others later: the page's block then, unless one was compiled meanwhile
        const w = compileBlock(this, this.curDec, bi, this.curBase, 'low', (f) => { if (blocks[bi] === undefined) blocks[bi] = f; });
        if (w !== null) blocks[bi] = w; // made before, for the same code
        return;
      }
      this.curBlocks[bi] = compileBlock(this, this.curDec, bi, this.curBase);
      if (this.hotRamp > 0 && --this.hotRamp === 0) { this.hot = HOT_LATER; if (this.wasmTier && !this.hotWSet) this.hotW = HOT_WASM; }
    } catch {
      // code generation refused (a Content-Security-Policy without 'unsafe-eval'): interpret only
      this.jit = false;
      this.curBlocks[bi] = null;
    }
  }

  xlatGen(): number {
    return ((this.winGen << 1) | (this.el === 0 ? 1 : 0)) & 0x7fffffff;
  }

  chainGen(): number {
    return this.dbg.bpOn || !this.jit ? -1 : this.xlatGen();
  }

  longCall(f: BlockFn, bi: number): void {
    if (!this.wasmTier || this.curBlocks[bi] !== f) return;
    try {
      const w = compileBlock(this, this.curDec, bi, this.curBase, 'only');
      if (w !== null) this.curBlocks[bi] = w;
    } catch {
      // code generation refused: the JavaScript block stays
    }
  }

  protected wordAt(pc: number): number {
    if (this.s1.on) {
      const off = pc - this.curBase;
      return off >= 0 && off < PAGE && this.curRegion !== undefined ? this.curRegion.dv.getUint32(this.curPhys + off, true) : 0;
    }
    const r = this.regionAt(pc, 4);
    return r === undefined ? 0 : r.dv.getUint32(pc - r.base, true);
  }

  // ---------------------------------------------------------------- checking an access

  protected spAlignCheck(): boolean {
    const s = this.sctlr;
    return this.el === 0 ? (s & 0x10) !== 0 : (s & 0x8) !== 0;
  }

  /** A data abort at the current EL or from EL0, to EL1. */
  protected dataAbortEl1(fsc: number, write: boolean, far: bigint): void {
    const ec = this.el === 0 ? ESR_ELx_EC_DABT_LOW : ESR_ELx_EC_DABT_CUR;
    this.takeEl1((ec << 26) | IL | (write ? ISS_WNR : 0) | fsc, this.pc, far);
  }

  /**
   * Check an access of `size` bytes at the virtual address (alo, ahi) before any of its effects:
   * alignment to `align` bytes (always when `always`, as for exclusives and acquire/release; else
   * under SCTLR_EL1.A, and for Device memory), translation and permissions (as an EL0 access when
   * `unpriv`), RAM and stage 2, watchpoints. On a fault it takes the exception and returns false;
   * `iss` is the syndrome a stage-2 abort reports. On success the bytes are reachable through the
   * accRead and accWrite methods until the next beginAccess.
   */
  protected beginAccess(alo: number, ahi: number, size: number, align: number, always: boolean, write: boolean, unpriv: boolean, iss: number): boolean {
    if (this.s1.on) return this.beginAccessVa(alo, ahi, size, align, always, write, unpriv, iss);
    if ((always || this.alignStrict) && (alo & (align - 1)) !== 0) {
      this.dataAbortEl1(ESR_ELx_FSC_ALIGN, write, toBig(alo, ahi));
      return false;
    }
    const a = this.offPa(alo, ahi);
    if (a < 0) {
      this.dataAbortEl1(ESR_ELx_FSC_ADDRSZ, write, toBig(alo, ahi));
      return false;
    }
    const r = this.regionFor(a, size, write);
    if (r === undefined) {
      const far = toBig(alo, ahi);
      this.trapEl2((ESR_ELx_EC_DABT_LOW << 26) | IL | iss | (write ? ISS_WNR : 0) | FSC_S2_TRANS_L3, this.pc, far, far);
      return false;
    }
    const o = a - r.base, fl = r.flags;
    const pf = fl[o >>> 12] | fl[(o + size - 1) >>> 12]; // an access spans at most two pages
    if ((pf & F_S2) !== 0) {
      // RAM not yet mapped at stage 2: a translation fault on the first unmapped byte, taken before
      // any watchpoint (an abort on the access has priority over a debug exception on it)
      const far = (fl[o >>> 12] & F_S2) !== 0 ? toBig(alo, ahi) : BigInt(r.base + ((o + size - 1) >>> 12) * PAGE);
      this.trapEl2((ESR_ELx_EC_DABT_LOW << 26) | IL | iss | (write ? ISS_WNR : 0) | FSC_S2_TRANS_L3, this.pc, far, far);
      return false;
    }
    if (write && (pf & F_RO) !== 0) {
      // mapped read-only at stage 2: a permission fault on the first read-only byte written
      const far = (fl[o >>> 12] & F_RO) !== 0 ? toBig(alo, ahi) : BigInt(r.base + ((o + size - 1) >>> 12) * PAGE);
      this.trapEl2((ESR_ELx_EC_DABT_LOW << 26) | IL | iss | ISS_WNR | FSC_S2_PERM_L3, this.pc, far, far);
      return false;
    }
    // only a page flagged F_WATCH can hold a watched byte: accesses elsewhere skip the match
    if ((pf & F_WATCH) !== 0 && this.wpOn !== 0 && this.watchHit(a, size, write, unpriv)) return false;
    this.aDv0 = r.dv; this.aOff0 = o; this.aLen0 = size; this.aReg0 = r; this.aReg1 = undefined;
    return true;
  }

  /**
   * beginAccess with the MMU on (AArch64.FirstStageTranslate, then stage 2, per page in ascending
   * address order as Mem[] splits an access): the SCTLR_EL1.A alignment check comes before the
   * translation, the Device one after it and before the permission check. A successful access makes
   * its leaf the data window of its kind (load or store) when it ran with the current EL's permissions.
   */
  private beginAccessVa(alo: number, ahi: number, size: number, align: number, always: boolean, write: boolean, unpriv: boolean, iss: number): boolean {
    if ((always || this.alignStrict) && (alo & (align - 1)) !== 0) {
      this.dataAbortEl1(ESR_ELx_FSC_ALIGN, write, toBig(alo, ahi));
      return false;
    }
    const r0 = this.dataPage(alo, ahi, write, unpriv, iss, align);
    if (r0 === undefined) return false;
    const e0 = this.xEntry!, pa0 = this.xPa;
    const inPage = PAGE - (alo & (PAGE - 1));
    this.aDv0 = r0.dv; this.aOff0 = pa0 - r0.base; this.aReg0 = r0; this.aReg1 = undefined;
    if (size <= inPage) this.aLen0 = size;
    else {
      add64(alo, ahi, inPage, 0);
      const r1 = this.dataPage(out[0], out[1], write, unpriv, iss, 1);
      if (r1 === undefined) return false;
      if (r1 === r0 && this.xPa === pa0 + inPage) this.aLen0 = size; // physically contiguous
      else { this.aLen0 = inPage; this.aDv1 = r1.dv; this.aOff1 = this.xPa - r1.base; this.aReg1 = r1; }
    }
    if (this.wpOn !== 0) {
      const va = this.canonVa(alo, ahi);
      if (va === va && this.watchHit(va, size, write, unpriv)) return false;
    }
    if (!unpriv && size <= inPage && this.windowOf(e0, r0)) {
      const i = ((alo >>> 12) & (WINS - 1)) | (this.el === 0 ? WINS : 0);
      if (write) {
        this.sBase = e0.winBase; this.sLen = e0.winLen; this.sDv = e0.winDv!; this.sFlags = e0.winFlags!; this.sHost = e0.winHost; this.sOff = e0.winOff; this.sFlOff = e0.winFlOff;
        this.sReg = r0; this.sPg = e0.winPg;
        this.sWins[i] = e0; this.sWinGen[i] = this.winGen;
      } else {
        this.dBase = e0.winBase; this.dLen = e0.winLen; this.dDv = e0.winDv!; this.dFlags = e0.winFlags!; this.dHost = e0.winHost; this.dOff = e0.winOff; this.dFlOff = e0.winFlOff;
        this.dWins[i] = e0; this.dWinGen[i] = this.winGen;
      }
      // kept where WebAssembly blocks running in its memory find it too (host-memory.ts SCR_WINS)
      const h = this.xHost;
      if (h !== null && e0.winHost === h) keepWindow(h, this.xArea, write ? 1 : 0, i & (WINS - 1), e0.winBase, e0.winLen, e0.winOff, e0.winFlOff, this.xlatGen());
    }
    return true;
  }

  /**
   * Watchpoint check of an access to [a, a+size) before any of its effects (AArch64.WatchpointMatch).
   * Takes the exception and returns true on a hit.
   */
  private watchHit(a: number, size: number, write: boolean, unpriv: boolean): boolean {
    const hit = this.dbg.watchHit(a, size, write, unpriv ? 0 : this.el, this.contextId());
    if (hit !== hit) return false; // NaN: no match
    this.debugException(ESR_ELx_EC_WATCHPT_LOW, (write ? ISS_WNR : 0) | FSC_DEBUG, BigInt.asUintN(64, BigInt(hit)));
    return true;
  }

  /** CONTEXTIDR_EL1 (for linked context breakpoints and watchpoints). */
  protected abstract contextId(): bigint;

  // ---------------------------------------------------------------- moving the bytes of a checked access

  /** Byte `b` of the checked access. */
  protected accRead8(b: number): number {
    return b < this.aLen0 ? this.aDv0.getUint8(this.aOff0 + b) : this.aDv1.getUint8(this.aOff1 + b - this.aLen0);
  }
  protected accWrite8(b: number, v: number): void {
    if (b < this.aLen0) this.aDv0.setUint8(this.aOff0 + b, v); else this.aDv1.setUint8(this.aOff1 + b - this.aLen0, v);
  }
  /** Bytes b..b+3 of the checked access, little-endian, as an int32. */
  protected accRead32(b: number): number {
    if (b + 4 <= this.aLen0) return this.aDv0.getInt32(this.aOff0 + b, true);
    return (this.accRead8(b) | (this.accRead8(b + 1) << 8) | (this.accRead8(b + 2) << 16) | (this.accRead8(b + 3) << 24));
  }
  protected accWrite32(b: number, v: number): void {
    if (b + 4 <= this.aLen0) { this.aDv0.setInt32(this.aOff0 + b, v, true); return; }
    for (let k = 0; k < 4; k++) this.accWrite8(b + k, v >>> (8 * k));
  }
  protected accRead16(b: number): number {
    if (b + 2 <= this.aLen0) return this.aDv0.getUint16(this.aOff0 + b, true);
    return this.accRead8(b) | (this.accRead8(b + 1) << 8);
  }
  protected accWrite16(b: number, v: number): void {
    if (b + 2 <= this.aLen0) { this.aDv0.setUint16(this.aOff0 + b, v, true); return; }
    this.accWrite8(b, v); this.accWrite8(b + 1, v >>> 8);
  }
  /** After the writes of a store: drop predecoded code in the written bytes (self-modifying code). */
  protected accStored(size: number): void {
    const r = this.aReg0!, o = this.aOff0, n0 = size < this.aLen0 ? size : this.aLen0;
    if (((r.flags[o >>> 12] | r.flags[(o + n0 - 1) >>> 12]) & F_CODE) !== 0 && r.invalidate(o, n0)) this.curBase = -1;
    const r1 = this.aReg1;
    if (r1 !== undefined && size > n0) {
      const o1 = this.aOff1, n1 = size - n0;
      if (((r1.flags[o1 >>> 12] | r1.flags[(o1 + n1 - 1) >>> 12]) & F_CODE) !== 0 && r1.invalidate(o1, n1)) this.curBase = -1;
    }
  }

  // ---------------------------------------------------------------- the general load/store path

  memOp(op: number, dec: Int32Array, i: number): boolean {
    if (this.priming) return true;
    const x = this.x;
    const k = dec[i + R_FL];
    const t = dec[i + R_D];
    if (op === OP_LDLIT) {
      if (k & K_PRFM) return true;
      const a = this.pc + dec[i + R_IMM];
      return this.single(a | 0, Math.floor(a / 4294967296), k, t, false, 0, 0, -1);
    }
    const nn = dec[i + R_N];
    const blo = x[nn], bhi = x[nn + 1];
    if (nn === X_SP && this.spAlignCheck() && (blo & 15) !== 0) {
      this.takeEl1((ESR_ELx_EC_SP_ALIGN << 26) | IL, this.pc);
      return false;
    }
    if (op === OP_LDX || op === OP_STX) return this.exclusive(op === OP_LDX, dec, i, blo, bhi);
    if (op === OP_LDSTP) {
      const mode = dec[i + R_IMM2];
      add64(blo, bhi, dec[i + R_IMM], dec[i + R_IMM] >> 31);
      const wlo = out[0], whi = out[1];
      const alo = mode === M_POST ? blo : wlo, ahi = mode === M_POST ? bhi : whi;
      return this.pair(alo, ahi, k, t, dec[i + R_M], mode !== 0, wlo, whi, nn);
    }
    // single register: LDST and the fast ops (their R_IMM2 is M_OFF or M_REG too)
    const mode = dec[i + R_IMM2];
    let olo: number, ohi: number;
    if (mode === M_REG) {
      const m = dec[i + R_M], ext = dec[i + R_IMM3] >> 8, amt = dec[i + R_IMM3] & 7;
      const lo = x[m];
      let hi = x[m + 1];
      if (ext === 2) hi = 0; else if (ext === 6) hi = lo >> 31; // UXTW, SXTW; 3/7 = LSL/SXTX
      shift64(lo, hi, 0, amt);
      olo = out[0]; ohi = out[1];
    } else { olo = dec[i + R_IMM]; ohi = olo >> 31; }
    if (k & K_PRFM) return true;
    add64(blo, bhi, olo, ohi);
    const wlo = out[0], whi = out[1];
    if (mode === M_POST) return this.single(blo, bhi, k, t, true, wlo, whi, nn);
    return this.single(wlo, whi, k, t, mode === M_PRE, wlo, whi, nn);
  }

  /** One load or store of one register (LDR/STR/LDUR/LDTR/LDAR/literal forms). */
  private single(alo: number, ahi: number, k: number, t: number, wb: boolean, wlo: number, whi: number, nn: number): boolean {
    const x = this.x;
    const lg = k & 3, size = 1 << lg, load = (k & K_LOAD) !== 0;
    // ISS for a stage-2 abort: valid for a single register without writeback (Arm ARM D24.2.45)
    let iss = 0;
    if (!wb) {
      const sf = size === 8 || (k & K_TO64) !== 0;
      iss = ISS_ISV | (lg << ISS_SAS_SHIFT) | ((k & K_SIGNED) !== 0 ? ISS_SSE : 0) | (regNum(t) << ISS_SRT_SHIFT) |
        (sf ? ISS_SF : 0) | ((k & K_AR) !== 0 ? ISS_AR : 0);
    }
    if (!this.beginAccess(alo, ahi, size, size, (k & K_ALIGN) !== 0, !load, (k & K_UNPRIV) !== 0, iss)) return false;
    if (this.aLen0 === size) { // the usual case: all bytes in one place
      const dv = this.aDv0, o = this.aOff0;
      if (load) {
        let lo: number, hi = 0;
        switch (lg) {
          case 0: lo = (k & K_SIGNED) ? dv.getInt8(o) : dv.getUint8(o); break;
          case 1: lo = (k & K_SIGNED) ? dv.getInt16(o, true) : dv.getUint16(o, true); break;
          case 2: lo = dv.getInt32(o, true); break;
          default: lo = dv.getInt32(o, true); hi = dv.getInt32(o + 4, true); break;
        }
        if (k & K_SIGNED) hi = (k & K_TO64) ? lo >> 31 : 0;
        x[t] = lo; x[t + 1] = hi;
      } else {
        const lo = x[t];
        switch (lg) {
          case 0: dv.setUint8(o, lo); break;
          case 1: dv.setUint16(o, lo, true); break;
          case 2: dv.setInt32(o, lo, true); break;
          default: dv.setInt32(o, lo, true); dv.setInt32(o + 4, x[t + 1], true); break;
        }
        this.accStored(size);
      }
    } else if (load) {
      let lo: number, hi = 0;
      switch (lg) {
        case 0: lo = this.accRead8(0); if (k & K_SIGNED) lo = (lo << 24) >> 24; break;
        case 1: lo = this.accRead16(0); if (k & K_SIGNED) lo = (lo << 16) >> 16; break;
        case 2: lo = this.accRead32(0); break;
        default: lo = this.accRead32(0); hi = this.accRead32(4); break;
      }
      if (k & K_SIGNED) hi = (k & K_TO64) ? lo >> 31 : 0;
      else if (lg < 3) hi = 0;
      x[t] = lo; x[t + 1] = hi;
    } else {
      const lo = x[t], hi = x[t + 1];
      switch (lg) {
        case 0: this.accWrite8(0, lo); break;
        case 1: this.accWrite16(0, lo); break;
        case 2: this.accWrite32(0, lo); break;
        default: this.accWrite32(0, lo); this.accWrite32(4, hi); break;
      }
      this.accStored(size);
    }
    if (wb) { x[nn] = wlo; x[nn + 1] = whi; }
    return true;
  }

  /** LDP/STP/LDPSW/LDNP/STNP: both registers' bytes checked as one access. */
  private pair(alo: number, ahi: number, k: number, t1: number, t2: number, wb: boolean, wlo: number, whi: number, nn: number): boolean {
    const x = this.x;
    const lg = k & 3, size = 1 << lg, load = (k & K_LOAD) !== 0;
    if (!this.beginAccess(alo, ahi, size * 2, size, false, !load, false, 0)) return false;
    if (load) {
      if (lg === 3) {
        const a0 = this.accRead32(0), a1 = this.accRead32(4), b0 = this.accRead32(8), b1 = this.accRead32(12);
        x[t1] = a0; x[t1 + 1] = a1; x[t2] = b0; x[t2 + 1] = b1;
      } else {
        const a = this.accRead32(0), b = this.accRead32(4);
        const sx = (k & K_SIGNED) !== 0;
        x[t1] = a; x[t1 + 1] = sx ? a >> 31 : 0; x[t2] = b; x[t2 + 1] = sx ? b >> 31 : 0;
      }
    } else {
      const a0 = x[t1], a1 = x[t1 + 1], b0 = x[t2], b1 = x[t2 + 1];
      if (lg === 3) { this.accWrite32(0, a0); this.accWrite32(4, a1); this.accWrite32(8, b0); this.accWrite32(12, b1); }
      else { this.accWrite32(0, a0); this.accWrite32(4, b0); }
      this.accStored(size * 2);
    }
    if (wb) { x[nn] = wlo; x[nn + 1] = whi; }
    return true;
  }

  /** Element `e` (of `size` bytes) of the checked access as lo/hi into `out`. */
  private readElem(e: number, lg: number): void {
    const b = e << lg;
    switch (lg) {
      case 0: out[0] = this.accRead8(b); out[1] = 0; break;
      case 1: out[0] = this.accRead16(b); out[1] = 0; break;
      case 2: out[0] = this.accRead32(b); out[1] = 0; break;
      default: out[0] = this.accRead32(b); out[1] = this.accRead32(b + 4); break;
    }
  }
  private writeElem(e: number, lg: number, lo: number, hi: number): void {
    const b = e << lg;
    switch (lg) {
      case 0: this.accWrite8(b, lo); break;
      case 1: this.accWrite16(b, lo); break;
      case 2: this.accWrite32(b, lo); break;
      default: this.accWrite32(b, lo); this.accWrite32(b + 4, hi); break;
    }
  }

  /**
   * LDXR/LDAXR/STXR/STLXR and their pair forms, with a local exclusive monitor that marks the physical
   * address (AArch64.MarkExclusiveVA/MarkExclusiveLocal; AArch64.ExclusiveMonitorsPass): a
   * store-exclusive checks alignment, then fails at once when no load-exclusive is marked (the
   * IMPLEMENTATION DEFINED IsExclusiveVA test, permitted to fail a region that no MarkExclusiveVA
   * recorded), else translates its address, taking any fault, and succeeds only when the physical
   * address and size are the marked ones, so two VAs that alias one page share the monitor.
   */
  private exclusive(load: boolean, dec: Int32Array, i: number, alo: number, ahi: number): boolean {
    const x = this.x;
    const k = dec[i + R_FL], lg = k & 3, pair = (k & K_PAIR) !== 0;
    const size = 1 << lg, total = pair ? size * 2 : size;
    const t1 = dec[i + R_D], t2 = dec[i + R_M];
    if (load) {
      if (!this.beginAccess(alo, ahi, total, total, true, false, false, 0)) return false;
      this.readElem(0, lg); const l1 = out[0], h1 = out[1];
      let l2 = 0, h2 = 0;
      if (pair) { this.readElem(1, lg); l2 = out[0]; h2 = out[1]; }
      x[t1] = l1; x[t1 + 1] = h1; // overlapping Rt/Rt2: the later write wins, as for LDP
      if (pair) { x[t2] = l2; x[t2 + 1] = h2; }
      this.exAddr = monitorKey(this.aReg0!, this.aOff0); // aligned, so within one page: one physical address
      this.exSize = total;
      this.dbg.lastLdex = true;
      return true;
    }
    const s = dec[i + R_IMM3];
    if ((alo & (total - 1)) !== 0) {
      this.dataAbortEl1(ESR_ELx_FSC_ALIGN, true, toBig(alo, ahi));
      return false;
    }
    if (this.exAddr === -1) { x[s] = 1; x[s + 1] = 0; return true; }
    // translated with watchpoints set aside: they trigger only for a store-exclusive that will write
    const wp = this.wpOn;
    this.wpOn = 0;
    const got = this.beginAccess(alo, ahi, total, total, true, true, false, 0);
    this.wpOn = wp;
    if (!got) return false;
    const ok = this.exAddr === monitorKey(this.aReg0!, this.aOff0) && this.exSize === total;
    if (!ok) { this.exAddr = -1; x[s] = 1; x[s + 1] = 0; return true; }
    if (wp !== 0) {
      const va = this.s1.on ? this.canonVa(alo, ahi) : this.offPa(alo, ahi);
      if (va === va && this.watchHit(va, total, true, false)) return false;
    }
    this.writeElem(0, lg, x[t1], x[t1 + 1]);
    if (pair) this.writeElem(1, lg, x[t2], x[t2 + 1]);
    this.accStored(total);
    this.exAddr = -1;
    x[s] = 0; x[s + 1] = 0;
    return true;
  }

  /** DC ZVA's write of a 64-byte block at the address in Xt, aligned down. */
  protected zeroBlock(t: number): boolean {
    const x = this.x;
    const lo = x[t] & ~63, hi = x[t + 1];
    if (this.s1.on) {
      // translated as a write of Xt (the FAR of its faults), any Device memory an Alignment fault
      const r = this.dataPage(x[t], hi, true, false, 0, 0);
      if (r === undefined) return false;
      if (this.wpOn !== 0) {
        const va = this.canonVa(lo, hi);
        if (va === va && this.watchHit(va, 64, true, false)) return false;
      }
      this.aDv0 = r.dv; this.aOff0 = this.xPa - r.base - (x[t] & 63); this.aLen0 = 64; this.aReg0 = r; this.aReg1 = undefined;
    } else if (!this.beginAccess(lo, hi, 64, 1, false, true, false, 0)) return false;
    for (let b = 0; b < 64; b += 4) this.accWrite32(b, 0);
    this.accStored(64);
    return true;
  }
}
