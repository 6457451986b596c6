import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callNotServed, NOT_SERVED } from './not-served.js';
import { type SdkSession, startSdkSession } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

let s: SdkSession;
beforeAll(async () => {
  s = await startSdkSession();
});
afterAll(() => s.close());

/** The body of a refusal: the SDK rejects with the body, or (report calls) with the axios error carrying it. */
function refusalBody(error: unknown): unknown {
  const response = (error as { response?: { data?: unknown } }).response;
  return response?.data ?? error;
}

async function refusalOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return refusalBody(error);
  }
  throw new Error('expected the SDK call to fail, it succeeded');
}

describe('SDK calls the simulator does not serve', () => {
  it.each(NOT_SERVED.map((row) => [row.method, row] as const))(
    '%s fails with Fyers’ error envelope',
    async (_method, row) => {
      expect(await refusalOf(callNotServed(s.client, row))).toEqual(row.refusal);
      const last = s.sim.backdoor.requests().at(-1);
      expect(`${last?.method} ${last?.path}`).toBe(row.route);
    },
  );

  it('the PKCE token exchange (posted to the legacy /api/v2) is not served either; the SDK resolves with the body', async () => {
    const reply = await s.client.generate_access_token({
      client_id: s.appId,
      secret_key: s.secretKey,
      auth_code: await s.authCode(),
      code_verifier: 'pkce-verifier',
    } as Parameters<typeof s.client.generate_access_token>[0]);
    expect(reply).toEqual({ s: 'error', code: -96, message: 'Route not found' });
  });

  it('leaves the session alone: the token still works after every refusal', async () => {
    expect(await s.client.get_profile()).toMatchObject({ s: 'ok' });
  });
});
