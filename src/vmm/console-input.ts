/**
 * Bytes typed at the guest's console, on their way to the PL011's receive FIFO. They arrive whenever
 * the outside world sends them and wait here; the VMM hands them to the UART between two KVM_RUNs, as
 * many as its FIFO takes, so the guest sees them at an instruction boundary. Each delivery is recorded
 * with the number of instructions the vCPU had retired then (where the backend counts them): replaying
 * the same bytes at the same counts gives the same run, which is what a later --record/--replay needs.
 */
import type { Pl011 } from './pl011.ts';

export interface InputRecord {
  /** The byte entered the FIFO just before KVM_RUN number `exit` (ExitRecord.n). */
  exit: number;
  byte: number;
}

export class ConsoleInput {
  private pending: number[] = [];
  private head = 0;
  /** Every byte delivered, in order. */
  readonly log: InputRecord[] = [];

  /** Told when bytes arrive (a VMM waiting for an idle guest's timer stops waiting: vmm/target.ts). */
  onArrival: (() => void) | undefined;

  push(bytes: Iterable<number>): void {
    for (const b of bytes) this.pending.push(b & 0xff);
    this.onArrival?.();
  }

  /** Bytes still waiting for room in the FIFO. */
  get waiting(): number {
    return this.pending.length - this.head;
  }

  /** Deliver what fits into the UART's receive FIFO. */
  pump(uart: Pl011, exit: number): void {
    while (this.head < this.pending.length && uart.receive(this.pending[this.head]!)) {
      this.log.push({ exit, byte: this.pending[this.head]! });
      this.head++;
    }
    if (this.head === this.pending.length) {
      this.pending = [];
      this.head = 0;
    }
  }
}
