/**
 * A small WebAssembly binary writer: the instructions the block tier (wasm-tier.ts) emits, structured
 * control flow with named labels, and a module of functions that imports one memory (and a table).
 * Encodings: the WebAssembly Core Specification 2.0, chapter 5 (Binary Format).
 */

/** The parts of the WebAssembly JavaScript API used here (the project's TypeScript libraries do not declare it). */
export interface WasmMemory { readonly buffer: ArrayBuffer }
export interface WasmApi {
  Memory: new (d: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  Table: new (d: { element: 'anyfunc'; initial: number }) => WasmTable;
}
/** A table of functions. */
export interface WasmTable { readonly length: number; grow(n: number): number; set(i: number, f: unknown): void }
/** WebAssembly where the JavaScript engine has it. */
export const wasmApi: WasmApi | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

export const I32 = 0x7f, I64 = 0x7e, F64 = 0x7c;
export type ValType = typeof I32 | typeof I64 | typeof F64;

/** Opcodes by their text-format names (only those the tier uses). */
export const O = {
  unreachable: 0x00, block: 0x02, loop: 0x03, if: 0x04, else: 0x05, end: 0x0b, br: 0x0c, br_if: 0x0d, br_table: 0x0e,
  drop: 0x1a, select: 0x1b,
  'local.get': 0x20, 'local.set': 0x21, 'local.tee': 0x22,
  'i32.load': 0x28, 'i64.load': 0x29, 'i32.load8_u': 0x2d,
  'i64.load8_s': 0x30, 'i64.load8_u': 0x31, 'i64.load16_s': 0x32, 'i64.load16_u': 0x33, 'i64.load32_s': 0x34, 'i64.load32_u': 0x35,
  'i32.store': 0x36, 'i64.store': 0x37, 'f64.store': 0x39, 'i64.store8': 0x3c, 'i64.store16': 0x3d, 'i64.store32': 0x3e,
  'i32.const': 0x41, 'i64.const': 0x42, 'f64.const': 0x44, 'f64.load': 0x2b, 'f64.eq': 0x61, 'f64.ne': 0x62, 'f64.convert_i64_s': 0xb9,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e,
  'i64.eqz': 0x50, 'i64.eq': 0x51, 'i64.ne': 0x52, 'i64.lt_s': 0x53, 'i64.lt_u': 0x54, 'i64.le_s': 0x57, 'i64.le_u': 0x58, 'i64.ge_s': 0x59,
  'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.div_s': 0x6d, 'i32.div_u': 0x6e,
  'i32.and': 0x71, 'i32.or': 0x72, 'i32.xor': 0x73, 'i32.shl': 0x74, 'i32.shr_s': 0x75, 'i32.shr_u': 0x76, 'i32.rotr': 0x78,
  'i64.add': 0x7c, 'i64.sub': 0x7d, 'i64.mul': 0x7e, 'i64.div_s': 0x7f, 'i64.div_u': 0x80,
  'i64.and': 0x83, 'i64.or': 0x84, 'i64.xor': 0x85, 'i64.shl': 0x86, 'i64.shr_s': 0x87, 'i64.shr_u': 0x88, 'i64.rotr': 0x8a,
  'i32.clz': 0x67, 'i64.clz': 0x79,
  'i32.wrap_i64': 0xa7, 'i64.extend_i32_s': 0xac, 'i64.extend_i32_u': 0xad,
  'i64.extend8_s': 0xc2, 'i64.extend16_s': 0xc3, 'i64.extend32_s': 0xc4,
} as const;
export type OpName = keyof typeof O;

/** Alignment exponent of each memory access (the natural one). */
const ALIGN: Partial<Record<OpName, number>> = {
  'i32.load': 2, 'i64.load': 3, 'i32.load8_u': 0, 'i64.load8_s': 0, 'i64.load8_u': 0, 'i64.load16_s': 1, 'i64.load16_u': 1,
  'i64.load32_s': 2, 'i64.load32_u': 2, 'i32.store': 2, 'i64.store': 3, 'f64.store': 3, 'f64.load': 3, 'i64.store8': 0, 'i64.store16': 1, 'i64.store32': 2,
};

function uleb(out: number[], v: number): void {
  do {
    let b = v & 0x7f;
    v = Math.floor(v / 128);
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
}

/** Signed LEB128 of a 32-bit integer (`v | 0`), without BigInt: most constants are i32s and small i64s. */
function sleb32(out: number[], v: number): void {
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) { out.push(b); return; }
    out.push(b | 0x80);
  }
}

/** Appends `src` to `out` (spreading a large array into push's arguments is slow, and can overflow the stack). */
function append(out: number[], src: readonly number[]): void {
  for (let i = 0; i < src.length; i++) out.push(src[i]!);
}

/** The bytes of an f64 constant, little-endian on any host, through one scratch buffer. */
const F64_BYTES = new Uint8Array(8);
const F64_VIEW = new DataView(F64_BYTES.buffer);

function sleb(out: number[], v: bigint): void {
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    if ((v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0)) { out.push(b); return; }
    out.push(b | 0x80);
  }
}

/** A function body under construction: locals, instructions, labels. */
export class Fn {
  readonly code: number[] = [];
  private readonly locals: ValType[] = [];
  private readonly labels: string[] = [];
  constructor(private readonly params: readonly ValType[]) {}

  /** A new local of type `t`: its index. */
  local(t: ValType): number { this.locals.push(t); return this.params.length + this.locals.length - 1; }

  op(name: OpName): this { this.code.push(O[name]); return this; }
  /** Several instructions without immediates. */
  ops(...names: OpName[]): this { for (const n of names) this.code.push(O[n]); return this; }
  get(l: number): this { this.code.push(O['local.get']); uleb(this.code, l); return this; }
  set(l: number): this { this.code.push(O['local.set']); uleb(this.code, l); return this; }
  tee(l: number): this { this.code.push(O['local.tee']); uleb(this.code, l); return this; }
  i32(v: number): this { this.code.push(O['i32.const']); sleb32(this.code, v | 0); return this; }
  i64(v: bigint): this {
    this.code.push(O['i64.const']);
    const s = BigInt.asIntN(64, v);
    if (s >= -0x8000_0000n && s <= 0x7fff_ffffn) sleb32(this.code, Number(s)); else sleb(this.code, s);
    return this;
  }
  f64(v: number): this {
    this.code.push(O['f64.const']);
    F64_VIEW.setFloat64(0, v, true);
    for (let i = 0; i < 8; i++) this.code.push(F64_BYTES[i]!);
    return this;
  }
  /** A load or store with a constant offset. */
  mem(name: OpName, offset = 0): this {
    this.code.push(O[name]); uleb(this.code, ALIGN[name] ?? 0); uleb(this.code, offset);
    return this;
  }

  /** Open a block, loop or if (no result) under `label`. */
  open(kind: 'block' | 'loop' | 'if', label = ''): this { this.code.push(O[kind], 0x40); this.labels.push(label); return this; }
  else(): this { this.code.push(O.else); return this; }
  close(): this { this.code.push(O.end); this.labels.pop(); return this; }
  private depth(label: string): number {
    const i = this.labels.lastIndexOf(label);
    if (i < 0) throw new Error(`wasm: no label ${label}`);
    return this.labels.length - 1 - i;
  }
  /** Call the function of table 0 whose index is on the stack, of type `type`. */
  callIndirect(type: number): this { this.code.push(0x11); uleb(this.code, type); this.code.push(0x00); return this; }
  br(label: string): this { this.code.push(O.br); uleb(this.code, this.depth(label)); return this; }
  brIf(label: string): this { this.code.push(O.br_if); uleb(this.code, this.depth(label)); return this; }
  brTable(labels: readonly string[], dflt: string): this {
    this.code.push(O.br_table); uleb(this.code, labels.length);
    for (const l of labels) uleb(this.code, this.depth(l));
    uleb(this.code, this.depth(dflt));
    return this;
  }

  /** The start of the function's body: its locals, grouped by type (the code and an `end` follow). */
  localsHeader(): number[] {
    const out: number[] = [];
    const groups: [number, ValType][] = [];
    for (const t of this.locals) {
      const g = groups[groups.length - 1];
      if (g !== undefined && g[1] === t) g[0]++; else groups.push([1, t]);
    }
    uleb(out, groups.length);
    for (const [n, t] of groups) { uleb(out, n); out.push(t); }
    return out;
  }
}

function section(out: number[], id: number, content: number[]): void {
  out.push(id); uleb(out, content.length); append(out, content);
}
function name(out: number[], s: string): void {
  uleb(out, s.length);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

function typeOf(out: number[], params: readonly ValType[]): void {
  out.push(0x60);
  uleb(out, params.length); out.push(...params);
  out.push(1, I32); // one i32 result
}

/**
 * A module of the functions `fns` (`params`, one i32 result each), exported as f0, f1..., that imports
 * memory `m.m` and, given `callee`, a table of functions `m.t` its code calls through (`callIndirect(1)`:
 * type 1, `callee` params, one i32 result).
 */
export function moduleOf(params: readonly ValType[], fns: readonly Fn[], callee?: readonly ValType[]): Uint8Array {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  const types: number[] = [callee === undefined ? 1 : 2];
  typeOf(types, params);
  if (callee !== undefined) typeOf(types, callee);
  section(out, 1, types);
  const imp: number[] = [callee === undefined ? 1 : 2];
  name(imp, 'm'); name(imp, 'm'); imp.push(0x02, 0x00, 0x00); // memory, limits {min 0}
  if (callee !== undefined) { name(imp, 'm'); name(imp, 't'); imp.push(0x01, 0x70, 0x00, 0x00); } // table of funcref, limits {min 0}
  section(out, 2, imp);
  const own: number[] = [];
  uleb(own, fns.length);
  for (let j = 0; j < fns.length; j++) own.push(0);
  section(out, 3, own);
  const exp: number[] = [];
  uleb(exp, fns.length);
  fns.forEach((_, j) => { name(exp, `f${j}`); exp.push(0x00); uleb(exp, j); });
  section(out, 7, exp);
  // the code section, written straight into the module's bytes: its bodies are most of them, and
  // copying them from array to array as they grow cost more than the rest of the module
  const count: number[] = [];
  uleb(count, fns.length);
  const heads = fns.map((fn) => fn.localsHeader());
  let content = count.length;
  const sizes = fns.map((fn, j) => {
    const n = heads[j]!.length + fn.code.length + 1; // + end
    const b: number[] = [];
    uleb(b, n);
    content += b.length + n;
    return b;
  });
  out.push(10);
  uleb(out, content);
  const bytes = new Uint8Array(out.length + content);
  let o = 0;
  const put = (a: readonly number[]): void => { for (let i = 0; i < a.length; i++) bytes[o++] = a[i]!; };
  put(out); put(count);
  fns.forEach((fn, j) => { put(sizes[j]!); put(heads[j]!); put(fn.code); bytes[o++] = O.end; });
  return bytes;
}
