import type { Command } from '../io.ts';

export const command: Command = {
  summary: 'run',
  async run(_argv, io) {
    io.err('kvmdbg run: not built yet\n');
    return 2;
  },
};
