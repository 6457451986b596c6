import type { Tick, Ticker } from 'kiteconnect';

/** A tick as KiteTicker parses it: the union's fields, all reachable for assertions. */
export type SdkTick = Tick & Record<string, unknown>;
export type OrderUpdate = Record<string, unknown> & { order_id: string; status: string };

type Event =
  | { kind: 'connect' }
  | { kind: 'tick'; tick: SdkTick }
  | { kind: 'order'; update: OrderUpdate }
  | { kind: 'error'; error: unknown }
  | { kind: 'close'; code: number | undefined };

/**
 * KiteTicker's callbacks, queued. KiteTicker 5.3.0 keeps its callbacks and socket in module-level
 * variables (every instance shares them), so a test file registers this once and reads events in
 * order: `next` waits for the event itself, never for time.
 */
export class TickerEvents {
  private readonly events: Event[] = [];
  private wake: (() => void) | undefined;

  constructor(ticker: Ticker) {
    const push = (event: Event) => {
      this.events.push(event);
      this.wake?.();
    };
    // One loose signature for the SDK's overloads (its `close` passes the socket's close event).
    const on = ticker.on.bind(ticker) as unknown as (event: string, callback: (arg: never) => void) => void;
    on('connect', () => push({ kind: 'connect' }));
    on('ticks', (ticks: SdkTick[]) => {
      for (const tick of ticks) push({ kind: 'tick', tick });
    });
    on('order_update', (update: OrderUpdate) => push({ kind: 'order', update }));
    on('error', (error: unknown) => push({ kind: 'error', error }));
    on('close', (e: { code?: number } | undefined) => push({ kind: 'close', code: e?.code }));
  }

  /** Drops everything received so far. */
  clear(): void {
    this.events.length = 0;
  }

  /** Everything received so far and not yet consumed. */
  pending(): readonly Event[] {
    return this.events;
  }

  /** The first queued event of `kind` that `accept`s (consumed; the others stay queued). */
  async next<K extends Event['kind']>(
    kind: K,
    accept: (event: Extract<Event, { kind: K }>) => boolean = () => true,
  ): Promise<Extract<Event, { kind: K }>> {
    for (;;) {
      const index = this.events.findIndex((e) => e.kind === kind && accept(e as Extract<Event, { kind: K }>));
      if (index >= 0) return this.events.splice(index, 1)[0] as Extract<Event, { kind: K }>;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
  }

  async tick(accept: (tick: SdkTick) => boolean): Promise<SdkTick> {
    return (await this.next('tick', (e) => accept(e.tick))).tick;
  }

  async order(accept: (update: OrderUpdate) => boolean): Promise<OrderUpdate> {
    return (await this.next('order', (e) => accept(e.update))).update;
  }
}
