/** PL011 register behaviour against the PL011 TRM (ARM DDI 0183) register summary and reset values. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FR_RXFE, FR_RXFF, FR_TXFE, FR_TXFF, INT_RX, INT_TX, LCR_H_FEN, PL011, Pl011 } from './pl011.ts';

function uart(): { u: Pl011; tx: number[]; logs: string[] } {
  const tx: number[] = [];
  const logs: string[] = [];
  return { u: new Pl011((b) => tx.push(b), (m) => logs.push(m)), tx, logs };
}

test('PL011: writes to UARTDR transmit the low byte', () => {
  const { u, tx } = uart();
  for (const c of 'Hi\n') u.write(PL011.DR, 4, BigInt(c.charCodeAt(0)) | 0x100n);
  assert.deepEqual(tx, [0x48, 0x69, 0x0a]);
});

test('PL011: UARTFR says transmit FIFO empty and not full, receive FIFO empty', () => {
  const { u } = uart();
  const fr = Number(u.read(PL011.FR, 4));
  assert.equal(fr & FR_TXFF, 0);
  assert.equal(fr & FR_TXFE, FR_TXFE);
  assert.equal(fr & FR_RXFE, FR_RXFE);
  assert.equal(u.read(PL011.DR, 4), 0n);
});

test('PL011: control registers read their reset values, then what was written', () => {
  const { u } = uart();
  assert.equal(u.read(PL011.CR, 4), 0x300n);
  assert.equal(u.read(PL011.IFLS, 4), 0x12n);
  assert.equal(u.read(PL011.LCR_H, 4), 0n);
  u.write(PL011.IBRD, 4, 13n);
  u.write(PL011.LCR_H, 4, 0x70n);
  u.write(PL011.CR, 4, 0x301n);
  assert.deepEqual([u.read(PL011.IBRD, 4), u.read(PL011.LCR_H, 4), u.read(PL011.CR, 4)], [13n, 0x70n, 0x301n]);
});

test('PL011: identification registers read the PrimeCell IDs (0x00141011, 0xb105f00d)', () => {
  const { u } = uart();
  const id = (base: number): number => [0, 1, 2, 3].reduce((a, i) => a | (Number(u.read(base + 4 * i, 4)) << (8 * i)), 0) >>> 0;
  assert.equal(id(0xfe0), 0x00141011);
  assert.equal(id(0xff0), 0xb105f00d);
});

test('PL011: unknown offsets read 0, writes are ignored, both are logged', () => {
  const { u, tx, logs } = uart();
  assert.equal(u.read(0x800, 4), 0n);
  u.write(0x800, 4, 5n);
  u.write(PL011.FR, 4, 0xffn);
  assert.equal(u.read(0x800, 4), 0n);
  assert.equal(u.read(PL011.FR, 4), 0x90n);
  assert.deepEqual(tx, []);
  assert.equal(logs.length, 4);
  assert.match(logs[0]!, /unknown offset 0x800/);
  assert.match(logs[2]!, /read-only UARTFR/);
});

function rxUart(): { u: Pl011; irq: boolean[] } {
  const irq: boolean[] = [];
  return { u: new Pl011(() => {}, () => {}, (l) => irq.push(l)), irq };
}

test('PL011 receive without FIFOs: one holding register; FR.RXFF when it is full, RXFE when empty', () => {
  const { u } = rxUart();
  assert.equal(u.receive(0x41), true);
  assert.equal(Number(u.read(PL011.FR, 4)) & (FR_RXFE | FR_RXFF), FR_RXFF);
  assert.equal(u.receive(0x42), false, 'no room for a second byte');
  assert.equal(u.read(PL011.DR, 4), 0x41n);
  assert.equal(Number(u.read(PL011.FR, 4)) & (FR_RXFE | FR_RXFF), FR_RXFE);
});

test('PL011 receive with LCR_H.FEN: 16 bytes in order; toggling FEN empties the FIFO', () => {
  const { u } = rxUart();
  u.write(PL011.LCR_H, 4, BigInt(LCR_H_FEN | 0x60));
  for (let i = 0; i < 16; i++) assert.equal(u.receive(0x30 + i), true);
  assert.equal(u.receive(0x99), false);
  assert.equal(Number(u.read(PL011.FR, 4)) & FR_RXFF, FR_RXFF);
  assert.deepEqual([0, 1, 2].map(() => Number(u.read(PL011.DR, 4))), [0x30, 0x31, 0x32]);
  u.write(PL011.LCR_H, 4, 0x60n);
  assert.equal(Number(u.read(PL011.FR, 4)) & FR_RXFE, FR_RXFE);
});

test('PL011 interrupts: RX status while data waits, TX status after a write, the line follows RIS & IMSC', () => {
  const { u, irq } = rxUart();
  u.receive(0x61);
  assert.equal(Number(u.read(PL011.RIS, 4)), INT_RX);
  assert.equal(u.read(PL011.MIS, 4), 0n);
  assert.deepEqual(irq, [], 'masked: the line stays low');
  u.write(PL011.IMSC, 4, BigInt(INT_RX));
  assert.deepEqual(irq, [true]);
  u.read(PL011.DR, 4);
  assert.deepEqual(irq, [true, false], 'reading the last byte clears RX');
  u.write(PL011.DR, 4, 0x21n);
  assert.equal(Number(u.read(PL011.RIS, 4)) & INT_TX, INT_TX);
  assert.deepEqual(irq, [true, false], 'TX is not enabled in IMSC');
  u.write(PL011.IMSC, 4, BigInt(INT_RX | INT_TX));
  assert.deepEqual(irq, [true, false, true]);
  u.write(PL011.ICR, 4, BigInt(INT_TX));
  assert.deepEqual(irq, [true, false, true, false]);
});
