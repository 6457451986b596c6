import type { Clock } from '@openalgo/core';
import type { Backdoor } from '../harness.js';

/** What the suite needs of core's ManualClock; duck-typed so another copy of core works too. */
interface ManualClockLike {
  readonly pendingSleeps: number;
  advance(ms: number): Promise<void>;
}

function asManualClock(clock: Clock): ManualClockLike | undefined {
  const candidate = clock as Partial<ManualClockLike>;
  return typeof candidate.pendingSleeps === 'number' && typeof candidate.advance === 'function'
    ? (candidate as ManualClockLike)
    : undefined;
}

const STEP_MS = 250;
/** Upper bound on clock time one `settle` may add: enough for any bounded retry or reconcile loop. */
const MAX_DRIVE_MS = 180_000;
/** Upper bound on event-loop turns spent waiting on I/O with nobody sleeping. */
const MAX_IDLE_TURNS = 200_000;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Moves harness time for checks. With a manual clock nothing waits by itself, so a call that sleeps
 * (a reconcile loop, a retry after Retry-After) would hang: `settle` advances the clock in small steps
 * whenever someone is asleep until the call settles. With a real clock it simply awaits.
 */
export class TimeDriver {
  private readonly manual: ManualClockLike | undefined;
  private readonly advanceFn: ((ms: number) => Promise<void>) | undefined;

  constructor(
    private readonly clock: Clock,
    backdoor: Backdoor,
  ) {
    this.manual = asManualClock(clock);
    const manual = this.manual;
    this.advanceFn = backdoor.advanceClock
      ? (ms) => (backdoor.advanceClock as (ms: number) => Promise<void>).call(backdoor, ms)
      : manual
        ? (ms) => manual.advance(ms)
        : undefined;
  }

  /** Lets `ms` of harness time pass: advanced when the harness can, waited out otherwise. */
  async pause(ms: number): Promise<void> {
    if (this.advanceFn) await this.advanceFn(ms);
    else await this.clock.sleep(ms);
  }

  async settle<T>(promise: Promise<T>): Promise<T> {
    const manual = this.manual;
    const advance = this.advanceFn;
    if (!manual || !advance) return promise;
    let settled = false;
    promise.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    let driven = 0;
    let idle = 0;
    while (!settled && driven < MAX_DRIVE_MS && idle < MAX_IDLE_TURNS) {
      await nextTurn();
      if (settled) break;
      if (manual.pendingSleeps > 0) {
        await advance(STEP_MS);
        driven += STEP_MS;
      } else {
        idle++;
      }
    }
    return promise;
  }
}
