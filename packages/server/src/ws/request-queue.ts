/** Stop reading a client's socket while this many of its requests wait (TCP pushes back on it). */
export const MAX_QUEUED_REQUESTS = 32;

/** The part of a socket that flow control needs. */
export interface Pausable {
  pause(): void;
  resume(): void;
}

/**
 * One client's requests, run one at a time in arrival order — a pipelined `authenticate` then
 * `subscribe` works — with flow control: while too many wait, the socket is no longer read, and
 * reading resumes once half of them are done.
 */
export class RequestQueue {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;
  private pausedReading = false;
  private stopped = false;

  constructor(
    private readonly socket: Pausable,
    private readonly onCrash: (err: unknown) => void,
  ) {}

  /** True while the socket is not being read (its pongs cannot reach us either). */
  get paused(): boolean {
    return this.pausedReading;
  }

  push(request: () => Promise<void>): void {
    this.waiting++;
    if (this.waiting >= MAX_QUEUED_REQUESTS && !this.pausedReading) {
      this.pausedReading = true;
      this.socket.pause();
    }
    this.tail = this.tail
      .then(request)
      .catch((err: unknown) => this.onCrash(err))
      .finally(() => this.done());
  }

  /** The client is closing: never resume reading its socket. */
  stop(): void {
    this.stopped = true;
  }

  private done(): void {
    this.waiting--;
    if (this.pausedReading && this.waiting < MAX_QUEUED_REQUESTS / 2 && !this.stopped) {
      this.pausedReading = false;
      this.socket.resume();
    }
  }
}
