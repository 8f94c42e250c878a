/**
 * The machine: one VM with `smp` vCPUs, RAM in memory slot 0, the in-kernel GIC, a PL011 and, for
 * firmware, two CFI flash devices in read-only slots 1 and 2 (KVM_MEM_READONLY while they read as
 * memory), built through the KvmSystem ioctls in the order a VMM makes them (compare kvmtool's kvm__init /
 * kvm_cpu__init and QEMU's kvm_init / kvm_arch_init_vcpu / kvm_arm_gic*_realize): KVM_CREATE_VM,
 * KVM_SET_USER_MEMORY_REGION, then for each vCPU KVM_CREATE_VCPU, KVM_ARM_PREFERRED_TARGET,
 * KVM_ARM_VCPU_INIT (PSCI 0.2, so PSCI calls end in KVM_EXIT_SYSTEM_EVENT; every vCPU but the first
 * KVM_ARM_VCPU_POWER_OFF, as QEMU's virt starts secondaries powered off for PSCI) and KVM_GET_ONE_REG of
 * MPIDR_EL1 (for the device tree), then the GIC (gic.ts) and KVM_SET_ONE_REG for the entry state.
 *
 * `runOnce(i)` is one KVM_RUN of vCPU i: it returns the exit decoded from the kvm_run bytes and a record of
 * the return (vCPU, errno, flags, raw debug.arch bytes, PC) for logs and the debugger's `lastExit()`.
 */
import {
  KVM_ARM_VCPU_POWER_OFF, KVM_ARM_VCPU_PSCI_0_2, KVM_EXIT_MMIO, KVM_MEM_READONLY, KVMDBG_CAP_IDLE_EXIT, KVMDBG_REG_IDLE_UNTIL,
  KVMDBG_REG_PHYS_COUNT, KvmError, REG_PC, REG_PSTATE, REG_X, RUN_OFF, decodeMpState, encodeEnableCap, decodeVcpuInit, encodeVcpuInit, readU16, readU32, sysRegId, writeU16, writeU8, type Endian, type KvmSystem,
  type KvmVcpu, type KvmVm,
} from '../abi/index.ts';
import { createInKernelGic, defaultGicVersion, GicSetupError, type InKernelGic } from './gic.ts';
import { planFirmwareBoot, planLinuxBoot, type BootPlan, type LinuxBootFiles, type MachineShape } from './boot.ts';
import type { ExitRecord } from './debug-api.ts';
import { MmioBus } from './dispatch.ts';
import { loadElfInto, parseElf, type ElfImage, type RamWindow } from './elf.ts';
import { ConsoleInput } from './console-input.ts';
import { decodeExit, type VcpuExit } from './exit.ts';
import { PflashCfi01 } from './pflash-cfi01.ts';
import { Pl011 } from './pl011.ts';
import { RamLog } from './ram-log.ts';
import type { GicVersion } from './virt-fdt.ts';
import { DEFAULT_RAM_SIZE, FLASH_BANK_SIZE, FLASH_BASE, PSTATE_EL1H_DAIF, RAM_BASE, UART_BASE, UART_SIZE, UART_SPI } from './virt.ts';

/**
 * MPIDR_EL1 as KVM gives it to a vCPU (arch/arm64/kvm/sys_regs.c reset_mpidr): bit 31 (RES1), Aff0 =
 * id[3:0], Aff1 = id[11:4], Aff2 = id[19:12].
 */
export function kvmResetMpidr(vcpuId: number): bigint {
  return (1n << 31n) | BigInt(vcpuId & 0xf) | (BigInt((vcpuId >> 4) & 0xff) << 8n) | (BigInt((vcpuId >> 12) & 0xff) << 16n);
}

/** KVM_GET/SET_ONE_REG id of MPIDR_EL1 (op0 3, op1 0, CRn 0, CRm 0, op2 5). */
export const REG_MPIDR_EL1 = sysRegId(3, 0, 0, 0, 5);

/** The most vCPUs the machine builds (KVM_MAX_VCPUS on arm64 is 512; the GIC limits it further). */
export const MAX_SMP = 512;

export interface MachineOptions {
  /** RAM size in bytes (default 128 MiB). */
  memorySize?: number;
  /** How many vCPUs (default 1). */
  smp?: number;
  /** Receives each byte the guest writes to the UART. */
  uartTx: (byte: number) => void;
  /** Diagnostics (unknown device registers, unmapped MMIO). */
  log?: (message: string) => void;
  /** The interrupt controller (default: QEMU's choice under KVM, a GICv2 when the kernel emulates one for these vCPUs, else a GICv3). */
  gic?: GicVersion;
  /** Derive the device tree's kaslr-seed and rng-seed from this number (none without it). */
  seed?: bigint;
  /**
   * Keep what was loaded (ELF segments, kernel, initrd, firmware) so that `reset()` can load it again
   * (default true). False lets those buffers go once they are in guest memory (a Linux Image is tens of
   * MiB, held twice otherwise); `reset()` is then refused.
   */
  keepImages?: boolean;
}

type Boot = { kind: 'elf'; image: ElfImage } | { kind: 'plan'; plan: BootPlan };

/** Something the VMM cannot go on with; the message says what happened. */
export class VmmError extends Error {
  override name = 'VmmError';
}

export class Machine {
  readonly vm: KvmVm;
  /** Every vCPU, by index (vCPU id = index); vcpus[0] boots. */
  readonly vcpus: readonly KvmVcpu[];
  /** MPIDR_EL1 of each vCPU as KVM_GET_ONE_REG reports it. */
  readonly mpidrs: readonly bigint[];
  /** The in-kernel GIC, when the kernel has one (KVM_CREATE_DEVICE). */
  readonly gicDevice: InKernelGic | undefined;
  readonly ram: Uint8Array;
  /** RAM's dirty log (slot 0), off until someone starts it (history, run statistics). */
  readonly ramLog: RamLog;
  readonly window: RamWindow;
  readonly bus: MmioBus;
  readonly endian: Endian;
  readonly uart: Pl011;
  /** Bytes for the UART's receive side (stdin); delivered before each KVM_RUN. */
  readonly input = new ConsoleInput();
  /**
   * Drives an SPI of the in-kernel interrupt controller (KVM_IRQ_LINE), once one exists; the UART's
   * interrupt line goes through it. Without one, device interrupt lines go nowhere.
   */
  spiLine: ((spi: number, level: boolean) => void) | undefined;

  private exits = 0;
  /**
   * Moves whenever the VMM may have changed the guest's state behind a reader's back: every KVM_RUN
   * (immediate_exit ones included), a vCPU re-initialised, a guest loaded. What the debugger works out
   * from registers and memory while the guest stands still (DebugMemory's translations) holds while it
   * stays the same.
   */
  private epoch = 0;
  /** KVM_RUN returns by exit reason (EINTR as INTR). */
  readonly exitCounts = new Map<VcpuExit['reason'], number>();
  private last: ExitRecord | undefined;
  /** Per vCPU: its last KVM_RUN return. */
  private lastPerVcpu: (ExitRecord | undefined)[] = [];
  /** Per vCPU: its last KVM_RUN ended in KVM_EXIT_MMIO, which the next KVM_RUN completes. */
  private readonly mmioPending: boolean[];
  private readonly mpBuf = new Uint8Array(4);
  private boot: Boot | undefined;
  private readonly keepImages: boolean;
  private ranOrLoaded = false;
  /** RAM holds only what the first load wrote (see loadedPages()). */
  private onlyLoaded = true;
  private flash: PflashCfi01[] = [];
  private readonly log: (message: string) => void;
  private readonly gic: GicVersion;
  private readonly seed: bigint | undefined;
  /** Called after every KVM_RUN return with its record and decoded exit (exit logs, tracing). */
  onExit: ((record: ExitRecord, exit: VcpuExit) => void) | undefined;
  /**
   * Replaces the delivery of console input before each KVM_RUN of vCPU i (history/ delivers recorded
   * input at its instruction count while it re-executes, and records live input).
   */
  beforeRun: ((i: number) => void) | undefined;
  /** Told before a flash device changes the content of bank `bank` (history keeps the flash's past). */
  onFlashStore: ((bank: number, offset: number, len: number) => void) | undefined;
  /** Asked for each byte the guest transmits: false drops it (output already shown, re-executed). */
  txFilter: ((byte: number) => boolean) | undefined;

  constructor(readonly sys: KvmSystem, opts: MachineOptions) {
    const size = opts.memorySize ?? DEFAULT_RAM_SIZE;
    const log = opts.log ?? (() => {});
    this.log = log;
    this.seed = opts.seed;
    this.keepImages = opts.keepImages ?? true;
    this.endian = sys.hostEndian;
    this.vm = sys.createVm(0);
    this.ram = sys.allocGuestMemory(size);
    this.window = { base: RAM_BASE, size: BigInt(size) };
    this.vm.setUserMemoryRegion({ slot: 0, flags: 0, guestPhysAddr: RAM_BASE, memory: this.ram });
    this.ramLog = new RamLog(this.vm, this.ram, RAM_BASE, 0, this.endian);
    const smp = opts.smp ?? 1;
    if (!Number.isInteger(smp) || smp < 1 || smp > MAX_SMP) throw new VmmError(`${smp} vCPUs: the machine takes 1 to ${MAX_SMP}`);
    const vcpus: KvmVcpu[] = [];
    for (let i = 0; i < smp; i++) {
      const v = this.ioctl(`KVM_CREATE_VCPU(${i})`, () => this.vm.createVcpu(i));
      vcpus.push(v);
      const preferred = decodeVcpuInit(this.vm.armPreferredTarget(), this.endian);
      v.armVcpuInit(encodeVcpuInit({ target: preferred.target, features: this.vcpuFeatures(i) }, this.endian));
    }
    this.vcpus = vcpus;
    this.mmioPending = vcpus.map(() => false);
    this.mpidrs = vcpus.map((v, i) => {
      const m = v.getOneReg(REG_MPIDR_EL1);
      return m === 0n ? kvmResetMpidr(i) : m;   // a kernel without MPIDR_EL1 in ONE_REG: reset_mpidr()'s value
    });
    this.gic = opts.gic ?? defaultGicVersion(this.vm, smp, this.endian);
    try {
      this.gicDevice = this.vm.createDevice ? createInKernelGic(this.vm, this.gic, smp, this.endian) : undefined;
    } catch (e) {
      if (e instanceof GicSetupError) throw new VmmError(e.message);
      throw e;
    }
    if (this.gicDevice) this.spiLine = this.gicDevice.setSpi;
    this.bus = new MmioBus(log);
    const tx = opts.uartTx;
    this.uart = new Pl011((b) => { if (this.txFilter?.(b) !== false) tx(b); }, log, (level) => this.spiLine?.(UART_SPI, level));
    this.bus.map(UART_BASE, UART_SIZE, this.uart);
  }

  /** The flash banks (flash0 at FLASH_BASE, flash1 after it), when the machine boots firmware. */
  get flashBanks(): readonly PflashCfi01[] {
    return this.flash;
  }

  /** vCPU 0 of the machine, the one that boots. */
  get vcpu(): KvmVcpu {
    return this.vcpus[0]!;
  }

  /** KVM_ARM_VCPU_INIT features: PSCI 0.2 for all, powered off for all but vCPU 0. */
  private vcpuFeatures(i: number): number[] {
    return i === 0 ? [KVM_ARM_VCPU_PSCI_0_2] : [KVM_ARM_VCPU_PSCI_0_2, KVM_ARM_VCPU_POWER_OFF];
  }

  /**
   * KVM_ARM_VCPU_INIT of vCPU i with the target and features the machine gave it (a reset that also drops
   * what the kernel had pending for it), as a VMM does before it restores a saved vCPU.
   */
  reinitVcpu(i: number): void {
    this.epoch++;
    const preferred = decodeVcpuInit(this.vm.armPreferredTarget(), this.endian);
    this.vcpus[i]!.armVcpuInit(encodeVcpuInit({ target: preferred.target, features: this.vcpuFeatures(i) }, this.endian));
    this.mmioPending[i] = false;
  }

  /** An ioctl of the machine's construction; a KvmError becomes a VmmError naming the call. */
  private ioctl<T>(what: string, f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof KvmError) throw new VmmError(`${what} failed: ${e.errno}`);
      throw e;
    }
  }

  /** The counter frequency in Hz once enableIdleExit() has enabled KVMDBG_CAP_IDLE_EXIT, else 0. */
  private idleExitHz = 0;

  /**
   * Enable KVMDBG_CAP_IDLE_EXIT on every vCPU (abi/constants.ts), where the kernel has it: where an idle
   * guest's clock would skip to its next timer deadline, KVM_RUN returns EINTR carrying the sleep, so the
   * VMM can wait for that deadline in wall time (or for input) before it runs the vCPU again. Returns the
   * counter frequency in Hz, or 0 when the kernel has no such capability (Linux's /dev/kvm really sleeps).
   */
  enableIdleExit(): number {
    if (this.idleExitHz) return this.idleExitHz;
    const hz = this.vm.checkExtension(KVMDBG_CAP_IDLE_EXIT);
    if (hz <= 0) return 0;
    const on = encodeEnableCap({ cap: KVMDBG_CAP_IDLE_EXIT, flags: 0, args: [1n] }, this.endian);
    this.vcpus.forEach((v, i) => this.ioctl(`KVM_ENABLE_CAP(KVMDBG_CAP_IDLE_EXIT) on vCPU ${i}`, () => v.enableCap(on)));
    this.idleExitHz = hz;
    return hz;
  }

  /**
   * With KVMDBG_CAP_IDLE_EXIT enabled: the counter ticks until the deadline of the sleep vCPU i's last
   * KVM_RUN carried into the next (at least 1), or 0 when it carries none.
   */
  idleTicks(i: number): number {
    if (!this.idleExitHz) return 0;
    const v = this.vcpus[i]!;
    const until = v.getOneReg(KVMDBG_REG_IDLE_UNTIL);
    if (until === 0n) return 0;
    const left = until - v.getOneReg(KVMDBG_REG_PHYS_COUNT);
    return left > 0n ? Number(left) : 1;
  }

  /** The counter frequency idleTicks() counts at (0 without KVMDBG_CAP_IDLE_EXIT). */
  get idleHz(): number {
    return this.idleExitHz;
  }

  /** KVM_GET_MP_STATE of vCPU i. */
  mpState(i: number): number {
    this.vcpus[i]!.getMpState(this.mpBuf);
    return decodeMpState(this.mpBuf, this.endian);
  }

  /** Validate and load a guest ELF, then set the vCPU to its entry state. Throws ElfError. */
  load(elf: Uint8Array): ElfImage {
    const image = parseElf(elf, this.window);
    this.place({ kind: 'elf', image });
    return image;
  }

  /** The machine as the device tree describes it. */
  private shape(): MachineShape {
    return { ramBase: RAM_BASE, ramSize: this.window.size, mpidrs: [...this.mpidrs], gic: this.gic, seed: this.seed };
  }

  /**
   * Direct Linux boot (boot.ts): Image, initrd and DTB in RAM, vCPU0 at QEMU's stub. Throws ImageError,
   * BootLayoutError or BootError naming what is wrong.
   */
  loadLinux(files: LinuxBootFiles): BootPlan {
    const plan = planLinuxBoot(this.shape(), files);
    this.place({ kind: 'plan', plan });
    return plan;
  }

  /** Firmware boot (boot.ts): the image in flash0, the DTB at the RAM base, vCPU0 at 0. Throws BootError. */
  loadFirmware(bios: Uint8Array): BootPlan {
    const plan = planFirmwareBoot(this.shape(), bios);
    this.addFlash();
    this.flash[0]!.storage.set(plan.flash0!);
    this.place({ kind: 'plan', plan });
    return plan;
  }

  /**
   * The two flash devices of `virt` (flash0 at 0, flash1 at 64 MiB), each backed by guest memory in a
   * KVM_MEM_READONLY slot while it reads as memory, and on the MMIO bus for the rest: a write to the
   * slot exits as MMIO, and in command mode the slot is removed so reads exit too (as QEMU does with
   * KVM).
   */
  private addFlash(): void {
    if (this.flash.length) return;
    for (let i = 0; i < 2; i++) {
      const slot = 1 + i;
      const base = FLASH_BASE + BigInt(i) * FLASH_BANK_SIZE;
      const memory = this.sys.allocGuestMemory(Number(FLASH_BANK_SIZE));
      const map = (romd: boolean): void => this.vm.setUserMemoryRegion({
        slot, flags: KVM_MEM_READONLY, guestPhysAddr: base, memory: romd ? memory : memory.subarray(0, 0),
      });
      const dev = new PflashCfi01(memory, { name: `flash${i}`, onRomd: map, log: this.log, onStore: (off, len) => this.onFlashStore?.(i, off, len) });
      map(true);
      this.bus.map(base, FLASH_BANK_SIZE, dev);
      this.flash.push(dev);
    }
  }

  /**
   * Put the guest back as it was loaded (RAM outside it is cleared; flash keeps what was written to it,
   * as a flash does) and vCPU0 at its entry: EL1h, D/A/I/F masked (PSTATE 0x3c5), x0..x30 = 0. A bare
   * ELF starts at e_entry, as QEMU starts one; a Linux boot at the stub, a firmware boot at 0. After a
   * run, every vCPU is first reset with KVM_ARM_VCPU_INIT (as QEMU's kvm_arm_reset_vcpu): the secondaries
   * are powered off again and vCPU 0 runnable, whatever PSCI left them in.
   */
  reset(): void {
    const boot = this.boot;
    if (!boot) throw new VmmError(this.ranOrLoaded ? 'the loaded images were not kept (MachineOptions.keepImages), so reset cannot load them again' : 'no guest loaded');
    this.loadBoot(boot);
  }

  /** A guest was loaded: put it in place (reset) and keep it for later resets if asked to. */
  private place(boot: Boot): void {
    this.epoch++;
    this.boot = this.keepImages ? boot : undefined;
    this.loadBoot(boot);
  }

  private loadBoot(boot: Boot): void {
    // Fresh anonymous memory is already zero; clearing it would only commit every page.
    if (this.ranOrLoaded) {
      this.ram.fill(0);
      this.onlyLoaded = false;
      const preferred = decodeVcpuInit(this.vm.armPreferredTarget(), this.endian);
      this.vcpus.forEach((v, i) => v.armVcpuInit(encodeVcpuInit({ target: preferred.target, features: this.vcpuFeatures(i) }, this.endian)));
      this.mmioPending.fill(false);
    }
    this.ranOrLoaded = true;
    let pc: bigint;
    if (boot.kind === 'elf') {
      loadElfInto(boot.image, this.ram, this.window);
      for (const s of boot.image.segments) this.ramLog.noteVmmWrite(Number(s.paddr - this.window.base), Number(s.memsz));
      pc = boot.image.entry;
    } else {
      for (const w of boot.plan.ram) {
        this.ram.set(w.bytes, Number(w.addr - RAM_BASE));
        this.ramLog.noteVmmWrite(Number(w.addr - RAM_BASE), w.bytes.length);
      }
      for (const f of this.flash) f.reset();
      pc = boot.plan.pc;
    }
    this.syncCode(this.window.base, this.ram.length);
    if (this.flash.length) this.syncCode(FLASH_BASE, Number(FLASH_BANK_SIZE) * this.flash.length);
    for (let i = 0; i < 31; i++) this.vcpu.setOneReg(REG_X(i), 0n);
    this.vcpu.setOneReg(REG_PSTATE, PSTATE_EL1H_DAIF);
    this.vcpu.setOneReg(REG_PC, pc);
  }

  /**
   * The pages of RAM (indices of 4 KiB pages from its base) that can hold anything but zeros, when the VMM
   * knows: while only its first load has written the fresh memory (every other page of fresh anonymous
   * memory reads as zero), those the load wrote. Undefined once it does not know: a vCPU has run, the
   * guest was loaded again, or the memory was handed out (memorySlot). Reading a page to find out
   * commits it, so history's first checkpoint looks only at these.
   */
  loadedPages(): readonly number[] | undefined {
    return this.onlyLoaded ? this.ramLog.vmmWrittenPages() : undefined;
  }

  /**
   * One KVM_RUN of vCPU `i`. A failing ioctl other than EINTR is a VmmError. kvm_run.flags is zeroed
   * first: a pre-5.19 kernel never writes it, so the HSR_HIGH_VALID bit must not be left set by anyone else.
   */
  runOnce(i = 0): VcpuExit {
    let errno: string | null = null;
    const vcpu = this.vcpus[i];
    if (!vcpu) throw new RangeError(`runOnce: no vCPU ${i}`);
    this.epoch++;
    this.onlyLoaded = false;
    if (this.beforeRun) this.beforeRun(i);
    else if (this.input.waiting) this.input.pump(this.uart, this.exits + 1);
    writeU16(vcpu.run, RUN_OFF.flags, 0, this.endian);
    try {
      vcpu.runVcpu();
    } catch (e) {
      if (!(e instanceof KvmError)) throw e;
      if (e.errno !== 'EINTR') throw new VmmError(`KVM_RUN of vCPU ${i} failed: ${e.message}`);
      errno = e.errno;
    }
    const run = vcpu.run;
    const flags = readU16(run, RUN_OFF.flags, this.endian);
    const exit: VcpuExit = errno ? { reason: 'INTR' } : decodeExit(run, this.endian, flags);
    this.exitCounts.set(exit.reason, (this.exitCounts.get(exit.reason) ?? 0) + 1);
    this.mmioPending[i] = exit.reason === 'MMIO';
    const record: ExitRecord = {
      n: ++this.exits,
      vcpu: i,
      ret: errno ? -1 : 0,
      errno,
      exitReason: readU32(run, RUN_OFF.exitReason, this.endian),
      flags,
      endian: this.endian,
      pc: vcpu.getOneReg(REG_PC),
      debugArch: exit.reason === 'DEBUG' ? exit.arch.raw : run.slice(RUN_OFF.debugArch, RUN_OFF.debugArch + 16),
    };
    if (exit.reason === 'DEBUG') record.debug = exit.arch;
    this.last = record;
    this.lastPerVcpu[i] = record;
    this.onExit?.(record, exit);
    return exit;
  }

  /** See `epoch`: the same value means no KVM_RUN, vCPU init or load since. */
  get stateEpoch(): number {
    return this.epoch;
  }

  /** vCPU i's last exit was KVM_EXIT_MMIO, which its next KVM_RUN completes. */
  mmioPendingOn(i: number): boolean {
    return this.mmioPending[i] === true;
  }

  /** The last KVM_RUN return of any vCPU, or of vCPU `i`. */
  lastExit(i?: number): ExitRecord | undefined {
    if (i !== undefined) return this.lastPerVcpu[i];
    return this.last;
  }

  /**
   * Complete what an exit left half done, without running the guest: for every vCPU whose last exit was
   * KVM_EXIT_MMIO, KVM_RUN with kvm_run.immediate_exit = 1, which completes the access (a load takes
   * kvm_run.mmio.data, the PC steps over it) and returns EINTR at once, leaving exit_reason and flags as
   * they were (api.rst, "immediate_exit"; conformance row e4). QEMU does the same before it stops a vCPU
   * for the debugger, so registers read while stopped are consistent.
   */
  completePendingExits(): void {
    this.vcpus.forEach((vcpu, i) => {
      if (!this.mmioPending[i]) return;
      // A last exit that is not an MMIO exit any more (the state was reset) needs nothing.
      if (readU32(vcpu.run, RUN_OFF.exitReason, this.endian) !== KVM_EXIT_MMIO) return;
      writeU8(vcpu.run, RUN_OFF.immediateExit, 1);
      this.epoch++;
      try {
        vcpu.runVcpu();
        throw new VmmError(`KVM_RUN of vCPU ${i} with immediate_exit set ran instead of returning EINTR`);
      } catch (e) {
        if (!(e instanceof KvmError)) throw e;
        if (e.errno !== 'EINTR') throw new VmmError(`KVM_RUN of vCPU ${i} with immediate_exit failed: ${e.message}`);
      } finally {
        writeU8(vcpu.run, RUN_OFF.immediateExit, 0);
      }
      this.mmioPending[i] = false;
    });
  }

  /**
   * After writing instructions into guest RAM: the cache maintenance a VMM owes the CPU (KvmVm.syncGuestCode;
   * a backend without it has coherent instruction fetch).
   */
  syncCode(addr: bigint, len: number): void {
    this.vm.syncGuestCode?.(addr, len);
  }

  /**
   * The memory behind guest-physical [ipa, ipa + len) when one memory slot holds all of it: RAM, or a
   * flash bank's storage (what its read-only slot maps while it reads as memory). For the debugger,
   * which reads and writes guest memory as QEMU's gdbstub does (flash included).
   */
  memorySlot(ipa: bigint, len: number): { mem: Uint8Array; off: number } | undefined {
    if (this.inRam(ipa, len)) {
      this.onlyLoaded = false;
      return { mem: this.ram, off: Number(ipa - this.window.base) };
    }
    for (const [i, f] of this.flash.entries()) {
      const base = FLASH_BASE + BigInt(i) * FLASH_BANK_SIZE;
      if (ipa >= base && ipa + BigInt(len) <= base + FLASH_BANK_SIZE) return { mem: f.storage, off: Number(ipa - base) };
    }
    return undefined;
  }

  /** Is [addr, addr + len) inside guest RAM? */
  inRam(addr: bigint, len: number): boolean {
    return addr >= this.window.base && addr + BigInt(len) <= this.window.base + this.window.size;
  }
}
