import type { OpenAlgoError } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import type { GttInput, GttLegInput } from '../src/engine/gtt-rules.js';
import { MemoryStore } from '../src/store/memory-store.js';
import { order, setupEngine } from './support/engine-setup.js';
import { INFY, NIFTY_FUT, SBIN } from './support/instruments.js';

const DAY_MS = 86_400_000;

const leg = (fields: Partial<GttLegInput> & Pick<GttLegInput, 'triggerPrice'>): GttLegInput => ({
  action: 'BUY',
  quantity: 10,
  priceType: 'LIMIT',
  price: fields.triggerPrice,
  product: 'CNC',
  ...fields,
});

/** A BUY-on-dip: fires when SBIN falls to 490 (it trades at 500). */
const dip = (fields: Partial<GttLegInput> = {}): GttInput => ({
  instrument: SBIN,
  type: 'single',
  legs: [leg({ triggerPrice: 490, price: 491, ...fields })],
});

/** An exit pair on a long: SELL at the stoploss 480 or the target 520. */
const exitPair = (): GttInput => ({
  instrument: SBIN,
  type: 'oco',
  legs: [
    leg({ triggerPrice: 480, price: 479, action: 'SELL', product: 'CNC' }),
    leg({ triggerPrice: 520, price: 519, action: 'SELL', product: 'CNC' }),
  ],
});

function setup() {
  const s = setupEngine();
  s.prices.set(SBIN, { ltp: 500, bid: 499.95, ask: 500.05 });
  s.prices.set(INFY, { ltp: 1500 });
  return s;
}

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<OpenAlgoError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as OpenAlgoError;
  }
  throw new Error('expected a rejection');
}

describe('single GTT', () => {
  it('rests, then places its order when the LTP falls to the trigger', async () => {
    const { engine, prices } = setup();
    const gtt = await engine.gtts.place(dip());
    expect(gtt).toMatchObject({ type: 'single', status: 'active', lastPrice: 500, orderId: undefined });
    expect(gtt.legs[0]).toMatchObject({ direction: 'below', triggerPrice: 490 });
    expect(gtt.gttId).toMatch(/^G\d{14}$/);
    expect(engine.gtts.watchedInstruments()).toEqual(['NSE:SBIN']);

    prices.set(SBIN, { ltp: 495, bid: 494.95, ask: 495.05 });
    expect(engine.gtts.get(gtt.gttId).status).toBe('active');
    expect(await engine.orders()).toEqual([]);

    prices.set(SBIN, { ltp: 490, bid: 489.95, ask: 490.05 });
    const fired = engine.gtts.get(gtt.gttId);
    expect(fired).toMatchObject({ status: 'triggered', triggeredLeg: 0 });
    const orders = await engine.orders();
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      orderId: fired.orderId,
      symbol: 'SBIN',
      action: 'BUY',
      quantity: 10,
      priceType: 'LIMIT',
      price: 491,
      product: 'CNC',
      status: 'complete',
      averagePrice: 490.05,
    });
    expect(engine.gtts.watchedInstruments()).toEqual([]);

    // Fired once: later ticks through the trigger place nothing more.
    prices.set(SBIN, { ltp: 485 });
    prices.set(SBIN, { ltp: 489 });
    expect(await engine.orders()).toHaveLength(1);
  });

  it('takes its direction from the last price: a trigger above fires on a rise only', async () => {
    const { engine, prices } = setup();
    const gtt = await engine.gtts.place({
      instrument: SBIN,
      type: 'single',
      legs: [leg({ triggerPrice: 510, priceType: 'MARKET', price: 0 })],
    });
    expect(gtt.legs[0]?.direction).toBe('above');
    prices.set(SBIN, { ltp: 450 });
    expect(engine.gtts.get(gtt.gttId).status).toBe('active');
    prices.set(SBIN, { ltp: 512, bid: 511.9, ask: 512.1 });
    const fired = engine.gtts.get(gtt.gttId);
    expect(fired.status).toBe('triggered');
    expect(await engine.order(fired.orderId as string)).toMatchObject({
      priceType: 'MARKET',
      status: 'complete',
      averagePrice: 512.1,
    });
  });

  it('records the order even when the order path rejects it (margin is checked when it fires)', async () => {
    const { engine, prices } = setup();
    const gtt = await engine.gtts.place(dip({ quantity: 1_000_000 }));
    prices.set(SBIN, { ltp: 489 });
    const fired = engine.gtts.get(gtt.gttId);
    expect(fired.status).toBe('triggered');
    const placed = await engine.order(fired.orderId as string);
    expect(placed.status).toBe('rejected');
    expect(placed.statusMessage).toMatch(/Insufficient funds/);
  });

  it('sells out of holdings like any CNC sell: without them the fired order is rejected', async () => {
    const { engine, prices } = setup();
    const gtt = await engine.gtts.place({
      instrument: SBIN,
      type: 'single',
      legs: [leg({ triggerPrice: 490, action: 'SELL', priceType: 'MARKET', price: 0 })],
    });
    prices.set(SBIN, { ltp: 490 });
    const placed = await engine.order(engine.gtts.get(gtt.gttId).orderId as string);
    expect(placed).toMatchObject({ status: 'rejected', action: 'SELL' });
    expect(placed.statusMessage).toMatch(/Insufficient holdings/);
  });
});

describe('OCO GTT', () => {
  it('fires the stoploss leg on a fall and the other leg ends with it', async () => {
    const { engine, prices } = setup();
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
    const gtt = await engine.gtts.place(exitPair());
    expect(gtt.legs.map((l) => l.direction)).toEqual(['below', 'above']);
    prices.set(SBIN, { ltp: 480, bid: 479.95, ask: 480.05 });
    const fired = engine.gtts.get(gtt.gttId);
    expect(fired).toMatchObject({ status: 'triggered', triggeredLeg: 0 });
    expect(await engine.order(fired.orderId as string)).toMatchObject({
      action: 'SELL',
      price: 479,
      status: 'complete',
    });
    prices.set(SBIN, { ltp: 525 });
    expect((await engine.orders()).filter((o) => o.action === 'SELL')).toHaveLength(1);
  });

  it('fires the target leg on a rise', async () => {
    const { engine, prices } = setup();
    await engine.placeOrder(order(SBIN, { action: 'BUY', quantity: 10, product: 'CNC' }));
    const gtt = await engine.gtts.place(exitPair());
    prices.set(SBIN, { ltp: 521, bid: 520.95, ask: 521.05 });
    const fired = engine.gtts.get(gtt.gttId);
    expect(fired).toMatchObject({ status: 'triggered', triggeredLeg: 1 });
    expect(await engine.order(fired.orderId as string)).toMatchObject({ price: 519, status: 'complete' });
    expect((await engine.positions()).find((p) => p.record.product === 'CNC')?.quantity).toBe(0);
  });
});

describe('modify, cancel, list', () => {
  it('modify replaces the terms; the new trigger is the one that fires', async () => {
    const { engine, prices, clock } = setup();
    const gtt = await engine.gtts.place(dip());
    await clock.advance(1000);
    const modified = await engine.gtts.modify(gtt.gttId, dip({ triggerPrice: 470, price: 471, quantity: 5 }));
    expect(modified).toMatchObject({ gttId: gtt.gttId, status: 'active', updatedAt: gtt.createdAt + 1000 });
    prices.set(SBIN, { ltp: 480 });
    expect(engine.gtts.get(gtt.gttId).status).toBe('active');
    prices.set(SBIN, { ltp: 470 });
    const fired = engine.gtts.get(gtt.gttId);
    expect(await engine.order(fired.orderId as string)).toMatchObject({ quantity: 5, price: 471 });
  });

  it("modify can't change the type or the instrument", async () => {
    const { engine } = setup();
    const gtt = await engine.gtts.place(dip());
    expect(await rejection(engine.gtts.modify(gtt.gttId, exitPair()))).toMatchObject({
      code: 'INVALID_ORDER',
      field: 'type',
    });
    const other = { ...dip(), instrument: INFY, legs: [leg({ triggerPrice: 1400 })] };
    expect(await rejection(engine.gtts.modify(gtt.gttId, other))).toMatchObject({ field: 'symbol' });
    expect(engine.gtts.get(gtt.gttId).legs[0]?.triggerPrice).toBe(490);
  });

  it('cancel ends an active GTT; a second cancel or a modify after it is refused', async () => {
    const { engine, prices } = setup();
    const gtt = await engine.gtts.place(dip());
    expect(engine.gtts.cancel(gtt.gttId).status).toBe('cancelled');
    expect(engine.gtts.watchedInstruments()).toEqual([]);
    prices.set(SBIN, { ltp: 480 });
    expect(await engine.orders()).toEqual([]);
    const again = await rejection(() => engine.gtts.cancel(gtt.gttId));
    expect(again).toMatchObject({ code: 'INVALID_ORDER', field: 'triggerId' });
    expect(again.message).toContain('already cancelled');
    expect(await rejection(engine.gtts.modify(gtt.gttId, dip()))).toMatchObject({ code: 'INVALID_ORDER' });
    expect(await rejection(() => engine.gtts.cancel('G000'))).toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });

  it('lists every GTT, oldest first, with sequential ids', async () => {
    const { engine } = setup();
    const a = await engine.gtts.place(dip());
    const b = await engine.gtts.place({ ...dip(), instrument: INFY, legs: [leg({ triggerPrice: 1400 })] });
    engine.gtts.cancel(a.gttId);
    expect(engine.gtts.list().map((g) => [g.gttId, g.status])).toEqual([
      [a.gttId, 'cancelled'],
      [b.gttId, 'active'],
    ]);
    expect(Number(b.gttId.slice(7))).toBe(Number(a.gttId.slice(7)) + 1);
  });
});

describe('expiry', () => {
  it('defaults to a year; an expired GTT never fires and lists as expired', async () => {
    const { engine, prices, clock } = setup();
    const year = await engine.gtts.place(dip());
    expect(year.expiresAt - year.createdAt).toBe(365 * DAY_MS);
    const soon = await engine.gtts.place({ ...dip(), expiresAt: clock.now() + DAY_MS });
    await clock.advance(DAY_MS);
    prices.set(SBIN, { ltp: 480 });
    expect(engine.gtts.get(soon.gttId)).toMatchObject({ status: 'expired', orderId: undefined });
    expect(engine.gtts.get(year.gttId).status).toBe('triggered');
    expect(await engine.orders()).toHaveLength(1);
  });

  it('is applied when the GTT is looked at, without a tick', async () => {
    const { engine, clock } = setup();
    const soon = await engine.gtts.place({ ...dip(), expiresAt: clock.now() + DAY_MS });
    await clock.advance(DAY_MS);
    expect(engine.gtts.list()[0]).toMatchObject({ gttId: soon.gttId, status: 'expired' });
    expect(await rejection(() => engine.gtts.cancel(soon.gttId))).toMatchObject({ code: 'INVALID_ORDER' });
  });
});

describe('validation', () => {
  const refused = async (input: GttInput) => {
    const { engine } = setup();
    const error = await rejection(engine.gtts.place(input));
    expect(engine.gtts.list()).toEqual([]);
    return error;
  };

  it.each([
    ['an OCO with one leg', { ...exitPair(), legs: exitPair().legs.slice(0, 1) }, 'legs'],
    ['a single with two legs', { ...exitPair(), type: 'single' as const }, 'legs'],
    ['a trigger at the last price', dip({ triggerPrice: 500 }), 'triggerPrices.0'],
    ['a trigger of 0', dip({ triggerPrice: 0 }), 'triggerPrices.0'],
    ['MIS', dip({ product: 'MIS' as 'CNC' }), 'legs.0.product'],
    ['NRML on a cash exchange', dip({ product: 'NRML' }), 'legs.0.product'],
    ['a fractional quantity', dip({ quantity: 1.5 }), 'legs.0.quantity'],
    ['a LIMIT leg without a price', dip({ price: 0 }), 'legs.0.price'],
    ['a price off the tick', dip({ price: 490.03 }), 'legs.0.price'],
    [
      'an OCO stoploss above the last price',
      { ...exitPair(), legs: [leg({ triggerPrice: 505 }), leg({ triggerPrice: 520 })] },
      'triggerPrices.0',
    ],
    [
      'an OCO target below the last price',
      { ...exitPair(), legs: [leg({ triggerPrice: 480 }), leg({ triggerPrice: 495 })] },
      'triggerPrices.1',
    ],
    ['an expiry in the past', { ...dip(), expiresAt: 1 }, 'expiresAt'],
  ])('refuses %s, naming the field', async (_name, input, field) => {
    const error = await refused(input as GttInput);
    expect(error).toMatchObject({ code: 'INVALID_ORDER', field });
  });

  it('refuses a futures quantity that is not whole lots', async () => {
    const { engine, prices } = setup();
    prices.set(NIFTY_FUT, { ltp: 24000 });
    const input: GttInput = {
      instrument: NIFTY_FUT,
      type: 'single',
      legs: [leg({ triggerPrice: 23500, quantity: 50, product: 'NRML' })],
    };
    expect(await rejection(engine.gtts.place(input))).toMatchObject({ field: 'legs.0.quantity' });
    const ok = await engine.gtts.place({
      ...input,
      legs: [leg({ triggerPrice: 23500, quantity: 75, product: 'NRML' })],
    });
    expect(ok.status).toBe('active');
  });

  it("uses the caller's last price when given", async () => {
    const { engine } = setup();
    const gtt = await engine.gtts.place({ ...dip(), lastPrice: 480 });
    expect(gtt).toMatchObject({ lastPrice: 480 });
    expect(gtt.legs[0]?.direction).toBe('above');
  });
});

describe('persistence', () => {
  it('survives a restart: active GTTs are watched again and fire; ids continue', async () => {
    const s = setup();
    const store = s.store as MemoryStore;
    const active = await s.engine.gtts.place(dip());
    const cancelled = await s.engine.gtts.place(dip({ triggerPrice: 480 }));
    s.engine.gtts.cancel(cancelled.gttId);
    const before = s.engine.gtts.list();
    expect(store.gtts('acc')).toEqual(before);

    const engine = s.restart();
    expect(engine.gtts.list()).toEqual(before);
    expect(engine.gtts.watchedInstruments()).toEqual(['NSE:SBIN']);
    s.prices.set(SBIN, { ltp: 485 });
    const fired = engine.gtts.get(active.gttId);
    expect(fired.status).toBe('triggered');
    // The GTT and its order were written in one batch.
    expect(store.gtts('acc').find((g) => g.gttId === active.gttId)).toEqual(fired);
    expect(store.order?.('acc', fired.orderId as string)?.status).toBe('complete');
    const next = await engine.gtts.place(dip({ triggerPrice: 470 }));
    expect(Number(next.gttId.slice(7))).toBe(Number(cancelled.gttId.slice(7)) + 1);
  });

  it('a failed write on firing leaves the GTT active and places nothing; the next tick fires it once', async () => {
    class FlakyStore extends MemoryStore {
      failWrites = false;
      override apply(...args: Parameters<MemoryStore['apply']>): void {
        if (this.failWrites) throw new Error('disk full');
        super.apply(...args);
      }
    }
    const store = new FlakyStore();
    const s = setupEngine({ store });
    s.prices.set(SBIN, { ltp: 500 });
    const gtt = await s.engine.gtts.place(dip());
    store.failWrites = true;
    s.prices.set(SBIN, { ltp: 489 });
    expect(s.engine.gtts.get(gtt.gttId).status).toBe('active');
    expect(s.engine.state().orders).toEqual([]);
    expect(store.gtts('acc')[0]?.status).toBe('active');
    store.failWrites = false;
    s.prices.set(SBIN, { ltp: 489 });
    s.prices.set(SBIN, { ltp: 488 });
    expect(s.engine.gtts.get(gtt.gttId).status).toBe('triggered');
    expect(s.engine.state().orders).toHaveLength(1);
    expect(store.load('acc')?.orders).toHaveLength(1);
  });

  it('refuses GTT calls once the engine is closed', async () => {
    const { engine } = setup();
    engine.close();
    expect(await rejection(engine.gtts.place(dip()))).toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    expect(await rejection(() => engine.gtts.list())).toMatchObject({ code: 'BROKER_UNAVAILABLE' });
  });
});
