/**
 * C struct layout by the AArch64 procedure-call standard (AAPCS64, "Composite Types" and "Fundamental
 * Data Types"): every scalar is naturally aligned (alignment = size, `__uint128_t` included, so 16);
 * a struct or union is aligned to its most-aligned member; each member of a struct starts at the next
 * offset that satisfies its alignment (the gap is a padding hole); the size is rounded up to the
 * alignment (tail padding); all members of a union start at 0 and the union is as large as its largest
 * member, rounded up to its alignment; a fixed array is its element repeated with no gaps.
 *
 * These rules are the same for little- and big-endian AArch64: byte order changes where the bytes of
 * a value sit inside its field, never where the field is.
 *
 * Types are built once (the descriptors in kvm-structs.ts) and carry their computed size, alignment
 * and member offsets; `flattenLayout` and `fieldInfo` answer questions about them.
 */

/** A fundamental type: unsigned fixed-width integers, `char`, `__uint128_t`. */
export interface ScalarType {
  readonly kind: 'scalar';
  readonly name: string;
  readonly size: number;
  readonly align: number;
}

/** `T name[count]`. */
export interface ArrayType {
  readonly kind: 'array';
  /** C spelling without the member name, e.g. `__u8[6]`. */
  readonly name: string;
  readonly elem: CType;
  readonly count: number;
  readonly size: number;
  readonly align: number;
}

/** A member as placed by the layout engine: `name` is null for an anonymous struct/union member. */
export interface Member {
  readonly name: string | null;
  readonly offset: number;
  readonly type: CType;
}

/** A laid-out struct or union. `name` is the C tag (e.g. `kvm_run`), '' for an anonymous type. */
export interface StructLayout {
  readonly kind: 'struct' | 'union';
  readonly name: string;
  readonly size: number;
  readonly align: number;
  readonly members: readonly Member[];
}

export type CType = ScalarType | ArrayType | StructLayout;

/** One field, with a dotted path from the outermost struct and its absolute offset. */
export interface FieldInfo {
  name: string;
  offset: number;
  size: number;
  type: string;
}

/** A member declaration before layout. */
export interface MemberDecl {
  readonly name: string | null;
  readonly type: CType;
}

export function scalar(name: string, size: number): ScalarType {
  return { kind: 'scalar', name, size, align: size };
}

export function array(elem: CType, count: number): ArrayType {
  if (!Number.isInteger(count) || count < 1) throw new Error(`array of ${typeName(elem)}: bad count ${count}`);
  return { kind: 'array', name: `${typeName(elem)}[${count}]`, elem, count, size: elem.size * count, align: elem.align };
}

/** A named member. */
export function m(name: string, type: CType): MemberDecl {
  return { name, type };
}

/** An anonymous struct or union member: its members are reached as if they were the parent's. */
export function anon(type: StructLayout): MemberDecl {
  return { name: null, type };
}

const roundUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Lays out a struct: members in order, each at the next offset aligned for it, tail padded. */
export function struct(name: string, decls: readonly MemberDecl[]): StructLayout {
  let off = 0;
  let align = 1;
  const members: Member[] = [];
  for (const d of decls) {
    off = roundUp(off, d.type.align);
    members.push({ name: d.name, offset: off, type: d.type });
    off += d.type.size;
    align = Math.max(align, d.type.align);
  }
  return { kind: 'struct', name, size: roundUp(off, align), align, members };
}

/** Lays out a union: every member at 0, size of the largest rounded up to the strictest alignment. */
export function union(name: string, decls: readonly MemberDecl[]): StructLayout {
  let size = 0;
  let align = 1;
  for (const d of decls) {
    size = Math.max(size, d.type.size);
    align = Math.max(align, d.type.align);
  }
  const members = decls.map((d) => ({ name: d.name, offset: 0, type: d.type }));
  return { kind: 'union', name, size: roundUp(size, align), align, members };
}

/** The C spelling of a type: `__u64`, `__u8[6]`, `struct kvm_regs`, `union {...}`. */
export function typeName(t: CType): string {
  if (t.kind === 'scalar' || t.kind === 'array') return t.name;
  return t.name ? `${t.kind} ${t.name}` : `${t.kind} {...}`;
}

/** Leaf fields (scalars and arrays, which are not expanded), dotted names, absolute offsets. */
export function flattenLayout(s: StructLayout): FieldInfo[] {
  const out: FieldInfo[] = [];
  const walk = (t: StructLayout, base: number, prefix: string): void => {
    for (const mem of t.members) {
      const path = mem.name === null ? prefix : `${prefix}${mem.name}`;
      const off = base + mem.offset;
      if (mem.type.kind === 'struct' || mem.type.kind === 'union') {
        walk(mem.type, off, mem.name === null ? prefix : `${path}.`);
      } else {
        out.push({ name: path, offset: off, size: mem.type.size, type: mem.type.name });
      }
    }
  };
  walk(s, 0, '');
  return out;
}

/** Every named node (structs, unions, arrays and scalars), depth first, for exhaustive checks. */
export function allPaths(s: StructLayout): FieldInfo[] {
  const out: FieldInfo[] = [];
  const walk = (t: StructLayout, base: number, prefix: string): void => {
    for (const mem of t.members) {
      const off = base + mem.offset;
      if (mem.name === null) {
        walk(mem.type as StructLayout, off, prefix);
        continue;
      }
      const path = `${prefix}${mem.name}`;
      out.push({ name: path, offset: off, size: mem.type.size, type: typeName(mem.type) });
      if (mem.type.kind === 'struct' || mem.type.kind === 'union') walk(mem.type, off, `${path}.`);
    }
  };
  walk(s, 0, '');
  return out;
}

const SEGMENT = /^([A-Za-z_][A-Za-z0-9_]*)(?:\[(\d+)\])?$/;

/** Finds a named member of `t`, looking through anonymous struct/union members. */
function findMember(t: StructLayout, name: string): { offset: number; type: CType } | null {
  for (const mem of t.members) {
    if (mem.name === name) return { offset: mem.offset, type: mem.type };
    if (mem.name === null) {
      const inner = findMember(mem.type as StructLayout, name);
      if (inner) return { offset: mem.offset + inner.offset, type: inner.type };
    }
  }
  return null;
}

const fieldCache = new WeakMap<StructLayout, Map<string, FieldInfo>>();

/**
 * The field at a dotted path such as `debug.arch.hsr_high` or `regs.regs[3]` (an array element), or
 * an inner struct such as `debug.arch`. Throws an Error naming the path on anything unknown.
 * Results are cached per struct, so repeated lookups do not allocate.
 */
export function fieldInfo(s: StructLayout, path: string): FieldInfo {
  let cache = fieldCache.get(s);
  if (!cache) fieldCache.set(s, (cache = new Map()));
  const hit = cache.get(path);
  if (hit) return hit;
  let t: CType = s;
  let off = 0;
  for (const seg of path.split('.')) {
    const mt = SEGMENT.exec(seg);
    if (!mt || (t.kind !== 'struct' && t.kind !== 'union')) throw new Error(`${s.name}: no field '${path}'`);
    const found = findMember(t, mt[1]!);
    if (!found) throw new Error(`${s.name}: no field '${path}'`);
    off += found.offset;
    t = found.type;
    if (mt[2] !== undefined) {
      const idx = Number(mt[2]);
      if (t.kind !== 'array') throw new Error(`${s.name}: '${mt[1]}' in '${path}' is not an array`);
      if (idx >= t.count) throw new Error(`${s.name}: index ${idx} out of range for ${mt[1]}[${t.count}]`);
      off += idx * t.elem.size;
      t = t.elem;
    }
  }
  const info: FieldInfo = { name: path, offset: off, size: t.size, type: typeName(t) };
  cache.set(path, info);
  return info;
}

/** The type found at a path (for callers that need the element type or the nested layout). */
export function fieldType(s: StructLayout, path: string): CType {
  let t: CType = s;
  for (const seg of path.split('.')) {
    const mt = SEGMENT.exec(seg);
    if (!mt || (t.kind !== 'struct' && t.kind !== 'union')) throw new Error(`${s.name}: no field '${path}'`);
    const found = findMember(t, mt[1]!);
    if (!found) throw new Error(`${s.name}: no field '${path}'`);
    t = found.type;
    if (mt[2] !== undefined) {
      if (t.kind !== 'array') throw new Error(`${s.name}: '${mt[1]}' in '${path}' is not an array`);
      t = t.elem;
    }
  }
  return t;
}

/** A padding hole inside a struct (`offset` relative to the struct), or tail padding (`tail` true). */
export interface Hole {
  offset: number;
  size: number;
  tail: boolean;
}

/** The holes directly inside one struct (not its nested members), including tail padding. */
export function holes(t: StructLayout): Hole[] {
  if (t.kind === 'union') {
    const largest = Math.max(0, ...t.members.map((x) => x.type.size));
    return largest < t.size ? [{ offset: largest, size: t.size - largest, tail: true }] : [];
  }
  const out: Hole[] = [];
  let end = 0;
  for (const mem of t.members) {
    if (mem.offset > end) out.push({ offset: end, size: mem.offset - end, tail: false });
    end = mem.offset + mem.type.size;
  }
  if (t.size > end) out.push({ offset: end, size: t.size - end, tail: true });
  return out;
}
