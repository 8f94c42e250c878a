/**
 * The machine's in-kernel GIC through the uapi, over the kernel model: the VMM creates it as QEMU does on
 * KVM (NR_IRQS 288, CTRL_INIT, the virt frame addresses), and the PL011's interrupt reaches it as SPI 1
 * (INTID 33) through KVM_IRQ_LINE: latched while the SPI is edge-triggered (kvm_vgic_dist_init leaves SPIs
 * edge-triggered until the guest writes GICD_ICFGR), pending exactly while the UART's masked interrupt status
 * is set once it is level-sensitive. The pending state is read back as a VMM reads it, with KVM_GET_DEVICE_ATTR of
 * GICD_ISPENDR1 (vgic-mmio.c; arm-vgic.rst and arm-vgic-v3.rst give the attribute encodings).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_DEV_ARM_VGIC_GRP_DIST_REGS, KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, VGIC_LEVEL_INFO_LINE_LEVEL, KVM_DEV_ARM_VGIC_GRP_NR_IRQS, KVM_VGIC_V2_ADDR_TYPE_CPU,
  KVM_VGIC_V2_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, encodeDeviceAttr,
  KVM_DEV_TYPE_ARM_VGIC_V2, KvmError, readU32, readU64, writeU32,
} from '../../src/abi/index.ts';
import { createModelKvm } from '../../src/kvm/index.ts';
import { Machine } from '../../src/vmm/machine.ts';
import { UART_BASE } from '../../src/vmm/virt.ts';

const GICD_ISPENDR1 = 0x204n, GICD_ICPENDR1 = 0x284n, GICD_ICFGR2 = 0xc08n;
const UART_IMSC = 0x38, UART_DR = 0x00;

for (const gic of ['v2', 'v3'] as const) {
  test(`GIC${gic}: created with the virt board's interrupts and frames, as QEMU sets them`, () => {
    const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { smp: 2, gic, uartTx: () => {} });
    const d = m.gicDevice!.device;
    const get = (group: number, attr: bigint, size: 4 | 8): bigint => {
      const b = new Uint8Array(size);
      d.getDeviceAttr(encodeDeviceAttr({ group, attr }, 'le'), b);
      return size === 4 ? BigInt(readU32(b, 0, 'le')) : readU64(b, 0, 'le');
    };
    assert.equal(get(KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0n, 4), 288n);
    if (gic === 'v2') {
      assert.equal(get(KVM_DEV_ARM_VGIC_GRP_ADDR, BigInt(KVM_VGIC_V2_ADDR_TYPE_DIST), 8), 0x0800_0000n);
      assert.equal(get(KVM_DEV_ARM_VGIC_GRP_ADDR, BigInt(KVM_VGIC_V2_ADDR_TYPE_CPU), 8), 0x0801_0000n);
    } else {
      assert.equal(get(KVM_DEV_ARM_VGIC_GRP_ADDR, BigInt(KVM_VGIC_V3_ADDR_TYPE_DIST), 8), 0x0800_0000n);
      // index 0: count 2 (one redistributor per vCPU) in bits 63:52, the base
      assert.equal(get(KVM_DEV_ARM_VGIC_GRP_ADDR, BigInt(KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION), 8), (2n << 52n) | 0x080a_0000n);
    }
  });

  test(`GIC${gic}: the PL011's receive interrupt is SPI 1 (INTID 33) through KVM_IRQ_LINE: latched while edge-triggered (KVM's default for SPIs), following the line once configured level-sensitive`, () => {
    const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { gic, uartTx: () => {} });
    const d = m.gicDevice!.device;
    // v2: vcpu_index in 39:32; v3: MPIDR in 63:32 (vCPU 0 is 0 in both)
    const dist = (offset: bigint) => encodeDeviceAttr({ group: KVM_DEV_ARM_VGIC_GRP_DIST_REGS, attr: offset }, 'le');
    const pending1 = (): number => {
      const b = new Uint8Array(4);
      d.getDeviceAttr(dist(GICD_ISPENDR1), b);
      return readU32(b, 0, 'le');
    };
    const set = (offset: bigint, v: number): void => {
      const b = new Uint8Array(4);
      writeU32(b, 0, v, 'le');
      d.setDeviceAttr(dist(offset), b);
    };
    assert.equal(pending1() & 2, 0);
    m.bus.write(UART_BASE + BigInt(UART_IMSC), 4, 0x10n);   // RXIM: receive interrupt enabled
    assert.equal(m.uart.receive(0x41), true);
    assert.equal(pending1() & 2, 2, 'INTID 33 pending once RXMIS is set');
    assert.equal(m.bus.read(UART_BASE + BigInt(UART_DR), 4), 0x41n);
    assert.equal(pending1() & 2, 2, 'edge-triggered: still pending after the line went down');
    // v2: a write to ICPENDR clears; v3's userspace ISPENDR write sets the whole pending state (vgic_uaccess_write_spending)
    if (gic === 'v2') set(GICD_ICPENDR1, 2);
    else set(GICD_ISPENDR1, 0);
    set(GICD_ICFGR2, 0);   // INTID 33 (bits 3:2): 0b00, level-sensitive, as Linux configures it from the device tree
    // A level-sensitive interrupt is pending while its line is up. v2 reports that in ISPENDR; v3's userspace
    // ISPENDR read gives the latch only, the line comes from LEVEL_INFO (arm-vgic-v3.rst), INTIDs 32..63 here.
    const level1 = (): number => {
      if (gic === 'v2') return pending1();
      const b = new Uint8Array(4);
      d.getDeviceAttr(encodeDeviceAttr({ group: KVM_DEV_ARM_VGIC_GRP_LEVEL_INFO, attr: (BigInt(VGIC_LEVEL_INFO_LINE_LEVEL) << 10n) | 32n }, 'le'), b);
      return readU32(b, 0, 'le');
    };
    assert.equal(level1() & 2, 0);
    assert.equal(m.uart.receive(0x42), true);
    assert.equal(level1() & 2, 2, 'level: pending while the line is up');
    assert.equal(m.bus.read(UART_BASE + BigInt(UART_DR), 4), 0x42n);
    assert.equal(level1() & 2, 0, 'level: not pending once the FIFO is empty and the line down');
  });
}

test('no --gic: QEMU\'s choice under KVM, a GICv2 when the kernel emulates one for at most 8 vCPUs, else a GICv3', () => {
  const withGic = (smp: number, noV2 = false): string => {
    const sys = createModelKvm({ profile: '6.1', endian: 'le' });
    if (noV2) {
      // a GICv3 host without GICv2 compatibility: Linux registers no KVM_DEV_TYPE_ARM_VGIC_V2 (ENODEV)
      const createVm = sys.createVm.bind(sys);
      sys.createVm = (type?: number) => {
        const vm = createVm(type);
        const createDevice = vm.createDevice!.bind(vm);
        vm.createDevice = (cd: Uint8Array) => {
          if (readU32(cd, 0, 'le') === KVM_DEV_TYPE_ARM_VGIC_V2) throw new KvmError('ENODEV', 'KVM_CREATE_DEVICE', 'no GICv2 here');
          return createDevice(cd);
        };
        return vm;
      };
    }
    const m = new Machine(sys, { smp, uartTx: () => {} });
    return m.gicDevice!.version;
  };
  assert.equal(withGic(1), 'v2');
  assert.equal(withGic(8), 'v2');
  assert.equal(withGic(9), 'v3');
  assert.equal(withGic(1, true), 'v3');
  assert.throws(() => new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { smp: 9, gic: 'v2', uartTx: () => {} }), /GICv2 serves at most 8/);
});
