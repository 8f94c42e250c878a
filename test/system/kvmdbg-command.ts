/**
 * kvmdbg as its command runs it, for the tests and benches that start it as a process: this Node with the
 * environment and options of bin/kvmdbg.js's `#!/usr/bin/env -S VAR=value … node …` line (one V8 worker
 * thread, one malloc arena, small semi-spaces), then the script. Spawning `node bin/kvmdbg.js` without
 * them would measure another configuration than users run.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const KVMDBG_BIN = join(fileURLToPath(new URL('../..', import.meta.url)), 'bin/kvmdbg.js');

let cached: { argv: string[]; env: Record<string, string> } | undefined;

function shebang(): { argv: string[]; env: Record<string, string> } {
  if (cached) return cached;
  const first = readFileSync(KVMDBG_BIN, 'latin1').split('\n', 1)[0]!;
  const m = /^#!\/usr\/bin\/env(?: -S)?((?: [A-Z_]+=\S+)*) node((?: -[-\w=]+)*)$/.exec(first);
  if (!m) throw new Error(`${KVMDBG_BIN}: its first line is not the #!/usr/bin/env node line expected: ${first}`);
  const env = Object.fromEntries(m[1]!.split(' ').filter((a) => a !== '').map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  cached = { argv: [process.execPath, ...m[2]!.split(' ').filter((o) => o !== ''), KVMDBG_BIN], env };
  return cached;
}

/** `[node, ...options, bin/kvmdbg.js]`; arguments go after. Spawn it with `kvmdbgEnv()`. */
export function kvmdbgCommand(): string[] {
  return shebang().argv;
}

/** This process's environment with the variables the `#!` line sets. */
export function kvmdbgEnv(): NodeJS.ProcessEnv {
  return { ...process.env, ...shebang().env };
}
