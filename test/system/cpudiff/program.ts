/**
 * The test program around a random instruction sequence, and a static AArch64 Linux ELF holding it
 * for qemu-aarch64 (ELF-64 object file format, System V gABI; AArch64 ELF ABI: e_machine 183).
 *
 * Memory layout (identical for QEMU user mode and for kvmdbg's CPU, so PC-relative results agree):
 *   CODE_BASE     literal pool: x0..x30, SP, NZCV (33 doublewords)
 *   + 0x108       prologue: SP and NZCV from the pool, then x0..x30 from the pool
 *   ENTRY(random) the random instructions
 *   END           (looped programs: store all registers at DUMP_BASE) then write(1, scratch and dump)
 *                 and exit(0) (Linux syscalls 64 and 93), so the final memory can be compared too
 *   SCRATCH_BASE  4 KiB of random bytes; x28 = SCRATCH_MIDDLE
 */
export const CODE_BASE = 0x40010000;
export const SCRATCH_BASE = 0x40020000;
export const SCRATCH_SIZE = 0x1000;
export const SCRATCH_MIDDLE = SCRATCH_BASE + SCRATCH_SIZE / 2;
/** Where a looped program stores x0..x30, SP and NZCV at the end (right after the scratch buffer). */
export const DUMP_BASE = SCRATCH_BASE + SCRATCH_SIZE;
export const DUMP_SIZE = 0x1000;

const POOL_WORDS = 33 * 2;
const PROLOGUE_WORDS = 4 + 31;
/** Address of the first random instruction (after the literal pool and the prologue). */
export const SEQUENCE_START = CODE_BASE + (POOL_WORDS + PROLOGUE_WORDS) * 4;

export interface InitialState {
  x: bigint[]; // 31 values
  sp: bigint;
  nzcv: number; // bits 31:28
}

export interface Program {
  code: Uint32Array;
  /** SCRATCH_SIZE + DUMP_SIZE bytes, loaded at SCRATCH_BASE. */
  data: Uint8Array;
  /** Address of the first random instruction. */
  start: number;
  /** Address of the first instruction after the sequence (and its loop, if any). */
  end: number;
  /** Address of the `svc #0` that writes the data out (a looped program must stop there). */
  writeSvc: number;
}

function ldrLiteral(rt: number, from: number, to: number): number {
  return (0x58000000 | ((((to - from) >> 2) & 0x7ffff) << 5) | rt) >>> 0;
}

/**
 * The program: literal pool, prologue, the random words; with `loops`, x27 = loops and the words run
 * that many times (`sub x27, x27, #1; cbnz x27, start`) and then every register is stored at DUMP_BASE.
 * It ends with write(1, SCRATCH_BASE, SCRATCH_SIZE + DUMP_SIZE) and exit(0).
 */
export function buildProgram(init: InitialState, words: number[], scratch: Uint8Array, loops = 0): Program {
  const prologue: number[] = [];
  const at = (): number => CODE_BASE + (POOL_WORDS + prologue.length) * 4;
  prologue.push(ldrLiteral(0, at(), CODE_BASE + 31 * 8)); // ldr x0, =sp
  prologue.push(0x9100001f);                                // mov sp, x0
  prologue.push(ldrLiteral(0, at(), CODE_BASE + 32 * 8)); // ldr x0, =nzcv
  prologue.push(0xd51b4200);                                // msr nzcv, x0
  for (let i = 0; i < 31; i++) prologue.push(ldrLiteral(i, at(), CODE_BASE + i * 8)); // ldr xi, =x[i]
  const start = CODE_BASE + (POOL_WORDS + prologue.length) * 4;
  if (start !== SEQUENCE_START) throw new Error('prologue length changed: update PROLOGUE_WORDS');
  const tail: number[] = [];
  if (loops) {
    tail.push(0xd100077b);                                                  // sub x27, x27, #1
    tail.push((0xb5000000 | (((-(words.length + 1)) & 0x7ffff) << 5) | 27) >>> 0); // cbnz x27, start
  }
  const end = start + (words.length + tail.length) * 4;
  if (loops) {
    tail.push((0xd2a00000 | ((DUMP_BASE >>> 16) << 5) | 27) >>> 0);          // movz x27, #hi16(DUMP), lsl #16
    tail.push((0xf2800000 | ((DUMP_BASE & 0xffff) << 5) | 27) >>> 0);        // movk x27, #lo16(DUMP)
    for (let i = 0; i < 30; i += 2) tail.push((0xa9000000 | ((i & 0x7f) << 15) | ((i + 1) << 10) | (27 << 5) | i) >>> 0); // stp xi, xi+1, [x27, #8*i]
    tail.push((0xf9000000 | (30 << 10) | (27 << 5) | 30) >>> 0);            // str x30, [x27, #240]
    tail.push(0x910003e0);                                                  // mov x0, sp
    tail.push((0xf9000000 | (31 << 10) | (27 << 5) | 0) >>> 0);             // str x0, [x27, #248]
    tail.push(0xd53b4200);                                                  // mrs x0, nzcv
    tail.push((0xf9000000 | (32 << 10) | (27 << 5) | 0) >>> 0);             // str x0, [x27, #256]
  }
  tail.push(
    0xd2800020, // mov x0, #1
    0xd1200381, // sub x1, x28, #0x800      (SCRATCH_BASE)
    0xd2840002, // mov x2, #0x2000          (SCRATCH_SIZE + DUMP_SIZE)
    0xd2800808, // mov x8, #64              (write)
  );
  const writeSvc = start + (words.length + tail.length) * 4;
  tail.push(
    0xd4000001, // svc #0                   write(1, SCRATCH_BASE, 0x2000)
    0xd2800ba8, // mov x8, #93              (exit)
    0xd2800000, // mov x0, #0
    0xd4000001, // svc #0                   exit(0)
  );
  const code = new Uint32Array(POOL_WORDS + prologue.length + words.length + tail.length);
  const pool = [...init.x, init.sp, BigInt(init.nzcv >>> 0)];
  pool.forEach((v, i) => {
    code[2 * i] = Number(v & 0xffffffffn);
    code[2 * i + 1] = Number((v >> 32n) & 0xffffffffn);
  });
  code.set(prologue, POOL_WORDS);
  code.set(words, POOL_WORDS + prologue.length);
  code.set(tail, POOL_WORDS + prologue.length + words.length);
  const data = new Uint8Array(SCRATCH_SIZE + DUMP_SIZE);
  data.set(scratch);
  return { code, data, start, end, writeSvc };
}

/** A static little-endian AArch64 executable with two PT_LOAD segments (code RWX, scratch RW). */
export function buildElf(p: Program): Uint8Array {
  const codeBytes = new Uint8Array(p.code.buffer, p.code.byteOffset, p.code.byteLength);
  const codeOff = 0x1000;
  const scratchOff = codeOff + Math.ceil(codeBytes.length / 0x1000) * 0x1000;
  const size = scratchOff + p.data.length;
  const buf = new Uint8Array(size);
  const dv = new DataView(buf.buffer);
  const entry = CODE_BASE + 66 * 4;
  // ELF header
  buf.set([0x7f, 0x45, 0x4c, 0x46, 2 /* ELFCLASS64 */, 1 /* LSB */, 1 /* EV_CURRENT */, 0 /* SYSV */]);
  dv.setUint16(16, 2, true);            // e_type ET_EXEC
  dv.setUint16(18, 183, true);          // e_machine EM_AARCH64
  dv.setUint32(20, 1, true);            // e_version
  dv.setBigUint64(24, BigInt(entry), true);
  dv.setBigUint64(32, 64n, true);       // e_phoff
  dv.setBigUint64(40, 0n, true);        // e_shoff
  dv.setUint32(48, 0, true);            // e_flags
  dv.setUint16(52, 64, true);           // e_ehsize
  dv.setUint16(54, 56, true);           // e_phentsize
  dv.setUint16(56, 2, true);            // e_phnum
  dv.setUint16(58, 64, true);           // e_shentsize
  dv.setUint16(60, 0, true);            // e_shnum
  dv.setUint16(62, 0, true);            // e_shstrndx
  const phdr = (i: number, off: number, vaddr: number, len: number, flags: number): void => {
    const b = 64 + i * 56;
    dv.setUint32(b, 1, true);           // PT_LOAD
    dv.setUint32(b + 4, flags, true);
    dv.setBigUint64(b + 8, BigInt(off), true);
    dv.setBigUint64(b + 16, BigInt(vaddr), true);
    dv.setBigUint64(b + 24, BigInt(vaddr), true);
    dv.setBigUint64(b + 32, BigInt(len), true);
    dv.setBigUint64(b + 40, BigInt(len), true);
    dv.setBigUint64(b + 48, 0x1000n, true);
  };
  phdr(0, codeOff, CODE_BASE, codeBytes.length, 7);
  phdr(1, scratchOff, SCRATCH_BASE, p.data.length, 6);
  buf.set(codeBytes, codeOff);
  buf.set(p.data, scratchOff);
  return buf;
}
