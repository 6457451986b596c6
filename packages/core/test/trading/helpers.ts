import { FakeAdapter, type FakeAdapterOptions, RecordingLogger } from '../../src/testing/index.js';
import { flushMicrotasks, ManualClock } from '../../src/time/clock.js';
import { TradingService } from '../../src/trading/trading-service.js';

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(reason: unknown): void;
}

/** A promise a test settles by hand: the way to hold a fake call open without sleeping. */
export function deferred<T = void>(): Deferred<T> {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** Captures a promise's outcome so a test can inspect it later without an unhandled rejection. */
export function capture<T>(promise: Promise<T>): Promise<Outcome<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

/** Lets queued async work run until nothing is left but what waits on a gate or a clock. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await flushMicrotasks();
}

export interface Harness {
  clock: ManualClock;
  adapter: FakeAdapter;
  logger: RecordingLogger;
  service: TradingService;
}

/** A TradingService over a fresh fake account, manual clock and recording logger. */
export function createHarness(
  options: { reconcile?: { attempts?: number; intervalMs?: number }; adapter?: FakeAdapterOptions } = {},
): Harness {
  const clock = new ManualClock();
  const adapter = new FakeAdapter({ clock, ...options.adapter });
  const logger = new RecordingLogger();
  const service = new TradingService({
    adapter,
    clock,
    logger,
    ...(options.reconcile ? { reconcile: options.reconcile } : {}),
  });
  return { clock, adapter, logger, service };
}
