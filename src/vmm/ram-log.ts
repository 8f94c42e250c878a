/**
 * The RAM slot's dirty log (KVM_MEM_LOG_DIRTY_PAGES + KVM_GET_DIRTY_LOG), with one reader for everyone
 * who needs it: KVM_GET_DIRTY_LOG hands out each dirty bit once and clears it, so history (page copies at
 * checkpoints) and the run statistics (`kvmdbg run --stats`: guest RAM written since the boot) read it
 * through here. Every bitmap fetched also joins `written`, the pages written since logging started.
 *
 * KVM logs what the guest writes (and the kernel's own kvm_write_guest); what the VMM writes through its
 * own mapping of the slot (loading the kernel, the initrd, the device tree) never reaches the log, as on
 * real KVM, so the machine reports those pages itself (`noteVmmWrite`).
 */
import { KVM_MEM_LOG_DIRTY_PAGES, dirtyBitmapBytes, dirtyPages, encodeDirtyLog, type Endian, type KvmVm } from '../abi/index.ts';

const PAGE = 4096;

export class RamLog {
  private readonly bitmap: Uint8Array;
  /** Pages the dirty log reported, since logging started. */
  private readonly written: Uint8Array;
  /** Pages the VMM wrote. */
  private readonly loaded: Uint8Array;
  private readonly log: Uint8Array;
  private logging = false;

  constructor(private readonly vm: KvmVm, private readonly ram: Uint8Array, private readonly ramBase: bigint,
    private readonly slot: number, e: Endian) {
    this.bitmap = new Uint8Array(dirtyBitmapBytes(ram.length / PAGE));
    this.written = new Uint8Array(this.bitmap.length);
    this.loaded = new Uint8Array(this.bitmap.length);
    this.log = encodeDirtyLog(slot, e);
  }

  /** The kernel has KVM_GET_DIRTY_LOG (the model and /dev/kvm do; a backend may not). */
  get available(): boolean {
    return this.vm.getDirtyLog !== undefined;
  }

  /** Logging is on. */
  get started(): boolean {
    return this.logging;
  }

  /**
   * Turn logging on for the slot (KVM_SET_USER_MEMORY_REGION with KVM_MEM_LOG_DIRTY_PAGES: the kernel
   * write-protects the slot, so each page's first write is logged). Once; later calls do nothing.
   * Returns false when the kernel has no KVM_GET_DIRTY_LOG.
   */
  start(): boolean {
    if (!this.available) return false;
    if (this.logging) return true;
    this.vm.setUserMemoryRegion({ slot: this.slot, flags: KVM_MEM_LOG_DIRTY_PAGES, guestPhysAddr: this.ramBase, memory: this.ram });
    this.logging = true;
    return true;
  }

  /**
   * KVM_GET_DIRTY_LOG: the pages written since the last call (a bitmap, one bit per page, reused by the
   * next call), which also join `written`. Logging must be on.
   */
  collect(): Uint8Array {
    if (!this.logging) throw new Error('RamLog.collect: dirty logging is off');
    this.vm.getDirtyLog!(this.log, this.bitmap);
    for (let i = 0; i < this.bitmap.length; i++) this.written[i]! |= this.bitmap[i]!;
    return this.bitmap;
  }

  /** The VMM wrote RAM bytes [off, off + len) through its mapping. */
  noteVmmWrite(off: number, len: number): void {
    if (len <= 0) return;
    const last = Math.floor((Math.min(this.ram.length, off + len) - 1) / PAGE);
    for (let p = Math.max(0, Math.floor(off / PAGE)); p <= last; p++) this.loaded[p >> 3]! |= 1 << (p & 7);
  }

  /** The pages the VMM wrote (noteVmmWrite), in order. */
  vmmWrittenPages(): number[] {
    return dirtyPages(this.loaded, this.ram.length / PAGE);
  }

  /**
   * Pages written, as of now: by the guest (and the kernel for it) since logging started, by the VMM, and
   * by either (each page once).
   */
  writtenPages(): { guest: number; vmm: number; total: number } {
    if (this.logging) this.collect();
    const pages = this.ram.length / PAGE;
    const both = this.written.map((b, i) => b | this.loaded[i]!);
    return { guest: dirtyPages(this.written, pages).length, vmm: dirtyPages(this.loaded, pages).length, total: dirtyPages(both, pages).length };
  }
}
