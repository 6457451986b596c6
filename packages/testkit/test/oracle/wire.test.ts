import { describe, expect, it } from 'vitest';
import { differences, flatten, type WireRequest, type WireRules } from '../../src/oracle/index.js';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

/** Three brokers' rules as their suites use them: a form API, a JSON API with `X-` headers, a JSON API. */
const KITE: WireRules = {
  headers: ['authorization', 'x-kite-version', 'content-type', 'user-agent'],
  repeatedQueryValues: 'any-order',
};
const ANGEL: WireRules = {
  headers: ['authorization', 'content-type', 'accept', 'x-usertype', 'x-privatekey'],
};
const FYERS: WireRules = { headers: ['authorization', 'version', 'content-type', 'user-agent'] };

function request(partial: Partial<WireRequest>): WireRequest {
  return { method: 'POST', path: '/orders', headers: { 'content-type': JSON_TYPE }, body: '', ...partial };
}

/** The comparison itself: what it ignores and what it must catch, or every equivalence passes vacuously. */
describe('differences', () => {
  it('ignores form and query field order, header case, query encoding and transport headers', () => {
    const a = request({
      path: '/quote?i=NSE%3ANIFTY+50&i=NSE%3AM%26M&x=1',
      headers: { 'Content-Type': FORM, host: 'a', accept: '*/*', 'content-length': '7' },
      body: 'price=420.5&quantity=1',
    });
    const b = request({
      path: '/quote?x=1&i=NSE%3AM%26M&i=NSE%3ANIFTY%2050',
      headers: { 'content-type': FORM },
      body: 'quantity=1&price=420.5',
    });
    expect(differences(a, b, KITE)).toEqual([]);
  });

  it('catches a form number spelled differently, a missing or empty field, a path, a method and a header', () => {
    const sdk = request({
      body: 'price=420.5&quantity=1&trigger_price=0',
      headers: { 'content-type': FORM, authorization: 'token k:a', 'x-kite-version': '3' },
    });
    const ours = request({
      method: 'PUT',
      path: '/orders/amo',
      body: 'price=420.50&quantity=1&trigger_price=&tag=t',
      headers: { 'content-type': FORM, authorization: 'token k:b' },
    });
    expect(differences(sdk, ours, KITE)).toEqual([
      { at: 'form.price', sdk: '420.5', ours: '420.50' },
      { at: 'form.tag', sdk: undefined, ours: 't' },
      { at: 'form.trigger_price', sdk: '0', ours: '' },
      { at: 'header.authorization', sdk: 'token k:a', ours: 'token k:b' },
      { at: 'header.x-kite-version', sdk: '3', ours: undefined },
      { at: 'method', sdk: 'POST', ours: 'PUT' },
      { at: 'path', sdk: '/orders', ours: '/orders/amo' },
    ]);
  });

  it('ignores JSON key order and headers it is not told to compare', () => {
    const a = request({
      headers: { 'Content-Type': JSON_TYPE, 'X-PrivateKey': 'k', 'X-Other': '1', connection: 'close' },
      body: '{"price":"420.5","quantity":"1"}',
    });
    const b = request({
      headers: { 'content-type': JSON_TYPE, 'x-privatekey': 'k' },
      body: '{"quantity":"1","price":"420.5"}',
    });
    expect(differences(a, b, ANGEL)).toEqual([]);
  });

  it('compares JSON leaf by leaf: a number for a string, a missing field, an `X-` header', () => {
    const sdk = request({
      body: '{"price":"420.5","quantity":"1","triggerprice":"0"}',
      headers: { 'content-type': JSON_TYPE, 'x-usertype': 'USER' },
    });
    const ours = request({ body: '{"price":420.5,"quantity":"1","ordertag":"t"}' });
    expect(differences(sdk, ours, ANGEL)).toEqual([
      { at: 'header.x-usertype', sdk: 'USER', ours: undefined },
      { at: 'json.ordertag', sdk: undefined, ours: '"t"' },
      { at: 'json.price', sdk: '"420.5"', ours: '420.5' },
      { at: 'json.triggerprice', sdk: '"0"', ours: undefined },
    ]);
  });

  it('tells an empty body, `{}`, `[]`, `null` and nested lists apart, item by item', () => {
    const json = (body: unknown) => request({ body: JSON.stringify(body) });
    expect(
      differences(json({ segment: [10], side: [1, -1] }), json({ segment: [], side: [-1, 1] }), FYERS),
    ).toEqual([
      { at: 'json.segment', sdk: undefined, ours: '[]' },
      { at: 'json.segment[0]', sdk: '10', ours: undefined },
      { at: 'json.side[0]', sdk: '1', ours: '-1' },
      { at: 'json.side[1]', sdk: '-1', ours: '1' },
    ]);
    expect(differences(json({ NSE: ['3045'] }), json({ NSE: ['3045', '1594'] }), ANGEL)).toEqual([
      { at: 'json.NSE[1]', sdk: undefined, ours: '"1594"' },
    ]);
    expect(differences(request({ body: '{}' }), request({ body: undefined }), ANGEL)).toEqual([
      { at: 'json', sdk: '{}', ours: undefined },
    ]);
    expect(differences(request({ body: 'null' }), request({ body: '{}' }), ANGEL)).toEqual([
      { at: 'json', sdk: 'null', ours: '{}' },
    ]);
  });

  it('reads JSON whatever the label says, and compares a body that is not JSON as it is', () => {
    const plain = { 'content-type': 'text/plain' };
    expect(flatten(request({ headers: plain, body: '{"qty":1}' }), FYERS).get('json.qty')).toBe('1');
    expect(differences(request({ body: 'a=1' }), request({ body: 'a=2' }), FYERS)).toEqual([
      { at: 'body', sdk: 'a=1', ours: 'a=2' },
    ]);
  });

  it('keeps every value of a repeated query key, in order unless the rules say any order', () => {
    const sdk = request({ method: 'GET', path: '/data/quotes?symbols=A,B&k=1&k=2' });
    const ours = request({ method: 'GET', path: '/data/quotes?symbols=B,A&k=1' });
    expect(differences(sdk, ours, FYERS)).toEqual([
      { at: 'query.k', sdk: '["1","2"]', ours: '1' },
      { at: 'query.symbols', sdk: 'A,B', ours: 'B,A' },
    ]);
    const swapped = (rules: WireRules) =>
      differences(request({ path: '/q?i=A&i=B' }), request({ path: '/q?i=B&i=A' }), rules);
    expect(swapped(FYERS)).toEqual([{ at: 'query.i', sdk: '["A","B"]', ours: '["B","A"]' }]);
    expect(swapped(KITE)).toEqual([]);
  });

  it('decodes the query before comparing (`:` and `,` percent-encoded or not)', () => {
    const a = request({ method: 'GET', path: '/data/quotes?symbols=NSE%3ASBIN-EQ%2CNSE%3AM%26M-EQ' });
    const b = request({ method: 'GET', path: '/data/quotes?symbols=NSE:SBIN-EQ,NSE:M%26M-EQ' });
    expect(differences(a, b, FYERS)).toEqual([]);
  });
});
