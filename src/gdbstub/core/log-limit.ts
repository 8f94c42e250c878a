/**
 * Diagnostics about one debugger's input, rate-limited: a burst of 20 lines, then 10 a second; what is
 * left out is counted and said in one line when logging resumes (or when the session ends). A client
 * sending a megabyte of junk then costs a few dozen log lines, not seventeen thousand.
 */
export class LogLimiter {
  private tokens: number;
  private last: number;
  private suppressed = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly burst = 20,
    private readonly perSecond = 10,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = burst;
    this.last = now();
  }

  line(text: string): void {
    const t = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((t - this.last) / 1000) * this.perSecond);
    this.last = t;
    if (this.tokens < 1) {
      this.suppressed++;
      return;
    }
    this.tokens--;
    this.flush();
    this.write(text);
  }

  /** Say how many lines were left out, if any. */
  flush(): void {
    if (this.suppressed === 0) return;
    this.write(`(${this.suppressed} more diagnostic line${this.suppressed === 1 ? '' : 's'} about this debugger's input left out)`);
    this.suppressed = 0;
  }
}
