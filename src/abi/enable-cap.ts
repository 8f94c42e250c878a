/**
 * struct kvm_enable_cap (KVM_ENABLE_CAP, api.rst "KVM_ENABLE_CAP"): a capability number, flags, four
 * 64-bit arguments whose meaning the capability defines, and 64 bytes of padding.
 */
import type { Endian } from './backend.ts';
import { readU32, readU64, writeU32, writeU64 } from './codec.ts';
import { fieldInfo } from './layout.ts';
import { KVM_ENABLE_CAP } from './kvm-structs.ts';

export interface EnableCap {
  cap: number;
  flags: number;
  /** Up to four; missing ones are 0. */
  args: readonly bigint[];
}

const CAP = fieldInfo(KVM_ENABLE_CAP, 'cap').offset;
const FLAGS = fieldInfo(KVM_ENABLE_CAP, 'flags').offset;
const ARGS = fieldInfo(KVM_ENABLE_CAP, 'args').offset;

/** The 104 bytes of struct kvm_enable_cap in byte order `e`. */
export function encodeEnableCap(c: EnableCap, e: Endian): Uint8Array {
  if (c.args.length > 4) throw new RangeError(`kvm_enable_cap has 4 args, got ${c.args.length}`);
  const b = new Uint8Array(KVM_ENABLE_CAP.size);
  writeU32(b, CAP, c.cap >>> 0, e);
  writeU32(b, FLAGS, c.flags >>> 0, e);
  c.args.forEach((a, i) => writeU64(b, ARGS + 8 * i, BigInt.asUintN(64, a), e));
  return b;
}

export function decodeEnableCap(b: Uint8Array, e: Endian): EnableCap {
  if (b.length < KVM_ENABLE_CAP.size) throw new RangeError(`kvm_enable_cap is ${KVM_ENABLE_CAP.size} bytes, got ${b.length}`);
  return {
    cap: readU32(b, CAP, e),
    flags: readU32(b, FLAGS, e),
    args: [0, 1, 2, 3].map((i) => readU64(b, ARGS + 8 * i, e)),
  };
}
