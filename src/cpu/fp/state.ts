/**
 * Shared state of the floating-point core: FPCR fields, FPSR cumulative exception bits, rounding
 * modes, and the two cells every operation reports through.
 *
 * Operations take the FPCR value as an argument and OR the exceptions they raise into `fpFlags[0]`
 * (FPSR bit positions: IOC 0, DZC 1, OFC 2, UFC 3, IXC 4, IDC 7). The CPU running them keeps its
 * FPSR there while it runs (one CPU runs at a time), so no operation needs a state object. A result
 * of up to 64 bits is written to `fpRes` (`[0]` bits 31:0, `[1]` bits 63:32; `[1]` = 0 for 16- and
 * 32-bit results); single-precision fast paths also return it.
 */

/** FPCR.AHP: alternative half-precision format for conversions. */
export const FPCR_AHP = 1 << 26;
/** FPCR.DN: NaN results are the default NaN. */
export const FPCR_DN = 1 << 25;
/** FPCR.FZ: single and double denormal inputs and outputs are flushed to zero. */
export const FPCR_FZ = 1 << 24;
/** FPCR.RMode, bits 23:22. */
export const FPCR_RMODE_SHIFT = 22;
export const FPCR_RMODE_MASK = 3 << 22;

/** FPSR cumulative exception bits (Arm ARM FPSR; FPProcessException's cumul bit numbers). */
export const IOC = 1;
export const DZC = 2;
export const OFC = 4;
export const UFC = 8;
export const IXC = 16;
export const IDC = 128;
/** FPSR.QC, the cumulative saturation bit of the AdvSIMD saturating instructions. */
export const QC = 1 << 27;

/** Rounding modes (FPRounding); the first four are FPCR.RMode's encodings (FPDecodeRounding). */
export const RN = 0; // to nearest, ties to even
export const RP = 1; // towards +infinity
export const RM = 2; // towards -infinity
export const RZ = 3; // towards zero
export const RA = 4; // to nearest, ties away from zero (FCVTA*, FRINTA)
export const RO = 5; // to odd (FCVTXN)

/** Formats: binary16, binary32, binary64. */
export const H = 0;
export const S = 1;
export const D = 2;

/** Cumulative exception bits raised since the CPU last stored its FPSR here. */
export const fpFlags = new Int32Array(1);
/** The result of the last operation: [0] bits 31:0, [1] bits 63:32. */
export const fpRes = new Int32Array(2);

/** The rounding mode FPCR selects. */
export function fpcrRounding(fpcr: number): number { return (fpcr >>> FPCR_RMODE_SHIFT) & 3; }

/** Something that owns an FPSR: a CPU. `fpsrBits` holds it while another owner has the fpFlags cell. */
export interface FpsrOwner { fpsrBits: number }

let owner: FpsrOwner | null = null;

/** Makes h the owner of fpFlags[0] (saving the previous owner's bits); called when a CPU starts running. */
export function fpClaim(h: FpsrOwner): void {
  if (owner === h) return;
  if (owner !== null) owner.fpsrBits = fpFlags[0];
  fpFlags[0] = h.fpsrBits;
  owner = h;
}

/** h's FPSR cumulative bits, wherever they are. */
export function fpsrOf(h: FpsrOwner): number { return owner === h ? fpFlags[0] : h.fpsrBits; }

/** Sets h's FPSR bits. */
export function setFpsrOf(h: FpsrOwner, v: number): void {
  if (owner === h) fpFlags[0] = v; else h.fpsrBits = v;
}

/**
 * FPCR bits a Cortex-A57 implements: AHP, DN, FZ, RMode, Stride, Len (FZ16 needs FEAT_FP16; the trap
 * enables are RAZ/WI because the core does not trap FP exceptions). What QEMU's cortex-a57 keeps too.
 */
export const FPCR_MASK = 0x07f70000;
/** FPSR bits that read back: N Z C V (AArch32 compare flags, kept), QC, IDC, IXC, UFC, OFC, DZC, IOC. */
export const FPSR_MASK = 0xf800009f | 0;
