/**
 * The guest `kvmdbg run` loads (a bare-metal ELF, a Linux Image with its initrd and device tree, or
 * firmware for flash), the backend it runs on and the machine it runs in.
 */
import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import type { KvmSystem } from '../../abi/index.ts';
import { createModelKvm } from '../../kvm/index.ts';
import { BackendUnavailableError, selectBackend } from '../../realkvm/select.ts';
import { BootError } from '../../vmm/boot.ts';
import { ElfError, type ElfImage } from '../../vmm/elf.ts';
import { BootLayoutError } from '../../vmm/linux-boot.ts';
import { ARM64_IMAGE_MAGIC, ImageError, isGzip } from '../../vmm/linux-image.ts';
import { Machine } from '../../vmm/machine.ts';
import { parseSymbolFile, SymbolFileError } from '../../vmm/symbol-file.ts';
import { UsageError, type CliIo } from '../io.ts';
import type { RunOptions } from './options.ts';
import { UartSink } from './uart-sink.ts';

export interface LoadedGuest {
  sys: KvmSystem;
  machine: Machine;
  image: ElfImage;
  uart: UartSink;
}

const isElf = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
const isImage = (b: Uint8Array): boolean => b.length >= 0x3c && new DataView(b.buffer, b.byteOffset).getUint32(0x38, true) === ARM64_IMAGE_MAGIC;

/**
 * A file to load into the guest: a regular file (not /dev/zero, not a directory) no larger than the
 * guest's RAM could hold. For the guest itself (`sniff`), the first 64 bytes must say ELF, arm64 Image
 * or gzip before the rest is read, so a large file of anything else is refused at once.
 */
function readFile(path: string, o: RunOptions, what = 'guest', sniff = false): Uint8Array {
  const fail = (e: unknown): UsageError =>
    new UsageError(`cannot read ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw fail(e);
  }
  if (!st.isFile()) throw new UsageError(`${what} ${path} is not a regular file (${fileKind(st)})`);
  const mib = (n: number): string => `${Math.ceil(n / 2 ** 20)} MiB`;
  if (st.size > o.memory) {
    throw new UsageError(`${what} ${path} is ${mib(st.size)}, more than the guest's ${mib(o.memory)} of RAM could hold (--memory)`);
  }
  try {
    if (sniff) {
      const head = new Uint8Array(64);
      const fd = openSync(path, 'r');
      try {
        readSync(fd, head, 0, head.length, 0);
      } finally {
        closeSync(fd);
      }
      if (!isElf(head) && !isImage(head) && !isGzip(head)) {
        throw new UsageError(`${path}: not an arm64 Linux Image (no "ARM\\x64" magic at offset 0x38) and not an ELF file`);
      }
    }
    return readFileSync(path);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw fail(e);
  }
}

function fileKind(st: Stats): string {
  return st.isDirectory() ? 'a directory' : st.isCharacterDevice() ? 'a character device' : st.isBlockDevice() ? 'a block device'
    : st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : 'not a file';
}

/** Load the guest the options name; a bad file or a boot that cannot be set up is a usage error. */
function loadInto(machine: Machine, o: RunOptions): ElfImage {
  try {
    if (o.bios !== undefined) {
      const plan = machine.loadFirmware(readFile(o.bios, o, 'firmware'));
      return { entry: plan.pc, segments: [], symbols: [] };
    }
    const path = o.guest!;
    const bytes = readFile(path, o, 'guest', true);
    if (isElf(bytes)) {
      const linuxOnly = (['initrd', 'append', 'dtb'] as const).filter((k) => o[k] !== undefined);
      if (linuxOnly.length) throw new UsageError(`--${linuxOnly[0]} needs a Linux Image, and '${path}' is an ELF file`);
      return machine.load(bytes);
    }
    const plan = machine.loadLinux({
      kernel: bytes,
      initrd: o.initrd === undefined ? undefined : readFile(o.initrd, o, 'initrd'),
      append: o.append,
      dtb: o.dtb === undefined ? undefined : readFile(o.dtb, o, 'device tree'),
    });
    return { entry: plan.pc, segments: [], symbols: [] };
  } catch (e) {
    if (e instanceof ElfError || e instanceof ImageError) throw new UsageError(`${o.guest}: ${e.message}`);
    if (e instanceof BootLayoutError || e instanceof BootError) throw new UsageError(e.message);
    throw e;
  }
}

/** The KvmSystem --backend asks for; a backend that cannot run here is a usage error. */
async function openBackend(o: RunOptions): Promise<KvmSystem> {
  try {
    return await selectBackend(o.backend, () => createModelKvm({ profile: o.hostKernel, endian: o.endian }));
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new UsageError(`--backend ${o.backend}: ${e.message}`);
    throw e;
  }
}

/** Reads the guest, opens the backend, builds the machine and loads the guest into it. */
export async function loadGuest(o: RunOptions, io: CliIo): Promise<LoadedGuest> {
  const sys = await openBackend(o);
  if (o.verbose || o.traceExits || o.backend === 'real') {
    io.err(`kvmdbg: backend ${sys.backendName}, kernel ${sys.kernelDescription}, host byte order ${sys.hostEndian}\n`);
  }
  const uart = new UartSink((t) => io.out(t));
  const seen = new Set<string>();
  const log = (m: string): void => {
    if (o.verbose || !seen.has(m)) io.err(`kvmdbg: ${m}\n`);
    seen.add(m);
  };
  const machine = new Machine(sys, { memorySize: o.memory, smp: o.smp, uartTx: uart.push, log, gic: o.gic, seed: o.seed, keepImages: false });
  const image = loadInto(machine, o);
  if (o.symbols !== undefined) image.symbols = readSymbols(o.symbols);
  return { sys, machine, image, uart };
}

/** The largest symbol file read: a vmlinux with its DWARF is a few hundred MiB. */
const MAX_SYMBOL_FILE = 2 ** 31 - 1;

/** `--symbols FILE`: a System.map or an AArch64 ELF with a symbol table; anything else is a usage error. */
function readSymbols(path: string): ElfImage['symbols'] {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new UsageError(`--symbols: cannot read '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (!st.isFile()) throw new UsageError(`--symbols ${path} is not a regular file (${fileKind(st)})`);
  if (st.size > MAX_SYMBOL_FILE) throw new UsageError(`--symbols ${path} is ${Math.ceil(st.size / 2 ** 20)} MiB, larger than any System.map or vmlinux`);
  try {
    return parseSymbolFile(readFileSync(path));
  } catch (e) {
    if (e instanceof SymbolFileError) throw new UsageError(`--symbols ${path}: ${e.message}`);
    throw e;
  }
}
