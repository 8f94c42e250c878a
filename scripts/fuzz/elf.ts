/**
 * Target `elf`: mutations of the committed guests (guests/bin/*.elf) given to `kvmdbg run`: ELF header
 * fields, program headers, section headers and symbols set to edge values, truncation, appended bytes
 * and bit flips, one to three at a time. Each must be answered within 1 s of CPU time (wall time says
 * little on a loaded machine; both are reported; 60 s of wall time is a hang): status 2 with a message
 * naming the problem, or a run that ends cleanly under the budgets `--max-insns 5000 --timeout 0.2`
 * (status 0 or 3; 1 or 4 when the mutated guest itself fails, e.g. takes an exception it has no vector
 * for, or asks for a reset, which kvmdbg reports in words), never a stack trace. The cases run through
 * kvmdbg's main() in one worker (cli-runner.ts: the code path of the CLI, without ~0.3 s of process
 * start per ELF); one in `realEvery` also through the real bin/kvmdbg.js process.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inBudget, shown, traceIn, type Budget, type Finding, type TargetReport } from './common.ts';
import { InProcessCli, realCli, type Outcome } from './cli-runner.ts';
import { Rng } from './rng.ts';

const GUESTS = fileURLToPath(new URL('../../guests/bin/', import.meta.url));
const BUDGETS = ['--max-insns', '5000', '--timeout', '0.2'];

/** Offsets and sizes of the ELF64 header fields (System V gABI). */
const EHDR: [number, number][] = [[4, 1], [5, 1], [6, 1], [7, 1], [16, 2], [18, 2], [20, 4], [24, 8], [32, 8], [40, 8], [48, 4], [52, 2],
  [54, 2], [56, 2], [58, 2], [60, 2], [62, 2]];
/** Program header fields: p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align. */
const PHDR: [number, number][] = [[0, 4], [4, 4], [8, 8], [16, 8], [24, 8], [32, 8], [40, 8], [48, 8]];
/** Section header fields: sh_name, sh_type, sh_flags, sh_addr, sh_offset, sh_size, sh_link, sh_info, sh_addralign, sh_entsize. */
const SHDR: [number, number][] = [[0, 4], [4, 4], [8, 8], [16, 8], [24, 8], [32, 8], [40, 4], [44, 4], [48, 8], [56, 8]];

function edge(r: Rng, size: number, old: bigint, fileSize: number): bigint {
  const max = (1n << BigInt(8 * size)) - 1n;
  const v = r.pick([0n, 1n, 2n, 3n, 0x7fn, 0x80n, 0xffn, max, max - 1n, max >> 1n, old + 1n, old - 1n, old * 2n, old + 0x1000n,
    BigInt(fileSize), BigInt(fileSize) - 1n, BigInt(fileSize) + 1n, 0x4000_0000n, 0x4800_0000n, 0x47ff_fff0n, 0x0900_0000n, 0x3fff_f000n,
    0x8000_0000n, 0x1_0000_0000n, r.u64(), BigInt(r.u32())]);
  return ((v % (max + 1n)) + (max + 1n)) % (max + 1n);
}

function getField(b: Uint8Array, off: number, size: number): bigint {
  if (off + size > b.length) return 0n;
  const v = new DataView(b.buffer, b.byteOffset);
  return size === 1 ? BigInt(b[off]!) : size === 2 ? BigInt(v.getUint16(off, true)) : size === 4 ? BigInt(v.getUint32(off, true)) : v.getBigUint64(off, true);
}

function setField(b: Uint8Array, off: number, size: number, value: bigint): void {
  if (off + size > b.length) return;
  const v = new DataView(b.buffer, b.byteOffset);
  if (size === 1) b[off] = Number(value & 0xffn);
  else if (size === 2) v.setUint16(off, Number(value & 0xffffn), true);
  else if (size === 4) v.setUint32(off, Number(value & 0xffff_ffffn), true);
  else v.setBigUint64(off, value, true);
}

/** One mutation of `b` (which may come back shorter or longer); returns the bytes and what was done. */
function mutate(r: Rng, b: Uint8Array): { bytes: Uint8Array; what: string } {
  const phoff = Number(getField(b, 32, 8));
  const phnum = Number(getField(b, 56, 2));
  const shoff = Number(getField(b, 40, 8));
  const shnum = Number(getField(b, 60, 2));
  switch (r.below(9)) {
    case 0: case 1: {
      const [off, size] = r.pick(EHDR);
      const v = edge(r, size, getField(b, off, size), b.length);
      setField(b, off, size, v);
      return { bytes: b, what: `ELF header +${off} = 0x${v.toString(16)}` };
    }
    case 2: case 3: {
      const i = r.below(Math.max(1, Math.min(phnum, 16)));
      const [f, size] = r.pick(PHDR);
      const off = phoff + 56 * i + f;
      if (phoff <= 0 || off + size > b.length) return { bytes: b.slice(0, r.below(b.length)), what: 'truncated (no program header to change)' };
      const v = edge(r, size, getField(b, off, size), b.length);
      setField(b, off, size, v);
      return { bytes: b, what: `phdr ${i} +${f} = 0x${v.toString(16)}` };
    }
    case 4: {
      const i = r.below(Math.max(1, Math.min(shnum, 64)));
      const [f, size] = r.pick(SHDR);
      const off = shoff + 64 * i + f;
      if (shoff <= 0 || off + size > b.length) return { bytes: b, what: 'no section header to change' };
      const v = edge(r, size, getField(b, off, size), b.length);
      setField(b, off, size, v);
      return { bytes: b, what: `shdr ${i} +${f} = 0x${v.toString(16)}` };
    }
    case 5: {
      const at = r.chance(0.6) ? r.below(Math.min(b.length, 64 + 56 * Math.max(phnum, 1) + 1)) : r.below(b.length + 1);
      return { bytes: b.slice(0, at), what: `truncated to ${at} bytes` };
    }
    case 6: {
      const extra = r.bytes(r.pick([1, 64, 4096, r.below(70000)]));
      const out = new Uint8Array(b.length + extra.length);
      out.set(b);
      out.set(extra, b.length);
      return { bytes: out, what: `${extra.length} bytes appended` };
    }
    default: {
      const k = r.int(1, 16);
      const head = r.chance(0.5);
      for (let i = 0; i < k; i++) {
        const at = head ? r.below(Math.min(b.length, phoff + 56 * Math.max(phnum, 1))) : r.below(b.length);
        b[at]! ^= 1 << r.below(8);
      }
      return { bytes: b, what: `${k} bit flip(s)${head ? ' in the headers' : ''}` };
    }
  }
}

const allowed = [0, 1, 2, 3, 4];

function judge(o: Outcome): { kind: string; detail: string } | undefined {
  if (o.hung) return { kind: 'hang', detail: 'no answer within 60 s' };
  if (o.thrown) return { kind: 'trace', detail: `main() threw (bin/kvmdbg.js prints it as a stack trace):\n${o.thrown.split('\n').slice(0, 6).join('\n')}` };
  if (o.signal) return { kind: 'crash', detail: `ended by ${o.signal}` };
  const trace = traceIn(o.err);
  if (trace) return { kind: 'trace', detail: `a stack trace on stderr:\n${trace}` };
  if (o.status === undefined || !allowed.includes(o.status)) return { kind: 'status', detail: `status ${o.status}; stderr ${shown(o.err.slice(-400))}` };
  if (o.status !== 0 && !/^kvmdbg( run)?: /m.test(o.err)) return { kind: 'message', detail: `status ${o.status} without a message; stderr ${shown(o.err.slice(-300))}` };
  return undefined;
}

export async function fuzzElf(b: Budget, o: { realEvery: number; answerMs: number }): Promise<TargetReport> {
  const guests = readdirSync(GUESTS).filter((f) => f.endsWith('.elf')).sort().map((f) => ({ name: f, bytes: new Uint8Array(readFileSync(join(GUESTS, f))) }));
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-fuzz-elf-'));
  const cli = new InProcessCli();
  // the first call compiles kvmdbg's modules in the worker: not a case
  await cli.run(['run', join(GUESTS, 'hello-gcc-O2.elf'), ...BUDGETS], 60_000);
  const findings: Finding[] = [];
  const statuses = new Map<string, number>();
  const t0 = Date.now();
  let done = 0;
  let real = 0;
  let slowest = { ms: 0, n: -1 };
  let slowestCpu = { ms: 0, n: -1 };
  let slowestReal = 0;
  for (let n = b.from; inBudget(b, done); n++) {
    const r = new Rng(b.seed, 'elf', n);
    const g = r.pick(guests);
    let bytes: Uint8Array = g.bytes.slice();
    const what: string[] = [];
    for (let k = r.pick([1, 1, 1, 2, 3]); k > 0; k--) {
      const m = mutate(r, bytes);
      bytes = m.bytes;
      what.push(m.what);
    }
    const path = join(dir, 'mutated.elf');
    writeFileSync(path, bytes);
    const argv = ['run', path, ...BUDGETS];
    const runs: [string, Outcome][] = [['in process', await cli.run(argv, 60_000)]];
    if (n % o.realEvery === 0) {
      runs.push(['as a process', await realCli(argv, dir, 30_000)]);
      real++;
    }
    for (const [how, out] of runs) {
      if (how === 'in process' && out.ms > slowest.ms) slowest = { ms: out.ms, n };
      if (how === 'in process' && (out.cpuMs ?? 0) > slowestCpu.ms) slowestCpu = { ms: out.cpuMs!, n };
      if (how !== 'in process') slowestReal = Math.max(slowestReal, out.ms);
      const firstLine = out.err.split('\n').find((l) => l.startsWith('kvmdbg run: ')) ?? '';
      const key = `status ${out.status ?? '-'}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      let bad = judge(out);
      if (!bad && how === 'in process' && (out.cpuMs ?? 0) > o.answerMs) bad = { kind: 'slow', detail: `answered after ${out.cpuMs!.toFixed(0)} ms of CPU time (${out.ms.toFixed(0)} ms of wall time), more than ${o.answerMs} ms` };
      if (bad) {
        findings.push({ case: n, kind: bad.kind, detail: `${g.name} with ${what.join(', ')} (${how}): ${bad.detail}${firstLine ? `\n${shown(firstLine)}` : ''}` });
        b.progress(`elf: case ${n}: ${bad.kind} (${how}): ${g.name} with ${what.join(', ')}`);
      }
    }
    done++;
    if (done % 1000 === 0) b.progress(`elf: ${done} ELFs, slowest ${slowestCpu.ms.toFixed(0)} ms CPU, ${slowest.ms.toFixed(0)} ms wall`);
  }
  await cli.close();
  const ms = Date.now() - t0;
  return {
    target: 'elf', done, unit: 'mutated ELFs', ms,
    figures: [`${(done / (ms / 1000)).toFixed(1)} ELFs/s through kvmdbg's main() in a worker; slowest answer ${slowestCpu.ms.toFixed(0)} ms of CPU time ` +
      `(case ${slowestCpu.n}; bound ${o.answerMs} ms), ${slowest.ms.toFixed(0)} ms of wall time (case ${slowest.n})`,
      `${real} also through the real CLI process (slowest ${(slowestReal / 1000).toFixed(2)} s, process start included)`,
      `statuses: ${[...statuses].sort().map(([k, v]) => `${k}: ${v}`).join(', ')}`],
    findings,
  };
}
