/**
 * The arch timer, the vGIC and the vCPU wired together as Linux wires them (arch/arm64/kvm/arch_timer.c,
 * vgic/vgic.c, arm.c, virt/kvm/kvm_main.c):
 *  - a timer output is the level of its PPI on its vCPU (kvm_timer_update_irq -> kvm_vgic_inject_irq,
 *    27 virtual, 30 physical), which the vGIC signals to the vCPU as a virtual IRQ: the guest takes it
 *    through VBAR_EL1 + 0x280 at the instruction boundary where CNTVCT reaches CVAL (Arm ARM D11.2.4:
 *    the condition is CNTVCT - CVAL >= 0), and acknowledges INTID 27;
 *  - once the timer is enabled it owns its PPIs: KVM_IRQ_LINE on them is ignored (vgic_validate_injection);
 *  - SGIs (ICC_SGI1R_EL1 on a GICv3, GICD_SGIR on a GICv2) reach the vCPU named, and only it;
 *  - a WFI with nothing pending blocks (kvm_vcpu_block) until kvm_vcpu_check_block lets it go: an
 *    interrupt pending for the vCPU, or a timer that should fire (kvm_cpu_has_pending_timer) even when
 *    the GIC would not deliver it; the counter is the VM's, moved by every vCPU's instructions; when every
 *    vCPU of the VM is blocked the count skips to the earliest timer deadline instead of the guest
 *    spinning; without one, the wait ends by a signal (EINTR) with the WFI completed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KVM_EXIT_DEBUG, KVM_EXIT_INTR, KVM_EXIT_SYSTEM_EVENT, KVM_MP_STATE_SUSPENDED, KVM_SYSTEM_EVENT_WAKEUP, KVMDBG_CAP_IDLE_EXIT, KVMDBG_CAP_INSN_BUDGET, KVMDBG_EXIT_INSN_BUDGET, KVMDBG_REG_IDLE_UNTIL,
  KVMDBG_REG_INSN_COUNT, KVMDBG_REG_PHYS_COUNT, REG_PC, REG_PSTATE, REG_X, RUN_OFF, encodeEnableCap, encodeGuestDebug, readU32,
  sysRegId,
} from '../abi/index.ts';
import {
  KVM_ARM_IRQ_TYPE_PPI, KVM_DEV_ARM_VGIC_GRP_CPU_REGS, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, KVM_DEV_ARM_VGIC_GRP_DIST_REGS,
  KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, KVM_DEV_ARM_VGIC_GRP_REDIST_REGS,
} from '../abi/vgic.ts';
import { KVM_REG_ARM_TIMER_CNT, KVM_REG_ARM_TIMER_CTL, KVM_REG_ARM_TIMER_CVAL } from './timer-regs.ts';
import { SLOT_BASE, putWords } from './test-helpers.ts';
import { CPUIF, DIST, errno, gicVm, placeAndInit, type GicVm } from './vgic/test-helpers.ts';
import { ICC_IGRPEN1_EL1, ICC_PMR_EL1 } from './vgic/vgic-sys-reg-v3.ts';
import type { Vcpu } from './vcpu.ts';

const ADDS = 256;
const CODE: ReadonlyArray<readonly [number, readonly number[]]> = [
  [0x000, [...new Array<number>(ADDS).fill(0x91000400), // +0x000 add x0, x0, #0x1   (x256)
    0xd4200020]],                                      // +0x400 brk #0x1
  [0x500, [
    0xd503207f, // +0x500 wfi
    0xd4200060, // +0x504 brk #0x3
  ]],
  [0x600, [
    0xd518cba3, // +0x600 msr icc_sgi1r_el1, x3
    0xd4200080, // +0x604 brk #0x4
  ]],
  [0x700, [
    0xb9000083, // +0x700 str w3, [x4]             (GICD_SGIR)
    0xd4200080, // +0x704 brk #0x4
  ]],
  [0x780, [
    0x14000000, // +0x780 b .
  ]],
];
/** VBAR_EL1 = +0x800; the IRQ vector of EL1h is VBAR + 0x280. */
const VBAR = 0x800;
const IRQ_V3 = [
  0xd538cc01, // +0xa80 mrs x1, icc_iar1_el1
  0xd4200040, // +0xa84 brk #0x2
  0xd518cc21, // +0xa88 msr icc_eoir1_el1, x1
  0xd69f03e0, // +0xa8c eret
];
const IRQ_V2 = [
  0xb9400041, // +0xa80 ldr w1, [x2]               (x2 = GICC_IAR)
  0xd4200040, // +0xa84 brk #0x2
  0xb90000a1, // +0xa88 str w1, [x5]               (x5 = GICC_EOIR)
  0xd69f03e0, // +0xa8c eret
];

const VBAR_EL1 = sysRegId(3, 0, 12, 0, 0);
const ELR_EL1 = sysRegId(3, 0, 4, 0, 1);
const GICC_IAR = CPUIF + 0xcn;
const GICC_EOIR = CPUIF + 0x10n;
const GICD_SGIR = DIST + 0xf00n;
/** PSTATE: EL1h with all of DAIF masked, and with only PSTATE.I clear. */
const EL1H_MASKED = 0x3c5n, EL1H_IRQ = 0x345n;

interface Rig {
  g: GicVm;
  v: Vcpu[];
  /** KVM_RUN on vCPU i with an instruction budget (none: unlimited); the exit reason (EINTR: KVM_EXIT_INTR). */
  run(i: number, budget?: number): number;
  /** The BRK immediate of the last debug exit of vCPU i. */
  brk(i: number): number;
  pc(i: number): number;
  x(i: number, n: number): bigint;
  cnt(i?: number): bigint;
}

/** A VM with `n` vCPUs and the vGIC at QEMU virt's addresses, mapped, the guest code in a slot, BRK exiting. */
function rig(model: 2 | 3, n = 1): Rig {
  const g = gicVm({ model, vcpus: n });
  const mem = g.kvm.allocGuestMemory(0x10000);
  for (const [off, words] of CODE) putWords(mem, off, words);
  putWords(mem, VBAR + 0x280, model === 3 ? IRQ_V3 : IRQ_V2);
  g.vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: BigInt(SLOT_BASE), memory: mem });
  placeAndInit(g, model);
  for (const v of g.vcpus) {
    v.setGuestDebug(encodeGuestDebug({ control: 1, bcr: [], bvr: [], wcr: [], wvr: [] }, g.e));
    v.setOneReg(VBAR_EL1, BigInt(SLOT_BASE + VBAR));
    v.setOneReg(REG_X(2), GICC_IAR);
    v.setOneReg(REG_X(5), GICC_EOIR);
    v.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x780));
  }
  const r: Rig = {
    g, v: g.vcpus,
    run: (i, budget) => {
      const v = g.vcpus[i]!;
      v.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_INSN_BUDGET, flags: 0, args: [BigInt(budget ?? 0)] }, g.e));
      try {
        v.runVcpu();
      } catch (e) {
        if (!errno('EINTR')(e)) throw e;
      }
      return readU32(v.run, RUN_OFF.exitReason, g.e);
    },
    brk: (i) => readU32(g.vcpus[i]!.run, RUN_OFF.debugArchHsr, g.e) & 0xffff,
    pc: (i) => Number(g.vcpus[i]!.getOneReg(REG_PC)) - SLOT_BASE,
    x: (i, n) => g.vcpus[i]!.getOneReg(REG_X(n)),
    cnt: (i = 0) => g.vcpus[i]!.getOneReg(KVM_REG_ARM_TIMER_CNT),
  };
  // The first KVM_RUN maps the vGIC, enables the timers and maps the code page at stage 2 (on a
  // `b .`, one instruction of budget); the tests start from there.
  for (let i = 0; i < n; i++) assert.equal(r.run(i, 1), KVMDBG_EXIT_INSN_BUDGET);
  return r;
}

/** The guest's GIC driver's work, done through the device attributes: distributor on, PPI/SGI `intid` enabled at priority 0x80, vCPU i's CPU interface on. */
function enableGic(r: Rig, model: 2 | 3, intid: number, cpus: number[]): void {
  const { g } = r;
  const prio = 0x400 + (intid & ~3), shift = 8 * (intid & 3);
  for (const i of cpus) {
    const mpidr = BigInt(i) << 32n;
    if (model === 3) {
      g.set(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, mpidr | 0x10100n, 1 << intid);                   // GICR_ISENABLER0
      g.set(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, mpidr | BigInt(0x10000 + prio), 0x80 << shift);  // GICR_IPRIORITYR
      g.set(KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, mpidr | BigInt(ICC_PMR_EL1), 0xff, 8);
      g.set(KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, mpidr | BigInt(ICC_IGRPEN1_EL1), 1, 8);
    } else {
      g.set(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, mpidr | 0x100n, 1 << intid);                       // GICD_ISENABLER0 (banked)
      g.set(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, mpidr | BigInt(prio), 0x80 << shift);              // GICD_IPRIORITYR (banked)
      g.set(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, mpidr | 0x4n, 0xff);                                 // GICC_PMR
      g.set(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, mpidr | 0x0n, 1);                                    // GICC_CTLR
    }
  }
  g.set(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0, model === 3 ? 0x12 : 1);                             // GICD_CTLR
}

for (const model of [2, 3] as const) {
  test(`GICv${model}: the virtual timer's PPI 27 is taken through VBAR_EL1 + 0x280 exactly when CNTVCT reaches CVAL`, () => {
    const r = rig(model);
    enableGic(r, model, 27, [0]);
    const v = r.v[0]!;
    const c0 = r.cnt();
    v.setOneReg(KVM_REG_ARM_TIMER_CVAL, c0 + 100n);
    v.setOneReg(KVM_REG_ARM_TIMER_CTL, 1n); // ENABLE
    v.setOneReg(REG_X(0), 0n);
    v.setOneReg(REG_PC, BigInt(SLOT_BASE));
    v.setOneReg(REG_PSTATE, EL1H_IRQ);
    assert.equal(r.run(0), KVM_EXIT_DEBUG);
    assert.equal(r.brk(0), 2, 'stopped in the IRQ vector');
    assert.equal(r.pc(0), VBAR + 0x284);
    assert.equal(r.x(0, 0), 100n, 'exactly 100 instructions ran: the count went from CVAL - 100 to CVAL');
    assert.equal(v.getOneReg(ELR_EL1), BigInt(SLOT_BASE + 4 * 100), 'ELR_EL1: the instruction not executed');
    assert.equal(r.x(0, 1), 27n, 'the acknowledge returns INTID 27');
    assert.equal(v.getOneReg(KVM_REG_ARM_TIMER_CTL), 5n, 'ENABLE | ISTATUS');
  });

  test(`GICv${model}: the physical timer's PPI 30; with the PPI masked at the GIC nothing is taken`, () => {
    const r = rig(model);
    enableGic(r, model, 30, [0]);
    const v = r.v[0]!;
    const cpu = v.arch.cpu;
    // CNTP_CVAL compares with the physical count, the VM's; CNTVOFF is 0 for a VM that never set TIMER_CNT.
    cpu.setSysReg('CNTP_CVAL_EL0', cpu.getSysReg('CNTPCT_EL0') + 50n);
    cpu.setSysReg('CNTP_CTL_EL0', 1n);
    cpu.setSysReg('CNTV_CVAL_EL0', cpu.getSysReg('CNTVCT_EL0') + 20n);
    cpu.setSysReg('CNTV_CTL_EL0', 1n); // PPI 27 fires first, but is not enabled at the GIC
    v.setOneReg(REG_X(0), 0n);
    v.setOneReg(REG_PC, BigInt(SLOT_BASE));
    v.setOneReg(REG_PSTATE, EL1H_IRQ);
    assert.equal(r.run(0), KVM_EXIT_DEBUG);
    assert.equal(r.x(0, 0), 50n);
    assert.equal(r.x(0, 1), 30n);
  });

  test(`GICv${model}: once the timer is enabled (first KVM_RUN) it owns PPIs 27 and 30: KVM_IRQ_LINE on them is ignored, on PPI 26 it is not`, () => {
    const r = rig(model);
    // The level-sensitive lines of INTIDs 0..31: LEVEL_INFO on a GICv3 (line_level); on a GICv2, GICD_ISPENDR0,
    // which userspace reads with the line level included.
    const pending = (): number => Number(model === 3
      ? r.g.get(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, 0)
      : r.g.get(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x200));
    for (const ppi of [26, 27, 30]) r.g.irqLine(KVM_ARM_IRQ_TYPE_PPI, 0, ppi, 1);
    assert.equal(pending() & ((1 << 26) | (1 << 27) | (1 << 30)), 1 << 26);
  });

  test(`GICv${model}: an SGI from vCPU 0 (${model === 3 ? 'ICC_SGI1R_EL1' : 'GICD_SGIR'}) wakes vCPU 1 from WFI and is taken there, not on vCPU 0`, () => {
    const r = rig(model, 2);
    enableGic(r, model, 3, [0, 1]);
    const [v0, v1] = r.v as [Vcpu, Vcpu];
    v1.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x500));
    v1.setOneReg(REG_PSTATE, EL1H_IRQ);
    assert.equal(r.run(1), KVM_EXIT_INTR, 'nothing pending and vCPU 0 may still run: the wait ends by the signal');
    assert.equal(r.pc(1), 0x504, 'with the WFI completed');
    if (model === 3) {
      v0.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x600));
      v0.setOneReg(REG_X(3), (3n << 24n) | (1n << 1n)); // INTID 3, Aff3.Aff2.Aff1 = 0, target list: Aff0 = 1
    } else {
      v0.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x700));
      v0.setOneReg(REG_X(3), (1n << 17n) | 3n); // TargetListFilter 0, CPUTargetList = CPU 1, SGIINTID 3
      v0.setOneReg(REG_X(4), GICD_SGIR);
    }
    v0.setOneReg(REG_PSTATE, EL1H_IRQ);
    assert.equal(r.run(0), KVM_EXIT_DEBUG);
    assert.equal(r.brk(0), 4, 'vCPU 0 went on after sending: the SGI is not its own');
    assert.equal(r.run(1), KVM_EXIT_DEBUG);
    assert.equal(r.brk(1), 2, 'vCPU 1 took the IRQ');
    assert.equal(v1.getOneReg(ELR_EL1), BigInt(SLOT_BASE + 0x504));
    assert.equal(r.x(1, 1), 3n, model === 3 ? 'ICC_IAR1_EL1 = 3' : 'GICC_IAR = 3, source CPU 0 in bits 12:10');
  });
}

test('WFI with a timer armed and every vCPU blocked: the count skips to CVAL and the WFI completes inside the same KVM_RUN, even with the GIC off', () => {
  const r = rig(3);
  const v = r.v[0]!;
  const c0 = r.cnt();
  const retired = v.arch.cpu.retired;
  v.setOneReg(KVM_REG_ARM_TIMER_CVAL, c0 + 1_000_000n);
  v.setOneReg(KVM_REG_ARM_TIMER_CTL, 1n);
  v.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x500));
  v.setOneReg(REG_PSTATE, EL1H_MASKED);
  assert.equal(r.run(0), KVM_EXIT_DEBUG, 'no EINTR: the timer woke the vCPU (kvm_cpu_has_pending_timer)');
  assert.equal(r.brk(0), 3);
  const c1 = r.cnt();
  assert.ok(c1 >= c0 + 1_000_000n && c1 < c0 + 1_000_010n, `the count is at CVAL (${c1 - c0} after)`);
  assert.ok(v.arch.cpu.retired - retired < 10, 'the time was skipped, not executed');
  assert.equal(v.getOneReg(KVM_REG_ARM_TIMER_CTL), 5n);
});

test('WFI with no timer that can fire (IMASK set): no skip, the wait ends by the signal with the WFI completed', () => {
  const r = rig(3);
  const v = r.v[0]!;
  const c0 = r.cnt();
  v.setOneReg(KVM_REG_ARM_TIMER_CVAL, c0 + 1000n);
  v.setOneReg(KVM_REG_ARM_TIMER_CTL, 3n); // ENABLE | IMASK
  v.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x500));
  v.setOneReg(REG_PSTATE, EL1H_MASKED);
  assert.equal(r.run(0), KVM_EXIT_INTR);
  assert.equal(r.pc(0), 0x504);
  assert.ok(r.cnt() < c0 + 10n, 'the count did not move');
});

test('the counter is the VM\'s: vCPU 0\'s instructions move vCPU 1\'s CNTVCT; vCPU 0 blocked alone does not skip, the skip comes when vCPU 1 blocks too', () => {
  const r = rig(3, 2);
  const [v0, v1] = r.v as [Vcpu, Vcpu];
  const c0 = r.cnt(1);
  v0.setOneReg(REG_PC, BigInt(SLOT_BASE));
  assert.equal(r.run(0, 200), KVMDBG_EXIT_INSN_BUDGET);
  assert.equal(r.cnt(1), c0 + 200n, 'vCPU 1 reads the count vCPU 0 moved');
  const c1 = r.cnt(0);
  v0.setOneReg(KVM_REG_ARM_TIMER_CVAL, c1 + 500_000n);
  v0.setOneReg(KVM_REG_ARM_TIMER_CTL, 1n);
  v0.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x500));
  v0.setOneReg(REG_PSTATE, EL1H_MASKED);
  assert.equal(r.run(0), KVM_EXIT_INTR, 'vCPU 1 may still run: vCPU 0 sleeps');
  assert.ok(r.cnt(0) < c1 + 10n, 'no skip while another vCPU can run');
  v1.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x500));
  v1.setOneReg(REG_PSTATE, EL1H_MASKED);
  assert.equal(r.run(1), KVM_EXIT_INTR, 'vCPU 1 has no timer: the skip does not wake it');
  const c2 = r.cnt(1);
  assert.ok(c2 >= c1 + 500_000n && c2 < c1 + 500_010n, `both blocked: the count skipped to vCPU 0's deadline (${c2 - c1})`);
  assert.equal(v0.getOneReg(KVM_REG_ARM_TIMER_CTL), 5n, 'vCPU 0\'s timer condition is met');
});

/**
 * Two vCPUs, run in fixed turns of 97 instructions: vCPU 0 counts in a loop, vCPU 1 waits in WFI; both have
 * periodic virtual timers, re-armed by userspace when the guest's vector stops on its BRK. The exits, with
 * the PC, the count and the instructions retired at each.
 */
function scenario(model: 2 | 3): string[] {
  const r = rig(model, 2);
  enableGic(r, model, 27, [0, 1]);
  const trace: string[] = [];
  const start = [0, 0x500];
  for (const [i, v] of r.v.entries()) {
    v.setOneReg(KVM_REG_ARM_TIMER_CVAL, r.cnt(i) + BigInt(300 + 170 * i));
    v.setOneReg(KVM_REG_ARM_TIMER_CTL, 1n);
    v.setOneReg(REG_PC, BigInt(SLOT_BASE + start[i]!));
    v.setOneReg(REG_PSTATE, EL1H_IRQ);
  }
  for (let turn = 0; turn < 60; turn++) {
    const i = turn % 2;
    const v = r.v[i]!;
    const exit = r.run(i, 97);
    const brk = exit === KVM_EXIT_DEBUG ? r.brk(i) : -1;
    trace.push(`vcpu ${i} exit ${exit} brk ${brk} pc ${r.pc(i).toString(16)} x1 ${r.x(i, 1)} cnt ${r.cnt(i)} retired ${v.arch.cpu.retired}`);
    if (brk === 1 || brk === 3) v.setOneReg(REG_PC, BigInt(SLOT_BASE + start[i]!)); // round again
    if (brk === 2) { // the vector: re-arm the timer, then EOI and ERET
      v.setOneReg(KVM_REG_ARM_TIMER_CVAL, r.cnt(i) + BigInt(211 + 37 * i));
      v.setOneReg(REG_PC, BigInt(SLOT_BASE + VBAR + 0x288));
    }
  }
  return trace;
}

for (const model of [2, 3] as const) {
  test(`determinism (GICv${model}): the same two-vCPU run twice gives the same exits at the same PCs, counts and instructions retired`, () => {
    const a = scenario(model), b = scenario(model);
    assert.deepEqual(a, b);
    for (const i of [0, 1]) {
      const irqs = a.filter((l) => l.startsWith(`vcpu ${i} exit ${KVM_EXIT_DEBUG} brk 2 `));
      assert.ok(irqs.length >= 3 && irqs.every((l) => / x1 27 /.test(l)), `vCPU ${i} took its timer's PPI 27 again and again:\n${a.join('\n')}`);
    }
  });
}

/**
 * KVMDBG_CAP_IDLE_EXIT (abi/constants.ts): where the count of an idle VM would skip, KVM_RUN returns EINTR
 * carrying the sleep; the next KVM_RUN goes on with it. The truth: the same rig without the capability,
 * whose KVM_RUN skips inside (the test above).
 */
const idleExit = (v: Vcpu, on: 0n | 1n = 1n): void =>
  v.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_IDLE_EXIT, flags: 0, args: [on] }, 'le'));

/** vCPU 0 at the WFI (+0x500, then brk #3) with IRQs masked and its virtual timer `ticks` ahead. */
function wfiWithTimer(r: Rig, ticks: bigint): bigint {
  const v = r.v[0]!;
  const cval = r.cnt() + ticks;
  v.setOneReg(KVM_REG_ARM_TIMER_CVAL, cval);
  v.setOneReg(KVM_REG_ARM_TIMER_CTL, 1n);
  v.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x500));
  v.setOneReg(REG_PSTATE, EL1H_MASKED);
  return cval;
}

test('KVMDBG_CAP_IDLE_EXIT: KVM_CHECK_EXTENSION answers the counter frequency; EINVAL for args[0] > 1, flags, and a write of KVMDBG_REG_IDLE_UNTIL', () => {
  const r = rig(3);
  const v = r.v[0]!;
  assert.equal(r.g.kvm.checkExtension(KVMDBG_CAP_IDLE_EXIT), 62_500_000, 'CNTFRQ_EL0 of the virt board');
  assert.throws(() => v.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_IDLE_EXIT, flags: 0, args: [2n] }, 'le')), errno('EINVAL'));
  assert.throws(() => v.enableCap(encodeEnableCap({ cap: KVMDBG_CAP_IDLE_EXIT, flags: 1, args: [1n] }, 'le')), errno('EINVAL'));
  assert.throws(() => v.setOneReg(KVMDBG_REG_IDLE_UNTIL, 1n), errno('EINVAL'));
  assert.equal(v.getOneReg(KVMDBG_REG_IDLE_UNTIL), 0n, 'no sleep carried');
});

test('KVMDBG_CAP_IDLE_EXIT: instead of skipping, KVM_RUN returns EINTR (KVM_EXIT_INTR) with the WFI not completed and KVMDBG_REG_IDLE_UNTIL at the deadline; the next KVM_RUN skips and goes on exactly as without the capability', () => {
  const plain = rig(3);
  wfiWithTimer(plain, 1_000_000n);
  assert.equal(plain.run(0), KVM_EXIT_DEBUG);
  const truth = { brk: plain.brk(0), pc: plain.pc(0), cnt: plain.cnt(), insns: plain.v[0]!.getOneReg(KVMDBG_REG_INSN_COUNT) };

  const r = rig(3);
  const v = r.v[0]!;
  idleExit(v);
  wfiWithTimer(r, 1_000_000n);
  const insns = v.getOneReg(KVMDBG_REG_INSN_COUNT);
  const phys = v.getOneReg(KVMDBG_REG_PHYS_COUNT);
  assert.equal(r.run(0), KVM_EXIT_INTR, 'the skip is due: KVM_RUN returns as a signal would make it');
  assert.equal(r.pc(0), 0x500, 'the PC is still on the WFI');
  assert.equal(v.getOneReg(KVMDBG_REG_INSN_COUNT), insns, 'the WFI has not completed');
  assert.equal(v.getOneReg(KVMDBG_REG_PHYS_COUNT), phys, 'the count has not skipped');
  assert.equal(v.getOneReg(KVMDBG_REG_IDLE_UNTIL), phys + 1_000_000n, 'the deadline, as a physical count');
  assert.equal(r.run(0), KVM_EXIT_DEBUG, 'the carried sleep ends at the deadline');
  assert.deepEqual({ brk: r.brk(0), pc: r.pc(0), cnt: r.cnt(), insns: v.getOneReg(KVMDBG_REG_INSN_COUNT) }, truth);
  assert.equal(v.getOneReg(KVMDBG_REG_IDLE_UNTIL), 0n);
});

test('KVMDBG_CAP_IDLE_EXIT: an interrupt made pending while the sleep is carried (KVM_IRQ_LINE) ends it at the next KVM_RUN without a skip', () => {
  const r = rig(3);
  enableGic(r, 3, 26, [0]);
  const v = r.v[0]!;
  idleExit(v);
  const cval = wfiWithTimer(r, 1_000_000n);
  assert.equal(r.run(0), KVM_EXIT_INTR);
  r.g.irqLine(KVM_ARM_IRQ_TYPE_PPI, 0, 26, 1);
  assert.equal(r.run(0), KVM_EXIT_DEBUG);
  assert.equal(r.brk(0), 3, 'the WFI completed (PSTATE.I masks the interrupt itself)');
  assert.ok(r.cnt() < cval - 900_000n, `no skip: ${cval - r.cnt()} ticks short of the deadline`);
});

test('KVMDBG_CAP_IDLE_EXIT: KVM_SET_ONE_REG drops a carried sleep, so the WFI still at the PC executes again and sleeps again', () => {
  const r = rig(3);
  const v = r.v[0]!;
  idleExit(v);
  wfiWithTimer(r, 500_000n);
  assert.equal(r.run(0), KVM_EXIT_INTR);
  const until = v.getOneReg(KVMDBG_REG_IDLE_UNTIL);
  v.setOneReg(REG_X(7), 7n);
  assert.equal(v.getOneReg(KVMDBG_REG_IDLE_UNTIL), 0n, 'dropped');
  assert.equal(r.run(0), KVM_EXIT_INTR, 'the WFI ran again, and the skip is due again');
  assert.equal(v.getOneReg(KVMDBG_REG_IDLE_UNTIL), until);
  idleExit(v, 0n);
  assert.equal(r.run(0), KVM_EXIT_DEBUG, 'turned off, the carried sleep still ends with its skip');
  assert.equal(r.brk(0), 3);
});

test('KVMDBG_CAP_IDLE_EXIT: two vCPUs, one sleeping with a timer, the other without: the EINTR comes only when both sleep, and the run after it equals the run without the capability', () => {
  const trace = (cap: boolean): string[] => {
    const r = rig(3, 2);
    const [v0, v1] = r.v as [Vcpu, Vcpu];
    if (cap) { idleExit(v0); idleExit(v1); }
    const out: string[] = [];
    const note = (i: number, exit: number): void => { out.push(`vcpu ${i} exit ${exit} pc ${r.pc(i).toString(16)} cnt ${r.cnt(i)}`); };
    wfiWithTimer(r, 500_000n);
    v1.setOneReg(REG_PC, BigInt(SLOT_BASE + 0x500));
    v1.setOneReg(REG_PSTATE, EL1H_MASKED);
    note(0, r.run(0));                                   // vCPU 1 may still run: vCPU 0 sleeps (EINTR either way)
    let exit = r.run(1);                                 // both sleep: the skip is due
    if (cap) {
      assert.equal(exit, KVM_EXIT_INTR);
      assert.ok(v1.getOneReg(KVMDBG_REG_IDLE_UNTIL) > 0n, 'vCPU 1 carries the sleep that skips to vCPU 0\'s deadline');
      exit = r.run(1);
    }
    note(1, exit);                                       // vCPU 1 is not woken by vCPU 0's timer
    note(0, r.run(0));                                   // vCPU 0's was
    return out;
  };
  const plain = trace(false);
  assert.deepEqual(trace(true), plain);
  assert.match(plain[2]!, new RegExp(`^vcpu 0 exit ${KVM_EXIT_DEBUG} pc 504 `), 'vCPU 0 woke at its deadline');
});

test('KVMDBG_CAP_IDLE_EXIT: a SUSPENDED vCPU (KVM_SET_MP_STATE) waiting for its timer carries the wait too, and wakes (KVM_SYSTEM_EVENT_WAKEUP) at the count it wakes at without the capability', () => {
  const wake = (cap: boolean): bigint => {
    const r = rig(3);
    enableGic(r, 3, 27, [0]);
    const v = r.v[0]!;
    if (cap) idleExit(v);
    wfiWithTimer(r, 300_000n);
    v.setMpState(new Uint8Array([KVM_MP_STATE_SUSPENDED, 0, 0, 0]));
    if (cap) {
      assert.equal(r.run(0), KVM_EXIT_INTR);
      assert.ok(v.getOneReg(KVMDBG_REG_IDLE_UNTIL) > 0n);
    }
    assert.equal(r.run(0), KVM_EXIT_SYSTEM_EVENT);
    assert.equal(readU32(v.run, RUN_OFF.systemEventType, r.g.e), KVM_SYSTEM_EVENT_WAKEUP);
    return r.cnt();
  };
  assert.equal(wake(true), wake(false));
});
