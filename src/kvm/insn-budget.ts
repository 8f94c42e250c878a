/**
 * The model's exact instruction budget per vCPU (KVMDBG_CAP_INSN_BUDGET, abi/constants.ts; not a Linux
 * feature). The budget counts instructions the guest completes: those the CPU retires, except the one a
 * trap leaves the PC on (the CPU counts a trap as one), plus those KVM completes by emulation
 * (kvm_incr_pc) and the exceptions KVM injects. KVMDBG_REG_INSN_COUNT counts the same steps. A guest
 * entry may run at most what is left, so the vCPU stops exactly at the end.
 */
export class InsnBudget {
  /** Instructions left before KVM_RUN must return; null when disarmed. */
  private left: number | null = null;
  /** Instructions completed since the vCPU was created, counted the same way (KVMDBG_REG_INSN_COUNT). */
  completed = 0;

  /** KVM_ENABLE_CAP args[0]: N to arm, 0 to disarm. */
  arm(n: number): void {
    this.left = n === 0 ? null : n;
  }

  get exhausted(): boolean {
    return this.left === 0;
  }

  /** How many instructions the next guest entry may run (at most `slice`). */
  slice(slice: number): number {
    return this.left === null ? slice : Math.min(slice, this.left);
  }

  /** After a guest entry: the CPU retired `retired`, and `trappedOnInsn` says a trap left the PC on the last one. */
  ran(retired: number, trappedOnInsn: boolean): void {
    const done = Math.max(0, trappedOnInsn ? retired - 1 : retired);
    this.completed += done;
    if (this.left !== null) this.left = Math.max(0, this.left - done);
  }

  /**
   * KVM made the guest take an exception (kvm_inject_undefined, kvm_inject_pabt/dabt): one step, as the
   * CPU counts an exception it takes itself (an interrupt, a fetch abort to EL1), in the budget and in the
   * count alike, so that a VMM reading KVMDBG_REG_INSN_COUNT sees the time the budget ran (history,
   * the scheduler's turns). A guest whose vector is not executable takes such an exception again and again
   * without completing an instruction; counted, its budget still runs out, so KVM_RUN returns and the VMM
   * gets its thread back.
   */
  exceptionInjected(): void {
    this.completed++;
    if (this.left !== null && this.left > 0) this.left--;
  }

  /** KVM completed the trapped instruction itself (kvm_incr_pc). */
  emulated(): void {
    this.completed++;
    if (this.left !== null && this.left > 0) this.left--;
  }
}
