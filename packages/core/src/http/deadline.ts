/**
 * The deadline of one try, merged with the caller's own signal into the one signal undici watches.
 *
 * Why not `AbortSignal.any([signal, AbortSignal.timeout(ms)])`: a timeout signal's timer cannot be
 * cleared, so every finished request leaves a pending timer plus a WeakRef/FinalizationRegistry entry
 * behind; measured at 8–10 µs per call, which alone broke the client's overhead budget
 * (bench/http.bench.ts). And `AbortSignal.any` with a long-lived caller signal (an app-wide shutdown
 * signal passed to every call) has retained every combined signal on some Node versions
 * (nodejs/node#55351). Here the
 * timer is cleared and the caller listener removed as soon as the try is over. The abort reason is the
 * same DOMException `TimeoutError` that `AbortSignal.timeout` uses.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly caller: AbortSignal | undefined;
  private readonly onCallerAbort: (() => void) | undefined;
  private expired = false;

  constructor(
    readonly timeoutMs: number,
    caller?: AbortSignal,
  ) {
    this.signal = this.controller.signal;
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new DOMException(`deadline of ${timeoutMs} ms exceeded`, 'TimeoutError'));
    }, timeoutMs);
    // Like AbortSignal.timeout: a pending deadline alone does not keep the process alive.
    this.timer.unref();
    this.caller = caller;
    if (caller) {
      this.onCallerAbort = () => this.controller.abort(caller.reason);
      caller.addEventListener('abort', this.onCallerAbort, { once: true });
    }
  }

  /** True once the deadline (not the caller) aborted the try. */
  get timedOut(): boolean {
    return this.expired;
  }

  /** Ends the try: no timer left running, nothing left attached to the caller's signal. */
  dispose(): void {
    clearTimeout(this.timer);
    if (this.caller && this.onCallerAbort) this.caller.removeEventListener('abort', this.onCallerAbort);
  }
}
