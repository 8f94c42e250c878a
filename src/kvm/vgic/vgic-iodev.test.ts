/**
 * Guest accesses to the GIC frames, run by the guest CPU through KVM_RUN: io_mem_abort() (arch/arm64/kvm/
 * mmio.c, Linux 6.1, Debian linux-source-6.1 6.1.192) offers every MMIO access to the in-kernel devices on
 * KVM_MMIO_BUS first (kvm_io_bus_read/write), where the vGIC registered its distributor
 * (vgic_register_dist_iodev) and redistributors (vgic_register_redist_iodev); only what no device takes
 * becomes KVM_EXIT_MMIO. Guest code is instruction words with their disassembly (aarch64-linux-gnu-as).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readU32, readU64, readU8 } from '../../abi/codec.ts';
import { KVM_EXIT_MMIO } from '../../abi/constants.ts';
import { KVM_DEV_ARM_VGIC_GRP_CPU_REGS, KVM_DEV_ARM_VGIC_GRP_DIST_REGS } from '../../abi/vgic.ts';
import { RUN_OFF } from '../../abi/kvm-run.ts';
import { REG_PC } from '../../abi/one-reg.ts';
import { putWords } from '../test-helpers.ts';
import { gicVm, placeAndInit, type GicVm } from './test-helpers.ts';

const RAM = 0x4000_0000n;
const PL011 = 0x0900_0000n;

const V3_GUEST = [
  0xd2a10001, // mov  x1, #0x8000000       GICD
  0xb9400422, // ldr  w2, [x1, #4]         GICD_TYPER
  0x52800043, // mov  w3, #0x2
  0xb9000023, // str  w3, [x1]             GICD_CTLR = EnableGrp1A
  0xb9010423, // str  w3, [x1, #260]       GICD_ISENABLER1: SPI 33
  0xd2a10146, // mov  x6, #0x80a0000       GICR of vCPU 0
  0xf94004c7, // ldr  x7, [x6, #8]         GICR_TYPER, 64-bit
  0xd2a12005, // mov  x5, #0x9000000       PL011: not the GIC's
  0xb90000a2, // str  w2, [x5]
  0xf90000a7, // str  x7, [x5]
];

const V2_GUEST = [
  0xd2a10001, // mov  x1, #0x8000000       GICD
  0xb9400422, // ldr  w2, [x1, #4]         GICD_TYPER
  0xd2a10026, // mov  x6, #0x8010000       GICC
  0xb940fcc7, // ldr  w7, [x6, #252]       GICC_IIDR
  0x52800023, // mov  w3, #0x1
  0xb90000c3, // str  w3, [x6]             GICC_CTLR = EnableGrp0
  0xd2a12005, // mov  x5, #0x9000000       PL011
  0xb90000a2, // str  w2, [x5]
  0xb90000a7, // str  w7, [x5]
];

function boot(g: GicVm, words: number[]): void {
  const slot = g.kvm.allocGuestMemory(0x10000);
  putWords(slot, 0, words);
  g.vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: RAM, memory: slot });
  g.vcpus[0]!.setOneReg(REG_PC, RAM);
}

/** Run to the next exit, which must be a KVM_EXIT_MMIO write to the PL011; its data as a number. */
function nextMmioWrite(g: GicVm): { len: number; data: bigint } {
  const v = g.vcpus[0]!;
  v.runVcpu();
  const { run } = v;
  const { e } = g;
  assert.equal(readU32(run, RUN_OFF.exitReason, e), KVM_EXIT_MMIO);
  assert.equal(readU64(run, RUN_OFF.mmioPhysAddr, e), PL011, 'the first exit is at the PL011: the GIC accesses did not exit');
  assert.equal(readU8(run, RUN_OFF.mmioIsWrite), 1);
  const len = readU32(run, RUN_OFF.mmioLen, e);
  let data = 0n;
  for (let i = len - 1; i >= 0; i--) data = (data << 8n) | BigInt(run[RUN_OFF.mmioData + i]!);
  return { len, data };
}

for (const e of ['le', 'be'] as const) {
  test(`guest loads and stores to the GICv3 distributor and redistributor never exit to userspace (${e} host)`, () => {
    const g = gicVm({ model: 3, e });
    placeAndInit(g, 3);
    boot(g, V3_GUEST);
    assert.deepEqual(nextMmioWrite(g), { len: 4, data: (9n << 19n) | 7n }, 'GICD_TYPER as the guest read it');
    assert.deepEqual(nextMmioWrite(g), { len: 8, data: 1n << 4n }, 'GICR_TYPER: Last, processor 0, affinity 0');
    assert.equal(g.vm.vgic!.enabled, true, 'GICD_CTLR write reached the distributor');
    assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_DIST_REGS, 0x104), 0x2n, 'GICD_ISENABLER1 as userspace reads it back');
  });
}

test('guest accesses to the GICv2 distributor and CPU interface page are handled in the kernel', () => {
  const g = gicVm({ model: 2 });
  placeAndInit(g, 2);
  boot(g, V2_GUEST);
  assert.deepEqual(nextMmioWrite(g), { len: 4, data: 7n }, 'GICD_TYPER: 256 interrupts, one CPU');
  assert.deepEqual(nextMmioWrite(g), { len: 4, data: 0x0002043bn }, 'GICC_IIDR: the host GICV\'s (QEMU GICv2), not KVM\'s CPU_REGS view');
  assert.equal(g.get(KVM_DEV_ARM_VGIC_GRP_CPU_REGS, 0x0), 1n, 'GICC_CTLR EnableGrp0, seen through the CPU_REGS group');
});
