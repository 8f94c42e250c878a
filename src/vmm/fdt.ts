/**
 * The flattened device tree (DTB) format of the Devicetree Specification v0.4, chapter 5, as Linux,
 * U-Boot and libfdt read it: a 40-byte header, the memory reservation block (u64 address/size pairs
 * ending with 0/0), the structure block (FDT_BEGIN_NODE name, FDT_PROP len nameoff value, FDT_END_NODE,
 * FDT_END; every token 4-byte aligned) and the strings block (property names, each once). All
 * integers are big-endian. Version 17, last compatible version 16, as dtc and QEMU write.
 *
 * The tree in memory is plain data (`FdtNode`); property values are raw bytes made by the encoders
 * below (`u32`, `cells`, `str`, `strs`, `empty`). `readFdt` parses and validates a blob (a DTB given
 * with `--dtb`), `writeFdt` serialises a tree.
 */

export const FDT_MAGIC = 0xd00dfeed;
export const FDT_BEGIN_NODE = 1;
export const FDT_END_NODE = 2;
export const FDT_PROP = 3;
export const FDT_NOP = 4;
export const FDT_END = 9;
export const FDT_VERSION = 17;
export const FDT_LAST_COMP_VERSION = 16;
const HEADER_SIZE = 40;

export interface FdtProp {
  name: string;
  value: Uint8Array;
}

export interface FdtNode {
  /** `node-name@unit-address`; the root node's name is empty. */
  name: string;
  props: FdtProp[];
  children: FdtNode[];
}

export interface MemReserve {
  address: bigint;
  size: bigint;
}

export interface Fdt {
  root: FdtNode;
  memReserve: MemReserve[];
  /** Header field boot_cpuid_phys: the physical id of the boot CPU. */
  bootCpuidPhys: number;
}

/** A blob that is not a well-formed DTB; the message says where and why. */
export class FdtError extends Error {
  override name = 'FdtError';
}

// ------------------------------------------------------------------ property encoders

/** A property with no value (a boolean such as `interrupt-controller`). */
export function empty(name: string): FdtProp {
  return { name, value: new Uint8Array(0) };
}

/** A list of 32-bit cells. */
export function u32(name: string, ...values: (number | bigint)[]): FdtProp {
  const out = new Uint8Array(4 * values.length);
  const dv = new DataView(out.buffer);
  values.forEach((v, i) => {
    const n = BigInt(v);
    if (n < 0n || n > 0xffffffffn) throw new RangeError(`${name}: cell value ${v} does not fit 32 bits`);
    dv.setUint32(4 * i, Number(n));
  });
  return { name, value: out };
}

/**
 * Values of given widths in cells, as `reg` and `ranges` are written: `cells('reg', [2, base], [2, size])`
 * puts each value in that many 32-bit cells, most significant first.
 */
export function cells(name: string, ...items: [number, number | bigint][]): FdtProp {
  const words: bigint[] = [];
  for (const [n, v] of items) {
    let x = BigInt(v);
    if (x < 0n || x >> BigInt(32 * n) !== 0n) throw new RangeError(`${name}: value 0x${x.toString(16)} does not fit ${n} cells`);
    const w: bigint[] = [];
    for (let i = 0; i < n; i++, x >>= 32n) w.unshift(x & 0xffffffffn);
    words.push(...w);
  }
  return u32(name, ...words);
}

/** A NUL-terminated string. */
export function str(name: string, value: string): FdtProp {
  return strs(name, value);
}

/** A string list (`compatible = "a", "b"`): each NUL-terminated. */
export function strs(name: string, ...values: string[]): FdtProp {
  const enc = new TextEncoder();
  const parts = values.map((v) => {
    if (v.includes('\0')) throw new RangeError(`${name}: string contains NUL`);
    return enc.encode(`${v}\0`);
  });
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return { name, value: out };
}

/** Raw bytes (`rng-seed`, any property a caller encodes itself). */
export function bytes(name: string, value: Uint8Array): FdtProp {
  return { name, value: value.slice() };
}

export function node(name: string, props: FdtProp[] = [], children: FdtNode[] = []): FdtNode {
  return { name, props, children };
}

// ------------------------------------------------------------------ property decoders

/** The value as 32-bit cells; throws if its length is not a multiple of 4. */
export function readCells(p: FdtProp): number[] {
  if (p.value.length % 4) throw new FdtError(`property '${p.name}' is ${p.value.length} bytes, not whole cells`);
  const dv = new DataView(p.value.buffer, p.value.byteOffset, p.value.byteLength);
  return Array.from({ length: p.value.length / 4 }, (_, i) => dv.getUint32(4 * i));
}

/** The value as a string list; throws unless it is NUL-terminated printable text. */
export function readStrings(p: FdtProp): string[] {
  const v = p.value;
  if (v.length === 0 || v[v.length - 1] !== 0) throw new FdtError(`property '${p.name}' is not a NUL-terminated string`);
  return new TextDecoder().decode(v.subarray(0, v.length - 1)).split('\0');
}

// ------------------------------------------------------------------ tree helpers

export function findProp(n: FdtNode, name: string): FdtProp | undefined {
  return n.props.find((p) => p.name === name);
}

/** Add or replace a property (a replaced one keeps its place). */
export function setProp(n: FdtNode, p: FdtProp): void {
  const i = n.props.findIndex((q) => q.name === p.name);
  if (i >= 0) n.props[i] = p;
  else n.props.push(p);
}

/**
 * The node at an absolute path such as `/chosen` or `/cpus/cpu@0`. A path component without a unit
 * address also matches a node with one (`/memory` finds `memory@40000000`), as libfdt's lookup does.
 */
export function findNode(root: FdtNode, path: string): FdtNode | undefined {
  if (!path.startsWith('/')) return undefined;
  let n: FdtNode | undefined = root;
  for (const part of path.split('/').filter((s) => s !== '')) {
    n = n.children.find((c) => c.name === part) ??
      (part.includes('@') ? undefined : n.children.find((c) => c.name.split('@')[0] === part));
    if (!n) return undefined;
  }
  return n;
}

// ------------------------------------------------------------------ names

/** Specification 2.2.1 and 2.2.4: the characters of node and property names. */
const NODE_NAME = /^[0-9A-Za-z,._+-]+(@[0-9A-Za-z,._+-]+)?$/;
const PROP_NAME = /^[0-9A-Za-z,._+?#-]+$/;

/**
 * The specification limits names to 31 characters, but trees in use exceed it (vendor properties), and
 * dtc only warns, so the length is not enforced; the characters are.
 */
function checkName(kind: 'node' | 'property', name: string): void {
  if (!(kind === 'node' ? NODE_NAME : PROP_NAME).test(name)) throw new FdtError(`bad ${kind} name '${name}'`);
}

// ------------------------------------------------------------------ writer

function align(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** Serialise a tree. Names are checked; duplicate sibling or property names are refused. */
export function writeFdt(fdt: Fdt): Uint8Array {
  const enc = new TextEncoder();
  const strings: number[] = [];
  const stringOff = new Map<string, number>();
  const struct: Uint8Array[] = [];
  let structLen = 0;
  const word = (v: number): void => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v);
    struct.push(b); structLen += 4;
  };
  const padded = (b: Uint8Array): void => {
    const out = new Uint8Array(align(b.length, 4));
    out.set(b);
    struct.push(out); structLen += out.length;
  };
  const nameOff = (name: string): number => {
    let off = stringOff.get(name);
    if (off === undefined) {
      off = strings.length;
      stringOff.set(name, off);
      strings.push(...enc.encode(name), 0);
    }
    return off;
  };
  const emit = (n: FdtNode, isRoot: boolean): void => {
    if (!isRoot) checkName('node', n.name);
    word(FDT_BEGIN_NODE);
    padded(enc.encode(`${n.name}\0`));
    const seen = new Set<string>();
    for (const p of n.props) {
      checkName('property', p.name);
      if (seen.has(p.name)) throw new FdtError(`node '${n.name || '/'}' has property '${p.name}' twice`);
      seen.add(p.name);
      word(FDT_PROP); word(p.value.length); word(nameOff(p.name));
      padded(p.value);
    }
    const names = new Set<string>();
    for (const c of n.children) {
      if (names.has(c.name)) throw new FdtError(`node '${n.name || '/'}' has two children named '${c.name}'`);
      names.add(c.name);
      emit(c, false);
    }
    word(FDT_END_NODE);
  };
  if (fdt.root.name !== '') throw new FdtError('the root node name must be empty');
  emit(fdt.root, true);
  word(FDT_END);

  const offRsv = HEADER_SIZE;
  const rsvLen = 16 * (fdt.memReserve.length + 1);
  const offStruct = offRsv + rsvLen;
  const offStrings = offStruct + structLen;
  const total = offStrings + strings.length;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  [FDT_MAGIC, total, offStruct, offStrings, offRsv, FDT_VERSION, FDT_LAST_COMP_VERSION, fdt.bootCpuidPhys >>> 0,
    strings.length, structLen].forEach((v, i) => dv.setUint32(4 * i, v));
  fdt.memReserve.forEach((r, i) => {
    dv.setBigUint64(offRsv + 16 * i, BigInt.asUintN(64, r.address));
    dv.setBigUint64(offRsv + 16 * i + 8, BigInt.asUintN(64, r.size));
  });
  let off = offStruct;
  for (const b of struct) { out.set(b, off); off += b.length; }
  out.set(strings, offStrings);
  return out;
}

// ------------------------------------------------------------------ reader

/**
 * Parse and validate a DTB: magic, version (16 or 17 readable), blocks inside totalsize and not
 * overlapping the header, a well-nested structure block ending in FDT_END, property name offsets
 * inside the strings block. FDT_NOP tokens are skipped.
 */
export function readFdt(blob: Uint8Array): Fdt {
  const fail = (why: string): never => { throw new FdtError(`not a valid device tree blob: ${why}`); };
  if (blob.length < HEADER_SIZE) fail(`${blob.length} bytes is shorter than the 40-byte header`);
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const h = (i: number): number => dv.getUint32(4 * i);
  if (h(0) !== FDT_MAGIC) fail(`magic 0x${h(0).toString(16)} is not 0xd00dfeed`);
  const [total, offStruct, offStrings, offRsv, version, lastComp, bootCpuid, sizeStrings, sizeStruct] =
    [h(1), h(2), h(3), h(4), h(5), h(6), h(7), h(8), h(9)];
  if (total > blob.length) fail(`totalsize ${total} is larger than the ${blob.length}-byte file`);
  if (version < 16 || lastComp > FDT_VERSION) fail(`version ${version} (last compatible ${lastComp}) is not readable (16 or 17)`);
  const inside = (what: string, off: number, len: number): void => {
    if (off < HEADER_SIZE || off + len > total) fail(`${what} [${off}, ${off + len}) lies outside the blob`);
  };
  inside('structure block', offStruct, sizeStruct);
  inside('strings block', offStrings, sizeStrings);
  if (offStruct % 4) fail('structure block is not 4-byte aligned');
  if (offRsv % 8 || offRsv < HEADER_SIZE) fail('memory reservation block is misplaced');

  const memReserve: MemReserve[] = [];
  for (let off = offRsv; ; off += 16) {
    if (off + 16 > total) fail('memory reservation block has no terminating entry');
    const address = dv.getBigUint64(off), size = dv.getBigUint64(off + 8);
    if (address === 0n && size === 0n) break;
    memReserve.push({ address, size });
  }

  const dec = new TextDecoder('utf-8', { fatal: true });
  const end = offStruct + sizeStruct;
  let p = offStruct;
  const token = (): number => {
    if (p + 4 > end) fail('structure block ends without FDT_END');
    const t = dv.getUint32(p);
    p += 4;
    return t;
  };
  const cstring = (from: number, limit: number, what: string): string => {
    let z = from;
    while (z < limit && blob[z] !== 0) z++;
    if (z >= limit) fail(`${what} at offset ${from} is not NUL-terminated`);
    try {
      return dec.decode(blob.subarray(from, z));
    } catch {
      return fail(`${what} at offset ${from} is not valid text`);
    }
  };
  const stack: FdtNode[] = [];
  let root: FdtNode | undefined;
  for (;;) {
    const t = token();
    if (t === FDT_NOP) continue;
    if (t === FDT_BEGIN_NODE) {
      const name = cstring(p, end, 'node name');
      p = align(p + new TextEncoder().encode(name).length + 1, 4);
      const n = node(name);
      if (stack.length === 0) {
        if (root) fail('a second root node');
        if (name !== '') fail(`root node is named '${name}'`);
        root = n;
      } else {
        checkName('node', name);
        stack[stack.length - 1]!.children.push(n);
      }
      stack.push(n);
    } else if (t === FDT_PROP) {
      const n = stack[stack.length - 1] ?? fail('property outside any node');
      const len = token(), nameoff = token();
      if (p + len > end) fail('property value runs past the structure block');
      if (nameoff >= sizeStrings) fail(`property name offset ${nameoff} is outside the strings block`);
      const name = cstring(offStrings + nameoff, offStrings + sizeStrings, 'property name');
      checkName('property', name);
      n.props.push({ name, value: blob.slice(p, p + len) });
      p = align(p + len, 4);
    } else if (t === FDT_END_NODE) {
      if (!stack.pop()) fail('FDT_END_NODE without a node');
    } else if (t === FDT_END) {
      if (stack.length) fail(`FDT_END inside node '${stack[stack.length - 1]!.name}'`);
      if (!root) fail('no root node');
      return { root: root!, memReserve, bootCpuidPhys: bootCpuid };
    } else {
      fail(`unknown token 0x${t.toString(16)} at offset ${p - 4}`);
    }
  }
}
