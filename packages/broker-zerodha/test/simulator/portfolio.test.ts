import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysOf, mockData, orderForm, startSimulator, type TestSimulator } from './support.js';

type Row = Record<string, number | string | boolean | null | object>;

let t: TestSimulator;
beforeEach(async () => {
  t = await startSimulator();
  t.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 800);
});
afterEach(() => t.close());

async function place(overrides: Record<string, string | number>): Promise<void> {
  await t.data('/orders/regular', { method: 'POST', form: orderForm(overrides) });
}

describe('GET /portfolio/positions', () => {
  it('answers {net, day} with positions.json’s fields; quantity is signed and buy − sell', async () => {
    await place({ transaction_type: 'SELL', quantity: 3 });
    const data = await t.data<{ net: Row[]; day: Row[] }>('/portfolio/positions');
    expect(keysOf(data)).toEqual(keysOf(mockData('positions.json')));
    const positionKeys = keysOf(mockData<{ net: unknown[] }>('positions.json').net[0]);
    for (const row of [...data.net, ...data.day]) expect(keysOf(row)).toEqual(positionKeys);
    const [net] = data.net;
    expect(net).toMatchObject({ tradingsymbol: 'SBIN', exchange: 'NSE', product: 'MIS', quantity: -3 });
    expect(Number(net?.buy_quantity) - Number(net?.sell_quantity)).toBe(-3);
    expect(net?.instrument_token).toBe(t.sim.master.get('NSE', 'SBIN')?.instrumentToken);
    expect(data.day[0]).toMatchObject({ quantity: -3, day_sell_quantity: 3, overnight_quantity: 0 });
  });

  it('books realised P&L when a position is closed', async () => {
    await place({ quantity: 2 });
    t.sim.backdoor.setPrice('NSE:SBIN', 820);
    await place({ transaction_type: 'SELL', quantity: 2 });
    const { net } = await t.data<{ net: Row[] }>('/portfolio/positions');
    expect(net[0]).toMatchObject({ quantity: 0, buy_quantity: 2, sell_quantity: 2 });
    // Bought at the ask (a tick over 800), sold at the bid (a tick under 820).
    expect(Number(net[0]?.realised)).toBeCloseTo(2 * (819.95 - 800.05), 2);
  });
});

describe('GET /portfolio/holdings', () => {
  it('shows today’s CNC buy as t1_quantity, then as settled quantity from the next trading day', async () => {
    await place({ product: 'CNC', quantity: 5 });
    const today = await t.data<Row[]>('/portfolio/holdings');
    expect(keysOf(today[0])).toEqual(keysOf(mockData<unknown[]>('holdings.json')[0]));
    expect(today[0]).toMatchObject({ tradingsymbol: 'SBIN', quantity: 0, t1_quantity: 5, product: 'CNC' });
    await t.clock.advance(24 * 3_600_000);
    // The session died at 06:00 IST; the holding did not.
    t.relogin();
    const tomorrow = await t.data<Row[]>('/portfolio/holdings');
    expect(tomorrow[0]).toMatchObject({ quantity: 5, t1_quantity: 0, opening_quantity: 5 });
    expect(tomorrow[0]?.isin).toMatch(/^INE[0-9]{6}01[0-9]$/);
  });
});

describe('GET /user/margins', () => {
  it('answers both segments with margins.json’s fields, net = cash − debits', async () => {
    const data = await t.data<{ equity: Row; commodity: Row }>('/user/margins');
    const mock = mockData<{ equity: Record<string, object> }>('margins.json');
    expect(keysOf(data)).toEqual(keysOf(mock));
    expect(keysOf(data.equity)).toEqual(keysOf(mock.equity));
    expect(keysOf(data.equity.available)).toEqual(keysOf(mock.equity.available));
    expect(keysOf(data.equity.utilised)).toEqual(keysOf(mock.equity.utilised));
    expect(data.equity).toMatchObject({ enabled: true, net: 10_000_000 });
  });

  it('moves margin from net into debits when a position opens', async () => {
    await place({ quantity: 10 });
    const { equity } = await t.data<{
      equity: { net: number; available: { cash: number }; utilised: { debits: number; span: number } };
    }>('/user/margins');
    // MIS equity at 5× leverage: a fifth of 10 × 800.05 is blocked.
    expect(equity.utilised.span).toBeCloseTo(1600.1, 2);
    expect(equity.utilised.debits).toBeCloseTo(1600.1, 2);
    expect(equity.available.cash).toBe(10_000_000);
    expect(equity.net).toBeCloseTo(10_000_000 - 1600.1, 2);
  });

  it('answers one segment at /user/margins/{segment}, refusing an unknown one', async () => {
    const equity = await t.data<Row>('/user/margins/equity');
    expect(keysOf(equity)).toEqual(keysOf(mockData('margins_equity.json')));
    expect(keysOf(await t.data('/user/margins/commodity'))).toEqual(
      keysOf(mockData('margin_commodity.json')),
    );
    expect((await t.call('/user/margins/crypto')).status).toBe(400);
  });
});

describe('POST /margins/orders and /margins/basket', () => {
  const leg = {
    exchange: 'NSE',
    tradingsymbol: 'SBIN',
    transaction_type: 'BUY',
    variety: 'regular',
    product: 'CNC',
    order_type: 'LIMIT',
    quantity: 10,
    price: 800,
    trigger_price: 0,
  };

  it('answers order_margins.json’s shape with the sandbox’s margin (value ÷ leverage)', async () => {
    const [margin] = await t.data<Row[]>('/margins/orders', {
      method: 'POST',
      json: [leg],
      query: { mode: 'compact' },
    });
    expect(keysOf(margin)).toEqual(keysOf(mockData<unknown[]>('order_margins.json')[0]));
    expect(margin).toMatchObject({ tradingsymbol: 'SBIN', total: 8000, var: 8000, leverage: 1 });
  });

  it('answers basket_margins.json’s top level for several legs', async () => {
    const data = await t.data<{ final: Row; orders: Row[] }>('/margins/basket', {
      method: 'POST',
      json: [leg, { ...leg, product: 'MIS' }],
    });
    expect(keysOf(data)).toEqual(keysOf(mockData('basket_margins.json')));
    expect(data.final.total).toBe(8000 + 1600);
    expect(data.orders).toHaveLength(2);
  });
});
