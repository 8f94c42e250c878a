import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEsr, ESR_ELx_EC_SYS64, type DecodedEsr } from './index.ts';

/**
 * Trapped MSR/MRS (EC 0x18). Expected ISS values are built with the shifts of Linux esr.h
 * (ESR_ELx_SYS64_ISS_SYS_VAL: Op0<<20, Op2<<17, Op1<<14, CRn<<10, CRm<<1; Rt<<5; DIR_READ = 1), and the
 * register encodings are the ones esr.h itself uses (ESR_ELx_SYS64_ISS_SYS_CTR, _CNTVCT, _CNTFRQ) or
 * the Arm ARM "Accessing <reg>" tables (D24.3 for the debug registers).
 */

const sysVal = (op0: number, op1: number, op2: number, crn: number, crm: number) =>
  (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (crm << 1);
const esr = (iss: number) => BigInt(((ESR_ELx_EC_SYS64 << 26) | (1 << 25) | iss) >>> 0);
const mrs = (rt: number, e: number) => decodeEsr(esr(e | (rt << 5) | 1));
const msr = (rt: number, e: number) => decodeEsr(esr(e | (rt << 5)));
const summary = (d: DecodedEsr) => d.fields.find((f) => f.name === 'ISS')!.description;

test('SYS64 ISS fields: Op0[21:20] Op2[19:17] Op1[16:14] CRn[13:10] Rt[9:5] CRm[4:1] Direction[0]', () => {
  const d = mrs(7, sysVal(3, 3, 2, 14, 0)); // ESR_ELx_SYS64_ISS_SYS_CNTVCT, read into x7
  const iss = d.fields.find((f) => f.name === 'ISS')!;
  const got = Object.fromEntries(iss.fields.map((f) => [f.name, [f.start, f.width, f.value]]));
  assert.deepEqual(got, {
    RES0: [22, 3, 0], Op0: [20, 2, 3], Op2: [17, 3, 2], Op1: [14, 3, 3], CRn: [10, 4, 14], Rt: [5, 5, 7], CRm: [1, 4, 0], Direction: [0, 1, 1],
  });
  assert.equal(summary(d), 'MRS x7, CNTVCT_EL0');
});

test('SYS64 names the registers esr.h traps for EL0 emulation (CTR_EL0, CNTFRQ_EL0, CNTVCTSS_EL0)', () => {
  assert.equal(summary(mrs(0, sysVal(3, 3, 1, 0, 0))), 'MRS x0, CTR_EL0');
  assert.equal(summary(mrs(2, sysVal(3, 3, 0, 14, 0))), 'MRS x2, CNTFRQ_EL0');
  assert.equal(summary(mrs(2, sysVal(3, 3, 6, 14, 0))), 'MRS x2, CNTVCTSS_EL0');
});

test('SYS64 names every self-hosted debug register (DBGB/WCR/VR<n>_EL1, MDSCR, OSLAR, OSLSR, OSDLR, MDCCSR)', () => {
  for (let n = 0; n < 16; n++) {
    assert.equal(summary(msr(1, sysVal(2, 0, 4, 0, n))), `MSR DBGBVR${n}_EL1, x1`);
    assert.equal(summary(msr(1, sysVal(2, 0, 5, 0, n))), `MSR DBGBCR${n}_EL1, x1`);
    assert.equal(summary(msr(1, sysVal(2, 0, 6, 0, n))), `MSR DBGWVR${n}_EL1, x1`);
    assert.equal(summary(msr(1, sysVal(2, 0, 7, 0, n))), `MSR DBGWCR${n}_EL1, x1`);
  }
  assert.equal(summary(mrs(3, sysVal(2, 0, 2, 0, 2))), 'MRS x3, MDSCR_EL1');
  assert.equal(summary(msr(0, sysVal(2, 0, 4, 1, 0))), 'MSR OSLAR_EL1, x0');
  assert.equal(summary(mrs(0, sysVal(2, 0, 4, 1, 1))), 'MRS x0, OSLSR_EL1');
  assert.equal(summary(msr(0, sysVal(2, 0, 4, 1, 3))), 'MSR OSDLR_EL1, x0');
  assert.equal(summary(mrs(0, sysVal(2, 3, 0, 0, 1))), 'MRS x0, MDCCSR_EL0');
  // DBGDTRRX_EL0 (read) and DBGDTRTX_EL0 (write) share op0=2 op1=3 CRn=0 CRm=5 op2=0.
  assert.equal(summary(mrs(0, sysVal(2, 3, 0, 0, 5))), 'MRS x0, DBGDTRRX_EL0');
  assert.equal(summary(msr(0, sysVal(2, 3, 0, 0, 5))), 'MSR DBGDTRTX_EL0, x0');
});

test('SYS64 names the EL1 registers a bare-metal guest uses', () => {
  const cases: Array<[string, number]> = [
    ['SCTLR_EL1', sysVal(3, 0, 0, 1, 0)], ['VBAR_EL1', sysVal(3, 0, 0, 12, 0)], ['ESR_EL1', sysVal(3, 0, 0, 5, 2)],
    ['FAR_EL1', sysVal(3, 0, 0, 6, 0)], ['ELR_EL1', sysVal(3, 0, 1, 4, 0)], ['SPSR_EL1', sysVal(3, 0, 0, 4, 0)],
    ['SP_EL0', sysVal(3, 0, 0, 4, 1)], ['TCR_EL1', sysVal(3, 0, 2, 2, 0)], ['TTBR0_EL1', sysVal(3, 0, 0, 2, 0)],
    ['TTBR1_EL1', sysVal(3, 0, 1, 2, 0)], ['MAIR_EL1', sysVal(3, 0, 0, 10, 2)], ['CONTEXTIDR_EL1', sysVal(3, 0, 1, 13, 0)],
    ['TPIDR_EL1', sysVal(3, 0, 4, 13, 0)], ['TPIDR_EL0', sysVal(3, 3, 2, 13, 0)], ['MIDR_EL1', sysVal(3, 0, 0, 0, 0)],
    ['MPIDR_EL1', sysVal(3, 0, 5, 0, 0)], ['ID_AA64DFR0_EL1', sysVal(3, 0, 0, 0, 5)], ['ID_AA64PFR0_EL1', sysVal(3, 0, 0, 0, 4)],
    ['ID_AA64MMFR0_EL1', sysVal(3, 0, 0, 0, 7)], ['ID_AA64ISAR0_EL1', sysVal(3, 0, 0, 0, 6)],
    ['DAIF', sysVal(3, 3, 1, 4, 2)], ['NZCV', sysVal(3, 3, 0, 4, 2)], ['CURRENTEL', sysVal(3, 0, 2, 4, 2)],
    ['CNTP_CTL_EL0', sysVal(3, 3, 1, 14, 2)], ['CNTV_CVAL_EL0', sysVal(3, 3, 2, 14, 3)], ['CNTKCTL_EL1', sysVal(3, 0, 0, 14, 1)],
  ];
  for (const [name, v] of cases) assert.equal(summary(mrs(9, v)), `MRS x9, ${name}`);
});

test('SYS64 prints an unnamed encoding in the generic S<op0>_<op1>_C<n>_C<m>_<op2> form, IMPDEF space marked', () => {
  assert.equal(summary(mrs(1, sysVal(3, 1, 0, 15, 2))), 'MRS x1, S3_1_C15_C2_0 (IMPLEMENTATION DEFINED register)');
  assert.match(summary(msr(1, sysVal(3, 5, 3, 9, 9))), /^MSR S3_5_C9_C9_3, x1/);
  // DC ZVA, x4 is SYS #3, C7, C4, #1 (Arm ARM C5.3).
  assert.equal(summary(msr(4, sysVal(1, 3, 1, 7, 4))), 'DC ZVA, x4');
});

test('SYS64 names beyond kvmdbg\'s own table come from the binutils-derived list, which agrees with it', async () => {
  const { sysRegTable, binutilsSysRegTable } = await import('./index.ts');
  const own = new Map(sysRegTable().map((r) => [`${r.op0}.${r.op1}.${r.crn}.${r.crm}.${r.op2}`, r.name]));
  const extra = binutilsSysRegTable();
  assert.ok(extra.length > 1100, `${extra.length} binutils names`);
  for (const r of extra) {
    const mine = own.get(`${r.op0}.${r.op1}.${r.crn}.${r.crm}.${r.op2}`);
    if (mine && mine !== 'DBGDTRRX_EL0') assert.equal(r.name, mine, `${r.name} vs ${mine}`);
  }
  // HCR_EL2 is in both; SCTLR_EL12 (op0=3 op1=5 CRn=1 CRm=0 op2=0) and PMEVCNTR5_EL0 only in binutils'.
  assert.equal(summary(mrs(1, sysVal(3, 5, 0, 1, 0))), 'MRS x1, SCTLR_EL12');
  assert.equal(summary(mrs(1, sysVal(3, 3, 5, 14, 8))), 'MRS x1, PMEVCNTR5_EL0');
});

test('SYS64 MSR (immediate) to a PSTATE field: MSR DAIFSet, #2 trapped at EL0 (op0=0 op1=3 CRn=4 CRm=#imm op2=6 Rt=31)', () => {
  // MSR DAIFSet, #imm is 1101 0101 0000 0 op1=011 0100 CRm op2=110 11111 (Arm ARM C6.2 MSR (immediate)).
  const d = msr(31, sysVal(0, 3, 6, 4, 2));
  assert.equal(summary(d), 'MSR DAIFSet, #2');
  assert.equal(summary(msr(31, sysVal(0, 3, 7, 4, 8))), 'MSR DAIFClr, #8');
  assert.equal(summary(msr(31, sysVal(0, 0, 5, 4, 1))), 'MSR SPSel, #1');
});
