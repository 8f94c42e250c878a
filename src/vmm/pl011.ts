/**
 * An Arm PrimeCell PL011 UART as an MMIO device (ARM DDI 0183, "PrimeCell UART (PL011) Technical
 * Reference Manual", 3.2 "Summary of registers"), as QEMU's `virt` offers it (hw/char/pl011.c):
 *   - transmit: a write to UARTDR sends the byte at once, so the transmit FIFO is always empty (FR.TXFE
 *     = 1, FR.TXFF = 0, FR.BUSY = 0), and raises the TX interrupt status;
 *   - receive: `receive(byte)` puts a byte in the receive FIFO (16 deep with LCR_H.FEN, else one
 *     holding register; toggling FEN empties it), FR.RXFE/RXFF follow it, UARTDR reads pop it, and the
 *     RX interrupt status is set while the FIFO holds at least one byte (QEMU's trigger level is always
 *     one byte, whatever UARTIFLS says);
 *   - interrupts: RIS is the raw status, MIS = RIS & IMSC, a write to ICR clears bits; the one
 *     interrupt line (SPI 1 on virt) is high while MIS != 0, reported through `onIrq` on each change.
 * Control registers hold what is written and read back their reset values until then; the
 * identification registers read the values QEMU's pl011 model gives. Unknown offsets read 0 and ignore
 * writes, and are reported through `log` so a confused guest is visible.
 */

/** Register offsets (TRM table 3-1). */
export const PL011 = {
  DR: 0x000, RSR_ECR: 0x004, FR: 0x018, ILPR: 0x020, IBRD: 0x024, FBRD: 0x028, LCR_H: 0x02c, CR: 0x030,
  IFLS: 0x034, IMSC: 0x038, RIS: 0x03c, MIS: 0x040, ICR: 0x044, DMACR: 0x048,
} as const;

/** UARTFR bits (TRM 3.3.3). */
export const FR_RXFE = 1 << 4;
export const FR_TXFF = 1 << 5;
export const FR_RXFF = 1 << 6;
export const FR_TXFE = 1 << 7;
/** Interrupt bits of RIS/MIS/IMSC/ICR (TRM 3.3.13): receive and transmit. */
export const INT_RX = 1 << 4;
export const INT_TX = 1 << 5;
/** UARTLCR_H.FEN: the FIFOs are enabled. */
export const LCR_H_FEN = 1 << 4;
const FIFO_DEPTH = 16;

/** UARTPeriphID0..3 at 0xfe0.., UARTPCellID0..3 at 0xff0.. */
const ID_REGS = [0x11, 0x10, 0x14, 0x00, 0x0d, 0xf0, 0x05, 0xb1];

/** Reset values of the read/write registers (TRM 3.3): CR has TXE and RXE set, IFLS selects 1/2 full. */
const RESET: Record<number, number> = {
  [PL011.RSR_ECR]: 0, [PL011.ILPR]: 0, [PL011.IBRD]: 0, [PL011.FBRD]: 0, [PL011.LCR_H]: 0,
  [PL011.CR]: 0x300, [PL011.IFLS]: 0x12, [PL011.IMSC]: 0, [PL011.DMACR]: 0,
};

export interface MmioDevice {
  readonly name: string;
  /** Read `len` bytes (1, 2, 4 or 8) at `offset` from the device base; the value, zero-extended. */
  read(offset: number, len: number): bigint;
  write(offset: number, len: number, value: bigint): void;
}

/** Everything a PL011 holds, for checkpoints (history/): registers, raw status, the receive FIFO, the line. */
export interface Pl011State {
  regs: [number, number][];
  ris: number;
  fifo: number[];
  readPos: number;
  readCount: number;
  irqLevel: boolean;
}

export class Pl011 implements MmioDevice {
  readonly name = 'pl011';
  private readonly regs = new Map<number, number>(Object.entries(RESET).map(([k, v]) => [Number(k), v]));
  private ris = 0;
  private readonly fifo = new Uint8Array(FIFO_DEPTH);
  private readPos = 0;
  private readCount = 0;
  private irqLevel = false;

  constructor(
    private readonly tx: (byte: number) => void,
    private readonly log: (message: string) => void = () => {},
    /** The interrupt line changed level (true = asserted). */
    private readonly onIrq: (level: boolean) => void = () => {},
  ) {}

  saveState(): Pl011State {
    return { regs: [...this.regs], ris: this.ris, fifo: [...this.fifo], readPos: this.readPos, readCount: this.readCount, irqLevel: this.irqLevel };
  }

  /** Put a saved state back; the interrupt line is driven to the saved level (KVM_IRQ_LINE on the machine). */
  restoreState(st: Pl011State): void {
    this.regs.clear();
    for (const [k, v] of st.regs) this.regs.set(k, v);
    this.ris = st.ris;
    this.fifo.set(st.fifo);
    this.readPos = st.readPos;
    this.readCount = st.readCount;
    this.irqLevel = st.irqLevel;
    this.onIrq(st.irqLevel);
  }

  private get fifoEnabled(): boolean {
    return ((this.regs.get(PL011.LCR_H) ?? 0) & LCR_H_FEN) !== 0;
  }

  /** Room for one more received byte (pl011_can_receive). */
  canReceive(): boolean {
    return this.readCount < (this.fifoEnabled ? FIFO_DEPTH : 1);
  }

  /** A byte arrives on the receive line; false (and nothing happens) when there is no room. */
  receive(byte: number): boolean {
    if (!this.canReceive()) return false;
    this.fifo[(this.readPos + this.readCount) % FIFO_DEPTH] = byte;
    this.readCount++;
    if (this.readCount === 1) {
      this.ris |= INT_RX;
      this.update();
    }
    return true;
  }

  private flags(): number {
    let fr = FR_TXFE;
    if (this.readCount === 0) fr |= FR_RXFE;
    if (!this.canReceive()) fr |= FR_RXFF;
    return fr;
  }

  private update(): void {
    const level = (this.ris & (this.regs.get(PL011.IMSC) ?? 0)) !== 0;
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.onIrq(level);
    }
  }

  read(offset: number, len: number): bigint {
    if (offset === PL011.DR) {
      if (this.readCount === 0) {
        this.ris &= ~INT_RX;
        this.update();
        return 0n;
      }
      const c = this.fifo[this.readPos]!;
      this.readPos = (this.readPos + 1) % FIFO_DEPTH;
      this.readCount--;
      if (this.readCount === 0) {
        this.ris &= ~INT_RX;
        this.update();
      }
      return BigInt(c);
    }
    if (offset === PL011.FR) return BigInt(this.flags());
    if (offset === PL011.RIS) return BigInt(this.ris);
    if (offset === PL011.MIS) return BigInt(this.ris & (this.regs.get(PL011.IMSC) ?? 0));
    const r = this.regs.get(offset);
    if (r !== undefined) return BigInt(r);
    if (offset >= 0xfe0 && offset <= 0xffc && (offset & 3) === 0) return BigInt(ID_REGS[(offset - 0xfe0) >> 2]!);
    this.log(`pl011: read of unknown offset 0x${offset.toString(16)} (${len} bytes) reads 0`);
    return 0n;
  }

  write(offset: number, len: number, value: bigint): void {
    const v = Number(value & 0xffffffffn);
    if (offset === PL011.DR) {
      this.tx(v & 0xff);
      this.ris |= INT_TX;
      this.update();
      return;
    }
    if (offset === PL011.ICR) {
      this.ris &= ~v;
      this.update();
      return;
    }
    if (offset === PL011.RSR_ECR) return;              // a write clears the (always clear) error flags
    if (offset === PL011.LCR_H && ((this.regs.get(PL011.LCR_H) ?? 0) ^ v) & LCR_H_FEN) {
      this.readPos = 0;                                 // switching the FIFOs on or off empties them
      this.readCount = 0;
    }
    if (this.regs.has(offset)) {
      this.regs.set(offset, v);
      if (offset === PL011.IMSC) this.update();
      return;
    }
    this.log(`pl011: write of 0x${v.toString(16)} to ${offset === PL011.FR ? 'read-only UARTFR' : `unknown offset 0x${offset.toString(16)}`} (${len} bytes) ignored`);
  }
}
