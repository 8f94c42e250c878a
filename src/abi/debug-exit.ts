/**
 * The consumer rule of the 5.19 ABI change (api.rst, kvm_run `flags` and the KVM_EXIT_DEBUG exit;
 * arch/arm64/include/uapi/asm/kvm.h struct kvm_debug_exit_arch):
 *
 *  - `hsr` (offset 0 of debug.arch) is ESR_EL2[31:0] on every kernel.
 *  - The 4 bytes at offset 4 are `hsr_high` = ESR_EL2[63:32] only when kvm_run.flags has
 *    KVM_DEBUG_ARCH_HSR_HIGH_VALID. A pre-5.19 kernel never writes them nor the flag, so they hold
 *    whatever an earlier exit or userspace left (e.g. the top half of an MMIO exit's phys_addr).
 *  - `far` (offset 8) is meaningful only for watchpoint exits; otherwise it is stale.
 *
 * Reading `hsr` as one 64-bit field would be wrong: on big-endian the first four bytes are the *high*
 * half of a 64-bit load, so ESR[31:0] would land in bits 63:32.
 */
import type { Endian } from './backend.ts';
import { readU16, readU32, readU64 } from './codec.ts';
import { KVM_DEBUG_ARCH_HSR_HIGH_VALID } from './constants.ts';
import { RUN_OFF } from './kvm-run.ts';

export interface DebugExitArch {
  /** ESR[31:0]. */
  hsr: number;
  /** ESR[63:32] when the kernel said it is valid, else null (unknown: the bytes are not ESR). */
  hsrHigh: number | null;
  highValid: boolean;
  /** The full 64-bit ESR when highValid, else just the low 32 bits. */
  esr: bigint;
  /** As the bytes say (meaningful only for watchpoint exits). */
  far: bigint;
  /** A copy of the 16 bytes of kvm_run.debug.arch. */
  raw: Uint8Array;
}

/** Decodes the 16 bytes of kvm_run.debug.arch given kvm_run.flags and the kernel's byte order. */
export function decodeDebugArch(bytes16: Uint8Array, flags: number, e: Endian): DebugExitArch {
  if (bytes16.length !== 16) throw new RangeError(`kvm_debug_exit_arch is 16 bytes, got ${bytes16.length}`);
  const hsr = readU32(bytes16, 0, e);
  const highValid = (flags & KVM_DEBUG_ARCH_HSR_HIGH_VALID) !== 0;
  const hsrHigh = highValid ? readU32(bytes16, 4, e) : null;
  const esr = hsrHigh === null ? BigInt(hsr) : (BigInt(hsrHigh) << 32n) | BigInt(hsr);
  return { hsr, hsrHigh, highValid, esr, far: readU64(bytes16, 8, e), raw: bytes16.slice() };
}

/**
 * Reads flags and debug.arch from a kvm_run buffer and applies the rule above. The rule trusts the
 * flag, and a pre-5.19 kernel never writes kvm_run.flags: a bit 0 that userspace left set survives
 * (observed on 5.10: 0xffff stayed 0xffff), so a VMM should zero flags before each KVM_RUN.
 */
export function readDebugExit(run: Uint8Array, e: Endian): DebugExitArch {
  if (run.length < RUN_OFF.debugArch + 16) throw new RangeError(`kvm_run buffer too short (${run.length} bytes)`);
  const flags = readU16(run, RUN_OFF.flags, e);
  return decodeDebugArch(run.subarray(RUN_OFF.debugArch, RUN_OFF.debugArch + 16), flags, e);
}

