/** The AArch64 guest CPU (see api.ts for the contract the kernel model uses). */
import type { GuestCpu } from './api.ts';
import { A64Cpu } from './cpu.ts';

export { A64Cpu } from './cpu.ts';

/**
 * The CPU's ID_AA64DFR0_EL1 and ID_DFR0_EL1, which the kernel model reads as the host's (get_num_brps(),
 * get_num_wrps(), and read_id_reg's sanitised values).
 */
export { ID_AA64DFR0_EL1_VALUE, ID_DFR0_EL1_VALUE } from './sysregs.ts';

/** A Cortex-A57-like vCPU at reset: EL1h, DAIF masked, MMU off, OS lock unlocked (see README of cpu/). */
export function createCpu(): GuestCpu { return new A64Cpu(); }
