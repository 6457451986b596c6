import type { BrokerAuth } from '@openalgo/core';
import { ManualClock } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { useNock, type WireRequest } from '@openalgo/testkit/oracle';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import { createZerodhaAuth } from '../../src/auth.js';
import {
  ACCESS_TOKEN,
  API_SECRET,
  fixture,
  mockKite,
  ok,
  type Reply,
  testConfig,
  testSession,
} from '../helpers.js';
import { BODYLESS, expectEquivalent } from './intended-differences.js';
import { sdkKite, sdkRequests } from './sides.js';

useNock({ beforeAll, afterEach, afterAll });

/** Our login calls run outside the adapter (there is no session yet), on their own client. */
async function authRequests(routes: Record<string, Reply>, call: (auth: BrokerAuth) => Promise<unknown>) {
  const { agent, seen } = mockKite(routes);
  const auth = createZerodhaAuth(testConfig(), {
    http: { dispatcher: agent },
    clock: new ManualClock(Date.UTC(2026, 0, 5, 4, 45)),
    logger: new RecordingLogger(),
  });
  try {
    await call(auth);
  } finally {
    await agent.close();
  }
  return seen as WireRequest[];
}

const SESSION = {
  ...fixture<{ data: Record<string, unknown> }>('generate_session.json').data,
  refresh_token: 'rfrtok456',
};

describe('session calls', () => {
  it('generateSession: POST /session/token with api_key, request_token and the checksum, no auth header', async () => {
    const reply = ok(SESSION);
    const sdk = await sdkRequests(
      reply,
      (kite) => kite.generateSession('reqtok123', API_SECRET),
      sdkKite({}),
    );
    const ours = await authRequests({ 'POST /session/token': reply }, (auth) =>
      auth.completeLogin({ request_token: 'reqtok123', status: 'success' }),
    );
    expectEquivalent(sdk[0], ours[0], ['userAgent']);
  });

  it('renewAccessToken: POST /session/refresh_token with its own checksum', async () => {
    const reply = ok({ access_token: 'newaccess789', refresh_token: 'rfrtok456' });
    const sdk = await sdkRequests(
      reply,
      (kite) => kite.renewAccessToken('rfrtok456', API_SECRET),
      sdkKite({}),
    );
    const ours = await authRequests({ 'POST /session/refresh_token': reply }, async (auth) => {
      await auth.refresh?.(testSession({ refreshToken: 'rfrtok456' }));
    });
    expectEquivalent(sdk[0], ours[0], ['userAgent']);
  });

  it('invalidateAccessToken: DELETE /session/token with api_key and access_token in the query', async () => {
    const reply = ok(true);
    const sdk = await sdkRequests(reply, (kite) => kite.invalidateAccessToken(ACCESS_TOKEN));
    const ours = await authRequests({ 'DELETE /session/token': reply }, (auth) => auth.logout(testSession()));
    expectEquivalent(sdk[0], ours[0], BODYLESS);
  });
});
