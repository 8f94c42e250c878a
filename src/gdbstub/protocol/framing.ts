/**
 * RSP framing: `$body#cc` packets with a modulo-256 checksum, `+`/`-` acknowledgements and the raw
 * 0x03 interrupt byte (GDB manual, "Overview" and "Interrupts"). The decoder is a byte-at-a-time state
 * machine over one fixed receive buffer: it never throws and never grows past `maxPacket` bytes; an
 * oversized packet is skipped to its checksum and reported, so the stream resynchronises.
 */

export type FrameEvent =
  | { kind: 'packet'; body: Uint8Array }            // a view into the receive buffer, valid until next push()
  | { kind: 'ack' }
  | { kind: 'nak' }
  | { kind: 'interrupt' }
  | { kind: 'bad-checksum'; got: number; want: number; length: number }
  | { kind: 'oversized'; length: number; checksumOk: boolean }
  | { kind: 'garbage'; byte: number };

const enum State { Idle, Body, Sum1, Sum2 }

const DOLLAR = 0x24;
const HASH = 0x23;

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

export class FrameDecoder {
  private readonly buf: Uint8Array;
  private state = State.Idle;
  private len = 0;          // bytes in this packet's body (counted even past the buffer)
  private sum = 0;
  private sumHi = 0;

  constructor(readonly maxPacket: number) {
    this.buf = new Uint8Array(maxPacket);
  }

  /**
   * Feeds bytes; `emit` is called for each complete event. A packet body is a view into the shared
   * buffer: the handler must consume it before returning. When `emit` returns false, decoding stops
   * right after that event; the result is how many bytes were consumed (the caller feeds the rest later).
   */
  push(data: Uint8Array, emit: (e: FrameEvent) => boolean | void): number {
    for (let i = 0; i < data.length; i++) {
      if (this.step(data[i]!, emit) === false) return i + 1;
    }
    return data.length;
  }

  /** One byte; the result of `emit` when the byte completed an event. */
  private step(c: number, emit: (e: FrameEvent) => boolean | void): boolean | void {
    switch (this.state) {
      case State.Idle:
        if (c === DOLLAR) { this.state = State.Body; this.len = 0; this.sum = 0; return; }
        if (c === 0x2b) return emit({ kind: 'ack' });
        if (c === 0x2d) return emit({ kind: 'nak' });
        if (c === 0x03) return emit({ kind: 'interrupt' });
        return emit({ kind: 'garbage', byte: c });
      case State.Body:
        if (c === HASH) { this.state = State.Sum1; return; }
        if (c === DOLLAR) {
          // a new start inside a packet: the previous one was cut short; start again
          this.len = 0; this.sum = 0;
          return emit({ kind: 'garbage', byte: c });
        }
        if (this.len < this.buf.length) this.buf[this.len] = c;
        this.len++;
        this.sum = (this.sum + c) & 0xff;
        return;
      case State.Sum1:
        this.sumHi = hexDigit(c);
        this.state = State.Sum2;
        return;
      case State.Sum2: {
        const lo = hexDigit(c);
        this.state = State.Idle;
        const got = this.sumHi < 0 || lo < 0 ? -1 : (this.sumHi << 4) | lo;
        if (this.len > this.buf.length) return emit({ kind: 'oversized', length: this.len, checksumOk: got === this.sum });
        if (got !== this.sum) return emit({ kind: 'bad-checksum', got, want: this.sum, length: this.len });
        return emit({ kind: 'packet', body: this.buf.subarray(0, this.len) });
      }
    }
  }
}

/** The modulo-256 sum of a packet body. */
export function checksum(body: string): number {
  let s = 0;
  for (let i = 0; i < body.length; i++) s = (s + body.charCodeAt(i)) & 0xff;
  return s;
}

/**
 * Escapes a reply body: '$', '#', '}' and '*' become '}' + (c ^ 0x20) so that binary replies (qXfer
 * data) cannot end the frame early or be taken for run-length encoding.
 */
export function escapeBody(body: string): string {
  if (!/[$#}*]/.test(body)) return body;
  let s = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 0x24 || c === 0x23 || c === 0x7d || c === 0x2a) s += '}' + String.fromCharCode(c ^ 0x20);
    else s += body[i];
  }
  return s;
}

/** `$body#cc` with the body escaped. The body is ASCII (8-bit chars allowed). */
export function frame(body: string): string {
  const b = escapeBody(body);
  return '$' + b + '#' + checksum(b).toString(16).padStart(2, '0');
}
