/**
 * Collects UART bytes and hands complete UTF-8 text to the output stream: a line, or 4 KiB, at a time,
 * and whatever is left (a prompt without a newline) as soon as the run loop lets the event loop run.
 */
export class UartSink {
  private readonly decoder = new TextDecoder();
  private buf: number[] = [];
  private scheduled = false;
  constructor(private readonly out: (text: string) => void) {}
  push = (byte: number): void => {
    this.buf.push(byte);
    if (byte === 0x0a || this.buf.length >= 4096) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  };
  flush(): void {
    if (this.buf.length === 0) return;
    this.out(this.decoder.decode(new Uint8Array(this.buf), { stream: true }));
    this.buf = [];
  }
}
