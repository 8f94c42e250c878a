/**
 * Runs command lines through kvmdbg's main() in one long-lived worker (cli-worker.ts), each within a
 * deadline (the worker is terminated and replaced when one is missed), or through the real bin/kvmdbg.js
 * process with a watchdog.
 */
import { spawn } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { KVMDBG } from './rsp-client.ts';
import type { CliJob, CliResult } from './cli-worker.ts';

export interface Outcome {
  /** Exit status (undefined: main() threw, or the process was killed). */
  status: number | undefined;
  out: string;
  err: string;
  /** The exception main() threw (in-process), with its stack. */
  thrown?: string;
  /** The deadline passed. */
  hung: boolean;
  ms: number;
  /** CPU time spent on it (in process: the worker's; as a process: not measured). */
  cpuMs?: number;
  /** The process ended by a signal (real process only). */
  signal?: string;
}

export class InProcessCli {
  private worker: Worker | undefined;
  private nextId = 0;

  private spawnWorker(): Worker {
    // a worker does not inherit the TypeScript loader of `node --import tsx`: it registers tsx itself
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./cli-worker.ts', import.meta.url).href;
    const w = new Worker(`import(${JSON.stringify(tsx)}).then((t) => { t.register(); return import(${JSON.stringify(entry)}); });`, { eval: true });
    w.unref();
    return w;
  }

  async run(argv: string[], deadlineMs: number): Promise<Outcome> {
    this.worker ??= this.spawnWorker();
    const w = this.worker;
    const id = this.nextId++;
    const t0 = performance.now();
    return new Promise<Outcome>((resolve) => {
      const done = (o: Outcome): void => {
        clearTimeout(timer);
        w.off('message', onMessage);
        w.off('error', onError);
        resolve(o);
      };
      const onMessage = (r: CliResult): void => {
        if (r.id === id) done({ status: r.status, out: r.out, err: r.err, thrown: r.thrown, hung: false, ms: r.ms, cpuMs: r.cpuMs });
      };
      const onError = (e: Error): void => {
        this.worker = undefined;
        done({ status: undefined, out: '', err: '', thrown: `the worker died: ${e.stack ?? e.message}`, hung: false, ms: performance.now() - t0 });
      };
      const timer = setTimeout(() => {
        this.worker = undefined;
        void w.terminate();
        done({ status: undefined, out: '', err: '', hung: true, ms: performance.now() - t0 });
      }, deadlineMs);
      w.on('message', onMessage);
      w.on('error', onError);
      w.postMessage({ id, argv } satisfies CliJob);
    });
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
    this.worker = undefined;
  }
}

/** `node bin/kvmdbg.js ...argv` in `cwd`, killed after `deadlineMs`. */
export function realCli(argv: string[], cwd: string, deadlineMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [KVMDBG, ...argv], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let hung = false;
    child.stdout.on('data', (d: Buffer) => { if (out.length < 65536) out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { if (err.length < 65536) err += d.toString(); });
    const timer = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, deadlineMs);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status: status ?? undefined, signal: signal ?? undefined, out, err, hung, ms: performance.now() - t0 });
    });
  });
}
