/**
 * Exit dispatch: what the VMM does with one decoded exit. A plain function of the exit and the MMIO
 * bus (its only effects are the device access and, for an MMIO read, filling kvm_run.mmio.data), so it
 * is unit-tested with fabricated kvm_run buffers.
 *
 * Return convention: 'reenter' means call KVM_RUN again at once; every other action goes up to the run
 * loop (debugger, event loop, or the end of the VM's life).
 */
import { KVM_SYSTEM_EVENT_CRASH, KVM_SYSTEM_EVENT_RESET, KVM_SYSTEM_EVENT_SHUTDOWN } from '../abi/index.ts';
import { mmioValue, setMmioValue, type VcpuExit } from './exit.ts';
import type { MmioDevice } from './pl011.ts';

export type ExitAction =
  | { kind: 'reenter' }
  /** KVM_RUN returned EINTR: let the event loop run, check limits and interrupt requests. */
  | { kind: 'interrupted' }
  /** The instruction budget the VMM armed is used up (KVMDBG_EXIT_INSN_BUDGET). */
  | { kind: 'budget' }
  | { kind: 'debug'; exit: Extract<VcpuExit, { reason: 'DEBUG' }> }
  /** PSCI SYSTEM_OFF (KVM_SYSTEM_EVENT_SHUTDOWN). */
  | { kind: 'shutdown' }
  /** PSCI SYSTEM_RESET (KVM_SYSTEM_EVENT_RESET). */
  | { kind: 'reset' }
  | { kind: 'error'; message: string };

interface Mapping {
  base: bigint;
  size: bigint;
  device: MmioDevice;
}

/** The devices of the machine by guest physical address. Accesses to holes read as zero and ignore writes (logged). */
export class MmioBus {
  private readonly maps: Mapping[] = [];
  constructor(private readonly log: (message: string) => void = () => {}) {}

  map(base: bigint, size: bigint, device: MmioDevice): void {
    for (const m of this.maps) {
      if (base < m.base + m.size && m.base < base + size) throw new Error(`MMIO ${device.name} at 0x${base.toString(16)} overlaps ${m.device.name}`);
    }
    this.maps.push({ base, size, device });
  }

  read(addr: bigint, len: number): bigint {
    const m = this.find(addr, len);
    if (m) return m.device.read(Number(addr - m.base), len);
    this.log(`mmio: read of ${len} bytes at unmapped 0x${addr.toString(16)} reads 0`);
    return 0n;
  }

  write(addr: bigint, len: number, value: bigint): void {
    const m = this.find(addr, len);
    if (m) m.device.write(Number(addr - m.base), len, value);
    else this.log(`mmio: write of ${len} bytes (0x${value.toString(16)}) to unmapped 0x${addr.toString(16)} ignored`);
  }

  private find(addr: bigint, len: number): Mapping | undefined {
    return this.maps.find((m) => addr >= m.base && addr + BigInt(len) <= m.base + m.size);
  }
}

/** Handle one exit. */
export function dispatchExit(exit: VcpuExit, bus: MmioBus): ExitAction {
  switch (exit.reason) {
    case 'MMIO': {
      if (exit.len !== 1 && exit.len !== 2 && exit.len !== 4 && exit.len !== 8) {
        return { kind: 'error', message: `KVM_EXIT_MMIO with len ${exit.len} at 0x${exit.physAddr.toString(16)}: expected 1, 2, 4 or 8` };
      }
      if (exit.isWrite) bus.write(exit.physAddr, exit.len, mmioValue(exit.data, exit.len));
      else setMmioValue(exit.data, exit.len, bus.read(exit.physAddr, exit.len));
      return { kind: 'reenter' };
    }
    case 'DEBUG':
      return { kind: 'debug', exit };
    case 'INTR':
      return { kind: 'interrupted' };
    case 'INSN_BUDGET':
      return { kind: 'budget' };
    case 'SYSTEM_EVENT':
      if (exit.type === KVM_SYSTEM_EVENT_SHUTDOWN) return { kind: 'shutdown' };
      if (exit.type === KVM_SYSTEM_EVENT_RESET) return { kind: 'reset' };
      if (exit.type === KVM_SYSTEM_EVENT_CRASH) return { kind: 'error', message: 'the guest reported a crash (KVM_SYSTEM_EVENT_CRASH)' };
      return { kind: 'error', message: `unhandled KVM_EXIT_SYSTEM_EVENT type ${exit.type}` };
    case 'FAIL_ENTRY':
      return { kind: 'error', message: `KVM_EXIT_FAIL_ENTRY: hardware entry failure reason 0x${exit.hardwareEntryFailureReason.toString(16)}` };
    case 'INTERNAL_ERROR':
      return { kind: 'error', message: `KVM_EXIT_INTERNAL_ERROR: suberror ${exit.suberror}` };
    case 'ARM_NISV':
      return {
        kind: 'error',
        message: `KVM_EXIT_ARM_NISV: the guest made a data access KVM cannot emulate (ESR ISS 0x${exit.esrIss.toString(16)}) ` +
          `at IPA 0x${exit.faultIpa.toString(16)}`,
      };
    case 'UNSUPPORTED':
      return { kind: 'error', message: `unexpected exit ${exit.name} (${exit.code})` };
  }
}
