/**
 * Kernel versions as the ABI cares about them: `kvm_debug_exit_arch.hsr_high` and
 * KVM_DEBUG_ARCH_HSR_HIGH_VALID arrived in Linux 5.19 ("KVM: arm64: uapi: Add kvm_debug_exit_arch.hsr_high").
 */
import { KVM_DEBUG_EXIT_ARCH, KVM_DEBUG_EXIT_ARCH_PRE_5_19, KVM_RUN, KVM_RUN_PRE_5_19, STRUCTS } from './kvm-structs.ts';
import type { StructLayout } from './layout.ts';

export interface KernelVersion {
  major: number;
  minor: number;
  patch: number;
}

const VERSION = /^(\d+)\.(\d+)(?:\.(\d+))?$/;
/** Largest MAJOR, MINOR and PATCH accepted (three, three and five digits). */
const LIMITS = [['major', 999], ['minor', 999], ['patch', 99999]] as const;

/** Parses 'MAJOR.MINOR' or 'MAJOR.MINOR.PATCH' (e.g. '5.10', '6.1.192'); throws an Error naming the problem. */
export function parseKernelVersion(text: string): KernelVersion {
  const mt = VERSION.exec(text.trim());
  if (!mt) throw new Error(`kernel version '${text}' is not MAJOR.MINOR[.PATCH] (e.g. 5.10 or 6.1.192)`);
  LIMITS.forEach(([name, max], i) => {
    const part = mt[i + 1];
    if (part !== undefined && Number(part) > max) throw new Error(`kernel version '${text}': ${name} ${part} is too large (at most ${max})`);
  });
  const v = { major: Number(mt[1]), minor: Number(mt[2]), patch: Number(mt[3] ?? 0) };
  if (v.major < 3) throw new Error(`kernel version '${text}': arm64 KVM starts with Linux 3.11`);
  return v;
}

export const HSR_HIGH_SINCE: KernelVersion = { major: 5, minor: 19, patch: 0 };

export function versionAtLeast(v: KernelVersion, w: KernelVersion): boolean {
  return v.major !== w.major ? v.major > w.major : v.minor !== w.minor ? v.minor > w.minor : v.patch >= w.patch;
}

/** Whether a kernel declares (and writes) debug.arch.hsr_high and the HSR_HIGH_VALID flag. */
export function hasHsrHigh(v: KernelVersion): boolean {
  return versionAtLeast(v, HSR_HIGH_SINCE);
}

/**
 * The layout of a struct as a given kernel's headers declare it: the pre-5.19 descriptors for
 * kvm_debug_exit_arch and kvm_run on older kernels, the current one otherwise. Null for unknown names.
 */
export function structForKernel(name: string, v: KernelVersion | null): StructLayout | null {
  if (!Object.hasOwn(STRUCTS, name)) return null;   // 'toString' is not a struct
  const s = STRUCTS[name]!;
  if (v === null || hasHsrHigh(v)) return s;
  if (s === KVM_DEBUG_EXIT_ARCH) return KVM_DEBUG_EXIT_ARCH_PRE_5_19;
  if (s === KVM_RUN) return KVM_RUN_PRE_5_19;
  return s;
}
