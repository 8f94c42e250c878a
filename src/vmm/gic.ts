/**
 * The in-kernel interrupt controller, set up the way QEMU sets it up on KVM (hw/intc/arm_gic_kvm.c
 * kvm_arm_gic_realize, hw/intc/arm_gicv3_kvm.c kvm_arm_gicv3_realize, target/arm/kvm.c
 * kvm_arm_register_device), once every vCPU exists and is initialised:
 *   KVM_CREATE_DEVICE (KVM_DEV_TYPE_ARM_VGIC_V2 or _V3)
 *   -> v3: KVM_HAS_DEVICE_ATTR(ADDR, REDIST_REGION), to choose between a redistributor region and the legacy
 *      single redistributor base
 *   -> KVM_SET_DEVICE_ATTR(NR_IRQS): the virt board's 256 SPIs + 32 private interrupts
 *   -> KVM_SET_DEVICE_ATTR(CTRL, CTRL_INIT)
 *   -> the frame addresses (QEMU sets them when machine init is done, before the first KVM_RUN):
 *      v2 DIST and CPU; v3 DIST and REDIST_REGION (count[63:52] | base | index 0) or REDIST.
 * Then device interrupt lines are SPIs through KVM_IRQ_LINE. No ITS or GICv2m: the device tree has
 * neither.
 */
import {
  KVM_ARM_IRQ_TYPE_SPI, KVM_CREATE_DEVICE_TEST, KVM_DEV_ARM_VGIC_CTRL_INIT, KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_DEV_ARM_VGIC_GRP_CTRL,
  KVM_DEV_ARM_VGIC_GRP_NR_IRQS, KVM_DEV_TYPE_ARM_VGIC_V2, KVM_DEV_TYPE_ARM_VGIC_V3, KVM_VGIC_V2_ADDR_TYPE_CPU,
  KVM_VGIC_V2_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_DIST, KVM_VGIC_V3_ADDR_TYPE_REDIST,
  KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, KVM_VGIC_V3_REDIST_SIZE, KvmError, encodeCreateDevice, encodeDeviceAttr,
  encodeIrqLevel, kvmArmIrq, writeU32, writeU64, type Endian, type KvmDevice, type KvmVm,
} from '../abi/index.ts';
import type { GicVersion } from './virt-fdt.ts';
import { GIC_CPU_BASE, GIC_DIST_BASE, GIC_REDIST_BASE, GIC_REDIST_SIZE } from './virt.ts';

/** The virt board's SPIs (hw/arm/virt.h NUM_IRQS), plus the 32 SGIs and PPIs: GIC_INTERNAL + NUM_IRQS. */
export const VIRT_NUM_IRQS = 256 + 32;
/** A GICv2 serves at most 8 CPUs (GIC_NCPU). */
export const GICV2_MAX_CPUS = 8;
/** How many redistributors QEMU's first region holds (0xf6_0000 / 128 KiB). */
export const GIC_REDIST_REGION0_COUNT = Number(GIC_REDIST_SIZE / BigInt(KVM_VGIC_V3_REDIST_SIZE));

/** An in-kernel GIC the VMM cannot set up; the message names the step and the errno. */
export class GicSetupError extends Error {
  override name = 'GicSetupError';
}

export interface InKernelGic {
  version: GicVersion;
  device: KvmDevice;
  /** Drive SPI `spi` (INTID 32 + spi) through KVM_IRQ_LINE. */
  setSpi(spi: number, level: boolean): void;
}

/**
 * The GIC a virt machine gets when none is asked for, as QEMU's finalize_gic_version() decides it
 * under KVM: probe both vGICs with KVM_CREATE_DEVICE_TEST, take a GICv2 when the kernel emulates
 * one and it serves the vCPUs (at most 8), else a GICv3. A host whose GIC has no GICv2 compatibility
 * (most GICv3 hosts, and QEMU's own virt board with virtualization=on) offers only the GICv3.
 */
export function defaultGicVersion(vm: KvmVm, vcpus: number, e: Endian): GicVersion {
  const offers = (type: number): boolean => {
    if (!vm.createDevice) return false;
    try {
      vm.createDevice(encodeCreateDevice({ type, flags: KVM_CREATE_DEVICE_TEST }, e));
      return true;
    } catch (err) {
      if (err instanceof KvmError) return false;
      throw err;
    }
  };
  if (vcpus <= GICV2_MAX_CPUS && offers(KVM_DEV_TYPE_ARM_VGIC_V2)) return 'v2';
  if (offers(KVM_DEV_TYPE_ARM_VGIC_V3)) return 'v3';
  return 'v2';   // neither: createInKernelGic names the failure
}

/** Set up the vGIC for a VM whose `vcpus` vCPUs are all created and initialised. Throws GicSetupError. */
export function createInKernelGic(vm: KvmVm, version: GicVersion, vcpus: number, e: Endian): InKernelGic {
  if (!vm.createDevice || !vm.irqLine) throw new GicSetupError('this kernel offers no in-kernel interrupt controller (KVM_CREATE_DEVICE)');
  if (version === 'v2' && vcpus > GICV2_MAX_CPUS) throw new GicSetupError(`a GICv2 serves at most ${GICV2_MAX_CPUS} CPUs, not ${vcpus}: use --gic v3`);
  if (version === 'v3' && vcpus > GIC_REDIST_REGION0_COUNT) {
    throw new GicSetupError(`the virt board's redistributor region holds ${GIC_REDIST_REGION0_COUNT} CPUs, not ${vcpus}`);
  }
  const step = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (err) {
      if (err instanceof KvmError) throw new GicSetupError(`in-kernel GIC${version}: ${what} failed: ${err.errno}`);
      throw err;
    }
  };
  const type = version === 'v3' ? KVM_DEV_TYPE_ARM_VGIC_V3 : KVM_DEV_TYPE_ARM_VGIC_V2;
  const device = step('KVM_CREATE_DEVICE', () => vm.createDevice!(encodeCreateDevice({ type }, e)));
  if (!device) throw new GicSetupError(`in-kernel GIC${version}: KVM_CREATE_DEVICE made no device`);
  const set = (what: string, group: number, attr: number, value: bigint | number | undefined, size: 4 | 8): void => {
    const data = new Uint8Array(size);
    if (size === 4) writeU32(data, 0, Number(value ?? 0), e);
    else writeU64(data, 0, BigInt(value ?? 0), e);
    step(what, () => device.setDeviceAttr(encodeDeviceAttr({ group, attr: BigInt(attr) }, e), data));
  };
  let regions = false;
  if (version === 'v3') {
    try {
      device.hasDeviceAttr(encodeDeviceAttr({ group: KVM_DEV_ARM_VGIC_GRP_ADDR, attr: BigInt(KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION) }, e));
      regions = true;
    } catch (err) {
      if (!(err instanceof KvmError)) throw err;
    }
  }
  set('NR_IRQS', KVM_DEV_ARM_VGIC_GRP_NR_IRQS, 0, VIRT_NUM_IRQS, 4);
  set('CTRL_INIT', KVM_DEV_ARM_VGIC_GRP_CTRL, KVM_DEV_ARM_VGIC_CTRL_INIT, undefined, 4);
  if (version === 'v2') {
    set('the distributor address', KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_DIST, GIC_DIST_BASE, 8);
    set('the CPU interface address', KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V2_ADDR_TYPE_CPU, GIC_CPU_BASE, 8);
  } else {
    set('the distributor address', KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_DIST, GIC_DIST_BASE, 8);
    if (regions) {
      // index 0, flags 0, as many redistributors as there are vCPUs (QEMU's redist_region_count[0])
      const count = BigInt(vcpus);
      set('the redistributor region', KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST_REGION, (count << 52n) | GIC_REDIST_BASE, 8);
    } else {
      set('the redistributor address', KVM_DEV_ARM_VGIC_GRP_ADDR, KVM_VGIC_V3_ADDR_TYPE_REDIST, GIC_REDIST_BASE, 8);
    }
  }
  return {
    version,
    device,
    setSpi: (spi, level) => vm.irqLine!(encodeIrqLevel({ irq: kvmArmIrq(KVM_ARM_IRQ_TYPE_SPI, 0, 32 + spi), level: level ? 1 : 0 }, e)),
  };
}
