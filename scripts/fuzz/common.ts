/** What every fuzz target shares: its budget, its findings and its report. */
import { readFileSync } from 'node:fs';

export interface Budget {
  /** The run seed: case N of a target draws its numbers from Rng(seed, target, N). */
  seed: number;
  /** First case number (to replay a reported case). */
  from: number;
  /** Cases to run (the target's unit: packets, ELFs, command lines, parser inputs). */
  count: number;
  /** Date.now() after which no new case starts. */
  deadline: number;
  /** Progress lines go here (stderr). */
  progress: (line: string) => void;
}

export interface Finding {
  /** The case that showed it (replay: --seed S --target T --from CASE --count 1). */
  case: number;
  /** crash, hang, trace, status, throw, rss... */
  kind: string;
  detail: string;
}

export interface TargetReport {
  target: string;
  /** How many of the unit were run, e.g. 1000000 packets. */
  done: number;
  unit: string;
  ms: number;
  /** Extra figures, one line each (rates, peak RSS and its bound, slowest case). */
  figures: string[];
  findings: Finding[];
}

export const inBudget = (b: Budget, done: number): boolean => done < b.count && Date.now() < b.deadline;

/** A JavaScript stack trace or an uncaught error in a process's stderr. */
export function traceIn(stderr: string): string | undefined {
  const m = /^\s+at .+(\(|\.ts|\.js|node:)|^\s*(\w*Error|Uncaught)\b.*\n\s+at |node:internal|triggerUncaughtException/m.exec(stderr);
  if (!m) return undefined;
  const at = Math.max(0, m.index - 300);
  return stderr.slice(at, m.index + 700);
}

/** Text shortened for a report line, control characters escaped. */
export function shown(text: string, max = 300): string {
  const s = JSON.stringify(text.length > max ? text.slice(0, max) + '…' : text);
  return s.slice(1, -1);
}

/** The resident set of a process from /proc (kB): now (VmRSS) and its peak (VmHWM). */
export function rssKb(pid: number): { rss: number; hwm: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (f: string): number => Number(new RegExp(`${f}:\\s+(\\d+) kB`).exec(text)?.[1] ?? NaN);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return undefined;
  }
}

export const mib = (kb: number): string => `${(kb / 1024).toFixed(0)} MiB`;
