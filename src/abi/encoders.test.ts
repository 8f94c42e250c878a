/**
 * Struct encoders, ioctl numbers and ONE_REG ids against values from real compilers and Debian's arm64
 * 6.1 UAPI headers, and against the conformance rows (conformance/README.md); the exhaustive header
 * comparison is test/system/abi-headers.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeGuestDebug, encodeGuestDebug } from './guest-debug.ts';
import { decodeVcpuInit, encodeVcpuInit } from './vcpu-init.ts';
import { IOCTLS, ioctlName } from './ioctl.ts';
import { coreRegId, decodeRegId, REG_PC, REG_PSTATE, REG_X, sysRegId } from './one-reg.ts';
import { KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_USE_HW, KVM_ARM_VCPU_PSCI_0_2, KVM_ARM_TARGET_GENERIC_V8 } from './constants.ts';
import type { Endian } from './backend.ts';

const hexOf = (b: Uint8Array): string => Buffer.from(b).toString('hex');

test('encodeGuestDebug: the bytes a compiled aarch64 / aarch64_be program stores for {ENABLE|USE_HW, pad 0, bcr0 0x1e7}', () => {
  const d = { control: KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW, bcr: [0x1e7n], bvr: [], wcr: [], wvr: [] };
  const le = encodeGuestDebug(d, 'le'), be = encodeGuestDebug(d, 'be');
  assert.equal(le.length, 520);
  assert.equal(hexOf(le.subarray(0, 16)), '01000200' + '00000000' + 'e701000000000000');
  assert.equal(hexOf(be.subarray(0, 16)), '00020001' + '00000000' + '00000000000001e7');
  assert.ok(le.subarray(16).every((x) => x === 0));
});

test('encodeGuestDebug/decodeGuestDebug round-trip in both byte orders; more than 16 registers is refused', () => {
  const u64 = fc.bigInt({ min: 0n, max: 2n ** 64n - 1n });
  const regs = fc.array(u64, { minLength: 16, maxLength: 16 });
  fc.assert(fc.property(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff }), regs, regs, regs, regs, fc.constantFrom<Endian>('le', 'be'),
    (control, pad, bcr, bvr, wcr, wvr, e) => {
      assert.deepEqual(decodeGuestDebug(encodeGuestDebug({ control, pad, bcr, bvr, wcr, wvr }, e), e), { control, pad, bcr, bvr, wcr, wvr });
    }), { numRuns: 50 });
  assert.throws(() => encodeGuestDebug({ control: 1, bcr: new Array(17).fill(0n), bvr: [], wcr: [], wvr: [] }, 'le'), /at most 16/);
});

test('encodeVcpuInit: feature bit n is bit n%32 of features[n/32]; round trip', () => {
  const b = encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [KVM_ARM_VCPU_PSCI_0_2, 33] }, 'be');
  assert.equal(hexOf(b.subarray(0, 12)), '00000005' + '00000004' + '00000002');
  assert.equal(b.length, 32);
  fc.assert(fc.property(fc.uniqueArray(fc.nat({ max: 223 })), fc.nat({ max: 0xffffffff }), fc.constantFrom<Endian>('le', 'be'), (features, target, e) => {
    assert.deepEqual(decodeVcpuInit(encodeVcpuInit({ target, features }, e), e), { target, features: [...features].sort((x, y) => x - y) });
  }));
  assert.throws(() => encodeVcpuInit({ target: 0, features: [224] }, 'le'), /feature bit 224/);
});

test('ioctl numbers: the _IOC values of the real headers', () => {
  assert.equal(IOCTLS.KVM_RUN, 0xae80);
  assert.equal(IOCTLS.KVM_SET_GUEST_DEBUG, 0x4208ae9b);
  assert.equal(IOCTLS.KVM_GET_ONE_REG, 0x4010aeab);
  assert.equal(IOCTLS.KVM_SET_ONE_REG, 0x4010aeac);
  assert.equal(IOCTLS.KVM_ARM_VCPU_INIT, 0x4020aeae);
  assert.equal(ioctlName(0x4208ae9b), 'KVM_SET_GUEST_DEBUG');
  assert.equal(ioctlName(0x1234), null);
});

test('ONE_REG: core ids are ARM64|size|CORE|offset/4, as the /init of the real-KVM runs used for regs.pc', () => {
  assert.equal(REG_PC, 0x6030000000100000n | 64n);
  assert.equal(REG_PSTATE, 0x6030000000100000n | 66n);
  assert.equal(REG_X(0), 0x6030000000100000n);
  assert.equal(coreRegId('fp_regs.vregs[0]'), 0x6040000000100000n | (336n / 4n));
  assert.equal(coreRegId('fp_regs.fpsr'), 0x6020000000100000n | (848n / 4n));
  assert.throws(() => REG_X(31), /x0..x30/);
  assert.throws(() => coreRegId('regs'), /not a single register/);
  assert.deepEqual(decodeRegId(REG_PC), { kind: 'core', offset: 256, size: 8, path: 'regs.pc' });
  assert.deepEqual(decodeRegId(coreRegId('spsr[2]')), { kind: 'core', offset: 304, size: 8, path: 'spsr[2]' });
});

test('ONE_REG: sysreg ids pack op0:op1:CRn:CRm:op2 (MDSCR_EL1 = S2_0_C0_C2_2)', () => {
  const id = sysRegId(2, 0, 0, 2, 2);
  assert.equal(id, 0x6030000000130000n | (2n << 14n) | (2n << 3n) | 2n);
  assert.deepEqual(decodeRegId(id), { kind: 'sysreg', size: 8, op0: 2, op1: 0, crn: 0, crm: 2, op2: 2 });
  assert.throws(() => sysRegId(4, 0, 0, 0, 0), /out of range/);
});
