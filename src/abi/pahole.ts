/**
 * A pahole-style text rendering of a laid-out struct (as dwarves' `pahole -E` prints it from DWARF):
 * one member per line with `/* offset size *\/`, nested structs and unions expanded in place with
 * absolute offsets, `/* XXX N bytes hole *\/` where alignment leaves a gap, and the size / cachelines /
 * members / holes / padding summary. Pure text; used by `kvmdbg layout` and the web viewer.
 */
import { holes, type CType, type StructLayout } from './layout.ts';

const INDENT = '    ';
const TYPE_WIDTH = 27;
const COMMENT_COLUMN = 60;
const CACHELINE = 64;

function offsetComment(off: number, size: number): string {
  return `/* ${String(off).padStart(5)} ${String(size).padStart(5)} */`;
}

function withComment(text: string, off: number, size: number): string {
  return `${text.padEnd(COMMENT_COLUMN)} ${offsetComment(off, size)}`;
}

/** `__u8 padding1[6]` split into a type column and a name column. */
function declParts(t: CType, name: string): [string, string] {
  let dims = '';
  let e = t;
  while (e.kind === 'array') {
    dims += `[${e.count}]`;
    e = e.elem;
  }
  const type = e.kind === 'scalar' ? e.name : `${e.kind} ${e.name || '{...}'}`;
  return [type, `${name}${dims}`];
}

function holeLines(depth: number, size: number, tail: boolean): string[] {
  const bytes = `${size} byte${size === 1 ? '' : 's'}`;
  const text = `${INDENT.repeat(depth)}/* XXX ${bytes} ${tail ? 'tail padding' : 'hole'} */`;
  return tail ? ['', text] : ['', text, ''];
}

function body(t: StructLayout, base: number, depth: number, out: string[], tags: Readonly<Record<string, string>>): void {
  const gaps = t.kind === 'struct' ? holes(t) : [];
  const pad = INDENT.repeat(depth);
  for (const mem of t.members) {
    const gap = gaps.find((h) => !h.tail && h.offset + h.size === mem.offset);
    if (gap) out.push(...holeLines(depth, gap.size, false));
    const off = base + mem.offset;
    const mt = mem.type;
    if (mt.kind === 'struct' || mt.kind === 'union') {
      out.push(`${pad}${mt.kind}${mt.name ? ` ${tags[mt.name] ?? mt.name}` : ''} {`);
      body(mt, off, depth + 1, out, tags);
      out.push(withComment(`${pad}}${mem.name ? ` ${mem.name}` : ''};`, off, mt.size));
    } else {
      const [type, name] = declParts(mt, mem.name ?? '');
      out.push(withComment(`${pad}${type.padEnd(Math.max(TYPE_WIDTH - pad.length, type.length))} ${name};`, off, mt.size));
    }
  }
  const tail = gaps.find((h) => h.tail);
  if (tail && depth > 1) out.push(...holeLines(depth, tail.size, true));
}

export interface PaholeOptions {
  /** The tag to print for the outer struct. Default: the layout's name. */
  displayName?: string;
  /** Tags to print for nested structs, e.g. { kvm_debug_exit_arch_pre_5_19: 'kvm_debug_exit_arch' }. */
  tags?: Readonly<Record<string, string>>;
}

/** The pahole-style listing of `s`, ending with a newline. */
export function formatPahole(s: StructLayout, opts: PaholeOptions = {}): string {
  const out: string[] = [`${s.kind} ${opts.displayName ?? s.name} {`];
  body(s, 0, 1, out, opts.tags ?? {});
  const gaps = s.kind === 'struct' ? holes(s) : [];
  const inner = gaps.filter((h) => !h.tail);
  const sumHoles = inner.reduce((a, h) => a + h.size, 0);
  const padding = gaps.find((h) => h.tail)?.size ?? 0;
  out.push('');
  out.push(`${INDENT}/* size: ${s.size}, cachelines: ${Math.ceil(s.size / CACHELINE)}, members: ${s.members.length} */`);
  if (inner.length > 0) {
    out.push(`${INDENT}/* sum members: ${s.size - sumHoles - padding}, holes: ${inner.length}, sum holes: ${sumHoles} */`);
  }
  if (padding > 0) out.push(`${INDENT}/* padding: ${padding} */`);
  if (s.size % CACHELINE !== 0) out.push(`${INDENT}/* last cacheline: ${s.size % CACHELINE} bytes */`);
  out.push('};');
  return `${out.join('\n')}\n`;
}
