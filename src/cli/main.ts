import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { endQuietlyOnClosedOutput, processIo, UsageError, type CliIo, type Command } from './io.ts';
import { printable } from './printable.ts';

export { endProcess } from './end.ts';

/** Subcommands, loaded on demand so `kvmdbg esr` does not pay for the CPU. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./commands/run.ts')).command,
  layout: async () => (await import('./commands/layout.ts')).command,
  esr: async () => (await import('./commands/esr.ts')).command,
  web: async () => (await import('./commands/web.ts')).command,
};

const SUMMARIES: Record<string, string> = {
  run: 'run an AArch64 guest ELF under the KVM model (optionally debugged: --break, --watch, --gdb)',
  layout: 'show C struct layouts of the arm64 KVM UAPI (pahole style, --json, --compare)',
  esr: 'decode an ESR_ELx value, or the raw bytes of kvm_run.debug.arch',
  web: 'serve the ESR decoder and layout viewer web page',
};

function usage(): string {
  const lines = Object.keys(COMMANDS).map((n) => `  ${n.padEnd(8)} ${SUMMARIES[n]}`);
  return `usage: kvmdbg <command> [options]\n\ncommands:\n${lines.join('\n')}\n\n` +
    `Run 'kvmdbg <command> --help' for a command's options.\n`;
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  if (io === processIo) endQuietlyOnClosedOutput();
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  // own keys only: '__proto__' or 'toString' are unknown commands, not Object.prototype's members
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!load) {
    io.err(`kvmdbg: unknown command '${printable(name)}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await (await load()).run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`kvmdbg ${name}: ${printable(e.message)}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
}
