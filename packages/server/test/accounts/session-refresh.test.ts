import { ManualClock, type Session } from '@openalgo/core';
import { createFakeBroker, RecordingLogger } from '@openalgo/core/testing';
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

describe('an expired session of a broker that can refresh', () => {
  it('is refreshed once with what the login kept, stored, and used without a new login', async () => {
    const seen: Session[] = [];
    const fake = createFakeBroker({
      refresh: async (session) => {
        seen.push(session);
        return { ...session, accessToken: 'tok-fresh-654321', expiresAt: clock.now() + 3_600_000 };
      },
    });
    fake.state.next.expiresAt = clock.now() + 60_000;
    const setup = testRegistry({ dir, clock, plugins: [fake.plugin] });
    open.push(setup);
    await setup.registry.init();
    const login = await setup.registry.completeLogin('fakebroker', { request_token: 'good', pin: '1234' });
    await clock.advance(24 * 3600_000);
    const resolved = await setup.registry.resolveApiKey(login.apiKey as string);
    expect(resolved.ok).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ refreshToken: 'refresh-secret-123456', loginSecrets: { pin: '1234' } });
    expect(fake.state.logins).toHaveLength(1);
    // The fresh session is what the vault now holds: a restart would not refresh again.
    const sealed = setup.store.sessions.get('fakebroker');
    expect(sealed && setup.security.vault.open(sealed).accessToken).toBe('tok-fresh-654321');
  });

  it('says session_expired when the refresh fails, and logs no secret', async () => {
    const logger = new RecordingLogger();
    const fake = createFakeBroker({
      refresh: async () => {
        throw new Error('refused: refresh-secret-123456');
      },
    });
    fake.state.next.expiresAt = clock.now() + 60_000;
    const setup = testRegistry({ dir, clock, plugins: [fake.plugin], logger });
    open.push(setup);
    await setup.registry.init();
    const login = await setup.registry.completeLogin('fakebroker', { request_token: 'good', pin: '1234' });
    await clock.advance(24 * 3600_000);
    const expired = await setup.registry.resolveApiKey(login.apiKey as string);
    expect(expired).toMatchObject({ ok: false, reason: 'session_expired' });
    const logged = JSON.stringify(logger.records);
    expect(logged).toContain('broker session refresh failed');
    expect(logged).not.toContain('refresh-secret-123456');
    expect(logged).not.toContain('1234');
  });
});
