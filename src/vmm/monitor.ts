/**
 * The VMM's `monitor` commands for a debugger (GDB's `monitor …`, carried by the stub's qRcmd):
 *   monitor exit [N|all]   the last KVM_RUN exit of the selected vCPU (or vCPU N, or each): for a debug exit
 *                          the raw kvm_run.debug.arch bytes, flags, what they mean (abi describeDebugExit)
 *                          and the decoded ESR, hsr_high included
 *   monitor vcpus          every vCPU: MPIDR, power state, exception level, pc
 *   monitor phys [on|off]  memory packets address guest-physical memory (on) or virtual addresses (off)
 *   monitor gva2gpa ADDR   the guest-physical address a virtual one maps to (QEMU's HMP command, same output)
 *   monitor esr VALUE      decode an ESR value
 *   monitor kernel         the backend's kernel profile and ABI byte order
 *   monitor kaslr          the offset a Linux guest chose for its image (kaslr.ts), from the symbols of --symbols
 *   monitor history        where the guest is in recorded time, and every debug exit with its instruction count
 *   monitor goto N         to debug exit N of the history (or instruction I with `goto @I`)
 *   monitor help
 */
import { describeDebugExit, EXIT_REASON_NAMES, formatDebugExit, sysRegId } from '../abi/index.ts';
import { decodeEsr, formatEsrTree, parseEsr } from '../esr/index.ts';
import { DebugApiError, type DebugTarget, type ExitRecord } from './debug-api.ts';
import type { ElfSymbol } from './elf.ts';
import { findKaslrOffset, formatKaslr } from './kaslr.ts';

/** What the commands read from (and, for `phys`, set on) the debug target. */
export type MonitorSource = Pick<DebugTarget, 'lastExit' | 'kernelInfo' | 'vcpuCount' | 'selectedVcpu' | 'selectVcpu' |
  'stoppedVcpu' | 'vcpuStopped' | 'readCoreRegisters' | 'mpidr' | 'physicalMemory' | 'setPhysicalMemory' | 'translate' |
  'readSystemRegister' | 'readMemory'> & Partial<Pick<DebugTarget, 'historyApi'>>;

/** VBAR_EL1 as KVM_REG_ARM64_SYSREG names it (op0 3, op1 0, CRn 12, CRm 0, op2 0). */
const REG_VBAR_EL1 = sysRegId(3, 0, 12, 0, 0);

const HELP = [
  'kvmdbg monitor commands:',
  '  monitor exit [N|all]    the last KVM_RUN exit of the current vCPU (or N, or each): raw debug.arch, flags, ESR',
  '  monitor vcpus           every vCPU: MPIDR, power state, exception level, pc',
  '  monitor phys [on|off]   memory packets take guest-physical (on) or virtual (off) addresses',
  '  monitor gva2gpa ADDR    the guest-physical address a virtual address of the current vCPU maps to',
  '  monitor esr VALUE       decode an ESR_ELx value (hex 0x... or decimal)',
  '  monitor kernel          the KVM backend, kernel profile and ABI byte order',
  '  monitor kaslr           the offset a Linux guest chose for its image, from VBAR_EL1 and the --symbols file',
  '  monitor history         the recorded time: now, its start, and every debug exit with its instruction count',
  '  monitor goto N          back (or forward) to debug exit N of the history; goto @I: to instruction I',
  '  monitor help            this list',
  '',
].join('\n');

/**
 * The text `monitor COMMAND` prints. `symbols` are the guest's link-time symbols (the guest ELF's, or
 * those of `kvmdbg run --symbols`), which `kaslr` needs.
 */
export function monitorCommand(src: MonitorSource, command: string, symbols: ElfSymbol[] = []): string | Promise<string> {
  const [name = '', ...args] = command.trim().split(/\s+/);
  switch (name) {
    case '':
    case 'help':
      return HELP;
    case 'esr':
      return esrCommand(args.join(' '));
    case 'exit':
      return exitCommand(src, args);
    case 'vcpus':
      return vcpusCommand(src);
    case 'phys':
      return physCommand(src, args);
    case 'gva2gpa':
      return gva2gpaCommand(src, args);
    case 'history':
      return historyCommand(src);
    case 'goto':
      return gotoCommand(src, args);
    case 'kernel':
      return kernelCommand(src);
    case 'kaslr':
      return kaslrCommand(src, symbols);
    default:
      return `unknown monitor command '${name}': 'monitor help' lists the commands\n`;
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

/** A vCPU index as the user typed it, or an error text. */
function vcpuArg(src: MonitorSource, arg: string): number | string {
  const n = Number(arg);
  if (!/^\d+$/.test(arg) || n >= src.vcpuCount()) return `no vCPU '${arg}': the VM has vCPUs 0..${src.vcpuCount() - 1}\n`;
  return n;
}

function exitCommand(src: MonitorSource, args: string[]): string {
  if (args.length > 1) return 'usage: monitor exit [N|all]\n';
  const arg = args[0];
  if (arg === 'all') {
    return Array.from({ length: src.vcpuCount() }, (_, i) => `vCPU ${i}: ${exitText(src.lastExit(i))}`).join('');
  }
  const i = arg === undefined ? src.selectedVcpu() : vcpuArg(src, arg);
  if (typeof i === 'string') return i;
  return (src.vcpuCount() > 1 ? `vCPU ${i}: ` : '') + exitText(src.lastExit(i));
}

function exitText(x: ExitRecord | undefined): string {
  if (!x) return 'no KVM_RUN exit yet\n';
  const reason = EXIT_REASON_NAMES[x.exitReason] ?? `exit reason ${x.exitReason}`;
  const head = `exit #${x.n}: KVM_RUN returned ${x.ret}${x.errno ? ` (${x.errno})` : ''}, ${reason}, pc 0x${x.pc.toString(16)}\n`;
  if (!x.debug) return `${head}kvm_run.flags 0x${x.flags.toString(16).padStart(4, '0')} (not a debug exit: debug.arch holds another exit's data)\n`;
  return head + formatDebugExit(describeDebugExit(x.debug, x.flags, x.endian)) + formatEsrTree(decodeEsr(x.debug.esr));
}

function vcpusCommand(src: MonitorSource): string {
  const selected = src.selectedVcpu();
  const lines: string[] = [];
  try {
    for (let i = 0; i < src.vcpuCount(); i++) {
      src.selectVcpu(i);
      const r = src.readCoreRegisters();
      const el = (r.cpsr >>> 2) & 3;
      const mode = `EL${el}${el !== 0 && (r.cpsr & 1) === 1 ? 'h' : 't'}`;
      const notes = [i === selected ? 'current' : '', i === src.stoppedVcpu() ? 'last stop' : ''].filter(Boolean);
      lines.push(`vCPU ${i}: MPIDR 0x${src.mpidr(i).toString(16)}, ${src.vcpuStopped(i) ? 'powered off' : 'runnable'}, ` +
        `${mode}, pc 0x${r.pc.toString(16)}${notes.length ? ` (${notes.join(', ')})` : ''}`);
    }
  } finally {
    src.selectVcpu(selected);
  }
  return lines.join('\n') + '\n';
}

function physCommand(src: MonitorSource, args: string[]): string {
  const arg = args.join(' ');
  if (arg === 'on' || arg === 'off') src.setPhysicalMemory(arg === 'on');
  else if (arg !== '') return 'usage: monitor phys [on|off]\n';
  return src.physicalMemory()
    ? 'memory packets address guest-physical memory (phys on)\n'
    : 'memory packets address the current vCPU\'s virtual addresses (phys off)\n';
}

function gva2gpaCommand(src: MonitorSource, args: string[]): string {
  if (args.length !== 1 || !/^(0x[0-9a-f]+|\d+)$/i.test(args[0]!)) return 'usage: monitor gva2gpa ADDR (for example: monitor gva2gpa 0xffff800008000000)\n';
  const va = BigInt(args[0]!);
  if (va >= 1n << 64n) return `${args[0]} is not a 64-bit address\n`;
  const t = src.translate(va);
  return t.ok ? `gpa: 0x${t.ipa.toString(16)}\n` : `Unmapped: ${t.message}\n`;
}

function kaslrCommand(src: MonitorSource, symbols: ElfSymbol[]): string {
  if (!symbols.length) return 'KASLR offset unknown: no symbols; give the kernel\'s System.map or vmlinux with kvmdbg run --symbols FILE\n';
  const phys = src.physicalMemory();
  src.setPhysicalMemory(false);
  try {
    return formatKaslr(findKaslrOffset(symbols, {
      vbar: () => src.readSystemRegister(REG_VBAR_EL1),
      read: (va, len) => {
        try {
          return src.readMemory(va, len);
        } catch (e) {
          if (e instanceof DebugApiError) return undefined;
          throw e;
        }
      },
    }));
  } finally {
    src.setPhysicalMemory(phys);
  }
}

const NO_HISTORY = 'no recorded history: reverse execution needs the model kernel and kvmdbg run --gdb (not --backend real)\n';

const ENDED = { poweroff: 'the guest powered off (PSCI SYSTEM_OFF)', reset: 'the guest asked for a reset (PSCI SYSTEM_RESET)' } as const;

/** `monitor history`: the time line, how the run ended (if it has), and the debug exits, one line each. */
function historyCommand(src: MonitorSource): string {
  const h = src.historyApi?.();
  if (!h) return NO_HISTORY;
  const i = h.info();
  const lines = [
    `now at instruction ${i.now}; history holds ${i.begin}..${i.frontier} (${i.checkpoints} checkpoints, ` +
      `${(i.bytes / 1048576).toFixed(1)} MiB of page copies, ${i.pages} pages written)`,
  ];
  if (i.ended) lines.push(`the run ended at instruction ${i.frontier}: ${ENDED[i.ended]}; nothing runs after it`);
  const exits = h.exits();
  if (!exits.length) lines.push('no debug exits yet');
  for (const x of exits) {
    const arch = Array.from(x.arch, (b) => b.toString(16).padStart(2, '0')).join('');
    const ec = decodeEsr(x.esr).ec;
    lines.push(`#${x.n}  insn ${x.time}  vcpu ${x.vcpu}  pc 0x${x.pc.toString(16)}  ${ec.name}  debug.arch ${arch}  flags 0x${x.flags.toString(16)}` +
      (x.time < i.begin ? '  (before history)' : ''));
  }
  return lines.join('\n') + '\n';
}

/**
 * `monitor goto N` (debug exit N) or `monitor goto @I` (instruction I): its text once the guest is there,
 * or where an interrupt (0x03) stopped the re-execution on its way.
 */
function gotoCommand(src: MonitorSource, args: string[]): string | Promise<string> {
  const h = src.historyApi?.();
  if (!h) return NO_HISTORY;
  const a = args[0] ?? '';
  let t: number;
  if (a.startsWith('@') && /^@\d+$/.test(a)) t = Number(a.slice(1));
  else if (/^\d+$/.test(a)) {
    const x = h.exits().find((e) => e.n === Number(a));
    if (!x) return `no debug exit #${a}: monitor history lists them\n`;
    t = x.time;
  } else return 'usage: monitor goto N (a debug exit of monitor history) or monitor goto @I (an instruction count)\n';
  return h.goto(t).then((stop) => {
    const pc = 'pc' in stop ? ` pc 0x${stop.pc.toString(16)}` : '';
    const why = stop.kind === 'interrupted' ? `interrupted on the way to instruction ${t}: ` : '';
    const i = h.info();
    // the end of a run that powered off: the state the call left, and going on ends the session as it did
    const end = i.ended && i.now === i.frontier ? `, where ${ENDED[i.ended]}: continue or stepi ends the session as the run did` : '';
    return `${why}now at instruction ${i.now},${pc}${end} (gdb still shows the registers it read before: flushregs, ` +
      `or once a hook, define hookpost-monitor / maintenance flush register-cache / end)\n`;
  });
}
