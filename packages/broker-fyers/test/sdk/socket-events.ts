/**
 * What a socket callback delivered, kept in order, with a way to wait for the next message that
 * matches: no sleeps and no timers (the suite's test timeout is the only bound, and only catches a
 * hang).
 */
export class SocketEvents<T = Record<string, unknown>> {
  readonly seen: T[] = [];
  private readonly waiting: Array<{
    match: (event: T) => boolean;
    resolve: (event: T) => void;
    from: number;
  }> = [];

  /** The callback to hand the SDK. */
  readonly push = (event: unknown): void => {
    const typed = event as T;
    this.seen.push(typed);
    const index = this.seen.length - 1;
    for (const waiter of [...this.waiting]) {
      if (index >= waiter.from && waiter.match(typed)) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve(typed);
      }
    }
  };

  /** The first event matching `match` delivered at or after position `from` (default: from now on). */
  next(match: (event: T) => boolean, from = this.seen.length): Promise<T> {
    const already = this.seen.slice(from).find(match);
    if (already !== undefined) return Promise.resolve(already);
    return new Promise((resolve) => this.waiting.push({ match, resolve, from }));
  }

  /** Every event since position `from` matching `match`. */
  since(from: number, match: (event: T) => boolean = () => true): T[] {
    return this.seen.slice(from).filter(match);
  }
}
