/**
 * The device tree of the `virt` machine as QEMU 7.2 builds it (hw/arm/virt.c create_fdt,
 * fdt_add_timer_nodes, fdt_add_cpu_nodes, virt_flash_fdt, create_gic, create_uart; hw/arm/boot.c
 * fdt_add_psci_node, load_dtb), for the devices kvmdbg models: memory, cpus (with QEMU's cpu-map),
 * psci, the GIC (v2 or v3), the arch timer, the PL011 and its clock, /chosen, and flash@0 when
 * firmware runs from flash.
 *
 * Left out because kvmdbg does not model them: the GICv3 ITS and GICv2m MSI frames (children of the
 * GIC node), the PMU (KVM creates none unless asked, as QEMU's `pmu=off`), fw-cfg, virtio-mmio,
 * PCIe, PL031, PL061 and gpio-keys, the platform bus.
 *
 * Nodes and properties are written in the order QEMU's blob has them (libfdt inserts each new node
 * and property in front of its siblings, so the blob lists them newest first), and phandles are
 * numbered from 0x8000 in QEMU's allocation order (clock, cpus from the last, GIC), so a tree
 * decompiled with dtc reads like QEMU's.
 */
import { createRequire } from 'node:module';
import { bytes, cells, empty, node, str, strs, u32, type Fdt, type FdtNode } from './fdt.ts';
import {
  APB_PCLK_HZ, FLASH_BANK_SIZE, FLASH_BASE, GIC_CPU_BASE, GIC_CPU_SIZE, GIC_DIST_BASE, GIC_DIST_SIZE,
  GIC_REDIST_BASE, GIC_REDIST_SIZE, PPI_TIMER_NS_EL1, PPI_TIMER_NS_EL2, PPI_TIMER_S_EL1, PPI_TIMER_VIRT,
  UART_BASE, UART_SIZE, UART_SPI,
} from './virt.ts';

export type GicVersion = 'v2' | 'v3';

export interface VirtFdtOptions {
  ramBase: bigint;
  ramSize: bigint;
  /** MPIDR_EL1 of each vCPU in vCPU order, as KVM reports it (KVM_GET_ONE_REG). */
  mpidrs: bigint[];
  gic: GicVersion;
  /** Firmware runs from flash (`--bios`): describe both flash devices. */
  flash?: boolean;
  /** /chosen/bootargs (omitted when empty, as QEMU does). */
  bootargs?: string;
  /** The initrd's guest physical range: /chosen/linux,initrd-start and -end. */
  initrd?: { start: bigint; end: bigint };
  /**
   * Derive /chosen/kaslr-seed and /chosen/rng-seed from this number (`--seed`). Without it there are
   * none: the guest gets no randomness from the tree, so it boots the same way every time.
   */
  seed?: bigint;
}

/** GIC_FDT_IRQ_* (include/hw/intc/arm_gic_common.h via hw/arm/virt.h). */
const GIC_FDT_IRQ_TYPE_SPI = 0;
const GIC_FDT_IRQ_TYPE_PPI = 1;
const GIC_FDT_IRQ_FLAGS_LEVEL_HI = 4;
const GIC_FDT_IRQ_PPI_CPU_START = 8;
/** The affinity fields of MPIDR_EL1 (Aff3 39:32, Aff2..Aff0 23:0), arch/arm64 MPIDR_HWID_BITMASK. */
const MPIDR_HWID_BITMASK = 0xff00ffffffn;
/** PSCI 0.2 function ids for 64-bit callers (include/uapi/linux/psci.h). */
const PSCI_0_2_FN64_CPU_SUSPEND = 0xc4000001;
const PSCI_0_2_FN_CPU_OFF = 0x84000002;
const PSCI_0_2_FN64_CPU_ON = 0xc4000003;
const PSCI_0_2_FN64_MIGRATE = 0xc4000005;

/**
 * Deterministic seeds for /chosen: SHA-256 of a label and the seed, so each property differs. node:crypto
 * is loaded here, by the first tree made, not with the module: loading it took ~10 ms of every start.
 */
export function chosenSeeds(seed: bigint): { kaslr: Uint8Array; rng: Uint8Array } {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  const h = (label: string): Uint8Array => new Uint8Array(createHash('sha256').update(`kvmdbg ${label} ${BigInt.asUintN(64, seed)}`).digest());
  return { kaslr: h('kaslr-seed').subarray(0, 8), rng: h('rng-seed') };
}

/** The tree for the given machine. The memory reservation map is empty, as in QEMU's. */
export function virtFdt(o: VirtFdtOptions): Fdt {
  if (o.mpidrs.length === 0) throw new RangeError('virtFdt: at least one CPU');
  const hex = (v: bigint): string => v.toString(16);
  let next = 0x8000;
  const clockPh = next++;
  const cpuPh = o.mpidrs.map(() => 0);
  for (let i = o.mpidrs.length - 1; i >= 0; i--) cpuPh[i] = next++;
  const gicPh = next;

  // /chosen, newest property first.
  const chosen: FdtNode = node('chosen');
  if (o.initrd) {
    chosen.props.push(u32('linux,initrd-end', o.initrd.end), u32('linux,initrd-start', o.initrd.start));
  }
  if (o.bootargs) chosen.props.push(str('bootargs', o.bootargs));
  chosen.props.push(str('stdout-path', `/pl011@${hex(UART_BASE)}`));
  if (o.seed !== undefined) {
    const s = chosenSeeds(o.seed);
    chosen.props.push(bytes('rng-seed', s.rng), bytes('kaslr-seed', s.kaslr));
  }

  const clock = node('apb-pclk', [
    u32('phandle', clockPh), str('clock-output-names', 'clk24mhz'), u32('clock-frequency', APB_PCLK_HZ),
    u32('#clock-cells', 0), str('compatible', 'fixed-clock'),
  ]);

  // The CPU mask in the PPI flags is a GICv2 notion: one bit per CPU the PPI is wired to.
  const ppiFlags = GIC_FDT_IRQ_FLAGS_LEVEL_HI |
    (o.gic === 'v2' ? ((1 << Math.min(o.mpidrs.length, 8)) - 1) << GIC_FDT_IRQ_PPI_CPU_START : 0);
  const timer = node('timer', [
    u32('interrupts', ...[PPI_TIMER_S_EL1, PPI_TIMER_NS_EL1, PPI_TIMER_VIRT, PPI_TIMER_NS_EL2]
      .flatMap((ppi) => [GIC_FDT_IRQ_TYPE_PPI, ppi, ppiFlags])),
    empty('always-on'), strs('compatible', 'arm,armv8-timer', 'arm,armv7-timer'),
  ]);

  const mpidrs = o.mpidrs.map((m) => m & MPIDR_HWID_BITMASK);
  const addrCells = mpidrs.some((m) => m >> 32n !== 0n) ? 2 : 1;
  const cpuNodes = mpidrs.map((m, i) => node(`cpu@${i}`, [
    u32('phandle', cpuPh[i]!), cells('reg', [addrCells, m]),
    ...(o.mpidrs.length > 1 ? [str('enable-method', 'psci')] : []),
    str('compatible', 'arm,cortex-a57'), str('device_type', 'cpu'),
  ]));
  // Nodes are named by vCPU index, `reg` is the affinity. cpu-map: QEMU's default topology for -smp N,
  // one socket and one cluster of N single-thread cores, each pointing at its cpu node.
  const cores = mpidrs.map((_, i) => node(`core${i}`, [u32('cpu', cpuPh[i]!)]));
  const cpus = node('cpus', [u32('#size-cells', 0), u32('#address-cells', addrCells)], [
    node('cpu-map', [], [node('socket0', [], [node('cluster0', [], cores)])]),
    ...cpuNodes,
  ]);

  const flash = node(`flash@${hex(FLASH_BASE)}`, [
    u32('bank-width', 4),
    cells('reg', [2, FLASH_BASE], [2, FLASH_BANK_SIZE], [2, FLASH_BASE + FLASH_BANK_SIZE], [2, FLASH_BANK_SIZE]),
    str('compatible', 'cfi-flash'),
  ]);

  const gicRegs = o.gic === 'v3'
    ? [cells('reg', [2, GIC_DIST_BASE], [2, GIC_DIST_SIZE], [2, GIC_REDIST_BASE], [2, GIC_REDIST_SIZE]),
      u32('#redistributor-regions', 1), str('compatible', 'arm,gic-v3')]
    : [cells('reg', [2, GIC_DIST_BASE], [2, GIC_DIST_SIZE], [2, GIC_CPU_BASE], [2, GIC_CPU_SIZE]),
      str('compatible', 'arm,cortex-a15-gic')];
  const gic = node(`intc@${hex(GIC_DIST_BASE)}`, [
    u32('phandle', gicPh), ...gicRegs, empty('ranges'), u32('#size-cells', 2), u32('#address-cells', 2),
    empty('interrupt-controller'), u32('#interrupt-cells', 3),
  ]);

  const uart = node(`pl011@${hex(UART_BASE)}`, [
    strs('clock-names', 'uartclk', 'apb_pclk'), u32('clocks', clockPh, clockPh),
    u32('interrupts', GIC_FDT_IRQ_TYPE_SPI, UART_SPI, GIC_FDT_IRQ_FLAGS_LEVEL_HI),
    cells('reg', [2, UART_BASE], [2, UART_SIZE]), strs('compatible', 'arm,pl011', 'arm,primecell'),
  ]);

  const memory = node(`memory@${hex(o.ramBase)}`, [cells('reg', [2, o.ramBase], [2, o.ramSize]), str('device_type', 'memory')]);
  const psci = node('psci', [
    u32('migrate', PSCI_0_2_FN64_MIGRATE), u32('cpu_on', PSCI_0_2_FN64_CPU_ON), u32('cpu_off', PSCI_0_2_FN_CPU_OFF),
    u32('cpu_suspend', PSCI_0_2_FN64_CPU_SUSPEND), str('method', 'hvc'),
    strs('compatible', 'arm,psci-1.0', 'arm,psci-0.2', 'arm,psci'),
  ]);

  const root = node('', [
    u32('interrupt-parent', gicPh), str('model', 'linux,dummy-virt'), u32('#size-cells', 2),
    u32('#address-cells', 2), str('compatible', 'linux,dummy-virt'),
  ], [psci, memory, uart, gic, ...(o.flash ? [flash] : []), cpus, timer, clock, chosen]);
  return { root, memReserve: [], bootCpuidPhys: 0 };
}
