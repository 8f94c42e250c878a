/**
 * The machine: one VM with one vCPU, RAM in memory slot 0 and a PL011, built through the KvmSystem
 * ioctls in the order a VMM makes them (compare kvmtool's kvm__init / kvm_cpu__init and QEMU's
 * kvm_init / kvm_arch_init_vcpu): KVM_CREATE_VM, KVM_SET_USER_MEMORY_REGION, KVM_CREATE_VCPU,
 * KVM_ARM_PREFERRED_TARGET, KVM_ARM_VCPU_INIT (with PSCI 0.2, so PSCI calls end in
 * KVM_EXIT_SYSTEM_EVENT), then KVM_SET_ONE_REG for the entry state.
 *
 * `runOnce()` is one KVM_RUN: it returns the exit decoded from the kvm_run bytes and a record of the
 * return (errno, flags, raw debug.arch bytes, PC) for logs and the debugger's `lastExit()`.
 */
import {
  KVM_ARM_VCPU_PSCI_0_2, KvmError, REG_PC, REG_PSTATE, REG_X, RUN_OFF, decodeVcpuInit, encodeVcpuInit, readU16,
  readU32, writeU16, type Endian, type KvmSystem, type KvmVcpu, type KvmVm,
} from '../abi/index.ts';
import type { ExitRecord } from './debug-api.ts';
import { MmioBus } from './dispatch.ts';
import { loadElfInto, parseElf, type ElfImage, type RamWindow } from './elf.ts';
import { decodeExit, type VcpuExit } from './exit.ts';
import { Pl011 } from './pl011.ts';
import { DEFAULT_RAM_SIZE, PSTATE_EL1H_DAIF, RAM_BASE, UART_BASE, UART_SIZE } from './virt.ts';

export interface MachineOptions {
  /** RAM size in bytes (default 128 MiB). */
  memorySize?: number;
  /** Receives each byte the guest writes to the UART. */
  uartTx: (byte: number) => void;
  /** Diagnostics (unknown device registers, unmapped MMIO). */
  log?: (message: string) => void;
}

/** Something the VMM cannot go on with; the message says what happened. */
export class VmmError extends Error {
  override name = 'VmmError';
}

export class Machine {
  readonly vm: KvmVm;
  readonly vcpu: KvmVcpu;
  readonly ram: Uint8Array;
  readonly window: RamWindow;
  readonly bus: MmioBus;
  readonly endian: Endian;
  private exits = 0;
  private last: ExitRecord | undefined;
  private image: ElfImage | undefined;
  private ranOrLoaded = false;
  /** Called after every KVM_RUN return with its record and decoded exit (exit logs, tracing). */
  onExit: ((record: ExitRecord, exit: VcpuExit) => void) | undefined;

  constructor(readonly sys: KvmSystem, opts: MachineOptions) {
    const size = opts.memorySize ?? DEFAULT_RAM_SIZE;
    const log = opts.log ?? (() => {});
    this.endian = sys.hostEndian;
    this.vm = sys.createVm(0);
    this.ram = sys.allocGuestMemory(size);
    this.window = { base: RAM_BASE, size: BigInt(size) };
    this.vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: RAM_BASE, memory: this.ram });
    this.vcpu = this.vm.createVcpu(0);
    const preferred = decodeVcpuInit(this.vm.armPreferredTarget(), this.endian);
    this.vcpu.armVcpuInit(encodeVcpuInit({ target: preferred.target, features: [KVM_ARM_VCPU_PSCI_0_2] }, this.endian));
    this.bus = new MmioBus(log);
    this.bus.map(UART_BASE, UART_SIZE, new Pl011(opts.uartTx, log));
  }

  /** Validate and load a guest ELF, then set the vCPU to its entry state. Throws ElfError. */
  load(elf: Uint8Array): ElfImage {
    const image = parseElf(elf, this.window);
    this.image = image;
    this.reset();
    return image;
  }

  /**
   * Put the loaded image back in RAM (RAM outside the segments is cleared) and the vCPU at the entry
   * point: EL1h, D/A/I/F masked (PSTATE 0x3c5), x0 = 0 and PC = e_entry, as QEMU starts a bare ELF.
   */
  reset(): void {
    if (!this.image) throw new VmmError('no guest loaded');
    // Fresh anonymous memory is already zero; clearing it would only commit every page.
    if (this.ranOrLoaded) this.ram.fill(0);
    this.ranOrLoaded = true;
    loadElfInto(this.image, this.ram, this.window);
    this.syncCode(this.window.base, this.ram.length);
    for (let i = 0; i < 31; i++) this.vcpu.setOneReg(REG_X(i), 0n);
    this.vcpu.setOneReg(REG_PSTATE, PSTATE_EL1H_DAIF);
    this.vcpu.setOneReg(REG_PC, this.image.entry);
  }

  /**
   * One KVM_RUN. A failing ioctl other than EINTR is a VmmError. kvm_run.flags is zeroed first: a
   * pre-5.19 kernel never writes it, so the HSR_HIGH_VALID bit must not be left set by anyone else.
   */
  runOnce(): VcpuExit {
    let errno: string | null = null;
    writeU16(this.vcpu.run, RUN_OFF.flags, 0, this.endian);
    try {
      this.vcpu.runVcpu();
    } catch (e) {
      if (!(e instanceof KvmError)) throw e;
      if (e.errno !== 'EINTR') throw new VmmError(`KVM_RUN failed: ${e.message}`);
      errno = e.errno;
    }
    const run = this.vcpu.run;
    const flags = readU16(run, RUN_OFF.flags, this.endian);
    const exit: VcpuExit = errno ? { reason: 'INTR' } : decodeExit(run, this.endian, flags);
    const record: ExitRecord = {
      n: ++this.exits,
      ret: errno ? -1 : 0,
      errno,
      exitReason: readU32(run, RUN_OFF.exitReason, this.endian),
      flags,
      endian: this.endian,
      pc: this.vcpu.getOneReg(REG_PC),
      debugArch: exit.reason === 'DEBUG' ? exit.arch.raw : run.slice(RUN_OFF.debugArch, RUN_OFF.debugArch + 16),
    };
    if (exit.reason === 'DEBUG') record.debug = exit.arch;
    this.last = record;
    this.onExit?.(record, exit);
    return exit;
  }

  lastExit(): ExitRecord | undefined {
    return this.last;
  }

  /**
   * After writing instructions into guest RAM: the cache maintenance a VMM owes the CPU (KvmVm.syncGuestCode;
   * a backend without it has coherent instruction fetch).
   */
  syncCode(addr: bigint, len: number): void {
    this.vm.syncGuestCode?.(addr, len);
  }

  /** Is [addr, addr + len) inside guest RAM? */
  inRam(addr: bigint, len: number): boolean {
    return addr >= this.window.base && addr + BigInt(len) <= this.window.base + this.window.size;
  }
}
