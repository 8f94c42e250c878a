/** Runs `bin/kvmdbg.js` as its own process, as a user's shell would, with a watchdog and optional signals. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const KVMDBG = fileURLToPath(new URL('../../../bin/kvmdbg.js', import.meta.url));

export interface ProcResult {
  /** Exit status, or null when a signal (or the watchdog) ended it. */
  status: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
  /** The watchdog had to kill it. */
  hung: boolean;
  /** Bytes written to each stream (beyond what `keep` kept). */
  outBytes: number;
  errBytes: number;
}

export interface ProcOptions {
  /** Kill with SIGKILL after this many ms and report `hung` (default 20 s). */
  watchdogMs?: number;
  /** Send SIGINT `sigintDelayMs` after stderr first matches this (or after `sigintAfterMs`). */
  sigintWhen?: RegExp;
  sigintDelayMs?: number;
  sigintAfterMs?: number;
  /** Keep at most this many characters of each stream (the rest is counted in the length only). */
  keep?: number;
  stdin?: string;
}

export function kvmdbg(args: string[], o: ProcOptions = {}): Promise<ProcResult> {
  const keep = o.keep ?? 1 << 20;
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [KVMDBG, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let outBytes = 0;
    let errBytes = 0;
    let hung = false;
    let signalled = false;
    const sigint = (): void => {
      if (signalled) return;
      signalled = true;
      child.kill('SIGINT');
    };
    child.stdout.on('data', (d: Buffer) => { outBytes += d.length; if (out.length < keep) out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => {
      errBytes += d.length;
      if (err.length < keep) err += d.toString();
      if (o.sigintWhen?.test(err)) setTimeout(sigint, o.sigintDelayMs ?? 0);
    });
    if (o.sigintAfterMs !== undefined) setTimeout(sigint, o.sigintAfterMs);
    child.stdin.end(o.stdin ?? '');
    const watchdog = setTimeout(() => { hung = true; child.kill('SIGKILL'); }, o.watchdogMs ?? 20_000);
    child.on('close', (status, signal) => {
      clearTimeout(watchdog);
      resolve({ status, signal, out, err, ms: Date.now() - t0, hung, outBytes, errBytes });
    });
  });
}
