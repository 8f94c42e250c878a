/**
 * The GDB stub on either backend: `kvmdbg run --gdb 127.0.0.1:PORT -S` in this process, driven by a
 * minimal RSP client over TCP with a fixed packet script. Used inside the test VM by main.ts.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { main } from '../../../src/cli/main.ts';
import { findSymbol, parseElf } from '../../../src/vmm/elf.ts';
import { RAM_BASE } from '../../../src/vmm/virt.ts';
import type { GdbRecord } from '../records.ts';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A minimal RSP client: sends `$packet#cs`, acknowledges and returns the next `$reply#cs` payload. */
class Rsp {
  private buf = '';
  private wake: (() => void) | undefined;
  constructor(private readonly sock: Socket) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      this.wake?.();
    });
    sock.on('close', () => this.wake?.());
  }

  static async open(port: number): Promise<Rsp> {
    for (let i = 0; ; i++) {
      try {
        const s = connect(port, '127.0.0.1');
        await new Promise<void>((res, rej) => s.once('connect', res).once('error', rej));
        s.setNoDelay(true);
        return new Rsp(s);
      } catch (err) {
        if (i > 600) throw err;
        await sleep(100);
      }
    }
  }

  async send(packet: string): Promise<string> {
    let sum = 0;
    for (const c of packet) sum = (sum + c.charCodeAt(0)) & 0xff;
    this.sock.write(`$${packet}#${sum.toString(16).padStart(2, '0')}`);
    for (;;) {
      const m = /\$([^#]*)#[0-9a-f]{2}/.exec(this.buf);
      if (m) {
        this.buf = this.buf.slice(m.index + m[0].length);
        this.sock.write('+');
        return m[1]!;
      }
      if (this.sock.destroyed) throw new Error(`connection closed waiting for the reply to ${packet}`);
      await new Promise<void>((r) => (this.wake = r));
    }
  }

  close(): void {
    this.sock.destroy();
  }
}

/** `kvmdbg run --gdb 127.0.0.1:PORT -S` on hello, driven by a scripted session: breakpoint, watchpoint, step, continue to power-off. */
export async function gdbScenario(guestDir: string, backend: 'real' | 'model', port: number): Promise<GdbRecord> {
  const guest = `${guestDir}/hello-gcc-O2.elf`;
  const image = parseElf(readFileSync(guest), { base: RAM_BASE, size: 16n << 20n });
  const sym = (n: string): string => {
    const s = findSymbol(image, n);
    if (!s) throw new Error(`${guest} has no symbol ${n}`);
    return s.value.toString(16);
  };
  let stderr = '';
  // History off on the model: real KVM has none (no instruction counts), so both stubs offer the same features
  const argv = ['run', guest, '--memory', '16M', '--backend', backend, ...(backend === 'model' ? ['--host-kernel', '6.1', '--history-size', '0'] : []),
    '--gdb', `127.0.0.1:${port}`, '-S'];
  const done = main(argv, { out: () => {}, err: (t) => void (stderr += t) });
  const transcript: string[] = [];
  const rsp = await Rsp.open(port);
  try {
    for (const p of ['qSupported:swbreak+;hwbreak+', '?', `Z0,${sym('main')},4`, 'vCont;c', 'p20', `z0,${sym('main')},4`, `Z2,${sym('svc_esr')},8`, 'vCont;c',
      'vCont;s', 'p20', `z2,${sym('svc_esr')},8`, 'vCont;c']) {
      transcript.push(`${p} -> ${await rsp.send(p)}`);
    }
  } finally {
    rsp.close();
  }
  return { kind: 'gdb', backend, status: await done, transcript, stderr };
}

