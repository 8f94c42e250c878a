/**
 * `kvmdbg run`'s reverse-execution options: --history-size (the memory kept for going back; 0 turns
 * history off), --record FILE (the console input of the run, each byte with the instruction count it was
 * delivered at, as JSON lines) and --replay FILE (deliver that input at those counts instead of stdin,
 * so the run is the recorded one again). History needs the KVM model: real KVM counts no instructions
 * and is not deterministic across interrupts and timers, so there it is refused with a message.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { HistoryOptions, InputEvent } from '../../vmm/history/history.ts';
import { DEFAULT_BUDGET } from '../../vmm/history/history.ts';
import { UsageError } from '../io.ts';

export interface HistoryCliOptions {
  /** Bytes of page copies; 0: no history. Undefined: the default, on with --gdb on the model. */
  historySize?: number;
  record?: string;
  replay?: string;
}

/** SIZE as --history-size takes it: bytes with an optional K, M or G suffix, 0 allowed. */
export function parseHistorySize(text: string): number {
  const m = /^(\d+)\s*([kKmMgG]?)(?:i?[bB])?$/.exec(text.trim());
  const units: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };
  const bytes = m ? Number(m[1]) * units[m[2]!.toUpperCase()]! : NaN;
  if (!m || !Number.isSafeInteger(bytes) || bytes > 64 * 1024 ** 3) {
    throw new UsageError(`--history-size '${text}' must be a size such as 256M (0 turns history off, at most 64G)`);
  }
  return bytes;
}

/** The input events of a --replay file, validated line by line. */
export function readInputEvents(file: string): InputEvent[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--replay ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const out: InputEvent[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch {
      throw new UsageError(`--replay ${file}:${i + 1}: not a JSON line`);
    }
    const o = v as { insn?: unknown; byte?: unknown; mmio?: unknown; halt?: unknown };
    if (typeof v !== 'object' || v === null || !Number.isSafeInteger(o.insn) || (o.insn as number) < 0 ||
      !Number.isInteger(o.byte) || (o.byte as number) < 0 || (o.byte as number) > 255 || (o.mmio !== undefined && o.mmio !== true) ||
      (o.halt !== undefined && o.halt !== true) || (o.mmio && o.halt)) {
      throw new UsageError(`--replay ${file}:${i + 1}: expected {"insn": N, "byte": 0..255} (and "mmio": true or "halt": true where recorded)`);
    }
    const ev: InputEvent = { time: o.insn as number, byte: o.byte as number, ...(o.mmio ? { mmio: true } : {}), ...(o.halt ? { halt: true } : {}) };
    if (out.length && ev.time < out[out.length - 1]!.time) throw new UsageError(`--replay ${file}:${i + 1}: instruction counts must not go down`);
    out.push(ev);
  });
  return out;
}

/** What the VMM's history gets, or undefined for none; `gdb` turns it on by default on the model. */
export function historyOptions(o: HistoryCliOptions & { backend: string; gdb?: unknown }): HistoryOptions | undefined {
  const wanted = o.historySize !== 0 && (o.gdb !== undefined || o.historySize !== undefined || o.record !== undefined || o.replay !== undefined);
  if (o.backend === 'real') {
    if (o.historySize || o.record !== undefined || o.replay !== undefined) {
      throw new UsageError('--history-size, --record and --replay need the KVM model: real KVM counts no guest instructions and ' +
        'is not deterministic across interrupts and timers, so a run cannot be gone back over or replayed there');
    }
    return undefined;
  }
  if (!wanted) {
    if (o.record !== undefined || o.replay !== undefined) throw new UsageError('--record and --replay need history: drop --history-size 0');
    return undefined;
  }
  return { budgetBytes: o.historySize ?? DEFAULT_BUDGET, script: o.replay !== undefined ? readInputEvents(o.replay) : undefined };
}

/** Write the run's console input for --record. */
export function writeInputEvents(file: string, events: readonly InputEvent[]): void {
  writeFileSync(file, events.map((e) =>
    JSON.stringify({ insn: e.time, byte: e.byte, ...(e.mmio ? { mmio: true } : {}), ...(e.halt ? { halt: true } : {}) }) + '\n').join(''));
}
