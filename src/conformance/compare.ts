/**
 * Compares the records of a real kernel with the model's, byte for byte (rc, errno and payload of every
 * recorded operation), applies the reviewed exceptions of conformance/exceptions.json and renders the
 * difference table. An exception names the kernel, the operation, and BOTH exact payloads it excuses,
 * so it cannot hide any other change; an exception that no longer matches is reported as stale.
 */
import { readU16, readU32, readU64, RUN_OFF, EXIT_REASON_NAMES } from '../abi/index.ts';
import type { OpLabel, Plan } from './plan.ts';
import { ERRNO_NAMES, type OpResult } from './results.ts';

export interface ConformanceException {
  /** Kernel ids this applies to, e.g. ["6.1", "6.12"]. */
  kernels: string[];
  scenario: string;
  step: string;
  what: string;
  /** The exact real-kernel and model results, as "rc errno payload". */
  real: string;
  model: string;
  /** Why kvmdbg is right (or knowingly different) here; cite the Arm ARM or the kernel source. */
  reason: string;
}

export interface Difference {
  label: OpLabel;
  real: OpResult | undefined;
  model: OpResult | undefined;
  exception?: ConformanceException;
}

export interface Comparison {
  kernel: string;
  compared: number;
  differences: Difference[];
  /** Exceptions listed for this kernel that matched nothing. */
  stale: ConformanceException[];
}

export const resultKey = (r: OpResult | undefined): string => (r ? `${r.rc} ${r.errno} ${r.payload}` : 'missing');

export function validateExceptions(json: unknown): ConformanceException[] {
  if (!Array.isArray(json)) throw new Error('exceptions.json: expected an array');
  return json.map((x, i) => {
    const ok =
      typeof x === 'object' && x !== null && Array.isArray(x.kernels) && x.kernels.every((k: unknown) => typeof k === 'string') &&
      ['scenario', 'step', 'what', 'real', 'model', 'reason'].every((k) => typeof x[k] === 'string') && x.reason.length >= 20;
    if (!ok) throw new Error(`exceptions.json[${i}]: needs kernels[], scenario, step, what, real, model and a reason of at least 20 characters`);
    return x as ConformanceException;
  });
}

export function compare(kernel: string, plan: Plan, real: Map<number, OpResult>, model: Map<number, OpResult>, exceptions: ConformanceException[]): Comparison {
  const mine = exceptions.filter((x) => x.kernels.includes(kernel));
  const used = new Set<ConformanceException>();
  const differences: Difference[] = [];
  plan.labels.forEach((label, idx) => {
    const r = real.get(idx);
    const m = model.get(idx);
    if (r && m && resultKey(r) === resultKey(m)) return;
    const exception = mine.find(
      (x) => x.scenario === label.scenario && x.step === label.step && x.what === label.what && x.real === resultKey(r) && x.model === resultKey(m),
    );
    if (exception) used.add(exception);
    differences.push({ label, real: r, model: m, exception });
  });
  return { kernel, compared: plan.labels.length, differences, stale: mine.filter((x) => !used.has(x)) };
}

function fromHex(s: string): Uint8Array {
  const b = new Uint8Array(s.length >> 1);
  for (let i = 0; i < b.length; i++) b[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return b;
}

/** A short human reading of one result: for KVM_RUN the exit, flags and the debug.arch/mmio bytes. */
export function describe(what: string, r: OpResult | undefined): string {
  if (!r) return 'missing';
  const err = r.rc < 0 ? ` ${ERRNO_NAMES[r.errno] ?? `errno ${r.errno}`}` : '';
  if (what !== 'run' || r.payload.length < 112) return `rc=${r.rc}${err}${r.payload !== '-' ? ` ${r.payload}` : ''}`;
  const b = fromHex(r.payload);
  const exit = readU32(b, RUN_OFF.exitReason, 'le');
  const parts = [`rc=${r.rc}${err}`, `exit=${exit} ${EXIT_REASON_NAMES[exit] ?? ''}`.trim(), `flags=0x${readU16(b, RUN_OFF.flags, 'le').toString(16)}`];
  if (exit === 6) {
    parts.push(`mmio=0x${readU64(b, RUN_OFF.mmioPhysAddr, 'le').toString(16)} len=${readU32(b, RUN_OFF.mmioLen, 'le')} w=${b[RUN_OFF.mmioIsWrite]}`);
  }
  parts.push(`arch=${r.payload.slice(2 * RUN_OFF.debugArch, 2 * RUN_OFF.debugArch + 32)}`);
  const rest = fromHex(r.payload);
  const other = [...rest.keys()].filter((i) => i < RUN_OFF.debugArch && i !== 1 && (i < 8 || i > 15) && rest[i] !== 0);
  if (other.length) parts.push(`other-bytes@${other.join(',')}`);
  return parts.join(' ');
}

/** The difference table for one or more kernels, as aligned text. */
export function renderTable(comparisons: Comparison[]): string {
  const rows: string[][] = [['kernel', 'scenario', 'step', 'what', 'real kernel', 'kvmdbg model', 'status']];
  for (const c of comparisons) {
    for (const d of c.differences) {
      rows.push([c.kernel, d.label.scenario, d.label.step, d.label.what, describe(d.label.what, d.real), describe(d.label.what, d.model), d.exception ? 'EXCEPTION' : 'DIFF']);
    }
    for (const s of c.stale) rows.push([c.kernel, s.scenario, s.step, s.what, s.real, s.model, 'STALE EXCEPTION']);
  }
  if (rows.length === 1) return 'no differences\n';
  const widths = rows[0]!.map((_, i) => Math.min(80, Math.max(...rows.map((r) => r[i]!.length))));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join(' | ')).join('\n') + '\n';
}

/** Failing entries: differences without an exception, and stale exceptions. */
export function failures(c: Comparison): number {
  return c.differences.filter((d) => !d.exception).length + c.stale.length;
}
