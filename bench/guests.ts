/**
 * Compiled-C guests under the KVM model: each ELF of guests/bin (gcc and clang, -O0 to -Os) runs from
 * reset to PSCI SYSTEM_OFF, several times on fresh machines, and the instructions retired per CPU-second
 * of this process are printed per guest and in total. Cold code dominates these runs (most blocks
 * execute a few hundred times), so they measure decoding, the interpreter and block compilation more
 * than the hot loop of `bench/cpu.ts`. No assertion: speed is only measured in benchmarks.
 *   node --import tsx bench/guests.ts [--runs N] [--filter SUBSTRING]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchArgs, count } from './args.ts';
import { createModelKvm, type Vcpu } from '../src/kvm/index.ts';
import { dispatchExit } from '../src/vmm/dispatch.ts';
import { Machine } from '../src/vmm/machine.ts';

const DIR = fileURLToPath(new URL('../guests/bin/', import.meta.url));

const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** A fresh machine under the KVM model with `elf` loaded; what the guest prints goes to `out.text`. */
export function loadGuest(elf: Uint8Array): { m: Machine; out: { text: string } } {
  const out = { text: '' };
  const m = new Machine(createModelKvm({ profile: '6.1', endian: 'le' }), { uartTx: (b) => { out.text += String.fromCharCode(b); } });
  m.load(elf);
  return { m, out };
}

/** Run `m` to SYSTEM_OFF; the CPU seconds it took. Any other stop is an error. */
export function runToShutdown(m: Machine): number {
  const c0 = cpuSeconds();
  for (;;) {
    const a = dispatchExit(m.runOnce(), m.bus);
    if (a.kind === 'shutdown') break;
    if (a.kind === 'reenter' || a.kind === 'interrupted') continue;
    throw new Error(`guest stopped with ${a.kind}`);
  }
  return cpuSeconds() - c0;
}

/** One run of a guest to SYSTEM_OFF: CPU seconds and instructions retired. */
export function runGuest(elf: Uint8Array): { t: number; insns: number; out: string } {
  const { m, out } = loadGuest(elf);
  const t = runToShutdown(m);
  return { t, insns: (m.vcpu as Vcpu).cpu.retired, out: out.text };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const usage = 'node --import tsx bench/guests.ts [--runs N] [--filter SUBSTRING]';
  const { values } = benchArgs(usage, { runs: { type: 'string' }, filter: { type: 'string', default: '' } });
  const runs = count(usage, '--runs', values.runs, 3);
  const all = readdirSync(DIR).filter((f) => f.endsWith('.elf') && f.includes(values.filter!)).sort();
  // The machine here has one vCPU; the smp guests wait for their second CPU forever on it.
  const files = all.filter((f) => !f.startsWith('smp-'));
  if (files.length < all.length) console.log(`(${all.length - files.length} smp-* guests left out: they need 2 vCPUs, this bench runs one)`);
  if (files.length === 0) {
    console.error(`bench/guests.ts: no one-vCPU guest in ${DIR} matches --filter '${values.filter}'`);
    process.exit(2);
  }
  let tt = 0, ti = 0;
  for (const f of files) {
    const elf = readFileSync(DIR + f);
    let best = Infinity, insns = 0;
    for (let i = 0; i < runs; i++) {
      const r = runGuest(elf);
      best = Math.min(best, r.t);
      insns = r.insns;
    }
    tt += best; ti += insns;
    console.log(`${f.padEnd(28)} ${String(insns).padStart(10)} insns ${(insns / best / 1e6).toFixed(1).padStart(7)} MIPS per CPU-second`);
  }
  console.log(`${'all guests'.padEnd(28)} ${String(ti).padStart(10)} insns ${(ti / tt / 1e6).toFixed(1).padStart(7)} MIPS per CPU-second (best of ${runs} each)`);
}
