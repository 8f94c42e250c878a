/**
 * Cold start of the installed package against bare Node in the same run: kvmdbg is packed and installed
 * into an empty project (scripts/pack-install.ts), and its command, node_modules/.bin/kvmdbg, is timed
 * as a shell would start it.
 *
 *  - `kvmdbg esr 0x0` against `node -e 0`: wall time to exit, and the CPU time of the process (user +
 *    system, from bash's `times`, in separate runs), which other load on the machine disturbs less.
 *  - `kvmdbg run` of the default guest to its first instruction: `--step 1 --trace-exits` makes the
 *    first KVM_RUN return after one guest instruction and print `exit #1`; the time from spawn to that
 *    line, against `node -e 0` to exit. Its CPU time up to that line is the sum over the process's
 *    threads of /proc/PID/task/TID/schedstat (nanoseconds on a CPU), read before the process is stopped.
 *  - `kvmdbg run` of the default guest from spawn to the process's exit, against QEMU running the same
 *    ELF (`-M virt -cpu cortex-a57 -kernel`) to its exit at the guest's PSCI SYSTEM_OFF.
 *  - For comparison, `kvmdbg esr 0x0` from this checkout, which runs the sources through tsx.
 *
 * Runs alternate (bare Node, then each kvmdbg command) so drifting load hits all alike; medians of N.
 *   node --import tsx bench/cold-start.ts [--runs N]
 */
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, count } from './args.ts';
import { packAndInstall } from '../scripts/pack-install.ts';
import { ROOT } from '../scripts/package-entries.ts';

export interface ColdStart {
  runs: number;
  /** Medians, milliseconds. */
  nodeWall: number;
  esrWall: number;
  nodeCpu: number;
  esrCpu: number;
  firstInsnWall: number;
  firstInsnCpu: number;
  /** `kvmdbg run` of the default guest, and QEMU running the same ELF, spawn to exit. */
  runWall: number;
  qemuRunWall: number;
  sourceEsrWall: number;
  tarballBytes: number;
  tarballFiles: number;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function wall(cmd: string, args: string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd, stdio: 'ignore' });
  const t = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return t;
}

/** User + system milliseconds of the command, from the shell's `times` (children's line). */
function cpu(cmd: string, args: string[], cwd: string): number {
  const r = spawnSync('bash', ['-c', '"$@" >/dev/null 2>&1 || exit 3; times', 'cpu', cmd, ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed`);
  const secs = [...r.stdout.trim().split('\n').at(-1)!.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  if (secs.length !== 2) throw new Error(`cannot read the CPU time from: ${r.stdout}`);
  return (secs[0]! + secs[1]!) * 1000;
}

/** CPU milliseconds a running process has used so far, all its threads together. */
function cpuSoFar(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
  return ns / 1e6;
}

/** Wall and CPU milliseconds from spawning `kvmdbg run --step 1 --trace-exits` to its report of the first exit. */
function toFirstInstruction(bin: string, cwd: string): Promise<{ wall: number; cpu: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(bin, ['run', '--step', '1', '--trace-exits'], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let done = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      err += d;
      if (!done && /^exit #1 /m.test(err)) {
        done = true;
        const wall = performance.now() - t0;
        child.kill('SIGSTOP');
        const used = cpuSoFar(child.pid!);
        child.kill('SIGKILL');
        resolve({ wall, cpu: used });
      }
    });
    child.on('error', reject);
    child.on('exit', () => { if (!done) reject(new Error(`kvmdbg run ended before its first exit: ${err}`)); });
  });
}

export async function benchColdStart(runs = 7): Promise<ColdStart> {
  const pkg = packAndInstall();
  try {
    const cwd = pkg.project;
    const node = process.execPath;
    const sourceBin = join(ROOT, 'bin', 'kvmdbg.js');
    wall(pkg.bin, ['esr', '0x0'], cwd);   // one untimed run of each: the files are then in the page cache
    wall(node, [sourceBin, 'esr', '0x0'], cwd);
    const s = {
      nodeWall: [] as number[], esrWall: [] as number[], nodeCpu: [] as number[], esrCpu: [] as number[],
      first: [] as number[], firstCpu: [] as number[], source: [] as number[], run: [] as number[], qemu: [] as number[],
    };
    const qemu = ['-M', 'virt', '-cpu', 'cortex-a57', '-nographic', '-nic', 'none', '-kernel', join(ROOT, 'guests/bin/hello-gcc-O2.elf')];
    for (let i = 0; i < runs; i++) {
      s.nodeWall.push(wall(node, ['-e', '0'], cwd));
      s.esrWall.push(wall(pkg.bin, ['esr', '0x0'], cwd));
      const first = await toFirstInstruction(pkg.bin, cwd);
      s.first.push(first.wall);
      s.firstCpu.push(first.cpu);
      s.source.push(wall(node, [sourceBin, 'esr', '0x0'], cwd));
      s.run.push(wall(pkg.bin, ['run'], cwd));
      s.qemu.push(wall('qemu-system-aarch64', qemu, cwd));
      s.nodeCpu.push(cpu(node, ['-e', '0'], cwd));
      s.esrCpu.push(cpu(pkg.bin, ['esr', '0x0'], cwd));
    }
    return {
      runs, nodeWall: median(s.nodeWall), esrWall: median(s.esrWall), nodeCpu: median(s.nodeCpu), esrCpu: median(s.esrCpu),
      firstInsnWall: median(s.first), firstInsnCpu: median(s.firstCpu), runWall: median(s.run), qemuRunWall: median(s.qemu), sourceEsrWall: median(s.source), tarballBytes: pkg.size, tarballFiles: pkg.files.length,
    };
  } finally {
    pkg.remove();
  }
}

/** Table rows: what, value, note. */
export function coldStartRows(c: ColdStart): [string, string, string][] {
  return [
    ['cold start, node -e 0', `${c.nodeWall.toFixed(0)} ms`, `median of ${c.runs} (wall); CPU ${c.nodeCpu.toFixed(0)} ms`],
    ['cold start, kvmdbg esr 0x0', `${c.esrWall.toFixed(0)} ms`,
      `installed package: ${(c.esrWall / c.nodeWall).toFixed(2)}x bare node (goal <= 1.5x); CPU ${c.esrCpu.toFixed(0)} ms, ${(c.esrCpu / c.nodeCpu).toFixed(2)}x`],
    ['kvmdbg run to the first instruction', `${c.firstInsnWall.toFixed(0)} ms`,
      `default guest, spawn to 'exit #1': ${(c.firstInsnWall - c.nodeWall).toFixed(0)} ms above bare node (goal <= 150 ms); ` +
      `CPU ${c.firstInsnCpu.toFixed(0)} ms, ${(c.firstInsnCpu - c.nodeCpu).toFixed(0)} ms above`],
    ['kvmdbg run of the default guest, to its exit', `${c.runWall.toFixed(0)} ms`,
      `spawn to exit: ${(c.runWall / c.qemuRunWall).toFixed(2)}x QEMU running the same ELF to its exit (${c.qemuRunWall.toFixed(0)} ms)`],
    ['kvmdbg esr 0x0 from the sources', `${c.sourceEsrWall.toFixed(0)} ms`, `this checkout through tsx: ${(c.sourceEsrWall / c.nodeWall).toFixed(2)}x bare node`],
    ['npm pack tarball', `${(c.tarballBytes / 1024).toFixed(0)} KiB`, `${c.tarballFiles} files`],
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const usage = 'node --import tsx bench/cold-start.ts [--runs N]';
  const { values } = benchArgs(usage, { runs: { type: 'string' } });
  const rows = coldStartRows(await benchColdStart(count(usage, '--runs', values.runs, 7)));
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const r of rows) console.log(`${r[0].padEnd(w)}  ${r[1].padStart(8)}  ${r[2]}`);
}
