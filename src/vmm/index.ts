/**
 * The VMM: a QEMU-virt-like machine (RAM, PL011, PSCI over HVC) built on any `KvmSystem` (the model from
 * `kvm/` or `/dev/kvm` from `realkvm/`), its ELF loader, the exit decoder and the debugging API that the
 * GDB stub and the CLI drive. It reaches the kernel only through ioctl-shaped calls and the kvm_run bytes.
 *
 * @module
 */
export { Machine, VmmError, type MachineOptions } from './machine.ts';
export { VmmTarget, BRK_INSN, type TargetOptions } from './target.ts';
export * from './debug-api.ts';
export { parseElf, loadElfInto, findSymbol, ElfError, type ElfImage, type ElfSegment, type ElfSymbol, type RamWindow } from './elf.ts';
export { decodeExit, mmioValue, setMmioValue, type VcpuExit } from './exit.ts';
export { dispatchExit, MmioBus, type ExitAction } from './dispatch.ts';
export { Pl011, PL011, type MmioDevice } from './pl011.ts';
export { classifyDebugExit, DEBUG_CLASS_NAMES, type DebugClass, type DebugExitInfo } from './debug-class.ts';
export { exitJson, exitTrace } from './exit-log.ts';
export * from './virt.ts';
