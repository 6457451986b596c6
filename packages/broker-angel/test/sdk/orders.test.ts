import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CRUDE,
  FUT,
  FUT_PRICE,
  money,
  SBIN,
  SBIN_BSE,
  SBIN_PRICE,
  USDINR,
  useOrderDesk,
} from './order-desk.js';

onlyLoopback({ beforeAll, afterAll });

const desk = useOrderDesk();
const { place, bookRow } = desk;

const ORDER_TYPES = [
  ['MARKET BUY', { variety: 'NORMAL', ordertype: 'MARKET', transactiontype: 'BUY', price: '0' }, 'complete'],
  [
    'LIMIT BUY below the market',
    { variety: 'NORMAL', ordertype: 'LIMIT', transactiontype: 'BUY', price: '790' },
    'open',
  ],
  [
    'STOPLOSS_LIMIT BUY, trigger above the market',
    {
      variety: 'STOPLOSS',
      ordertype: 'STOPLOSS_LIMIT',
      transactiontype: 'BUY',
      price: '811',
      triggerprice: '810',
    },
    'trigger pending',
  ],
  // A BUY: selling DELIVERY stock the account does not hold is rejected (order-lifecycle.test.ts
  // triggers an INTRADAY STOPLOSS_MARKET SELL).
  [
    'STOPLOSS_MARKET BUY, trigger above the market',
    {
      variety: 'STOPLOSS',
      ordertype: 'STOPLOSS_MARKET',
      transactiontype: 'BUY',
      price: '0',
      triggerprice: '815',
    },
    'trigger pending',
  ],
] as const;

/** The future's prices scale with it: 23 000 instead of 800. */
function forFuture(terms: Record<string, string>): Record<string, string> {
  const scale = (v: string | undefined) =>
    v === undefined || v === '0' ? v : String((Number(v) / SBIN_PRICE) * FUT_PRICE);
  const out = { ...terms };
  for (const key of ['price', 'triggerprice'] as const)
    if (out[key] !== undefined) out[key] = scale(out[key]) as string;
  return out;
}

const PRODUCTS = [
  ['DELIVERY', SBIN, 1, (t: Record<string, string>) => t],
  ['INTRADAY', SBIN, 1, (t: Record<string, string>) => t],
  // NIFTY's lot from the January 2026 contracts (NSE/FAOP/70616).
  ['CARRYFORWARD', FUT, 65, forFuture],
] as const;

const placeCases = PRODUCTS.flatMap(([producttype, instrument, lot, terms]) =>
  ORDER_TYPES.map(([name, order, status]) => ({
    name: `${name} ${producttype}`,
    producttype,
    instrument,
    lot,
    order: terms(order),
    status,
  })),
);

describe('placeOrder: every order type and product the simulator runs', () => {
  it.each(placeCases)('$name → $status', async ({ producttype, instrument, lot, order, status }) => {
    const quantity = String(2 * lot);
    const ack = await place({ ...instrument, ...order, producttype, quantity, ordertag: 'sdk1' });
    const row = await bookRow(ack.orderid);
    const { price, triggerprice, ...terms } = order as Record<string, string>;
    expect(row).toMatchObject({
      ...instrument,
      ...terms,
      producttype,
      duration: 'DAY',
      quantity,
      ordertag: 'sdk1',
      status,
      orderstatus: status,
      uniqueorderid: ack.uniqueorderid,
      updatetime: expect.stringMatching(/^05-Jan-2026 \d{2}:\d{2}:\d{2}$/),
    });
    // The book spells numbers as strings (§2.3), prices with two decimals (the SDK's mock: "194.00").
    expect([row.price, row.triggerprice]).toEqual([money(price), money(triggerprice ?? '0')]);
    for (const key of ['price', 'triggerprice', 'quantity', 'averageprice', 'filledshares']) {
      expect(typeof row[key], key).toBe('string');
    }
    const held = desk.s.sim.backdoor.orders().find((o) => o.orderId === ack.orderid);
    expect(held).toMatchObject({ uniqueOrderId: ack.uniqueorderid, tag: 'sdk1', status, quantity: 2 * lot });
  });

  it.each([
    ['BSE cash', SBIN_BSE, '1', '790'],
    ['MCX commodity future', CRUDE, '100', '5990'],
    ['CDS currency future', USDINR, '1000', '85.9975'],
  ] as const)('a LIMIT order on %s rests open', async (_name, instrument, quantity, price) => {
    const ack = await place({
      ...instrument,
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      transactiontype: 'BUY',
      producttype: instrument.exchange === 'BSE' ? 'DELIVERY' : 'CARRYFORWARD',
      price,
      quantity,
    });
    expect(await bookRow(ack.orderid)).toMatchObject({ ...instrument, status: 'open', quantity });
  });

  it('takes numbers as JSON numbers too (the SDK forwards the caller’s types, §2.2)', async () => {
    const ack = await place({
      ...SBIN,
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      transactiontype: 'BUY',
      producttype: 'INTRADAY',
      price: 790.5,
      quantity: 3,
      squareoff: 0,
      stoploss: 0,
    });
    expect(await bookRow(ack.orderid)).toMatchObject({
      price: expect.stringMatching(/^790\.50?$/),
      quantity: '3',
      status: 'open',
    });
  });

  it('refuses what Angel refuses, each with its own code on HTTP 200', async () => {
    const base = {
      ...SBIN,
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      transactiontype: 'BUY',
      producttype: 'INTRADAY',
      price: '790',
      quantity: '1',
      duration: 'DAY',
    };
    const refusal = (errorcode: string, message: string) => ({
      status: false,
      message,
      errorcode,
      data: null,
    });
    expect(await desk.s.client.placeOrder({ ...base, ordertag: 'x'.repeat(20) })).toEqual(
      refusal('AB4008', 'ordertag length should be less than 20 characters'),
    );
    expect(await desk.s.client.placeOrder({ ...base, symboltoken: '' })).toEqual(
      refusal('AB4018', 'Symbol token cannot be empty'),
    );
    expect(await desk.s.client.placeOrder({ ...base, symboltoken: '999999999' })).toEqual(
      refusal('AB4006', 'Invalid symboltoken'),
    );
    expect(await desk.s.client.placeOrder({ ...base, variety: 'AMO' })).toEqual(
      refusal('AB1008', 'Invalid Order Variety'),
    );
    expect(desk.s.sim.backdoor.orders()).toEqual([]);
  });
});
