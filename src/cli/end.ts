/**
 * How the kvmdbg process ends once `kvmdbg run` has returned.
 *
 * Node ends a process only once V8's background compiler has finished what it is compiling, even
 * through process.exit(): its platform drains its worker threads, then joins them. After a guest has
 * run, that is most often TurboFan optimising the interpreter loop, a compilation of a quarter of a
 * second or more whose result nothing will use: `kvmdbg run` of the default guest had done its work
 * 0.27 s after its start and ended at 0.5 s, idle in between. So after `run`, once stdout and stderr
 * are written out and the 'exit' listeners have run (as process.exit runs them), the process ends
 * through libc's _exit(2), which waits for no thread.
 *
 * Not where Node writes something at its exit (a --cpu-prof or --heap-prof profile, V8 coverage for
 * NODE_V8_COVERAGE, trace events), not after a --gdb session (its socket's last packets go out through
 * the event loop), nor where _exit cannot be reached (no koffi, no glibc): the process then ends as
 * Node ends it, with the same status. A terminal needs nothing at the end: `run` has put it back in
 * cooked mode itself (cli/run/console-stdin.ts), and libuv set non-blocking mode on a file of its own,
 * reopened from the terminal's name, never on the one the shell shares.
 */
import { createRequire } from 'node:module';

/** Node options whose output is written at the process's exit. */
const WRITES_AT_EXIT = /^--(cpu-prof|heap-prof|prof|trace-event|trace-events-enabled)\b/;

export async function endProcess(argv: readonly string[], code: number): Promise<void> {
  process.exitCode = code;
  if (argv[0] !== 'run' || argv.some(servesGdb) || !Number.isInteger(code) || code < 0 || code > 255 || writesAtExit()) return;
  const exit = libcExit();
  if (exit === null) return;
  await Promise.all([process.stdout, process.stderr].map(written));
  process.emit('exit', code);
  exit(code);
}

const servesGdb = (a: string): boolean => a === '--gdb' || a.startsWith('--gdb=');

function writesAtExit(): boolean {
  if (process.env.NODE_V8_COVERAGE) return true;
  const options = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  return options.some((o) => WRITES_AT_EXIT.test(o));
}

/** Resolves once everything written to `s` so far has reached the file, pipe or terminal. */
function written(s: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (s.destroyed || !s.writable) resolve();
    else s.write('', () => resolve());
  });
}

/** libc's _exit, through koffi (the real backend's FFI); null where it cannot be loaded. */
function libcExit(): ((status: number) => void) | null {
  if (process.platform !== 'linux') return null;
  try {
    // koffi's CommonJS entry, as src/realkvm/libc.ts loads it
    const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');
    const f = koffi.load('libc.so.6').func('_exit', 'void', ['int']);
    return (status) => { f(status); };
  } catch {
    return null;
  }
}
