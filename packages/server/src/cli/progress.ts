/**
 * A one-line progress display on stderr for downloads whose size is not known up front: a moving
 * bar, the rows so far and the rate. On a terminal it redraws in place; otherwise (CI, a pipe) it
 * prints a line now and then so logs stay readable.
 */
export class ProgressLine {
  private readonly started: number;
  private lastPrinted = 0;
  private frame = 0;

  constructor(
    private readonly out: { write(text: string): unknown; isTTY?: boolean },
    private readonly label: string,
    private readonly now: () => number = Date.now,
  ) {
    this.started = now();
  }

  update(rows: number): void {
    const elapsed = Math.max(1, this.now() - this.started);
    const rate = Math.round((rows * 1000) / elapsed);
    const text = `${this.label} ${rows.toLocaleString('en-IN')} rows (${rate.toLocaleString('en-IN')}/s)`;
    if (this.out.isTTY) {
      this.frame = (this.frame + 1) % 20;
      const bar = `${' '.repeat(this.frame)}=${' '.repeat(19 - this.frame)}`;
      this.out.write(`\r[${bar}] ${text}\u001b[K`);
      return;
    }
    if (this.now() - this.lastPrinted >= 2000 || rows === 0) {
      this.lastPrinted = this.now();
      this.out.write(`${text}\n`);
    }
  }

  done(summary: string): void {
    this.out.write(`${this.out.isTTY ? '\r\u001b[K' : ''}${summary}\n`);
  }
}
