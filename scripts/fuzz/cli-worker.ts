/**
 * A worker thread that runs kvmdbg's own `main(argv, io)` (src/cli/main.ts, what bin/kvmdbg.js runs) on
 * each command line it is sent, with stdout and stderr captured: the CLI's code path without a new
 * process per case. An exception out of main() is what bin/kvmdbg.js would print as a stack trace.
 * The parent enforces each case's deadline by terminating the worker.
 */
import { parentPort } from 'node:worker_threads';
import { main } from '../../src/cli/main.ts';

export interface CliJob { id: number; argv: string[] }
/** `ms`: wall time of main(); `cpuMs`: CPU time of the process meanwhile (the worker's, the parent idles). */
export interface CliResult { id: number; status: number | undefined; out: string; err: string; thrown?: string; ms: number; cpuMs: number }

const KEEP = 65536;

parentPort!.on('message', async (job: CliJob) => {
  let out = '';
  let err = '';
  const io = {
    out: (t: string): void => { if (out.length < KEEP) out += t; },
    err: (t: string): void => { if (err.length < KEEP) err += t; },
  };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const cpuMs = (): number => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  let result: CliResult;
  try {
    const status = await main(job.argv, io);
    result = { id: job.id, status, out, err, ms: performance.now() - t0, cpuMs: cpuMs() };
  } catch (e) {
    result = { id: job.id, status: undefined, out, err, thrown: (e as Error)?.stack ?? String(e), ms: performance.now() - t0, cpuMs: cpuMs() };
  }
  parentPort!.postMessage(result);
});
