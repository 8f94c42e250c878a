/**
 * The differential test's programs with stage-1 translation on: translation tables in a RAM region of
 * their own, identity-mapping the test RAM with leaf pages of the chosen granule (so every fetch and
 * every load and store goes through a walk or the TLB), and the MMU turned on before the first
 * instruction. QEMU user mode sees the same virtual addresses, so every result must still agree.
 *
 * The map (Arm ARM D8.3 descriptors): the code, the literal pool and the vectors are EL1 read/write
 * and EL1-executable (AP[2:1] = 0, UXN); the scratch buffer and the register dump are read/write at
 * EL1 and EL0 (AP[2:1] = 1, so LDTR/STTR pass their EL0 permission check) and execute-never. Memory
 * is Normal write-back (MAIR attribute 1), so unaligned accesses would be allowed as in user mode.
 */
import type { GuestCpu } from '../../../src/cpu/api.ts';
import { SCRATCH_BASE } from './program.ts';

/** Physical address and size of the translation-table region. */
const PT_BASE = 0x50000000;
const PT_SIZE = 0x40000;

const NORMAL_LO = 3 | (1 << 2) | (3 << 8) | (1 << 10); // page, AttrIndx 1, inner shareable, AF
const AP_EL0_RW = 1 << 6;
const UXN_HI = 1 << 22, PXN_HI = 1 << 21; // bits 54 and 53, in the high word
const TABLE = 3;

/** Identity tables for [start, end) (4 KiB aligned, below 4 GiB) with leaf pages of 2^gshift bytes. */
function buildTables(pt: DataView, gshift: 12 | 16, start: number, end: number): void {
  const stride = gshift - 3;
  const first = 4 - Math.ceil((48 - gshift) / stride);
  const shift = (l: number): number => gshift + (3 - l) * stride;
  let next = 1 << gshift; // the root is the region's first granule
  const put = (off: number, lo: number, hi: number): void => {
    pt.setUint32(off, lo >>> 0, true);
    pt.setUint32(off + 4, hi >>> 0, true);
  };
  for (let va = start; va < end; va += 1 << gshift) {
    let table = 0;
    for (let l = first; l < 3; l++) {
      const bits = l === first ? 48 - shift(l) : stride;
      const e = table + (Math.floor(va / 2 ** shift(l)) % 2 ** bits) * 8;
      if (pt.getUint32(e, true) === 0) {
        if (next + (1 << gshift) > PT_SIZE) throw new Error('stage1: the table region is full');
        put(e, (PT_BASE + next) | TABLE, 0);
        next += 1 << gshift;
      }
      table = (pt.getUint32(e, true) & ~((1 << gshift) - 1)) - PT_BASE;
    }
    const data = va >= SCRATCH_BASE;
    put(table + (Math.floor(va / 2 ** gshift) % 2 ** stride) * 8, va | NORMAL_LO | (data ? AP_EL0_RW : 0), UXN_HI | (data ? PXN_HI : 0));
  }
}

/**
 * `create` with stage 1 on: when the harness maps its RAM, the tables are built for it and
 * MAIR_EL1, TCR_EL1 (T0SZ = 16, the granule, IPS 40 bits, no TTBR1 walks), TTBR0_EL1 and SCTLR_EL1.M
 * are set, as a guest's boot code would.
 */
export function withStage1(create: () => GuestCpu, gshift: 12 | 16): () => GuestCpu {
  return () => {
    const cpu = create();
    const mapRam = cpu.mapRam.bind(cpu);
    cpu.mapRam = (base, bytes, options) => {
      mapRam(base, bytes, options);
      const pt = new Uint8Array(PT_SIZE);
      const start = Number(base), end = start + bytes.byteLength;
      buildTables(new DataView(pt.buffer), gshift, start - (start % (1 << gshift)), end);
      mapRam(BigInt(PT_BASE), pt);
      cpu.setSysReg('MAIR_EL1', 0xff00n);
      const tg0 = gshift === 16 ? 1n << 14n : 0n;
      cpu.setSysReg('TCR_EL1', 16n | (1n << 8n) | (1n << 10n) | (3n << 12n) | tg0 | (1n << 23n) | (2n << 30n) | (2n << 32n));
      cpu.setSysReg('TTBR0_EL1', BigInt(PT_BASE));
      cpu.setSysReg('SCTLR_EL1', cpu.getSysReg('SCTLR_EL1') | 1n | (1n << 2n) | (1n << 12n));
    };
    return cpu;
  };
}
