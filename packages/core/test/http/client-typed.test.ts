import type { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isOpenAlgoError, type OpenAlgoError } from '../../src/errors/index.js';
import type { EnvelopeReader } from '../../src/http/typed.js';
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
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isOpenAlgoError(err)) throw new Error(`expected an OpenAlgoError, got ${String(err)}`);
  return err;
}

/** A Kite-style success envelope: `{status:"success", data}`. */
const envelope: EnvelopeReader = (body) =>
  typeof body === 'object' && body !== null && (body as { status?: unknown }).status === 'success'
    ? { data: (body as { data?: unknown }).data }
    : undefined;

/** Backoff sleeps on the manual clock; the tests move it past the longest delay. */
const RETRY = { attempts: 2, baseDelayMs: 10, maxDelayMs: 10 };

const OrderId = z.object({ order_id: z.string() });

describe('typed calls (envelope hook + schema)', () => {
  it('get unwraps the envelope, checks the payload and reads by default (retried)', async () => {
    const { client, clock, seen } = broker({ envelope, retry: RETRY }, [
      { status: 503, body: { message: 'busy' } },
      { status: 200, body: { status: 'success', data: { order_id: '7', extra: 1 } } },
    ]);
    const pending = client.get('/orders/7', OrderId, { query: { x: 1 } });
    await untilSleeping(clock);
    await clock.advance(RETRY.maxDelayMs);
    const data = await pending;
    expect(data).toEqual({ order_id: '7' });
    expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/orders/7?x=1',
      'GET /api/orders/7?x=1',
    ]);
  });

  it('post sends the body and is a write by default (never retried)', async () => {
    const { client, seen } = broker({ envelope, retry: RETRY }, [{ status: 503, body: { message: 'busy' } }]);
    const err = await failure(client.post('/orders', OrderId, { body: { form: { qty: 1 } } }));
    expect(err).toMatchObject({ code: 'BROKER_UNAVAILABLE', mayHaveReachedBroker: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.body).toBe('qty=1');
  });

  it('post with kind read may be retried (a margin query is a POST that changes nothing)', async () => {
    const { client, clock, seen } = broker({ envelope, retry: RETRY }, [
      { status: 503, body: { message: 'busy' } },
      { status: 200, body: { status: 'success', data: { order_id: '1' } } },
    ]);
    const pending = client.post('/margins', OrderId, { kind: 'read', body: { json: [1] } });
    await untilSleeping(clock);
    await clock.advance(RETRY.maxDelayMs);
    expect(await pending).toEqual({ order_id: '1' });
    expect(seen).toHaveLength(2);
  });

  it('requestData serves the other methods', async () => {
    const { client, seen } = broker({ envelope }, [
      { status: 200, body: { status: 'success', data: { order_id: '9' } } },
    ]);
    await client.requestData({ method: 'DELETE', path: '/orders/9', kind: 'write', schema: OrderId });
    expect(seen[0]?.method).toBe('DELETE');
  });

  it('a 2xx that is not a success envelope is a BROKER_ERROR that may have reached the broker', async () => {
    const { client } = broker({ envelope }, [{ status: 200, body: { ok: true } }]);
    const err = await failure(client.post('/orders', OrderId, { what: 'place order' }));
    expect(err).toMatchObject({
      code: 'BROKER_ERROR',
      broker: 'testbroker',
      mayHaveReachedBroker: true,
      details: { reason: 'malformed response' },
    });
    expect(err.message).toBe('testbroker: unexpected response to place order: not a success envelope');
  });

  it('a payload of the wrong shape names the first bad field and counts the issues', async () => {
    const { client } = broker({ envelope }, [
      { status: 200, body: { status: 'success', data: { order_id: 5 } } },
    ]);
    const err = await failure(client.get('/orders/5', OrderId));
    expect(err).toMatchObject({ code: 'BROKER_ERROR', details: { reason: 'malformed response', issues: 1 } });
    expect(err.message).toMatch(/^testbroker: unexpected response to GET \/orders\/5: order_id /);
  });

  it('without an envelope hook the whole body is the payload', async () => {
    const { client } = broker({}, [{ status: 200, body: { order_id: '3' } }]);
    expect(await client.get('/orders/3', OrderId)).toEqual({ order_id: '3' });
  });

  it('failures still go through the error mapper before the envelope is read', async () => {
    const { client } = broker(
      {
        envelope,
        extractFailure: (status, body) =>
          (body as { status?: unknown }).status === 'error' ? { status, message: 'refused' } : undefined,
      },
      [{ status: 200, body: { status: 'error' } }],
    );
    const err = await failure(client.get('/orders', OrderId));
    expect(err.message).toBe('testbroker: refused');
    expect(err.raw).toMatchObject({ status: 200, message: 'refused' });
  });
});
