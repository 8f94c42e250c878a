/**
 * A Linux kernel under a GDB stub, driven by gdb-multiarch batch scripts: the kernel's console is
 * captured, a script runs against the stub's port, and gdb can be sent Ctrl-C (SIGINT) when the console
 * shows a given text, so "Ctrl-C of a running kernel" happens at the same point of every boot.
 *
 * The stub is qemu-system-aarch64 (`-M virt -cpu cortex-a57 -gdb tcp:… [-S]`) or `kvmdbg run --kernel
 * … --gdb … [-S]`, on the same Image, initramfs, command line, CPUs and RAM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runCaptured, stubEnv, waitListening, type Stub } from '../gdb-harness.ts';
import { kvmdbgCommand } from '../kvmdbg-command.ts';

export interface KernelGuest {
  kernel: string;
  initrd: string;
  append: string;
  smp: number;
  /** The GIC version (QEMU gic-version, kvmdbg --gic). */
  gic: 2 | 3;
  /** MiB of RAM. */
  memory: number;
  /** A device tree to use instead of the stub's own (QEMU -dtb, kvmdbg --dtb). */
  dtb?: string;
  /** Hold the vCPUs until gdb attaches (-S). */
  wait: boolean;
}

/** The command line of a stub serving `g` on 127.0.0.1:port. QEMU gets no kaslr-seed (dtb-randomness=off). */
export function stubCommand(stub: Stub, g: KernelGuest, port: number): string[] {
  if (stub === 'qemu') {
    return ['qemu-system-aarch64', '-M', `virt,gic-version=${g.gic},dtb-randomness=off`, '-cpu', 'cortex-a57', '-smp', String(g.smp),
      '-m', String(g.memory), '-nographic', '-no-reboot', '-nic', 'none', '-kernel', g.kernel, '-initrd', g.initrd,
      '-append', g.append, ...(g.dtb ? ['-dtb', g.dtb] : []), '-gdb', `tcp:127.0.0.1:${port}`, ...(g.wait ? ['-S'] : [])];
  }
  return [...kvmdbgCommand(), 'run', '--kernel', g.kernel, '--initrd', g.initrd, '--append', g.append,
    '--smp', String(g.smp), '--gic', `v${g.gic}`, '--memory', `${g.memory}M`, ...(g.dtb ? ['--dtb', g.dtb] : []), '--gdb', `127.0.0.1:${port}`,
    ...(g.wait ? ['-S'] : [])];
}

/** A running stub: its console (stdout and stderr as they arrive) and its end. */
export class KernelStub {
  console = '';
  readonly exited: Promise<number | null>;
  private readonly waiters: { text: string; resolve: () => void }[] = [];

  private constructor(readonly child: ChildProcess, readonly port: number) {
    const take = (d: Buffer): void => {
      this.console += d.toString().replaceAll('\r', '');
      for (const w of [...this.waiters]) {
        if (this.console.includes(w.text)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    };
    child.stdout!.on('data', take);
    child.stderr!.on('data', take);
    this.exited = new Promise((r) => child.on('exit', (code) => r(code)));
  }

  static async start(stub: Stub, g: KernelGuest): Promise<KernelStub> {
    const port = await freePort();
    const [cmd, ...args] = stubCommand(stub, g, port);
    const s = new KernelStub(spawn(cmd!, args, { stdio: ['ignore', 'pipe', 'pipe'], env: stubEnv(stub) }), port);
    try {
      await waitListening(port, s.child, stub);
    } catch (e) {
      await s.stop();
      throw e;
    }
    return s;
  }

  /** Resolves once the console has shown `text` (at once if it already has). */
  waitFor(text: string, timeoutMs: number): Promise<void> {
    if (this.console.includes(text)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the console did not show ${JSON.stringify(text)} within ${timeoutMs} ms:\n${this.console.slice(-2000)}`)), timeoutMs);
      this.waiters.push({ text, resolve: () => { clearTimeout(timer); resolve(); } });
    });
  }

  /** Ends the stub if it is still running. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}

export interface GdbTranscript {
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * Runs `gdb-multiarch -batch -nx -x SCRIPT` against the stub (`PORT` in the script is replaced). With
 * `interruptOn`, gdb gets SIGINT (Ctrl-C) once the console shows that text.
 */
export async function runGdbScript(s: KernelStub, script: string, opts: { interruptOn?: string; timeoutMs?: number } = {}): Promise<GdbTranscript> {
  const file = join(mkdtempSync(join(tmpdir(), 'kvmdbg-kgdb-')), 'session.gdb');
  writeFileSync(file, script.replaceAll('PORT', String(s.port)));
  return runGdb(s, ['-x', file], opts);
}

/** Each command as its own `-ex`: unlike a script, one that fails (an unmapped address) does not end the rest. */
export function runGdbCommands(s: KernelStub, commands: string[], opts: { timeoutMs?: number } = {}): Promise<GdbTranscript> {
  return runGdb(s, commands.flatMap((c) => ['-ex', c.replaceAll('PORT', String(s.port))]), opts);
}

/**
 * Runs Debian's lldb (`lldb --no-lldbinit --batch -s SCRIPT`) against the stub (`PORT` in the script is
 * replaced); stdout and stderr together, as lldb interleaves its command echo and its errors.
 */
export async function runLldbScript(s: KernelStub, script: string, opts: { timeoutMs?: number } = {}): Promise<GdbTranscript> {
  const file = join(mkdtempSync(join(tmpdir(), 'kvmdbg-klldb-')), 'session.lldb');
  writeFileSync(file, script.replaceAll('PORT', String(s.port)));
  const r = await runCaptured('lldb', ['--no-lldbinit', '--batch', '-s', file], { timeoutMs: opts.timeoutMs ?? 120_000 });
  return { stdout: r.out, stderr: '', status: r.status };
}

async function runGdb(s: KernelStub, args: string[], opts: { interruptOn?: string; timeoutMs?: number }): Promise<GdbTranscript> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  let interruptError: Error | undefined;
  const onSpawn = opts.interruptOn === undefined ? undefined : (gdb: ChildProcess): void => {
    s.waitFor(opts.interruptOn!, timeoutMs).then(() => gdb.kill('SIGINT'), (e: Error) => { interruptError = e; gdb.kill('SIGKILL'); });
  };
  const r = await runCaptured('gdb-multiarch', ['-batch', '-nx', ...args], { timeoutMs, onSpawn });
  if (interruptError) throw interruptError;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
