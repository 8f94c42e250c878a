/** What a command needs from the outside world; tests pass an in-memory one. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** What the user types for the guest's console (kvmdbg run); absent in tests that type nothing. */
  stdin?: NodeJS.ReadStream;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  stdin: process.stdin,
};

/** A bad command line: the message names the problem; the process exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Runs `f`; anything it throws becomes a UsageError with the same message (validators throw plain Errors). */
export function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError((e as Error).message);
  }
}

/** What each subcommand module exports (its one-line summary lives in main.ts, which loads it lazily). */
export interface Command {
  run(argv: string[], io: CliIo): Promise<number>;
}
