/**
 * What V8 does with the block compiler's functions in one run of a real guest: how many times TurboFan
 * compiled blocks and the rest of kvmdbg and for how long (on its thread), how many of those were OSR,
 * and every time optimised code was thrown away, by reason. These are counts, not times: they change
 * little from run to run on a busy machine, where a boot's time varies by 10 % and more, so a change
 * meant to spare V8 work (fewer recompilations of blocks, fewer deoptimisations of the interpreter)
 * shows here first. The guest is Debian's 6.1 kernel to the end of the busybox /init of
 * test/system/real-guests (1 vCPU, `quiet`), or with --uboot Debian's U-Boot to its `=>` prompt.
 * V8's tracing slows the run a little; the guest's work is the same.
 *   node --import tsx bench/jit-report.ts [--uboot] [--top N]
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { benchArgs, count } from './args.ts';
import { fetchRealGuests } from '../test/system/real-guests/fetch.ts';
import { LINUX_APPEND } from '../test/system/real-guests/sessions.ts';
import { kvmdbgCommand, kvmdbgEnv } from '../test/system/kvmdbg-command.ts';
import { benchInitramfs } from './real-guests.ts';

/** Tallies of one run. */
export interface JitReport {
  /** TurboFan compilations: of block functions (`block_<address>`), and of everything else; OSR among the blocks'. */
  blockCompiles: number; blockCompileMs: number; blockOsr: number;
  otherCompiles: number; otherCompileMs: number;
  /** Optimised code thrown away: of blocks by reason, of other functions by name. */
  blockDeopts: Map<string, number>;
  otherDeopts: Map<string, number>;
  /** The guest's console output, and kvmdbg's --stats lines. */
  console: string; stats: string;
}

const BLOCK = /<JSFunction (block_[0-9a-f]+) /;
const ANY_FN = /<JSFunction ([^ >]+)/;

/** Fold one line of V8's --trace-opt/--trace-deopt output into `r`; false when it is not one. */
export function tally(r: JitReport, line: string): boolean {
  if (line.startsWith('[completed compiling ')) {
    const t = /took ([\d.]+), ([\d.]+), ([\d.]+) ms/.exec(line);
    const ms = t ? Number(t[1]) + Number(t[2]) + Number(t[3]) : 0;
    if (BLOCK.test(line)) { r.blockCompiles++; r.blockCompileMs += ms; if (line.includes(' OSR')) r.blockOsr++; } else { r.otherCompiles++; r.otherCompileMs += ms; }
    return true;
  }
  if (line.startsWith('[bailout ')) {
    const reason = /reason: ([^)]*)\)/.exec(line)?.[1] ?? '?';
    if (BLOCK.test(line)) r.blockDeopts.set(reason, (r.blockDeopts.get(reason) ?? 0) + 1);
    else { const fn = `${ANY_FN.exec(line)?.[1] ?? '?'} (${reason})`; r.otherDeopts.set(fn, (r.otherDeopts.get(fn) ?? 0) + 1); }
    return true;
  }
  return line.startsWith('[') && /^\[(marking|compiling|completed|optimizing|deoptimiz|found optimized|not marking|evicting|discarding)/.test(line);
}

export async function jitReport(uboot: boolean): Promise<JitReport> {
  const g = fetchRealGuests();
  const [node, ...kvmdbg] = kvmdbgCommand();
  let args: string[];
  if (uboot) {
    args = ['run', '--bios', g.uboot, '--memory', '512M', '--stats'];
  } else {
    args = ['run', '--kernel', g.kernel, '--initrd', benchInitramfs(g), '--append', LINUX_APPEND, '--memory', '512M', '--stats'];
  }
  const r: JitReport = {
    blockCompiles: 0, blockCompileMs: 0, blockOsr: 0, otherCompiles: 0, otherCompileMs: 0,
    blockDeopts: new Map(), otherDeopts: new Map(), console: '', stats: '',
  };
  const child = spawn(node!, ['--trace-opt', '--trace-deopt', ...kvmdbg, ...args], { stdio: ['pipe', 'pipe', 'pipe'], env: kvmdbgEnv() });
  child.stderr.on('data', (d: Buffer) => { r.stats += d.toString(); });
  let autoboot = false;
  const lines = createInterface({ input: child.stdout });
  lines.on('line', (line) => {
    if (tally(r, line)) return;
    r.console += line + '\n';
    if (!uboot) return;
    // stop the autoboot at its countdown, then power off at the prompt: the run ends there
    if (!autoboot && line.includes('Hit any key to stop autoboot')) { autoboot = true; child.stdin.write(' '); }
  });
  // U-Boot's prompt has no newline after it: look at the raw stream for it too
  if (uboot) child.stdout.on('data', (d: Buffer) => { if (autoboot && d.toString().includes('=> ')) child.stdin.write('poweroff\n'); });
  const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`kvmdbg exited ${code}:\n${r.console.slice(-2000)}\n${r.stats.slice(-2000)}`);
  return r;
}

function top(m: Map<string, number>, n: number): string[] {
  return [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `${String(v).padStart(7)}  ${k}`);
}

async function main(): Promise<void> {
  const usage = 'node --import tsx bench/jit-report.ts [--uboot] [--top N]';
  const { values } = benchArgs(usage, { uboot: { type: 'boolean', default: false }, top: { type: 'string' } });
  const n = count(usage, '--top', values.top, 10);
  const r = await jitReport(values.uboot!);
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  console.log(`${values.uboot ? 'U-Boot to its prompt' : 'Linux 6.1 to the end of /init, 1 vCPU'}`);
  for (const l of r.stats.split('\n').filter((l) => / stats: .*(instructions|KVM_RUN)/.test(l))) console.log(`  ${l.replace(/^kvmdbg: stats: /, '')}`);
  console.log(`TurboFan, block functions: ${r.blockCompiles} compilations (${r.blockOsr} OSR), ${r.blockCompileMs.toFixed(0)} ms`);
  console.log(`TurboFan, the rest of kvmdbg: ${r.otherCompiles} compilations, ${r.otherCompileMs.toFixed(0)} ms`);
  console.log(`optimised code thrown away, block functions: ${sum(r.blockDeopts)}`);
  for (const l of top(r.blockDeopts, n)) console.log(l);
  console.log(`optimised code thrown away, the rest: ${sum(r.otherDeopts)}`);
  for (const l of top(r.otherDeopts, n)) console.log(l);
}

await main();
