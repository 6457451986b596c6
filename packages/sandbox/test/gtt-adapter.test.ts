import { GttModifyRequestSchema, type GttRequestInput, GttRequestSchema, GttSchema } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../src/store/memory-store.js';
import { SBIN } from './support/instruments.js';
import { failure, fakeSandbox } from './support/sandbox-setup.js';

/** A SINGLE BUY-on-dip on SBIN (trading at 500): fires at 490, a LIMIT at 491. */
const dip: GttRequestInput = {
  symbol: 'SBIN',
  exchange: 'NSE',
  type: 'single',
  triggerPrices: [490],
  lastPrice: 500,
  legs: [{ action: 'BUY', quantity: 5, price: 491, priceType: 'LIMIT', product: 'CNC' }],
};

const exitPair: GttRequestInput = {
  symbol: 'SBIN',
  exchange: 'NSE',
  type: 'oco',
  triggerPrices: [480, 520],
  lastPrice: 500,
  legs: [
    { action: 'SELL', quantity: 5, price: 479, product: 'CNC' },
    { action: 'SELL', quantity: 5, price: 519, product: 'CNC' },
  ],
};

/** Core's request types, as the contract boundary hands them to the adapter. */
const request = (input: GttRequestInput) => GttRequestSchema.parse(input);

async function sandbox(store = new MemoryStore()) {
  const s = await fakeSandbox({ store, config: { accountId: 'paper', scheduler: false } });
  s.prices.set(SBIN, { ltp: 500, bid: 499.95, ask: 500.05 });
  return s;
}

describe('sandbox adapter: GTT', () => {
  it('places, lists, fires on the price and lists the order it placed', async () => {
    const { adapter, prices, close } = await sandbox();
    const ack = await adapter.placeGtt(request(dip));
    expect(ack.triggerId).toMatch(/^G260105\d{8}$/);
    const [listed] = await adapter.getGtts();
    expect(GttSchema.parse(listed)).toMatchObject({
      triggerId: ack.triggerId,
      type: 'single',
      status: 'active',
      rawStatus: 'active',
      triggerPrices: [490],
      lastPrice: 500,
      legs: [{ action: 'BUY', quantity: 5, price: 491, priceType: 'LIMIT', product: 'CNC' }],
      createdAt: '2026-01-05T09:30:00+05:30',
      expiresAt: '2027-01-05T09:30:00+05:30',
      orderIds: [],
    });

    prices.set(SBIN, { ltp: 489.5, bid: 489.45, ask: 489.55 });
    const [fired] = await adapter.getGtts();
    expect(fired).toMatchObject({ status: 'triggered', orderIds: [expect.any(String)] });
    expect(fired?.statusMessage).toBeUndefined();
    const order = await adapter.getOrder(fired?.orderIds[0] as string);
    expect(order).toMatchObject({ symbol: 'SBIN', action: 'BUY', quantity: 5, status: 'complete' });
    expect((await adapter.getOrders()).map((o) => o.orderId)).toEqual([order.orderId]);
    await close();
  });

  it("reports a fired order's rejection as the GTT's status message", async () => {
    const { adapter, prices, close } = await sandbox();
    await adapter.placeGtt(request(exitPair));
    prices.set(SBIN, { ltp: 479 });
    const [fired] = await adapter.getGtts();
    expect(fired).toMatchObject({ status: 'triggered', orderIds: [expect.any(String)] });
    expect(fired?.statusMessage).toMatch(/Insufficient holdings/);
    await close();
  });

  it('modifies and cancels; an unknown trigger id is ORDER_NOT_FOUND, a finished one INVALID_ORDER', async () => {
    const { adapter, close } = await sandbox();
    const { triggerId } = await adapter.placeGtt(request(dip));
    const [leg] = request(dip).legs;
    await adapter.modifyGtt(
      GttModifyRequestSchema.parse({
        ...dip,
        triggerId,
        triggerPrices: [480],
        legs: [{ ...leg, price: 481 }],
      }),
    );
    expect((await adapter.getGtts())[0]).toMatchObject({ triggerPrices: [480], legs: [{ price: 481 }] });
    expect(await adapter.cancelGtt(triggerId)).toMatchObject({ triggerId });
    expect((await adapter.getGtts())[0]?.status).toBe('cancelled');
    expect(await failure(adapter.cancelGtt(triggerId))).toMatchObject({
      code: 'INVALID_ORDER',
      field: 'triggerId',
    });
    expect(await failure(adapter.cancelGtt('G1'))).toMatchObject({
      code: 'ORDER_NOT_FOUND',
      broker: 'sandbox',
    });
    await close();
  });

  it('refuses triggers on the wrong side of the last price, naming the trigger', async () => {
    const { adapter, close } = await sandbox();
    const wrong = { ...exitPair, triggerPrices: [505, 520] };
    expect(await failure(adapter.placeGtt(request(wrong)))).toMatchObject({
      code: 'INVALID_ORDER',
      field: 'triggerPrices.0',
    });
    expect(await adapter.getGtts()).toEqual([]);
    await close();
  });

  it('keeps GTTs in its store across a new session', async () => {
    const store = new MemoryStore();
    const first = await sandbox(store);
    const { triggerId } = await first.adapter.placeGtt(request(dip));
    await first.close();
    const second = await sandbox(store);
    expect((await second.adapter.getGtts()).map((g) => [g.triggerId, g.status])).toEqual([
      [triggerId, 'active'],
    ]);
    second.prices.set(SBIN, { ltp: 490 });
    expect((await second.adapter.getGtts())[0]?.status).toBe('triggered');
    await second.close();
  });
});
