/**
 * The memory map of the machine the VMM builds: a subset of QEMU's `virt` board (hw/arm/virt.c,
 * `base_memmap[]`, `a15irqmap[]`), so the same guests run under both.
 *
 *   0x0000_0000 .. 0x0400_0000   flash0 (VIRT_FLASH, `--bios` image), read-only memory slot while in read-array mode
 *   0x0400_0000 .. 0x0800_0000   flash1 (U-Boot's environment)
 *   0x0800_0000 .. 0x0801_0000   GIC distributor (VIRT_GIC_DIST)
 *   0x0801_0000 .. 0x0802_0000   GICv2 CPU interface (VIRT_GIC_CPU)
 *   0x080a_0000 .. 0x0900_0000   GICv3 redistributors (VIRT_GIC_REDIST, 123 x 128 KiB)
 *   0x0900_0000 .. 0x0900_1000   PL011 UART (VIRT_UART), SPI 1: no memory slot, every access is a KVM_EXIT_MMIO
 *   0x4000_0000 .. +RAM size     RAM (VIRT_MEM), memory slot 0
 */
export const RAM_BASE = 0x4000_0000n;
export const DEFAULT_RAM_SIZE = 128 * 1024 * 1024;
/** Smallest and largest RAM `--memory` accepts (one 64 KiB page .. 2 GiB, the largest single ArrayBuffer we allow). */
export const MIN_RAM_SIZE = 64 * 1024;
export const MAX_RAM_SIZE = 2 * 1024 * 1024 * 1024;
export const UART_BASE = 0x0900_0000n;
export const UART_SIZE = 0x1000n;
/** The PL011's SPI number (INTID 33). */
export const UART_SPI = 1;
export const FLASH_BASE = 0n;
/** Each of the two flash devices (VIRT_FLASH is both: 128 MiB). */
export const FLASH_BANK_SIZE = 0x0400_0000n;
export const GIC_DIST_BASE = 0x0800_0000n;
export const GIC_DIST_SIZE = 0x1_0000n;
export const GIC_CPU_BASE = 0x0801_0000n;
export const GIC_CPU_SIZE = 0x1_0000n;
export const GIC_REDIST_BASE = 0x080a_0000n;
export const GIC_REDIST_SIZE = 0xf6_0000n;
/** Timer PPIs (hw/arm/virt.h ARCH_TIMER_*_IRQ): INTID = PPI + 16. */
export const PPI_TIMER_S_EL1 = 13;
export const PPI_TIMER_NS_EL1 = 14;
export const PPI_TIMER_VIRT = 11;
export const PPI_TIMER_NS_EL2 = 10;
/** The fixed 24 MHz APB clock QEMU gives the PrimeCell devices. */
export const APB_PCLK_HZ = 24_000_000;

/** PSTATE at reset for a guest entered at EL1: EL1h (M = 0b0101) with D, A, I, F masked. */
export const PSTATE_EL1H_DAIF = 0x3c5n;

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/**
 * Parse a RAM size such as `128M`, `1G`, `65536`, `512KiB` (binary units). Returns bytes, or throws
 * an Error naming what is wrong (the CLI turns it into a usage error).
 */
export function parseMemorySize(text: string): number {
  const m = /^(\d+)\s*([kKmMgG]?)(?:i?[bB])?$/.exec(text.trim());
  if (!m) throw new Error(`bad memory size '${text}': expected a number with an optional K, M or G suffix (e.g. 128M)`);
  const bytes = Number(m[1]) * UNITS[m[2]!.toUpperCase()]!;
  if (!Number.isSafeInteger(bytes) || bytes < MIN_RAM_SIZE || bytes > MAX_RAM_SIZE) {
    throw new Error(`memory size '${text}' is out of range: between 64K and 2G`);
  }
  if (bytes % 4096 !== 0) throw new Error(`memory size '${text}' is not a multiple of 4 KiB`);
  return bytes;
}
