/**
 * Runs single AArch64 FP/SIMD instructions on chosen inputs under qemu-aarch64 (user mode): the
 * independent truth for the FP core.
 *
 * A static Linux program, assembled and linked by binutils from the generated source below, reads
 * records from stdin until EOF, and for each one loads x0..x2, NZCV, q0..q3 and FPCR, clears FPSR,
 * calls the record's kernel (one instruction then `ret`), and writes q0, x0, FPSR and NZCV to stdout.
 *
 *   input record (112 bytes)                 output record (32 bytes)
 *   0   u32 kernel index   4 u32 FPCR        0  q0 (16 bytes)
 *   8   x0   16 x1   24 x2  (u64)             16 x0
 *   32  NZCV (bits 31:28)  40 unused          24 u32 FPSR
 *   48  q0   64 q1   80 q2   96 q3            28 u32 NZCV (bits 31:28)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const IN_SIZE = 112;
export const OUT_SIZE = 32;

export interface Inputs {
  fpcr: number;
  x: [bigint, bigint, bigint];
  nzcv: number; // 0..15
  /** q0..q3, each as [bits 63:0, bits 127:64]. */
  q: [bigint, bigint][];
}

export interface Outputs {
  q0: [bigint, bigint];
  x0: bigint;
  fpsr: number;
  nzcv: number; // 0..15
}

function driverSource(kernels: readonly string[]): string {
  const lines = [
    '.text', '.global _start', '_start:',
    '  adrp x19, inbuf', '  add x19, x19, :lo12:inbuf', '  mov x20, #0',
    '1:', '  mov x0, #0', '  add x1, x19, x20', '  ldr x2, =0x4000000', '  sub x2, x2, x20', '  mov x8, #63', '  svc #0',
    '  cmp x0, #0', '  b.le 2f', '  add x20, x20, x0', '  b 1b',
    '2:', '  add x21, x19, x20', '  adrp x22, outbuf', '  add x22, x22, :lo12:outbuf', '  mov x23, x22',
    '  adrp x24, table', '  add x24, x24, :lo12:table',
    '3:', '  cmp x19, x21', '  b.hs 4f',
    '  ldr w9, [x19]', '  ldr w10, [x19, #4]', '  ldr x0, [x19, #8]', '  ldr x1, [x19, #16]', '  ldr x2, [x19, #24]',
    '  ldr x11, [x19, #32]', '  ldr q0, [x19, #48]', '  ldr q1, [x19, #64]', '  ldr q2, [x19, #80]', '  ldr q3, [x19, #96]',
    '  msr fpcr, x10', '  msr fpsr, xzr', '  msr nzcv, x11', '  ldr x9, [x24, x9, lsl #3]',
    '  blr x9',
    '  mrs x10, fpsr', '  mrs x11, nzcv',
    '  str q0, [x22]', '  str x0, [x22, #16]', '  str w10, [x22, #24]', '  str w11, [x22, #28]',
    '  add x19, x19, #112', '  add x22, x22, #32', '  b 3b',
    '4:', '  mov x0, #1', '  mov x1, x23', '  sub x2, x22, x23', '  mov x8, #64', '  svc #0',
    '  mov x0, #0', '  mov x8, #93', '  svc #0',
    '.ltorg',
  ];
  kernels.forEach((k, i) => { lines.push(`k${i}:`, `  ${k}`, '  ret'); });
  lines.push('.section .rodata', '.balign 8', 'table:');
  kernels.forEach((_, i) => lines.push(`  .quad k${i}`));
  lines.push('.bss', '.balign 16', 'inbuf: .skip 0x4000000', 'outbuf: .skip 0x1000000');
  return lines.join('\n') + '\n';
}

function run(cmd: string, args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 26, timeout: 300_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error(`${cmd} is missing: install ${cmd.startsWith('qemu') ? 'qemu-user' : 'binutils-aarch64-linux-gnu'}`);
  }
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}, ${r.signal}): ${String(r.stderr)}`);
  return r.stdout;
}

/** A built driver for a fixed list of kernels (assembly text of one instruction each). */
export class FpOracle {
  private readonly dir: string;
  private readonly exe: string;
  constructor(readonly kernels: readonly string[]) {
    this.dir = mkdtempSync(join(tmpdir(), 'kvmdbg-fpdiff-'));
    const src = join(this.dir, 'drv.s');
    writeFileSync(src, driverSource(kernels));
    run('aarch64-linux-gnu-as', ['-march=armv8-a+crypto', '-o', join(this.dir, 'drv.o'), src]);
    this.exe = join(this.dir, 'drv');
    run('aarch64-linux-gnu-ld', ['-static', '-o', this.exe, join(this.dir, 'drv.o')]);
    chmodSync(this.exe, 0o755);
  }

  /** Runs (kernel index, inputs) records under qemu-aarch64 and returns the outputs. */
  run(cases: { kernel: number; in: Inputs }[]): Outputs[] {
    const buf = new Uint8Array(cases.length * IN_SIZE);
    const dv = new DataView(buf.buffer);
    cases.forEach((c, i) => {
      const o = i * IN_SIZE;
      dv.setUint32(o, c.kernel, true);
      dv.setUint32(o + 4, c.in.fpcr >>> 0, true);
      for (let k = 0; k < 3; k++) dv.setBigUint64(o + 8 + 8 * k, BigInt.asUintN(64, c.in.x[k]), true);
      dv.setBigUint64(o + 32, BigInt(c.in.nzcv & 15) << 28n, true);
      for (let k = 0; k < 4; k++) {
        dv.setBigUint64(o + 48 + 16 * k, c.in.q[k][0], true);
        dv.setBigUint64(o + 56 + 16 * k, c.in.q[k][1], true);
      }
    });
    const inFile = join(this.dir, 'in.bin');
    writeFileSync(inFile, buf);
    const out = run('sh', ['-c', `qemu-aarch64 -cpu cortex-a57 ${this.exe} < ${inFile}`]);
    if (out.length !== cases.length * OUT_SIZE) throw new Error(`driver wrote ${out.length} bytes for ${cases.length} records`);
    const ov = new DataView(out.buffer, out.byteOffset, out.byteLength);
    return cases.map((_, i) => {
      const o = i * OUT_SIZE;
      return {
        q0: [ov.getBigUint64(o, true), ov.getBigUint64(o + 8, true)],
        x0: ov.getBigUint64(o + 16, true),
        fpsr: ov.getUint32(o + 24, true),
        nzcv: ov.getUint32(o + 28, true) >>> 28,
      };
    });
  }

  dispose(): void { rmSync(this.dir, { recursive: true, force: true }); }
}
