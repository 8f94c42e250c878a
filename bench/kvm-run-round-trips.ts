/**
 * KVM_RUN round trips on any KvmSystem: one VM, one vCPU, a two-instruction guest in a 64 KiB memslot at
 * GPA 0x10000 whose every KVM_RUN completes the previous MMIO store and returns at the next one:
 *   0x10000  b9000022  str w2, [x1]     x1 = 0x20000000, an IPA with no memslot: KVM_EXIT_MMIO
 *   0x10004  17ffffff  b   0x10000
 * A warm-up of 1000 round trips first lets the model's CPU reach its compiled fast path. Used by the
 * real-KVM bench (bench/realkvm.ts) inside the test VM (test/realkvm/guest/main.ts).
 */
import {
  KVM_ARM_VCPU_PSCI_0_2, KVM_EXIT_MMIO, REG_PC, REG_PSTATE, REG_X, RUN_OFF, decodeVcpuInit, encodeVcpuInit, readU32,
  type KvmSystem,
} from '../src/abi/index.ts';

export const BENCH_CODE = [0xb9000022, 0x17ffffff] as const;
const GPA = 0x10000n;
const MMIO_IPA = 0x20000000n;

export interface RoundTripResult {
  backend: string;
  iterations: number;
  seconds: number;
  perSecond: number;
}

/** One VM, one vCPU, the store loop; `iterations` timed KVM_RUNs after a short warm-up. */
export function measureKvmRunRoundTrips(sys: KvmSystem, iterations: number, warmup = 1000): RoundTripResult {
  const e = sys.hostEndian;
  const vm = sys.createVm(0);
  const mem = sys.allocGuestMemory(0x10000);
  const dv = new DataView(mem.buffer, mem.byteOffset, mem.byteLength);
  BENCH_CODE.forEach((w, i) => dv.setUint32(i * 4, w, e === 'le'));
  vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: GPA, memory: mem });
  const vcpu = vm.createVcpu(0);
  const target = decodeVcpuInit(vm.armPreferredTarget(), e).target;
  vcpu.armVcpuInit(encodeVcpuInit({ target, features: [KVM_ARM_VCPU_PSCI_0_2] }, e));
  vcpu.setOneReg(REG_PSTATE, 0x3c5n);
  vcpu.setOneReg(REG_PC, GPA);
  vcpu.setOneReg(REG_X(1), MMIO_IPA);
  vcpu.setOneReg(REG_X(2), 0x5an);
  const once = (): void => {
    vcpu.runVcpu();
    const reason = readU32(vcpu.run, RUN_OFF.exitReason, e);
    if (reason !== KVM_EXIT_MMIO) throw new Error(`${sys.backendName}: expected KVM_EXIT_MMIO, got exit_reason ${reason}`);
  };
  for (let i = 0; i < warmup; i++) once();
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) once();
  const seconds = (performance.now() - t0) / 1000;
  return { backend: sys.backendName, iterations, seconds, perSecond: iterations / seconds };
}

