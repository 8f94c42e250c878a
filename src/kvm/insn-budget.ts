/**
 * The model's exact instruction budget per vCPU (KVMDBG_CAP_INSN_BUDGET, abi/constants.ts; not a Linux
 * feature). The budget counts instructions the guest completes: those the CPU retires, except the one a
 * trap leaves the PC on (the CPU counts a trap as one), plus those KVM completes by emulation
 * (kvm_incr_pc). A guest entry may run at most what is left, so the vCPU stops exactly at the end.
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

  /** KVM completed the trapped instruction itself (kvm_incr_pc). */
  emulated(): void {
    this.completed++;
    if (this.left !== null && this.left > 0) this.left--;
  }
}
