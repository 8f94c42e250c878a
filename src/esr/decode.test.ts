import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeEsr, type DecodedEsr, type EsrField } from './index.ts';

/**
 * Golden vectors. Every expected value below is worked out by hand from the bit positions the Arm ARM
 * defines (DDI0487 M.a D24.2.45 ESR_EL1, the ISS subsection named beside each case) or the macros in
 * Linux arch/arm64/include/asm/esr.h; the debug-exit values are what real Linux KVM wrote into
 * kvm_run.debug.arch.hsr (conformance rows a–g, values in test/system/conformance-reference.ts).
 */

function find(d: DecodedEsr, path: string): EsrField {
  let list = d.fields;
  let f: EsrField | undefined;
  for (const name of path.split('.')) {
    f = list.find((x) => x.name === name);
    assert.ok(f, `no field ${path} (missing ${name}) in ${list.map((x) => x.name).join(',')}`);
    list = f.fields;
  }
  return f!;
}

/** Asserts ISS fields: name -> [start, width, value]. */
function expectIss(d: DecodedEsr, want: Record<string, [number, number, number]>): void {
  for (const [name, [start, width, value]] of Object.entries(want)) {
    const f = find(d, `ISS.${name}`);
    assert.deepEqual([f.start, f.width, f.value], [start, width, value], `ISS.${name}`);
  }
}

test('0x96000050: DABT_CUR, ISV=0, WnR=1, DFSC=0b010000 sync external abort, SET=UER (Data Abort ISS)', () => {
  // 0x96000050 = EC 0b100101 (0x25) | IL | ISS 0x50 = WnR(bit 6) | DFSC 0x10.
  const d = decodeEsr(0x96000050n);
  assert.deepEqual(d.ec, { value: 0x25, name: 'ESR_ELx_EC_DABT_CUR', description: d.ec.description });
  assert.match(d.ec.description, /Data Abort.*without a change in Exception level/);
  assert.equal(d.il, 1);
  assert.equal(d.iss, 0x50);
  expectIss(d, { ISV: [24, 1, 0], VNCR: [13, 1, 0], SET: [11, 2, 0], FnV: [10, 1, 0], EA: [9, 1, 0], CM: [8, 1, 0], S1PTW: [7, 1, 0], WnR: [6, 1, 1], DFSC: [0, 6, 0x10] });
  assert.match(find(d, 'ISS.DFSC').description, /^Synchronous External abort, not on translation table walk/);
  assert.match(find(d, 'ISS.SET').description, /UER/);
  assert.match(find(d, 'ISS.WnR').description, /writ/);
  assert.deepEqual(d.warnings, []);
});

test('0x97523050: DABT_CUR, ISV=1: SAS=halfword, SSE=0, SRT=x18, SF=0, AR=0, VNCR=1, SET=UC (Data Abort ISS)', () => {
  // ISS 0x1523050: bit24 ISV; [23:22]=01 SAS; [20:16]=10010 SRT; bit13 VNCR; [12:11]=10 SET; bit 6 WnR; DFSC 0x10.
  const d = decodeEsr(0x97523050n);
  expectIss(d, {
    ISV: [24, 1, 1], SAS: [22, 2, 1], SSE: [21, 1, 0], SRT: [16, 5, 18], SF: [15, 1, 0], AR: [14, 1, 0], VNCR: [13, 1, 1],
    SET: [11, 2, 2], FnV: [10, 1, 0], WnR: [6, 1, 1], DFSC: [0, 6, 0x10],
  });
  assert.equal(find(d, 'ISS.SAS').description, 'halfword');
  assert.equal(find(d, 'ISS.SRT').description, 'x18');
  assert.match(find(d, 'ISS.SET').description, /Uncontainable \(UC\)/);
  assert.deepEqual(d.warnings, []);
});

test('0x82001e10: IABT_LOW, SET=UEO, FnV=1, EA=1, IFSC=sync external abort (Instruction Abort ISS)', () => {
  const d = decodeEsr(0x82001e10n);
  assert.equal(d.ec.name, 'ESR_ELx_EC_IABT_LOW');
  expectIss(d, { SET: [11, 2, 3], FnV: [10, 1, 1], EA: [9, 1, 1], S1PTW: [7, 1, 0], IFSC: [0, 6, 0x10] });
  assert.match(find(d, 'ISS.SET').description, /Restartable state \(UEO\)/);
  assert.deepEqual(d.warnings, []);
});

test('0x1f300000: FP_ASIMD access trap, CV=1, COND=0b0011 (CC), rest RES0', () => {
  const d = decodeEsr(0x1f300000n);
  assert.equal(d.ec.value, 0x07);
  assert.equal(d.ec.name, 'ESR_ELx_EC_FP_ASIMD');
  assert.equal(d.il, 1);
  expectIss(d, { CV: [24, 1, 1], COND: [20, 4, 3], RES0: [0, 20, 0] });
  assert.deepEqual(d.warnings, []);
});

test('0x2a000002: EC 0x0A (LD64B/ST64B), ISS=2 means LD64B or ST64B trapped', () => {
  const d = decodeEsr(0x2a000002n);
  assert.equal(d.ec.name, 'ESR_ELx_EC_OTHER');
  assert.equal(d.il, 1);
  assert.match(find(d, 'ISS.ISS').description, /LD64B or ST64B/);
  assert.deepEqual(d.warnings, []);
});

test('0 decodes as EC UNKNOWN with IL=0 and an all-RES0 ISS', () => {
  const d = decodeEsr(0n);
  assert.equal(d.ec.name, 'ESR_ELx_EC_UNKNOWN');
  assert.equal(d.il, 0);
  expectIss(d, { RES0: [0, 25, 0] });
});

// Real Linux KVM debug exits (6.1, 6.12, 7.2; same hsr on 5.10 except g4).
test('KVM debug exit 0xf2001234: BRK64, Comment=0x1234 (BRK ISS: RES0[24:16], Comment[15:0])', () => {
  const d = decodeEsr(0xf2001234n);
  assert.equal(d.ec.value, 0x3c);
  assert.equal(d.ec.name, 'ESR_ELx_EC_BRK64');
  expectIss(d, { RES0: [16, 9, 0], Comment: [0, 16, 0x1234] });
  assert.match(find(d, 'ISS').description, /BRK #0x1234/);
});

test('KVM debug exit 0xc2000022: BREAKPT_LOW, IFSC=0b100010 debug exception', () => {
  const d = decodeEsr(0xc2000022n);
  assert.equal(d.ec.name, 'ESR_ELx_EC_BREAKPT_LOW');
  expectIss(d, { RES0: [6, 19, 0], IFSC: [0, 6, 0x22] });
  assert.equal(find(d, 'ISS.IFSC').description, 'Debug exception');
  assert.deepEqual(d.warnings, []);
});

test('KVM debug exits 0xcb000022 / 0xca000022: SOFTSTP_LOW with ISV=1 EX=0 / ISV=0 (Software Step ISS, D2.11.9.1)', () => {
  const a = decodeEsr(0xcb000022n);
  assert.equal(a.ec.name, 'ESR_ELx_EC_SOFTSTP_LOW');
  expectIss(a, { ISV: [24, 1, 1], EX: [6, 1, 0], IFSC: [0, 6, 0x22] });
  const b = decodeEsr(0xca000022n);
  assert.equal(b.ec.value, 0x32);
  expectIss(b, { ISV: [24, 1, 0], EX: [6, 1, 0], IFSC: [0, 6, 0x22] });
  assert.match(find(b, 'ISS.ISV').description, /no instruction was stepped/);
  // QEMU TCG probe (arm-debug-architecture notes, step 3): stepped LDAXR -> ISV=1, EX=1.
  const c = decodeEsr(0xcf000062n);
  assert.equal(c.ec.name, 'ESR_ELx_EC_SOFTSTP_CUR');
  expectIss(c, { ISV: [24, 1, 1], EX: [6, 1, 1] });
  assert.match(find(c, 'ISS.EX').description, /Load-Exclusive/);
});

test('KVM debug exits 0xd2000062 / 0xd2000022: WATCHPT_LOW write / read, DFSC=debug exception (Watchpoint ISS)', () => {
  const w = decodeEsr(0xd2000062n);
  assert.equal(w.ec.name, 'ESR_ELx_EC_WATCHPT_LOW');
  expectIss(w, { WnR: [6, 1, 1], CM: [8, 1, 0], VNCR: [13, 1, 0], FnV: [10, 1, 0], WPTV: [17, 1, 0], DFSC: [0, 6, 0x22] });
  assert.match(find(w, 'ISS').description, /write/);
  const r = decodeEsr(0xd2000022n);
  expectIss(r, { WnR: [6, 1, 0] });
  assert.match(find(r, 'ISS').description, /read/);
  assert.deepEqual([...w.warnings, ...r.warnings], []);
});

test('Watchpoint ISS FEAT_Debugv8p9 fields: WPT[23:18], WPTV[17], WPF[16], FnP[15], and ISS2 GCS (ESR bit 40)', () => {
  // WPT=5, WPTV=1, WPF=1, FnP=1, CM=1, WnR=1, DFSC=0x22; ISS2.GCS.
  const iss = (5 << 18) | (1 << 17) | (1 << 16) | (1 << 15) | (1 << 8) | (1 << 6) | 0x22;
  const d = decodeEsr((1n << 40n) | BigInt(((0x34 << 26) | (1 << 25) | iss) >>> 0));
  expectIss(d, { WPT: [18, 6, 5], WPTV: [17, 1, 1], WPF: [16, 1, 1], FnP: [15, 1, 1], CM: [8, 1, 1], WnR: [6, 1, 1] });
  assert.equal(find(d, 'ISS2.GCS').start, 40);
  assert.equal(find(d, 'ISS2.GCS').value, 1);
  assert.deepEqual(d.warnings, []);
});

test('ECs the Google decoder lacks: 0x3A vector catch, 0x12 HVC32, 0x13 SMC32, 0x1A ERET, 0x1D SME, 0x27 MOPS, 0x2D GCS', () => {
  const esr = (ec: number, iss: number) => BigInt(((ec << 26) | (1 << 25) | iss) >>> 0);
  const vc = decodeEsr(esr(0x3a, 0x22));
  assert.equal(vc.ec.name, 'ESR_ELx_EC_VECTOR32');
  expectIss(vc, { IFSC: [0, 6, 0x22] });
  const hvc = decodeEsr(esr(0x12, 0xbeef));
  assert.equal(hvc.ec.name, 'ESR_ELx_EC_HVC32');
  expectIss(hvc, { imm16: [0, 16, 0xbeef] });
  // SMC32: CV=1, COND=0b1110, CCKNOWNPASS=1.
  const smc = decodeEsr(esr(0x13, (1 << 24) | (0xe << 20) | (1 << 19)));
  assert.equal(smc.ec.name, 'ESR_ELx_EC_SMC32');
  expectIss(smc, { CV: [24, 1, 1], COND: [20, 4, 0xe], CCKNOWNPASS: [19, 1, 1] });
  // ERET ISS: bit1 ERET (ERETAx), bit0 ERETA (B key) - esr.h ESR_ELx_ERET_ISS_ERET 0x2, _ERETA 0x1.
  const eret = decodeEsr(esr(0x1a, 0x3));
  assert.equal(eret.ec.name, 'ESR_ELx_EC_ERET');
  assert.match(find(eret, 'ISS').description, /ERETAB/);
  // SME: SMTC = ESR_ELx_SME_ISS_SMTC_ZA_DISABLED (3).
  const sme = decodeEsr(esr(0x1d, 3));
  assert.equal(sme.ec.name, 'ESR_ELx_EC_SME');
  expectIss(sme, { SMTC: [0, 3, 3] });
  assert.match(find(sme, 'ISS.SMTC').description, /ZA/);
  // MOPS: MemInst (bit 24), FROM_EPILOGUE (18), WRONG_OPTION (17), OPTION_A (16), dest x3 [14:10], src x4 [9:5], size x5 [4:0].
  const mops = decodeEsr(esr(0x27, (1 << 24) | (1 << 18) | (1 << 17) | (1 << 16) | (3 << 10) | (4 << 5) | 5));
  assert.equal(mops.ec.name, 'ESR_ELx_EC_MOPS');
  expectIss(mops, { MemInst: [24, 1, 1], FromEpilogue: [18, 1, 1], WrongOption: [17, 1, 1], OptionA: [16, 1, 1], destreg: [10, 5, 3], srcreg: [5, 5, 4], sizereg: [0, 5, 5] });
  // GCS: ExType 0 (ESR_ELx_ExType_DATA_CHECK), Rn x7, IT = ESR_ELx_IT_GCSPOPM (1).
  const gcs = decodeEsr(esr(0x2d, (0 << 20) | (7 << 5) | 1));
  assert.equal(gcs.ec.name, 'ESR_ELx_EC_GCS');
  expectIss(gcs, { ExType: [20, 4, 0], Rn: [5, 5, 7], IT: [0, 5, 1] });
  assert.equal(find(gcs, 'ISS.IT').description, 'GCSPOPM');
  for (const d of [vc, hvc, smc, eret, sme, mops, gcs]) assert.deepEqual(d.warnings, [], d.ec.name);
});

test('ISS2 of a Data Abort: Xs[36:32], DirtyBit 37, Overlay 38, AssuredOnly 39, GCS 40, TagAccess 41, TnD 42, HDBSSF 43', () => {
  const cases: Array<[string, bigint, number]> = [
    ['Xs', 0x1fn << 32n, 0x1f], ['DirtyBit', 1n << 37n, 1], ['Overlay', 1n << 38n, 1], ['AssuredOnly', 1n << 39n, 1],
    ['GCS', 1n << 40n, 1], ['TagAccess', 1n << 41n, 1], ['TnD', 1n << 42n, 1], ['HDBSSF', 1n << 43n, 1],
  ];
  for (const [name, bit, value] of cases) {
    const d = decodeEsr(0x92000047n | bit); // DABT_LOW, Translation fault level 3, write
    const f = find(d, `ISS2.${name}`);
    assert.equal(f.value, value, name);
    assert.equal(BigInt(f.value) << BigInt(f.start), bit, `${name} sits at ESR bit ${f.start}`);
    assert.deepEqual(d.warnings, [], name);
  }
  // Instruction Aborts define only AssuredOnly and Overlay.
  const ia = decodeEsr(0x8200000fn | (1n << 38n) | (1n << 39n));
  assert.equal(find(ia, 'ISS2.Overlay').value, 1);
  assert.equal(find(ia, 'ISS2.AssuredOnly').value, 1);
});

test('Data Abort ISV=0 on a Translation fault reports LST[12:11] (FEAT_LS64), not SET', () => {
  // DFSC 0x07 translation fault level 3, LST=0b01 ST64BV.
  const d = decodeEsr(BigInt(((0x24 << 26) | (1 << 25) | (1 << 11) | 0x07) >>> 0));
  expectIss(d, { LST: [11, 2, 1], DFSC: [0, 6, 7] });
  assert.match(find(d, 'ISS.LST').description, /ST64BV/);
  assert.match(find(d, 'ISS.DFSC').description, /Translation fault, level 3/);
});

test('RES0 bits that are set are warnings, never errors (BRK with ISS[24:16], ISS2 bit 32 and ESR[63:56] set)', () => {
  const d = decodeEsr(0xff00_0001_f2ff_0001n);
  assert.equal(d.ec.name, 'ESR_ELx_EC_BRK64');
  assert.equal(find(d, 'ISS.Comment').value, 1);
  assert.equal(d.warnings.length, 3, d.warnings.join('; '));
  assert.ok(d.warnings.some((w) => /63\.\.56 are RES0/.test(w)));
  assert.ok(d.warnings.some((w) => /24\.\.16 are RES0 but hold 0xff/.test(w)));
  assert.ok(d.warnings.some((w) => /55\.\.32 are RES0/.test(w)));
});

test('an unallocated EC is reported as reserved with its ISS as raw bits, and a reserved FSC as a warning', () => {
  for (const ec of [0x02, 0x0b, 0x0f, 0x10, 0x23, 0x29, 0x2a, 0x2b, 0x2e, 0x36, 0x37, 0x39, 0x3b, 0x3e, 0x3f]) {
    const d = decodeEsr(BigInt(((ec << 26) | 0x1234) >>> 0));
    assert.equal(d.ec.value, ec);
    assert.match(d.ec.name, /^ESR_ELx_EC_RESERVED_0x/);
    assert.match(d.ec.description, /reserved/);
    assert.equal(find(d, 'ISS.ISS').value, 0x1234);
    assert.ok(d.warnings.some((w) => /not allocated/.test(w)));
  }
  const bad = decodeEsr(0x9600003fn); // DFSC 0b111111 is not allocated
  assert.ok(bad.warnings.some((w) => /DFSC = 0x3f is a reserved value/.test(w)), bad.warnings.join(';'));
});

test('decodeEsr rejects values outside 0..2^64-1 with a RangeError', () => {
  assert.throws(() => decodeEsr(-1n), RangeError);
  assert.throws(() => decodeEsr(1n << 64n), RangeError);
});

test('Data Abort SET covers every synchronous External abort code (0x10, 0b01001x, 0b0101xx); LST is not reported for 0x2a', () => {
  // DFSC 0x15: synchronous External abort on translation table walk, level 1; SET=0b10 (UC).
  const d = decodeEsr(BigInt(((0x24 << 26) | (1 << 25) | (2 << 11) | 0x15) >>> 0));
  expectIss(d, { SET: [11, 2, 2], DFSC: [0, 6, 0x15] });
  // DFSC 0x2a (Translation fault, level -2) is outside the LST condition: ISS[12:11] are RES0.
  const t = decodeEsr(BigInt(((0x24 << 26) | (1 << 25) | 0x2a) >>> 0));
  const at11 = find(t, 'ISS').fields.find((f) => f.start === 11)!;
  assert.deepEqual([at11.name, at11.width, at11.kind], ['RES0', 2, 'res0']);
});
