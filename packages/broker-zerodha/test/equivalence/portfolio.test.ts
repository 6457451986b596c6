import type { MarginLeg } from '@openalgo/core';
import { useNock } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { fixture } from '../helpers.js';
import { BODYLESS, expectEquivalent } from './intended-differences.js';
import { adapterRequests, type Kite, sdkRequests } from './sides.js';

useNock({ beforeAll, afterEach, afterAll });

type SdkMarginOrder = Parameters<Kite['orderMargins']>[0][number];

describe('portfolio and funds', () => {
  it('positions', async () => {
    const reply = { status: 200, body: fixture('positions.json') };
    const sdk = await sdkRequests(reply, (kite) => kite.getPositions());
    const ours = await adapterRequests({ 'GET /portfolio/positions': reply }, (a) => a.getPositions());
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });

  it('holdings', async () => {
    const reply = { status: 200, body: fixture('holdings.json') };
    const sdk = await sdkRequests(reply, (kite) => kite.getHoldings());
    const ours = await adapterRequests({ 'GET /portfolio/holdings': reply }, (a) => a.getHoldings());
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });

  it('margins of both segments (funds)', async () => {
    const reply = { status: 200, body: fixture('margins.json') };
    const sdk = await sdkRequests(reply, (kite) => kite.getMargins());
    const ours = await adapterRequests({ 'GET /user/margins': reply }, (a) => a.getFunds());
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });
});

/** The same legs, as OpenAlgo asks and as the SDK's `MarginOrder` type spells them (JSON numbers). */
const LEGS: Array<{ ours: MarginLeg; kite: SdkMarginOrder }> = [
  {
    ours: {
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 10,
      product: 'CNC',
      priceType: 'LIMIT',
      price: 420.5,
      triggerPrice: 0,
    },
    kite: {
      exchange: 'NSE',
      tradingsymbol: 'SBIN',
      transaction_type: 'BUY',
      variety: 'regular',
      product: 'CNC',
      order_type: 'LIMIT',
      quantity: 10,
      price: 420.5,
      trigger_price: 0,
    },
  },
  {
    ours: {
      symbol: 'NIFTY07AUG2524400CE',
      exchange: 'NFO',
      action: 'SELL',
      quantity: 75,
      product: 'NRML',
      priceType: 'SL-M',
      price: 0,
      triggerPrice: 119.95,
    },
    kite: {
      exchange: 'NFO',
      tradingsymbol: 'NIFTY2580724400CE',
      transaction_type: 'SELL',
      variety: 'regular',
      product: 'NRML',
      order_type: 'SL-M',
      quantity: 75,
      price: 0,
      trigger_price: 119.95,
    },
  },
];

describe('order margins (JSON bodies)', () => {
  it.each(LEGS)('one leg: POST /margins/orders?mode=compact ($kite.order_type)', async (leg) => {
    const reply = { status: 200, body: fixture('order_margins.json') };
    const sdk = await sdkRequests(reply, (kite) => kite.orderMargins([leg.kite], 'compact'));
    const ours = await adapterRequests({ 'POST /margins/orders': reply }, (a) => a.getMargin([leg.ours]));
    expectEquivalent(sdk[0], ours[0], ['userAgent']);
  });

  it('a basket: POST /margins/basket?consider_positions=true&mode=compact', async () => {
    const reply = { status: 200, body: fixture('basket_margins.json') };
    const sdk = await sdkRequests(reply, (kite) =>
      kite.orderBasketMargins(
        LEGS.map((leg) => leg.kite),
        true,
        'compact',
      ),
    );
    const ours = await adapterRequests({ 'POST /margins/basket': reply }, (a) =>
      a.getMargin(LEGS.map((leg) => leg.ours)),
    );
    expectEquivalent(sdk[0], ours[0], ['userAgent']);
  });
});
