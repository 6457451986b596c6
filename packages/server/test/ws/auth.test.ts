import { describe, expect, it } from 'vitest';
import { keyFingerprint } from '../../src/ws/index.js';
import { eventually } from './client.js';
import { feedBroker, makeAccount } from './fakes.js';
import { API_KEY, OTHER_KEY, startFeed } from './setup.js';

describe('feed authentication', () => {
  it('accepts a valid key and answers with OpenAlgo’s auth shape', async () => {
    const f = await startFeed();
    const client = await f.connect();
    const reply = await client.authenticate(API_KEY);
    expect(reply).toEqual({
      type: 'auth',
      status: 'success',
      message: 'Authentication successful',
      broker: 'fakebroker',
      user_id: 'USER1',
      supported_features: { ltp: true, quote: true, depth: true },
    });
    expect(f.feed.stats().authenticatedClients).toBe(1);
  });

  it.each([
    { action: 'auth', apikey: API_KEY },
    { action: 'authenticate', apikey: API_KEY },
    { type: 'authenticate', api_key: API_KEY },
    { type: 'auth', apikey: API_KEY },
    { action: ' AUTHENTICATE ', api_key: API_KEY },
  ])('accepts the aliases OpenAlgo accepts: %j', async (message) => {
    const f = await startFeed();
    const client = await f.connect();
    const reply = await client.request(message, (m) => m.type === 'auth');
    expect(reply.status).toBe('success');
  });

  it('refuses an unknown key with AUTHENTICATION_ERROR and keeps the socket open', async () => {
    const f = await startFeed();
    const client = await f.connect();
    const reply = await client.authenticate(OTHER_KEY);
    expect(reply).toEqual({
      type: 'auth',
      status: 'error',
      code: 'AUTHENTICATION_ERROR',
      message: 'Invalid openalgo apikey',
    });
    await client.drain();
    expect(f.feed.stats()).toMatchObject({ clients: 1, authenticatedClients: 0 });
    // Still unauthenticated: protected actions are refused.
    const refused = await client.subscribe({ symbol: 'SBIN', exchange: 'NSE' });
    expect(refused).toEqual({
      status: 'error',
      code: 'NOT_AUTHENTICATED',
      message: 'You must authenticate first',
    });
  });

  it.each([
    [{ action: 'authenticate' }, 'API key is required'],
    [{ action: 'authenticate', api_key: '' }, 'API key is required'],
    [{ action: 'authenticate', api_key: 42 }, 'API key is required'],
    [{ action: 'authenticate', api_key: 'x'.repeat(300) }, 'Invalid API key'],
  ])('refuses a missing or malformed key: %j', async (message, text) => {
    const f = await startFeed();
    const client = await f.connect();
    const reply = await client.request(message, (m) => m.type === 'auth');
    expect(reply).toMatchObject({ status: 'error', code: 'AUTHENTICATION_ERROR', message: text });
  });

  it('reports a key whose broker login is missing as BROKER_ERROR', async () => {
    const f = await startFeed();
    f.resolver.failures.set(OTHER_KEY, {
      ok: false,
      reason: 'no_session',
      message: 'Broker session missing: log in to fakebroker first',
    });
    const client = await f.connect();
    const reply = await client.authenticate(OTHER_KEY);
    expect(reply).toEqual({
      type: 'auth',
      status: 'error',
      code: 'BROKER_ERROR',
      message: 'Broker session missing: log in to fakebroker first',
    });
  });

  it('answers SERVER_ERROR when the resolver itself fails, and carries on', async () => {
    const f = await startFeed();
    f.resolver.resolveApiKey = async () => {
      throw new Error('database is locked');
    };
    const client = await f.connect();
    const reply = await client.request(
      { action: 'authenticate', api_key: API_KEY },
      (m) => m.status === 'error',
    );
    expect(reply).toEqual({
      status: 'error',
      code: 'SERVER_ERROR',
      message: 'Internal error while processing the request',
    });
    expect(reply.message).not.toContain('database');
    expect((await client.drain()).length).toBe(0);
  });

  it('closes an unauthenticated socket with 4401 "auth timeout" after authTimeoutMs', async () => {
    const f = await startFeed({ authTimeoutMs: 15_000 });
    const client = await f.connect();
    await f.clock.advance(14_999);
    await client.drain(); // still served just before the deadline
    await f.clock.advance(1);
    expect(await client.closed).toEqual({ code: 4401, reason: 'auth timeout' });
    expect(f.feed.stats().authTimeouts).toBe(1);
    await eventually(() => f.feed.stats().clients === 0, 'the session to go');
  });

  it('still closes at the deadline after a failed attempt', async () => {
    const f = await startFeed({ authTimeoutMs: 1_000 });
    const client = await f.connect();
    await client.authenticate(OTHER_KEY);
    await f.clock.advance(1_000);
    expect((await client.closed).code).toBe(4401);
  });

  it('never closes an authenticated socket for the auth deadline', async () => {
    const f = await startFeed({ authTimeoutMs: 1_000 });
    const client = await f.client();
    await f.clock.advance(60_000);
    await client.drain();
    expect(f.feed.stats()).toMatchObject({ clients: 1, authTimeouts: 0 });
  });

  it('switching to another account releases the old account’s subscriptions', async () => {
    const f = await startFeed();
    const second = feedBroker({ broker: 'otherbroker' });
    f.resolver.add(OTHER_KEY, makeAccount(second, f.logger, { accountId: 'acct-2', userId: 'USER2' }));
    const client = await f.client();
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE' });
    expect(f.adapter.stream.subscribed.has('NSE:SBIN')).toBe(true);
    const reply = await client.authenticate(OTHER_KEY);
    expect(reply).toMatchObject({ status: 'success', broker: 'otherbroker', user_id: 'USER2' });
    await eventually(() => f.adapter.stream.closed, 'the first account’s stream to close');
    expect(f.adapter.stream.subscribed.size).toBe(0);
    expect(f.feed.stats().clientSubscriptions).toBe(0);
  });

  it('re-authenticating with the same account keeps subscriptions', async () => {
    const f = await startFeed();
    const client = await f.client();
    await client.subscribe({ symbol: 'SBIN', exchange: 'NSE' });
    await client.authenticate(API_KEY);
    expect(f.feed.stats().clientSubscriptions).toBe(1);
    expect(f.adapter.marketStreams).toHaveLength(1);
    expect(f.adapter.stream.closed).toBe(false);
  });

  it('never writes an API key to the log, only its fingerprint', async () => {
    const f = await startFeed();
    const good = await f.connect();
    await good.authenticate(API_KEY);
    const bad = await f.connect();
    await bad.authenticate(OTHER_KEY);
    await bad.request({ action: 'subscribe', apikey: OTHER_KEY }, (m) => m.status === 'error');
    await bad.request(`{"action":"${OTHER_KEY}"}`, (m) => m.status === 'error');
    const logged = JSON.stringify(f.logger.records);
    expect(logged).not.toContain(API_KEY);
    expect(logged).not.toContain(OTHER_KEY);
    expect(logged).toContain(keyFingerprint(API_KEY));
    expect(logged).toContain(keyFingerprint(OTHER_KEY));
    expect(keyFingerprint(API_KEY)).toMatch(/^[0-9a-f]{12}$/);
  });
});
