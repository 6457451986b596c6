import { describe, expect, it } from 'vitest';
import { differences, type WireRequest } from './wire.js';

const JSON_TYPE = 'application/json';

function request(partial: Partial<WireRequest>): WireRequest {
  return {
    method: 'POST',
    path: '/api/v3/orders/sync',
    headers: { 'content-type': JSON_TYPE },
    body: '',
    ...partial,
  };
}

/** The comparison itself: what it ignores and what it must catch, or every equivalence passes vacuously. */
describe('differences', () => {
  it('ignores key order, query encoding, header case and transport headers', () => {
    const a = request({
      path: '/data/quotes?symbols=NSE%3ASBIN-EQ%2CNSE%3AM%26M-EQ&x=1',
      headers: {
        'Content-Type': JSON_TYPE,
        host: 'a',
        accept: '*/*',
        'content-length': '7',
        connection: 'close',
      },
      body: '{"qty":1,"limitPrice":420.5}',
    });
    const b = request({
      path: '/data/quotes?x=1&symbols=NSE:SBIN-EQ,NSE:M%26M-EQ',
      headers: { 'content-type': JSON_TYPE },
      body: '{"limitPrice":420.5,"qty":1}',
    });
    expect(differences(a, b)).toEqual([]);
  });

  it('catches a number spelled as a string, a missing or extra field, a path, a method and a header', () => {
    const sdk = request({
      body: '{"qty":1,"limitPrice":420.5,"offlineOrder":false}',
      headers: { 'content-type': JSON_TYPE, authorization: 'APP-100:a', version: '2.0' },
    });
    const ours = request({
      method: 'PATCH',
      path: '/api/v3/orders',
      body: '{"qty":"1","limitPrice":420.5,"orderTag":"t"}',
      headers: { 'content-type': JSON_TYPE, authorization: 'APP-100:b' },
    });
    expect(differences(sdk, ours)).toEqual([
      { at: 'header.authorization', sdk: 'APP-100:a', ours: 'APP-100:b' },
      { at: 'header.version', sdk: '2.0', ours: undefined },
      { at: 'json.offlineOrder', sdk: 'false', ours: undefined },
      { at: 'json.orderTag', sdk: undefined, ours: '"t"' },
      { at: 'json.qty', sdk: '1', ours: '"1"' },
      { at: 'method', sdk: 'POST', ours: 'PATCH' },
      { at: 'path', sdk: '/api/v3/orders/sync', ours: '/api/v3/orders' },
    ]);
  });

  it('compares arrays item by item, and an empty array or object as itself', () => {
    const json = (body: unknown) => request({ body: JSON.stringify(body) });
    expect(differences(json({ segment: [10], side: [1, -1] }), json({ segment: [], side: [-1, 1] }))).toEqual(
      [
        { at: 'json.segment', sdk: undefined, ours: '[]' },
        { at: 'json.segment[0]', sdk: '10', ours: undefined },
        { at: 'json.side[0]', sdk: '1', ours: '-1' },
        { at: 'json.side[1]', sdk: '-1', ours: '1' },
      ],
    );
  });

  it('keeps the order of a comma-joined symbol list and every value of a repeated key', () => {
    expect(
      differences(
        request({ method: 'GET', path: '/data/quotes?symbols=A,B&k=1&k=2' }),
        request({ method: 'GET', path: '/data/quotes?symbols=B,A&k=1' }),
      ),
    ).toEqual([
      { at: 'query.k', sdk: '["1","2"]', ours: '1' },
      { at: 'query.symbols', sdk: 'A,B', ours: 'B,A' },
    ]);
  });

  it('compares a body that is not JSON as it is', () => {
    expect(differences(request({ body: 'a=1' }), request({ body: 'a=2' }))).toEqual([
      { at: 'body', sdk: 'a=1', ours: 'a=2' },
    ]);
  });
});
