import { EXIT_BROKEN_PIPE } from './exit-codes.ts';

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
  // made when a command first reads it: Node builds the stream (and loads node:net for a pipe) on first use
  get stdin() { return process.stdin; },
};

/**
 * Once stdout or stderr is closed by its reader (`kvmdbg … | head`), end at once and silently with the
 * status of a process SIGPIPE ended (Node ignores SIGPIPE, so a write would otherwise fail with EPIPE
 * and end in a stack trace).
 */
let guarded = false;
export function endQuietlyOnClosedOutput(): void {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(EXIT_BROKEN_PIPE);
      throw e;
    });
  }
}

/** `no space left on device (ENOSPC)` from a Node system error. */
export function errnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const text = /^[A-Z0-9_]+: ([^,]+)/.exec(err.message ?? '')?.[1];
  return err.code ? `${text ?? err.code}${text ? ` (${err.code})` : ''}` : String(err.message ?? e);
}

/** A bad command line: the message names the problem; the process exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Runs `f`; anything it throws becomes a UsageError with the same message (validators throw plain Errors).
 * util.parseArgs' "Option '--x <value>' argument missing" becomes "--x needs a value".
 */
export function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const message = (e as Error).message;
    // "argument missing" at the end of the line, "argument is ambiguous" when the next word is an option
    const missing = /^Option '(-[\w-]+)(?:, (--[\w-]+))?(?: <value>)?' argument (?:missing|is ambiguous)/.exec(message);
    throw new UsageError(missing ? `${missing[2] ?? missing[1]} needs a value` : message);
  }
}

/** What each subcommand module exports (its one-line summary lives in main.ts, which loads it lazily). */
export interface Command {
  run(argv: string[], io: CliIo): Promise<number>;
}
