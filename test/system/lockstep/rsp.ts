/**
 * A small RSP client over TCP for driving two GDB stubs in lock step: one request at a time, each reply
 * acknowledged as GDB does, checksums checked, run-length encoding and escapes undone.
 */
import { connect, type Socket } from 'node:net';

export class RspClient {
  private buf = '';
  private wake: (() => void) | undefined;
  private closed = false;

  private constructor(private readonly sock: Socket, readonly name: string) {
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      this.buf += d;
      this.wake?.();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    sock.on('error', () => undefined);
  }

  static open(port: number, name: string): Promise<RspClient> {
    return new Promise((resolve, reject) => {
      const s = connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.setNoDelay(true);
        resolve(new RspClient(s, name));
      });
      s.once('error', reject);
    });
  }

  /** Sends one packet and returns the body of the next reply packet. */
  async request(body: string, timeoutMs = 60_000): Promise<string> {
    let sum = 0;
    for (let i = 0; i < body.length; i++) sum = (sum + body.charCodeAt(i)) & 0xff;
    this.sock.write(`$${body}#${sum.toString(16).padStart(2, '0')}`, 'latin1');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = this.take();
      if (r !== undefined) return r;
      if (this.closed) throw new Error(`${this.name}: connection closed before the reply to ${body.slice(0, 40)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.name}: no reply to ${body.slice(0, 40)} within ${timeoutMs} ms`);
      await new Promise<void>((res) => {
        const t = setTimeout(res, left);
        this.wake = () => {
          clearTimeout(t);
          this.wake = undefined;
          res();
        };
      });
    }
  }

  private take(): string | undefined {
    let i = 0;
    while (i < this.buf.length && this.buf[i] !== '$') i++;   // acks, and nothing else, come between packets
    const hash = this.buf.indexOf('#', i);
    if (i >= this.buf.length || hash < 0 || hash + 3 > this.buf.length) return undefined;
    const raw = this.buf.slice(i + 1, hash);
    let sum = 0;
    for (let k = 0; k < raw.length; k++) sum = (sum + raw.charCodeAt(k)) & 0xff;
    if (sum !== parseInt(this.buf.slice(hash + 1, hash + 3), 16)) throw new Error(`${this.name}: bad checksum in ${this.buf.slice(i, hash + 3)}`);
    this.buf = this.buf.slice(hash + 3);
    this.sock.write('+');
    let out = '';
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k]!;
      if (c === '}') out += String.fromCharCode(raw.charCodeAt(++k) ^ 0x20);
      else if (c === '*') {
        const n = raw.charCodeAt(++k) - 29;
        out += out[out.length - 1]!.repeat(n);
      } else out += c;
    }
    return out;
  }

  close(): void {
    this.sock.destroy();
  }
}
