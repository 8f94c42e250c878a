import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEsr, type DecodedEsr, type EsrField } from './index.ts';

/**
 * The remaining ISS encodings, with expected values built from Linux esr.h macros (named in each case)
 * or the Arm ARM D24.2.45 subsection of that EC.
 */

const esr = (ec: number, iss: number, il = 1) => BigInt(((ec << 26) | (il << 25) | iss) >>> 0);
function f(d: DecodedEsr, name: string): EsrField {
  const x = d.fields.find((y) => y.name === 'ISS')!.fields.find((y) => y.name === name);
  assert.ok(x, `no ISS.${name} in ${d.ec.name}`);
  return x;
}
const summary = (d: DecodedEsr) => d.fields.find((y) => y.name === 'ISS')!.description;

test('WFx: ESR_ELx_WFx_WFI_VAL is WFI; TI=WFIT with RV=1 names RN (esr.h ESR_ELx_WFx_ISS_*)', () => {
  assert.equal(summary(decodeEsr(esr(0x01, 0))), 'WFI trapped');
  assert.equal(summary(decodeEsr(esr(0x01, 1))), 'WFE trapped');
  const d = decodeEsr(esr(0x01, (1 << 24) | (0xe << 20) | (3 << 5) | (1 << 2) | 2));
  assert.equal(summary(d), 'WFIT trapped');
  assert.equal(f(d, 'RN').value, 3);
  assert.equal(f(d, 'RV').value, 1);
  assert.deepEqual(d.warnings, []);
});

test('CP15 MCR/MRC and MCRR/MRRC: esr.h ESR_ELx_CP15_32_ISS_SYS_CNTFRQ and ESR_ELx_CP15_64_ISS_SYS_CNTVCT', () => {
  // CNTFRQ: op1=0, op2=0, CRn=14, CRm=0, read; Rt=r2; CV=1, COND=AL.
  const a = decodeEsr(esr(0x03, (1 << 24) | (0xe << 20) | (14 << 10) | (2 << 5) | 1));
  assert.equal(a.ec.name, 'ESR_ELx_EC_CP15_32');
  assert.equal(summary(a), 'MRC p15, 0, r2, c14, c0, 0');
  // CNTVCT: Opc1=1 at [19:16], CRm=14, read; Rt=r0, Rt2=r1.
  const b = decodeEsr(esr(0x04, (1 << 24) | (0xe << 20) | (1 << 16) | (1 << 10) | (0 << 5) | (14 << 1) | 1));
  assert.equal(b.ec.name, 'ESR_ELx_EC_CP15_64');
  assert.equal(summary(b), 'MRRC p15, 1, r0, r1, c14');
  assert.equal(f(b, 'Rt2').value, 1);
  assert.deepEqual([...a.warnings, ...b.warnings], []);
});

test('SError: DFSC 0b010001 with AET (esr.h ESR_ELx_AET_UEU) and IESB; IDS=1 leaves the rest IMPLEMENTATION DEFINED', () => {
  const d = decodeEsr(esr(0x2f, (1 << 13) | (1 << 10) | 0x11));
  assert.equal(d.ec.name, 'ESR_ELx_EC_SERROR');
  assert.equal(f(d, 'AET').description, 'Unrecoverable state (UEU)');
  assert.equal(f(d, 'IESB').value, 1);
  assert.equal(f(d, 'DFSC').description, 'Asynchronous SError interrupt');
  const imp = decodeEsr(esr(0x2f, (1 << 24) | 0xabcdef));
  assert.equal(f(imp, 'IMPDEF').value, 0xabcdef);
  assert.deepEqual([...d.warnings, ...imp.warnings], []);
});

test('FP exception (ESR_ELx_FP_EXC_TFV): TFV=1 with IOF and DZF set', () => {
  const d = decodeEsr(esr(0x2c, (1 << 23) | 0b11));
  assert.equal(d.ec.name, 'ESR_ELx_EC_FP_EXC64');
  assert.equal(summary(d), 'trapped: IOF, DZF');
  assert.equal(f(d, 'TFV').value, 1);
});

test('BTI, PAC failure, SMC64, SYS128 and TSTART', () => {
  const bti = decodeEsr(esr(0x0d, 2));
  assert.equal(f(bti, 'BTYPE').value, 2);
  const fpac = decodeEsr(esr(0x1c, 3));
  assert.equal(summary(fpac), 'authentication failed with a data B key');
  const smc = decodeEsr(esr(0x17, 0x1));
  assert.equal(summary(smc), 'SMC #0x1');
  // MRRS x2, x3, TTBR0_EL1 (op0=3 op1=0 CRn=2 CRm=0 op2=0), Rt field [9:6] = 1 (pair x2:x3), read.
  const s128 = decodeEsr(esr(0x14, (3 << 20) | (2 << 10) | (1 << 6) | 1));
  assert.equal(s128.ec.name, 'ESR_ELx_EC_SYS128');
  assert.equal(summary(s128), 'MRRS x2, x3, TTBR0_EL1');
  const ts = decodeEsr(esr(0x1b, 7 << 5));
  assert.equal(f(ts, 'Rd').value, 7);
  for (const d of [bti, fpac, smc, s128, ts]) assert.deepEqual(d.warnings, [], d.ec.name);
});
