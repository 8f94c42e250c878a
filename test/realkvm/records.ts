/**
 * What the in-guest program (guest/main.ts) reports to the host over the console, and the plan it
 * follows. Each record is JSON, gzipped and base64-encoded into `RKT <id> <i>/<n> <chunk>` lines so
 * that large exit logs cross the serial console intact.
 */
import type { RoundTripResult } from '../../bench/kvm-run-round-trips.ts';

export interface Scenario {
  /** Short name, e.g. 'hbreak'. */
  name: string;
  /** Guest ELF file name under guests/bin. */
  guest: string;
  /** `kvmdbg run` arguments besides the guest, --backend, --host-kernel and --exit-log. */
  args: string[];
}

export interface Plan {
  /** The backend smoke test: API version, capabilities, a BRK exit and an EINTR. */
  smoke: boolean;
  /** Each is run with --backend real and with --backend model --host-kernel 6.1, in-process. */
  scenarios: Scenario[];
  /** KVM_RUN round trips to time per backend (0: no benchmark). */
  bench: number;
  /** Also run the bundled CLI once as its own process (`node kvmdbg.mjs run --backend real`). */
  cliProcess: boolean;
  /** A scripted RSP session against `kvmdbg run --gdb -S` on each backend. */
  gdb?: boolean;
}

export interface SmokeRecord {
  kind: 'smoke';
  apiVersion: number;
  mmapSize: number;
  caps: { setGuestDebug: number; setGuestDebug2: number; hwBps: number; hwWps: number };
  preferredTarget: number;
  backend: string;
  hostEndian: string;
  kernel: string;
  brk: { exitReason: number; flags: number; debugArchHex: string; hsr: number; hsrHigh: number | null; far: string; pc: string };
  eintr: { error: string; exitReason: number; flags: number };
  badControl: string;
}

export interface RunRecord {
  kind: 'run';
  scenario: string;
  backend: 'real' | 'model';
  status: number;
  stdout: string;
  stderr: string;
  exitLog: string;
  seconds: number;
}

export interface GdbRecord {
  kind: 'gdb';
  backend: 'real' | 'model';
  status: number;
  /** `packet -> reply` for each packet sent. */
  transcript: string[];
  stderr: string;
}

export interface CliProcessRecord {
  kind: 'cli-process';
  argv: string[];
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface BenchRecord {
  kind: 'bench';
  real: RoundTripResult;
  model: RoundTripResult;
}

export interface InfoRecord {
  kind: 'info';
  node: string;
  arch: string;
  uptime: number;
  release: string;
}

export interface ErrorRecord {
  kind: 'error';
  where: string;
  message: string;
}

export type GuestRecord = SmokeRecord | RunRecord | GdbRecord | CliProcessRecord | BenchRecord | InfoRecord | ErrorRecord;

export const RECORD_PREFIX = 'RKT';
export const CHUNK = 760;
