/** Console input: bytes wait until the UART's receive FIFO has room, each delivery recorded with the KVM_RUN it preceded. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConsoleInput } from './console-input.ts';
import { LCR_H_FEN, PL011, Pl011 } from './pl011.ts';

test('console input: what fits the FIFO goes in, in order; the rest waits; every delivery is logged with its KVM_RUN', () => {
  const uart = new Pl011(() => {});
  const input = new ConsoleInput();
  input.push([0x61, 0x62, 0x63]);
  input.pump(uart, 3);
  assert.equal(input.waiting, 2, 'one holding register without FIFOs');
  assert.equal(uart.read(PL011.DR, 4), 0x61n);
  uart.write(PL011.LCR_H, 4, BigInt(LCR_H_FEN));
  input.pump(uart, 9);
  assert.equal(input.waiting, 0);
  assert.deepEqual([uart.read(PL011.DR, 4), uart.read(PL011.DR, 4)], [0x62n, 0x63n]);
  assert.deepEqual(input.log, [{ exit: 3, byte: 0x61 }, { exit: 9, byte: 0x62 }, { exit: 9, byte: 0x63 }]);
});
