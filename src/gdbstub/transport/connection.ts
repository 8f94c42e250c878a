/**
 * A byte stream to one debugger client. Implemented over TCP (tcp.ts) and over an in-memory pipe
 * (pipe.ts, for tests and the fuzzer). Bytes are carried as latin1 strings on the write side, since every
 * RSP reply the stub builds is 8-bit text.
 */
export interface Connection {
  /** For log lines: "127.0.0.1:40312" or "pipe". */
  readonly peer: string;
  write(data: string): void;
  close(): void;
  onData(cb: (data: Uint8Array) => void): void;
  onClose(cb: () => void): void;
}
