/**
 * A minimal VMM on the KvmSystem interface: create a VM and a vCPU, give it RAM and a few instructions,
 * run it, and handle each exit from the kvm_run bytes: MMIO (a UART data register), a debug exit (BRK,
 * decoded with the HSR_HIGH_VALID rule) and the PSCI SYSTEM_OFF system event.
 * In a checkout: node --import tsx examples/minimal-vmm.ts [--host-kernel 5.10|6.1] [--host-endian le|be]
 */
import { parseArgs } from 'node:util';
import * as abi from 'kvmdbg/abi';
import { createModelKvm } from 'kvmdbg/kvm';

const { values } = parseArgs({ options: { 'host-kernel': { type: 'string', default: '6.1' }, 'host-endian': { type: 'string', default: 'le' } } });
const kvm = createModelKvm({ profile: values['host-kernel'] as '5.10' | '6.1', endian: values['host-endian'] as abi.Endian });
const e = kvm.hostEndian;

const RAM = 0x4000_0000n;
const code = [
  0xd2a12001, // mov  x1, #0x9000000        UART data register
  0x52800902, // mov  w2, #0x48 'H'
  0xb9000022, // str  w2, [x1]              -> KVM_EXIT_MMIO write
  0x52800d22, // mov  w2, #0x69 'i'
  0xb9000022, // str  w2, [x1]
  0x52800142, // mov  w2, #0xa '\n'
  0xb9000022, // str  w2, [x1]
  0xb9401823, // ldr  w3, [x1, #24]         -> KVM_EXIT_MMIO read of UARTFR
  0xd4224680, // brk  #0x1234               -> KVM_EXIT_DEBUG (guest debugging is on)
  0xd2800100, // mov  x0, #0x8
  0xf2b08000, // movk x0, #0x8400, lsl #16  x0 = PSCI SYSTEM_OFF
  0xd4000002, // hvc  #0                    -> KVM_EXIT_SYSTEM_EVENT
];

const vm = kvm.createVm();
const mem = kvm.allocGuestMemory(0x10000);
code.forEach((w, i) => abi.writeU32(mem, 4 * i, w, 'le'));           // guest memory is little-endian
vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: RAM, memory: mem });
const vcpu = vm.createVcpu(0);
const target = abi.decodeVcpuInit(vm.armPreferredTarget(), e).target;
vcpu.armVcpuInit(abi.encodeVcpuInit({ target, features: [abi.KVM_ARM_VCPU_PSCI_0_2] }, e));
vcpu.setOneReg(abi.REG_PSTATE, 0x3c5n);                              // EL1h, DAIF masked
vcpu.setOneReg(abi.REG_PC, RAM);
vcpu.setGuestDebug(abi.encodeGuestDebug({ control: abi.KVM_GUESTDBG_ENABLE, bcr: [], bvr: [], wcr: [], wvr: [] }, e));

const run = vcpu.run;
for (;;) {
  vcpu.runVcpu();
  const reason = abi.readU32(run, abi.RUN_OFF.exitReason, e);
  if (reason === abi.KVM_EXIT_MMIO) {
    const addr = abi.readU64(run, abi.RUN_OFF.mmioPhysAddr, e);
    if (abi.readU8(run, abi.RUN_OFF.mmioIsWrite)) {
      if (addr === 0x0900_0000n) process.stdout.write(String.fromCharCode(run[abi.RUN_OFF.mmioData]!));
    } else {
      run.fill(0, abi.RUN_OFF.mmioData, abi.RUN_OFF.mmioData + 8);
      if (addr === 0x0900_0018n) run[abi.RUN_OFF.mmioData] = 0x90;    // UARTFR: TX and RX FIFOs empty
    }
  } else if (reason === abi.KVM_EXIT_DEBUG) {
    const d = abi.readDebugExit(run, e);                            // hsr_high only if the kernel flagged it
    const pc = vcpu.getOneReg(abi.REG_PC);
    console.log(`debug exit at pc 0x${pc.toString(16)}: ESR 0x${d.esr.toString(16)} (EC 0x${(d.hsr >>> 26).toString(16)}), ` +
      `high half ${d.highValid ? 'valid' : 'unknown (pre-5.19 kernel)'}`);
    vcpu.setOneReg(abi.REG_PC, pc + 4n);                              // KVM never advances PC: skip the BRK
  } else if (reason === abi.KVM_EXIT_SYSTEM_EVENT) {
    const type = abi.readU32(run, abi.RUN_OFF.systemEventType, e);
    console.log(type === abi.KVM_SYSTEM_EVENT_SHUTDOWN ? 'guest powered off' : `system event ${type}`);
    break;
  } else {
    throw new Error(`unexpected exit ${abi.EXIT_REASON_NAMES[reason] ?? reason}`);
  }
}
