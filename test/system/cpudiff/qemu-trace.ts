/**
 * Runs a program under QEMU user mode, one instruction per translation block, and reads back the
 * register state QEMU logs before each instruction (`qemu-aarch64 -singlestep -d cpu,nochain`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface CpuState {
  pc: bigint;
  x: bigint[]; // x0..x30
  sp: bigint;
  nzcv: number; // 0..15 (N=8, Z=4, C=2, V=1)
}

/** Parses QEMU's `-d cpu` log: blocks starting with " PC=" and ending with the "PSTATE=" line. */
export function parseCpuLog(log: string): CpuState[] {
  const states: CpuState[] = [];
  const blocks = log.split(/(?=^ ?PC=)/m);
  for (const b of blocks) {
    const pc = /PC=([0-9a-f]{16})/.exec(b);
    const ps = /PSTATE=([0-9a-f]{8})/.exec(b);
    if (!pc || !ps) continue;
    const x: bigint[] = [];
    for (const m of b.matchAll(/X(\d\d)=([0-9a-f]{16})/g)) x[Number(m[1])] = BigInt(`0x${m[2]}`);
    const sp = /SP=([0-9a-f]{16})/.exec(b);
    if (x.length !== 31 || !sp) throw new Error(`unreadable QEMU register dump:\n${b}`);
    states.push({ pc: BigInt(`0x${pc[1]}`), x, sp: BigInt(`0x${sp[1]}`), nzcv: Number.parseInt(ps[1], 16) >>> 28 });
  }
  return states;
}

/** QEMU's register states, and what the program wrote to stdout. */
export function qemuTrace(elf: Uint8Array, trace = true): { states: CpuState[]; stdout: Uint8Array } {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-cpudiff-'));
  try {
    const exe = join(dir, 'prog');
    const log = join(dir, 'cpu.log');
    writeFileSync(exe, elf);
    chmodSync(exe, 0o755);
    const r = spawnSync('qemu-aarch64', trace ? ['-singlestep', '-d', 'cpu,nochain', '-D', log, exe] : [exe], {
      timeout: 60_000,
      maxBuffer: 1 << 20,
    });
    if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error('qemu-aarch64 is missing: install the Debian package qemu-user');
    }
    if (r.status !== 0) throw new Error(`qemu-aarch64 exited with ${r.status} (signal ${r.signal}): ${String(r.stderr)}`);
    return { states: trace ? parseCpuLog(readFileSync(log, 'utf8')) : [], stdout: new Uint8Array(r.stdout) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Disassembles instruction words with binutils (aarch64-linux-gnu-objdump), one line per word. */
export function disassemble(words: number[], addr: number): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-dis-'));
  try {
    const f = join(dir, 'w.bin');
    const b = new Uint8Array(words.length * 4);
    const dv = new DataView(b.buffer);
    words.forEach((w, i) => dv.setUint32(i * 4, w, true));
    writeFileSync(f, b);
    const r = spawnSync('aarch64-linux-gnu-objdump',
      ['-D', '-b', 'binary', '-m', 'aarch64', `--adjust-vma=0x${addr.toString(16)}`, f], { encoding: 'utf8' });
    if (r.error) throw new Error('aarch64-linux-gnu-objdump is missing: install the Debian package binutils-aarch64-linux-gnu');
    const lines = r.stdout.split('\n').filter((l) => /^\s*[0-9a-f]+:\t[0-9a-f]{8}\s*\t/.test(l));
    return lines.map((l) => l.split('\t').slice(2).join(' ').replace(/\s+/g, ' ').trim());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
