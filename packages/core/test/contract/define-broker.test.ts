import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { supports } from '../../src/contract/capabilities.js';
import { defineBroker } from '../../src/contract/define-broker.js';
import { type BrokerManifestInput, BrokerManifestSchema } from '../../src/contract/manifest.js';
import { CONTRACT_VERSION } from '../../src/contract/version.js';
import { isOpenAlgoError } from '../../src/errors/openalgo-error.js';

const manifest: BrokerManifestInput = {
  id: 'demo',
  name: 'Demo Broker',
  contract: CONTRACT_VERSION,
  exchanges: ['NSE', 'NFO'],
  auth: 'redirect',
  credentials: [{ name: 'apiSecret', label: 'API secret', secret: true }],
  capabilities: { placeOrder: true, getDepth: 'emulated' },
  priceTypes: ['MARKET', 'LIMIT'],
  products: ['MIS', 'CNC'],
  intervals: { '1m': 'minute', D: 'day' },
  rateLimits: { orders: { perSecond: 10, perMinute: 200 } },
};

const noopAdapterFactory = () => {
  throw new Error('not used in this test');
};

describe('defineBroker', () => {
  it('validates the manifest and fills defaults', () => {
    const plugin = defineBroker({
      manifest,
      configSchema: z.object({ apiKey: z.string() }),
      auth: () => ({
        completeLogin: async () => ({ broker: 'demo', userId: 'u', accessToken: 't', expiresAt: 0 }),
        logout: async () => {},
      }),
      create: noopAdapterFactory,
    });
    expect(plugin.manifest.capabilities.placeOrder).toBe(true);
    expect(plugin.manifest.capabilities.getOrders).toBe(false);
    expect(supports(plugin.manifest, 'getDepth')).toBe(true);
    expect(supports(plugin.manifest, 'marketStream')).toBe(false);
    expect(plugin.manifest.credentials[0]).toMatchObject({ secret: true, required: true, perLogin: false });
    expect(Object.isFrozen(plugin)).toBe(true);
  });

  it('rejects a manifest with a clear field-named error', () => {
    const attempt = (bad: object) => {
      try {
        defineBroker({
          manifest: { ...manifest, ...bad },
          configSchema: z.object({}),
          auth: () => ({}) as never,
          create: noopAdapterFactory,
        });
      } catch (err) {
        if (isOpenAlgoError(err, 'INVALID_REQUEST')) return err;
        throw err;
      }
      throw new Error('expected a validation error');
    };
    expect(attempt({ contract: CONTRACT_VERSION + 1 }).message).toContain(
      `contract: must be ${CONTRACT_VERSION}`,
    );
    expect(attempt({ auth: 'oauth' }).message).toContain('auth: must be one of redirect, credentials, none');
    expect(attempt({ exchanges: [] }).field).toBe('exchanges');
    expect(attempt({ id: 'Bad Id' }).field).toBe('id');
    expect(attempt({ capabilities: { teleport: true } }).field).toBe('capabilities');
    expect(attempt({ rateLimits: { orders: {} } }).field).toBe('rateLimits.orders');
    const interval = attempt({ intervals: { '7m': 'x' } });
    expect(interval.field).toBe('intervals');
    expect(interval.message).toContain('unknown interval 7m; keys must be among 1s, 5s');
  });

  it('accepts only true, false or "emulated" as a capability', () => {
    const bad = BrokerManifestSchema.safeParse({ ...manifest, capabilities: { placeOrder: 'yes' } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toContain('true, false or "emulated"');
  });
});
