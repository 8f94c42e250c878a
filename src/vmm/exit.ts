/**
 * What one KVM_RUN return means, decoded only from the `kvm_run` bytes (api.rst "The kvm_run
 * structure") through the abi/ codecs and offsets, in the kernel's byte order.
 *
 * The DEBUG variant carries `flags` together with the debug.arch fields decoded by the 5.19 consumer
 * rule (abi `decodeDebugArch`): `hsrHigh` is null unless KVM_DEBUG_ARCH_HSR_HIGH_VALID is set, so a VMM
 * cannot take the old padding for ESR bits by accident. The MMIO variant's `data` is a view into
 * kvm_run.mmio.data, which a read fills in place before the next KVM_RUN (as kvm-ioctls does).
 */
import {
  EXIT_REASON_NAMES, KVM_EXIT_DEBUG, KVM_EXIT_FAIL_ENTRY, KVM_EXIT_INTERNAL_ERROR, KVM_EXIT_INTR, KVM_EXIT_MMIO,
  KVM_EXIT_SYSTEM_EVENT, KVM_EXIT_ARM_NISV, KVMDBG_EXIT_INSN_BUDGET, RUN_OFF, decodeDebugArch, readU16, readU32, readU64, readU8,
  type DebugExitArch, type Endian,
} from '../abi/index.ts';

export type VcpuExit =
  | { reason: 'MMIO'; physAddr: bigint; len: number; isWrite: boolean; data: Uint8Array }
  | { reason: 'DEBUG'; flags: number; arch: DebugExitArch }
  | { reason: 'SYSTEM_EVENT'; type: number; ndata: number; data: bigint[] }
  /** KVM_RUN returned EINTR (a signal, e.g. the VMM's timer): exit_reason KVM_EXIT_INTR. */
  | { reason: 'INTR' }
  | { reason: 'FAIL_ENTRY'; hardwareEntryFailureReason: bigint }
  | { reason: 'INTERNAL_ERROR'; suberror: number }
  /** The model's instruction budget is used up (KVMDBG_CAP_INSN_BUDGET; not a Linux exit). */
  | { reason: 'INSN_BUDGET' }
  /** A data abort KVM could not decode (no valid ISV), with KVM_CAP_ARM_NISV_TO_USER. */
  | { reason: 'ARM_NISV'; esrIss: bigint; faultIpa: bigint }
  /** Any other exit_reason: the VMM does not handle it. */
  | { reason: 'UNSUPPORTED'; code: number; name: string };

/** Decode kvm_run after a KVM_RUN that returned 0; `flags` is kvm_run.flags when the caller has read it. */
export function decodeExit(run: Uint8Array, e: Endian, flags = readU16(run, RUN_OFF.flags, e)): VcpuExit {
  const code = readU32(run, RUN_OFF.exitReason, e);
  switch (code) {
    case KVM_EXIT_MMIO: {
      const len = readU32(run, RUN_OFF.mmioLen, e);
      return {
        reason: 'MMIO',
        physAddr: readU64(run, RUN_OFF.mmioPhysAddr, e),
        len,
        isWrite: readU8(run, RUN_OFF.mmioIsWrite) !== 0,
        data: run.subarray(RUN_OFF.mmioData, RUN_OFF.mmioData + 8),
      };
    }
    case KVM_EXIT_DEBUG:
      return { reason: 'DEBUG', flags, arch: decodeDebugArch(run.subarray(RUN_OFF.debugArch, RUN_OFF.debugArch + 16), flags, e) };
    case KVM_EXIT_SYSTEM_EVENT: {
      const ndata = readU32(run, RUN_OFF.systemEventNdata, e);
      const data: bigint[] = [];
      for (let i = 0; i < Math.min(ndata, 16); i++) data.push(readU64(run, RUN_OFF.systemEventData + 8 * i, e));
      return { reason: 'SYSTEM_EVENT', type: readU32(run, RUN_OFF.systemEventType, e), ndata, data };
    }
    case KVM_EXIT_INTR:
      return { reason: 'INTR' };
    case KVMDBG_EXIT_INSN_BUDGET:
      return { reason: 'INSN_BUDGET' };
    case KVM_EXIT_FAIL_ENTRY:
      return { reason: 'FAIL_ENTRY', hardwareEntryFailureReason: readU64(run, RUN_OFF.failEntryReason, e) };
    case KVM_EXIT_INTERNAL_ERROR:
      return { reason: 'INTERNAL_ERROR', suberror: readU32(run, RUN_OFF.internalSuberror, e) };
    case KVM_EXIT_ARM_NISV:
      return { reason: 'ARM_NISV', esrIss: readU64(run, RUN_OFF.armNisvEsrIss, e), faultIpa: readU64(run, RUN_OFF.armNisvFaultIpa, e) };
    default:
      return { reason: 'UNSUPPORTED', code, name: EXIT_REASON_NAMES[code] ?? `exit reason ${code}` };
  }
}

/**
 * MMIO data is the bytes of the access as they would be in memory (Linux arch/arm64/kvm/mmio.c copies
 * them with kvm_mmio_write_buf / kvm_mmio_read_buf and converts between host and guest order with
 * vcpu_data_guest_to_host / _host_to_guest), so for our little-endian guests they are little-endian
 * whatever the host byte order.
 */
export function mmioValue(data: Uint8Array, len: number): bigint {
  let v = 0n;
  for (let i = len - 1; i >= 0; i--) v = (v << 8n) | BigInt(data[i]!);
  return v;
}

/** Fill kvm_run.mmio.data with a read's value (little-endian bytes, the rest zero). */
export function setMmioValue(data: Uint8Array, len: number, value: bigint): void {
  data.fill(0);
  for (let i = 0; i < len; i++) data[i] = Number((value >> BigInt(8 * i)) & 0xffn);
}
