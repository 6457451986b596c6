import { CONTRACT_VERSION, istToEpoch, ManualClock, noopLogger, SessionSchema } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import sandbox, { readSandboxServices, SandboxConfigSchema } from '../../src/index.js';
import { nextSessionExpiry } from '../../src/session.js';

describe('sandbox plugin', () => {
  it('declares itself as a no-auth broker with every primitive', () => {
    expect(sandbox.manifest).toMatchObject({
      id: 'sandbox',
      name: 'Sandbox (paper trading)',
      contract: CONTRACT_VERSION,
      auth: 'none',
      priceTypes: ['MARKET', 'LIMIT', 'SL', 'SL-M'],
      products: ['CNC', 'NRML', 'MIS'],
      rateLimits: {},
    });
    const capabilities = Object.entries(sandbox.manifest.capabilities);
    expect(capabilities.filter(([, value]) => value !== true)).toEqual([]);
    expect(capabilities.map(([name]) => name)).toEqual(
      expect.arrayContaining(['marketStream', 'orderStream', 'getMargin']),
    );
    expect(sandbox.manifest.intervals).toEqual({
      '1m': '1m',
      '3m': '3m',
      '5m': '5m',
      '10m': '10m',
      '15m': '15m',
      '30m': '30m',
      '1h': '1h',
      D: 'D',
    });
    expect(sandbox.manifest.exchanges).toContain('NFO');
  });

  it('fills configuration defaults and refuses out-of-range values', () => {
    const config = SandboxConfigSchema.parse({});
    expect(config).toMatchObject({
      accountId: 'default',
      startingCapital: 10_000_000,
      leverage: { equityMis: 5, equityCnc: 1, futures: 10, optionBuy: 1, optionSell: 1 },
      seed: 42,
      scheduler: true,
    });
    expect(SandboxConfigSchema.safeParse({ leverage: { optionSell: 51 } }).success).toBe(false);
    expect(SandboxConfigSchema.safeParse({ startingCapital: 999 }).success).toBe(false);
    expect(SandboxConfigSchema.safeParse({ squareOffTimes: { NSE: '25:00' } }).success).toBe(false);
    // Runtime objects come through the host's services, checked when the adapter is created.
    expect(() => readSandboxServices({ 'sandbox.store': { load: 1 } })).toThrow(/sandbox\.store/);
  });

  it('logs in without credentials; the session ends at the next 03:00 IST', async () => {
    const clock = new ManualClock(istToEpoch(2026, 1, 5, 9, 30));
    const runtime = { clock, logger: noopLogger, http: {} };
    const auth = sandbox.auth(SandboxConfigSchema.parse({ accountId: 'alice' }), runtime);
    const first = await auth.completeLogin({});
    const second = await auth.completeLogin({});
    expect(SessionSchema.parse(first)).toMatchObject({ broker: 'sandbox', userId: 'alice' });
    expect(first.expiresAt).toBe(istToEpoch(2026, 1, 6, 3, 0));
    expect(first.accessToken).not.toBe(second.accessToken);
    expect(first.accessToken).toMatch(/^[0-9a-f]{48}$/);
    await expect(auth.logout(first)).resolves.toBeUndefined();
  });

  it('computes the next 03:00 IST on either side of it', () => {
    expect(nextSessionExpiry(istToEpoch(2026, 1, 5, 2, 59))).toBe(istToEpoch(2026, 1, 5, 3, 0));
    expect(nextSessionExpiry(istToEpoch(2026, 1, 5, 3, 0))).toBe(istToEpoch(2026, 1, 6, 3, 0));
  });
});
