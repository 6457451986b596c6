import { describe, expect, it } from 'vitest';
import {
  type BrokerManifestInput,
  BrokerManifestSchema,
  enforcesOrderRule,
  ORDER_RULE_NAMES,
} from '../../src/contract/manifest.js';
import { CONTRACT_VERSION } from '../../src/contract/version.js';

const manifest: BrokerManifestInput = {
  id: 'demo',
  name: 'Demo Broker',
  contract: CONTRACT_VERSION,
  exchanges: ['NSE', 'NFO'],
  auth: 'none',
  capabilities: { placeOrder: true },
  priceTypes: ['MARKET', 'LIMIT'],
  products: ['MIS'],
};

describe('manifest orderRules', () => {
  it('defaults every rule to false when the manifest says nothing (a manifest written before them)', () => {
    const parsed = BrokerManifestSchema.parse(manifest);
    expect(parsed.orderRules).toEqual({
      tickSize: false,
      lotSize: false,
      circuitLimits: false,
      triggerSide: false,
      marketProtection: false,
    });
    for (const rule of ORDER_RULE_NAMES) expect(enforcesOrderRule(parsed, rule)).toBe(false);
  });

  it('keeps the declared rules and defaults the rest', () => {
    const parsed = BrokerManifestSchema.parse({ ...manifest, orderRules: { tickSize: true, lotSize: true } });
    expect(parsed.orderRules).toMatchObject({ tickSize: true, lotSize: true, circuitLimits: false });
    expect(enforcesOrderRule(parsed, 'tickSize')).toBe(true);
    expect(enforcesOrderRule(parsed, 'triggerSide')).toBe(false);
  });

  it('refuses an unknown rule or a non-boolean, naming the field', () => {
    const unknown = BrokerManifestSchema.safeParse({ ...manifest, orderRules: { freezeQuantity: true } });
    expect(unknown.success).toBe(false);
    expect(unknown.error?.issues[0]?.path).toEqual(['orderRules']);
    const notBoolean = BrokerManifestSchema.safeParse({ ...manifest, orderRules: { tickSize: 'yes' } });
    expect(notBoolean.success).toBe(false);
    expect(notBoolean.error?.issues[0]?.path).toEqual(['orderRules', 'tickSize']);
  });
});
