/**
 * The guest `kvmdbg run` loads (a bare-metal ELF, a Linux Image with its initrd and device tree, or
 * firmware for flash), the backend it runs on and the machine it runs in.
 */
import { readFileSync } from 'node:fs';
import type { KvmSystem } from '../../abi/index.ts';
import { createModelKvm } from '../../kvm/index.ts';
import { BackendUnavailableError, selectBackend } from '../../realkvm/select.ts';
import { BootError } from '../../vmm/boot.ts';
import { ElfError, type ElfImage } from '../../vmm/elf.ts';
import { BootLayoutError } from '../../vmm/linux-boot.ts';
import { ImageError } from '../../vmm/linux-image.ts';
import { Machine } from '../../vmm/machine.ts';
import { UsageError, type CliIo } from '../io.ts';
import type { RunOptions } from './options.ts';
import { UartSink } from './uart-sink.ts';

export interface LoadedGuest {
  sys: KvmSystem;
  machine: Machine;
  image: ElfImage;
  uart: UartSink;
}

function readFile(path: string, what = 'guest'): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read ${what} '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const isElf = (b: Uint8Array): boolean => b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

/** Load the guest the options name; a bad file or a boot that cannot be set up is a usage error. */
function loadInto(machine: Machine, o: RunOptions): ElfImage {
  try {
    if (o.bios !== undefined) {
      const plan = machine.loadFirmware(readFile(o.bios, 'firmware'));
      return { entry: plan.pc, segments: [], symbols: [] };
    }
    const path = o.guest!;
    const bytes = readFile(path);
    if (isElf(bytes)) {
      const linuxOnly = (['initrd', 'append', 'dtb'] as const).filter((k) => o[k] !== undefined);
      if (linuxOnly.length) throw new UsageError(`--${linuxOnly[0]} needs a Linux Image, and '${path}' is an ELF file`);
      return machine.load(bytes);
    }
    const plan = machine.loadLinux({
      kernel: bytes,
      initrd: o.initrd === undefined ? undefined : readFile(o.initrd, 'initrd'),
      append: o.append,
      dtb: o.dtb === undefined ? undefined : readFile(o.dtb, 'device tree'),
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
  const machine = new Machine(sys, { memorySize: o.memory, uartTx: uart.push, log, gic: o.gic, seed: o.seed });
  return { sys, machine, image: loadInto(machine, o), uart };
}
