/**
 * struct kvm_reg_list (KVM_GET_REG_LIST) and struct kvm_dirty_log (KVM_GET_DIRTY_LOG) as bytes, and the
 * dirty bitmap's bit order.
 *
 * A kvm_reg_list is `__u64 n` followed by `n` register ids; the buffer handed to the ioctl stands for the
 * memory the struct pointer reaches, so its length bounds what the kernel may write (EFAULT beyond it).
 * The dirty bitmap has one bit per page of the slot, page k at bit k % 8 of byte k / 8 (the kernel sets
 * it with set_bit_le, so the order does not depend on the host's), and is as long as the slot's pages
 * rounded up to a multiple of 64 (kvm_dirty_bitmap_bytes).
 */
import type { Endian } from './backend.ts';
import { readU32, readU64, writeU32, writeU64 } from './codec.ts';
import { KVM_DIRTY_LOG, KVM_REG_LIST } from './kvm-structs.ts';

/** A kvm_reg_list buffer with room for `capacity` ids, `n` = capacity. */
export function encodeRegList(capacity: number, e: Endian): Uint8Array {
  if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`kvm_reg_list: capacity ${capacity}`);
  const b = new Uint8Array(KVM_REG_LIST.size + 8 * capacity);
  writeU64(b, 0, BigInt(capacity), e);
  return b;
}

/** `n` of a kvm_reg_list: the vCPU's count after KVM_GET_REG_LIST, E2BIG or not. */
export function regListCount(b: Uint8Array, e: Endian): number {
  return Number(readU64(b, 0, e));
}

/** The ids a successful KVM_GET_REG_LIST wrote. */
export function decodeRegList(b: Uint8Array, e: Endian): bigint[] {
  const n = regListCount(b, e);
  if (b.length < KVM_REG_LIST.size + 8 * n) throw new RangeError(`kvm_reg_list: n = ${n} ids do not fit ${b.length} bytes`);
  return Array.from({ length: n }, (_, i) => readU64(b, KVM_REG_LIST.size + 8 * i, e));
}

/** The 16 bytes of struct kvm_dirty_log for `slot` (the bitmap travels beside it, not by address). */
export function encodeDirtyLog(slot: number, e: Endian): Uint8Array {
  const b = new Uint8Array(KVM_DIRTY_LOG.size);
  writeU32(b, 0, slot >>> 0, e);
  return b;
}

export function decodeDirtyLog(b: Uint8Array, e: Endian): { slot: number } {
  if (b.length < KVM_DIRTY_LOG.size) throw new RangeError(`kvm_dirty_log is ${KVM_DIRTY_LOG.size} bytes, got ${b.length}`);
  return { slot: readU32(b, 0, e) };
}

/** kvm_dirty_bitmap_bytes(): the bitmap of a slot of `pages` pages, rounded up to whole 64-bit longs. */
export function dirtyBitmapBytes(pages: number): number {
  return Math.ceil(pages / 64) * 8;
}

/** The pages whose bit is set in a dirty bitmap, in increasing order. */
export function dirtyPages(bitmap: Uint8Array, pages = bitmap.length * 8): number[] {
  const out: number[] = [];
  for (let i = 0; i < bitmap.length; i++) {
    const byte = bitmap[i]!;
    if (byte === 0) continue;
    for (let j = 0; j < 8; j++) if (byte & (1 << j) && i * 8 + j < pages) out.push(i * 8 + j);
  }
  return out;
}
