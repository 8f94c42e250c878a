/**
 * The VMM's `monitor` commands for a debugger (GDB's `monitor …`, carried by the stub's qRcmd):
 *   monitor exit        the last KVM_RUN exit: raw kvm_run.debug.arch bytes, flags, decoded ESR
 *   monitor esr VALUE   decode an ESR value
 *   monitor kernel      the backend's kernel profile and ABI byte order
 *   monitor help
 */
import { decodeDebugArch, EXIT_REASON_NAMES, KVM_DEBUG_ARCH_HSR_HIGH_VALID, KVM_EXIT_DEBUG } from '../abi/index.ts';
import { decodeEsr, formatEsrTree, parseEsr } from '../esr/index.ts';
import type { DebugTarget } from './debug-api.ts';

/** What the commands read from the debug target. */
export type MonitorSource = Pick<DebugTarget, 'lastExit' | 'kernelInfo'>;

const HELP = [
  'kvmdbg monitor commands:',
  '  monitor exit        show the last KVM_RUN exit: raw kvm_run.debug.arch bytes, kvm_run.flags, decoded ESR',
  '  monitor esr VALUE   decode an ESR_ELx value (hex 0x… or decimal)',
  '  monitor kernel      show the KVM backend, kernel profile and the ABI byte order',
  '  monitor help        this text',
  '',
].join('\n');

/** The text `monitor COMMAND` prints. */
export function monitorCommand(src: MonitorSource, command: string): string {
  const [name = '', ...args] = command.trim().split(/\s+/);
  switch (name) {
    case '':
    case 'help':
      return HELP;
    case 'esr':
      return esrCommand(args.join(' '));
    case 'exit':
      return exitCommand(src);
    case 'kernel':
      return kernelCommand(src);
    default:
      return `unknown monitor command '${name}'\n${HELP}`;
  }
}

function esrCommand(arg: string): string {
  if (arg === '') return 'usage: monitor esr VALUE (for example: monitor esr 0xd2000062)\n';
  try {
    return formatEsrTree(decodeEsr(parseEsr(arg)));
  } catch (e) {
    return `${(e as Error).message}\n`;
  }
}

function kernelCommand(src: MonitorSource): string {
  const k = src.kernelInfo();
  return `backend ${k.backend}, kernel profile ${k.kernel}, ABI byte order ${k.endian === 'le' ? 'little' : 'big'}-endian (${k.endian})\n`;
}

function exitCommand(src: MonitorSource): string {
  const x = src.lastExit();
  if (!x) return 'no KVM_RUN exit yet\n';
  const endian = src.kernelInfo().endian;
  const reason = EXIT_REASON_NAMES[x.exitReason] ?? `exit reason ${x.exitReason}`;
  const lines = [
    `exit #${x.n}: KVM_RUN returned ${x.ret}${x.errno ? ` (${x.errno})` : ''}, ${reason}, pc 0x${x.pc.toString(16)}`,
    `kvm_run.flags 0x${x.flags.toString(16)}` +
      ((x.flags & KVM_DEBUG_ARCH_HSR_HIGH_VALID) !== 0 ? ' (KVM_DEBUG_ARCH_HSR_HIGH_VALID)' : ' (KVM_DEBUG_ARCH_HSR_HIGH_VALID clear)'),
    `kvm_run.debug.arch bytes (${endian}): ${groups(Array.from(x.debugArch, (b) => b.toString(16).padStart(2, '0')).join(''))}`,
  ];
  if (x.exitReason === KVM_EXIT_DEBUG && x.debugArch.length === 16) {
    const d = decodeDebugArch(x.debugArch, x.flags, endian);
    lines.push(
      `  hsr 0x${d.hsr.toString(16).padStart(8, '0')}, hsr_high ${d.hsrHigh === null ? 'not valid (padding on this kernel)' : '0x' + d.hsrHigh.toString(16).padStart(8, '0')}` +
        `, far 0x${d.far.toString(16).padStart(16, '0')}` +
        (isWatchpointEc(d.hsr) ? '' : ' (not written for this exit: only watchpoint exits set it)'),
    );
    lines.push(formatEsrTree(decodeEsr(d.esr)).trimEnd());
  }
  return lines.join('\n') + '\n';
}

function groups(hex: string): string {
  return (hex.match(/.{1,8}/g) ?? []).join(' ');
}

/** EC 0x34/0x35 (ESR_ELx_EC_WATCHPT_LOW/CUR): the only debug exits for which KVM writes `far`. */
function isWatchpointEc(hsr: number): boolean {
  const ec = (hsr >>> 26) & 0x3f;
  return ec === 0x34 || ec === 0x35;
}
