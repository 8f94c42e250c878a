/**
 * KVM_GET_REG_LIST (api.rst 4.84) and the model's own ONE_REG group. The core ids are checked against the
 * table of arm64 core register ids in api.rst ("KVM_SET_ONE_REG", arm64 part: X0 0x6030 0000 0010 0000 ...
 * FPCR 0x6020 0000 0010 00d5); the ioctl rules against arch/arm64/kvm/arm.c kvm_arch_vcpu_ioctl.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/backend.ts';
import { KVMDBG_CAP_INSN_BUDGET } from '../abi/constants.ts';
import { encodeEnableCap } from '../abi/enable-cap.ts';
import {
  KVM_REG_ARM_COPROC_MASK, KVM_REG_ARM_CORE, KVMDBG_REG_INSN_COUNT, KVMDBG_REG_PHYS_COUNT, KVMDBG_REG_PTIMER_CTL,
  KVMDBG_REG_IDLE_UNTIL, KVMDBG_REG_PTIMER_CVAL, REG_PC, sysRegId,
} from '../abi/one-reg.ts';
import { decodeRegList, encodeRegList, regListCount } from '../abi/reg-list.ts';
import { createModelKvm } from './index.ts';
import { experimentVm, SLOT_BASE } from './test-helpers.ts';
import type { Vcpu } from './vcpu.ts';

const errnoOf = (f: () => void): string => {
  try { f(); } catch (e) { if (e instanceof KvmError) return e.errno; throw e; }
  return 'no error';
};

function regList(vcpu: Vcpu, e: 'le' | 'be'): bigint[] {
  const probe = encodeRegList(0, e);
  assert.equal(errnoOf(() => vcpu.getRegList(probe)), 'E2BIG');
  const list = encodeRegList(regListCount(probe, e), e);
  vcpu.getRegList(list);
  return decodeRegList(list, e);
}

for (const e of ['le', 'be'] as const) {
  test(`KVM_GET_REG_LIST (${e}): ENOEXEC before KVM_ARM_VCPU_INIT, E2BIG with the count written back, EFAULT for a buffer too short`, () => {
    const kvm = createModelKvm({ profile: '6.1', endian: e });
    const vcpu = kvm.createVm().createVcpu(0) as Vcpu;
    assert.equal(errnoOf(() => vcpu.getRegList(encodeRegList(1000, e))), 'ENOEXEC');
    const m = experimentVm('6.1', e);
    const probe = encodeRegList(3, e);
    assert.equal(errnoOf(() => m.vcpu.getRegList(probe)), 'E2BIG');
    const n = regListCount(probe, e);
    assert.ok(n > 75, `n = ${n}: the 75 core registers and more`);
    assert.equal(errnoOf(() => m.vcpu.getRegList(new Uint8Array(4))), 'EFAULT', 'no room for n');
    const lying = encodeRegList(n, e).subarray(0, 8 + 8 * (n - 1)); // n claims room the buffer does not have
    assert.equal(errnoOf(() => m.vcpu.getRegList(lying)), 'EFAULT');
    const roomy = encodeRegList(n + 5, e);
    m.vcpu.getRegList(roomy);
    assert.equal(regListCount(roomy, e), n, 'n out is the count, not the room');
  });

  test(`KVM_GET_REG_LIST (${e}): the core ids of api.rst in kvm_regs order, then PSCI_VERSION, the timer (CTL, CNT, CVAL), system registers by encoding, the model's group last`, () => {
    const m = experimentVm('6.1', e);
    const ids = regList(m.vcpu, e);
    assert.equal(new Set(ids).size, ids.length, 'no id twice');
    const core = ids.filter((id) => (id & KVM_REG_ARM_COPROC_MASK) === KVM_REG_ARM_CORE);
    const expected = [
      ...Array.from({ length: 31 }, (_, i) => 0x6030000000100000n + BigInt(2 * i)), // X0..X30
      0x603000000010003en, 0x6030000000100040n, 0x6030000000100042n,                 // SP, PC, PSTATE
      0x6030000000100044n, 0x6030000000100046n,                                      // SP_EL1, ELR_EL1
      ...Array.from({ length: 5 }, (_, i) => 0x6030000000100048n + BigInt(2 * i)),  // SPSR[0..4]
      ...Array.from({ length: 32 }, (_, i) => 0x6040000000100054n + BigInt(4 * i)), // V0..V31
      0x60200000001000d4n, 0x60200000001000d5n,                                      // FPSR, FPCR
    ];
    assert.deepEqual(core.map((x) => x.toString(16)), expected.map((x) => x.toString(16)));
    assert.deepEqual(ids.slice(0, 75), core, 'the core group comes first');
    assert.deepEqual(ids.slice(75, 79).map((x) => x.toString(16)), [
      '6030000000140000',                          // KVM_REG_ARM_PSCI_VERSION
      sysRegId(3, 3, 14, 3, 1).toString(16),       // KVM_REG_ARM_TIMER_CTL
      sysRegId(3, 3, 14, 3, 2).toString(16),       // KVM_REG_ARM_TIMER_CNT
      sysRegId(3, 3, 14, 0, 2).toString(16),       // KVM_REG_ARM_TIMER_CVAL
    ]);
    const sys = ids.slice(79, ids.length - 4);
    assert.deepEqual(sys, [...sys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), 'system registers by encoding');
    const named: [number, number, number, number, number][] = [[3, 0, 2, 0, 2], [3, 0, 2, 0, 0], [3, 0, 10, 2, 0], [3, 0, 1, 0, 2], [2, 0, 0, 15, 7], [3, 0, 0, 0, 5]];
    for (const name of named) {
      assert.ok(sys.includes(sysRegId(...name)), `S${name.join('_')} (TCR, TTBR0, MAIR, CPACR, DBGWCR15, MPIDR) is listed`);
    }
    assert.ok(!sys.includes(sysRegId(3, 0, 4, 0, 1)), 'ELR_EL1 is a core register, not a listed system register');
    assert.deepEqual(ids.slice(-4), [KVMDBG_REG_INSN_COUNT, KVMDBG_REG_PHYS_COUNT, KVMDBG_REG_PTIMER_CTL, KVMDBG_REG_PTIMER_CVAL]);
  });

  test(`KVM_GET_REG_LIST (${e}): every listed register reads with KVM_GET_ONE_REG and takes its own value back with KVM_SET_ONE_REG`, () => {
    const m = experimentVm('6.1', e);
    m.setPc(0x40);
    m.vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [2n] }, e));
    m.vcpu.runVcpu();
    for (const id of regList(m.vcpu, e)) {
      const v = m.vcpu.getOneReg(id);
      m.vcpu.setOneReg(id, v);
      assert.equal(m.vcpu.getOneReg(id), v, `0x${id.toString(16)}`);
    }
  });
}

test('KVMDBG_REG_INSN_COUNT counts what the budget counts, and a write sets it; KVMDBG_REG_PHYS_COUNT moves CNTPCT_EL0 (and CNTVCT_EL0 with it)', () => {
  const m = experimentVm('6.1', 'le');
  assert.equal(m.vcpu.getOneReg(KVMDBG_REG_INSN_COUNT), 0n);
  m.setPc(0x40);                                     // nop, nop, nop, b .
  m.vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [5n] }, 'le'));
  m.vcpu.runVcpu();
  assert.equal(m.vcpu.getOneReg(KVMDBG_REG_INSN_COUNT), 5n, 'the stage-2 fault of the first fetch is not an instruction');
  assert.equal(m.vcpu.getOneReg(REG_PC), BigInt(SLOT_BASE + 0x4c));
  m.vcpu.setOneReg(KVMDBG_REG_INSN_COUNT, 1000n);
  m.vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [3n] }, 'le'));
  m.vcpu.runVcpu();
  assert.equal(m.vcpu.getOneReg(KVMDBG_REG_INSN_COUNT), 1003n);
  assert.equal(errnoOf(() => m.vcpu.setOneReg(KVMDBG_REG_INSN_COUNT, 1n << 53n)), 'EINVAL');

  const cntvct = sysRegId(3, 3, 14, 3, 2);          // KVM_REG_ARM_TIMER_CNT reads CNTVCT_EL0
  const before = m.vcpu.getOneReg(cntvct);
  const phys = m.vcpu.getOneReg(KVMDBG_REG_PHYS_COUNT);
  m.vcpu.setOneReg(KVMDBG_REG_PHYS_COUNT, phys + 12345n);
  assert.equal(m.vcpu.getOneReg(KVMDBG_REG_PHYS_COUNT), phys + 12345n);
  assert.equal(m.vcpu.getOneReg(cntvct), before + 12345n, 'CNTVOFF stays, so the virtual count moves too');
  m.vcpu.setOneReg(KVMDBG_REG_PTIMER_CVAL, 0x1234n);
  m.vcpu.setOneReg(KVMDBG_REG_PTIMER_CTL, 0x7n);
  assert.equal(m.vcpu.getOneReg(KVMDBG_REG_PTIMER_CVAL), 0x1234n);
  assert.equal(m.vcpu.getOneReg(KVMDBG_REG_PTIMER_CTL), 0x7n, 'ENABLE and IMASK stored, ISTATUS computed: the count is past CVAL');
  m.vcpu.setOneReg(KVMDBG_REG_PTIMER_CTL, 0x4n);
  assert.equal(m.vcpu.getOneReg(KVMDBG_REG_PTIMER_CTL), 0n, 'a written ISTATUS is ignored; disabled, it reads 0');
  assert.equal(errnoOf(() => m.vcpu.getOneReg(KVMDBG_REG_IDLE_UNTIL + 1n)), 'ENOENT', 'no such register of the group');
});
