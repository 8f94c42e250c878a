import type { Command } from '../io.ts';

export const command: Command = {
  summary: 'layout',
  async run(_argv, io) {
    io.err('kvmdbg layout: not built yet\n');
    return 2;
  },
};
