/**
 * The vGIC's frames on the VM's MMIO bus (vgic_register_dist_iodev, vgic_register_redist_iodev; the GICv2
 * CPU interface page, which a real host maps from the hardware): a guest access inside one of them is
 * handled in the kernel (kvm_io_bus_read/write from io_mem_abort) and never reaches userspace.
 * Registered when the first KVM_RUN has mapped the vGIC (dist->ready).
 */
import { KVM_VGIC_V2_CPU_SIZE, KVM_VGIC_V2_DIST_SIZE, KVM_VGIC_V3_DIST_SIZE, KVM_VGIC_V3_REDIST_SIZE } from '../../abi/vgic.ts';
import type { Vgic } from './vgic.ts';
import { gicv2CpuifRead, gicv2CpuifWrite } from './vgic-cpuif-v2.ts';
import { mmioRead, mmioWrite } from './vgic-mmio.ts';
import { VGIC_V2_DIST_REGISTERS } from './vgic-mmio-v2.ts';
import { VGIC_V3_DIST_REGISTERS, VGIC_V3_RD_REGISTERS } from './vgic-mmio-v3.ts';

const inRange = (ipa: bigint, len: number, base: bigint | null, size: number): boolean =>
  base !== null && ipa >= base && ipa + BigInt(len) <= base + BigInt(size);

/**
 * A guest access of `len` bytes at `ipa` by vCPU `cpuIndex`: the value read (or the write done), or
 * null when no vGIC frame covers the address. `value` and the result are the register's value, the GIC
 * being little-endian (vgic_data_mmio_bus_to_host).
 */
export function vgicMmioAccess(vgic: Vgic, cpuIndex: number, ipa: bigint, len: number, isWrite: boolean, value: bigint): bigint | null {
  if (!vgic.ready) return null;
  const cpu = vgic.cpus[cpuIndex]!;
  if (inRange(ipa, len, vgic.distBase, vgic.isV3 ? KVM_VGIC_V3_DIST_SIZE : KVM_VGIC_V2_DIST_SIZE)) {
    const regions = vgic.isV3 ? VGIC_V3_DIST_REGISTERS : VGIC_V2_DIST_REGISTERS;
    const off = Number(ipa - vgic.distBase!);
    if (isWrite) mmioWrite(regions, { vgic, cpu }, off, len, value);
    return isWrite ? 0n : mmioRead(regions, { vgic, cpu }, off, len);
  }
  if (vgic.isV3) {
    // Each redistributor's registers are its own vCPU's, whoever accesses them (iodev->redist_vcpu).
    const owner = vgic.cpus.find((c) => inRange(ipa, len, c.rdBase, KVM_VGIC_V3_REDIST_SIZE));
    if (!owner) return null;
    const off = Number(ipa - owner.rdBase!);
    if (isWrite) mmioWrite(VGIC_V3_RD_REGISTERS, { vgic, cpu: owner }, off, len, value);
    return isWrite ? 0n : mmioRead(VGIC_V3_RD_REGISTERS, { vgic, cpu: owner }, off, len);
  }
  if (!inRange(ipa, len, vgic.cpuBase, KVM_VGIC_V2_CPU_SIZE)) return null;
  const off = Number(ipa - vgic.cpuBase!);
  if (isWrite) {
    gicv2CpuifWrite(vgic, cpu, off, len, Number(value & 0xffffffffn));
    return 0n;
  }
  return BigInt(gicv2CpuifRead(vgic, cpu, off, len) >>> 0);
}
