/**
 * The VMM's `monitor` commands for a debugger (GDB's `monitor …`, carried by the stub's qRcmd):
 *   monitor exit        the last KVM_RUN exit: for a debug exit the raw kvm_run.debug.arch bytes, flags,
 *                       what they mean (abi describeDebugExit) and the decoded ESR
 *   monitor esr VALUE   decode an ESR value
 *   monitor kernel      the backend's kernel profile and ABI byte order
 *   monitor help
 */
import { describeDebugExit, EXIT_REASON_NAMES, formatDebugExit } from '../abi/index.ts';
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
  const reason = EXIT_REASON_NAMES[x.exitReason] ?? `exit reason ${x.exitReason}`;
  const head = `exit #${x.n}: KVM_RUN returned ${x.ret}${x.errno ? ` (${x.errno})` : ''}, ${reason}, pc 0x${x.pc.toString(16)}\n`;
  if (!x.debug) return `${head}kvm_run.flags 0x${x.flags.toString(16).padStart(4, '0')} (not a debug exit: debug.arch holds another exit's data)\n`;
  return head + formatDebugExit(describeDebugExit(x.debug, x.flags, x.endian)) + formatEsrTree(decodeEsr(x.debug.esr));
}
