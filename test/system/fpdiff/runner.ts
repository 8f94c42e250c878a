/**
 * Runs single AArch64 FP/SIMD instructions on chosen inputs under qemu-aarch64 (user mode, -cpu
 * cortex-a57): the independent truth for the FP core and the FP/SIMD executors.
 *
 * A static Linux program, assembled and linked by binutils from the generated source below, reads
 * records from stdin until EOF, and for each one loads x0..x3, NZCV, q0..q7 and FPCR, clears FPSR,
 * calls the record's kernel (one instruction then `ret`), and writes q0..q7, x0..x3, FPSR and NZCV.
 * The kernels' encodings come from the same binary (objdump), so the words a model executes are the
 * ones QEMU ran.
 *
 *   input record (176 bytes)                      output record (176 bytes)
 *   0   u32 kernel index   4 u32 FPCR             0    q0..q7 (16 bytes each)
 *   8   NZCV (bits 31:28)                          128  x0..x3
 *   16  x0..x3 (u64)                               160  u32 FPSR   164 u32 NZCV (bits 31:28)
 *   48  q0..q7 (16 bytes each)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const IN_SIZE = 176;
export const OUT_SIZE = 176;
export const NQ = 8;
export const NX = 4;

export interface Inputs {
  fpcr: number;
  nzcv: number; // 0..15
  /** x0..x3. */
  x: bigint[];
  /** q0..q7, each as [bits 63:0, bits 127:64]. */
  q: [bigint, bigint][];
}

export interface Outputs {
  q: [bigint, bigint][];
  x: bigint[];
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
    '  ldr w9, [x19]', '  ldr w10, [x19, #4]', '  ldr x11, [x19, #8]',
    '  ldp x0, x1, [x19, #16]', '  ldp x2, x3, [x19, #32]',
    '  ldp q0, q1, [x19, #48]', '  ldp q2, q3, [x19, #80]', '  ldp q4, q5, [x19, #112]', '  ldp q6, q7, [x19, #144]',
    '  msr fpcr, x10', '  msr fpsr, xzr', '  msr nzcv, x11', '  ldr x9, [x24, x9, lsl #3]',
    '  blr x9',
    '  mrs x10, fpsr', '  mrs x11, nzcv',
    '  stp q0, q1, [x22]', '  stp q2, q3, [x22, #32]', '  stp q4, q5, [x22, #64]', '  stp q6, q7, [x22, #96]',
    '  stp x0, x1, [x22, #128]', '  stp x2, x3, [x22, #144]', '  str w10, [x22, #160]', '  str w11, [x22, #164]',
    '  add x19, x19, #176', '  add x22, x22, #176', '  b 3b',
    '4:', '  mov x0, #1', '  mov x1, x23', '  sub x2, x22, x23', '  mov x8, #64', '  svc #0',
    '  mov x0, #0', '  mov x8, #93', '  svc #0',
    '.ltorg',
  ];
  kernels.forEach((k, i) => { lines.push(`k${i}:`, `  ${k}`, '  ret'); });
  lines.push('.section .rodata', '.balign 8', 'table:');
  kernels.forEach((_, i) => lines.push(`  .quad k${i}`));
  lines.push('.bss', '.balign 16', 'inbuf: .skip 0x4000000', 'outbuf: .skip 0x4000000');
  return lines.join('\n') + '\n';
}

function run(cmd: string, args: string[], input?: Uint8Array): Buffer {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 27, timeout: 300_000 });
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
    const dis = run('aarch64-linux-gnu-objdump', ['-d', this.exe]).toString();
    const at = new Map<string, number>();
    let label = '';
    for (const line of dis.split('\n')) {
      const l = /^[0-9a-f]+ <(k\d+)>:/.exec(line);
      if (l) { label = l[1]; continue; }
      const m = /^\s+[0-9a-f]+:\t([0-9a-f]{8})/.exec(line);
      if (m && label) { at.set(label, Number.parseInt(m[1], 16)); label = ''; }
    }
    this.words = kernels.map((_, i) => {
      const w = at.get(`k${i}`);
      if (w === undefined) throw new Error(`kernel ${i} (${kernels[i]}) not found in the disassembly`);
      return w;
    });
  }

  /** The instruction word of each kernel, as assembled (from the driver's disassembly). */
  readonly words: number[];

  /** Runs (kernel index, inputs) records under qemu-aarch64 and returns the outputs. */
  run(cases: { kernel: number; in: Inputs }[]): Outputs[] {
    const outs: Outputs[] = [];
    for (let at = 0; at < cases.length; at += 100_000) for (const o of this.runChunk(cases.slice(at, at + 100_000))) outs.push(o);
    return outs;
  }

  private runChunk(cases: { kernel: number; in: Inputs }[]): Outputs[] {
    const buf = new Uint8Array(cases.length * IN_SIZE);
    const dv = new DataView(buf.buffer);
    cases.forEach((c, i) => {
      const o = i * IN_SIZE;
      dv.setUint32(o, c.kernel, true);
      dv.setUint32(o + 4, c.in.fpcr >>> 0, true);
      dv.setBigUint64(o + 8, BigInt(c.in.nzcv & 15) << 28n, true);
      for (let k = 0; k < NX; k++) dv.setBigUint64(o + 16 + 8 * k, BigInt.asUintN(64, c.in.x[k] ?? 0n), true);
      for (let k = 0; k < NQ; k++) {
        const q = c.in.q[k] ?? [0n, 0n];
        dv.setBigUint64(o + 48 + 16 * k, q[0], true);
        dv.setBigUint64(o + 56 + 16 * k, q[1], true);
      }
    });
    const inFile = join(this.dir, 'in.bin');
    writeFileSync(inFile, buf);
    const out = run('sh', ['-c', `qemu-aarch64 -cpu cortex-a57 ${this.exe} < ${inFile}`]);
    if (out.length !== cases.length * OUT_SIZE) throw new Error(`driver wrote ${out.length} bytes for ${cases.length} records`);
    const ov = new DataView(out.buffer, out.byteOffset, out.byteLength);
    return cases.map((_, i) => {
      const o = i * OUT_SIZE;
      const q: [bigint, bigint][] = [];
      for (let k = 0; k < NQ; k++) q.push([ov.getBigUint64(o + 16 * k, true), ov.getBigUint64(o + 16 * k + 8, true)]);
      const x: bigint[] = [];
      for (let k = 0; k < NX; k++) x.push(ov.getBigUint64(o + 128 + 8 * k, true));
      return { q, x, fpsr: ov.getUint32(o + 160, true), nzcv: ov.getUint32(o + 164, true) >>> 28 };
    });
  }

  dispose(): void { rmSync(this.dir, { recursive: true, force: true }); }
}
