/**
 * Differential test of kvmdbg's CPU against QEMU: one random case = random initial registers, a random
 * instruction sequence and random scratch memory; QEMU user mode runs it and logs the state before every
 * instruction; kvmdbg's CPU runs the same bytes at the same addresses one instruction at a time, and
 * all general registers, SP, PC and NZCV must match after every instruction.
 */
import type { GuestCpu } from '../../../src/cpu/api.ts';
import { Rng } from './rng.ts';
import { generate, BASE_REG, LOOP_REG, type Group } from './gen.ts';
import {
  buildElf, buildProgram, CODE_BASE, SEQUENCE_START, SCRATCH_BASE, SCRATCH_MIDDLE, SCRATCH_SIZE, DUMP_BASE, DUMP_SIZE, type Program, type InitialState,
} from './program.ts';
import { qemuTrace, disassemble, type CpuState } from './qemu-trace.ts';

export interface Case {
  seed: number;
  init: InitialState;
  groups: Group[];
  words: number[];
  program: Program;
}

/** A random case; with `loops`, the sequence runs that many times (to exercise hot-code paths). */
export function makeCase(seed: number, length: number, loops = 0): Case {
  const r = new Rng(seed);
  const x = Array.from({ length: 31 }, () => r.u64());
  x[BASE_REG] = BigInt(SCRATCH_MIDDLE);
  if (loops) x[LOOP_REG] = BigInt(loops);
  const sp = (r.u64() & ~0xfn) | 0n;
  const nzcv = (r.int(16) << 28) >>> 0;
  const init = { x, sp, nzcv };
  const groups = generate(r, length, SEQUENCE_START, CODE_BASE);
  const words = groups.flat();
  const scratch = new Uint8Array(SCRATCH_SIZE);
  for (let i = 0; i < scratch.length; i += 4) new DataView(scratch.buffer).setUint32(i, r.u32(), true);
  return { seed, init, groups, words, program: buildProgram(init, words, scratch, loops) };
}

/** What QEMU did: the states from the first random instruction up to the exit sequence (inclusive), and the final scratch memory. */
export interface QemuRun {
  states: CpuState[];
  scratch: Uint8Array;
}

export function qemuRun(c: Case): QemuRun {
  const { states: all, stdout } = qemuTrace(buildElf(c.program));
  if (stdout.length !== SCRATCH_SIZE + DUMP_SIZE) throw new Error(`seed ${c.seed}: QEMU wrote ${stdout.length} bytes of data, not ${SCRATCH_SIZE + DUMP_SIZE}`);
  const first = all.findIndex((s) => s.pc === BigInt(c.program.start));
  const last = all.findIndex((s) => s.pc === BigInt(c.program.end));
  if (first < 0 || last < first) throw new Error(`seed ${c.seed}: QEMU's trace does not cover the sequence`);
  return { states: all.slice(first, last + 1), scratch: stdout.subarray(0, SCRATCH_SIZE) };
}

const hex = (v: bigint): string => `0x${v.toString(16).padStart(16, '0')}`;

function stateOf(cpu: GuestCpu): CpuState {
  return {
    pc: cpu.getPc(),
    x: Array.from({ length: 31 }, (_, i) => cpu.getX(i)),
    sp: cpu.getSp(),
    nzcv: cpu.getPstate() >>> 28,
  };
}

/** Names and values of the registers that differ (QEMU's value first). */
export function differences(qemu: CpuState, ours: CpuState): string[] {
  const d: string[] = [];
  if (qemu.pc !== ours.pc) d.push(`PC qemu=${hex(qemu.pc)} kvmdbg=${hex(ours.pc)}`);
  for (let i = 0; i < 31; i++) if (qemu.x[i] !== ours.x[i]) d.push(`X${i} qemu=${hex(qemu.x[i])} kvmdbg=${hex(ours.x[i])}`);
  if (qemu.sp !== ours.sp) d.push(`SP qemu=${hex(qemu.sp)} kvmdbg=${hex(ours.sp)}`);
  if (qemu.nzcv !== ours.nzcv) d.push(`NZCV qemu=${qemu.nzcv.toString(2).padStart(4, '0')} kvmdbg=${ours.nzcv.toString(2).padStart(4, '0')}`);
  return d;
}

export interface Mismatch {
  seed: number;
  pc: bigint;
  word: number;
  disassembly: string;
  before: CpuState;
  diffs: string[];
}

const RAM_BASE = 0x40000000;
const RAM_SIZE = 0x30000;
const VECTORS = RAM_BASE; // a page of `hvc #0` used as VBAR_EL1 by the looped comparison

/**
 * Runs the case on a fresh CPU in lock step with QEMU's states. After a divergence the CPU is put
 * back to QEMU's register state and the run goes on, so one sequence reports every instruction that
 * differs (memory written wrongly is only seen at the end, in the scratch comparison).
 */
export function compareCase(createCpu: () => GuestCpu, c: Case, q: QemuRun): Mismatch[] {
  const states = q.states;
  const cpu = createCpu();
  const ram = new Uint8Array(RAM_SIZE);
  const code = c.program.code;
  ram.set(new Uint8Array(code.buffer, code.byteOffset, code.byteLength), CODE_BASE - RAM_BASE);
  ram.set(c.program.data, SCRATCH_BASE - RAM_BASE);
  cpu.mapRam(BigInt(RAM_BASE), ram);
  const load = (s: { x: bigint[]; sp: bigint; nzcv: number }, pc: bigint): void => {
    cpu.setPstate(((s.nzcv << 28) | 0x3c5) >>> 0); // EL1h, DAIF masked
    cpu.setSp(s.sp);
    for (let i = 0; i < 31; i++) cpu.setX(i, s.x[i]);
    cpu.setPc(pc);
  };
  load({ x: c.init.x, sp: c.init.sp, nzcv: c.init.nzcv >>> 28 }, BigInt(c.program.start));
  const start = differences(states[0], stateOf(cpu));
  if (start.length) throw new Error(`seed ${c.seed}: the initial state differs from QEMU's: ${start.join(', ')}`);
  const found: Mismatch[] = [];
  for (let k = 1; k < states.length; k++) {
    const before = stateOf(cpu);
    const idx = Number(before.pc - BigInt(c.program.start)) / 4;
    const word = c.words[idx] ?? 0;
    let diffs: string[];
    try {
      cpu.run(1);
      diffs = differences(states[k], stateOf(cpu));
    } catch (e) {
      diffs = [`kvmdbg threw: ${e instanceof Error ? e.message : String(e)}`];
    }
    if (diffs.length) {
      found.push({ seed: c.seed, pc: before.pc, word, disassembly: disassemble([word], Number(before.pc))[0] ?? '?', before, diffs });
      load(states[k], states[k].pc);
    }
  }
  const ours = ram.subarray(SCRATCH_BASE - RAM_BASE, SCRATCH_BASE - RAM_BASE + SCRATCH_SIZE);
  const bad: string[] = [];
  for (let i = 0; i < SCRATCH_SIZE && bad.length < 8; i++) {
    if (ours[i] !== q.scratch[i]) bad.push(`byte ${hex(BigInt(SCRATCH_BASE + i))} qemu=${q.scratch[i]} kvmdbg=${ours[i]}`);
  }
  if (bad.length) {
    found.push({ seed: c.seed, pc: BigInt(c.program.end), word: 0, disassembly: '(scratch memory after the sequence)', before: stateOf(cpu), diffs: bad });
  }
  return found;
}

export function formatMismatch(m: Mismatch): string {
  const regs = m.before.x.map((v, i) => `X${i}=${hex(v)}`).join(' ');
  return [
    `seed ${m.seed}: at ${hex(m.pc)} ${m.word.toString(16).padStart(8, '0')}  ${m.disassembly}`,
    ...m.diffs.map((d) => `  ${d}`),
    `  state before: ${regs} SP=${hex(m.before.sp)} NZCV=${m.before.nzcv.toString(2).padStart(4, '0')}`,
  ].join('\n');
}

/** QEMU's final data (scratch + register dump) for a looped case, run without tracing. */
export function qemuFinal(c: Case): Uint8Array {
  const { stdout } = qemuTrace(buildElf(c.program), false);
  if (stdout.length !== SCRATCH_SIZE + DUMP_SIZE) throw new Error(`seed ${c.seed}: QEMU wrote ${stdout.length} bytes of data, not ${SCRATCH_SIZE + DUMP_SIZE}`);
  return stdout;
}

const DUMP_NAMES = [...Array.from({ length: 31 }, (_, i) => `X${i}`), 'SP', 'NZCV'];

/**
 * Runs a looped case on kvmdbg's CPU with a large instruction budget (so hot blocks take the CPU's
 * fast paths) or one instruction per run() call (`stepwise`, the plain interpreter), up to the
 * program's write syscall (its SVC lands on an HVC placed at VBAR_EL1 + 0x200, which stops run()).
 * Returns the differences of the register dump and the scratch memory from QEMU's.
 */
export function compareLooped(createCpu: () => GuestCpu, c: Case, qemuData: Uint8Array, stepwise: boolean): string[] {
  const cpu = createCpu();
  const ram = new Uint8Array(RAM_SIZE);
  const dv = new DataView(ram.buffer);
  for (let o = 0; o < 0x800; o += 4) dv.setUint32(o, 0xd4000002, true); // hvc #0
  const code = c.program.code;
  ram.set(new Uint8Array(code.buffer, code.byteOffset, code.byteLength), CODE_BASE - RAM_BASE);
  ram.set(c.program.data, SCRATCH_BASE - RAM_BASE);
  cpu.mapRam(BigInt(RAM_BASE), ram);
  cpu.setSysReg('VBAR_EL1', BigInt(VECTORS));
  cpu.setPstate((c.init.nzcv | 0x3c5) >>> 0);
  cpu.setSp(c.init.sp);
  for (let i = 0; i < 31; i++) cpu.setX(i, c.init.x[i]);
  cpu.setPc(BigInt(c.program.start));
  let steps = 0;
  for (;;) {
    const stop = cpu.run(stepwise ? 1 : 100_000);
    if (stop === 1) break;
    if (++steps > 50_000_000) return ['kvmdbg did not reach the end of the program'];
  }
  const esr = cpu.el2.esr;
  if (((esr >> 26n) & 0x3fn) !== 0x16n || cpu.getSysReg('ELR_EL1') !== BigInt(c.program.writeSvc + 4)) {
    return [`kvmdbg stopped with ESR_EL2=${hex(esr)} ELR_EL1=${hex(cpu.getSysReg('ELR_EL1'))}, not at the program's write syscall`];
  }
  const diffs: string[] = [];
  const ours = new DataView(ram.buffer, DUMP_BASE - RAM_BASE, DUMP_SIZE);
  const theirs = new DataView(qemuData.buffer, qemuData.byteOffset + SCRATCH_SIZE, DUMP_SIZE);
  DUMP_NAMES.forEach((name, i) => {
    let a = theirs.getBigUint64(8 * i, true);
    let b = ours.getBigUint64(8 * i, true);
    if (name === 'NZCV') { a >>= 28n; b >>= 28n; }
    if (a !== b) diffs.push(`${name} qemu=${hex(a)} kvmdbg=${hex(b)}`);
  });
  for (let i = 0; i < SCRATCH_SIZE && diffs.length < 40; i++) {
    const a = qemuData[i], b = ram[SCRATCH_BASE - RAM_BASE + i];
    if (a !== b) diffs.push(`byte ${hex(BigInt(SCRATCH_BASE + i))} qemu=${a} kvmdbg=${b}`);
  }
  return diffs;
}
