/**
 * Which byte arrays are host mappings the backend made (guest memory), and at which address. The kernel
 * takes `userspace_addr` in KVM_SET_USER_MEMORY_REGION; only memory that stays mapped (never collected,
 * never moved) may be handed over, so anything else is refused.
 */
export class GuestMappings {
  private readonly base = new WeakMap<ArrayBuffer, bigint>();
  /** Keeps the views (and so the mappings' wrappers) alive for the process's lifetime. */
  private readonly keep: Uint8Array[] = [];

  add(bytes: Uint8Array, ptr: bigint): void {
    this.base.set(bytes.buffer as ArrayBuffer, ptr);
    this.keep.push(bytes);
  }

  /** The host address of `bytes[0]`, or null when `bytes` is not inside a mapping made here. */
  addressOf(bytes: Uint8Array): bigint | null {
    const b = this.base.get(bytes.buffer as ArrayBuffer);
    return b === undefined ? null : b + BigInt(bytes.byteOffset);
  }
}
