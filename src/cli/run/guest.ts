/** The guest ELF `kvmdbg run` loads: the file, the backend it runs on, the machine it runs in. */
import { readFileSync } from 'node:fs';
import type { KvmSystem } from '../../abi/index.ts';
import { createModelKvm } from '../../kvm/index.ts';
import { BackendUnavailableError, selectBackend } from '../../realkvm/select.ts';
import { ElfError, type ElfImage } from '../../vmm/elf.ts';
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

function readGuest(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new UsageError(`cannot read guest '${path}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The KvmSystem --backend asks for; a backend that cannot run here is a usage error. */
async function openBackend(o: RunOptions): Promise<KvmSystem> {
  try {
    return await selectBackend(o.backend, () => createModelKvm({ profile: o.kernel, endian: o.endian }));
  } catch (e) {
    if (e instanceof BackendUnavailableError) throw new UsageError(`--backend ${o.backend}: ${e.message}`);
    throw e;
  }
}

/** Reads the guest, opens the backend, builds the machine and loads the guest into it. */
export async function loadGuest(o: RunOptions, io: CliIo): Promise<LoadedGuest> {
  const elf = readGuest(o.guest);
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
  const machine = new Machine(sys, { memorySize: o.memory, uartTx: uart.push, log });
  try {
    return { sys, machine, image: machine.load(elf), uart };
  } catch (e) {
    if (e instanceof ElfError) throw new UsageError(`${o.guest}: ${e.message}`);
    throw e;
  }
}
