/** The AArch64 guest CPU (see api.ts for the contract the kernel model uses). */
import type { GuestCpu } from './api.ts';
import { A64Cpu } from './cpu.ts';

export { A64Cpu } from './cpu.ts';

/** A Cortex-A57-like vCPU at reset: EL1h, DAIF masked, MMU off, OS lock unlocked (see README of cpu/). */
export function createCpu(): GuestCpu { return new A64Cpu(); }
