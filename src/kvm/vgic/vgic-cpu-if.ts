/**
 * What one vCPU's core sees of the vGIC: its virtual IRQ and FIQ inputs and the ICC_* system registers.
 * The CPU adapter connects a core to this: it drives the core's interrupt inputs from the outputs
 * (`onLines` is called whenever they change) and sends the core's ICC_* MRS/MSR here, so the GICv3 CPU
 * interface works without a trap to userspace, as the hardware's virtual interface does.
 */
import type { GuestCpu } from '../../cpu/api.ts';
import type { Vgic, VgicCpu } from './vgic.ts';
import { isIccReg, readIcc, writeIcc } from './vgic-sys-reg-v3.ts';

export interface GicCpuInterface {
  /** The vIRQ input (like HCR_EL2.VI driven by the virtual CPU interface). */
  irqLine(): boolean;
  /** The vFIQ input. */
  fiqLine(): boolean;
  /** Is this sysreg encoding (op0:op1:CRn:CRm:op2, ARM64_SYS_REG bits 15:0) a GIC CPU interface register? */
  isIccReg(enc: number): boolean;
  /** MRS: the value, or undefined when the access is UNDEFINED. */
  readIcc(enc: number): bigint | undefined;
  /** MSR: false when the access is UNDEFINED. */
  writeIcc(enc: number, value: bigint): boolean;
  /** Subscribe to output changes (one subscriber: the CPU adapter); called at once with the current levels. */
  onLines(fn: ((irq: boolean, fiq: boolean) => void) | null): void;
}

export function gicCpuInterface(vgic: Vgic, cpu: VgicCpu): GicCpuInterface {
  return {
    irqLine: () => vgic.lines(cpu).irq,
    fiqLine: () => vgic.lines(cpu).fiq,
    isIccReg,
    readIcc: (enc) => readIcc(vgic, cpu, enc),
    writeIcc: (enc, value) => writeIcc(vgic, cpu, enc, value),
    onLines: (fn) => {
      cpu.onLines = fn;
      if (!fn) return;
      const { irq, fiq } = vgic.lines(cpu);
      cpu.irqOut = irq;
      cpu.fiqOut = fiq;
      fn(irq, fiq);
    },
  };
}

/**
 * Connect a vCPU's core to its part of the vGIC, as the hardware's virtual CPU interface is while the
 * vCPU runs (vgic_v2/v3_flush_hwstate loading the list registers): the outputs drive the core's virtual
 * IRQ and FIQ inputs whenever they change, and on a GICv3 the ICC_* registers are served without a trap
 * (a GICv2 guest has the memory-mapped interface only, and ID_AA64PFR0_EL1.GIC reads 0, as under QEMU).
 */
export function connectVgicCpu(vgic: Vgic, c: VgicCpu, cpu: GuestCpu): void {
  const gic = gicCpuInterface(vgic, c);
  cpu.gicSysRegs = vgic.isV3 ? gic : null;
  gic.onLines((irq, fiq) => {
    cpu.setInterruptLine('irq', irq);
    cpu.setInterruptLine('fiq', fiq);
  });
}
