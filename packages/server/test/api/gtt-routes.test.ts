import { ERROR_CODES, errorForCode, InvalidOrderError } from '@openalgo/core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { json } from './support/app.js';
import { withField } from './support/endpoint-case.js';
import { SINGLE_GTT } from './support/gtt-cases.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

/**
 * The GTT routes against the fake broker: what the endpoint matrix checks, for modifygttorder and
 * cancelgttorder (which need a GTT at the broker first), the 501 of a broker without the gtt
 * capability, and broker errors renamed from core's GTT fields into the request's.
 */

let x: FakeHarness;
beforeAll(async () => {
  x = await fakeHarness();
});
afterAll(async () => x.app.close());

let triggerId = '';
beforeEach(async () => {
  x.reset();
  const placed = await x.send('placegttorder', SINGLE_GTT);
  expect(placed.statusCode, placed.body).toBe(200);
  triggerId = json(placed).trigger_id as string;
});

const OCO_GTT = {
  ...SINGLE_GTT,
  trigger_type: 'OCO',
  action: 'SELL',
  triggerprice_sl: 780,
  stoploss: 779.5,
  triggerprice_tg: 850,
  target: 849.5,
};
const modifyBody = () => ({ ...OCO_GTT, trigger_id: triggerId });
const cancelBody = () => ({ apikey: SINGLE_GTT.apikey, strategy: 'Python', trigger_id: triggerId });

describe('modifygttorder and cancelgttorder', () => {
  test('succeed with the trigger id, and the broker received core’s GTT', async () => {
    const modified = await x.send('modifygttorder', {
      ...SINGLE_GTT,
      trigger_id: triggerId,
      price: 780,
      triggerprice_sl: 779,
    });
    expect(json(modified)).toEqual({ status: 'success', trigger_id: triggerId });
    const [gtt] = x.adapter.gtts();
    expect(gtt).toMatchObject({
      type: 'single',
      triggerPrices: [779],
      legs: [{ action: 'BUY', quantity: 1, price: 780, priceType: 'LIMIT', product: 'CNC' }],
    });
    expect(gtt?.lastPrice).toBeGreaterThan(0);
    const cancelled = await x.send('cancelgttorder', { ...cancelBody(), trigger_id: Number(triggerId) });
    expect(json(cancelled)).toEqual({ status: 'success', trigger_id: triggerId });
    expect(x.adapter.gtts()[0]?.status).toBe('cancelled');
  });

  test('an OCO becomes [stoploss, target] triggers with the leg limits', async () => {
    expect((await x.send('placegttorder', OCO_GTT)).statusCode).toBe(200);
    expect(x.adapter.gtts()[1]).toMatchObject({
      type: 'oco',
      triggerPrices: [780, 850],
      legs: [
        { action: 'SELL', price: 779.5 },
        { action: 'SELL', price: 849.5 },
      ],
    });
  });

  test.each([
    ['modifygttorder', 'trigger_id'],
    ['modifygttorder', 'target'],
    ['modifygttorder', 'stoploss'],
    ['modifygttorder', 'triggerprice_tg'],
    ['modifygttorder', 'strategy'],
    ['cancelgttorder', 'trigger_id'],
    ['cancelgttorder', 'strategy'],
  ])('%s without %s is 400 naming it', async (path, field) => {
    const body = path === 'cancelgttorder' ? cancelBody() : modifyBody();
    const response = await x.send(path, withField(body, field, undefined));
    expect(response.statusCode, response.body).toBe(400);
    expect(json(response)).toMatchObject({ status: 'error', code: 'INVALID_REQUEST', field });
    expect(json(response).message).toContain(`${field}: is required`);
  });

  test.each([
    ['modifygttorder', 'triggerprice_sl', 900],
    ['modifygttorder', 'trigger_id', ''],
    ['modifygttorder', 'product', 'MIS'],
    ['cancelgttorder', 'trigger_id', { id: 1 }],
  ])('%s with %s = %j is 400 naming it', async (path, field, value) => {
    const body = path === 'cancelgttorder' ? cancelBody() : modifyBody();
    const calls = x.adapter.calls.length;
    const response = await x.send(path, withField(body, field, value));
    expect(response.statusCode, response.body).toBe(400);
    expect(json(response)).toMatchObject({ status: 'error', field });
    expect(x.adapter.calls.slice(calls).filter((c) => /Gtt$/.test(c.method))).toEqual([]);
  });

  test.each(ERROR_CODES)('a broker failing with %s is mapped (modify, cancel)', async (code) => {
    for (const [path, method, body] of [
      ['modifygttorder', 'modifyGtt', modifyBody()],
      ['cancelgttorder', 'cancelGtt', cancelBody()],
    ] as const) {
      x.adapter.failAlways(method, errorForCode(code, `fake broker says ${code}`, { broker: 'fake' }));
      const response = await x.send(path, body);
      expect(json(response)).toMatchObject({ status: 'error', code });
      expect(json(response).message).toContain(`fake broker says ${code}`);
      if (response.statusCode < 500 && code !== 'RATE_LIMITED') expect(json(response).field).toBeDefined();
      x.reset();
    }
  });
});

describe('broker errors in the request’s fields', () => {
  test.each([
    [SINGLE_GTT, 'triggerPrices.0', 'triggerprice_sl'],
    [{ ...SINGLE_GTT, triggerprice_sl: 0, triggerprice_tg: 795 }, 'triggerPrices.0', 'triggerprice_tg'],
    [OCO_GTT, 'triggerPrices.1', 'triggerprice_tg'],
    [OCO_GTT, 'legs.0.price', 'stoploss'],
    [OCO_GTT, 'legs.1.price', 'target'],
    [SINGLE_GTT, 'legs.0.price', 'price'],
    [SINGLE_GTT, 'legs.0.quantity', 'quantity'],
    [SINGLE_GTT, 'expiresAt', 'expires_at'],
  ])('%#: %s → %s', async (body, coreField, wireField) => {
    x.adapter.failAlways(
      'placeGtt',
      new InvalidOrderError(`${coreField} is not acceptable to the broker`, {
        broker: 'fake',
        field: coreField,
      }),
    );
    const response = await x.send('placegttorder', body);
    expect(response.statusCode).toBe(400);
    expect(json(response)).toMatchObject({
      field: wireField,
      message: `${wireField} is not acceptable to the broker`,
    });
  });
});

test('a field that is a plain word (legs) is renamed, the prose left alone', async () => {
  x.adapter.failAlways(
    'placeGtt',
    new InvalidOrderError('an OCO GTT needs 2 legs', { broker: 'fake', field: 'legs' }),
  );
  const response = await x.send('placegttorder', OCO_GTT);
  expect(json(response)).toMatchObject({
    field: 'trigger_type',
    message: 'trigger_type: an OCO GTT needs 2 legs',
  });
});

describe('a broker without the gtt capability', () => {
  test.each([
    ['placegttorder', () => SINGLE_GTT, 'placeGtt'],
    ['modifygttorder', modifyBody, 'modifyGtt'],
    ['cancelgttorder', cancelBody, 'cancelGtt'],
    ['gttorderbook', () => ({ apikey: SINGLE_GTT.apikey }), 'getGtts'],
  ])('%s answers 501 naming the broker', async (path, body, capability) => {
    x.adapter.setCapabilities({ placeGtt: false, modifyGtt: false, cancelGtt: false, getGtts: false });
    const calls = x.adapter.calls.length;
    const response = await x.send(path, body());
    expect(response.statusCode).toBe(501);
    expect(json(response)).toMatchObject({ status: 'error', code: 'NOT_SUPPORTED' });
    expect(json(response).message).toContain(
      `the ${x.adapter.manifest.id} broker does not support ${capability}`,
    );
    expect(x.adapter.calls.slice(calls)).toEqual([]);
  });
});
