/** stdin as the serial console: bytes pass to the guest; QEMU's Ctrl-A escapes (x quits, Ctrl-A Ctrl-A sends one, h helps). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { attachConsoleStdin, ESCAPE_HELP } from './console-stdin.ts';
import { ConsoleInput } from '../../vmm/console-input.ts';
import type { Machine } from '../../vmm/machine.ts';

test('console stdin: bytes go to the guest; Ctrl-A Ctrl-A sends Ctrl-A, Ctrl-A h prints help, Ctrl-A x quits', () => {
  const input = new ConsoleInput();
  const pushed: number[] = [];
  input.push = (b) => { pushed.push(...b); };
  const stdin = new PassThrough() as unknown as NodeJS.ReadStream;
  let quits = 0;
  let err = '';
  const c = attachConsoleStdin(stdin, { input } as unknown as Machine, () => { quits++; }, (t) => { err += t; });
  stdin.emit('data', Buffer.from('ls\r\x03'));
  stdin.emit('data', Buffer.from('\x01\x01\x01hq\x01'));
  assert.deepEqual(pushed, [0x6c, 0x73, 0x0d, 0x03, 0x01, 0x71]);
  assert.equal(err, ESCAPE_HELP);
  assert.equal(c.quitRequested, false);
  stdin.emit('data', Buffer.from('x'));
  assert.equal(quits, 1);
  assert.equal(c.quitRequested, true);
  assert.deepEqual(pushed.length, 6, 'the x after Ctrl-A is not typed into the guest');
  c.close();
});
