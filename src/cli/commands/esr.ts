import type { Command } from '../io.ts';

export const command: Command = {
  summary: 'esr',
  async run(_argv, io) {
    io.err('kvmdbg esr: not built yet\n');
    return 2;
  },
};
