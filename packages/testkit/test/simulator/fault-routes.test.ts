import { FAULT_OPS, type Fault, ManualClock } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { type FaultRoutes, injectRouteFault } from '../../src/simulator/fault-routes.js';
import { FaultController } from '../../src/simulator/faults.js';

/** Every operation on `POST /api/<op>`, except getMargin, which this broker has no route for. */
const ROUTES = Object.fromEntries(
  FAULT_OPS.map((op) => [op, op === 'getMargin' ? undefined : { method: 'POST', path: `/api/${op}` }]),
) as FaultRoutes;

const body = () => ({ error: 'slow down' });

function armed(fault: Fault) {
  const faults = new FaultController(new ManualClock(0));
  injectRouteFault(faults, fault, { routes: ROUTES, rateLimitBody: body, name: 'the test broker' });
  return faults;
}

describe('injectRouteFault', () => {
  it('arms a 429 on the route of the operation, Retry-After in whole seconds (at least 1)', () => {
    const faults = armed({ kind: 'rateLimit', op: 'placeOrder', retryAfterMs: 2_500, count: 2 });
    expect(faults.armed()).toEqual([{ kind: 'rateLimit', retryAfterSeconds: 3, body }]);
    expect(faults.take('rateLimit', 'POST', '/api/getOrders')).toBeUndefined();
    expect(faults.take('rateLimit', 'POST', '/api/placeOrder')).toBeDefined();
    expect(faults.take('rateLimit', 'POST', '/api/placeOrder')).toBeDefined();
    expect(faults.take('rateLimit', 'POST', '/api/placeOrder')).toBeUndefined();
    expect(armed({ kind: 'rateLimit', retryAfterMs: 10 }).armed()).toEqual([
      { kind: 'rateLimit', retryAfterSeconds: 1, body },
    ]);
  });

  it('without an operation, hits any route; a 429 without count stays until cleared', () => {
    const faults = armed({ kind: 'rateLimit', retryAfterMs: 1_000 });
    for (let i = 0; i < 5; i++) expect(faults.take('rateLimit', 'GET', `/anything/${i}`)).toBeDefined();
    faults.clear();
    expect(faults.armed()).toEqual([]);
  });

  it('arms reset-after-commit, 5xx, malformed body and latency as the kit faults of the same meaning', () => {
    const lost = armed({ kind: 'loseResponse', op: 'cancelOrder' });
    expect(lost.take('resetAfterCommit', 'POST', '/api/placeOrder')).toBeUndefined();
    expect(lost.take('resetAfterCommit', 'POST', '/api/cancelOrder')).toEqual({ kind: 'resetAfterCommit' });
    expect(lost.armed()).toEqual([]);

    const down = armed({ kind: 'serverError', op: 'getQuotes', count: 2 });
    expect(down.take('serverError', 'POST', '/api/getQuotes')).toEqual({ kind: 'serverError', status: 503 });
    expect(down.take('serverError', 'POST', '/api/getQuotes')).toBeDefined();
    expect(down.take('serverError', 'POST', '/api/getQuotes')).toBeUndefined();

    const garbled = armed({ kind: 'malformed', op: 'getFunds' });
    expect(garbled.take('malformedBody', 'POST', '/api/getFunds')).toEqual({ kind: 'malformedBody' });

    const slow = armed({ kind: 'latency', ms: 250, op: 'getOrders' });
    expect(slow.takeLatency('POST', '/api/getTrades')).toBe(0);
    expect(slow.takeLatency('POST', '/api/getOrders')).toBe(250);
    expect(armed({ kind: 'latency', ms: 40 }).takeLatency('GET', '/x')).toBe(40);
  });

  it('refuses a fault on an operation the broker has no route for, naming both', () => {
    expect(() => armed({ kind: 'malformed', op: 'getMargin' })).toThrow(
      new RangeError('the test broker has no route for operation getMargin'),
    );
  });
});
