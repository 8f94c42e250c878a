/**
 * Two views of each KVM_RUN return: a JSON line for `--exit-log` (machine-readable, one object per
 * return) and a one-line human form for `--trace-exits`.
 *
 * JSON fields: n, vcpu (the index of the vCPU that ran), ret, errno, exit_reason, flags, pc (hex), debug_arch_hex (the 16 raw bytes of
 * kvm_run.debug.arch as the kernel left them). For KVM_EXIT_DEBUG also: esr (hex, 64-bit only when the
 * kernel set KVM_DEBUG_ARCH_HSR_HIGH_VALID, else ESR[31:0]), esr_high_valid, ec, class (the esr.h name),
 * and far (hex for watchpoint exits, the only ones for which the kernel writes it; null otherwise).
 */
import { describeDebugExit, EXIT_REASON_NAMES } from '../abi/index.ts';
import type { ExitRecord } from './debug-api.ts';
import { classifyDebugExit, DEBUG_CLASS_NAMES } from './debug-class.ts';
import { mmioValue, type VcpuExit } from './exit.ts';

const hex = (v: bigint | number): string => `0x${v.toString(16)}`;
const bytesHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function exitJson(r: ExitRecord, exit: VcpuExit): string {
  const o: Record<string, unknown> = {
    n: r.n, vcpu: r.vcpu, ret: r.ret, errno: r.errno, exit_reason: r.exitReason, flags: r.flags, pc: hex(r.pc),
    debug_arch_hex: bytesHex(r.debugArch),
  };
  if (exit.reason === 'DEBUG') {
    const info = classifyDebugExit(exit.arch.hsr);
    const view = describeDebugExit(exit.arch, exit.flags, r.endian);
    o.esr = hex(exit.arch.esr);
    o.esr_high_valid = exit.arch.highValid;
    o.ec = hex(info.ec);
    o.class = DEBUG_CLASS_NAMES[info.cls];
    o.far = view.farWritten ? hex(exit.arch.far) : null;
  }
  return JSON.stringify(o);
}

export function exitTrace(r: ExitRecord, exit: VcpuExit): string {
  const head = `exit #${r.n} cpu${r.vcpu} pc=${hex(r.pc)}`;
  switch (exit.reason) {
    case 'MMIO':
      return `${head} MMIO ${exit.isWrite ? 'write' : 'read'} ${exit.len}B @${hex(exit.physAddr)}` +
        (exit.isWrite ? ` = ${hex(mmioValue(exit.data, exit.len))}` : '');
    case 'DEBUG': {
      const info = classifyDebugExit(exit.arch.hsr);
      const view = describeDebugExit(exit.arch, exit.flags, r.endian);
      const detail = info.cls === 'brk' ? ` #${hex(info.imm)}`
        : view.farWritten ? ` ${info.isWrite ? 'write' : 'read'} far=${hex(exit.arch.far)}` : '';
      return `${head} DEBUG ${DEBUG_CLASS_NAMES[info.cls]}${detail} esr=${hex(exit.arch.esr)}` +
        `${exit.arch.highValid ? '' : ' (high half unknown: HSR_HIGH_VALID clear)'} flags=${hex(exit.flags)}`;
    }
    case 'SYSTEM_EVENT':
      return `${head} SYSTEM_EVENT type=${exit.type}${exit.type === 1 ? ' (SHUTDOWN)' : exit.type === 2 ? ' (RESET)' : ''}`;
    case 'INTR':
      return `${head} INTR (KVM_RUN returned ${r.errno ?? 'EINTR'})`;
    case 'UNSUPPORTED':
      return `${head} ${exit.name}`;
    default:
      return `${head} ${EXIT_REASON_NAMES[r.exitReason] ?? exit.reason}`;
  }
}
