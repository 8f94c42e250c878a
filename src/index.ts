/**
 * kvmdbg's front door: the ESR_ELx decoder and the consumer rule of `kvm_run.debug.arch` (hsr, hsr_high
 * only when KVM_DEBUG_ARCH_HSR_HIGH_VALID is set, far), the two things most callers want. Pure code that
 * also loads in a browser. The layers have their own entry points: `kvmdbg/abi`, `kvmdbg/esr`,
 * `kvmdbg/kvm` (the KVM model, `createModelKvm`), `kvmdbg/vmm`, `kvmdbg/gdbstub`, `kvmdbg/realkvm`.
 *
 * @module
 */
export { decodeEsr, parseEsr, EsrParseError, formatEsrTree, esrToJson } from './esr/index.ts';
export type { DecodedEsr, EcInfo, EsrField, EsrJson } from './esr/index.ts';
export { decodeDebugArch, readDebugExit, KVM_DEBUG_ARCH_HSR_HIGH_VALID, type DebugExitArch, type Endian } from './abi/index.ts';
