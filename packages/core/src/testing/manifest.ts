import type { Capability, CapabilityName } from '../contract/capabilities.js';
import { CAPABILITY_NAMES } from '../contract/capabilities.js';
import { type BrokerManifest, type BrokerManifestInput, BrokerManifestSchema } from '../contract/manifest.js';
import { CONTRACT_VERSION } from '../contract/version.js';
import { parseOrThrow } from '../model/validation.js';

/** What a test changes about the fake's manifest; `capabilities` is merged over "every method native". */
export type FakeManifestOverrides = Partial<Omit<BrokerManifestInput, 'capabilities'>> & {
  capabilities?: Partial<Record<CapabilityName, Capability>>;
};

const EVERY_METHOD = Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, true])) as Record<
  CapabilityName,
  Capability
>;

/**
 * A valid manifest for a broker that does everything: every method native, every price type and
 * product, the common exchanges and a few intervals. Parsed through core's schema, so a test gets
 * the same defaults and the same errors a plugin would.
 */
export function fakeManifest(overrides: FakeManifestOverrides = {}): BrokerManifest {
  const { capabilities, ...rest } = overrides;
  return parseOrThrow(
    BrokerManifestSchema,
    {
      id: 'fake',
      name: 'Fake broker',
      contract: CONTRACT_VERSION,
      exchanges: ['NSE', 'BSE', 'NFO', 'BFO', 'CDS', 'MCX', 'NSE_INDEX', 'BSE_INDEX'],
      auth: 'none',
      priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
      products: ['CNC', 'NRML', 'MIS'],
      intervals: { '1m': 'minute', '5m': '5minute', '1h': '60minute', D: 'day' },
      ...rest,
      capabilities: { ...EVERY_METHOD, ...capabilities },
    },
    'fake manifest',
  );
}
