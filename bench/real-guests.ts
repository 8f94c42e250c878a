/**
 * Debian's real guests under kvmdbg and under QEMU TCG (-M virt -cpu cortex-a57) in the same run, wall
 * time (the goals of the issue that brought them: at most 2x QEMU):
 *   - U-Boot (u-boot-qemu's qemu_arm64 build) from reset to its `=>` prompt, autoboot stopped;
 *   - Debian's 6.1 kernel with the busybox initramfs of test/system/real-guests, `quiet`, with 1 and
 *     2 vCPUs, from reset to the power-off at the end of its /init;
 * and the peak resident set (ru_maxrss, read by GNU time) of kvmdbg and of QEMU for the 1-vCPU boot with
 * 512 MiB of guest RAM, beside the guest RAM written (kvmdbg run --stats: KVM's dirty log of the RAM slot
 * from before the first KVM_RUN, plus the pages kvmdbg loaded), the RAM that costs host memory. Best of
 * `runs` each. Fetches the guests
 * (scripts/fetch-real-guests.sh) on first use, so bench/index.ts runs it only with --real-guests.
 *   node --import tsx bench/real-guests.ts [--runs N] [--uboot-only]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchArgs, count } from './args.ts';
import { fetchRealGuests, REPO, type RealGuests } from '../test/system/real-guests/fetch.ts';
import { buildInitramfs } from '../test/system/real-guests/initramfs.ts';
import { LINUX_APPEND } from '../test/system/real-guests/sessions.ts';
import { kvmdbgCommand, kvmdbgEnv } from '../test/system/kvmdbg-command.ts';

export interface RealGuestRow {
  name: string;
  kvmdbg: number;
  qemu: number;
}

export interface RealGuestsBench {
  rows: RealGuestRow[];
  /** kvmdbg's peak RSS in bytes for the 1-vCPU Linux boot, and the guest RAM it was given. */
  peakRss: number;
  guestRam: number;
  /** Of that RAM, the bytes written (by the guest, or loaded by kvmdbg) in the same boot. */
  guestRamWritten: number;
  /** QEMU's peak RSS for the same boot. */
  qemuPeakRss: number;
}

const GUEST_RAM = 512 << 20;

interface Timed { seconds: number; maxRssKb: number; stderr: string }

/**
 * Run `cmd args` under GNU time; with `until`, type a space when its first text appears on the console
 * (U-Boot's autoboot countdown), and stop the clock and the process when its second does (the prompt);
 * without, wait for the process to exit. Wall seconds from the start to that point, and its peak RSS.
 * `env` is the process's environment (kvmdbg's: `kvmdbgEnv()`).
 */
function timed(cmd: string, args: string[], until: [string, string] | null, timeoutMs: number, env = process.env): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    // its own process group, so that stopping it stops the guest's process too, not only GNU time
    const child = spawn('/usr/bin/time', ['-f', 'MAXRSS %M', cmd, ...args], { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env });
    const stop = (sig: NodeJS.Signals): void => { try { process.kill(-child.pid!, sig); } catch { /* gone */ } };
    let out = '', err = '', at: number | null = null, typed = -1;
    const timer = setTimeout(() => { stop('SIGKILL'); reject(new Error(`${cmd}: no end after ${timeoutMs} ms:\n${out.slice(-2000)}`)); }, timeoutMs);
    child.stdout.setEncoding('latin1');
    child.stdout.on('data', (d: string) => {
      out += d;
      if (until === null || at !== null) return;
      if (typed < 0) {
        const i = out.indexOf(until[0]);
        if (i < 0) return;
        typed = i + until[0].length;
        child.stdin.write(' ');
      }
      if (out.indexOf(until[1], typed) >= 0) {
        at = Number(process.hrtime.bigint() - t0) / 1e9;
        stop('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdin.on('error', () => {});
    child.on('error', (e) => { clearTimeout(timer); reject(new Error(`${String(e)}: GNU time (/usr/bin/time, Debian package time) is needed`)); });
    child.on('close', (code) => {
      clearTimeout(timer);
      const rss = /MAXRSS (\d+)/.exec(err);
      if (until === null && code !== 0) { reject(new Error(`${cmd} exited ${code}:\n${out.slice(-2000)}\n${err.slice(-2000)}`)); return; }
      if (until !== null && at === null) { reject(new Error(`${cmd} ended before printing ${JSON.stringify(until)}:\n${out.slice(-2000)}`)); return; }
      resolve({ seconds: at ?? Number(process.hrtime.bigint() - t0) / 1e9, maxRssKb: rss ? Number(rss[1]) : 0, stderr: err });
    });
  });
}

async function bestOf(runs: number, f: () => Promise<Timed>): Promise<Timed> {
  let best: Timed | null = null;
  for (let i = 0; i < runs; i++) {
    const r = await f();
    if (!best || r.seconds < best.seconds) best = r;
  }
  return best!;
}

/** The busybox initramfs of test/system/real-guests, written under .cache for the benches: its path. */
export function benchInitramfs(g: RealGuests): string {
  const dir = join(REPO, '.cache/real-guests/bench');
  mkdirSync(dir, { recursive: true });
  const initrd = join(dir, 'initramfs.cpio');
  writeFileSync(initrd, buildInitramfs(readFileSync(g.busybox)));
  return initrd;
}

export async function benchRealGuests(runs = 1, linux = true): Promise<RealGuestsBench> {
  const g = fetchRealGuests();
  const initrd = benchInitramfs(g);
  const [node, ...kvmdbg] = kvmdbgCommand();
  const qemu = ['-M', 'virt', '-cpu', 'cortex-a57', '-m', '512', '-nographic', '-no-reboot', '-nic', 'none'];
  const rows: RealGuestRow[] = [];

  const prompt: [string, string] = ['Hit any key to stop autoboot', '\n=> '];
  const uq = await bestOf(runs, () => timed('qemu-system-aarch64', [...qemu, '-bios', g.uboot], prompt, 120_000));
  const uk = await bestOf(runs, () => timed(node!, [...kvmdbg, 'run', '--bios', g.uboot, '--memory', '512M'], prompt, 600_000, kvmdbgEnv()));
  rows.push({ name: 'U-Boot to its prompt', kvmdbg: uk.seconds, qemu: uq.seconds });

  let peakRss = 0, qemuPeakRss = 0, guestRamWritten = 0;
  for (const smp of linux ? [1, 2] : []) {
    const lq = await bestOf(runs, () => timed('qemu-system-aarch64', [...qemu, '-smp', String(smp), '-kernel', g.kernel, '-initrd', initrd,
      '-append', LINUX_APPEND], null, 300_000));
    const lk = await bestOf(runs, () => timed(node!, [...kvmdbg, 'run', '--kernel', g.kernel, '--initrd', initrd, '--append', LINUX_APPEND,
      '--memory', '512M', '--smp', String(smp), '--stats'], null, 1_800_000, kvmdbgEnv()));
    rows.push({ name: `Linux 6.1 to the end of /init, ${smp} vCPU${smp > 1 ? 's' : ''}`, kvmdbg: lk.seconds, qemu: lq.seconds });
    if (smp === 1) {
      peakRss = lk.maxRssKb * 1024;
      qemuPeakRss = lq.maxRssKb * 1024;
      const w = /guest RAM written: .*\((\d+) pages/.exec(lk.stderr);
      if (!w) throw new Error(`kvmdbg run --stats printed no guest RAM written:\n${lk.stderr.slice(-2000)}`);
      guestRamWritten = Number(w[1]) * 4096;
    }
  }
  return { rows, peakRss, guestRam: GUEST_RAM, guestRamWritten, qemuPeakRss };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const usage = 'node --import tsx bench/real-guests.ts [--runs N] [--uboot-only]';
  const { values } = benchArgs(usage, { runs: { type: 'string' }, 'uboot-only': { type: 'boolean', default: false } });
  const r = await benchRealGuests(count(usage, '--runs', values.runs, 1), !values['uboot-only']);
  for (const row of r.rows) {
    console.log(`${row.name.padEnd(40)} kvmdbg ${row.kvmdbg.toFixed(1).padStart(7)} s  QEMU ${row.qemu.toFixed(1).padStart(6)} s  ${(row.kvmdbg / row.qemu).toFixed(1)}x (goal <= 2x)`);
  }
  if (r.peakRss) console.log(rssLine(r));
}

/** The peak RSS against the guest RAM written (goal: at most 1.5x), and QEMU's beside it. */
export function rssLine(r: RealGuestsBench): string {
  const mib = (n: number): string => `${(n / 2 ** 20).toFixed(0)} MiB`;
  return `peak RSS, Linux 1 vCPU: kvmdbg ${mib(r.peakRss)}, ${(r.peakRss / r.guestRamWritten).toFixed(1)}x the ${mib(r.guestRamWritten)} of guest RAM ` +
    `written (goal <= 1.5x; ${mib(r.guestRam)} given); QEMU ${mib(r.qemuPeakRss)}`;
}
