import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stopReply } from './stop-reply.ts';

test('stop reply at the start of recorded history: T05 with replaylog:begin (GDB manual, "Stop Reply Packets")', () => {
  const style = { multiprocess: true, swbreak: true, hwbreak: true };
  assert.equal(stopReply({ kind: 'history-begin', thread: 2 }, style, 1), 'T05thread:p1.2;replaylog:begin;');
});

test('stop replies expedite each stop\'s own register values, also when the next stop changes only some', () => {
  const style = { multiprocess: false, swbreak: false, hwbreak: false };
  // n:value; with the value's bytes little-endian, as `p` returns them (GDB manual, "Stop Reply Packets")
  const le = (v: bigint, bytes: number): string =>
    Array.from({ length: bytes }, (_, i) => Number((v >> BigInt(8 * i)) & 0xffn).toString(16).padStart(2, '0')).join('');
  const expect = (r: { x: bigint[]; sp: bigint; pc: bigint; cpsr: number }): string =>
    'T05thread:1;' + r.x.map((v, i) => `${i.toString(16)}:${le(v, 8)};`).join('') + `1f:${le(r.sp, 8)};20:${le(r.pc, 8)};21:${le(BigInt(r.cpsr), 4)};`;
  const a = { x: Array.from({ length: 31 }, (_, i) => BigInt(i) * 0x0101_0101_0101n), sp: 0xffff_8000_0a00_3f00n, pc: 0xffff_8000_0966_09f4n, cpsr: 0x3c5 };
  const b = { ...a, x: a.x.map((v, i) => (i === 3 ? 0xdead_beefn : v)), pc: a.pc + 4n };
  const c = { ...b, cpsr: 0x600003c5, x: b.x.map((v, i) => (i === 3 ? (1n << 64n) - 1n : v)) };
  for (const r of [a, b, a, c, c, b]) assert.equal(stopReply({ kind: 'step', thread: 1 }, style, 1, undefined, r), expect(r));
});
