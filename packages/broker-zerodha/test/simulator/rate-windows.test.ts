import { afterEach, describe, expect, it } from 'vitest';
import { orderForm, startSimulator, type TestSimulator } from './support.js';

let t: TestSimulator;
afterEach(() => t.close());

const RATE_LIMITED = {
  status: 'error',
  error_type: 'NetworkException',
  message: 'Too many requests',
  data: null,
};

const place = () => t.call('/orders/regular', { method: 'POST', form: orderForm() });

describe("Kite's rate windows (when switched on)", () => {
  it('refuses the 201st order write in one minute with 429, though no second held more than 10', async () => {
    t = await startSimulator({ rateLimits: true });
    // 10 a second for 20 seconds: within the per-second window all along, 200 in the minute.
    for (let second = 0; second < 20; second++) {
      for (let i = 0; i < 10; i++) {
        const answer = await place();
        expect(answer.status, `order ${second * 10 + i + 1}`).toBe(200);
      }
      await t.clock.advance(1_000);
    }
    const refused = await place();
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual(RATE_LIMITED);
    // Cancels and modifications draw from the same window; reads do not.
    const cancel = await t.call('/orders/regular/000000000000001', { method: 'DELETE' });
    expect(cancel.status).toBe(429);
    expect((await t.call('/orders')).status).toBe(200);
    // One minute after the first write, its slot is free again (and only its second's ten).
    await t.clock.advance(40_000);
    for (let i = 0; i < 10; i++) expect((await place()).status).toBe(200);
    expect((await place()).status).toBe(429);
  });

  it('refuses the 11th order write inside one second, even across a second boundary', async () => {
    t = await startSimulator({ rateLimits: true });
    await t.clock.advance(600);
    for (let i = 0; i < 10; i++) expect((await place()).status).toBe(200);
    // A fixed one-second window would open again here; Kite's "any second" does not.
    await t.clock.advance(500);
    expect((await place()).status).toBe(429);
    await t.clock.advance(500);
    expect((await place()).status).toBe(200);
  });
});
