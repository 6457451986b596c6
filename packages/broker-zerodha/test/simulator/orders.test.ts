import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ORDER_TIMEOUT_MESSAGE } from '../../src/simulator/index.js';
import { keysOf, mockData, orderForm, startSimulator, type TestSimulator } from './support.js';

type Row = Record<string, unknown> & { status: string; order_id: string };

let t: TestSimulator;
beforeEach(async () => {
  t = await startSimulator();
  t.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
});
afterEach(() => t.close());

async function place(overrides: Record<string, string | number> = {}): Promise<string> {
  const data = await t.data<{ order_id: string }>('/orders/regular', {
    method: 'POST',
    form: orderForm(overrides),
  });
  return data.order_id;
}

const statuses = (rows: Row[]) => rows.map((r) => r.status);
/** Every field a kite-mocks row carries (orders.json's first row, order_info.json's rows). */
const BOOK_KEYS = keysOf(mockData<Row[]>('orders.json')[0]);
const HISTORY_KEYS = keysOf(mockData<Row[]>('order_info.json')[0]);

describe('placing', () => {
  it('answers {order_id} at once: a 19-digit id (above 2^53) starting with the IST date', async () => {
    const answer = await t.call('/orders/regular', { method: 'POST', form: orderForm() });
    expect(answer.status).toBe(200);
    expect(keysOf((answer.body as { data: unknown }).data)).toEqual(keysOf(mockData('order_response.json')));
    expect((answer.body as { data: { order_id: string } }).data.order_id).toMatch(/^260105\d{13}$/);
  });

  it('records a MARKET order as PUT ORDER REQ RECEIVED → VALIDATION PENDING → OPEN PENDING → OPEN → COMPLETE', async () => {
    const id = await place();
    const history = await t.data<Row[]>(`/orders/${id}`);
    expect(statuses(history)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'OPEN PENDING',
      'OPEN',
      'COMPLETE',
    ]);
    for (const row of history) expect(Object.keys(row)).toEqual(expect.arrayContaining(HISTORY_KEYS));
    const [received, , , open, complete] = history;
    expect(received?.exchange_order_id).toBeNull();
    expect(open?.exchange_order_id).toMatch(/^\d{16}$/);
    expect(open?.filled_quantity).toBe(0);
    expect(complete).toMatchObject({
      filled_quantity: 1,
      pending_quantity: 0,
      tag: 'test1',
      tags: ['test1'],
    });
    expect(complete?.average_price).toBeGreaterThan(0);
    expect(complete?.order_timestamp).toBe('2026-01-05 09:30:00');
    expect(complete?.placed_by).toBe('ZT0001');
  });

  it('shows only the latest row per order in GET /orders, with every field orders.json has', async () => {
    const first = await place();
    const second = await place({ order_type: 'LIMIT', price: 700, tag: 'rest1' });
    const book = await t.data<Row[]>('/orders');
    expect(book.map((r) => [r.order_id, r.status])).toEqual([
      [first, 'COMPLETE'],
      [second, 'OPEN'],
    ]);
    for (const row of book) expect(Object.keys(row)).toEqual(expect.arrayContaining(BOOK_KEYS));
    expect(book[1]).toMatchObject({
      order_type: 'LIMIT',
      price: 700,
      pending_quantity: 1,
      status_message: null,
    });
  });

  it('puts a rejection in the book (HTTP 200), with the reason in status_message', async () => {
    const answer = await t.call('/orders/regular', {
      method: 'POST',
      // Under Kite's 1,00,000-share cap, but 99,000 × ₹800 at 5× MIS leverage is beyond the ₹1 crore account.
      form: orderForm({ quantity: 99_000 }),
    });
    expect(answer.status).toBe(200);
    const id = (answer.body as { data: { order_id: string } }).data.order_id;
    const history = await t.data<Row[]>(`/orders/${id}`);
    expect(statuses(history)).toEqual(['PUT ORDER REQ RECEIVED', 'VALIDATION PENDING', 'REJECTED']);
    const rejected = history[2] as Row;
    expect(rejected.status_message).toMatch(/Insufficient funds/);
    expect(rejected.status_message_raw).toMatch(/^RMS:/);
    expect(rejected).toMatchObject({ exchange_order_id: null, filled_quantity: 0, pending_quantity: 0 });
  });

  it('rejects an order on a listed but unpriced (filler) instrument in the book', async () => {
    const filler = t.sim.master.rows.find((r) => r.sandbox === undefined && r.segment === 'NSE');
    expect(filler).toBeDefined();
    const id = await place({ tradingsymbol: filler?.tradingsymbol ?? '', exchange: 'NSE' });
    const [latest] = (await t.data<Row[]>('/orders')).filter((r) => r.order_id === id);
    expect(latest?.status).toBe('REJECTED');
    expect(latest?.status_message).toMatch(/not priced/);
  });

  it('goes to TRIGGER PENDING for a stop order away from the market', async () => {
    // A BUY stop above the market (SBIN at 800), inside the day's band.
    const id = await place({ order_type: 'SL', price: 851, trigger_price: 850 });
    const history = await t.data<Row[]>(`/orders/${id}`);
    expect(statuses(history).slice(-1)).toEqual(['TRIGGER PENDING']);
    expect(history.at(-1)).toMatchObject({ price: 851, trigger_price: 850 });
  });

  it('triggers a stop order when the market reaches it: TRIGGER PENDING → OPEN → COMPLETE', async () => {
    const id = await place({ order_type: 'SL-M', trigger_price: 810 });
    t.sim.backdoor.setPrice('NSE:SBIN', 812);
    const history = await t.data<Row[]>(`/orders/${id}`);
    expect(statuses(history).slice(3)).toEqual(['TRIGGER PENDING', 'OPEN', 'COMPLETE']);
    expect(history.at(-1)).toMatchObject({
      order_type: 'SL-M',
      trigger_price: 810,
      price: 0,
      filled_quantity: 1,
    });
  });

  it.each([
    ['a missing tradingsymbol', { tradingsymbol: '' }, 'Missing `tradingsymbol`.'],
    ['an unknown tradingsymbol', { tradingsymbol: 'NOSUCH' }, 'Invalid `tradingsymbol` or `exchange`.'],
    ['a bad transaction_type', { transaction_type: 'HOLD' }, 'Invalid `transaction_type`.'],
    ['a bad order_type', { order_type: 'STOP' }, 'Invalid `order_type`.'],
    ['a bad product', { product: 'XYZ' }, 'Invalid `product`.'],
    ['a zero quantity', { quantity: 0 }, 'Invalid `quantity`.'],
    ['a fractional quantity', { quantity: '1.5' }, 'Invalid `quantity`.'],
    ['a tag over 20 characters', { tag: 'x'.repeat(21) }, '`tag` can be at most 20 characters.'],
    ['an index', { tradingsymbol: 'NIFTY 50' }, 'Index instruments cannot be traded.'],
  ])('refuses %s with 400 InputException and books nothing', async (_name, overrides, message) => {
    const answer = await t.call('/orders/regular', { method: 'POST', form: orderForm(overrides) });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ status: 'error', error_type: 'InputException', message, data: null });
    expect(await t.data<Row[]>('/orders')).toEqual([]);
  });

  it('refuses varieties it does not run, by name', async () => {
    const answer = await t.call('/orders/amo', { method: 'POST', form: orderForm() });
    expect(answer.status).toBe(400);
    expect((answer.body as { message: string }).message).toMatch(/regular orders, not `amo`/);
  });

  it('commits the order, then answers Kite’s ambiguous "Order request timed out" when told to', async () => {
    t.sim.backdoor.orderTimeout();
    const answer = await t.call('/orders/regular', { method: 'POST', form: orderForm({ tag: 'amb1' }) });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      status: 'error',
      error_type: 'InputException',
      message: ORDER_TIMEOUT_MESSAGE,
      data: null,
    });
    const book = await t.data<Row[]>('/orders');
    expect(book.filter((r) => r.tag === 'amb1')).toHaveLength(1);
    // Only once: the next place is answered normally.
    expect((await t.call('/orders/regular', { method: 'POST', form: orderForm() })).status).toBe(200);
  });
});

describe('modifying and cancelling', () => {
  it('writes MODIFY VALIDATION PENDING → MODIFY PENDING → MODIFIED with the old terms, then OPEN with the new', async () => {
    const id = await place({ order_type: 'LIMIT', price: 700 });
    await t.clock.advance(5_000);
    const answer = await t.data<{ order_id: string }>(`/orders/regular/${id}`, {
      method: 'PUT',
      form: { order_type: 'LIMIT', price: 710, quantity: 2 },
    });
    expect(answer.order_id).toBe(id);
    const history = await t.data<Row[]>(`/orders/${id}`);
    expect(statuses(history).slice(4)).toEqual([
      'MODIFY VALIDATION PENDING',
      'MODIFY PENDING',
      'MODIFIED',
      'OPEN',
    ]);
    expect(history.slice(4).map((r) => [r.price, r.quantity])).toEqual([
      [700, 1],
      [700, 1],
      [700, 1],
      [710, 2],
    ]);
    // As order_info.json shows: the rows from the modification on carry its time.
    expect(history[3]?.order_timestamp).toBe('2026-01-05 09:30:00');
    expect(history.at(-1)?.order_timestamp).toBe('2026-01-05 09:30:05');
  });

  it('shows a modification that crosses the market as MODIFIED → OPEN (new terms) → COMPLETE', async () => {
    const id = await place({ order_type: 'LIMIT', price: 700 });
    await t.data(`/orders/regular/${id}`, { method: 'PUT', form: { price: 805 } });
    const history = await t.data<Row[]>(`/orders/${id}`);
    expect(statuses(history).slice(-3)).toEqual(['MODIFIED', 'OPEN', 'COMPLETE']);
    expect(history.slice(-2).map((r) => [r.price, r.filled_quantity])).toEqual([
      [805, 0],
      [805, 1],
    ]);
  });

  it('keeps the fields a modification leaves out', async () => {
    const id = await place({ order_type: 'LIMIT', price: 700, quantity: 3 });
    await t.data(`/orders/regular/${id}`, { method: 'PUT', form: { price: 705 } });
    const [row] = await t.data<Row[]>('/orders');
    expect(row).toMatchObject({ order_type: 'LIMIT', price: 705, quantity: 3 });
  });

  it('cancels through CANCEL PENDING → CANCELLED, leaving the unfilled quantity pending and cancelled', async () => {
    const id = await place({ order_type: 'LIMIT', price: 700, quantity: 4 });
    await t.data(`/orders/regular/${id}`, { method: 'DELETE' });
    const history = await t.data<Row[]>(`/orders/${id}`);
    expect(statuses(history).slice(-2)).toEqual(['CANCEL PENDING', 'CANCELLED']);
    expect(history.at(-1)).toMatchObject({
      pending_quantity: 4,
      cancelled_quantity: 4,
      status_message: null,
    });
  });

  it('refuses to modify or cancel a completed order, and an unknown id', async () => {
    const id = await place();
    const modify = await t.call(`/orders/regular/${id}`, { method: 'PUT', form: { quantity: 2 } });
    expect(modify.status).toBe(400);
    expect((modify.body as { message: string }).message).toBe(
      'Order cannot be modified as it is already completed.',
    );
    const cancel = await t.call(`/orders/regular/${id}`, { method: 'DELETE' });
    expect((cancel.body as { message: string }).message).toBe(
      'Order cannot be cancelled as it is already completed.',
    );
    const unknown = await t.call('/orders/999999999999999');
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error_type: 'InputException',
      message: "Couldn't find that order.",
    });
  });

  it('fills a resting LIMIT when the market crosses it, adding OPEN → COMPLETE', async () => {
    const id = await place({ order_type: 'LIMIT', price: 790 });
    t.sim.backdoor.setPrice('NSE:SBIN', 780);
    const history = await t.data<Row[]>(`/orders/${id}`);
    expect(statuses(history).slice(-2)).toEqual(['OPEN', 'COMPLETE']);
    expect(history.at(-1)?.average_price).toBeLessThanOrEqual(790);
  });
});

describe('orders the broker places itself', () => {
  it('lists the MIS square-off at 15:15 IST as a completed order with its trade', async () => {
    const id = await place({ quantity: 3 });
    // 09:30 → 15:16 IST.
    await t.clock.advance((5 * 60 + 46) * 60_000);
    const book = await t.data<Row[]>('/orders');
    expect(book).toHaveLength(2);
    const squareOff = book.find((r) => r.order_id !== id) as Row;
    expect(squareOff).toMatchObject({
      status: 'COMPLETE',
      transaction_type: 'SELL',
      order_type: 'MARKET',
      product: 'MIS',
      quantity: 3,
      tag: null,
      order_timestamp: '2026-01-05 15:15:00',
    });
    const trades = await t.data<Array<Record<string, unknown>>>('/trades');
    expect(trades.filter((tr) => tr.order_id === squareOff.order_id).map((tr) => tr.quantity)).toEqual([3]);
    const { net } = await t.data<{ net: Row[] }>('/portfolio/positions');
    expect(net[0]?.quantity).toBe(0);
  });
});

describe('trades', () => {
  it('lists fills with trades.json’s fields: 8-digit id, bare time in order_timestamp', async () => {
    const id = await place({ quantity: 2 });
    const trades = await t.data<Array<Record<string, unknown>>>('/trades');
    expect(trades.length).toBeGreaterThan(0);
    for (const trade of trades) {
      expect(keysOf(trade)).toEqual(keysOf(mockData<unknown[]>('trades.json')[0]));
      expect(trade.trade_id).toMatch(/^\d{8}$/);
      expect(trade.order_timestamp).toMatch(/^\d{2}:\d{2}:\d{2}$/);
      expect(trade.fill_timestamp).toBe('2026-01-05 09:30:00');
    }
    expect(trades.reduce((sum, tr) => sum + Number(tr.quantity), 0)).toBe(2);
    const own = await t.data<Array<Record<string, unknown>>>(`/orders/${id}/trades`);
    expect(own).toEqual(trades);
    const [completed] = await t.data<Row[]>('/orders');
    expect(own[0]?.exchange_order_id).toBe(completed?.exchange_order_id);
  });
});
