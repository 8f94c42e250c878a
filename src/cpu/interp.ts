/**
 * The interpreter core: register file, flags, and the dispatch loop over predecoded records.
 *
 * Hot state lives in fields of this class and in locals of `exec()`; 64-bit registers are int32
 * halves (regs.ts), so no instruction allocates. Everything rare (system instructions, exceptions,
 * unaligned or non-RAM accesses, watched accesses, stores into code pages) leaves the fast path
 * through an abstract method implemented by the full CPU (cpu.ts) and the loop then re-reads the
 * page it is executing from, because that slow path may have changed PC, EL or the code cache.
 *
 * `Op` is declared here, beside the switch, so the TypeScript transform inlines its members as
 * literals and V8 compiles the switch to a jump table.
 */
import * as bits from './bits.ts';
// Copied once: reading an imported binding can cost a getter call per access after transforms.
const { out, shl64, lsr64, asr64, shift64, shift32, mul64, rbit32, rev32, rev16w, clz64 } = bits;
import * as regs from './regs.ts';
// Copied once: reading an imported binding can cost a getter call per access after transforms.
const { NSLOTS } = regs;
import type { BlockFn } from './ops.ts';

/** Jumps to one branch target before its block is compiled. */
const HOT = 500;

export const enum Op {
  UNDECODED = 0, UDF, NOP, MOVC, MOVK,
  ADDI_X, ADDI_W, SUBI_X, SUBI_W, ADDSI_X, ADDSI_W, SUBSI_X, SUBSI_W,
  ANDI_X, ANDI_W, ORRI_X, ORRI_W, EORI_X, EORI_W, ANDSI_X, ANDSI_W,
  LSLI_X, LSLI_W, LSRI_X, LSRI_W, ASRI_X, ASRI_W, BFX, EXTR,
  ADD_X, ADD_W, SUB_X, SUB_W, ADDS_X, ADDS_W, SUBS_X, SUBS_W,
  AND_X, AND_W, ORR_X, ORR_W, EOR_X, EOR_W, ANDS_X, ANDS_W,
  ADDEXT, ADC, CCMP, CSEL, DP2, CRC, DP1, MADD, MULL, MULH,
  B, BL, BCOND, CBZ_X, CBNZ_X, CBZ_W, CBNZ_W, TBZ, TBNZ, BR, BLR, RET, ERET,
  SVC, HVC, BRK, MRS, MSR, MSRI, WFI, ISB, CLREX, SYS,
  LDRX_UI, LDRW_UI, LDRB_UI, STRX_UI, STRW_UI, STRB_UI,
  LDST, LDLIT, LDSTP, LDX, STX,
  FPUNDEF,
}

const TWO32 = 4294967296;

export abstract class CpuCore {
  /** Register file (layout in regs.ts). */
  readonly x = new Int32Array(NSLOTS * 2);
  /** NZCV as four 0/1 ints. */
  nf = 0; zf = 0; cf = 0; vf = 0;
  /** Program counter as an exact double (guest addresses are below 2^53). */
  pc = 0;

  /** Predecoded records of the page being executed and its guest base address (-1: none). */
  curDec: Int32Array = new Int32Array(0);
  curBase = -1;
  /** Compiled blocks and branch-target heat of that page (memory.ts). */
  curBlocks: (BlockFn | null | undefined)[] = [];
  curHeat: Uint16Array = new Uint16Array(1024);
  /** Block compiler tier enabled. */
  jit = true;

  /** The RAM region of the last data access: the fast path of loads and stores. */
  dBase = -1; dLen = 0;
  dDv: DataView = new DataView(new ArrayBuffer(8));
  /**
   * Per 4 KiB page of that region: F_CODE (1), F_WATCH (2), F_S2 (4), see memory.ts. The load fast
   * paths below test `& 6` (F_LOAD_SLOW), the store fast paths the whole byte.
   */
  dFlags: Uint8Array = new Uint8Array(0);
  /** Nonzero when any watchpoint can match (the slow path then checks accesses to F_WATCH pages). */
  wpOn = 0;
  /** Set by slow paths to leave `exec()` (trap to EL2, debug state changed, breakpoint page). */
  stopReq = false;
  /** Instructions executed so far by the running exec() (for the counter registers). */
  curN = 0;

  /** Decode the record at dec[i] for the instruction at `pc`; returns its op id. */
  abstract decodeAt(dec: Int32Array, i: number, pc: number): number;
  /**
   * Make curDec/curBase describe this.pc's page. Returns 0 on success, 1 if an exception to EL1
   * was taken instead (PC now at the vector), 2 if the fetch trapped to EL2 (stopReq set), 3 if the
   * page holds an enabled breakpoint and the checked path must run it.
   */
  abstract fetchPage(): number;
  /** Execute a load/store record the fast path declined; false if an exception was taken. */
  abstract memOp(op: number, dec: Int32Array, i: number): boolean;
  /**
   * Execute the SIMD&FP instruction `w` (this.pc at it): true when it completed (the caller advances
   * the PC), false when it took an exception instead (PC at the vector, or stopReq for EL2).
   */
  abstract fpInsn(w: number): boolean;
  /** Compile (or mark uncompilable) the block at record index `bi` of the current page. */
  abstract compileAt(bi: number): void;
  /** Execute a rare record (system, exception-generating, divide, CRC...). */
  abstract slowOp(op: number, dec: Int32Array, i: number): void;

  cond(c: number): boolean {
    let r: boolean;
    switch (c >> 1) {
      case 0: r = this.zf === 1; break;
      case 1: r = this.cf === 1; break;
      case 2: r = this.nf === 1; break;
      case 3: r = this.vf === 1; break;
      case 4: r = this.cf === 1 && this.zf === 0; break;
      case 5: r = this.nf === this.vf; break;
      case 6: r = this.nf === this.vf && this.zf === 0; break;
      default: return true;
    }
    return (c & 1) !== 0 ? !r : r;
  }

  /** AddWithCarry on 64 bits: result to out, NZCV set. */
  adds64(alo: number, ahi: number, blo: number, bhi: number, cin: number): void {
    const l = (alo >>> 0) + (blo >>> 0) + cin;
    const c0 = l > 0xffffffff ? 1 : 0;
    const h = (ahi >>> 0) + (bhi >>> 0) + c0;
    const lo = l | 0, hi = h | 0;
    out[0] = lo; out[1] = hi;
    this.nf = hi >>> 31; this.zf = (lo | hi) === 0 ? 1 : 0;
    this.cf = h > 0xffffffff ? 1 : 0; this.vf = ((ahi ^ hi) & (bhi ^ hi)) >>> 31;
  }

  /** AddWithCarry on 32 bits: result returned, NZCV set. */
  adds32(a: number, b: number, cin: number): number {
    const s = (a >>> 0) + (b >>> 0) + cin;
    const r = s | 0;
    this.nf = r >>> 31; this.zf = r === 0 ? 1 : 0;
    this.cf = s > 0xffffffff ? 1 : 0; this.vf = ((a ^ r) & (b ^ r)) >>> 31;
    return r;
  }

  /** Second operand of a shifted-register instruction into out. */
  opnd2(m: number, shift: number, amount: number, is64: boolean): void {
    const x = this.x;
    if (is64) shift64(x[m], x[m + 1], shift, amount);
    else shift32(x[m], shift, amount);
  }

  /**
   * Run at most `max` instructions from this.pc. Returns how many were executed (an exception
   * taken instead of an instruction counts as one). Stops early when a slow path sets stopReq.
   */
  exec(max: number): number {
    const x = this.x;
    let pc = this.pc;
    let dec = this.curDec, base = this.curBase;
    let n = 0;
    let jumped = false;
    loop: while (n < max) {
      let off = pc - base;
      if (off < 0 || off > 4092 || (off & 3) !== 0) {
        this.pc = pc;
        const f = this.fetchPage();
        dec = this.curDec; base = this.curBase; pc = this.pc;
        if (f !== 0) {
          if (f === 3) break; // entering a page with a breakpoint: the checked path takes over
          n++; // the fetch took an exception (to EL1: go on at the vector; to EL2: stop)
          if (this.stopReq) break;
          continue;
        }
        off = pc - base;
      }
      if (jumped) { // a branch target: run its compiled block, or count towards compiling one
        jumped = false;
        if (this.jit) {
          const bi = off >> 2;
          const f = this.curBlocks[bi];
          if (f !== undefined) {
            if (f !== null) {
              const r = f(max - n);
              if (r > 0) {
                n += r; pc = this.pc; dec = this.curDec; base = this.curBase;
                if (this.stopReq) break;
                jumped = true;
                continue;
              }
            }
          } else if (++this.curHeat[bi] > HOT) {
            this.compileAt(bi);
          }
        }
      }
      const i = off << 1;
      let op = dec[i];
      if (op === 0) op = this.decodeAt(dec, i, pc);
      n++;
      switch (op) {
        case Op.NOP: pc += 4; break;
        case Op.MOVC: { const d = dec[i + 1]; x[d] = dec[i + 4]; x[d + 1] = dec[i + 5]; pc += 4; break; }
        case Op.MOVK: {
          const d = dec[i + 1] + dec[i + 5]; x[d] = (x[d] & dec[i + 6]) | dec[i + 4];
          if (dec[i + 7] === 0) x[dec[i + 1] + 1] = 0;
          pc += 4; break;
        }
        case Op.ADDI_X: {
          const nn = dec[i + 2], d = dec[i + 1];
          const l = (x[nn] >>> 0) + dec[i + 4];
          x[d + 1] = l > 0xffffffff ? x[nn + 1] + 1 : x[nn + 1]; x[d] = l; pc += 4; break;
        }
        case Op.ADDI_W: { const d = dec[i + 1]; x[d] = x[dec[i + 2]] + dec[i + 4]; x[d + 1] = 0; pc += 4; break; }
        case Op.SUBI_X: {
          const nn = dec[i + 2], d = dec[i + 1];
          const l = (x[nn] >>> 0) - dec[i + 4];
          x[d + 1] = l < 0 ? x[nn + 1] - 1 : x[nn + 1]; x[d] = l; pc += 4; break;
        }
        case Op.SUBI_W: { const d = dec[i + 1]; x[d] = x[dec[i + 2]] - dec[i + 4]; x[d + 1] = 0; pc += 4; break; }
        case Op.ADDSI_X: { const nn = dec[i + 2], d = dec[i + 1]; this.adds64(x[nn], x[nn + 1], dec[i + 4], 0, 0); x[d] = out[0]; x[d + 1] = out[1]; pc += 4; break; }
        case Op.ADDSI_W: { const d = dec[i + 1]; x[d] = this.adds32(x[dec[i + 2]], dec[i + 4], 0); x[d + 1] = 0; pc += 4; break; }
        case Op.SUBSI_X: { const nn = dec[i + 2], d = dec[i + 1]; this.adds64(x[nn], x[nn + 1], ~dec[i + 4], -1, 1); x[d] = out[0]; x[d + 1] = out[1]; pc += 4; break; }
        case Op.SUBSI_W: { const d = dec[i + 1]; x[d] = this.adds32(x[dec[i + 2]], ~dec[i + 4], 1); x[d + 1] = 0; pc += 4; break; }
        case Op.ANDI_X: { const nn = dec[i + 2], d = dec[i + 1]; x[d] = x[nn] & dec[i + 4]; x[d + 1] = x[nn + 1] & dec[i + 5]; pc += 4; break; }
        case Op.ANDI_W: { const d = dec[i + 1]; x[d] = x[dec[i + 2]] & dec[i + 4]; x[d + 1] = 0; pc += 4; break; }
        case Op.ORRI_X: { const nn = dec[i + 2], d = dec[i + 1]; x[d] = x[nn] | dec[i + 4]; x[d + 1] = x[nn + 1] | dec[i + 5]; pc += 4; break; }
        case Op.ORRI_W: { const d = dec[i + 1]; x[d] = x[dec[i + 2]] | dec[i + 4]; x[d + 1] = 0; pc += 4; break; }
        case Op.EORI_X: { const nn = dec[i + 2], d = dec[i + 1]; x[d] = x[nn] ^ dec[i + 4]; x[d + 1] = x[nn + 1] ^ dec[i + 5]; pc += 4; break; }
        case Op.EORI_W: { const d = dec[i + 1]; x[d] = x[dec[i + 2]] ^ dec[i + 4]; x[d + 1] = 0; pc += 4; break; }
        case Op.ANDSI_X: {
          const nn = dec[i + 2], d = dec[i + 1];
          const lo = x[nn] & dec[i + 4], hi = x[nn + 1] & dec[i + 5];
          x[d] = lo; x[d + 1] = hi; this.nf = hi >>> 31; this.zf = (lo | hi) === 0 ? 1 : 0; this.cf = 0; this.vf = 0;
          pc += 4; break;
        }
        case Op.ANDSI_W: {
          const d = dec[i + 1]; const v = x[dec[i + 2]] & dec[i + 4];
          x[d] = v; x[d + 1] = 0; this.nf = v >>> 31; this.zf = v === 0 ? 1 : 0; this.cf = 0; this.vf = 0;
          pc += 4; break;
        }
        case Op.LSLI_X: { const nn = dec[i + 2], d = dec[i + 1]; shl64(x[nn], x[nn + 1], dec[i + 4]); x[d] = out[0]; x[d + 1] = out[1]; pc += 4; break; }
        case Op.LSLI_W: { const d = dec[i + 1]; x[d] = x[dec[i + 2]] << dec[i + 4]; x[d + 1] = 0; pc += 4; break; }
        case Op.LSRI_X: { const nn = dec[i + 2], d = dec[i + 1]; lsr64(x[nn], x[nn + 1], dec[i + 4]); x[d] = out[0]; x[d + 1] = out[1]; pc += 4; break; }
        case Op.LSRI_W: { const d = dec[i + 1]; x[d] = x[dec[i + 2]] >>> dec[i + 4]; x[d + 1] = 0; pc += 4; break; }
        case Op.ASRI_X: { const nn = dec[i + 2], d = dec[i + 1]; asr64(x[nn], x[nn + 1], dec[i + 4]); x[d] = out[0]; x[d + 1] = out[1]; pc += 4; break; }
        case Op.ASRI_W: { const d = dec[i + 1]; x[d] = x[dec[i + 2]] >> dec[i + 4]; x[d + 1] = 0; pc += 4; break; }
        case Op.BFX: { this.bitfield(dec, i); pc += 4; break; }
        case Op.EXTR: {
          const nn = dec[i + 2], m = dec[i + 3], d = dec[i + 1], lsb = dec[i + 4];
          if (dec[i + 7]) {
            if (lsb === 0) { x[d] = x[m]; x[d + 1] = x[m + 1]; }
            else {
              lsr64(x[m], x[m + 1], lsb); const lo = out[0], hi = out[1];
              shl64(x[nn], x[nn + 1], 64 - lsb); x[d] = lo | out[0]; x[d + 1] = hi | out[1];
            }
          } else {
            x[d] = lsb === 0 ? x[m] : (x[m] >>> lsb) | (x[nn] << (32 - lsb)); x[d + 1] = 0;
          }
          pc += 4; break;
        }
        case Op.ADD_X: {
          const nn = dec[i + 2], m = dec[i + 3], d = dec[i + 1];
          let blo: number, bhi: number;
          if (dec[i + 6] === 0) { blo = x[m]; bhi = x[m + 1]; }
          else { shift64(x[m], x[m + 1], dec[i + 5], dec[i + 6]); blo = out[0]; bhi = out[1]; }
          const l = (x[nn] >>> 0) + (blo >>> 0);
          x[d + 1] = x[nn + 1] + bhi + (l > 0xffffffff ? 1 : 0); x[d] = l;
          pc += 4; break;
        }
        case Op.SUB_X: {
          const nn = dec[i + 2], m = dec[i + 3], d = dec[i + 1];
          let blo: number, bhi: number;
          if (dec[i + 6] === 0) { blo = x[m]; bhi = x[m + 1]; }
          else { shift64(x[m], x[m + 1], dec[i + 5], dec[i + 6]); blo = out[0]; bhi = out[1]; }
          const l = (x[nn] >>> 0) - (blo >>> 0);
          x[d + 1] = x[nn + 1] - bhi - (l < 0 ? 1 : 0); x[d] = l;
          pc += 4; break;
        }
        case Op.ADDS_X: case Op.SUBS_X: {
          const nn = dec[i + 2], m = dec[i + 3], d = dec[i + 1];
          let blo: number, bhi: number;
          if (dec[i + 6] === 0) { blo = x[m]; bhi = x[m + 1]; }
          else { shift64(x[m], x[m + 1], dec[i + 5], dec[i + 6]); blo = out[0]; bhi = out[1]; }
          const alo = x[nn], ahi = x[nn + 1];
          let cin = 0;
          if (op === Op.SUBS_X) { blo = ~blo; bhi = ~bhi; cin = 1; }
          const l = (alo >>> 0) + (blo >>> 0) + cin;
          const h = (ahi >>> 0) + (bhi >>> 0) + (l > 0xffffffff ? 1 : 0);
          const lo = l | 0, hi = h | 0;
          x[d] = lo; x[d + 1] = hi;
          this.nf = hi >>> 31; this.zf = (lo | hi) === 0 ? 1 : 0;
          this.cf = h > 0xffffffff ? 1 : 0; this.vf = ((ahi ^ hi) & (bhi ^ hi)) >>> 31;
          pc += 4; break;
        }
        case Op.ADD_W: case Op.SUB_W: case Op.ADDS_W: case Op.SUBS_W: {
          const m = dec[i + 3], d = dec[i + 1];
          const a = x[dec[i + 2]];
          let b = x[m];
          if (dec[i + 6] !== 0) { shift32(b, dec[i + 5], dec[i + 6]); b = out[0]; }
          let r: number;
          if (op === Op.ADD_W) r = a + b;
          else if (op === Op.SUB_W) r = a - b;
          else if (op === Op.ADDS_W) r = this.adds32(a, b, 0);
          else r = this.adds32(a, ~b, 1);
          x[d] = r; x[d + 1] = 0; pc += 4; break;
        }
        case Op.AND_X: case Op.ORR_X: case Op.EOR_X: case Op.ANDS_X: {
          const nn = dec[i + 2], m = dec[i + 3], d = dec[i + 1];
          let blo: number, bhi: number;
          if (dec[i + 6] === 0) { blo = x[m]; bhi = x[m + 1]; }
          else { shift64(x[m], x[m + 1], dec[i + 5], dec[i + 6]); blo = out[0]; bhi = out[1]; }
          if (dec[i + 7]) { blo = ~blo; bhi = ~bhi; }
          let lo: number, hi: number;
          if (op === Op.ORR_X) { lo = x[nn] | blo; hi = x[nn + 1] | bhi; }
          else if (op === Op.EOR_X) { lo = x[nn] ^ blo; hi = x[nn + 1] ^ bhi; }
          else {
            lo = x[nn] & blo; hi = x[nn + 1] & bhi;
            if (op === Op.ANDS_X) { this.nf = hi >>> 31; this.zf = (lo | hi) === 0 ? 1 : 0; this.cf = 0; this.vf = 0; }
          }
          x[d] = lo; x[d + 1] = hi; pc += 4; break;
        }
        case Op.AND_W: case Op.ORR_W: case Op.EOR_W: case Op.ANDS_W: {
          const m = dec[i + 3], d = dec[i + 1];
          const a = x[dec[i + 2]];
          let b = x[m];
          if (dec[i + 6] !== 0) { shift32(b, dec[i + 5], dec[i + 6]); b = out[0]; }
          if (dec[i + 7]) b = ~b;
          let r: number;
          if (op === Op.ORR_W) r = a | b;
          else if (op === Op.EOR_W) r = a ^ b;
          else {
            r = a & b;
            if (op === Op.ANDS_W) { this.nf = r >>> 31; this.zf = r === 0 ? 1 : 0; this.cf = 0; this.vf = 0; }
          }
          x[d] = r; x[d + 1] = 0; pc += 4; break;
        }
        case Op.ADDEXT: { this.addExt(dec, i); pc += 4; break; }
        case Op.ADC: this.adc(dec, i); pc += 4; break;
        case Op.CCMP: this.ccmp(dec, i); pc += 4; break;
        case Op.CSEL: {
          const f = dec[i + 7], d = dec[i + 1];
          if (this.cond(dec[i + 4])) { const nn = dec[i + 2]; x[d] = x[nn]; x[d + 1] = (f & 1) ? x[nn + 1] : 0; }
          else {
            const m = dec[i + 3];
            let lo = x[m], hi = (f & 1) ? x[m + 1] : 0;
            const v = f >> 1; // 0 csel, 1 csinv, 2 csinc, 3 csneg
            if (v === 2) { const l = (lo >>> 0) + 1; lo = l | 0; if (l > 0xffffffff) hi = hi + 1; }
            else if (v === 1) { lo = ~lo; hi = ~hi; }
            else if (v === 3) { lo = ~lo; hi = ~hi; const l = (lo >>> 0) + 1; lo = l | 0; if (l > 0xffffffff) hi = hi + 1; }
            x[d] = lo; x[d + 1] = (f & 1) ? hi : 0;
          }
          pc += 4; break;
        }
        case Op.DP1: { this.dp1(dec, i); pc += 4; break; }
        case Op.MADD: {
          const f = dec[i + 7];
          if (f & 1) this.madd64(dec, i);
          else {
            const p = Math.imul(x[dec[i + 2]], x[dec[i + 3]]), a = dec[i + 4], d = dec[i + 1];
            x[d] = (f & 2) ? x[a] - p : x[a] + p; x[d + 1] = 0;
          }
          pc += 4; break;
        }
        case Op.B: pc += dec[i + 4]; jumped = true; break;
        case Op.BL: { const r = pc + 4; x[60] = r % TWO32; x[61] = Math.floor(r / TWO32); pc += dec[i + 4]; jumped = true; break; }
        case Op.BCOND: if (this.cond(dec[i + 5])) { pc += dec[i + 4]; jumped = true; } else pc += 4; break;
        case Op.CBZ_X: { const nn = dec[i + 2]; if ((x[nn] | x[nn + 1]) === 0) { pc += dec[i + 4]; jumped = true; } else pc += 4; break; }
        case Op.CBNZ_X: { const nn = dec[i + 2]; if ((x[nn] | x[nn + 1]) !== 0) { pc += dec[i + 4]; jumped = true; } else pc += 4; break; }
        case Op.CBZ_W: if (x[dec[i + 2]] === 0) { pc += dec[i + 4]; jumped = true; } else pc += 4; break;
        case Op.CBNZ_W: if (x[dec[i + 2]] !== 0) { pc += dec[i + 4]; jumped = true; } else pc += 4; break;
        case Op.TBZ: if ((x[dec[i + 2]] & dec[i + 5]) === 0) { pc += dec[i + 4]; jumped = true; } else pc += 4; break;
        case Op.TBNZ: if ((x[dec[i + 2]] & dec[i + 5]) !== 0) { pc += dec[i + 4]; jumped = true; } else pc += 4; break;
        case Op.BR: case Op.RET: { const nn = dec[i + 2]; pc = (x[nn + 1] >>> 0) * TWO32 + (x[nn] >>> 0); jumped = true; break; }
        case Op.BLR: {
          const nn = dec[i + 2]; const t = (x[nn + 1] >>> 0) * TWO32 + (x[nn] >>> 0);
          const r = pc + 4; x[60] = r % TWO32; x[61] = Math.floor(r / TWO32); pc = t; jumped = true; break;
        }
        case Op.LDRX_UI: {
          const nn = dec[i + 2];
          const o = (x[nn + 1] >>> 0) * TWO32 + (x[nn] >>> 0) + dec[i + 4] - this.dBase;
          if (o >= 0 && o + 8 <= this.dLen && (o & 7) === 0 && (this.dFlags[o >>> 12] & 6) === 0) {
            const dv = this.dDv, d = dec[i + 1];
            x[d] = dv.getInt32(o, true); x[d + 1] = dv.getInt32(o + 4, true); pc += 4; break;
          }
          this.pc = pc; if (this.memOp(op, dec, i)) pc += 4; else { pc = this.pc; dec = this.curDec; base = this.curBase; if (this.stopReq) break loop; }
          break;
        }
        case Op.LDRW_UI: {
          const nn = dec[i + 2];
          const o = (x[nn + 1] >>> 0) * TWO32 + (x[nn] >>> 0) + dec[i + 4] - this.dBase;
          if (o >= 0 && o + 4 <= this.dLen && (o & 3) === 0 && (this.dFlags[o >>> 12] & 6) === 0) {
            const d = dec[i + 1]; x[d] = this.dDv.getInt32(o, true); x[d + 1] = 0; pc += 4; break;
          }
          this.pc = pc; if (this.memOp(op, dec, i)) pc += 4; else { pc = this.pc; dec = this.curDec; base = this.curBase; if (this.stopReq) break loop; }
          break;
        }
        case Op.LDRB_UI: {
          const nn = dec[i + 2];
          const o = (x[nn + 1] >>> 0) * TWO32 + (x[nn] >>> 0) + dec[i + 4] - this.dBase;
          if (o >= 0 && o < this.dLen && (this.dFlags[o >>> 12] & 6) === 0) {
            const d = dec[i + 1]; x[d] = this.dDv.getUint8(o); x[d + 1] = 0; pc += 4; break;
          }
          this.pc = pc; if (this.memOp(op, dec, i)) pc += 4; else { pc = this.pc; dec = this.curDec; base = this.curBase; if (this.stopReq) break loop; }
          break;
        }
        case Op.STRX_UI: {
          const nn = dec[i + 2];
          const o = (x[nn + 1] >>> 0) * TWO32 + (x[nn] >>> 0) + dec[i + 4] - this.dBase;
          if (o >= 0 && o + 8 <= this.dLen && (o & 7) === 0 && this.dFlags[o >>> 12] === 0) {
            const dv = this.dDv, t = dec[i + 1];
            dv.setInt32(o, x[t], true); dv.setInt32(o + 4, x[t + 1], true); pc += 4; break;
          }
          this.pc = pc; if (this.memOp(op, dec, i)) { pc += 4; dec = this.curDec; base = this.curBase; } else { pc = this.pc; dec = this.curDec; base = this.curBase; if (this.stopReq) break loop; }
          break;
        }
        case Op.STRW_UI: {
          const nn = dec[i + 2];
          const o = (x[nn + 1] >>> 0) * TWO32 + (x[nn] >>> 0) + dec[i + 4] - this.dBase;
          if (o >= 0 && o + 4 <= this.dLen && (o & 3) === 0 && this.dFlags[o >>> 12] === 0) {
            this.dDv.setInt32(o, x[dec[i + 1]], true); pc += 4; break;
          }
          this.pc = pc; if (this.memOp(op, dec, i)) { pc += 4; dec = this.curDec; base = this.curBase; } else { pc = this.pc; dec = this.curDec; base = this.curBase; if (this.stopReq) break loop; }
          break;
        }
        case Op.STRB_UI: {
          const nn = dec[i + 2];
          const o = (x[nn + 1] >>> 0) * TWO32 + (x[nn] >>> 0) + dec[i + 4] - this.dBase;
          if (o >= 0 && o < this.dLen && this.dFlags[o >>> 12] === 0) {
            this.dDv.setUint8(o, x[dec[i + 1]]); pc += 4; break;
          }
          this.pc = pc; if (this.memOp(op, dec, i)) { pc += 4; dec = this.curDec; base = this.curBase; } else { pc = this.pc; dec = this.curDec; base = this.curBase; if (this.stopReq) break loop; }
          break;
        }
        case Op.FPUNDEF: {
          this.pc = pc; this.curN = n;
          if (this.fpInsn(dec[i + 4])) pc += 4; else pc = this.pc;
          dec = this.curDec; base = this.curBase;
          if (this.stopReq) break loop;
          break;
        }
        case Op.LDST: case Op.LDLIT: case Op.LDSTP: case Op.LDX: case Op.STX: {
          this.pc = pc;
          if (this.memOp(op, dec, i)) pc += 4; else pc = this.pc;
          dec = this.curDec; base = this.curBase;
          if (this.stopReq) break loop;
          break;
        }
        default: {
          this.pc = pc; this.curN = n;
          this.slowOp(op, dec, i);
          pc = this.pc; dec = this.curDec; base = this.curBase;
          if (this.stopReq) break loop;
          break;
        }
      }
    }
    this.pc = pc;
    return n;
  }

  /** ADC/ADCS/SBC/SBCS. */
  adc(dec: Int32Array, i: number): void {
    const x = this.x;
    const f = dec[i + 7], nn = dec[i + 2], m = dec[i + 3], d = dec[i + 1];
    const sub = (f & 2) !== 0, setf = (f & 4) !== 0;
    const sn = this.nf, sz = this.zf, sc = this.cf, sv = this.vf;
    const blo = sub ? ~x[m] : x[m], bhi = sub ? ~x[m + 1] : x[m + 1];
    if (f & 1) { this.adds64(x[nn], x[nn + 1], blo, bhi, this.cf); x[d] = out[0]; x[d + 1] = out[1]; }
    else { x[d] = this.adds32(x[nn], blo, this.cf); x[d + 1] = 0; }
    if (!setf) { this.nf = sn; this.zf = sz; this.cf = sc; this.vf = sv; }
  }

  /** CCMP/CCMN (register and immediate). */
  ccmp(dec: Int32Array, i: number): void {
    const x = this.x;
    const f = dec[i + 7];
    if (this.cond(dec[i + 4])) {
      const nn = dec[i + 2];
      let blo: number, bhi: number;
      if (f & 4) { blo = dec[i + 5]; bhi = 0; } else { const m = dec[i + 3]; blo = x[m]; bhi = x[m + 1]; }
      if (f & 2) { blo = ~blo; bhi = ~bhi; }
      const cin = (f & 2) >> 1;
      if (f & 1) this.adds64(x[nn], x[nn + 1], blo, bhi, cin);
      else this.adds32(x[nn], blo, cin);
    } else {
      const v = dec[i + 1];
      this.nf = (v >> 3) & 1; this.zf = (v >> 2) & 1; this.cf = (v >> 1) & 1; this.vf = v & 1;
    }
  }

  /** MADD/MSUB on 64 bits. */
  madd64(dec: Int32Array, i: number): void {
    const x = this.x;
    const f = dec[i + 7], nn = dec[i + 2], m = dec[i + 3], a = dec[i + 4], d = dec[i + 1];
    mul64(x[nn], x[nn + 1], x[m], x[m + 1]);
    let plo = out[0], phi = out[1];
    if (f & 2) { const l = (~plo >>> 0) + 1; plo = l | 0; phi = (~phi + (l > 0xffffffff ? 1 : 0)) | 0; }
    const l = (x[a] >>> 0) + (plo >>> 0);
    x[d + 1] = x[a + 1] + phi + (l > 0xffffffff ? 1 : 0); x[d] = l;
  }

  /** SBFM/UBFM/BFM in their general form (record fields in decode.ts). */
  bitfield(dec: Int32Array, i: number): void {
    const x = this.x;
    const nn = dec[i + 2], d = dec[i + 1], sr = dec[i + 4], width = dec[i + 5], pos = dec[i + 6], f = dec[i + 7];
    const kind = f & 3, is64 = (f & 4) !== 0;
    // field = src >> sr, low `width` bits
    lsr64(x[nn], is64 ? x[nn + 1] : 0, sr);
    let lo = out[0], hi = out[1];
    if (width < 32) { lo &= (1 << width) - 1 | 0; if (width === 0) lo = 0; hi = 0; }
    else if (width < 64) hi &= width === 32 ? 0 : ((1 << (width - 32)) - 1);
    if (kind === 1) { // sign-extend the field from bit width-1
      const top = width - 1;
      const sbit = top < 32 ? (lo >>> top) & 1 : (hi >>> (top - 32)) & 1;
      if (sbit) {
        if (width < 32) { lo |= ~((1 << width) - 1); hi = -1; }
        else if (width < 64) { hi |= width === 32 ? -1 : ~((1 << (width - 32)) - 1); }
      }
    }
    shl64(lo, hi, pos);
    lo = out[0]; hi = out[1];
    if (kind === 2) { // BFM: keep the destination bits outside the inserted field
      let mlo: number, mhi: number;
      if (width >= 64) { mlo = -1; mhi = -1; }
      else if (width >= 32) { mlo = -1; mhi = width === 32 ? 0 : (1 << (width - 32)) - 1; }
      else { mlo = (1 << width) - 1; mhi = 0; }
      shl64(mlo, mhi, pos); mlo = out[0]; mhi = out[1];
      lo = (x[d] & ~mlo) | (lo & mlo); hi = (x[d + 1] & ~mhi) | (hi & mhi);
    }
    if (is64) { x[d] = lo; x[d + 1] = hi; } else { x[d] = lo; x[d + 1] = 0; }
  }

  /** ADD/SUB (extended register). */
  addExt(dec: Int32Array, i: number): void {
    const x = this.x;
    const nn = dec[i + 2], m = dec[i + 3], d = dec[i + 1], option = dec[i + 5], amount = dec[i + 6], f = dec[i + 7];
    const is64 = (f & 1) !== 0, sub = (f & 2) !== 0, setf = (f & 4) !== 0;
    let lo = x[m], hi = x[m + 1];
    switch (option) {
      case 0: lo &= 0xff; hi = 0; break;
      case 1: lo &= 0xffff; hi = 0; break;
      case 2: hi = 0; break;
      case 3: break;
      case 4: lo = (lo << 24) >> 24; hi = lo >> 31; break;
      case 5: lo = (lo << 16) >> 16; hi = lo >> 31; break;
      case 6: hi = lo >> 31; break;
      default: break;
    }
    shl64(lo, hi, amount); lo = out[0]; hi = out[1];
    const sn = this.nf, sz = this.zf, sc = this.cf, sv = this.vf;
    if (is64) {
      if (sub) { lo = ~lo; hi = ~hi; }
      this.adds64(x[nn], x[nn + 1], lo, hi, sub ? 1 : 0);
      x[d] = out[0]; x[d + 1] = out[1];
    } else {
      x[d] = this.adds32(x[nn], sub ? ~lo : lo, sub ? 1 : 0); x[d + 1] = 0;
    }
    if (!setf) { this.nf = sn; this.zf = sz; this.cf = sc; this.vf = sv; }
  }

  /** RBIT, REV16, REV32, REV, CLZ, CLS. */
  dp1(dec: Int32Array, i: number): void {
    const x = this.x;
    const nn = dec[i + 2], d = dec[i + 1], opc = dec[i + 5], is64 = dec[i + 7] === 1;
    const lo = x[nn], hi = is64 ? x[nn + 1] : 0;
    let rl: number, rh = 0;
    switch (opc) {
      case 0: if (is64) { rl = rbit32(hi); rh = rbit32(lo); } else rl = rbit32(lo); break;
      case 1: rl = rev16w(lo); rh = rev16w(hi); break;
      case 2: if (is64) { rl = rev32(lo); rh = rev32(hi); } else rl = rev32(lo); break;
      case 3: rl = rev32(hi); rh = rev32(lo); break;
      case 4: rl = is64 ? clz64(lo, hi) : Math.clz32(lo); break;
      default: {
        if (is64) {
          const s = hi >> 31;
          rl = clz64(lo ^ s, (hi ^ s)) - 1;
        } else { const s = lo >> 31; rl = Math.clz32(lo ^ s) - 1; }
        break;
      }
    }
    x[d] = rl; x[d + 1] = is64 ? rh : 0;
  }
}
