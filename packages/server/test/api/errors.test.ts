import { BrokerError, errorForCode, InvalidRequestError, RateLimitedError } from '@openalgo/core';
import { describe, expect, test } from 'vitest';
import { parseJsonBody } from '../../src/api/body-parser.js';
import { ApiError, errorReply } from '../../src/api/errors.js';

describe('errorReply', () => {
  test('an OpenAlgoError keeps its message and code, names its field in snake_case', () => {
    const reply = errorReply(
      new InvalidRequestError('Invalid order: triggerPrice: must be greater than 0 for a SL order', {
        field: 'triggerPrice',
      }),
    );
    expect(reply.statusCode).toBe(400);
    expect(reply.body).toEqual({
      status: 'error',
      code: 'INVALID_REQUEST',
      message: 'Invalid order: trigger_price: must be greater than 0 for a SL order',
      field: 'trigger_price',
    });
  });

  test('a 4xx whose message does not mention its field gets the field prefixed', () => {
    const reply = errorReply(
      errorForCode('INVALID_ORDER', 'already complete', { field: 'orders.2.splitSize' }),
    );
    expect(reply.body.message).toBe('orders.2.splitsize: already complete');
  });

  test('rate limits carry retry_after in whole seconds, at least 1, and a Retry-After header', () => {
    expect(errorReply(new RateLimitedError('slow', { retryAfterMs: 1 })).body.retry_after).toBe(1);
    const reply = errorReply(new RateLimitedError('slow', { retryAfterMs: 4001 }));
    expect(reply.statusCode).toBe(429);
    expect(reply.body.retry_after).toBe(5);
    expect(reply.headers).toEqual({ 'retry-after': '5' });
    expect(errorReply(new RateLimitedError('slow')).body.retry_after).toBe(1);
  });

  test('client_order_id travels with the error', () => {
    const reply = errorReply(new BrokerError('boom', { clientOrderId: 'ABC123' }));
    expect(reply.statusCode).toBe(502);
    expect(reply.body.client_order_id).toBe('ABC123');
    expect(reply.logLevel).toBe('warn');
  });

  test('ApiError answers as declared, with its extras and headers', () => {
    const reply = errorReply(new ApiError(405, 'METHOD_NOT_ALLOWED', 'no', { hint: 1 }, { allow: 'POST' }));
    expect(reply).toEqual({
      statusCode: 405,
      body: { status: 'error', message: 'no', code: 'METHOD_NOT_ALLOWED', hint: 1 },
      headers: { allow: 'POST' },
      logLevel: 'none',
    });
  });

  test.each([
    [new TypeError('x is undefined'), 'TypeError'],
    [new RangeError('stack'), 'RangeError'],
    ['a string', 'string'],
    [undefined, 'undefined'],
    [{ statusCode: 500 }, 'object'],
  ])('an unexpected %s is 502 BROKER_ERROR without its text, logged as an error', (thrown, kind) => {
    const reply = errorReply(thrown);
    expect(reply.statusCode).toBe(502);
    expect(reply.body.code).toBe('BROKER_ERROR');
    expect(reply.body.message).toContain(`(${kind})`);
    expect(reply.body.message).not.toContain('x is undefined');
    expect(reply.logLevel).toBe('error');
  });

  test('framework errors about the request keep their 4xx status and name the body', () => {
    const tooLarge = Object.assign(new Error('Request body is too large'), {
      statusCode: 413,
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
    expect(errorReply(tooLarge)).toMatchObject({
      statusCode: 413,
      body: { code: 'INVALID_REQUEST', field: 'body', message: 'body: is larger than the server accepts' },
    });
    const odd = Object.assign(new Error('weird'), { statusCode: 400, code: 'FST_ERR_SOMETHING' });
    expect(errorReply(odd).body.message).toBe('body: could not be read (FST_ERR_SOMETHING)');
  });

  test('a framework 5xx is still not a 500', () => {
    const internal = Object.assign(new Error('serializer'), { statusCode: 500, code: 'FST_ERR_REP' });
    expect(errorReply(internal).statusCode).toBe(502);
  });
});

describe('parseJsonBody', () => {
  const parse = (text: string) => parseJsonBody({} as never, text);

  test('parses any JSON value (the schema decides what is acceptable)', () => {
    expect(parse('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(parse('42')).toBe(42);
  });

  test.each(['{"__proto__":{"x":1}}', '{"a":{"constructor":{"prototype":{"x":1}}}}', '[{"__proto__":1}]'])(
    'refuses %s',
    (text) => {
      expect(() => parse(text)).toThrow(/__proto__ or constructor.prototype/);
    },
  );

  test('a key merely named constructor is fine', () => {
    expect(parse('{"constructor":"x","text":"__proto__"}')).toEqual({ constructor: 'x', text: '__proto__' });
  });

  test('empty and invalid bodies name the body', () => {
    expect(() => parse('')).toThrow('body: is empty');
    expect(() => parse('{"apikey": oops}')).toThrow(/^body: is not valid JSON/);
  });
});
