import type { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createErrorMapper, isOpenAlgoError, type OpenAlgoError } from '../../src/errors/index.js';
import { SlidingWindowLimiter } from '../../src/http/rate-limiter.js';
import { isAmbiguousWriteFailure } from '../../src/http/transport-errors.js';
import type { FailureExtractor } from '../../src/http/types.js';
import { ManualClock } from '../../src/time/clock.js';
import { untilSleeping } from './helpers.js';
import { mockBroker } from './mock-broker.js';

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

function broker(...args: Parameters<typeof mockBroker>) {
  const made = mockBroker(...args);
  agents.push(made.agent);
  return made;
}

async function failure(promise: Promise<unknown>): Promise<OpenAlgoError> {
  try {
    await promise;
  } catch (err) {
    if (isOpenAlgoError(err)) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

/** Kite-style: failures carry `status: "error"`, `error_type`, `message`. */
const kiteExtract: FailureExtractor = (status, body) => {
  const b = body as { status?: string; error_type?: string; message?: string } | undefined;
  if (status < 400 && b?.status !== 'error') return undefined;
  return { status, code: b?.error_type, message: b?.message };
};

/** Angel-style: HTTP 200 with `status: false`. */
const angelExtract: FailureExtractor = (_status, body) => {
  const b = body as { status?: boolean; errorcode?: string; message?: string };
  return b.status === false ? { code: b.errorcode, message: b.message } : undefined;
};

const kiteMapper = createErrorMapper({
  broker: 'kite',
  codes: { TokenException: 'SESSION_EXPIRED', InputException: 'INVALID_REQUEST' },
  messages: [['order request timed out', { code: 'BROKER_ERROR', mayHaveReachedBroker: true }]],
});

describe('HttpClient broker failures (MockAgent)', () => {
  it("maps a broker error through the adapter's table, keeping the raw status/code/message", async () => {
    const { client } = broker({ extractFailure: kiteExtract, mapError: kiteMapper }, [
      {
        status: 403,
        body: { status: 'error', error_type: 'TokenException', message: 'Incorrect `api_key`.' },
      },
    ]);
    const err = await failure(client.request({ method: 'GET', path: '/portfolio/positions', kind: 'read' }));
    expect(err.code).toBe('SESSION_EXPIRED');
    expect(err.broker).toBe('kite');
    expect(err.raw).toEqual({ status: 403, code: 'TokenException', message: 'Incorrect `api_key`.' });
    expect(err.mayHaveReachedBroker).toBe(false);
  });

  it('treats an HTTP 200 with status:false as a failure (Angel) and returns the body otherwise', async () => {
    const { client } = broker({ extractFailure: angelExtract }, [
      { status: 200, body: { status: false, errorcode: 'AB1004', message: 'Something Went Wrong' } },
      { status: 200, body: { status: true, data: { orderid: '1' } } },
    ]);
    const err = await failure(client.request({ method: 'POST', path: '/order', kind: 'write' }));
    expect(err.code).toBe('BROKER_ERROR');
    expect(err.raw).toEqual({ status: 200, code: 'AB1004', message: 'Something Went Wrong' });
    const ok = await client.request<{ data: { orderid: string } }>({
      method: 'POST',
      path: '/order',
      kind: 'write',
    });
    expect(ok.data.data.orderid).toBe('1');
  });

  it('lets the table flag an ambiguous broker message (Kite "order request timed out") for reconciliation', async () => {
    const { client } = broker({ extractFailure: kiteExtract, mapError: kiteMapper }, [
      {
        status: 400,
        body: { status: 'error', error_type: 'GeneralException', message: 'Order request timed out' },
      },
    ]);
    const err = await failure(client.request({ method: 'POST', path: '/orders/regular', kind: 'write' }));
    expect(isAmbiguousWriteFailure(err)).toBe(true);
    expect(err.retryable).toBe(false);
  });

  it('still fails a non-2xx the extractor does not claim, using the default reading', async () => {
    const { client } = broker({ extractFailure: () => undefined }, [
      { status: 401, body: { message: 'bad token' } },
    ]);
    const err = await failure(client.request({ method: 'GET', path: '/x', kind: 'read' }));
    expect(err.code).toBe('AUTH_FAILED');
    expect(err.raw).toEqual({ status: 401, message: 'bad token' });
  });

  it('turns malformed JSON on a 2xx into BROKER_ERROR "malformed response" (ambiguous for a write)', async () => {
    const { client } = broker({}, [{ status: 200, body: '{"status":"success","data":{"order_id":"1' }]);
    const err = await failure(client.request({ method: 'POST', path: '/orders/regular', kind: 'write' }));
    expect(err.code).toBe('BROKER_ERROR');
    expect(err.message).toContain('malformed response');
    expect(err.raw?.status).toBe(200);
    expect(isAmbiguousWriteFailure(err)).toBe(true);
    expect(JSON.stringify(err)).not.toContain('order_id');
  });

  it('reads a non-JSON 5xx page as BROKER_UNAVAILABLE rather than a parse error', async () => {
    const { client } = broker({}, [{ status: 502, body: '<html>Bad Gateway</html>' }]);
    const err = await failure(client.request({ method: 'GET', path: '/quote', kind: 'read' }));
    expect(err.code).toBe('BROKER_UNAVAILABLE');
    expect(err.raw?.status).toBe(502);
  });

  it('maps a failing csv/text download by status too', async () => {
    const { client } = broker({}, [{ status: 503, body: { message: 'maintenance' } }]);
    const err = await failure(
      client.request({ method: 'GET', path: '/instruments', kind: 'read', responseType: 'csv' }),
    );
    expect(err.code).toBe('BROKER_UNAVAILABLE');
    expect(err.raw?.message).toBe('maintenance');
  });

  it('sends a write that gets a 5xx exactly once (retries on), as an ambiguous BROKER_UNAVAILABLE', async () => {
    const { client, seen } = broker({ retry: { attempts: 5, baseDelayMs: 1, maxDelayMs: 1 } }, [
      { status: 500, body: { message: 'internal error' } },
      { status: 200, body: { ok: true } },
    ]);
    const err = await failure(client.request({ method: 'POST', path: '/orders/regular', kind: 'write' }));
    expect(seen).toHaveLength(1);
    expect(err.code).toBe('BROKER_UNAVAILABLE');
    expect(err.mayHaveReachedBroker).toBe(true);
    expect(err.retryable).toBe(false);
    expect(isAmbiguousWriteFailure(err)).toBe(true);
  });

  it('maps a broker 429 to RATE_LIMITED with Retry-After (seconds or HTTP date) parsed', async () => {
    const { client, clock, seen } = broker({ retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 } }, [
      { status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '3' } },
    ]);
    const first = await failure(client.request({ method: 'POST', path: '/orders', kind: 'write' }));
    expect(first.code).toBe('RATE_LIMITED');
    expect(first.retryAfterMs).toBe(3000);
    expect(first.mayHaveReachedBroker).toBe(false);
    expect(seen).toHaveLength(1);

    const { client: c2, clock: clock2 } = broker({}, [
      { status: 429, body: {}, headers: { 'retry-after': new Date(clock.now() + 5000).toUTCString() } },
    ]);
    expect(clock2.now()).toBe(clock.now());
    const second = await failure(c2.request({ method: 'GET', path: '/q', kind: 'read' }));
    expect(second.retryAfterMs).toBe(5000);
  });
});

describe('HttpClient local refusals (nothing is sent)', () => {
  it('fails with local RATE_LIMITED when the bucket wait exceeds the bound, never calling the broker', async () => {
    const { client, clock, seen } = broker({
      rateLimits: { orders: { perSecond: 1 } },
      maxRateLimitWaitMs: 200,
      retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    await client.request({ method: 'POST', path: '/o', kind: 'write', limits: ['orders'] });
    const err = await failure(
      client.request({ method: 'GET', path: '/o', kind: 'read', limits: ['orders'] }),
    );
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.mayHaveReachedBroker).toBe(false);
    expect(err.retryAfterMs).toBe(1000);
    expect(clock.pendingSleeps).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it('waits within the bound on the injected clock, then sends', async () => {
    const { client, clock, seen } = broker({
      rateLimits: { orders: { perSecond: 2 } },
      maxRateLimitWaitMs: 1000,
    });
    await client.request({ method: 'GET', path: '/a', kind: 'read', limits: ['orders'] });
    await client.request({ method: 'GET', path: '/a', kind: 'read', limits: ['orders'] });
    const third = client.request({ method: 'GET', path: '/a', kind: 'read', limits: ['orders'] });
    await untilSleeping(clock);
    expect(seen).toHaveLength(2);
    // At most 2 in any second: the third goes when the first is a full second back.
    await clock.advance(999);
    expect(seen).toHaveLength(2);
    await clock.advance(1);
    await third;
    expect(seen).toHaveLength(3);
  });

  it('draws from an injected limiter, shared by every client given it, in place of its own', async () => {
    const shared = new SlidingWindowLimiter(
      { orders: { perSecond: 1 } },
      { clock: new ManualClock(), maxWaitMs: 0 },
    );
    // The declared limits would allow 100/s; the host's limiter is what counts.
    const a = broker({ rateLimits: { orders: { perSecond: 100 } }, rateLimiter: shared });
    const b = broker({ rateLimits: { orders: { perSecond: 100 } }, rateLimiter: shared });
    await a.client.request({ method: 'POST', path: '/o', kind: 'write', limits: ['orders'] });
    const err = await failure(
      b.client.request({ method: 'POST', path: '/o', kind: 'write', limits: ['orders'] }),
    );
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.mayHaveReachedBroker).toBe(false);
    expect(a.seen).toHaveLength(1);
    expect(b.seen).toHaveLength(0);
  });

  it('refuses a pre-aborted call as NETWORK that did not reach the broker', async () => {
    const { client, seen } = broker();
    const err = await failure(
      client.request({ method: 'POST', path: '/o', kind: 'write', signal: AbortSignal.abort() }),
    );
    expect(err.code).toBe('NETWORK');
    expect(err.mayHaveReachedBroker).toBe(false);
    expect(isAmbiguousWriteFailure(err)).toBe(false);
    expect(seen).toHaveLength(0);
  });

  it('throws a programming error for an undeclared bucket before sending', async () => {
    const { client, seen } = broker({ rateLimits: { orders: { perSecond: 1 } } });
    await expect(
      client.request({ method: 'GET', path: '/o', kind: 'read', limits: ['quotes'] }),
    ).rejects.toThrow(/unknown rate-limit bucket "quotes"/);
    expect(seen).toHaveLength(0);
  });
});
