/** `--break`, `--hbreak`, `--watch`: planted in the target before the guest runs; each refusal is a usage error. */
import type { ElfImage } from '../../vmm/elf.ts';
import { parseLocation, parseWatchSpec } from '../../vmm/specs.ts';
import type { VmmTarget } from '../../vmm/target.ts';
import { asUsage, UsageError } from '../io.ts';
import type { RunOptions } from './options.ts';
import { hex } from './stop-text.ts';

/**
 * A location from --symbols while the kernel will randomise its base: --seed puts a kaslr-seed in the
 * device tree, and without nokaslr the kernel moves away from the link-time addresses of the file.
 */
function checkKaslr(o: RunOptions, image: ElfImage, option: string, text: string, loc: { symbol?: unknown }): void {
  const linuxImage = image.segments.length === 0 && o.bios === undefined;       // loaded by the boot protocol, not as an ELF
  if (!linuxImage || loc.symbol === undefined || o.symbols === undefined || o.seed === undefined) return;
  if (/(^|\s)nokaslr(\s|$)/.test(o.append ?? '')) return;
  throw new UsageError(`${option} ${text}: --symbols gives link-time addresses, and with --seed the kernel randomises its base ` +
    '(KASLR); add nokaslr to --append, drop --seed, or attach a debugger and relocate with monitor kaslr');
}

export function plantDebugOptions(o: RunOptions, target: VmmTarget, image: ElfImage): void {
  for (const b of o.breaks) {
    const loc = asUsage(() => parseLocation(b, image));
    checkKaslr(o, image, '--break', b, loc);
    const { addr } = loc;
    if ((addr & 3n) !== 0n) throw new UsageError(`--break ${b}: ${hex(addr)} is not 4-byte aligned`);
    if (!target.insertSwBreakpoint(addr)) {
      const t = target.translate(addr);
      throw new UsageError(`--break ${b}: no instruction to replace at ${hex(addr)}: ` +
        `${t.ok ? `guest-physical ${hex(t.ipa)} is not in guest RAM` : t.message}; before the guest maps it, use --hbreak`);
    }
  }
  const limits = target.hwLimits();
  for (const b of o.hbreaks) {
    const loc = asUsage(() => parseLocation(b, image));
    checkKaslr(o, image, '--hbreak', b, loc);
    const { addr } = loc;
    if ((addr & 3n) !== 0n) throw new UsageError(`--hbreak ${b}: ${hex(addr)} is not 4-byte aligned`);
    if (!target.insertHwBreakpoint(addr)) {
      throw new UsageError(`--hbreak ${b}: no free hardware breakpoint (the kernel offers ${limits.breakpoints}, KVM_CAP_GUEST_DEBUG_HW_BPS)`);
    }
  }
  for (const w of o.watches) {
    const spec = asUsage(() => parseWatchSpec(w, image));
    checkKaslr(o, image, '--watch', w, asUsage(() => parseLocation(w.split(':')[0]!, image)));
    if (!target.insertWatchpoint(spec.addr, spec.len, spec.kind)) {
      throw new UsageError(`--watch ${w}: not enough free watchpoint registers for ${spec.len} bytes at ${hex(spec.addr)} ` +
        `(the kernel offers ${limits.watchpoints}, KVM_CAP_GUEST_DEBUG_HW_WPS)`);
    }
  }
}
