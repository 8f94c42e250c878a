import type { Command } from '../io.ts';

export const command: Command = {
  summary: 'web',
  async run(_argv, io) {
    io.err('kvmdbg web: not built yet\n');
    return 2;
  },
};
