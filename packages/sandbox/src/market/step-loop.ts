import type { Clock } from '@openalgo/core';

/**
 * Runs `onStep` every `intervalMs` of the injected clock while started, on step boundaries (multiples
 * of the interval since the epoch) so each wake-up lands on a new market step. Stopping aborts the
 * pending sleep, so no timer outlives the last watcher (a ManualClock's pendingSleeps drops to 0).
 */
export class StepLoop {
  private controller: AbortController | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly onStep: () => void | Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  get running(): boolean {
    return this.controller !== undefined;
  }

  start(): void {
    if (this.controller) return;
    const controller = new AbortController();
    this.controller = controller;
    this.run(controller.signal).catch((error: unknown) => {
      // Only a clock that fails to sleep gets here; the loop cannot continue without one.
      if (this.controller === controller) this.controller = undefined;
      this.onError(error);
    });
  }

  stop(): void {
    const controller = this.controller;
    this.controller = undefined;
    controller?.abort(new Error('step loop stopped'));
  }

  private async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const sinceBoundary = ((this.clock.now() % this.intervalMs) + this.intervalMs) % this.intervalMs;
      try {
        await this.clock.sleep(this.intervalMs - sinceBoundary, signal);
      } catch (error) {
        if (signal.aborted) return;
        throw error;
      }
      if (signal.aborted) return;
      try {
        await this.onStep();
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
