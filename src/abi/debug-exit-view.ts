/**
 * One description of a KVM_EXIT_DEBUG as userspace must read it, in the same words wherever kvmdbg
 * shows one (`kvmdbg esr --debug-exit`, the debugger's `monitor exit`, the web page, the exit log):
 * which bytes of kvm_run.debug.arch are ESR bits under the flag rule (debug-exit.ts), and whether `far`
 * was written for this exit. Linux's kvm_handle_guest_debug (arch/arm64/kvm/handle_exit.c) stores far
 * only when ESR_ELx_EC(esr) is ESR_ELx_EC_WATCHPT_LOW; for every other debug exit the bytes are stale.
 */
import type { Endian } from './backend.ts';
import type { DebugExitArch } from './debug-exit.ts';

/** ESR_ELx_EC_WATCHPT_LOW (Arm ARM, ESR_ELx.EC 0b110100); EC is ESR[31:26], always inside hsr. */
const EC_WATCHPT_LOW = 0x34;

export interface DebugExitField {
  name: 'hsr' | 'hsr_high' | 'far';
  /** `0x…` with the field's width, or `unknown` for hsr_high when the flag is clear. */
  value: string;
  meaning: string;
}

export interface DebugExitView {
  arch: DebugExitArch;
  flags: number;
  endian: Endian;
  /** The kernel wrote far for this exit (a watchpoint); otherwise those bytes are stale. */
  farWritten: boolean;
  /** The 16 bytes as `hh hh …`. */
  raw: string;
  /** `0x0001: KVM_DEBUG_ARCH_HSR_HIGH_VALID set` (or clear). */
  flagsText: string;
  /** What the ESR is: all 64 bits, or only ESR[31:0]. */
  verdict: string;
  fields: DebugExitField[];
}

const hexN = (v: bigint | number, digits: number): string => `0x${v.toString(16).padStart(digits, '0')}`;

export function describeDebugExit(arch: DebugExitArch, flags: number, endian: Endian): DebugExitView {
  const raw = Array.from(arch.raw, (b) => b.toString(16).padStart(2, '0')).join(' ');
  const farWritten = ((arch.hsr >>> 26) & 0x3f) === EC_WATCHPT_LOW;
  return {
    arch, flags, endian, farWritten, raw,
    flagsText: `${hexN(flags, 4)}: KVM_DEBUG_ARCH_HSR_HIGH_VALID ${arch.highValid ? 'set' : 'clear'}`,
    verdict: arch.highValid ? `ESR = ${hexN(arch.esr, 16)} (all 64 bits)` : `ESR[31:0] = ${hexN(arch.hsr, 8)}; ESR[63:32] unknown`,
    fields: [
      { name: 'hsr', value: hexN(arch.hsr, 8), meaning: 'ESR[31:0]' },
      arch.hsrHigh === null
        ? {
          name: 'hsr_high', value: 'unknown',
          meaning: `the flag is clear, so bytes 4..7 (${raw.slice(12, 23)}) are not ESR[63:32] (a kernel before 5.19 leaves them stale)`,
        }
        : { name: 'hsr_high', value: hexN(arch.hsrHigh, 8), meaning: 'ESR[63:32]' },
      {
        name: 'far', value: hexN(arch.far, 16),
        meaning: farWritten ? 'FAR of the watchpoint hit' : 'not meaningful: KVM writes far only for watchpoint exits (these bytes may be stale)',
      },
    ],
  };
}

/** The description as text lines: the raw bytes, flags, then one line per field. */
export function formatDebugExit(v: DebugExitView): string {
  return [
    `kvm_run.debug.arch (${v.endian}): ${v.raw}`,
    `flags    ${v.flagsText}`,
    ...v.fields.map((f) => `${f.name.padEnd(8)} ${f.value}  ${f.meaning}`),
  ].join('\n') + '\n';
}
