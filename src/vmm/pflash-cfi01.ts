/**
 * A CFI parallel NOR flash with the Intel/Sharp command set, as QEMU's `cfi.pflash01`
 * (hw/block/pflash_cfi01.c, 7.2 with the block-write buffer) behaves on the `virt` board: a 64 MiB
 * bank of two 16-bit devices side by side (bank width 4, device width 2), 256 KiB erase sectors (128 KiB
 * per device), manufacturer 0x89 (Intel), device 0x18. Commands (JEDEC JESD68.01 CFI, Intel
 * "Common Flash Interface" application note):
 *
 *   0xff / 0x00 / 0xf0  read array           0x70  read status       0x50  clear status
 *   0x90  read identifier (0x89, 0x18; lock status 0 at word 2)        0x98  CFI query ("QRY" at 0x10)
 *   0x20 + 0xd0  block erase (QEMU erases at the 0x20 cycle)          0x10 / 0x40 + data  program
 *   0xe8 + count-1 + count words + 0xd0  buffered program (staged, committed on the confirm)
 *   0x60 + 0x01 / 0xd0  block lock / unlock (accepted; lock state is not modelled, as in QEMU)
 *
 * Status: bit 7 ready, bit 5 erase error, bit 4 program error. Each device answers in its own 16-bit
 * lane, so answers are replicated into both halves of the 32-bit bank.
 *
 * ROMD: in read-array mode the flash reads as plain memory; QEMU/KVM map it as a KVM_MEM_READONLY slot,
 * so reads never leave the guest and writes exit as KVM_EXIT_MMIO. The first command write leaves ROMD
 * (the slot is removed: every access traps to this device) until the device returns to read array.
 * `onRomd` tells the machine when to add or remove the slot. Nothing is written back to the image file:
 * the flash content lives for the run, as QEMU's without a -drive.
 */
import type { MmioDevice } from './pl011.ts';

export const PFLASH_BANK_WIDTH = 4;
export const PFLASH_DEVICE_WIDTH = 2;
export const PFLASH_SECTOR_LEN = 256 * 1024;
export const PFLASH_ID0 = 0x89;
export const PFLASH_ID1 = 0x18;

export const STATUS_READY = 0x80;
export const STATUS_ERASE_ERROR = 0x20;
export const STATUS_PROGRAM_ERROR = 0x10;

/** The per-device CFI table (hw/block/pflash_cfi01.c pflash_cfi01_fill_cfi_table), indexed by word. */
export function cfiTable(bankSize: number): Uint8Array {
  const numDevices = PFLASH_BANK_WIDTH / PFLASH_DEVICE_WIDTH;
  const blocks = bankSize / PFLASH_SECTOR_LEN;
  const sectorPerDevice = PFLASH_SECTOR_LEN / numDevices;
  const deviceLen = sectorPerDevice * blocks;
  const t = new Uint8Array(0x52);
  t.set([0x51, 0x52, 0x59], 0x10);           // "QRY"
  t.set([0x01, 0x00, 0x31, 0x00], 0x13);     // primary command set 0x0001 (Intel), extended table at 0x31
  t.set([0x45, 0x55, 0x00, 0x00], 0x1b);     // Vcc 4.5-5.5 V, no Vpp
  t.set([0x07, 0x07, 0x0a, 0x00], 0x1f);     // typical timeouts: word 2^7 us, buffer 2^7 us, block 2^10 ms, chip none
  t.set([0x04, 0x04, 0x04, 0x00], 0x23);     // maximum timeouts: 2^4 times typical
  t[0x27] = Math.log2(deviceLen);             // device size 2^n bytes
  t.set([0x02, 0x00], 0x28);                 // x8/x16 interface
  t.set([0x0b, 0x00], 0x2a);                 // write buffer 2^11 bytes per device
  t[0x2c] = 0x01;                             // one erase block region
  t.set([(blocks - 1) & 0xff, (blocks - 1) >> 8, (sectorPerDevice >> 8) & 0xff, sectorPerDevice >> 16], 0x2d);
  t.set([0x50, 0x52, 0x49, 0x31, 0x30], 0x31); // "PRI", version "1" "0"
  t[0x3f] = 0x01;                             // one protection field
  return t;
}

/** The device's command state (saveState / restoreState). */
export interface PflashState {
  cmd: number;
  wcycle: number;
  status: number;
  counter: number;
  romd: boolean;
  blkOffset: number;
  /** The staged block write, while one is under way. */
  blk: Uint8Array | undefined;
}

export class PflashCfi01 implements MmioDevice {
  readonly name: string;
  private cmd = 0x00;
  private wcycle = 0;
  private status = STATUS_READY;
  private counter = 0;
  private romd = true;
  private readonly cfi: Uint8Array;
  /** Bytes a buffered program stages (2 KiB per device), committed on the 0xd0 confirm. */
  private readonly writeblockSize = (1 << 11) * (PFLASH_BANK_WIDTH / PFLASH_DEVICE_WIDTH);
  private readonly blkBytes: Uint8Array;
  private blkOffset = -1;

  constructor(
    /** The flash content; its length is the bank size (a multiple of the sector size). */
    readonly storage: Uint8Array,
    opts: { name?: string; onRomd?: (romd: boolean) => void; log?: (message: string) => void; onStore?: (offset: number, len: number) => void } = {},
  ) {
    if (storage.length === 0 || storage.length % PFLASH_SECTOR_LEN) throw new RangeError(`pflash: size ${storage.length} is not a multiple of 256 KiB`);
    this.name = opts.name ?? 'pflash';
    this.onRomd = opts.onRomd ?? (() => {});
    this.log = opts.log ?? (() => {});
    this.onStore = opts.onStore ?? (() => {});
    this.cfi = cfiTable(storage.length);
    this.blkBytes = new Uint8Array(this.writeblockSize);
  }

  private readonly onRomd: (romd: boolean) => void;
  private readonly log: (message: string) => void;
  /** Told before every change the device makes to `storage` (a VMM keeping the flash's past). */
  private readonly onStore: (offset: number, len: number) => void;

  /** In read-array mode the flash is plain memory (the read-only slot is mapped). */
  get inRomd(): boolean {
    return this.romd;
  }

  /** Machine reset (pflash_cfi01_system_reset): read array, status ready, no block write staged. */
  reset(): void {
    const before = this.romd;
    this.readArray();
    this.status = STATUS_READY;
    this.blkOffset = -1;
    if (!before) this.onRomd(true);
  }

  /** The command state machine, for a VMM that saves the device (the content is `storage`). */
  saveState(): PflashState {
    return {
      cmd: this.cmd, wcycle: this.wcycle, status: this.status, counter: this.counter, romd: this.romd,
      blkOffset: this.blkOffset, blk: this.blkOffset === -1 ? undefined : this.blkBytes.slice(),
    };
  }

  /** Put a saved command state back; the read-only slot follows its read-array mode (onRomd). */
  restoreState(st: PflashState): void {
    const before = this.romd;
    this.cmd = st.cmd;
    this.wcycle = st.wcycle;
    this.status = st.status;
    this.counter = st.counter;
    this.romd = st.romd;
    this.blkOffset = st.blkOffset;
    if (st.blk) this.blkBytes.set(st.blk);
    if (this.romd !== before) this.onRomd(this.romd);
  }

  read(offset: number, len: number): bigint {
    // QEMU's memory core splits an 8-byte access into two 4-byte ones (the device implements up to 4).
    if (len === 8) return this.read(offset, 4) | (this.read(offset + 4, 4) << 32n);
    const v = this.read32(offset, len);
    return BigInt(len === 4 ? v >>> 0 : v & ((1 << (8 * len)) - 1));
  }

  write(offset: number, len: number, value: bigint): void {
    if (len === 8) {
      this.write(offset, 4, value & 0xffffffffn);
      this.write(offset + 4, 4, value >> 32n);
      return;
    }
    const before = this.romd;
    this.write32(offset, len, Number(value & 0xffffffffn) >>> 0);
    if (this.romd !== before) this.onRomd(this.romd);
  }

  private read32(offset: number, width: number): number {
    switch (this.cmd) {
      case 0x00: // read array
        return this.dataRead(offset, width);
      case 0x10: case 0x20: case 0x28: case 0x40: case 0x50: case 0x60: case 0x70: case 0xe8:
        return this.replicate(this.status);
      case 0x90: {
        const i = (offset >>> 2) & 0xff; // device word address
        return i === 0 ? this.replicate(PFLASH_ID0) : i === 1 ? this.replicate(PFLASH_ID1) : 0;
      }
      case 0x98: {
        const i = offset >>> 2;
        return i >= this.cfi.length ? 0 : this.replicate(this.cfi[i]!);
      }
      default:
        this.log(`${this.name}: read in unknown command state 0x${this.cmd.toString(16)}: back to read array`);
        this.wcycle = 0;
        this.cmd = 0x00;
        return this.dataRead(offset, width);
    }
  }

  /** One answer per 16-bit device lane. */
  private replicate(v: number): number {
    return ((v & 0xffff) | ((v & 0xffff) << 16)) >>> 0;
  }

  private dataRead(offset: number, width: number): number {
    let v = 0;
    for (let i = width - 1; i >= 0; i--) v = (v << 8) | (this.storage[offset + i] ?? 0);
    return v >>> 0;
  }

  private dataWrite(offset: number, width: number, value: number): void {
    let target = this.storage, at = offset;
    if (this.blkOffset !== -1) {
      if (offset < this.blkOffset || offset + width > this.blkOffset + this.writeblockSize) {
        this.status |= STATUS_PROGRAM_ERROR;
        return;
      }
      target = this.blkBytes;
      at = offset - this.blkOffset;
    }
    if (target === this.storage) this.onStore(offset, width);
    for (let i = 0; i < width; i++) target[at + i] = (value >>> (8 * i)) & 0xff;
  }

  private readArray(): void {
    this.cmd = 0x00;
    this.wcycle = 0;
    this.romd = true;
  }

  private unknown(offset: number, value: number): void {
    this.log(`${this.name}: unimplemented command sequence (offset 0x${offset.toString(16)}, cycle ${this.wcycle}, ` +
      `command 0x${this.cmd.toString(16)}, value 0x${value.toString(16)}): back to read array`);
    this.readArray();
  }

  private write32(offset: number, width: number, value: number): void {
    const cmd = value & 0xff;
    if (this.wcycle === 0) this.romd = false; // command mode: every access reaches the device
    switch (this.wcycle) {
      case 0:
        switch (cmd) {
          case 0x00: case 0xf0: case 0xff: return this.readArray();
          case 0x50: this.status = 0; return this.readArray();
          case 0x70: case 0x90: this.cmd = cmd; return;
          case 0x10: case 0x40: case 0x60: case 0x98: break;
          case 0x20: {
            const base = offset & ~(PFLASH_SECTOR_LEN - 1);
            this.onStore(base, PFLASH_SECTOR_LEN);
            this.storage.fill(0xff, base, base + PFLASH_SECTOR_LEN);
            this.status |= STATUS_READY;
            break;
          }
          case 0xe8: this.status |= STATUS_READY; break;
          default: return this.unknown(offset, value);
        }
        this.wcycle = 1;
        this.cmd = cmd;
        return;
      case 1:
        switch (this.cmd) {
          case 0x10: case 0x40:
            this.dataWrite(offset, width, value);
            this.status |= STATUS_READY;
            this.wcycle = 0;
            return;
          case 0x20: case 0x28:
            if (cmd === 0xd0) { this.wcycle = 0; this.status |= STATUS_READY; return; }
            if (cmd === 0xff) return this.readArray();
            return this.unknown(offset, value);
          case 0xe8:
            this.counter = value & 0xffff; // count - 1, one device lane
            this.wcycle = 2;
            this.blkOffset = offset & ~(this.writeblockSize - 1);
            this.blkBytes.set(this.storage.subarray(this.blkOffset, this.blkOffset + this.writeblockSize));
            return;
          case 0x60:
            if (cmd === 0xd0 || cmd === 0x01) { this.wcycle = 0; this.status |= STATUS_READY; return; }
            return this.readArray();
          case 0x98:
            if (cmd === 0xff) return this.readArray();
            return; // stays in query mode
          default:
            return this.unknown(offset, value);
        }
      case 2: // buffered program data
        if (this.cmd !== 0xe8) return this.unknown(offset, value);
        if (this.blkOffset !== -1) this.dataWrite(offset, width, value);
        else this.status |= STATUS_PROGRAM_ERROR;
        this.status |= STATUS_READY;
        if (this.counter === 0) this.wcycle = 3;
        this.counter = (this.counter - 1) >>> 0;
        return;
      case 3: // buffered program confirm
        if (this.cmd === 0xe8 && cmd === 0xd0 && !(this.status & STATUS_PROGRAM_ERROR)) {
          this.onStore(this.blkOffset, this.writeblockSize);
          this.storage.set(this.blkBytes, this.blkOffset);
          this.blkOffset = -1;
          this.wcycle = 0;
          this.status |= STATUS_READY;
          return;
        }
        this.blkOffset = -1;
        if (this.cmd !== 0xe8) return this.unknown(offset, value);
        return this.readArray();
      default:
        return this.readArray();
    }
  }
}
