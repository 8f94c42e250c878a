/** How `kvmdbg run` words a debug stop: addresses with the guest's symbols. */
import type { StopReason } from '../../vmm/debug-api.ts';
import type { ElfImage } from '../../vmm/elf.ts';

export const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** `0x40080010 <main+0x8>` for an address inside a function or object of the image. */
export function symbolize(image: ElfImage, addr: bigint): string {
  const s = image.symbols.find((x) => (x.type === 1 || x.type === 2) && addr >= x.value && addr < x.value + (x.size || 1n));
  if (!s) return hex(addr);
  return addr === s.value ? `${hex(addr)} <${s.name}>` : `${hex(addr)} <${s.name}+${hex(addr - s.value)}>`;
}

/** The stop in words; with `vcpu` (machines of several vCPUs), which vCPU stopped. */
export function describeStop(stop: StopReason, image: ElfImage, vcpu?: number): string {
  const text = describe(stop, image);
  return vcpu === undefined || !('pc' in stop) ? text : `${text} on vCPU ${vcpu}`;
}

function describe(stop: StopReason, image: ElfImage): string {
  switch (stop.kind) {
    case 'swbreak': return `software breakpoint at ${symbolize(image, stop.pc)}`;
    case 'hwbreak': return `hardware breakpoint at ${symbolize(image, stop.pc)}`;
    case 'step': return `step to ${symbolize(image, stop.pc)}`;
    case 'watch':
      return `${stop.watchKind} watchpoint ${symbolize(image, stop.addr)} hit by the access at pc ${symbolize(image, stop.pc)} (far ${hex(stop.far)})`;
    case 'interrupted': return `interrupted at ${symbolize(image, stop.pc)}`;
    case 'poweroff': return 'guest powered off (PSCI SYSTEM_OFF)';
    case 'reset': return 'guest asked for a reset (PSCI SYSTEM_RESET); kvmdbg run does not reboot guests, stopping';
    case 'error': return stop.message;
    case 'limit': return `stopped: ${stop.message} at ${symbolize(image, stop.pc)}`;
    case 'history-begin': return `at the start of recorded history, ${symbolize(image, stop.pc)}`;
  }
}
