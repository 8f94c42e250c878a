/**
 * The scripted `kvmdbg run` invocations of the real-KVM system test, each run with --backend real and
 * with --backend model --host-kernel 6.1 in the same boot. hello-gcc-O2.elf prints on the PL011 and powers
 * off with PSCI; the options exercise each kind of debug exit of the exit log.
 */
import type { Plan, Scenario } from './records.ts';

const G = 'hello-gcc-O2.elf';
/** 16 MiB of guest RAM: plenty for the guest, and little for the test VM, which keeps every real VM of the boot. */
const MEM = ['--memory', '16M'];

export const SCENARIOS: Scenario[] = [
  { name: 'hello', guest: G, args: [...MEM] },
  { name: 'brk', guest: G, args: [...MEM, '--break', 'main', '--break', 'rt_poweroff'] },
  { name: 'hbreak', guest: G, args: [...MEM, '--hbreak', 'fib.constprop.0'] },
  { name: 'watch', guest: G, args: [...MEM, '--watch', 'svc_esr:8:w', '--watch', 'svc_elr:8:rw'] },
  { name: 'step', guest: G, args: [...MEM, '--step', '40'] },
  // About 300 steps reach the first UART store: a step into an MMIO access (rows g3/g4 of the observations).
  { name: 'step-mmio', guest: G, args: [...MEM, '--step', '320'] },
];

export const FULL_PLAN: Plan = { smoke: true, scenarios: SCENARIOS, bench: 3000, cliProcess: true, gdb: true };
