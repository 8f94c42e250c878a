/**
 * kvmdbg as its command runs it, for the tests and benches that start it as a process: this Node with the
 * options on bin/kvmdbg.js's `#!/usr/bin/env -S node …` line (one V8 worker thread), then the script.
 * Spawning `node bin/kvmdbg.js` without them would measure another configuration than users run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KVMDBG_BIN = join(fileURLToPath(new URL('../..', import.meta.url)), 'bin/kvmdbg.js');

let cached: string[] | undefined;

/** `[node, ...options, bin/kvmdbg.js]`; arguments go after. */
export function kvmdbgCommand(): string[] {
  if (cached) return cached;
  const first = readFileSync(KVMDBG_BIN, 'latin1').split('\n', 1)[0]!;
  const m = /^#!\/usr\/bin\/env(?: -S)? node((?: -[-\w=]+)*)$/.exec(first);
  if (!m) throw new Error(`${KVMDBG_BIN}: its first line is not the #!/usr/bin/env node line expected: ${first}`);
  cached = [process.execPath, ...m[1]!.split(' ').filter((o) => o !== ''), KVMDBG_BIN];
  return cached;
}
