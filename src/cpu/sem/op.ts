/**
 * The definition of one op: a predecoded instruction form with its semantics, written once for both
 * execution tiers (see emit.ts for how templates are written, README.md of cpu/ for a worked example).
 */
import type { T, V } from './emit.ts';

export type FieldName = 'd' | 'n' | 'm' | 'imm' | 'imm2' | 'imm3' | 'fl';

export interface OpDef {
  /** The op id's name (`Op.NAME` in exec.gen.ts). */
  readonly name: string;
  /** The instructions it executes, in the Arm ARM's names. */
  readonly what: string;
  /** What the decoder (decode.ts) puts in each record field it uses. */
  readonly fields: Readonly<Partial<Record<FieldName, string>>>;
  /**
   * Straight-line semantics: statements that complete the instruction, after which execution goes on
   * with the next one (unless `ends`). They may leave through `t.leave(...)` or `t.mem()`.
   */
  readonly exec?: (t: T) => string;
  /** `exec` never falls through: every path leaves through `t.leave`. */
  readonly ends?: boolean;
  /**
   * The interpreter runs `exec` as a function of its own instead of inline in its switch: for ops whose
   * template branches on fields (the block compiler folds those branches away), so a path first taken
   * late does not throw away the optimised code of the whole dispatch loop. Not with leave/mem.
   */
  readonly outOfLine?: boolean;
  /**
   * An op with a fast path and a general path that runs the whole instruction instead: `body(t,
   * decline)` is the fast path, with the statements `decline` wherever it cannot complete; `general(t)`
   * is the general path (a `t.call`). Its `exec` is `body(t, general(t))`, which the block compiler
   * inlines; the interpreter runs `body` as a function of its own (returning false to decline), so its
   * dispatch loop stays as small as with one case calling `general`.
   */
  readonly fast?: { readonly body: (t: T, decline: string) => string; readonly general: (t: T) => string };
  /** The block compiler ends a block before this op (system instructions); the interpreter runs it. */
  readonly noBlock?: boolean;
  /** A PC-relative branch to pc + imm, taken when `taken` holds; `link` writes the return address to X30. */
  readonly branch?: { readonly taken: (t: T) => V; readonly link?: boolean };
  /** A branch to the address `target` computes (read before X30 is written when `link`). */
  readonly indirect?: { readonly target: (t: T) => V; readonly link?: boolean };
}

/**
 * `exec` and `fast` of an op whose fast path is `body` and general path `general`: blocks inline the
 * fast path with the general path where it declines; the interpreter calls it as a function of its own.
 */
export function fastPaths(body: (t: T, decline: string) => string, general: (t: T) => string): Pick<OpDef, 'exec' | 'fast'> {
  return { exec: (t) => body(t, general(t)), fast: { body, general } };
}
