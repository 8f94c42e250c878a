/**
 * AArch64 as GDB sees it: register numbering and the target description (GDB manual, "Target
 * Descriptions" and "AArch64 Features"). GDB requires the feature `org.gnu.gdb.aarch64.core` with x0–x30,
 * sp, pc and a 32-bit cpsr, and accepts `org.gnu.gdb.aarch64.fpu` with v0–v31 (128-bit), fpsr, fpcr.
 * Register numbers follow the order of the description: 0–30 x, 31 sp, 32 pc, 33 cpsr, 34–65 v, 66 fpsr,
 * 67 fpcr, then the system registers, if any, in the feature QEMU's stub names `org.qemu.gdb.arm.sys.regs`
 * (each 64-bit, type int, group `cp_regs`, from regnum 68; QEMU target/arm/gdbstub.c). The `g` packet
 * carries the core feature only (x0..pc 8 bytes each, cpsr 4), little-endian.
 */

export const REG_SP = 31;
export const REG_PC = 32;
export const REG_CPSR = 33;
export const REG_V0 = 34;
export const REG_FPSR = 66;
export const REG_FPCR = 67;
export const CORE_REG_COUNT = 34;

/** Which optional features the description has: the fpu, and the system registers by name. */
export interface RegisterLayout {
  fpu: boolean;
  sys: readonly string[];
}

/** The regnum of the first system register: right after the last register of the features before it. */
export function sysRegBase(layout: RegisterLayout): number {
  return layout.fpu ? REG_FPCR + 1 : CORE_REG_COUNT;
}

/** Size in bytes of register `n`, or 0 when there is no such register in the description. */
export function regSize(n: number, layout: RegisterLayout): number {
  if (n >= 0 && n <= REG_PC) return 8;
  if (n === REG_CPSR) return 4;
  const base = sysRegBase(layout);
  if (n >= base && n < base + layout.sys.length) return 8;
  if (!layout.fpu) return 0;
  if (n >= REG_V0 && n < REG_FPSR) return 16;
  if (n === REG_FPSR || n === REG_FPCR) return 4;
  return 0;
}

/** Bytes of a `g` reply: 33 × 8 + 4. */
export const G_PACKET_BYTES = 33 * 8 + 4;

function coreFeature(): string {
  const regs: string[] = [];
  for (let i = 0; i <= 30; i++) regs.push(`<reg name="x${i}" bitsize="64" regnum="${i}"/>`);
  regs.push('<reg name="sp" bitsize="64" type="data_ptr"/>');
  regs.push('<reg name="pc" bitsize="64" type="code_ptr"/>');
  regs.push('<reg name="cpsr" bitsize="32"/>');
  return `<feature name="org.gnu.gdb.aarch64.core">${regs.join('')}</feature>`;
}

/** Vector views of a 128-bit V register, as GDB's own aarch64 fpu description offers them. */
const VECTORS: [id: string, type: string, count: number][] = [
  ['v2d', 'ieee_double', 2], ['v2u', 'uint64', 2], ['v2i', 'int64', 2],
  ['v4f', 'ieee_single', 4], ['v4u', 'uint32', 4], ['v4i', 'int32', 4],
  ['v8u', 'uint16', 8], ['v8i', 'int16', 8], ['v16u', 'uint8', 16], ['v16i', 'int8', 16],
  ['v1u', 'uint128', 1], ['v1i', 'int128', 1],
];
const UNIONS: [id: string, fields: [string, string][]][] = [
  ['vnd', [['f', 'v2d'], ['u', 'v2u'], ['s', 'v2i']]],
  ['vns', [['f', 'v4f'], ['u', 'v4u'], ['s', 'v4i']]],
  ['vnh', [['u', 'v8u'], ['s', 'v8i']]],
  ['vnb', [['u', 'v16u'], ['s', 'v16i']]],
  ['vnq', [['u', 'v1u'], ['s', 'v1i']]],
  ['aarch64v', [['d', 'vnd'], ['s', 'vns'], ['h', 'vnh'], ['b', 'vnb'], ['q', 'vnq']]],
];

function fpuFeature(): string {
  const parts: string[] = [];
  for (const [id, type, count] of VECTORS) parts.push(`<vector id="${id}" type="${type}" count="${count}"/>`);
  for (const [id, fields] of UNIONS) {
    parts.push(`<union id="${id}">${fields.map(([n, t]) => `<field name="${n}" type="${t}"/>`).join('')}</union>`);
  }
  for (let i = 0; i < 32; i++) {
    parts.push(`<reg name="v${i}" bitsize="128" type="aarch64v" regnum="${REG_V0 + i}"/>`);
  }
  parts.push(`<reg name="fpsr" bitsize="32" regnum="${REG_FPSR}"/>`, `<reg name="fpcr" bitsize="32" regnum="${REG_FPCR}"/>`);
  return `<feature name="org.gnu.gdb.aarch64.fpu">${parts.join('')}</feature>`;
}

function sysFeature(layout: RegisterLayout): string {
  const base = sysRegBase(layout);
  const regs = layout.sys.map((name, i) =>
    `<reg name="${name}" bitsize="64" type="int" regnum="${base + i}" group="cp_regs"/>`);
  return `<feature name="org.qemu.gdb.arm.sys.regs">${regs.join('')}</feature>`;
}

const xmlCache = new WeakMap<readonly string[], Map<boolean, string>>();

/** The whole description in one document (no xi:include round trips); built once per layout. */
export function targetXml(layout: RegisterLayout): string {
  let byFpu = xmlCache.get(layout.sys);
  if (!byFpu) xmlCache.set(layout.sys, (byFpu = new Map()));
  let xml = byFpu.get(layout.fpu);
  if (xml === undefined) {
    xml = '<?xml version="1.0"?><!DOCTYPE target SYSTEM "gdb-target.dtd">' +
      '<target version="1.0"><architecture>aarch64</architecture>' +
      coreFeature() + (layout.fpu ? fpuFeature() : '') + (layout.sys.length ? sysFeature(layout) : '') + '</target>';
    byFpu.set(layout.fpu, xml);
  }
  return xml;
}
