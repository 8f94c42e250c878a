/** `kvmdbg run`'s command line: the help text and the parsed, validated options. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_KERNEL_PROFILE, isKernelProfileName, KERNEL_PROFILES, PROFILES, type KernelProfileName } from '../../kvm/index.ts';
import { parseBackendName, type BackendName } from '../../realkvm/select.ts';
import { GIC_REDIST_REGION0_COUNT, GICV2_MAX_CPUS } from '../../vmm/gic.ts';
import { parseCount } from '../../vmm/specs.ts';
import type { GicVersion } from '../../vmm/virt-fdt.ts';
import { DEFAULT_RAM_SIZE, parseMemorySize } from '../../vmm/virt.ts';
import { parseGdbAddress } from '../../gdbstub/address.ts';
import { asUsage, UsageError } from '../io.ts';
import { parseHistorySize } from './history-options.ts';
import { packageRoot } from '../package-root.ts';

/**
 * The built-in guest: guests/bin/hello-gcc-O2.elf of the package, not of the working directory. Looked
 * up only when no guest is named, so a bundle of the CLI shipped without the package (as the real-KVM
 * test runs inside its arm64 VM) still runs the guests it is given.
 */
export function defaultGuest(): string {
  let root: string;
  try {
    root = packageRoot();
  } catch (e) {
    throw new UsageError(`no guest given and no built-in guest here (${(e as Error).message}); name a GUEST.elf`);
  }
  return join(root, 'guests/bin/hello-gcc-O2.elf');
}
const PROFILE_NAMES = KERNEL_PROFILES.map((p) => p.name);
const BEFORE_HSR_HIGH = PROFILE_NAMES.filter((n) => !PROFILES[n].writesHsrHigh);
const oneOf = (names: readonly string[]): string => names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} or ${names.at(-1)}`;

export const HELP = `usage: kvmdbg run [GUEST.elf] [options]
       kvmdbg run --kernel Image [--initrd FILE] [--append TEXT] [--dtb FILE] [options]
       kvmdbg run --bios FIRMWARE [options]

Run a guest on QEMU's virt machine (flash at 0, GIC at 0x08000000, PL011 UART at 0x09000000, RAM at
0x40000000, PSCI over HVC) under the KVM model, as qemu-system-aarch64 -M virt -cpu cortex-a57 would:
  - a bare-metal AArch64 ELF (GUEST or --kernel), entered at EL1h with x0 = 0 at the ELF entry point;
  - a Linux Image (--kernel, gzip'd or not) by the arm64 boot protocol: Image at RAM + 2 MiB, initrd at
    RAM + min(RAM/2, 128M), the device tree after it, x0 = its address, through QEMU's boot stub;
  - firmware (--bios, e.g. U-Boot's qemu_arm64 u-boot.bin) from flash at 0, the device tree at the
    start of RAM.
The UART goes to stdout. Without a guest, runs the built-in one (guests/bin/hello-gcc-O2.elf).

options:
  --kernel FILE            the guest: an AArch64 ELF or a Linux Image
  --initrd FILE            with an Image: the initial ramdisk
  --append TEXT            with an Image: the kernel command line (/chosen/bootargs)
  --dtb FILE               with an Image: this device tree instead of the generated one (its /memory
                           and /chosen are set as QEMU sets them)
  --bios FILE              firmware to run from flash at address 0 (up to 64 MiB)
  --smp N                  vCPUs (default 1; at most 8 with --gic v2, 123 with v3), run in turns
                           of instructions, the same interleaving every time
  --gic v2|v3              the interrupt controller (default as QEMU with KVM: v2 when the kernel
                           emulates a GICv2 and --smp is at most 8, else v3)
  --seed N                 put a kaslr-seed and rng-seed derived from N in the device tree (default:
                           none, so the guest boots the same way every time)
  --backend model|real     model: the KVM model (default); real: this host's /dev/kvm (arm64 Linux only,
                           see docs/real-kvm.md); --host-kernel and --host-endian describe the model only
  --host-kernel ${PROFILE_NAMES.join('|').padEnd(10)} the Linux version the KVM model behaves like (default ${DEFAULT_KERNEL_PROFILE};
                           ${BEFORE_HSR_HIGH.join(', ')} predates hsr_high)
  --host-endian le|be      byte order of the kvm_run ABI, i.e. of the host kernel (default le)
  --memory SIZE            guest RAM, e.g. 128M, 1G (64K..2G, default 128M)
  --trace-exits            print every KVM_RUN return on stderr, one line each
  --exit-log FILE          write every KVM_RUN return as a JSON line to FILE
  --max-insns N            stop the guest after exactly N instructions (status 3; the model only: a real
                           /dev/kvm counts none, use --timeout there)
  --timeout S              stop the guest after S seconds of wall time (status 3), with --gdb too
  --idle wait|skip         when every vCPU waits in WFI for a timer: wait for it in wall time (or for
                           input), as a real host does, or skip the guest's clock to it at once. The
                           guest runs the same either way. Default: wait when stdin is a terminal (not
                           with --gdb or --replay), else skip
  --guest-debug CONTROL    raw KVM_SET_GUEST_DEBUG control bits (e.g. 0x1); the options below add theirs
  --symbols FILE           the guest's symbols for SYMBOL below and for the debugger's monitor kaslr: a
                           System.map (Debian: linux-image-*-dbg, /usr/lib/debug/boot/) or an ELF with a
                           symbol table (a vmlinux); link-time addresses, so with --seed add nokaslr
  --break ADDR|SYMBOL      software breakpoint (BRK #0 written over the instruction); repeatable
  --hbreak ADDR|SYMBOL     hardware breakpoint (dbg_bcr/bvr); repeatable
  --watch ADDR|SYMBOL[:LEN][:r|w|rw]
                           hardware watchpoint; LEN 1..2^31 (default: the symbol's size, or 4), kind w
                           (default, write), r (read) or rw (access); repeatable
  --step N                 single-step N instructions first, then continue (not with --gdb)
  --gdb [HOST:]PORT        serve the GDB remote protocol on HOST:PORT (HOST 127.0.0.1 unless given),
                           like QEMU's -gdb tcp::PORT; the guest runs until a debugger stops it
  -S, --wait-for-gdb       with --gdb: hold the guest before its first instruction until gdb attaches
  --history-size SIZE      memory for going back (default 256M; 0: off). With --gdb on the model, the run
                           is recorded so gdb's reverse-stepi, reverse-continue and reverse watchpoints
                           work (docs/gdb.md); oldest checkpoints are dropped beyond SIZE. Not with
                           --backend real: real KVM counts no instructions and is not deterministic
                           across interrupts and timers, so gdb's reverse commands get an error there
  --record FILE            write the console input with the instruction count of each byte (JSON lines)
  --replay FILE            deliver a --record file's input at its counts instead of stdin: the same run
  --stats                  when the run ends, print on stderr what it cost: wall and CPU time, peak RSS,
                           guest instructions, KVM_RUN returns by exit reason, and the guest RAM written
                           (KVM's dirty log of the RAM slot, plus what kvmdbg loaded)
  -v, --verbose            say which backend, kernel profile and byte order run; log device oddities
  -h, --help               this help

ADDR is hex (0x...) or decimal; SYMBOL is a name from the ELF's symbol table (or --symbols),
optionally +OFFSET.
Each debug stop is reported on stderr and the guest resumes as a debugger would: a breakpoint or
watchpoint is stepped over (removed, one instruction single-stepped, reinserted). A BRK the guest
executes itself is delivered to the guest's own exception vector.

exit status: 0 the guest powered off (PSCI SYSTEM_OFF); 1 the VM failed (no vector for a guest
exception, unexpected exit, ioctl error); 2 bad arguments or guest file; 3 --timeout or --max-insns
reached; 4 the guest asked for PSCI SYSTEM_RESET (kvmdbg run does not reboot; it stops and says so).
`;

export interface RunOptions {
  backend: BackendName;
  /** The guest file (ELF or Linux Image); unset with --bios. */
  guest?: string;
  initrd?: string;
  append?: string;
  dtb?: string;
  bios?: string;
  smp: number;
  gic: GicVersion | undefined;
  seed?: bigint;
  hostKernel: KernelProfileName;
  endian: 'le' | 'be';
  memory: number;
  traceExits: boolean;
  exitLog?: string;
  maxInsns?: number;
  timeout?: number;
  guestDebug: number;
  breaks: string[];
  hbreaks: string[];
  watches: string[];
  step: number;
  symbols?: string;
  verbose: boolean;
  stats: boolean;
  gdb?: { host: string; port: number };
  waitForGdb: boolean;
  /** --idle; undefined: wait when stdin is a terminal and the run is neither --gdb nor --replay. */
  idle?: 'wait' | 'skip';
  historySize?: number;
  record?: string;
  replay?: string;
}

function parseTimeout(text: string): number {
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(seconds > 0) || seconds > 1e6) {
    throw new UsageError(`--timeout '${text}' must be a positive number of seconds`);
  }
  return seconds;
}

function parseSeed(text: string): bigint {
  const t = text.trim();
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(t) || BigInt(t) >= 1n << 64n) throw new UsageError(`--seed '${text}' must be a number from 0 to 2^64-1`);
  return BigInt(t);
}

/** The options, or 'help'. Throws UsageError naming the first problem. */
export function parseRunOptions(argv: string[]): RunOptions | 'help' {
  const parsed = asUsage(() => parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string', default: 'model' },
      kernel: { type: 'string' },
      initrd: { type: 'string' },
      append: { type: 'string' },
      dtb: { type: 'string' },
      bios: { type: 'string' },
      smp: { type: 'string' },
      gic: { type: 'string' },
      seed: { type: 'string' },
      'host-kernel': { type: 'string', default: DEFAULT_KERNEL_PROFILE },
      'host-endian': { type: 'string', default: 'le' },
      memory: { type: 'string' },
      'trace-exits': { type: 'boolean', default: false },
      'exit-log': { type: 'string' },
      'max-insns': { type: 'string' },
      timeout: { type: 'string' },
      idle: { type: 'string' },
      'guest-debug': { type: 'string' },
      break: { type: 'string', multiple: true, default: [] },
      hbreak: { type: 'string', multiple: true, default: [] },
      watch: { type: 'string', multiple: true, default: [] },
      step: { type: 'string' },
      symbols: { type: 'string' },
      gdb: { type: 'string' },
      'wait-for-gdb': { type: 'boolean', short: 'S', default: false },
      'history-size': { type: 'string' },
      record: { type: 'string' },
      replay: { type: 'string' },
      verbose: { type: 'boolean', short: 'v', default: false },
      stats: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length > 1) throw new UsageError(`one guest ELF at most, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  if (v['wait-for-gdb'] && v.gdb === undefined) throw new UsageError('-S (--wait-for-gdb) needs --gdb [HOST:]PORT');
  if (v.step !== undefined && v.gdb !== undefined) {
    throw new UsageError('--step single-steps a run without a debugger; with --gdb, step from the debugger (stepi), or drop --gdb');
  }
  const hostKernel = v['host-kernel'];
  if (!isKernelProfileName(hostKernel)) throw new UsageError(`--host-kernel must be ${oneOf(PROFILE_NAMES)}, not '${hostKernel}'`);
  if (v.kernel !== undefined && /^\d+\.\d+(\.\d+)?$/.test(v.kernel.trim()) && !existsSync(v.kernel)) {
    throw new UsageError(`--kernel takes the guest kernel file now; the Linux version the KVM model behaves like is --host-kernel ${v.kernel.trim()}`);
  }
  if (v.kernel !== undefined && parsed.positionals.length) throw new UsageError(`give the guest once: '${parsed.positionals[0]}' or --kernel ${v.kernel}`);
  const guest = v.kernel ?? parsed.positionals[0];
  if (v.bios !== undefined && guest !== undefined) {
    throw new UsageError(`--bios runs firmware from flash and cannot be combined with a guest kernel ('${guest}'): kvmdbg has no fw_cfg to hand it to the firmware`);
  }
  for (const opt of ['initrd', 'append', 'dtb'] as const) {
    if (v[opt] !== undefined && v.kernel === undefined && guest === undefined) throw new UsageError(`--${opt} needs a Linux Image given with --kernel`);
  }
  const smp = v.smp === undefined ? 1 : asUsage(() => parseCount('--smp', v.smp!, 1, 512));
  const gic = v.gic;
  if (gic !== undefined && gic !== 'v2' && gic !== 'v3') throw new UsageError(`--gic must be v2 or v3, not '${gic}'`);
  const maxCpus = gic === 'v2' ? GICV2_MAX_CPUS : GIC_REDIST_REGION0_COUNT;
  if (smp > maxCpus) throw new UsageError(`--smp ${smp}: a GIC${gic ?? 'v3'} on the virt board serves at most ${maxCpus} CPUs${gic === 'v2' ? '; use --gic v3' : ''}`);
  const idle = v.idle;
  if (idle !== undefined && idle !== 'wait' && idle !== 'skip') throw new UsageError(`--idle must be wait or skip, not '${idle}'`);
  const endian = v['host-endian'];
  if (endian !== 'le' && endian !== 'be') throw new UsageError(`--host-endian must be le or be, not '${endian}'`);
  return {
    backend: asUsage(() => parseBackendName(v.backend)),
    guest: v.bios === undefined ? guest ?? defaultGuest() : undefined,
    initrd: v.initrd,
    append: v.append,
    dtb: v.dtb,
    bios: v.bios,
    smp,
    gic,
    seed: v.seed === undefined ? undefined : parseSeed(v.seed),
    hostKernel,
    endian,
    memory: v.memory === undefined ? DEFAULT_RAM_SIZE : asUsage(() => parseMemorySize(v.memory!)),
    traceExits: v['trace-exits'],
    exitLog: v['exit-log'],
    historySize: v['history-size'] === undefined ? undefined : parseHistorySize(v['history-size']),
    record: v.record,
    replay: v.replay,
    maxInsns: v['max-insns'] === undefined ? undefined : asUsage(() => parseCount('--max-insns', v['max-insns']!, 1, Number.MAX_SAFE_INTEGER)),
    timeout: v.timeout === undefined ? undefined : parseTimeout(v.timeout),
    guestDebug: v['guest-debug'] === undefined ? 0 : asUsage(() => parseCount('--guest-debug', v['guest-debug']!, 0, 0xffffffff)),
    breaks: v.break,
    hbreaks: v.hbreak,
    watches: v.watch,
    step: v.step === undefined ? 0 : asUsage(() => parseCount('--step', v.step!, 0, 1e9)),
    symbols: v.symbols,
    verbose: v.verbose,
    stats: v.stats,
    gdb: v.gdb === undefined ? undefined : asUsage(() => parseGdbAddress(v.gdb!)),
    waitForGdb: v['wait-for-gdb'],
    idle,
  };
}
