/** What a command needs from the outside world; tests pass an in-memory one. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** A bad command line: the message names the problem; the process exits with status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Each subcommand module exports these. */
export interface Command {
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}
