import { type BrokerFailure, isOpenAlgoError } from '@openalgo/core';
import { orderRequest } from '@openalgo/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { mapKiteError, mapKiteLoginError } from '../src/errors.js';
import { kiteError, makeAdapter, type TestAdapter } from './helpers.js';

const opened: TestAdapter[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

/** The Kite error table, row by row: failure → code (and ambiguity where it matters). */
const ROWS: Array<[name: string, failure: BrokerFailure, code: string]> = [
  [
    '403 TokenException',
    { status: 403, code: 'TokenException', message: 'Incorrect `api_key` or `access_token`.' },
    'SESSION_EXPIRED',
  ],
  [
    'TokenException wins over a message rule',
    { status: 403, code: 'TokenException', message: 'order not found' },
    'SESSION_EXPIRED',
  ],
  [
    '403 PermissionException',
    { status: 403, code: 'PermissionException', message: 'Insufficient permission for that call.' },
    'PERMISSION_DENIED',
  ],
  ['UserException', { status: 403, code: 'UserException', message: 'Account blocked' }, 'PERMISSION_DENIED'],
  [
    '400 InputException',
    { status: 400, code: 'InputException', message: 'Invalid `quantity`.' },
    'INVALID_REQUEST',
  ],
  [
    '400 OrderException',
    { status: 400, code: 'OrderException', message: 'Price exceeds the circuit limit' },
    'INVALID_ORDER',
  ],
  [
    '400 MarginException',
    { status: 400, code: 'MarginException', message: 'Margin shortfall' },
    'INSUFFICIENT_FUNDS',
  ],
  [
    '400 HoldingException',
    { status: 400, code: 'HoldingException', message: 'Insufficient holdings' },
    'INVALID_ORDER',
  ],
  [
    '503 NetworkException',
    { status: 503, code: 'NetworkException', message: 'Gateway error' },
    'BROKER_UNAVAILABLE',
  ],
  [
    '502 DataException',
    { status: 502, code: 'DataException', message: 'Unparseable OMS response' },
    'BROKER_UNAVAILABLE',
  ],
  [
    '500 GeneralException',
    { status: 500, code: 'GeneralException', message: 'Something went wrong' },
    'BROKER_ERROR',
  ],
  ['429 with no type', { status: 429, message: 'Too many requests' }, 'RATE_LIMITED'],
  [
    '429 whatever its type',
    { status: 429, code: 'NetworkException', message: 'Too many requests' },
    'RATE_LIMITED',
  ],
  [
    'insufficient funds message on an OrderException',
    { status: 400, code: 'OrderException', message: 'Insufficient funds. Required margin is 1.' },
    'INSUFFICIENT_FUNDS',
  ],
  [
    "couldn't find that order",
    { status: 400, code: 'GeneralException', message: "Couldn't find that order." },
    'ORDER_NOT_FOUND',
  ],
  [
    'being processed → retryable invalid order',
    {
      status: 400,
      code: 'InputException',
      message: 'Order cannot be modified as it is being processed. Try later.',
    },
    'INVALID_ORDER',
  ],
  [
    'order request timed out',
    { status: 400, code: 'OrderException', message: 'Order request timed out. Please check the orderbook.' },
    'ORDER_STATE_UNKNOWN',
  ],
  ['unknown type, 400', { status: 400, code: 'BrandNewException', message: 'new' }, 'INVALID_REQUEST'],
  ['bare 403', { status: 403 }, 'PERMISSION_DENIED'],
  ['504 gateway timeout', { status: 504 }, 'TIMEOUT'],
  ['other 5xx', { status: 500 }, 'BROKER_UNAVAILABLE'],
  ['nothing known', { status: 418 }, 'BROKER_ERROR'],
];

describe('Kite error table', () => {
  it.each(ROWS)('%s', (_name, failure, code) => {
    const err = mapKiteError(failure);
    expect(err.code).toBe(code);
    expect(err.broker).toBe('zerodha');
    expect(err.raw).toEqual({ status: failure.status, code: failure.code, message: failure.message });
  });

  it('"order request timed out" is ambiguous: may have reached the broker, never retried', () => {
    const err = mapKiteError({ status: 400, code: 'OrderException', message: 'Order request timed out.' });
    expect(err).toMatchObject({ code: 'ORDER_STATE_UNKNOWN', mayHaveReachedBroker: true, retryable: false });
  });

  it('"being processed" is retryable; an ordinary invalid order is not', () => {
    expect(
      mapKiteError({ status: 400, code: 'InputException', message: 'It is being processed' }).retryable,
    ).toBe(true);
    expect(mapKiteError({ status: 400, code: 'OrderException', message: 'bad' }).retryable).toBe(false);
  });

  it('keeps Retry-After on a rate limit', () => {
    expect(mapKiteError({ status: 429, retryAfterMs: 1500 })).toMatchObject({
      code: 'RATE_LIMITED',
      retryAfterMs: 1500,
      retryable: true,
    });
  });

  it('exposes which rule decided (precedence)', () => {
    expect(mapKiteError.target({ status: 429, code: 'TokenException' })).toBe('RATE_LIMITED');
    expect(
      mapKiteError.target({ status: 403, code: 'TokenException', message: 'Order request timed out' }),
    ).toBe('SESSION_EXPIRED');
  });

  it('at login, a token or input error is a failed login, not an expired session', () => {
    expect(
      mapKiteLoginError({ status: 403, code: 'TokenException', message: 'Token is invalid or has expired.' })
        .code,
    ).toBe('AUTH_FAILED');
    expect(mapKiteLoginError({ status: 400, code: 'InputException', message: 'Invalid checksum' }).code).toBe(
      'AUTH_FAILED',
    );
    expect(mapKiteLoginError({ status: 503, code: 'NetworkException' }).code).toBe('BROKER_UNAVAILABLE');
  });
});

describe('Kite errors through the adapter (HTTP envelope → error)', () => {
  const order = orderRequest({ priceType: 'LIMIT', product: 'CNC', price: 420.5, clientOrderId: 'oa1234' });

  async function failPlace(reply: ReturnType<typeof kiteError>) {
    const t = makeAdapter({ 'POST /orders/regular': reply });
    opened.push(t);
    const err = await t.adapter.placeOrder(order).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isOpenAlgoError(err)) throw new Error(`expected an OpenAlgoError, got ${String(err)}`);
    return { err, t };
  }

  it('HTTP 400 "Order request timed out" → ORDER_STATE_UNKNOWN, mayHaveReachedBroker, client order id attached', async () => {
    const { err, t } = await failPlace(
      kiteError(400, 'OrderException', 'Order request timed out. Please try again.'),
    );
    expect(err).toMatchObject({
      code: 'ORDER_STATE_UNKNOWN',
      mayHaveReachedBroker: true,
      retryable: false,
      clientOrderId: 'oa1234',
      raw: { status: 400, code: 'OrderException' },
    });
    expect(t.seen).toHaveLength(1);
  });

  it('HTTP 403 TokenException → SESSION_EXPIRED', async () => {
    const { err } = await failPlace(
      kiteError(403, 'TokenException', 'Incorrect `api_key` or `access_token`.'),
    );
    expect(err).toMatchObject({ code: 'SESSION_EXPIRED', retryable: false });
  });

  it('HTTP 429 → RATE_LIMITED with the broker Retry-After', async () => {
    const { err, t } = await failPlace({
      ...kiteError(429, undefined, 'Too many requests'),
      headers: { 'retry-after': '2' },
    });
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryAfterMs: 2000 });
    expect(t.seen).toHaveLength(1);
  });

  it('a 503 NetworkException on a write is ambiguous and not retried', async () => {
    const { err, t } = await failPlace(kiteError(503, 'NetworkException', 'Gateway timed out'));
    expect(err).toMatchObject({ code: 'BROKER_UNAVAILABLE', mayHaveReachedBroker: true, retryable: false });
    expect(t.seen).toHaveLength(1);
  });

  it('an error_type body under HTTP 200 is still an error', async () => {
    const { err } = await failPlace({
      status: 200,
      body: { status: 'error', error_type: 'InputException', message: 'Missing quantity' },
    });
    expect(err.code).toBe('INVALID_REQUEST');
  });

  it('a 200 that is not a Kite envelope is malformed and may have placed the order', async () => {
    const { err } = await failPlace({ status: 200, body: { ok: true } });
    expect(err).toMatchObject({ code: 'BROKER_ERROR', mayHaveReachedBroker: true, clientOrderId: 'oa1234' });
  });

  it('a read answered 403 TokenException → SESSION_EXPIRED', async () => {
    const t = makeAdapter({ 'GET /orders': kiteError(403, 'TokenException', 'Session expired') });
    opened.push(t);
    await expect(t.adapter.getOrders()).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
  });
});
