/**
 * The CPU interface as a guest drives it: acknowledge, priority drop, deactivation, running priority,
 * preemption, masks and groups, SGIs, and the vIRQ/vFIQ outputs. The rules are the GIC architecture's as
 * Linux 6.1 models the hardware's virtual interface in arch/arm64/kvm/hyp/vgic-v3-sr.c (Debian
 * linux-source-6.1 6.1.192), plus vgic-mmio-v2.c / vgic-mmio-v3.c for the distributor side and the SGI
 * generation registers (vgic_mmio_write_sgir, vgic_v3_dispatch_sgi).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KVM_ARM_IRQ_TYPE_PPI, KVM_ARM_IRQ_TYPE_SPI } from '../../abi/vgic.ts';
import type { Vgic, VgicCpu } from './vgic.ts';
import { gicCpuInterface, type GicCpuInterface } from './vgic-cpu-if.ts';
import { GICC_AIAR, GICC_CTLR, GICC_DIR, GICC_EOIR, GICC_IAR, GICC_PMR, gicv2CpuifRead, gicv2CpuifWrite } from './vgic-cpuif-v2.ts';
import { mmioRead, mmioWrite } from './vgic-mmio.ts';
import { VGIC_V2_DIST_REGISTERS } from './vgic-mmio-v2.ts';
import { VGIC_V3_DIST_REGISTERS, VGIC_V3_RD_REGISTERS } from './vgic-mmio-v3.ts';
import {
  ICC_AP1R0_EL1, ICC_BPR0_EL1, ICC_BPR1_EL1, ICC_CTLR_EL1, ICC_DIR_EL1, ICC_EOIR0_EL1, ICC_EOIR1_EL1, ICC_HPPIR1_EL1,
  ICC_IAR0_EL1, ICC_IAR1_EL1, ICC_IGRPEN0_EL1, ICC_IGRPEN1_EL1, ICC_PMR_EL1, ICC_RPR_EL1, ICC_SGI0R_EL1, ICC_SGI1R_EL1,
  ICC_SRE_EL1,
} from './vgic-sys-reg-v3.ts';
import { gicVm, placeAndInit } from './test-helpers.ts';

interface V3 {
  vgic: Vgic;
  cpu: VgicCpu[];
  icc: GicCpuInterface[];
  line(type: number, vcpu: number, num: number, level: number): void;
  dist(off: number, val?: number): number;
  rd(i: number, off: number, val?: number): number;
  lines: string[];
}

/** A GICv3 VM with `n` vCPUs, mapped (first run done), the distributor's group 1 enabled. */
function v3(n = 1): V3 {
  const g = gicVm({ model: 3, vcpus: n });
  placeAndInit(g, 3);
  g.vm.vgicMapResources();
  const vgic = g.vm.vgic!;
  const cpu = vgic.cpus;
  const lines: string[] = [];
  const icc = cpu.map((c, i) => {
    const x = gicCpuInterface(vgic, c);
    x.onLines((irq, fiq) => lines.push(`${i}:${irq ? 'I' : '-'}${fiq ? 'F' : '-'}`));
    return x;
  });
  lines.length = 0;
  const acc = (regions: typeof VGIC_V3_DIST_REGISTERS, c: VgicCpu, off: number, val?: number): number => {
    if (val === undefined) return Number(mmioRead(regions, { vgic, cpu: c }, off, 4));
    mmioWrite(regions, { vgic, cpu: c }, off, 4, BigInt(val));
    return 0;
  };
  const x: V3 = {
    vgic, cpu, icc, lines,
    line: (t, v, num, l) => g.irqLine(t, v, num, l),
    dist: (off, val) => acc(VGIC_V3_DIST_REGISTERS, cpu[0]!, off, val),
    rd: (i, off, val) => acc(VGIC_V3_RD_REGISTERS, cpu[i]!, off, val),
  };
  x.dist(0x0, 0x2); // GICD_CTLR.EnableGrp1A
  return x;
}

/**
 * Enable SPI `intid` at priority `pri`, level-sensitive unless `edge` (KVM's SPIs start edge-triggered:
 * kvm_vgic_dist_init leaves config 0, VGIC_CONFIG_EDGE).
 */
function enableSpi(x: V3, intid: number, pri = 0xa0, edge = false): void {
  const cfg = 0xc00 + 4 * (intid >> 4), bit = 2 << (2 * (intid & 15));
  x.dist(cfg, edge ? x.dist(cfg) | bit : x.dist(cfg) & ~bit);
  x.dist(0x100 + 4 * (intid >> 5), 1 << (intid & 31));
  const shift = 8 * (intid & 3);
  const off = 0x400 + (intid & ~3);
  x.dist(off, (x.dist(off) & ~(0xff << shift)) | (pri << shift));
}

function ready(x: V3, i = 0): void {
  x.icc[i]!.writeIcc(ICC_PMR_EL1, 0xf0n);
  x.icc[i]!.writeIcc(ICC_IGRPEN1_EL1, 1n);
}

test('ICC_IAR1_EL1: 1023 until distributor, interrupt, group 1 and PMR allow it; then the INTID, active, line down', () => {
  const x = v3();
  x.dist(0x0, 0);
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 40, 1);
  const icc = x.icc[0]!;
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 1023n, 'nothing enabled');
  enableSpi(x, 40);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 1023n, 'distributor disabled');
  x.dist(0x0, 0x2);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 1023n, 'group 1 disabled at the CPU interface');
  icc.writeIcc(ICC_IGRPEN1_EL1, 1n);
  assert.equal(icc.irqLine(), false, 'PMR 0 masks everything');
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 1023n);
  icc.writeIcc(ICC_PMR_EL1, 0xa0n);
  assert.equal(icc.irqLine(), false, 'priority 0xa0 does not beat PMR 0xa0');
  icc.writeIcc(ICC_PMR_EL1, 0xf0n);
  assert.equal(icc.irqLine(), true);
  assert.deepEqual(x.lines, ['0:I-'], 'the output rose once');
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 40n);
  assert.equal(icc.irqLine(), false, 'active, and the level line is not signalled again while active');
  assert.equal(x.dist(0x304) >>> 8 & 1, 1, 'GICD_ISACTIVER1 bit 8');
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 1023n);
  assert.deepEqual(x.lines, ['0:I-', '0:--']);
});

test('ICC_EOIR1_EL1 (EOImode 0): drops the priority and deactivates; a level SPI still high is pending again', () => {
  const x = v3();
  enableSpi(x, 33, 0x80);
  ready(x);
  const icc = x.icc[0]!;
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 33, 1);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 33n);
  assert.equal(icc.readIcc(ICC_RPR_EL1), 0x80n, 'running priority = the active one');
  assert.equal(icc.readIcc(ICC_AP1R0_EL1), 1n << 16n, 'AP1R0 bit 0x80 >> 3');
  icc.writeIcc(ICC_EOIR1_EL1, 33n);
  assert.equal(icc.readIcc(ICC_RPR_EL1), 0xffn, 'idle');
  assert.equal(x.dist(0x304) & 2, 0, 'not active');
  assert.equal(icc.irqLine(), true, 'the line is still high: pending again');
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 33n);
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 33, 0);
  icc.writeIcc(ICC_EOIR1_EL1, 33n);
  assert.equal(icc.irqLine(), false);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 1023n);
});

test('EOImode 1: ICC_EOIR1_EL1 only drops the priority; ICC_DIR_EL1 deactivates; DIR does nothing with EOImode 0', () => {
  const x = v3();
  enableSpi(x, 34, 0x40, true);
  ready(x);
  const icc = x.icc[0]!;
  icc.writeIcc(ICC_CTLR_EL1, 2n);
  assert.equal(icc.readIcc(ICC_CTLR_EL1), 0x8c02n, 'PRIbits 4, IDbits 1, A3V, EOImode');
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 34, 1);
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 34, 0);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 34n);
  icc.writeIcc(ICC_EOIR1_EL1, 34n);
  assert.equal(icc.readIcc(ICC_RPR_EL1), 0xffn);
  assert.equal((x.dist(0x304) >>> 2) & 1, 1, 'still active');
  icc.writeIcc(ICC_DIR_EL1, 34n);
  assert.equal((x.dist(0x304) >>> 2) & 1, 0);
  icc.writeIcc(ICC_CTLR_EL1, 0n);
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 34, 1);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 34n);
  icc.writeIcc(ICC_DIR_EL1, 34n);
  assert.equal((x.dist(0x304) >>> 2) & 1, 1, 'EOImode 0: DIR ignored');
});

test('preemption: a higher group priority interrupts an active one; the same group priority (per BPR) does not', () => {
  const x = v3();
  for (const [intid, pri] of [[40, 0x80], [41, 0x60], [42, 0x88], [43, 0x98]]) enableSpi(x, intid!, pri!, true);
  ready(x);
  const icc = x.icc[0]!;
  const pulse = (intid: number): void => {
    x.line(KVM_ARM_IRQ_TYPE_SPI, 0, intid, 1);
    x.line(KVM_ARM_IRQ_TYPE_SPI, 0, intid, 0);
  };
  assert.equal(icc.readIcc(ICC_BPR1_EL1), 3n, 'BPR1 minimum with 5 preemption bits');
  pulse(40);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 40n);
  pulse(42);
  assert.equal(icc.irqLine(), false, '0x88 is lower priority than the running 0x80');
  assert.equal(icc.readIcc(ICC_HPPIR1_EL1), 42n, 'HPPIR ignores the running priority');
  pulse(41);
  assert.equal(icc.irqLine(), true, '0x60 preempts');
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 41n);
  assert.equal(icc.readIcc(ICC_RPR_EL1), 0x60n);
  assert.equal(icc.readIcc(ICC_AP1R0_EL1), (1n << 12n) | (1n << 16n), 'nested: two active priorities');
  icc.writeIcc(ICC_EOIR1_EL1, 41n);
  assert.equal(icc.readIcc(ICC_RPR_EL1), 0x80n, 'back to the outer one');
  icc.writeIcc(ICC_EOIR1_EL1, 40n);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 42n);
  icc.writeIcc(ICC_EOIR1_EL1, 42n);
  // BPR1 = 5: group priority = bits 7:5. 0x98 acknowledged runs at 0x80; 0x88 (higher priority, same
  // group priority 0x80) waits. With BPR1 = 3 the same pair preempts.
  icc.writeIcc(ICC_BPR1_EL1, 5n);
  pulse(43);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 43n);
  assert.equal(icc.readIcc(ICC_RPR_EL1), 0x80n);
  pulse(42);
  assert.equal(icc.irqLine(), false);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 1023n);
  icc.writeIcc(ICC_EOIR1_EL1, 43n);
  icc.writeIcc(ICC_BPR1_EL1, 3n);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 42n);
  icc.writeIcc(ICC_EOIR1_EL1, 42n);
  pulse(43);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 43n);
  pulse(42);
  assert.equal(icc.irqLine(), true, '0x88 beats 0x98 with BPR1 = 3');
});

test('ICC_PMR_EL1 keeps 5 bits; BPR0/BPR1 clamp to 2/3; with CBPR, BPR1 reads BPR0 + 1 and ignores writes', () => {
  const x = v3();
  const icc = x.icc[0]!;
  icc.writeIcc(ICC_PMR_EL1, 0xffn);
  assert.equal(icc.readIcc(ICC_PMR_EL1), 0xf8n);
  icc.writeIcc(ICC_BPR0_EL1, 0n);
  icc.writeIcc(ICC_BPR1_EL1, 1n);
  assert.equal(icc.readIcc(ICC_BPR0_EL1), 2n);
  assert.equal(icc.readIcc(ICC_BPR1_EL1), 3n);
  icc.writeIcc(ICC_BPR0_EL1, 4n);
  icc.writeIcc(ICC_CTLR_EL1, 1n);
  assert.equal(icc.readIcc(ICC_BPR1_EL1), 5n);
  icc.writeIcc(ICC_BPR1_EL1, 7n);
  assert.equal(icc.readIcc(ICC_BPR1_EL1), 5n);
  assert.equal(icc.readIcc(ICC_SRE_EL1), 7n);
  assert.equal(icc.writeIcc(ICC_SRE_EL1, 0n), true, 'WI');
  assert.equal(icc.readIcc(ICC_SRE_EL1), 7n);
});

test('UNDEFINED accesses: reads of EOIR/DIR/SGI1R, writes of IAR/RPR/HPPIR, AP1R1 with 5 bits; a GICv2 VM has only SRE', () => {
  const icc = v3().icc[0]!;
  for (const r of [ICC_EOIR1_EL1, ICC_DIR_EL1, ICC_SGI1R_EL1]) assert.equal(icc.readIcc(r), undefined);
  for (const r of [ICC_IAR1_EL1, ICC_RPR_EL1, ICC_HPPIR1_EL1, ICC_AP1R0_EL1 + 1]) assert.equal(icc.writeIcc(r, 0n), false);
  assert.equal(icc.readIcc(ICC_AP1R0_EL1 + 1), undefined);
  assert.equal(icc.isIccReg(ICC_PMR_EL1) && icc.isIccReg(ICC_SGI1R_EL1) && !icc.isIccReg(0xc000), true);
  const g = gicVm({ model: 2 });
  placeAndInit(g, 2);
  const v2 = gicCpuInterface(g.vm.vgic!, g.vm.vgic!.cpus[0]!);
  assert.equal(v2.readIcc(ICC_SRE_EL1), 0n, 'SRE = 0: the memory-mapped interface');
  assert.equal(v2.readIcc(ICC_IAR1_EL1), undefined);
  assert.equal(v2.writeIcc(ICC_SGI1R_EL1, 0n), false);
});

test('GICv3 group 0: signalled as FIQ, acknowledged by ICC_IAR0_EL1 only (IAR1 reads 1023)', () => {
  const x = v3();
  enableSpi(x, 50, 0x20);
  x.dist(0x84, x.dist(0x84) & ~(1 << 18)); // GICD_IGROUPR1: SPI 50 to group 0
  x.dist(0x0, 0x3);
  const icc = x.icc[0]!;
  icc.writeIcc(ICC_PMR_EL1, 0xf0n);
  icc.writeIcc(ICC_IGRPEN0_EL1, 1n);
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 50, 1);
  assert.deepEqual([icc.irqLine(), icc.fiqLine()], [false, true]);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 1023n);
  assert.equal(icc.readIcc(ICC_IAR0_EL1), 50n);
  icc.writeIcc(ICC_EOIR1_EL1, 50n);
  assert.equal((x.dist(0x304) >>> 18) & 1, 1, 'EOIR1 dropped the priority but the group did not match: still active');
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 50, 0);
  icc.readIcc(ICC_IAR0_EL1);
  icc.writeIcc(ICC_EOIR0_EL1, 50n);
});

test('an edge SPI raised while active is active and pending, and is signalled again only after deactivation', () => {
  const x = v3();
  assert.equal(x.dist(0xc08), 0xaaaaaaaa >>> 0, 'SPIs start edge-triggered (kvm_vgic_dist_init)');
  enableSpi(x, 33, 0xa0, true);
  ready(x);
  const icc = x.icc[0]!;
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 33, 1);
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 33, 0);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 33n);
  assert.equal(x.dist(0x204) & 2, 0, 'the edge latch went with the acknowledge');
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 33, 1);
  assert.equal(x.dist(0x204) & 2, 2);
  assert.equal(icc.irqLine(), false);
  icc.writeIcc(ICC_EOIR1_EL1, 33n);
  assert.equal(icc.irqLine(), true);
  assert.equal(icc.readIcc(ICC_IAR1_EL1), 33n);
});

test('SPI routing (GICD_IROUTER): signalled on the routed vCPU; re-routing an active SPI leaves it with its acknowledger', () => {
  const x = v3(2);
  enableSpi(x, 33);
  ready(x, 0);
  ready(x, 1);
  x.dist(0x6000 + 8 * 33, 1); // Aff0 1
  assert.equal(x.dist(0x6000 + 8 * 33), 1);
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 33, 1);
  assert.deepEqual([x.icc[0]!.irqLine(), x.icc[1]!.irqLine()], [false, true]);
  assert.equal(x.icc[1]!.readIcc(ICC_IAR1_EL1), 33n);
  x.dist(0x6000 + 8 * 33, 0);
  assert.equal(x.icc[0]!.irqLine(), false, 'active on vCPU 1');
  x.icc[0]!.writeIcc(ICC_EOIR1_EL1, 33n);
  assert.equal((x.dist(0x304) >>> 1) & 1, 1, 'vCPU 0 cannot complete it');
  x.icc[1]!.writeIcc(ICC_EOIR1_EL1, 33n);
  assert.equal(x.icc[0]!.irqLine(), true, 'the line is still high, now routed to vCPU 0');
  x.dist(0x6000 + 8 * 33, 0x7);
  assert.equal(x.icc[0]!.irqLine() || x.icc[1]!.irqLine(), false, 'no vCPU with affinity 0.0.7: nobody');
});

test('PPIs are per vCPU; KVM_IRQ_LINE PPI 27 reaches only the vCPU named; private registers live in its redistributor', () => {
  const x = v3(2);
  for (const i of [0, 1]) {
    x.rd(i, 0x10000 + 0x100, 1 << 27); // GICR_ISENABLER0
    x.rd(i, 0x10000 + 0x418, 0x90 << 24); // GICR_IPRIORITYR6: INTID 27
    ready(x, i);
  }
  x.line(KVM_ARM_IRQ_TYPE_PPI, 1, 27, 1);
  assert.deepEqual([x.icc[0]!.irqLine(), x.icc[1]!.irqLine()], [false, true]);
  assert.equal(x.rd(1, 0x10000 + 0x200) >>> 27 & 1, 1, 'GICR_ISPENDR0 of vCPU 1');
  assert.equal(x.rd(0, 0x10000 + 0x200) >>> 27 & 1, 0);
  assert.equal(x.dist(0x100), 0, 'GICD_ISENABLER0 is RAZ with affinity routing');
  assert.equal(x.rd(0, 0x10000 + 0xc04), 0, 'PPIs level-sensitive and not writable');
  x.rd(0, 0x10000 + 0xc04, 0xaaaaaaaa);
  assert.equal(x.rd(0, 0x10000 + 0xc04), 0);
  assert.equal(x.rd(0, 0x10000 + 0xc00), 0xaaaaaaaa >>> 0, 'SGIs edge');
});

test('ICC_SGI1R_EL1: target list by affinity, IRM = all but self; a group 0 request (ICC_SGI0R_EL1) raises no group 1 SGI', () => {
  const x = v3(3);
  for (const i of [0, 1, 2]) ready(x, i);
  const icc = x.icc;
  icc[0]!.writeIcc(ICC_SGI1R_EL1, (3n << 24n) | 0b110n); // SGI 3 to Aff0 1 and 2
  assert.deepEqual(icc.map((c) => c.irqLine()), [false, true, true]);
  assert.equal(icc[2]!.readIcc(ICC_IAR1_EL1), 3n);
  icc[2]!.writeIcc(ICC_EOIR1_EL1, 3n);
  icc[1]!.readIcc(ICC_IAR1_EL1);
  icc[1]!.writeIcc(ICC_EOIR1_EL1, 3n);
  icc[1]!.writeIcc(ICC_SGI1R_EL1, (5n << 24n) | (1n << 40n)); // SGI 5, broadcast
  assert.deepEqual(icc.map((c) => c.irqLine()), [true, false, true]);
  icc[0]!.writeIcc(ICC_SGI1R_EL1, (6n << 24n) | (1n << 16n) | 1n); // Aff1 = 1: nobody
  assert.equal(x.rd(0, 0x10000 + 0x200) & (1 << 6), 0);
  icc[0]!.writeIcc(ICC_SGI0R_EL1, (7n << 24n) | 0b10n);
  assert.equal(x.rd(1, 0x10000 + 0x200) & (1 << 7), 0, 'SGIs are group 1 on a GICv3');
  assert.equal(icc[0]!.readIcc(ICC_IAR1_EL1), 5n);
});

/** GICv2: n vCPUs mapped, distributor enabled, each CPU interface enabled with PMR 0xf0. */
function v2(n = 2): { vgic: Vgic; cpu: VgicCpu[]; dist(i: number, off: number, val?: number): number; line(t: number, v: number, num: number, l: number): void } {
  const g = gicVm({ model: 2, vcpus: n });
  placeAndInit(g, 2);
  g.vm.vgicMapResources();
  const vgic = g.vm.vgic!;
  const dist = (i: number, off: number, val?: number): number => {
    const x = { vgic, cpu: vgic.cpus[i]! };
    if (val === undefined) return Number(mmioRead(VGIC_V2_DIST_REGISTERS, x, off, 4));
    mmioWrite(VGIC_V2_DIST_REGISTERS, x, off, 4, BigInt(val));
    return 0;
  };
  dist(0, 0x0, 1);
  for (const c of vgic.cpus) {
    gicv2CpuifWrite(vgic, c, GICC_CTLR, 4, 1);
    gicv2CpuifWrite(vgic, c, GICC_PMR, 4, 0xf0);
  }
  return { vgic, cpu: vgic.cpus, dist, line: (t, v, num, l) => g.irqLine(t, v, num, l) };
}

test('GICv2 GICD_SGIR: target list, all-but-self, self; GICC_IAR gives the source CPU in bits 12:10, EOIR must repeat it', () => {
  const x = v2(3);
  const [c0, c1, c2] = x.cpu as [VgicCpu, VgicCpu, VgicCpu];
  x.dist(2, 0xf00, (0b011 << 16) | 4); // from CPU 2: SGI 4 to CPUs 0 and 1
  assert.equal(gicv2CpuifRead(x.vgic, c0, GICC_IAR, 4), (2 << 10) | 4);
  gicv2CpuifWrite(x.vgic, c0, GICC_EOIR, 4, (2 << 10) | 4);
  assert.equal(x.dist(0, 0x300) & (1 << 4), 0, 'EOImode 0: deactivated');
  gicv2CpuifWrite(x.vgic, c1, GICC_CTLR, 4, 1 | (1 << 9)); // EOImodeNS
  assert.equal(gicv2CpuifRead(x.vgic, c1, GICC_IAR, 4), (2 << 10) | 4);
  gicv2CpuifWrite(x.vgic, c1, GICC_EOIR, 4, (2 << 10) | 4);
  gicv2CpuifWrite(x.vgic, c1, GICC_DIR, 4, (1 << 10) | 4);
  assert.equal(x.dist(1, 0x300) & (1 << 4), 1 << 4, 'GICC_DIR with another CPUID: still active');
  gicv2CpuifWrite(x.vgic, c1, GICC_DIR, 4, (2 << 10) | 4);
  assert.equal(x.dist(1, 0x300) & (1 << 4), 0);
  x.dist(0, 0xf00, (1 << 24) | 9); // all but self
  x.dist(1, 0xf00, (1 << 24) | 9);
  assert.equal(x.dist(0, 0xf20 + 8) >>> 8 & 0xff, 0b010, 'GICD_SPENDSGIR2 byte 1 on CPU 0: source CPU 1');
  assert.equal(gicv2CpuifRead(x.vgic, c2, GICC_IAR, 4), (0 << 10) | 9, 'two sources: the lowest first');
  assert.equal(gicv2CpuifRead(x.vgic, c2, GICC_IAR, 4), 1023, 'the SGI is active; the other source waits');
  gicv2CpuifWrite(x.vgic, c2, GICC_EOIR, 4, 9);
  assert.equal(gicv2CpuifRead(x.vgic, c2, GICC_IAR, 4), (1 << 10) | 9);
  x.dist(1, 0xf00, (2 << 24) | 1); // self
  assert.equal(gicv2CpuifRead(x.vgic, c1, GICC_IAR, 4), (1 << 10) | 1);
  assert.equal(x.dist(1, 0x200), 1 << 9, 'CPU 1: SGI 9 from CPU 0 pending');
  x.dist(1, 0x200, 0xffffffff);
  assert.equal(x.dist(1, 0x200) >>> 0, 0xffff0200, 'GICD_ISPENDR0: SGI bits WI, PPI bits set');
});

test('GICv2: group 1 with AckCtl 0 answers 1022 at GICC_IAR and is taken at GICC_AIAR; FIQEn puts group 0 on FIQ', () => {
  const x = v2(1);
  const c = x.cpu[0]!;
  const icc = gicCpuInterface(x.vgic, c);
  x.dist(0, 0x104, 1 << 1); // SPI 33
  x.dist(0, 0x820, 0x01 << 8); // GICD_ITARGETSR8: SPI 33 to CPU 0
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 33, 1);
  assert.deepEqual([icc.irqLine(), icc.fiqLine()], [true, false], 'group 0 is an IRQ without FIQEn');
  gicv2CpuifWrite(x.vgic, c, GICC_CTLR, 4, 1 | (1 << 3));
  assert.deepEqual([icc.irqLine(), icc.fiqLine()], [false, true]);
  x.vgic.spis[1]!.group = 1; // as after GICD_IIDR revision 2 and an IGROUPR write
  gicv2CpuifWrite(x.vgic, c, GICC_CTLR, 4, 0b11);
  assert.equal(icc.irqLine(), true);
  assert.equal(gicv2CpuifRead(x.vgic, c, GICC_IAR, 4), 1022);
  assert.equal(gicv2CpuifRead(x.vgic, c, GICC_AIAR, 4), 33);
});

test('GICv2 GICD_ITARGETSR: SPIs go to the lowest CPU named, the CPU mask is cut to the vCPUs; SGI/PPI bytes read-only', () => {
  const x = v2(2);
  x.dist(0, 0x820, 0xfe << 8);
  assert.equal((x.dist(0, 0x820) >>> 8) & 0xff, 0x2);
  assert.equal(x.vgic.getIrq(null, 33)!.targetVcpu, 1);
  assert.equal(x.dist(1, 0x800), 0x02020202, 'GICD_ITARGETSR0 on CPU 1 names CPU 1');
  x.dist(1, 0x800, 0);
  assert.equal(x.dist(1, 0x800), 0x02020202);
  assert.equal(x.dist(0, 0x4), 7 | (1 << 5), 'GICD_TYPER: 256 interrupts, 2 CPUs');
});

test('GICD_ISACTIVER/ICACTIVER and GICD_ICPENDR from the guest: an active interrupt is not signalled, clearing it is', () => {
  // vgic_mmio_write_sactive / _cactive / _cpending (vgic-mmio.c).
  const x = v3();
  enableSpi(x, 36, 0x50, true);
  ready(x);
  const icc = x.icc[0]!;
  x.line(KVM_ARM_IRQ_TYPE_SPI, 0, 36, 1);
  x.dist(0x304, 1 << 4); // GICD_ISACTIVER1: SPI 36 active
  assert.equal(icc.irqLine(), false, 'active and pending: not signalled');
  assert.equal(icc.readIcc(ICC_RPR_EL1), 0xffn, 'made active by a register write: no active priority');
  x.dist(0x384, 1 << 4); // GICD_ICACTIVER1
  assert.equal(icc.irqLine(), true);
  x.dist(0x284, 1 << 4); // GICD_ICPENDR1
  assert.equal(icc.irqLine(), false);
  assert.equal(x.dist(0x204) & (1 << 4), 0);
});

test('GICv2 GICD_CPENDSGIR clears one source; the SGI stays pending while another source remains', () => {
  const x = v2(3);
  const c2 = x.cpu[2]!;
  x.dist(0, 0xf00, (0b100 << 16) | 6); // CPU 0 -> CPU 2, SGI 6
  x.dist(1, 0xf00, (0b100 << 16) | 6); // CPU 1 -> CPU 2, SGI 6
  assert.equal((x.dist(2, 0xf14) >>> 16) & 0xff, 0b011, 'GICD_SPENDSGIR1 byte 2: sources 0 and 1');
  x.dist(2, 0xf14, 0b001 << 16); // GICD_CPENDSGIR1: drop source 0
  assert.equal((x.dist(2, 0xf24) >>> 16) & 0xff, 0b010);
  assert.equal(gicv2CpuifRead(x.vgic, c2, GICC_IAR, 4), (1 << 10) | 6);
  x.dist(2, 0xf14, 0);
  assert.equal(x.dist(2, 0x200) & (1 << 6), 0, 'no source left: not pending');
});
