/**
 * The ID registers a vCPU reads as KVM presents them: arch/arm64/kvm/sys_regs.c traps them (HCR_EL2.TID3)
 * and answers read_id_reg(), the host's value sanitised for the guest. The model's vCPUs have no PMU (the
 * VMM asks for none; KVM_ARM_VCPU_PMU_V3 is refused at init), so, as kvm_vcpu_has_pmu() is false:
 *   ID_AA64DFR0_EL1: PMUVer (11:8) = 0, PMSVer (35:32, SPE) = 0, DebugVer (3:0) limited to 6 (Armv8.0);
 *   ID_DFR0_EL1:     PerfMon (27:24) = 0.
 * Linux reads PMUVer before touching PMUSERENR_EL0 and the other PMU registers, which KVM then hides
 * (UNDEFINED for the guest, as the model's CPU makes them). The table goes to the CPU once (HypControls
 * idRegs) instead of a trap per read. ID_AA64PFR0_EL1.GIC is the CPU's own, from the GIC CPU interface
 * attached to it (vgic/vgic-cpu-if.ts).
 */
import { ID_AA64DFR0_EL1_VALUE, ID_DFR0_EL1_VALUE } from '../cpu/index.ts';
import { sysRegEnc } from './vgic/vgic-sys-reg-v3.ts';

export const SYS_ID_AA64DFR0_EL1 = sysRegEnc(3, 0, 0, 5, 0);
export const SYS_ID_DFR0_EL1 = sysRegEnc(3, 0, 0, 1, 2);

const field = (v: bigint, shift: bigint, value: bigint): bigint => (v & ~(0xfn << shift)) | (value << shift);

/** read_id_reg() for the registers the model's host value needs sanitising in. */
export const KVM_ID_REGS: ReadonlyMap<number, bigint> = new Map([
  [SYS_ID_AA64DFR0_EL1, field(field(field(ID_AA64DFR0_EL1_VALUE, 0n, 6n), 8n, 0n), 32n, 0n)],
  [SYS_ID_DFR0_EL1, field(ID_DFR0_EL1_VALUE, 24n, 0n)],
]);
