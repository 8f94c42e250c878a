/**
 * Randomised differential test of kvmdbg's CPU against QEMU on FP/SIMD code (fpdiff/sequence.ts):
 * sequences of random SIMD&FP instructions of every group, SIMD&FP loads and stores of every form on a
 * scratch buffer, and FPCR switches between rounding modes with FZ and DN on and off, from random
 * registers weighted to the special FP values. qemu-aarch64 -cpu cortex-a57 runs them one instruction
 * per block with `-d cpu,fpu`; kvmdbg's CPU starts from QEMU's state at the first instruction and x0..x30,
 * SP, PC, NZCV, v0..v31, FPCR and FPSR must agree after every instruction. Looped sequences (600
 * iterations, past the hot-block threshold) compare the final registers and memory.
 *
 * FP_SEQ_CASES (default 30), FP_SEQ_LENGTH (default 120), FP_SEQ_LOOPED (default 6), FP_SEQ_SEED (default 1).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from './cpudiff/rng.ts';
import { loadElf } from './cpudiff/guest-trace.ts';
import { sequence, programSource, DATA, SCRATCH, SCRATCH_SIZE, DUMP_SIZE, type SeqInit } from './fpdiff/sequence.ts';
import { acceptedForms } from './fpdiff/assemble.ts';
import { fpValue, intValue, fpcrValue, rand64 } from './fpdiff/values.ts';
import { createCpu } from '../../src/cpu/index.ts';
import type { GuestCpu } from '../../src/cpu/api.ts';

const envInt = (name: string, def: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer, got '${v}'`);
  return n;
};
const CASES = envInt('FP_SEQ_CASES', 30);
const LENGTH = envInt('FP_SEQ_LENGTH', 120);
const LOOPED = envInt('FP_SEQ_LOOPED', 6);
const SEED = envInt('FP_SEQ_SEED', 1);
const LOOPS = 600;

interface FpState { pc: bigint; x: bigint[]; sp: bigint; nzcv: number; fpcr: number; fpsr: number; v: bigint[] }

/** QEMU's `-d cpu,fpu` log: one block per instruction, the FPCR/FPSR on the PSTATE line, Qnn=hi:lo. */
function parseLog(log: string): FpState[] {
  const out: FpState[] = [];
  for (const b of log.split(/(?=^ ?PC=)/m)) {
    const pc = /PC=([0-9a-f]{16})/.exec(b), ps = /PSTATE=([0-9a-f]{8})/.exec(b), fp = /FPCR=([0-9a-f]{8}) FPSR=([0-9a-f]{8})/.exec(b);
    const sp = /SP=([0-9a-f]{16})/.exec(b);
    if (!pc || !ps || !fp || !sp) continue;
    const x: bigint[] = [];
    for (const m of b.matchAll(/X(\d\d)=([0-9a-f]{16})/g)) x[Number(m[1])] = BigInt(`0x${m[2]}`);
    const v: bigint[] = [];
    for (const m of b.matchAll(/Q(\d\d)=([0-9a-f]{16}):([0-9a-f]{16})/g)) v[Number(m[1])] = (BigInt(`0x${m[2]}`) << 64n) | BigInt(`0x${m[3]}`);
    if (x.length !== 31 || v.length !== 32) throw new Error(`unreadable QEMU state:\n${b}`);
    out.push({ pc: BigInt(`0x${pc[1]}`), x, sp: BigInt(`0x${sp[1]}`), nzcv: Number.parseInt(ps[1], 16) >>> 28,
      fpcr: Number.parseInt(fp[1], 16), fpsr: Number.parseInt(fp[2], 16), v });
  }
  return out;
}

interface Built { elf: Uint8Array; seq: number; end: number; words: Map<bigint, string> }

function build(src: string): Built {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-fpseq-'));
  try {
    writeFileSync(join(dir, 'p.s'), src);
    const as = spawnSync('aarch64-linux-gnu-as', ['-march=armv8-a+crypto', '-o', join(dir, 'p.o'), join(dir, 'p.s')], { encoding: 'utf8' });
    if (as.status !== 0) throw new Error(`as: ${as.stderr}`);
    const ld = spawnSync('aarch64-linux-gnu-ld', ['-static', '-Ttext=0x40010000', `-Tdata=0x${DATA.toString(16)}`, '-o', join(dir, 'p'), join(dir, 'p.o')], { encoding: 'utf8' });
    if (ld.status !== 0) throw new Error(`ld: ${ld.stderr}`);
    const nm = spawnSync('aarch64-linux-gnu-nm', [join(dir, 'p')], { encoding: 'utf8' }).stdout;
    const sym = (name: string): number => Number.parseInt(new RegExp(`^([0-9a-f]+) \\w ${name}$`, 'm').exec(nm)![1], 16);
    const dis = spawnSync('aarch64-linux-gnu-objdump', ['-d', join(dir, 'p')], { encoding: 'utf8' }).stdout;
    const words = new Map<bigint, string>();
    for (const l of dis.split('\n')) {
      const m = /^\s+([0-9a-f]+):\t([0-9a-f]{8})\s+\t(.*)$/.exec(l);
      if (m) words.set(BigInt(`0x${m[1]}`), `${m[2]}  ${m[3].replace(/\s+/g, ' ')}`);
    }
    return { elf: new Uint8Array(readFileSync(join(dir, 'p'))), seq: sym('seq'), end: sym('seqend'), words };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function qemu(b: Built, trace: boolean): { states: FpState[]; stdout: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-fpseq-run-'));
  try {
    const exe = join(dir, 'p'), log = join(dir, 'cpu.log');
    writeFileSync(exe, b.elf);
    chmodSync(exe, 0o755);
    const args = ['-cpu', 'cortex-a57', ...(trace ? ['-singlestep', '-d', 'cpu,fpu,nochain', '-D', log] : []), exe];
    const r = spawnSync('qemu-aarch64', args, { timeout: 120_000, maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`qemu-aarch64 exited with ${r.status} (${r.signal}): ${String(r.stderr)}`);
    return { states: trace ? parseLog(readFileSync(log, 'utf8')) : [], stdout: new Uint8Array(r.stdout) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A CPU with the program loaded, FP enabled (CPACR_EL1.FPEN = 0b11) and QEMU's state at `s` (EL1h). */
function cpuAt(b: Built, s: FpState): { cpu: GuestCpu; ram: Uint8Array } {
  const cpu = createCpu();
  const ram = new Uint8Array(16 << 20);
  loadElf(b.elf, ram);
  new DataView(ram.buffer).setUint32(0, 0xd5181040, true); // msr cpacr_el1, x0 at 0x40000000
  cpu.mapRam(0x40000000n, ram);
  cpu.setX(0, 3n << 20n);
  cpu.setPc(0x40000000n);
  cpu.run(1);
  s.x.forEach((v, k) => cpu.setX(k, v));
  cpu.setSp(s.sp);
  s.v.forEach((v, k) => cpu.setVReg(k, v));
  cpu.setSysReg('FPCR', BigInt(s.fpcr));
  cpu.setSysReg('FPSR', BigInt(s.fpsr));
  cpu.setPstate(((s.nzcv << 28) | 0x3c5) >>> 0);
  cpu.setPc(s.pc);
  return { cpu, ram };
}

const hex = (v: bigint, w = 16): string => v.toString(16).padStart(w, '0');

function diff(q: FpState, cpu: GuestCpu): string[] {
  const d: string[] = [];
  if (q.pc !== cpu.getPc()) d.push(`PC qemu=${hex(q.pc)} kvmdbg=${hex(cpu.getPc())}`);
  q.x.forEach((v, k) => { const o = cpu.getX(k); if (o !== v) d.push(`X${k} qemu=${hex(v)} kvmdbg=${hex(o)}`); });
  q.v.forEach((v, k) => { const o = cpu.getVReg(k); if (o !== v) d.push(`V${k} qemu=${hex(v, 32)} kvmdbg=${hex(o, 32)}`); });
  if (q.sp !== cpu.getSp()) d.push(`SP qemu=${hex(q.sp)} kvmdbg=${hex(cpu.getSp())}`);
  const nzcv = cpu.getPstate() >>> 28;
  if (q.nzcv !== nzcv) d.push(`NZCV qemu=${q.nzcv} kvmdbg=${nzcv}`);
  const fpsr = Number(cpu.getSysReg('FPSR')), fpcr = Number(cpu.getSysReg('FPCR'));
  if (q.fpsr !== fpsr) d.push(`FPSR qemu=${q.fpsr.toString(16)} kvmdbg=${fpsr.toString(16)}`);
  if (q.fpcr !== fpcr) d.push(`FPCR qemu=${q.fpcr.toString(16)} kvmdbg=${fpcr.toString(16)}`);
  return d;
}

function makeInit(r: Rng): SeqInit {
  const x = Array.from({ length: 31 }, () => intValue(r));
  x[28] = BigInt(SCRATCH + SCRATCH_SIZE / 2);
  for (let k = 4; k < 8; k++) x[k] = BigInt(fpcrValue(r));
  const lane = (): bigint => {
    switch (r.int(4)) {
      case 0: return BigInt.asUintN(64, fpValue(r, 'd'));
      case 1: return (BigInt.asUintN(32, fpValue(r, 's')) << 32n) | BigInt.asUintN(32, fpValue(r, 's'));
      case 2: return BigInt.asUintN(64, intValue(r));
      default: return rand64(r);
    }
  };
  const scratch = new Uint8Array(SCRATCH_SIZE);
  for (let i = 0; i < scratch.length; i += 8) {
    const v = lane();
    for (let k = 0; k < 8; k++) scratch[i + k] = Number((v >> BigInt(8 * k)) & 0xffn);
  }
  return { x, nzcv: r.int(16), fpcr: fpcrValue(r), v: Array.from({ length: 32 }, () => [lane(), lane()] as [bigint, bigint]), scratch };
}

const r = new Rng(SEED);
let compared = 0;

test(`kvmdbg CPU matches QEMU after every FP/SIMD instruction (${CASES} sequences of ~${LENGTH}, seed ${SEED})`, (t) => {
  const failures: string[] = [];
  for (let c = 0; c < CASES; c++) {
    const seq = acceptedForms(sequence(r, LENGTH));
    const b = build(programSource(seq, 0, makeInit(r)));
    const states = qemu(b, true).states.filter((s) => s.pc >= BigInt(b.seq) && s.pc <= BigInt(b.end));
    assert.ok(states.length > 1 && states[0].pc === BigInt(b.seq), 'the trace covers the sequence');
    const { cpu } = cpuAt(b, states[0]);
    for (let k = 1; k < states.length; k++) {
      const before = states[k - 1].pc;
      cpu.run(1);
      compared++;
      const d = diff(states[k], cpu);
      if (d.length) {
        failures.push(`case ${c}: after ${b.words.get(before)} at ${hex(before)}\n    ${d.slice(0, 8).join('\n    ')}`);
        break;
      }
    }
    if (failures.length >= 8) break;
  }
  t.diagnostic(`${compared} instructions compared`);
  assert.equal(failures.length, 0, `${failures.length} sequences diverged (${compared} instructions compared):\n${failures.join('\n')}`);
});

test(`kvmdbg CPU matches QEMU on FP/SIMD hot loops (${LOOPED} sequences of ~${LENGTH / 2} run ${LOOPS} times; final registers and memory)`, () => {
  const failures: string[] = [];
  for (let c = 0; c < LOOPED; c++) {
    const seq = acceptedForms(sequence(r, LENGTH / 2));
    const init = makeInit(r);
    const b = build(programSource(seq, LOOPS, init));
    const q = qemu(b, false).stdout;
    assert.equal(q.length, SCRATCH_SIZE + DUMP_SIZE);
    // start kvmdbg where the prologue leaves QEMU: registers from the pool
    const start: FpState = {
      pc: BigInt(b.seq), x: init.x.map((v) => BigInt.asUintN(64, v)), sp: 0x40800000n, nzcv: init.nzcv, fpcr: init.fpcr & 0x07f70000, fpsr: 0,
      v: init.v.map(([lo, hi]) => (hi << 64n) | lo),
    };
    start.x[27] = BigInt(LOOPS);
    const { cpu, ram } = cpuAt(b, start);
    let guard = 0;
    while (cpu.getPc() !== BigInt(b.end) && guard++ < 10_000) cpu.run(100_000);
    // run the tail (stores the registers to the dump) up to the write syscall
    const tail = Number(BigInt(b.end) - 0x40000000n);
    const dv = new DataView(ram.buffer);
    let pcOff = tail;
    while (dv.getUint32(pcOff, true) !== 0xd4000001) pcOff += 4; // svc #0
    while (cpu.getPc() !== 0x40000000n + BigInt(pcOff) && guard++ < 20_000) cpu.run(1);
    const ours = ram.subarray(SCRATCH - 0x40000000, SCRATCH - 0x40000000 + SCRATCH_SIZE + DUMP_SIZE);
    // SP is QEMU's stack in user mode: the dump slot for SP (offset 248) is not compared
    const bad: string[] = [];
    for (let i = 0; i < q.length && bad.length < 12; i++) {
      const inSp = i >= SCRATCH_SIZE + 248 && i < SCRATCH_SIZE + 256;
      if (!inSp && q[i] !== ours[i]) bad.push(`byte +0x${i.toString(16)} qemu=${q[i]} kvmdbg=${ours[i]}`);
    }
    if (bad.length) failures.push(`looped case ${c}:\n    ${bad.join('\n    ')}\n  body:\n    ${seq.join('\n    ')}`);
  }
  assert.equal(failures.length, 0, failures.slice(0, 3).join('\n'));
});
