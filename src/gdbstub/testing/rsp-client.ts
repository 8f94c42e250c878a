/**
 * A minimal RSP client over the in-memory pipe, for tests: frames requests, acknowledges replies the
 * way GDB does, and returns reply bodies with escapes undone. Independent of the stub's own framing code
 * on purpose (its checksum and unescaping are written out here again).
 */
import { createPipe, type PipeClient } from '../transport/pipe.ts';
import type { Connection } from '../transport/connection.ts';

export function rspFrame(body: string): string {
  let sum = 0;
  for (const c of body) sum = (sum + c.charCodeAt(0)) & 0xff;
  return `$${body}#${sum.toString(16).padStart(2, '0')}`;
}

export class RspTestClient {
  readonly pipe: PipeClient;
  readonly server: Connection;
  private consumed = 0;
  ackMode = true;
  /** Acks ('+'/'-') the stub sent, in order. */
  readonly acks: string[] = [];

  constructor() {
    const { client, server } = createPipe();
    this.pipe = client;
    this.server = server;
  }

  send(raw: string | Uint8Array): void {
    this.pipe.send(raw);
  }

  /** Sends a packet and returns the next reply packet's body. */
  async request(body: string, timeoutMs = 3000): Promise<string> {
    this.pipe.send(rspFrame(body));
    return this.nextPacket(timeoutMs);
  }

  /** The next packet from the stub (skipping and recording acks). */
  async nextPacket(timeoutMs = 3000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const got = this.tryTake();
      if (got !== undefined) return got;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no reply; stream after offset ${this.consumed}: ${JSON.stringify(this.pipe.received().slice(this.consumed))}`);
      await this.pipe.waitFor((s: string) => s.length > this.consumed, left).catch(() => undefined);
      await new Promise((r) => setImmediate(r));
    }
  }

  private tryTake(): string | undefined {
    const s = this.pipe.received();
    let i = this.consumed;
    while (i < s.length && (s[i] === '+' || s[i] === '-')) { this.acks.push(s[i]!); i++; }
    this.consumed = i;
    if (i >= s.length) return undefined;
    if (s[i] !== '$') throw new Error(`unexpected byte ${JSON.stringify(s[i])} from the stub at ${i}`);
    const hash = s.indexOf('#', i);
    if (hash < 0 || hash + 3 > s.length) return undefined;
    const raw = s.slice(i + 1, hash);
    let sum = 0;
    for (const c of raw) sum = (sum + c.charCodeAt(0)) & 0xff;
    const want = parseInt(s.slice(hash + 1, hash + 3), 16);
    if (sum !== want) throw new Error(`bad checksum from the stub: ${s.slice(i, hash + 3)}`);
    this.consumed = hash + 3;
    if (this.ackMode) this.pipe.send('+');
    let body = '';
    for (let k = 0; k < raw.length; k++) {
      if (raw[k] === '}') body += String.fromCharCode(raw.charCodeAt(++k) ^ 0x20);
      else body += raw[k];
    }
    return body;
  }

  /** Bytes the stub sent that were not consumed as packets yet. */
  pending(): string {
    return this.pipe.received().slice(this.consumed);
  }
}
