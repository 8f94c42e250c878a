/**
 * KVM_RUN beyond the experiment's rows: MMIO loads, immediate_exit, KVM_EXIT_ARM_NISV, PSCI over HVC,
 * WFI, UNDEF injection, and userspace single-step across trapped system-register writes (the contract of
 * tools/testing/selftests/kvm/arm64/debug-exceptions.c: every exit PC is the previous PC + 4).
 * Sources of truth: arch/arm64/kvm/{arm,mmio,psci,handle_exit,sys_regs,debug,inject_fault}.c.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/backend.ts';
import {
  KVM_ARM_TARGET_GENERIC_V8, KVM_ARM_VCPU_PSCI_0_2, KVM_CAP_ARM_NISV_TO_USER, KVM_EXIT_ARM_NISV, KVM_EXIT_DEBUG, KVM_EXIT_INTR, KVM_EXIT_MMIO,
  KVM_EXIT_SYSTEM_EVENT, KVM_SYSTEM_EVENT_RESET, KVM_SYSTEM_EVENT_SHUTDOWN, REG_ELR_EL1, REG_PC, REG_PSTATE, REG_X,
  RUN_OFF, encodeVcpuInit, readU16, readU32, readU64, readU8, sysRegId, writeU16, writeU32,
} from '../abi/index.ts';
import { ESR_ELx_EC_VECTOR32 } from '../esr/ec.ts';
import { ARM_EXCEPTION_TRAP, handleExit } from './handle-exit.ts';
import { KVM_REG_ARM_PSCI_VERSION } from './one-reg.ts';
import { SLOT_BASE, experimentVm, type Machine } from './test-helpers.ts';
import type { KernelProfileName } from './profile.ts';

const errno = (code: string) => (err: unknown): boolean => err instanceof KvmError && err.errno === code;
const ENABLE = 0x1, SINGLESTEP = 0x2, USE_SW_BP = 0x10000;

const PROGRAMS: ReadonlyArray<readonly [number, readonly number[]]> = [
  [0x00, [
    0x52800000, // +0x00 mov w0, #0x0
    0x72b08000, // +0x04 movk w0, #0x8400, lsl #16        PSCI_VERSION
    0xd4000002, // +0x08 hvc #0x0
    0xaa0003e5, // +0x0c mov x5, x0
    0x528003e0, // +0x10 mov w0, #0x1f
    0x72b08000, // +0x14 movk w0, #0x8400, lsl #16        0x8400001f: no such PSCI function
    0xd4000022, // +0x18 hvc #0x1                          (KVM ignores the immediate)
    0xaa0003e6, // +0x1c mov x6, x0
    0x52800100, // +0x20 mov w0, #0x8
    0x72b08000, // +0x24 movk w0, #0x8400, lsl #16        SYSTEM_OFF
    0xd4000002, // +0x28 hvc #0x0
    0x14000000, // +0x2c b .
    0x52800120, // +0x30 mov w0, #0x9
    0x72b08000, // +0x34 movk w0, #0x8400, lsl #16        SYSTEM_RESET
    0xd4000002, // +0x38 hvc #0x0
    0x14000000, // +0x3c b .
    0xd2a40001, // +0x40 mov x1, #0x20000000               (no memslot: MMIO)
    0xb9400023, // +0x44 ldr w3, [x1]
    0x39800024, // +0x48 ldrsb x4, [x1]
    0xd4200020, // +0x4c brk #0x1
    0xd2a40001, // +0x50 mov x1, #0x20000000
    0xa9400c22, // +0x54 ldp x2, x3, [x1]                 (a pair: no valid syndrome, ISV=0)
    0xd4200040, // +0x58 brk #0x2
    0x00000000, // +0x5c udf #0
    0xd2803ce0, // +0x60 mov x0, #0x1e7
    0xd51000a0, // +0x64 msr dbgbcr0_el1, x0              (trapped: MDCR_EL2.TDA)
    0xd53000a1, // +0x68 mrs x1, dbgbcr0_el1
    0xd2900002, // +0x6c mov x2, #0x8000
    0xd5100242, // +0x70 msr mdscr_el1, x2
    0xd5300243, // +0x74 mrs x3, mdscr_el1
    0xd510109f, // +0x78 msr oslar_el1, xzr               (trapped: MDCR_EL2.TDOSA)
    0xd5301184, // +0x7c mrs x4, oslsr_el1
    0xd503201f, // +0x80 nop
    0x14000000, // +0x84 b .
  ]],
  [0xa0, [
    0xd503207f, // +0xa0 wfi
    0x14000000, // +0xa4 b .
  ]],
];

const exitReason = (m: Machine): number => readU32(m.vcpu.run, RUN_OFF.exitReason, m.e);
const pcOff = (m: Machine): number => Number(m.vcpu.getOneReg(REG_PC)) - SLOT_BASE;
const u64 = (n: number): bigint => BigInt.asUintN(64, BigInt(n));

function withAlarm(m: Machine, f: () => void): void {
  m.kvm.setTimerSignal(20);
  try {
    f();
  } finally {
    m.kvm.setTimerSignal(0);
  }
}

for (const p of ['6.1', '5.10'] as const satisfies readonly KernelProfileName[]) {
  for (const e of ['le', 'be'] as const) {
    const tag = `${p} ${e.toUpperCase()}`;

    test(`KVM_RUN (${tag}): ENOEXEC before KVM_ARM_VCPU_INIT`, () => {
      const m = experimentVm(p, e, PROGRAMS);
      const fresh = m.vm.createVcpu(1);
      assert.throws(() => fresh.runVcpu(), errno('ENOEXEC'));
    });

    test(`KVM_EXIT_MMIO (${tag}): a load takes kvm_run.mmio.data (guest byte order) into Rt and the PC steps over it`, () => {
      const m = experimentVm(p, e, PROGRAMS);
      const { run } = m.vcpu;
      m.setPc(0x40);
      m.vcpu.runVcpu();
      assert.equal(exitReason(m), KVM_EXIT_MMIO);
      assert.equal(readU64(run, RUN_OFF.mmioPhysAddr, e), 0x20000000n);
      assert.equal(readU32(run, RUN_OFF.mmioLen, e), 4);
      assert.equal(readU8(run, RUN_OFF.mmioIsWrite), 0);
      assert.equal(pcOff(m), 0x44);
      run.set([0x78, 0x56, 0x34, 0x12], RUN_OFF.mmioData);
      m.vcpu.runVcpu(); // completes ldr w3, then ldrsb x4 exits
      assert.equal(exitReason(m), KVM_EXIT_MMIO);
      assert.equal(readU32(run, RUN_OFF.mmioLen, e), 1);
      assert.equal(m.vcpu.getOneReg(REG_X(3)), 0x12345678n);
      assert.equal(pcOff(m), 0x48);
      run[RUN_OFF.mmioData] = 0x7f;
      m.debug({ control: ENABLE | USE_SW_BP });
      m.vcpu.runVcpu();
      assert.equal(exitReason(m), KVM_EXIT_DEBUG);
      assert.equal(m.vcpu.getOneReg(REG_X(4)), 0x7fn);
      assert.equal(pcOff(m), 0x4c);
    });

    test(`KVM_RUN (${tag}): immediate_exit returns EINTR without entering the guest; exit_reason and flags untouched`, () => {
      const m = experimentVm(p, e, PROGRAMS);
      const { run } = m.vcpu;
      m.setPc(0x80);
      writeU32(run, RUN_OFF.exitReason, 0x1234, e);
      writeU16(run, RUN_OFF.flags, 0xbeef, e);
      run[RUN_OFF.immediateExit] = 1;
      assert.throws(() => m.vcpu.runVcpu(), errno('EINTR'));
      assert.equal(exitReason(m), 0x1234);
      assert.equal(readU16(run, RUN_OFF.flags, e), 0xbeef);
      assert.equal(pcOff(m), 0x80);
      assert.equal(m.vcpu.cpu.retired, 0);
    });

    test(`KVM_EXIT_ARM_NISV (${tag}): an MMIO access without a valid syndrome is ENOSYS unless KVM_CAP_ARM_NISV_TO_USER`, () => {
      const m = experimentVm(p, e, PROGRAMS);
      m.setPc(0x50);
      assert.throws(() => m.vcpu.runVcpu(), errno('ENOSYS'));
      assert.equal(pcOff(m), 0x54);
      m.vm.enableCap(KVM_CAP_ARM_NISV_TO_USER);
      m.vcpu.runVcpu();
      assert.equal(exitReason(m), KVM_EXIT_ARM_NISV);
      assert.equal(readU64(m.vcpu.run, RUN_OFF.armNisvFaultIpa, e), 0x20000000n);
      // Only CM, WnR and the fault status code are reported (a load: WnR clear).
      const iss = readU64(m.vcpu.run, RUN_OFF.armNisvEsrIss, e);
      assert.equal(iss & ~0x17fn, 0n);
      assert.equal(iss & 0x40n, 0n);
      assert.equal(pcOff(m), 0x54);
    });

    test(`PSCI over HVC (${tag}): PSCI_VERSION ${p === '6.1' ? '1.1' : '1.0'}, unknown ids NOT_SUPPORTED, SYSTEM_OFF exits as SYSTEM_EVENT SHUTDOWN`, () => {
      const m = experimentVm(p, e, PROGRAMS, [KVM_ARM_VCPU_PSCI_0_2]);
      const { run } = m.vcpu;
      m.setPc(0x00);
      m.vcpu.runVcpu();
      assert.equal(exitReason(m), KVM_EXIT_SYSTEM_EVENT);
      assert.equal(readU32(run, RUN_OFF.systemEventType, e), KVM_SYSTEM_EVENT_SHUTDOWN);
      // 6.1 reports ndata = 1 with data[0] = 0 (no flags); 5.10's struct had no ndata (zeroed).
      assert.equal(readU32(run, RUN_OFF.systemEventNdata, e), p === '6.1' ? 1 : 0);
      assert.equal(readU64(run, RUN_OFF.systemEventData, e), 0n);
      assert.equal(m.vcpu.getOneReg(REG_X(5)), p === '6.1' ? 0x10001n : 0x10000n);
      assert.equal(m.vcpu.getOneReg(REG_X(6)), u64(-1));
      assert.equal(m.vcpu.getOneReg(REG_X(0)), u64(-6), 'x0 preloaded with INTERNAL_FAILURE');
      assert.equal(pcOff(m), 0x2c);
      // The vCPU is stopped: KVM_RUN now only waits for a signal.
      withAlarm(m, () => assert.throws(() => m.vcpu.runVcpu(), errno('EINTR')));
      assert.equal(exitReason(m), KVM_EXIT_INTR);
      assert.equal(pcOff(m), 0x2c);
    });

    test(`PSCI over HVC (${tag}): SYSTEM_RESET exits as SYSTEM_EVENT RESET; KVM_ARM_VCPU_INIT restarts the vCPU`, () => {
      const m = experimentVm(p, e, PROGRAMS, [KVM_ARM_VCPU_PSCI_0_2]);
      m.setPc(0x30);
      m.vcpu.runVcpu();
      assert.equal(exitReason(m), KVM_EXIT_SYSTEM_EVENT);
      assert.equal(readU32(m.vcpu.run, RUN_OFF.systemEventType, e), KVM_SYSTEM_EVENT_RESET);
      m.vcpu.armVcpuInit(encodeVcpuInit({ target: KVM_ARM_TARGET_GENERIC_V8, features: [KVM_ARM_VCPU_PSCI_0_2] }, e));
      assert.equal(m.vcpu.getOneReg(REG_PC), 0n);
      m.setPc(0x00);
      m.vcpu.setOneReg(KVM_REG_ARM_PSCI_VERSION, 2n); // pin PSCI 0.2
      m.vcpu.runVcpu();
      assert.equal(m.vcpu.getOneReg(REG_X(5)), 2n);
    });

    test(`PSCI 0.1 (${tag}): without KVM_ARM_VCPU_PSCI_0_2, PSCI_VERSION and SYSTEM_OFF are NOT_SUPPORTED`, () => {
      const m = experimentVm(p, e, PROGRAMS);
      m.setPc(0x00);
      withAlarm(m, () => assert.throws(() => m.vcpu.runVcpu(), errno('EINTR')));
      assert.equal(m.vcpu.getOneReg(REG_X(5)), u64(-1));
      assert.equal(m.vcpu.getOneReg(REG_X(0)), u64(-1));
      assert.equal(pcOff(m), 0x2c);
    });

    test(`WFI (${tag}): the vCPU halts until the timer signal, KVM_RUN returns EINTR with the WFI completed`, () => {
      const m = experimentVm(p, e, PROGRAMS);
      m.setPc(0xa0);
      withAlarm(m, () => assert.throws(() => m.vcpu.runVcpu(), errno('EINTR')));
      assert.equal(exitReason(m), KVM_EXIT_INTR);
      assert.equal(pcOff(m), 0xa4);
    });

    test(`unknown exception class (${tag}): kvm_handle_unknown_ec makes the instruction UNDEFINED for the guest`, () => {
      const m = experimentVm(p, e, PROGRAMS);
      m.setPc(0x80);
      const v = m.vcpu.arch;
      v.esrLo = (ESR_ELx_EC_VECTOR32 << 26 | 1 << 25) >>> 0;
      v.esr = BigInt(v.esrLo);
      assert.equal(handleExit(v, ARM_EXCEPTION_TRAP), 1);
      v.adjustPc(); // 6.1 defers the injection to the next entry
      assert.equal(m.vcpu.getOneReg(sysRegId(3, 0, 5, 2, 0)), 0x02000000n, 'ESR_EL1: EC 0 (unknown), IL');
      assert.equal(m.vcpu.getOneReg(REG_ELR_EL1), BigInt(SLOT_BASE + 0x80));
      assert.equal(m.vcpu.getOneReg(REG_PC), 0x200n, 'VBAR_EL1 (0) + 0x200: synchronous, current EL with SP_ELx');
      assert.equal(Number(m.vcpu.getOneReg(REG_PSTATE)) & 0x3cf, 0x3c5);
    });
  }
}

test('KVM_GUESTDBG_SINGLESTEP (6.1): every exit PC is the previous PC + 4 across trapped debug-register writes; the guest keeps its own view', () => {
  for (const e of ['le', 'be'] as const) {
    const m = experimentVm('6.1', e, PROGRAMS);
    m.debug({ control: ENABLE | SINGLESTEP });
    m.setPc(0x60);
    let prev = 0x60;
    for (let i = 0; i < 9; i++) {
      m.vcpu.runVcpu();
      assert.equal(exitReason(m), KVM_EXIT_DEBUG, `step ${i}`);
      assert.equal(readU32(m.vcpu.run, RUN_OFF.debugArchHsr, e) >>> 26, 0x32, `step ${i}: EC SOFTSTP_LOW`);
      assert.equal(pcOff(m), prev + 4, `step ${i} from +0x${prev.toString(16)}`);
      prev += 4;
    }
    // The trapped writes went to the guest's copies, not to what KVM loaded for stepping.
    assert.equal(m.vcpu.getOneReg(sysRegId(2, 0, 0, 0, 5)), 0x1e7n, 'DBGBCR0_EL1');
    assert.equal(m.vcpu.getOneReg(sysRegId(2, 0, 0, 2, 2)), 0x8000n, 'MDSCR_EL1 without the SS bit KVM sets');
    assert.equal(m.vcpu.getOneReg(sysRegId(2, 0, 1, 1, 4)), 0x8n, 'OSLSR_EL1: the OSLAR write of 0 left OSLK clear');
    assert.equal(m.vcpu.getOneReg(REG_X(4)), 0x8n, 'the guest read OSLSR_EL1');
    assert.equal(m.vcpu.getOneReg(REG_PSTATE), 0x3c5n);
  }
});

test('KVM_GUESTDBG_SINGLESTEP (5.10): after a trapped write the next instruction also runs before the step exit (as row g4)', () => {
  const m = experimentVm('5.10', 'le', PROGRAMS);
  m.debug({ control: ENABLE | SINGLESTEP });
  m.setPc(0x60);
  m.vcpu.runVcpu(); // mov x0
  assert.equal(pcOff(m), 0x64);
  m.vcpu.runVcpu(); // msr dbgbcr0_el1 trapped and emulated, then mrs runs before the step is taken
  assert.equal(pcOff(m), 0x6c);
  assert.equal(readU32(m.vcpu.run, RUN_OFF.debugArchHsr, 'le'), 0xcb000022);
});

test('USE_HW: userspace breakpoints replace the guest\'s in the hardware while its own values stay visible to it and ONE_REG', () => {
  for (const p of ['6.1', '5.10'] as const) {
    const m = experimentVm(p, 'le');
    const DBGBCR0 = sysRegId(2, 0, 0, 0, 5), DBGBVR0 = sysRegId(2, 0, 0, 0, 4);
    m.vcpu.setOneReg(DBGBCR0, 0x1e7n); // the guest's own breakpoint at +0x44, enabled
    m.vcpu.setOneReg(DBGBVR0, BigInt(SLOT_BASE + 0x44));
    m.vcpu.setOneReg(sysRegId(2, 0, 0, 2, 2), 0xa000n); // the guest's MDSCR_EL1: MDE | KDE
    m.debug({ control: ENABLE | 0x20000, bcr: [0x1e7n], bvr: [BigInt(SLOT_BASE + 0x48)] });
    m.setPc(0x40);
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVM_EXIT_DEBUG);
    assert.equal(readU32(m.vcpu.run, RUN_OFF.debugArchHsr, 'le'), 0xc2000022);
    assert.equal(pcOff(m), 0x48, `${p}: userspace's breakpoint, not the guest's at +0x44`);
    assert.equal(m.vcpu.getOneReg(DBGBVR0), BigInt(SLOT_BASE + 0x44), `${p}: the guest's DBGBVR0_EL1`);
    assert.equal(m.vcpu.getOneReg(sysRegId(2, 0, 0, 2, 2)), 0xa000n, `${p}: the guest's MDSCR_EL1`);
    // With debugging off again, the guest's own registers are what the hardware gets back.
    m.debug({ control: 0 });
    m.vcpu.setOneReg(DBGBVR0, BigInt(SLOT_BASE + 0x100));
    assert.equal(m.vcpu.getOneReg(DBGBVR0), BigInt(SLOT_BASE + 0x100));
  }
});

test('syncGuestCode: a BRK written over code the vCPU already ran is seen on the next KVM_RUN', () => {
  const m = experimentVm('6.1', 'le', PROGRAMS);
  m.debug({ control: ENABLE | SINGLESTEP });
  m.setPc(0x80);
  m.vcpu.runVcpu(); // nop at +0x80 executed (and predecoded)
  m.debug({ control: ENABLE | USE_SW_BP });
  m.setPc(0x80);
  m.mem.set([0x00, 0x00, 0x20, 0xd4], 0x80); // brk #0 (0xd4200000) over the nop, as a debugger inserts it
  m.vm.syncGuestCode(BigInt(SLOT_BASE + 0x80), 4);
  m.vcpu.runVcpu();
  assert.equal(exitReason(m), KVM_EXIT_DEBUG);
  assert.equal(readU32(m.vcpu.run, RUN_OFF.debugArchHsr, 'le'), 0xf2000000);
  assert.equal(pcOff(m), 0x80);
});
