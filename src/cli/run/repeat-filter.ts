/**
 * Stop reports for stderr with runs of the same line folded: a guest that hits the same breakpoint
 * millions of times gets the line once and then "… the same stop N more times", not N lines.
 */
export class RepeatFilter {
  private last: string | undefined;
  private repeats = 0;

  constructor(private readonly write: (line: string) => void) {}

  line(text: string): void {
    if (text === this.last) {
      this.repeats++;
      return;
    }
    this.flush();
    this.last = text;
    this.write(text);
  }

  /** Report a pending run of repeats (before any other output, and at the end). */
  flush(): void {
    if (this.repeats > 0) this.write(`… the same stop ${this.repeats} more time${this.repeats === 1 ? '' : 's'}`);
    this.repeats = 0;
    this.last = undefined;
  }
}
