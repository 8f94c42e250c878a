/**
 * struct kvm_mp_state (KVM_GET_MP_STATE / KVM_SET_MP_STATE, api.rst 4.38-4.39): the vCPU's power state,
 * one KVM_MP_STATE_* value as a __u32.
 */
import type { Endian } from './backend.ts';
import { readU32, writeU32 } from './codec.ts';
import { KVM_MP_STATE } from './kvm-structs.ts';
import { fieldInfo } from './layout.ts';

/** Where mp_state lies, found once: the VMM reads the state before every turn and every step. */
const MP_STATE_OFFSET = fieldInfo(KVM_MP_STATE, 'mp_state').offset;

/** The 4 bytes of struct kvm_mp_state in byte order `e`. */
export function encodeMpState(mpState: number, e: Endian): Uint8Array {
  const b = new Uint8Array(KVM_MP_STATE.size);
  writeU32(b, MP_STATE_OFFSET, mpState >>> 0, e);
  return b;
}

export function decodeMpState(b: Uint8Array, e: Endian): number {
  if (b.length < KVM_MP_STATE.size) throw new RangeError(`kvm_mp_state is ${KVM_MP_STATE.size} bytes, got ${b.length}`);
  return readU32(b, MP_STATE_OFFSET, e);
}
