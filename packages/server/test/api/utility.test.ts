import { afterEach, expect, test } from 'vitest';
import { API_KEY } from './support/accounts.js';
import { buildApiApp, json } from './support/app.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

let h: FakeHarness;
afterEach(async () => h.app.close());

test('ping answers pong with the broker id', async () => {
  h = await fakeHarness();
  expect(json(await h.send('ping', { apikey: API_KEY }))).toEqual({
    status: 'success',
    data: { message: 'pong', broker: 'fakebroker' },
  });
});

test('analyzer reports the account mode', async () => {
  h = await fakeHarness();
  expect(json(await h.send('analyzer', { apikey: API_KEY }))).toEqual({
    status: 'success',
    data: { analyze_mode: false, mode: 'live', total_logs: 0 },
  });
  h.account.analyzeMode = true;
  expect(json(await h.send('analyzer', { apikey: API_KEY })).data).toEqual({
    analyze_mode: true,
    mode: 'analyze',
    total_logs: 0,
  });
});

test('analyzer/toggle switches this account through the resolver', async () => {
  h = await fakeHarness();
  const on = json(await h.send('analyzer/toggle', { apikey: API_KEY, mode: 'true' }));
  expect(on).toEqual({
    status: 'success',
    data: { analyze_mode: true, mode: 'analyze', total_logs: 0 },
    message: 'Analyzer mode switched to analyze',
  });
  expect(h.resolver.toggles).toEqual([{ accountId: 'fake-account', on: true }]);
  expect(json(await h.send('funds', { apikey: API_KEY })).mode).toBe('analyze');
  const off = json(await h.send('analyzer/toggle', { apikey: API_KEY, mode: false }));
  expect(off.message).toBe('Analyzer mode switched to live');
  expect(json(await h.send('funds', { apikey: API_KEY }))).not.toHaveProperty('mode');
});

test('analyzer/toggle is 501 when the server cannot switch modes', async () => {
  h = await fakeHarness();
  const app = await buildApiApp(h.resolver.withoutAnalyzerSwitch(), { rateLimits: false });
  try {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/analyzer/toggle',
      payload: { apikey: API_KEY, mode: true },
    });
    expect(response.statusCode).toBe(501);
    expect(json(response)).toMatchObject({ status: 'error', code: 'NOT_SUPPORTED' });
  } finally {
    await app.close();
  }
});
