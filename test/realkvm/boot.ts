/**
 * One boot of the real-KVM test VM: builds the initramfs for a plan, boots Debian's arm64 6.1 kernel
 * (fetched by the conformance suite's ensureKernel) under qemu-system-aarch64 with EL2, using the
 * conformance suite's QEMU command line, and decodes the records the guest prints.
 */
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ensureKernel, QEMU_ARGS } from '../../src/conformance/real-side.ts';
import { buildInitramfs, CACHE } from './build.ts';
import { RECORD_PREFIX, type GuestRecord, type Plan } from './records.ts';

export interface Boot {
  records: GuestRecord[];
  /** `package version sha` of the kernel booted. */
  kernel: string;
  wallSeconds: number;
  /** Guest uptime when the in-guest program started (from its info record), seconds. */
  logPath: string;
  console: string;
  ended: boolean;
}

/** Reassembles `RKT <id> <i>/<n> <chunk>` lines into records. */
export function parseRecords(console: string): GuestRecord[] {
  const parts = new Map<number, string[]>();
  const total = new Map<number, number>();
  for (const line of console.split(/\r?\n/)) {
    const m = new RegExp(`^${RECORD_PREFIX} (\\d+) (\\d+)/(\\d+) ([A-Za-z0-9+/=]+)$`).exec(line.trim());
    if (!m) continue;
    const id = Number(m[1]);
    if (!parts.has(id)) parts.set(id, []);
    parts.get(id)![Number(m[2]) - 1] = m[4]!;
    total.set(id, Number(m[3]));
  }
  const out: GuestRecord[] = [];
  for (const id of [...parts.keys()].sort((a, b) => a - b)) {
    const chunks = parts.get(id)!;
    if (chunks.filter((c) => c !== undefined).length !== total.get(id)) throw new Error(`record ${id}: ${chunks.length} of ${total.get(id)} chunks arrived`);
    out.push(JSON.parse(gunzipSync(Buffer.from(chunks.join(''), 'base64')).toString('utf8')) as GuestRecord);
  }
  return out;
}

/**
 * The conformance suite's QEMU command line with SVE and SME left out of `-cpu max`. With them, the
 * Node process running kvmdbg in the test VM died of memory corruption (SIGSEGV with a garbage stack
 * pointer, or a V8 TypeError from a damaged heap) in about 3 of 10 boots, in whichever step happened to
 * be running; four times the real runs per boot crashed every boot with SVE on and none with it off.
 * glibc's memcpy/memmove use SVE when the CPU has it, so the likely culprit is Debian's 6.1 kernel under
 * QEMU TCG not keeping the VMM's own SVE registers intact around KVM_RUN and the SIGALRM that ends it.
 * No KVM call of kvmdbg involves SVE (its vCPUs are created without KVM_ARM_VCPU_SVE), so the values
 * checked here are the same either way.
 */
export function realKvmQemuArgs(vmlinuz: string, initrd: string): string[] {
  const args = QEMU_ARGS(vmlinuz, initrd);
  const i = args.indexOf('-cpu');
  if (i < 0 || !args[i + 1]?.startsWith('max')) throw new Error(`unexpected QEMU command line: ${args.join(' ')}`);
  args[i + 1] = `${args[i + 1]},sve=off,sme=off`;
  return args;
}

export async function bootRealKvm(plan: Plan, timeoutMs = 600_000): Promise<Boot> {
  try {
    execFileSync('sh', ['-c', 'command -v qemu-system-aarch64'], { stdio: 'pipe' });
  } catch {
    throw new Error('qemu-system-aarch64 is missing: install the Debian package qemu-system-arm (listed in scripts/debian-packages.txt)');
  }
  const kernel = ensureKernel('6.1');
  const initrd = await buildInitramfs(plan);
  const t0 = performance.now();
  const child = spawn('qemu-system-aarch64', realKvmQemuArgs(kernel.vmlinuz, initrd), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.setEncoding('latin1').on('data', (d: string) => (log += d));
  child.stderr.setEncoding('latin1').on('data', (d: string) => (log += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await new Promise<void>((resolve) => child.on('close', () => resolve()));
  clearTimeout(timer);
  const wallSeconds = (performance.now() - t0) / 1000;
  mkdirSync(join(CACHE, 'logs'), { recursive: true });
  const logPath = join(CACHE, 'logs', 'boot-6.1.log');
  writeFileSync(logPath, log);
  return { records: parseRecords(log), kernel: kernel.package, wallSeconds, logPath, console: log, ended: log.includes('RKT-END') };
}
