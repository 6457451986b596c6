import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { isOpenAlgoError, type OpenAlgoError } from '../../src/errors/index.js';
import { createHttpClient } from '../../src/http/client.js';
import { flushMicrotasks, ManualClock } from '../../src/time/clock.js';
import { untilSleeping } from './helpers.js';
import { mockBroker, ORIGIN } from './mock-broker.js';

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

function broker(...args: Parameters<typeof mockBroker>) {
  const made = mockBroker(...args);
  agents.push(made.agent);
  return made;
}

function settle<T>(promise: Promise<T>) {
  const state: { value?: T; error?: unknown; done: boolean } = { done: false };
  promise.then(
    (value) => Object.assign(state, { value, done: true }),
    (error: unknown) => Object.assign(state, { error, done: true }),
  );
  return state;
}

const RETRY = { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000 };

describe('HttpClient retries reads only (MockAgent + ManualClock)', () => {
  it('retries a read on 5xx with exponential backoff on the injected clock, then succeeds', async () => {
    const { client, clock, seen } = broker({ retry: RETRY, random: () => 0 }, [
      { status: 503, body: {} },
      { status: 502, body: {} },
      { status: 200, body: { ok: 1 } },
    ]);
    const result = settle(client.request({ method: 'GET', path: '/quote', kind: 'read' }));
    await untilSleeping(clock);
    expect(seen).toHaveLength(1);
    await clock.advance(49); // first backoff: 100 ms step, jitter 0 → 50 ms
    expect(seen).toHaveLength(1);
    await clock.advance(1);
    await untilSleeping(clock);
    expect(seen).toHaveLength(2);
    await clock.advance(100); // second backoff: 200 ms step → 100 ms
    await untilSleeping(clock, 0);
    for (let i = 0; i < 50 && !result.done; i++) await flushMicrotasks();
    expect(result.value).toMatchObject({ status: 200, data: { ok: 1 } });
    expect(seen).toHaveLength(3);
  });

  it('gives up after `attempts` tries and throws the last failure', async () => {
    const { client, clock, seen } = broker({ retry: RETRY, random: () => 1 }, [
      { status: 504, body: { message: 'gw' } },
    ]);
    const result = settle(client.request({ method: 'GET', path: '/q', kind: 'read' }));
    // random 1 → full steps: 100 ms, then 200 ms.
    for (const step of [100, 200]) {
      await untilSleeping(clock);
      await clock.advance(step);
    }
    for (let i = 0; i < 50 && !result.done; i++) await flushMicrotasks();
    expect(seen).toHaveLength(3);
    expect((result.error as OpenAlgoError).code).toBe('BROKER_UNAVAILABLE');
  });

  it("honours a broker 429's Retry-After within bounds", async () => {
    const { client, clock, seen } = broker({ retry: RETRY }, [
      { status: 429, body: {}, headers: { 'retry-after': '1' } },
      { status: 200, body: [] },
    ]);
    const result = settle(client.request({ method: 'GET', path: '/q', kind: 'read' }));
    await untilSleeping(clock);
    await clock.advance(999);
    expect(seen).toHaveLength(1);
    await clock.advance(1);
    for (let i = 0; i < 50 && !result.done; i++) await flushMicrotasks();
    expect(seen).toHaveLength(2);
    expect(result.value).toMatchObject({ status: 200 });
  });

  it('does not retry when Retry-After is beyond the bound, nor on a non-retryable failure', async () => {
    const { client, clock, seen } = broker({ retry: RETRY }, [
      { status: 429, body: {}, headers: { 'retry-after': '30' } },
      { status: 400, body: { message: 'bad' } },
    ]);
    await expect(client.request({ method: 'GET', path: '/q', kind: 'read' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 30_000,
    });
    await expect(client.request({ method: 'GET', path: '/q', kind: 'read' })).rejects.toMatchObject({
      code: 'BROKER_ERROR',
    });
    expect(seen).toHaveLength(2);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('stops retrying when the caller aborts during backoff', async () => {
    const { client, clock, seen } = broker({ retry: RETRY }, [{ status: 503, body: {} }]);
    const controller = new AbortController();
    const result = settle(
      client.request({ method: 'GET', path: '/q', kind: 'read', signal: controller.signal }),
    );
    await untilSleeping(clock);
    controller.abort();
    for (let i = 0; i < 50 && !result.done; i++) await flushMicrotasks();
    expect(isOpenAlgoError(result.error, 'NETWORK')).toBe(true);
    expect((result.error as OpenAlgoError).retryable).toBe(false);
    expect(seen).toHaveLength(1);
  });
});

describe('transport errors: reads retried, writes sent once (MockAgent replyWithError)', () => {
  function failingAgent(times: number, code = 'UND_ERR_SOCKET') {
    const agent = new MockAgent();
    agents.push(agent);
    agent.disableNetConnect();
    const pool = agent.get(ORIGIN);
    // One interceptor per expected send; whatever is left unconsumed was never sent.
    for (let i = 0; i < times; i++) {
      pool
        .intercept({ path: '/orders', method: () => true })
        .replyWithError(Object.assign(new Error(`failed: ${code}`), { code }));
    }
    const clock = new ManualClock();
    const client = createHttpClient({
      broker: 'b',
      baseUrl: ORIGIN,
      dispatcher: agent,
      clock,
      retry: RETRY,
      random: () => 1,
    });
    return { agent, clock, client };
  }

  it('retries a read after a socket error', async () => {
    const { agent, clock, client } = failingAgent(3);
    const result = settle(client.request({ method: 'GET', path: '/orders', kind: 'read' }));
    // random 1 → full steps: 100 ms, then 200 ms.
    for (const step of [100, 200]) {
      await untilSleeping(clock);
      await clock.advance(step);
    }
    for (let i = 0; i < 50 && !result.done; i++) await flushMicrotasks();
    expect(agent.pendingInterceptors()).toHaveLength(0);
    expect((result.error as OpenAlgoError).code).toBe('NETWORK');
  });

  it('sends a write that hits a socket error exactly once, as an ambiguous failure', async () => {
    const { agent, clock, client } = failingAgent(3);
    const err = await client
      .request({ method: 'POST', path: '/orders', kind: 'write' })
      .catch((e: unknown) => e);
    expect(agent.pendingInterceptors()).toHaveLength(2);
    expect(clock.pendingSleeps).toBe(0);
    expect(err).toMatchObject({ code: 'NETWORK', mayHaveReachedBroker: true, retryable: false });
  });

  it('never retries a write, even a retryable failure that certainly did not reach the broker', async () => {
    const { agent, clock, client } = failingAgent(3, 'ECONNREFUSED');
    const err = await client
      .request({ method: 'POST', path: '/orders', kind: 'write' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NETWORK', mayHaveReachedBroker: false, retryable: true });
    expect(agent.pendingInterceptors()).toHaveLength(2);
    expect(clock.pendingSleeps).toBe(0);
  });
});

describe('broker 429 on a write', () => {
  it('is not retried even without Retry-After (the caller decides)', async () => {
    const { client, clock, seen } = broker({ retry: RETRY }, [
      { status: 429, body: {} },
      { status: 200, body: {} },
    ]);
    const err = await client
      .request({ method: 'POST', path: '/orders', kind: 'write' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryable: true, mayHaveReachedBroker: false });
    expect(seen).toHaveLength(1);
    expect(clock.pendingSleeps).toBe(0);
  });
});
