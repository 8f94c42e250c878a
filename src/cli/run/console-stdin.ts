/**
 * stdin as the guest's serial console, as QEMU's -nographic has it: each byte goes to the PL011's
 * receive side; a terminal is put in raw mode (so Enter, Ctrl-C and the rest reach the guest as
 * typed) and restored afterwards. Ctrl-A is the escape: Ctrl-A x quits, Ctrl-A Ctrl-A sends one
 * Ctrl-A, Ctrl-A h lists these; any other key after Ctrl-A is dropped.
 */
import type { Machine } from '../../vmm/machine.ts';

const CTRL_A = 0x01;

export const ESCAPE_HELP = 'C-a h    print this help\r\nC-a x    exit kvmdbg\r\nC-a C-a  send C-a\r\n';

export interface ConsoleStdin {
  /** Ctrl-A x was typed. */
  readonly quitRequested: boolean;
  close(): void;
}

export function attachConsoleStdin(stdin: NodeJS.ReadStream, machine: Machine, onQuit: () => void, err: (t: string) => void): ConsoleStdin {
  const raw = stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  if (raw) stdin.setRawMode(true);
  let escape = false;
  const state = { quitRequested: false };
  const onData = (chunk: Buffer | string): void => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk;
    const out: number[] = [];
    for (const b of bytes) {
      if (escape) {
        escape = false;
        if (b === CTRL_A) out.push(b);
        else if (b === 0x78 /* x */) {
          state.quitRequested = true;
          onQuit();
        } else if (b === 0x68 /* h */ || b === 0x3f /* ? */) err(ESCAPE_HELP);
      } else if (b === CTRL_A) escape = true;
      else out.push(b);
    }
    if (out.length) machine.input.push(out);
  };
  stdin.on('data', onData);
  stdin.resume();
  return {
    get quitRequested() { return state.quitRequested; },
    close() {
      stdin.off('data', onData);
      stdin.pause();
      if (raw) stdin.setRawMode(false);
    },
  };
}
