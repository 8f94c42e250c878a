/**
 * A byte stream to one debugger client. Implemented over TCP (tcp.ts) and over an in-memory pipe
 * (pipe.ts, for tests and the fuzzer). Bytes are carried as latin1 strings on the write side, since every
 * RSP reply the stub builds is 8-bit text.
 *
 * Back-pressure: a client that sends requests but does not read the replies would make the stub buffer
 * them without end. `congested` says more than the transport's bound waits to be written; the session
 * then stops reading (`pause`) until `onDrain` reports the bytes gone, and `resume`s.
 */
export interface Connection {
  /** For log lines: "127.0.0.1:40312" or "pipe". */
  readonly peer: string;
  write(data: string): void;
  close(): void;
  onData(cb: (data: Uint8Array) => void): void;
  onClose(cb: () => void): void;
  /** More written bytes wait than the transport allows: stop producing replies. */
  readonly congested: boolean;
  /** Stop delivering received data (it waits in the transport) / deliver again. */
  pause(): void;
  resume(): void;
  /** Called when the written bytes that waited have been taken by the peer. */
  onDrain(cb: () => void): void;
}
