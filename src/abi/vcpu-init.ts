/**
 * struct kvm_vcpu_init (KVM_ARM_VCPU_INIT / KVM_ARM_PREFERRED_TARGET, api.rst "KVM_ARM_VCPU_INIT"):
 * a target CPU type and seven 32-bit words of feature bits (bit n lives in features[n / 32]).
 */
import type { Endian } from './backend.ts';
import { readU32, writeU32 } from './codec.ts';
import { fieldInfo } from './layout.ts';
import { KVM_VCPU_INIT } from './kvm-structs.ts';

export interface VcpuInit {
  target: number;
  /** Feature bit numbers (KVM_ARM_VCPU_*), each 0..223. */
  features: number[];
}

const TARGET = fieldInfo(KVM_VCPU_INIT, 'target').offset;
const FEATURES = fieldInfo(KVM_VCPU_INIT, 'features').offset;
const WORDS = fieldInfo(KVM_VCPU_INIT, 'features').size / 4;

/** The 32 bytes of struct kvm_vcpu_init in byte order `e`. */
export function encodeVcpuInit(v: VcpuInit, e: Endian): Uint8Array {
  const b = new Uint8Array(KVM_VCPU_INIT.size);
  writeU32(b, TARGET, v.target, e);
  const words = new Array<number>(WORDS).fill(0);
  for (const bit of v.features) {
    if (!Number.isInteger(bit) || bit < 0 || bit >= WORDS * 32) {
      throw new RangeError(`kvm_vcpu_init: feature bit ${bit} outside 0..${WORDS * 32 - 1}`);
    }
    words[bit >> 5] = (words[bit >> 5]! | (1 << (bit & 31))) >>> 0;
  }
  words.forEach((w, i) => writeU32(b, FEATURES + 4 * i, w, e));
  return b;
}

/** Parses struct kvm_vcpu_init bytes; features come back as ascending bit numbers. */
export function decodeVcpuInit(b: Uint8Array, e: Endian): VcpuInit {
  if (b.length < KVM_VCPU_INIT.size) throw new RangeError(`kvm_vcpu_init is ${KVM_VCPU_INIT.size} bytes, got ${b.length}`);
  const features: number[] = [];
  for (let i = 0; i < WORDS; i++) {
    const w = readU32(b, FEATURES + 4 * i, e);
    for (let bit = 0; bit < 32; bit++) if ((w >>> bit) & 1) features.push(i * 32 + bit);
  }
  return { target: readU32(b, TARGET, e), features };
}
