/**
 * Stage-2 aborts: kvm_handle_guest_abort() (arch/arm64/kvm/mmu.c): inside a memslot the page is mapped
 * on demand (user_mem_abort); outside every memslot, or on a write to a KVM_MEM_READONLY slot, the
 * access goes to an in-kernel device (the vGIC) or, failing that, to userspace as MMIO emulation:
 * io_mem_abort() / kvm_handle_mmio_return()
 * (arch/arm64/kvm/mmio.c). Both profiles behave the same here.
 *
 * kvm_run.mmio.data carries the bytes in the guest's memory order (the kernel converts the register
 * value with vcpu_data_guest_to_host and stores it in host order, which cancels out), so it does not
 * depend on the host byte order; phys_addr, len and is_write do.
 */
import { KVM_EXIT_ARM_NISV, KVM_EXIT_MMIO, KVM_MEM_READONLY } from '../abi/constants.ts';
import { readU8, writeU32, writeU64, writeU8 } from '../abi/codec.ts';
import { RUN_OFF } from '../abi/kvm-run.ts';
import { ESR_ELx_EC_IABT_LOW } from '../esr/ec.ts';
import {
  ESR_ELx_FSC_ACCESS, ESR_ELx_FSC_FAULT, ESR_ELx_FSC_PERM, esrEc, kvmVcpuAbtIss1tw, kvmVcpuDabtGetAs,
  kvmVcpuDabtGetRd, kvmVcpuDabtIsCm, kvmVcpuDabtIssext, kvmVcpuDabtIssf, kvmVcpuDabtIssNisvSanitized,
  kvmVcpuDabtIsvalid, kvmVcpuDabtIswrite, kvmVcpuTrapGetFaultType,
} from './emulate.ts';
import { EFAULT, ENOSYS } from './errno.ts';

import type { VcpuArch } from './vcpu-arch.ts';
import { vgicMmioAccess } from './vgic/vgic-iodev.ts';

/** kvm_vcpu_is_be(): the guest's EL1 data accesses are big-endian (SCTLR_EL1.EE). */
function kvmVcpuIsBe(v: VcpuArch): boolean {
  return (v.cpu.getSysReg('SCTLR_EL1') & (1n << 25n)) !== 0n;
}

/** kvm_is_write_fault() (kvm_emulate.h): a stage-1 walk counts as a write, a fetch never does. */
function kvmIsWriteFault(esr: number): boolean {
  if (kvmVcpuAbtIss1tw(esr)) return true;
  if (esrEc(esr) === ESR_ELx_EC_IABT_LOW) return false;
  return kvmVcpuDabtIswrite(esr);
}

/** kvm_handle_guest_abort() for EC 0x20/0x24. Return convention: see handle-exit.ts. */
export function kvmHandleGuestAbort(v: VcpuArch): number {
  const esr = v.esrLo;
  const isIabt = esrEc(esr) === ESR_ELx_EC_IABT_LOW;
  const faultStatus = kvmVcpuTrapGetFaultType(esr);
  if (faultStatus !== ESR_ELx_FSC_FAULT && faultStatus !== ESR_ELx_FSC_PERM && faultStatus !== ESR_ELx_FSC_ACCESS) {
    return -EFAULT; // "Unsupported FSC"
  }
  let faultIpa = v.faultIpa & ~0xfffn;
  const slotFlags = faultIpa >> BigInt(v.vm.ipaBits) !== 0n ? undefined : v.vm.memslotFlags(faultIpa);
  const errorHva = slotFlags === undefined;
  const writable = !errorHva && (slotFlags & KVM_MEM_READONLY) === 0;
  // Outside every memslot (an address beyond the VM's IPA space included), or a write to a read-only one.
  if (errorHva || (kvmIsWriteFault(esr) && !writable)) {
    if (isIabt) {
      // Prefetch abort on an I/O address: nothing to emulate, re-inject it.
      v.injectAbort(true, v.farEl2);
      return 1;
    }
    if (kvmVcpuAbtIss1tw(esr)) {
      v.injectAbort(false, v.farEl2);
      return 1;
    }
    // Cache maintenance outside every slot: the guest is being cautious; skip the instruction. (On a
    // read-only slot it goes on to io_mem_abort, which has no valid syndrome for it.)
    if (errorHva && kvmVcpuDabtIsCm(esr)) {
      v.incrPc();
      return 1;
    }
    // HPFAR has the IPA's page; the low 12 bits come from the faulting VA.
    faultIpa |= v.farEl2 & 0xfffn;
    return ioMemAbort(v, faultIpa);
  }
  return userMemAbort(v, faultIpa, faultStatus);
}

/**
 * user_mem_abort() (mmu.c) for a stage-2 fault inside a memory slot: map the page at stage 2 and resume
 * the guest, which re-executes the access or fetch; userspace never sees it. Stage 2 belongs to the VM,
 * so every vCPU sees the page mapped. The fault's FAR stays in vcpu->arch.fault (Vcpu.enterGuest), which
 * is what a later 5.10 watchpoint exit reports. The model's RAM is always host-writable and writes to
 * read-only slots went to io_mem_abort, so only translation faults arrive here (a read-only page is
 * mapped without write permission) and write permission faults on pages that dirty logging protected
 * (logged, then made writable); any other fault status cannot be resolved.
 */
function userMemAbort(v: VcpuArch, faultIpa: bigint, faultStatus: number): number {
  // A write to a page write-protected for dirty logging: log it, make the page writable, retry.
  if (faultStatus === ESR_ELx_FSC_PERM && kvmIsWriteFault(v.esrLo) && v.vm.writeFault(faultIpa)) return 1;
  if (faultStatus !== ESR_ELx_FSC_FAULT) return -EFAULT;
  v.vm.mapStage2Page(faultIpa);
  return 1;
}

/**
 * io_mem_abort(): an in-kernel device on the MMIO bus (the vGIC) completes the access and the guest goes on;
 * otherwise describe it in kvm_run and exit to userspace with KVM_EXIT_MMIO.
 */
export function ioMemAbort(v: VcpuArch, faultIpa: bigint): number {
  const { run, e } = v;
  const esr = v.esrLo;
  if (!kvmVcpuDabtIsvalid(esr)) {
    // No valid syndrome: only userspace that volunteered (KVM_CAP_ARM_NISV_TO_USER) can help.
    if (v.vm.nisvToUser) {
      writeU32(run, RUN_OFF.exitReason, KVM_EXIT_ARM_NISV, e);
      writeU64(run, RUN_OFF.armNisvEsrIss, BigInt(kvmVcpuDabtIssNisvSanitized(esr)), e);
      writeU64(run, RUN_OFF.armNisvFaultIpa, faultIpa, e);
      return 0;
    }
    return -ENOSYS; // "Data abort outside memslots with no valid syndrome info"
  }
  const isWrite = kvmVcpuDabtIswrite(esr);
  const len = kvmVcpuDabtGetAs(esr);
  const be = kvmVcpuIsBe(v);
  // The access as bytes in the guest's memory order (vcpu_data_guest_to_host + kvm_mmio_write_buf).
  const buf = new Uint8Array(len);
  if (isWrite) {
    const data = v.getReg(kvmVcpuDabtGetRd(esr));
    for (let i = 0; i < len; i++) buf[be ? len - 1 - i : i] = Number((data >> BigInt(8 * i)) & 0xffn);
  }
  // An in-kernel device first (kvm_io_bus_read/write): the vGIC's frames. The GIC is little-endian.
  const handled = kvmIoBus(v, faultIpa, len, isWrite, buf);
  writeU8(run, RUN_OFF.mmioIsWrite, isWrite ? 1 : 0, e);
  writeU64(run, RUN_OFF.mmioPhysAddr, faultIpa, e);
  writeU32(run, RUN_OFF.mmioLen, len, e);
  v.mmioNeeded = true;
  if (handled) {
    if (!isWrite) for (let i = 0; i < len; i++) writeU8(run, RUN_OFF.mmioData + i, buf[i]!);
    kvmHandleMmioReturn(v);
    return 1;
  }
  if (isWrite) for (let i = 0; i < len; i++) writeU8(run, RUN_OFF.mmioData + i, buf[i]!);
  writeU32(run, RUN_OFF.exitReason, KVM_EXIT_MMIO, e);
  return 0;
}

/** kvm_io_bus_read/write on KVM_MMIO_BUS: true when an in-kernel device took the access (`buf` holds a read's bytes). */
function kvmIoBus(v: VcpuArch, ipa: bigint, len: number, isWrite: boolean, buf: Uint8Array): boolean {
  const vgic = v.vm.vgic;
  if (!vgic) return false;
  let value = 0n;
  for (let i = len - 1; i >= 0; i--) value = (value << 8n) | BigInt(buf[i]!);
  const r = vgicMmioAccess(vgic, v.vcpuIdx, ipa, len, isWrite, value);
  if (r === null) return false;
  if (!isWrite) for (let i = 0; i < len; i++) buf[i] = Number((r >> BigInt(8 * i)) & 0xffn);
  return true;
}

/**
 * kvm_handle_mmio_return(): at the next KVM_RUN, put a load's value (from kvm_run.mmio.data, as the
 * syndrome's SAS/SSE/SF/SRT say) into the register, then step over the instruction.
 * As in the kernel, the value is sign-extended and then narrowed again to the access size by
 * vcpu_data_host_to_guest(), so a sign-extending load from MMIO yields the zero-extended value.
 */
export function kvmHandleMmioReturn(v: VcpuArch): number {
  if (!v.mmioNeeded) return 0;
  v.mmioNeeded = false;
  const esr = v.esrLo;
  if (!kvmVcpuDabtIswrite(esr)) {
    const len = kvmVcpuDabtGetAs(esr);
    const be = kvmVcpuIsBe(v);
    let data = 0n;
    for (let i = len - 1; i >= 0; i--) data = (data << 8n) | BigInt(readU8(v.run, RUN_OFF.mmioData + (be ? len - 1 - i : i)));
    if (kvmVcpuDabtIssext(esr) && len < 8) data = BigInt.asUintN(64, BigInt.asIntN(8 * len, data));
    if (!kvmVcpuDabtIssf(esr)) data &= 0xffffffffn;
    if (len < 8) data &= (1n << BigInt(8 * len)) - 1n;
    v.setReg(kvmVcpuDabtGetRd(esr), data);
  }
  v.incrPc();
  return 0;
}
