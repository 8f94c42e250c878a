/**
 * Generates a C translation unit of _Static_asserts from kvmdbg's TypeScript ABI definitions, to be
 * compiled against the real arm64 UAPI headers (linux/kvm.h, asm/kvm.h, linux/psci.h). Each assert's
 * message is the claim it checks, so a compiler error names the wrong number.
 */
import {
  allPaths, coreRegId, flattenLayout, HEADER_CONSTANTS, IOCTLS, KVM_GUESTDBG_VALID_MASK, KVM_REGS, KVM_RUN_SIZE,
  RUN_FIELDS, RUN_OFF, sysRegId, type CType, type StructLayout, fieldType, VGIC_HEADER_CONSTANTS, kvmArmIrq,
} from '../../../src/abi/index.ts';

/** Structs that exist only in older headers: their declarations are written into the generated C. */
export const OLD_DECLARATIONS: Record<string, string> = {
  kvm_debug_exit_arch_pre_5_19: 'struct kvm_debug_exit_arch_pre_5_19 {\n\t__u32 hsr;\n\t__u64 far;\n};',
};

/** A C pointer-to-T type for _Generic, or null where T has no name (anonymous struct/union). */
function pointerType(t: CType): string | null {
  if (t.kind === 'scalar') return `${t.name} *`;
  if (t.kind === 'array') {
    const dims: number[] = [];
    let e: CType = t;
    while (e.kind === 'array') { dims.push(e.count); e = e.elem; }
    if (e.kind !== 'scalar' && !e.name) return null;
    const base = e.kind === 'scalar' ? e.name : `${e.kind} ${e.name}`;
    return `${base} (*)${dims.map((d) => `[${d}]`).join('')}`;
  }
  return t.name ? `${t.kind} ${t.name} *` : null;
}

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;

/** One line per claim: `_Static_assert(EXPR, "CLAIM");`. */
function claim(expr: string, text: string): string {
  return `_Static_assert(${expr}, "${text.replace(/"/g, "'")}");`;
}

/** The structural asserts for one struct: size, alignment, and every named member's offset, size and type. */
export function structAsserts(s: StructLayout): string[] {
  const tag = `struct ${s.name}`;
  const out = [
    claim(`sizeof(${tag}) == ${s.size}`, `sizeof(${tag}) == ${s.size}`),
    claim(`_Alignof(${tag}) == ${s.align}`, `_Alignof(${tag}) == ${s.align}`),
  ];
  for (const f of allPaths(s)) {
    const lv = `((${tag} *)0)->${f.name}`;
    out.push(claim(`offsetof(${tag}, ${f.name}) == ${f.offset}`, `offsetof(${tag}, ${f.name}) == ${f.offset}`));
    out.push(claim(`sizeof(${lv}) == ${f.size}`, `sizeof(${s.name}.${f.name}) == ${f.size}`));
    const ptr = pointerType(fieldType(s, f.name));
    if (ptr) out.push(claim(`_Generic(&${lv}, ${ptr}: 1, default: 0)`, `${s.name}.${f.name} has type ${f.type}`));
  }
  return out;
}

/** Sample system registers: (op0, op1, CRn, CRm, op2) and the header macro naming each, if any. */
const SYSREGS: [number[], string | null][] = [
  [[3, 3, 14, 3, 1], 'KVM_REG_ARM_TIMER_CTL'],
  [[3, 3, 14, 0, 2], 'KVM_REG_ARM_TIMER_CVAL'],
  [[3, 3, 14, 3, 2], 'KVM_REG_ARM_TIMER_CNT'],
  [[2, 0, 0, 2, 2], null], // MDSCR_EL1
  [[2, 0, 0, 15, 7], null], // DBGWCR15_EL1
  [[3, 0, 0, 5, 0], null], // ID_AA64DFR0_EL1
  [[3, 7, 15, 15, 7], null],
];

export interface GenerateOptions {
  /** The structs to check (by their C tag). */
  structs: StructLayout[];
}

/** The whole translation unit. */
export function generateC(opts: GenerateOptions): { source: string; count: number } {
  const lines: string[] = [];
  for (const s of opts.structs) lines.push(`/* ---- struct ${s.name} ---- */`, ...structAsserts(s));

  lines.push('/* ---- kvm_run offsets used on every exit (RUN_OFF) ---- */');
  lines.push(claim(`sizeof(struct kvm_run) == ${KVM_RUN_SIZE}`, `KVM_RUN_SIZE == ${KVM_RUN_SIZE}`));
  for (const [k, path] of Object.entries(RUN_FIELDS)) {
    const off = RUN_OFF[k as keyof typeof RUN_OFF];
    lines.push(claim(`offsetof(struct kvm_run, ${path}) == ${off}`, `RUN_OFF.${k} == ${off}`));
  }

  lines.push('/* ---- constants ---- */');
  for (const [name, v] of Object.entries(HEADER_CONSTANTS)) {
    lines.push(claim(`(long long)(${name}) == ${v}LL`, `${name} == ${v}`));
  }
  for (const [name, v] of Object.entries(VGIC_HEADER_CONSTANTS)) {
    lines.push(typeof v === 'bigint'
      ? claim(`(unsigned long long)(${name}) == ${hex(v)}ULL`, `${name} == ${hex(v)}`)
      : claim(`(long long)(${name}) == ${v}LL`, `${name} == ${v}`));
  }
  lines.push(claim(
    `(KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_USE_SW_BP | KVM_GUESTDBG_USE_HW) == ${hex(KVM_GUESTDBG_VALID_MASK)}`,
    `KVM_GUESTDBG_VALID_MASK == ${hex(KVM_GUESTDBG_VALID_MASK)}`,
  ));

  lines.push('/* ---- KVM_IRQ_LINE irq encoding (kvmArmIrq) from the header shifts ---- */');
  for (const [type, vcpu, num] of [[1, 0, 33], [2, 3, 27], [0, 0x1ff, 1], [2, 0xabc, 30]] as const) {
    const c = `((${vcpu >> 8}u << KVM_ARM_IRQ_VCPU2_SHIFT) | (${type}u << KVM_ARM_IRQ_TYPE_SHIFT) | ` +
      `(${vcpu & 0xff}u << KVM_ARM_IRQ_VCPU_SHIFT) | (${num}u << KVM_ARM_IRQ_NUM_SHIFT))`;
    const v = kvmArmIrq(type, vcpu, num);
    lines.push(claim(`${c} == ${hex(v)}u`, `kvmArmIrq(${type}, ${vcpu}, ${num}) == ${hex(v)}`));
  }

  lines.push('/* ---- ioctl numbers ---- */');
  for (const [name, v] of Object.entries(IOCTLS)) lines.push(claim(`(unsigned int)(${name}) == ${hex(v)}u`, `${name} == ${hex(v)}`));

  lines.push('/* ---- ONE_REG ids of every core register ---- */');
  for (const f of flattenLayout(KVM_REGS)) {
    const arr = /\[(\d+)\]$/.exec(f.type);
    const n = arr ? Number(arr[1]) : 1;
    if (f.name === 'fp_regs.__reserved') continue; // not a register
    for (let i = 0; i < n; i++) {
      const path = arr ? `${f.name}[${i}]` : f.name;
      const size = `(sizeof(((struct kvm_regs *)0)->${path}) == 16 ? KVM_REG_SIZE_U128 : ` +
        `sizeof(((struct kvm_regs *)0)->${path}) == 8 ? KVM_REG_SIZE_U64 : KVM_REG_SIZE_U32)`;
      const c = `(KVM_REG_ARM64 | ${size} | KVM_REG_ARM_CORE | KVM_REG_ARM_CORE_REG(${path}))`;
      lines.push(claim(`${c} == ${hex(coreRegId(path))}ULL`, `coreRegId('${path}') == ${hex(coreRegId(path))}`));
    }
  }

  lines.push('/* ---- ONE_REG ids of system registers ---- */');
  for (const [[op0, op1, crn, crm, op2], macro] of SYSREGS) {
    const id = hex(sysRegId(op0!, op1!, crn!, crm!, op2!));
    const c = macro ?? `ARM64_SYS_REG(${op0}, ${op1}, ${crn}, ${crm}, ${op2})`;
    lines.push(claim(`(${c}) == ${id}ULL`, `sysRegId(${op0},${op1},${crn},${crm},${op2}) == ${id}`));
  }

  const count = lines.filter((l) => l.startsWith('_Static_assert')).length;
  const source = [
    '/* Generated from kvmdbg src/abi: every claim the TypeScript makes about the arm64 KVM UAPI. */',
    '#include <stddef.h>',
    '#include <linux/kvm.h>',
    '#include <asm/kvm.h>',
    '#include <linux/psci.h>',
    '/* asm/kvm.h sizes the GICv3 frames with SZ_64K, which only the kernel\'s linux/sizes.h defines. */',
    '#ifndef SZ_64K',
    '#define SZ_64K 0x00010000',
    '#endif',
    '#if defined(EXPECT_BIG_ENDIAN) != defined(__AARCH64EB__)',
    '#error "compiled for the wrong byte order"',
    '#endif',
    '#ifndef KVM_DEBUG_ARCH_HSR_HIGH_VALID',
    '#error "these headers predate hsr_high (5.19)"',
    '#endif',
    ...Object.values(OLD_DECLARATIONS),
    ...lines,
    '',
  ].join('\n');
  return { source, count };
}
