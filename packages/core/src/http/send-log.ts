/**
 * The send times of one rate-limit bucket, oldest first, as a queue over a plain array: appends go
 * at the end, pruning moves a head index, and the array is compacted only when the dead prefix is
 * large, so every operation is O(1) amortised. Times never decrease (the limiter hands out send
 * slots in order), which is what makes "the N-th most recent send" enough to decide a window.
 */
export class SendLog {
  private times: number[] = [];
  private head = 0;

  get length(): number {
    return this.times.length - this.head;
  }

  /** The i-th oldest entry (0-based); the caller keeps i inside `length`. */
  at(i: number): number {
    return this.times[this.head + i] as number;
  }

  last(): number | undefined {
    return this.length === 0 ? undefined : this.times[this.times.length - 1];
  }

  push(time: number): void {
    this.times.push(time);
  }

  /** Drops every entry at or before `cutoff`: no window that is still open can contain them. */
  pruneThrough(cutoff: number): void {
    const times = this.times;
    while (this.head < times.length && (times[this.head] as number) <= cutoff) this.head++;
    if (this.head > 1024 && this.head * 2 > times.length) {
      this.times = times.slice(this.head);
      this.head = 0;
    }
  }

  /** Removes one entry equal to `time`, searching from the newest (a refund is a recent entry). */
  remove(time: number): boolean {
    for (let i = this.times.length - 1; i >= this.head; i--) {
      if (this.times[i] === time) {
        this.times.splice(i, 1);
        return true;
      }
      if ((this.times[i] as number) < time) return false;
    }
    return false;
  }

  toArray(): number[] {
    return this.times.slice(this.head);
  }
}
