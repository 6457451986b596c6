import { describe, expect, it } from 'vitest';
import { createErrorMapper } from '../../src/errors/mapper.js';

const map = createErrorMapper({
  broker: 'demo',
  exact: {
    statuses: { 429: 'RATE_LIMITED' },
    codes: { TokenException: 'SESSION_EXPIRED', AG8001: 'SESSION_EXPIRED' },
  },
  codes: { MarginException: 'INSUFFICIENT_FUNDS', NetworkException: 'BROKER_UNAVAILABLE' },
  messages: [
    ['order request timed out', { code: 'ORDER_STATE_UNKNOWN', mayHaveReachedBroker: true }],
    ['insufficient', 'INSUFFICIENT_FUNDS'],
    ['invalid symbol', 'SYMBOL_NOT_FOUND'],
  ],
  statuses: { 400: 'INVALID_ORDER', 403: 'PERMISSION_DENIED' },
});

describe('createErrorMapper', () => {
  it.each([
    // an exact status or code wins over everything else
    [{ status: 429, code: 'NetworkException', message: 'Too many requests' }, 'RATE_LIMITED'],
    [{ status: 400, code: 'TokenException', message: 'insufficient funds' }, 'SESSION_EXPIRED'],
    [
      { status: 403, code: 'TokenException', message: 'Incorrect api_key or access_token.' },
      'SESSION_EXPIRED',
    ],
    [{ status: 200, code: 'AG8001', message: 'Invalid Token' }, 'SESSION_EXPIRED'],
    // message fragments are case-insensitive, checked before status
    [
      { status: 400, code: 'InputException', message: 'Order request TIMED OUT. Please check' },
      'ORDER_STATE_UNKNOWN',
    ],
    [{ status: 400, message: 'Insufficient funds. Required margin is 95417.84' }, 'INSUFFICIENT_FUNDS'],
    // a message beats the broker's error type, which beats the HTTP status
    [{ status: 400, code: 'MarginException', message: 'invalid symbol' }, 'SYMBOL_NOT_FOUND'],
    [{ status: 400, code: 'MarginException', message: 'nope' }, 'INSUFFICIENT_FUNDS'],
    [{ status: 503, code: 'NetworkException' }, 'BROKER_UNAVAILABLE'],
    [{ status: 400, code: 'Unlisted', message: 'something else' }, 'INVALID_ORDER'],
    [{ status: 403, message: 'nope' }, 'PERMISSION_DENIED'],
    // defaults for statuses the table does not list
    [{ status: 429, message: 'Too many requests' }, 'RATE_LIMITED'],
    [{ status: 502 }, 'BROKER_UNAVAILABLE'],
    [{ status: 418 }, 'BROKER_ERROR'],
    [{}, 'BROKER_ERROR'],
  ])('%j → %s', (failure, code) => {
    expect(map(failure).code).toBe(code);
  });

  it('keeps the raw broker status, code and message and the broker id', () => {
    const err = map({ status: 400, code: 'MarginException', message: 'Insufficient funds', retryAfterMs: 5 });
    expect(err.broker).toBe('demo');
    expect(err.raw).toEqual({ status: 400, code: 'MarginException', message: 'Insufficient funds' });
    expect(err.message).toBe('demo: Insufficient funds');
    expect(err.retryAfterMs).toBe(5);
  });

  it('applies rule overrides such as mayHaveReachedBroker', () => {
    const err = map({ status: 400, message: 'Order request timed out' });
    expect(err.mayHaveReachedBroker).toBe(true);
    expect(err.retryable).toBe(false);
  });

  it('names the deciding rule without building an error', () => {
    expect(map.target({ status: 400, message: 'Order request timed out' })).toEqual({
      code: 'ORDER_STATE_UNKNOWN',
      mayHaveReachedBroker: true,
    });
    expect(map.target({ status: 429, code: 'TokenException' })).toBe('RATE_LIMITED');
  });

  it('describes failures that have no message', () => {
    expect(map({ code: 'XYZ' }).message).toBe('demo: error XYZ');
    expect(map({ status: 503 }).message).toBe('demo: HTTP 503');
  });
});
