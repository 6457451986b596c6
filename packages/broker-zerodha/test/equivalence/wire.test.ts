import { describe, expect, it } from 'vitest';
import { differences, type WireRequest } from './wire.js';

const FORM = 'application/x-www-form-urlencoded';

function request(partial: Partial<WireRequest>): WireRequest {
  return { method: 'POST', path: '/orders/regular', headers: { 'content-type': FORM }, body: '', ...partial };
}

/** The comparison itself: what it ignores and what it must catch, or every equivalence passes vacuously. */
describe('differences', () => {
  it('ignores field order, query order, header case, query encoding and transport headers', () => {
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
    expect(differences(a, b)).toEqual([]);
  });

  it('catches a number spelled differently, a missing or empty field, a path, a method and a header', () => {
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
    expect(differences(sdk, ours)).toEqual([
      { at: 'form.price', sdk: '420.5', ours: '420.50' },
      { at: 'form.tag', sdk: undefined, ours: 't' },
      { at: 'form.trigger_price', sdk: '0', ours: '' },
      { at: 'header.authorization', sdk: 'token k:a', ours: 'token k:b' },
      { at: 'header.x-kite-version', sdk: '3', ours: undefined },
      { at: 'method', sdk: 'POST', ours: 'PUT' },
      { at: 'path', sdk: '/orders/regular', ours: '/orders/amo' },
    ]);
  });

  it('compares JSON bodies leaf by leaf, a number and its string differing', () => {
    const json = (body: unknown) =>
      request({ headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(differences(json([{ quantity: 10, price: 1 }]), json([{ price: 1, quantity: '10' }]))).toEqual([
      { at: 'json[0].quantity', sdk: '10', ours: '"10"' },
    ]);
  });

  it('keeps every value of a repeated query key', () => {
    expect(differences(request({ path: '/quote?i=A&i=B' }), request({ path: '/quote?i=A' }))).toEqual([
      { at: 'query.i', sdk: '["A","B"]', ours: 'A' },
    ]);
  });
});
