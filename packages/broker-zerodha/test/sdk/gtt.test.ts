import { ManualClock } from '@openalgo/core';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { onlyLoopback } from '@openalgo/testkit/oracle';
import { type Connect, KiteConnect } from 'kiteconnect';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKiteSimulator } from '../../src/simulator/index.js';
import { TEST_MASTER_SIZE } from '../simulator/support.js';
import { rejectionOf, type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

type GttParams = Parameters<Connect['placeGTT']>[0];
type GttOrder = GttParams['orders'][number];
/** One GTT row as `getGTTs` resolves it (the SDK types it loosely). */
type GttRow = {
  id: number;
  type: string;
  status: string;
  expires_at: string;
  created_at: string;
  condition: { exchange: string; tradingsymbol: string; trigger_values: number[]; last_price: number };
  orders: Array<GttOrder & { result: null | { order_result: { status: string; order_id: string } } }>;
};

const SBIN = { exchange: 'NSE', tradingsymbol: 'SBIN' } as const;
const PRICE = 800;
const DAY_MS = 24 * 60 * 60 * 1000;

const leg = (transaction_type: 'BUY' | 'SELL', price: number, quantity = 1): GttOrder => ({
  transaction_type,
  quantity,
  product: 'CNC',
  order_type: 'LIMIT',
  price,
});
const single = (trigger: number, order: GttOrder): GttParams => ({
  trigger_type: 'single',
  ...SBIN,
  trigger_values: [trigger],
  last_price: PRICE,
  orders: [order],
});
const oco = (low: number, high: number): GttParams => ({
  trigger_type: 'two-leg',
  ...SBIN,
  trigger_values: [low, high],
  last_price: PRICE,
  orders: [leg('SELL', low - 1), leg('SELL', high + 1)],
});

let s: SdkSession;
beforeEach(async () => {
  s = await startSdkSession();
  await s.sim.backdoor.setPrice('NSE:SBIN', PRICE);
});
afterEach(() => s.close());

async function gtt(id: number): Promise<GttRow> {
  return (await s.kc.getGTT(id)) as unknown as GttRow;
}

describe('kiteconnect GTT calls against the simulator', () => {
  it('placeGTT → getGTTs/getGTT show it active as placed; modifyGTT replaces it; deleteGTT ends it', async () => {
    const { trigger_id } = (await s.kc.placeGTT(single(760, leg('BUY', 761, 2)))) as { trigger_id: number };
    expect(trigger_id).toEqual(expect.any(Number));
    const [row] = (await s.kc.getGTTs()) as unknown as GttRow[];
    expect(row).toMatchObject({
      id: trigger_id,
      type: 'single',
      status: 'active',
      condition: { ...SBIN, trigger_values: [760], last_price: PRICE },
      orders: [
        { ...SBIN, transaction_type: 'BUY', quantity: 2, price: 761, order_type: 'LIMIT', result: null },
      ],
    });
    // A year to the day, in Kite's wall-clock format.
    expect(Date.parse(`${row?.expires_at.replace(' ', 'T')}+05:30`)).toBe(
      Date.parse(`${row?.created_at.replace(' ', 'T')}+05:30`) + 365 * DAY_MS,
    );

    const modified = (await s.kc.modifyGTT(trigger_id, single(750, leg('BUY', 751, 3)))) as {
      trigger_id: number;
    };
    expect(modified.trigger_id).toBe(trigger_id);
    expect(await gtt(trigger_id)).toMatchObject({
      status: 'active',
      condition: { trigger_values: [750] },
      orders: [{ quantity: 3, price: 751 }],
    });

    expect(await s.kc.deleteGTT(trigger_id)).toEqual({ trigger_id });
    expect(await s.kc.getGTTs()).toEqual([]);
    expect((await gtt(trigger_id)).status).toBe('deleted');
    expect(s.sim.backdoor.orders()).toEqual([]);
  });

  it('a two-leg GTT fires its stop-loss leg once when the price falls through it; the target leg ends with it', async () => {
    const { trigger_id } = (await s.kc.placeGTT(oco(780, 820))) as { trigger_id: number };
    // Buy the shares first: the fired leg is a CNC SELL, which needs holdings as at Kite.
    await s.kc.placeOrder('regular', {
      ...SBIN,
      transaction_type: 'BUY',
      quantity: 1,
      product: 'CNC',
      order_type: 'LIMIT',
      price: 801,
    });
    await s.sim.backdoor.setPrice('NSE:SBIN', 779);
    await s.sim.backdoor.setPrice('NSE:SBIN', 830);
    const row = await gtt(trigger_id);
    expect(row.status).toBe('triggered');
    expect(row.orders[1]?.result).toBeNull();
    const result = row.orders[0]?.result;
    expect(result?.order_result.status).toBe('success');
    const fired = s.sim.backdoor.orders().filter((o) => o.orderId === result?.order_result.order_id);
    expect(fired).toMatchObject([{ tradingsymbol: 'SBIN', quantity: 1 }]);
    // Exactly the placed BUY and the one fired SELL: crossing the target afterwards placed nothing.
    expect(s.sim.backdoor.orders()).toHaveLength(2);
    const history = await s.kc.getOrderHistory(result?.order_result.order_id ?? '');
    expect(history.at(-1)).toMatchObject({ transaction_type: 'SELL', order_type: 'LIMIT', price: 779 });
    expect((await rejectionOf(s.kc.deleteGTT(trigger_id))).message).toMatch(
      /is triggered; only an active GTT/,
    );
  });

  it('an unfired GTT expires after a year and never fires', async () => {
    // A minute per market step (the longest the market takes), so a year is 525,600 steps, not 31 million.
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    const sim = await createKiteSimulator({ clock, masterSize: TEST_MASTER_SIZE, tickIntervalMs: 60_000 });
    try {
      const kc = new KiteConnect({ api_key: sim.credentials.apiKey, root: sim.apiUrl });
      kc.setAccessToken(sim.backdoor.issueSession().accessToken);
      await sim.backdoor.setPrice('NSE:SBIN', PRICE);
      const { trigger_id } = (await kc.placeGTT(single(760, leg('BUY', 761)))) as { trigger_id: number };
      await clock.advance(365 * DAY_MS);
      kc.setAccessToken(sim.backdoor.issueSession().accessToken); // Kite's tokens do not outlive the day.
      await sim.backdoor.setPrice('NSE:SBIN', 700);
      expect(((await kc.getGTT(trigger_id)) as unknown as GttRow).status).toBe('expired');
      expect(sim.backdoor.orders()).toEqual([]);
    } finally {
      await sim.close();
    }
  }, 120_000); // Half a million market steps on the manual clock: generous room on a busy machine.

  it.each([
    ['a two-leg whose lower trigger is above the last price', oco(805, 820), /lower trigger must be below/],
    ['a two-leg whose upper trigger is below the last price', oco(780, 795), /upper trigger above/],
    ['a trigger equal to the last price', single(PRICE, leg('BUY', 790)), /cannot equal the last price/],
    ['an MIS order', single(760, { ...leg('BUY', 761), product: 'MIS' }), /CNC or NRML/],
    ['a price off the tick size', single(760, leg('BUY', 761.03)), /tick/i],
    [
      'a MARKET order without market protection',
      single(760, { ...leg('BUY', 0), order_type: 'MARKET' }),
      /market protection/,
    ],
    ['an unknown instrument', { ...single(760, leg('BUY', 761)), tradingsymbol: 'NOSUCH' }, /tradingsymbol/],
  ])('refuses %s with InputException, storing nothing', async (_what, params, message) => {
    const error = await rejectionOf(s.kc.placeGTT(params));
    expect(error).toMatchObject({ error_type: 'InputException', message: expect.stringMatching(message) });
    expect(await s.kc.getGTTs()).toEqual([]);
  });

  it('answers an unknown trigger id with InputException on get, modify and delete', async () => {
    for (const call of [
      s.kc.getGTT(999),
      s.kc.modifyGTT(999, single(760, leg('BUY', 761))),
      s.kc.deleteGTT(999),
    ]) {
      expect(await rejectionOf(call)).toMatchObject({
        error_type: 'InputException',
        message: 'Invalid trigger ID.',
      });
    }
  });
});
