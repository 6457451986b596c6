import { GttSchema, isOpenAlgoError } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KiteGttSchema, mapGtt } from '../src/mapping/gtt.js';
import { fixtureData, kiteError, makeAdapter, ok, testSymbols } from './helpers.js';

const rows = z.array(KiteGttSchema).parse(fixtureData('gtt_get_orders.json'));

describe('GTT book mapping (gtt_get_orders.json)', () => {
  const [single, twoLeg] = rows.map((row) => mapGtt(row, testSymbols()));

  it('maps every row to a valid unified GTT, keeping the raw payload', () => {
    for (const gtt of [single, twoLeg]) expect(GttSchema.parse(gtt)).toEqual(gtt);
    expect(single?.raw).toEqual(fixtureData<unknown[]>('gtt_get_orders.json')[0]);
  });

  it('maps an active single GTT: id as text, IST times, the leg as placed, no orders yet', () => {
    expect(single).toMatchObject({
      triggerId: '112127',
      type: 'single',
      status: 'active',
      rawStatus: 'active',
      symbol: 'INFY',
      exchange: 'NSE',
      triggerPrices: [702],
      lastPrice: 798,
      legs: [{ action: 'BUY', quantity: 1, price: 702.5, priceType: 'LIMIT', product: 'CNC' }],
      createdAt: '2019-09-12T13:25:16+05:30',
      updatedAt: '2019-09-12T13:25:16+05:30',
      expiresAt: '2020-09-12T13:25:16+05:30',
      orderIds: [],
    });
  });

  it('maps a triggered two-leg GTT whose order failed: oco, no order id, the rejection reason kept', () => {
    expect(twoLeg).toMatchObject({ triggerId: '105099', type: 'oco', status: 'triggered', orderIds: [] });
    expect(twoLeg?.triggerPrices).toEqual([102, 103.7]);
    expect(twoLeg?.statusMessage).toMatch(/lower than the current lower circuit limit/);
  });

  it('lists the order id a fired leg placed', () => {
    const raw = structuredClone(fixtureData<Array<Record<string, unknown>>>('gtt_get_orders.json')[1]);
    const orders = raw?.orders as Array<{ result: { order_result: Record<string, string> } | null }>;
    const result = orders[1]?.result;
    if (result)
      result.order_result = { status: 'success', order_id: '190909000123456', rejection_reason: '' };
    const gtt = mapGtt(KiteGttSchema.parse(raw), testSymbols());
    expect(gtt.orderIds).toEqual(['190909000123456']);
    expect(gtt.statusMessage).toBeUndefined();
  });

  it('refuses a status or type Kite does not document, as a broker error naming it', () => {
    const raw = KiteGttSchema.parse({
      ...fixtureData<Array<Record<string, unknown>>>('gtt_get_orders.json')[0],
      status: 'paused',
    });
    expect(() => mapGtt(raw, testSymbols())).toThrow(/unexpected GTT status "paused" in GTT 112127/);
  });
});

describe('GTT calls', () => {
  const gtt = {
    symbol: 'SBIN',
    exchange: 'NSE',
    type: 'single',
    triggerPrices: [700],
    lastPrice: 800,
    legs: [{ action: 'BUY', quantity: 1, price: 700, priceType: 'LIMIT', product: 'CNC' }],
  } as const;

  it('refuses a trigger id that is not digits before anything is sent', async () => {
    const t = makeAdapter({});
    try {
      const error = await t.adapter.cancelGtt('1/../../orders').catch((e: unknown) => e);
      expect(isOpenAlgoError(error, 'INVALID_REQUEST')).toBe(true);
      expect(error).toMatchObject({ field: 'triggerId' });
      expect(t.seen).toEqual([]);
    } finally {
      await t.agent.close();
    }
  });

  it('answers Kite’s unknown trigger id on modify and delete with ORDER_NOT_FOUND naming it', async () => {
    const reply = kiteError(400, 'InputException', 'Invalid trigger ID.');
    const t = makeAdapter({ 'PUT /gtt/triggers/42': reply, 'DELETE /gtt/triggers/42': reply });
    try {
      const modify = await t.adapter.modifyGtt({ ...gtt, triggerId: '42' } as never).catch((e: unknown) => e);
      const cancel = await t.adapter.cancelGtt('42').catch((e: unknown) => e);
      for (const error of [modify, cancel]) {
        expect(error).toMatchObject({
          code: 'ORDER_NOT_FOUND',
          broker: 'zerodha',
          details: { triggerId: '42' },
        });
      }
    } finally {
      await t.agent.close();
    }
  });

  it('passes Kite’s other refusals through as they are mapped (a two-leg side rule: INVALID_REQUEST)', async () => {
    const t = makeAdapter({
      'POST /gtt/triggers': kiteError(400, 'InputException', 'Invalid trigger data'),
      'GET /gtt/triggers': ok([]),
    });
    try {
      await expect(t.adapter.placeGtt(gtt as never)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      expect(await t.adapter.getGtts()).toEqual([]);
    } finally {
      await t.agent.close();
    }
  });
});
