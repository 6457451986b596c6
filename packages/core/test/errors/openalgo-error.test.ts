import { describe, expect, it } from 'vitest';
import { CODE_TRAITS, ERROR_CODES, httpStatusFor } from '../../src/errors/codes.js';
import {
  errorForCode,
  InvalidOrderError,
  isOpenAlgoError,
  OpenAlgoError,
  OrderStateUnknownError,
  RateLimitedError,
  SymbolNotFoundError,
} from '../../src/errors/openalgo-error.js';

describe('OpenAlgoError', () => {
  it('carries code, retryable default, broker raw fields and serialises to JSON', () => {
    const err = new RateLimitedError('zerodha: Too many requests', {
      broker: 'zerodha',
      raw: { status: 429, code: 'NetworkException', message: 'Too many requests' },
      retryAfterMs: 1500,
      mayHaveReachedBroker: false,
    });
    expect(err).toBeInstanceOf(OpenAlgoError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('RateLimitedError');
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(err.httpStatus).toBe(429);
    const json = JSON.parse(JSON.stringify(err));
    expect(json).toEqual({
      name: 'RateLimitedError',
      code: 'RATE_LIMITED',
      message: 'zerodha: Too many requests',
      retryable: true,
      broker: 'zerodha',
      raw: { status: 429, code: 'NetworkException', message: 'Too many requests' },
      retryAfterMs: 1500,
      mayHaveReachedBroker: false,
    });
  });

  it('round-trips through JSON into the same subclass', () => {
    const original = new OrderStateUnknownError('order outcome unknown', {
      clientOrderId: 'abc123',
      broker: 'fyers',
    });
    const copy = OpenAlgoError.fromJSON(JSON.parse(JSON.stringify(original)));
    expect(copy).toBeInstanceOf(OrderStateUnknownError);
    expect(copy.clientOrderId).toBe('abc123');
    expect(copy.retryable).toBe(false);
    expect(copy.toJSON()).toEqual(original.toJSON());
  });

  it('errorForCode builds the subclass for every code, with the code traits', () => {
    for (const code of ERROR_CODES) {
      const err = errorForCode(code, `msg ${code}`);
      expect(err.code).toBe(code);
      expect(err.retryable).toBe(CODE_TRAITS[code].retryable);
      expect(err.name).not.toBe('OpenAlgoError');
      expect(isOpenAlgoError(err, code)).toBe(true);
    }
  });

  it('lets a caller override retryable and keeps the cause', () => {
    const cause = new Error('socket hang up');
    const err = new SymbolNotFoundError('no such symbol', { retryable: true, cause });
    expect(err.retryable).toBe(true);
    expect(err.cause).toBe(cause);
    expect(isOpenAlgoError(err, 'RATE_LIMITED')).toBe(false);
    expect(isOpenAlgoError(new Error('plain'))).toBe(false);
  });

  it('with() copies the error with overrides, keeping class, code, message, cause and stack', () => {
    const cause = new Error('socket reset');
    const original = new InvalidOrderError('bad tick', { raw: { status: 400 }, cause, retryable: true });
    const copy = original.with({ broker: 'zerodha', clientOrderId: 'abc' });
    expect(copy).toBeInstanceOf(InvalidOrderError);
    expect(copy).not.toBe(original);
    expect(copy.toJSON()).toEqual({ ...original.toJSON(), broker: 'zerodha', clientOrderId: 'abc' });
    expect(copy.cause).toBe(cause);
    expect(copy.stack).toBe(original.stack);
    expect(original.broker).toBeUndefined();
    expect(original.with({ message: 'other' }).message).toBe('other');
  });

  it('httpStatusFor reads the one table and applies documented overrides', () => {
    expect(httpStatusFor('TIMEOUT')).toBe(CODE_TRAITS.TIMEOUT.httpStatus);
    expect(httpStatusFor('TIMEOUT', { TIMEOUT: 503 })).toBe(503);
    expect(httpStatusFor('RATE_LIMITED', { TIMEOUT: 503 })).toBe(429);
  });

  it('recognises an error made by another copy of core through the global brand', () => {
    const foreign = Object.assign(new Error('from a bundled copy'), { code: 'TIMEOUT' });
    Object.defineProperty(foreign, Symbol.for('openalgo.error'), { value: true });
    expect(isOpenAlgoError(foreign, 'TIMEOUT')).toBe(true);
    expect(isOpenAlgoError(Object.assign(new Error('x'), { code: 'TIMEOUT' }))).toBe(false);
  });

  it('never treats an unknown order state as retryable', () => {
    expect(CODE_TRAITS.ORDER_STATE_UNKNOWN.retryable).toBe(false);
    expect(CODE_TRAITS.BROKER_UNAVAILABLE.retryable).toBe(true);
  });
});
