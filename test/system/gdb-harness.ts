/**
 * Runs the same gdb-multiarch batch script against qemu-system-aarch64's gdbstub and against kvmdbg's,
 * on the same guest ELF (QEMU with `-nic none`: this Debian has no efi-virtio.rom for the default NIC). Used by the gdb system tests and bench/gdb-stepi.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const GDB_GUEST_DIR = join(ROOT, 'test/system/gdb-guest');
export const GDB_GUEST = join(GDB_GUEST_DIR, 'gdb-guest.elf');

/** Fails with the Debian package to install when a tool is missing. */
export function requireTool(cmd: string, pkg: string): void {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`]);
  if (r.status !== 0) throw new Error(`${cmd} is not installed: install the Debian package ${pkg} (scripts/debian-packages.txt)`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** True when something listens on 127.0.0.1:port (read from /proc/net/tcp: no probe connection). */
function listening(port: number): boolean {
  const want = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  try {
    return readFileSync('/proc/net/tcp', 'utf8').split('\n').some((l) => {
      const f = l.trim().split(/\s+/);
      return f[1] === want && f[3] === '0A';
    });
  } catch {
    return false;
  }
}

export async function waitListening(port: number, child: ChildProcess, what: string, timeoutMs = 60000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!listening(port)) {
    if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before listening on ${port}`);
    if (Date.now() > end) throw new Error(`${what} did not listen on port ${port} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Runs a tool to its end, killed after `timeoutMs`: `out` is stdout and stderr together (in the order they
 * arrive, as a debugger's command echo and its errors interleave), `stdout` and `stderr` each alone.
 * `onSpawn` gets the child as soon as it runs (to signal it, e.g. Ctrl-C at a chosen moment).
 */
export async function runCaptured(cmd: string, args: string[], opts: { cwd?: string; timeoutMs?: number; onSpawn?: (child: ChildProcess) => void } = {},
): Promise<{ status: number | null; out: string; stdout: string; stderr: string }> {
  const child = spawn(cmd, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => { const t = d.toString(); out += t; stdout += t; });
  child.stderr!.on('data', (d: Buffer) => { const t = d.toString(); out += t; stderr += t; });
  const status = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  opts.onSpawn?.(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60000);
  const code = await status;
  clearTimeout(timer);
  return { status: code, out, stdout, stderr };
}

export type Stub = 'qemu' | 'kvmdbg';

export interface StubProcess {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Starts a stub held before the guest's first instruction. `machine`: QEMU's `-M` (default `virt`);
 * `kvmdbgArgs`: more `kvmdbg run` options for the same machine (e.g. `--gic v3`); `qemuArgs`: more QEMU options.
 */
export async function startStub(stub: Stub, elf: string, port: number, smp = 1,
  opts: { machine?: string; kvmdbgArgs?: string[]; qemuArgs?: string[] } = {}): Promise<StubProcess> {
  const args = stub === 'qemu'
    ? ['qemu-system-aarch64', '-M', opts.machine ?? 'virt', '-cpu', 'cortex-a57', '-smp', String(smp), '-nographic', '-nic', 'none', '-kernel', elf, '-gdb', `tcp:127.0.0.1:${port}`, '-S', ...(opts.qemuArgs ?? [])]
    : [process.execPath, join(ROOT, 'bin/kvmdbg.js'), 'run', elf, '--smp', String(smp), ...(opts.kvmdbgArgs ?? []), '--gdb', `127.0.0.1:${port}`, '-S'];
  const child = spawn(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    await waitListening(port, child, stub);
  } catch (e) {
    child.kill('SIGKILL'); // a stub that never listened must not outlive the test (it would keep the runner alive)
    throw e;
  }
  return { child, port, output: () => out, exited };
}

export interface GdbRun {
  stdout: string;
  stderr: string;
  status: number | null;
  stubOutput: string;
  stubStatus: number | null;
  ms: number;
}

/**
 * Runs `gdb-multiarch -batch -nx -x script` against a fresh stub. `PORT`, `ELF` and `STUBPID` (the stub's
 * process id) in the script are replaced.
 * `sigintAfterMs`: send SIGINT to gdb that long after it starts (Ctrl-C while the guest spins).
 * `smp`: the number of CPUs (QEMU -smp, kvmdbg --smp).
 */
export async function runGdb(stub: Stub, script: string, opts: { elf?: string; sigintAfterMs?: number; timeoutMs?: number; smp?: number } = {}): Promise<GdbRun> {
  const elf = opts.elf ?? GDB_GUEST;
  const port = await freePort();
  const s = await startStub(stub, elf, port, opts.smp);
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-gdb-'));
  const file = join(dir, 'script.gdb');
  writeFileSync(file, script.replaceAll('PORT', String(port)).replaceAll('ELF', elf).replaceAll('STUBPID', String(s.child.pid)));
  const t0 = Date.now();
  const gdb = spawn('gdb-multiarch', ['-batch', '-nx', '-x', file], { cwd: dirname(elf), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  gdb.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  gdb.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  let timer: NodeJS.Timeout | undefined;
  if (opts.sigintAfterMs !== undefined) timer = setTimeout(() => gdb.kill('SIGINT'), opts.sigintAfterMs);
  const kill = setTimeout(() => gdb.kill('SIGKILL'), opts.timeoutMs ?? 60000);
  const status = await new Promise<number | null>((r) => gdb.on('exit', (code) => r(code)));
  const ms = Date.now() - t0;
  clearTimeout(kill);
  if (timer) clearTimeout(timer);
  // the stub ends by itself (detach → guest powers off; kill); give it a moment, then make sure
  const stubStatus = await Promise.race([s.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10000))]);
  if (stubStatus === 'timeout') s.child.kill('SIGKILL');
  return { stdout, stderr, status, stubOutput: s.output(), stubStatus: stubStatus === 'timeout' ? null : stubStatus, ms };
}

/** Keeps what both stubs must agree on: drops the connection banner and QEMU's extra registers. */
export function normalise(text: string): string {
  const regs = /^(x\d+|sp|pc|cpsr|fpsr|fpcr)\s/;
  return text.split('\n')
    .filter((l) => !/^Remote debugging using/.test(l))
    // `info registers`: QEMU adds ~160 system registers after fpcr; compare the core feature only
    .filter((l) => !/^\S+\s+0x[0-9a-f]+\s+\S+/.test(l) || regs.test(l))
    .join('\n');
}
