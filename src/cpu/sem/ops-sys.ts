/**
 * Exception-generating and system instructions (Arm ARM C4.1.87): each runs a method of the CPU
 * (exceptions.ts, sysreg-access.ts) that completes it, traps or takes an exception. The block compiler
 * ends its blocks before them (ISB aside, which has nothing to do).
 */
import type { OpDef } from './op.ts';

const SYS_KEY = 'op0:op1:CRn:CRm:op2 (sysregs.ts sr())';

export const SYS_OPS: readonly OpDef[] = [
  { name: 'UDF', what: 'every UNDEFINED or unimplemented encoding', fields: {}, noBlock: true, ends: true, exec: (t) => t.leave('c.undef()') },
  { name: 'SVC', what: 'SVC', fields: { imm: 'imm16' }, noBlock: true, ends: true, exec: (t) => t.leave(`c.svc(${t.imm})`) },
  { name: 'HVC', what: 'HVC', fields: { imm: 'imm16' }, noBlock: true, ends: true, exec: (t) => t.leave(`c.hvc(${t.imm})`) },
  { name: 'BRK', what: 'BRK', fields: { imm: 'imm16' }, noBlock: true, ends: true, exec: (t) => t.leave(`c.brk(${t.imm})`) },
  { name: 'ERET', what: 'ERET', fields: {}, noBlock: true, ends: true, exec: (t) => t.leave('c.eret()') },
  { name: 'MRS', what: 'MRS', fields: { d: 'Xt', imm: SYS_KEY }, noBlock: true, ends: true, exec: (t) => t.leave(`c.mrs(${t.imm}, ${t.d})`) },
  { name: 'MSR', what: 'MSR (register)', fields: { n: 'Xt', imm: SYS_KEY }, noBlock: true, ends: true, exec: (t) => t.leave(`c.msr(${t.imm}, ${t.n})`) },
  { name: 'MSRI', what: 'MSR (immediate): DAIFSet, DAIFClr, SPSel', fields: { imm: 'op1 << 3 | op2', imm2: 'CRm' }, noBlock: true, ends: true, exec: (t) => t.leave(`c.msrImm(${t.imm}, ${t.imm2})`) },
  { name: 'WFI', what: 'WFI', fields: {}, noBlock: true, ends: true, exec: (t) => t.leave('c.wfi()') },
  { name: 'WFE', what: 'WFE, SEV, SEVL: the event register', fields: { imm: 'hint number (2 WFE, 4 SEV, 5 SEVL)' }, noBlock: true, ends: true, exec: (t) => t.leave(`c.wfe(${t.imm})`) },
  // Nothing here waits for a context synchronization event: an MSR takes effect at once (and ends the
  // block itself when it changes what the dispatcher checks), so ISB has no work left, in a block too.
  { name: 'ISB', what: 'ISB', fields: {}, exec: () => '' },
  { name: 'CLREX', what: 'CLREX', fields: {}, noBlock: true, ends: true, exec: (t) => t.leave('c.clrex()') },
  { name: 'SYS', what: 'SYS: DC, IC, AT, TLBI', fields: { n: 'Xt', imm: SYS_KEY }, noBlock: true, ends: true, exec: (t) => t.leave(`c.sysInsn(${t.imm}, ${t.n})`) },
  // The counters, read as a number of the CPU's count at this instruction (a block's too: `t.count`);
  // at EL0, where CNTKCTL_EL1 may trap the read, and for a virtual count BigInt must hold, MRS's path.
  {
    name: 'MRSC', what: 'MRS of CNTPCT_EL0, CNTVCT_EL0',
    fields: { d: 'Xt', imm: SYS_KEY, fl: '1: CNTVCT_EL0' },
    exec: (t) => `if (!c.counterRead(${t.fl}, ${t.d}, ${t.count})) { ${t.leave(`c.mrs(${t.imm}, ${t.d})`)} }`,
  },
  // A register that only holds a value, read where no trap or UNDEFINED can apply (at EL1h, or always for
  // the EL0 thread registers): a copy, inside blocks too. Elsewhere MRS's own path decides.
  {
    name: 'MRSV', what: 'MRS of SP_EL0, TPIDR_EL1, TPIDR_EL0, TPIDRRO_EL0',
    fields: { d: 'Xt', imm: SYS_KEY, imm2: 'its offset in the register file (regs.ts)', fl: '1: only at EL1h' },
    exec: (t) => `if (${t.fl} === 0 || c.el1h) { x[${t.d}] = x[${t.imm2}]; x[${t.d} + 1] = x[${t.imm2} + 1]; } ` +
      `else { ${t.leave(`c.mrs(${t.imm}, ${t.d})`)} }`,
  },
];
