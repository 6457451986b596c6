import { ManualClock } from '@openalgo/core';
import { createFakeBroker } from '@openalgo/core/testing';
import { DEFAULT_SANDBOX_START } from '@openalgo/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestRegistry, testRegistry } from '../helpers/registry.js';
import { tempDir } from '../helpers/tmp.js';

let dir: string;
let cleanup: () => void;
let clock: ManualClock;
let open: TestRegistry[];
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  clock = new ManualClock(DEFAULT_SANDBOX_START);
  open = [];
});
afterEach(async () => {
  for (const r of open) await r.close();
  cleanup();
});

function start(plugins = [createFakeBroker().plugin]): TestRegistry {
  const r = testRegistry({ dir, clock, plugins });
  open.push(r);
  return r;
}

describe('AccountRegistry.resolveApiKey', () => {
  it('rejects unknown and malformed keys as invalid_key', async () => {
    const { registry } = start();
    await registry.init();
    for (const key of ['', 'x', 'f'.repeat(64), 'F'.repeat(64)]) {
      expect(await registry.resolveApiKey(key)).toEqual({
        ok: false,
        reason: 'invalid_key',
        message: 'Invalid openalgo apikey',
      });
    }
  });

  it('resolves the sandbox key to a ready account that can trade', async () => {
    const { registry, security } = start();
    await registry.init();
    const key = security.apiKeys.regenerate('sandbox').key;
    const result = await registry.resolveApiKey(key);
    if (!result.ok) throw new Error(result.message);
    expect(result.account).toMatchObject({
      accountId: 'sandbox',
      broker: 'sandbox',
      userId: 'sandbox',
      analyzeMode: false,
    });
    expect(result.account.instruments.get('SBIN', 'NSE')?.symbol).toBe('SBIN');
    const ack = await result.account.trading.placeOrder({
      symbol: 'SBIN',
      exchange: 'NSE',
      action: 'BUY',
      quantity: 1,
    });
    expect(ack.orderId).toBeTruthy();
    // The same context object comes back: resolving is a lookup, not a construction.
    const again = await registry.resolveApiKey(key);
    expect(again.ok && again.account).toBe(result.account);
  });

  it('says no_session for a live account never logged in, naming the login page', async () => {
    const { registry, security } = start();
    const account = await registry.init('fakebroker');
    const key = security.apiKeys.regenerate(account.id).key;
    const result = await registry.resolveApiKey(key);
    expect(result).toMatchObject({ ok: false, reason: 'no_session' });
    expect(!result.ok && result.message).toMatch(/\/auth\/fakebroker\/login/);
  });

  it('says session_expired once the broker session has ended, and the sandbox renews itself', async () => {
    const fake = createFakeBroker();
    fake.state.next.expiresAt = clock.now() + 60_000;
    const { registry, security } = start([fake.plugin]);
    await registry.init();
    const login = await registry.completeLogin('fakebroker', { request_token: 'good' });
    const key = login.apiKey as string;
    expect((await registry.resolveApiKey(key)).ok).toBe(true);
    const sandboxKey = security.apiKeys.regenerate('sandbox').key;
    const sandboxBefore = await registry.resolveApiKey(sandboxKey);
    await clock.advance(24 * 3600_000);
    const expired = await registry.resolveApiKey(key);
    expect(expired).toMatchObject({ ok: false, reason: 'session_expired' });
    expect(!expired.ok && expired.message).toMatch(/expired at .* log in again/);
    const sandboxAfter = await registry.resolveApiKey(sandboxKey);
    expect(sandboxAfter.ok).toBe(true);
    expect(sandboxBefore.ok && sandboxAfter.ok && sandboxAfter.account).not.toBe(
      sandboxBefore.ok && sandboxBefore.account,
    );
  });
});

describe('analyzer mode', () => {
  it('persists per account across a restart', async () => {
    const first = start();
    await first.registry.init();
    const key = first.security.apiKeys.regenerate('sandbox').key;
    await first.registry.setAnalyzeMode('sandbox', true);
    const on = await first.registry.resolveApiKey(key);
    expect(on.ok && on.account.analyzeMode).toBe(true);
    await first.close();
    open = [];
    const second = start();
    await second.registry.init();
    const after = await second.registry.resolveApiKey(key);
    expect(after.ok && after.account.analyzeMode).toBe(true);
    await second.registry.setAnalyzeMode('sandbox', false);
    const off = await second.registry.resolveApiKey(key);
    expect(off.ok && off.account.analyzeMode).toBe(false);
  });

  it("routes a live account's orders to a sandbox priced by the live broker", async () => {
    const fake = createFakeBroker();
    const { registry } = start([fake.plugin]);
    await registry.init();
    const { apiKey } = await registry.completeLogin('fakebroker', { request_token: 'good' });
    await registry.setAnalyzeMode('fakebroker', true);
    const result = await registry.resolveApiKey(apiKey as string);
    if (!result.ok) throw new Error(result.message);
    expect(result.account.analyzeMode).toBe(true);
    expect(result.account.dataAdapter.manifest.id).toBe('fakebroker');
    expect(result.account.executionAdapter.manifest.id).toBe('sandbox');
    await registry.setAnalyzeMode('fakebroker', false);
    const live = await registry.resolveApiKey(apiKey as string);
    expect(live.ok && live.account.executionAdapter.manifest.id).toBe('fakebroker');
  });
});

describe('completeLogin', () => {
  it('creates an account with a key once, and keeps the key on the next login', async () => {
    const fake = createFakeBroker();
    const { registry, store } = start([fake.plugin]);
    await registry.init();
    const first = await registry.completeLogin('fakebroker', { request_token: 'good' });
    expect(first).toMatchObject({
      createdAccount: true,
      account: { broker: 'fakebroker', userId: 'AB1234' },
    });
    expect(first.apiKey).toMatch(/^[0-9a-f]{64}$/);
    const second = await registry.completeLogin('fakebroker', { request_token: 'good' });
    expect(second).toMatchObject({
      createdAccount: false,
      apiKey: undefined,
      account: { id: first.account.id },
    });
    expect(store.sessions.get(first.account.id)?.ciphertext.includes(Buffer.from('tok-secret-123456'))).toBe(
      false,
    );
    const summary = registry.summaries().find((a) => a.id === first.account.id);
    expect(summary).toMatchObject({ session: 'active', analyzeMode: false });
  });
  it('opens the account right after the login, once, so its instrument master loads before any request', async () => {
    const fake = createFakeBroker();
    const { registry } = start([fake.plugin]);
    await registry.init();
    const { apiKey } = await registry.completeLogin('fakebroker', { request_token: 'good' });
    // Bounded by turns of the event loop, not by time: the open is a few awaits away.
    for (let turn = 0; turn < 100 && fake.state.created === 0; turn++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(fake.state.created).toBe(1);
    const result = await registry.resolveApiKey(apiKey as string);
    expect(result.ok).toBe(true);
    expect(fake.state.created).toBe(1);
  });
});
