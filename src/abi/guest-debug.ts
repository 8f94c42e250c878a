/**
 * struct kvm_guest_debug (KVM_SET_GUEST_DEBUG, api.rst "KVM_SET_GUEST_DEBUG"; arm64 part in asm/kvm.h):
 * `control` (KVM_GUESTDBG_* bits), `pad`, then 16 each of DBGBCR/DBGBVR/DBGWCR/DBGWVR values, 64-bit.
 * The encoder does not judge `control`: rejecting unknown bits (EINVAL) is the kernel's job.
 */
import type { Endian } from './backend.ts';
import { readU32, readU64, writeU32, writeU64 } from './codec.ts';
import { KVM_ARM_MAX_DBG_REGS } from './constants.ts';
import { fieldInfo } from './layout.ts';
import { KVM_GUEST_DEBUG } from './kvm-structs.ts';

export interface GuestDebug {
  control: number;
  pad?: number;
  /** Up to 16 entries each; missing entries are 0. */
  bcr: bigint[];
  bvr: bigint[];
  wcr: bigint[];
  wvr: bigint[];
}

const ARRAYS = ['bcr', 'bvr', 'wcr', 'wvr'] as const;
const OFF = {
  control: fieldInfo(KVM_GUEST_DEBUG, 'control').offset,
  pad: fieldInfo(KVM_GUEST_DEBUG, 'pad').offset,
  bcr: fieldInfo(KVM_GUEST_DEBUG, 'arch.dbg_bcr').offset,
  bvr: fieldInfo(KVM_GUEST_DEBUG, 'arch.dbg_bvr').offset,
  wcr: fieldInfo(KVM_GUEST_DEBUG, 'arch.dbg_wcr').offset,
  wvr: fieldInfo(KVM_GUEST_DEBUG, 'arch.dbg_wvr').offset,
};

/** The bytes of struct kvm_guest_debug (520) in byte order `e`. */
export function encodeGuestDebug(d: GuestDebug, e: Endian): Uint8Array {
  const b = new Uint8Array(KVM_GUEST_DEBUG.size);
  writeU32(b, OFF.control, d.control, e);
  writeU32(b, OFF.pad, d.pad ?? 0, e);
  for (const k of ARRAYS) {
    const values = d[k];
    if (values.length > KVM_ARM_MAX_DBG_REGS) {
      throw new RangeError(`kvm_guest_debug: ${values.length} dbg_${k} values, at most ${KVM_ARM_MAX_DBG_REGS}`);
    }
    values.forEach((v, i) => writeU64(b, OFF[k] + 8 * i, v, e));
  }
  return b;
}

/** Parses struct kvm_guest_debug bytes; each array has 16 entries. */
export function decodeGuestDebug(b: Uint8Array, e: Endian): GuestDebug {
  if (b.length < KVM_GUEST_DEBUG.size) throw new RangeError(`kvm_guest_debug is ${KVM_GUEST_DEBUG.size} bytes, got ${b.length}`);
  const arr = (k: (typeof ARRAYS)[number]): bigint[] =>
    Array.from({ length: KVM_ARM_MAX_DBG_REGS }, (_, i) => readU64(b, OFF[k] + 8 * i, e));
  return {
    control: readU32(b, OFF.control, e), pad: readU32(b, OFF.pad, e),
    bcr: arr('bcr'), bvr: arr('bvr'), wcr: arr('wcr'), wvr: arr('wvr'),
  };
}
