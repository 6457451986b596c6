import { describe, expect, it } from 'vitest';
import type { AdapterImplementation } from '../../src/contract/adapter.js';
import { guardAdapter } from '../../src/contract/boundary.js';
import { ADAPTER_METHODS, GTT_METHODS, supports } from '../../src/contract/capabilities.js';
import { type BrokerManifestInput, BrokerManifestSchema } from '../../src/contract/manifest.js';
import { CONTRACT_VERSION } from '../../src/contract/version.js';
import { isOpenAlgoError } from '../../src/errors/openalgo-error.js';
import type { GttRequest } from '../../src/model/gtt.js';
import { ManualClock } from '../../src/time/clock.js';

const base: BrokerManifestInput = {
  id: 'demo',
  name: 'Demo',
  contract: CONTRACT_VERSION,
  exchanges: ['NSE'],
  auth: 'none',
  capabilities: { placeOrder: true },
  priceTypes: ['LIMIT'],
  products: ['CNC'],
};
const allGtt = { placeGtt: true, modifyGtt: true, cancelGtt: true, getGtts: true } as const;
const gtt = {
  symbol: 'INFY',
  exchange: 'NSE',
  type: 'oco',
  triggerPrices: [90, 110],
  lastPrice: 100,
  legs: [
    { action: 'SELL', quantity: 1, price: 89, product: 'CNC' },
    { action: 'SELL', quantity: 1, price: 111, product: 'CNC' },
  ],
} as const;

describe('the gtt capability', () => {
  it('is four methods of the one list: three writes and a read', () => {
    expect(GTT_METHODS.map((name) => ADAPTER_METHODS[name])).toEqual(['write', 'write', 'write', 'read']);
  });

  it('defaults to false, so a manifest written before it keeps parsing', () => {
    const manifest = BrokerManifestSchema.parse(base);
    for (const name of GTT_METHODS) expect(supports(manifest, name)).toBe(false);
  });

  it('is declared whole or not at all', () => {
    expect(() =>
      BrokerManifestSchema.parse({
        ...base,
        capabilities: { ...base.capabilities, ...allGtt, getGtts: false },
      }),
    ).toThrow(
      /the gtt capability is all of placeGtt, modifyGtt, cancelGtt, getGtts or none; getGtts is missing/,
    );
    const manifest = BrokerManifestSchema.parse({
      ...base,
      capabilities: { ...base.capabilities, ...allGtt },
    });
    for (const name of GTT_METHODS) expect(supports(manifest, name)).toBe(true);
  });

  it('parses GTT inputs at the boundary: a bad OCO never reaches the adapter, the field is named', async () => {
    const manifest = BrokerManifestSchema.parse({
      ...base,
      capabilities: { ...base.capabilities, ...allGtt },
    });
    const received: unknown[] = [];
    const impl: AdapterImplementation = {
      placeOrder: async () => ({ orderId: '1' }),
      placeGtt: async (request) => {
        received.push(request);
        return { triggerId: '7' };
      },
      modifyGtt: async (request) => ({ triggerId: request.triggerId }),
      cancelGtt: async (triggerId) => {
        received.push(triggerId);
        return { triggerId };
      },
      getGtts: async () => [],
    };
    const adapter = guardAdapter(impl, { manifest, clock: new ManualClock() });
    expect(await adapter.placeGtt(gtt as unknown as GttRequest)).toEqual({ triggerId: '7' });
    expect(received[0]).toMatchObject({ legs: [{ priceType: 'LIMIT' }, { priceType: 'LIMIT' }] });

    const bad = await adapter
      .placeGtt({ ...gtt, triggerPrices: [110, 90] } as unknown as GttRequest)
      .catch((e) => e);
    expect(isOpenAlgoError(bad, 'INVALID_REQUEST')).toBe(true);
    expect(bad).toMatchObject({ field: 'triggerPrices', broker: 'demo' });
    const empty = await adapter.cancelGtt('').catch((e) => e);
    expect(empty).toMatchObject({ code: 'INVALID_REQUEST', field: 'triggerId' });
    expect(received).toHaveLength(1);
  });

  it('is refused with NOT_SUPPORTED when undeclared', async () => {
    const manifest = BrokerManifestSchema.parse(base);
    const adapter = guardAdapter(
      { placeOrder: async () => ({ orderId: '1' }) },
      { manifest, clock: new ManualClock() },
    );
    await expect(adapter.getGtts()).rejects.toMatchObject({
      code: 'NOT_SUPPORTED',
      details: { capability: 'getGtts' },
    });
  });
});
