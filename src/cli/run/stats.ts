/**
 * `kvmdbg run --stats`: what the run cost, printed on stderr when it ends: wall and CPU time, the peak
 * resident set of the process (getrusage's ru_maxrss, what GNU time's %M reports), the guest instructions
 * (KVMDBG_REG_INSN_COUNT, the model only), the wall time spent waiting for an idle guest's timers (--idle
 * wait), KVM_RUN returns by exit reason, and the guest RAM written.
 *
 * RAM written is read through KVM's dirty log of the RAM slot (KVM_MEM_LOG_DIRTY_PAGES from before the
 * first KVM_RUN, KVM_GET_DIRTY_LOG at the end: the pages the guest wrote) plus the pages kvmdbg itself
 * loaded (kernel, initrd, device tree, ELF segments). Pages only read stay unbacked anonymous memory,
 * so this is the part of guest RAM that costs host memory.
 */
import { KVMDBG_REG_INSN_COUNT } from '../../abi/index.ts';
import type { Machine } from '../../vmm/machine.ts';

const MIB = 2 ** 20;
const PAGE = 4096;

export class RunStats {
  private readonly wall0 = process.hrtime.bigint();
  private readonly cpu0 = process.cpuUsage();

  /** Start counting: turns on RAM's dirty log (before the guest runs). */
  constructor(private readonly machine: Machine) {
    machine.ramLog.start();
  }

  /** The report, one line per topic; `idle`: the waits for an idle guest's timers (--idle wait). */
  lines(idle?: { count: number; ms: number }): string[] {
    const m = this.machine;
    const wall = Number(process.hrtime.bigint() - this.wall0) / 1e9;
    const cpu = process.cpuUsage(this.cpu0);
    const rss = process.resourceUsage().maxRSS * 1024;
    const s = (us: number): string => `${(us / 1e6).toFixed(1)} s`;
    const out = [`wall ${wall.toFixed(1)} s, CPU ${s(cpu.user + cpu.system)} (user ${s(cpu.user)}, system ${s(cpu.system)}), peak RSS ${mib(rss)}`];

    const insns = m.vcpus.map((v) => {
      try {
        return Number(v.getOneReg(KVMDBG_REG_INSN_COUNT));
      } catch {
        return undefined;   // a kernel that counts no instructions (real KVM)
      }
    });
    if (insns.every((n) => n !== undefined)) {
      const total = insns.reduce((a, b) => a + b, 0);
      const per = insns.length > 1 ? ` (${insns.map((n, i) => `vCPU ${i}: ${n}`).join(', ')})` : '';
      out.push(`${total} guest instructions${per}, ${(total / Math.max(wall, 1e-9) / 1e6).toFixed(1)} million a second`);
    }

    if (idle?.count) out.push(`idle: waited ${(idle.ms / 1e3).toFixed(1)} s of wall time for the guest's timers, ${idle.count} times`);

    const counts = [...m.exitCounts].sort((a, b) => b[1] - a[1]);
    const returns = counts.reduce((a, [, n]) => a + n, 0);
    out.push(`${returns} KVM_RUN returns${counts.length ? ` (${counts.map(([r, n]) => `${r} ${n}`).join(', ')})` : ''}`);

    if (m.ramLog.started) {
      const w = m.ramLog.writtenPages();
      out.push(`guest RAM written: ${mib(w.total * PAGE)} of ${mib(m.ram.length)} (${w.total} pages: ${w.guest} by the guest, ` +
        `${w.vmm} loaded by kvmdbg); peak RSS is ${(rss / Math.max(w.total * PAGE, 1)).toFixed(2)}x that`);
    } else {
      out.push('guest RAM written: unknown (this kernel has no KVM_GET_DIRTY_LOG)');
    }
    return out;
  }
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}
