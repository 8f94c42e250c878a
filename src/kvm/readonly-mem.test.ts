/**
 * KVM_MEM_READONLY as Linux exposes it (Documentation/virt/kvm/api.rst 4.35 "KVM_SET_USER_MEMORY_REGION":
 * "the guest can only read from it. Writes ... will be posted to userspace as KVM_EXIT_MMIO exits";
 * KVM_CAP_READONLY_MEM; arch/arm64/kvm/mmu.c kvm_handle_guest_abort, `write_fault && !writable` goes to
 * io_mem_abort): reads and fetches are plain memory, a write with a valid syndrome exits as an MMIO
 * write and changes nothing, one without a syndrome cannot be emulated. Guest words checked with
 * aarch64-linux-gnu-as/objdump.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  KVM_CAP_ARM_NISV_TO_USER, KVM_CAP_READONLY_MEM, KVM_EXIT_ARM_NISV, KVM_EXIT_DEBUG, KVM_EXIT_MMIO, KVM_MEM_READONLY,
  KvmError, RUN_OFF, readU32, readU64, readU8,
} from '../abi/index.ts';
import { REG_PC, REG_X } from '../abi/one-reg.ts';
import { experimentVm, putWords, type Machine } from './test-helpers.ts';

const ROM = 0x20000n;
const CODE: ReadonlyArray<readonly [number, readonly number[]]> = [[0, [
  0xd2a00041, // +0x00 mov  x1, #0x20000     (the read-only slot)
  0xf9400423, // +0x04 ldr  x3, [x1, #8]
  0xf9000823, // +0x08 str  x3, [x1, #16]
  0xf9400824, // +0x0c ldr  x4, [x1, #16]
  0xd4224680, // +0x10 brk  #0x1234
]], [0x20, [
  0xd2a00041, // +0x20 mov  x1, #0x20000
  0xa9001023, // +0x24 stp  x3, x4, [x1]     (no valid syndrome)
  0xd4224680, // +0x28 brk  #0x1234
]], [0x40, [
  0xd2a00041, // +0x40 mov  x1, #0x20000
  0x393ffc23, // +0x44 strb w3, [x1, #4095]
  0xd4224680, // +0x48 brk  #0x1234
]]];

function withRom(profile: '6.1' | '5.10'): Machine & { rom: Uint8Array } {
  const m = experimentVm(profile, 'le', CODE);
  const rom = m.kvm.allocGuestMemory(0x10000);
  new DataView(rom.buffer, rom.byteOffset).setBigUint64(8, 0x1122334455667788n, true);
  m.vm.setUserMemoryRegion({ slot: 1, flags: KVM_MEM_READONLY, guestPhysAddr: ROM, memory: rom });
  m.debug({ control: 0x10001 }); // ENABLE | USE_SW_BP: the BRK ends each run
  return { ...m, rom };
}

const exitReason = (m: Machine): number => readU32(m.vcpu.run, RUN_OFF.exitReason, m.e);

for (const profile of ['6.1', '5.10'] as const) {
  test(`${profile}: KVM_CHECK_EXTENSION(KVM_CAP_READONLY_MEM) = 1`, () => {
    const m = experimentVm(profile, 'le');
    assert.equal(m.kvm.checkExtension(KVM_CAP_READONLY_MEM), 1);
    assert.equal(m.vm.checkExtension(KVM_CAP_READONLY_MEM), 1);
  });

  test(`${profile}: a read-only slot reads as memory; a store exits KVM_EXIT_MMIO with is_write and leaves the slot unchanged`, () => {
    const m = withRom(profile);
    m.setPc(0);
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVM_EXIT_MMIO, 'the load did not exit, the store did');
    assert.equal(readU64(m.vcpu.run, RUN_OFF.mmioPhysAddr, m.e), ROM + 16n);
    assert.equal(readU32(m.vcpu.run, RUN_OFF.mmioLen, m.e), 8);
    assert.equal(readU8(m.vcpu.run, RUN_OFF.mmioIsWrite, m.e), 1);
    assert.deepEqual([...m.vcpu.run.subarray(RUN_OFF.mmioData, RUN_OFF.mmioData + 8)], [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11]);
    assert.equal(m.vcpu.getOneReg(REG_PC), ROM - 0x10000n + 8n, 'PC on the store until the exit is completed');
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVM_EXIT_DEBUG);
    assert.equal(m.vcpu.getOneReg(REG_PC), 0x10010n);
    assert.equal(m.vcpu.getOneReg(REG_X(4)), 0n, 'the later load reads the unchanged slot');
    assert.equal(m.rom.subarray(16, 24).every((b) => b === 0), true);
  });

  test(`${profile}: a byte store at the end of a read-only page exits with len 1 at that address`, () => {
    const m = withRom(profile);
    m.vcpu.setOneReg(REG_X(3), 0xabn);
    m.setPc(0x40);
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVM_EXIT_MMIO);
    assert.equal(readU64(m.vcpu.run, RUN_OFF.mmioPhysAddr, m.e), ROM + 0xfffn);
    assert.equal(readU32(m.vcpu.run, RUN_OFF.mmioLen, m.e), 1);
    assert.equal(m.vcpu.run[RUN_OFF.mmioData], 0xab);
  });

  test(`${profile}: a store pair on a read-only slot has no valid syndrome: ENOSYS, or KVM_EXIT_ARM_NISV with the cap`, () => {
    const m = withRom(profile);
    m.setPc(0x20);
    assert.throws(() => m.vcpu.runVcpu(), (e: unknown) => e instanceof KvmError && e.errno === 'ENOSYS');
    const n = withRom(profile);
    n.vm.enableCap(KVM_CAP_ARM_NISV_TO_USER);
    n.setPc(0x20);
    n.vcpu.runVcpu();
    assert.equal(exitReason(n), KVM_EXIT_ARM_NISV);
    assert.equal(readU64(n.vcpu.run, RUN_OFF.armNisvFaultIpa, n.e), ROM);
  });

  test(`${profile}: code runs from a read-only slot`, () => {
    const m = withRom(profile);
    putWords(m.rom, 0x100, [0xd2800b42, 0xd4224680]); // mov x2, #0x5a; brk #0x1234
    m.vcpu.setOneReg(REG_PC, ROM + 0x100n);
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVM_EXIT_DEBUG);
    assert.equal(m.vcpu.getOneReg(REG_X(2)), 0x5an);
  });

  test(`${profile}: deleting the read-only slot turns its reads into MMIO exits; adding it back makes them memory again`, () => {
    const m = withRom(profile);
    m.setPc(0);
    m.vm.setUserMemoryRegion({ slot: 1, flags: KVM_MEM_READONLY, guestPhysAddr: ROM, memory: m.rom.subarray(0, 0) });
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVM_EXIT_MMIO);
    assert.equal(readU64(m.vcpu.run, RUN_OFF.mmioPhysAddr, m.e), ROM + 8n);
    assert.equal(readU8(m.vcpu.run, RUN_OFF.mmioIsWrite, m.e), 0);
    m.vcpu.run[RUN_OFF.mmioData] = 0x99; // the VMM answers the read
    m.rom[16] = 0x42;
    m.vm.setUserMemoryRegion({ slot: 1, flags: KVM_MEM_READONLY, guestPhysAddr: ROM, memory: m.rom });
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVM_EXIT_MMIO, 'the load completed with the answer; the store exits');
    assert.equal(m.vcpu.getOneReg(REG_X(3)), 0x99n);
    assert.equal(readU8(m.vcpu.run, RUN_OFF.mmioIsWrite, m.e), 1);
    m.vcpu.runVcpu();
    assert.equal(exitReason(m), KVM_EXIT_DEBUG);
    assert.equal(m.vcpu.getOneReg(REG_X(4)), 0x42n, 'the last load read the slot again');
  });

  test(`${profile}: KVM_MEM_READONLY cannot be added to or removed from an existing slot; unknown flags are EINVAL`, () => {
    const m = withRom(profile);
    const einval = (f: () => void): void => assert.throws(f, (e: unknown) => e instanceof KvmError && e.errno === 'EINVAL');
    einval(() => m.vm.setUserMemoryRegion({ slot: 1, flags: 0, guestPhysAddr: ROM, memory: m.rom }));
    einval(() => m.vm.setUserMemoryRegion({ slot: 0, flags: KVM_MEM_READONLY, guestPhysAddr: 0x10000n, memory: m.mem }));
    einval(() => m.vm.setUserMemoryRegion({ slot: 2, flags: 4, guestPhysAddr: 0x40000n, memory: m.kvm.allocGuestMemory(4096) }));
  });
}
