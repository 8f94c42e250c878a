/** dtc (Debian's device-tree-compiler) as the independent judge of the DTBs the VMM writes. */
import { spawnSync } from 'node:child_process';

/** Run `dtc -I dtb -O <to>` on a blob: exit status, output, and warnings (stderr). */
export function dtc(blob: Uint8Array, to: 'dts' | 'dtb'): { status: number | null; out: Buffer; err: string } {
  const r = spawnSync('dtc', ['-I', 'dtb', '-O', to, '-'], { input: blob });
  if (r.error) throw new Error(`cannot run dtc (Debian package device-tree-compiler): ${r.error.message}`);
  return { status: r.status, out: r.stdout, err: r.stderr.toString() };
}
