/**
 * `kvmdbg run`: build the virt machine on the KVM model, load a guest ELF and run it, with the UART on
 * stdout, optionally under scripted debugging (--break/--hbreak/--watch/--step) with every KVM_RUN
 * return logged (--exit-log, --trace-exits). See HELP for the options and exit statuses.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseGdbAddress, serveGdb, type ServeOutcome } from '../../gdbstub/index.ts';
import { gdbTarget } from '../gdb-target.ts';
import { createModelKvm } from '../../kvm/index.ts';
import { BackendUnavailableError, parseBackendName, selectBackend, type BackendName } from '../../realkvm/select.ts';
import type { StopReason } from '../../vmm/debug-api.ts';
import { ElfError, type ElfImage } from '../../vmm/elf.ts';
import { exitJson, exitTrace } from '../../vmm/exit-log.ts';
import { Machine } from '../../vmm/machine.ts';
import { parseCount, parseLocation, parseWatchSpec, type WatchSpec } from '../../vmm/specs.ts';
import { VmmTarget } from '../../vmm/target.ts';
import { DEFAULT_RAM_SIZE, parseMemorySize } from '../../vmm/virt.ts';
import { UsageError, type CliIo, type Command } from '../io.ts';

/** The built-in guest: guests/bin/hello-gcc-O2.elf, found from this file, not from the working directory. */
export const DEFAULT_GUEST = fileURLToPath(new URL('../../../guests/bin/hello-gcc-O2.elf', import.meta.url));

export const EXIT_POWEROFF = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_LIMIT = 3;
export const EXIT_RESET = 4;

const HELP = `usage: kvmdbg run [GUEST.elf] [options]

Run a bare-metal AArch64 ELF on a QEMU-virt-like machine (RAM at 0x40000000, PL011 UART at 0x09000000,
PSCI over HVC) under the KVM model, entered at EL1h with x0 = 0 at the ELF entry point. The UART goes to
stdout. Without GUEST, runs the built-in guest (guests/bin/hello-gcc-O2.elf).

options:
  --backend model|real     model: the KVM model (default); real: this host's /dev/kvm (arm64 Linux only,
                           see docs/real-kvm.md); --kernel and --host-endian describe the model only
  --kernel 5.10|6.1        kernel profile of the KVM model (default 6.1; 5.10 predates hsr_high)
  --host-endian le|be      byte order of the kvm_run ABI, i.e. of the host kernel (default le)
  --memory SIZE            guest RAM, e.g. 128M, 1G (64K..2G, default 128M)
  --trace-exits            print every KVM_RUN return on stderr, one line each
  --exit-log FILE          write every KVM_RUN return as a JSON line to FILE
  --max-insns N            stop the guest after about N instructions (status 3)
  --timeout S              stop the guest after S seconds of wall time (status 3)
  --guest-debug CONTROL    raw KVM_SET_GUEST_DEBUG control bits (e.g. 0x1); the options below add theirs
  --break ADDR|SYMBOL      software breakpoint (BRK #0 written over the instruction); repeatable
  --hbreak ADDR|SYMBOL     hardware breakpoint (dbg_bcr/bvr); repeatable
  --watch ADDR|SYMBOL[:LEN][:r|w|rw]
                           hardware watchpoint; LEN 1..2^31 (default: the symbol's size, or 4), kind w
                           (default, write), r (read) or rw (access); repeatable
  --step N                 single-step N instructions first, then continue
  --gdb [HOST:]PORT        serve the GDB remote protocol on HOST:PORT (HOST 127.0.0.1 unless given),
                           like QEMU's -gdb tcp::PORT; the guest runs until a debugger stops it
  -S, --wait-for-gdb       with --gdb: hold the guest before its first instruction until gdb attaches
  -v, --verbose            say which backend, kernel profile and byte order run; log device oddities
  -h, --help               this help

ADDR is hex (0x...) or decimal; SYMBOL is a name from the ELF's symbol table, optionally +OFFSET.
Each debug stop is reported on stderr and the guest resumes as a debugger would: a breakpoint or
watchpoint is stepped over (removed, one instruction single-stepped, reinserted). A BRK the guest
executes itself is delivered to the guest's own exception vector.

exit status: 0 the guest powered off (PSCI SYSTEM_OFF); 1 the VM failed (no vector for a guest
exception, unexpected exit, ioctl error); 2 bad arguments or guest ELF; 3 --timeout or --max-insns
reached; 4 the guest asked for PSCI SYSTEM_RESET (kvmdbg run does not reboot; it stops and says so).
`;

interface RunOptions {
  backend: BackendName;
  guest: string;
  kernel: '5.10' | '6.1';
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
  verbose: boolean;
  gdb?: { host: string; port: number };
  waitForGdb: boolean;
}

function parseOptions(argv: string[]): RunOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        backend: { type: 'string', default: 'model' },
        kernel: { type: 'string', default: '6.1' },
        'host-endian': { type: 'string', default: 'le' },
        memory: { type: 'string' },
        'trace-exits': { type: 'boolean', default: false },
        'exit-log': { type: 'string' },
        'max-insns': { type: 'string' },
        timeout: { type: 'string' },
        'guest-debug': { type: 'string' },
        break: { type: 'string', multiple: true, default: [] },
        hbreak: { type: 'string', multiple: true, default: [] },
        watch: { type: 'string', multiple: true, default: [] },
        step: { type: 'string' },
        gdb: { type: 'string' },
        'wait-for-gdb': { type: 'boolean', short: 'S', default: false },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';
  if (parsed.positionals.length > 1) throw new UsageError(`one guest ELF at most, got ${parsed.positionals.length}: ${parsed.positionals.join(' ')}`);
  if (v['wait-for-gdb'] && v.gdb === undefined) throw new UsageError('-S (--wait-for-gdb) needs --gdb [HOST:]PORT');
  if (v.kernel !== '5.10' && v.kernel !== '6.1') throw new UsageError(`--kernel must be 5.10 or 6.1, not '${v.kernel}'`);
  const endian = v['host-endian'];
  if (endian !== 'le' && endian !== 'be') throw new UsageError(`--host-endian must be le or be, not '${endian}'`);
  const usage = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  };
  let timeout: number | undefined;
  if (v.timeout !== undefined) {
    timeout = Number(v.timeout);
    if (!/^\d+(\.\d+)?$/.test(v.timeout.trim()) || !(timeout > 0) || timeout > 1e6) {
      throw new UsageError(`--timeout '${v.timeout}' must be a positive number of seconds`);
    }
  }
  return {
    backend: usage(() => parseBackendName(v.backend)),
    guest: parsed.positionals[0] ?? DEFAULT_GUEST,
    kernel: v.kernel,
    endian,
    memory: v.memory === undefined ? DEFAULT_RAM_SIZE : usage(() => parseMemorySize(v.memory!)),
    traceExits: v['trace-exits'],
    exitLog: v['exit-log'],
    maxInsns: v['max-insns'] === undefined ? undefined : usage(() => parseCount('--max-insns', v['max-insns']!, 1, Number.MAX_SAFE_INTEGER)),
    timeout,
    guestDebug: v['guest-debug'] === undefined ? 0 : usage(() => parseCount('--guest-debug', v['guest-debug']!, 0, 0xffffffff)),
    breaks: v.break,
    hbreaks: v.hbreak,
    watches: v.watch,
    step: v.step === undefined ? 0 : usage(() => parseCount('--step', v.step!, 0, 1e9)),
    verbose: v.verbose,
    gdb: v.gdb === undefined ? undefined : usage(() => parseGdbAddress(v.gdb!)),
    waitForGdb: v['wait-for-gdb'],
  };
}

const hex = (v: bigint): string => `0x${v.toString(16)}`;

/** `main+0x8` for an address inside a function or object of the image. */
function symbolize(image: ElfImage, addr: bigint): string {
  const s = image.symbols.find((x) => (x.type === 1 || x.type === 2) && addr >= x.value && addr < x.value + (x.size || 1n));
  if (!s) return hex(addr);
  return addr === s.value ? `${hex(addr)} <${s.name}>` : `${hex(addr)} <${s.name}+${hex(addr - s.value)}>`;
}

function describeStop(stop: StopReason, image: ElfImage): string {
  switch (stop.kind) {
    case 'swbreak': return `software breakpoint at ${symbolize(image, stop.pc)}`;
    case 'hwbreak': return `hardware breakpoint at ${symbolize(image, stop.pc)}`;
    case 'step': return `step to ${symbolize(image, stop.pc)}`;
    case 'watch':
      return `${stop.watchKind} watchpoint ${symbolize(image, stop.addr)} hit by the access at pc ${symbolize(image, stop.pc)} (far ${hex(stop.far)})`;
    case 'interrupted': return `interrupted at ${symbolize(image, stop.pc)}`;
    case 'poweroff': return 'guest powered off (PSCI SYSTEM_OFF)';
    case 'reset': return 'guest asked for a reset (PSCI SYSTEM_RESET); kvmdbg run does not reboot guests, stopping';
    case 'error': return stop.message;
  }
}

/** Collects UART bytes and hands complete UTF-8 text to the output stream. */
class UartSink {
  private readonly decoder = new TextDecoder();
  private buf: number[] = [];
  constructor(private readonly out: (text: string) => void) {}
  push = (byte: number): void => {
    this.buf.push(byte);
    if (byte === 0x0a || this.buf.length >= 4096) this.flush();
  };
  flush(): void {
    if (this.buf.length === 0) return;
    this.out(this.decoder.decode(new Uint8Array(this.buf), { stream: true }));
    this.buf = [];
  }
}

async function runGuest(o: RunOptions, io: CliIo): Promise<number> {
  let elf: Uint8Array;
  try {
    elf = readFileSync(o.guest);
  } catch (e) {
    throw new UsageError(`cannot read guest '${o.guest}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let sys;
  try {
    sys = await selectBackend(o.backend, () => createModelKvm({ profile: o.kernel, endian: o.endian }));
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new UsageError(`--backend ${o.backend}: ${e.message}`);
    throw e;
  }
  if (o.verbose || o.traceExits || o.backend === 'real') {
    io.err(`kvmdbg: backend ${sys.backendName}, kernel ${sys.kernelDescription}, host byte order ${sys.hostEndian}\n`);
  }
  const uart = new UartSink((t) => io.out(t));
  const seen = new Set<string>();
  const log = (m: string): void => {
    if (o.verbose || !seen.has(m)) io.err(`kvmdbg: ${m}\n`);
    seen.add(m);
  };
  const machine = new Machine(sys, { memorySize: o.memory, uartTx: uart.push, log });
  let image: ElfImage;
  try {
    image = machine.load(elf);
  } catch (e) {
    if (e instanceof ElfError) throw new UsageError(`${o.guest}: ${e.message}`);
    throw e;
  }

  if (o.maxInsns !== undefined && !machine.vcpu.instructionsRetired) {
    throw new UsageError(`--max-insns needs a backend that counts retired instructions; '${sys.backendName}' does not`);
  }
  const started = Date.now();
  let limitHit = false;
  const checkLimit = (): string | undefined => {
    if (o.timeout !== undefined && Date.now() - started >= o.timeout * 1000) {
      limitHit = true;
      return `stopped: --timeout ${o.timeout} s reached`;
    }
    if (o.maxInsns !== undefined && machine.vcpu.instructionsRetired!() >= o.maxInsns) {
      limitHit = true;
      return `stopped: --max-insns ${o.maxInsns} reached (${machine.vcpu.instructionsRetired!()} instructions retired)`;
    }
    return undefined;
  };
  const target = new VmmTarget(machine, { rawControl: o.guestDebug, checkLimit });
  const u = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  };
  for (const b of o.breaks) {
    const { addr } = u(() => parseLocation(b, image));
    if (!target.insertSwBreakpoint(addr)) throw new UsageError(`--break ${b}: ${hex(addr)} is not a 4-byte aligned address in guest RAM`);
  }
  const limits = target.hwLimits();
  for (const b of o.hbreaks) {
    const { addr } = u(() => parseLocation(b, image));
    if ((addr & 3n) !== 0n) throw new UsageError(`--hbreak ${b}: ${hex(addr)} is not 4-byte aligned`);
    if (!target.insertHwBreakpoint(addr)) {
      throw new UsageError(`--hbreak ${b}: no free hardware breakpoint (the kernel offers ${limits.breakpoints}, KVM_CAP_GUEST_DEBUG_HW_BPS)`);
    }
  }
  for (const w of o.watches) {
    const spec: WatchSpec = u(() => parseWatchSpec(w, image));
    if (!target.insertWatchpoint(spec.addr, spec.len, spec.kind)) {
      throw new UsageError(`--watch ${w}: not enough free watchpoint registers for ${spec.len} bytes at ${hex(spec.addr)} ` +
        `(the kernel offers ${limits.watchpoints}, KVM_CAP_GUEST_DEBUG_HW_WPS)`);
    }
  }

  let logFd: number | undefined;
  if (o.exitLog !== undefined) {
    try {
      logFd = openSync(o.exitLog, 'w');
    } catch (e) {
      throw new UsageError(`cannot write --exit-log '${o.exitLog}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  machine.onExit = (record, exit) => {
    if (logFd !== undefined) writeSync(logFd, exitJson(record, exit) + '\n');
    if (o.traceExits) {
      uart.flush();
      io.err(exitTrace(record, exit) + '\n');
    }
  };
  if (o.gdb) {
    const gdb = await serveGdb(gdbTarget(target), { ...o.gdb, waitForAttach: o.waitForGdb, log: (m) => { uart.flush(); io.err(`kvmdbg: ${m}\n`); } });
    let onSigint = (): void => {};
    const sigint = new Promise<'sigint'>((r) => { onSigint = () => r('sigint'); });
    process.on('SIGINT', onSigint);
    try {
      const end: ServeOutcome | 'sigint' = await Promise.race([gdb.finished, sigint]);
      uart.flush();
      if (end === 'sigint') {
        target.kill();
        await gdb.close();
        return 130;
      }
      if (end.kind === 'error') io.err(`kvmdbg: ${end.message}\n`);
      return end.kind === 'poweroff' || end.kind === 'killed' ? EXIT_POWEROFF : end.kind === 'reset' ? EXIT_RESET
        : limitHit ? EXIT_LIMIT : EXIT_FAILED;
    } finally {
      process.off('SIGINT', onSigint);
      uart.flush();
      if (logFd !== undefined) closeSync(logFd);
    }
  }
  const onSigint = (): void => target.interrupt();
  process.on('SIGINT', onSigint);
  try {
    let steps = o.step;
    for (;;) {
      const stop = await target.resume(steps > 0 ? 'step' : 'continue');
      if (stop.kind === 'step' && steps > 0) steps--;
      uart.flush();
      switch (stop.kind) {
        case 'poweroff':
          if (o.verbose) io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
          return EXIT_POWEROFF;
        case 'reset':
          io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
          return EXIT_RESET;
        case 'error':
          io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
          return limitHit ? EXIT_LIMIT : EXIT_FAILED;
        case 'interrupted':
          io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
          return 130;
        default:
          io.err(`kvmdbg: ${describeStop(stop, image)}\n`);
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
    uart.flush();
    if (logFd !== undefined) closeSync(logFd);
  }
}

export const command: Command = {
  summary: 'run',
  async run(argv, io) {
    const o = parseOptions(argv);
    if (o === 'help') {
      io.out(HELP);
      return 0;
    }
    return runGuest(o, io);
  },
};
