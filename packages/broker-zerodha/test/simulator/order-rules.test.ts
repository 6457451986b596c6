import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FREEZE_QUANTITIES, MARKET_PROTECTION_REQUIRED } from '../../src/simulator/order-rules.js';
import { orderForm, startSimulator, type TestSimulator } from './support.js';

/**
 * Kite's order rules, each answered as Kite does (HTTP 400 InputException, nothing booked). Every test
 * here fails if the simulator stops enforcing its rule: the refused order would be booked instead.
 */

type Row = Record<string, unknown> & { status: string; order_id: string };
interface Quote {
  last_price: number;
  lower_circuit_limit: number;
  upper_circuit_limit: number;
}

let t: TestSimulator;
beforeEach(async () => {
  t = await startSimulator();
  t.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
});
afterEach(() => t.close());

async function placeAnswer(overrides: Record<string, string | number>) {
  return t.call('/orders/regular', { method: 'POST', form: orderForm(overrides) });
}

/** The order is refused with Kite's envelope and `message`, and the book stays as it was. */
async function expectRefused(
  answer: Awaited<ReturnType<typeof placeAnswer>>,
  message: string | RegExp,
  bookSize = 0,
): Promise<void> {
  expect(answer.status).toBe(400);
  expect(answer.body).toMatchObject({ status: 'error', error_type: 'InputException', data: null });
  const text = (answer.body as { message: string }).message;
  if (typeof message === 'string') expect(text).toBe(message);
  else expect(text).toMatch(message);
  expect(await t.data<Row[]>('/orders')).toHaveLength(bookSize);
}

async function place(overrides: Record<string, string | number>): Promise<string> {
  const data = await t.data<{ order_id: string }>('/orders/regular', {
    method: 'POST',
    form: orderForm(overrides),
  });
  return data.order_id;
}

async function quote(key: string): Promise<Quote> {
  const data = await t.data<Record<string, Quote>>('/quote', { query: { i: key } });
  return data[key] as Quote;
}

function niftyFuture() {
  const row = t.sim.master.rows.find((r) => r.name === 'NIFTY' && r.instrumentType === 'FUT' && r.sandbox);
  if (!row) throw new Error('the master has no priced NIFTY future');
  return row;
}

describe('market protection (required for MARKET and SL-M since April 2026)', () => {
  it.each([
    ['MARKET without it', { market_protection: '' }],
    ['MARKET with 0', { market_protection: 0 }],
    ['SL-M without it', { order_type: 'SL-M', trigger_price: 850, market_protection: '' }],
    ['SL-M with 0', { order_type: 'SL-M', trigger_price: 850, market_protection: '0' }],
  ])('refuses %s', async (_name, overrides) => {
    await expectRefused(await placeAnswer(overrides), MARKET_PROTECTION_REQUIRED);
  });

  it('refuses a value that is not a decimal, with Kite’s decoder text', async () => {
    await expectRefused(
      await placeAnswer({ market_protection: 'abc' }),
      'Invalid request (failed to decode market_protection, got: abc (expected decimal))',
    );
  });

  it.each([['101'], ['-2'], ['-0.5']])('refuses %s: only -1 or a percentage in (0, 100]', async (value) => {
    await expectRefused(await placeAnswer({ market_protection: value }), /market_protection/);
  });

  it.each([['-1'], ['2.5'], ['100']])('accepts %s and shows it on the order', async (value) => {
    const id = await place({ market_protection: value });
    const history = await t.data<Row[]>(`/orders/${id}`);
    expect(history.at(-1)).toMatchObject({ status: 'COMPLETE', market_protection: Number(value) });
  });

  it('refuses a modification to MARKET or SL-M without it, and takes one that carries it', async () => {
    const id = await place({ order_type: 'LIMIT', price: 700 });
    const forms: Array<Record<string, string | number>> = [
      { order_type: 'MARKET' },
      { order_type: 'MARKET', market_protection: 0 },
      { order_type: 'SL-M', trigger_price: 850 },
    ];
    for (const form of forms) {
      const answer = await t.call(`/orders/regular/${id}`, { method: 'PUT', form });
      expect(answer.status).toBe(400);
      expect((answer.body as { message: string }).message).toBe(MARKET_PROTECTION_REQUIRED);
    }
    expect((await t.data<Row[]>('/orders'))[0]).toMatchObject({ status: 'OPEN', order_type: 'LIMIT' });
    await t.data(`/orders/regular/${id}`, {
      method: 'PUT',
      form: { order_type: 'SL-M', trigger_price: 850, market_protection: -1 },
    });
    expect((await t.data<Row[]>('/orders'))[0]).toMatchObject({
      status: 'TRIGGER PENDING',
      order_type: 'SL-M',
      market_protection: -1,
    });
  });
});

describe('tick size', () => {
  it('refuses a LIMIT price off the 0.05 tick', async () => {
    await expectRefused(
      await placeAnswer({ order_type: 'LIMIT', price: 700.03 }),
      'Tick size for this script is 0.05. Kindly enter price in the multiple of tick size for this script',
    );
  });

  it('refuses a trigger price off the tick', async () => {
    await expectRefused(
      await placeAnswer({ order_type: 'SL', price: 851, trigger_price: 850.02 }),
      'Tick size for this script is 0.05. Kindly enter trigger price in the multiple of tick size for this script',
    );
  });

  it('refuses a modification to a price off the tick, leaving the order as it was', async () => {
    const id = await place({ order_type: 'LIMIT', price: 700 });
    const answer = await t.call(`/orders/regular/${id}`, { method: 'PUT', form: { price: '700.01' } });
    expect(answer.status).toBe(400);
    expect((answer.body as { message: string }).message).toMatch(/^Tick size for this script is 0.05/);
    expect((await t.data<Row[]>('/orders'))[0]).toMatchObject({ price: 700, status: 'OPEN' });
  });

  it('accepts prices on the tick, including binary fractions like 700.15', async () => {
    const id = await place({ order_type: 'LIMIT', price: '700.15' });
    expect((await t.data<Row[]>(`/orders/${id}`)).at(-1)).toMatchObject({ status: 'OPEN', price: 700.15 });
  });
});

describe('circuit limits (the quote’s lower and upper limits)', () => {
  it('publishes a band around the market and refuses a LIMIT just outside it, either side', async () => {
    const q = await quote('NSE:SBIN');
    expect(q.lower_circuit_limit).toBeGreaterThan(0);
    expect(q.lower_circuit_limit).toBeLessThan(q.last_price);
    expect(q.upper_circuit_limit).toBeGreaterThan(q.last_price);
    const above = Number((q.upper_circuit_limit + 0.05).toFixed(2));
    const below = Number((q.lower_circuit_limit - 0.05).toFixed(2));
    const message = 'Price exceeds circuit limits for the instrument. Place an order within the daily range.';
    await expectRefused(await placeAnswer({ order_type: 'LIMIT', price: above }), message);
    await expectRefused(
      await placeAnswer({ order_type: 'LIMIT', transaction_type: 'SELL', price: below }),
      message,
    );
    // At the limits themselves the order is accepted.
    await place({ order_type: 'LIMIT', price: q.lower_circuit_limit });
    await place({ order_type: 'LIMIT', transaction_type: 'SELL', price: q.upper_circuit_limit });
    expect(await t.data<Row[]>('/orders')).toHaveLength(2);
  });

  it('refuses a BUY LIMIT at 3× the last price (it would otherwise fill at once)', async () => {
    await expectRefused(await placeAnswer({ order_type: 'LIMIT', price: 2400 }), /exceeds circuit limits/);
  });

  it('refuses a modification that moves the price outside the band', async () => {
    const q = await quote('NSE:SBIN');
    const id = await place({ order_type: 'LIMIT', price: 700 });
    const answer = await t.call(`/orders/regular/${id}`, {
      method: 'PUT',
      form: { price: Number((q.upper_circuit_limit + 1).toFixed(2)) },
    });
    expect(answer.status).toBe(400);
    expect((answer.body as { message: string }).message).toMatch(/exceeds circuit limits/);
    expect((await t.data<Row[]>('/orders'))[0]).toMatchObject({ price: 700, status: 'OPEN' });
  });
});

describe('stop trigger side (relative to the last price)', () => {
  it('refuses a BUY stop whose trigger is at or below the last price', async () => {
    const message = 'Trigger price for stoploss buy orders should be higher than the last traded price.';
    await expectRefused(await placeAnswer({ order_type: 'SL', price: 791, trigger_price: 790 }), message);
    await expectRefused(await placeAnswer({ order_type: 'SL-M', trigger_price: 800 }), message);
  });

  it('refuses a SELL stop whose trigger is at or above the last price', async () => {
    const message = 'Trigger price for stoploss sell orders should be lower than the last traded price.';
    await expectRefused(
      await placeAnswer({ transaction_type: 'SELL', order_type: 'SL', price: 809, trigger_price: 810 }),
      message,
    );
    await expectRefused(
      await placeAnswer({ transaction_type: 'SELL', order_type: 'SL-M', trigger_price: 800 }),
      message,
    );
  });

  it('accepts stops on the right side, and refuses a modification to the wrong side', async () => {
    await place({ transaction_type: 'SELL', order_type: 'SL-M', trigger_price: 790 });
    const id = await place({ order_type: 'SL', price: 851, trigger_price: 850 });
    const answer = await t.call(`/orders/regular/${id}`, {
      method: 'PUT',
      form: { price: 781, trigger_price: 780 },
    });
    expect(answer.status).toBe(400);
    expect((answer.body as { message: string }).message).toMatch(/stoploss buy orders should be higher/);
    const book = await t.data<Row[]>('/orders');
    expect(book.map((r) => r.status)).toEqual(['TRIGGER PENDING', 'TRIGGER PENDING']);
    expect(book[1]).toMatchObject({ trigger_price: 850 });
  });
});

describe('lot size and freeze quantity', () => {
  it('refuses a derivative quantity that is not a whole number of lots', async () => {
    const future = niftyFuture();
    // NSE's lot for NIFTY from the January 2026 contracts (NSE/FAOP/70616).
    expect(future.lotSize).toBe(65);
    await expectRefused(
      await placeAnswer({
        exchange: 'NFO',
        tradingsymbol: future.tradingsymbol,
        product: 'NRML',
        quantity: 64,
      }),
      'Quantity should be a multiple of lot size 65.',
    );
  });

  it('refuses more than the freeze quantity in one order, and accepts the most whole lots within it', async () => {
    const future = niftyFuture();
    const freeze = FREEZE_QUANTITIES['NFO:NIFTY'] as number;
    expect(freeze).toBe(1_800);
    const form = { exchange: 'NFO', tradingsymbol: future.tradingsymbol, product: 'NRML' };
    // 1800 is not a whole number of 65-lots: 27 lots (1755) is the most one order may carry.
    await expectRefused(
      await placeAnswer({ ...form, quantity: 28 * 65 }),
      'The order quantity 1820 (28 lots) is higher than the maximum quantity of 1800 (27 lots) allowed by the exchanges. Please reduce the order quantity or use iceberg orders.',
    );
    // Accepted at the API (HTTP 200); funds are the book's business.
    expect((await placeAnswer({ ...form, quantity: 27 * 65 })).status).toBe(200);
  });

  it('refuses more than 1,00,000 shares of an equity in one order', async () => {
    await expectRefused(
      await placeAnswer({ quantity: 100_001 }),
      'Maximum quantity per order for Equity is 1,00,000',
    );
  });

  it('refuses a modification beyond the freeze quantity', async () => {
    const id = await place({ order_type: 'LIMIT', price: 700 });
    const answer = await t.call(`/orders/regular/${id}`, { method: 'PUT', form: { quantity: 100_001 } });
    expect(answer.status).toBe(400);
    expect((await t.data<Row[]>('/orders'))[0]).toMatchObject({ quantity: 1 });
  });
});
