import { describe, expect, it } from 'vitest';
import { GttModifyRequestSchema, GttRequestSchema, GttSchema } from '../../src/model/gtt.js';
import { parseOrThrow } from '../../src/model/validation.js';
import { FakeAdapter } from '../../src/testing/index.js';
import { ManualClock } from '../../src/time/clock.js';

const request = parseOrThrow(GttRequestSchema, {
  symbol: 'SBIN',
  exchange: 'NSE',
  type: 'single',
  triggerPrices: [700],
  lastPrice: 800,
  legs: [{ action: 'BUY', quantity: 1, price: 700, product: 'CNC' }],
});

describe('FakeAdapter: GTTs', () => {
  it('places active GTTs, replaces one whole on modify, cancels, and lists every one as a valid row', async () => {
    const clock = new ManualClock();
    const fake = new FakeAdapter({ clock });
    const { triggerId } = await fake.placeGtt(request);
    await clock.advance(60_000);
    const modify = parseOrThrow(GttModifyRequestSchema, {
      ...request,
      triggerId,
      triggerPrices: [690],
      legs: [{ action: 'BUY', quantity: 3, price: 691, product: 'NRML' }],
    });
    expect(await fake.modifyGtt(modify)).toMatchObject({ triggerId });
    const [modified] = await fake.getGtts();
    expect(GttSchema.parse(modified)).toMatchObject({
      status: 'active',
      triggerPrices: [690],
      legs: [{ quantity: 3, price: 691, product: 'NRML', priceType: 'LIMIT' }],
    });
    expect(modified?.updatedAt).not.toBe(modified?.createdAt);
    await fake.cancelGtt(triggerId);
    expect((await fake.getGtts()).map((g) => g.status)).toEqual(['cancelled']);
    await expect(fake.cancelGtt(triggerId)).rejects.toMatchObject({ code: 'INVALID_ORDER' });
    await expect(fake.cancelGtt('404')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(fake.callsTo('placeGtt')).toHaveLength(1);
  });

  it('moves a GTT on when the test says it fired, with the order it placed', async () => {
    const fake = new FakeAdapter();
    const { triggerId } = await fake.placeGtt(request);
    fake.settleGtt(triggerId, 'triggered', ['260105000001']);
    expect(fake.gtts()).toMatchObject([{ triggerId, status: 'triggered', orderIds: ['260105000001'] }]);
  });

  it('keeps a GTT whose response is lost, and refuses it all when the capability is off', async () => {
    const fake = new FakeAdapter();
    fake.acceptThenLoseResponse('placeGtt');
    await expect(fake.placeGtt(request)).rejects.toMatchObject({
      code: 'TIMEOUT',
      mayHaveReachedBroker: true,
    });
    expect(fake.gtts()).toHaveLength(1);
    fake.setCapabilities({ placeGtt: false, modifyGtt: false, cancelGtt: false, getGtts: false });
    await expect(fake.getGtts()).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});
