import { describe, expect, it } from 'vitest';
import { settleWithConcurrency } from '../../src/trading/concurrency.js';
import { type Deferred, deferred, settle } from './helpers.js';

describe('settleWithConcurrency', () => {
  it('keeps at most `limit` tasks in flight and returns outcomes in input order', async () => {
    const gates: Deferred<number>[] = Array.from({ length: 5 }, () => deferred<number>());
    let inFlight = 0;
    let maxInFlight = 0;
    const started: number[] = [];
    const run = settleWithConcurrency([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        return await (gates[i] as Deferred<number>).promise;
      } finally {
        inFlight--;
      }
    });
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1]?.resolve(10);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    gates[4]?.reject(new Error('four'));
    gates[2]?.resolve(20);
    gates[0]?.resolve(0);
    await settle();
    gates[3]?.resolve(30);
    const outcomes = await run;
    expect(maxInFlight).toBe(2);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : (o.reason as Error).message))).toEqual([
      0,
      10,
      20,
      30,
      'four',
    ]);
  });

  it('handles an empty input', async () => {
    expect(await settleWithConcurrency([], 3, async () => 1)).toEqual([]);
  });
});
