/**
 * The command lines of the bench scripts: `--help` prints the script's usage, and an unknown option or
 * a count that is not a whole number says which and exits 2 (not a stack trace, not a silent default).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Parse this process's arguments against `options` and at most `positionals` positionals; `usage` is the script's synopsis. */
export function benchArgs<O extends Options>(usage: string, options: O, positionals = 0) {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(`usage: ${usage}`);
    process.exit(0);
  }
  let r;
  try {
    r = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    return usageError(usage, (e as Error).message);
  }
  if (r.positionals.length > positionals) {
    usageError(usage, `${positionals === 0 ? 'no arguments' : `at most ${positionals} argument${positionals === 1 ? '' : 's'}`} but ${r.positionals.join(' ')}`);
  }
  return r;
}

/** Count `what` (an option's or positional's name) from `v`, `dflt` when absent: a whole number of at least `min`. */
export function count(usage: string, what: string, v: string | undefined, dflt: number, min = 1): number {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (v.trim() === '' || !Number.isSafeInteger(n) || n < min) return usageError(usage, `${what} takes a whole number of at least ${min}, not '${v}'`);
  return n;
}

function usageError(usage: string, message: string): never {
  console.error(`${message}\nusage: ${usage}`);
  process.exit(2);
}
