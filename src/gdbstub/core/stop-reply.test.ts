import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stopReply } from './stop-reply.ts';

test('stop reply at the start of recorded history: T05 with replaylog:begin (GDB manual, "Stop Reply Packets")', () => {
  const style = { multiprocess: true, swbreak: true, hwbreak: true };
  assert.equal(stopReply({ kind: 'history-begin', thread: 2 }, style, 1), 'T05thread:p1.2;replaylog:begin;');
});
