/** Which lines of assembly binutils accepts for ARMv8.0 with the Cryptographic Extension. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The lines aarch64-linux-gnu-as accepts (one instruction each), in their original order, repeats kept. */
export function acceptedForms(forms: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-forms-'));
  try {
    let keep = [...forms];
    for (let round = 0; round < 5; round++) {
      const src = join(dir, 'f.s');
      writeFileSync(src, keep.join('\n') + '\n');
      const r = spawnSync('aarch64-linux-gnu-as', ['-march=armv8-a+crypto', '-o', join(dir, 'f.o'), src], { encoding: 'utf8' });
      if (r.error) throw new Error('aarch64-linux-gnu-as is missing: install binutils-aarch64-linux-gnu');
      if (r.status === 0) return keep;
      const bad = new Set([...r.stderr.matchAll(/f\.s:(\d+): Error/g)].map((m) => Number(m[1]) - 1));
      if (bad.size === 0) throw new Error(`as failed: ${r.stderr}`);
      keep = keep.filter((_, i) => !bad.has(i));
    }
    throw new Error('could not filter the forms');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
