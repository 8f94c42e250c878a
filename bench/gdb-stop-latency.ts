/**
 * From a breakpoint's exit to gdb's stop reply, while 2 vCPUs run (goal: at most 2 ms of wall time).
 *
 * kvmdbg's run command is put together in this process as `kvmdbg run guests/bin/smp-gcc-O2.elf --smp 2
 * --gdb … -S` builds it (loadGuest, VmmTarget, gdbTarget, the RSP server on TCP), and gdb-multiarch drives
 * it: a breakpoint in the second vCPU's sum-of-squares loop (smp.c), hit on every iteration while the
 * first vCPU spins waiting for the result, and `continue` after each hit. Two instants are taken with
 * process.hrtime: when KVM_RUN returns with KVM_EXIT_DEBUG (a wrapper around each vCPU's run), and when
 * the stub hands the `T` stop reply to the socket (a wrapper around the connection's write). The figure
 * per hit is the second minus the last debug exit before it: the exit's decoding, the all-stop of the
 * other vCPU, the stop reason, the registers the reply expedites, the reply's encoding. The first
 * WARMUP hits (V8 still compiling the path) are not counted.
 *
 * Run alone: node --import tsx bench/gdb-stop-latency.ts [HITS]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gdbTarget } from '../src/cli/gdb-target.ts';
import type { CliIo } from '../src/cli/io.ts';
import { loadGuest } from '../src/cli/run/guest.ts';
import { parseRunOptions } from '../src/cli/run/options.ts';
import { GdbServer } from '../src/gdbstub/index.ts';
import type { Connection } from '../src/gdbstub/transport/connection.ts';
import { listenTcp } from '../src/gdbstub/transport/tcp.ts';
import { VmmTarget } from '../src/vmm/target.ts';
import { requireTool } from '../test/system/gdb-harness.ts';
import { benchArgs, count } from './args.ts';

const ELF = fileURLToPath(new URL('../guests/bin/smp-gcc-O2.elf', import.meta.url));
/** The madd of secondary_main's sum-of-squares loop (guests/smp.c; objdump of the gcc build). */
const LOOP_INSN = '*((char *)secondary_main + 88)';
export const STOP_LATENCY_WARMUP = 50;

export interface StopLatency {
  hits: number;
  medianMs: number;
  p90Ms: number;
  maxMs: number;
}

export async function benchGdbStopLatency(opts: { hits?: number } = {}): Promise<StopLatency> {
  requireTool('gdb-multiarch', 'gdb-multiarch');
  const hits = opts.hits ?? 300;
  const o = parseRunOptions([ELF, '--smp', '2', '--gdb', '127.0.0.1:0', '-S']);
  if (o === 'help') throw new Error('unreachable');
  const quiet: CliIo = { out: () => {}, err: () => {} };
  const { machine, image } = await loadGuest(o, quiet);
  const target = new VmmTarget(machine, {});

  // the instant each KVM_RUN returns; the exit hook keeps it when the exit is KVM_EXIT_DEBUG
  let returnedAt = 0n;
  let lastDebugExit = 0n;
  for (const vcpu of machine.vcpus) {
    const run = vcpu.runVcpu.bind(vcpu);
    vcpu.runVcpu = () => {
      try {
        run();
      } finally {
        returnedAt = process.hrtime.bigint();
      }
    };
  }
  machine.onExit = (_record, exit) => {
    if (exit.reason === 'DEBUG') lastDebugExit = returnedAt;
  };

  const samples: number[] = [];
  const server = new GdbServer(gdbTarget(target, image.symbols), { log: () => {} });
  const listener = await listenTcp('127.0.0.1', 0, (c: Connection) => {
    const timed: Connection = Object.create(c) as Connection;
    timed.write = (data: string) => {
      if (data.startsWith('$T') && lastDebugExit !== 0n) {
        samples.push(Number(process.hrtime.bigint() - lastDebugExit) / 1e6);
        lastDebugExit = 0n;
      }
      c.write(data);
    };
    server.accept(timed);
  });
  const script = join(mkdtempSync(join(tmpdir(), 'kvmdbg-stoplat-')), 'session.gdb');
  writeFileSync(script, ['set pagination off', 'set confirm off', `file ${ELF}`, `target remote 127.0.0.1:${listener.port}`,
    `break ${LOOP_INSN}`, ...Array.from({ length: STOP_LATENCY_WARMUP + hits }, () => 'continue'), 'kill', ''].join('\n'));
  const gdb = spawn('gdb-multiarch', ['-batch', '-nx', '-x', script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  gdb.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  gdb.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const status = await new Promise<number | null>((r) => gdb.on('exit', (c) => r(c)));
  await listener.close();
  // every counted stop must be the loop's breakpoint on vCPU 1 while vCPU 0 runs its wait
  const loopHits = [...out.matchAll(/^Thread 2 hit Breakpoint 1, /gm)].length;
  if (status !== 0 || loopHits < STOP_LATENCY_WARMUP + hits) throw new Error(`gdb: status ${status}, ${loopHits} hits in the loop:\n${out.slice(-3000)}`);
  const timed = samples.slice(-hits).sort((a, b) => a - b);
  const q = (f: number): number => timed[Math.min(timed.length - 1, Math.floor(f * timed.length))]!;
  return { hits: timed.length, medianMs: q(0.5), p90Ms: q(0.9), maxMs: timed[timed.length - 1]! };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const usage = 'node --import tsx bench/gdb-stop-latency.ts [HITS]';
  const { positionals: p } = benchArgs(usage, {}, 1);
  const r = await benchGdbStopLatency({ hits: count(usage, 'HITS', p[0], 300) });
  console.log(`breakpoint exit -> stop reply, 2 vCPUs running (${r.hits} hits after ${STOP_LATENCY_WARMUP}): median ${r.medianMs.toFixed(3)} ms, ` +
    `90th percentile ${r.p90Ms.toFixed(3)} ms, max ${r.maxMs.toFixed(3)} ms (goal <= 2 ms)`);
}
