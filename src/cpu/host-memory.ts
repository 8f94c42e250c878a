/**
 * Host memory: the bytes a VMM maps as guest RAM, made where WebAssembly code can reach them.
 *
 * `allocHostMemory(size)` returns a view of the first `size` bytes of a `WebAssembly.Memory` of its
 * own; the memory's tail, which the view does not cover, holds what the CPU's WebAssembly blocks
 * (wasm-tier.ts) read beside guest RAM: scratch areas, one per vCPU running blocks in the memory, each
 * holding that vCPU's register file (the CPU's own `x` lives there while its blocks run in this memory),
 * what a block takes and gives back besides, and the CRC32 tables; and the page flags (memory.ts) of the
 * regions mapped over it, one slot per region (each vCPU has regions of its own over the same RAM, and
 * its own flags). A block then reaches guest RAM, the registers and the flags of its data windows in
 * one memory.
 *
 * Nothing else changes for the memory's users: the view is an ordinary Uint8Array at offset 0 of its
 * buffer, zero-filled; the memory is never grown, so the view stays valid. Where WebAssembly is not
 * available, or the memory would pass 4 GiB, it is a plain Uint8Array and blocks stay JavaScript.
 *
 * Layout of the tail, from the first 4 KiB boundary at or after `size`:
 *
 *   +0      AREAS scratch areas of SCRATCH bytes, each: registers as in regs.ts (int32 pairs, 312
 *           bytes), NZCV (4 int32 at SCR_NZCV), the exit PC (a double at SCR_PC), the exit kind
 *           (int32 at SCR_KIND), the load and store windows at entry (SCR_WIN, SCR_WIN2), the
 *           generations chained blocks and kept windows must match (SCR_GEN), EL1h (SCR_EL1H), the
 *           exclusive monitor (SCR_EXA, SCR_EXS), the counters (SCR_CNTP, SCR_VOFF), the CRC32 and
 *           CRC32C tables (256 int32 each at SCR_CRC, SCR_CRCC), the chain table (SCR_CHAIN), the kept
 *           windows (SCR_WINS)
 *   +AREAS * SCRATCH   FLAG_SLOTS slots of one byte per 4 KiB page of the view
 */
import { crcTable } from './crc.ts';
import { wasmApi, type WasmMemory } from './wasm-asm.ts';

export const SCR_NZCV = 320;
export const SCR_PC = 336;
export const SCR_KIND = 344;
/**
 * A data window: its virtual base (a double), length, offset of its bytes and of its page flags in
 * the memory (int32s at +8, +12, +16). The load window at SCR_WIN, the store window after it.
 */
export const SCR_WIN = 352;
export const WIN_BYTES = 24;
/** The load window before the load window (a function's second, passed on to the next in a chain). */
export const SCR_WIN2 = SCR_WIN + 2 * WIN_BYTES;
/**
 * What the CPU's chained blocks are valid for now (int32s, written by every call from JavaScript):
 * the translation generation, and the code generation (-1: no chaining now). See SCR_CHAIN.
 */
export const SCR_GEN = 432;
export const SCR_CGEN = 436;
/** Blocks entered from another without returning (an int32 the JavaScript wrapper adds up and clears). */
export const SCR_HOPS = 440;
/** The translation generation the CPU is at (SCR_GEN whether or not chaining is allowed): what SCR_WINS entries must match. */
export const SCR_WGEN = 444;
/** 1 when the CPU is at EL1 with SP_EL1 (CpuCore.el1h), written by every call from JavaScript: MRSV of SP_EL0 and TPIDR_EL1 read in place only then. */
export const SCR_EL1H = 448;
/** The exclusive monitor (CpuCore.exAddr, a double, and exSize, an int32), in and out of every call from JavaScript. */
export const SCR_EXA = 456;
export const SCR_EXS = 464;
/**
 * The counters (doubles, written by every call from JavaScript): the physical count the call's last
 * instruction would read, were the whole budget run (retired + curN + idleTicks + budget), and
 * CNTVOFF_EL2 (CpuCore.cntvoffN: -1 when no double holds it). A function reads its count from the
 * first and the budget it was given, which the dispatcher lowers by what the chain ran before it.
 */
export const SCR_CNTP = 472;
export const SCR_VOFF = 480;
export const SCR_CRC = 1024;
export const SCR_CRCC = 2048;
/**
 * The CPU's chain table: CHAIN_ENTRIES entries of CHAIN_BYTES, direct-mapped by `chainSlot` of a block's
 * entry address, each naming a block that runs in this memory: its entry address (a double, +0), the
 * generations it is valid for (int32s at +8 and +12, as SCR_GEN and SCR_CGEN), the least budget it
 * needs (+16) and its index in the memory's table of functions (+20).
 */
export const SCR_CHAIN = 4096;
export const CHAIN_ENTRIES = 4096;
export const CHAIN_BYTES = 32;
/**
 * The windows the CPU keeps for its loads and stores in this memory (access.ts `dWins`, `sWins`), for
 * the functions to find another window without asking: WIN_SLOTS of loads, then WIN_SLOTS of stores,
 * direct-mapped by VA[21:12], each a window description (SCR_WIN) with the translation generation it
 * was made at (int32 at +20, as SCR_WGEN).
 */
export const SCR_WINS = SCR_CHAIN + CHAIN_ENTRIES * CHAIN_BYTES;
export const WIN_SLOTS = 1024;
export const SCRATCH = SCR_WINS + 2 * WIN_SLOTS * WIN_BYTES;
/** The chain table slot of address `va` (an exact double): VA[31:2] folded (wasm-tier.ts computes the same). */
export const chainSlot = (va: number): number => { const lo = va | 0; return ((lo >>> 2) ^ (lo >>> 12)) & (CHAIN_ENTRIES - 1); };
/** Regions (one per vCPU and memory slot) whose page flags a memory can hold. */
export const FLAG_SLOTS = 8;
/** vCPUs whose registers a memory can hold (scratch areas). */
export const AREAS = 8;
/** Register-file bytes at the start of an area (regs.ts: NSLOTS int32 pairs). */
const REG_BYTES = 312;
const PAGE = 4096;
const WASM_PAGE = 65536;
/** The largest memory a 32-bit WebAssembly memory holds. */
const WASM_MAX = 2 ** 32;

export interface HostMemory {
  readonly memory: WasmMemory;
  /** The guest-visible bytes (what allocHostMemory returned). */
  readonly size: number;
  /** Offset of the first scratch area (area k at scratch + k * SCRATCH). */
  readonly scratch: number;
  /** The whole memory as int32s and doubles (what the scratch areas are read and written through). */
  readonly s32: Int32Array;
  readonly f64: Float64Array;
  /** Which scratch areas are taken (claimArea). */
  readonly areas: boolean[];
  /** Offset of the first flag slot; slot k holds `pages` bytes at flags + k * pages. */
  readonly flags: number;
  readonly pages: number;
  /** Which flag slots are taken. */
  readonly taken: boolean[];
}

const hosts = new WeakMap<ArrayBufferLike, HostMemory>();

/** Zero-filled memory of `size` bytes (a multiple of 4 KiB) that WebAssembly blocks can reach. */
export function allocHostMemory(size: number): Uint8Array {
  const pages = Math.ceil(size / PAGE);
  const scratch = pages * PAGE;
  const flags = scratch + AREAS * SCRATCH;
  const total = flags + FLAG_SLOTS * pages;
  if (wasmApi === undefined || total > WASM_MAX) return new Uint8Array(size);
  let memory: WasmMemory;
  try {
    memory = new wasmApi.Memory({ initial: Math.ceil(total / WASM_PAGE), maximum: Math.ceil(total / WASM_PAGE) });
  } catch {
    return new Uint8Array(size);
  }
  const buf = memory.buffer;
  const s32 = new Int32Array(buf);
  const crc = crcTable(false), crcc = crcTable(true);
  for (let k = 0; k < AREAS; k++) {
    s32.set(crc, (scratch + k * SCRATCH + SCR_CRC) / 4);
    s32.set(crcc, (scratch + k * SCRATCH + SCR_CRCC) / 4);
  }
  hosts.set(buf, {
    memory, size, scratch, s32, f64: new Float64Array(buf), areas: new Array<boolean>(AREAS).fill(false), flags, pages,
    taken: new Array<boolean>(FLAG_SLOTS).fill(false),
  });
  return new Uint8Array(buf, 0, size);
}

/** The host memory `buffer` belongs to, if it is one. */
export function hostOf(buffer: ArrayBufferLike): HostMemory | undefined {
  return hosts.get(buffer);
}

/** Frees a flag slot when the region that took it is collected without being released. */
const slotOwners = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ h: HostMemory; k: number }>(({ h, k }) => { h.taken[k] = false; })
  : null;

/**
 * Page flags for a region over `u8`, in a free slot of its host memory (zero-filled), or null when
 * `u8` is not host memory or every slot is taken (the region then keeps its flags elsewhere and its
 * blocks stay JavaScript). `owner` is the region: its slot is freed when it is collected, or by
 * `releaseFlags`.
 */
export function claimFlags(u8: Uint8Array, owner: object): Uint8Array | null {
  const h = hosts.get(u8.buffer);
  if (h === undefined || u8.byteOffset % PAGE !== 0 || u8.byteOffset + u8.byteLength > h.size) return null;
  const k = h.taken.indexOf(false);
  if (k < 0) return null;
  h.taken[k] = true;
  const f = new Uint8Array(h.memory.buffer, h.flags + k * h.pages + u8.byteOffset / PAGE, Math.ceil(u8.byteLength / PAGE));
  f.fill(0);
  slotOwners?.register(owner, { h, k }, owner);
  return f;
}

/** Frees a scratch area when the CPU that took it is collected. */
const areaOwners = typeof FinalizationRegistry === 'function'
  ? new FinalizationRegistry<{ h: HostMemory; k: number }>(({ h, k }) => { h.areas[k] = false; })
  : null;

/**
 * A register file for a CPU (`owner`) in a free scratch area of `h`, holding a copy of `x`, or null
 * when every area is taken. The area is the CPU's until it is collected.
 */
export function claimArea(h: HostMemory, x: Int32Array, owner: object): Int32Array | null {
  const k = h.areas.indexOf(false);
  if (k < 0 || x.length * 4 > REG_BYTES) return null;
  h.areas[k] = true;
  areaOwners?.register(owner, { h, k });
  const regs = new Int32Array(h.memory.buffer, h.scratch + k * SCRATCH, x.length);
  regs.set(x);
  // no entries in the chain table (a CPU collected before may have left some)
  const at = (h.scratch + k * SCRATCH + SCR_CHAIN) / 8;
  for (let i = 0; i < CHAIN_ENTRIES; i++) h.f64[at + i * (CHAIN_BYTES / 8)] = NaN;
  // and no windows (length 0)
  const w = (h.scratch + k * SCRATCH + SCR_WINS) / 4;
  for (let i = 0; i < 2 * WIN_SLOTS; i++) h.s32[w + i * (WIN_BYTES / 4) + 2] = 0;
  return regs;
}

/** Give back the slot of flags `f` claimed for `owner` (a region no CPU uses any more). */
export function releaseFlags(f: Uint8Array, owner: object): void {
  const h = hosts.get(f.buffer);
  if (h === undefined) return;
  const k = Math.floor((f.byteOffset - h.flags) / h.pages);
  if (k >= 0 && k < FLAG_SLOTS) h.taken[k] = false;
  slotOwners?.unregister(owner);
}

/**
 * Keep window `kind` (0 loads, 1 stores) in slot `i` of the kept windows of the scratch area at byte
 * `area` of `h`: virtual base `b`, length `len`, byte offsets of its bytes and its flags, made at
 * translation generation `gen`.
 */
export function keepWindow(h: HostMemory, area: number, kind: number, i: number, b: number, len: number, off: number, flOff: number, gen: number): void {
  const at = area + SCR_WINS + (kind * WIN_SLOTS + i) * WIN_BYTES;
  h.f64[at >> 3] = b;
  const s = h.s32, a4 = at >> 2;
  s[a4 + 2] = len; s[a4 + 3] = off; s[a4 + 4] = flOff; s[a4 + 5] = gen;
}
