/**
 * The real-kernel side: builds conformance/runner/init.c as a static aarch64 binary, packs it alone as
 * /init with the line program into a newc initramfs, boots a Debian arm64 kernel under
 * qemu-system-aarch64 with EL2 (so /dev/kvm works inside), and parses the records from the console.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCpio, type CpioEntry } from './cpio.ts';
import { treeEntries } from './tree.ts';
import { toProgramText, type Plan } from './plan.ts';
import { parseConsole, type ConsoleInfo, type OpResult } from './results.ts';

export const REPO_ROOT = new URL('../../', import.meta.url).pathname.replace(/\/$/, '');
export const CACHE_DIR = join(REPO_ROOT, '.cache', 'conformance');

export interface KernelInfo {
  id: string;
  vmlinuz: string;
  /** "package version sha256-prefix" from fetch-kernels.sh */
  package: string;
}

export interface RealRun {
  kernel: KernelInfo;
  results: Map<number, OpResult>;
  info: ConsoleInfo;
  wallSeconds: number;
  consoleLog: string;
}

function need(tool: string, pkg: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'pipe' });
  } catch {
    throw new Error(`${tool} is missing: install the Debian package ${pkg} (listed in scripts/debian-packages.txt)`);
  }
}

/** Fetches (once, cached) the kernel `id` with conformance/scripts/fetch-kernels.sh. */
export function ensureKernel(id: string): KernelInfo {
  const dir = join(CACHE_DIR, 'kernels', id);
  const vmlinuz = join(dir, 'vmlinuz');
  if (!existsSync(vmlinuz)) {
    execFileSync('bash', [join(REPO_ROOT, 'conformance/scripts/fetch-kernels.sh'), id], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  return { id, vmlinuz, package: readFileSync(join(dir, 'package.txt'), 'utf8').trim() };
}

/** Compiles the runner (static, glibc) when init.c is newer than the cached binary. */
export function buildRunner(): string {
  need('aarch64-linux-gnu-gcc', 'gcc-aarch64-linux-gnu');
  if (!existsSync('/usr/aarch64-linux-gnu/lib/libc.a')) {
    throw new Error('static glibc for arm64 is missing: install the Debian package libc6-dev-arm64-cross');
  }
  const src = join(REPO_ROOT, 'conformance/runner/init.c');
  const out = join(CACHE_DIR, 'init');
  mkdirSync(CACHE_DIR, { recursive: true });
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    const tmp = `${out}.${process.pid}`;
    execFileSync('aarch64-linux-gnu-gcc', ['-static', '-O2', '-Wall', '-Wextra', '-Werror', '-s', '-o', tmp, src], { stdio: 'pipe' });
    renameSync(tmp, out); // atomic: a concurrent run never reads a half-written binary
  }
  return out;
}

/**
 * Debian bookworm's nodejs:arm64 with its dependency closure, unpacked, and koffi with its arm64 binary:
 * fetched once by scripts/realkvm/fetch-node.sh into .cache/realkvm/, for this suite's Node runner and
 * the real-KVM test alike.
 */
export const NODE_INPUTS = {
  script: join(REPO_ROOT, 'scripts', 'realkvm', 'fetch-node.sh'),
  root: join(REPO_ROOT, '.cache', 'realkvm', 'noderoot'),
  modules: join(REPO_ROOT, '.cache', 'realkvm', 'npm', 'node_modules'),
};

export function fetchNodeInputs(): void {
  execFileSync('bash', [NODE_INPUTS.script], { stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Debian's nodejs:arm64 tree, koffi for arm64, and the TypeScript runner bundled for the guest's Node 18. */
async function nodeEntries(): Promise<CpioEntry[]> {
  fetchNodeInputs();
  const nodeDir = join(CACHE_DIR, 'node');
  mkdirSync(nodeDir, { recursive: true });
  const esbuild = await import('esbuild');
  const bundle = join(nodeDir, 'guest.mjs');
  await esbuild.build({
    entryPoints: [join(REPO_ROOT, 'src/conformance/guest-node.ts')],
    bundle: true, platform: 'node', target: 'node18', format: 'esm', external: ['koffi'], outfile: bundle, logLevel: 'error',
  });
  const dirs = new Set<string>();
  const root = treeEntries(NODE_INPUTS.root, '');
  for (const e of root) if (e.kind === 'dir') dirs.add(e.name);
  const opt: CpioEntry[] = ['opt', 'opt/kvmdbg'].filter((d) => !dirs.has(d)).map((name) => ({ kind: 'dir', name }));
  return [
    ...root,
    ...opt,
    { kind: 'file', name: 'opt/kvmdbg/guest.mjs', data: readFileSync(bundle) },
    { kind: 'dir', name: 'opt/kvmdbg/node_modules' },
    ...treeEntries(NODE_INPUTS.modules, 'opt/kvmdbg/node_modules'),
  ];
}

/**
 * The initramfs: /init, /program.txt, /dev/console (5,1) and /dev/kvm (10,232, KVM_MINOR); with
 * `withNode`, also Node, koffi and the TypeScript runner (about 120 MB).
 */
export async function buildInitramfs(plan: Plan, withNode = false, name = withNode ? 'initramfs-node.cpio' : 'initramfs.cpio'): Promise<string> {
  const init = readFileSync(buildRunner());
  const extra = withNode ? await nodeEntries() : [];
  const cpio = writeCpio([
    ...extra,
    { kind: 'dir', name: 'dev' },
    { kind: 'chr', name: 'dev/console', major: 5, minor: 1 },
    { kind: 'chr', name: 'dev/kvm', major: 10, minor: 232, mode: 0o666 },
    { kind: 'file', name: 'init', data: init, mode: 0o755 },
    { kind: 'file', name: 'program.txt', data: new TextEncoder().encode(toProgramText(plan)) },
  ]);
  const out = join(CACHE_DIR, name);
  writeFileSync(`${out}.${process.pid}`, cpio);
  renameSync(`${out}.${process.pid}`, out);
  return out;
}

/** `gic` picks the host's interrupt controller: 3 (the suite's), or 2, whose virtualization extensions let KVM offer a GICv2 vGIC. */
export const QEMU_ARGS = (vmlinuz: string, initrd: string, memMb = 1024, gic: 2 | 3 = 3): string[] => [
  '-M', `virt,virtualization=on,gic-version=${gic}`,
  '-cpu', 'max,pauth-impdef=on',
  '-smp', '1', '-m', String(memMb), '-nographic', '-no-reboot', '-nic', 'none',
  '-kernel', vmlinuz, '-initrd', initrd,
  '-append', 'console=ttyAMA0 panic=-1',
];

/** Boots one kernel with the plan's initramfs and collects the records. */
export async function bootKernel(kernel: KernelInfo, initrd: string, timeoutMs = 240_000, memMb = 1024, gic: 2 | 3 = 3): Promise<RealRun> {
  need('qemu-system-aarch64', 'qemu-system-arm');
  const t0 = performance.now();
  const child = spawn('qemu-system-aarch64', QEMU_ARGS(kernel.vmlinuz, initrd, memMb, gic), { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.setEncoding('latin1').on('data', (d: string) => (log += d));
  child.stderr.setEncoding('latin1').on('data', (d: string) => (log += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  clearTimeout(timer);
  const wallSeconds = (performance.now() - t0) / 1000;
  mkdirSync(join(CACHE_DIR, 'logs'), { recursive: true });
  const logName = gic === 3 ? `${kernel.id}.log` : `${kernel.id}-gicv${gic}.log`;
  writeFileSync(join(CACHE_DIR, 'logs', logName), log);
  const { results, info } = parseConsole(log);
  if (!info.ended) {
    const why = info.fatal ? `runner failed: ${info.fatal}` : code === null ? `timed out after ${timeoutMs} ms` : `QEMU exited ${code} before END`;
    throw new Error(`kernel ${kernel.id}: ${why}; console log in ${join(CACHE_DIR, 'logs', logName)}`);
  }
  return { kernel, results, info, wallSeconds, consoleLog: log };
}
