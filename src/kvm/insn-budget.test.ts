/**
 * KVMDBG_CAP_INSN_BUDGET, the model's exact instruction budget (abi/constants.ts): armed with
 * KVM_ENABLE_CAP on the vCPU, KVM_RUN returns KVMDBG_EXIT_INSN_BUDGET with the PC right after the N-th
 * completed instruction. Guest code: the conformance programs of test-helpers.ts (words and
 * disassembly beside them); PCs follow from the A64 encodings (every instruction 4 bytes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/backend.ts';
import { readU32 } from '../abi/codec.ts';
import { KVM_EXIT_DEBUG, KVM_EXIT_MMIO, KVM_GUESTDBG_ENABLE, KVM_GUESTDBG_USE_HW, KVMDBG_CAP_INSN_BUDGET, KVMDBG_CAP_SEAMLESS_ENTRY, KVMDBG_EXIT_INSN_BUDGET } from '../abi/constants.ts';
import { encodeEnableCap } from '../abi/enable-cap.ts';
import { RUN_OFF } from '../abi/kvm-run.ts';
import { KVMDBG_REG_INSN_COUNT, KVMDBG_REG_PHYS_COUNT, REG_PC, REG_X, sysRegId } from '../abi/one-reg.ts';
import { SLOT_BASE, experimentVm, putWords, type Machine } from './test-helpers.ts';

const budget = (m: Machine, n: number, flags = 0): void =>
  m.vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags, args: [BigInt(n)] }, m.e));
const exitReason = (m: Machine): number => readU32(m.vcpu.run, RUN_OFF.exitReason, m.e);
const pcOff = (m: Machine): number => Number(m.vcpu.getOneReg(REG_PC)) - SLOT_BASE;

for (const profile of ['5.10', '6.1'] as const) {
  test(`KVMDBG_CAP_INSN_BUDGET (${profile}): KVM_CHECK_EXTENSION says 1; KVM_RUN stops after exactly N instructions (the stage-2 fault of the first fetch counts none), and again at once until re-armed`, () => {
    const m = experimentVm(profile, 'le');
    assert.equal(m.kvm.checkExtension(KVMDBG_CAP_INSN_BUDGET), 1);
    m.setPc(0x40);                                   // nop, nop, nop, b .
    budget(m, 2);
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVMDBG_EXIT_INSN_BUDGET);
    assert.equal(pcOff(m), 0x48, 'two nops done, the third not');
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVMDBG_EXIT_INSN_BUDGET);
    assert.equal(pcOff(m), 0x48, 'a used-up budget runs nothing');
    budget(m, 100_001);                               // one nop, then 100000 turns of `b .`, more than one time slice
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVMDBG_EXIT_INSN_BUDGET);
    assert.equal(pcOff(m), 0x4c);
  });

  test(`KVMDBG_CAP_INSN_BUDGET (${profile}): a prefetch abort KVM injects counts one, so a guest whose vector is outside every memslot still uses up its budget`, () => {
    // PC and VBAR_EL1 (0 from reset) outside the slot: each fetch is a stage-2 instruction abort on no
    // memslot, which KVM re-injects (kvm_handle_guest_abort: -ENOEXEC, kvm_inject_pabt) and stays in its
    // run loop; the guest takes it at VBAR_EL1 + 0x200, outside the slot again, and so on for ever
    const m = experimentVm(profile, 'le');
    m.setPc(-SLOT_BASE);
    budget(m, 5);
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVMDBG_EXIT_INSN_BUDGET, 'KVM_RUN returned, after five injected aborts');
    assert.equal(Number(m.vcpu.getOneReg(REG_PC)), 0x200, 'at the current-EL synchronous vector');
  });

  test(`KVMDBG_CAP_INSN_BUDGET (${profile}): an exception KVM injects advances KVMDBG_REG_INSN_COUNT by the one step of the budget it uses, as the counter's tick`, () => {
    // PC outside every memslot, VBAR_EL1 inside: the fetch's stage-2 abort is injected back to the guest
    // (kvm_inject_pabt), whose vector runs `nop; b .`. A budget of 3: the abort, the nop, one `b .`
    const m = experimentVm(profile, 'le');
    putWords(m.mem, 0x1200, [
      0xd503201f, // +0x1200 nop       VBAR_EL1 + 0x200: current EL with SP_ELx, synchronous
      0x14000000, // +0x1204 b .
    ]);
    m.vcpu.setOneReg(sysRegId(3, 0, 12, 0, 0), BigInt(SLOT_BASE + 0x1000));   // VBAR_EL1
    m.setPc(-SLOT_BASE);
    const insns = m.vcpu.getOneReg(KVMDBG_REG_INSN_COUNT), ticks = m.vcpu.getOneReg(KVMDBG_REG_PHYS_COUNT);
    budget(m, 3);
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVMDBG_EXIT_INSN_BUDGET);
    assert.equal(pcOff(m), 0x1204, 'the abort taken, the nop and one b . done');
    assert.equal(m.vcpu.getOneReg(sysRegId(3, 0, 5, 2, 0)) >> 26n, 0x21n, 'ESR_EL1.EC: an instruction abort from the current EL');
    assert.equal(m.vcpu.getOneReg(KVMDBG_REG_INSN_COUNT) - insns, 3n, 'KVMDBG_REG_INSN_COUNT counts the injected abort as the budget does');
    assert.equal(m.vcpu.getOneReg(KVMDBG_REG_PHYS_COUNT) - ticks, 3n, 'and as the counter ticks');
  });

  test(`KVMDBG_CAP_INSN_BUDGET (${profile}): an MMIO store KVM emulates counts once; a breakpoint exit counts nothing`, () => {
    const m = experimentVm(profile, 'le');
    m.setPc(0x60);                                   // mov, mov, str (MMIO), b .
    budget(m, 3);
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVM_EXIT_MMIO, 'the store exits first');
    m.vcpu.runVcpu();                                // KVM completes the store: the third instruction
    assert.equal(exitReason(m), KVMDBG_EXIT_INSN_BUDGET);
    assert.equal(pcOff(m), 0x6c);

    const h = experimentVm(profile, 'le');
    h.setPc(0x40);
    h.debug({ control: KVM_GUESTDBG_ENABLE | KVM_GUESTDBG_USE_HW, bcr: [0x1e7n], bvr: [BigInt(SLOT_BASE + 0x44)] });
    budget(h, 2);
    h.vcpu.runVcpu();
    assert.equal(exitReason(h), KVM_EXIT_DEBUG, 'the breakpoint at +0x44, after one nop');
    h.debug({ control: 0 });
    h.vcpu.runVcpu();
    assert.equal(exitReason(h), KVMDBG_EXIT_INSN_BUDGET);
    assert.equal(pcOff(h), 0x48, 'the breakpoint exit did not use up the second instruction');
  });

  test(`KVMDBG_CAP_INSN_BUDGET (${profile}): args[0] = 0 disarms; flags or another capability are EINVAL`, () => {
    const m = experimentVm(profile, 'le');
    m.setPc(0x40);
    budget(m, 1);
    budget(m, 0);
    m.kvm.setTimerSignal(5);
    // EINTR, a routine return, carries no stack trace (one per exit would cost more than the exit); the
    // errors of a VMM's mistakes keep theirs
    assert.throws(() => m.vcpu.runVcpu(), (e: unknown) => e instanceof KvmError && e.errno === 'EINTR' &&
      e.message === 'KVM_RUN: EINTR' && e.stack === 'KvmError: KVM_RUN: EINTR', 'runs until the timer signal');
    m.kvm.setTimerSignal(0);
    assert.throws(() => budget(m, 1, 1), (e: unknown) => e instanceof KvmError && e.errno === 'EINVAL' && (e.stack ?? '').split('\n').length > 1);
    assert.throws(() => m.vcpu.enableCap(encodeEnableCap({ cap: 177, flags: 0, args: [1n] }, 'le')),
      (e: unknown) => e instanceof KvmError && e.errno === 'EINVAL');
    assert.throws(() => m.vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [1n << 60n] }, 'le')),
      (e: unknown) => e instanceof KvmError && e.errno === 'EINVAL');
  });
}

test('KVM_RUN: its entry into the guest (an ERET from EL2) opens the local exclusive monitor, so a store-exclusive after a return to userspace fails; KVMDBG_CAP_SEAMLESS_ENTRY makes the next entry keep it, once', () => {
  const m = experimentVm('6.1', 'le');
  const seamless = (on: boolean): void =>
    m.vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_SEAMLESS_ENTRY, flags: 0, args: [on ? 1n : 0n] }, m.e));
  assert.equal(m.kvm.checkExtension(KVMDBG_CAP_SEAMLESS_ENTRY), 1);
  // x5 points into the slot: LDXR, then STXR of the same doubleword, then b .
  putWords(m.mem, 0x800, [
    0xc85f7ca6, // ldxr x6, [x5]
    0xc8077ca6, // stxr w7, x6, [x5]
    0x14000000, // b    .
  ]);
  const stxr = (keep: boolean | undefined): bigint => {
    m.vcpu.setOneReg(REG_X(5), BigInt(SLOT_BASE + 0xf00));
    m.vcpu.setOneReg(REG_X(7), 0x55n);
    m.setPc(0x800);
    budget(m, 1);
    m.vcpu.runVcpu();                                 // the LDXR, then a return to userspace
    assert.equal(pcOff(m), 0x804);
    if (keep !== undefined) seamless(keep);
    budget(m, 1);
    m.vcpu.runVcpu();                                 // the STXR
    assert.equal(pcOff(m), 0x808);
    return m.vcpu.getOneReg(REG_X(7));
  };
  assert.equal(stxr(undefined), 1n, 'the entry after the LDXR cleared the monitor: the STXR fails');
  assert.equal(stxr(true), 0n, 'a seamless entry keeps it: the STXR succeeds');
  assert.equal(stxr(undefined), 1n, 'used up by that KVM_RUN');
  assert.equal(stxr(false), 1n, 'args[0] = 0 takes it back');
  assert.throws(() => m.vcpu.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_SEAMLESS_ENTRY, flags: 0, args: [2n] }, m.e)),
    (e: unknown) => e instanceof KvmError && e.errno === 'EINVAL');
});
