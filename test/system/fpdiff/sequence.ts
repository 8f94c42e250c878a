/**
 * Random FP/SIMD instruction sequences as a static Linux program for qemu-aarch64, assembled by binutils:
 * a prologue loads x0..x30 (x28 = the middle of a scratch buffer), v0..v31, NZCV and FPCR from a pool,
 * then the random instructions run (data processing of every group, SIMD&FP loads and stores of every
 * form on the scratch buffer, FPCR changes between rounding modes and FZ/DN settings), optionally in a
 * loop; the tail stores every register after the scratch buffer and writes both to stdout.
 *
 * Layout (the same addresses for QEMU user mode and kvmdbg's CPU):
 *   0x40010000  .text: prologue, sequence (at `seq`), tail
 *   0x40030000  .data: pool (x0..x30, NZCV, FPCR, pad, v0..v31), scratch (4 KiB), dump (x0..x30, SP, NZCV,
 *               FPCR, FPSR, pad, v0..v31)
 */
import type { Rng } from '../cpudiff/rng.ts';
import { randomForm } from './forms.ts';

export const TEXT = 0x40010000;
export const DATA = 0x40030000;
export const POOL_SIZE = 31 * 8 + 8 + 8 + 8 + 32 * 16; // x0..x30, NZCV, FPCR, padding, v0..v31 (16-aligned)
export const SCRATCH = DATA + POOL_SIZE;
export const SCRATCH_SIZE = 4096;
export const DUMP = SCRATCH + SCRATCH_SIZE;
export const DUMP_SIZE = 31 * 8 + 8 * 5 + 32 * 16; // x0..x30, SP, NZCV, FPCR, FPSR, padding, v0..v31

/** Registers the sequence must not write: x28 (scratch base), x27 (loop counter), x19 (memory base). */
const ARR = ['8b', '16b', '4h', '8h', '2s', '4s', '1d', '2d'];

/** One SIMD&FP load or store on the scratch buffer, after setting x19 near x28. */
function memoryGroup(r: Rng): string[] {
  const off = (r.int(64) - 32) * 16;
  const set = off >= 0 ? `add x19, x28, #${off}` : `sub x19, x28, #${-off}`;
  const v = (): number => r.int(8);
  const t = r.pick(['b', 'h', 's', 'd', 'q']);
  const sz = ({ b: 1, h: 2, s: 4, d: 8, q: 16 } as Record<string, number>)[t]!;
  const ld = r.bool() ? 'ldr' : 'str';
  switch (r.int(9)) {
    case 0: return [set, `${ld} ${t}${v()}, [x19, #${r.int(16) * sz}]`];
    case 1: return [set, `${ld} ${t}${v()}, [x19, #${(r.int(32) - 16) * sz}]!`];
    case 2: return [set, `${ld} ${t}${v()}, [x19], #${(r.int(32) - 16) * sz}`];
    case 3: return [set, `${ld === 'ldr' ? 'ldur' : 'stur'} ${t}${v()}, [x19, #${(r.int(32) - 16) * sz}]`];
    case 4: { const p = r.pick(['s', 'd', 'q']), ps = ({ s: 4, d: 8, q: 16 } as Record<string, number>)[p]!; const a = v(); let b = v(); if (b === a) b = (a + 1) % 8;
      return [set, `${r.bool() ? 'ldp' : 'stp'} ${p}${a}, ${p}${b}, [x19, #${(r.int(16) - 8) * ps}]${r.bool() ? '!' : ''}`]; }
    case 5: { const scaled = r.bool(); const k = r.int(16);
      return [set, `mov x1, #${scaled ? k : k * sz}`, `${ld} ${t}${v()}, [x19, x1${scaled ? `, lsl #${Math.log2(sz)}` : ''}]`]; }
    case 6: { // LD1-4 / ST1-4 multiple
      const n = 1 + r.int(4), a = r.pick(ARR.filter((x) => n === 1 || x !== '1d')), first = r.int(8);
      const regs = Array.from({ length: n }, (_, k) => `v${(first + k) % 8}.${a}`);
      const op = r.int(2) === 0 ? 'ld' : 'st';
      const structs = r.bool() ? n : 1; // LDn with n registers, or LD1 with n registers
      const bytes = n * (a === '1d' || a === '8b' || a === '4h' || a === '2s' ? 8 : 16);
      return [set, `${op}${structs} {${regs.join(', ')}}, [x19]${r.bool() ? `, #${bytes}` : ''}`];
    }
    case 7: { // single structure
      const n = 1 + r.int(4), e = r.pick(['b', 'h', 's', 'd']), first = r.int(8);
      const eb = ({ b: 1, h: 2, s: 4, d: 8 } as Record<string, number>)[e]!;
      const regs = Array.from({ length: n }, (_, k) => `v${(first + k) % 8}.${e}`);
      return [set, `${r.bool() ? 'ld' : 'st'}${n} {${regs.join(', ')}}[${r.int(16 / eb)}], [x19]${r.bool() ? `, #${n * eb}` : ''}`];
    }
    default: { // LDnR
      const n = 1 + r.int(4), a = r.pick(ARR), first = r.int(8);
      const regs = Array.from({ length: n }, (_, k) => `v${(first + k) % 8}.${a}`);
      return [set, `ld${n}r {${regs.join(', ')}}, [x19]${r.bool() ? ', x1' : ''}`];
    }
  }
}

/** The sequence: data processing, memory groups, FPCR switches. */
export function sequence(r: Rng, n: number): string[] {
  const out: string[] = [];
  while (out.length < n) {
    const k = r.int(10);
    if (k < 7) out.push(randomForm(r));
    else if (k < 9) out.push(...memoryGroup(r));
    else out.push(`msr fpcr, x${4 + r.int(4)}`);
  }
  return out;
}

export interface SeqInit {
  x: bigint[]; // x0..x30
  nzcv: number; // 0..15
  fpcr: number;
  v: [bigint, bigint][]; // v0..v31 as [bits 63:0, bits 127:64]
  scratch: Uint8Array;
}

const quad = (v: bigint): string => `  .quad 0x${BigInt.asUintN(64, v).toString(16)}`;

/** The program's assembly source around the sequence (looped `loops` times when non-zero). */
export function programSource(seq: readonly string[], loops: number, init: SeqInit): string {
  const lines = ['.text', '.global _start', '_start:',
    `  ldr x0, =${DATA}`,
    '  ldr x1, [x0, #248]', '  msr nzcv, x1', '  ldr x1, [x0, #256]', '  msr fpcr, x1', '  msr fpsr, xzr',
  ];
  for (let k = 0; k < 32; k += 2) lines.push(`  ldp q${k}, q${k + 1}, [x0, #${272 + 16 * k}]`);
  for (let k = 30; k >= 0; k--) lines.push(`  ldr x${k}, [x0, #${8 * k}]`);
  if (loops) lines.push(`  mov x27, #${loops}`);
  lines.push('seq:', ...seq.map((s) => `  ${s}`));
  if (loops) lines.push('  sub x27, x27, #1', '  cbnz x27, seq');
  lines.push('seqend:',
    `  ldr x27, =${DUMP}`,
    ...Array.from({ length: 15 }, (_, k) => `  stp x${2 * k}, x${2 * k + 1}, [x27, #${16 * k}]`),
    '  str x30, [x27, #240]', '  mov x0, sp', '  str x0, [x27, #248]', '  mrs x0, nzcv', '  str x0, [x27, #256]',
    '  mrs x0, fpcr', '  str x0, [x27, #264]', '  mrs x0, fpsr', '  str x0, [x27, #272]',
    ...Array.from({ length: 16 }, (_, k) => `  stp q${2 * k}, q${2 * k + 1}, [x27, #${288 + 32 * k}]`),
    '  mov x0, #1', `  ldr x1, =${SCRATCH}`, `  ldr x2, =${SCRATCH_SIZE + DUMP_SIZE}`, '  mov x8, #64', '  svc #0',
    '  mov x0, #0', '  mov x8, #93', '  svc #0', '.ltorg',
    '.data', 'pool:', ...init.x.map(quad), quad(BigInt(init.nzcv) << 28n), quad(BigInt(init.fpcr)), quad(0n),
    ...init.v.flatMap(([lo, hi]) => [quad(lo), quad(hi)]),
    'scratch:', `  .byte ${Array.from(init.scratch).join(', ')}`, 'dump:', `  .skip ${DUMP_SIZE}`);
  return lines.join('\n') + '\n';
}
