/**
 * The vGIC device's ioctls against Linux 6.1 (read in Debian's linux-source-6.1 6.1.192):
 * virt/kvm/kvm_main.c (kvm_ioctl_create_device, kvm_vm_ioctl_create_vcpu), arch/arm64/kvm/arm.c
 * (kvm_arch_vcpu_precreate, kvm_arch_vcpu_run_pid_change, kvm_vm_ioctl_irq_line) and
 * arch/arm64/kvm/vgic/{vgic-init.c, vgic-kvm-device.c, vgic-mmio-v2.c, vgic-mmio-v3.c, vgic-v2.c, vgic-v3.c},
 * arch/arm64/kvm/vgic-sys-reg-v3.c. Each test names the function whose check it exercises.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeCreateDevice, encodeDeviceAttr } from '../../abi/device.ts';
import {
  KVM_ARM_IRQ_TYPE_CPU, KVM_ARM_IRQ_TYPE_PPI, KVM_ARM_IRQ_TYPE_SPI, KVM_CAP_ARM_IRQ_LINE_LAYOUT_2, KVM_CAP_DEVICE_CTRL,
  KVM_CAP_IRQCHIP, KVM_CREATE_DEVICE_TEST, KVM_DEV_ARM_VGIC_CTRL_INIT, KVM_DEV_ARM_VGIC_GRP_ADDR,
  KVM_DEV_ARM_VGIC_GRP_CPU_REGS, KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, KVM_DEV_ARM_VGIC_GRP_CTRL,
  KVM_DEV_ARM_VGIC_GRP_DIST_REGS, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, KVM_DEV_ARM_VGIC_GRP_NR_IRQS,
  KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, KVM_DEV_TYPE_ARM_VGIC_ITS,
  KVM_DEV_TYPE_ARM_VGIC_V2, KVM_DEV_TYPE_ARM_VGIC_V3, KVM_DEV_TYPE_MAX, KVM_VGIC_V2_ADDR_TYPE_CPU,
  KVM_VGIC_V2_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_REDIST,
  KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION,
} from '../../abi/vgic.ts';
import { RUN_OFF } from '../../abi/kvm-run.ts';
import { KVM_CAP_MAX_VCPUS } from '../caps.ts';
import { createModelKvm } from '../index.ts';
import type { Vm } from '../vm.ts';
import { CPUIF, DIST, REDIST, bytes, errno, gicVm, placeAndInit, value } from './test-helpers.ts';

const ADDR = KVM_DEV_ARM_VGIC_GRP_ADDR;
const CTRL = KVM_DEV_ARM_VGIC_GRP_CTRL;
const NR_IRQS = KVM_DEV_ARM_VGIC_GRP_NR_IRQS;
const UNDEF = 0xffffffffffffffffn;
const sysreg = (op0: number, op1: number, crn: number, crm: number, op2: number): number =>
  (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;

/** KVM_RUN with immediate_exit set: the first-run mapping happens, the guest does not. */
function firstRun(g: ReturnType<typeof gicVm>, i = 0): void {
  const v = g.vcpus[i]!;
  v.run[RUN_OFF.immediateExit] = 1;
  assert.throws(() => v.runVcpu(), errno('EINTR'));
  v.run[RUN_OFF.immediateExit] = 0;
}

test('KVM_CREATE_DEVICE: ENODEV for an unregistered type (ITS, MPIC, beyond the table); TEST creates nothing', () => {
  const vm = createModelKvm({ profile: '6.1', endian: 'le' }).createVm() as Vm;
  for (const type of [KVM_DEV_TYPE_ARM_VGIC_ITS, 1, KVM_DEV_TYPE_MAX, 0xffffffff]) {
    assert.throws(() => vm.createDevice(encodeCreateDevice({ type }, 'le')), errno('ENODEV'), `type ${type}`);
  }
  assert.equal(vm.createDevice(encodeCreateDevice({ type: KVM_DEV_TYPE_ARM_VGIC_V3, flags: KVM_CREATE_DEVICE_TEST }, 'le')), null);
  assert.equal(vm.vgic, null);
  assert.ok(vm.createDevice(encodeCreateDevice({ type: KVM_DEV_TYPE_ARM_VGIC_V3 }, 'le')));
});

test('KVM_CREATE_DEVICE: EEXIST for a second vGIC, of either version (kvm_vgic_create: irqchip_in_kernel)', () => {
  for (const [first, second] of [[2, KVM_DEV_TYPE_ARM_VGIC_V3], [3, KVM_DEV_TYPE_ARM_VGIC_V2], [3, KVM_DEV_TYPE_ARM_VGIC_V3]] as const) {
    const g = gicVm({ model: first });
    assert.throws(() => g.vm.createDevice(encodeCreateDevice({ type: second }, 'le')), errno('EEXIST'));
  }
});

test('KVM_CREATE_DEVICE: EBUSY once a vCPU has run (kvm_vgic_create: vcpu_has_run_once)', () => {
  const kvm = createModelKvm({ profile: '6.1', endian: 'le' });
  const vm = kvm.createVm() as Vm;
  const g = { vcpus: [vm.createVcpu(0)] } as ReturnType<typeof gicVm>;
  g.vcpus[0]!.armVcpuInit(vm.armPreferredTarget());
  firstRun(g);
  assert.throws(() => vm.createDevice(encodeCreateDevice({ type: KVM_DEV_TYPE_ARM_VGIC_V3 }, 'le')), errno('EBUSY'));
});

test('KVM_CREATE_DEVICE: E2BIG for a GICv2 on a VM with 9 vCPUs (VGIC_V2_MAX_CPUS = 8); a GICv3 takes them', () => {
  const vm = createModelKvm({ profile: '6.1', endian: 'be' }).createVm() as Vm;
  for (let i = 0; i < 9; i++) vm.createVcpu(i);
  assert.throws(() => vm.createDevice(encodeCreateDevice({ type: KVM_DEV_TYPE_ARM_VGIC_V2 }, 'be')), errno('E2BIG'));
  assert.ok(vm.createDevice(encodeCreateDevice({ type: KVM_DEV_TYPE_ARM_VGIC_V3 }, 'be')));
});

test('KVM_CREATE_VCPU: with a GICv2 ids from 8 and a 9th vCPU are EINVAL; KVM_CAP_MAX_VCPUS on the VM says 8', () => {
  const g = gicVm({ model: 2, vcpus: 2 });
  assert.equal(g.vm.checkExtension(KVM_CAP_MAX_VCPUS), 8);
  assert.throws(() => g.vm.createVcpu(8), errno('EINVAL'));
  for (let i = 2; i < 8; i++) g.vm.createVcpu(i);
  assert.throws(() => g.vm.createVcpu(9), errno('EINVAL'));
  assert.equal(gicVm({ model: 3 }).vm.checkExtension(KVM_CAP_MAX_VCPUS), 512);
});

test('KVM_CREATE_VCPU: EBUSY after CTRL_INIT (kvm_arch_vcpu_precreate), before it the new vCPU joins the vGIC', () => {
  const g = gicVm({ model: 3, vcpus: 1 });
  g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST, 8);
  g.vm.createVcpu(1);
  assert.equal(g.vm.vgic!.cpus[1]!.rdBase, REDIST + 0x20000n, 'placed in the legacy region as it was created');
  g.set(CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, 0);
  assert.throws(() => g.vm.createVcpu(2), errno('EBUSY'));
});

test('KVM_CREATE_VCPU: a GICv2 distributor register access initialises the vGIC (vgic_v2_attr_regs_access), then EBUSY', () => {
  const g = gicVm({ model: 2 });
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x4), 7n, 'GICD_TYPER: 256 interrupts, one CPU');
  assert.throws(() => g.vm.createVcpu(1), errno('EBUSY'));
});

test('KVM_CHECK_EXTENSION: IRQCHIP, DEVICE_CTRL and ARM_IRQ_LINE_LAYOUT_2 are 1 (kvm_vm_ioctl_check_extension)', () => {
  const kvm = createModelKvm({ profile: '6.1', endian: 'le' });
  for (const cap of [KVM_CAP_IRQCHIP, KVM_CAP_DEVICE_CTRL, KVM_CAP_ARM_IRQ_LINE_LAYOUT_2]) assert.equal(kvm.checkExtension(cap), 1);
});

test('GRP_ADDR (v2): 4 KiB alignment (EINVAL), set twice (EEXIST), beyond the IPA space (E2BIG), v3 types ENXIO', () => {
  const g = gicVm({ model: 2, e: 'be' });
  assert.equal(g.get(ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, 8), UNDEF, 'VGIC_ADDR_UNDEF before it is set');
  assert.throws(() => g.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, DIST + 0x800n, 8), errno('EINVAL'));
  assert.throws(() => g.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, 1n << 40n, 8), errno('E2BIG'), '40-bit IPA space');
  assert.throws(() => g.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, (1n << 40n) - 0x1000n, 8), errno('E2BIG'), 'the 8 KiB frame would end beyond it');
  g.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, DIST, 8);
  assert.equal(g.get(ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, 8), DIST);
  assert.throws(() => g.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, DIST + 0x1000n, 8), errno('EEXIST'));
  assert.throws(() => g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST, 8), errno('ENXIO'), 'vgic_check_type ENODEV becomes ENXIO');
  assert.throws(() => g.set(ADDR, 9, DIST, 8), errno('ENXIO'));
  assert.throws(() => g.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, CPUIF, 4), errno('EFAULT'), 'a __u64 is read');
});

test('GRP_ADDR REDIST_REGION (v3): count and flags, index order, no mixing with REDIST, overlaps, readback', () => {
  const g = gicVm({ model: 3, vcpus: 2 });
  const region = (index: number, base: bigint, count: number, flags = 0): bigint =>
    (BigInt(count) << 52n) | base | (BigInt(flags) << 12n) | BigInt(index);
  assert.throws(() => g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, region(0, REDIST, 0), 8), errno('EINVAL'), 'count 0');
  assert.throws(() => g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, region(0, REDIST, 1, 1), 8), errno('EINVAL'), 'flags');
  assert.throws(() => g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, region(1, REDIST, 1), 8), errno('EINVAL'), 'index 1 first');
  g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, region(0, REDIST, 1), 8);
  assert.throws(() => g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST + 0x100000n, 8), errno('EINVAL'), 'no mixing');
  assert.throws(() => g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, region(2, REDIST + 0x100000n, 1), 8), errno('EINVAL'));
  assert.throws(() => g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, region(1, REDIST + 0x10000n, 1), 8), errno('EINVAL'), 'overlap');
  g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, region(1, REDIST + 0x20000n, 4), 8);
  assert.equal(g.get(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, 8), region(0, REDIST, 1), 'read: the index selects');
  const one = bytes(1n, 8, 'le');
  g.dev.getDeviceAttr(encodeDeviceAttr({ group: ADDR, attr: BigInt(KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION) }, 'le'), one);
  assert.equal(value(one, 'le'), region(1, REDIST + 0x20000n, 4));
  assert.throws(() => g.get(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, 4), errno('EFAULT'));
  const cpus = g.vm.vgic!.cpus;
  assert.deepEqual(cpus.map((c) => c.rdBase), [REDIST, REDIST + 0x20000n], 'vCPU 1 spills into region 1');
  const legacy = gicVm({ model: 3 });
  legacy.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST, 8);
  assert.throws(() => legacy.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST + 0x100000n, 8), errno('EEXIST'));
  // vgic_v3_alloc_redist_region only refuses a legacy region after counted ones, not the reverse.
  legacy.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, region(1, REDIST + 0x100000n, 1), 8);
  assert.equal(legacy.get(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, 8), REDIST, 'the legacy region is index 0, count 0');
  const query = bytes(5n, 8, 'le');
  assert.throws(() => legacy.dev.getDeviceAttr(encodeDeviceAttr({ group: ADDR, attr: 5n }, 'le'), query), errno('ENOENT'), 'index 5');
  assert.equal(legacy.get(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, 8), REDIST);
});

test('GRP_NR_IRQS: EINVAL below 64, above 1023 and off multiples of 32; EBUSY once set or initialised', () => {
  for (const bad of [32, 63, 1024, 96 + 1]) assert.throws(() => gicVm({ model: 3 }).set(NR_IRQS, 0, bad), errno('EINVAL'), `${bad}`);
  const g = gicVm({ model: 3 });
  assert.equal(g.get(NR_IRQS, 0), 32n, 'no SPIs until set or initialised');
  g.set(NR_IRQS, 0, 992);
  assert.equal(g.get(NR_IRQS, 0), 992n);
  assert.throws(() => g.set(NR_IRQS, 0, 128), errno('EBUSY'));
  const d = gicVm({ model: 2 });
  placeAndInit(d, 2);
  assert.equal(d.get(NR_IRQS, 0), 256n, 'VGIC_NR_IRQS_LEGACY by default');
  assert.throws(() => d.set(NR_IRQS, 0, 128), errno('EBUSY'));
});

test('GRP_CTRL: SAVE_PENDING_TABLES is ENXIO on a GICv2 and before a GICv3 is initialised; unknown controls ENXIO', () => {
  const v2 = gicVm({ model: 2 });
  assert.throws(() => v2.set(CTRL, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, 0), errno('ENXIO'));
  assert.throws(() => v2.has(CTRL, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES), errno('ENXIO'));
  const v3 = gicVm({ model: 3 });
  v3.has(CTRL, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES);
  assert.throws(() => v3.set(CTRL, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, 0), errno('ENXIO'));
  placeAndInit(v3, 3);
  v3.set(CTRL, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, 0);
  assert.throws(() => v3.set(CTRL, 7, 0), errno('ENXIO'));
  assert.throws(() => v3.set(99, 0, 0), errno('ENXIO'));
});

test('v3 register groups: EBUSY before CTRL_INIT, EINVAL for an MPIDR with no vCPU (vgic_v3_attr_regs_access)', () => {
  const g = gicVm({ model: 3, vcpus: 2 });
  assert.throws(() => g.get(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0), errno('EBUSY'));
  assert.throws(() => g.get(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, (1n << 32n) | 0x8n), errno('EBUSY'));
  placeAndInit(g, 3);
  assert.throws(() => g.get(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, (2n << 32n) | 0x8n), errno('EINVAL'), 'MPIDR 2: no such vCPU');
  assert.throws(() => g.get(KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, (1n << 56n) | BigInt(sysreg(3, 0, 4, 6, 0)), 8), errno('EINVAL'), 'Aff3 1');
  // GICR_TYPER of vCPU 1: Processor_Number 1, Last (it is the last of the legacy region), affinity 0.0.1.
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, (1n << 32n) | 0x8n), 0x110n);
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, (1n << 32n) | 0xcn), 1n);
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, 0x8n), 0x000n, 'vCPU 0: not last');
  // GICD_CTLR ARE_NS | DS, GICD_TYPER 256 interrupts and IDbits 9, GICD_IIDR KVM revision 3, GICD_PIDR2 ArchRev 3.
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x0), 0x50n);
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x4), (9n << 19n) | 7n);
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x8), 0x4b00343bn);
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0xffe8), 0x3bn);
});

test('CPU_SYSREGS: ICC_CTLR_EL1 0x8c00 (5 priority bits, 24-bit IDs, A3V); more bits than the host EINVAL; SRE; APRs; ENOENT', () => {
  const g = gicVm({ model: 3 });
  placeAndInit(g, 3);
  const CTLR = sysreg(3, 0, 12, 12, 4), SRE = sysreg(3, 0, 12, 12, 5), PMR = sysreg(3, 0, 4, 6, 0);
  const AP0R1 = sysreg(3, 0, 12, 8, 5), AP1R0 = sysreg(3, 0, 12, 9, 0), IAR1 = sysreg(3, 0, 12, 12, 0);
  const S = KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS;
  assert.equal(g.get(S, CTLR, 8), 0x8c00n);
  assert.throws(() => g.set(S, CTLR, 0x8c00n | (5n << 8n), 8), errno('EINVAL'), '6 priority bits');
  assert.throws(() => g.set(S, CTLR, 0x8c00n | (2n << 11n), 8), errno('EINVAL'), 'IDbits 2');
  assert.throws(() => g.set(S, CTLR, 0x0c00n, 8), errno('EINVAL'), 'A3V must match');
  g.set(S, CTLR, 0x8c02n, 8);
  assert.equal(g.get(S, CTLR, 8), 0x8c02n, 'EOImode kept');
  assert.equal(g.get(S, SRE, 8), 7n, 'DIB | DFB | SRE');
  assert.throws(() => g.set(S, SRE, 6n, 8), errno('EINVAL'));
  g.set(S, PMR, 0xf0n, 8);
  assert.equal(g.get(S, PMR, 8), 0xf0n);
  g.set(S, AP1R0, 0x5n, 8);
  assert.equal(g.get(S, AP1R0, 8), 0x5n);
  assert.throws(() => g.get(S, AP0R1, 8), errno('EINVAL'), 'vgic_v3_max_apr_idx is 0 with 5 bits');
  assert.throws(() => g.get(S, IAR1, 8), errno('ENOENT'));
  g.has(S, PMR);
  assert.throws(() => g.has(S, IAR1), errno('ENXIO'));
  assert.throws(() => g.get(S, PMR, 4), errno('EFAULT'), 'a __u64 is written');
});

test('HAS_DEVICE_ATTR: the groups each version has; SPI registers exist only once the SPIs do', () => {
  const v2 = gicVm({ model: 2 });
  v2.has(ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU);
  assert.throws(() => v2.has(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST), errno('ENXIO'));
  v2.has(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, 0x4);
  assert.throws(() => v2.has(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, 0x6), errno('ENXIO'), 'unaligned');
  assert.throws(() => v2.has(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, (5n << 32n) | 0x4n), errno('EINVAL'), 'no vCPU 5');
  assert.throws(() => v2.has(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, 0), errno('ENXIO'));
  assert.throws(() => v2.has(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, 0), errno('ENXIO'));
  const v3 = gicVm({ model: 3 });
  assert.throws(() => v3.has(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x104), errno('ENXIO'), 'GICD_ISENABLER1: no SPIs yet');
  v3.has(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x100);
  placeAndInit(v3, 3);
  v3.has(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x104);
  v3.has(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, 0);
  assert.throws(() => v3.has(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, 1n << 10n), errno('ENXIO'));
  assert.throws(() => v3.has(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, 0), errno('ENXIO'));
});

test('first KVM_RUN (GICv3): ENXIO without the distributor address, and the VM is dead after it (EIO)', () => {
  const g = gicVm({ model: 3 });
  g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST, 8);
  g.set(CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, 0);
  assert.throws(() => g.vcpus[0]!.runVcpu(), errno('ENXIO'));
  assert.throws(() => g.vcpus[0]!.runVcpu(), errno('EIO'));
  assert.throws(() => g.get(NR_IRQS, 0), errno('EIO'));
  assert.throws(() => g.vm.createVcpu(1), errno('EIO'));
});

test('first KVM_RUN (GICv3): ENXIO for a vCPU without a redistributor, EINVAL on overlap, EBUSY without CTRL_INIT', () => {
  const noRedist = gicVm({ model: 3 });
  noRedist.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST, 8);
  assert.throws(() => noRedist.vcpus[0]!.runVcpu(), errno('ENXIO'));
  // A region set while its vCPUs exist is checked then (vgic_register_redist_iodev: EINVAL) ...
  const early = gicVm({ model: 3 });
  early.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, REDIST + 0x10000n, 8);
  assert.throws(() => early.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, (1n << 52n) | REDIST, 8), errno('EINVAL'));
  // ... a distributor placed afterwards only at the first run (vgic_v3_map_resources).
  const overlap = gicVm({ model: 3 });
  overlap.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, (1n << 52n) | REDIST, 8);
  overlap.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, REDIST + 0x10000n, 8);
  overlap.set(CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, 0);
  assert.throws(() => overlap.vcpus[0]!.runVcpu(), errno('EINVAL'));
  const uninit = gicVm({ model: 3 });
  uninit.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST, 8);
  uninit.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST, 8);
  assert.throws(() => uninit.vcpus[0]!.runVcpu(), errno('EBUSY'));
  const ok = gicVm({ model: 3 });
  placeAndInit(ok, 3);
  firstRun(ok);
  assert.equal(ok.vm.vgic!.ready, true);
});

test('first KVM_RUN (GICv2): ENXIO without the CPU interface address, EINVAL on overlap; it initialises lazily', () => {
  const noCpu = gicVm({ model: 2 });
  noCpu.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, DIST, 8);
  assert.throws(() => noCpu.vcpus[0]!.runVcpu(), errno('ENXIO'));
  const overlap = gicVm({ model: 2 });
  overlap.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, DIST + 0x1000n, 8);
  overlap.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, DIST, 8);
  assert.throws(() => overlap.vcpus[0]!.runVcpu(), errno('EINVAL'));
  const lazy = gicVm({ model: 2 });
  lazy.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, DIST, 8);
  lazy.set(ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, CPUIF, 8);
  firstRun(lazy);
  assert.equal(lazy.vm.vgic!.initialized, true, 'vgic_v2_map_resources calls vgic_init');
});

test('KVM_IRQ_LINE: ENXIO for SPI/PPI without a vGIC and for the CPU pins with one; EINVAL for bad numbers and vCPUs', () => {
  const vm = createModelKvm({ profile: '6.1', endian: 'le' }).createVm() as Vm;
  vm.createVcpu(0);
  const plain = { vm } as ReturnType<typeof gicVm>;
  const line = (g: ReturnType<typeof gicVm>, type: number, vcpu: number, num: number, level = 1): void =>
    g.vm.irqLine(new Uint8Array([num & 0xff, num >> 8, vcpu, type, level, 0, 0, 0]));
  assert.throws(() => line(plain, KVM_ARM_IRQ_TYPE_SPI, 0, 33), errno('ENXIO'));
  assert.throws(() => line(plain, KVM_ARM_IRQ_TYPE_PPI, 0, 27), errno('ENXIO'));
  line(plain, KVM_ARM_IRQ_TYPE_CPU, 0, 0);
  assert.equal(vm.vcpuAt(0)!.arch.hcrVi, true, 'vcpu_interrupt_line: HCR_EL2.VI');
  line(plain, KVM_ARM_IRQ_TYPE_CPU, 0, 1);
  assert.equal(vm.vcpuAt(0)!.arch.hcrVf, true);
  line(plain, KVM_ARM_IRQ_TYPE_CPU, 0, 0, 0);
  assert.equal(vm.vcpuAt(0)!.arch.hcrVi, false);
  assert.throws(() => line(plain, KVM_ARM_IRQ_TYPE_CPU, 0, 2), errno('EINVAL'));
  assert.throws(() => line(plain, KVM_ARM_IRQ_TYPE_CPU, 1, 0), errno('EINVAL'));
  assert.throws(() => line(plain, 3, 0, 0), errno('EINVAL'));
  const g = gicVm({ model: 3 });
  assert.throws(() => line(g, KVM_ARM_IRQ_TYPE_CPU, 0, 0), errno('ENXIO'));
  assert.throws(() => line(g, KVM_ARM_IRQ_TYPE_SPI, 0, 31), errno('EINVAL'));
  assert.throws(() => line(g, KVM_ARM_IRQ_TYPE_PPI, 0, 15), errno('EINVAL'));
  assert.throws(() => line(g, KVM_ARM_IRQ_TYPE_PPI, 0, 32), errno('EINVAL'));
  assert.throws(() => line(g, KVM_ARM_IRQ_TYPE_PPI, 1, 27), errno('EINVAL'), 'no vCPU 1');
  assert.throws(() => line(g, KVM_ARM_IRQ_TYPE_SPI, 0, 33), errno('EBUSY'), 'a GICv3 is not initialised lazily');
  placeAndInit(g, 3);
  line(g, KVM_ARM_IRQ_TYPE_SPI, 0, 33);
  assert.throws(() => line(g, KVM_ARM_IRQ_TYPE_SPI, 0, 256), errno('EINVAL'), 'beyond NR_IRQS');
  const v2 = gicVm({ model: 2 });
  line(v2, KVM_ARM_IRQ_TYPE_SPI, 0, 33);
  assert.equal(v2.vm.vgic!.initialized, true, 'vgic_lazy_init on a GICv2');
});

test('KVM_IRQ_LINE: a level-sensitive SPI follows the line; an edge-triggered one latches on 1 and ignores 0', () => {
  for (const e of ['le', 'be'] as const) {
    const g = gicVm({ model: 3, e });
    placeAndInit(g, 3);
    const D = KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
    // SPI 33 level (ICFGR default), SPI 34 made edge: GICD_ICFGR2 bits 5:4 = 0b10.
    g.set(D, 0xc08, 0x20);
    g.irqLine(KVM_ARM_IRQ_TYPE_SPI, 0, 33, 1);
    g.irqLine(KVM_ARM_IRQ_TYPE_SPI, 0, 34, 1);
    g.irqLine(KVM_ARM_IRQ_TYPE_SPI, 0, 34, 0);
    assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, 32), 0x2n, 'line levels: only the level-sensitive SPI 33');
    assert.equal(g.get(D, 0x204), 0x4n, 'userspace reads the latch only (GICv3): the edge of SPI 34');
    g.irqLine(KVM_ARM_IRQ_TYPE_SPI, 0, 33, 0);
    assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, 32), 0n);
    assert.throws(() => g.get(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, 33), errno('EINVAL'), 'INTID not a multiple of 32');
    assert.throws(() => g.get(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, (1n << 10n) | 32n), errno('EINVAL'), 'unknown info type');
    g.set(KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, 32, 0x2);
    assert.equal(g.vm.vgic!.getIrq(null, 33)!.lineLevel, true, 'restored');
  }
});

test('v2 GICD_IIDR from userspace: another implementer EINVAL, revision 2 or 3 only, and then groups are writable', () => {
  const g = gicVm({ model: 2 });
  placeAndInit(g, 2);
  const D = KVM_DEV_ARM_VGIC_GRP_DIST_REGS;
  assert.equal(g.get(D, 0x8), 0x4b00343bn);
  g.set(D, 0x84, 0xffffffff);
  assert.equal(g.get(D, 0x84), 0n, 'IGROUPR ignored from userspace until IIDR is written');
  assert.throws(() => g.set(D, 0x8, 0x4b00343cn), errno('EINVAL'));
  assert.throws(() => g.set(D, 0x8, 0x4b00143bn), errno('EINVAL'), 'revision 1');
  g.set(D, 0x8, 0x4b00243bn);
  assert.equal(g.get(D, 0x8), 0x4b00243bn);
  g.set(D, 0x84, 0x3);
  assert.equal(g.get(D, 0x84), 0x3n);
});

test('vGIC attributes see a vCPU\'s MPIDR only after KVM_ARM_VCPU_INIT (reset_mpidr): before it every vCPU is 0.0.0.0', () => {
  // Conformance scenario vgic-v3, records rd.typer1 and gic.run2, on Debian 6.1.192, 6.12.118 and 5.10.223.
  const g = gicVm({ model: 3, vcpus: 2, init: false });
  placeAndInit(g, 3);
  const R = KVM_DEV_ARM_VGIC_GRP_REDIST_REGS;
  assert.throws(() => g.get(R, (1n << 32n) | 0x8n), errno('EINVAL'), 'no vCPU has MPIDR 0.0.0.1 yet');
  assert.equal(g.get(R, 0x8n), 0n, 'MPIDR 0 names the first vCPU: vCPU 0');
  assert.equal(g.vm.vgic!.cpus[1]!.mpidr, 0);
  g.vcpus[1]!.armVcpuInit(g.vm.armPreferredTarget());
  assert.equal(g.get(R, (1n << 32n) | 0xcn), 1n, 'GICR_TYPER.Affinity of vCPU 1 after its init');
});

test('profile 5.10: a failed first mapping frees the distributor and the next KVM_RUN enters the guest (no vm_dead)', () => {
  // Conformance scenario vgic-v3-map-enxio on Debian 5.10.223: mf.run ENXIO, mf.run2 runs to the timer
  // signal, NR_IRQS reads 32, KVM_CREATE_VCPU succeeds; 6.1 answers EIO to all three.
  const g = gicVm({ model: 3, profile: '5.10' });
  g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST, 8);
  g.set(CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, 0);
  assert.throws(() => g.vcpus[0]!.runVcpu(), errno('ENXIO'));
  assert.equal(g.get(NR_IRQS, 0), 32n);
  assert.equal(g.vm.vgic!.initialized, false);
  g.vm.createVcpu(1);
  firstRun(g);
});

test('profile 5.10: IIDR revision 2 (no GICR_CTLR.IR/CES), SAVE_PENDING_TABLES before init is 0, unknown CPU_SYSREGS ENXIO, nothing after a legacy region', () => {
  // Conformance scenario vgic-v3 on Debian 5.10.223: dist.iidr, rd.ctlr, savepend.early, sys.iar1, redist.twice, rdreg.after.
  const g = gicVm({ model: 3, profile: '5.10' });
  g.set(CTRL, KVM_DEV_ARM_VGIC_SAVE_PENDING_TABLES, 0);
  g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST, 8);
  assert.throws(() => g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, REDIST + 0x100000n, 8), errno('EINVAL'));
  assert.throws(() => g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, (1n << 52n) | (REDIST + 0x100000n) | 1n, 8), errno('EINVAL'));
  g.set(ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, DIST, 8);
  g.set(CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, 0);
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x8), 0x4b00243bn);
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_REDIST_REGS, 0x0), 0n);
  assert.throws(() => g.get(KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, sysreg(3, 0, 12, 12, 0), 8), errno('ENXIO'));
});

test('CPU_SYSREGS: binary points read as written until the vCPU runs, then as the hardware keeps them (vgic_v3_put)', () => {
  // Conformance records sys.bpr1 (0 before any run), sys.bpr0.after / sys.bpr1.after (2 and 3), sys.pmr.after (0xff) on 6.1 and 5.10.
  const g = gicVm({ model: 3 });
  placeAndInit(g, 3);
  const S = KVM_DEV_ARM_VGIC_GRP_CPU_SYSREGS, BPR0 = sysreg(3, 0, 12, 8, 3), BPR1 = sysreg(3, 0, 12, 12, 3), PMR = sysreg(3, 0, 4, 6, 0);
  g.set(S, PMR, 0xffn, 8);
  assert.deepEqual([g.get(S, BPR0, 8), g.get(S, BPR1, 8), g.get(S, PMR, 8)], [0n, 0n, 0xffn]);
  firstRun(g);
  assert.deepEqual([g.get(S, BPR0, 8), g.get(S, BPR1, 8), g.get(S, PMR, 8)], [2n, 3n, 0xffn], 'the mask keeps its 8 bits (sys.pmr.after)');
});
