/** `--break`, `--hbreak`, `--watch`: planted in the target before the guest runs; each refusal is a usage error. */
import type { ElfImage } from '../../vmm/elf.ts';
import { parseLocation, parseWatchSpec } from '../../vmm/specs.ts';
import type { VmmTarget } from '../../vmm/target.ts';
import { asUsage, UsageError } from '../io.ts';
import type { RunOptions } from './options.ts';
import { hex } from './stop-text.ts';

export function plantDebugOptions(o: RunOptions, target: VmmTarget, image: ElfImage): void {
  for (const b of o.breaks) {
    const { addr } = asUsage(() => parseLocation(b, image));
    if (!target.insertSwBreakpoint(addr)) throw new UsageError(`--break ${b}: ${hex(addr)} is not a 4-byte aligned address in guest RAM`);
  }
  const limits = target.hwLimits();
  for (const b of o.hbreaks) {
    const { addr } = asUsage(() => parseLocation(b, image));
    if ((addr & 3n) !== 0n) throw new UsageError(`--hbreak ${b}: ${hex(addr)} is not 4-byte aligned`);
    if (!target.insertHwBreakpoint(addr)) {
      throw new UsageError(`--hbreak ${b}: no free hardware breakpoint (the kernel offers ${limits.breakpoints}, KVM_CAP_GUEST_DEBUG_HW_BPS)`);
    }
  }
  for (const w of o.watches) {
    const spec = asUsage(() => parseWatchSpec(w, image));
    if (!target.insertWatchpoint(spec.addr, spec.len, spec.kind)) {
      throw new UsageError(`--watch ${w}: not enough free watchpoint registers for ${spec.len} bytes at ${hex(spec.addr)} ` +
        `(the kernel offers ${limits.watchpoints}, KVM_CAP_GUEST_DEBUG_HW_WPS)`);
    }
  }
}
