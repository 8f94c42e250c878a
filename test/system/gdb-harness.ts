/**
 * Runs the same gdb-multiarch batch script against qemu-system-aarch64's gdbstub and against kvmdbg's,
 * on the same guest ELF (QEMU with `-nic none`: this Debian has no efi-virtio.rom for the default NIC),
 * or against QEMU replaying its own recording of the guest (runGdbQemuReplay). Used by the gdb system
 * tests and bench/gdb-stepi.ts.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { kvmdbgCommand, kvmdbgEnv } from './kvmdbg-command.ts';

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

/** The environment a stub's process is started with: kvmdbg's `#!` line's variables for kvmdbg. */
export function stubEnv(stub: Stub): NodeJS.ProcessEnv {
  return stub === 'qemu' ? process.env : kvmdbgEnv();
}

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
    : [...kvmdbgCommand(), 'run', elf, '--smp', String(smp), ...(opts.kvmdbgArgs ?? []), '--gdb', `127.0.0.1:${port}`, '-S'];
  const child = spawn(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: stubEnv(stub) });
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
 * `smp`: the number of CPUs (QEMU -smp, kvmdbg --smp). `cwd`: gdb's directory (default the ELF's).
 */
export async function runGdb(stub: Stub, script: string, opts: { elf?: string; sigintAfterMs?: number; timeoutMs?: number; smp?: number; cwd?: string } = {}): Promise<GdbRun> {
  const elf = opts.elf ?? GDB_GUEST;
  const port = await freePort();
  const s = await startStub(stub, elf, port, opts.smp);
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-gdb-'));
  const file = join(dir, 'script.gdb');
  writeFileSync(file, script.replaceAll('PORT', String(port)).replaceAll('ELF', elf).replaceAll('STUBPID', String(s.child.pid)));
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const onSpawn = opts.sigintAfterMs === undefined ? undefined
    : (gdb: ChildProcess): void => { timer = setTimeout(() => gdb.kill('SIGINT'), opts.sigintAfterMs); };
  const { status, stdout, stderr } = await runCaptured('gdb-multiarch', ['-batch', '-nx', '-x', file],
    { cwd: opts.cwd ?? dirname(elf), timeoutMs: opts.timeoutMs, onSpawn });
  const ms = Date.now() - t0;
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

/** An empty qcow2 (version 3) image of `size` bytes: what QEMU needs to keep its record/replay snapshot. */
export function emptyQcow2(size: number): Uint8Array {
  const CLUSTER = 1 << 16;
  const file = new Uint8Array(3 * CLUSTER + 8);
  const v = new DataView(file.buffer);
  const u64 = (off: number, x: number): void => v.setBigUint64(off, BigInt(x));   // qcow2 is big-endian
  v.setUint32(0, 0x514649fb);            // magic "QFI\xfb"
  v.setUint32(4, 3);                     // version
  v.setUint32(20, 16);                   // cluster_bits
  u64(24, size);                         // virtual size
  v.setUint32(36, 1);                    // l1_size: one L2 table covers 512 MiB
  u64(40, 3 * CLUSTER);                  // l1_table_offset
  u64(48, CLUSTER);                      // refcount_table_offset
  v.setUint32(56, 1);                    // refcount_table_clusters
  v.setUint32(96, 4);                    // refcount_order: 16-bit refcounts
  v.setUint32(100, 104);                 // header_length; the end-of-extensions marker (zeros) follows
  u64(CLUSTER, 2 * CLUSTER);             // refcount table entry 0: the refcount block
  for (let c = 0; c < 4; c++) v.setUint16(2 * CLUSTER + 2 * c, 1);   // clusters 0..3 are in use once
  return file;
}

export interface QemuReplayRun {
  /** gdb's stdout and stderr together, in the order they arrived. */
  out: string;
  status: number | null;
  /** What the guest printed while QEMU recorded it (the replay prints it again). */
  recorded: string;
  recordStatus: number | null;
}

/**
 * QEMU's own record/replay as a reference for reverse execution: qemu-system-aarch64 records the guest
 * running to its end (`-icount shift=auto,rr=record,rrfile=F,rrsnapshot=init`), then replays the recording
 * (`rr=replay`) held before its first instruction under its gdbstub, and gdb-multiarch runs `script`
 * (`PORT` and `ELF` replaced, in `cwd`, by default the ELF's directory) against the replay. QEMU's reverse
 * execution loads the snapshot taken when recording began, which it keeps in a qcow2 image (internal
 * snapshots): an empty one on no device (`-drive if=none`), written by emptyQcow2 (so Debian's qemu-system-arm alone is enough,
 * no qemu-img). Throws when the recording does not end with the guest powering off.
 */
export async function runGdbQemuReplay(script: string, opts: { elf?: string; timeoutMs?: number; cwd?: string } = {}): Promise<QemuReplayRun> {
  const elf = opts.elf ?? GDB_GUEST;
  const dir = mkdtempSync(join(tmpdir(), 'kvmdbg-rr-'));
  try {
    const disk = join(dir, 'rr.qcow2');
    writeFileSync(disk, emptyQcow2(1 << 20));
    const rrfile = join(dir, 'rr.bin');
    // what the recording and the replay share besides startStub's machine (the replay must be configured alike)
    const common = ['-monitor', 'none', '-serial', 'stdio', '-drive', `file=${disk},format=qcow2,if=none,id=rr`];
    const rr = (mode: string): string[] => ['-icount', `shift=auto,rr=${mode},rrfile=${rrfile},rrsnapshot=init`];
    const rec = await runCaptured('qemu-system-aarch64', ['-M', 'virt', '-cpu', 'cortex-a57', '-smp', '1', '-nographic', '-nic', 'none',
      '-kernel', elf, ...common, ...rr('record')], { timeoutMs: opts.timeoutMs });
    if (rec.status !== 0) throw new Error(`QEMU recording ${elf} ended with status ${rec.status}:\n${rec.out}`);
    const port = await freePort();
    const qemu = await startStub('qemu', elf, port, 1, { qemuArgs: [...common, ...rr('replay')] });
    try {
      const file = join(dir, 'script.gdb');
      writeFileSync(file, script.replaceAll('PORT', String(port)).replaceAll('ELF', elf));
      const { status, out } = await runCaptured('gdb-multiarch', ['-batch', '-nx', '-x', file], { cwd: opts.cwd ?? dirname(elf), timeoutMs: opts.timeoutMs });
      return { out: status === 0 ? out : `${out}\n(QEMU: ${qemu.output()})`, status, recorded: rec.out, recordStatus: rec.status };
    } finally {
      qemu.child.kill('SIGKILL');
      await qemu.exited;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * From gdb's remote debug log (`set debug remote 1`, `set debug remote-packet-max-chars unlimited`): for
 * each `bc` gdb sent, the PC the stub stopped at, and whether its stop reply said `watch:`. The PC is the expedited register 0x20 of the stop reply, else the one the next `g` reply
 * holds (after x0..x30 and sp: 32 registers of 16 hex digits, little-endian).
 */
export function bcStops(out: string): { pc: string; watch: boolean }[] {
  const le = (hex: string): string => `0x${BigInt(`0x${hex.match(/../g)!.reverse().join('')}`).toString(16)}`;
  const lines = out.split('\n');
  const stops: { pc: string; watch: boolean }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/Sending packet: \$bc#/.test(lines[i]!)) continue;
    let j = i + 1;
    while (j < lines.length && !/Packet received: T/.test(lines[j]!)) j++;
    const reply = lines[j] ?? '';
    let pc = /;20:([0-9a-f]{16})/.exec(reply)?.[1];
    for (let k = j + 1; pc === undefined && k < lines.length && !/Sending packet: \$b/.test(lines[k]!); k++) {
      if (!/Sending packet: \$g#/.test(lines[k]!)) continue;
      while (k < lines.length && !/Packet received: [0-9a-fx]+/.test(lines[k]!)) k++;
      pc = /Packet received: ([0-9a-fx]+)/.exec(lines[k] ?? '')?.[1]?.slice(32 * 16, 33 * 16);
    }
    stops.push({ pc: pc ? le(pc) : 'none', watch: /watch:/.test(reply) });
  }
  return stops;
}
