import { isOpenAlgoError } from '@openalgo/core';
import { afterEach, describe, expect, it } from 'vitest';
import { angelEnvelope, extractAngelFailure } from '../../src/client.js';
import { ANGEL_ERRORS, mapAngelError, mapAngelLoginError } from '../../src/errors.js';
import {
  angelError,
  drive,
  failure,
  INVALID_TOKEN,
  makeAdapter,
  ok,
  RATE_LIMIT,
  type Route,
  SECURE,
  type TestAdapter,
} from './helpers.js';

const opened: TestAdapter[] = [];
afterEach(async () => {
  for (const t of opened.splice(0)) await t.agent.close();
});

const RMS = `GET ${SECURE}/user/v1/getRMS`;
const POSITIONS = `GET ${SECURE}/order/v1/getPosition`;
const HOLDINGS = `GET ${SECURE}/portfolio/v1/getHolding`;

/** The error a holdings read ends in when Angel answers `reply` (reads are retried: the clock is driven). */
async function readError(reply: Route) {
  const t = makeAdapter({ [HOLDINGS]: reply });
  opened.push(t);
  const err = await drive(failure(t.adapter.getHoldings()), t.clock, 1_000);
  if (!isOpenAlgoError(err)) throw new Error(`expected an OpenAlgoError, got ${String(err)}`);
  return { err, t };
}

describe('envelope: every shape of §2.3 / §2.6, no key assumed', () => {
  const h = {};
  it.each([
    ['status:true', 200, { status: true, message: 'SUCCESS', errorcode: '', data: [] }],
    [
      'success:true (quote API spelling)',
      200,
      { success: true, message: 'SUCCESS', errorCode: '', data: {} },
    ],
    ['status:"true" as text', 200, { status: 'true', data: null }],
  ])('%s is a success', (_name, status, body) => {
    expect(extractAngelFailure(status, body, h)).toBeUndefined();
    expect(angelEnvelope(body)).toEqual({ data: (body as { data: unknown }).data });
  });

  it.each([
    [
      'status:false + errorcode',
      200,
      { status: false, message: 'Invalid Token', errorcode: 'AB1010', data: null },
      'AB1010',
    ],
    [
      '"false" and "null" as text (the docs)',
      200,
      { status: 'false', message: 'x', errorcode: 'AB1004', data: 'null' },
      'AB1004',
    ],
    ['gateway: success:false + camelCase errorCode', 200, INVALID_TOKEN.body, 'AG8001'],
    ['no flag, only an error code', 200, { errorCode: 'AG8002', message: 'Token Expired' }, 'AG8002'],
    ['a flag and nothing else', 200, { status: false }, undefined],
  ])('%s is a failure', (_name, status, body, code) => {
    const f = extractAngelFailure(status, body, h);
    expect(f?.status).toBe(status);
    expect(f?.code).toBe(code);
    expect(angelEnvelope(body)).toBeUndefined();
  });

  it('a plain-text non-2xx keeps its text as the message; a 2xx text body is left to the malformed check', () => {
    expect(extractAngelFailure(403, 'Access denied because of exceeding access rate', h)).toEqual({
      status: 403,
      message: 'Access denied because of exceeding access rate',
    });
    expect(extractAngelFailure(502, '', h)).toEqual({ status: 502 });
    expect(extractAngelFailure(200, '<html>', h)).toBeUndefined();
  });

  it('odd bodies (null, an array, a number) never crash', () => {
    for (const body of [null, [], 7, { data: [] }])
      expect(() => extractAngelFailure(200, body, h)).not.toThrow();
    expect(extractAngelFailure(500, { data: null }, h)).toEqual({ status: 500 });
    expect(angelEnvelope({ status: true })).toEqual({ data: null });
  });
});

describe('the error table, row by row', () => {
  it.each([
    [{ status: 200, code: 'AG8001', message: 'Invalid Token' }, 'SESSION_EXPIRED'],
    [{ status: 200, code: 'AG8002' }, 'SESSION_EXPIRED'],
    [{ status: 200, code: 'AG8003' }, 'SESSION_EXPIRED'],
    [{ status: 200, code: 'AB1010' }, 'SESSION_EXPIRED'],
    [{ status: 200, code: 'AB1011' }, 'SESSION_EXPIRED'],
    [{ status: 200, code: 'AB8050' }, 'SESSION_EXPIRED'],
    [{ status: 200, code: 'AB8051' }, 'SESSION_EXPIRED'],
    [{ status: 403, message: 'Access denied because of exceeding access rate' }, 'RATE_LIMITED'],
    [{ status: 403, message: 'Access denied because of exceeding rate limit' }, 'RATE_LIMITED'],
    [{ status: 429 }, 'RATE_LIMITED'],
    [{ status: 403, message: 'Forbidden' }, 'PERMISSION_DENIED'],
    [{ status: 401 }, 'SESSION_EXPIRED'],
    [{ status: 200, code: 'AB1004' }, 'BROKER_UNAVAILABLE'],
    [{ status: 200, code: 'AB2001' }, 'BROKER_UNAVAILABLE'],
    [{ status: 200, code: 'AB1009' }, 'SYMBOL_NOT_FOUND'],
    [{ status: 200, code: 'AB4006' }, 'SYMBOL_NOT_FOUND'],
    [{ status: 200, code: 'AB4018' }, 'SYMBOL_NOT_FOUND'],
    [{ status: 200, code: 'AB1008' }, 'INVALID_ORDER'],
    [{ status: 200, code: 'AB1012' }, 'INVALID_ORDER'],
    [{ status: 200, code: 'AB4036' }, 'INVALID_ORDER'],
    [{ status: 200, code: 'AB4008' }, 'INVALID_REQUEST'],
    [{ status: 200, code: 'AB1013' }, 'ORDER_NOT_FOUND'],
    [{ status: 200, code: 'AB1006' }, 'PERMISSION_DENIED'],
    [{ status: 200, code: 'AB1050' }, 'AUTH_FAILED'],
    [{ status: 200, code: 'AB1007' }, 'BROKER_ERROR'],
    [{ status: 200, code: 'AB9999' }, 'BROKER_ERROR'],
    [{ status: 503 }, 'BROKER_UNAVAILABLE'],
    [{ status: 504 }, 'TIMEOUT'],
  ] as const)('%j → %s', (failureShape, code) => {
    expect(mapAngelError(failureShape).code).toBe(code);
  });

  it('a business message containing "exceed" is not a rate limit', () => {
    expect(
      mapAngelError({ status: 200, code: 'AB1004', message: 'Quantity exceeds freeze limit' }).code,
    ).toBe('BROKER_UNAVAILABLE');
  });

  it('at login, token and credential codes are AUTH_FAILED; the rate limit stays RATE_LIMITED', () => {
    for (const code of ['AG8001', 'AB8050', 'AB8051', 'AB1007', 'AB1050', 'AB1000']) {
      expect(mapAngelLoginError({ status: 200, code }).code).toBe('AUTH_FAILED');
    }
    expect(mapAngelLoginError({ status: 401 }).code).toBe('AUTH_FAILED');
    expect(
      mapAngelLoginError({ status: 403, message: 'Access denied because of exceeding access rate' }).code,
    ).toBe('RATE_LIMITED');
  });

  it('every mapped code of the table is a known Angel code (AB/AG)', () => {
    for (const code of [
      ...Object.keys(ANGEL_ERRORS.codes ?? {}),
      ...Object.keys(ANGEL_ERRORS.exact?.codes ?? {}),
    ]) {
      expect(code).toMatch(/^A[BG]\d{4}$/);
    }
  });
});

describe('over HTTP', () => {
  it('AG8001 under HTTP 200 is SESSION_EXPIRED, not retried', async () => {
    const { err, t } = await readError(INVALID_TOKEN);
    expect(err.code).toBe('SESSION_EXPIRED');
    expect(err.broker).toBe('angel');
    expect(err.raw).toEqual({ status: 200, code: 'AG8001', message: 'Invalid Token' });
    expect(t.seen).toHaveLength(1);
  });

  it('the plain-text 403 is RATE_LIMITED (retried as a read, then reported), never AUTH_FAILED', async () => {
    const { err, t } = await readError(RATE_LIMIT);
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.raw?.status).toBe(403);
    expect(t.seen.length).toBeGreaterThan(1);
  });

  it('a rate limit then a success: the read succeeds after the retry', async () => {
    const t = makeAdapter({ [HOLDINGS]: [RATE_LIMIT, ok(null)] });
    opened.push(t);
    expect(await drive(t.adapter.getHoldings(), t.clock, 1_000)).toEqual([]);
    expect(t.seen).toHaveLength(2);
  });

  it('a 200 that is no envelope at all is a malformed response naming the call', async () => {
    const { err } = await readError({ status: 200, body: { hello: 'world' } });
    expect(err.code).toBe('BROKER_ERROR');
    expect(err.message).toMatch(/holdings/);
  });

  it('an HTML 502 from a proxy is BROKER_UNAVAILABLE', async () => {
    const { err } = await readError({ status: 502, body: '<html>Bad gateway</html>' });
    expect(err.code).toBe('BROKER_UNAVAILABLE');
  });

  it('funds fail as a whole when the position book (their m2m) fails', async () => {
    const t = makeAdapter({
      [RMS]: ok({ availablecash: '1', utilisedpayout: '1' }),
      [POSITIONS]: angelError('AB1007', 'AMX Error'),
    });
    opened.push(t);
    const err = await failure(t.adapter.getFunds());
    expect(isOpenAlgoError(err, 'BROKER_ERROR')).toBe(true);
  });
});
