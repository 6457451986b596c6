import type { Clock } from '@openalgo/core';

/**
 * Sends a keep-alive every `intervalMs` of the injected clock until stopped. Both Fyers sockets ping
 * (HSM `00 01 0b` as the Python SDK does, the order socket text `ping`); the answer, if any, also
 * feeds core's stall watchdog.
 */
export class Pinger {
  private controller: AbortController | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly ping: () => void,
  ) {}

  start(): void {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    const loop = async () => {
      while (!controller.signal.aborted) {
        await this.clock.sleep(this.intervalMs, controller.signal);
        this.ping();
      }
    };
    loop().catch(() => undefined);
  }

  stop(): void {
    this.controller?.abort();
    this.controller = undefined;
  }
}
