/**
 * Several vCPUs and their power state: KVM_GET/SET_MP_STATE, KVM_ARM_VCPU_POWER_OFF, KVM_RUN of a stopped
 * or suspended vCPU, and PSCI between vCPUs (CPU_ON, CPU_OFF, AFFINITY_INFO, MIGRATE_INFO_TYPE, FEATURES,
 * CPU_SUSPEND, SYSTEM_OFF/RESET/RESET2 stopping every vCPU), as arch/arm64/kvm/arm.c and psci.c answer.
 * The conformance scenarios psci-smp*.json record the same on Debian's kernels.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KvmError } from '../abi/backend.ts';
import {
  KVM_ARM_VCPU_POWER_OFF, KVM_ARM_VCPU_PSCI_0_2, KVM_EXIT_DEBUG, KVM_EXIT_INTR, KVM_EXIT_MMIO, KVM_EXIT_SYSTEM_EVENT,
  KVM_MP_STATE_RUNNABLE, KVM_MP_STATE_STOPPED, KVM_MP_STATE_SUSPENDED, KVM_SYSTEM_EVENT_RESET, KVM_SYSTEM_EVENT_SHUTDOWN,
  KVM_SYSTEM_EVENT_WAKEUP, KVMDBG_CAP_INSN_BUDGET, KVMDBG_EXIT_INSN_BUDGET, REG_PC, REG_PSTATE, REG_X, RUN_OFF, decodeMpState,
  encodeEnableCap, encodeGuestDebug, encodeIrqLevel, encodeMpState, encodeVcpuInit, readU32, readU64, sysRegId, writeU8,
  type Endian,
} from '../abi/index.ts';
import type { KvmSystem } from '../abi/backend.ts';
import { createModelKvm, type HostClock } from './index.ts';
import type { KernelProfileName } from './profile.ts';
import { SLOT_BASE, putWords, steppingClock } from './test-helpers.ts';
import type { Vcpu } from './vcpu.ts';
import type { Vm } from './vm.ts';

const errno = (code: string) => (err: unknown): boolean => err instanceof KvmError && err.errno === code;

const CODE: ReadonlyArray<readonly [number, readonly number[]]> = [
  [0x70, [
    0xd4000002, // +0x70 hvc #0x0                 (x0..x3 set through ONE_REG)
    0xd42000e0, // +0x74 brk #0x7
  ]],
  [0x78, [
    0xd503207f, // +0x78 wfi
    0xd4200100, // +0x7c brk #0x8
  ]],
  [0x80, [
    0xd2a40001, // +0x80 mov x1, #0x20000000      (no memslot: MMIO)
    0xb9400022, // +0x84 ldr w2, [x1]
    0xd4200140, // +0x88 brk #0xa
  ]],
  [0x100, [
    0xaa0003e5, // +0x100 mov x5, x0             (secondary entry: keep the context id)
    0xd53800a6, // +0x104 mrs x6, mpidr_el1
    0xd4200120, // +0x108 brk #0x9
  ]],
  [0x120, [
    0x14000000, // +0x120 b .
  ]],
  [0xa80, [0xd4200160]], // VBAR + 0x280 (IRQ, current EL with SP_ELx): brk #0xb
  [0xb00, [0xd4200180]], // VBAR + 0x300 (FIQ, current EL with SP_ELx): brk #0xc
];

const CPU_SUSPEND64 = 0xc4000001n, CPU_OFF = 0x84000002n, CPU_ON64 = 0xc4000003n, CPU_ON = 0x84000003n;
const AFFINITY_INFO64 = 0xc4000004n, MIGRATE_INFO_TYPE = 0x84000006n, SYSTEM_OFF = 0x84000008n;
const SYSTEM_RESET = 0x84000009n, PSCI_FEATURES = 0x8400000an, SYSTEM_RESET2_64 = 0xc4000012n;
const SYSTEM_SUSPEND = 0x8400000en, PSCI_VERSION = 0x84000000n;
const u64 = (n: number): bigint => BigInt.asUintN(64, BigInt(n));
const MPIDR_EL1 = sysRegId(3, 0, 0, 0, 5);
const VBAR_EL1 = sysRegId(3, 0, 12, 0, 0);
const ELR_EL1 = sysRegId(3, 0, 4, 0, 1);

interface Smp {
  kvm: KvmSystem;
  /** Milliseconds on the stepping clock of the timer signal. */
  now(): number;
  vm: Vm;
  vcpus: Vcpu[];
  e: Endian;
  mpState(i: number): number;
  setMpState(i: number, s: number): void;
  /** Put x0..x3, PC at `off`, KVM_RUN. */
  call(i: number, off: number, ...x: bigint[]): void;
  exit(i: number): number;
  pc(i: number): number;
}

/** `n` vCPUs with ids 0..n-1 (PSCI 0.2+, debug on so BRK exits); those in `off` start powered off. */
function smp(p: KernelProfileName, e: Endian, n: number, off: number[] = [], psci02 = true): Smp {
  const base = steppingClock();
  let t = 0;
  const clock: HostClock = { now: () => (t = base.now()), sleep: (ms) => base.sleep(ms) };
  const kvm = createModelKvm({ profile: p, endian: e, clock });
  const vm = kvm.createVm() as Vm;
  const mem = kvm.allocGuestMemory(0x10000);
  for (const [o, words] of CODE) putWords(mem, o, words);
  vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: BigInt(SLOT_BASE), memory: mem });
  const vcpus: Vcpu[] = [];
  for (let i = 0; i < n; i++) {
    const v = vm.createVcpu(i);
    const features = [...(psci02 ? [KVM_ARM_VCPU_PSCI_0_2] : []), ...(off.includes(i) ? [KVM_ARM_VCPU_POWER_OFF] : [])];
    v.armVcpuInit(encodeVcpuInit({ target: 5, features }, e));
    v.setGuestDebug(encodeGuestDebug({ control: 1, bcr: [], bvr: [], wcr: [], wvr: [] }, e));
    v.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x120));
    vcpus.push(v);
  }
  const mp = new Uint8Array(4);
  return {
    kvm, now: () => t, vm, vcpus, e,
    mpState: (i) => (vcpus[i]!.getMpState(mp), decodeMpState(mp, e)),
    setMpState: (i, s) => vcpus[i]!.setMpState(encodeMpState(s, e)),
    call: (i, o, ...x) => {
      const v = vcpus[i]!;
      x.forEach((val, r) => v.setOneReg(REG_X(r), val));
      v.setOneReg(REG_PC, BigInt(SLOT_BASE + o));
      v.runVcpu();
    },
    exit: (i) => readU32(vcpus[i]!.run, RUN_OFF.exitReason, e),
    pc: (i) => Number(vcpus[i]!.getOneReg(REG_PC)) - SLOT_BASE,
  };
}

for (const p of ['6.1', '5.10'] as const satisfies readonly KernelProfileName[]) {
  for (const e of ['le', 'be'] as const) {
    const tag = `${p} ${e.toUpperCase()}`;

    test(`KVM_GET_MP_STATE (${tag}): RUNNABLE before and after KVM_ARM_VCPU_INIT, STOPPED with KVM_ARM_VCPU_POWER_OFF`, () => {
      const kvm = createModelKvm({ profile: p, endian: e });
      const vm = kvm.createVm();
      const v = vm.createVcpu(0);
      const mp = new Uint8Array(4).fill(0xaa);
      v.getMpState(mp);
      assert.equal(decodeMpState(mp, e), KVM_MP_STATE_RUNNABLE);
      v.armVcpuInit(encodeVcpuInit({ target: 5, features: [KVM_ARM_VCPU_POWER_OFF] }, e));
      v.getMpState(mp);
      assert.equal(decodeMpState(mp, e), KVM_MP_STATE_STOPPED);
      v.armVcpuInit(encodeVcpuInit({ target: 5, features: [KVM_ARM_VCPU_POWER_OFF] }, e));
      v.getMpState(mp);
      assert.equal(decodeMpState(mp, e), KVM_MP_STATE_STOPPED);
      assert.throws(() => v.getMpState(new Uint8Array(3)), errno('EFAULT'));
    });

    test(`KVM_SET_MP_STATE (${tag}): RUNNABLE and STOPPED are taken, ${p === '6.1' ? 'SUSPENDED too, ' : 'SUSPENDED is EINVAL, '}anything else EINVAL`, () => {
      const m = smp(p, e, 1);
      m.setMpState(0, KVM_MP_STATE_STOPPED);
      assert.equal(m.mpState(0), KVM_MP_STATE_STOPPED);
      m.setMpState(0, KVM_MP_STATE_RUNNABLE);
      assert.equal(m.mpState(0), KVM_MP_STATE_RUNNABLE);
      for (const bad of [1, 2, 3, 4, 6, 7, 8, 9, 11, 0xffffffff]) {
        assert.throws(() => m.setMpState(0, bad), errno('EINVAL'), `mp_state ${bad}`);
      }
      if (p === '6.1') {
        m.setMpState(0, KVM_MP_STATE_SUSPENDED);
        assert.equal(m.mpState(0), KVM_MP_STATE_SUSPENDED);
      } else {
        assert.throws(() => m.setMpState(0, KVM_MP_STATE_SUSPENDED), errno('EINVAL'));
      }
    });

    test(`KVM_RUN of a STOPPED vCPU (${tag}): without a timer signal EINTR at once, nothing runs, still STOPPED; with one, after the tick`, () => {
      const m = smp(p, e, 2, [1]);
      const v = m.vcpus[1]!;
      v.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x100));
      assert.throws(() => v.runVcpu(), errno('EINTR'));
      assert.equal(m.exit(1), KVM_EXIT_INTR);
      assert.equal(m.pc(1), 0x100);
      assert.equal(m.mpState(1), KVM_MP_STATE_STOPPED);
      m.kvm.setTimerSignal(1000);
      const t0 = m.now();
      try {
        assert.throws(() => v.runVcpu(), errno('EINTR'));
      } finally {
        m.kvm.setTimerSignal(0);
      }
      assert.ok(m.now() - t0 >= 999, `slept until the timer signal (${m.now() - t0} ms)`);
      assert.equal(m.pc(1), 0x100);
    });

    test(`KVM_RUN of a STOPPED vCPU (${tag}): immediate_exit is EINTR before any sleep; exit_reason stays as it was`, () => {
      const m = smp(p, e, 2, [1]);
      const v = m.vcpus[1]!;
      const run = v.run;
      new DataView(run.buffer).setUint32(RUN_OFF.exitReason, 0x55, e === 'le');
      writeU8(run, RUN_OFF.immediateExit, 1);
      assert.throws(() => v.runVcpu(), errno('EINTR'));
      assert.equal(m.exit(1), 0x55);
    });

    test(`PSCI CPU_ON (${tag}): the target (by MPIDR) starts at the entry point with x0 = context id, reset, MPIDR_EL1 from its id`, () => {
      const m = smp(p, e, 3, [1, 2]);
      m.vcpus[2]!.setOneReg(REG_X(7), 0x77n); // dirty, so the reset shows
      m.call(0, 0x70, CPU_ON64, 2n, BigInt(SLOT_BASE + 0x100), 0xabcdef0123456789n);
      assert.equal(m.exit(0), KVM_EXIT_DEBUG);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), 0n, 'PSCI_RET_SUCCESS');
      assert.equal(m.mpState(2), KVM_MP_STATE_RUNNABLE);
      assert.equal(m.mpState(1), KVM_MP_STATE_STOPPED);
      // The reset happens at the target's next KVM_RUN (KVM_REQ_VCPU_RESET).
      assert.equal(m.vcpus[2]!.getOneReg(REG_X(7)), 0x77n);
      m.vcpus[2]!.runVcpu();
      assert.equal(m.exit(2), KVM_EXIT_DEBUG);
      assert.equal(m.pc(2), 0x108);
      assert.equal(m.vcpus[2]!.getOneReg(REG_X(5)), 0xabcdef0123456789n);
      assert.equal(m.vcpus[2]!.getOneReg(REG_X(6)), 0x80000002n, 'the guest reads its MPIDR_EL1');
      assert.equal(m.vcpus[2]!.getOneReg(REG_X(7)), 0n);
      assert.equal(m.vcpus[2]!.getOneReg(MPIDR_EL1), 0x80000002n);
      // 32-bit CPU_ON only sees the low halves of x1..x3.
      m.call(0, 0x70, CPU_ON, 0xffffffff00000001n, 0xffffffff00000000n + BigInt(SLOT_BASE + 0x100), 0xffffffff00000042n);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), 0n);
      m.vcpus[1]!.runVcpu();
      assert.equal(m.pc(1), 0x108);
      assert.equal(m.vcpus[1]!.getOneReg(REG_X(5)), 0x42n);
    });

    test(`PSCI CPU_ON (${tag}): ALREADY_ON for a running target, INVALID_PARAMS for an unknown MPIDR${p === '6.1' ? ' or bits outside the affinity' : '; other bits masked off'}`, () => {
      const m = smp(p, e, 2, [1]);
      m.call(0, 0x70, CPU_ON64, 0n, BigInt(SLOT_BASE + 0x100), 0n);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), u64(-4), 'ALREADY_ON: itself');
      m.call(0, 0x70, CPU_ON64, 5n, BigInt(SLOT_BASE + 0x100), 0n);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), u64(-2), 'no vCPU with MPIDR 5');
      m.call(0, 0x70, CPU_ON64, 0x80000000n, BigInt(SLOT_BASE + 0x100), 0n);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), p === '6.1' ? u64(-2) : u64(-4), 'bit 31 is not an affinity bit');
      m.call(0, 0x70, CPU_ON64, 1n, BigInt(SLOT_BASE + 0x100), 0n);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), 0n);
      m.call(0, 0x70, CPU_ON64, 1n, BigInt(SLOT_BASE + 0x100), 0n);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), u64(-4), 'ALREADY_ON once it was turned on, before it ran');
    });

    test(`PSCI 0.1 CPU_ON (${tag}): a running target is INVALID_PARAMS, not ALREADY_ON`, () => {
      const m = smp(p, e, 2, [1], false);
      m.call(0, 0x70, 0x95c1ba60n, 0n, BigInt(SLOT_BASE + 0x100), 0n);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), u64(-2));
      m.call(0, 0x70, 0x95c1ba60n, 1n, BigInt(SLOT_BASE + 0x100), 7n);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), 0n);
      m.vcpus[1]!.runVcpu();
      assert.equal(m.vcpus[1]!.getOneReg(REG_X(5)), 7n);
    });

    test(`PSCI AFFINITY_INFO (${tag}): ON (0) while a matching vCPU runs, OFF (1) when all are stopped, INVALID_PARAMS otherwise`, () => {
      const m = smp(p, e, 2, [1]);
      const ask = (aff: bigint, level: bigint): bigint => (m.call(0, 0x70, AFFINITY_INFO64, aff, level), m.vcpus[0]!.getOneReg(REG_X(0)));
      assert.equal(ask(0n, 0n), 0n);
      assert.equal(ask(1n, 0n), 1n);
      assert.equal(ask(1n, 1n), 0n, 'level 1: Aff0 ignored, vCPU 0 is in the same cluster');
      assert.equal(ask(2n, 0n), u64(-2), 'no such vCPU');
      assert.equal(ask(0n, 4n), u64(-2), 'level above 3');
      assert.equal(ask(0x100000000001n, 0n), p === '6.1' ? u64(-2) : 1n, 'bits outside the affinity fields');
    });

    test(`PSCI CPU_OFF (${tag}): the caller is STOPPED and its KVM_RUN ends with EINTR; CPU_ON from another vCPU restarts it`, () => {
      const m = smp(p, e, 2);
      assert.throws(() => m.call(1, 0x70, CPU_OFF), errno('EINTR'));
      assert.equal(m.exit(1), KVM_EXIT_INTR);
      assert.equal(m.mpState(1), KVM_MP_STATE_STOPPED);
      assert.equal(m.vcpus[1]!.getOneReg(REG_X(0)), 0n, 'PSCI_RET_SUCCESS, though it is never seen');
      m.call(0, 0x70, AFFINITY_INFO64, 1n, 0n);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), 1n, 'OFF');
      m.call(0, 0x70, CPU_ON64, 1n, BigInt(SLOT_BASE + 0x100), 3n);
      m.vcpus[1]!.runVcpu();
      assert.equal(m.pc(1), 0x108);
      assert.equal(m.vcpus[1]!.getOneReg(REG_X(5)), 3n);
    });

    test(`PSCI MIGRATE_INFO_TYPE, FEATURES, VERSION (${tag}): 2 (MP, no migration); features implemented or NOT_SUPPORTED`, () => {
      const m = smp(p, e, 1);
      const ask = (...x: bigint[]): bigint => (m.call(0, 0x70, ...x), m.vcpus[0]!.getOneReg(REG_X(0)));
      assert.equal(ask(MIGRATE_INFO_TYPE), 2n);
      assert.equal(ask(PSCI_VERSION), p === '6.1' ? 0x10001n : 0x10000n);
      for (const fn of [PSCI_VERSION, CPU_SUSPEND64, CPU_OFF, CPU_ON, CPU_ON64, AFFINITY_INFO64, MIGRATE_INFO_TYPE, SYSTEM_OFF, SYSTEM_RESET, PSCI_FEATURES, 0x80000000n]) {
        assert.equal(ask(PSCI_FEATURES, fn), 0n, `FEATURES(0x${fn.toString(16)})`);
      }
      assert.equal(ask(PSCI_FEATURES, SYSTEM_RESET2_64), p === '6.1' ? 0n : u64(-1), 'SYSTEM_RESET2 is PSCI 1.1');
      assert.equal(ask(PSCI_FEATURES, SYSTEM_SUSPEND), u64(-1), 'SYSTEM_SUSPEND needs KVM_CAP_ARM_SYSTEM_SUSPEND');
      assert.equal(ask(PSCI_FEATURES, 0x84000005n), u64(-1), 'MIGRATE');
      assert.equal(ask(SYSTEM_SUSPEND, 0n, 0n), u64(-1));
    });

    test(`PSCI CPU_SUSPEND (${tag}): a WFI; with nothing pending and no timer signal EINTR at once, x0 = 0, PC past the HVC`, () => {
      const m = smp(p, e, 1);
      assert.throws(() => m.call(0, 0x70, CPU_SUSPEND64, 0n, 0n, 0n), errno('EINTR'));
      assert.equal(m.exit(0), KVM_EXIT_INTR);
      assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), 0n);
      assert.equal(m.pc(0), 0x74);
      assert.equal(m.mpState(0), KVM_MP_STATE_RUNNABLE);
      m.vcpus[0]!.runVcpu();
      assert.equal(m.exit(0), KVM_EXIT_DEBUG, 'the next KVM_RUN goes on after it');
    });

    test(`WFI (${tag}): with an interrupt line up (KVM_IRQ_LINE, no in-kernel GIC) it completes without waiting`, () => {
      const m = smp(p, e, 1);
      m.vm.irqLine(encodeIrqLevel({ irq: 0, level: 1 }, e)); // CPU type, vCPU 0, IRQ
      m.call(0, 0x78);
      assert.equal(m.exit(0), KVM_EXIT_DEBUG);
      assert.equal(m.pc(0), 0x7c);
      m.vm.irqLine(encodeIrqLevel({ irq: 0, level: 0 }, e));
      assert.throws(() => m.call(0, 0x78), errno('EINTR'));
      assert.equal(m.pc(0), 0x7c, 'the WFI completed when the signal ended the wait');
    });

    test(`KVM_IRQ_LINE CPU IRQ/FIQ (${tag}, no in-kernel GIC) is HCR_EL2.VI/VF: the guest takes it through VBAR_EL1 once PSTATE unmasks it`, () => {
      const m = smp(p, e, 1);
      const v = m.vcpus[0]!;
      v.setOneReg(VBAR_EL1, BigInt(SLOT_BASE + 0x800));
      m.vm.irqLine(encodeIrqLevel({ irq: 0, level: 1 }, e)); // CPU type, vCPU 0, IRQ
      v.setOneReg(REG_PSTATE, 0x3c5n); // EL1h, all masked: the spin loop keeps running
      v.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x120));
      v.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [1000n] }, e));
      v.runVcpu();
      assert.equal(m.exit(0), KVMDBG_EXIT_INSN_BUDGET);
      assert.equal(m.pc(0), 0x120);
      v.setOneReg(REG_PSTATE, 0x345n); // I clear
      v.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [1000n] }, e));
      v.runVcpu();
      assert.equal(m.exit(0), KVM_EXIT_DEBUG);
      assert.equal(m.pc(0), 0xa80, 'IRQ vector of EL1h');
      assert.equal(v.getOneReg(ELR_EL1), BigInt(SLOT_BASE + 0x120));
      m.vm.irqLine(encodeIrqLevel({ irq: 0, level: 0 }, e));
      m.vm.irqLine(encodeIrqLevel({ irq: 1, level: 1 }, e)); // FIQ
      v.setOneReg(REG_PSTATE, 0x385n); // F clear
      v.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x120));
      v.runVcpu();
      assert.equal(m.pc(0), 0xb00, 'FIQ vector of EL1h');
    });

    test(`SYSTEM_OFF and SYSTEM_RESET (${tag}): every vCPU is STOPPED, the caller exits with the event`, () => {
      for (const [fn, type] of [[SYSTEM_OFF, KVM_SYSTEM_EVENT_SHUTDOWN], [SYSTEM_RESET, KVM_SYSTEM_EVENT_RESET]] as const) {
        const m = smp(p, e, 3, [2]);
        m.call(1, 0x70, fn);
        assert.equal(m.exit(1), KVM_EXIT_SYSTEM_EVENT);
        assert.equal(readU32(m.vcpus[1]!.run, RUN_OFF.systemEventType, e), type);
        assert.equal(m.vcpus[1]!.getOneReg(REG_X(0)), u64(-6));
        for (let i = 0; i < 3; i++) assert.equal(m.mpState(i), KVM_MP_STATE_STOPPED, `vCPU ${i}`);
        assert.throws(() => m.vcpus[0]!.runVcpu(), errno('EINTR'));
      }
    });

    test(`KVM_SET_MP_STATE RUNNABLE (${tag}): a stopped vCPU resumes where it was, without a reset`, () => {
      const m = smp(p, e, 2, [1]);
      m.vcpus[1]!.setOneReg(REG_X(7), 9n);
      m.vcpus[1]!.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x104));
      m.setMpState(1, KVM_MP_STATE_RUNNABLE);
      m.vcpus[1]!.runVcpu();
      assert.equal(m.pc(1), 0x108);
      assert.equal(m.vcpus[1]!.getOneReg(REG_X(7)), 9n);
      assert.equal(m.vcpus[1]!.getOneReg(REG_X(6)), 0x80000001n);
    });

    test(`KVMDBG_CAP_INSN_BUDGET (${tag}): a used-up budget does not wake a stopped vCPU (EINTR first)`, () => {
      const m = smp(p, e, 2, [1]);
      m.vcpus[1]!.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [1n] }, e));
      assert.throws(() => m.vcpus[1]!.runVcpu(), errno('EINTR'));
      m.setMpState(1, KVM_MP_STATE_RUNNABLE);
      m.vcpus[1]!.runVcpu();
      assert.equal(m.exit(1), KVMDBG_EXIT_INSN_BUDGET);
    });

    test(`KVM_RUN with immediate_exit after an MMIO exit (${tag}): completes the load, EINTR, exit_reason stays KVM_EXIT_MMIO`, () => {
      const m = smp(p, e, 2);
      m.call(1, 0x80);
      assert.equal(m.exit(1), KVM_EXIT_MMIO);
      const run = m.vcpus[1]!.run;
      run.set([0x44, 0x33, 0x22, 0x11], RUN_OFF.mmioData);
      writeU8(run, RUN_OFF.immediateExit, 1);
      assert.throws(() => m.vcpus[1]!.runVcpu(), errno('EINTR'));
      assert.equal(m.exit(1), KVM_EXIT_MMIO, 'stale');
      assert.equal(m.pc(1), 0x88, 'the load completed');
      assert.equal(m.vcpus[1]!.getOneReg(REG_X(2)), 0x11223344n);
      assert.throws(() => m.vcpus[1]!.runVcpu(), errno('EINTR'), 'a second one does not complete it again');
      assert.equal(m.pc(1), 0x88);
      writeU8(run, RUN_OFF.immediateExit, 0);
      m.vcpus[1]!.runVcpu();
      assert.equal(m.exit(1), KVM_EXIT_DEBUG);
      assert.equal(m.pc(1), 0x88);
    });
  }
}

for (const e of ['le', 'be'] as const) {
  test(`PSCI SYSTEM_RESET2 (6.1 ${e.toUpperCase()}): warm or vendor reset stops every vCPU, RESET event with data[0] = 1; other types INVALID_PARAMS`, () => {
    const m = smp('6.1', e, 2);
    m.call(0, 0x70, SYSTEM_RESET2_64, 1n, 0n);
    assert.equal(m.vcpus[0]!.getOneReg(REG_X(0)), u64(-2), 'cold reset (1) is not a SYSTEM_RESET2 type');
    m.call(0, 0x70, SYSTEM_RESET2_64, 0x80000000n, 0n);
    assert.equal(m.exit(0), KVM_EXIT_SYSTEM_EVENT);
    assert.equal(readU32(m.vcpus[0]!.run, RUN_OFF.systemEventType, e), KVM_SYSTEM_EVENT_RESET);
    assert.equal(readU32(m.vcpus[0]!.run, RUN_OFF.systemEventNdata, e), 1);
    assert.equal(readU64(m.vcpus[0]!.run, RUN_OFF.systemEventData, e), 1n);
    assert.equal(m.mpState(1), KVM_MP_STATE_STOPPED);
  });

  test(`KVM_MP_STATE_SUSPENDED (6.1 ${e.toUpperCase()}): KVM_RUN waits (EINTR), exits with SYSTEM_EVENT WAKEUP once an interrupt is pending, and stays SUSPENDED`, () => {
    const m = smp('6.1', e, 1);
    m.vcpus[0]!.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x104));
    m.setMpState(0, KVM_MP_STATE_SUSPENDED);
    assert.throws(() => m.vcpus[0]!.runVcpu(), errno('EINTR'));
    assert.equal(m.pc(0), 0x104);
    const run = m.vcpus[0]!.run;
    run.fill(0xee, RUN_OFF.systemEventType, RUN_OFF.systemEventData + 16);
    m.vm.irqLine(encodeIrqLevel({ irq: 0, level: 1 }, e));
    m.vcpus[0]!.runVcpu();
    assert.equal(m.exit(0), KVM_EXIT_SYSTEM_EVENT);
    assert.equal(readU32(run, RUN_OFF.systemEventType, e), KVM_SYSTEM_EVENT_WAKEUP);
    assert.equal(readU32(run, RUN_OFF.systemEventNdata, e), 0);
    assert.equal(readU64(run, RUN_OFF.systemEventData, e), 0n);
    assert.equal(m.mpState(0), KVM_MP_STATE_SUSPENDED);
    assert.equal(m.pc(0), 0x104, 'nothing ran');
    m.setMpState(0, KVM_MP_STATE_RUNNABLE);
    m.vcpus[0]!.runVcpu();
    assert.equal(m.exit(0), KVM_EXIT_DEBUG);
    assert.equal(m.pc(0), 0x108);
  });
}
