/**
 * Which bits of which register each byte of a struct holds, in a given byte order: the picture behind
 * the 5.19 hsr_high change. In kvm_debug_exit_arch, `hsr` carries ESR_EL2[31:0], `hsr_high`
 * ESR_EL2[63:32] and `far` FAR_EL2; the patch's commit message explains why `hsr` was not simply
 * widened to __u64: on big-endian that moves ESR[31:0] from bytes 0..3 to bytes 4..7.
 */
import type { Endian } from './backend.ts';
import { fieldInfo, flattenLayout, m, struct, type StructLayout } from './layout.ts';
import { writeU32, writeU64 } from './codec.ts';
import { U64 } from './kvm-structs.ts';

/** What a field means: bits starting at `lowBit` of register `reg` (short label, e.g. 'ESR'). */
export interface FieldMeaning {
  reg: string;
  lowBit: number;
}

/** One byte of the map: its label (e.g. 'ESR[39:32]') and field, or a hole (field null). */
export interface ByteSlot {
  offset: number;
  field: string | null;
  label: string;
}

/** The meaning of kvm_debug_exit_arch's fields (all variants share the names). */
export const DEBUG_ARCH_MEANING: Readonly<Record<string, FieldMeaning>> = Object.freeze({
  hsr: { reg: 'ESR', lowBit: 0 },
  hsr_high: { reg: 'ESR', lowBit: 32 },
  far: { reg: 'FAR', lowBit: 0 },
});

/**
 * The layout 5.19 did not adopt: `hsr` widened to __u64 in place of `hsr` + padding. Same size and
 * `far` offset as the real struct, so only a byte map shows what it would have broken.
 */
export const KVM_DEBUG_EXIT_ARCH_HSR_U64 = struct('kvm_debug_exit_arch_hsr_u64', [m('hsr', U64), m('far', U64)]);

/** Byte-by-byte meaning of `s` in byte order `e`; bytes not covered by a described field are holes. */
export function byteMap(s: StructLayout, e: Endian, meaning: Readonly<Record<string, FieldMeaning>>): ByteSlot[] {
  const out: ByteSlot[] = Array.from({ length: s.size }, (_, offset) => ({ offset, field: null, label: 'hole' }));
  for (const f of flattenLayout(s)) {
    const mean = meaning[f.name];
    if (!mean) continue;
    for (let k = 0; k < f.size; k++) {
      const j = e === 'le' ? k : f.size - 1 - k;
      const lo = mean.lowBit + 8 * j;
      out[f.offset + k] = { offset: f.offset + k, field: f.name, label: `${mean.reg}[${lo + 7}:${lo}]` };
    }
  }
  return out;
}

/** Offsets whose meaning differs between two maps of the same size. */
export function movedBytes(a: readonly ByteSlot[], b: readonly ByteSlot[]): number[] {
  return a.filter((x, i) => x.label !== b[i]?.label).map((x) => x.offset);
}

/**
 * The 16 bytes a kernel using layout `s` (any kvm_debug_exit_arch variant above) stores for an exit with
 * this ESR and FAR: `hsr` gets as many ESR bits as it is wide, `hsr_high` (if declared) ESR[63:32]; a
 * hole stays zero here.
 */
export function encodeDebugArch(s: StructLayout, esr: bigint, far: bigint, e: Endian): Uint8Array {
  const b = new Uint8Array(s.size);
  const names = new Set(flattenLayout(s).map((f) => f.name));
  const hsr = fieldInfo(s, 'hsr');
  if (hsr.size === 8) writeU64(b, hsr.offset, esr, e);
  else writeU32(b, hsr.offset, Number(esr & 0xffffffffn), e);
  if (names.has('hsr_high')) writeU32(b, fieldInfo(s, 'hsr_high').offset, Number((esr >> 32n) & 0xffffffffn), e);
  writeU64(b, fieldInfo(s, 'far').offset, far, e);
  return b;
}
