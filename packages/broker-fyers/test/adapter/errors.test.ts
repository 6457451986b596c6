import type { ErrorCode, MappedCode } from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { extractFyersFailure, fyersEnvelope } from '../../src/client.js';
import { mapFyersError, mapFyersLoginError } from '../../src/errors.js';
import { API, DATA, drive, failure, fyersError, makeAdapter, ok, type TestAdapter } from './helpers.js';

const codeOf = (target: MappedCode): ErrorCode => (typeof target === 'string' ? target : target.code);

/** Every negative code of brokers.md §3.6 and what it means to OpenAlgo. */
const CODES: Array<[number, ErrorCode]> = [
  [-15, 'SESSION_EXPIRED'],
  [-16, 'SESSION_EXPIRED'],
  [-8, 'SESSION_EXPIRED'],
  [-17, 'SESSION_EXPIRED'],
  [-50, 'INVALID_REQUEST'],
  [-99, 'INVALID_ORDER'],
  [-96, 'BROKER_ERROR'],
  [-101, 'INVALID_ORDER'],
  [-157, 'AUTH_FAILED'],
  [-159, 'ORDER_NOT_FOUND'],
  [-161, 'INVALID_ORDER'],
  [-162, 'INVALID_ORDER'],
  [-163, 'INVALID_ORDER'],
  [-164, 'INVALID_ORDER'],
  [-201, 'BROKER_UNAVAILABLE'],
  [-202, 'BROKER_UNAVAILABLE'],
  [-204, 'BROKER_UNAVAILABLE'],
  [-205, 'BROKER_UNAVAILABLE'],
  [-209, 'ORDER_NOT_FOUND'],
  [-300, 'SYMBOL_NOT_FOUND'],
  [-305, 'INVALID_ORDER'],
  [-308, 'INVALID_ORDER'],
  [-309, 'INVALID_ORDER'],
  [-310, 'INVALID_ORDER'],
  [-311, 'INVALID_ORDER'],
  [-313, 'INVALID_ORDER'],
  [-314, 'INVALID_ORDER'],
  [-315, 'INVALID_ORDER'],
  [-316, 'INVALID_ORDER'],
  [-323, 'INVALID_ORDER'],
  [-325, 'INVALID_ORDER'],
  [-326, 'INVALID_ORDER'],
  [-327, 'INVALID_ORDER'],
  [-328, 'INVALID_ORDER'],
  [-352, 'AUTH_FAILED'],
  [-353, 'RATE_LIMITED'],
  [-371, 'AUTH_FAILED'],
  [-372, 'INVALID_ORDER'],
  [-373, 'PERMISSION_DENIED'],
  [-374, 'AUTH_FAILED'],
  [-390, 'INVALID_ORDER'],
  [-392, 'INVALID_ORDER'],
  [-397, 'INVALID_ORDER'],
  [-398, 'INVALID_ORDER'],
  [-399, 'INVALID_ORDER'],
  [-437, 'AUTH_FAILED'],
  [-501, 'AUTH_FAILED'],
];

describe('error table (brokers.md §3.6)', () => {
  it.each(CODES)('body code %i under HTTP 200 → %s', (code, expected) => {
    expect(codeOf(mapFyersError.target({ status: 200, code: String(code), message: 'x' }))).toBe(expected);
  });

  it('an unknown negative code falls back to BROKER_ERROR, keeping what Fyers said', () => {
    const err = mapFyersError({ status: 200, code: '-9999', message: 'Something new' });
    expect(err.code).toBe('BROKER_ERROR');
    expect(err.raw).toEqual({ status: 200, code: '-9999', message: 'Something new' });
    expect(err.message).toBe('fyers: Something new');
  });

  it('HTTP 401 is an expired session whatever the body says; 429 a rate limit', () => {
    expect(codeOf(mapFyersError.target({ status: 401, code: '-99', message: 'x' }))).toBe('SESSION_EXPIRED');
    expect(codeOf(mapFyersError.target({ status: 401 }))).toBe('SESSION_EXPIRED');
    expect(codeOf(mapFyersError.target({ status: 429, code: '-50' }))).toBe('RATE_LIMITED');
    expect(mapFyersError({ status: 200, code: '-353' }).retryable).toBe(true);
  });

  it('HTTP statuses without a code: 400, 403, 5xx', () => {
    expect(codeOf(mapFyersError.target({ status: 400 }))).toBe('INVALID_REQUEST');
    expect(codeOf(mapFyersError.target({ status: 403 }))).toBe('PERMISSION_DENIED');
    expect(codeOf(mapFyersError.target({ status: 500 }))).toBe('BROKER_UNAVAILABLE');
    expect(codeOf(mapFyersError.target({ status: 504 }))).toBe('TIMEOUT');
  });

  it('message fragments: funds and an order request that timed out (ambiguous)', () => {
    expect(codeOf(mapFyersError.target({ status: 200, code: '-99', message: 'Insufficient Funds' }))).toBe(
      'INSUFFICIENT_FUNDS',
    );
    const timedOut = mapFyersError({ status: 200, code: '-99', message: 'Order request timed out' });
    expect(timedOut.code).toBe('ORDER_STATE_UNKNOWN');
    expect(timedOut.mayHaveReachedBroker).toBe(true);
  });

  it('at login a dead token, a bad auth code or a bad refresh token is a failed login', () => {
    for (const code of ['-16', '-15', '-437', '-501', '-371']) {
      expect(mapFyersLoginError({ status: 200, code }).code).toBe('AUTH_FAILED');
    }
    expect(mapFyersLoginError({ status: 401 }).code).toBe('AUTH_FAILED');
    expect(mapFyersLoginError({ status: 429 }).code).toBe('RATE_LIMITED');
  });
});

describe('envelope reading', () => {
  it('`s` other than ok is a failure whatever the HTTP status; code as decimal text, message trimmed', () => {
    expect(
      extractFyersFailure(200, { s: 'error', code: -16, message: ' Could not authenticate the user ' }, {}),
    ).toEqual({
      status: 200,
      code: '-16',
      message: 'Could not authenticate the user',
    });
    expect(extractFyersFailure(200, { s: 'ok', code: 200, message: '' }, {})).toBeUndefined();
    expect(extractFyersFailure(200, { s: 'Ok' }, {})).toBeUndefined();
    expect(extractFyersFailure(200, { s: 'no_data', candles: [] }, {})).toBeUndefined();
  });

  it('a non-2xx body is read for its code; X-Retry-After-Ms is honoured', () => {
    expect(
      extractFyersFailure(429, { s: 'error', code: -353, message: 'limit' }, { 'x-retry-after-ms': '750' }),
    ).toEqual({ status: 429, code: '-353', message: 'limit', retryAfterMs: 750 });
    expect(extractFyersFailure(401, {}, {})).toEqual({ status: 401 });
  });

  it('missing keys never crash: no s, no code, odd types', () => {
    expect(extractFyersFailure(200, {}, {})).toBeUndefined();
    expect(extractFyersFailure(200, null, {})).toBeUndefined();
    expect(extractFyersFailure(200, 'text', {})).toBeUndefined();
    expect(extractFyersFailure(200, { s: 'error', code: null, message: 5 }, {})).toEqual({ status: 200 });
    expect(fyersEnvelope({})).toBeUndefined();
    expect(fyersEnvelope(null)).toBeUndefined();
    expect(fyersEnvelope({ s: 'ok', id: '1' })).toEqual({ data: { s: 'ok', id: '1' } });
  });
});

describe('errors end to end', () => {
  const opened: TestAdapter[] = [];
  const open = (...args: Parameters<typeof makeAdapter>) => {
    const t = makeAdapter(...args);
    opened.push(t);
    return t;
  };
  afterEach(async () => {
    for (const t of opened.splice(0)) await t.agent.close();
  });

  it('HTTP 401 {-16} on /api/v3 → SESSION_EXPIRED, no retry', async () => {
    const t = open({ [`GET ${API}/orders`]: fyersError(401, -16, 'Could not authenticate the user') });
    const err = await failure(t.adapter.getOrders());
    expect(err.code).toBe('SESSION_EXPIRED');
    expect(err.broker).toBe('fyers');
    expect(err.raw).toEqual({ status: 401, code: '-16', message: 'Could not authenticate the user' });
    expect(t.seen).toHaveLength(1);
  });

  it('HTTP 200 {-15} on /data/quotes → SESSION_EXPIRED', async () => {
    const t = open({ [`GET ${DATA}/quotes`]: fyersError(200, -15, 'Please provide valid token') });
    const err = await failure(t.adapter.getQuotes([{ symbol: 'SBIN', exchange: 'NSE' }]));
    expect(err.code).toBe('SESSION_EXPIRED');
  });

  it('HTTP 429 + Retry-After on a place → RATE_LIMITED with retryAfterMs, never re-sent', async () => {
    const t = open({
      [`POST ${API}/orders/sync`]: {
        ...fyersError(429, -353, 'API limit exceeded'),
        headers: { 'retry-after': '2' },
      },
    });
    const err = await failure(
      t.adapter.placeOrder(orderRequest({ clientOrderId: 'oa1', priceType: 'MARKET' })),
    );
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryAfterMs).toBe(2000);
    expect(err.clientOrderId).toBe('oa1');
    expect(t.seen).toHaveLength(1);
  });

  it('a read that hits −353 once is retried, then answered', async () => {
    const t = open({
      [`GET ${API}/tradebook`]: [fyersError(200, -353, 'request limit reached'), ok({ tradeBook: [] })],
    });
    expect(await drive(t.adapter.getTrades(), t.clock)).toEqual([]);
    expect(t.seen).toHaveLength(2);
  });

  it('a 2xx without an envelope is a malformed BROKER_ERROR, not a crash', async () => {
    const t = open({ [`GET ${API}/orders`]: { status: 200, body: { orderBook: [] } } });
    const err = await failure(t.adapter.getOrders());
    expect(err.code).toBe('BROKER_ERROR');
    expect(err.message).toContain('not a success envelope');
  });
});
