/**
 * The guest's stage-1 translation (EL1&0 regime), walked by the VMM for the debugger: what a virtual
 * address means to a vCPU, from its SCTLR_EL1, TCR_EL1, TTBR0/1_EL1 and ID_AA64MMFR0_EL1 (read with
 * KVM_GET_ONE_REG) and the descriptors in guest memory (read through the memory slots). It follows the
 * Arm ARM's VMSAv8-64 rules for an ARMv8.0 core (D8 "The AArch64 Virtual Memory System Architecture";
 * pseudocode AArch64.TranslationTableWalk), without FEAT_LPA/LVA/LPA2/TTST:
 *
 * - MMU off (SCTLR_EL1.M = 0): the address is the physical one; bits above the implemented PA size
 *   (above bit 55 when TBI applies) give an address size fault.
 * - VA bit 55 picks TTBR0 (T0SZ, TG0, EPD0, TBI0) or TTBR1 (T1SZ, TG1, EPD1, TBI1); with TBI the top byte
 *   is ignored; the bits from the top (63 or 55) down to the input size must all equal bit 55, else a
 *   level-0 translation fault. EPDn = 1 is a level-0 translation fault, as is a TxSZ outside 16..39.
 * - Granules 4K, 16K and 64K as TGn selects; a granule ID_AA64MMFR0_EL1 says is not implemented (or a
 *   reserved TGn value) is replaced by one that is, 4K first, then 64K, then 16K, as QEMU chooses.
 * - The walk starts at the level the input size needs; table descriptors at levels 0–2, block
 *   descriptors where ARMv8.0 allows them (4K: levels 1 and 2; 16K and 64K: level 2), page descriptors
 *   at level 3. An invalid descriptor, a block where none is allowed, or a level-3 descriptor with
 *   bits[1:0] = 01 is a translation fault at that level; AF = 0 an access flag fault (a Cortex-A57 has no
 *   hardware access-flag update); a table or output address above the PA size (the smaller of TCR_EL1.IPS
 *   and ID_AA64MMFR0_EL1.PARange) an address size fault; a descriptor outside guest memory an external
 *   abort on the walk.
 * - Permissions are not checked: a debugger reads and writes what the kernel maps, read-only text
 *   included (QEMU's gdbstub writes through the mapping as well).
 */

/** The registers a walk reads. */
export interface Stage1Regs {
  sctlr: bigint;
  tcr: bigint;
  ttbr0: bigint;
  ttbr1: bigint;
  /** ID_AA64MMFR0_EL1: PARange and the granules the CPU implements. */
  mmfr0: bigint;
}

/** Reads the 8-byte little-endian descriptor at a guest-physical address, or undefined outside guest memory. */
export type DescriptorReader = (ipa: bigint) => bigint | undefined;

export type Stage1FaultKind = 'translation' | 'address-size' | 'access-flag' | 'external';

export type Stage1Result =
  | {
    ok: true;
    /** The guest-physical address. */
    ipa: bigint;
    /** Bytes mapped by the descriptor that ended the walk (the page or block); 2^64 with the MMU off. */
    size: bigint;
    /** The level of that descriptor, or -1 with the MMU off. */
    level: number;
  }
  | { ok: false; fault: Stage1FaultKind; level: number; message: string };

// Shift amounts and masks as BigInts made once: a walk converts no numbers and builds no text unless it faults.
const SHIFT: readonly bigint[] = Array.from({ length: 65 }, (_, i) => BigInt(i));
const MASK: readonly bigint[] = Array.from({ length: 65 }, (_, i) => (1n << BigInt(i)) - 1n);
const M64 = MASK[64]!;
const M48 = MASK[48]!;
const bit = (v: bigint, n: number): number => Number((v >> SHIFT[n]!) & 1n);
const field = (v: bigint, lo: number, width: number): number => Number((v >> SHIFT[lo]!) & MASK[width]!);
const mask = (bits: number): bigint => MASK[bits]!;

/** ID_AA64MMFR0_EL1.PARange → bits (0b0000 32 … 0b0101 48; 0b0110 52 needs FEAT_LPA, so 48 here). */
const PA_BITS = [32, 36, 40, 42, 44, 48, 48];

function paBits(code: number): number {
  return PA_BITS[Math.min(code, PA_BITS.length - 1)]!;
}

export type Granule = 12 | 14 | 16;
const GRANULE_NAME: Record<Granule, string> = { 12: '4K', 14: '16K', 16: '64K' };

/** Whether ID_AA64MMFR0_EL1 says the CPU implements granule g (TGran4 0 = yes, TGran64 0 = yes, TGran16 1 = yes). */
function implemented(mmfr0: bigint, g: Granule): boolean {
  return g === 12 ? field(mmfr0, 28, 4) === 0 : g === 16 ? field(mmfr0, 24, 4) === 0 : field(mmfr0, 20, 4) >= 1;
}

const TG0_GRANULE = [12, 16, 14, undefined] as const;
const TG1_GRANULE = [undefined, 14, 12, 16] as const;
const FALLBACK_ORDER = [12, 16, 14] as const;

/** The granule TG0 (upper = false) or TG1 selects, replaced by an implemented one when it is not. */
export function effectiveGranule(tcr: bigint, upper: boolean, mmfr0: bigint): Granule | undefined {
  const asked: Granule | undefined = upper ? TG1_GRANULE[field(tcr, 30, 2)] : TG0_GRANULE[field(tcr, 14, 2)];
  if (asked !== undefined && implemented(mmfr0, asked)) return asked;
  for (const g of FALLBACK_ORDER) if (implemented(mmfr0, g)) return g;
  return undefined;
}

/** Whether a block descriptor is allowed at `level` for the granule (ARMv8.0, no FEAT_LPA). */
function blockAllowed(g: Granule, level: number): boolean {
  return g === 12 ? level === 1 || level === 2 : level === 2;
}

function fault(kind: Stage1FaultKind, level: number, message: string): Stage1Result {
  return { ok: false, fault: kind, level, message };
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;
const where = (g: Granule, half: string): string => `${GRANULE_NAME[g]} granule, ${half}`;

/** Translates `va` for the EL1&0 regime described by `regs`. Never throws. */
export function translateStage1(vaIn: bigint, regs: Stage1Regs, read: DescriptorReader): Stage1Result {
  const va = vaIn & M64;
  const tcr = regs.tcr;
  const upper = bit(va, 55) === 1;
  const tbi = bit(tcr, upper ? 38 : 37) === 1;
  const top = tbi ? 55 : 63;
  const pa = Math.min(paBits(field(regs.mmfr0, 0, 4)), 48);

  if ((regs.sctlr & 1n) === 0n) {
    // stage 1 off: flat, within the implemented PA size
    const bitsAbove = (va >> SHIFT[pa]!) & mask(top + 1 - pa);
    if (bitsAbove !== 0n) return fault('address-size', 0, `${hex(va)} is beyond the ${pa}-bit physical address space (the MMU is off)`);
    return { ok: true, ipa: va & mask(pa), size: 1n << 64n, level: -1 };
  }

  const half = upper ? 'TTBR1_EL1' : 'TTBR0_EL1';
  const txsz = field(tcr, upper ? 16 : 0, 6);
  if (bit(tcr, upper ? 23 : 7) === 1) return fault('translation', 0, `${hex(va)} is in the ${half} half, whose walks TCR_EL1.EPD${upper ? 1 : 0} disables`);
  if (txsz < 16 || txsz > 39) return fault('translation', 0, `TCR_EL1.T${upper ? 1 : 0}SZ = ${txsz} is outside 16..39`);
  const inputBits = 64 - txsz;
  // bits top..inputBits must all be copies of bit 55 (ones for TTBR1, zeros for TTBR0)
  const high = (va >> SHIFT[inputBits]!) & mask(top + 1 - inputBits);
  if (high !== (upper ? mask(top + 1 - inputBits) : 0n)) {
    return fault('translation', 0, `${hex(va)} is outside the ${inputBits}-bit ${half} range (T${upper ? 1 : 0}SZ = ${txsz})`);
  }
  const g = effectiveGranule(tcr, upper, regs.mmfr0);
  if (g === undefined) return fault('translation', 0, 'ID_AA64MMFR0_EL1 lists no translation granule');
  const ips = field(tcr, 32, 3);
  const outBits = Math.min(pa, paBits(ips));
  // an address is above the output size when it is above this
  const outMax = MASK[outBits]!;
  const stride = g - 3;
  const levels = Math.ceil((inputBits - g) / stride);
  const startLevel = 4 - levels;
  let level = startLevel;
  // the first table holds 2^(bits the start level resolves) descriptors and is aligned to its size (at least 64 bytes)
  const firstBits = inputBits - g - (3 - level) * stride;
  const ttbr = upper ? regs.ttbr1 : regs.ttbr0;
  const align = Math.max(firstBits + 3, 6);
  let table = ttbr & M48 & ~mask(align);
  if (table > outMax) {
    return fault('address-size', level, `${half} ${hex(ttbr)} points above the ${outBits}-bit physical address space`);
  }
  for (;;) {
    const shift = g + (3 - level) * stride;
    const index = (va >> SHIFT[shift]!) & mask(level === startLevel ? firstBits : stride);
    const at = table + (index << 3n);
    const desc = read(at);
    if (desc === undefined) return fault('external', level, `the level ${level} descriptor of ${hex(va)} at ${hex(at)} is outside guest memory`);
    if ((desc & 1n) === 0n) return fault('translation', level, `${hex(va)} is not mapped: invalid level ${level} descriptor ${hex(desc)} at ${hex(at)} (${where(g, half)})`);
    const isTable = (desc & 2n) !== 0n;
    if (level < 3 && isTable) {
      const next = desc & M48 & ~mask(g);
      if (next > outMax) return fault('address-size', level, `level ${level} table descriptor ${hex(desc)} at ${hex(at)} points above the ${outBits}-bit physical address space`);
      table = next;
      level++;
      continue;
    }
    if (level === 3 && !isTable) return fault('translation', level, `reserved level 3 descriptor ${hex(desc)} at ${hex(at)} (${where(g, half)})`);
    if (level < 3 && !blockAllowed(g, level)) return fault('translation', level, `block descriptor ${hex(desc)} at level ${level}, where the ${GRANULE_NAME[g]} granule allows none (at ${hex(at)})`);
    const oa = desc & M48 & ~mask(shift);
    if (oa > outMax) return fault('address-size', level, `descriptor ${hex(desc)} at ${hex(at)} maps ${hex(va)} above the ${outBits}-bit physical address space`);
    if (bit(desc, 10) === 0) return fault('access-flag', level, `${hex(va)} is mapped with the access flag clear (descriptor ${hex(desc)} at ${hex(at)})`);
    return { ok: true, ipa: oa | (va & mask(shift)), size: MASK[shift]! + 1n, level };
  }
}
